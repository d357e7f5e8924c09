"""Oversight: aggregate measures of how the team works, for the oversight role and leads.

``measures`` runs the aggregate queries (never decrypting anything), ``tables`` turns the counts
into suppressed tables, ``charts`` draws them as accessible SVG and ``export`` writes them as CSV.
"""
