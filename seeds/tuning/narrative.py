"""Scenarios (categories, who was affected) and narratives in a frightened colleague's words.

Templates use `[a|b|c]` for a random choice (nestable) and `{slot}` for pooled phrases and the
subject's pronouns, so that no two narratives about one person read alike.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from seeds.tuning.scenario_text import BODIES, CLOSERS, FEARS, NONAME_OPENERS, OPENERS, POOLS

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


@dataclass(frozen=True)
class Scenario:
    cats: tuple[str, ...]
    extra: tuple[tuple[str, float], ...]
    affected: tuple[tuple[str, ...], ...]


_W = (
    ("reporter",),
    ("colleague",),
    ("junior_colleague",),
    ("reporter", "colleague"),
    ("colleague", "junior_colleague"),
)
SCENARIOS: dict[str, Scenario] = {
    # predators: workplace
    "p_comments": Scenario(("sexism_misogyny",), (("sexual_misconduct", 0.35),), _W),
    "p_messages": Scenario(
        ("sexual_misconduct",),
        (("sexism_misogyny", 0.3),),
        (("junior_colleague",), ("reporter",), ("colleague",), ("reporter", "junior_colleague")),
    ),
    "p_touching": Scenario(("sexual_misconduct",), (("sexism_misogyny", 0.2),), _W),
    "p_assault": Scenario(
        ("sexual_misconduct",),
        (("abuse_of_position", 0.3),),
        (("junior_colleague",), ("colleague",), ("reporter",)),
    ),
    "p_threat": Scenario(
        ("sexual_misconduct", "retaliation"),
        (("abuse_of_position", 0.3),),
        (("reporter",), ("junior_colleague",), ("reporter", "junior_colleague")),
    ),
    # predators: the public
    "p_public_comments": Scenario(
        ("sexism_misogyny",),
        (("abuse_of_position", 0.3),),
        (("member_of_public",), ("victim_of_crime",), ("member_of_public", "colleague")),
    ),
    "p_systems": Scenario(
        ("abuse_of_position", "sexual_misconduct"),
        (),
        (("victim_of_crime",), ("member_of_public",), ("victim_of_crime", "member_of_public")),
    ),
    "p_pressure": Scenario(
        ("abuse_of_position", "sexual_misconduct"),
        (),
        (("victim_of_crime",), ("member_of_public",)),
    ),
    "p_assault_public": Scenario(
        ("sexual_misconduct", "abuse_of_position"),
        (),
        (("victim_of_crime",), ("member_of_public",)),
    ),
    "p_child": Scenario(
        ("sexual_misconduct", "abuse_of_position"), (), (("child",), ("child", "victim_of_crime"))
    ),
    # bullies (also used for background bullying)
    "b_shouting": Scenario(("bullying",), (), _W),
    "b_belittling": Scenario(("bullying",), (("other", 0.1),), _W),
    "b_rota": Scenario(("bullying",), (("other", 0.15),), (*_W, ())),
    "b_exclusion": Scenario(("bullying",), (), _W),
    "b_retaliation": Scenario(("bullying", "retaliation"), (), (("reporter",), ("colleague",))),
    "b_sickness": Scenario(("bullying",), (("other_discrimination", 0.3),), _W),
    "b_students": Scenario(
        ("bullying",), (), (("junior_colleague",), ("junior_colleague", "reporter"))
    ),
    # background only
    "g_sexism": Scenario(("sexism_misogyny",), (("bullying", 0.2),), (*_W, ())),
    "g_sexual": Scenario(("sexual_misconduct",), (("sexism_misogyny", 0.3),), _W),
    "g_racism": Scenario(("racism",), (("bullying", 0.2),), (*_W, ("member_of_public",), ())),
    "g_homophobia": Scenario(("homophobia",), (("bullying", 0.2),), (*_W, ())),
    "g_transphobia": Scenario(("transphobia",), (), (("member_of_public",), ("colleague",), ())),
    "g_discrimination": Scenario(("other_discrimination",), (("bullying", 0.2),), (*_W, ())),
    "g_domestic": Scenario(
        ("domestic_abuse",),
        (),
        (("member_of_public",), ("colleague",), ("member_of_public", "child"), ()),
    ),
    "g_position": Scenario(
        ("abuse_of_position",), (("other", 0.2),), (("member_of_public",), (), ("victim_of_crime",))
    ),
    "g_retaliation": Scenario(("retaliation",), (("bullying", 0.4),), (("reporter",),)),
    "g_other": Scenario(("other",), (), ((), (), ("member_of_public",), ("colleague",))),
    "g_force": Scenario(
        ("other",),
        (("racism", 0.2), ("abuse_of_position", 0.2)),
        (("member_of_public",), ("victim_of_crime",)),
    ),
}
BULLY_SCENARIOS = (
    "b_shouting",
    "b_belittling",
    "b_rota",
    "b_exclusion",
    "b_retaliation",
    "b_sickness",
    "b_students",
)
BACKGROUND_WEIGHTS: dict[str, float] = {
    "b_shouting": 5,
    "b_belittling": 5,
    "b_rota": 4,
    "b_exclusion": 3,
    "b_sickness": 2,
    "b_students": 2,
    "b_retaliation": 1,
    "g_sexism": 8,
    "g_sexual": 5,
    "g_racism": 8,
    "g_homophobia": 4,
    "g_transphobia": 2,
    "g_discrimination": 4,
    "g_domestic": 5,
    "g_position": 7,
    "g_retaliation": 4,
    "g_other": 18,
    "g_force": 6,
}
TRACKS: dict[str, tuple[str, ...]] = {
    "workplace": ("p_comments", "p_messages", "p_touching", "p_threat", "p_assault"),
    "public": ("p_public_comments", "p_systems", "p_pressure", "p_assault_public"),
    "mixed": ("p_comments", "p_touching", "p_systems", "p_pressure", "p_assault"),
    "child": ("p_public_comments", "p_comments", "p_systems", "p_pressure", "p_child"),
}

_CHOICE = re.compile(r"\[([^\[\]]*)\]")


def expand(rng: random.Random, template: str) -> str:
    """Resolve `[a|b]` choices, innermost first."""
    while True:
        new = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        if new == template:
            return new
        template = new


def categories_and_affected(rng: random.Random, key: str) -> tuple[list[str], list[str]]:
    sc = SCENARIOS[key]
    cats = list(sc.cats) + [c for c, p in sc.extra if rng.random() < p]
    affected = list(rng.choice(sc.affected))
    return [c for c in CATEGORIES if c in cats], [a for a in AFFECTED if a in affected]


def _slots(rng: random.Random, gender: str, ref: str) -> dict[str, str]:
    he, him, his = ("he", "him", "his") if gender == "m" else ("she", "her", "her")
    slots = {k: expand(rng, rng.choice(v)) for k, v in POOLS.items()}
    slots.update(
        he=he,
        him=him,
        his=his,
        He=he.capitalize(),
        His=his.capitalize(),
        ref=ref,
        Ref=ref[:1].upper() + ref[1:],
    )
    return slots


def _reference(rng: random.Random, name: str | None, gender: str) -> str:
    if name and rng.random() < 0.45:
        return name
    if gender == "m":
        return rng.choice(("he", "he", "this officer", "this man", "the officer", "he"))
    return rng.choice(("she", "she", "this officer", "the officer"))


def narrative(
    rng: random.Random,
    key: str,
    gender: str,
    name: str | None,
    affected: list[str],
    noname: bool = False,
) -> str:
    """Free text for one report of scenario `key` about a subject called `name` (as written),
    with the victims described to match `affected`."""
    slots = _slots(rng, gender, "he" if noname else _reference(rng, name, gender))
    if "junior_colleague" in affected and "colleague" not in affected:
        slots["colleague"] = slots["junior"]
    elif "colleague" in affected and "junior_colleague" not in affected:
        slots["junior"] = slots["colleague"]
    if "member_of_public" in affected and "victim_of_crime" not in affected:
        slots["victim"] = slots["public"]
    pronoun = slots["he"]
    parts = []
    if noname:
        parts.append(rng.choice(NONAME_OPENERS))
    elif rng.random() < 0.55:
        parts.append(rng.choice(OPENERS))
    bodies = rng.sample(BODIES[key], k=min(len(BODIES[key]), rng.choice((1, 1, 2))))
    for i, body in enumerate(bodies):
        if i == 1 and slots["ref"] != pronoun and rng.random() < 0.7:
            slots.update(ref=pronoun, Ref=pronoun.capitalize())  # named once, then "he"
        parts.append(expand(rng, body).format_map(slots))
    if rng.random() < 0.6:
        parts.append(expand(rng, rng.choice(FEARS)).format_map(slots))
    if rng.random() < 0.35:
        parts.append(rng.choice(CLOSERS))
    parts = [part[:1].upper() + part[1:] for part in parts]
    for i in range(1, len(parts)):
        first = parts[i].split(" ", 1)[0]
        if parts[i - 1].endswith("but") and first in _LOWER_AFTER_BUT:
            parts[i] = parts[i][0].lower() + parts[i][1:]
    text = re.sub(r"\s+", " ", " ".join(parts)).strip()
    style = rng.random()
    if style < 0.06:
        return text.lower()
    if style < 0.1:
        text = text.replace("'", "").replace(" and ", " & ")
    elif style < 0.13:
        text = text.replace(". ", " ").rstrip(".")
    return text[:1].upper() + text[1:]


_LOWER_AFTER_BUT = {
    "He",
    "She",
    "This",
    "The",
    "After",
    "Since",
    "At",
    "When",
    "Police",
    "On",
    "A",
    "An",
    "Everyone",
    "One",
    "Once",
}
