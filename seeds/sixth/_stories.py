"""What reporters write in the narrative box. Each story is a few sentences filled in with how
the reporter refers to the people they name ({s}: the first person, {o}: the second) and pronouns.
"""

from __future__ import annotations

from random import Random

PLACES = [
    "in the writing room",
    "on a night shift",
    "in the back of the van",
    "in the custody suite",
    "at the Christmas do",
    "in the canteen",
    "on the team WhatsApp",
    "in the locker room corridor",
    "during a briefing",
    "on an aid shift",
    "in the car on the way back from a job",
    "at leaving drinks",
]
JUNIORS = [
    "a probationer",
    "one of the new student officers",
    "a female PC on her first posting",
    "a young PCSO",
    "a new member of staff in the control room",
    "a special on her first shifts",
]
PUBLIC = [
    "a woman who had reported a burglary",
    "a domestic abuse victim from one of his jobs",
    "a young woman he stopped in the street",
    "a witness in a rape case",
    "a vulnerable woman he met on a welfare check",
    "a girl of about 17 from a missing person job",
]

OPENINGS = [
    "",
    "I am really worried about putting this in writing. ",
    "I don't want to be identified please. ",
    "I have been thinking about reporting this for months. ",
    "Please don't tell anyone on my team I made this report. ",
    "Sorry if this is the wrong place for this. ",
    "I'm reporting this because nobody else will. ",
]
CLOSINGS = [
    "",
    " Everyone knows and nobody does anything.",
    " I'm scared it will come back on me if I raise it with my line manager.",
    " I don't trust PSD with this.",
    " I think there are others this has happened to.",
    " I have screenshots if needed.",
    " I'm worried what happens to my career if this gets out.",
    " Please do something.",
]

