"""Hostile requests against every route: never a 500, never a traceback, nothing stored from a
rejected request.

Routes are read from ``app.url_map`` at collection time, so pages added later are fuzzed without
editing this file. For each route Hypothesis draws who is asking (a new reporter, a reporter with
a finished draft, a reporter with an open status page, a signed-in lead), the method (including
ones the route does not allow), the URL arguments and query string (real values, hostile text,
invalid UTF-8 percent-escapes), the CSRF token (valid, forged or missing) and the body: form
fields named like the app's own fields with hostile values, multipart uploads (random, fake
images and PDFs, oversized), broken multipart, invalid UTF-8, raw bytes, or a declared length
over the request limit.

After every response: status below 500, no traceback or exception text in the body, and if the
request was refused (4xx, or a page shown again with an error summary) the row count of every
table is what it was before. Examples are derandomized (a fixed seed) and ``deadline=None`` so a
slow CI machine cannot make them flaky; ``CANDOUR_FUZZ_EXAMPLES`` raises the count locally.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Rule
from werkzeug.test import EnvironBuilder, TestResponse

from intake.db import db
from intake.models import Attachment, Report
from intake.security import MAX_REQUEST_BYTES
from tests.conftest import build_app, schema_url
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    csrf_token,
    make_team,
    open_status,
    post_form,
    sign_in_directly,
    submit_report,
)
from triage.models import AuditEntry

EXAMPLES = int(os.environ.get("CANDOUR_FUZZ_EXAMPLES", "12"))
# What an exception leaking into a page would look like (GOV.UK's own "Error:" prefix is fine).
LEAKS = re.compile(
    r"Traceback \(most recent|File &#34;/|File \"/|line \d+, in |sqlalchemy\.|"
    r"psycopg\.|werkzeug\.|jinja2\.|[A-Z][a-z]+(Error|Exception)\b"
)
FIELD_NAME = re.compile(r'name="([A-Za-z0-9_\-]+)"')
IDENTITIES = ("new reporter", "reporter with draft", "reporter with status", "lead")
# Field names the forms use even where no GET page shows them (POST-only routes).
KNOWN_FIELDS = [
    "csrf_token",
    "receipt",
    "body",
    "details",
    "file",
    "keep_original",
    "upload",
    "submit",
    "reference",
    "member",
    "stage",
    "outcome",
    "text",
    "email",
    "name",
    "role",
    "password",
    "code",
    "confirm",
    "decision",
    "kind",
    "people-0-name",
]


def _route_list() -> list[Rule]:
    app = build_app("sqlite://")
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    return sorted(rules, key=lambda r: r.rule)


ROUTES = _route_list()


@dataclass
class World:
    """A team, one report with evidence and a message, and a client per identity."""

    app: Flask
    team: Team
    clients: dict[str, FlaskClient]
    tokens: dict[str, str]
    values: dict[str, str]
    fields: list[str]


# Showing a decrypted case or file to a member is audited by design, also when the page is shown
# again with an error; those entries are the only rows a refused team request may add.
READ_ACTIONS = {"decrypted", "downloaded"}
# A reporter's answer a journey page refuses is kept sealed in their own draft, under the key their
# session holds, until the page accepts one (``intake.views.redisplay``): one draft and one
# session are the only rows such a refusal may add, and a forged request adds none.
KEPT_REFUSAL = {"draft", "reporter_session"}
# A follow-up a status page refuses (a receipt lookup, a message, a file) is kept the same way
# in the reporter's session alone: one session is the only row it may add.
KEPT_FOLLOW_UP = {"reporter_session"}


def _row_counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
        for table in db.metadata.sorted_tables
    }


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One world per backend for the whole module: building it (a full journey, every page read
    for its field names) costs seconds, and each route's examples reuse it."""
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'candour.db'}"
    else:
        schema = request.getfixturevalue("postgres_schema")
        database_url = schema_url(schema)
    # Limits off: a 429 after ten examples would hide the handlers behind it (429s and their
    # headers are tested in test_reporter_security and test_security_headers).
    app = build_app(database_url, RATELIMIT_ENABLED=False)
    with app.app_context():
        db.drop_all()
        db.create_all()
        team = make_team()
        status_client = app.test_client()
        receipt = submit_report(status_client, files=[("notes.txt", b"what was said")])
        open_status(status_client, receipt)
        draft_client = app.test_client()
        answers = dict(DEFAULT_REPORT)
        post_form(
            draft_client,
            "/report/what",
            {
                "categories": answers["categories"],
                "when": "unsure",
                "description": answers["description"],
            },
        )
        post_form(draft_client, "/report/who", {"unknown": "y", "submit": "Continue"})
        post_form(draft_client, "/report/affected", {"affected": ["reporter"]})
        post_form(draft_client, "/report/evidence", {"submit": "Continue"})
        lead_client = app.test_client()
        sign_in_directly(lead_client, team.lead, team.keys)
        clients = {
            "new reporter": app.test_client(),
            "reporter with draft": draft_client,
            "reporter with status": status_client,
            "lead": lead_client,
        }
        report = db.session.scalars(select(Report)).one()
        attachment = db.session.scalars(select(Attachment)).one()
        values = {
            "reference": report.reference,
            "uid": attachment.uid,
            "member_id": str(team.lead.id),
            "index": "0",
            "protection_id": "1",
            "subject_no": "1",
            "token": "x" * 43,
            "slug": "categories",
            "cluster_id": "c" * 32,
        }
        tokens, fields = {}, set(KNOWN_FIELDS)
        for name, client in clients.items():
            page = client.get("/team/account" if name == "lead" else "/report/what")
            html = page.get_data(as_text=True)
            tokens[name] = csrf_token(html)
        for rule in ROUTES:  # every field name any page shows, so new forms are covered too
            if "GET" in (rule.methods or set()) and not rule.arguments:
                fields.update(FIELD_NAME.findall(lead_client.get(rule.rule).get_data(as_text=True)))
        yield World(app, team, clients, tokens, values, sorted(fields))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


