"""The team's page and form limits count members, not the address a whole team may share.

The team blueprint's 300 pages a minute and each signed-in form's ten posts a minute were counted
per client address, and an independent team often sits behind one address (a force's proxy or
NAT): thirty caseworkers shared them, and one busy colleague could lock the rest out. Now a
signed-in member's requests are counted per member (a keyed hash of their id), and every team
request from one address together only against a far looser ceiling, which still stops one
address flooding. A refused page says "you" only to whoever used up their own limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.security import limiter
from tests.conftest import REDIS_URL, build_app
from tests.helpers import Team, add_member, make_team, post_form, sign_in_directly, visible_text
from triage.views import ADDRESS_LIMIT, FORM_LIMIT, PAGE_LIMIT

PAGES = int(PAGE_LIMIT.split()[0])  # 300 a minute
FORMS = int(FORM_LIMIT.split()[0])  # 10 a minute
PAGE = "/team/"
YOU = "You have tried this too many times."
NETWORK = "There have been too many attempts from the network you are using"


def signed_in(app: Flask, team: Team, role: str | None = None) -> FlaskClient:
    """A browser at the tests' one address (127.0.0.1), signed in as the lead or a new member."""
    member = team.lead if role is None else add_member(role, team)
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def refusal(client: FlaskClient, path: str = PAGE) -> str:
    response = client.get(path)
    assert response.status_code == 429, response.status_code
    return visible_text(response.get_data(as_text=True))


def test_one_member_over_the_page_limit_leaves_a_colleague_at_the_same_address_their_pages(
    app: Flask, team: Team
) -> None:
    busy, colleague = signed_in(app, team), signed_in(app, team, "caseworker")
    statuses = [busy.get(PAGE).status_code for _ in range(PAGES)]
    assert statuses == [200] * PAGES
    # The busy member's next page is refused, and they are told it was them.
    assert YOU in refusal(busy)

    assert colleague.get(PAGE).status_code == 200
    assert colleague.get("/team/account").status_code == 200


def test_one_members_forms_over_the_limit_leave_a_colleagues_forms_alone(
    app: Flask, team: Team
) -> None:
    busy, colleague = signed_in(app, team), signed_in(app, team, "caseworker")
    # An empty password form: refused as incomplete (back to the form), but counted.
    answers = [post_form(busy, "/team/account", {}) for _ in range(FORMS + 1)]
    assert all(answer.status_code in (302, 303) for answer in answers)
    paths = [urlsplit(answer.location).path for answer in answers]
    assert paths[:FORMS] == ["/team/account"] * FORMS
    limited = urlsplit(answers[FORMS].location)
    assert limited.path == "/team/too-many-attempts"
    assert parse_qs(limited.query)["why"] == ["you"]
    assert YOU in visible_text(busy.get(answers[FORMS].location).get_data(as_text=True))

    first = post_form(colleague, "/team/account", {})
    assert urlsplit(first.location).path == "/team/account"


def test_the_address_ceiling_still_refuses_everyone_at_a_flooding_address(
    database_url: str,
) -> None:
    assert ADDRESS_LIMIT == "3000 per minute"  # the ceiling in service, lowered here
    app = build_app(database_url, CANDOUR_TEAM_ADDRESS_LIMIT="20 per minute")
    with app.app_context():
        limiter.reset()
        db.drop_all()
        db.create_all()
        try:
            team = make_team()
            first, second = signed_in(app, team), signed_in(app, team, "caseworker")
            assert [first.get(PAGE).status_code for _ in range(12)] == [200] * 12
            assert [second.get(PAGE).status_code for _ in range(8)] == [200] * 8
            # Twenty from the address: each member is far under their own limit, yet refused,
            # and told it was the network's requests, not theirs.
            for client in (second, first):
                assert NETWORK in refusal(client)
            # A signed-out visitor at the address too (who would be sent to sign in).
            assert app.test_client().get(PAGE).status_code == 429
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def redis_team(tmp_path: Path, prefix: str, store: Any) -> Iterator[tuple[Flask, Team]]:
    app = build_app(
        f"sqlite:///{tmp_path}/redis.db",
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_STORAGE_OPTIONS={"key_prefix": prefix},
    )
    with app.app_context():
        db.create_all()
        yield app, make_team()
        limiter.reset()  # deletes this prefix's keys only
        db.session.remove()
        db.engine.dispose()


def test_members_are_counted_apart_through_redis_under_names_that_say_nothing(
    redis_team: tuple[Flask, Team], store: redis.Redis, prefix: str
) -> None:
    app, team = redis_team
    busy, colleague = signed_in(app, team), signed_in(app, team, "caseworker")
    assert [busy.get(PAGE).status_code for _ in range(PAGES)] == [200] * PAGES
    assert YOU in refusal(busy)
    assert colleague.get(PAGE).status_code == 200

    names = [key.decode() for key in store.keys(f"{prefix}:*")]
    counters = [name for name in names if not name.startswith(f"{prefix}:candour-day/")]
    assert counters
    for name in counters:  # a keyed hash each: no member's id or email, no route, no address
        assert re.fullmatch(rf"{prefix}:candour/[0-9a-f]{{40}}", name), name


@pytest.mark.parametrize("page", ["/team/account", "/team/keys"])
def test_the_account_and_key_pages_count_against_the_members_page_limit(
    app: Flask, team: Team, page: str
) -> None:
    # Their own limit of ten password posts a minute replaced the blueprint's, so reading them
    # was counted by no limit at all.
    member = signed_in(app, team)
    assert [member.get(page).status_code for _ in range(PAGES)] == [200] * PAGES
    assert YOU in refusal(member, page)
