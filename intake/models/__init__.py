"""Tables of the reporter side. Every column that holds something a person wrote is sealed
(``intake.sealing``); dates a reporter's actions produce are days, never times."""

from intake.models.draft import Draft
from intake.models.proof_key import ProofKey
from intake.models.report import (
    Attachment,
    CaseEvent,
    Message,
    Report,
    ReportCategory,
)
from intake.models.reporter_session import ReporterSession
from intake.models.team_key import TeamKey

__all__ = [
    "Attachment",
    "CaseEvent",
    "Draft",
    "Message",
    "ProofKey",
    "Report",
    "ReportCategory",
    "ReporterSession",
    "TeamKey",
]
