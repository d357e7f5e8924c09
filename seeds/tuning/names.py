# Longer than 400 lines because most of it is lists of names, one a line as ruff formats them.
"""Name data and the ways reporters mangle names: nicknames, misspellings, case, surname forms."""

from __future__ import annotations

import random

# First name -> informal forms and alternative spellings a reporter might use.
MALE: dict[str, tuple[str, ...]] = {
    "Gareth": ("Gaz", "Gar"),
    "Robert": ("Bob", "Rob", "Robbie", "Bobby"),
    "Mohammed": ("Mo", "Mohammad", "Muhammad", "Mohamed"),
    "William": ("Bill", "Will", "Billy"),
    "Daniel": ("Dan", "Danny"),
    "Stephen": ("Steve", "Steven", "Stevie"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Michael": ("Mike", "Mick", "Micky"),
    "Christopher": ("Chris",),
    "Matthew": ("Matt", "Matty"),
    "Andrew": ("Andy", "Drew"),
    "David": ("Dave", "Davey"),
    "Richard": ("Rich", "Rick", "Richie"),
    "Thomas": ("Tom", "Tommy"),
    "Anthony": ("Tony", "Ant"),
    "Joseph": ("Joe", "Joey"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Nicholas": ("Nick", "Nicky"),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam",),
    "Jonathan": ("Jon", "Jonny", "John"),
    "Alexander": ("Alex", "Al"),
    "Peter": ("Pete",),
    "Paul": (),
    "Mark": ("Marc",),
    "Lee": (),
    "Craig": (),
    "Darren": ("Daz",),
    "Gary": ("Gaz",),
    "Kevin": ("Kev",),
    "Ian": (),
    "Simon": ("Si",),
    "Patrick": ("Pat", "Paddy"),
    "Sean": ("Shaun", "Shawn"),
    "Liam": (),
    "Ryan": (),
    "Adam": (),
    "Luke": (),
    "Jack": (),
    "Callum": ("Cal",),
    "Connor": ("Conor",),
    "Philip": ("Phil", "Phillip"),
    "Ahmed": ("Ahmad",),
    "Imran": (),
    "Hassan": ("Hasan",),
    "Rajesh": ("Raj",),
    "Sanjay": ("Sanj",),
    "Vikram": ("Vik",),
    "Arjun": (),
    "Babatunde": ("Tunde",),
    "Oluwaseun": ("Seun",),
    "Kwame": (),
    "Emeka": (),
    "Tomasz": ("Tom", "Tomek"),
    "Piotr": ("Peter",),
    "Mehmet": ("Memo",),
    "Konstantinos": ("Kostas", "Costas", "Gus"),
    "Dimitrios": ("Dimitri", "Jim"),
    "Declan": ("Dec",),
    "Ciaran": ("Kieran",),
    "Niall": (),
    "Dwayne": ("Duane",),
    "Leroy": ("Roy",),
    "Marcus": ("Marc",),
    "Wei": (),
    "Kenneth": ("Ken", "Kenny"),
}
FEMALE: dict[str, tuple[str, ...]] = {
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Eliza"),
    "Katherine": ("Kate", "Kat", "Katie", "Kathy", "Catherine"),
    "Rebecca": ("Becky", "Becca", "Bex"),
    "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess",),
    "Samantha": ("Sam", "Sammy"),
    "Victoria": ("Vicky", "Vicki", "Tori"),
    "Charlotte": ("Charlie", "Lottie"),
    "Emma": ("Em",),
    "Sarah": ("Sara",),
    "Laura": (),
    "Hannah": (),
    "Rachel": (),
    "Nicola": ("Nicky", "Nikki"),
    "Amanda": ("Mandy",),
    "Alexandra": ("Alex", "Lexi"),
    "Margaret": ("Maggie", "Meg"),
    "Deborah": ("Debbie", "Deb"),
    "Susan": ("Sue", "Suzy"),
    "Louise": ("Lou",),
    "Natalie": ("Nat",),
    "Joanne": ("Jo",),
    "Amy": (),
    "Gemma": (),
    "Claire": ("Clare",),
    "Michelle": ("Shell",),
    "Priya": (),
    "Aisha": ("Ayesha",),
    "Fatima": (),
    "Nadia": (),
    "Chloe": (),
    "Sophie": ("Soph",),
    "Lucy": (),
    "Olivia": ("Liv",),
    "Abigail": ("Abi", "Abby"),
    "Danielle": ("Dani",),
    "Stephanie": ("Steph",),
    "Agnieszka": ("Aga",),
    "Katarzyna": ("Kasia",),
    "Ayse": (),
    "Eleni": ("Helen",),
    "Folasade": ("Sade",),
    "Ngozi": (),
    "Siobhan": ("Shiv",),
    "Aoife": (),
    "Grace": (),
    "Kerry": (),
    "Zara": (),
    "Jasmine": ("Jas",),
    "Kelly": (),
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Common British surnames (roughly in frequency order) plus the common non-British ones.
COMMON_SURNAMES: tuple[str, ...] = _words("""
Smith Jones Williams Patel Taylor Brown Khan Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Ali Jackson Wood
Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen James
Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook Carter
Singh Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Hussain Marshall Anderson
Simpson Ellis Adams Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ahmed Hunt
Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher
Stevens Jenkins Murray Dixon Harvey Graham Pearson Kaur Fletcher Walsh Gibson Howard Andrews
Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks West Lawrence Cole Atkinson
Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose Booth Perry Ryan Grant Wells
Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster Hunter Gregory Carr Lowe Page
Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland Hawkins Harding Porter Robertson Newton
Oliver Reed Kennedy Williamson Bird Gardner Shah Dean Lane Cooke Bates Henderson Parry Burgess
Bishop Walton Burns Nicholson Shepherd Ross Cross Long Freeman Warren Nicholls Hamilton Byrne
Sutton McDonald Yates Hodgson Robson Curtis Hopkins O'Connor Harper Coleman Watkins Moss
McCarthy Chambers O'Neill Griffin Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle
Wallace George Jordan Hutchinson Fitzgerald Mensah Okafor Adeyemi Osei Nowak Kowalski Yilmaz
Mahmood Iqbal Rahman Chowdhury Miah Uddin Akhtar Sharma Kumar Mistry Chauhan Boateng Chen Wong
MacDonald McKenzie O'Sullivan D'Souza Fernandes Georgiou Papadopoulos Demir Kaya Forbes Henry
""")

DOUBLE_BARRELLED: tuple[str, ...] = (
    "Hughes-Davies",
    "Clarke-Williams",
    "Ashby-Cole",
    "Price-Owen",
    "Jones-Parry",
    "Wynne-Jones",
    "Lloyd-Evans",
    "Burton-Hill",
    "Smith-Okafor",
    "Khan-Patel",
    "Fraser-Hay",
    "Baptiste-Reid",
    "Osei-Bonsu",
    "Taylor-Brown",
    "Dunn-Mensah",
)

_ROOTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        (
            "Ash",
            "Brad",
            "Craw",
            "Dun",
            "Elling",
            "Fair",
            "Gold",
            "Hal",
            "Kirk",
            "Lang",
            "Mar",
            "North",
            "Pen",
            "Rad",
            "Ship",
            "Stan",
            "Thorn",
            "Wad",
            "Whit",
            "Wool",
            "Black",
            "Brook",
            "Chad",
            "Fen",
            "Hol",
            "Sel",
            "Ather",
            "Bram",
            "Cres",
            "Dar",
            "Hep",
            "Lin",
            "Pick",
        ),
        (
            "ford",
            "worth",
            "ton",
            "ley",
            "by",
            "ham",
            "field",
            "well",
            "wood",
            "stone",
            "combe",
            "hurst",
            "bridge",
            "shaw",
            "thorpe",
            "wick",
            "cott",
            "den",
            "more",
            "ridge",
            "wright",
        ),
    ),
    "irish": (
        ("Mc", "Mac", "O'"),
        (
            "Gowan",
            "Dermott",
            "Loughlin",
            "Garry",
            "Gonigle",
            "Elroy",
            "Cormack",
            "Grath",
            "Ginley",
            "Kenna",
            "Nally",
            "Teer",
            "Driscoll",
            "Mahony",
            "Keeffe",
            "Shea",
            "Halloran",
            "Leary",
            "Dwyer",
            "Rourke",
            "Farrell",
            "Callaghan",
            "Hare",
            "Donnell",
            "Reilly",
            "Kee",
        ),
    ),
    "polish": (
        (
            "Kowal",
            "Lewand",
            "Zielin",
            "Szyman",
            "Wojciech",
            "Kamin",
            "Kozlow",
            "Jankow",
            "Piotrow",
            "Grabow",
            "Pawlow",
            "Wieczor",
            "Jablon",
            "Majew",
            "Olszew",
            "Sikor",
            "Rutkow",
            "Dabrow",
            "Kaczmar",
            "Wlodar",
            "Przybyl",
            "Zawad",
            "Sob",
            "Chmiel",
        ),
        ("ski", "czyk", "ak", "ewicz", "owski", "iak"),
    ),
    "turkish": (
        (
            "Kara",
            "Ak",
            "Ozt",
            "Er",
            "Gul",
            "Ay",
            "Bal",
            "Tas",
            "Demir",
            "Ozk",
            "Yal",
            "Cak",
            "Sen",
            "Tun",
            "Kor",
            "Bay",
            "Yur",
        ),
        ("soy", "can", "kaya", "oglu", "dag", "han", "tepe", "ci", "ay", "tas", "kurt", "er"),
    ),
    "greek": (
        (
            "Papa",
            "Georg",
            "Nikol",
            "Dimitr",
            "Konstant",
            "Christ",
            "Ioann",
            "Vasil",
            "Theodor",
            "Michail",
            "Anagnost",
            "Kyriak",
            "Stavr",
            "Panag",
            "Spyr",
            "Antoni",
            "Karal",
        ),
        ("opoulos", "iou", "ides", "akis", "atos", "ou", "is", "elis"),
    ),
    "south_asian": (
        ("Wickrama", "Jaya", "Gunas", "Ranas", "Karuna", "Dissana", "Ekanay", "Senevi", "Abey"),
        ("singhe", "ratne", "sekera", "yake", "wardena", "nayake", "tunga"),
    ),
    "yoruba": (
        ("Ade", "Olu", "Ola", "Oye", "Ayo", "Fola", "Bola", "Tola", "Kola", "Femi", "Aki", "Oni"),
        (
            "yemi",
            "wale",
            "bayo",
            "tunde",
            "kunle",
            "sanya",
            "lade",
            "mide",
            "bisi",
            "dele",
            "wole",
            "femi",
            "leye",
        ),
    ),
    "igbo": (
        ("Nwa", "Chukwu", "Oke", "Obi", "Eze", "Onye", "Uzo", "Ibe", "Anya", "Nna"),
        ("ke", "zie", "nwa", "ma", "emeka", "du", "ji", "kwe", "gwu", "oha", "nso"),
    ),
}
RARE_REAL: tuple[str, ...] = _words("""
Pinnock Gayle Blackwood Beckford Lindo Lumsden Pottinger Spence Wynter Whyte Brissett Dacres
Facey Gooden Hylton Maragh Nembhard Ricketts Uter Ffrench Samuels Mehta Desai Joshi Trivedi
Pandya Bhatt Parekh Solanki Rathod Gohil Vaghela Makwana Sandhu Dhillon Sidhu Grewal Bains
Virdi Johal Sahota Bhogal Chahal Atwal Qureshi Siddiqui Chaudhry Malik Butt Mirza Sheikh Baig
Hashmi Raza Abbasi Nawaz Zaman Haque Talukdar Sarkar Banerjee Ghosh Nair Menon Pillai Iyer
Reddy Perera Fernando Owusu Asante Appiah Agyeman Ofori Darko Acheampong Amoah Adjei Danquah
Frimpong Opoku Quaye Tetteh Addo Nwosu Okonkwo Okeke Anyanwu Ibekwe Okoro Celik Sahin Yildiz
Aydin Ozturk Arslan Dogan Kilic Cetin Polat Tekin Bulut Aksoy Korkmaz Keskin Uysal Wisniewski
Mazur Krawczyk Dudek Gorski Baran Zajac Stepien Pappas Karras Economou Christodoulou Lam
Cheung Tang Yip Costa Rossi Ferreira Santos Moreno Lindqvist Haddad Mansour Abdi Warsame
""")


