"""Rotating the team key: new reports are sealed to a new key pair that removed members never held.

How the new private key reaches everyone without anyone knowing another's password:
- every member who reads cases has their own key pair (``MemberKey``): public half in clear,
  private half wrapped under their password;
- the rotating lead re-enters their password, so their own copy of the new key is an ordinary
  password ``KeyWrap`` at once and their session holds the new key;
- for every other active caseworker and lead the new private key is sealed (HPKE) to their public
  key as a ``KeyDelivery``; at their next sign-in their password opens their key pair, which
  opens the delivery, which becomes a password ``KeyWrap``;
- the recovery key pair made by ``flask team init`` gets a delivery too, so the recovery key
  still restores access to everything;
- older keys are marked retired but every copy of them stays, so every existing report stays
  readable to current members. ``TeamKey.current()`` (the newest not retired) seals new reports.
Open invitations of caseworkers and leads carry only the keys their lead held when inviting, so
rotation cancels them and names the members to invite again. Oversight members' invitations carry
no key, so they stay open. This module never logs or stores a key or password in clear.
Callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from intake.db import db
from intake.models import TeamKey
from intake.sealing import TeamPrivateKey
from triage.audit import record
from triage.models import Member
from triage.team.invitations import cancel_open_invitations
from triage.team.keys import create_team_key, deliver, make_wrap, member_key_of
from triage.team.passwords import check_password
from triage.team.signin import count_failure, is_throttled


@dataclass
class Rotation:
    new_key: TeamPrivateKey = field(repr=False)
    retired: list[int]
    delivered: list[str] = field(default_factory=list)  # will pick the key up at next sign-in
    invite_again: list[str] = field(default_factory=list)  # need a new invitation
    recovery_covered: bool = False


def rotate(lead: Member, password: str) -> Rotation | None:
    """A new current team key for everyone; None if ``password`` is not the lead's."""
    if is_throttled(lead):
        record("key_rotation_refused", lead.id, detail="waiting after failed attempts")
        return None
    if not check_password(lead.password_hash, password):
        record("key_rotation_refused", lead.id, detail="wrong password")
        count_failure(lead, "wrong password when rotating the team key", signed_in=True)
        return None
    retiring = list(db.session.scalars(select(TeamKey).where(TeamKey.retired_on.is_(None))))
    new = create_team_key()
    for old in retiring:
        old.retired_on = date.today()
    lead.wraps.append(make_wrap(lead, new, password))
    result = Rotation(new_key=new, retired=[k.id for k in retiring])

    cancelled = set(cancel_open_invitations(carrying_keys_only=True))
    readers = db.session.scalars(
        select(Member)
        .where(
            Member.active.is_(True), Member.role.in_(("caseworker", "lead")), Member.id != lead.id
        )
        .order_by(Member.name)
    )
    for member in readers:
        holder = member_key_of(member.id)
        if holder is not None:
            db.session.add(deliver(new, holder))
            result.delivered.append(member.name)
        if member.id in cancelled or holder is None:
            result.invite_again.append(member.name)
    recovery = member_key_of(None)
    if recovery is not None:
        db.session.add(deliver(new, recovery))
        result.recovery_covered = True
    record(
        "key_rotated",
        lead.id,
        detail=f"team key {new.key_id} replaces {', '.join(map(str, result.retired)) or '-'}; "
        f"{len(result.delivered)} members to pick it up, "
        f"{len(result.invite_again)} to invite again"
        + (f" ({', '.join(result.invite_again)})" if result.invite_again else ""),
    )
    return result
