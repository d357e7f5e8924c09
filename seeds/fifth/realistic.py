"""A large London-like force (~5,200 people, 12 BCUs plus central units) with the usual common
surnames and a long tail of rare ones: British, Irish, South Asian, West African, Caribbean,
Polish, Turkish, Somali, Chinese, Greek, Portuguese and more.

``generate(n_reports, seed) -> (reports, roster)``; deterministic, standard library only.
"""

from __future__ import annotations

import random
from typing import Any

from seeds.fifth import _names as names
from seeds.fifth._force import make_people, make_units, roster_row
from seeds.fifth._world import build

SIZE = 5200

# Surname background: its surnames | forenames of men | forenames of women.
_ORIGIN_TEXT = """
Patel Khan Singh Begum Ali Hussain Ahmed Chaudhry Chowdhury Rahman Mahmood Siddiqui Sharma
Gupta Joshi Kaur Sandhu Dhillon Gill Bhatti Iqbal Qureshi Mistry Parmar Solanki Thakkar Raza
Akhtar Nawaz Rehman Kapoor Malhotra Varma Naidu Pillai Subramaniam Uddin Miah Islam Haque
Talukdar Sarwar Butt Malik Mirza Anwar Shahzad Tariq Javed Rana Chahal Grewal Sidhu Bains
Johal Sahota Hundal Chauhan Vaghela Makwana Gohil Rathod Desai Mehta Shah Vyas Pandya Tailor
Sivakumar Thevarajah Kanagaratnam Selvarajah
| Mohammed Imran Amir Rajesh Sanjay Arjun Harpreet Bilal Faisal Kamran Usman Zubair Tariq
Abdul Shahid Rakesh Vikram Nikhil Gurpreet Jaspreet Manpreet Ravi Suresh Kiran Sunil Ashok
| Priya Anjali Fatima Aisha Sadia Nusrat Ayesha Nadia Sana Shabana Rubina Yasmin Farzana
Pooja Sunita Neha Kavita Simran Gurpreet Jasvinder Harjit Meena Shanthi
/
Adeyemi Okafor Okonkwo Adebayo Oyelaran Mensah Boateng Asante Owusu Osei Appiah Nwosu Eze
Obi Ogunleye Adeleke Babatunde Olawale Afolabi Bankole Danjuma Kamara Sesay Conteh Jalloh
Bangura Oduya Akinola Adewale Oladipo Fashola Okeke Chukwu Nwachukwu Ezeh Okoye Anyanwu Uche
Onyekachi Acheampong Amoako Agyeman Darko Frimpong Gyamfi Kyei Ofori Quaye Tetteh Addo Annan
Yeboah Kanu Turay Koroma
| Kwame Oluwaseun Adebayo Olumide Chinedu Emeka Kofi Tunde Femi Segun Yaw Kwabena Kojo
Ifeanyi Chukwuemeka Obinna Babajide Ayodele Olusegun Foday Ibrahim Samuel Daniel
| Folake Adaeze Abena Funmilayo Yetunde Bukola Ngozi Chiamaka Ama Akosua Efua Adwoa Temitope
Oluwakemi Chioma Ifeoma Mariama Grace Blessing Esther
/
Samuels McKenzie Forbes Gayle Bogle Brissett Lindo Thame Spence Campbell Grant Francis Henry
Joseph Charles Reid Ricketts Blackwood Nembhard Beckford Dacres Wedderburn McFarlane Bramwell
Allwood Fearon Hylton Lawes Mattis Pinnock Rattray Whyte Ebanks Bascombe
| Delroy Winston Leroy Jermaine Tyrone Dean Mark Marlon Clive Errol Courtney Andre Dwayne
Kareem Rohan Carlton Everton
| Marcia Yvonne Natasha Danielle Michelle Sharon Paulette Simone Janelle Tanisha Beverley
Charmaine Keisha Monique
/
Kowalski Nowak Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak
Dabrowski Kozlowski Jankowski Mazur Krawczyk Piotrowski Grabowski {polish}
| Tomasz Piotr Krzysztof Marcin Pawel Michal Lukasz Kamil Grzegorz Jakub Mateusz Rafal Adam
| Agnieszka Magdalena Katarzyna Joanna Anna Monika Karolina Ewelina Aleksandra Justyna Marta
/
O'Sullivan McCarthy Fitzgerald Gallagher Doherty Brennan Quinlan Mulcahy Keane Dunne Byrne
Nolan Cassidy Donnelly Flanagan Geraghty Hennessy Kavanagh Mulligan O'Driscoll Murphy Kelly
| Sean Ciaran Declan Patrick Liam Connor Eoin Cian Padraig Niall Ronan Brendan Conor Fergal
| Siobhan Aoife Niamh Ciara Orla Sinead Roisin Grainne Aisling Deirdre Maeve Clodagh
/
Yilmaz Demir Kaya Celik Sahin Ozturk Aydin Doganay Kilic Arslan Korkmaz Ozdemir Polat Aksoy
Karaca Baysal Mustafa
| Mehmet Mustafa Ahmet Ali Hasan Huseyin Ibrahim Murat Emre Serkan Kemal Erdal Baris Cem
| Zeynep Ayse Fatma Emine Elif Hatice Meryem Derya Gul Sibel Esra Ozlem
/
Mohamed Abdi Hassan Farah Warsame Omar Rasool
| Hassan Abdi Abdirahman Mohamed Ahmed Yusuf Ismail Abdullahi Said Mahad
| Hodan Fatima Amina Faduma Hawa Sahra Ifrah Nimo Ubah Maryan
/
Chen Wong Li Zhang Nguyen Tran Lam Cheung Zhou Huang Zhao Wu Xu Sun Ma Zhu Hu Guo He Lin
Luo Leung Chan Yip Ho Pham Le Hoang Dang Bui Vo
| Wei Minh Jun Hao Lei Tuan Duc Kevin Jason Michael Ka-Wai Chi-Ming Long
| Mei Linh Ying Xin Hui Thu Lan Jenny Karen Michelle Ka-Yan Hoa
/
Georgiou Christodoulou Papadopoulos Constantinou Ioannou
| Nikos Andreas Christos Georgios Kyriacos Panayiotis Michael Costas Stelios
| Eleni Maria Sophia Despina Androulla Christina Georgia Katerina
/
Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Carvalho Almeida Gomes Martins Rocha
Ribeiro Alves
| Joao Pedro Tiago Rui Bruno Miguel Nuno Diogo Paulo Ricardo
| Ana Mariana Beatriz Ines Sofia Catarina Joana Rita Carla
"""


