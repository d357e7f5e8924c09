"""WTForms forms of the team side, one module per journey. Every form carries a CSRF token."""
