"""Assemble anonymous reports about people in a synthetic force."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from seeds.fresh import narratives
from seeds.fresh.force import SPAN_END, SPAN_START, Person, roster_entry
from seeds.fresh.render import render_subject

CATEGORIES = [
    "bullying", "sexism_misogyny", "sexual_misconduct", "racism", "homophobia", "transphobia",
    "other_discrimination", "domestic_abuse", "abuse_of_position", "retaliation", "other",
]  # fmt: skip
AFFECTED = ["reporter", "colleague", "junior_colleague", "member_of_public", "victim_of_crime",
            "child"]  # fmt: skip
_OTHER_CATS = {
    "bullying": 26, "sexism_misogyny": 12, "sexual_misconduct": 6, "racism": 11,
    "homophobia": 4, "transphobia": 2, "other_discrimination": 6, "domestic_abuse": 3,
    "abuse_of_position": 7, "retaliation": 4, "other": 19,
}  # fmt: skip
_PUBLIC_FACING = {"racism", "abuse_of_position", "other", "homophobia", "transphobia"}


@dataclass
class _Spec:
    received: date
    subject: Person | None
    pattern: str | None
    stage: int | None
    categories: list[str]
    affected: list[str]
    reporter: str


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, max(0, (hi - lo).days)))


def _lag(rng: random.Random) -> int:
    band = rng.choices([(0, 14), (15, 90), (91, 365), (366, 900)], [60, 25, 12, 3])[0]
    return rng.randint(*band)


def _ordered(items: set[str], order: list[str]) -> list[str]:
    return [c for c in order if c in items]


def _eligible(p: Person, ranks: set[str]) -> bool:
    start = p.at(SPAN_START)
    return (
        p.joined < SPAN_START - timedelta(days=365)
        and p.leaving is None
        and start.rank in ranks
        and p.last.rank in ranks | {"Insp", "CI", "DI", "Supt"}
    )


def choose_planted(
    rng: random.Random, people: list[Person], n_pred: int, n_bully: int, namesake_share: float
) -> tuple[list[Person], list[Person]]:
    surname_count = Counter(p.surname for p in people)
    unit_surname = Counter((p.surname, p.postings[0].unit.official) for p in people)
    taken: set[str] = set()

    def pick(pool: list[Person]) -> Person:
        shared = [p for p in pool if surname_count[p.surname] > 1 and p.pid not in taken]
        unique = [p for p in pool if surname_count[p.surname] == 1 and p.pid not in taken]
        rest = [p for p in pool if p.pid not in taken]
        if rng.random() < namesake_share:
            chosen = rng.choice(shared or rest)
        else:
            chosen = rng.choice(unique or rest)
        taken.add(chosen.pid)
        return chosen

    officers = {"PC", "DC", "Sgt", "DS", "Insp", "DI"}
    pred_pool = [p for p in people if _eligible(p, officers)]
    male = [p for p in pred_pool if p.sex == "M"]
    female = [p for p in pred_pool if p.sex == "F"]
    preds: list[Person] = []
    relatives = [p for p in male if unit_surname[(p.surname, p.postings[0].unit.official)] > 1]
    if relatives and n_pred >= 6:
        preds.append(pick(relatives))
    while len(preds) < n_pred:
        preds.append(pick(female if female and rng.random() < 0.08 else male))
    sup = {"Sgt", "DS", "Insp", "DI", "CI"}
    bully_pool = [p for p in people if _eligible(p, sup)]
    bully_pool += [p for p in people if p.band in ("Band C", "Band B") and _eligible(p, {"Staff"})]
    bullies = [pick(bully_pool) for _ in range(n_bully)]
    return preds, bullies


def _window(rng: random.Random, p: Person) -> tuple[date, date]:
    length = rng.randint(300, 900)
    start = _rand_date(rng, SPAN_START + timedelta(days=20), SPAN_END - timedelta(days=length))
    return start, min(SPAN_END, start + timedelta(days=length))


def _predator_specs(rng: random.Random, p: Person) -> list[_Spec]:
    k = rng.randint(5, 15)
    lo, hi = _window(rng, p)
    dates = sorted(_rand_date(rng, lo, hi) for _ in range(k))
    specs = []
    for i, d in enumerate(dates):
        frac = i / max(1, k - 1)
        stage = 1 if frac < 0.35 else (2 if frac < 0.7 else 3)
        if stage == 1:
            cats = {"sexism_misogyny"} | ({"sexual_misconduct"} if rng.random() < 0.2 else set())
            aff = {rng.choice(["junior_colleague", "colleague", "junior_colleague"])}
            if rng.random() < 0.4:
                aff.add("reporter")
            reporter = rng.choice(["close", "close", "insider"])
        elif stage == 2:
            cats = {"sexual_misconduct"} | ({"sexism_misogyny"} if rng.random() < 0.4 else set())
            aff = {rng.choice(["junior_colleague", "colleague", "member_of_public"])}
            if rng.random() < 0.5:
                aff.add("reporter")
            reporter = "outsider" if "member_of_public" in aff and rng.random() < 0.5 else "close"
        else:
            cats = {"sexual_misconduct", "abuse_of_position"}
            who = rng.choices(
                ["victim_of_crime", "member_of_public", "child", "junior_colleague"],
                [40, 25, 15, 20],
            )[0]
            aff = {who}
            if who == "junior_colleague":
                reporter = rng.choice(["close", "insider"])
            else:
                reporter = "outsider" if rng.random() < 0.45 else rng.choice(["close", "insider"])
            if reporter == "outsider" and who != "child" and rng.random() < 0.6:
                aff.add("reporter")
        specs.append(
            _Spec(
                d,
                p,
                "predatory",
                stage,
                _ordered(cats, CATEGORIES),
                _ordered(aff, AFFECTED),
                reporter,
            )
        )
    return specs


def _bully_specs(rng: random.Random, p: Person) -> list[_Spec]:
    k = rng.randint(5, 15)
    lo, hi = _window(rng, p)
    specs = []
    for d in sorted(_rand_date(rng, lo, hi) for _ in range(k)):
        aff = {rng.choice(["colleague", "junior_colleague", "junior_colleague"])}
        if rng.random() < 0.6:
            aff = {"reporter"} | ({"junior_colleague"} if rng.random() < 0.5 else set())
        reporter = "close" if rng.random() < 0.75 else "insider"
        specs.append(_Spec(d, p, "bullying", None, ["bullying"], _ordered(aff, AFFECTED), reporter))
    return specs


def _other_spec(rng: random.Random, d: date, p: Person | None) -> _Spec:
    n = rng.choices([1, 2, 3], [74, 22, 4])[0]
    cats: set[str] = set()
    while len(cats) < n:
        cats.add(rng.choices(list(_OTHER_CATS), list(_OTHER_CATS.values()))[0])
    public = bool(cats & _PUBLIC_FACING) and rng.random() < 0.35
    if public:
        reporter = "outsider"
        aff = {rng.choice(["member_of_public", "victim_of_crime", "member_of_public"])}
        if rng.random() < 0.6:
            aff.add("reporter")
        if rng.random() < 0.04:
            aff.add("child")
    else:
        reporter = rng.choice(["close", "close", "insider"])
        pool = ["colleague", "junior_colleague", "colleague"]
        if cats - {"bullying", "retaliation", "other_discrimination"}:
            pool.append("member_of_public")
        aff = {rng.choice(pool)}
        if rng.random() < 0.5:
            aff.add("reporter")
    if rng.random() < 0.05:
        aff = set()
    return _Spec(d, p, None, None, _ordered(cats, CATEGORIES), _ordered(aff, AFFECTED), reporter)


def _received(rng: random.Random) -> date:
    span = (SPAN_END - SPAN_START).days
    return SPAN_START + timedelta(days=int(span * rng.random() ** 0.85))


def _active_person(
    rng: random.Random,
    people: list[Person],
    d: date,
    skip: set[str],
    fallback_skip: frozenset[str] = frozenset(),
) -> Person:
    """A random person in post on ``d`` not in ``skip``; if none is left, relax to
    ``fallback_skip`` (a small force runs out of people not yet named)."""
    for _ in range(60):
        p = rng.choice(people)
        if p.active_on(d) and p.pid not in skip:
            return p
    free = [p for p in people if p.active_on(d) and p.pid not in skip]
    if not free:
        free = [p for p in people if p.active_on(d) and p.pid not in fallback_skip]
    return rng.choice(free)


def _incident(rng: random.Random, received: date, p: Person | None, short: bool) -> date:
    d = received - timedelta(days=rng.randint(0, 100) if short else _lag(rng))
    if p is not None:
        if p.leaving is not None and d >= p.leaving:
            d = p.leaving - timedelta(days=rng.randint(1, 60))
        d = max(d, p.joined + timedelta(days=1))
    return min(d, received)


def _second(rng: random.Random, people: list[Person], by_unit: dict[str, list[Person]],
            first: Person | None, d: date) -> Person:  # fmt: skip
    if first is not None and rng.random() < 0.75:
        mates = [
            q for q in by_unit.get(first.at(d).unit.official, [])
            if q.pid != first.pid and q.active_on(d)
        ]  # fmt: skip
        sups = [q for q in mates if q.at(d).rank in ("Sgt", "DS", "Insp", "DI", "CI")]
        if sups and rng.random() < 0.6:
            return rng.choice(sups)
        if mates:
            return rng.choice(mates)
    skip = {first.pid} if first else set()
    return _active_person(rng, people, d, skip)


def build_reports(
    rng: random.Random,
    people: list[Person],
    n_reports: int,
    namesake_share: float,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    scale = n_reports / 3000
    n_pred = max(1, round(12 * scale)) if n_reports >= 60 else 0
    n_bully = max(1, round(rng.randint(9, 11) * scale)) if n_reports >= 60 else 0
    preds, bullies = choose_planted(rng, people, n_pred, n_bully, namesake_share)
    specs: list[_Spec] = []
    for p in preds:
        specs.extend(_predator_specs(rng, p))
    for p in bullies:
        specs.extend(_bully_specs(rng, p))
    specs = specs[:n_reports]
    planted = frozenset(p.pid for p in preds + bullies)
    # people named 2-3 times for mixed reasons
    n_multi = round(n_reports * 0.04)
    used: set[str] = set(planted)
    while n_multi > 0 and len(specs) < n_reports - 3:
        d0 = _received(rng)
        p = _active_person(rng, people, d0 - timedelta(days=30), used)
        used.add(p.pid)
        lo = max(SPAN_START, p.joined + timedelta(days=30))
        hi = min(SPAN_END, (p.leaving or SPAN_END) + timedelta(days=60))
        for _ in range(rng.choice([2, 2, 3])):
            d = min(hi, max(lo, d0 + timedelta(days=rng.randint(-300, 300))))
            specs.append(_other_spec(rng, d, p))
        n_multi -= 1
    while len(specs) < n_reports:
        d = _received(rng)
        if rng.random() < 0.05:
            specs.append(_other_spec(rng, d, None))
            continue
        p = _active_person(rng, people, d - timedelta(days=20), used, planted)
        used.add(p.pid)
        specs.append(_other_spec(rng, d, p))
    specs = specs[:n_reports]
    order = sorted(range(len(specs)), key=lambda i: (specs[i].received, rng.random()))

    by_unit: dict[str, list[Person]] = {}
    for q in people:
        for post in q.postings:
            by_unit.setdefault(post.unit.official, []).append(q)
    reports = []
    for n, i in enumerate(order, start=1):
        s = specs[i]
        incident = _incident(rng, s.received, s.subject, s.pattern is not None)
        subjects: list[dict[str, Any]] = []
        truth: list[str] = []
        if s.subject is not None:
            subjects.append(render_subject(rng, s.subject, incident, s.reporter))
            truth.append(s.subject.pid)
            extra = rng.choices([0, 1, 2], [80, 18.5, 1.5])[0]
            for _ in range(extra):
                q = _second(rng, people, by_unit, s.subject, incident)
                if q.pid in truth:
                    continue
                kind = "insider" if s.reporter == "outsider" and rng.random() < 0.2 else s.reporter
                subjects.append(render_subject(rng, q, incident, kind))
                truth.append(q.pid)
        sex = s.subject.sex if s.subject else rng.choice(["M", "M", "F"])
        text = narratives.write(rng, s.categories, s.affected, sex, s.stage, s.pattern,
                                len(subjects) > 1)  # fmt: skip
        if s.subject is None:
            text = text.replace("He ", "An officer ", 1).replace("She ", "An officer ", 1)
        r = rng.random()
        inc: str | None = incident.isoformat()
        if r < 0.1:
            inc = None
        elif r < 0.28:
            inc = incident.isoformat()[:7]
        reports.append({
            "id": f"r{n}", "categories": s.categories, "received_date": s.received.isoformat(),
            "incident_date": inc, "affected": s.affected, "subjects": subjects,
            "narrative": text, "_truth": truth, "_pattern": s.pattern,
        })  # fmt: skip
    roster = [roster_entry(p) for p in people]
    return reports, roster
