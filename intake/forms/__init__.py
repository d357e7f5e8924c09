"""WTForms forms of the reporter side, one module per journey."""
