"""Independent synthetic evaluation data for record linkage and pattern ranking.

Written from a description of the world (how frightened people name officers in reports, how
a force's HR list looks), without reference to the matcher. Two generators, each exposing
``generate(n_reports, seed) -> (reports, roster)``:

* ``seeds.fifth.namesakes``: a small force (~1,500 people) with a short surname list, so many
  people share a surname and some share a forename too.
* ``seeds.fifth.realistic``: a large London-like force (~5,000 people) with a long tail of rare
  and diverse surnames.

Each set plants 12 predators (5-12 escalating reports each, ``_pattern == "predatory"``) and
some persistent bullies (``_pattern == "bullying"``) among background reports.
``python -m seeds.fifth.check`` validates both and prints a summary.
"""