def _origins() -> list[tuple[set[str], list[str], list[str]]]:
    text = _ORIGIN_TEXT.replace("{polish}", " ".join(names.POLISH_STEMS))
    out: list[tuple[set[str], list[str], list[str]]] = []
    for block in text.split("/"):
        surnames, men, women = block.split("|")
        out.append((set(surnames.split()), men.split(), women.split()))
    return out


ORIGINS = _origins()
_SPECIAL = {n for _, m, f in ORIGINS for n in m + f}
BRITISH_M = [n for n in names.MALE if n not in _SPECIAL] + ["Mark", "Dean", "Liam", "Connor"]
BRITISH_F = [n for n in names.FEMALE if n not in _SPECIAL] + ["Natasha", "Danielle"]


def _surname_picker(rng: random.Random) -> Any:
    common = names.COMMON_SURNAMES
    common_w = [1 / (i + 1) ** 0.3 for i in range(len(common))]
    rare = names.RARE_SURNAMES
    built = names.rare_tail()

    def pick(r: random.Random) -> str:
        roll = r.random()
        if roll < 0.45:
            return r.choices(common, weights=common_w)[0]
        if roll < 0.65:
            return r.choice(rare)
        if roll < 0.97:
            return r.choice(r.choices(built, weights=[4, 2, 1, 1, 4])[0])
        return r.choice(names.DOUBLE_BARRELLED)

    return pick


_BUILT = names.rare_tail()
BUILT_ORIGIN = {name: 1 for name in _BUILT[1]} | {name: 4 for name in _BUILT[3]}


def _forename(rng: random.Random, female: bool, surname: str) -> str:
    base = surname.split("-")[0]
    built = BUILT_ORIGIN.get(base)  # built Yoruba or Irish surnames
    if built is not None and rng.random() < 0.75:
        _, men, women = ORIGINS[built]
        return rng.choice(women if female else men)
    for group, men, women in ORIGINS:
        if base in group and rng.random() < 0.75:
            return rng.choice(women if female else men)
    if rng.random() < 0.08:
        return rng.choice(list(names.FEMALE if female else names.MALE))
    return rng.choice(BRITISH_F if female else BRITISH_M)


def generate(n_reports: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reports (sorted by received date) and the force's HR roster."""
    rng = random.Random(seed)
    units = make_units(12)
    people = make_people(rng, SIZE, units, _surname_picker(rng), _forename)
    reports = build(rng, people, n_reports)
    return reports, [roster_row(p) for p in people]
