"""Every response carries the security headers of ``intake.security``: every GET route of the
app's URL map (found from ``app.url_map``, so new pages are covered without editing this file),
anonymously and as a signed-in lead, redirects included, and the error pages (400, 404, 405, 413,
429). ``test_reporter_security`` checks the reporter pages' content; this file checks the headers
everywhere else."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Attachment, Report
from intake.models.force import DEFAULT_FORCE_SLUG
from intake.security import HSTS, SECURITY_HEADERS
from tests.conftest import build_app
from tests.helpers import Team, csrf_token, sign_in_directly, submit_report


def assert_secure(response: TestResponse, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        shown = response.headers.get(name)
        assert shown == value, f"{what}: {name} is {shown}"
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp, what


def get_rules(app: Flask) -> list[Rule]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "GET" in (r.methods or set())), key=lambda r: r.rule
    )


def real_values(app: Flask, team: Team) -> dict[str, object]:
    """A real value for each URL argument, so the page itself (not a 404) is what is checked."""
    report = db.session.scalars(select(Report)).one()
    attachment = db.session.scalars(select(Attachment)).one()
    return {
        "reference": report.reference,
        "uid": attachment.uid,
        "member_id": team.lead.id,
        "role": "oversight",
        "index": 0,
        "protection_id": 1,
        "subject_no": 1,
        "match_id": 1,
        "referral_id": 1,
        "token": "not-a-token",
        "slug": "categories",
        "cluster_id": "no-such-cluster",
        "filename": "candour.css",
    }


def url_for_rule(rule: Rule, values: dict[str, object]) -> str:
    built = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)
    assert built is not None, rule.rule
    return built[1]


@pytest.fixture
def reported(client: FlaskClient, team: Team) -> Iterator[dict[str, object]]:
    submit_report(client, files=[("notes.txt", b"what was said")])
    yield real_values(client.application, team)


@pytest.mark.parametrize("who", ["anonymous", "lead"])
def test_every_get_route_carries_the_security_headers(
    app: Flask, team: Team, reported: dict[str, object], who: str
) -> None:
    client = app.test_client()
    if who == "lead":
        sign_in_directly(client, team.lead, team.keys)
    statuses = {}
    for rule in get_rules(app):
        url = url_for_rule(rule, reported)
        response = client.get(url)
        response.close()  # static files are streamed; close before any assertion can fail
        assert response.status_code < 500, url
        assert_secure(response, f"{who} GET {url} ({response.status_code})")
        statuses[rule.endpoint] = response.status_code
    assert statuses["reporter.start"] == statuses["static"] == 200
    # the lead saw the team's pages themselves; anonymous visitors were sent to sign in
    expected = 200 if who == "lead" else 302
    assert {statuses[e] for e in ("team.queue", "team.case", "team.attachment")} == {expected}


def test_the_redirect_from_a_forces_bare_address_carries_them_and_is_not_cached(
    client: FlaskClient,
) -> None:
    """``/<slug>`` is answered by ``intake.tenancy.ForceRouting`` before Flask sees it; a
    permanent redirect without ``no-store`` stays in the browser's cache, a trace of the visit
    on a shared device."""
    bare = client.get(f"/{DEFAULT_FORCE_SLUG}")
    assert bare.status_code == 308 and bare.location == f"/{DEFAULT_FORCE_SLUG}/"
    assert_secure(bare, "a force's bare address")
    assert "Strict-Transport-Security" not in bare.headers  # over plain http: meaningless


def test_the_redirect_from_a_forces_bare_address_keeps_browsers_on_https(
    database_url: str,
) -> None:
    """Over https, directly or through the proxy, as every page Flask answers does."""
    app = build_app(database_url, CANDOUR_PROXY_COUNT=1)
    with app.app_context():
        db.create_all()
        try:
            client = app.test_client()
            direct = client.get(f"/{DEFAULT_FORCE_SLUG}", base_url="https://localhost")
            proxied = client.get(
                f"/{DEFAULT_FORCE_SLUG}",
                headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
            )
            for bare in (direct, proxied):
                assert bare.status_code == 308
                assert bare.headers["Strict-Transport-Security"] == HSTS
        finally:
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


def test_error_responses_carry_the_security_headers(client: FlaskClient, team: Team) -> None:
    not_found = client.get("/no-such-page")
    assert not_found.status_code == 404
    assert_secure(not_found, "404")

    wrong_method = client.put("/")
    assert wrong_method.status_code == 405
    assert_secure(wrong_method, "405")

    # Not a receipt (a form without its CSRF token leads to the receipt page instead).
    token = csrf_token(client.get("/status").get_data(as_text=True))
    bad_request = client.post("/receipt.txt", data={"csrf_token": token, "receipt": "AAAA"})
    assert bad_request.status_code == 400
    assert_secure(bad_request, "400")

    too_large = client.post(
        "/report/evidence",
        input_stream=io.BytesIO(b"--x\r\n"),
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(60 * 1024 * 1024)},
    )
    assert too_large.status_code == 413
    assert_secure(too_large, "413")


def test_the_rate_limited_response_carries_the_security_headers(database_url: str) -> None:
    from intake.security import limiter

    app = build_app(database_url)
    with app.app_context():
        limiter.reset()
        db.create_all()
        client = app.test_client()
        codes = [client.post("/receipt.txt", data={"receipt": "x"}) for _ in range(21)]
        assert codes[-1].status_code == 429
        assert_secure(codes[-1], "429")
        # A receipt lookup over the limit redirects to a page of its own (post/redirect/get).
        lookups = [client.post("/status", data={"receipt": "x"}) for _ in range(11)]
        assert lookups[-1].status_code == 303
        assert_secure(lookups[-1], "lookup limited")
        assert_secure(client.get(lookups[-1].headers["Location"]), "lookup limited page")
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_static_files_are_rate_limited_too(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Flask-Limiter exempts any endpoint named "static" from every limit, so the stylesheet
    # could be fetched without end; it is counted by a check of its own.
    monkeypatch.setattr("intake.security.STATIC_LIMIT", "3 per minute")
    codes = []
    for _ in range(4):
        response = client.get("/static/candour.css")
        response.close()
        codes.append(response.status_code)
    assert codes == [200, 200, 200, 429]
    refused = client.get("/static/candour.svg")
    assert refused.status_code == 429
    assert_secure(refused, "static 429")
    assert client.get("/").status_code == 200  # pages keep their own limits