# -- strategies ---------------------------------------------------------------------------------

HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "'; DROP TABLE report; --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%ff%fe",
            "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
            "‮evil",
            "🚓" * 50,
            "9" * 40,
            "-1",
            "0",
            "1e309",
            "NaN",
            "null",
            "[]",
            "{}",
            "a" * 20_000,
            "\r\n\r\n",
            "C-BCDFGHJK",
            "AAAA-BBBB-CCCC-DDDD-EEEE",
        ]
    ),
)
RAW_BYTES = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"\xff\xfe\xfd", b"\xc3\x28", b"\xed\xa0\x80", b"\x00" * 10, b"\xe2\x82"]),
)
FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),  # a PNG signature with nothing behind it
    st.just(b"\xff\xd8\xff\xe0" + b"JFIF" + b"\xff" * 100),  # a truncated JPEG
    st.just(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n"),
    st.just(b"PK\x03\x04" + b"\x00" * 200),  # a zip (docx, docm) in disguise
    st.just(b"a" * (10 * 1024 * 1024 + 1)),  # one byte over the per-file limit
)


def _segment(value: str) -> str:
    # No "?" even percent-encoded: Flask's test client rebuilds the request from the decoded path
    # and would take it for a query string (a limit of the client, not of the app).
    return quote(value.replace("?", ""), safe="")


@st.composite
def url_for(draw: st.DrawFn, rule: Rule, world: World) -> str:
    values = {}
    for name in sorted(rule.arguments):
        real = world.values.get(name, "x")
        values[name] = draw(
            st.one_of(
                st.just(real),
                st.just(real),  # mostly real, so the handler itself runs
                HOSTILE_TEXT.filter(bool).map(_segment),
                st.just("%ff%fe%00"),
                st.integers(-(2**70), 2**70).map(str),
            )
        )
    path = rule.rule
    for name, value in values.items():
        path = re.sub(r"<(?:[a-z]+:)?" + name + ">", value, path)
    query = draw(
        st.one_of(
            st.just(""),
            st.dictionaries(HOSTILE_TEXT, HOSTILE_TEXT, max_size=3).map(
                lambda d: "&".join(f"{_segment(k)}={_segment(v)}" for k, v in d.items())
            ),
            st.just("x=%ff%fe&y=%c3%28&page=-1&page=999999999999999999999"),
        )
    )
    return path + ("?" + query if query else "")


@st.composite
def form_fields(draw: st.DrawFn, world: World, token: str | None) -> list[tuple[str, Any]]:
    names = draw(st.lists(st.sampled_from(world.fields), max_size=8))
    fields: list[tuple[str, Any]] = [(n, draw(HOSTILE_TEXT)) for n in names]
    if token is not None:
        fields.append(("csrf_token", token))
    return fields


@dataclass
class Attempt:
    identity: str
    method: str
    url: str
    csrf: str
    body: str
    kwargs: dict[str, Any]


