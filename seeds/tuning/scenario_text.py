"""Phrase pools and sentence templates for the narratives (see narrative.expand for syntax)."""

from __future__ import annotations

POOLS: dict[str, tuple[str, ...]] = {
    "place": (
        "the canteen",
        "the parade room",
        "the back of the van",
        "the report writing room",
        "the custody suite",
        "the locker room",
        "the car park",
        "the yard",
        "the carrier",
        "the briefing room",
        "the kitchen",
        "the smoking area",
        "the corridor by the lifts",
        "the office",
        "the back office",
        "the stairwell",
        "the [patrol|area] car",
    ),
    "social": (
        "the Christmas do",
        "someone's leaving do",
        "drinks after a late turn",
        "the team night out",
        "a leaving do at the pub",
        "a colleague's birthday drinks",
        "the summer BBQ",
    ),
    "when": (
        "last week",
        "a couple of weeks ago",
        "on nights last month",
        "on a late turn",
        "during a scene guard",
        "back in the spring",
        "over the summer",
        "on a night shift",
        "at the start of the year",
        "on an early turn",
        "on a rest day overtime shift",
        "just before Christmas",
        "a few months ago",
        "on [Tuesday|Friday|Sunday] night",
    ),
    "junior": (
        "a probationer",
        "one of the student officers",
        "a new PCSO",
        "a young PC who had only just joined",
        "a probationer on her first tutor phase",
        "a new special",
        "a student officer in her [first|second] week",
        "one of the new intake",
        "a 20 year old probationer",
    ),
    "colleague": (
        "a female colleague",
        "one of the women on my team",
        "a colleague",
        "my crewmate",
        "one of the girls on the team",
        "another PC",
        "a woman on [our|another] team",
        "a civvie in the office",
    ),
    "victim": (
        "a woman who had reported a burglary",
        "a domestic abuse victim",
        "a woman whose car had been broken into",
        "a witness from a [stabbing|robbery]",
        "a woman [we|they] had dealt with at a domestic",
        "a vulnerable woman who [kept calling|calls] 999",
        "a student who had reported a stalker",
        "a victim of a sexual assault",
        "a woman whose ex had been arrested",
        "the victim of a street robbery",
    ),
    "public": (
        "a woman [we|they] stopped for a traffic offence",
        "a woman who came into the front counter to ask for directions",
        "a woman working in the shop by the station",
        "a woman at a petrol station",
        "a woman who [called|rang] about her neighbour's noise",
        "a woman [he|we] met at a community event",
        "a [barmaid|waitress] near the nick",
    ),
    "child": (
        "a 15 year old girl from a missing person enquiry",
        "a 14 year old from the youth engagement scheme",
        "a girl from the local school [we|they] did talks at",
        "one of the cadets, she is 16",
        "a 15 year old who was a witness in a case",
    ),
    "system": (
        "PNC",
        "CAD",
        "CRIS",
        "Connect",
        "the intelligence system",
        "the custody record",
        "the crime report",
        "the witness statement",
        "the 999 call record",
    ),
    "insult": (
        "useless",
        "thick",
        "a waste of space",
        "pathetic",
        "a joke",
        "the worst officer [I have|anyone has] ever seen",
        "not fit to wear the uniform",
    ),
}

OPENERS = (
    "I'm not sure this is the right place for this but",
    "I have been putting this off for weeks.",
    "Please don't tell anyone I wrote this.",
    "I don't want to get anyone into trouble but",
    "I need to tell someone about this.",
    "I'm writing this anonymously because I'm scared.",
    "I have never reported anything before.",
    "Sorry if this isn't clear, I'm shaking writing it.",
    "This has been going on for a while.",
    "I can't believe nobody has said anything yet.",
    "I'm raising this because I don't think I'm the only one.",
    "Everyone on the team knows about this.",
    "I want this on record.",
    "I tried to raise this informally and got nowhere.",
    "Not sure who reads these.",
)
NONAME_OPENERS = (
    "I don't know his name but",
    "I don't know his name.",
    "I never found out his name but",
    "I only know him by sight.",
    "I don't know who he is but",
    "I don't know the officer's name.",
    "He never told me his name.",
    "I couldn't see his number and I don't know his name.",
)
FEARS = (
    "I'm scared of what {he} will do if {he} finds out it was me.",
    "Everyone knows and nobody does anything.",
    "{He} is friends with the [inspector|DI|boss].",
    "I'm worried I'll be moved if I say anything.",
    "I don't feel safe at work anymore.",
    "I have thought about leaving the job because of this.",
    "People just laugh it off and say that's what {he} is like.",
    "I'm frightened this will get back to {him}.",
    "I know of at least [two|three|a couple of] others it has happened to.",
    "I dread going on shift when {he} is on.",
    "I can't sleep before [nights|earlies].",
    "I didn't report it at the time because {he} outranks me.",
    "Nobody will back me up because they are scared too.",
)
CLOSERS = (
    "Please do something.",
    "I hope someone takes this seriously.",
    "I'm happy to speak to someone if it stays confidential.",
    "Please don't use my name.",
    "I just want it to stop.",
    "I'm not the only one.",
    "Thank you for reading this.",
    "Something needs to be done before someone gets really hurt.",
)

