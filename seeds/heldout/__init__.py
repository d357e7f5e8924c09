"""Independently written, labelled held-out test data for police-report subject matching."""
