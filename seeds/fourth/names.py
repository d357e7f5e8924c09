"""Name data: first names, surnames, nicknames and spelling variants."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field


def _w(text: str) -> list[str]:
    """Split a whitespace list of names (underscores stand for spaces)."""
    return [t.replace("_", " ") for t in text.split()]


def _weighted(text: str) -> list[tuple[str, float]]:
    """Parse ``Name:weight`` tokens (weight defaults to 1)."""
    out = []
    for tok in _w(text):
        name, _, wt = tok.partition(":")
        out.append((name, float(wt) if wt else 1.0))
    return out


@dataclass
class Group:
    """One naming tradition: first names by sex, surnames and an inventor."""

    male: list[str]
    female: list[str]
    surnames: list[tuple[str, float]]
    stems: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)


BRITISH = Group(
    male=_w(
        "James David Michael Paul Mark Andrew Richard Robert Stephen Steven Christopher "
        "Daniel Matthew Thomas Peter Gary Gareth Simon Lee Darren Craig Jason Anthony Neil "
        "Ian Kevin Martin Jonathan Adam Benjamin Samuel Luke Ryan Jack Joshua Liam Nathan "
        "Scott Jamie Dean Carl Wayne Shaun Stuart Philip Alexander Oliver Harry Callum "
        "Kieran William George Edward Charles Graham Keith Colin Nigel Russell Barry Terry "
        "Alan Brian Dominic Toby Rhys Owen Ross Elliot John Nicholas Joseph"
    ),
    female=_w(
        "Sarah Emma Claire Laura Rebecca Rachel Louise Nicola Lisa Michelle Kelly Gemma "
        "Hannah Amy Charlotte Jessica Sophie Lucy Katherine Catherine Kathryn Elizabeth "
        "Victoria Joanne Helen Karen Julie Jennifer Samantha Natalie Zoe Lauren Danielle "
        "Stacey Kerry Leanne Jade Chloe Megan Ellie Holly Amanda Alison Susan Deborah Tracey "
        "Donna Angela Jane Kate Caroline Fiona Anna Emily Georgia Abigail Bethany Jodie "
        "Hayley Kirsty Stephanie Margaret"
    ),
    surnames=_weighted(
        "Smith:30 Jones:22 Williams:18 Brown:16 Taylor:15 Davies:12 Wilson:11 Evans:10 "
        "Thomas:10 Johnson:10 Roberts:9 Walker:8 Wright:8 Robinson:8 Thompson:8 White:8 "
        "Hughes:7 Edwards:7 Green:7 Hall:7 Wood:7 Harris:7 Lewis:6 Martin:6 Jackson:6 "
        "Clarke:6 Clark:5 Turner:6 Hill:6 Scott:6 Cooper:6 Morris:6 Ward:6 Moore:6 King:6 "
        "Watson:5 Baker:5 Harrison:5 Morgan:5 Young:5 Allen:5 Mitchell:5 Anderson:5 "
        "Campbell:4 Stewart:4 Reid:4 MacDonald:3 McLeod:2 Fraser:2 Munro:1 Mackenzie:2 "
        "Bell:4 Kelly:4 Price:4 Bennett:4 Wells:2 Marshall:3 Griffiths:3 Richardson:3 "
        "Fox:2 Lloyd:3 Ellis:3 Palmer:3 Barnes:3 Knight:3 Holmes:2 Lawrence:2 Owen:3 "
        "Stevens:2 Stephens:2 Phillips:3 Parker:3 Butler:2 Russell:2 Chapman:2 Mills:2 "
        "Pearce:2 Gibson:2 Fletcher:2 Harvey:2 Sutton:1 Lane:1 Hammond:1 Sharp:1 Payne:2 "
        "Webb:2 Rogers:2 Cox:2 Dixon:2 Gray:2 Grey:1 Hunt:2 Hunter:1 Shaw:2 Ross:2 "
        "Kemp:1 Hayes:2 Hart:1 Fisher:1 Dunn:1 Bird:1 Hudson:1 Newman:1 Pritchard:1 "
        "Whitehead:1 Atkinson:1 Burgess:1 Holt:1 Jenkins:2 Powell:2 Morrison:1 Tucker:1 "
        "Sheppard:1 Fitzpatrick:1 Cartwright:1 Blackwood:1 Ashworth:1 Pennington:1 "
        "Featherstone:1 Lockwood:1 Rowntree:1 Oakley:1 Summers:1 Winterbottom:0.5 "
        "Higginbottom:0.5 Bottomley:0.5 Ramsbottom:0.5 Cholmondeley:0.3 Featherstonehaugh:0.2 "
        "St_John:0.3 Smythe:0.5 Smyth:0.5 Thomson:1 Reed:1 Read:0.5 Philips:0.5 "
        "Wilkinson:2 Stevenson:1 Gallagher:1 Fitzgerald:1"
    ),
    stems=_w(
        "Ash Brad Bramb Carl Dun Fair Hal Hart Kings Lang Marsh Mid North Pen Red Ship Stan "
        "Thorn Wal Wes Whit Wood Black Brook Cal Cold Crow Dal Elm Farn Fen Gold Green Hawk "
        "Hol Kirk Lin Lock Moor Nor Oak Rad Ross Rush Sand Shel Stock Sud Tan Wick Yar"
    ),
    suffixes=_w(
        "ford ley ton wick by worth field well combe ham stead hurst bridge more dale thorpe "
        "den hall wood shaw cliffe leigh ington bury sworth lock"
    ),
)

IRISH = Group(
    male=_w(
        "Sean Patrick Ciaran Declan Niall Conor Eoin Liam Padraig Kevin Brendan Cormac "
        "Fergal Darragh Ronan Michael John Kieran"
    ),
    female=_w(
        "Siobhan Aoife Niamh Ciara Roisin Sinead Orla Grainne Caoimhe Mairead Bridget "
        "Aisling Eimear Mary Claire"
    ),
    surnames=_weighted(
        "Murphy:8 Kelly:6 O'Brien:4 O'Connor:4 O'Neill:4 Ryan:4 Walsh:4 Byrne:3 McCarthy:3 "
        "O'Sullivan:3 Doyle:3 Gallagher:2 Kennedy:2 Lynch:2 Quinn:2 Fitzgerald:2 "
        "McLoughlin:1 Brennan:1 Flanagan:1 Donnelly:1 Nolan:1 Keane:1 Hegarty:1 Mulligan:1 "
        "O'Donnell:1 McGuinness:1 O'Shaughnessy:0.5 Ni_Bhriain:0.2 Mac_Giolla:0.2"
    ),
    stems=_w("Mac Mc O'"),
    suffixes=_w("Dermott Garrity Kenna Gowan Callan Hale Tiernan Corry Gann Elhinney"),
)

SOUTH_ASIAN = Group(
    male=_w(
        "Mohammed Muhammad Mohamed Ahmed Ali Imran Asif Tariq Zubair Hassan Usman Bilal Amir "
        "Raj Rajesh Sanjay Vikram Arjun Ravi Amit Sunil Deepak Harpreet Gurpreet Jaspreet "
        "Manpreet Sukhdev Kuldip Ranjit Nikhil Rohan Kabir Faisal Shahid Rizwan Nadeem Abdul "
        "Shahed Mizanur Anwar Jamal Sajid Waqar Kamran"
    ),
    female=_w(
        "Priya Anjali Sunita Kiran Neha Pooja Ritu Simran Harpreet Jaspreet Manpreet Amrit "
        "Nadia Ayesha Fatima Aisha Sana Zara Hina Saima Farah Shazia Rubina Nasreen Shabana "
        "Tasnim Nusrat Rukhsana Sadia Anita Meera Shreya Divya"
    ),
    surnames=_weighted(
        "Patel:30 Khan:25 Ali:18 Ahmed:16 Singh:18 Kaur:10 Hussain:10 Begum:8 Shah:8 "
        "Sharma:6 Islam:6 Rahman:7 Iqbal:5 Mahmood:5 Akhtar:5 Malik:5 Mistry:4 Gill:5 "
        "Sandhu:4 Chowdhury:4 Uddin:5 Miah:5 Hossain:4 Kumar:5 Rana:3 Bhatti:3 Qureshi:3 "
        "Sidhu:3 Dhillon:3 Grewal:2 Bains:2 Chauhan:2 Joshi:2 Parmar:3 Solanki:2 Desai:2 "
        "Mehta:2 Naidu:1 Pillai:1 Anwar:2 Butt:3 Siddiqui:2 Raza:2 Nawaz:2 Aslam:2 Sohal:1 "
        "Mann:2 Bassi:1 Virdi:1 Kang:2 Johal:1 Atwal:1 Kahn:0.5 Choudhury:1 Chaudhry:1"
    ),
    stems=_w("Bhar Chand Dha Gan Jha Kapa Lak Mal Nan Pra Ram Sar Tha Vas Wad Mukh Kri Sub"),
    suffixes=_w("dwaj rasekar wan esh ani ral ina war ani akar wani ooja erjee amani"),
)

BLACK = Group(
    male=_w(
        "Chidi Emeka Chukwuemeka Oluwaseun Tunde Babatunde Olumide Femi Adebayo Kwame Kofi "
        "Kwabena Yaw Samuel Daniel Michael Joseph Emmanuel David Marcus Jerome Tyrone Dwayne "
        "Andre Leon Delroy Winston Errol Clive Nathaniel Isaac Tobi Ayo Obinna Ikenna "
        "Chinedu Abdi Ibrahim"
    ),
    female=_w(
        "Chioma Ngozi Adaeze Amaka Funmilayo Folake Yetunde Bukola Abena Akosua Ama Adwoa "
        "Grace Blessing Esther Joy Precious Shanice Tanisha Keisha Simone Marcia Beverley "
        "Jacqueline Naomi Ruth Deborah Tolu Temi Zainab Fartun Hodan Amina"
    ),
    surnames=_weighted(
        "Okafor:3 Okonkwo:2 Adeyemi:3 Adebayo:2 Oluwole:1 Ogunleye:1 Okoro:2 Nwosu:1 Eze:2 "
        "Obi:2 Mensah:3 Asante:2 Owusu:3 Boateng:2 Osei:2 Appiah:1 Agyeman:1 Darko:1 Addo:1 "
        "Campbell:3 Williams:6 Brown:5 Thomas:3 Francis:3 Richards:2 Henry:3 Grant:3 "
        "Clarke:3 Johnson:4 Bailey:3 Gordon:2 Anderson:2 Edwards:2 Phillips:2 Lewis:2 "
        "Mohamed:3 Abdi:2 Hassan:2 Warsame:1 Farah:1 Ibrahim:2 Kamara:2 Sesay:1 Conteh:1 "
        "Bangura:1 Diallo:1 Banda:1 Phiri:1 Oyelaran:0.5 Akinwumi:0.5 Onyekachi:0.5"
    ),
    stems=_w("Ade Ola Olu Oke Aki Chu Nwa Ogu Ona Ibe Ama Oye Afo Egbe Iwu Odu"),
    suffixes=_w("bayo dele kunle wale nna ke chukwu mide tunji femi gbenga yemi ola kanmi"),
)

EUROPEAN = Group(
    male=_w(
        "Piotr Tomasz Krzysztof Marcin Pawel Jakub Lukasz Andrei Ion Mihai Florin Adrian "
        "Bogdan Darius Marius Aleksandr Dmitri Mantas Tomas Jonas Andreas Georgios Christos "
        "Nikos Costas Yiannis Panayiotis Stelios Mehmet Mustafa Emre Hakan Murat Kemal Marco "
        "Luca Giuseppe Antonio Paolo Joao Pedro Tiago Rui Miguel Carlos Javier Diego"
    ),
    female=_w(
        "Anna Katarzyna Agnieszka Magdalena Joanna Monika Ewa Marta Ioana Elena Andreea "
        "Alina Irina Olga Natalia Ruta Inga Kristina Maria Eleni Sophia Christina Despina "
        "Ayse Elif Zeynep Fatma Giulia Francesca Chiara Rosa Ana Ines Beatriz Carla Lucia"
    ),
    surnames=_weighted(
        "Nowak:2 Kowalski:2 Wisniewski:1 Wojcik:1 Kowalczyk:1 Kaminski:1 Lewandowski:1 "
        "Zielinski:1 Szymanski:1 Wozniak:1 Dabrowski:1 Popescu:2 Ionescu:1 Popa:1 Radu:1 "
        "Dumitru:1 Petrauskas:1 Kazlauskas:1 Ivanov:1 Petrov:1 Horvath:1 Novak:1 Berzins:1 "
        "Andreou:2 Georgiou:2 Christodoulou:1 Papadopoulos:2 Constantinou:1 Ioannou:1 "
        "Demetriou:1 Charalambous:1 Nicolaou:1 Yilmaz:2 Kaya:1 Demir:1 Sahin:1 Celik:1 "
        "Ozturk:1 Aydin:1 Arslan:1 Rossi:1 Russo:1 Esposito:1 Bianchi:1 Romano:1 Ferrari:1 "
        "De_Souza:2 D'Souza:1 Da_Silva:2 Ferreira:1 Santos:2 Pereira:1 Costa:1 Rodrigues:1 "
        "Fernandes:1 Gomes:1 Garcia:1 Martinez:1 Lopez:1 Di_Marco:1 De_Luca:1 Van_der_Berg:0.5 "
        "Le_Roux:0.3"
    ),
    stems=_w("Kow Wal Dom Grab Pop Ston Marin Dimitr Papa Chrys Kar Stav Lazar Mich Vlad"),
    suffixes=_w("ski czyk wicz escu ou ides opoulos oglu iak enko auskas ovic"),
)

EAST_ASIAN_MIDEAST = Group(
    male=_w(
        "Wei Jun Ming Hao Kevin Jason Minh Hieu Tuan Kenji Omar Yusuf Khalid Karim Samir "
        "Hamza Youssef"
    ),
    female=_w("Mei Li Xin Yan Jing Lily Grace Linh Hana Yuki Layla Yasmin Noor Rania Salma Mariam"),
    surnames=_weighted(
        "Chen:2 Wang:2 Li:2 Zhang:1 Liu:1 Wong:2 Lee:3 Chan:2 Cheung:1 Ng:1 Lam:1 Tang:1 "
        "Ho:1 Nguyen:2 Tran:1 Pham:1 Kim:1 Park:1 Al-Hassan:1 El-Amin:1 Haddad:1 Mansour:1 "
        "Nasser:1 Khalil:1 Saleh:1 Al-Sayed:1 Abbas:1 Rahimi:1 Hosseini:1 Karimi:1"
    ),
    stems=_w("Al- El- Abu "),
    suffixes=_w("Hakim Rashid Masri Najjar Tamimi Shami Zahrani Qasim"),
)

REALISTIC_GROUPS: list[tuple[Group, float]] = [
    (BRITISH, 50),
    (IRISH, 6),
    (SOUTH_ASIAN, 15),
    (BLACK, 12),
    (EUROPEAN, 11),
    (EAST_ASIAN_MIDEAST, 6),
]

# Surnames that belong (almost always) to women, and a male counterpart.
FEMALE_ONLY = {"Kaur": "Singh", "Begum": "Miah"}

# Surnames that look alike, used for deliberate near-miss colleagues.
LOOKALIKE_SURNAMES = [
    ("Khan", "Kahn"),
    ("Smith", "Smyth"),
    ("Thompson", "Thomson"),
    ("Reid", "Reed"),
    ("Clarke", "Clark"),
    ("Stephens", "Stevens"),
    ("Phillips", "Philips"),
    ("Mohamed", "Mohammed"),
    ("MacDonald", "McDonald"),
    ("Choudhury", "Chowdhury"),
    ("Gray", "Grey"),
    ("Lee", "Li"),
    ("Andreou", "Andrews"),
    ("Hussain", "Hussein"),
]

NICKNAMES: dict[str, list[str]] = {
    k: _w(v)
    for k, v in {
        "David": "Dave Davey Dai",
        "Michael": "Mike Mick Micky Mikey",
        "Gary": "Gaz",
        "Gareth": "Gaz Gaz",
        "Christopher": "Chris Kris",
        "Daniel": "Dan Danny",
        "Matthew": "Matt Matty",
        "Thomas": "Tom Tommy",
        "Stephen": "Steve Stevie Steven",
        "Steven": "Steve Stephen",
        "Andrew": "Andy Drew",
        "Richard": "Rich Richie Rick",
        "Robert": "Rob Bob Robbie",
        "Anthony": "Tony Ant",
        "James": "Jim Jimmy Jamie",
        "John": "Johnny Jon",
        "Jonathan": "Jon Jonny",
        "Benjamin": "Ben",
        "Samuel": "Sam Sammy",
        "Alexander": "Alex Al",
        "William": "Will Bill Billy",
        "Edward": "Ed Eddie Ted",
        "Charles": "Charlie",
        "Philip": "Phil Phillip",
        "Peter": "Pete",
        "Joseph": "Joe Joey",
        "Nicholas": "Nick Nicky",
        "Terry": "Tel",
        "Barry": "Baz",
        "Darren": "Daz",
        "Kevin": "Kev",
        "Ian": "Iain",
        "Neil": "Neal",
        "Nathan": "Nate",
        "Oliver": "Ollie",
        "Callum": "Cal",
        "Harry": "Haz",
        "Dominic": "Dom",
        "Mohammed": "Mo Mohamed Muhammad Moe",
        "Muhammad": "Mo Mohammed",
        "Mohamed": "Mo Mohammed",
        "Ahmed": "Ahmad",
        "Oluwaseun": "Seun Shaun",
        "Babatunde": "Tunde",
        "Chukwuemeka": "Emeka",
        "Olumide": "Mide",
        "Funmilayo": "Funmi",
        "Folake": "Fola",
        "Kwabena": "Kobby",
        "Emmanuel": "Manny",
        "Nathaniel": "Nat",
        "Elizabeth": "Liz Beth Lizzie Betty",
        "Katherine": "Kath Kate Katie Kathy Catherine",
        "Catherine": "Cath Kate Cathy Katherine",
        "Kathryn": "Kath Kate Katherine",
        "Rebecca": "Becky Bex Becca",
        "Samantha": "Sam Sammy",
        "Jennifer": "Jen Jenny",
        "Victoria": "Vicky Tori",
        "Nicola": "Nicky Nikki",
        "Joanne": "Jo",
        "Deborah": "Debbie Deb",
        "Susan": "Sue Susie",
        "Jacqueline": "Jackie",
        "Amanda": "Mandy",
        "Alison": "Ali Allison",
        "Abigail": "Abi Abby",
        "Charlotte": "Charlie Lottie",
        "Jessica": "Jess",
        "Stephanie": "Steph",
        "Gemma": "Jemma",
        "Rachel": "Rach",
        "Natalie": "Nat",
        "Danielle": "Dani",
        "Margaret": "Maggie Peggy",
        "Christina": "Chris Tina",
        "Andreas": "Andy Andrew",
        "Georgios": "George",
        "Panayiotis": "Panos Peter",
        "Costas": "Con",
        "Yiannis": "John",
        "Aleksandr": "Sasha Alex",
        "Krzysztof": "Chris Kris",
        "Tomasz": "Tom",
        "Piotr": "Peter",
        "Pawel": "Paul",
        "Lukasz": "Luke",
        "Jakub": "Kuba Jake",
        "Katarzyna": "Kasia Kate",
        "Agnieszka": "Aga",
        "Magdalena": "Magda",
        "Gurpreet": "Gurp Preet",
        "Harpreet": "Harp Preet",
        "Jaspreet": "Jas",
        "Manpreet": "Manny",
        "Rajesh": "Raj",
        "Vikram": "Vik",
        "Sukhdev": "Sukh",
        "Kuldip": "Kuldeep",
        "Ranjit": "Ranj",
        "Padraig": "Paddy Patrick",
        "Patrick": "Pat Paddy",
        "Siobhan": "Shiv Shevaun",
        "Niamh": "Neve",
        "Aoife": "Eefa",
        "Sinead": "Shinead",
        "Caoimhe": "Keeva",
        "Sean": "Shaun Shawn",
        "Shaun": "Sean",
        "Ciaran": "Kieran",
        "Kieran": "Ciaran",
        "Declan": "Dec",
        "Yusuf": "Joseph Yus",
        "Ibrahim": "Ibby",
        "Abdul": "Abz",
        "Usman": "Uzzy",
        "Bilal": "Bill",
        "Wei": "William",
        "Minh": "Min",
        "Youssef": "Yousef Joe",
    }.items()
}

SURNAME_NICKNAMES = {
    "Smith": "Smithy",
    "Jones": "Jonesy",
    "Robinson": "Robbo",
    "Davies": "Davo",
    "Thompson": "Tommo",
    "Fitzgerald": "Fitz",
    "Wilkinson": "Wilko",
    "Gallagher": "Gally",
    "Price": "Pricey",
    "Morris": "Mozza",
    "Murphy": "Spud",
    "Stevenson": "Stevo",
    "Anderson": "Ando",
    "Richardson": "Richo",
    "Johnson": "Johnno",
    "Clarke": "Clarkey",
    "White": "Chalky",
    "Wood": "Woody",
    "Hughes": "Hughesy",
    "Patel": "Pats",
    "Okafor": "Oka",
    "Papadopoulos": "Papa",
}

# Phonetic or habitual respellings, applied as regex substitutions.
PHONETIC = [
    (r"^Mac", "Mc"),
    (r"^Mc", "Mac"),
    (r"ph", "f"),
    (r"ie", "ei"),
    (r"ei", "ie"),
    (r"ey$", "y"),
    (r"y$", "ey"),
    (r"son$", "sen"),
    (r"th", "t"),
    (r"ck", "k"),
    (r"ou$", "ew"),
    (r"ee", "i"),
    (r"oo", "u"),
    (r"ll", "l"),
    (r"([^l])l([aeiou])", r"\1ll\2"),
    (r"s$", ""),
    (r"e$", ""),
    (r"([bcdfgkmnprt])$", r"\1e"),
    (r"ch", "sh"),
    (r"^K", "C"),
    (r"^C([aou])", r"K\1"),
    (r"oh", "o"),
    (r"u", "oo"),
    (r"i([^aeiou])", r"ee\1"),
]

KNOWN_VARIANTS: dict[str, list[str]] = {
    "Andreou": ["Andrew", "Andreu", "Androu"],
    "Mohammed": ["Mohamed", "Muhammad", "Mohammad"],
    "Mohamed": ["Mohammed", "Mohamad"],
    "Chowdhury": ["Choudhury", "Chaudhry", "Chaudhary"],
    "Choudhury": ["Chowdhury", "Chaudhry"],
    "Thompson": ["Thomson", "Tompson"],
    "Reid": ["Reed", "Read"],
    "Hussain": ["Hussein", "Husain"],
    "Stephens": ["Stevens"],
    "Stevens": ["Stephens"],
    "Phillips": ["Philips"],
    "Clarke": ["Clark"],
    "Gray": ["Grey"],
    "Nguyen": ["Nyugen", "Ngyuen"],
    "Cholmondeley": ["Chumley"],
    "Featherstonehaugh": ["Fanshaw"],
    "Okonkwo": ["Okonko"],
    "Oluwole": ["Olowole"],
    "Papadopoulos": ["Papadopolous", "Papadoplous"],
    "Christodoulou": ["Christodolou"],
    "Wisniewski": ["Wisnewski", "Vishnevski"],
    "Siddiqui": ["Siddiqi", "Sidiqui"],
}

KEYBOARD = {
    "a": "sq", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gj",
    "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip", "p": "o",
    "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc",
    "y": "tu", "z": "x",
}  # fmt: skip


def misspell(word: str, rng: random.Random) -> str:
    """Return a plausibly misspelt form of ``word`` (never identical if avoidable)."""
    if word in KNOWN_VARIANTS and rng.random() < 0.6:
        return rng.choice(KNOWN_VARIANTS[word])
    for _ in range(8):
        if rng.random() < 0.4:
            pat, rep = rng.choice(PHONETIC)
            out = re.sub(pat, rep, word, count=1)
        else:
            out = _typo(word, rng)
        if out != word and len(out) >= 2:
            return out
    return word


def _typo(word: str, rng: random.Random) -> str:
    """One keyboard-style slip: drop, double, swap, or hit a neighbouring key."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 3:
        return word
    i = rng.choice(letters[1:])
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1 :]
    if op < 0.5:
        return word[:i] + word[i] + word[i:]
    if op < 0.75 and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    ch = word[i].lower()
    near = KEYBOARD.get(ch, "e")
    new = rng.choice(near)
    if word[i].isupper():
        new = new.upper()
    return word[:i] + new + word[i + 1 :]


