"""Reports: who is named, when, in which categories, and how they are written."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from seeds.fourth.force import WINDOW_END, WINDOW_START, Person, is_officer
from seeds.fourth.mentions import Context, render
from seeds.fourth.narrative import compose, ref_text

CATEGORY_WEIGHTS = {
    "bullying": 20, "sexism_misogyny": 15, "racism": 12, "sexual_misconduct": 10,
    "abuse_of_position": 10, "other": 9, "other_discrimination": 6, "homophobia": 5,
    "domestic_abuse": 5, "retaliation": 5, "transphobia": 3,
}  # fmt: skip

AFFECTED_BY_CATEGORY = {
    "bullying": ["colleague", "junior_colleague", "reporter"],
    "sexism_misogyny": ["colleague", "junior_colleague", "reporter", "member_of_public"],
    "racism": ["member_of_public", "colleague", "victim_of_crime", "reporter"],
    "sexual_misconduct": ["colleague", "junior_colleague", "member_of_public", "victim_of_crime"],
    "abuse_of_position": ["member_of_public", "victim_of_crime", "junior_colleague"],
    "other": ["member_of_public", "colleague"],
    "other_discrimination": ["colleague", "reporter", "member_of_public"],
    "homophobia": ["colleague", "member_of_public", "reporter"],
    "domestic_abuse": ["member_of_public", "child", "colleague"],
    "retaliation": ["reporter", "colleague"],
    "transphobia": ["colleague", "member_of_public", "reporter"],
}

FAMILIARITY = {"close": 40, "work": 35, "distant": 25}


@dataclass
class Plan:
    """A report before rendering: who, what, when."""

    subjects: list[Person]
    categories: list[str]
    affected: list[str]
    pattern: str | None = None
    stage: int | None = None
    received: dt.date = WINDOW_START
    incident: dt.date = WINDOW_START
    fixed_received: bool = False
    extra: dict = field(default_factory=dict)


def _pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _categories(rng: random.Random) -> list[str]:
    k = rng.choices([1, 2, 3], weights=[60, 30, 10])[0]
    cats: list[str] = []
    while len(cats) < k:
        c = _pick_weighted(rng, CATEGORY_WEIGHTS)
        if c not in cats:
            cats.append(c)
    return cats


def _affected(cats: list[str], rng: random.Random) -> list[str]:
    k = rng.choices([0, 1, 2, 3], weights=[12, 60, 23, 5])[0]
    pool = sorted({a for c in cats for a in AFFECTED_BY_CATEGORY[c]})
    rng.shuffle(pool)
    return sorted(pool[:k])


def _common_surnames(people: list[Person]) -> set[str]:
    counts = Counter(p.surname for p in people)
    return {s for s, n in counts.items() if n >= 5}


def choose_planted(
    people: list[Person], rng: random.Random, n_pred: int, n_bully: int
) -> tuple[list[Person], list[Person]]:
    """Pick predatory and bullying people: some with common names, some who moved."""
    common = _common_surnames(people)
    ok = [p for p in people if p.leaving_date is None]
    pred_pool = [p for p in ok if p.sex == "m" and p.rank in ("PC", "PS", "DC", "DS", "Insp")]
    bully_pool = [
        p for p in ok if p.rank in ("PS", "DS", "Insp", "DI", "Ch Insp", "Band D", "Band E")
    ]
    chosen: set[str] = set()

    def take(pool: list[Person], n: int, n_common: int, n_moved: int) -> list[Person]:
        out: list[Person] = []
        groups = [
            [p for p in pool if p.move_date and WINDOW_START < p.move_date < WINDOW_END],
            [p for p in pool if p.surname in common],
            pool,
        ]
        for group, want in zip(groups, [n_moved, n_common, n], strict=True):
            cands = [p for p in group if p.pid not in chosen]
            rng.shuffle(cands)
            for p in cands[: max(0, min(want, n - len(out)))]:
                out.append(p)
                chosen.add(p.pid)
        return out

    return take(pred_pool, n_pred, 4, 4), take(bully_pool, n_bully, 3, 2)


def _spread_dates(rng: random.Random, k: int) -> list[dt.date]:
    span = (WINDOW_END - WINDOW_START).days
    days = sorted(rng.randint(0, span) for _ in range(k))
    return [WINDOW_START + dt.timedelta(days=d) for d in days]


def pattern_plans(preds: list[Person], bullies: list[Person], rng: random.Random) -> list[Plan]:
    """Reports about planted people, escalating over time for predators."""
    plans = []
    for p in preds:
        k = rng.randint(5, 12)
        for i, when in enumerate(_spread_dates(rng, k)):
            stage = min(2, int(3 * i / k))
            if stage == 0:
                cats = ["sexism_misogyny"] + (["sexual_misconduct"] if rng.random() < 0.4 else [])
            elif stage == 1:
                cats = ["sexual_misconduct"] + (["abuse_of_position"] if rng.random() < 0.5 else [])
                if rng.random() < 0.3:
                    cats.append("sexism_misogyny")
            else:
                cats = ["sexual_misconduct", "abuse_of_position"]
                if rng.random() < 0.3:
                    cats.append(rng.choice(["retaliation", "sexism_misogyny"]))
            aff_pool = ["junior_colleague", "member_of_public", "victim_of_crime", "colleague"]
            aff = sorted(set(rng.choices(aff_pool, weights=[40, 25, 25, 10], k=rng.randint(1, 2))))
            plan = Plan([p], cats, aff, "predatory", stage, received=when, fixed_received=True)
            plans.append(plan)
    for p in bullies:
        k = rng.randint(4, 10)
        for when in _spread_dates(rng, k):
            aff = sorted(set(rng.choices(["junior_colleague", "colleague", "reporter"], k=2)))
            plans.append(Plan([p], ["bullying"], aff, "bullying", received=when,
                              fixed_received=True))  # fmt: skip
    return plans


def allocate_tokens(
    people: list[Person], total: int, dist: dict[int, float], rng: random.Random
) -> list[Person]:
    """Decide how often each person is named; return a shuffled list of mentions."""
    order = list(people)
    rng.shuffle(order)
    tokens: list[Person] = []
    keys = list(dist)
    i = 0
    while len(tokens) < total:
        if i < len(order):
            n = rng.choices(keys, weights=[dist[k] for k in keys])[0]
            if n >= 6:
                n = rng.randint(n, n + (6 if n < 13 else 17))
            tokens.extend([order[i]] * n)
            i += 1
        else:
            tokens.append(rng.choice(order[: max(1, i)]))
    del tokens[total:]
    rng.shuffle(tokens)
    return tokens


def _draw_from(
    tokens: list[Person],
    used: set[str],
    unit_name: str | None,
    rng: random.Random,
    stayers_only: bool = False,
) -> Person | None:
    """Take a token, preferring someone in ``unit_name`` if given."""
    if not tokens:
        return None
    look = min(len(tokens), 300)

    def fits(q: Person) -> bool:
        return q.pid not in used and not (stayers_only and q.leaving_date)

    if unit_name is not None:
        for j in range(look):
            q = tokens[-1 - j]
            if q.unit.name == unit_name and fits(q):
                return tokens.pop(len(tokens) - 1 - j)
    for j in range(look):
        q = tokens[-1 - j]
        if fits(q):
            return tokens.pop(len(tokens) - 1 - j)
    return None


def background_plans(
    people: list[Person], n: int, dist: dict[int, float], rng: random.Random,
    extra_slots: int,
) -> tuple[list[Plan], list[Person]]:  # fmt: skip
    """Ordinary reports; also returns tokens left for second subjects on pattern reports."""
    sizes = rng.choices([0, 1, 2, 3], weights=[5, 72, 20, 3], k=n)
    tokens = allocate_tokens(people, sum(sizes) + extra_slots, dist, rng)
    plans = []
    for k in sizes:
        subs: list[Person] = []
        used: set[str] = set()
        for j in range(k):
            same = subs[0].unit.name if j and rng.random() < 0.6 else None
            q = _draw_from(tokens, used, same, rng)
            if q is None:
                break
            subs.append(q)
            used.add(q.pid)
        cats = _categories(rng)
        plans.append(Plan(subs, cats, _affected(cats, rng)))
    return plans, tokens


def set_dates(plan: Plan, rng: random.Random) -> None:
    """Received and incident dates, respecting leaving dates of the subjects."""
    if not plan.fixed_received:
        plan.received = WINDOW_START + dt.timedelta(
            days=rng.randint(0, (WINDOW_END - WINDOW_START).days)
        )
    if rng.random() < 0.15:
        delay = rng.randint(90, 730)
    else:
        delay = min(730, 3 + int(rng.expovariate(1 / 40)))
    incident = plan.received - dt.timedelta(days=delay)
    leaves = [p.leaving_date for p in plan.subjects if p.leaving_date]
    if leaves and incident > min(leaves):
        incident = min(leaves) - dt.timedelta(days=rng.randint(0, 200))
        lo = max(WINDOW_START, incident + dt.timedelta(days=3))
        hi = min(WINDOW_END, incident + dt.timedelta(days=730))
        if not plan.fixed_received and lo <= hi:
            plan.received = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        if (plan.received - incident).days > 730:
            incident = plan.received - dt.timedelta(days=730)
    plan.incident = incident


def _incident_text(d: dt.date, rng: random.Random) -> str | None:
    r = rng.random()
    if r < 0.7:
        return d.isoformat()
    if r < 0.9:
        return d.strftime("%Y-%m")
    return None


def render_plan(plan: Plan, rng: random.Random) -> dict:
    """Write a planned report out as the reporter would."""
    base = _pick_weighted(rng, FAMILIARITY)
    if plan.pattern == "predatory" and "member_of_public" in plan.affected:
        base = rng.choice(["work", "distant"])
    subjects = []
    refs = []
    for p in plan.subjects:
        fam = base if rng.random() < 0.75 else _pick_weighted(rng, FAMILIARITY)
        if not is_officer(p.rank) and fam == "distant":
            fam = "work"
        s = render(p, Context(fam, plan.incident), rng)
        subjects.append(s)
        refs.append((ref_text(s["name"], p.sex, rng), p.sex))
    narrative = compose(plan.categories, plan.affected, refs, rng, plan.stage)
    return {
        "id": "",
        "categories": sorted(plan.categories),
        "received_date": plan.received.isoformat(),
        "incident_date": _incident_text(plan.incident, rng),
        "affected": plan.affected,
        "subjects": subjects,
        "narrative": narrative,
        "_truth": [p.pid for p in plan.subjects],
        "_pattern": plan.pattern,
    }


def build_reports(
    people: list[Person],
    n_reports: int,
    rng: random.Random,
    dist: dict[int, float],
    n_bully: int,
) -> list[dict]:
    """All reports for the force, sorted by received date, ids r1..rN."""
    preds, bullies = choose_planted(people, rng, 12, n_bully)
    plans = pattern_plans(preds, bullies, rng)
    planted = {p.pid for p in preds + bullies}
    eligible = [p for p in people if p.pid not in planted]
    n_background = max(0, n_reports - len(plans))
    seconds = [pl for pl in plans if rng.random() < 0.15]
    bg, spare = background_plans(eligible, n_background, dist, rng, len(seconds))
    for pl in seconds:
        q = _draw_from(spare, {pl.subjects[0].pid}, pl.subjects[0].unit.name, rng, True)
        if q is not None:
            pl.subjects.append(q)
    plans = plans + bg
    for pl in plans:
        set_dates(pl, rng)
    plans.sort(key=lambda pl: pl.received)
    reports = []
    for i, pl in enumerate(plans):
        rep = render_plan(pl, rng)
        rep["id"] = f"r{i + 1}"
        reports.append(rep)
    return reports