def rare_surname(rng: random.Random) -> str:
    """Invent (or pick) a plausible uncommon surname from one of several origins."""
    if rng.random() < 0.15:
        return rng.choice(RARE_REAL)
    origin = rng.choices(list(_ROOTS), weights=[len(h) * len(t) for h, t in _ROOTS.values()])[0]
    heads, tails = _ROOTS[origin]
    while True:
        head, tail = rng.choice(heads), rng.choice(tails)
        if origin == "irish":
            return head + tail
        joint = head[-1].lower() + tail[0]
        if head.endswith("ow") and tail != "ski":
            continue
        if joint[0] != joint[1] and not (joint[0] in "aeiou" and joint[1] in "aeiou"):
            return head + tail.lower()


# ---------------------------------------------------------------------------- mangling
_KEYBOARD = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "y": "tu",
    "z": "x",
}


def misspell(rng: random.Random, word: str) -> str:
    """One typo: a letter doubled, dropped, swapped with its neighbour or mistyped."""
    letters = [i for i, ch in enumerate(word) if ch.isalpha()]
    if len(letters) < 4:
        return word
    i = rng.choice(letters[1:])
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i] + word[i:]
    if op < 0.55:
        return word[:i] + word[i + 1 :]
    if op < 0.8 and i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    sub = _KEYBOARD.get(word[i].lower(), "e")
    ch = rng.choice(sub)
    return word[:i] + (ch.upper() if word[i].isupper() else ch) + word[i + 1 :]


