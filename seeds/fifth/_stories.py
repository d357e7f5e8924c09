"""What reporters say happened, in ordinary words, assembled from many small pieces so that no
two narratives read the same."""

from __future__ import annotations

import random

OPEN = [
    "I don't really know how to start this.",
    "I've been putting off writing this for weeks.",
    "Sorry if this is not the right place.",
    "I'm writing this on my break.",
    "I want this on record even if nothing happens.",
    "A friend told me to use this.",
    "I'm not sure if this counts but here goes.",
    "This has been going on a while.",
    "I was told this is anonymous so I'm reporting it.",
    "",
    "",
    "",
]
WHEN = [
    "on a late turn",
    "on nights last month",
    "at the Christmas do",
    "in the writers room",
    "in the back of the van",
    "in the canteen",
    "at a scene in {place}",
    "on an early turn",
    "after briefing",
    "during a search",
    "at the station",
    "in the locker room corridor",
    "on a cordon",
    "on the team WhatsApp",
    "on a Saturday night shift",
    "in the yard",
]
PLACES = [
    "Catford",
    "Peckham",
    "Brixton",
    "Ilford",
    "Croydon",
    "Wembley",
    "Camden Town",
    "Stratford",
    "Romford",
    "Hounslow",
    "Tottenham",
    "Kingston",
    "Woolwich",
    "Sutton",
]
FEEL = [
    "I felt sick.",
    "It made me feel really uncomfortable.",
    "I didn't know what to say.",
    "I laughed it off at the time but it's stayed with me.",
    "I'm scared of what he'll do.",
    "I dread going into work now.",
    "Everyone just acted like it was normal.",
    "I've started swapping shifts to avoid him.",
    "I didn't report it then because of who he is.",
    "I'm worried about my probation.",
    "I can't stop thinking about it.",
    "",
]
CLOSE = [
    "Please don't let him know it came from me.",
    "I just want someone to look at him.",
    "I think there will be others.",
    "I don't want to be identified.",
    "I have screenshots if needed.",
    "I'm not the only one he's done this to.",
    "Please do something.",
    "I don't trust my chain of command with this.",
    "",
    "",
    "",
]