@st.composite
def attempts(draw: st.DrawFn, rule: Rule, world: World, identity: str) -> Attempt:
    allowed = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    method = draw(
        st.one_of(
            st.sampled_from(allowed),
            st.sampled_from(allowed),
            st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
        )
    )
    url = draw(url_for(rule, world))
    csrf = draw(st.sampled_from(["valid", "valid", "forged", "missing"]))
    token = {"valid": world.tokens[identity], "forged": "IjEyMyI.forged.token", "missing": None}[
        csrf
    ]
    body = draw(
        st.sampled_from(
            [
                "form",
                "form",
                "multipart",
                "broken multipart",
                "invalid utf-8 form",
                "raw bytes",
                "declared too large",
                "none",
            ]
        )
    )
    kwargs: dict[str, Any] = {}
    if body == "form":
        kwargs["data"] = MultiDict(draw(form_fields(world, token)))
    elif body == "multipart":
        fields = dict(draw(form_fields(world, token)))
        name = draw(st.one_of(st.just("evidence.png"), HOSTILE_TEXT))
        fields[draw(st.sampled_from(["file", "file", "upload", "other"]))] = (
            io.BytesIO(draw(FILE_BYTES)),
            name,
        )
        fields.setdefault("upload", "Upload file")
        kwargs["data"] = fields
        kwargs["content_type"] = "multipart/form-data"
    elif body == "broken multipart":
        boundary = draw(st.sampled_from(["x", "", "a" * 200, '"q"', "--"]))
        raw = draw(
            st.sampled_from(
                [
                    b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n',
                    b"--x\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n",  # no name, no end
                    b"--y\r\n\r\n--y--\r\n",  # another boundary than declared
                    b"--x--",
                    b"garbage",
                    b"",
                ]
            )
        )
        kwargs["input_stream"] = io.BytesIO(raw)
        kwargs["content_type"] = f"multipart/form-data; boundary={boundary}"
        kwargs["query_string"] = {"csrf_token": token} if token else {}
    elif body == "invalid utf-8 form":
        raw = b"&".join(
            n.encode() + b"=" + draw(RAW_BYTES).replace(b"&", b"%ff")
            for n in draw(st.lists(st.sampled_from(world.fields), max_size=5))
        )
        if token:
            raw += b"&csrf_token=" + token.encode()
        kwargs["input_stream"] = io.BytesIO(raw)
        kwargs["content_type"] = "application/x-www-form-urlencoded; charset=utf-8"
    elif body == "raw bytes":
        kwargs["input_stream"] = io.BytesIO(draw(RAW_BYTES))
        kwargs["content_type"] = draw(
            st.sampled_from(
                [
                    "application/json",
                    "text/plain",
                    "application/octet-stream",
                    "multipart/form-data",
                    "application/x-www-form-urlencoded; charset=bogus",
                ]
            )
        )
    elif body == "declared too large":
        kwargs["input_stream"] = io.BytesIO(b"--x\r\n")
        kwargs["content_type"] = "multipart/form-data; boundary=x"
        kwargs["environ_overrides"] = {"CONTENT_LENGTH": str(MAX_REQUEST_BYTES + 1)}
    return Attempt(identity, method, url, csrf, body, kwargs)


def send(client: FlaskClient, attempt: Attempt) -> TestResponse:
    """Send through an EnvironBuilder we close ourselves: werkzeug spools big bodies to temporary
    files that the test client would leave open (and warnings are errors here)."""
    kwargs = dict(attempt.kwargs)
    path, _, query = attempt.url.partition("?")
    if "query_string" in kwargs:  # the CSRF token of a body werkzeug cannot parse
        query = urlencode(kwargs.pop("query_string"))
    builder = EnvironBuilder(path=path, query_string=query or None, method=attempt.method, **kwargs)
    environ = builder.get_environ()
    try:
        response = client.open(environ)
        response.get_data()
        return response
    finally:
        environ["wsgi.input"].close()
        builder.close()


def refused(response: TestResponse) -> bool:
    """A refusal: an error status, a page with an error summary, or a redirect to the marked
    address that shows one (``triage.views.redisplay``: post/redirect/get)."""
    return (
        400 <= response.status_code < 500
        or (
            response.status_code == 200
            and "govuk-error-summary" in response.get_data().decode("utf-8", "replace")
        )
        or (response.status_code == 303 and "refused=" in response.headers.get("Location", ""))
    )


@pytest.mark.parametrize("rule", ROUTES, ids=[f"{r.endpoint}" for r in ROUTES])
def test_hostile_requests_never_break_or_store_anything(world: World, rule: Rule) -> None:
    seen = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(st.data())
    def fuzz(data: st.DataObject) -> None:
        identity = data.draw(st.sampled_from(IDENTITIES))
        client = world.clients[identity]
        if identity == "lead":  # a fuzzed sign-out must not end the rest of the run
            sign_in_directly(client, world.team.lead, world.team.keys)
            world.tokens["lead"] = csrf_token(client.get("/team/account").get_data(as_text=True))
        attempt = data.draw(attempts(rule, world, identity))
        before = _row_counts()
        response = send(client, attempt)
        # A download (the case bundle's ZIP) is bytes: read what text it has for the checks.
        html = response.get_data().decode("utf-8", "replace")
        what = (
            f"{identity} {attempt.method} {attempt.url[:200]} ({attempt.body}, "
            f"{attempt.csrf} CSRF) -> {response.status_code}"
        )
        assert response.status_code < 500, what
        assert not LEAKS.search(html), f"{what}: {LEAKS.search(html)}"
        forged = attempt.csrf != "valid" and attempt.method != "GET"
        if refused(response) or forged:
            after = _row_counts()
            audited = after.pop("audit_entry") - before.pop("audit_entry")
            path = urlsplit(attempt.url).path
            kept = KEPT_REFUSAL if path.startswith("/report/") else KEPT_FOLLOW_UP
            if not forged and path.startswith(("/report/", "/status")):
                for table in kept:
                    assert 0 <= after.pop(table) - before.pop(table) <= 1, f"{what}: {table}"
            assert after == before, f"{what} stored something"
            actions = (
                db.session.scalars(
                    select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(audited)
                ).all()
                if audited
                else []
            )
            assert set(actions) <= READ_ACTIONS, f"{what} recorded {actions}"
        seen.append(response.status_code)

    fuzz()
    assert seen, "no example ran"
