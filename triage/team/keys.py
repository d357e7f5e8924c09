"""The team key pairs and every copy of their private halves.

Three kinds of copy, none of them in clear:
- ``KeyWrap``: a team private key wrapped (AES-256-GCM) under a key derived with scrypt from a
  member's password, or from the one-time recovery key printed by ``flask team init``.
- ``MemberKey``: each member's own key pair (and the recovery key pair), public half in clear,
  private half wrapped the same way. It lets a lead who rotates the team key hand the new private
  key to members whose passwords they cannot know.
- ``KeyDelivery``: a team private key sealed (HPKE, ``intake.sealing``) to a ``MemberKey``. At the
  member's next sign-in their password opens their ``MemberKey``, which opens the delivery, which
  becomes an ordinary ``KeyWrap``.
Invitations carry the inviting lead's keys wrapped under a key derived from the invitation token.
Private keys exist in clear only in memory, for the length of a request; this module never logs.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import delete, select

from intake.db import db
from intake.models import TeamKey
from intake.sealing import (
    ScryptParams,
    SealError,
    TeamPrivateKey,
    derive_wrapping_key,
    generate_private_raw,
    open_sealed,
    seal,
    unwrap,
    wrap,
)
from triage.models import KeyWrap, Member
from triage.models.member import KeyDelivery, MemberKey

RECOVERY_CONTEXT = "recovery"
Keys = dict[int, TeamPrivateKey]
_PARAMS = struct.Struct(">III")  # scrypt n, r, p stored in front of a token-wrapped blob


def scrypt_params() -> ScryptParams:
    return ScryptParams(n=int(current_app.config.get("CANDOUR_SCRYPT_N", 2**17)))


def _context(member_id: int | None, team_key_id: int) -> str:
    owner = "recovery" if member_id is None else f"member:{member_id}"
    return f"candour-wrap|{owner}|key:{team_key_id}"


def make_wrap(member: Member | None, key: TeamPrivateKey, secret: str) -> KeyWrap:
    """A copy of ``key`` for ``member`` (or the recovery copy), locked by ``secret``."""
    params = scrypt_params()
    salt = os.urandom(16)
    wrapping_key = derive_wrapping_key(secret, salt, params)
    member_id = member.id if member is not None else None
    return KeyWrap(
        member_id=member_id,
        team_key_id=key.key_id,
        salt=salt,
        scrypt_n=params.n,
        scrypt_r=params.r,
        scrypt_p=params.p,
        wrapped=wrap(key.raw, wrapping_key, context=_context(member_id, key.key_id)),
    )


def open_wrap(wrapped: KeyWrap, secret: str) -> TeamPrivateKey:
    """Unwrap one copy; raises ``intake.sealing.SealError`` on a wrong secret."""
    params = ScryptParams(wrapped.scrypt_n, wrapped.scrypt_r, wrapped.scrypt_p)
    wrapping_key = derive_wrapping_key(secret, wrapped.salt, params)
    raw = unwrap(
        wrapped.wrapped, wrapping_key, context=_context(wrapped.member_id, wrapped.team_key_id)
    )
    return TeamPrivateKey(wrapped.team_key_id, raw)


def unlock_all(wraps: list[KeyWrap], secret: str) -> Keys:
    """Every team key the given copies unlock with ``secret``."""
    return {w.team_key_id: open_wrap(w, secret) for w in wraps}


def create_team_key() -> TeamPrivateKey:
    """A new team key pair; the public half is stored, the private half returned to wrap."""
    raw = generate_private_raw()
    row = TeamKey(public_key=b"", created_on=date.today())
    private = TeamPrivateKey(0, raw)
    row.public_key = private.public_raw()
    db.session.add(row)
    db.session.flush()
    return TeamPrivateKey(row.id, raw)


def all_team_key_ids() -> set[int]:
    return set(db.session.scalars(select(TeamKey.id)))


def new_recovery_key() -> str:
    """A recovery key: 32 random bytes as hex in groups, printed once."""
    raw = secrets.token_hex(32).upper()
    return "-".join(raw[i : i + 8] for i in range(0, len(raw), 8))


def recovery_wraps() -> list[KeyWrap]:
    return list(db.session.scalars(select(KeyWrap).where(KeyWrap.member_id.is_(None))))


# Member key pairs and deliveries.


def _member_key_context(member_id: int | None) -> str:
    return "candour-member-key|" + ("recovery" if member_id is None else f"member:{member_id}")


def make_member_key(member_id: int | None, secret: str) -> MemberKey:
    """A fresh key pair for a member (or for recovery), its private half locked by ``secret``."""
    raw = generate_private_raw()
    params = scrypt_params()
    salt = os.urandom(16)
    wrapping_key = derive_wrapping_key(secret, salt, params)
    return MemberKey(
        member_id=member_id,
        public_key=TeamPrivateKey(0, raw).public_raw(),
        salt=salt,
        scrypt_n=params.n,
        scrypt_r=params.r,
        scrypt_p=params.p,
        wrapped=wrap(raw, wrapping_key, context=_member_key_context(member_id)),
    )


def open_member_key(row: MemberKey, secret: str) -> TeamPrivateKey:
    """The private half of a member key pair (same kind of pair as a team key, id = row id)."""
    params = ScryptParams(row.scrypt_n, row.scrypt_r, row.scrypt_p)
    wrapping_key = derive_wrapping_key(secret, row.salt, params)
    raw = unwrap(row.wrapped, wrapping_key, context=_member_key_context(row.member_id))
    return TeamPrivateKey(row.id, raw)


def member_key_of(member_id: int | None) -> MemberKey | None:
    if member_id is None:
        query = select(MemberKey).where(MemberKey.member_id.is_(None))
    else:
        query = select(MemberKey).where(MemberKey.member_id == member_id)
    return db.session.scalars(query.limit(1)).first()


def deliver(key: TeamPrivateKey, holder: MemberKey) -> KeyDelivery:
    """``key`` sealed to ``holder``'s public half, for them to pick up later."""
    sealed = seal(
        holder.public_key,
        holder.id,
        key.raw,
        record=f"member-key:{holder.id}",
        field=f"team-key:{key.key_id}",
    )
    return KeyDelivery(member_key_id=holder.id, team_key_id=key.key_id, sealed=sealed)


