"""Reports on one person's timeline that give one account in nearly the same words.

Matching and risk see only tokens, never what happened, so an account sent twice, or accounts
written together, count as that many independent reports: the risk score rises as though
several people had each seen something. That could be a frightened reporter sending again, or
a campaign against a colleague (the Casey Review found those who speak up face counter-claims).
The subject page, which opens every listed report anyway, compares their accounts and marks the
near copies, so whoever weighs the pattern sees it. Nothing is stored: the comparison is made
from the opened text each time the page is shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import combinations

# Accounts are compared as sets of three-word runs ("shouted at me"): a copy with a sentence
# added, a name changed or a few words mended keeps most of its runs, while two people writing
# about one incident in their own words share few.
RUN_WORDS = 3
# The share of the shorter account's runs found in the other that marks a near copy.
NEAR_COPY_SHARE = 0.8
# Fewer runs than this (about 22 words) and two accounts could agree by chance ("He shouted at
# me in front of everyone"), so a short account is never called a copy.
FEWEST_RUNS = 20


def _runs(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return frozenset(zip(*(words[i:] for i in range(RUN_WORDS)), strict=False))


def near_copies(accounts: Mapping[int, str]) -> dict[int, list[int]]:
    """For each report id in ``accounts`` (id to what the reporter wrote happened), the other
    ids whose account is a near copy of its own, in the order given; ids with none are left
    out."""
    runs = {report_id: _runs(text) for report_id, text in accounts.items()}
    long_enough = [report_id for report_id, found in runs.items() if len(found) >= FEWEST_RUNS]
    copies: dict[int, list[int]] = {}
    for a, b in combinations(long_enough, 2):
        shared = len(runs[a] & runs[b])
        if shared >= NEAR_COPY_SHARE * min(len(runs[a]), len(runs[b])):
            copies.setdefault(a, []).append(b)
            copies.setdefault(b, []).append(a)
    return {report_id: copies[report_id] for report_id in accounts if report_id in copies}
