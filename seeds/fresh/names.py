"""Name material: surnames and first names by broad origin, nicknames, rare surnames."""

from __future__ import annotations

import random
from collections.abc import Sequence


def _w(text: str) -> list[str]:
    return text.split()


# Surnames roughly in descending frequency within each origin.
SURNAMES: dict[str, list[str]] = {
    "english": _w(
        "Smith Jones Williams Brown Taylor Wilson Johnson Walker Wright Robinson Thompson "
        "White Hughes Edwards Green Hall Wood Harris Martin Jackson Clarke Turner Hill "
        "Scott Cooper Morris Ward Moore King Watson Baker Harrison Young Allen Mitchell "
        "James Anderson Phillips Bell Parker Davis Knight Bennett Cook Shaw Carter "
        "Richardson Chapman Collins Marshall Bailey Cox Webb Ellis Adams Simpson Stevens "
        "Russell Hunt Mills Palmer Fox Holmes Rogers Pearce Barnes Dixon Mason Fisher "
        "Atkinson Gibson Butler Harvey Payne Pearson Lawrence Foster Hudson Dean Sutton "
        "Hunter Newman Rose Fletcher Bird Holland Barker Lambert Hart Chambers Bishop "
        "Hayes Knowles Howard Wells Ball Spencer Burton Porter Fuller Gray Cole Stone "
        "Perry Lane Read Bradley Marsh Hopkins Sharp Barrett Holt Nash Burgess Pike "
        "Warren Bates Osborne Dawson Kirby Gardner Parsons Townsend Saunders Lowe Page "
        "Day Reeves Barber Booth Long Hodgson Tucker Ashton Cross Brooks Wheeler Lucas "
        "Goodwin Fowler Stubbs Whitehead Sanderson Hammond Blackburn Armitage Tomlinson "
        "Crawford Nicholls Slater Lovell Pickering Winterbottom Featherstone Greenwood"
    ),
    "scottish": _w(
        "Campbell Stewart Robertson MacDonald McDonald Reid Murray Ross Paterson Fraser "
        "Mackenzie McLean Hamilton Kerr Ferguson Grant Cameron Gordon Munro Sinclair "
        "Henderson Duncan Kennedy McKay Mackintosh Drummond Buchanan Forbes Lindsay "
        "McGregor Crichton Urquhart Menzies Lockhart Dalziel"
    ),
    "irish": _w(
        "Murphy Kelly O'Brien Walsh Ryan O'Connor Byrne O'Neill Doyle McCarthy Gallagher "
        "Lynch Quinn Brennan Kavanagh Fitzgerald Keane Doherty Flanagan O'Sullivan "
        "Donnelly McGuinness Hennessy O'Reilly Costello Devlin McNamara Moloney Brady "
        "Nolan O'Shea Duffy Mulligan Sheridan Connolly"
    ),
    "welsh": _w(
        "Davies Evans Thomas Roberts Lewis Hughes Morgan Griffiths Owen Price Jenkins "
        "Lloyd Rees Powell Howells Pritchard Bowen Vaughan Parry Llewellyn Prosser "
        "Meredith Probert Gwynne Pugh Bevan Rhys Tudor"
    ),
    "indian": _w(
        "Patel Singh Kaur Shah Sharma Gill Sandhu Kumar Mistry Dhillon Sidhu Parmar "
        "Grewal Chauhan Gupta Mehta Joshi Bains Johal Atwal Basra Rai Thakrar Solanki "
        "Chopra Kapoor Malhotra Verma Desai Bhatt Lakhani Pandya Kotecha Virdee Sangha"
    ),
    "muslim_south_asian": _w(
        "Khan Ali Ahmed Hussain Begum Rahman Uddin Islam Miah Akhtar Iqbal Mahmood "
        "Butt Malik Chaudhry Shah Rashid Hassan Qureshi Aziz Choudhury Karim Sheikh "
        "Mirza Raja Siddiqui Anwar Javed Nawaz Haque Chowdhury Bibi Ashraf"
    ),
    "west_african": _w(
        "Mensah Adeyemi Okafor Owusu Boateng Asante Osei Adebayo Okonkwo Appiah "
        "Olawale Eze Nwosu Ogunleye Agyeman Amoah Darko Ofori Acheampong Quaye Addo "
        "Tetteh Ansah Adewale Obi Okoro Balogun Oyelaran Akinola Ibrahim Bello"
    ),
    "caribbean": _w(
        "Campbell Williams Johnson Brown Thomas Francis Clarke Grant Reid Morgan Henry "
        "Thompson Bailey Edwards Robinson Gordon Lewis Richards Spencer Hinds "
        "Cumberbatch Forde Gayle Bascombe Joseph Charles Baptiste Alleyne Springer "
        "Mullings Beckford Blackwood Greenidge Walcott"
    ),
    "polish": _w(
        "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski "
        "Wozniak Dabrowski Kozlowski Jankowski Mazur Krawczyk Piotrowski Grabowski "
        "Pawlowski Michalski Zajac Krol Jablonski Wrobel Nowicki Majewski Olszewski"
    ),
    "turkish": _w(
        "Yilmaz Kaya Demir Sahin Celik Yildiz Aydin Ozturk Arslan Dogan Kilic Aslan "
        "Cetin Kara Koc Kurt Ozdemir Polat Erdogan Guler"
    ),
    "greek": _w(
        "Georgiou Papadopoulos Christodoulou Constantinou Charalambous Ioannou "
        "Nicolaou Demetriou Panayiotou Kyriacou Michael Antoniou Savva Stavrou "
        "Hadjioannou Loizou Theodorou Vasiliou"
    ),
    "chinese": _w(
        "Wong Chan Li Lee Zhang Wang Liu Chen Lam Cheung Ho Ng Yeung Tang Lau Leung "
        "Chow Yip Tsang Kwok Fung Lo Mak Huang Zhao Wu Lin Yang Zhou Xu Tan Lim Goh "
        "Nguyen Tran Pham"
    ),
    "southern_european": _w(
        "Rossi Russo Esposito Romano Colombo Ricci Marino Greco Bruno Gallo Conti "
        "Costa Silva Santos Ferreira Pereira Oliveira Rodrigues Martins Sousa Fernandes "
        "Garcia Martinez Lopez Gonzalez Sanchez Romero"
    ),
    "other": _w(
        "Mohamed Abdi Farah Osman Warsame Jama Yusuf Sivakumar Rajendran Kandiah "
        "Thurairajah Selvaratnam Nadarajah Sritharan Haddad Khalil Nasser Mansour"
    ),
}

