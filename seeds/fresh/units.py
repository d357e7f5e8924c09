"""Organisation of the synthetic force: commands, functions, stations, ranks."""

from __future__ import annotations

from dataclasses import dataclass, field

# (official BCU name, collar letters, {borough: [stations]})
_BCUS: list[tuple[str, str, dict[str, list[str]]]] = [
    ("North West BCU", "NW", {"Barnet": ["Colindale", "Barnet"], "Brent": ["Wembley", "Kilburn"],
                              "Harrow": ["South Harrow"]}),
    ("North Area BCU", "NA", {"Enfield": ["Edmonton", "Enfield"],
                              "Haringey": ["Tottenham", "Wood Green"]}),
    ("Central North BCU", "CN", {"Camden": ["Holborn", "Kentish Town"],
                                 "Islington": ["Islington", "Holloway"]}),
    ("Central East BCU", "CE", {"Hackney": ["Stoke Newington", "Hackney"],
                                "Tower Hamlets": ["Bethnal Green", "Limehouse"]}),
    ("North East BCU", "NE", {"Newham": ["Forest Gate", "Plaistow"],
                              "Waltham Forest": ["Chingford", "Leyton"]}),
    ("East Area BCU", "EA", {"Barking and Dagenham": ["Barking"], "Havering": ["Romford"],
                             "Redbridge": ["Ilford"]}),
    ("South East BCU", "SE", {"Bexley": ["Bexleyheath"], "Greenwich": ["Plumstead"],
                              "Lewisham": ["Lewisham", "Catford"]}),
    ("South Area BCU", "SN", {"Bromley": ["Bromley"], "Croydon": ["Croydon", "Norbury"],
                              "Sutton": ["Sutton"]}),
    ("Central South BCU", "AS", {"Lambeth": ["Brixton", "Kennington"],
                                 "Southwark": ["Walworth", "Peckham"]}),
    ("South West BCU", "SW", {"Kingston": ["Kingston"], "Richmond": ["Twickenham"],
                              "Merton": ["Wimbledon"], "Wandsworth": ["Lavender Hill"]}),
    ("West Area BCU", "WA", {"Ealing": ["Acton", "Southall"], "Hillingdon": ["Uxbridge"],
                             "Hounslow": ["Hounslow", "Feltham"]}),
    ("Central West BCU", "CW", {"Westminster": ["Charing Cross", "Marylebone"],
                                "Kensington and Chelsea": ["Notting Hill"],
                                "Hammersmith and Fulham": ["Hammersmith", "Shepherds Bush"]}),
]  # fmt: skip

# BCU function -> (share within a BCU, {rank: weight}, informal names)
_BCU_FUNCTIONS: dict[str, tuple[float, dict[str, float], list[str]]] = {
    "Emergency Response": (
        0.40,
        {"PC": 82, "Sgt": 12, "Insp": 3, "Staff": 2},
        ["response", "ERPT", "emergency response", "team {team}", "response team {team}"],
    ),
    "Neighbourhoods": (
        0.25,
        {"PC": 45, "PCSO": 35, "Sgt": 12, "Insp": 3, "Staff": 4},
        ["SNT", "safer neighbourhoods", "neighbourhoods", "{borough} SNT", "the ward team"],
    ),
    "CID": (
        0.13,
        {"DC": 60, "DS": 15, "DI": 4, "Staff": 15, "PC": 6},
        ["CID", "{borough} CID", "the CID office", "local CID"],
    ),
    "Public Protection": (
        0.09,
        {"DC": 55, "DS": 14, "DI": 4, "Staff": 20, "PC": 7},
        ["safeguarding", "public protection", "PPU", "the MASH", "the CSE team", "DA team"],
    ),
    "Custody": (
        0.07,
        {"Sgt": 35, "Insp": 6, "Staff": 50, "PC": 9},
        ["custody", "the custody suite", "{station} custody", "the bridge", "the cells"],
    ),
    "Task Force": (
        0.06,
        {"PC": 75, "Sgt": 15, "Insp": 5, "Staff": 5},
        ["task force", "the TF", "proactive", "the gangs unit"],
    ),
}

