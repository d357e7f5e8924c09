"""The long tail of invented-but-plausible surnames, and extra given names, for ``seeds.synthetic``.

Real surnames in England and Wales follow a very long tail: a few hundred names cover about
a third of people, and most of everyone else has a surname borne by at most a few thousand
people nationally (a handful of colleagues, or none, in a force of tens of thousands). A
hand-written list cannot reach that far, so the tail here is composed deterministically from
surname elements of the heritages found in British policing: English place-name surnames
(root + ending, "Thornbury", "Ashcombe"), patronymics ("Hodgkins", "Watkinson"), Scottish and
Irish Mac/Mc/O' names, Welsh ap-names, Polish, Yoruba, Igbo and Akan compositions, plus a
hand-written list of South Asian, Somali, Turkish, Greek, Cypriot, Chinese, Vietnamese,
Portuguese and Italian surnames. Everything is my own composition; no data file is copied.

The composition is pure (no randomness), so ``tail_surnames()`` is the same list on every run.
Names that are in the hand-weighted lists of ``seeds.synthetic`` or planted in the demo
stories are left out, so each name has exactly one weight and the demo's planted officers
have no accidental namesake.
"""

from __future__ import annotations

from functools import cache

# English locative surnames: a first element (often a landscape word or an old personal name)
# and a place-name ending. Not every pairing is a real surname, but every one reads like one.
_ENGLISH_ROOTS = [
    "Ash", "Ald", "Ambler", "Ax", "Bar", "Bark", "Black", "Brad", "Bram", "Brom", "Broad",
    "Bur", "Cal", "Chad", "Chat", "Chel", "Clay", "Cold", "Cot", "Cran", "Crom", "Dal", "Dar",
    "Den", "Dun", "East", "Elm", "Fair", "Farn", "Fen", "Gar", "Glad", "Gold", "Grim", "Ham",
    "Hard", "Hart", "Hasel", "Hay", "Heath", "Hol", "Horn", "Hun", "Ing", "Kel", "Ken", "Kings",
    "Kirk", "Lang", "Lid", "Lock", "Mar", "Mel", "Mid", "Mill", "Mor", "Nor", "Oak", "Pen",
    "Pick", "Rad", "Red", "Ring", "Rock", "Rod", "Roth", "Rush", "Sand", "Shel", "Shir", "Stan",
    "Stap", "Sut", "Thorn", "Til", "Tod", "Wal", "War", "Wel", "West", "Whit", "Wick", "Win",
    "Wor", "Ack", "Bick", "Birk", "Brant", "Cad", "Carl", "Cheth", "Crad", "Dray", "Eg", "Ever",
    "Fox", "Gren", "Hadd", "Hol", "Lay", "Lin", "Mab", "Nether", "Ox", "Pad", "Pres", "Ryd",
    "Sher", "Sid", "Spen", "Staf", "Swin", "Thur", "Upp", "Wad", "Wend", "Yar",
    "Abbot", "Alder", "Apple", "Arn", "Bat", "Beck", "Bel", "Bent", "Bever", "Bil", "Bland",
    "Bol", "Bos", "Bot", "Brack", "Bri", "Buck", "Bux", "Cam", "Cant", "Car", "Cars", "Charl",
    "Chil", "Chur", "Clap", "Cliff", "Cob", "Cock", "Col", "Cors", "Cow", "Crew", "Dart", "Dew",
    "Dod", "Dor", "Down", "Dry", "Dud", "Earn", "Ed", "Els", "Ems", "Everl", "Far", "Fel",
    "Fern", "Fin", "Flet", "Ful", "Gat", "Gil", "Glen", "Good", "Gos", "Graf", "Green", "Grove",
    "Hal", "Han", "Hat", "Hawk", "Hax", "Hed", "Hen", "Her", "Hex", "High", "Hock", "Hog",
    "Holm", "How", "Hux", "Ick", "Kent", "Kid", "Kim", "Knot", "Lath", "Lax", "Lea", "Led",
    "Ley", "Lind", "Lith", "Long", "Lud", "Lyd", "Man", "Marl", "Mat", "Mere", "Moss", "Mot",
    "New", "Nut", "Old", "Orm", "Ot", "Pal", "Pat", "Pel", "Pitch", "Pol", "Pud", "Quar",
    "Ram", "Rave", "Raw", "Ray", "Rid", "Rip", "Ros", "Row", "Rud", "Sal", "Sax", "Scar",
    "Sed", "Shap", "Shot", "Skel", "Slad", "Sned", "South", "Stain", "Stock", "Stow", "Stret",
    "Sud", "Tad", "Tam", "Tat", "Tem", "Thack", "Thwait", "Tip", "Tow", "Tun", "Ul", "Wain",
    "Walk", "Wark", "Wat", "Wed", "Weth", "Whel", "Wil", "Witt", "Wool", "Wy", "Yat", "Yeo",
]
_ENGLISH_ENDINGS = [
    "ley", "ton", "ford", "field", "wood", "worth", "by", "ham", "well", "more", "ridge", "dale",
    "hurst", "combe", "stead", "land", "shaw", "brook", "cliffe", "bury", "den", "ington",
    "wick", "thorpe", "bridge", "hill", "croft", "gate", "stone", "low", "cott", "hay", "don",
    "marsh", "ing", "over", "sley", "cote", "dell", "fold", "grave",
    "holme", "hope", "lake", "leigh", "mere", "mouth", "nell", "port", "side", "stock",
    "stow", "tree", "wade", "way", "worthy", "dean", "borne", "castle", "ney", "sall", "lock",
]
# Patronymics from medieval pet forms: Hodge -> Hodgkins, Hodgson, Hodges.
_PET_FORMS = [
    "Wilk", "Dick", "Hodg", "Hitch", "Jenk", "Watk", "Hopk", "Simk", "Perk", "Atk", "Tomk",
    "Jeff", "Hask", "Dawk", "Rawl", "Wat", "Gibb", "Hutch", "Dob", "Hob", "Nix", "Rob", "Pars",
    "Tib", "Col", "Judk", "Pett", "Lamb", "Hew", "Ad", "Mall", "Rick",
]
_PATRONYMIC_ENDINGS = ["ins", "inson", "son", "s", "ings", "ett", "kin"]
_GAELIC_ROOTS = [
    "Allister", "Arthur", "Aulay", "Bride", "Cabe", "Call", "Cann", "Carthy", "Cormack", "Crae",
    "Culloch", "Dermott", "Dougall", "Dowell", "Ewan", "Fadden", "Farlane", "Gill", "Ginley",
    "Gowan", "Grath", "Gregor", "Guire", "Hugh", "Innes", "Intyre", "Iver", "Kay", "Kean",
    "Kenna", "Kinnon", "Laren", "Lean", "Leod", "Lachlan", "Mahon", "Manus", "Millan", "Nab",
    "Namara", "Neil", "Nulty", "Pherson", "Quade", "Queen", "Rae", "Shane", "Taggart", "Vey",
    "Whirter", "Alpine", "Ardle", "Bain", "Clure", "Cord", "Corry", "Evoy", "Fee", "Geough",
    "Glynn", "Hale", "Ilroy", "Keown", "Loughlin", "Murray", "Nally", "Phail", "Robbie",
]
_IRISH_O = [
    "Connell", "Donnell", "Driscoll", "Dwyer", "Flaherty", "Gorman", "Hara", "Keefe", "Leary",
    "Mahony", "Malley", "Neill", "Reilly", "Rourke", "Shea", "Sullivan", "Toole", "Callaghan",
    "Donovan", "Grady", "Halloran", "Kane", "Hagan", "Dea", "Farrell", "Hanlon", "Kelly",
    "Loughlin", "Meara", "Regan", "Riordan", "Boyle", "Byrne", "Carroll", "Dowd", "Hare",
]
_WELSH = [
    "Pugh", "Powys", "Bevan", "Prosser", "Pritchard", "Parry", "Bowen", "Probert", "Price",
    "Pumphrey", "Beddoes", "Gwynne", "Vaughan", "Meredith", "Llewellyn", "Rees", "Rhys", "Howell",
    "Jenkins", "Morgans", "Gittins", "Wynn", "Pryce", "Bevans", "Lloyd-Jones", "Pughe", "Tudor",
    "Cadwallader", "Gruffydd", "Maddox", "Penry", "Trahearn", "Eynon", "Nevett", "Gethin",
]
_POLISH_ROOTS = [
    "Kowal", "Wis", "Lew", "Kam", "Wal", "Ziel", "Krawcz", "Dab", "Sob", "Jank", "Maj", "Pawl",
    "Mich", "Grab", "Kacz", "Woj", "Kozl", "Jabl", "Sikor", "Szyman", "Baran", "Dud", "Gor",
    "Ostrow", "Piotr", "Zaw", "Kubi", "Chmiel", "Wrob", "Stasz",
]
_POLISH_ENDINGS = ["ski", "czyk", "ak", "ewicz", "owski"]
_YORUBA_HEADS = ["Ade", "Ola", "Olu", "Oye", "Aki", "Ayo", "Fola", "Kola", "Ogun", "Oke",
                 "Ibi", "Oni"]
