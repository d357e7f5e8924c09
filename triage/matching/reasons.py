"""Why a link was or was not made, in words a caseworker understands: only the NEW subject's own
labels are ever quoted; earlier subjects exist as tokens only."""

from __future__ import annotations

from collections.abc import Mapping

from triage.matching.evidence import Evidence, Weighing, evidence_of
from triage.matching.roster import RosterEntry, entry_keys
from triage.matching.tokens import SubjectInput, subject_keys
from triage.matching.tokens import labels as subject_labels


def phrases(ev: Evidence, labels: Mapping[str, str]) -> list[str]:
    # A value matching read differently from how the reporter wrote it is quoted as written and
    # said to be read as its normal form (same shoulder number “WALK99” (read as 99WALK)): the
    # caseworker checks the reason against the report, which shows what was written.
    def lab(kind: str) -> str:
        if kind not in labels:
            return ""
        written = labels.get(f"{kind}_written")
        return f" “{written}” (read as {labels[kind]})" if written else f" {labels[kind]}"

    def paren(kind: str) -> str:
        if kind not in labels:
            return ""
        written = labels.get(f"{kind}_written")
        return f" (“{written}”, read as {labels[kind]})" if written else f" ({labels[kind]})"

    out: list[str] = []
    if ev.person_same:
        out.append("the same person on the force's roster")
    elif ev.person_differs:
        out.append("different people on the force's roster")
    if ev.warrant_same:
        out.append(f"same warrant number{lab('warrant')}")
    elif ev.warrant_swapped:
        out.append("warrant numbers differ only by two swapped digits")
    elif ev.warrant_differs:
        out.append("different warrant numbers")
    if ev.collar_same:
        out.append(f"same shoulder number{lab('collar')}")
    elif ev.collar_swapped:
        out.append(f"shoulder numbers differ only by two swapped digits{paren('collar')}")
    elif ev.collar_differs:
        out.append("different shoulder numbers")
    if ev.named:
        if ev.surname_differs:
            out.append("different surnames")
        elif ev.initial_differs:
            out.append("different first initials")
        elif ev.given_differs:
            out.append("different first names")
        elif ev.given_same and ev.surname_exact:
            out.append(f"same name{paren('name')}")
        elif ev.given_same or ev.given_typo:
            out.append(f"same name apart from a spelling difference{paren('name')}")
        elif ev.initial_same:
            # A surname that only sounds alike or is a letter out (Smith, Smyth) is "similar":
            # "same" would tell a caseworker the reporters wrote one name.
            said = (
                "same surname and first initial"
                if ev.surname_exact
                else "similar surname and same first initial"
            )
            out.append(f"{said}{_initial_and_surname(labels)}")
        else:
            surname = "same surname" if ev.surname_exact else "similar surname"
            out.append(f"{surname}{paren('phonetic')}")
    if ev.unit_same:
        # Units agree when any part of them does ("Lambeth" and "Brixton response" are both in
        # Central South BCU): the reporter's own words, and "or area", say no more than that.
        # A shoulder number's borough letters count as an area too: with no unit written, the
        # area is said to come from them; with one written that they do not name, either may be
        # what agreed, and both are said.
        letters = labels.get("unit_letters")
        if letters and "unit_shown" not in labels:
            out.append(f"same area (from the shoulder number's letters {letters})")
        elif letters:
            shown = labels["unit_shown"]
            out.append(f"same unit or area ({shown}, or the shoulder number's letters {letters})")
        else:
            out.append(f"same unit or area{paren('unit_shown')}")
    elif ev.unit_differs:
        out.append("different units")
    if ev.rank_differs:
        out.append("different ranks")
    elif ev.rank_same:
        out.append(f"same rank{paren('rank')}")
    return out


def _initial_and_surname(labels: Mapping[str, str]) -> str:
    """ " (D Kettleborough)": only the initial agreed, so only the initial is quoted."""
    given, _, surname = labels.get("name", "").partition(" ")
    return f" ({given[:1]} {surname})" if surname else ""


def conclusion_for(
    weighing: Weighing, probability: float, linked: bool, differs: bool = False
) -> str:
    if linked:
        extra = []
        if "rare surname" in weighing.notes:
            extra.append("few earlier reports name anyone with this surname")
        if weighing.members > 1:
            # Of the earlier reports about this person, those whose details agree with this one
            # (the person may be named in more, linked through other details): said as a part.
            extra.append(
                f"details agree with {weighing.members} of the earlier reports naming this person"
            )
        return "; ".join(extra)
    if weighing.share is not None and differs:
        return "probably a different person with the same or a similar name"
    if weighing.odds == 0.0 or probability < 0.05:
        return "a different person"
    if weighing.share is not None and weighing.namesakes > 2:
        return "too many officers share this name to be sure without a number or unit"
    return "not enough to be sure it is the same person"


def reason_for(ev: Evidence, labels: Mapping[str, str], conclusion: str, linked: bool) -> str:
    said = phrases(ev, labels)
    if not said:
        return "nothing in common"
    if linked:
        return "; ".join(said + ([conclusion] if conclusion else []))
    if len(said) > 1:
        return f"{said[0]} but {' and '.join(said[1:])}: {conclusion}"
    return f"{said[0]}: {conclusion}"


def roster_fit(subject: SubjectInput, entry: RosterEntry) -> str:
    """What the reporter wrote about a person, against the roster entry it resolved to, in the
    words of a link reason ("same warrant number; same surname and first initial"). Worked out
    for a member who has both open, from the plaintext: nothing is stored."""
    # Unquoted, but for a shoulder number's letters standing in for a unit the reporter did not
    # write: said, so that "same area" is not taken for a unit they wrote.
    letters = {k: v for k, v in subject_labels(subject).items() if k == "unit_letters"}
    ev = evidence_of(subject_keys(subject), entry_keys(entry))
    said = phrases(ev, letters)
    # The numbered team and the borough count only on the roster (``roster._score``).
    for kind, same, different in (
        ("team", "same numbered team", "different numbered teams"),
        ("borough", "same borough", "different boroughs"),
    ):
        if kind in ev.agree:
            said.append(same)
        elif kind in ev.conflict:
            said.append(different)
    return "; ".join(said) if said else "nothing in common"
