"""Realistic: a large London-like force of about 5,000 people.

Surnames have a long tail from many backgrounds; units are written by reporters as HR does, by
station, by nickname, by abbreviation or misspelt; shoulder numbers carry the command's letters,
which reporters often leave off; some people have moved, been promoted or left the force.
"""

from __future__ import annotations

from random import Random
from typing import Any

from seeds.sixth._london_names import draw_name
from seeds.sixth._people import Force, Person, Unit, finish
from seeds.sixth._reports import Builder

# Command units: (name, shoulder letters, stations as (name, how reporters shorten or misspell)).
BCUS: list[tuple[str, str, list[tuple[str, list[str]]]]] = [
    ("Central West", "CW", [("Charing Cross", ["Charing X", "CX"]), ("Hammersmith", ["Hammy"])]),
    ("Central North", "CN", [("Holborn", ["Holbourn"]), ("Islington", ["Islo", "Islingon"])]),
    (
        "Central East",
        "CE",
        [("Bethnal Green", ["BG", "Bethnel Green"]), ("Stoke Newington", ["Stokey"])],
    ),
    (
        "Central South",
        "AS",
        [("Brixton", ["Brixon"]), ("Walworth", ["Walworth nick"]), ("Peckham", [])],
    ),
    ("East Area", "EA", [("Romford", ["Romferd"]), ("Ilford", []), ("Barking", ["Barkin"])]),
    ("North Area", "NA", [("Tottenham", ["Tott", "Tottnham"]), ("Edmonton", ["Edmo"])]),
    ("North East", "NE", [("Forest Gate", ["FG"]), ("Stratford", []), ("Chingford", [])]),
    ("North West", "NW", [("Colindale", ["Colindal"]), ("Wembley", []), ("Harrow", [])]),
    ("South Area", "SN", [("Croydon", ["Croydn"]), ("Sutton", []), ("Bromley", ["Bromly"])]),
    (
        "South East",
        "SE",
        [("Lewisham", ["Lewsham"]), ("Plumstead", ["Plumo"]), ("Bexleyheath", [])],
    ),
    ("South West", "SW", [("Lavender Hill", ["Lav Hill"]), ("Wimbledon", []), ("Kingston", [])]),
    ("West Area", "WA", [("Ealing", []), ("Uxbridge", ["Uxbrige"]), ("Hounslow", ["Hounslo"])]),
]
# Force-wide units: (HR name, letters, kind, spoken team, reporters' forms).
CENTRAL: list[tuple[str, str, str, str, list[str]]] = [
    *(
        (
            f"Met Operations - Territorial Support Group - Unit {n}",
            "TS",
            "tsg",
            f"TSG {n}",
            ["TSG", f"TSG {n}", f"TSG unit {n}", "Territorial Support Group", "the vans", f"U{n}"],
        )
        for n in range(1, 7)
    ),
    (
        "Met Operations - Roads and Transport Policing Command",
        "TP",
        "roads",
        "traffic",
        ["RTPC", "Roads and Transport", "traffic", "roads policing", "Traffic (RTPC)"],
    ),
    (
        "Met Operations - Parliamentary and Diplomatic Protection",
        "PD",
        "protection",
        "PaDP",
        ["PaDP", "PADP", "Parliamentary", "Dip Protection", "the Palace"],
    ),
    (
        "Met Operations - Specialist Firearms Command (MO19)",
        "FA",
        "firearms",
        "MO19",
        ["MO19", "SCO19", "firearms", "ARVs", "MO 19"],
    ),
    (
        "Met Operations - Dog Support Unit",
        "DS",
        "dogs",
        "dogs",
        ["DSU", "dogs", "dog unit", "Dog Support"],
    ),
    (
        "Met Operations - Command and Control (MetCC)",
        "CC",
        "control",
        "MetCC",
        ["MetCC", "Met CC", "control room", "CAD", "Lambeth control", "Hendon control"],
    ),
    (
        "Specialist Crime - Homicide and Major Crime Command",
        "SC",
        "major_crime",
        "MIT",
        ["MIT", "Homicide", "murder squad", "SC&O1", "Major Crime"],
    ),
    (
        "Frontline Policing HQ - Business Support",
        "HQ",
        "admin",
        "admin",
        ["HR", "admin", "Business Support", "Empress State", "ESB"],
    ),
]