EARLY = [
    "{who} keeps commenting on what I'm wearing and my body",
    "{who} calls the female officers 'darling' and 'sweetheart' and asked if I'd been 'a good "
    "girl' this weekend",
    "{who} said women shouldn't be on response because we can't handle ourselves",
    "{who} puts his hand on the small of my back whenever he walks past",
    "{who} sends me messages late at night asking about my boyfriend",
    "{who} made a joke about my chest in front of the whole team",
    "{who} asked the new probationers which of them was single",
    "{who} rates the women on the team out of ten in the group chat",
    "{who} stands far too close and won't move when I ask",
    "{who} told me I'd get further if I smiled more and wore my hair down",
    "{who} keeps offering me lifts home even though I've said no",
    "{who} made comments about a female victim's appearance while we were taking her statement",
]
MIDDLE = [
    "{who} offered to 'help with my portfolio' and then suggested we do it at his flat",
    "{who} touched my thigh in the carrier and when I moved away he laughed",
    "{who} turned up outside my house after a night out even though I never gave him my address",
    "{who} keeps asking to be crewed with the female probationers and gets annoyed if he isn't",
    "{who} tried to kiss me in the car park after a shift",
    "{who} sent me a picture of himself I did not ask for",
    "{who} said my sign-off depended on 'being nice to him'",
    "{who} pressured a student officer to go for drinks and then wouldn't let her leave",
    "{who} grabbed me from behind in the kit room and said it was a joke",
    "{who} messages a student officer on Snapchat and she looks terrified when he's around",
    "{who} followed me into the locker room and wouldn't leave",
]
LATE = [
    "{who} looked up a woman he'd stopped on the police systems and then messaged her from his "
    "own phone",
    "{who} went back to a domestic abuse victim's address off duty, she told us he 'checks on "
    "her' and it frightened her",
    "{who} has been contacting a woman who reported a burglary, telling her he can keep her safe",
    "{who} added a witness from a job on Instagram and has been messaging her at night",
    "{who} ran checks on a woman he met at a job for no policing reason, I saw it on the audit",
    "{who} offered to make a shoplifting matter 'go away' if she met up with him",
    "{who} followed a woman home from a stop in his own car",
    "{who} gave his personal number to a vulnerable woman in custody and met her after release",
    "a victim of a sexual assault said {who} asked her out while taking her statement",
    "{who} keeps volunteering for jobs involving young women with mental health problems and "
    "spends ages alone with them",
    "{who} was seen parked outside a rape victim's address when he was not on duty",
]
CHILD = [
    "{who} has been messaging a 15 year old girl he met at a school engagement day",
    "{who} gave his number to a 16 year old missing person he brought home and has been texting "
    "her",
    "a girl from the cadets said {who} sends her messages and asked her not to tell anyone",
]
BULLY = [
    "{who} screamed at me in front of the whole briefing for a typo on a crime report",
    "{who} calls me useless and says I should never have passed training",
    "{who} put me on nights for six weeks straight when no one else was",
    "{who} refused my leave again while approving everyone else's",
    "{who} has removed me from the team WhatsApp and tells people not to crew with me",
    "{who} picks apart everything I do and copies in the inspector to humiliate me",
    "{who} mocks my accent and the team laughs along",
    "{who} threatened that my PDR would be 'a problem' if I kept questioning him",
    "{who} slammed the door on me and shouted that I was a waste of a warrant card",
    "{who} gives all the rubbish jobs to the same two of us every shift",
    "{who} told me I'm 'too slow' in front of prisoners in custody",
    "{who} keeps changing my rest days at short notice so I can't see my kids",
    "{who} ignores me completely and won't sign off my overtime",
    "{who} made a point of reading my sickness record out to the team",
    "{who} said if I went to the Fed I'd regret it",
]
GENERAL: dict[str, list[str]] = {
    "bullying": BULLY,
    "sexism_misogyny": [
        "{who} said women only get promoted to tick boxes",
        "{who} refuses to send female officers to 'proper' jobs",
        "{who} made sexist jokes about a female inspector in the canteen",
        "{who} called a female colleague hormonal for disagreeing with him",
    ],
    "sexual_misconduct": [
        "{who} made a sexual comment to a woman at a party, she was upset and left",
        "{who} touched a colleague inappropriately at a leaving do",
        "{who} shared an explicit photo of a woman in a group chat",
    ],
    "racism": [
        "{who} used a racial slur about a prisoner in the custody suite",
        "{who} stops and searches young black men far more than anyone else on the team and "
        "jokes about it",
        "{who} made a comment about my hijab that the team laughed at",
        "{who} keeps calling an Asian colleague by the wrong name on purpose",
        "{who} shared a racist meme on the team chat",
    ],
    "homophobia": [
        "{who} made homophobic comments about a gay colleague",
        "{who} joked that a male officer was 'batting for the other side' and wouldn't drop it",
    ],
    "transphobia": [
        "{who} kept deliberately misgendering a trans detainee and mocking her",
        "{who} said trans officers shouldn't be allowed to search anyone",
    ],
    "other_discrimination": [
        "{who} mocked a colleague's stammer in a meeting",
        "{who} said people with disabilities shouldn't be in the job",
        "{who} made comments about a colleague's age and said she should retire",
        "{who} refused a colleague's request for adjustments after her diagnosis",
    ],
    "domestic_abuse": [
        "{who}'s partner told me he controls her money and checks her phone",
        "I think {who} is hurting his partner, she had bruises and won't talk about it",
        "{who} has been harassing his ex since they split up and turned up at her work",
    ],
    "abuse_of_position": [
        "{who} uses his warrant card to get out of parking tickets and free food",
        "{who} looked up his neighbour on the systems during a dispute",
        "{who} leaked details of a job to a friend",
        "{who} checked his ex-partner's new boyfriend on PNC",
    ],
    "retaliation": [
        "after I raised a grievance {who} moved me off the team",
        "since I gave a statement against a colleague {who} has blocked my transfer",
        "{who} told everyone I was a grass after I reported something",
    ],
    "other": [
        "{who} is regularly drinking before shifts",
        "{who} falsifies his duty times and claims overtime he hasn't worked",
        "{who} sleeps in the car on nights while we cover his calls",
        "{who} lost exhibits and blamed someone else",
        "{who} drives dangerously on blue lights with no reason",
    ],
}
PASSING = [
    "I told {who2} at the time but nothing was done.",
    "{who2} was there and laughed along.",
    "{who2} knows about it and just said 'that's what he's like'.",
    "I mentioned it to {who2} who told me to keep my head down.",
    "{who2} joined in.",
    "{who2} saw it as well.",
    "When I raised it with {who2} I was told to 'man up'.",
    "{who2} is his mate so I didn't bother saying anything.",
]


_PLACED = (" in ", " at ", " outside ", " after ", " from ", " on ", " into ")
_PLACEABLE = {
    act
    for act in [*EARLY, *MIDDLE, *BULLY, *GENERAL["sexism_misogyny"], *GENERAL["racism"]]
    if not any(word in act for word in _PLACED)
}


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def _place(text: str, rng: random.Random) -> str:
    return text.replace("{place}", rng.choice(PLACES))