BODIES: dict[str, tuple[str, ...]] = {
    "p_comments": (
        "{Ref} [keeps|is always] making comments about [women's|female officers'|our] bodies "
        "in {place}.",
        "{Ref} said [in front of everyone|to {colleague}] that she only got through training "
        "because of how she looks.",
        "{Ref} [rates|scores] the women on the team out of ten [and|then] shares it on the "
        "group chat.",
        "At {social} {ref} [kept|was] going on about what {he} would do to {colleague}.",
        "{Ref} makes sexual jokes [all the time|constantly] in {place} and thinks it's funny.",
        "{Ref} asked {junior} what underwear she had on {when}.",
        "{Ref} talks about {colleague} like a piece of meat [behind her back|to her face].",
    ),
    "p_messages": (
        "{Ref} got the number of {junior} off the duty sheet and [has been messaging|messages] "
        "her late at night.",
        "{Ref} sent me [pictures|a picture] I did not ask for [on WhatsApp|on Snapchat] {when}.",
        "{Ref} keeps asking {junior} out even though she has said no [several|lots of] times.",
        "{Ref} [offered|said he would] help {junior} with her portfolio if she [met|went for a "
        "drink with] {him}.",
        "[Since|After] {social} {ref} has been sending me messages saying I owe {him}.",
        "{Ref} [messaged|DM'd] {colleague} asking for photos and then said it was a joke.",
    ),
    "p_touching": (
        "{Ref} [put|rested] {his} hand on my [thigh|leg|lower back] in {place} {when}.",
        "{Ref} grabbed {colleague} [from behind|round the waist] in {place} and everyone laughed.",
        "{Ref} [keeps|kept] brushing past {junior} [closer than he needs to|in the corridor] and "
        "touching her.",
        "At {social} {ref} [tried to kiss|groped] {colleague} and she had to push {him} off.",
        "When we were [single crewed|double crewed|in the car] {ref} touched my [knee|leg] and "
        "would not stop.",
        "{Ref} [slapped|touched] my [bum|backside] in {place} {when}.",
    ),
    "p_threat": (
        "After {colleague} told {him} to stop {ref} said {he} would make sure she failed "
        "her probation.",
        "{Ref} told me [if I said anything|that if I reported it] nobody would believe me because "
        "{he} has [20|15|years of] service.",
        "{Ref} [has been|started] marking down the work of {junior} since she turned {him} down.",
        "{Ref} said [I|she] would [get moved|never pass] if [I|she] didn't keep [my|her] mouth "
        "shut.",
    ),
    "p_assault": (
        "{Ref} sexually assaulted {junior} [in|after] {social}.",
        "{Ref} [forced himself on|assaulted] {colleague} in {place} {when}. She is [too scared "
        "to report it|now off sick].",
        "{Ref} [offered|gave] {junior} a lift home [after|from] {social} and [assaulted|raped] "
        "her in the car.",
        "{Ref} pinned me against the wall in {place} and [put his hands|tried to put his hand] "
        "[down my trousers|up my top].",
        "{junior} told me {ref} assaulted her {when}. She is terrified.",
    ),
    "p_public_comments": (
        "{Ref} [chats up|flirts with] women we stop and asks for their numbers.",
        "{Ref} made comments about the [body|looks] of {victim} while we were at the [call|scene].",
        "{Ref} said {when} that {he} only [takes|goes to] domestics for the women.",
        "{Ref} [keeps|kept] telling {victim} she was [gorgeous|beautiful] while taking her "
        "statement.",
    ),
    "p_systems": (
        "{Ref} looked up {victim} on {system} [with no policing purpose|for no reason] and then "
        "turned up at her address.",
        "{Ref} took the number of {victim} from {system} and [has been texting|texted] her.",
        "{Ref} [has been|is] using {system} to look up women {he} meets on duty.",
        "I saw {ref} [checking|searching] {system} for {victim} {when}, then "
        "{he} messaged her on Facebook.",
        "{Ref} [went back to|visited] {victim} [off duty|in uniform] [several|a few] times "
        "after the job was closed.",
    ),
    "p_pressure": (
        "{Ref} told {victim} [her case|things] would go better if she was nice to {him}.",
        "{Ref} is in a sexual relationship with {victim} [from one of|on] {his} cases.",
        "{Ref} [turns up|has turned up] at the home of {victim} [on nights|at night] saying it "
        "is a welfare check.",
        "{victim} told [me|the call handler] that {ref} [asked her for sex|wanted to meet her] "
        "and said {he} could make the charge go away.",
        "{Ref} [pressured|kept pressuring] {victim} to [meet|go out with] {him} and she is "
        "frightened.",
    ),
    "p_assault_public": (
        "{Ref} sexually assaulted {victim} [when|after] {he} took her home from the station.",
        "{victim} has [said|told us] that {ref} [touched her|made her do things] in the back of "
        "the car.",
        "{Ref} [went into|was alone with] a detained woman['s cell| in {place}] for [ages|20 "
        "minutes] and she said {he} touched her.",
        "A woman from [a domestic|a job {when}] says {ref} [raped|assaulted] her [at her "
        "address|when he went back on his own].",
    ),
    "p_child": (
        "{Ref} has been [messaging|contacting] {child} on [Snapchat|Instagram|WhatsApp].",
        "{Ref} [gave|offered] {child} lifts [home|in the police car] and [bought her|gave her] "
        "[vapes|alcohol|presents].",
        "I [saw|found] messages from {ref} to {child} that were sexual.",
        "{child} told her mum that {ref} [touched her|asked her to send pictures].",
    ),
    "b_shouting": (
        "{Ref} [screams|shouts] at people in {place} in front of everyone.",
        "{Ref} [lost it|kicked off] at {colleague} at briefing {when} and [threw|slammed] "
        "[a folder|the door].",
        "{Ref} shouted [at me|in my face] over a [late|missed] [statement|file] until I [cried|"
        "walked out].",
        "{Ref} [yells|swears] at [us|the team] over the radio [for nothing|all the time].",
    ),
    "b_belittling": (
        "{Ref} calls me {insult} in front of the [team|others].",
        "{Ref} [mocks|takes the mick out of] {colleague} about her [accent|weight|paperwork] every "
        "[shift|briefing].",
        "{Ref} [reads out|mocks] people's [mistakes|files] at briefing to humiliate them.",
        "{Ref} told [me|{colleague}] [I was|she was|they were] {insult}.",
        "{Ref} talks down to [everyone|us] and makes people feel stupid.",
    ),
    "b_rota": (
        "{Ref} [gives|keeps giving] me the worst [jobs|scene guards|shifts] as punishment.",
        "{Ref} refused my leave for [my wedding|a funeral|my son's operation] but gave it to "
        "{his} mates.",
        "{Ref} changes the rota at the last minute so [I|some of us] can't plan [anything|"
        "childcare].",
        "{Ref} [put|keeps putting] me on [nights|constant scene watches] since I [queried|"
        "challenged] {him}.",
    ),
    "b_exclusion": (
        "{Ref} [set up|runs] a group chat for the team and left [me|two of us] out.",
        "{Ref} tells people not to [crew|work] with me.",
        "{Ref} [ignores|blanks] me completely and [won't|refuses to] speak to me at briefing.",
        "{Ref} [leaves|left] me out of [training|courses|the team night] on purpose.",
    ),
    "b_retaliation": (
        "Since I [raised a grievance|complained] {ref} has [made my life hell|been targeting me].",
        "After I [gave a statement|spoke up] about {him} {ref} [reported me|put in a complaint] "
        "over nothing.",
        "{Ref} told the team I was a [grass|snitch] after I [reported something|went to PSD].",
    ),
    "b_sickness": (
        "{Ref} [mocks|laughed at] [me|people] for being off with [stress|anxiety|depression].",
        "{Ref} [rings|kept ringing] me on sick leave and told me to [come back|man up].",
        "{Ref} [calls|called] {colleague} a [skiver|malingerer] because of her [condition|"
        "pregnancy].",
    ),
    "b_students": (
        "{Ref} [picks on|targets] the student officers and [makes|made] {junior} cry.",
        "{Ref} told {junior} [she would|they would] never pass [their|her] portfolio.",
        "{Ref} [humiliates|shouts at] [probationers|the new intake] [in front of the public|"
        "at jobs].",
    ),
    "g_sexism": (
        "{Ref} said women shouldn't be [on response|in firearms|in the job].",
        "{Ref} [only|always] gives the [paperwork|tea making] to the women on the team.",
        "{Ref} [called|calls] {colleague} [love|sweetheart|darling] and said she was too "
        "emotional.",
    ),
    "g_sexual": (
        "{Ref} [touched|grabbed] {colleague} at {social}.",
        "{Ref} [sent|showed] [explicit|sexual] [pictures|videos] [round the office|to {junior}].",
        "{Ref} [made|kept making] sexual comments to {junior} {when}.",
    ),
    "g_racism": (
        "{Ref} [used|said] a racial slur about [a detained person|a suspect|a colleague] in "
        "{place}.",
        "{Ref} [makes|made] racist jokes [on the group chat|in {place}].",
        "{Ref} [stops|targets] black [lads|men] for no reason and [laughs|jokes] about it.",
        "{Ref} mocked [my|a colleague's] [accent|name|religion] [and said|saying] go back home.",
    ),
    "g_homophobia": (
        "{Ref} [calls|called] a [gay colleague|colleague] [names|slurs] in {place}.",
        "{Ref} made homophobic jokes [at briefing|on the group chat] {when}.",
        "{Ref} [said|told us] {he} wouldn't [crew|work] with [a gay officer|someone gay].",
    ),
    "g_transphobia": (
        "{Ref} [kept|deliberately] misgendering a [detained person|colleague|victim] and laughing.",
        "{Ref} [mocked|made jokes about] a trans [woman|man|colleague] [at the front counter|in "
        "{place}].",
    ),
    "g_discrimination": (
        "{Ref} [mocks|mocked] a colleague [with a disability|who is dyslexic|who uses a hearing "
        "aid].",
        "{Ref} [said|told us] [Muslims|Jewish people|Polish people] shouldn't [be in the job|"
        "get promoted].",
        "{Ref} made comments about {colleague} being [pregnant|too old|on restricted duties].",
    ),
    "g_domestic": (
        "{Ref} [hits|has been hitting] {his} partner. She [came in|turned up] with bruises.",
        "{Ref} [controls|is controlling] the money and phone of {his} [wife|partner], she told me.",
        "Police were called to {his} [house|address] [for a domestic|{when}] and it was [kept "
        "quiet|not recorded].",
        "{Ref} [threatened|has been threatening] {his} ex [and|then] turned up at her work.",
    ),
    "g_position": (
        "{Ref} [looked up|checked] {his} [neighbour|ex|new partner] on {system} for no reason.",
        "{Ref} [uses|flashed] {his} warrant card to get [free food|discounts|out of a ticket].",
        "{Ref} [made|got] a [speeding|parking] ticket [go away|cancelled] for a mate.",
        "{Ref} [told|tipped off] a [friend|relative] about a [warrant|raid] [before|ahead of] it.",
    ),
    "g_retaliation": (
        "After I [reported|raised] [something|a concern] {ref} [moved|had me moved] off the team.",
        "{Ref} [blocked|held up] my [promotion|course application] because I [gave evidence|spoke "
        "up].",
        "{Ref} [told|warned] me to [drop|withdraw] my complaint [or else|if I knew what was good "
        "for me].",
    ),
    "g_other": (
        "{Ref} [comes in|came in] [smelling of drink|hungover|still drunk] {when}.",
        "{Ref} [claims|claimed] overtime for hours {he} [didn't work|wasn't there].",
        "{Ref} [sleeps|slept] in the car [all night|for hours] on nights.",
        "{Ref} [drives|drove] dangerously [on blues|off duty in the job car] {when}.",
        "I think {ref} [lied|made things up] in [a statement|{his} notes] about an arrest.",
        "{Ref} [takes|has been taking] [drugs|cocaine] at parties [according to|I heard from] "
        "[people on the team|a colleague].",
        "{Ref} [leaks|leaked] [stuff|a job] to the [press|papers] {when}.",
        "{Ref} [doesn't|never] [book in|record] [property|exhibits] properly and stuff goes "
        "missing.",
    ),
    "g_force": (
        "{Ref} [punched|kicked|slammed] a [detained person|man in cuffs] [in {place}|at a job] "
        "{when}.",
        "{Ref} [used|drew] [PAVA|a Taser|the baton] on a [kid|man] who was [already restrained|"
        "complying].",
        "{Ref} was [rude|aggressive] to {victim} and [told her to stop wasting police time|"
        "refused to take the report].",
    ),
}
