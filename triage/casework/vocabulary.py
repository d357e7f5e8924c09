"""The words the team records a case in: the police misconduct vocabulary of England and Wales.

Officers (and special constables) fall under the Police (Conduct) Regulations 2020; PCSOs and
other police staff under their force's staff misconduct procedure (Police Staff Council), so the
subject's type decides which outcomes apply. Every value stored on a case is a code from one of
these tables, never free text. "Management action" stopped being a formal outcome in 2020, so it
is recorded as a note and deliberately does not appear among the outcomes.

No Flask or database imports: the same tables serve forms, templates and reports.
"""

from __future__ import annotations

SUBJECT_TYPES: dict[str, str] = {
    "officer": "Police officer",
    "special_constable": "Special constable",
    "pcso": "Police community support officer (PCSO)",
    "staff": "Police staff",
}
# Special constables are officers under the Conduct Regulations; PCSOs are police staff.
OFFICER_TYPES = frozenset({"officer", "special_constable"})
STAFF_TYPES = frozenset({"pcso", "staff"})

SEVERITIES: dict[str, str] = {
    "misconduct": "Misconduct",
    "gross_misconduct": "Gross misconduct",
    "neither": "Neither misconduct nor gross misconduct",
}

CASE_DECISIONS: dict[str, str] = {
    "case_misconduct": "Case to answer (misconduct)",
    "case_gross_misconduct": "Case to answer (gross misconduct)",
    "no_case": "No case to answer",
}
CASE_TO_ANSWER = frozenset({"case_misconduct", "case_gross_misconduct"})

# A warning an officer already had in force on the date of the severity assessment (Police
# (Conduct) Regulations 2020, regulations 23 and 42): it changes where a case goes and what it
# can end in. Staff follow the force's own procedure, so this is recorded for officers only.
WARNINGS_IN_FORCE: dict[str, str] = {
    "written_warning": "Written warning",
    "final_written_warning": "Final written warning",
}

REFERRALS: dict[str, str] = {
    "iopc": "Referred to the IOPC",
    "criminal": "Referred for criminal investigation",
}
# The referrals the assessment records. Whether a case was referred to the IOPC is a lead's
# decision, recorded on its own with its date (``triage.casework.iopc``); "iopc" stays in
# ``REFERRALS`` to read audit entries and assessments saved before that.
ASSESSMENT_REFERRALS: dict[str, str] = {
    code: label for code, label in REFERRALS.items() if code != "iopc"
}
IOPC_MANDATORY_HINT = (
    "Referral to the IOPC is mandatory for serious sexual offences, serious corruption "
    "(including abuse of position for a sexual purpose), serious assault and behaviour "
    "aggravated by discrimination."
)

# Forum → (label, {outcome code → label}). Outcome codes are unique across forums.
FORUMS: dict[str, tuple[str, dict[str, str]]] = {
    "no_proceedings": (
        "No misconduct proceedings",
        {
            "no_further_action": "No further action",
            "rprp": "Reflective practice review process (RPRP)",
            "vetting_referral": "Referred for a vetting review",
        },
    ),
    "meeting": (
        "Misconduct meeting",
        {
            "meeting_not_proven": "Misconduct meeting: misconduct not proven",
            "meeting_written_warning": "Misconduct meeting: written warning",
            "meeting_final_written_warning": "Misconduct meeting: final written warning",
        },
    ),
    "hearing": (
        "Misconduct hearing",
        {
            "hearing_not_proven": "Misconduct hearing: misconduct not proven",
            "hearing_written_warning": "Misconduct hearing: written warning",
            "hearing_final_written_warning": "Misconduct hearing: final written warning",
            "hearing_reduction_in_rank": "Misconduct hearing: reduction in rank",
            "hearing_dismissal": "Misconduct hearing: dismissal without notice (barred list)",
        },
    ),
    "staff_procedure": (
        "Police staff misconduct procedure",
        {
            "staff_not_proven": "Staff procedure: misconduct not proven",
            "staff_first_written_warning": "Staff procedure: first written warning",
            "staff_final_written_warning": "Staff procedure: final written warning",
            "staff_dismissal_with_notice": "Staff procedure: dismissal with notice",
            "staff_summary_dismissal": "Staff procedure: summary dismissal (barred list)",
        },
    ),
}
OUTCOMES: dict[str, str] = {
    code: label for _, outcomes in FORUMS.values() for code, label in outcomes.items()
}
# Outcomes that found misconduct proven (a warning or more). "Not proven", no further action and
# reflective practice are not: they say nothing either way about what happened.
PROVEN_OUTCOMES = frozenset(
    code
    for forum in ("meeting", "hearing", "staff_procedure")
    for code in FORUMS[forum][1]
    if not code.endswith("_not_proven")
)

