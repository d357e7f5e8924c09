"""Ids in addresses that no database row can have are "not found", never a server error.

A 23-digit member id used to reach the database as a Python int too big for a 64-bit (SQLite) or
32-bit (PostgreSQL ``integer``) column and raise ``OverflowError`` or ``DataError``: a 500.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, sign_in_directly, submit_report

HUGE = "99999999999999999999999"
JUST_TOO_BIG = str(2**31)  # one past PostgreSQL's integer; SQLite would still take it


@pytest.mark.parametrize("too_big", [HUGE, JUST_TOO_BIG])
def test_a_lead_asking_for_an_impossible_member_gets_not_found(
    client: FlaskClient, team: Team, too_big: str
) -> None:
    sign_in_directly(client, team.lead, team.keys)
    page = client.get("/team/members").get_data(as_text=True)
    assert client.get(f"/team/members/{too_big}").status_code == 404
    assert client.get(f"/team/members/{too_big}/remove").status_code == 404
    token = {"csrf_token": csrf_token(page)}
    assert client.post(f"/team/members/{too_big}/remove", data=token).status_code == 404
    assert client.post(f"/team/members/{too_big}/restore", data=token).status_code == 404


def test_judging_an_impossible_possible_match_gets_not_found(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(app.test_client())
    reference = db.session.scalars(select(Report.reference)).one()
    sign_in_directly(client, team.lead, team.keys)
    page = client.get(f"/team/cases/{reference}").get_data(as_text=True)
    token = {"csrf_token": csrf_token(page)}
    # Possible matches have random 63-bit ids (``intake.models.ids``); protections count up.
    for too_big in (HUGE, str(2**63)):
        judged = client.post(f"/team/cases/{reference}/possible/{too_big}", data=token)
        assert judged.status_code == 404
    for too_big in (HUGE, JUST_TOO_BIG):
        ended = client.post(f"/team/cases/{reference}/protection/{too_big}/end", data=token)
        assert ended.status_code == 404


def test_the_largest_possible_id_still_reaches_the_view(client: FlaskClient, team: Team) -> None:
    sign_in_directly(client, team.lead, team.keys)
    # Routed to the view, which finds no such member: the bound is the column's, not lower.
    assert client.get(f"/team/members/{2**31 - 1}").status_code == 404
    assert client.get(f"/team/members/{team.lead.id}").status_code == 200


def test_a_nul_in_an_address_is_not_found_not_a_server_error(
    client: FlaskClient, team: Team
) -> None:
    sign_in_directly(client, team.lead, team.keys)
    assert client.get("/team/cases/C-%00AB/attachments/x").status_code == 404
    assert client.get("/team/?page=%00").status_code == 404
    # Named twice, or in a name: every value and name is looked at, not only the first.
    assert client.get("/team/?page=1&page=%00").status_code == 404
    assert client.get("/team/?%00=1").status_code == 404
    # A case reference typed with one is refused as no reference (``test_queue``), and a NUL
    # elsewhere in the address is still not found.
    assert client.get("/team/?reference=C-%00&stage=%00").status_code == 404
    assert client.get("/status%00").status_code == 404
