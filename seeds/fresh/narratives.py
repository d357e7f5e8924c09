"""Narratives in the reporter's own words, by category and (for predators) stage.

Placeholders: {S}/{Sc} subject pronoun (he/she), {O} object (him/her), {P} possessive
(his/her); {V} the affected person at first mention, {Vo}/{Vs}/{Vp} object, subject and
possessive forms for them afterwards (me/I/my for a reporter writing about themselves).
"""

from __future__ import annotations

import random

PREDATOR: dict[tuple[int, str], list[str]] = {
    (1, "work"): [
        "{Sc} keeps making loud comments in the writing room about {V} and {Vp} body. "
        "Everyone laughs and nobody says anything.",
        "In the van {S} was rating women we drove past out of ten and asked {V} what {Vs} "
        "thought {Vp} own score was.",
        "{Sc} said in briefing that women on response are only there to tick a box and "
        "then winked at {V}.",
        "{Sc} makes sexual jokes all the time and told {V} to 'lighten up' when {Vs} didn't laugh.",
        "{Sc} asked {V} whether {Vs} had a boyfriend and then kept going on about it for "
        "the whole shift even after being told to stop.",
        "{Sc} called {V} 'darling' and 'sweetheart' in front of a prisoner and said "
        "female officers should stick to making the tea.",
    ],
    (1, "public"): [
        "{Sc} made comments about {V}'s appearance while taking details and called {Vo} "
        "'gorgeous'. It was completely unprofessional.",
        "{Sc} asked {V} if {Vs} was single while dealing with a simple report, and laughed "
        "about it with the other officer.",
        "{Sc} kept looking {V} up and down and made a remark about {Vp} clothes.",
    ],
    (2, "work"): [
        "{Sc} put {P} hand on the small of {Vp} back in the corridor and left it there. "
        "{Sc} has started messaging {Vo} late at night on {P} personal phone.",
        "On a late shift {S} stood far too close to {V} in the kit room and brushed against "
        "{Vo}. It did not feel like an accident.",
        "{Sc} sent {V} a message asking for photos and when {Vs} ignored it {S} said at work "
        "that {Vs} was frigid.",
        "{Sc} keeps offering to give {V} lifts home after nights and gets annoyed when "
        "{Vs} says no. Last week {S} touched {Vp} leg in the car.",
        "At the leaving do {S} grabbed {V} round the waist and tried to kiss {Vo}. The next "
        "day {S} acted like nothing had happened.",
        "{Sc} has been following {V} on social media and commenting on {Vp} pictures, and "
        "made a remark about {Vp} body in the canteen.",
    ],
    (2, "public"): [
        "{Sc} asked {V} for {Vp} number after taking a statement and then sent a message "
        "saying {S} 'couldn't stop thinking' about {Vo}.",
        "During a search {S} touched {V} far more than was needed and made a comment about it.",
        "{Sc} added {V} on Instagram after attending {Vp} address and sent flirty messages.",
    ],
    (3, "work"): [
        "{Sc} told {V} that {P} report would decide whether {Vs} passed probation, then "
        "asked {Vo} to meet {O} for a drink alone.",
        "{Sc} made sure {V} was posted with {O} on nights and then drove to a quiet car park "
        "and tried it on. When {Vs} said no {S} said nobody would believe {Vo}.",
        "{Sc} turned up at {V}'s home address uninvited after a shift and would not leave. "
        "{Sc} hinted {Vp} career depended on keeping {O} happy.",
        "{Sc} cornered {V} in the locker room and touched {Vo}, then told {Vo} to keep quiet "
        "if {Vs} wanted to pass {Vp} portfolio.",
    ],
    (3, "public"): [
        "{Sc} took {V}'s number from the crime report and has been texting {Vo} from "
        "{P} own phone saying {S} can 'help with the case'.",
        "{Sc} went back alone to see {V} after the job was closed, off duty, and "
        "stayed for hours. {Vs} said {S} made it clear {Vs} owed {O}.",
        "{Sc} arranged to be the only one to take {V}'s statement, late at night, and "
        "made sexual comments while {Vs} was giving it.",
        "{Sc} told {V} that things would go easier on the arrest if {Vs} was 'nice' to "
        "{O}. {Sc} gave out {P} personal number.",
        "{Sc} keeps picking the jobs involving {V} and was found sitting in the car with "
        "{Vo} with the body worn camera switched off.",
    ],
    (3, "child"): [
        "{Sc} has been messaging {V} on Snapchat. I have seen the messages and they are "
        "sexual. {Sc} knows exactly how old {Vs} is.",
        "{Sc} gave {V} {P} personal number after a missing person job and has been meeting "
        "{Vo} alone in the car.",
        "{Sc} told {V} {S} would keep {Vo} out of trouble if {Vs} kept their chats secret. "
        "{Vs} is a child.",
    ],
}

