"""Short narratives in a reporter's voice, consistent with the categories."""

from __future__ import annotations

import random

VICTIMS = {
    "junior_colleague": ["a probationer", "a new PC on the team", "a student officer",
                         "one of the new starters", "a young PCSO", "a probie"],
    "colleague": ["a colleague", "another officer", "a member of staff", "one of the team"],
    "member_of_public": ["a member of the public", "a woman at a job", "a man we stopped",
                         "a shop worker", "a woman he met on patrol"],
    "victim_of_crime": ["a DA victim", "a victim of crime", "a vulnerable victim",
                        "a woman who had reported a burglary", "a rape victim"],
    "child": ["a child", "a 15 year old", "a teenager in custody", "a young girl"],
    "reporter": ["me"],
}  # fmt: skip

PREDATORY_VICTIMS = {
    "junior_colleague": ["a probationer", "a young female PC", "a student officer", "a new PCSO"],
    "colleague": ["a female colleague", "a woman on the team", "a female DC"],
    "member_of_public": ["a woman at a job", "a young woman he stopped", "a female witness"],
    "victim_of_crime": ["a DA victim", "a vulnerable woman", "a rape victim", "a female victim"],
    "child": ["a teenage girl"],
    "reporter": ["me"],
}

LINES: dict[str, list[str]] = {
    "sexism_misogyny": [
        "{Ref} keeps saying women are not up to the job and only got in because of quotas.",
        "{Ref} makes comments about what female officers are wearing in the briefing room.",
        "{Ref} told {victim} to go and make the tea and leave the arrests to the men.",
        "{Ref} shares misogynistic memes on the team WhatsApp group.",
    ],
    "sexual_misconduct": [
        "{Ref} touched {victim} on the leg in the car and did not stop when asked.",
        "{Ref} has been sending sexual messages to {victim} late at night.",
        "{Ref} tried to kiss {victim} at the leaving do and followed them outside.",
        "{Ref} showed {victim} explicit photos on {their} phone while on duty.",
    ],
    "abuse_of_position": [
        "{Ref} took the phone number of {victim} from a report and contacted them afterwards.",
        "{Ref} has been checking the PNC and CRIS for people {they} know personally.",
        "{Ref} offered to make a problem go away for {victim} in return for favours.",
        "{Ref} used {their} warrant card to get free things and to get into places.",
    ],
    "bullying": [
        "{Ref} shouts at {victim} in front of everyone and gives them the worst jobs.",
        "{Ref} has been picking on {victim} for months and everyone can see it.",
        "{Ref} belittles {victim} in briefings and sets them up to fail.",
        "{Ref} refuses leave requests from {victim} and mocks them when they ask.",
    ],
    "racism": [
        "{Ref} used a racist term about {victim} in the back of the van.",
        "{Ref} makes jokes about people's skin colour and says it is just banter.",
        "{Ref} stops black men far more than anyone else and says why in the car.",
    ],
    "homophobia": [
        "{Ref} makes homophobic comments about {victim} when they are not in the room.",
        "{Ref} refused to partner with a gay colleague and said why out loud.",
    ],
    "transphobia": [
        "{Ref} keeps deliberately misgendering {victim} and laughs about it.",
        "{Ref} made transphobic comments about a detained person in custody.",
    ],
    "other_discrimination": [
        "{Ref} mocks {victim} for {their} disability and copies how they walk.",
        "{Ref} makes comments about a colleague's religion and the way she dresses.",
        "{Ref} said older officers should just retire and stop taking up space.",
    ],
    "domestic_abuse": [
        "I have been told {ref} is abusive to {their} partner at home and she is scared.",
        "{Ref} controls {their} partner's money and phone and she came in with bruises.",
        "{Ref} was reported by {their} ex for threats but it was never taken forward.",
    ],
    "retaliation": [
        "Since I raised a concern, {ref} has blocked my leave and moved me off the team.",
        "After {victim} complained, {ref} started giving them every bad job going.",
        "{Ref} found out who reported {them} and has been turning the team against them.",
    ],
    "other": [
        "{Ref} has been drinking on duty and driving the response car.",
        "{Ref} is falsifying overtime claims and others cover for {them}.",
        "{Ref} keeps turning up late and leaving the team short.",
    ],
}

