"""Team members, their wrapped copies of the team key, invitations and sign-in sessions.

Nothing here holds a private key, password, TOTP secret or invitation token in clear: private
keys are wrapped or sealed, TOTP secrets sealed under the key file (``triage.models.sealed``),
passwords are Argon2id hashes and tokens SHA-256 hashes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from intake.db import db
from intake.models.force import ForceOwned
from triage.models.sealed import open_secret, seal_secret

ROLES: dict[str, str] = {
    "caseworker": "Caseworker",
    "lead": "Lead",
    "oversight": "Oversight",
}
CASE_ROLES = frozenset({"caseworker", "lead"})  # the roles that read and hold cases


class Member(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "member"
    # A member belongs to one force; the same address may serve in two forces as two members.
    __table_args__ = (UniqueConstraint("force_id", "email", name="uq_member_force_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # Argon2id; None until invited
    # The authenticator secret, sealed at rest; read and set it through ``totp_secret``.
    totp_sealed: Mapped[bytes | None] = mapped_column("totp_secret", LargeBinary)
    totp_last_counter: Mapped[int] = mapped_column(default=0)  # refuses a reused code
    failed_sign_ins: Mapped[int] = mapped_column(default=0)  # in a row, since the last success
    locked_until: Mapped[datetime | None]  # end of the wait after failures (never a hard lock)
    # Failures the member has not yet been told of, and the day of the first (days, not times).
    unseen_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    unseen_failures_since: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_on: Mapped[date]

    wraps: Mapped[list[KeyWrap]] = relationship(
        back_populates="member", cascade="all, delete-orphan"
    )

    @property
    def totp_secret(self) -> str | None:
        return open_secret(self.totp_sealed)

    @totp_secret.setter
    def totp_secret(self, value: str | None) -> None:
        self.totp_sealed = seal_secret(value)

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    @property
    def reads_cases(self) -> bool:
        return self.role in CASE_ROLES


class KeyWrap(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A copy of one team private key, encrypted under a key derived from a password
    (``member_id`` set) or from the recovery key (``member_id`` None)."""

    __tablename__ = "key_wrap"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    scrypt_n: Mapped[int]
    scrypt_r: Mapped[int]
    scrypt_p: Mapped[int]
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    member: Mapped[Member | None] = relationship(back_populates="wraps")


class MemberKey(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A member's own key pair (``member_id`` set), or the recovery key pair (``member_id`` None).

    The public half is in clear so a lead rotating the team key can seal the new team private key
    to every member (``KeyDelivery``) without knowing their passwords; the private half is wrapped
    like a ``KeyWrap`` under a key derived from the password (or the recovery key).
    """

    __tablename__ = "member_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), unique=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    scrypt_n: Mapped[int]
    scrypt_r: Mapped[int]
    scrypt_p: Mapped[int]
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)


class KeyDelivery(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A team private key sealed to a ``MemberKey``, waiting for its holder's next sign-in (when
    it becomes an ordinary password ``KeyWrap``). Recovery's wait until recovery is used."""

    __tablename__ = "key_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_key_id: Mapped[int] = mapped_column(ForeignKey("member_key.id"), index=True)
    team_key_id: Mapped[int] = mapped_column(ForeignKey("team_key.id"))
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class Invitation(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A one-time link to set a password and enrol an authenticator: for a newcomer, or to restore
    access for a member who lost theirs."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    expires_at: Mapped[datetime]
    used: Mapped[bool] = mapped_column(default=False)
    # The team key copy a lead made for the newcomer, wrapped under a key derived from the
    # invitation token; set-up re-wraps it under the newcomer's own password.
    wrapped_keys: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Set when the password step is done: the authenticator secret waiting for a first valid code.
    totp_sealed: Mapped[bytes | None] = mapped_column("totp_secret", LargeBinary)  # sealed
    # SHA-256 of a random value in the session of the browser that set the password: only that
    # browser may go on. Wrong authenticator codes are counted; a few close the invitation.
    browser_hash: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    failed_codes: Mapped[int] = mapped_column(default=0, server_default="0")

    @property
    def totp_secret(self) -> str | None:
        return open_secret(self.totp_sealed)

    @totp_secret.setter
    def totp_secret(self, value: str | None) -> None:
        self.totp_sealed = seal_secret(value)


class StaffSession(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """A signed-in session. The unwrapped team keys are kept here encrypted under a key that
    lives only in the member's cookie, so no worker needs memory another worker lacks; so are
    the forms the member sent and had refused (``triage.views.redisplay``), what they are to
    be shown once (``triage.views.shown_once``) and digests of the texts they last sent."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the session token
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    sealed_keys: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_refused: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_once: Mapped[bytes | None] = mapped_column(LargeBinary)
    sealed_sent: Mapped[bytes | None] = mapped_column(LargeBinary)  # ``sessions.first_sending``


class PendingSignIn(ForceOwned, db.Model):  # type: ignore[name-defined,misc]
    """Between the password and the code: whose password was right, and the keys it unlocked,
    sealed under a key that lives only in the browser's cookie (as in ``StaffSession``)."""

    __tablename__ = "pending_sign_in"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    created_at: Mapped[datetime]
    sealed_keys: Mapped[bytes | None] = mapped_column(LargeBinary)