# Share of the (realistic) force by origin.
ORIGIN_SHARES: dict[str, float] = {
    "english": 46.0,
    "scottish": 6.0,
    "irish": 7.0,
    "welsh": 5.0,
    "indian": 6.0,
    "muslim_south_asian": 5.0,
    "west_african": 5.0,
    "caribbean": 5.0,
    "polish": 3.0,
    "turkish": 2.5,
    "greek": 2.5,
    "chinese": 2.5,
    "southern_european": 2.5,
    "other": 2.0,
}

_ENG_M = _w(
    "James John David Michael Daniel Thomas Christopher Matthew Andrew Mark Paul Richard "
    "Robert Steven Stephen Lee Craig Gary Darren Wayne Jamie Benjamin Adam Luke Ryan Samuel "
    "Joseph William Jack Oliver Alexander Simon Peter Anthony Nicholas Jonathan Stuart Ian "
    "Neil Kevin Martin Gareth Scott Carl Dean Liam Connor Jordan George Harry Charlie "
    "Edward Philip Timothy Graham Keith Jason Ross Alan Barry Shaun"
)
_ENG_F = _w(
    "Sarah Emma Laura Rebecca Charlotte Hannah Amy Jessica Lucy Katherine Catherine Claire "
    "Rachel Nicola Joanne Helen Louise Kelly Lisa Michelle Samantha Victoria Elizabeth "
    "Jennifer Stephanie Natalie Gemma Kirsty Jade Danielle Amanda Alison Karen Zoe Sophie "
    "Chloe Megan Holly Ellie Georgia Lauren Alexandra Deborah Tracey Julie Anna Ruth Fiona "
    "Melanie Hayley Leanne Abigail Olivia Grace Jo"
)
FIRST_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "english": (_ENG_M, _ENG_F),
    "scottish": (
        _w("Alasdair Callum Euan Fraser Hamish Iain Kenneth Murray Gregor Andrew Craig") + _ENG_M,
        _w("Ailsa Fiona Iona Kirsteen Morag Eilidh Catriona Shona Kirsty") + _ENG_F,
    ),
    "irish": (
        _w("Sean Ciaran Declan Padraig Conor Eoin Brendan Kieran Niall Cormac") + _ENG_M,
        _w("Niamh Siobhan Aoife Roisin Orla Sinead Aisling Grainne Maeve") + _ENG_F,
    ),
    "welsh": (
        _w("Rhys Dafydd Gethin Owain Huw Ieuan Gareth Emyr Aled Geraint") + _ENG_M,
        _w("Cerys Bethan Sian Angharad Ffion Carys Rhiannon Nia Eleri") + _ENG_F,
    ),
    "indian": (
        _w(
            "Raj Sanjay Amit Vikram Rajesh Ravi Anil Sunil Deepak Nikhil Rohan Arjun "
            "Harpreet Gurpreet Jaspreet Manjit Sukhdev Jaswinder Kuldip Baljit Harjit Vijay"
        ),
        _w(
            "Priya Anjali Neha Pooja Sunita Kavita Nisha Meera Asha Deepa Simran Navdeep "
            "Amandeep Rupinder Kiran Harpreet Manpreet Jaspreet Sonia Reena"
        ),
    ),
    "muslim_south_asian": (
        _w(
            "Mohammed Muhammad Ahmed Ali Imran Adil Asif Tariq Bilal Usman Hamza Zain "
            "Faisal Shahid Kamran Rizwan Abdul Abdullah Yusuf Omar Shahidul Mizanur"
        ),
        _w(
            "Aisha Fatima Ayesha Sana Nadia Samina Rukhsana Shabana Farah Zara Amina Salma "
            "Nazia Yasmin Mariam Hafsa Nasima Rumana"
        ),
    ),
    "west_african": (
        _w(
            "Oluwaseun Oluwafemi Adebayo Babatunde Olumide Chinedu Emeka Chukwuemeka "
            "Ifeanyi Kwame Kofi Kwabena Yaw Kojo Tunde Segun Dapo Samuel Emmanuel Daniel "
            "Godwin Temitope"
        ),
        _w(
            "Folake Funmilayo Adaeze Chioma Ngozi Nneka Abena Akua Ama Efua Yetunde Bukola "
            "Temitope Olamide Titilayo Grace Esther Blessing Precious Victoria"
        ),
    ),
    "caribbean": (
        _w("Delroy Leroy Winston Errol Marlon Jermaine Tyrone Kemar Desmond Clive Dwayne Andre")
        + _ENG_M,
        _w(
            "Marcia Claudette Sharon Shanice Tanisha Simone Keisha Natasha Jacqueline "
            "Beverley Paulette Yvonne"
        )
        + _ENG_F,
    ),
    "polish": (
        _w("Piotr Krzysztof Tomasz Pawel Michal Marcin Lukasz Jakub Wojciech Kamil Mateusz"),
        _w(
            "Agnieszka Katarzyna Magdalena Anna Joanna Monika Malgorzata Ewa Karolina "
            "Justyna Aleksandra"
        ),
    ),
    "turkish": (
        _w("Mehmet Mustafa Ahmet Ali Hasan Huseyin Emre Murat Kemal Cem Deniz"),
        _w("Ayse Fatma Elif Zeynep Emine Derya Serap Esra Deniz Gulsen"),
    ),
    "greek": (
        _w("Andreas Georgios Konstantinos Christos Nikos Dimitrios Costas Panayiotis Stelios"),
        _w("Maria Eleni Katerina Georgia Despina Androulla Christina Sophia Theodora"),
    ),
    "chinese": (
        _w("Wei Jun Ming Hao Jian Kai David Kevin Michael Alan Eric Vincent Tony"),
        _w("Mei Xin Yan Ying Hui Li Jenny Grace Michelle Amy Karen Annie"),
    ),
    "southern_european": (
        _w("Marco Luca Giuseppe Antonio Francesco Paolo Joao Miguel Pedro Carlos Jose Rui"),
        _w("Giulia Francesca Chiara Sofia Ana Ines Carla Lucia Elena Maria Beatriz"),
    ),
    "other": (
        _w("Abdi Mohamed Hassan Yusuf Ahmed Suresh Ramesh Kumaran Senthil Karim Omar"),
        _w("Ayan Hodan Fadumo Sagal Priya Lakshmi Malini Leila Rania Amal"),
    ),
}