def surname_form(rng: random.Random, surname: str) -> str:
    """How a reporter writes a surname with a prefix, apostrophe or hyphen."""
    if "-" in surname:
        left, right = surname.split("-", 1)
        return rng.choice(
            [
                surname,
                f"{left} {right}",
                left + right.lower(),
                left,
                right,
                f"{left}-{right.lower()}",
            ]
        )
    if surname.startswith(("O'", "D'")):
        rest = surname[2:]
        return rng.choice(
            [
                surname,
                surname[0] + rest,
                f"{surname[0]} {rest}",
                surname[:2] + rest.lower(),
                surname[0] + rest.lower(),
            ]
        )
    if surname.startswith("Mc") and len(surname) > 3:
        rest = surname[2:]
        return rng.choice([surname, "Mc" + rest.lower(), "Mac" + rest, f"Mc {rest}"])
    if surname.startswith("Mac") and len(surname) > 4 and surname[3].isupper():
        rest = surname[3:]
        return rng.choice([surname, "Mc" + rest, "Mac" + rest.lower(), f"Mac {rest}"])
    return surname


def informal_first(rng: random.Random, first: str) -> str:
    """A nickname or alternative spelling of a first name (or the name itself)."""
    forms = MALE.get(first) or FEMALE.get(first) or ()
    return rng.choice(forms) if forms else first