# Predatory conduct towards colleagues, by stage: 1 comments, 2 touching, 3 serious.
PREDATOR_COLLEAGUE = {
    1: [
        "{s} keeps making comments about {v}'s body {w}. {He} rates the women on the team out "
        "of ten and thinks it is funny.",
        "{s} messages {v} late at night asking what she's wearing and whether she has a boyfriend.",
        "{s} asked {v} about her sex life {w} in front of everyone. She went bright red and "
        "{he} carried on.",
        "{s} calls the young female officers 'sweetheart' and 'darling' and makes sexual jokes "
        "about them when they leave the room.",
    ],
    2: [
        "{s} put {his} hand on {v}'s thigh {w} and left it there even after she moved away.",
        "{s} keeps touching {v}, hands on her waist and shoulders, standing far too close. "
        "She has started asking not to be crewed with {him}.",
        "{w} {s} tried to kiss {v} and grabbed her when she said no. {He} laughed it off the "
        "next day.",
        "{s} pressed up against {v} {w} and whispered something disgusting to her.",
    ],
    3: [
        "{s} told {v} {he} would sign off her portfolio if she slept with {him}. She felt she "
        "had no choice. {He} is her tutor.",
        "{s} followed {v} into the locker room and exposed {himself} to her.",
        "{s} sexually assaulted {v} after leaving drinks. She is too scared of {him} to report "
        "it because {he} decides her postings.",
        "{s} has been pressuring {v} for sex and threatening to fail her on her probation if she "
        "says anything.",
    ],
}
# Predatory conduct towards the public: abuse of position for a sexual purpose.
PREDATOR_PUBLIC = {
    1: [
        "{s} took the phone number of {v} from the call log and has been texting her.",
        "{s} is always over-familiar with female victims, comments on their looks in the car "
        "afterwards and says which ones he'd 'go back to'.",
        "{s} spent ages on a job with {v} when it was finished and added her on social media.",
    ],
    2: [
        "{s} went back to the address of {v} off duty and hugged and touched her. She rang the "
        "station confused about whether it was a police visit.",
        "{s} offered {v} lifts home and put his hand on her leg in the police car.",
        "{s} has been meeting {v} outside work and touching her. She thinks he's helping her case.",
    ],
    3: [
        "{s} is in a sexual relationship with {v}. She is very vulnerable and depends on {him} "
        "for updates on her case.",
        "{s} told {v} her case would go better if she was 'nice' to {him}, then had sex with her "
        "at her flat while on duty.",
        "{s} searched police systems for {v} and turned up at her home and pressured her into sex.",
    ],
}
BULLYING = [
    "{s} shouts at me in front of the team over tiny things and makes a show of it.",
    "{s} always gives me the worst jobs and the last refs of the shift, and not the others.",
    "{s} mocks the way I talk and does impressions of me in briefing.",
    "{s} has left me off the team WhatsApp and tells people not to crew with me.",
    "{s} makes sarcastic comments about my sick leave and calls me lazy.",
    "{s} picks on probationers, tears apart their statements in front of everyone.",
    "{s} keeps changing my shifts at short notice and refuses my leave when others get theirs.",
    "{s} belittles me constantly, says I'm useless and should never have joined.",
    "{s} ignores me when I speak in briefings and talks over me every time.",
    "{s} criticises my work in emails copied to the whole team.",
]
BACKGROUND: dict[str, list[str]] = {
    "bullying": BULLYING,
    "sexism_misogyny": [
        "{s} says women shouldn't be on response and that female officers are a liability.",
        "{s} makes jokes about rape victims 'regretting it' {w}.",
        "{s} told me I only got my posting because I'm a woman.",
        "{s} shares sexist memes {w} and says we can't take a joke.",
    ],
    "sexual_misconduct": [
        "{s} made a sexual comment to me {w} and then tried to touch me.",
        "{s} sent me an explicit photo after a night out.",
        "{s} put {his} arm round me and touched my bottom {w}.",
    ],
    "racism": [
        "{s} used a racial slur about a prisoner {w} and nobody said anything.",
        "{s} makes comments about my name and asks where I'm 'really' from.",
        "{s} stops young black men far more than anyone else and jokes about it.",
        "{s} shared a racist video {w}.",
    ],
    "homophobia": [
        "{s} makes gay jokes about me {w} and calls things 'gay'.",
        "{s} told the team I'm gay without my permission and now people avoid me.",
    ],
    "transphobia": [
        "{s} refuses to use a colleague's name and pronouns and mocks her behind her back.",
        "{s} made transphobic comments about a detained person in custody.",
    ],
    "other_discrimination": [
        "{s} makes fun of my dyslexia and reads my statements out loud to laugh at them.",
        "{s} said pregnant officers are a waste of a post.",
        "{s} mocks a colleague for praying and for fasting during Ramadan.",
        "{s} says older officers should have retired and pushes them off jobs.",
    ],
    "domestic_abuse": [
        "I believe {s} is abusing {his} partner. She came in with bruises and is terrified of "
        "{him}.",
        "{s} has been controlling {his} ex, checking where she goes and turning up at her house.",
        "{s}'s partner called the station about {him} and it was dealt with informally.",
    ],
    "abuse_of_position": [
        "{s} looks up people {he} knows on police systems for personal reasons.",
        "{s} used {his} warrant card to get out of a parking fine and a speeding ticket.",
        "{s} dropped a case against a friend of {his} without telling anyone.",
    ],
    "retaliation": [
        "After I raised a concern about a colleague, {s} moved me off the team and said I "
        "wasn't a team player.",
        "Since my grievance {s} has been marking me down and blocking my application.",
        "{s} told everyone I was the one who reported and now nobody speaks to me.",
    ],
    "other": [
        "{s} claims overtime for hours {he} doesn't work.",
        "{s} turns up for early shifts smelling of alcohol.",
        "{s} switches off {his} body worn video on jobs where {he} uses force.",
        "{s} regularly sleeps in the car on nights and leaves jobs unattended.",
        "{s} takes property from exhibits home and doesn't book it back in.",
    ],
}
# How a second or third person comes into a story.
OTHERS = [
    " I told {o} and nothing happened.",
    " {o} was there and laughed along.",
    " {o} saw it too but said to leave it.",
    " When I raised it with {o} I was told to toughen up.",
    " {o} joined in.",
    " I think {o} knows but protects {him}.",
]


def pronouns(sex: str) -> dict[str, str]:
    if sex == "f":
        return {"he": "she", "He": "She", "his": "her", "him": "her", "himself": "herself"}
    return {"he": "he", "He": "He", "his": "his", "him": "him", "himself": "himself"}


def fill(rng: Random, template: str, ref: str, sex: str, victim: str) -> str:
    text = template.format(s=ref, v=victim, w=rng.choice(PLACES), **pronouns(sex))
    return text[:1].upper() + text[1:]


def tell(
    rng: Random,
    core: str,
    refs: list[str],
    sexes: list[str],
    victim: str = "a colleague",
) -> str:
    """A whole narrative around one core template: an opening, the story, anyone else named,
    a closing. With nobody named, the story speaks of "an officer"."""
    first = refs[0] if refs else rng.choice(["an officer", "someone on my team", "a sergeant"])
    sex = sexes[0] if sexes else "m"
    text = rng.choice(OPENINGS) + fill(rng, core, first, sex, victim)
    for other in refs[1:]:
        text += rng.choice(OTHERS).format(o=other, **pronouns(sex))
    text += rng.choice(CLOSINGS)
    if rng.random() < 0.07:  # typed in a hurry on a phone
        text = text.lower()
    return text
