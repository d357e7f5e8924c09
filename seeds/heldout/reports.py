"""Shared world-building: planted predators and bullies, background reports, output and CLI."""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from seeds.heldout import texts
from seeds.heldout.force import END, START, SUPERVISORS, Numbers, Person, add_move, rand_date
from seeds.heldout.mentions import rank_word, short_ref, subject

CATEGORIES = (
    "bullying",
    "sexism_misogyny",
    "sexual_misconduct",
    "racism",
    "homophobia",
    "transphobia",
    "other_discrimination",
    "domestic_abuse",
    "abuse_of_position",
    "retaliation",
    "other",
)
AFFECTED = (
    "reporter",
    "colleague",
    "junior_colleague",
    "member_of_public",
    "victim_of_crime",
    "child",
)
_BG_WEIGHTS = {
    "bullying": 24,
    "sexism_misogyny": 12,
    "sexual_misconduct": 8,
    "racism": 10,
    "homophobia": 4,
    "transphobia": 3,
    "other_discrimination": 6,
    "domestic_abuse": 5,
    "abuse_of_position": 9,
    "retaliation": 6,
    "other": 13,
}
_BG_AFFECTED = {
    "bullying": ("reporter", "colleague", "junior_colleague"),
    "sexism_misogyny": ("reporter", "colleague", "junior_colleague", "member_of_public"),
    "sexual_misconduct": ("reporter", "colleague", "junior_colleague", "member_of_public"),
    "racism": ("reporter", "colleague", "member_of_public", "victim_of_crime"),
    "homophobia": ("reporter", "colleague", "member_of_public"),
    "transphobia": ("colleague", "member_of_public", "reporter"),
    "other_discrimination": ("reporter", "colleague", "junior_colleague"),
    "domestic_abuse": ("member_of_public", "colleague", "child"),
    "abuse_of_position": ("member_of_public", "victim_of_crime"),
    "retaliation": ("reporter", "colleague"),
    "other": ("member_of_public",),
}
_ALSO = {
    "bullying": ("retaliation", "other_discrimination", "sexism_misogyny"),
    "racism": ("bullying", "other_discrimination"),
    "sexism_misogyny": ("bullying",),
    "retaliation": ("bullying",),
    "domestic_abuse": ("abuse_of_position",),
    "other": ("abuse_of_position",),
    "homophobia": ("bullying",),
}


@dataclass
class Draft:
    incident: date
    received: date
    categories: list[str]
    affected: list[str]
    people: list[Person]
    insider: bool = True
    pattern: str | None = None
    text: str = ""
    know_name: list[float | None] = field(default_factory=list)


def received_date(rng: random.Random) -> date:
    """Reports grow a little over time as people come to trust the channel."""
    u = rng.random() if rng.random() < 0.5 else rng.random() ** 0.6
    return START + timedelta(days=int(u * (END - START).days))


def _lag(rng: random.Random) -> int:
    return rng.randint(200, 700) if rng.random() < 0.1 else rng.randint(0, 45)


def _received(rng: random.Random, incident: date) -> date:
    return min(END, max(START, incident + timedelta(days=_lag(rng))))


class Picker:
    """Chooses background people so that each is named once, sometimes twice, rarely more."""

    def __init__(
        self,
        rng: random.Random,
        people: Sequence[Person],
        priority: Sequence[Person],
        cap: int,
        repeat: float,
    ) -> None:
        self.rng, self.people, self.cap, self.repeat = rng, list(people), cap, repeat
        self.count: dict[str, int] = {}
        self.named: list[Person] = []
        front = {p.pid for p in priority}
        rest = [p for p in self.people if p.pid not in front]
        rng.shuffle(rest)
        self.queue = list(priority) + rest
        sup = [p for p in self.people if p.rank in SUPERVISORS]
        rng.shuffle(sup)
        self.sup_queue = sup

    def _take(self, p: Person) -> Person:
        self.count[p.pid] = self.count.get(p.pid, 0) + 1
        if self.count[p.pid] == 1:
            self.named.append(p)
        return p

    def pick(self, supervisor: bool = False) -> Person:
        if self.named and self.rng.random() < self.repeat:
            p = self.rng.choice(self.named)
            if self.count[p.pid] < self.cap and (not supervisor or p.rank in SUPERVISORS):
                return self._take(p)
        queue = self.sup_queue if supervisor else self.queue
        while True:
            while queue:
                p = queue.pop()
                if self.count.get(p.pid, 0) < self.cap:
                    return self._take(p)
            pool = [p for p in self.people if not supervisor or p.rank in SUPERVISORS]
            queue.extend(p for p in pool if self.count.get(p.pid, 0) < self.cap)
            self.rng.shuffle(queue)
            if not queue:
                self.cap += 1


