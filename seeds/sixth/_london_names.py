"""Names for the London-like force: real common surnames of each background, and a long tail
made by joining the parts surnames of that background are built from.

Each background is (share of the force, common surnames, a tail builder or None, men's and
women's first names, whether colleagues often misspell the surname).
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random

from seeds.sixth._people import fold, zipf


def split(text: str) -> list[str]:
    return text.split()


def joiner(heads: str, tails: str) -> Callable[[Random, str], str]:
    """A tail builder: a head and a tail joined ("Ash" + "worth")."""
    h, t = split(heads), split(tails)

    def build(rng: Random, sex: str) -> str:
        return rng.choice(h) + rng.choice(t)

    return build


def irish(rng: Random, sex: str) -> str:
    if rng.random() < 0.4:
        return "O'" + rng.choice(
            split("Donoghue Mahony Keeffe Dwyer Rourke Grady Callaghan Halloran Driscoll Leary")
        )
    stem = rng.choice(
        split(
            "Namara Grath Kenna Donagh Gowan Cormack Inerney Elroy Ginley Gettigan Carthy "
            "Loughlin Gillicuddy Sweeney Cann Closkey Gonigle Fadden Garry Keown Manus"
        )
    )
    return ("Mc" if rng.random() < 0.75 else "Mac") + stem


def polish(rng: Random, sex: str) -> str:
    stem = rng.choice(
        split(
            "Grab Król Kowal Mazur Pawl Wróbl Sadow Kozł Jasiń Maliń Stach Zaj Dud Wilk Sobcz "
            "Cieśl Nowic Rutk Michal Baran Kubi Szew Walcz Zawad Dąbr Tomasz Jank Marcin Wiśniew "
            "Lewand Zieliń Szymań Woźni Kamiń Olszew Czarn Pietrz Sikor Bork"
        )
    )
    end = rng.choice(["owski", "ski", "czyk", "iak", "ewicz", "ek"])
    if sex == "f" and end.endswith("ski"):
        end = end[:-1] + "a"  # Polish women's surnames end -ska
    return stem + end


def baltic_balkan(rng: Random, sex: str) -> str:
    kind = rng.random()
    if kind < 0.35:
        stem = rng.choice(split("Pop Ion Dumitr Constantin Stoic Georg Radul Marin Vasil Tudor"))
        return stem + "escu"
    if kind < 0.6:
        stem = rng.choice(split("Kazlausk Petrausk Jankausk Butk Paulausk Vasiliausk Stank"))
        return stem + ("as" if sex == "m" else "ienė")
    stem = rng.choice(split("Petr Ivan Dimitr Georgi Stoyan Todor Angel Nikol Hristov Kolev"))
    return stem + ("ov" if sex == "m" else "ova")


BACKGROUNDS: list[
    tuple[float, list[str], Callable[[Random, str], str] | None, list[str], list[str], bool]
] = [
    (
        50,
        split(
            "Smith Jones Williams Brown Taylor Davies Wilson Evans Thomas Johnson Roberts Walker "
            "Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Lewis Martin "
            "Jackson Clarke Clark Turner Hill Scott Cooper Morris Ward Moore King Watson Baker "
            "Harrison Morgan Patel Young Allen Mitchell James Anderson Phillips Lee Bell Parker "
            "Davis Knight Hunt Mason Barnes Fox Russell Webb Palmer Fisher Holmes Marsh Pearson "
            "Chapman Stevens Lloyd Ellis Gibson Carter Shaw Dixon Hart Cox Richardson Butler Reed "
            "Kemp Fletcher Lambert Hopkins Nash Pike Sutton Dawson Gough Bristow Tapp Hollis"
        ),
        joiner(
            "Ash Brad Brom Cal Chad Craw Dun Hart Hol Kirk Lang Mar Nor Pen Rad Sal Shel Stan "
            "Thorn Whit Wes Ather Black Bur Fair Hather Mid Old Brack Cran Hayl Wick Wain",
            "ley ton ham field worth wood by ford well more den stone bridge combe shaw hurst",
        ),
        split(
            "David Michael Paul Mark James Daniel Thomas Christopher Matthew Robert Lee Craig "
            "Simon Ian Gary Jason Adam Luke Ben Ryan Jack Oliver Harry Stephen Richard Andrew"
        ),
        split(
            "Sarah Emma Claire Rachel Laura Helen Nicola Louise Kelly Lisa Joanne Rebecca Amy "
            "Gemma Katie Hannah Jessica Charlotte Sophie Lucy Emily Chloe Victoria Samantha"
        ),
        False,
    ),
    (
        8,
        split(
            "Murphy Kelly O'Brien Ryan Byrne O'Sullivan Walsh McCarthy Doyle O'Connor Gallagher "
            "Quinn McLaughlin Brennan Kavanagh Nolan Fitzgerald Dunne McMahon Flanagan"
        ),
        irish,
        split("Sean Patrick Ciaran Declan Conor Liam Niall Eoin Cormac Padraig Michael John"),
        split("Siobhan Niamh Aoife Ciara Roisin Orla Mairead Sinead Grainne Clodagh Mary"),
        True,
    ),
    (
        10,
        split(
            "Patel Khan Singh Ahmed Ali Hussain Shah Begum Rahman Islam Miah Uddin Chowdhury Iqbal "
            "Akhtar Malik Butt Sharma Gupta Kumar Mistry Parmar Chauhan Solanki Dhillon Sandhu "
            "Gill Grewal Bains Sidhu Virdi Rai Joshi Desai Mehta Nair Pillai Siddiqui Qureshi "
            "Mirza Rashid Nawaz Javed Anwar Aziz Perera Fernando Kaur"
        ),
        joiner(
            "Siva Bala Rat Thava Jey Kana Vick Sri Rama Muru Thiru Ganes",
            "kumar rajah lingam nathan ratnam singham sundaram chandran",
        ),
        split(
            "Mohammed Muhammad Imran Amir Asif Tariq Rajesh Sanjay Vikram Harpreet Gurpreet "
            "Sandeep Arjun Rahul Kamal Faisal Zubair Abdul Nadeem Ravi Suresh"
        ),
        split(
            "Aisha Fatima Priya Anjali Sunita Harjit Manpreet Sana Nadia Ayesha Shabana Rupinder "
            "Nisha Pooja Farah Yasmin Shazia Kiran Deepa"
        ),
        True,
    ),
    (
        7,
        split(
            "Okoro Okafor Adeyemi Adebayo Ogunleye Okonkwo Nwosu Eze Obi Mensah Asante Boateng "
            "Owusu Appiah Osei Agyeman Danso Bello Ibrahim Sesay Kamara Conteh Bangura Koroma "
            "Balogun Akinola Oyelaran Adeleke Ogunbiyi"
        ),
        joiner(
            "Ade Ola Olu Oye Ogun Ayo Aki Oso Fola Oke Aji Ade Aki Ige",
            "yemi bayo wale tunde kunle sanya dele nola bode lade wunmi fisayo",
        ),
        split(
            "Oluwaseun Adebayo Emmanuel Chinedu Kwame Kofi Tunde Olumide Femi Chukwuemeka Samuel "
            "Ibrahim Oluwatobi Babatunde Yaw Kwabena Oluwadamilare Daniel"
        ),
        split(
            "Funmilayo Adaeze Chioma Abena Akosua Ngozi Folake Yetunde Blessing Grace Ama Temitope "
            "Bukola Esther Omolara Adwoa"
        ),
        True,
    ),
    (
        6,
        split(
            "Campbell Brown Williams Clarke Thomas Grant Francis Henry Reid Gordon Edwards "
            "Johnson Richards Bailey Forbes Samuels McKenzie Stewart Lewis Daley Lindo Beckford "
            "Chambers Wynter Gayle Bryan Brissett Dacres"
        ),
        None,
        split("Jermaine Leroy Delroy Winston Tyrone Kemar Marlon Clive Dwayne Andre Errol Nathan"),
        split("Marcia Andrea Shanice Tanisha Simone Paulette Donna Janelle Monique Yvonne Keisha"),
        False,
    ),
    (
        5,
        split("Nowak Kowalski Wiśniewski Wójcik Kowalczyk Lewandowski Zieliński Dąbrowski"),
        polish,
        split("Piotr Tomasz Łukasz Marcin Paweł Krzysztof Andrei Ionut Mindaugas Dimitar Jakub"),
        split("Anna Katarzyna Agnieszka Małgorzata Aleksandra Joanna Ioana Elena Rūta Kasia"),
        True,
    ),
    (
        3,
        [],
        baltic_balkan,
        split("Andrei Ionut Mindaugas Dimitar Vlad Tomas"),
        ["Ioana", "Elena"],
        True,
    ),
    (
        2.5,
        split(
            "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan "
            "Kılıç Aslan Çetin Kara Koç Kurt Özkan Şimşek"
        ),
        joiner("Kara Ak Öz Gök Yıl Ay Er Tan Bay Taş Uz", "han soy dağ taş can oğlu kaya er"),
        split("Mehmet Mustafa Ahmet Emre Hasan Murat Kemal Serkan Deniz Baran"),
        split("Ayşe Elif Zeynep Fatma Emine Derya Gül Deniz Selin Aylin"),
        True,
    ),
    (
        2.5,
        split(
            "Georgiou Christodoulou Constantinou Demetriou Charalambous Ioannou Nicolaou "
            "Kyriacou Papadopoulos Michael Antoniou Savva Panayiotou Theodorou"
        ),
        joiner(
            "Papad Stavr Konstant Mavr Kyriak Pant Vasil Andre Christ Dimitri Hadji Karam",
            "opoulos idis akis ou atos ides",
        ),
        split("Andreas Christos Nikos Konstantinos George Panayiotis Costas Stelios Michalis"),
        split("Maria Eleni Christina Georgia Despina Sophia Katerina Androulla Anastasia"),
        True,
    ),
    (
        2,
        split(
            "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Wong Chan Cheung Lam "
            "Lau Leung Ho Ng Yip Tang Tsang Chow Kwok Mak Yeung Choi"
        ),
        None,
        split("Wei Jun Hao Ming Kar Wai Man Kit Siu Ming Jian Tao Chi Keung"),
        split("Jing Hui Mei Ling Xiaoyan Yan Wing Yee Li Na Shu Fen Lai Ying"),
        True,
    ),
    (
        1,
        split("Nguyen Tran Le Pham Hoang Huynh Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly"),
        None,
        split("Minh Tuan Duc Thanh Hung Quang Long Khoa"),
        split("Linh Huong Lan Thu Hoa Mai Trang Ngoc"),
        True,
    ),
    (
        3,
        split(
            "Ferreira Santos Costa Rossi Esposito Garcia Rodriguez Hassan Mohamed Abdi Farah "
            "Warsame Jama Silva Pereira Romano Moreno Jimenez Kovacs Novak Horvat"
        ),
        None,
        split("João Luca Carlos Abdi Mohamed Diego Marco Abdirahman Ahmed Pedro Miguel"),
        split("Ana Giulia Sofia Hodan Amina Fadumo Lucia Carmen Maria Ilham"),
        True,
    ),
]
TAMIL_M = split("Karthik Senthil Prakash Dinesh Vignesh Kajan Thusanth Suresh")
TAMIL_F = split("Kavitha Priya Thushara Sharmila Nirosha Lakshmi Abirami")
# English names colleagues use for someone whose given name is Chinese or Vietnamese.
ANGLICISED_M = split("Kevin Jason Eric Tony Michael Vincent Alan Kenny Danny Sam")
ANGLICISED_F = split("Michelle Ivy Grace Jenny Vivian Cindy Amy Karen Tina Lily")


def draw_name(rng: Random, sex: str) -> tuple[str, str, str, str | None, str, bool]:
    """(surname, HR surname, forename, middle, known-as, hard to spell) for one new person."""
    weights = [b[0] for b in BACKGROUNDS]
    i = rng.choices(range(len(BACKGROUNDS)), weights)[0]
    _, common, tail, men, women, hard = BACKGROUNDS[i]
    if tail is not None and (not common or rng.random() < 0.6):
        surname = tail(rng, sex)
        if common[:1] == ["Patel"]:  # the built South Asian surnames are Tamil ones
            men, women = TAMIL_M, TAMIL_F
    else:
        surname = zipf(rng, common, 0.5)
        if sex == "f" and surname.endswith("ski"):
            surname = surname[:-1] + "a"
    if rng.random() < 0.015 and i == 0:  # double-barrelled
        surname = f"{surname}-{zipf(rng, common)}"
    pool = men if sex == "m" else women
    forename = rng.choice(pool)
    middle = rng.choice(pool) if rng.random() < 0.55 else None
    if middle == forename:
        middle = None
    if surname in ("Kaur", "Begum") and sex == "m":
        surname = "Singh" if surname == "Kaur" else "Miah"
    if surname == "Singh" and sex == "f" and rng.random() < 0.6:
        surname = "Kaur"
    known = forename
    if BACKGROUNDS[i][1][:1] == ["Nguyen"]:  # the middle part comes first: Van Minh, Thi Lan
        forename, middle = ("Van " if sex == "m" else "Thi ") + forename, None
    if BACKGROUNDS[i][1][:1] in (["Wang"], ["Nguyen"]) and rng.random() < 0.35:
        known = rng.choice(ANGLICISED_M if sex == "m" else ANGLICISED_F)
    elif middle and rng.random() < 0.04:
        known = middle
    # HR keeps accents about half the time; some HR systems strip them on import.
    hr_surname = surname if rng.random() < 0.5 else fold(surname)
    return surname, hr_surname, forename, middle, known, hard or "-" in surname