# The ten Standards of Professional Behaviour (Conduct Regulations 2020, Schedule 2).
STANDARDS: dict[str, str] = {
    "honesty_integrity": "Honesty and integrity",
    "authority_respect_courtesy": "Authority, respect and courtesy",
    "equality_diversity": "Equality and diversity",
    "use_of_force": "Use of force",
    "orders_instructions": "Orders and instructions",
    "duties_responsibilities": "Duties and responsibilities",
    "confidentiality": "Confidentiality",
    "fitness_for_work": "Fitness for work",
    "discreditable_conduct": "Discreditable conduct",
    "challenging_reporting": "Challenging and reporting improper conduct",
}

# The five high-level ethnic groups of the 2021 Census for England and Wales, as recorded in
# HR systems; "white" is the reference group for the oversight disparity ratio.
ETHNIC_GROUPS: dict[str, str] = {
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "mixed": "Mixed or multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
    "not_stated": "Not stated in HR records",
}

IOPC_DECISIONS: dict[str, str] = {
    "confirmed": "Referral to the IOPC confirmed",
    "rejected": "Referral to the IOPC not needed",
}

# The IOPC's decision on how a referred matter is investigated (Police Reform Act 2002,
# Schedule 3, as amended in 2020), or that it goes back to the force without an investigation.
IOPC_MODES: dict[str, str] = {
    "independent": "Independent investigation by the IOPC",
    "directed": "Directed investigation: the force investigates under the IOPC's direction",
    "local": "Local investigation by the force",
    "returned": "No investigation: returned to the force to handle as it sees fit",
}

RISK_LEVELS: dict[str, str] = {
    "low": "Low",
    "medium": "Medium",
    "high": "High",
}

NOTE_KINDS: dict[str, str] = {
    "note": "Note",
    "management_action": "Management action",
    "outcome_reason": "Reason for the outcome",
    "close_reason": "Reason for closing",
    "reopen_reason": "Reason for reopening",
    "protection_end_reason": "Reason for ending protective measures",
    "different_reason": "Reason for judging two people different",
    "same_reason": "Reason for judging two people the same",
    "split_reason": "Reason for splitting a person judged the same",
    "judgement_reopened": "Reason for reopening a judgement of different people",
    "iopc_reason": "Reason for the IOPC referral decision",
}

# Sent to the reporter when the team acknowledges a report. Fixed wording, so every reporter
# gets the same text and nothing in it can identify a caseworker's style.
ACKNOWLEDGEMENT_MESSAGE = (
    "Thank you for your report. A member of the independent team has read it and will look "
    "into it. We will give you feedback on what is happening within three months. You can "
    "check here at any time for messages, reply to us or add evidence."
)
# The standard acknowledgement of a report its reporter withdrew (a lead reopened the case, to
# record an outcome, say): the team will not look into it on their behalf nor owe them feedback,
# and they can no longer reply or add evidence, so it promises none of that.
ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN = (
    "Thank you for your report. A member of the independent team has read it, and knows that "
    "you withdrew it. You can check here at any time for messages from us."
)


# The standard acknowledgement of a report that already has an outcome (recorded before an
# outcome needed an acknowledgement first, in older data): its reporter was told how it ended,
# so it promises neither to look into it nor feedback to come.
ACKNOWLEDGEMENT_MESSAGE_DECIDED = (
    "Thank you for your report. A member of the independent team has read it. You can check "
    "here at any time for messages, reply to us or add evidence."
)


def acknowledgement_message(*, withdrawn: bool, decided: bool) -> str:
    """The standard acknowledgement of a report: the one for a withdrawn report when it was,
    else the one for a report that already has an outcome when it has."""
    if withdrawn:
        return ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN
    return ACKNOWLEDGEMENT_MESSAGE_DECIDED if decided else ACKNOWLEDGEMENT_MESSAGE


STANDARD_ACKNOWLEDGEMENTS = frozenset(
    {ACKNOWLEDGEMENT_MESSAGE, ACKNOWLEDGEMENT_MESSAGE_WITHDRAWN, ACKNOWLEDGEMENT_MESSAGE_DECIDED}
)


def forums_for(subject_type: str | None) -> list[str]:
    """The forums that apply to a subject of this type (all of them when it is not yet known)."""
    if subject_type in OFFICER_TYPES:
        return ["no_proceedings", "meeting", "hearing"]
    if subject_type in STAFF_TYPES:
        return ["no_proceedings", "staff_procedure"]
    return list(FORUMS)