BULLYING: list[str] = [
    "{Sc} humiliated {V} in front of the whole team at briefing again, calling {Vo} useless "
    "and saying {Vs} should think about another job.",
    "{Sc} gives {V} every rubbish job and then criticises the work in front of others. "
    "It has been like this for weeks.",
    "{Sc} refused {V}'s leave request for no reason and then approved the same dates for "
    "{P} favourites.",
    "{Sc} shouts at {V} over the radio and in the office. People have started avoiding "
    "{Vo} because they don't want to get caught up in it.",
    "{Sc} posted a comment in the team WhatsApp group mocking {V} and others joined in. "
    "When {Vs} complained {S} said it was banter.",
    "{Sc} threatened {V} with an action plan if {Vs} didn't stay late and keeps making "
    "snide remarks about {Vp} sickness.",
    "{Sc} excludes {V} from everything, never answers {Vp} emails and then says in "
    "meetings that {Vs} doesn't communicate.",
    "{Sc} stood over {V} at the desk and swore at {Vo} for something that wasn't "
    "{Vp} mistake. It happens most weeks.",
    "{Sc} keeps moving {V} between teams at short notice and laughs about it with the "
    "other supervisors.",
    "{Sc} picked apart {V}'s file in front of everyone and called {Vo} thick.",
]

OTHER: dict[str, list[str]] = {
    "racism": [
        "{Sc} used a racist word about a detained person in the custody suite and laughed "
        "about it with the others.",
        "{Sc} keeps making comments about {V}'s background and asking where {Vs} is 'really' from.",
        "{Sc} stops young black men far more than anyone else and says things in the car "
        "that I am not comfortable repeating.",
        "{Sc} mimicked {V}'s accent in front of the team and said {Vs} should learn to "
        "speak properly.",
    ],
    "homophobia": [
        "{Sc} made jokes about {V} being gay and said {Vs} wouldn't be safe in the locker room.",
        "{Sc} used a homophobic slur about a member of the public after the call was finished.",
    ],
    "transphobia": [
        "{Sc} deliberately keeps misgendering {V} and laughed when {Vs} corrected {O}.",
        "{Sc} made comments about a trans detained person in custody that were degrading.",
    ],
    "other_discrimination": [
        "{Sc} said {V} was 'too old for response' and kept making comments about {Vp} age.",
        "{Sc} has refused to make the adjustments agreed by occupational health for {V} and "
        "jokes about {Vp} dyslexia.",
        "{Sc} said pregnant officers are a burden and took {V} off the training course.",
    ],
    "domestic_abuse": [
        "{Sc} has been controlling {P} partner, who is also in the job. I have seen bruises "
        "and {S} checks her phone constantly.",
        "I believe {S} is abusive at home. {P} ex-partner told me {S} threatened her and "
        "said nobody would believe her over a police officer.",
    ],
    "abuse_of_position": [
        "{Sc} has been looking up {P} ex on the police systems with no policing purpose.",
        "{Sc} used {P} warrant card to get out of a parking ticket and to get free food.",
        "{Sc} told {V} {S} would make sure the job went nowhere unless {Vs} dropped {Vp} "
        "complaint.",
        "{Sc} ran checks on a neighbour {S} was in a dispute with and then turned up at "
        "their door in uniform.",
    ],
    "sexism_misogyny": [
        "{Sc} said in the canteen, looking at {V}, that women shouldn't be on firearms and "
        "that {Vs} only got through because of a quota.",
        "{Sc} shares sexist memes in the team group chat and laughed when {V} objected.",
        "{Sc} always asks female officers to take the notes and talks over {V} in every meeting.",
    ],
    "sexual_misconduct": [
        "{Sc} made a sexual comment to {V} at the Christmas do and tried to touch {Vo}.",
        "{Sc} sent {V} an explicit image on a work phone.",
    ],
    "bullying": BULLYING,
    "retaliation": [
        "Ever since the grievance against {O}, {S} has been finding fault with {V}'s work "
        "and {Vp} shifts have been changed.",
        "After I gave a statement about the incident {S} told people I was a grass and I've "
        "been left to single crew.",
    ],
    "other": [
        "{Sc} regularly turns up to early turn smelling of drink and has driven the car like that.",
        "{Sc} has been claiming overtime for hours {S} wasn't at work.",
        "{Sc} drove on blue lights to get a takeaway and nearly hit a cyclist.",
        "{Sc} falsified the times in {P} notebook about an arrest.",
        "{Sc} took a bag of property home from a job and it was never booked in.",
        "{Sc} leaks information about jobs to a friend who is a journalist.",
    ],
}

