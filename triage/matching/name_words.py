"""The words that surround a name in a report: ranks and titles, and surname particles.

Kept apart from ``triage.matching.names`` (which uses them to parse a name) because they
are vocabulary, not logic: add a rank or title here when reporters are found writing one.
"""

from __future__ import annotations

import re

# Words that are a rank or title wherever they sit at the start of a name.
RANK_WORDS: frozenset[str] = frozenset(
    {
        "pc",
        "wpc",
        "ps",
        "wps",
        "sgt",
        "sarge",
        "sergeant",
        # What officers call their sergeant and inspector ("Skipper Nicholson", "the guv").
        "skipper",
        "skip",
        "guv",
        "guvnor",
        "dc",
        "wdc",
        "ds",
        "dsgt",
        "di",
        "dci",
        "dsu",
        "dsupt",
        "dcs",
        "det",
        "detective",
        "insp",
        "inspector",
        "ci",
        "chinsp",
        "supt",
        "superintendent",
        "csupt",
        "chsupt",
        "commander",
        "cmdr",
        "cdr",
        "dac",
        "ac",
        "commissioner",
        "pcso",
        "sc",
        "constable",
        "officer",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "sir",
        "dame",
        "acting",
        "a",
        "t",
        "temporary",
        "special",
        "chief",
        "ch",
        "police",
        "deputy",
        "assistant",
        "custody",
        "woman",
        "probationer",
        "probationary",
        "student",
        "trainee",
        "tdc",
        "tdi",
        "tpc",
        "apc",
        "aps",
        "asgt",
        "ainsp",
        # "D/C", "D/Sgt", "A/Insp", "T/Supt" once their slash is closed up (``_tokens``).
        "dinsp",
        "tinsp",
        "tsgt",
        "tps",
        "asupt",
        "dcon",
        # Temporary and acting detective ranks ("T/DS", "A/DI") once closed up.
        "tds",
        "ads",
        "adi",
        "tdci",
        "adci",
        # Police staff: the grade, never part of their name ("Staff Shane O'Driscoll", "DDO
        # Smith", "Detention Officer Smith").
        "staff",
        "civilian",
        "civvie",
        "ddo",
        "detention",
        # One who has left: "Ex-PC Smith", "former DS Jones", "retired Insp Brown".
        "ex",
        "former",
        "retired",
    }
)
# A one-letter prefix and slash before a rank: detective, acting, temporary ("D/Sgt").
RANK_PREFIX_RE = re.compile(r"\b([dat])\s*/\s*(?=[a-z])", re.IGNORECASE)
# Ranks that may also trail a name ("Smith PC", "John Smith (Sgt)").
TRAILING_RANKS: frozenset[str] = frozenset(
    {
        "pc",
        "wpc",
        "ps",
        "sgt",
        "sergeant",
        "dc",
        "ds",
        "di",
        "dci",
        "dsu",
        "insp",
        "inspector",
        "supt",
        "superintendent",
        "pcso",
        "sc",
        "constable",
        "commander",
    }
)
# What may follow a name and is no part of it: a rank, or a generation ("John Smith Jnr").
TRAILING_WORDS: frozenset[str] = TRAILING_RANKS | {"jnr", "jr", "junior", "snr", "sr", "senior"}
# "Con" is a given name on its own but part of a rank after these ("Det Con").
CON_PREFIXES: frozenset[str] = frozenset({"det", "detective", "police", "special", "woman"})
SURNAME_PARTICLES: frozenset[str] = frozenset(
    {
        "de",
        "da",
        "di",
        "del",
        "della",
        "van",
        "von",
        "der",
        "den",
        "le",
        "la",
        "du",
        "st",
        "mac",
        "mc",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
        "ten",
        "dos",
        "das",
        "o",
    }
)
# Particles that never stand for a first name, so that a name they begin is all surname
# ("Mc Leary", "de Souza", "Van der Berg"); "Al", "Di" and "Del" are also short first names, and
# a lone "O" is also an initial ("O Brien" may be Olivia Brien): those begin a surname only
# after a first name ("Kieran O Brien").
LEADING_PARTICLES: frozenset[str] = SURNAME_PARTICLES - {"al", "el", "di", "del", "bin", "o"}
# Words that begin a description of someone rather than their name: "my tutor", "the one
# driving", "a male officer", "our team leader", "male officer with a beard".
DESCRIPTION_STARTS: frozenset[str] = frozenset(
    {"my", "the", "a", "an", "our", "his", "her", "their", "this", "that", "some", "one"}
    | {"male", "female", "big", "tall"}
)
# Words that say the reporter does not know the name or is unsure of it ("not sure of his name",
# "unknown male PC", "don't know", "N/A"), or that go on to describe the person ("with a beard",
# "who drives the van", "known as Smudge"): none is part of anyone's name, and nothing after
# one in the name box is a name the person goes by. None is a surname a force is likely to have
# (a bare "Na", a Korean surname, is why "N/A" is matched whole, as ``NOT_KNOWN_MARKS``).
DOUBT_WORDS: frozenset[str] = frozenset(
    {"unknown", "unsure", "not", "dont", "didnt", "cant", "cannot", "idk", "dunno", "none"}
    | {"no", "know", "known", "idea", "sure", "name", "names", "unnamed", "anon", "anonymous"}
    | {"forget", "forgot", "forgotten", "remember", "think", "maybe", "perhaps", "possibly"}
    | {"probably", "nobody", "someone", "somebody", "with", "who", "whose", "wearing", "called"}
    | {"about", "aged", "approx", "aka"}
)
NOT_KNOWN_MARKS: frozenset[str] = frozenset({"n/a", "n/k", "nk", "tbc", "?", "??", "???"})
# Words a description uses for a person, so that "a woman" is not an initial and a surname.
DESCRIPTION_NOUNS: frozenset[str] = frozenset(
    {"man", "woman", "bloke", "lady", "copper", "cop", "policeman", "policewoman"}
    | {"supervisor", "tutor", "manager", "boss", "colleague", "driver"}
)
# Rank abbreviations that can prefix a shoulder number ("PC1234AB").
COLLAR_RANKS: frozenset[str] = frozenset(
    {"PC", "PS", "SC", "DC", "DS", "WPC", "PCSO", "SGT", "INSP", "TDC"}
)
