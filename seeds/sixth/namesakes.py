"""Namesakes: a small county force where everyone seems to be called Jones, Evans or Smith.

About 1,700 people share some 200 surnames (the common ones held by roughly 8 to 15 people) and a
short list of first names, so "PC Dave Jones" can be any of several people. A handful of near
twins work side by side, and people move between areas and change shoulder numbers.
"""

from __future__ import annotations

from random import Random
from typing import Any

from seeds.sixth._people import LOOKS, Force, NameDrawer, Person, Unit, finish, zipf
from seeds.sixth._reports import Builder


def words(text: str) -> list[str]:
    return text.split()


COMMON = """Jones Williams Davies Evans Thomas Roberts Hughes Lewis Morgan Griffiths Edwards Smith
Jenkins Price Phillips Owen Rees Powell James Taylor Brown Wilson Walker Wright Robinson
Thompson White Hall Wood Green Clarke Jackson Harris Turner Hill Moore Cooper Ward King Baker
Lee Allen Young Scott Mitchell Parker Kelly Watkins Pritchard Morris Bevan Harding Howells
Lloyd Matthews Parry Pugh Richards Rogers Bowen Probert Vaughan Ellis Jarvis Walsh Murphy
Johnson Shaw Cole Fisher Marshall Holmes Webb Barker Knight Bell Dixon Pearce Gibson
Armstrong Chapman Rowlands Preece Harries Llewellyn Meredith Bennett Carter Morgan-Jones
Cox Stephens Hopkins Watts Lane Payne Francis Reynolds Mason Kennedy Sullivan Burns Doyle Ryan
Byrne Nash Lewis-Evans Foster Gill Hunt Palmer Mills Stevens Ball Russell Davis Singh Ahmed
Khan Patel Nowak Jenkins-Hughes Lyons Hale Barry Benson Bishop Brooks Burgess Dale Dean Ford
Gardner George Hayes Hicks Holt Howell Hudson Ingram Jeffreys Lamb Lawrence Long Lucas Lynch
Mann Miles Nicholls Norris Owens Page Perry Pope Quinn Read Rowe Sharp Short Simpson Spencer
Stone Swift Tanner Vincent Wade Webster Wheeler Whitehead Wyatt Yates"""
RARE = """Cadwaladr Prothero Vowles Gwilliam Trevelyan Pennant Tudor-Price Hanbury Bleddyn
Protheroe Awbery Maddocks Griffin Gittins Kinsey Sayce Beynon Dyfnallt Cunnick Idris"""
MEN = words(
    """David John Michael Paul Mark Andrew James Stephen Richard Gareth Daniel Christopher
Matthew Thomas Robert Lee Craig Simon Ian Neil Gary Darren Jason Carl Rhys Dylan Owain Huw
Jonathan Philip Anthony Kevin Peter William"""
)
WOMEN = words(
    """Sarah Emma Claire Rachel Laura Helen Nicola Louise Kelly Lisa Joanne Rebecca Victoria
Amy Gemma Katie Hannah Jessica Charlotte Sophie Catherine Rhian Sian Ceri Elizabeth Samantha"""
)
# The few families of South Asian heritage in this force use their own first names.
ASIAN_MEN = ["Mohammed", "Imran", "Tariq", "Harpreet", "Sanjay", "Asif"]
ASIAN_WOMEN = ["Aisha", "Nadia", "Priya", "Manpreet", "Sana"]
ASIAN = {s: (ASIAN_MEN, ASIAN_WOMEN) for s in ("Singh", "Ahmed", "Khan", "Patel")}
# Areas: (name, shoulder-number letters, how people abbreviate or misspell the area).
AREAS = [
    ("Eastfield", "EF", ["E'field", "Eastfeild", "EF", "Eastfld"]),
    ("Westbury", "WB", ["Westbry", "WB", "Westburry"]),
    ("Kirkham", "KH", ["Kirkam", "KH", "Kirkham nick"]),
    ("Dalby", "DY", ["Dalbey", "DY"]),
    ("Northgate", "NG", ["N'gate", "Northgat", "NG"]),
]
NICKNAMES = ["Tank", "Sparky", "Ginge", "Chalky", "Taff", "Dai Bread", "Bunny", "Nobby", "Spud"]