VICTIMS: dict[str, list[str]] = {
    "junior_colleague": [
        "a student officer on our team", "a probationer", "one of the new PCSOs",
        "a young PC just out of training", "a new trainee in the office", "a student officer",
    ],
    "colleague": ["a female colleague", "a colleague", "a PC on my team", "one of the staff"],
    "member_of_public": [
        "a woman he had stopped", "a member of the public", "a woman at a job",
        "a young woman in the street", "a woman who came to the front counter",
    ],
    "victim_of_crime": [
        "a domestic abuse victim", "a woman who had reported a burglary",
        "a victim in one of the cases", "a vulnerable woman who had reported a stalker",
        "a rape victim",
    ],
    "child": [
        "a 15 year old girl", "a teenage girl in care", "a 16 year old missing person",
        "a girl from the school liaison visits",
    ],
}  # fmt: skip

OPENERS = [
    "", "", "", "I want to report something. ", "I don't feel able to raise this on my team. ",
    "I've been putting off writing this. ", "This has been going on a while. ",
    "Not sure this is the right place. ", "Reporting anonymously because I'm scared. ",
]  # fmt: skip
CLOSERS = [
    "", "", "", " Nothing has been done.", " I don't think I'm the only one.",
    " Others have seen it too.", " I am worried about what happens next.",
    " I raised it informally and was told to leave it.", " Please look into this.",
]  # fmt: skip
SECOND = [
    " {Second} was there and didn't do anything.", " I told {second} and was told to drop it.",
    " {Second} laughed along.", " {Second} knows about it.",
    " I mentioned it to {second} at the time.",
]  # fmt: skip
SECOND_REFS = [
    "my sergeant", "the inspector", "another officer", "my supervisor", "a colleague",
    "the skipper", "the duty inspector", "my line manager",
]  # fmt: skip


_PUBLIC = {"member_of_public", "victim_of_crime", "child"}
_INTERNAL = {"bullying", "retaliation", "other_discrimination", "domestic_abuse"}


def _fill(text: str, sex: str, victim: str, first_person: bool) -> str:
    he, him, his = ("he", "him", "his") if sex == "M" else ("she", "her", "her")
    if first_person:
        vo, vs, vp = "me", "I", "my"
        victim = "me"
    else:
        vo, vs, vp = "her", "she", "her"
    text = text.replace("{V}'s", "my" if first_person else victim + "'s")
    out = text.format(S=he, Sc=he.capitalize(), O=him, P=his, V=victim, Vo=vo, Vs=vs, Vp=vp)
    if sex == "F":
        out = out.replace("a woman he had", "a woman she had")
    if first_person:
        out = out.replace("I was", "I was").replace("I is", "I am").replace("I doesn't", "I don't")
        out = out.replace("I says", "I say").replace("I has", "I have").replace("I does", "I do")
    parts = out.split(". ")
    return ". ".join(p[:1].upper() + p[1:] for p in parts)


def write(
    rng: random.Random,
    categories: list[str],
    affected: list[str],
    sex: str,
    stage: int | None,
    pattern: str | None,
    has_second: bool,
) -> str:
    """Compose a narrative. ``stage`` is 1-3 for predators."""
    first_person = "reporter" in affected
    others = [a for a in affected if a in VICTIMS]
    victim = rng.choice(VICTIMS[rng.choice(others)]) if others else "a colleague"
    cats = categories
    if set(others) & _PUBLIC and not set(others) & {"colleague", "junior_colleague"}:
        cats = [c for c in categories if c not in _INTERNAL] or categories
    primary = rng.choice(cats) if cats else "other"
    if pattern == "predatory" and stage is not None:
        where = "public" if set(others) & _PUBLIC else "work"
        if stage == 3 and "child" in others:
            where = "child"
        pool = PREDATOR.get((stage, where), PREDATOR[(stage, "public")])
    elif pattern == "bullying":
        pool = BULLYING
    else:
        pool = OTHER.get(primary, OTHER["other"])
    body = _fill(rng.choice(pool), sex, victim, first_person)
    rest = [c for c in cats if c != primary]
    if pattern is None and rest and rng.random() < 0.5:
        body += " " + _fill(rng.choice(OTHER[rng.choice(rest)]), sex, victim, first_person)
    text = rng.choice(OPENERS) + body
    if has_second:
        second = rng.choice(SECOND_REFS)
        text += rng.choice(SECOND).format(second=second, Second=second.capitalize())
    text += rng.choice(CLOSERS)
    return text.strip()
