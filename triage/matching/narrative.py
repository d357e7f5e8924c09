"""Read a report's free text for behaviour flags (e.g. "used_police_systems"), and the groups of
flags pattern scoring and the IOPC grounds read.

``narrative_flags`` reads the narrative once and returns only the derived flags: the narrative
itself must never be stored or logged here. Pure Python, no Flask or database imports.
"""

from __future__ import annotations

import re

# Each flag is a list of readable phrases; "\w*" lets one stem cover its endings where no name
# begins with it. A word a name can begin with lists its own endings: "hug\w*" flagged every
# "Hugh" and "Hughes" as unwanted touching (so a bullying report about PC Hughes counted as
# sexual and put him in the predatory band), as "kiss\w*" did "Kissoon" and "grab\w*"
# "Grabowski".
_FLAG_PHRASES: dict[str, list[str]] = {
    "used_police_systems": [
        r"pnc",
        r"police national computer",
        r"police databases?",
        r"police systems?",
        r"intelligence systems?",
        r"intel systems?",
        r"looked (?:up|her up|him up|them up|into)",
        r"ran (?:a check|checks|her|him) on",
        r"checked (?:her|his|their) (?:address|number|details|record)",
        r"(?:got|found|obtained) (?:her|his|their|my) (?:address|number|phone number|details)"
        r" (?:from|on|off) (?:the )?(?:system|computer|database|crime report|report)",
        r"searched (?:for )?(?:her|him|them|me) on",
    ],
    "position_for_sexual_purpose": [
        r"(?:contacted|messaged|texted|called|rang|added|followed) (?:the |a )?"
        r"(?:victim|witness|complainant|her|him) (?:on|via|through) "
        r"(?:social media|facebook|instagram|snapchat|whatsapp|text|phone|her phone|his phone)",
        r"(?:victim|witness|complainant)s? (?:on|via) (?:social media|facebook|instagram|snapchat)",
        r"asked (?:the victim|the witness|the complainant|her|him) out",
        r"asked (?:her|him) (?:for|on) a date",
        r"(?:help|helped|helping) with (?:her|his|their) case in (?:exchange|return)",
        r"in exchange for (?:sex|sexual|favours|a date|drinks)",
        r"sexual relationship with (?:a |the )?(?:victim|witness|complainant|informant)",
        r"personal number to (?:the |a )?(?:victim|witness|complainant)",
        r"(?:flirt\w*|romantic|sexual) messages? to (?:the |a )?(?:victim|witness|complainant)",
    ],
    "physical_contact": [
        r"touch(?:ed|es|ing) (?:me|her|him|them|my|his|their)",
        r"inappropriate(?:ly)? touch\w*",
        r"grop(?:e|es|ed|ing)",
        r"grab(?:s|bed|bing)?",
        r"kiss(?:es|ed|ing)?",
        r"hug(?:s|ged|ging)?",
        r"stroked?",
        r"fondl\w*",
        r"brushed against",
        r"hand on (?:my|her|his) (?:leg|thigh|knee|bum|bottom|waist|back)",
        r"pinch(?:es|ed|ing)?",
        r"slapped (?:my|her|his) (?:bum|bottom|backside)",
    ],
    "sexual_assault": [
        r"rap(?:e|ed|ing)",
        r"sexual(?:ly)? assault\w*",
        r"forced (?:her|him|me|himself)",
        r"indecent(?:ly)? assault\w*",
        r"without (?:her|my|his) consent",
        r"penetrat\w*",
        r"non-?consensual",
    ],
    "violence": [
        r"punch(?:es|ed|ing)?",
        r"hit (?:me|her|him|them)",
        r"kick(?:s|ed|ing)?",
        r"beat\w* (?:me|her|him)",
        r"(?<!sexually )(?<!indecently )assaulted",
        r"(?<!sexual )(?<!indecent )assault",
        r"strangl\w*",
        r"chok(?:e|es|ed|ing)",
        r"headbutt\w*",
        r"pushed (?:me|her|him)",
        r"shoved",
        r"injur\w*",
        r"violen\w*",
        r"attacked",
    ],
    "threats": [
        r"threat\w*",
        r"intimidat\w*",
        r"warned (?:me|her|him) (?:not to|that)",
        r"or else",
        r"said (?:he|she) would (?:hurt|ruin|get)",
        r"make (?:my|your|her|his) life hell",
        r"(?:end|ruin) (?:my|your|her|his) career",
    ],
    "comments": [
        r"remarks?",
        r"jokes?",
        r"joking",
        r"comments?(?: about)?",
        r"banter",
        r"innuendo",
        r"wolf[- ]whistl\w*",
        r"called (?:me|her|him) (?:a|an) \w+",
        r"about (?:my|her|his) "
        r"(?:appearance|body|looks|figure|weight|chest|breasts|legs)",
        r"sexist",
        r"slurs?",
        r"names?[- ]calling",
        r"leer(?:s|ed|ing|y)?",
        r"stared at",
    ],
    "following": [
        r"follow(?:ed|ing) (?:me|her|him|them)",
        r"turned up (?:at|outside) (?:my|her|his|their)"
        r" (?:home|house|flat|work|address)",
        r"stalk(?:s|ed|ing)",
        r"waited outside (?:my|her|his)",
        r"kept turning up",
        r"drove past (?:my|her|his) (?:home|house|flat)",
    ],
}
_FLAG_RES: dict[str, re.Pattern[str]] = {
    flag: re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)
    for flag, phrases in _FLAG_PHRASES.items()
}
# "CAD", "CRIS" and "Connect" are police systems only when written as names ("cad" is a word).
_SYSTEM_NAMES = re.compile(r"\b(?:CAD|CRIS|CONNECT|Connect)\b")

NARRATIVE_FLAGS: frozenset[str] = frozenset(_FLAG_PHRASES)
SEXUAL_FLAGS: frozenset[str] = frozenset(
    {"physical_contact", "sexual_assault", "position_for_sexual_purpose"}
)
POSITION_FLAGS: frozenset[str] = frozenset(
    {"used_police_systems", "position_for_sexual_purpose", "following"}
)


def narrative_flags(text: str) -> frozenset[str]:
    """Behaviour flags found in a narrative. Only the flags may be kept."""
    if not text:
        return frozenset()
    found = set()
    for flag, pattern in _FLAG_RES.items():
        if pattern.search(text) or (flag == "used_police_systems" and _SYSTEM_NAMES.search(text)):
            found.add(flag)
    return frozenset(found)