def write_name(
    rng: random.Random, first: str, middle: str | None, surname: str, typo_rate: float
) -> str:
    """The name as one reporter writes it down (without rank)."""
    sur = surname_form(rng, surname) if rng.random() < 0.45 else surname
    if rng.random() < typo_rate:
        sur = misspell(rng, sur)
    fst = informal_first(rng, first) if rng.random() < 0.3 else first
    if rng.random() < typo_rate / 3:
        fst = misspell(rng, fst)
    r = rng.random()
    if r < 0.36:
        text = f"{fst} {sur}"
    elif r < 0.56:
        text = sur
    elif r < 0.66:
        text = f"{first[0]} {sur}"
    elif r < 0.72:
        text = f"{first[0]}. {sur}"
    elif r < 0.76:
        text = f"{sur.upper()} {first}"
    elif r < 0.80:
        text = f"{sur}, {first[0]}"
    elif r < 0.83:
        text = f"{sur} {fst}"
    elif r < 0.86 and middle:
        text = f"{first} {middle} {sur}"
    elif r < 0.90:
        text = fst
    else:
        text = f"{fst} {sur}"
    c = rng.random()
    if c < 0.07:
        return text.upper()
    if c < 0.12:
        return text.lower()
    return text


def hr_name(first: str, middle: str | None, surname: str) -> str:
    """HR's convention: 'SURNAME, First Middle'."""
    given = f"{first} {middle}" if middle else first
    return f"{surname.upper()}, {given}"