_YORUBA_TAILS = ["bayo", "wale", "tunde", "kunle", "sola", "lade", "dipo", "nuga", "wumi",
                 "yinka", "bode", "mola", "niyi", "ola"]
_IGBO = [
    "Nwosu", "Nwankwo", "Nwachukwu", "Nwafor", "Nwabueze", "Okeke", "Okoro", "Okoye", "Eze",
    "Ezeh", "Obi", "Obiora", "Chukwu", "Chukwuma", "Onyeka", "Onuoha", "Anyanwu", "Ibe",
    "Ugwu", "Udeh", "Agu", "Ekwueme", "Iwu", "Nnadi", "Ogbonna", "Onwuka", "Uzoma", "Emenike",
]
_AKAN = [
    "Amoah", "Agyeman", "Acheampong", "Ofori", "Darko", "Bonsu", "Frimpong", "Kyei", "Adjei",
    "Annan", "Ansah", "Antwi", "Asamoah", "Badu", "Boakye", "Danquah", "Gyamfi", "Kuffour",
    "Mensa", "Nkrumah", "Opoku", "Owusu-Ansah", "Sarpong", "Tetteh", "Yeboah-Afari",
]
_OTHER_HERITAGE = [
    # South Asian
    "Agarwal", "Bhatt", "Chopra", "Desai", "Gupta", "Iyer", "Kapoor", "Kumar", "Malhotra",
    "Menon", "Nair", "Pandya", "Parekh", "Rao", "Reddy", "Saini", "Sethi", "Thakur", "Verma",
    "Bhogal", "Dhaliwal", "Grewal", "Johal", "Kang", "Mangat", "Randhawa", "Sidhu", "Virdi",
    "Atwal", "Bassi", "Akram", "Anwar", "Aslam", "Bashir", "Butt", "Chaudhary", "Farooq",
    "Hanif", "Haq", "Hameed", "Javed", "Latif", "Majid", "Nawaz", "Qureshi", "Rafiq", "Rehman",
    "Riaz", "Saleem", "Shafiq", "Siddiqui", "Uddin", "Yasin", "Zafar", "Miah", "Islam",
    "Sarkar", "Hoque", "Karim", "Alam", "Mistry", "Solanki", "Lad", "Chauhan-Rai", "Parmar",
    "Gohil", "Vaghela", "Bains-Sandhu", "Khatun", "Bibi", "Raja", "Mirza", "Baig", "Dar",
    # Somali, Turkish, Kurdish, Greek and Greek Cypriot
    "Abdi", "Farah", "Mohamud", "Jama", "Egal", "Nur", "Duale", "Aden", "Demir", "Kaya",
    "Celik", "Aydin", "Ozturk", "Arslan", "Dogan", "Yilmaz", "Papadopoulos", "Georgiou",
    "Christou", "Constantinou", "Ioannou", "Charalambous", "Nicolaou", "Demetriou",
    # Chinese, Vietnamese, Filipino
    "Chan", "Wong", "Li", "Chen", "Zhang", "Wang", "Liu", "Lam", "Ng", "Nguyen", "Tran", "Pham",
    "Leung", "Yeung", "Tang", "Santos-Reyes", "Dela Cruz", "Bautista",
    # Portuguese, Brazilian, Spanish, Italian, Lithuanian, Romanian
    "Santos", "Pereira", "Ferreira", "Costa", "Rodrigues", "Oliveira", "Almeida", "Garcia",
    "Fernandez", "Lopez", "Rossi", "Ferrari", "Esposito", "Romano", "Bianchi", "Ricci",
    "Kazlauskas", "Petrauskas", "Jankauskas", "Stan", "Dumitru", "Constantin", "Radu",
]