def _open_deliveries(
    holder: MemberKey, private: TeamPrivateKey
) -> list[tuple[KeyDelivery, TeamPrivateKey]]:
    rows = db.session.scalars(select(KeyDelivery).where(KeyDelivery.member_key_id == holder.id))
    opened = []
    for row in rows:
        raw = open_sealed(
            {private.key_id: private},
            row.sealed,
            record=f"member-key:{holder.id}",
            field=f"team-key:{row.team_key_id}",
        )
        opened.append((row, TeamPrivateKey(row.team_key_id, raw)))
    return opened


def _drop_member_key(row: MemberKey | None) -> None:
    if row is not None:
        db.session.execute(delete(KeyDelivery).where(KeyDelivery.member_key_id == row.id))
        db.session.delete(row)


def unlock_member(member: Member, password: str) -> Keys:
    """Every team key ``member``'s password opens. Keys delivered since their last sign-in become
    ordinary wraps; a member who reads cases and has no key pair yet is given one."""
    keys = unlock_all(member.wraps, password)
    if not member.reads_cases:
        return keys
    own = member_key_of(member.id)
    if own is None:
        db.session.add(make_member_key(member.id, password))
        return keys
    for delivery, key in _open_deliveries(own, open_member_key(own, password)):
        if key.key_id not in keys:
            keys[key.key_id] = key
            member.wraps.append(make_wrap(member, key, password))
        db.session.delete(delivery)
    return keys


