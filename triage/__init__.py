"""Candour's team side: where the independent team works on reports.

Sign-in, queue, cases, audit, repeat-subject matching and pattern scoring. This
package may import from ``intake``; nothing in ``intake`` imports from here.
"""