PREDATORY_STAGES = [
    [
        "{Ref} keeps making comments about {victim}'s body and how she looks.",
        "{Ref} asked {victim} for her personal number and kept messaging.",
        "{Ref} always seems to put himself on shift with the new female officers.",
    ],
    [
        "{Ref} offered {victim} a lift home and tried to touch her in the car.",
        "{Ref} has been contacting {victim} after a job, saying he wants to check on her.",
        "{Ref} keeps putting his hand on {victim}'s back and thigh when no one is looking.",
    ],
    [
        "{Ref} went back to the address of {victim} off duty and would not leave.",
        "{Ref} pressured {victim} into sex and said her career depended on him.",
        "{Ref} told {victim} he could make her case go away if she met him.",
        "{Ref} sexually assaulted {victim} in the station and told her no one would believe her.",
    ],
]

CLOSERS = [
    "I don't want my name used.",
    "Others saw it too.",
    "I'm worried about what happens if they find out it was me.",
    "This has happened before.",
    "Nobody does anything about it.",
    "It happened on a night shift.",
    "I can give more detail if needed.",
    "I have been told to keep quiet.",
]

SECOND = [
    "{Ref2} was there and laughed along.",
    "{Ref2} saw it and did nothing.",
    "{Ref2} joined in.",
    "{Ref2} told me to let it go.",
]


def ref_text(name: str | None, sex: str, rng: random.Random) -> str:
    """How the narrative refers to a subject."""
    if name and len(name) <= 40 and rng.random() < 0.75:
        return name
    if sex == "f":
        return rng.choice(["the officer", "she", "my supervisor", "this officer", "her"])
    return rng.choice(["the officer", "he", "my sergeant", "this officer", "this bloke"])


def _fill(line: str, ref: str, sex: str, victim: str, rng: random.Random) -> str:
    they = {"m": "he", "f": "she"}[sex] if rng.random() < 0.85 else "they"
    them = {"he": "him", "she": "her", "they": "them"}[they]
    their = {"he": "his", "she": "her", "they": "their"}[they]
    if ref in ("her",):
        ref = "she"
    out = line.format(
        Ref=ref[0].upper() + ref[1:],
        ref=ref,
        they=they,
        them=them,
        their=their,
        victim=victim,
    )
    return out


def victim_phrase(affected: list[str], rng: random.Random) -> str:
    """A phrase for who was affected."""
    if not affected:
        return rng.choice(["someone", "a colleague", "people on the team"])
    return rng.choice(VICTIMS[rng.choice(affected)])


def compose(
    categories: list[str],
    affected: list[str],
    refs: list[tuple[str, str]],
    rng: random.Random,
    stage: int | None = None,
) -> str:
    """1-4 sentences; ``refs`` is (reference, sex) per subject."""
    victim = victim_phrase(affected, rng)
    if stage is not None:
        victim = rng.choice(PREDATORY_VICTIMS[rng.choice(affected)] if affected else ["a woman"])
    if not refs:
        refs_main = (rng.choice(["an officer", "someone on the team", "a supervisor"]), "m")
    else:
        refs_main = refs[0]
    ref, sex = refs_main
    sentences = []
    if stage is not None:
        sentences.append(_fill(rng.choice(PREDATORY_STAGES[stage]), ref, sex, victim, rng))
    pronoun = {"m": "he", "f": "she"}[sex]
    for cat in categories[:2]:
        if stage is not None and cat == "sexual_misconduct":
            continue
        who = pronoun if sentences else ref
        sentences.append(_fill(rng.choice(LINES[cat]), who, sex, victim, rng))
    if len(refs) > 1 and len(sentences) < 3:
        r2 = refs[1][0]
        sentences.append(rng.choice(SECOND).format(Ref2=r2[0].upper() + r2[1:]))
    if len(sentences) < 4 and rng.random() < 0.4:
        sentences.append(rng.choice(CLOSERS))
    return " ".join(sentences[:4])