# The outcomes each case-to-answer decision leaves open; one rule for the form, the operation
# and so for the oversight figures. Under the Police (Conduct) Regulations 2020 a case to answer
# for misconduct goes to a misconduct meeting and one for gross misconduct to a misconduct
# hearing; either may find misconduct not proven, or proven and end in no further action or the
# reflective practice review process, and a hearing may still find misconduct only (so its
# warnings). Police staff follow the force's staff procedure whatever the decision's wording, so
# all of its outcomes stay open except summary dismissal, which that procedure keeps for gross
# misconduct (dismissal with notice can follow misconduct under a live final written warning).
# Before any case-to-answer decision is recorded, only the outcomes without proceedings are open,
# as for no case to answer: a meeting, a hearing or the staff procedure presupposes a case to
# answer, and an outcome recorded ahead of the assessment would be counted in the oversight
# figures under a decision nobody made.
_AFTER_PROCEEDINGS = frozenset({"no_further_action", "rprp"})
_STAFF_OUTCOMES = frozenset(FORUMS["staff_procedure"][1])
DECISION_OUTCOMES: dict[str, frozenset[str]] = {
    "no_case": frozenset(FORUMS["no_proceedings"][1]),
    "case_misconduct": _AFTER_PROCEEDINGS
    | frozenset(FORUMS["meeting"][1])
    | (_STAFF_OUTCOMES - {"staff_summary_dismissal"}),
    "case_gross_misconduct": _AFTER_PROCEEDINGS | frozenset(FORUMS["hearing"][1]) | _STAFF_OUTCOMES,
}
UNDECIDED_OUTCOMES = DECISION_OUTCOMES["no_case"]


# With a final written warning in force, a case to answer for misconduct goes to a misconduct
# hearing, not a meeting, and that hearing may reduce the officer in rank or dismiss them for
# misconduct (regulation 42(3)(a) and (5)). A warning in force also rules out giving the same or a
# lesser warning again (regulation 42(7) and (8)).
_MISCONDUCT_AT_A_HEARING = _AFTER_PROCEEDINGS | frozenset(FORUMS["hearing"][1])
_RULED_OUT_BY: dict[str, frozenset[str]] = {
    "written_warning": frozenset({"meeting_written_warning", "hearing_written_warning"}),
    "final_written_warning": frozenset(
        {
            "meeting_written_warning",
            "hearing_written_warning",
            "meeting_final_written_warning",
            "hearing_final_written_warning",
        }
    ),
}


def ruled_out_by(warning: str | None) -> frozenset[str]:
    """The outcomes an officer's warning in force rules out."""
    return _RULED_OUT_BY.get(warning or "", frozenset())


def misconduct_at_a_hearing(case_decision: str | None, warning: str | None) -> bool:
    """Whether a case to answer for misconduct goes to a misconduct hearing, not a meeting."""
    return case_decision == "case_misconduct" and warning == "final_written_warning"


def outcomes_of_forums(subject_type: str | None) -> dict[str, str]:
    """Outcome code → label for every forum that applies to ``subject_type``, whatever the case
    decision."""
    return {
        code: label
        for forum in forums_for(subject_type)
        for code, label in FORUMS[forum][1].items()
    }


def outcomes_for(
    subject_type: str | None, case_decision: str | None, warning: str | None = None
) -> dict[str, str]:
    """Outcome code → label for the forums that apply to ``subject_type``, narrowed to those the
    case-to-answer decision leaves open (those without proceedings while there is none), and to
    those an officer's warning in force (``WARNINGS_IN_FORCE``) still allows. The one rule both
    ways: an outcome is recorded only if it is among these, and an assessment is saved over a
    recorded outcome only if the outcome stays among them."""
    fitting = DECISION_OUTCOMES.get(case_decision or "", UNDECIDED_OUTCOMES)
    if misconduct_at_a_hearing(case_decision, warning):
        fitting = _MISCONDUCT_AT_A_HEARING | (_STAFF_OUTCOMES - {"staff_summary_dismissal"})
    ruled_out = ruled_out_by(warning)
    return {
        code: label
        for code, label in outcomes_of_forums(subject_type).items()
        if code in fitting and code not in ruled_out
    }


def decisions_leading_to(
    outcome: str, subject_type: str | None, warning: str | None = None
) -> list[str]:
    """The case-to-answer decisions ``outcome`` can follow, by the one rule (``outcomes_for``),
    in ``CASE_DECISIONS`` order: what the assessment form tells a member about a decision under
    a recorded outcome."""
    return [
        decision
        for decision in CASE_DECISIONS
        if outcome in outcomes_for(subject_type, decision, warning)
    ]


def split_codes(value: str | None) -> list[str]:
    """Codes stored comma-separated in one column, in stored order."""
    return [code for code in (value or "").split(",") if code]


def join_codes(codes: list[str], vocabulary: dict[str, str]) -> str | None:
    """Codes as one column value, in vocabulary order; unknown codes are dropped."""
    wanted = set(codes)
    return ",".join(code for code in vocabulary if code in wanted) or None