def narrate(rng: random.Random, acts: list[str], who: str, passing: list[str]) -> str:
    """Opening, the acts (with where and when), how it felt, anyone else, and a closing line."""
    parts = [rng.choice(OPEN)]
    for i, act in enumerate(acts):
        line = act.replace("{who}", who)
        if act in _PLACEABLE and rng.random() < 0.5:
            where = _place(rng.choice(WHEN), rng)
            line = f"{where}, {line}" if rng.random() < 0.5 else f"{line} {where}"
        if i and rng.random() < 0.5:
            line = rng.choice(["Also ", "Another time ", "And ", "Then "]) + line
        parts.append(_sentence(line))
    parts.append(rng.choice(FEEL))
    for who2 in passing:
        parts.append(_sentence(rng.choice(PASSING).replace("{who2}", who2)))
    parts.append(rng.choice(CLOSE))
    text = " ".join(p for p in parts if p)
    if rng.random() < 0.15:
        text = text.lower()
    if rng.random() < 0.1:
        text = text.replace(". ", " ").replace("'", "")
    return text


def predatory(rng: random.Random, stage: float) -> tuple[list[str], list[str], list[str]]:
    """Categories, affected and acts for a predator's report at ``stage`` (0 first, 1 last)."""
    if stage < 0.35:
        cats = ["sexism_misogyny"] + (["sexual_misconduct"] if rng.random() < 0.2 else [])
        if rng.random() < 0.15:
            cats.append("bullying")
        affected = rng.sample(["reporter", "colleague", "junior_colleague"], rng.randint(1, 2))
        acts = rng.sample(EARLY, rng.randint(1, 2))
    elif stage < 0.7:
        cats = [
            "sexual_misconduct",
            *rng.sample(["sexism_misogyny", "abuse_of_position"], rng.randint(0, 1)),
        ]
        affected = ["junior_colleague"] if rng.random() < 0.6 else ["reporter"]
        if rng.random() < 0.35:
            affected.append(rng.choice(["colleague", "member_of_public"]))
        acts = rng.sample(MIDDLE, rng.randint(1, 2))
        if rng.random() < 0.3:
            acts.append(rng.choice(EARLY))
    else:
        cats = ["abuse_of_position", "sexual_misconduct"]
        rng.shuffle(cats)
        if rng.random() < 0.3:
            cats = cats[:1]
        if rng.random() < 0.12:
            affected = ["child"]
            acts = [rng.choice(CHILD)]
        else:
            affected = [rng.choice(["member_of_public", "victim_of_crime", "victim_of_crime"])]
            acts = rng.sample(LATE, rng.randint(1, 2))
        if rng.random() < 0.3:
            affected.append("junior_colleague" if rng.random() < 0.5 else "reporter")
            acts.append(rng.choice(MIDDLE))
    return cats, list(dict.fromkeys(affected)), acts


def bullying(rng: random.Random) -> tuple[list[str], list[str]]:
    affected = rng.sample(
        ["reporter", "reporter", "colleague", "junior_colleague"], rng.randint(1, 2)
    )
    return list(dict.fromkeys(affected)), rng.sample(BULLY, rng.randint(1, 3))


AFFECTED_BY: dict[str, list[str]] = {
    "bullying": ["reporter", "colleague", "junior_colleague"],
    "sexism_misogyny": ["reporter", "colleague", "junior_colleague", "member_of_public"],
    "sexual_misconduct": ["colleague", "reporter", "member_of_public"],
    "racism": ["reporter", "colleague", "member_of_public"],
    "homophobia": ["colleague", "reporter"],
    "transphobia": ["member_of_public", "colleague"],
    "other_discrimination": ["colleague", "reporter"],
    "domestic_abuse": ["member_of_public"],
    "abuse_of_position": ["member_of_public", "victim_of_crime"],
    "retaliation": ["reporter"],
    "other": ["colleague", "member_of_public"],
}
BACKGROUND_WEIGHTS = {
    "bullying": 28,
    "sexism_misogyny": 11,
    "racism": 10,
    "other": 13,
    "abuse_of_position": 7,
    "sexual_misconduct": 5,
    "homophobia": 3,
    "transphobia": 1,
    "other_discrimination": 5,
    "domestic_abuse": 4,
    "retaliation": 7,
}


def background(rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """An unrelated matter about anyone: categories, affected and acts."""
    codes = list(BACKGROUND_WEIGHTS)
    weights = list(BACKGROUND_WEIGHTS.values())
    count = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
    cats: list[str] = []
    while len(cats) < count:
        code = rng.choices(codes, weights=weights)[0]
        if code not in cats:
            cats.append(code)
    acts = [rng.choice(GENERAL[c]) for c in cats]
    pool: list[str] = []
    for code in cats:
        pool += AFFECTED_BY.get(code, ["reporter", "colleague"])
    pool = list(dict.fromkeys(pool))
    n_aff = min(len(pool), rng.choices([0, 1, 2, 3], weights=[15, 60, 20, 5])[0])
    affected = rng.sample(pool, n_aff) if n_aff else []
    return cats, affected, acts
