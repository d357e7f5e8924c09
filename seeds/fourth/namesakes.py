"""A namesake-heavy force: a short surname list, common first names, planted twins.

``generate(n_reports, seed)`` returns ``(reports, roster)`` for a force of about
2,100-2,500 people in which each common surname is held by about ten people.
"""

from __future__ import annotations

import random

from seeds.fourth.common import fix_female_only, middles, plant_namesakes
from seeds.fourth.force import build_roster
from seeds.fourth.names import _w
from seeds.fourth.reports import build_reports

SURNAMES = _w(
    "Smith Jones Williams Brown Taylor Patel Khan Davies Wilson Evans Thomas Johnson "
    "Roberts Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris "
    "Lewis Martin Jackson Clarke Turner Hill Scott Cooper Morris Ward Moore King Watson "
    "Baker Harrison Morgan Young Allen Mitchell Anderson Campbell Stewart Reid Bell Kelly "
    "Price Bennett Marshall Griffiths Richardson Lloyd Ellis Palmer Barnes Knight Owen "
    "Stevens Phillips Parker Butler Russell Chapman Mills Gibson Fletcher Harvey Payne Webb "
    "Rogers Cox Dixon Gray Hunt Shaw Ross Hayes Jenkins Powell Murphy O'Brien O'Connor "
    "Ryan Walsh Byrne Doyle Kennedy Quinn MacDonald McLeod Fraser Ali Ahmed Singh Kaur "
    "Hussain Begum Shah Sharma Rahman Iqbal Mahmood Akhtar Malik Gill Sandhu Chowdhury "
    "Uddin Miah Kumar Okafor Adeyemi Mensah Owusu Boateng Francis Henry Grant Bailey "
    "Gordon Mohamed Ibrahim Kamara Nowak Kowalski Popescu Andreou Georgiou Papadopoulos "
    "Yilmaz De_Souza Da_Silva Santos Costa Chen Wong Lee Chan Nguyen Smith-Jones "
    "Lloyd-Davies Fitzgerald Gallagher Wilkinson Stevenson Atkinson Cartwright Holt "
    "Burgess Fisher Dunn Bird Hudson Newman Pearce Kemp Hart Lane Sharp Fox Holmes "
    "Lawrence Summers Tucker Morrison Sutton Hammond Hunter Wells Reynolds Barker Dawson "
    "Carter Nicholson Pearson Spencer Hamilton Graham Simpson Murray Matthews Jordan"
)
HEAVY = set(_w("Smith Jones Patel Khan Williams Brown Taylor Ali Singh Ahmed Davies Murphy"))

MALE = _w(
    "David James John Michael Paul Mark Andrew Richard Robert Daniel Stephen Steven "
    "Christopher Matthew Thomas Peter Gary Lee Darren Craig Jason Anthony Ian Kevin Adam "
    "Ben Samuel Luke Ryan Jack Liam Mohammed Mohammad Ahmed Imran Raj Harpreet Chidi Emeka "
    "Kwame Sean Patrick Piotr Andreas Wei"
)
FEMALE = _w(
    "Sarah Emma Claire Laura Rebecca Rachel Louise Nicola Lisa Michelle Kelly Gemma Hannah "
    "Amy Charlotte Jessica Sophie Lucy Katherine Elizabeth Victoria Joanne Helen Karen "
    "Samantha Natalie Zoe Lauren Danielle Stacey Priya Ayesha Fatima Nadia Chioma Grace "
    "Siobhan Niamh Anna Maria Mei"
)
MID_M = MALE + _w("Alan Edward George William Charles")
MID_F = FEMALE + _w("Jane Anne Marie Louise Rose")


def _zipf(items: list[str], s: float) -> list[float]:
    return [1 / (i + 1) ** s for i in range(len(items))]


M_W = _zipf(MALE, 0.7)
F_W = _zipf(FEMALE, 0.7)
S_W = [2.5 if s in HEAVY else 1.0 for s in SURNAMES]


def draw_name(rng: random.Random, sex: str) -> tuple[str, list[str], str]:
    """A name from the short lists."""
    if sex == "m":
        first = rng.choices(MALE, weights=M_W)[0]
        mids = middles(rng, MID_M, first)
    else:
        first = rng.choices(FEMALE, weights=F_W)[0]
        mids = middles(rng, MID_F, first)
    surname = fix_female_only(rng.choices(SURNAMES, weights=S_W)[0], sex)
    return first, mids, surname


DISTRIBUTION = {1: 54, 2: 15, 3: 9, 4: 6, 5: 5, 6: 9, 13: 6}


def generate(n_reports: int, seed: int) -> tuple[list[dict], list[dict]]:
    """Reports and roster for a namesake-heavy force."""
    rng = random.Random(seed)
    size = rng.randint(2100, 2500)

    def tweak(people: list, r: random.Random) -> None:
        plant_namesakes(people, r, n_clones=6, n_twins=5, n_lookalike=12)

    people, _, _ = build_roster(rng, size, draw_name, maiden_rate=0.05, tweak=tweak)
    reports = build_reports(people, n_reports, rng, DISTRIBUTION, n_bully=8)
    return reports, [p.roster_row() for p in people]
