"""Labelled synthetic record-linkage data for one synthetic UK police force.

Two generators, :mod:`seeds.fourth.namesakes` (a small force with many shared
names) and :mod:`seeds.fourth.realistic` (a large London-like force), each give
``generate(n_reports, seed) -> (reports, roster)``. :mod:`seeds.fourth.check`
validates both and prints a summary.
"""