# Planted in the demo stories (seeds/demo/stories.py): no background officer may share them.
_RESERVED = {
    "Kettleborough", "Kettlebrough", "Ollerenshaw", "Ollerinshaw", "Fenwright", "Brackenbury",
    "Quillfeather", "Quilfeather", "Drummond-Yates", "Agutter", "Renwick-Gault", "Feltham-Oyo",
    "Vantongeren", "Penhaligon", "Castellane", "Wolstenholme", "Aldous-Mbeki",
}


def _join(root: str, ending: str) -> str:
    # Drop a letter that would appear three times running ("Mill" + "ley" -> "Milley").
    word = root + ending
    out: list[str] = []
    for ch in word:
        if len(out) >= 2 and out[-1] == ch and out[-2] == ch:
            continue
        out.append(ch)
    return "".join(out)


@cache
def tail_surnames(exclude: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Every tail surname, distinct, in a fixed order (the order is the frequency rank)."""
    groups: list[list[str]] = [
        [_join(r, e) for r in _ENGLISH_ROOTS for e in _ENGLISH_ENDINGS],
        [_join(p, e) for p in _PET_FORMS for e in _PATRONYMIC_ENDINGS],
        [f"{prefix}{root}" for root in _GAELIC_ROOTS for prefix in ("Mac", "Mc")],
        [f"O'{root}" for root in _IRISH_O],
        list(_WELSH),
        [_join(r, e) for r in _POLISH_ROOTS for e in _POLISH_ENDINGS],
        [_join(h, t.lower()) for h in _YORUBA_HEADS for t in _YORUBA_TAILS],
        list(_IGBO), list(_AKAN), list(_OTHER_HERITAGE),
    ]
    # Interleave the groups so that rank (and so frequency) is not tied to heritage: the
    # commonest tail names are a mix, as in life.
    seen = {name.lower() for name in exclude | _RESERVED}
    ordered: list[str] = []
    longest = max(len(g) for g in groups)
    for i in range(longest):
        for group in groups:
            # Stride through each group (7919 is prime and longer than any group, so this is
            # a permutation) so that neighbours in rank do not share a root.
            if i < len(group):
                name = group[(i * 7919) % len(group)]
                if name.lower() not in seen:
                    seen.add(name.lower())
                    ordered.append(name)
    return tuple(ordered)


# Given names added to the original list: still common in the age range of serving officers
# (born roughly 1960-2005) but less so than the original head. (name, short forms)
EXTRA_GIVEN_NAMES: list[tuple[str, list[str]]] = [
    ("Martin", ["Marty"]), ("Philip", ["Phil"]), ("Graham", []), ("Keith", []),
    ("Nigel", ["Nige"]), ("Colin", []), ("Trevor", ["Trev"]), ("Barry", ["Baz"]),
    ("Russell", ["Russ"]), ("Jonathon", ["Jon"]), ("Timothy", ["Tim"]), ("Gareth", ["Gaz"]),
    ("Rhys", []), ("Owain", []), ("Dylan", []), ("Jack", []), ("Harry", []), ("Oliver", ["Ollie"]),
    ("Luke", []), ("Nathan", ["Nate"]), ("Jordan", []), ("Aaron", []), ("Kieran", ["Kier"]),
    ("Scott", ["Scotty"]), ("Carl", []), ("Shane", []), ("Declan", ["Dec"]), ("Fraser", []),
    ("Hamish", []), ("Ewan", ["Euan"]), ("Asif", []), ("Zubair", []), ("Faisal", []),
    ("Arjun", []), ("Vikram", ["Vik"]), ("Manjit", []), ("Kehinde", ["Kenny"]), ("Chidi", []),
    ("Kwabena", ["Kobby"]), ("Marcus", []), ("Lukasz", ["Luke"]), ("Mariusz", []),
    ("Louise", ["Lou"]), ("Lisa", []), ("Amanda", ["Mandy"]), ("Susan", ["Sue"]),
    ("Deborah", ["Debbie", "Deb"]), ("Gemma", []), ("Hayley", []), ("Charlotte", ["Charlie"]),
    ("Hannah", []), ("Lucy", []), ("Amy", []), ("Jessica", ["Jess"]), ("Sophie", []),
    ("Katie", []), ("Natalie", ["Nat"]), ("Kelly", []), ("Stacey", []), ("Zoe", []),
    ("Rhian", []), ("Siobhan", []), ("Nadia", []), ("Shabana", []), ("Simran", []),
    ("Chiamaka", ["Chi"]), ("Abena", []), ("Monika", []), ("Ewa", []),
]
