"""Sign-in's rate limits count people, not the address a whole team may share.

A walk of the demo found that one member mistyping their password a few times sent a colleague
signing in from the same machine to "You have tried this too many times": both steps of signing
in shared one limit of ten POSTs a minute per client address, and an independent team often sits
behind one address (a force's proxy or NAT). Now the password step is limited per address and
email address typed, the code step per account, and both together per address only far more
loosely, which still stops one address trying many accounts. The page a refusal leads to says
"you" only to whoever made the attempts counted.
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.db import db
from intake.security import limiter
from tests.conftest import build_app
from tests.helpers import PASSWORD, Team, add_member, make_team, post_form, visible_text
from tests.team_helpers import code_for, enter_code, enter_password, is_signed_in, sign_in
from triage.models import Member
from triage.team import invitations
from triage.team.members import create_member
from triage.views import SIGN_IN_ADDRESS_LIMIT, SIGN_IN_LIMIT

LIMITED = "/team/too-many-attempts"
PER_PERSON = int(SIGN_IN_LIMIT.split()[0])  # 10 a minute
PER_ADDRESS = int(SIGN_IN_ADDRESS_LIMIT.split()[0])  # 60 a minute
YOU = "You have tried this too many times."
NETWORK = "There have been too many attempts from the network you are using"


def where(response: TestResponse) -> tuple[str, str | None]:
    """The path a sign-in POST was redirected to, and whose attempts a limit said it counted."""
    assert response.status_code in (302, 303), response.status_code
    location = urlsplit(response.location)
    return location.path, parse_qs(location.query).get("why", [None])[0]


def limited_page(client: FlaskClient, response: TestResponse) -> str:
    path, _ = where(response)
    assert path == LIMITED
    return visible_text(client.get(response.location).get_data(as_text=True))


def test_a_member_mistyping_does_not_lock_out_a_colleague_at_the_same_address(
    app: Flask, team: Team
) -> None:
    colleague = add_member("caseworker", team)
    mistyping, other_browser = app.test_client(), app.test_client()  # one machine, one address
    answers = [
        where(enter_password(mistyping, team.lead.email, "a mistyped password"))
        for _ in range(PER_PERSON + 1)
    ]
    assert answers[:PER_PERSON] == [("/team/sign-in", None)] * PER_PERSON
    # The one who mistyped is limited, and told it was them.
    assert answers[PER_PERSON] == (LIMITED, "you")

    response = sign_in(other_browser, colleague)
    assert response.status_code == 302
    assert is_signed_in(other_browser)


def test_the_code_step_is_counted_per_account_not_per_address(app: Flask, team: Team) -> None:
    first, second = add_member("caseworker", team), add_member("caseworker", team)
    browsers = {member.id: app.test_client() for member in (team.lead, first, second)}
    # Three right passwords, then wrong codes (each short of the account's wait): with the last
    # one's right code, more than one limit's worth of codes from this address together.
    for member, typos in ((team.lead, 4), (first, 4), (second, 2)):
        browser = browsers[member.id]
        assert where(enter_password(browser, member.email)) == ("/team/sign-in/code", None)
        for _ in range(typos):
            assert where(enter_code(browser, "000000"))[0] == "/team/sign-in/code"
    assert enter_code(browsers[second.id], code_for(second)).status_code == 302
    assert is_signed_in(browsers[second.id])


def test_one_address_trying_many_email_addresses_is_still_stopped(app: Flask, team: Team) -> None:
    spraying, elsewhere = app.test_client(), app.test_client()
    answers = [
        where(enter_password(spraying, f"guess{i}@candour.test", "Summer2026!"))
        for i in range(PER_ADDRESS + 1)
    ]
    assert answers[:PER_ADDRESS] == [("/team/sign-in", None)] * PER_ADDRESS
    assert answers[PER_ADDRESS] == (LIMITED, "network")
    # Whoever is at that address next is stopped too, and told it may not have been them.
    refused = enter_password(spraying, team.lead.email, PASSWORD)
    assert where(refused) == (LIMITED, "network")
    shown = limited_page(spraying, refused)
    assert NETWORK in shown and YOU not in shown
    assert re.search(r"Wait \d+ minutes?, then try again\.", shown), shown
    # A member elsewhere is not.
    other = {"REMOTE_ADDR": "192.0.2.44"}
    first = post_form(
        elsewhere,
        "/team/sign-in",
        {"email": team.lead.email, "password": PASSWORD},
        environ_base=other,
    )
    assert where(first) == ("/team/sign-in/code", None)


def test_the_limited_page_opened_without_its_redirect_blames_no_one(client: FlaskClient) -> None:
    for query in ("", "?why=somebody", "?minutes=1"):
        shown = visible_text(client.get(LIMITED + query).get_data(as_text=True))
        assert "There have been too many attempts. Wait" in shown and YOU not in shown


# Each kind of account an email address typed at sign-in may name, made ready to be tried.
def _unknown(team: Team) -> str:
    return "nobody-here@candour.test"


def _wrong_password(team: Team) -> str:
    return add_member("caseworker", team).email


def _invited_not_set_up(team: Team) -> str:
    member, _ = invitations.invite(
        "invited@candour.test", "Ivy Invited", "caseworker", team.keys, team.lead
    )
    db.session.commit()
    return member.email


def _removed(team: Team) -> str:
    member = add_member("caseworker", team)
    member.active = False
    db.session.commit()
    return member.email


def _waiting(team: Team) -> str:
    member = add_member("caseworker", team)
    member.failed_sign_ins = 9
    member.locked_until = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=10)
    db.session.commit()
    return member.email


KINDS: dict[str, Callable[[Team], str]] = {
    "unknown email": _unknown,
    "wrong password": _wrong_password,
    "invited, not set up": _invited_not_set_up,
    "removed": _removed,
    "must wait": _waiting,
}


def _answer(client: FlaskClient, email: str) -> tuple[tuple[str, str | None], str, float]:
    """Where a wrong sign-in with ``email`` led, the page shown there (the address typed, the
    form's token, the refusal's mark and the wait's length, which depends on the clock, left
    out), and the processor time the POST took."""
    page = client.get("/team/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    started = time.process_time()  # the work done, which the machine's load does not stretch
    response = client.post(
        "/team/sign-in",
        data={"csrf_token": token[1], "email": email, "password": "not the password"},
    )
    took = time.process_time() - started
    html = client.get(response.location).get_data(as_text=True)
    html = re.sub(r'value="[^"]*"', 'value=""', html.replace(email, "EMAIL"))
    html = re.sub(r"refused=[0-9a-f]+", "refused=MARK", html)
    html = re.sub(r"Wait \d+ minutes?", "Wait N minutes", html)
    return where(response), html, took


def test_every_kind_of_address_gets_the_same_answers_as_an_unknown_one(
    app: Flask, team: Team
) -> None:
    emails = {kind: make(team) for kind, make in KINDS.items()}

    # From one address, one kind after another, as the walk tried them (an unknown address six
    # times, then a member's): each kind's answers are the same as an unknown address's, and
    # none reaches the limited page sooner because another kind was tried first.
    browser = app.test_client()
    together = {kind: [_answer(browser, email) for _ in range(6)] for kind, email in emails.items()}
    # Then each kind on its own, from a fresh count, past its limit.
    alone = {}
    for kind, email in emails.items():
        limiter.reset()
        browser = app.test_client()
        alone[kind] = [_answer(browser, email) for _ in range(PER_PERSON + 1)]

    for answers in (together, alone):
        expected = [(path, html) for path, html, _ in answers["unknown email"]]
        for kind, given in answers.items():
            assert [(path, html) for path, html, _ in given] == expected, kind
    assert [path for path, _, _ in together["unknown email"]] == [("/team/sign-in", None)] * 6
    assert [path for path, _, _ in alone["unknown email"]][-1] == (LIMITED, "you")


@pytest.fixture
def production_hashing(database_url: str) -> Iterator[Flask]:
    """An app hashing passwords as production does (64 MiB of Argon2id, not the tests' 1 MiB),
    so that the hashing, not the test machine's noise, is most of an answer's time."""
    app = build_app(database_url, CANDOUR_ARGON2_MEMORY_KIB=65536)
    with app.app_context():
        limiter.reset()
        db.drop_all()
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_every_kind_of_address_takes_about_as_long_to_refuse(production_hashing: Flask) -> None:
    team = make_team()
    emails = {kind: make(team) for kind, make in KINDS.items()}
    took: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(3):  # in turns, so that the machine's load falls on every kind alike
        for kind, email in emails.items():
            took[kind].append(_answer(production_hashing.test_client(), email)[2])
    medians = {kind: statistics.median(times) for kind, times in took.items()}
    # The same Argon2id work for each, and it is most of the work: an account that exists is
    # not told apart by the time its refusal takes.
    assert max(medians.values()) < 2 * min(medians.values()), medians


def test_limits_of_signing_in_hold_in_redis_too(redis_app: Flask) -> None:
    lead = db.session.scalars(db.select(Member)).one()
    colleague = create_member("oversight@candour.test", "Olu Oversight", "oversight", PASSWORD, {})
    db.session.commit()
    mistyping, other_browser = redis_app.test_client(), redis_app.test_client()
    answers = [
        where(enter_password(mistyping, lead.email, "a mistyped password"))
        for _ in range(PER_PERSON + 1)
    ]
    assert answers[PER_PERSON - 1 :] == [("/team/sign-in", None), (LIMITED, "you")]
    assert sign_in(other_browser, colleague).status_code == 302
    assert is_signed_in(other_browser)