def bcu_units(name: str, code: str, stations: list[tuple[str, list[str]]]) -> list[Unit]:
    bcu_forms = [name, f"{name} BCU", code, f"{code} BCU", f"{code}BCU"]
    units: list[Unit] = []
    main, main_short = stations[0]
    for team in range(1, 6):
        letter = "ABCDE"[team - 1]
        for station, short in stations[:2]:
            spoken = f"Team {letter}" if station == main else f"{letter} relief"
            forms = [
                "response",
                "ERPT",
                f"ERPT team {team}",
                f"{station} response",
                f"Team {team}",
                spoken,
                station,
                f"{code} response",
                f"{name} ERPT",
                f"{station} team {team}",
                *short,
                *(f"{s} {spoken}" for s in short),
                *bcu_forms[:2],
            ]
            units.append(
                Unit(
                    f"{name} BCU - Emergency Response Team {team} ({station})",
                    code,
                    "response",
                    station,
                    spoken,
                    forms,
                )
            )
    for kind, label, spoken, words in (
        ("neighbourhood", "Neighbourhoods", "the SNT", ["SNT", "neighbourhoods", "ward team"]),
        ("cid", "CID", "CID", ["CID", "cid", "Crime Squad"]),
        ("safeguarding", "Safeguarding (Public Protection)", "the CSU", ["CSU", "PP", "MASH"]),
        ("custody", "Custody", "custody", ["custody", "the cells", "custody suite"]),
        ("front_counter", "Front Counter", "the front office", ["front counter", "front desk"]),
    ):
        for station, short in stations if kind == "neighbourhood" else [(main, main_short)]:
            forms = [*words, *(f"{station} {w}" for w in words), *(f"{code} {w}" for w in words)]
            forms += [*(f"{s} {words[0]}" for s in short), station, *bcu_forms]
            units.append(
                Unit(f"{name} BCU - {label} ({station})", code, kind, station, spoken, forms)
            )
    return units


def make_units() -> list[Unit]:
    units = [u for name, code, stations in BCUS for u in bcu_units(name, code, stations)]
    for hr, code, kind, spoken, forms in CENTRAL:
        units.append(Unit(hr, code, kind, "Lambeth HQ", spoken, forms))
    return units


SURNAME_NICKS = {"Smith": "Smudge", "White": "Chalky", "Clark": "Nobby", "Clarke": "Nobby"}


def nicknamer(rng: Random, p: Person) -> str | None:
    r = rng.random()
    if r > 0.13:
        return None
    if p.surname in SURNAME_NICKS and r < 0.08:
        return SURNAME_NICKS[p.surname]
    if r < 0.05 and len(p.surname) > 3:
        stem = p.surname.split("-")[0].split("'")[-1]
        return rng.choice([stem[:4] + "y", stem[:3] + "o", f"{stem[:3]}ers", stem[:5]])
    if r < 0.09:
        return f"{rng.choice(['Big', 'Little', 'Young'])} {p.known_as}"
    return rng.choice(["Tank", "Sparky", "Ginge", "Prof", "Spider", "Bootsy", "Scouse", "Taff"])


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = Random(f"sixth-realistic-{seed}")
    units = make_units()
    force = Force(rng, units, warrant_digits=6)
    # Response teams are the biggest units; central and support units are smaller.
    size_of = {"response": 1.3, "neighbourhood": 1.0, "cid": 1.4, "custody": 0.9}
    weights = [size_of.get(u.kind, 0.7) * (1.5 if u.kind == "tsg" else 1.0) for u in units]
    for _ in range(rng.randint(4800, 5400)):
        force.add(draw_name, rng.choices(units, weights)[0])
    finish(force, leavers=0.07, nicknamer=nicknamer, moved=0.12)
    reports = Builder(rng, force.people).build(n_reports)
    return reports, force.roster()