def lock_member_keys(member: Member, keys: Mapping[int, TeamPrivateKey], password: str) -> None:
    """Replace every copy ``member`` holds with copies of ``keys`` locked by ``password``: after
    a password change, or when an invitation sets a (new) password."""
    member.wraps.clear()
    _drop_member_key(member_key_of(member.id))
    db.session.flush()
    if not member.reads_cases:
        return
    for key in keys.values():
        member.wraps.append(make_wrap(member, key, password))
    db.session.add(make_member_key(member.id, password))


def drop_member_keys(member: Member) -> None:
    """Delete every copy of every key ``member`` holds (removal)."""
    member.wraps.clear()
    _drop_member_key(member_key_of(member.id))


# The recovery copies.


def create_recovery(keys: Mapping[int, TeamPrivateKey]) -> str:
    """A new recovery key covering ``keys`` and every later key; replaces any earlier one.
    Returns the recovery key, to be shown once."""
    for old in recovery_wraps():
        db.session.delete(old)
    _drop_member_key(member_key_of(None))
    db.session.flush()
    recovery = new_recovery_key()
    for key in keys.values():
        db.session.add(make_wrap(None, key, recovery))
    db.session.add(make_member_key(None, recovery))
    return recovery


def unlock_recovery(recovery: str) -> Keys:
    """Every team key the recovery key opens; raises ``SealError`` if it opens nothing."""
    recovery = recovery.strip().upper()
    keys = unlock_all(recovery_wraps(), recovery)
    own = member_key_of(None)
    if own is not None:
        for _, key in _open_deliveries(own, open_member_key(own, recovery)):
            keys.setdefault(key.key_id, key)
    if not keys:
        raise SealError("there is no recovery copy of the team keys")
    return keys


# Invitations: keys handed over under a key derived from the one-time token.


def lock_for_token(keys: Mapping[int, TeamPrivateKey], token: str) -> bytes:
    params = scrypt_params()
    salt = os.urandom(16)
    payload = json.dumps({str(k): v.raw.hex() for k, v in keys.items()}).encode()
    wrapped = wrap(payload, derive_wrapping_key(token, salt, params), context="candour-invitation")
    return _PARAMS.pack(params.n, params.r, params.p) + salt + wrapped


def unlock_with_token(blob: bytes, token: str) -> Keys:
    n, r, p = _PARAMS.unpack(blob[: _PARAMS.size])
    salt, wrapped = blob[_PARAMS.size : _PARAMS.size + 16], blob[_PARAMS.size + 16 :]
    key = derive_wrapping_key(token, salt, ScryptParams(n, r, p))
    payload = json.loads(unwrap(wrapped, key, context="candour-invitation"))
    return {int(k): TeamPrivateKey(int(k), bytes.fromhex(v)) for k, v in payload.items()}


# What the keys page shows.


@dataclass(frozen=True)
class Holding:
    key: TeamKey
    members: int  # members holding a password copy
    waiting: int  # members who pick it up at their next sign-in
    recovery: bool  # the recovery key covers it


def holdings() -> list[Holding]:
    """Every team key, newest first, with who holds a copy (counts, no key material)."""
    wraps = select(KeyWrap.team_key_id, KeyWrap.member_id)
    held: dict[int, int] = {}
    recovered: set[int] = set()
    for key_id, member_id in db.session.execute(wraps):
        if member_id is None:
            recovered.add(key_id)
        else:
            held[key_id] = held.get(key_id, 0) + 1
    waiting: dict[int, int] = {}
    deliveries = select(KeyDelivery.team_key_id, MemberKey.member_id).join(
        MemberKey, MemberKey.id == KeyDelivery.member_key_id
    )
    for key_id, member_id in db.session.execute(deliveries):
        if member_id is None:
            recovered.add(key_id)
        else:
            waiting[key_id] = waiting.get(key_id, 0) + 1
    keys = db.session.scalars(select(TeamKey).order_by(TeamKey.id.desc()))
    return [Holding(k, held.get(k.id, 0), waiting.get(k.id, 0), k.id in recovered) for k in keys]
