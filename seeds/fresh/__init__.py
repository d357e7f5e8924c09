"""Independently written synthetic record-linkage data for a UK police force.

Two generators are provided: :mod:`seeds.fresh.namesakes` (a force built from a
short surname list, so many people share a surname) and
:mod:`seeds.fresh.realistic` (a larger force with a long tail of surnames).
"""
