"""Independent labelled test-data generators for police-report subject matching."""
