"""Finding the same person across forces under the service's national matching key.

``NationalToken`` is the one table the matcher reads across forces: keyed hashes (under
``CANDOUR_NATIONAL_MATCHING_KEY``, held by the service, not by any force) of each named
person's strong match keys, the force and report they belong to, and the year the report
arrived. It holds no content, and so carries no row-level policy (``ACROSS_FORCES``).

``CrossForceNotice`` is what each force sees of a match: its own report and subject, the other
force, how strong the match is and which kinds of key agreed, and the other report's year. It
is force-owned like every case table; a match writes one into each of the two forces.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned
from intake.models.ids import ID_TYPE, random_primary_key
from intake.tenancy import ACROSS_FORCES


class NationalToken(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "national_token"
    __table_args__ = (
        Index("ix_national_token_lookup", "token", "force_id"),
        Index("ix_national_token_subject", "report_id", "subject_no"),
        {"info": {ACROSS_FORCES: True}},
    )

    id: Mapped[int] = random_primary_key()
    force_id: Mapped[int] = mapped_column(ForeignKey("force.id"))
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id", ondelete="CASCADE"))
    subject_no: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))
    year: Mapped[int]  # the year the report arrived: all another force may learn of its date
    # A go-together report waiting for a match in its own force is offered to no other force.
    held: Mapped[bool] = mapped_column(default=False)


class CrossForceNotice(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """ "Named in another force": this force's subject is probably a person another force's
    report names. Nothing of that report but its force and year."""

    __tablename__ = "crossforce_notice"
    __table_args__ = (UniqueConstraint("other_notice_id", name="uq_crossforce_notice_other"),)

    id: Mapped[int] = random_primary_key()
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    subject_no: Mapped[int]
    other_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"))
    # The other force's notice about the same pair (behind that force's wall: no foreign key).
    other_notice_id: Mapped[int] = mapped_column(ID_TYPE)
    strength: Mapped[str] = mapped_column(String(10))  # "strong" or "probable"
    agreement: Mapped[str] = mapped_column(String(100))  # comma-separated codes
    other_year: Mapped[int]


class RosterNationalToken(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A roster person's strong keys under the national key, written at import while the
    entry is in clear, so a mention resolved to them carries their warrant number and former
    units across forces without the sealed entry being opened."""

    __tablename__ = "roster_national_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("roster_person.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    token: Mapped[bytes] = mapped_column(LargeBinary(32))


class CrossForceReferral(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """One force's side of a request to share, made from a notice: the asking force and the
    asked force each keep a row (same ``referral_id``), written together (``on_behalf_of``)."""

    __tablename__ = "crossforce_referral"
    __table_args__ = (UniqueConstraint("force_id", "referral_id", name="uq_crossforce_referral"),)

    id: Mapped[int] = random_primary_key()
    referral_id: Mapped[int] = mapped_column(ID_TYPE, index=True)
    notice_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("crossforce_notice.id"), index=True)
    asking: Mapped[bool]  # this force asked; otherwise this force was asked
    # 1 for the notice's first request in this direction, then one more each time it is asked
    # again (``request_share``): ids are random and ``requested_on`` is a day, so this alone
    # tells which of one day's requests is the latest.
    round: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, accepted, declined
    requested_on: Mapped[date]
    decided_on: Mapped[date | None]
    reason: Mapped[bytes | None] = mapped_column(LargeBinary)  # why declined, sealed to this force


class SharedReport(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """What another force's lead shared on accepting a referral: the narrative and the details
    of the person both forces' reports name, sealed to this force's team key in that lead's
    session. ``signals`` are the shared report's pattern codes and day dates, so the person's
    cluster risk here counts it (both leads having agreed)."""

    __tablename__ = "shared_report"

    id: Mapped[int] = random_primary_key()
    referral_id: Mapped[int] = mapped_column(ID_TYPE, index=True)
    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), index=True)
    subject_no: Mapped[int]
    from_force_id: Mapped[int] = mapped_column(ForeignKey("force.id"))
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    content: Mapped[bytes] = mapped_column(LargeBinary)  # sealed JSON: narrative and person
    signals: Mapped[str | None] = mapped_column(Text)
    shared_on: Mapped[date]