_ORIGIN_FIRST: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        (
            "Khan",
            "Ali",
            "Hussain",
            "Ahmed",
            "Mahmood",
            "Iqbal",
            "Rahman",
            "Chowdhury",
            "Miah",
            "Uddin",
            "Akhtar",
            "Begum",
            "Qureshi",
            "Siddiqui",
            "Chaudhry",
            "Malik",
            "Butt",
            "Mirza",
            "Sheikh",
            "Baig",
            "Hashmi",
            "Raza",
            "Abbasi",
            "Nawaz",
            "Zaman",
            "Haque",
            "Talukdar",
        ),
        (
            "Mohammed",
            "Ahmed",
            "Imran",
            "Hassan",
            "Usman",
            "Bilal",
            "Tariq",
            "Faisal",
            "Zubair",
            "Kamran",
            "Adnan",
            "Asif",
            "Mohammed",
            "Shahid",
        ),
        ("Aisha", "Fatima", "Nadia", "Zara", "Sana", "Hina", "Rukhsana", "Samina", "Shazia"),
    ),
    (
        (
            "Patel",
            "Singh",
            "Kaur",
            "Shah",
            "Sharma",
            "Kumar",
            "Mistry",
            "Chauhan",
            "Gill",
            "Mehta",
            "Desai",
            "Joshi",
            "Sandhu",
            "Dhillon",
            "Sidhu",
            "Grewal",
            "Bains",
            "Johal",
            "Nair",
            "Reddy",
        ),
        (
            "Rajesh",
            "Sanjay",
            "Vikram",
            "Arjun",
            "Amit",
            "Nikhil",
            "Harpreet",
            "Gurpreet",
            "Jaspal",
            "Manjit",
            "Ravi",
            "Deepak",
            "Sunil",
            "Hitesh",
        ),
        ("Priya", "Jasmine", "Anjali", "Neha", "Pooja", "Harjit", "Kiran", "Simran", "Nisha"),
    ),
    (
        ("ski", "czyk", "ewicz", "Nowak", "Mazur", "Dudek", "Zajac", "Krawczyk", "Stepien"),
        ("Tomasz", "Piotr", "Pawel", "Krzysztof", "Marcin", "Lukasz"),
        ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Anna"),
    ),
    (
        (
            "oglu",
            "Yilmaz",
            "Demir",
            "Kaya",
            "Celik",
            "Sahin",
            "Yildiz",
            "Aydin",
            "Ozturk",
            "Arslan",
        ),
        ("Mehmet", "Mustafa", "Emre", "Burak"),
        ("Ayse", "Elif", "Zeynep"),
    ),
    (
        ("opoulos", "ides", "akis", "iou", "Georgiou", "Pappas", "Economou"),
        ("Konstantinos", "Dimitrios", "Georgios", "Nikolaos", "Andreas"),
        ("Eleni", "Maria", "Sofia"),
    ),
    (
        (
            "Mensah",
            "Okafor",
            "Adeyemi",
            "Osei",
            "Boateng",
            "Owusu",
            "Asante",
            "Okonkwo",
            "Okeke",
            "Nwosu",
            "yemi",
            "tunde",
            "wale",
            "bayo",
            "Chukwu",
            "Obi",
            "Eze",
        ),
        ("Babatunde", "Oluwaseun", "Kwame", "Emeka", "Chinedu", "Kofi", "Yaw", "Femi"),
        ("Folasade", "Ngozi", "Grace", "Adaeze", "Abena", "Funmilayo"),
    ),
    (
        ("O'", "Mc", "Mac", "Murphy", "Byrne", "Ryan", "Doyle", "Walsh", "Kelly", "Fitzgerald"),
        ("Declan", "Ciaran", "Niall", "Sean", "Patrick", "Liam", "Eoin", "Cormac"),
        ("Siobhan", "Aoife", "Niamh", "Ciara"),
    ),
    (
        ("Chen", "Wong", "Lam", "Cheung", "Tang", "Yip", "Lee"),
        ("Wei", "Jun", "Hao"),
        ("Mei", "Ling"),
    ),
)