def _window(rng: random.Random, n: int, min_days: int, max_days: int) -> list[date]:
    length = rng.randint(min_days, max_days)
    start = rand_date(rng, START - timedelta(days=45), END - timedelta(days=length + 20))
    return sorted(start + timedelta(days=rng.randint(0, length)) for _ in range(n))


def _settle(
    p: Person, incidents: list[date], rng: random.Random, nums: Numbers, move: bool, leave: bool
) -> None:
    """Fit a planted person's career around their incidents: maybe a move, maybe leaving."""
    p.leaving = None
    if move and len(incidents) >= 3:
        lo, hi = incidents[1], incidents[-2]
        add_move(p, rand_date(rng, lo, max(lo, hi)), rng, nums)
    if leave:
        p.leaving = min(END, incidents[-1] + timedelta(days=rng.randint(20, 240)))


def _counts(rng: random.Random, n: int, lo: int, hi: int, low_share: Sequence[int]) -> list[int]:
    fixed = list(low_share)
    out = fixed + [rng.randint(lo, hi) for _ in range(n - len(fixed))]
    rng.shuffle(out)
    return out


def predator_drafts(rng: random.Random, people: Sequence[Person], nums: Numbers) -> list[Draft]:
    profiles = ["in"] * 5 + ["out"] * 4 + ["mixed"] * 2 + ["child"]
    rng.shuffle(profiles)
    counts = _counts(rng, 12, 4, 9, (4, 5, 5, 9))
    drafts: list[Draft] = []
    for i, (p, profile, c) in enumerate(zip(people, profiles, counts, strict=True)):
        incidents = _window(rng, c, 150, 1000)
        _settle(p, incidents, rng, nums, move=i % 3 == 0, leave=i in (4, 9))
        levels = sorted(
            min(4, max(0, round(4 * k / (c - 1) + rng.uniform(-0.8, 0.4)))) for k in range(c)
        )
        for k, (when, lvl) in enumerate(zip(incidents, levels, strict=True)):
            side = profile if profile in ("in", "out") else rng.choice(("in", "out"))
            if profile == "child":
                side = "child" if k >= c - 2 else "out"
            drafts.append(_predator_report(rng, p, when, lvl, side))
    return drafts


def _predator_report(rng: random.Random, p: Person, when: date, lvl: int, side: str) -> Draft:
    if side == "child":
        affected, lvl_key = ["child"], (3, "child")
        cats = ["sexual_misconduct", "abuse_of_position"]
    elif side == "out":
        affected = [rng.choice(("member_of_public", "victim_of_crime", "victim_of_crime"))]
        lvl_key = (lvl, "out")
        cats = ["abuse_of_position"] if lvl >= 1 else []
        cats += ["sexual_misconduct"] if lvl >= 1 or rng.random() < 0.6 else ["sexism_misogyny"]
    else:
        who = rng.choices(("reporter", "colleague", "junior_colleague"), weights=(4, 3, 4))[0]
        affected, lvl_key = [who], (lvl, "in")
        cats = ["sexism_misogyny"] if lvl == 0 else ["sexual_misconduct"]
        if lvl == 0 and rng.random() < 0.4:
            cats.append("sexual_misconduct")
        if lvl >= 3 and who == "junior_colleague":
            cats.append("abuse_of_position")
        if lvl >= 3 and rng.random() < 0.3:
            cats.append("retaliation")
        if rng.random() < 0.2 and who != "colleague":
            affected.append("colleague")
    acts = [rng.choice(texts.PREDATOR[lvl_key])]
    if lvl >= 2 and rng.random() < 0.4:
        earlier = (max(0, lvl - 2), "in" if side == "in" else "out")
        acts.insert(0, rng.choice(texts.PREDATOR[earlier]))
    rng.shuffle(cats)
    d = Draft(
        when,
        _received(rng, when),
        cats,
        affected,
        [p],
        insider=side == "in" or rng.random() < 0.7,
        pattern="predatory",
    )
    d.text = "\n".join(acts)
    return d


def bully_drafts(rng: random.Random, people: Sequence[Person], nums: Numbers) -> list[Draft]:
    counts = _counts(rng, len(people), 4, 12, (10, 11, 12, 12, 6))
    drafts: list[Draft] = []
    for i, (p, c) in enumerate(zip(people, counts, strict=True)):
        incidents = _window(rng, c, 200, 1000)
        _settle(p, incidents, rng, nums, move=i % 3 == 1, leave=i == 5)
        for when in incidents:
            who = rng.choices(("reporter", "colleague", "junior_colleague"), weights=(5, 3, 2))[0]
            affected = [who] + (["colleague"] if who != "colleague" and rng.random() < 0.2 else [])
            cats = ["bullying"]
            acts = rng.sample(texts.BULLY, rng.choice((1, 1, 2)))
            if rng.random() < 0.15:
                cats.append("retaliation")
                acts.append(rng.choice(texts.RETALIATE))
            elif rng.random() < 0.06:
                cats.append("other")
            d = Draft(when, _received(rng, when), cats, affected, [p], pattern="bullying")
            d.text = "\n".join(acts)
            drafts.append(d)
    return drafts