# Formal first name -> short forms and nicknames used by colleagues.
NICKNAMES: dict[str, list[str]] = {
    "Robert": ["Bob", "Rob", "Robbie"],
    "Katherine": ["Kate", "Kath", "Katie"],
    "Catherine": ["Cath", "Cathy", "Kate"],
    "Gareth": ["Gaz"],
    "Gary": ["Gaz"],
    "Mohammed": ["Mo"],
    "Muhammad": ["Mo"],
    "Mohamed": ["Mo"],
    "Thomas": ["Tom", "Tommy"],
    "William": ["Will", "Bill", "Billy"],
    "James": ["Jim", "Jamie", "Jimmy"],
    "Richard": ["Rich", "Richie"],
    "Michael": ["Mike", "Mick", "Mikey"],
    "David": ["Dave", "Davey"],
    "Christopher": ["Chris"],
    "Daniel": ["Dan", "Danny"],
    "Matthew": ["Matt"],
    "Andrew": ["Andy", "Drew"],
    "Anthony": ["Tony", "Ant"],
    "Stephen": ["Steve"],
    "Steven": ["Steve"],
    "Jonathan": ["Jon", "Jonny"],
    "Nicholas": ["Nick"],
    "Benjamin": ["Ben"],
    "Samuel": ["Sam"],
    "Joseph": ["Joe"],
    "Alexander": ["Alex"],
    "Edward": ["Ed", "Eddie"],
    "Philip": ["Phil"],
    "Timothy": ["Tim"],
    "Peter": ["Pete"],
    "Kenneth": ["Ken", "Kenny"],
    "Elizabeth": ["Liz", "Beth", "Lizzie"],
    "Jennifer": ["Jen", "Jenny"],
    "Rebecca": ["Becky", "Becca", "Bex"],
    "Samantha": ["Sam", "Sammy"],
    "Alexandra": ["Alex", "Lexi"],
    "Victoria": ["Vicky", "Tori"],
    "Joanne": ["Jo"],
    "Deborah": ["Debs", "Debbie"],
    "Stephanie": ["Steph"],
    "Danielle": ["Dani"],
    "Abigail": ["Abi", "Abby"],
    "Nicola": ["Nicky", "Nic"],
    "Charlotte": ["Charlie", "Lottie"],
    "Oluwaseun": ["Seun"],
    "Oluwafemi": ["Femi"],
    "Babatunde": ["Tunde"],
    "Adebayo": ["Bayo"],
    "Chukwuemeka": ["Emeka"],
    "Wojciech": ["Wojtek"],
    "Malgorzata": ["Gosia"],
    "Krzysztof": ["Kris"],
    "Konstantinos": ["Kostas", "Con"],
    "Georgios": ["George"],
    "Dimitrios": ["Jimmy", "Dimitri"],
    "Panayiotis": ["Peter", "Panos"],
    "Christos": ["Chris"],
    "Abdullah": ["Abdul"],
    "Rajesh": ["Raj"],
    "Vikram": ["Vik"],
    "Sukhdev": ["Dev"],
    "Jaswinder": ["Jas"],
    "Jaspreet": ["Jas"],
    "Harpreet": ["Harry", "Preet"],
    "Giuseppe": ["Joe", "Beppe"],
    "Francesco": ["Frank"],
    "Mustafa": ["Mus"],
    "Huseyin": ["Huss"],
    "Temitope": ["Temi", "Tope"],
    "Funmilayo": ["Funmi"],
    "Titilayo": ["Titi"],
}