def make_units() -> list[Unit]:
    units: list[Unit] = []
    for area, code, abbrs in AREAS:
        for team in range(1, 5):
            relief = "ABCD"[team - 1]
            units.append(
                Unit(
                    f"{area} LPA - Response Team {team}",
                    code,
                    "response",
                    area,
                    f"{relief} relief",
                    [
                        f"{area} response",
                        f"Response Team {team}",
                        f"Team {team}",
                        f"{relief} relief",
                        f"{relief} group {area}",
                        area,
                        f"{abbrs[0]} team {team}",
                        "response",
                        f"{area} {relief} shift",
                    ],
                )
            )
        for kind, label, spoken, forms in (
            ("neighbourhood", "Neighbourhood Policing Team", "the NPT", ["NPT", "neighbourhoods"]),
            ("cid", "CID", "CID", ["CID", "cid"]),
            ("safeguarding", "Public Protection Unit", "PPU", ["PPU", "public protection"]),
            ("custody", "Custody", "custody", ["custody", "the cells"]),
        ):
            units.append(
                Unit(
                    f"{area} LPA - {label}",
                    code,
                    kind,
                    area,
                    spoken,
                    [*(f"{area} {f}" for f in forms), *forms, f"{abbrs[0]} {forms[0]}"],
                )
            )
    for hr, kind, spoken, forms in (
        (
            "HQ Operations - Roads Policing Unit",
            "roads",
            "traffic",
            ["RPU", "traffic", "roads policing"],
        ),
        ("HQ Operations - Armed Response", "firearms", "the ARVs", ["ARV", "firearms", "AFO"]),
        ("HQ Operations - Dog Section", "dogs", "dogs", ["dogs", "dog section", "dog unit"]),
        ("HQ - Force Control Room", "control", "control", ["control room", "FCR", "comms"]),
        ("HQ - Major Crime Investigation Team", "major_crime", "MIT", ["MIT", "major crime"]),
        ("HQ - Corporate Services", "admin", "HQ", ["HQ", "admin", "HR", "finance"]),
    ):
        units.append(Unit(hr, "HQ", kind, "headquarters", spoken, forms))
    return units


def surnames() -> tuple[list[str], list[float]]:
    common = COMMON.split()
    rare = RARE.split()
    # Common surnames are near-equally common here: that is what makes this force hard.
    weights = [1.0 - 0.3 * i / len(common) for i in range(len(common))] + [0.25] * len(rare)
    return common + rare, weights


def drawer(names: list[str], weights: list[float]) -> NameDrawer:
    def draw(rng: Random, sex: str) -> tuple[str, str, str, str | None, str, bool]:
        surname = rng.choices(names, weights)[0]
        pool = MEN if sex == "m" else WOMEN
        if surname in ASIAN:
            pool = ASIAN[surname][sex == "f"]
        forename = zipf(rng, pool, 0.7)
        middle = zipf(rng, pool, 0.7) if rng.random() < 0.7 else None
        if middle == forename:
            middle = None
        known = middle if middle and rng.random() < 0.05 else forename
        return surname, surname, forename, middle, known, surname in ("Ahmed", "Nowak")

    return draw


def nicknamer(rng: Random, p: Person) -> str | None:
    r = rng.random()
    if r > 0.16:
        return None
    if r < 0.07:  # the -y/-o habit: Jonesy, Robbo
        stem = p.surname.split("-")[0]
        return rng.choice([stem + "y", stem[:4].rstrip("aeiou") + "o", stem + "ey"])
    if r < 0.11 and p.known_as in ("David", "Dave", "Gareth", "Gary", "Darren", "Stephen"):
        short = {"David": "Dave", "Gareth": "Gaz", "Gary": "Gaz", "Darren": "Daz"}
        return f"{rng.choice(['Big', 'Little', 'Young', 'Old'])} {short.get(p.known_as, 'Steve')}"
    return rng.choice(NICKNAMES)


def add_near_twins(force: Force, draw: NameDrawer) -> None:
    """People colleagues constantly mix up: twins, and two nearly identical names on one team."""
    rng = force.rng
    pairs = [  # (surname, one, the other, sex, how they come to be alike)
        ("Jones", "John", "Jon", "m", "spelling"),
        ("Smith", "Sarah", "Sara", "f", "spelling"),
        ("Hughes", "Stephen", "Steven", "m", "spelling"),
        ("Evans", "Philip", "Phillip", "m", "spelling"),
        ("Davies", "Catherine", "Katherine", "f", "spelling"),
        ("Lewis", "Gareth", "Gareth", "m", "father and son"),
        ("Thomas", "Mark", "Matthew", "m", "twins"),
        ("Price", "Rhian", "Sian", "f", "twins"),
    ]
    for surname, first, second, sex, how in pairs:
        unit = rng.choice([u for u in force.units if u.kind == "response"])
        middle = zipf(rng, MEN if sex == "m" else WOMEN)
        look = rng.choice(LOOKS)
        for given in (first, second):
            p = force.add(draw, unit, sex=sex)
            p.surname = p.hr_surname = surname
            p.forename = p.known_as = given
            p.middle = middle if how == "twins" or given is first else None
            if how == "father and son" and given is second:
                p.middle = "Rhys"
            if how == "twins":
                p.look = look


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = Random(f"sixth-namesakes-{seed}")
    units = make_units()
    force = Force(rng, units, warrant_digits=5)
    draw = drawer(*surnames())
    size = rng.randint(1620, 1760)
    weights = [0.7 if u.kind in ("control", "admin", "dogs") else 1.0 for u in units]
    for _ in range(size):
        force.add(draw, rng.choices(units, weights)[0])
    add_near_twins(force, draw)
    finish(force, leavers=0.04, nicknamer=nicknamer, moved=0.14)
    reports = Builder(rng, force.people).build(n_reports)
    return reports, force.roster()