def background_drafts(rng: random.Random, n: int, picker: Picker) -> list[Draft]:
    cats_all = list(_BG_WEIGHTS)
    weights = list(_BG_WEIGHTS.values())
    drafts: list[Draft] = []
    for _ in range(n):
        cat = rng.choices(cats_all, weights=weights)[0]
        cats = [cat]
        if cat in _ALSO and rng.random() < 0.15:
            cats.append(rng.choice(_ALSO[cat]))
        received = received_date(rng)
        incident = received - timedelta(days=_lag(rng))
        affected = [rng.choice(_BG_AFFECTED[cat])] if rng.random() < 0.85 else []
        if cat == "other" and rng.random() < 0.6:
            affected = []
        if cat == "bullying":
            acts = [rng.choice(texts.BULLY)]
        elif cat == "retaliation":
            acts = [rng.choice(texts.RETALIATE)]
        elif cat == "sexual_misconduct":
            side = "out" if affected and affected[0] == "member_of_public" else "in"
            acts = [rng.choice(texts.PREDATOR[(rng.choice((0, 1, 1, 2)), side)])]
        else:
            acts = [rng.choice(texts.BACKGROUND[cat])]
        insider = rng.random() < (0.6 if "member_of_public" in affected else 0.9)
        d = Draft(incident, received, cats, affected, [], insider=insider)
        d.text = "\n".join(acts)
        if rng.random() < 0.13:
            d.text = "NONAME\n" + d.text
        else:
            p = picker.pick()
            if p.leaving and p.leaving < incident:
                d.incident = p.leaving - timedelta(days=rng.randint(5, 300))
            d.people.append(p)
        drafts.append(d)
    return drafts


_NONAME = (
    "[I don't know his name|I never got his name|Don't know who it was|No idea of his "
    "name|I didn't catch his name] [but|-|,] "
)


def finish(rng: random.Random, drafts: list[Draft], picker: Picker) -> list[dict[str, object]]:
    """Add second people, render subjects and narratives, sort and number the reports."""
    for d in drafts:
        second_p = {"predatory": 0.2, "bullying": 0.15}.get(d.pattern or "", 0.1)
        if d.people and rng.random() < second_p:
            d.people.append(picker.pick(supervisor=True))
    drafts.sort(key=lambda d: (d.received, d.incident))
    out: list[dict[str, object]] = []
    for i, d in enumerate(drafts, start=1):
        out.append(_render(rng, d, f"r{i}"))
    return out


def _render(rng: random.Random, d: Draft, rid: str) -> dict[str, object]:
    subjects = []
    for j, p in enumerate(d.people):
        when = d.incident if rng.random() < 0.5 else d.received
        know = None if j == 0 else 0.9
        subjects.append(subject(p, when, rng, d.insider, know_name=know))
    acts = d.text.split("\n")
    noname = acts[0] == "NONAME"
    if noname:
        acts = [texts.expand(_NONAME, rng) + acts[1]]
    main = d.people[0] if d.people else None
    second = None
    if len(d.people) > 1:
        s = d.people[1]
        second = rng.choice(
            (
                f"{rank_word(s, rng, True)} {s.surname}",
                s.known_as,
                "the skipper",
                f"{rank_word(s, rng, True)} {s.known_as}",
            )
        )
    ref = short_ref(main, rng) if main and rng.random() < 0.35 else None
    female = main.female if main else rng.random() < 0.15
    sexual = bool({"sexual_misconduct", "sexism_misogyny"} & set(d.categories))
    text = texts.compose(
        rng, acts, d.affected[0] if d.affected else None, female, ref, second, victim_female=sexual
    )
    inc: str | None = d.incident.isoformat()
    roll = rng.random()
    if roll < 0.3:
        inc = inc[:7]
    elif roll < 0.48:
        inc = None
    return {
        "id": rid,
        "categories": list(dict.fromkeys(d.categories)),
        "received_date": d.received.isoformat(),
        "incident_date": inc,
        "affected": list(dict.fromkeys(d.affected)),
        "subjects": subjects,
        "narrative": text,
        "_truth": [p.pid for p in d.people],
        "_pattern": d.pattern,
    }


def write_jsonl(path: str, rows: Sequence[dict[str, object]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


Generator = Callable[[int, int], tuple[list[dict[str, object]], list[dict[str, object]]]]


def cli(generate: Generator, doc: str | None, argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--reports", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="reports.jsonl")
    ap.add_argument("--roster-out", default="roster.jsonl")
    args = ap.parse_args(argv)
    reports, roster = generate(args.reports, args.seed)
    write_jsonl(args.out, reports)
    write_jsonl(args.roster_out, roster)
    print(f"wrote {len(reports)} reports to {args.out}, {len(roster)} people to {args.roster_out}")