# Rare-surname building blocks (prefix, suffix) by origin.
_PARTS: dict[str, tuple[list[str], list[str]]] = {
    "english": (
        _w(
            "Ash Brad Crom Dun Elm Fair Gold Hal Hart Kings Lang Mar North Pem Rad Sel Shel "
            "Stan Thorn Wal West Whit Wood Ather Bram Chad Dray Ever Hadd Lax Mot Pen Rams "
            "Sut Tur Wen Bur Cal Fen Hol Mid Os Sals Tip Up Ack Bam Birk Brom Carl Chis "
            "Col Dart Ead Ems Farn Glad Gris Hamp Hep Ink Kent Kirk Lin Lud Maple Mer Nor "
            "Ock Pad Pils Red Rob Ship Sid Skel Stam Tad Thack Tod Wad War Wes Wil Win Yar"
        ),
        _w(
            "ley ton worth field ford wood by well combe ham ridge more wick den stead shaw "
            "brook thorpe cott ington hurst low bury ington ney more ridge wood hill "
            "stone dale er ett all ock"
        ),
    ),
    "scottish": (
        _w("Mac Mc"),
        _w(
            "Alister Aulay Bride Corquodale Crae Dougall Fadyen Gillivray Innes Kerracher "
            "Lachlan Nab Phail Quarrie Ritchie Taggart Vicar Whirter Gowan Ilroy Kinnon Leod"
        ),
    ),
    "irish": (
        _w("O' Mc"),
        _w(
            "Callaghan Donovan Driscoll Flaherty Hanlon Keeffe Leary Mahony Regan Toole "
            "Dwyer Gorman Halloran Carthy Grath Loughlin Cann Geown Elroy Dermott Ginley"
        ),
    ),
    "indian": (
        _w("Ra Su Ka Ma Bha Pra Chan Dev Nar Shr Jag Kul Pur"),
        _w("ndran thar kar war dhar nath vani lani sinha dani rani"),
    ),
    "west_african": (
        _w("Ade Olu Ola Ayo Fola Kay Tun Oye Nwa Chi Oka Eze Obi Uche Ike Osu Aki"),
        _w("bayo wale tunde yemi kunle lade sola kanmi dele shola chukwu eke nna kwe gwu mba"),
    ),
    "polish": (
        _w(
            "Kowal Wisniew Wojcie Kamin Zielin Szyman Dabrow Koz Jank Krawcz Grab Paw Mich "
            "Jablon Wiecz Nowic Olszew Stepn Jawor Malin Gor Rutk Sikor Szew Tomasz Bork Lis"
        ),
        _w("ski czyk wicz ak ek owski ewski iak"),
    ),
    "turkish": (
        _w("Yil Kara Ak Demir Ozt Kaya Cel Sah Ars Ayd Gun Ert Kor Tas Bay Yal Ozk Dog"),
        _w("maz oglu kaya dag urk can tekin han soy er kan"),
    ),
    "greek": (
        _w(
            "Georgi Papa Christo Dimitri Konstantin Nikola Ioann Vasil Charalamb Panay Andre "
            "Kyri Stavr Theodor Athan Hadji Loiz Savv Ellin"
        ),
        _w("ou ides opoulos akis iou dou"),
    ),
}
_PARTS["welsh"] = _PARTS["english"]
_PARTS["caribbean"] = _PARTS["english"]
_PARTS["muslim_south_asian"] = _PARTS["indian"]


def zipf_choice(rng: random.Random, items: Sequence[str], s: float = 0.9, offset: int = 2) -> str:
    """Pick from a frequency-ordered list with Zipf-like weights."""
    weights = [1.0 / (i + offset) ** s for i in range(len(items))]
    return rng.choices(list(items), weights=weights, k=1)[0]


def rare_surname(rng: random.Random, origin: str) -> str:
    """Invent a plausible, usually unique, surname for the given origin."""
    parts = _PARTS.get(origin)
    if parts is None:
        return zipf_choice(rng, SURNAMES[origin], 0.3)
    pre, suf = parts
    a, b = rng.choice(pre), rng.choice(suf)
    if a in ("Mac", "Mc", "O'"):
        return a + b
    return a + b.lower()


def feminine_surname(surname: str) -> str:
    """Polish feminine forms (Kowalski -> Kowalska)."""
    if surname.endswith("ski") or surname.endswith("cki"):
        return surname[:-1] + "a"
    return surname


def first_name(rng: random.Random, origin: str, sex: str) -> str:
    male, female = FIRST_NAMES[origin]
    pool = male if sex == "M" else female
    return zipf_choice(rng, pool, 0.7)