def surname_forms(surname: str, rng: random.Random) -> str:
    """Write a surname as a reporter might: particles, hyphens and prefixes vary."""
    s = surname
    if "-" in s and not re.match(r"^(Al|El)-", s):
        a, b = s.split("-", 1)
        return rng.choice([s, s, f"{a} {b}", f"{a}{b.lower()}", a, b, f"{a} - {b}"])
    m = re.match(r"^(O')(.+)$", s)
    if m:
        core = m.group(2)
        return rng.choice([s, s, f"O{core}", f"O {core}", f"O{core.lower()}", f"O\u2019{core}"])
    m = re.match(r"^(Mc|Mac)(.+)$", s)
    if m and m.group(2)[0].isupper():
        core = m.group(2)
        other = "Mac" if m.group(1) == "Mc" else "Mc"
        return rng.choice(
            [s, s, f"{m.group(1)}{core.lower()}", f"{m.group(1)} {core}", f"{other}{core}"]
        )
    m = re.match(r"^(De|Da|Di|Le|Van der|St|D') ?(.+)$", s)
    if m and (" " in s or s.startswith("D'")):
        part, core = m.group(1), m.group(2)
        glued = part.replace(" ", "").replace("'", "") + core.lower()
        opts = [s, s, s.lower(), glued, part.lower() + " " + core, core]
        if part == "De":
            opts.append(f"D'{core}")
        if part == "D'":
            opts += [f"De {core}", f"D {core}"]
        if part == "St":
            opts += [f"St. {core}", f"Saint {core}"]
        return rng.choice(opts)
    m = re.match(r"^(Al|El)-(.+)$", s)
    if m:
        part, core = m.group(1), m.group(2)
        return rng.choice(
            [s, f"{part} {core}", f"{part}{core.lower()}", core, f"{part.lower()}-{core}"]
        )
    return s


def invent_surname(group: Group, rng: random.Random) -> str:
    """Make up a plausible rare surname in the style of ``group``."""
    stem = rng.choice(group.stems)
    suf = rng.choice(group.suffixes)
    if stem.endswith(("'", "-", " ")) or stem in ("Mac", "Mc"):
        return stem + suf
    if stem[-1] == suf[0]:
        suf = suf[1:]
    return stem + suf
