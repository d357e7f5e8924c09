"""What the demo team and demo reporters write: notes, messages, reasons and measures.

Every text here is invented and names nobody, so any of it may appear on any demo case. All of it
reaches the database only through the live sealing functions.
"""

from __future__ import annotations

PLACES = [
    "In the patrol car",
    "Briefing room",
    "Custody suite",
    "The team WhatsApp group",
    "Canteen",
    "Front counter",
    "Station yard",
    "Christmas party at a pub near the station",
    "On a night shift",
    "Over the radio",
    "In the parade room",
    "At a training course",
    "",
    "",
]

NOTES = [
    "Asked HR for the duty rosters for the period the reporter describes.",
    "The account is detailed and consistent. Requested the shift pattern and crewing records.",
    "Checked professional standards records: nothing held under the details given.",
    "Spoke to the force's professional standards lead about timing; agreed to hold off contact "
    "with the line manager until the reporter is comfortable.",
    "Identified two possible witnesses from the roster; will not approach them without the "
    "reporter's agreement.",
    "Reviewed the evidence attached. Screenshots are clear and dated.",
    "The person named has moved unit since the incident; the current supervisor is unaware.",
    "Welfare check: the reporter has been signposted to the staff support network.",
    "Assessment meeting held. Standards engaged are set out in the assessment.",
    "Obtained the body-worn video retention dates; footage for the relevant shift is kept.",
]

MANAGEMENT_ACTIONS = [
    "Line manager to hold a recorded management conversation about conduct in briefings.",
    "Team to complete the respect at work session within the month; inspector to confirm.",
    "Supervisor reminded of the duty to challenge and report; follow-up in six weeks.",
]

FEEDBACK = [
    "We have started looking into what you told us. We have asked for records covering the "
    "dates you gave and will update you again within the next month.",
    "Thank you for your patience. Your report is being assessed by a caseworker. Nothing has "
    "been shared with your line manager.",
    "An update: we have assessed your report and decided it needs a formal investigation. "
    "We will keep you informed at each step.",
    "We would like to understand more about who else was present. You can reply here; you do "
    "not have to give your name.",
    "We have looked at the evidence you added. It is clear and helps the assessment.",
]

REPLIES = [
    "Thank you. It happened again last week, in the same way.",
    "I would rather you did not contact my line manager yet.",
    "Thank you for the update. I can add screenshots of the messages if that helps.",
    "There were two other people in the car. I think they would talk to you.",
    "Thanks. I am worried people will work out it was me.",
    "I can send you the rota for that month if it helps.",
]

RETALIATION = [
    "Retaliation: since I reported, I have been moved to nights without explanation.",
    "Retaliation: my leave has been refused twice and I have been left off the overtime list.",
    "Retaliation: people in the team have stopped speaking to me and someone wrote something "
    "about informers on the board.",
]

PROTECTION_NOTES = [
    "The reporter describes a change of shifts soon after the report; the timing suggests the "
    "report is known about in the team.",
    "The reporter is being excluded by colleagues and fears a transfer.",
]

PROTECTION_MEASURES = [
    "Shift change reversed on the superintendent's authority; named contact in the team for the "
    "reporter; monthly welfare check.",
    "Reporter's posting protected for six months; the person named is not to supervise them.",
]

# By case decision: the sealed reason recorded with the outcome.
OUTCOME_REASONS: dict[str, list[str]] = {
    "no_case": [
        "The account could not be corroborated and the person named denies it; no case to "
        "answer on the evidence available. Learning points passed to the line manager.",
        "The behaviour described falls short of misconduct; reflective practice is the "
        "proportionate response.",
    ],
    "case_misconduct": [
        "Witness accounts and messages support the report. Misconduct found at a meeting.",
        "The conduct breached the standards engaged; proportionate outcome after a meeting.",
    ],
    "case_gross_misconduct": [
        "The evidence shows a serious breach of the standards; heard by a panel.",
        "Gross misconduct proven on the evidence of several witnesses and the messages provided.",
    ],
}

# Sent to the reporter with the outcome (the status page shows it in their thread).
OUTCOME_MESSAGES = [
    "We have finished our assessment and recorded an outcome. Thank you for speaking up: "
    "it made a difference. Your protection from retaliation does not end with the case.",
    "The case has reached an outcome. We cannot share every detail, but action has been "
    "decided on the basis of what you and others told us.",
]

# A lead's reason for confirming or rejecting a referral triage flagged as mandatory.
IOPC_REASONS: dict[str, list[str]] = {
    "confirmed": [
        "The account describes conduct within the mandatory referral criteria; referred to the "
        "IOPC today.",
        "Abuse of position for a sexual purpose cannot be ruled out; referral made.",
    ],
    "rejected": [
        "The behaviour described is serious but does not meet the mandatory referral criteria; "
        "it will be dealt with by the team.",
        "No aggravating factor of the kind the criteria require; not a mandatory referral.",
    ],
}

# A member's reason for closing a case (sealed as a note): with an outcome, or by a lead without.
CLOSE_REASONS: dict[bool, str] = {
    True: "Outcome recorded and the reporter told; nothing further to do.",
    False: "No further enquiries are possible on what the report gives us; closed by a lead.",
}
