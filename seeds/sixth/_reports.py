"""The reports: who is named, when, about what, and the planted predators and bullies.

Dates are drawn first as real days; only at the end are they written the way the form holds them
and the reports put in order of receipt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from seeds.sixth import _stories as st
from seeds.sixth._naming import write_subject
from seeds.sixth._people import (
    PCSO,
    STAFF,
    WINDOW_END,
    WINDOW_START,
    Person,
    day_between,
    pick,
    zipf,
)

# Background categories, commonest first (bullying dominates real speak-up lines).
CATEGORY_MIX: list[tuple[str, float]] = [
    ("bullying", 30),
    ("sexism_misogyny", 12),
    ("racism", 9),
    ("other", 10),
    ("sexual_misconduct", 8),
    ("abuse_of_position", 7),
    ("retaliation", 7),
    ("other_discrimination", 6),
    ("domestic_abuse", 5),
    ("homophobia", 4),
    ("transphobia", 2),
]
# Categories reporters tick together with a first one.
ALSO: dict[str, list[str]] = {
    "bullying": ["retaliation", "racism", "sexism_misogyny", "other_discrimination"],
    "sexism_misogyny": ["bullying", "sexual_misconduct"],
    "racism": ["bullying", "other_discrimination"],
    "sexual_misconduct": ["sexism_misogyny", "abuse_of_position"],
    "abuse_of_position": ["other", "sexual_misconduct"],
    "retaliation": ["bullying"],
    "other_discrimination": ["bullying", "racism", "homophobia"],
    "domestic_abuse": ["abuse_of_position", "other"],
    "homophobia": ["bullying", "other_discrimination"],
    "transphobia": ["homophobia", "bullying"],
    "other": ["abuse_of_position", "bullying"],
}
AFFECTED_FOR: dict[str, list[tuple[str, float]]] = {
    "colleague": [("reporter", 45), ("colleague", 30), ("junior_colleague", 25)],
    "public": [("member_of_public", 60), ("victim_of_crime", 35), ("child", 5)],
}


@dataclass
class Draft:
    received: date
    incident: date | None
    people: list[Person]
    categories: list[str]
    affected: list[str]
    core: str
    pattern: str | None = None
    victim: str = "a colleague"


def lag(rng: Random) -> int:
    """Days between an incident and its report: mostly weeks, some a year or more."""
    if rng.random() < 0.15:
        return rng.randint(120, 720)
    return min(int(rng.expovariate(1 / 35)), 400)


def incident_for(rng: Random, received: date, people: list[Person]) -> date:
    day = received - timedelta(days=lag(rng))
    left = [p.leaving for p in people if p.leaving]
    if left and day > min(left):  # it happened while they were all still serving
        day = min(left) - timedelta(days=rng.randint(0, 90))
    return day


def written_date(rng: Random, day: date | None) -> str | None:
    r = rng.random()
    if day is None or r < 0.13:
        return None
    return day.isoformat() if r < 0.76 else day.isoformat()[:7]


def colleague_affected(rng: Random) -> list[str]:
    n = pick(rng, [("0", 8), ("1", 70), ("2", 19), ("3", 3)])
    return sorted({pick(rng, AFFECTED_FOR["colleague"]) for _ in range(int(n))})


class Builder:
    """Draws the reports for one force."""

    def __init__(self, rng: Random, people: list[Person]) -> None:
        self.rng = rng
        self.people = people
        self.by_unit: dict[str, list[Person]] = defaultdict(list)
        for p in people:
            self.by_unit[p.unit.hr].append(p)
        self.drafts: list[Draft] = []
        self.patterned: set[str] = set()
        self.frequent: list[Person] = []

    # --- who -----------------------------------------------------------------------------
    def officers(self, ranks: tuple[str, ...]) -> list[Person]:
        return [
            p
            for p in self.people
            if p.rank in ranks and not p.leaving and p.pid not in self.patterned
        ]

    def second(self, first: Person, frequent: list[Person], taken: set[str]) -> Person | None:
        """Someone named in passing: the first person's supervisor, one of the few supervisors
        everyone mentions, or a colleague from the same unit."""
        rng = self.rng
        unit = self.by_unit[first.unit.hr]
        for _ in range(6):
            r = rng.random()
            if r < 0.38:
                sups = [p for p in unit if p.supervisor]
                cand = rng.choice(sups) if sups else rng.choice(frequent)
            elif r < 0.68:
                cand = zipf(rng, frequent, 0.4)
            else:
                cand = rng.choice(unit)
            if cand.pid not in taken:
                return cand
        return None

    # --- patterns --------------------------------------------------------------------------
    def predators(self, count: int, budget: int) -> None:
        rng = self.rng
        pool = self.officers(
            ("Police Constable", "Detective Constable", "Sergeant", "Detective Sergeant")
        )
        men = [p for p in pool if p.sex == "m"]
        women = [p for p in pool if p.sex == "f"]
        chosen = rng.sample(men, count - 1) + rng.sample(women, 1)
        sizes = [rng.randint(5, 12) for _ in chosen]
        while sum(sizes) > budget and max(sizes) > 2:
            sizes[sizes.index(max(sizes))] -= 1
        for n, person in zip(sizes, chosen, strict=True):
            self.patterned.add(person.pid)
            person.leaving = None
            public = person.sex == "m" and rng.random() < 0.35
            span = rng.randint(300, 900)
            start = day_between(
                rng, WINDOW_START - timedelta(days=60), WINDOW_END - timedelta(days=span + 90)
            )
            days = sorted(day_between(rng, start, start + timedelta(days=span)) for _ in range(n))
            for i, day in enumerate(days):
                stage = 1 + (3 * i) // n
                self.predatory(person, day, stage, public)

    def predatory(self, person: Person, day: date, stage: int, public: bool) -> None:
        rng = self.rng
        received = min(WINDOW_END, max(WINDOW_START, day + timedelta(days=rng.randint(2, 75))))
        if public:
            core = rng.choice(st.PREDATOR_PUBLIC[stage])
            victim = rng.choice(st.PUBLIC)
            cats = [["abuse_of_position"], ["abuse_of_position", "sexism_misogyny"]][
                rng.random() < 0.3
            ]
            if stage >= 2:
                cats = ["abuse_of_position", "sexual_misconduct"]
            affected = sorted({pick(rng, AFFECTED_FOR["public"]) for _ in range(rng.randint(1, 2))})
        else:
            core = rng.choice(st.PREDATOR_COLLEAGUE[stage])
            victim = rng.choice(st.JUNIORS)
            cats = {
                1: rng.choice(
                    [
                        ["sexism_misogyny"],
                        ["sexual_misconduct"],
                        ["sexism_misogyny", "sexual_misconduct"],
                    ]
                ),
                2: rng.choice([["sexual_misconduct"], ["sexual_misconduct", "sexism_misogyny"]]),
                3: rng.choice([["sexual_misconduct", "abuse_of_position"], ["sexual_misconduct"]]),
            }[stage]
            affected = ["junior_colleague"] + (["colleague"] if rng.random() < 0.2 else [])
        rng.shuffle(cats)
        people = [person]
        if rng.random() < 0.22:
            other = self.second(person, self.frequent, {person.pid})
            if other and (not other.leaving or other.leaving > day):
                people.append(other)
        self.drafts.append(Draft(received, day, people, cats, affected, core, "predatory", victim))

    def bullies(self, count: int, budget: int) -> None:
        rng = self.rng
        pool = self.officers(
            ("Sergeant", "Inspector", "Detective Sergeant", "Police Constable", STAFF)
        )
        # Mostly supervisors: persistent bullying usually comes from someone with power.
        bosses = [p for p in pool if p.supervisor]
        rest = [p for p in pool if not p.supervisor]
        chosen: list[Person] = []
        while len(chosen) < count:
            cand = rng.choice(bosses if rng.random() < 0.7 else rest)
            if cand not in chosen:
                chosen.append(cand)
        sizes = [rng.randint(4, 10) for _ in chosen]
        while sum(sizes) > budget and max(sizes) > 2:
            sizes[sizes.index(max(sizes))] -= 1
        for n, person in zip(sizes, chosen, strict=True):
            self.patterned.add(person.pid)
            person.leaving = None
            span = rng.randint(200, 1000)
            start = day_between(rng, WINDOW_START, WINDOW_END - timedelta(days=span))
            for _ in range(n):
                received = day_between(rng, start, start + timedelta(days=span))
                people = [person]
                if rng.random() < 0.2:
                    other = self.second(person, self.frequent, {person.pid})
                    if other:
                        people.append(other)
                day = incident_for(rng, received, people)
                core = rng.choice(st.BULLYING)
                self.drafts.append(
                    Draft(
                        received,
                        day,
                        people,
                        ["bullying"],
                        colleague_affected(rng),
                        core,
                        "bullying",
                    )
                )

    # --- everything else -------------------------------------------------------------------
    def background(self, n: int) -> None:
        rng = self.rng
        pool = [p for p in self.people if p.pid not in self.patterned]
        rng.shuffle(pool)
        named = round(n * 0.95)  # the rest name nobody
        repeaters = pool[: max(1, n // 10)]
        slots = [p for p in repeaters for _ in range(rng.choice((2, 2, 3)))]
        singles = pool[len(repeaters) :]
        need = max(0, named - len(slots))
        slots += singles[:need]
        if need > len(singles):  # a small force: some people must come up again
            slots += rng.choices(singles, k=need - len(singles))
        slots = slots[:named]
        rng.shuffle(slots)
        for i in range(n):
            received = day_between(rng, WINDOW_START, WINDOW_END)
            people: list[Person] = []
            if i < len(slots):
                first = slots[i]
                if first.leaving:
                    early = first.leaving - timedelta(days=300)
                    received = day_between(
                        rng,
                        max(WINDOW_START, early),
                        min(WINDOW_END, first.leaving + timedelta(days=400)),
                    )
                people.append(first)
                for chance in (0.3, 0.25):
                    if rng.random() >= chance:
                        break
                    other = self.second(first, self.frequent, {p.pid for p in people})
                    if other and (
                        not other.leaving or other.leaving > received - timedelta(days=200)
                    ):
                        people.append(other)
            cats = [pick(rng, CATEGORY_MIX)]
            while len(cats) < 3 and rng.random() < (0.3 if len(cats) == 1 else 0.2):
                extra = rng.choice(ALSO[cats[-1]])
                if extra not in cats:
                    cats.append(extra)
            day = incident_for(rng, received, people) if rng.random() < 0.92 else None
            if cats[0] in ("abuse_of_position", "domestic_abuse") and rng.random() < 0.5:
                affected = sorted(
                    {pick(rng, AFFECTED_FOR["public"]) for _ in range(rng.randint(1, 2))}
                )
            else:
                affected = colleague_affected(rng)
            core = rng.choice(st.BACKGROUND[cats[0]])
            self.drafts.append(Draft(received, day, people, cats, affected, core))

    # --- all together ----------------------------------------------------------------------
    def build(self, n_reports: int) -> list[dict[str, Any]]:
        rng = self.rng
        sups = [
            p for p in self.people if p.supervisor and p.rank not in (PCSO, STAFF) and not p.leaving
        ]
        # A few supervisors come up in passing again and again (the ones who were told).
        self.frequent = rng.sample(sups, min(len(sups), max(15, min(40, len(self.people) // 60))))
        self.patterned = {p.pid for p in self.frequent}
        budget = n_reports // 2
        self.predators(12, budget * 2 // 3)
        self.bullies(rng.randint(7, 10), budget - len(self.drafts))
        self.patterned -= {p.pid for p in self.frequent}
        self.background(max(0, n_reports - len(self.drafts)))
        self.drafts.sort(key=lambda d: d.received)
        return [self.write(i, d) for i, d in enumerate(self.drafts[:n_reports], start=1)]

    def write(self, number: int, d: Draft) -> dict[str, Any]:
        rng = self.rng
        subjects, refs = [], []
        for p in d.people:
            subject, ref = write_subject(rng, p, d.incident)
            subjects.append(subject)
            refs.append(ref)
        incident = d.incident if d.incident and d.incident <= d.received else None
        return {
            "id": f"r{number}",
            "categories": d.categories,
            "received_date": d.received.isoformat(),
            "incident_date": written_date(rng, incident),
            "affected": d.affected,
            "subjects": subjects,
            "narrative": st.tell(rng, d.core, refs, [p.sex for p in d.people], d.victim),
            "_truth": [p.pid for p in d.people],
            "_pattern": d.pattern,
        }