# Specialist command -> (share of force, collar letters, {rank: weight}, informal names)
_SPECIALIST: dict[str, tuple[float, str, dict[str, float], list[str]]] = {
    "Specialist Firearms Command": (
        0.05, "FC", {"PC": 80, "Sgt": 13, "Insp": 5, "Staff": 2},
        ["firearms", "SFC", "the ARVs", "ARV", "SC19", "the gun team"],
    ),
    "Territorial Support Group": (
        0.05, "TS", {"PC": 82, "Sgt": 12, "Insp": 5, "Staff": 1},
        ["TSG", "the carrier", "level 1s", "TSG unit {team}", "the vans"],
    ),
    "Roads and Transport Policing Command": (
        0.04, "RT", {"PC": 75, "Sgt": 12, "Insp": 4, "Staff": 9},
        ["roads policing", "traffic", "RTPC", "the traffic unit", "RTPC"],
    ),
    "Parliamentary and Diplomatic Protection": (
        0.04, "PD", {"PC": 82, "Sgt": 11, "Insp": 5, "Staff": 2},
        ["PaDP", "parliament", "the embassies", "DPG", "Palace of Westminster"],
    ),
    "Public Protection Command": (
        0.03, "PP", {"DC": 55, "DS": 15, "DI": 5, "Staff": 25},
        ["central safeguarding", "SOIT", "the child abuse team", "CAIT", "Sapphire"],
    ),
    "Command and Control": (
        0.04, "CC", {"Staff": 75, "PC": 12, "Sgt": 8, "Insp": 4},
        ["the control room", "comms", "C3", "CAD", "Lambeth control", "the call centre"],
    ),
    "Specialist Crime Command": (
        0.03, "SC", {"DC": 55, "DS": 17, "DI": 6, "Staff": 22},
        ["homicide", "MIT", "SCD", "specialist crime", "the murder squad"],
    ),
    "Counter Terrorism Command": (
        0.02, "CT", {"DC": 50, "DS": 16, "DI": 8, "Staff": 26},
        ["SO15", "CTC", "counter terrorism", "SO15 CT"],
    ),
}  # fmt: skip

RANK_TITLES: dict[str, str] = {
    "PC": "Police Constable",
    "DC": "Detective Constable",
    "Sgt": "Police Sergeant",
    "DS": "Detective Sergeant",
    "Insp": "Inspector",
    "DI": "Detective Inspector",
    "CI": "Chief Inspector",
    "Supt": "Superintendent",
    "PCSO": "Police Community Support Officer",
    "Staff": "Police Staff",
}
RANK_ORDER: list[str] = ["PCSO", "PC", "Sgt", "Insp", "CI", "Supt"]
DETECTIVE = {"DC": "PC", "DS": "Sgt", "DI": "Insp"}
HAS_COLLAR = frozenset({"PC", "DC", "Sgt", "DS", "PCSO"})
HAS_WARRANT = frozenset({"PC", "DC", "Sgt", "DS", "Insp", "DI", "CI", "Supt"})
SUPERVISORS = frozenset({"Sgt", "DS", "Insp", "DI", "CI", "Supt"})


@dataclass
class Unit:
    official: str
    code: str
    kind: str  # "bcu" or "specialist"
    short: str  # e.g. "NW BCU" or the command name
    function: str
    share: float
    ranks: dict[str, float]
    informal: list[str]
    boroughs: dict[str, list[str]] = field(default_factory=dict)
    teams: int = 5


def build_units() -> list[Unit]:
    units: list[Unit] = []
    bcu_share = 1.0 - sum(v[0] for v in _SPECIALIST.values())
    for name, code, boroughs in _BCUS:
        for func, (share, ranks, informal) in _BCU_FUNCTIONS.items():
            units.append(
                Unit(
                    official=f"{name} - {func}",
                    code=code,
                    kind="bcu",
                    short=name,
                    function=func,
                    share=bcu_share / len(_BCUS) * share,
                    ranks=ranks,
                    informal=informal,
                    boroughs=boroughs,
                    teams=5 if func == "Emergency Response" else 3,
                )
            )
    for name, (share, code, ranks, informal) in _SPECIALIST.items():
        units.append(
            Unit(
                official=name,
                code=code,
                kind="specialist",
                short=name,
                function=name,
                share=share,
                ranks=ranks,
                informal=informal,
                boroughs={"Lambeth": ["Lambeth HQ"], "Westminster": ["Central"]},
                teams=12 if code == "TS" else 6,
            )
        )
    return units