def origin_first(rng: random.Random, surname: str, gender: str) -> str | None:
    """A first name matching the surname's likely origin, or None to use the general pool."""
    for keys, males, females in _ORIGIN_FIRST:
        if (
            surname in keys
            or any(len(k) > 2 and surname.endswith(k) for k in keys)
            or any(surname.startswith(k) for k in keys if k.endswith(("'", "c")))
        ):
            pool = males if gender == "m" else females
            if pool and rng.random() < 0.65:
                return rng.choice(pool)
            return None
    return None


# Rough popularity among people born 1965-2000 in England; the rest of each dict follows.
POPULAR_MALE = (
    "David",
    "James",
    "Michael",
    "Daniel",
    "Paul",
    "Mark",
    "Andrew",
    "Richard",
    "Christopher",
    "Matthew",
    "Robert",
    "Thomas",
    "Stephen",
    "Lee",
    "Craig",
    "Darren",
    "Jonathan",
    "Peter",
    "Simon",
    "Ian",
    "Gary",
    "Kevin",
    "Adam",
    "Benjamin",
    "Samuel",
    "William",
    "Nicholas",
    "Anthony",
    "Gareth",
    "Joseph",
    "Ryan",
    "Liam",
    "Luke",
    "Jack",
    "Edward",
    "Alexander",
    "Philip",
    "Patrick",
    "Sean",
    "Mohammed",
)
POPULAR_FEMALE = (
    "Sarah",
    "Emma",
    "Laura",
    "Rebecca",
    "Claire",
    "Nicola",
    "Samantha",
    "Amy",
    "Hannah",
    "Louise",
    "Rachel",
    "Victoria",
    "Jennifer",
    "Charlotte",
    "Gemma",
    "Katherine",
    "Elizabeth",
    "Lucy",
    "Jessica",
    "Natalie",
    "Kelly",
    "Michelle",
    "Joanne",
    "Amanda",
    "Susan",
    "Deborah",
    "Stephanie",
    "Sophie",
    "Danielle",
    "Kerry",
    "Alexandra",
    "Chloe",
    "Abigail",
    "Margaret",
    "Olivia",
    "Grace",
)


def weighted_firsts(
    gender: str, limit: int | None, exponent: float
) -> tuple[list[str], list[float]]:
    """First names, commonest first, with Zipf-like weights (the first `limit` names only)."""
    popular = POPULAR_MALE if gender == "m" else POPULAR_FEMALE
    every = MALE if gender == "m" else FEMALE
    names = list(popular) + [n for n in every if n not in popular]
    names = names[:limit] if limit else names
    return names, [1.0 / (i + 1) ** exponent for i in range(len(names))]
