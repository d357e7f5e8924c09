"""Who gets reported, when, and by whom: planted predators and bullies among background
reports about everyone else."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from seeds.fifth import _stories as stories
from seeds.fifth._force import END, OFFICER_RANKS, START, SUPERVISORS, Person, rand_date
from seeds.fifth._writing import in_text, mention

PREDATORS = 12
NOBODY = [
    "someone on my team",
    "one of the sergeants",
    "a PC on another shift",
    "the team",
    "people on my relief",
    "a senior officer",
    "one of the detectives",
]
_SWAP = {
    "he": "she",
    "him": "her",
    "his": "her",
    "himself": "herself",
    "he'll": "she'll",
    "He": "She",
    "His": "Her",
}
_SWAP_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _SWAP) + r")\b")


class _Draft:
    def __init__(
        self,
        incident: date,
        received: date,
        subjects: list[Person],
        cats: list[str],
        affected: list[str],
        acts: list[str],
        pattern: str | None,
    ) -> None:
        self.incident, self.received, self.subjects = incident, received, subjects
        self.cats, self.affected, self.acts, self.pattern = cats, affected, acts, pattern


def _lag(rng: random.Random) -> int:
    """Days between what happened and the report: mostly weeks or months, sometimes years."""
    roll = rng.random()
    if roll < 0.15:
        return rng.randint(0, 31)
    if roll < 0.85:
        return int(rng.expovariate(1 / 75))
    return rng.randint(180, 900)


def _dates(rng: random.Random, incident: date) -> tuple[date, date]:
    """Received some time after ``incident``, before the end of the four years."""
    received = incident + timedelta(days=_lag(rng))
    if received > END:
        received = incident + timedelta(days=rng.randint(0, max(0, (END - incident).days)))
    if received < START:
        received = START + timedelta(days=rng.randint(0, 60))
    return incident, received


def _backdate(rng: random.Random) -> tuple[date, date]:
    """Received any day in the four years; what happened came before, usually not long before."""
    received = rand_date(rng)
    return received - timedelta(days=_lag(rng)), received


def _pick_active(
    rng: random.Random, pool: list[Person], when: date, avoid: set[str]
) -> Person | None:
    for _ in range(40):
        person = rng.choice(pool)
        if person.active(when) and person.pid not in avoid:
            return person
    return None


def _planted(
    rng: random.Random, people: list[Person], bully_count: int
) -> tuple[list[_Draft], set[str]]:
    officers = [p for p in people if p.now.rank in OFFICER_RANKS and p.leaving is None]
    men = [p for p in officers if not p.female]
    chosen = rng.sample(men, PREDATORS)
    drafts: list[_Draft] = []
    for person in chosen:
        n = rng.randint(5, 12)
        years = rng.uniform(1, 4)
        span = int(years * 365)
        first = rand_date(rng, START - timedelta(days=120), END - timedelta(days=span + 20))
        days = sorted(rng.sample(range(span), n))
        for k, d in enumerate(days):
            incident, received = _dates(rng, first + timedelta(days=d))
            cats, affected, acts = stories.predatory(rng, k / (n - 1))
            drafts.append(_Draft(incident, received, [person], cats, affected, acts, "predatory"))
    taken = {p.pid for p in chosen}
    candidates = [p for p in officers if p.pid not in taken]
    supervisors = [p for p in candidates if p.now.rank in SUPERVISORS]
    bullies = rng.sample(supervisors, min(len(supervisors), bully_count * 2 // 3))
    rest = [p for p in candidates if p not in bullies]
    bullies += rng.sample(rest, bully_count - len(bullies))
    for person in bullies:
        n = rng.randint(4, 10)
        span = int(rng.uniform(1, 4) * 365)
        first = rand_date(rng, START - timedelta(days=120), END - timedelta(days=span + 20))
        for d in sorted(rng.sample(range(span), n)):
            incident, received = _dates(rng, first + timedelta(days=d))
            affected, acts = stories.bullying(rng)
            drafts.append(
                _Draft(incident, received, [person], ["bullying"], affected, acts, "bullying")
            )
    return drafts, taken | {p.pid for p in bullies}


def _background(
    rng: random.Random, people: list[Person], count: int, planted: set[str]
) -> list[_Draft]:
    """Most people named once; some named 2-3 times; a small force runs out and repeats more."""
    pool = [p for p in people if p.pid not in planted]
    rng.shuffle(pool)
    fresh = iter(pool)
    named: dict[str, int] = {}
    repeaters: list[Person] = []
    drafts: list[_Draft] = []
    few_cache: list[Person] = []
    for _ in range(count):
        incident, received = _backdate(rng)
        if rng.random() < 0.04:  # about a team's culture, nobody named
            cats, affected, acts = stories.background(rng)
            drafts.append(_Draft(incident, received, [], cats, affected, acts, None))
            continue
        subject: Person | None = None
        if repeaters and rng.random() < 0.2:
            subject = _pick_active(rng, repeaters, incident, set())
        while subject is None:
            person = next(fresh, None)
            if person is None:  # everyone has been named: repeat someone named less than 3 times
                few_cache[:] = [p for p in few_cache or pool if named.get(p.pid, 0) < 3]
                subject = _pick_active(rng, few_cache or pool, incident, set())
                if subject is None:
                    incident, received = _backdate(rng)
                continue
            if person.active(incident):
                subject = person
        named[subject.pid] = named.get(subject.pid, 0) + 1
        if named[subject.pid] == 1 and rng.random() < 0.3:
            repeaters.append(subject)
        elif named[subject.pid] >= rng.choice([2, 3]) and subject in repeaters:
            repeaters.remove(subject)
        cats, affected, acts = stories.background(rng)
        drafts.append(_Draft(incident, received, [subject], cats, affected, acts, None))
    return drafts


def _add_passing(rng: random.Random, drafts: list[_Draft], people: list[Person]) -> None:
    """Second and third subjects: a supervisor who did nothing (often the same one for a unit),
    or a colleague from the same team who joined in or saw it."""
    by_unit: dict[str, list[Person]] = {}
    bosses: dict[str, list[Person]] = {}
    for p in people:
        by_unit.setdefault(p.now.unit.name, []).append(p)
        if p.now.rank in SUPERVISORS:
            bosses.setdefault(p.now.unit.name, []).append(p)
            bosses.setdefault(p.now.unit.borough or p.now.unit.name, []).append(p)
    for draft in drafts:
        if not draft.subjects:
            continue
        roll = rng.random()
        extra = 2 if roll < 0.02 else 1 if roll < 0.14 else 0
        unit = draft.subjects[0].at(draft.incident).unit
        for _ in range(extra):
            avoid = {p.pid for p in draft.subjects}
            other: Person | None = None
            if rng.random() < 0.45:
                local = bosses.get(unit.borough) or bosses.get(unit.name) or []
                regular = rng.choice(local[:2]) if local else None
                pool = bosses.get(unit.name) or []
                if regular and rng.random() < 0.4 and regular.pid not in avoid:
                    other = regular if regular.active(draft.incident) else None
                elif pool:
                    other = _pick_active(rng, pool, draft.incident, avoid)
            if other is None:
                other = _pick_active(rng, by_unit.get(unit.name) or people, draft.incident, avoid)
            if other is not None:
                draft.subjects.append(other)


def _incident_text(rng: random.Random, incident: date) -> str | None:
    roll = rng.random()
    if roll < 0.6:
        return incident.isoformat()
    if roll < 0.85:
        return incident.strftime("%Y-%m")
    return None


def build(rng: random.Random, people: list[Person], n_reports: int) -> list[dict[str, Any]]:
    bully_count = 20 if n_reports >= 1500 else max(3, n_reports // 75)
    drafts, planted = _planted(rng, people, bully_count)
    drafts += _background(rng, people, max(0, n_reports - len(drafts)), planted)
    _add_passing(rng, drafts, people)
    drafts.sort(key=lambda d: (d.received, d.incident))
    reports: list[dict[str, Any]] = []
    for i, draft in enumerate(drafts):
        subjects = [mention(p, draft.incident, rng) for p in draft.subjects]
        who = in_text(draft.subjects[0], subjects[0], rng) if subjects else rng.choice(NOBODY)
        passing = [
            in_text(p, s, rng) for p, s in zip(draft.subjects[1:], subjects[1:], strict=True)
        ]
        text = stories.narrate(rng, draft.acts, who, passing)
        if draft.subjects and draft.subjects[0].female:
            text = _SWAP_RE.sub(lambda m: _SWAP[m.group(1)], text)
        reports.append(
            {
                "id": f"r{i + 1}",
                "categories": draft.cats,
                "received_date": draft.received.isoformat(),
                "incident_date": _incident_text(rng, draft.incident),
                "affected": draft.affected,
                "subjects": subjects,
                "narrative": text,
                "_truth": [p.pid for p in draft.subjects],
                "_pattern": draft.pattern,
            }
        )
    return reports
