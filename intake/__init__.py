"""Candour's reporter side and the store: where reports come in, are sealed and are kept.

Nothing in this package imports from ``triage``; the team side builds on this one.
"""
