"""Score the risk of a cluster of reports about one person.

``score_cluster`` ranks predatory patterns (sexual misconduct, abuse of position, use of police
systems, escalation, vulnerable people) above bullying, however many bullying reports there
are: both are serious but they are different risks and need different responses. It reads
derived signals only (``ReportSignals``: categories, who was affected, narrative flags from
``triage.matching.narrative``, day dates), never a narrative. Pure Python, no Flask or database
imports.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from intake.vocabulary import DISCRIMINATION, PUBLIC
from triage.matching.narrative import POSITION_FLAGS, SEXUAL_FLAGS

_LEVELS: tuple[tuple[float, str], ...] = ((70, "high"), (50, "medium"), (20, "low"), (0, "minimal"))
# How much a report that possibly names the person (an open possible match) counts beside one
# that certainly does: about the share of possible matches caseworkers judge the same person.
POSSIBLY_WEIGHT = 0.5
SEVERITY_WORDS: dict[int, str] = {
    0: "no specific behaviour",
    1: "comments or bullying",
    2: "unwanted touching or threats",
    3: "abuse of position",
    4: "sexual assault or violence",
}


@dataclass(frozen=True)
class ReportSignals:
    """What a cluster score may know about one report: derived signals only."""

    report_id: str
    categories: frozenset[str]
    received_date: date
    incident_date: date | None = None
    affected: frozenset[str] = frozenset()
    narrative_flags: frozenset[str] = frozenset()
    unit_token: str | None = None
    # Whether the person is the report's first-named subject (what it is about) rather than
    # someone named after them ("and Sgt X did nothing").
    named_first: bool = True
    # Whether the team recorded an outcome finding misconduct proven on this report's case.
    proven: bool = False

    @property
    def when(self) -> date:
        return self.incident_date or self.received_date


@dataclass(frozen=True)
class Risk:
    score: float
    level: str
    reasons: list[str]
    predatory: bool


def severity(signals: ReportSignals) -> int:
    """0 none, 1 comments/bullying, 2 unwanted contact or aggravated discrimination,
    3 abuse of position / following / systems misuse, 4 sexual assault, violence or
    domestic abuse."""
    cats, flags = signals.categories, signals.narrative_flags
    if flags & {"sexual_assault", "violence"} or "domestic_abuse" in cats:
        return 4
    if "abuse_of_position" in cats or flags & POSITION_FLAGS:
        return 3
    aggravated = bool(cats & DISCRIMINATION) and bool(flags & {"threats", "physical_contact"})
    if "physical_contact" in flags or "threats" in flags or aggravated:
        return 2
    if "sexual_misconduct" in cats:
        return 2
    if cats or flags:
        return 1
    return 0


def _is_sexual(r: ReportSignals) -> bool:
    return bool(
        r.categories & {"sexual_misconduct", "abuse_of_position", "domestic_abuse"}
        or r.narrative_flags & (SEXUAL_FLAGS | {"following", "used_police_systems"})
    )


def _sexual_kinds(reports: list[ReportSignals]) -> str:
    """What the reports ``_is_sexual`` counts describe, in words, naming only the kinds they
    hold: "domestic abuse", "sexual behaviour or abuse of position"..."""
    kinds = [
        word
        for word, found in (
            (
                "sexual behaviour",
                any(
                    "sexual_misconduct" in r.categories or r.narrative_flags & SEXUAL_FLAGS
                    for r in reports
                ),
            ),
            ("abuse of position", any("abuse_of_position" in r.categories for r in reports)),
            ("domestic abuse", any("domestic_abuse" in r.categories for r in reports)),
            ("following someone", any("following" in r.narrative_flags for r in reports)),
            (
                "using police systems to find people",
                any("used_police_systems" in r.narrative_flags for r in reports),
            ),
        )
        if found
    ]
    if len(kinds) < 2:
        return "".join(kinds)
    return ", ".join(kinds[:-1]) + " or " + kinds[-1]


def _years(reports: list[ReportSignals]) -> float:
    days = [r.when for r in reports]
    return (max(days) - min(days)).days / 365.25


def score_cluster(reports: list[ReportSignals], possibly: Sequence[ReportSignals] = ()) -> Risk:
    """Risk of a cluster of reports about one person, with readable reasons.

    ``possibly`` are further reports whose person the matcher found possibly this one but not
    certainly (an open possible match): each counts half towards how often the person is
    named and towards a sustained sexual pattern, and the reasons say so. The band (predatory
    or conduct) comes from the cluster's own reports only: a possible match never makes a
    bullying pattern look predatory.

    Clusters with a sexual, position or domestic-abuse signal are scored in the
    upper band (50-100), all others in the lower band (0-49), so a bullying-only
    cluster can never outrank a predatory one.
    """
    unique = list({r.report_id: r for r in reports}.values())
    if not unique:
        return Risk(0.0, "none", [], False)
    own = {r.report_id for r in unique}
    maybe = [r for r in {r.report_id: r for r in possibly}.values() if r.report_id not in own]
    everything = sorted(unique, key=lambda r: (r.when, r.report_id))
    # A report is weighed towards the person it is about: someone named after the first subject
    # (a supervisor who did nothing) counts as named, at half weight, but what the report
    # describes is not theirs.
    ordered = [r for r in everything if r.named_first] or [
        replace(
            r,
            categories=frozenset(),
            affected=frozenset(),
            narrative_flags=frozenset(),
            proven=False,
        )
        for r in everything
    ]
    in_passing = sum(1 for r in everything if not r.named_first)
    n = len(everything)
    years = _years(everything)
    severities = [severity(r) for r in ordered]
    reasons: list[str] = []
    points = 0.0

    named = n - 0.5 * in_passing + POSSIBLY_WEIGHT * len(maybe)
    if named > 1:
        # Each further report adds less, but nothing caps it: a person named eight times ranks
        # above one named four times with the same behaviour. Being named again is the surest
        # sign of a pattern: two reports that happen to differ in severity must not outrank four
        # about one person.
        points += 20.0 * math.log2(named)
    if n > 1:
        span = f" over {round(years)} years" if years >= 1.5 else ""
        reasons.append(f"named in {n} reports{span}")
        if in_passing:
            verb = "names" if in_passing == 1 else "name"
            reasons.append(f"{in_passing} of them {verb} this person only after someone else")
    if maybe:
        noun = "report possibly names" if len(maybe) == 1 else "reports possibly name"
        reasons.append(f"{len(maybe)} more {noun} this person (a possible match not yet judged)")
    points += min(10.0, 2.0 * years)

    top = max(severities)
    points += 3.0 * top
    first_half = max(severities[: max(1, n // 2)])
    escalated = n > 1 and severities[-1] > severities[0] and top > first_half
    if escalated:
        # Two reports of different severity escalate as often as not by chance; three or more
        # that rise make the pattern the Casey Review says goes unseen.
        points += 15.0 if len(ordered) > 2 else 7.5
        reasons.append(
            f"severity escalated from {SEVERITY_WORDS[severities[0]]} to {SEVERITY_WORDS[top]}"
        )
    elif top >= 3:
        reasons.append(f"most serious behaviour reported: {SEVERITY_WORDS[top]}")

    public = sum(1 for r in ordered if r.affected & PUBLIC)
    if public:
        points += min(18.0, 6.0 * public)
        noun = "report involves" if public == 1 else "reports involve"
        reasons.append(f"{public} {noun} members of the public or victims of crime")
    juniors = sum(1 for r in ordered if "junior_colleague" in r.affected)
    if juniors:
        points += min(8.0, 3.0 * juniors)
        noun = "report involves" if juniors == 1 else "reports involve"
        reasons.append(f"{juniors} {noun} junior colleagues")
    if "child" in set().union(*(r.affected for r in ordered)):
        points += 8.0
        reasons.append("a child is involved")

    sexual_reports = sum(1 for r in ordered if _is_sexual(r))
    possibly_sexual = POSSIBLY_WEIGHT * sum(1 for r in maybe if r.named_first and _is_sexual(r))
    if sexual_reports + possibly_sexual > 1:
        # A sustained pattern, not one incident: each further report of sexual behaviour,
        # abuse of position or domestic abuse.
        points += min(30.0, 6.0 * (sexual_reports + possibly_sexual - 1))
        if sexual_reports > 1:
            described = _sexual_kinds([r for r in ordered if _is_sexual(r)])
            reasons.append(f"{sexual_reports} reports describe {described}")
    flags = set().union(*(r.narrative_flags for r in ordered))
    if "used_police_systems" in flags:
        points += 12.0
        reasons.append("signs of using police systems to find victims")
    cats = set().union(*(r.categories for r in ordered))
    if "position_for_sexual_purpose" in flags or "abuse_of_position" in cats:
        points += 10.0
        reasons.append("signs of using their position to approach people")
    if "following" in flags:
        points += 6.0
        reasons.append("reports of following or turning up at someone's home")

    # What a team has already found, and punishing someone for speaking up, say more about the
    # person than another allegation would; neither is sexual, so neither moves the band.
    proven = sum(1 for r in ordered if r.proven)
    if proven:
        points += min(20.0, 10.0 * proven)
        reasons.append(
            "misconduct was found proven on this report"
            if len(ordered) == 1
            else f"misconduct was found proven on {proven} of the {len(ordered)} reports"
        )
    retaliation = sum(1 for r in ordered if "retaliation" in r.categories)
    if retaliation:
        points += min(16.0, 8.0 * retaliation)
        noun = "report describes" if retaliation == 1 else "reports describe"
        reasons.append(f"{retaliation} {noun} retaliation against someone for speaking up")

    units = {r.unit_token for r in ordered if r.unit_token}
    if len(units) > 1:
        points += min(9.0, 3.0 * (len(units) - 1))
        reasons.append(f"reports from {len(units)} different units")

    predatory = any(_is_sexual(r) for r in ordered)
    # Each band fills smoothly and never reaches its ceiling, so big clusters still rank
    # among themselves instead of all tying at the top.
    filled = points / (points + 60.0)
    if predatory:
        score = 50.0 + 49.9 * filled
    else:
        score = 49.0 * filled
        if n > 1:
            reasons.append("no sexual or abuse-of-position signs: a conduct pattern, not predatory")
    level = next(name for floor, name in _LEVELS if score >= floor)
    return Risk(round(score, 1), level, reasons, predatory)
