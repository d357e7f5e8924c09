"""Tables of the team side."""

from triage.models.audit import AuditEntry
from triage.models.case import Note, Protection, Recusal
from triage.models.crossforce import (
    CrossForceNotice,
    CrossForceReferral,
    NationalToken,
    RosterNationalToken,
    SharedReport,
)
from triage.models.member import (
    ROLES,
    Invitation,
    KeyDelivery,
    KeyWrap,
    Member,
    MemberKey,
    PendingSignIn,
    StaffSession,
)
from triage.models.oversight import OversightSummary
from triage.models.referral import IopcReferral
from triage.models.roster import RosterPerson, RosterToken
from triage.models.subjects import ClusterRisk, PossibleMatch, SubjectLink, SubjectToken
from triage.models.weights import MatchWeights

__all__ = [
    "ROLES",
    "AuditEntry",
    "ClusterRisk",
    "CrossForceNotice",
    "CrossForceReferral",
    "Invitation",
    "IopcReferral",
    "KeyDelivery",
    "KeyWrap",
    "MatchWeights",
    "Member",
    "MemberKey",
    "NationalToken",
    "Note",
    "OversightSummary",
    "PendingSignIn",
    "PossibleMatch",
    "Protection",
    "Recusal",
    "RosterNationalToken",
    "RosterPerson",
    "RosterToken",
    "SharedReport",
    "StaffSession",
    "SubjectLink",
    "SubjectToken",
]
