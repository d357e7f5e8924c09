"""How a frightened reporter writes down a colleague: what they know, what they half remember and
what they get wrong. Nothing here knows how the writing will later be read.
"""

from __future__ import annotations

from datetime import date
from random import Random

from seeds.sixth._people import PCSO, STAFF, Person, fold, pick

# The shortened first names colleagues use.
SHORT: dict[str, list[str]] = {
    "David": ["Dave", "Davey", "Dai"],
    "Michael": ["Mike", "Mick", "Mikey"],
    "Andrew": ["Andy", "Drew"],
    "James": ["Jim", "Jimmy", "Jamie"],
    "Stephen": ["Steve", "Stevie"],
    "Steven": ["Steve"],
    "Richard": ["Rich", "Richie", "Rick"],
    "Gareth": ["Gaz", "Gar"],
    "Daniel": ["Dan", "Danny"],
    "Christopher": ["Chris"],
    "Matthew": ["Matt"],
    "Thomas": ["Tom", "Tommy"],
    "Robert": ["Rob", "Bob", "Robbie"],
    "Gary": ["Gaz"],
    "Darren": ["Daz"],
    "Simon": ["Si"],
    "Jonathan": ["Jon", "Jonny"],
    "Nicola": ["Nicky", "Nic"],
    "Rebecca": ["Becky", "Becca"],
    "Victoria": ["Vicky", "Tori"],
    "Joanne": ["Jo"],
    "Jessica": ["Jess"],
    "Charlotte": ["Charlie"],
    "Katherine": ["Kate", "Kath"],
    "Catherine": ["Cath", "Cathy", "Kate"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Samantha": ["Sam"],
    "Alexander": ["Alex"],
    "Benjamin": ["Ben"],
    "Joseph": ["Joe"],
    "William": ["Will", "Bill", "Billy"],
    "Anthony": ["Tony", "Ant"],
    "Nicholas": ["Nick"],
    "Patrick": ["Pat", "Paddy"],
    "Edward": ["Ed", "Eddie"],
    "Philip": ["Phil"],
    "Phillip": ["Phil"],
    "Kenneth": ["Ken", "Kenny"],
    "Timothy": ["Tim"],
    "Peter": ["Pete"],
    "Jennifer": ["Jen", "Jenny"],
    "Deborah": ["Debs", "Debbie"],
    "Rachel": ["Rach"],
    "Stephanie": ["Steph"],
    "Christine": ["Chris"],
    "Mohammed": ["Mo"],
    "Muhammad": ["Mo"],
    "Oluwaseun": ["Seun"],
    "Oluwadamilare": ["Dami"],
    "Olumide": ["Mide"],
    "Adebayo": ["Bayo"],
    "Oluwatobi": ["Tobi"],
    "Aleksandra": ["Ola"],
    "Małgorzata": ["Gosia"],
    "Konstantinos": ["Kostas", "Costa"],
    "Emmanuel": ["Manny"],
    "Abdul": ["Abs"],
}
# How reporters write each HR rank; the first is the commonest.
RANK_WORDS: dict[str, list[tuple[str, float]]] = {
    "Police Constable": [("PC", 60), ("pc", 12), ("Pc", 8), ("Constable", 6), ("officer", 4)],
    "Special Constable": [("SC", 30), ("Special", 30), ("PC", 40)],
    "Detective Constable": [("DC", 60), ("dc", 8), ("Detective", 14), ("PC", 10)],
    "Sergeant": [("PS", 38), ("Sgt", 30), ("sgt", 8), ("Sergeant", 10), ("skipper", 6)],
    "Detective Sergeant": [("DS", 60), ("Det Sgt", 12), ("Sgt", 16), ("PS", 6)],
    "Inspector": [("Insp", 36), ("Inspector", 34), ("insp.", 8), ("Guv", 6), ("Ch Insp", 3)],
    "Detective Inspector": [("DI", 60), ("Det Insp", 14), ("Inspector", 20)],
    "Detective Chief Inspector": [("DCI", 70), ("Inspector", 10), ("DI", 10)],
    "Chief Inspector": [("CI", 40), ("Ch Insp", 30), ("Chief Inspector", 20), ("Insp", 10)],
    "Superintendent": [("Supt", 45), ("Superintendent", 40), ("Super", 15)],
    "Chief Superintendent": [("Ch Supt", 50), ("Chief Super", 30), ("Supt", 20)],
    PCSO: [("PCSO", 80), ("pcso", 12), ("PC", 8)],
    STAFF: [("staff", 35), ("Police Staff", 25), ("civvy", 10), ("civilian", 10), ("DDO", 10)],
}
# Said aloud, not written on forms: how a rank appears in a description.
ROLE_WORDS: dict[str, list[str]] = {
    "Sergeant": ["skipper", "sergeant", "sarge"],
    "Detective Sergeant": ["DS", "skipper", "detective sergeant"],
    "Inspector": ["inspector", "guvnor", "duty officer"],
    "Detective Inspector": ["DI", "guvnor"],
    STAFF: ["civilian", "staff member", "detention officer", "civvy"],
    PCSO: ["PCSO"],
}
NEIGHBOURS = dict(zip("qwertyuiopasdfghjklzxcvbnm", "wqrtyuiopoadfghjklkxcvbnmn", strict=True))


def typo(rng: Random, word: str) -> str:
    """One slip of the fingers: a dropped, doubled, swapped or neighbouring letter."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.3:
        return word[:i] + word[i + 1 :]
    if kind < 0.5:
        return word[:i] + word[i] + word[i:]
    if kind < 0.8:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    c = word[i].lower()
    return word[:i] + NEIGHBOURS.get(c, c) + word[i + 1 :]


# Spellings reporters reach for when they have only heard a name said.
SOUNDS = [
    ("ph", "f"),
    ("ie", "ei"),
    ("ei", "ie"),
    ("ll", "l"),
    ("nn", "n"),
    ("tt", "t"),
    ("son", "sen"),
    ("Mc", "Mac"),
    ("Mac", "Mc"),
    ("ou", "u"),
    ("y", "i"),
    ("i", "y"),
    ("ck", "k"),
    ("th", "t"),
    ("ch", "sh"),
    ("ey", "y"),
    ("wicz", "vich"),
    ("ski", "sky"),
    ("oo", "u"),
    ("dh", "d"),
    ("ah", "a"),
    ("O'", "O"),
    ("O'", "O "),
    ("-", " "),
    ("s", "z"),
]


def misspell(rng: Random, name: str) -> str:
    """A name as the reporter believes it is spelt."""
    options = [(a, b) for a, b in SOUNDS if a in name[1:] or (a[0].isupper() and a in name)]
    if options and rng.random() < 0.6:
        a, b = rng.choice(options)
        return name.replace(a, b, 1)
    return typo(rng, name)


def first_name(rng: Random, p: Person) -> str:
    """The first name a colleague uses: usually the known-as name, sometimes shortened."""
    name = p.known_as
    if name in SHORT and rng.random() < 0.55:
        name = rng.choice(SHORT[name])
    return name


def rank_word(rng: Random, p: Person, rank: str) -> str:
    """The rank as the reporter writes it, now and then wrong."""
    if p.acting_up and rng.random() < 0.6:
        return rng.choice(["A/PS", "A/Sgt", "Sgt", "PS", "acting sgt"])
    r = rng.random()
    if r < 0.04:  # a plain mistake: the wrong kind of officer
        return rng.choice(["PC", "DC", "Sgt", "PS", "Insp", "PCSO"])
    if r < 0.07 and rank == STAFF:  # staff in uniform taken for officers
        return rng.choice(["PC", "DDO", "custody officer"])
    return pick(rng, RANK_WORDS.get(rank, [(rank, 1)]))


def write_collar(rng: Random, collar: str) -> str:
    """A shoulder number as remembered: with or without its letters, sometimes garbled."""
    digits = "".join(c for c in collar if c.isdigit())
    letters = collar[len(digits) :]
    r = rng.random()
    if r < 0.05 and len(digits) >= 3:  # two digits swapped
        i = rng.randint(0, len(digits) - 2)
        digits = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    elif r < 0.08 and len(digits) >= 3:  # a digit missed
        i = rng.randint(0, len(digits) - 1)
        digits = digits[:i] + digits[i + 1 :]
    elif r < 0.11:  # one digit misread
        i = rng.randint(0, len(digits) - 1)
        digits = digits[:i] + str(rng.randint(0, 9)) + digits[i + 1 :]
    shape = rng.random()
    if shape < 0.42:
        return digits + letters
    if shape < 0.72:
        return digits
    if shape < 0.82:
        return f"{digits} {letters}"
    if shape < 0.9:
        return (digits + letters).lower()
    return (
        f"{rng.choice(['PC', 'pc', 'PC ', '#', 'no. '])}{digits}{letters if shape < 0.95 else ''}"
    )


def describe(rng: Random, p: Person, rank: str, team: str, station: str) -> str:
    """A description in place of a name, for a reporter who never knew it."""
    he = "he" if p.sex == "m" else "she"
    man = "bloke" if p.sex == "m" else "woman"
    role = rng.choice(ROLE_WORDS.get(rank, ["PC", "officer", man]))
    look = p.look if p.look and rng.random() < 0.7 else ""
    where = rng.choice([f"on {team}", f"at {station}", f"from {team}", f"on {team} at {station}"])
    before, after = (look, "") if look and not look.startswith("with") else ("", look)
    lead = " ".join(w for w in (before, role) if w)
    shapes = [
        f"the {lead} {where}",
        f"{lead} {after} {where}",
        f"don't know name - {lead} {where}",
        f"the {lead} {after}",
        f"unknown {role} {where}, {he} was in charge that night",
        f"not sure of name, {lead} {where}",
    ]
    return " ".join(rng.choice(shapes).split())


def write_subject(rng: Random, p: Person, when: date | None) -> tuple[dict[str, str | None], str]:
    """One person as a reporter writes them in the form's person fields, and how the same
    reporter refers to them in the narrative."""
    unit, collar, rank = p.posting_at(when)
    # Most reporters remember the current number if they have seen it lately.
    if collar != p.collar and p.collar and rng.random() < 0.3:
        collar = p.collar
    surname = fold(p.surname) if rng.random() < 0.8 else p.surname
    if rng.random() < (0.22 if p.hard_name else 0.07):
        surname = misspell(rng, surname)
    if " " in surname and "-" not in surname and rng.random() < 0.1:
        surname = surname.split()[-1]
    if "-" in surname and rng.random() < 0.45:  # double-barrelled: one half only
        surname = rng.choice(surname.split("-"))
    given = first_name(rng, p)
    if rng.random() < 0.05:
        given = misspell(rng, given)
    rw = rank_word(rng, p, rank)
    # Words nobody puts before a surname ("civvy Bennett"): then the name stands alone.
    titled = rw.lower() not in {
        "staff",
        "police staff",
        "civvy",
        "civilian",
        "officer",
        "constable",
    }

    forms: list[tuple[str, float]] = [
        ("full", 25),
        ("surname", 16),
        ("rank_in_name", 11),
        ("first", 8),
        ("initial", 6),
        ("hr", 3),
        ("nickname", 6 if p.nickname else 0),
        ("first_initial", 2),
        ("initials", 1),
        ("middle", 2 if p.middle else 0),
        ("describe", 9),
        ("collar_only", 4 if collar else 0),
        ("nothing", 2),
    ]
    form = pick(rng, forms)
    if form == "rank_in_name" and not titled:
        form = "full"
    name: str | None
    ref = f"{rw} {surname}" if titled and rng.random() < 0.5 else f"{given} {surname}"
    if form == "full":
        name = f"{given} {surname}"
    elif form == "surname":
        name = surname
        ref = f"{rw} {surname}" if titled and rng.random() < 0.6 else surname
    elif form == "rank_in_name":
        shapes = [f"{rw} {surname}", f"{rw} {given} {surname}"]
        if rw.lower() in ("pc", "ps", "dc", "ds", "sgt", "insp"):
            shapes.append(f"{rw}. {surname}")
        name = rng.choice(shapes)
    elif form == "first":
        name = given
        ref = given
    elif form == "initial":
        name = rng.choice(
            [f"{given[0]} {surname}", f"{given[0]}. {surname}", f"{surname} {given[0]}"]
        )
    elif form == "hr":
        name = rng.choice([f"{surname.upper()}, {given}", f"{surname.upper()} {p.forename}"])
    elif form == "nickname":
        name = p.nickname
        ref = p.nickname or surname
    elif form == "first_initial":
        name = f"{given} {surname[0]}"
        ref = given
    elif form == "initials":
        name = f"{given[0]}{surname[0]}".upper()
    elif form == "middle":
        name = " ".join(n for n in (p.forename, p.middle, surname) if n)
    elif form == "describe":
        name = describe(rng, p, rank, unit.team, unit.station)
        ref = rng.choice(["this officer", "the officer", "this person", "the same officer"])
    else:
        name = None
        ref = "this officer"
    if name and form not in ("describe",):
        r = rng.random()
        if r < 0.06:
            name = name.upper()
        elif r < 0.14:
            name = name.lower()
        elif r < 0.16:
            name = f" {name} "

    has_rank = form == "rank_in_name"
    subject: dict[str, str | None] = {
        "name": name,
        "rank": rw if rng.random() < (0.3 if has_rank else 0.6) else None,
        "unit": None,
        "collar_number": None,
        "warrant_number": None,
    }
    if form == "nothing":
        subject["rank"] = rw
    if rng.random() < (0.75 if form in ("nothing", "collar_only") else 0.45):
        written = rng.choice(unit.forms)
        subject["unit"] = typo(rng, written) if rng.random() < 0.05 else written
    if collar and (form == "collar_only" or rng.random() < 0.14):
        subject["collar_number"] = write_collar(rng, collar)
    if form == "collar_only":  # the narrative repeats the number as the reporter wrote it
        ref = f"{rw if titled else 'officer'} {subject['collar_number']}"
    if p.warrant and rng.random() < 0.02:
        w = p.warrant
        subject["warrant_number"] = w if rng.random() < 0.85 else typo(rng, w)
    return subject, ref
