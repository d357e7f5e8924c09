"""A reporter's session on the server: what the status page and the draft need, sealed under a
random key that lives only in the reporter's cookie.

The row holds no exact time: the last use is inside the ciphertext, and only the day after
which an unused row is swept away is in clear.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.db import db
from intake.models.force import ForceOwned


class ReporterSession(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "reporter_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie's token
    blob: Mapped[bytes] = mapped_column(LargeBinary)  # AES-GCM under the cookie's key
    expires_on: Mapped[date] = mapped_column(index=True)
