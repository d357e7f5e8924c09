"""The sixth pair of labelled evaluation sets, written without sight of the matcher.

- ``namesakes``: a small county force (about 1,500 people) whose surnames come from a short list,
  with near twins on the same team and people who moved or were renumbered.
- ``realistic``: a large London-like force (about 5,000 people) with a long tail of surnames from
  many backgrounds, units written many ways, shoulder numbers with and without their letters, and
  people who have left.

Each module's ``generate(n_reports, seed)`` returns ``(reports, roster)``; ``check`` validates
both. The private modules hold what the two worlds share: the force (``_people``), how reporters
write people down (``_naming``), what they write about (``_stories``) and the reports
(``_reports``).
"""
