"""Narratives in a reporter's own words, assembled from loose fragments so no two read alike.

Templates use [a|b|c] for a random choice and {slots} for the people involved: {he}/{him}/{his}
for the subject, {v}/{vs}/{vi} for the victim (object / possessive / subject form).
"""

from __future__ import annotations

import random
import re

_CHOICE = re.compile(r"\[([^\[\]]*)\]")

OPENERS = (
    "[I'm not sure this is the right place for this but|Not sure where else to put this.|"
    "I have been putting off writing this.|Please keep this anonymous.|This is hard to write.]",
    "[I work on the same team as {him}.|I'm on {his} relief.|I've worked with {him} for "
    "[a year|two years|a few months|ages].|I'm a [PC|PCSO|DC|member of staff] in the same "
    "[office|nick|building].]",
    "[Writing this anonymously because of what happens to people who speak up|Someone has to say "
    "something|I know other people have seen this too|I don't trust the chain of command with this]"
    "[.|...| -]",
    "[Reporting this on behalf of|Passing this on for|This came from] [a friend|a colleague|"
    "someone on my team] who [is too scared to|doesn't feel able to|won't] [report it|put her name "
    "to it|come forward] [herself|themselves|].",
)
SETTINGS = (
    "[On nights|On lates|On an early turn|On a night shift] [last week|a couple of weeks ago|in "
    "{month}|recently],",
    "[At the Christmas do|At a leaving do|After team drinks|At the team night out] [in {month}|"
    "last year|this year|],",
    "[In the writing room|In the back of the carrier|In the canteen|In the yard|In the kit room|"
    "At the custody desk|In the report writing room|In the parade room]",
    "[For months now|Over the last few weeks|Since {month}|For as long as I've been on the team|"
    "Ever since {he} joined]",
)
IMPACT = (
    "[She|The victim|The person affected] [is now off sick|has asked to move teams|has stopped "
    "coming to team events|is thinking of resigning|cried in the toilets afterwards].",
    "[I felt sick|I didn't know what to do|I froze|I was shaking|I laughed it off but I wasn't "
    "ok|I haven't slept properly since].",
    "[Nobody said anything|Everyone just laughed|People looked away|The others on the "
    "[van|team] pretended not to notice|It's treated as a joke].",
    "[This isn't the first time|It's a pattern|Everyone knows what {he}'s like|Others have "
    "had the same|It keeps happening].",
)
CLOSERS = (
    "[I am scared of what will happen if {he} finds out it was me|Please don't let {him} know "
    "this came from our team|I can't afford to lose my job over this].",
    "[Please do something before someone gets hurt|Someone needs to look at {him} properly|"
    "I just want it to stop|Please look into this].",
    "[I don't want to be named|I'm happy to give more detail if it stays anonymous|I have "
    "screenshots if needed|There were witnesses].",
)
SECOND = (
    "I told {s} [and nothing happened|and was told to leave it|and it was laughed off|at the "
    "time but nothing was done].",
    "{s} [was there|saw it] and [laughed|did nothing|said it was banter|walked off].",
    "[When I raised it|When she reported it], {s} [said it would 'be dealt with'|told "
    "[me|her] not to make a fuss|said {he} was 'a good bobby'] and [nothing changed|it got "
    "worse].",
)
VICTIM_INTRO = {
    "reporter": "",
    "colleague": "[A colleague|One of the women on my team|Another PC|A friend on the team] "
    "[told me about this|has been affected|confided in me].",
    "junior_colleague": "[{VI}'s|The victim is] a [probationer|student officer|new starter|probie]"
    " [still in {vs} first year|on {vs} tutorship|only a few months in].",
    "member_of_public": "[The woman|She] is a member of the public [{he} dealt with|from a stop|"
    "who came into the front counter|{he} met on a call].",
    "victim_of_crime": "[She|The woman] [is|was] a victim in one of [{his}|our] cases [- a "
    "domestic|- a burglary|- a stalking job|- a sexual offence].",
    "child": "[She|The girl] is only [14|15|16] [years old|].",
}
PREDATOR = {
    (0, "in"): (
        "{he} [keeps|is always] [making|passing] comments about [{vs}|the female officers'] "
        "[body|chest|bum|figure|appearance] [in the writing room|on the van|in briefing|on the "
        "team whatsapp].",
        "{he} [rated|rates|scores] the [female probationers|new girls|women on the team] out of "
        "ten [on the group chat|in the canteen|in front of everyone].",
        "{he} asked {v} [what underwear {vi} had on|if {vi} was single|about {vs} sex life] "
        "[while double crewed|in front of the skipper|on a scene].",
        "[Constant|Endless|Non-stop] [sexual jokes|innuendo|comments about sex] from {him}, "
        "[mostly aimed at|always directed at] the [younger|newer] women.",
    ),
    (1, "in"): (
        "{he} [messages|texts|snapchats] {v} [late at night|after every shift|on rest days] "
        "[asking to meet up|saying things like 'you looked good today'|with kisses].",
        "{he} [looked {v} up on|used] [the PNC|CRIS|the duty system|Connect|the HR system] to "
        "[get {vs} home address|find out where {vi} lives] and then [turned up|mentioned it].",
        "{he} [always asks|keeps asking] to be [double crewed|posted] with the [young|new] "
        "[probationers|probies|female PCs] and [stares|makes them uncomfortable|talks about sex "
        "the whole shift].",
        "{he} [stands too close|corners women in the kit room|blocks the door of the locker room]"
        " and [won't take no|laughs it off].",
    ),
    (2, "in"): (
        "{he} [put his hand on|touched|grabbed|squeezed] {vs} [thigh|knee|bum|waist|lower back] "
        "[in the back of the carrier|in the car|in the lift|at the leaving do] and [kept it there"
        "|laughed when {vi} moved away|said it was a joke].",
        "{he} [tried to kiss|pinned|pushed himself against] {v} [in the locker room|in the yard|"
        "at the Christmas do|in the stairwell].",
        "{he} [slapped|pinched] {vs} [backside|bum] [in front of the team|as {vi} walked past|at "
        "the custody desk].",
    ),
    (3, "in"): (
        "{he} [sexually assaulted|forced himself on] {v} [after a team night out|back at his "
        "flat|in a police car] and [told {v} no one would believe {v}|acted like nothing "
        "happened].",
        "{he} [exposed himself|sent an explicit photo] to {v} and [then threatened {vs} career|"
        "laughed about it on the team chat].",
        "{he} told {v} that {vs} [sign-off|probation|confirmation] [depended on|would go better "
        "if] [being 'nice' to him|sleeping with him|keeping quiet].",
    ),
    (4, "in"): (
        "[{vi} says|I am told] {he} [raped {v}|sexually assaulted {v} again] after [the team "
        "drinks|a late shift|{he} offered a lift home].",
        "{he} has done this to [at least three|several|more than one] of us and [now|this time] "
        "[it was rape|{vi} was assaulted] [at a colleague's house|after a night out].",
    ),
    (0, "out"): (
        "{he} [made comments about|commented on] {vs} [looks|figure|appearance|clothes] during "
        "[a stop|a stop and search|a traffic stop] and [asked for {vs} number|called {v} "
        "'darling'].",
        "{he} [kept|was] [flirting with|making remarks to] {v} [on scene|at the front counter|"
        "while taking {vs} statement], [in front of me|which was really inappropriate].",
    ),
    (1, "out"): (
        "{he} [took|got] {vs} [number|address] from [the CAD|CRIS|{vs} statement|the crime "
        "report] and [messaged {v}|added {v} on instagram|texted {v} from his own phone] "
        "[asking {v} out|saying he 'liked' {v}|with kisses].",
        "{he} [ran|did] [PNC checks|intel checks|CRIS searches] on {v} [for no policing "
        "reason|after {he} met {v}|off the back of a call] and [then got in touch|turned up].",
    ),
    (2, "out"): (
        "{he} [keeps going|went] [back|round] to {vs} [address|flat] [off duty|on his own|when "
        "not tasked] and [stays for hours|touched {v}|tried it on].",
        "{he} [offered|gave] {v} a lift home [in the police car|after {vs} statement] and "
        "[put his hand on {vs} leg|tried to kiss {v}].",
    ),
    (3, "out"): (
        "{he} [started a sexual relationship with|pressured into sex] {v} [while {vs} case was "
        "still open|and told {v} it would help {vs} case].",
        "{he} told {v} that [he'd let it go|he could make it go away|the case would go better] "
        "if {vi} [did something for him|went to his car|met him after his shift].",
    ),
    (4, "out"): (
        "{he} [sexually assaulted|assaulted] {v} [in {vs} flat|in the back of the car|after "
        "giving {v} a lift home] and [threatened to arrest {vs} partner|said {vs} kids would be "
        "taken] if {vi} [told anyone|reported it].",
        "[{vi} has told us|{vi} says] {he} [raped {v}|forced {v} to have sex] [when he came back "
        "off duty|at {vs} home], and [{vi} is terrified of him|{vi} thinks nobody will believe "
        "{v}].",
    ),
    (3, "child"): (
        "{he} has been [messaging|sending messages to] {v} on [snapchat|instagram|whatsapp] "
        "[telling {v} {vi}'s 'mature for {vs} age'|asking {v} to meet up|with sexual content].",
        "{he} [met|arranged to meet] {v} [after cadets|after {vs} interview|off duty] and "
        "[touched {v}|gave {v} alcohol|told {v} to keep it secret].",
    ),
}
BULLY = (
    "{he} [shouts at|screams at|has a go at] {v} [in front of everyone|in briefing|over the "
    "radio|in the yard] [over nothing|for the smallest mistake|until {vi} cried].",
    "{he} [calls|called] {v} [useless|thick|a waste of a warrant card|'the weak link'] [in front "
    "of the team|in the parade room|on the group chat].",
    "[The rota|The duties] [is always|keeps being] [rigged|changed] against {v} - [every "
    "weekend|all the nights|cancelled rest days] - while [{his}|the] [mates|favourites] [get the "
    "good shifts|get all the courses].",
    "{he} [refused|keeps refusing] {vs} [leave|annual leave|flexible working request|request to "
    "go part time] [without a reason|and laughed about it].",
    "{he} [leaves|left] {v} out of [the team group chat|team meals|briefings|the team night out]"
    " [on purpose|deliberately] and [told|tells] others not to [crew with|talk to] {v}.",
    "{he} [rips apart|picks holes in|tears up] {vs} [paperwork|files|statements] [in front of "
    "the team|publicly|and sends it back ten times].",
    "{he} [slams|threw] [doors|a folder|a chair] [when {he}'s angry|at the wall] and [everyone is "
    "scared of {him}|people walk on eggshells].",
    "{he} [makes|made] {v} [do all the scene guards|sit on constant watch|make the tea] [as a "
    "punishment|because {vi} 'need toughening up'|every single shift].",
    "{he} [mocks|mimics] {vs} [weight|stammer|voice on the radio|hair] [constantly|in "
    "briefing|to the rest of the team].",
    "{he} [set|sets] {v} [impossible targets|deadlines nobody could meet] and then [writes {v} "
    "up|puts it on {vs} PDR|tells the Inspector {vi} can't cope].",
)
RETALIATE = (
    "[Since|After] {vi} [complained|raised it|put in a grievance], {he} [has threatened|"
    "threatened] to [put {v} on an action plan|give {v} a bad PDR|move {v} off team].",
    "After [I|{vi}] [reported something|went to the Fed|spoke to Professional Standards], {he} "
    "[blocked {vs} course application|moved {v} to nights|stopped speaking to {v}].",
)
BACKGROUND = {
    "sexism_misogyny": (
        "{he} says women [shouldn't be|can't cope] [on response|on firearms|in charge|as "
        "sergeants] and [calls|refers to] female colleagues [as 'girls'|'love'|'the skirts'].",
        "{he} [gives|always gives] the [jobs that matter|arrests|good calls] to the men and "
        "[leaves|sends] the women [the scene guards|the paperwork|the kids' jobs].",
    ),
    "racism": (
        "{he} [used|said] a [racial slur|racist term|horrible word] [about a detained person|in "
        "the canteen|on the van] [and laughed|and nobody challenged it].",
        "{he} [stops|searches] [black|asian|young black] [lads|men|kids] [far more|for nothing] "
        "and [jokes about it|calls it 'fishing'].",
        "{he} [made comments|makes jokes] about {vs} [accent|headscarf|religion|fasting] [in "
        "front of the team|on the group chat].",
    ),
    "homophobia": (
        "{he} [makes|made] [jokes|comments] about [gay|lesbian] [colleagues|people|a colleague's "
        "partner] [using slurs|in briefing|on the group chat].",
        "{he} [refused|didn't want] to [share a changing room|crew] with [a gay colleague|{v}].",
    ),
    "transphobia": (
        "{he} [keeps|kept] [misgendering|deadnaming] [a trans colleague|a trans detainee|a trans "
        "victim] [and laughs|on purpose|in front of others].",
        "[Jokes|Vile comments] about trans [people|women] from {him} on [the group chat|the van|"
        "nights].",
    ),
    "other_discrimination": (
        "{he} [made comments|keeps commenting] about {vs} [disability|pregnancy|age|dyslexia|"
        "restricted duties] and [said {vi} was 'a burden'|blocked {vs} adjustments].",
        "{he} [refused|ignored] {vs} [reasonable adjustments|OH recommendations] and [told {v} to "
        "'man up'|said it was 'special treatment'].",
    ),
    "domestic_abuse": (
        "{his} [partner|ex|wife] [has told me|says] {he} [is controlling|hit them|checks their "
        "phone|won't let them see friends] [and uses the job to scare them|and says no one will "
        "believe them over a cop].",
        "[Police were called|There was a call] to {his} [home address|house] for a domestic "
        "[and it wasn't recorded properly|and it all got smoothed over].",
    ),
    "abuse_of_position": (
        "{he} [uses|used] [the PNC|police systems|CRIS|the intel system] to [look up|check on] "
        "[his ex|neighbours|a friend's car|his girlfriend's new partner] [for personal reasons|"
        "more than once].",
        "{he} [takes|took] [free food|discounts|favours] from [local businesses|a garage|a "
        "takeaway] and [looks the other way|tips them off].",
        "{he} [told|tipped off] a [friend|relative] about [a warrant|a police operation|a "
        "planned search].",
    ),
    "other": (
        "{he} [drinks|has been drinking] [on duty|before shifts] and [smells of it|drives the "
        "car like that].",
        "{he} [fiddles|has fiddled] [overtime|duty states|his notes] [regularly|for months].",
        "{he} [turns off|doesn't switch on] [body worn|BWV] [at jobs|during searches] and "
        "[sleeps on nights|doesn't attend calls].",
        "{he} [posted|shared] [photos of a scene|bodycam footage|a detainee's picture] on "
        "[whatsapp|social media|the team chat].",
    ),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def expand(template: str, rng: random.Random) -> str:
    while True:
        expanded = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        if expanded == template:
            return expanded
        template = expanded


def victim_slots(affected: str, rng: random.Random, female: bool) -> dict[str, str]:
    if affected == "reporter":
        return {"v": "me", "vs": "my", "vi": "I", "VI": "I"}
    if not female and affected in ("colleague", "junior_colleague") and rng.random() < 0.3:
        return {"v": "him", "vs": "his", "vi": "he", "VI": "He"}
    return {"v": "her", "vs": "her", "vi": "she", "VI": "She"}


def _fill(template: str, slots: dict[str, str], rng: random.Random) -> str:
    text = expand(template, rng)
    for key, value in slots.items():
        text = text.replace("{" + key + "}", value)
    text = re.sub(r"\s+([.,])", r"\1", re.sub(r"\s+", " ", text)).strip()
    return text[0].upper() + text[1:] if text else text


def compose(
    rng: random.Random,
    acts: list[str],
    affected: str | None,
    female: bool,
    name_ref: str | None,
    second: str | None,
    victim_female: bool = False,
) -> str:
    """A narrative from act templates plus optional framing, in a reporter's voice."""
    he, him, his = ("she", "her", "her") if female else ("he", "him", "his")
    if name_ref and rng.random() < 0.5:
        he = name_ref
    slots = {
        "he": he,
        "him": him,
        "his": his,
        "month": rng.choice(MONTHS),
        **victim_slots(affected or "colleague", rng, victim_female),
    }
    parts: list[str] = []
    if rng.random() < 0.4:
        parts.append(rng.choice(OPENERS))
    if affected and VICTIM_INTRO.get(affected) and rng.random() < 0.7:
        parts.append(VICTIM_INTRO[affected])
    setting = rng.choice(SETTINGS) if rng.random() < 0.45 else ""
    for i, act in enumerate(acts):
        if i == 0 and setting:
            act = setting + " " + act[0].lower() + act[1:] if act.startswith("{") else act
        parts.append(act)
    if second:
        parts.append(rng.choice(SECOND).replace("{s}", second))
    if rng.random() < 0.4:
        parts.append(rng.choice(IMPACT))
    if rng.random() < 0.35:
        parts.append(rng.choice(CLOSERS))
    sentences = [_fill(p, slots, rng) for p in parts if p]
    text = " ".join(s for s in sentences if s)
    return roughen(text, rng)


def roughen(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.1:
        text = text.lower()
    elif r < 0.16:
        text = text.replace(". ", "... ", 2)
    if rng.random() < 0.15:
        text = text.replace(",", "")
    if rng.random() < 0.12:
        words = text.split(" ")
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4 and w.isalpha():
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        text = " ".join(words)
    return text
