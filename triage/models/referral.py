"""The record of a confirmed referral to the IOPC: when it went, the IOPC's own reference, the
mode of investigation the IOPC decided on, and when the IOPC returned the matter to the force.

The IOPC reference is typed by a lead, so it is sealed to the team key like every note; the
dates and the mode code are clear so the deadline clock needs no decryption. ``referred_on`` is
the date the lead gives; ``recorded_on`` is the day Candour was first told, set by the server
once and never changed, so a referral typed in as made on time but recorded after its deadline
shows as recorded late.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned
from intake.models.ids import ID_TYPE


class IopcReferral(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "iopc_referral"

    report_id: Mapped[int] = mapped_column(ID_TYPE, ForeignKey("report.id"), primary_key=True)
    referred_on: Mapped[date]
    recorded_on: Mapped[date]  # the server's day of the first record; later edits keep it
    reference: Mapped[bytes | None] = mapped_column(LargeBinary)  # sealed, "iopc:reference"
    # A code from ``triage.casework.vocabulary.IOPC_MODES`` once the IOPC has decided.
    mode: Mapped[str | None] = mapped_column(String(20))
    returned_on: Mapped[date | None]
    recorded_by: Mapped[int] = mapped_column(ForeignKey("member.id"))
