"""``flask retention apply``: the sealed content of cases closed longer ago than the retention
period is destroyed; the clear figures oversight needs, other cases and the audit chain stay."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import distinct, func, select

from intake.config import SECRET_NAMES, ConfigError, load_secrets, settings_from_environment
from intake.db import db
from intake.models import Attachment, Message, Report
from intake.sealing import open_sealed
from intake.tenancy import create_force, use_force
from tests.helpers import (
    Team,
    csrf_token,
    make_team,
    open_status,
    reports_in_order,
    sign_in_directly,
    submit_report,
)
from tests.test_tenancy import client_of
from triage.casework import checks, closing, iopc, outcome, protection, stages, writing
from triage.casework.retention import DESTROYED_WORDING, months_before
from triage.models import AuditEntry, Note, SubjectLink, SubjectToken

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
SMITH = {"name": "Jonathan Smith", "collar_number": "PC 1234 ab", "unit": "Central West BCU"}
LONG_AGO = date.today() - timedelta(days=800)  # over 24 months
LAST_MONTH = date.today() - timedelta(days=40)


def close_on(report: Report, team: Team, day: date) -> None:
    stages.acknowledge(report, team.lead)
    outcome.record_outcome(
        report,
        team.lead,
        "no_further_action",
        "Nothing in it.",
        told="We looked into your report and decided this.",
    )
    closing.close(report, team.lead, "No further action")
    report.closed_on = day


def cases(app: Flask, team: Team) -> dict[str, Any]:
    """Old closed (with evidence, messages, notes, a linked subject), recently closed, open,
    reopened after an old closure, and old closed with protective measures still open."""
    reporter = app.test_client()
    receipts = {
        "old": submit_report(reporter, people=[SMYTH], files=[("diary.txt", b"Tuesday again\n")]),
        "recent": submit_report(app.test_client(), people=[SMITH]),
        "open": submit_report(app.test_client(), people=[]),
        "reopened": submit_report(app.test_client(), people=[]),
        "protected": submit_report(app.test_client(), people=[]),
    }
    old, recent, still_open, reopened, protected = reports_in_order()
    writing.message_reporter(old, team.lead, "We have read your report.")
    writing.add_note(old, team.lead, "Duty states checked.", management_action=False)
    close_on(old, team, LONG_AGO)
    close_on(recent, team, LAST_MONTH)
    close_on(reopened, team, LONG_AGO)
    closing.reopen(reopened, team.lead, "New information.")
    protection.record_protection(
        protected, team.lead, "high", "Same team as the subject.", "Moved to another shift."
    )
    close_on(protected, team, LONG_AGO)
    db.session.commit()
    page = open_status(reporter, receipts["old"])
    reporter.post(
        "/status/reply",
        data={"csrf_token": csrf_token(page.get_data(as_text=True)), "body": "Thank you."},
    )
    return {
        "receipts": receipts,
        "reports": {
            "old": old,
            "recent": recent,
            "open": still_open,
            "reopened": reopened,
            "protected": protected,
        },
    }


def rows(model: type, report: Report) -> int:
    column = model.report_id  # type: ignore[attr-defined]
    return (
        db.session.scalar(select(func.count()).select_from(model).where(column == report.id)) or 0
    )


def repeated_subjects() -> int:
    """What the oversight page counts: clusters named in more than one report."""
    query = (
        select(SubjectLink.cluster_id)
        .group_by(SubjectLink.cluster_id)
        .having(func.count(distinct(SubjectLink.report_id)) > 1)
    )
    return len(db.session.scalars(query).all())


def clear_figures(report: Report) -> tuple[Any, ...]:
    return (
        report.received_on,
        report.closed_on,
        report.stage,
        report.outcome,
        report.outcome_on,
        report.category_codes,
        report.risk_score,
        report.pattern_signals,
        report.iopc_flags,
        report.urgent,
    )


def opens(report: Report, team: Team) -> bool:
    return bool(open_sealed(team.keys, report.content, record=report.record, field="report"))


def run(app: Flask, *args: str) -> Any:
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["retention", "apply", *args])
    db.session.expire_all()
    return result


def test_old_closed_cases_lose_their_sealed_content_and_keep_their_figures(
    app: Flask, team: Team
) -> None:
    seeded = cases(app, team)
    old = seeded["reports"]["old"]
    figures = clear_figures(old)
    linked = repeated_subjects()
    # Its messages, as seeded: the team's, the acknowledgement, the outcome told, the reply.
    assert linked == 1 and rows(Attachment, old) == 1 and rows(Message, old) == 4

    dry = run(app, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would destroy the sealed content of 1 cases" in dry.output
    assert "1 attachments, 4 messages, 3 notes" in dry.output
    assert opens(old, team) and rows(Attachment, old) == 1

    applied = run(app)
    assert applied.exit_code == 0, applied.output
    assert "Destroyed the sealed content of 1 cases" in applied.output
    assert "Kept 1 due cases whose protective measures are still open" in applied.output

    assert old.content == b"" and old.content_destroyed_on == date.today()
    for model in (Attachment, Message, Note, SubjectToken):
        assert rows(model, old) == 0, model
    links = db.session.scalars(select(SubjectLink).where(SubjectLink.report_id == old.id)).all()
    assert links and all(link.reason is None for link in links)
    assert clear_figures(old) == figures
    assert repeated_subjects() == linked  # the oversight count is unchanged
    assert old.events[-1].detail == DESTROYED_WORDING

    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "retention_applied"
    assert entry.detail.startswith("sealed content of 1 cases closed before")
    verified = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert verified.exit_code == 0 and "Audit log intact" in verified.output

    for name in ("recent", "open", "reopened", "protected"):
        report = seeded["reports"][name]
        assert report.content_destroyed_on is None and opens(report, team), name

    again = run(app)
    assert "Destroyed the sealed content of 0 cases" in again.output


def test_the_case_page_and_status_page_say_the_content_was_destroyed(
    app: Flask, team: Team
) -> None:
    seeded = cases(app, team)
    assert run(app).exit_code == 0
    old = seeded["reports"]["old"]
    staff = app.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    case = staff.get(f"/team/cases/{old.reference}")
    assert case.status_code == 200
    html = case.get_data(as_text=True)
    assert 'id="content-destroyed"' in html and "under the retention policy" in html
    assert "Tuesday again" not in html and "We have read your report" not in html
    # The messages were destroyed, not never sent: nothing more is said of them.
    assert "No messages yet" not in html

    status = open_status(app.test_client(), seeded["receipts"]["old"])
    assert status.status_code == 200
    page = status.get_data(as_text=True)
    assert 'id="content-destroyed"' in page and "retention policy" in page
    assert 'action="/status/reply"' not in page


def test_nothing_more_can_be_added_to_a_destroyed_case(app: Flask, team: Team) -> None:
    seeded = cases(app, team)
    assert run(app).exit_code == 0
    old = seeded["reports"]["old"]
    reporter = app.test_client()
    page = open_status(reporter, seeded["receipts"]["old"]).get_data(as_text=True)
    token = csrf_token(page)
    posts = {
        "/status/reply": {"body": "One more thing."},
        "/status/retaliation": {"details": "They moved my shift."},
    }
    for url, fields in posts.items():
        response = reporter.post(url, data={"csrf_token": token, **fields})
        assert response.status_code == 302 and response.location.endswith("/status"), url
    db.session.expire_all()
    assert rows(Message, old) == 0 and not old.urgent and old.retaliation_on is None

    for operation in (
        lambda: writing.add_note(old, team.lead, "Late note.", management_action=False),
        lambda: writing.message_reporter(old, team.lead, "Late message."),
        lambda: closing.reopen(old, team.lead, "Late reopening."),
        lambda: protection.record_protection(old, team.lead, "high", "Late risk.", "None."),
        lambda: iopc.decide(old, team.lead, "confirmed", "Late decision."),
    ):
        with pytest.raises(checks.CaseworkError, match="retention policy"):
            operation()
    db.session.rollback()
    assert rows(Note, old) == 0 and rows(Message, old) == 0 and old.closed_on is not None


def test_the_period_comes_from_the_option_or_the_configuration(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seeded = cases(app, team)
    app.config["CANDOUR_RETENTION_MONTHS"] = 1
    assert "of 2 cases" in run(app, "--dry-run").output  # old and recent
    assert "of 1 cases" in run(app, "--months", "24", "--dry-run").output
    assert run(app, "--months", "0").exit_code != 0
    assert seeded["reports"]["recent"].content_destroyed_on is None
    monkeypatch.setenv("CANDOUR_RETENTION_MONTHS", "3")
    assert settings_from_environment(tmp_path)["CANDOUR_RETENTION_MONTHS"] == 3
    monkeypatch.setenv("CANDOUR_RETENTION_MONTHS", "two years")
    with pytest.raises(ConfigError, match="CANDOUR_RETENTION_MONTHS must be a whole number"):
        settings_from_environment(tmp_path)


def test_a_period_too_long_for_the_calendar_is_refused_before_anything_is_destroyed(
    app: Flask, team: Team, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Found in testing: `force add --retention-months 30000` was accepted, and `retention apply
    --all-forces` then destroyed the first force's content and stopped with a traceback ("year
    -474 is out of range") before the others; `--months 24400` did the same for one force."""
    seeded = cases(app, team)
    runner = app.test_cli_runner()
    added = runner.invoke(args=["force", "add", "north", "North", "--retention-months", "30000"])
    assert added.exit_code == 2 and "1<=x<=1200" in added.output
    for months in ("24400", "99999999999"):
        refused = run(app, "--months", months, "--all-forces")
        assert refused.exit_code == 2 and "1<=x<=1200" in refused.output, refused.output
    assert seeded["reports"]["old"].content_destroyed_on is None
    longest = run(app, "--months", "1200", "--dry-run")
    assert longest.exit_code == 0 and "(retention 1200 months)" in longest.output, longest.output
    monkeypatch.setenv("CANDOUR_RETENTION_MONTHS", "1201")
    with pytest.raises(ConfigError, match="must be a whole number, from 1 to 1200"):
        settings_from_environment(tmp_path)


def test_a_configuration_error_stops_a_command_with_one_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    """A mistyped setting, a damaged key file or a URL SQLAlchemy cannot use stopped every
    `flask` command with a traceback while the app was loaded."""
    damaged = tmp_path / "secrets.json"
    damaged.write_text("{secret_key: ", "utf-8")
    settings = [
        ({"CANDOUR_RETENTION_MONTHS": "two years"}, "CANDOUR_RETENTION_MONTHS must be a whole"),
        ({"CANDOUR_KEY_FILE": str(damaged)}, f"Key file {damaged} cannot be read as JSON"),
        (
            {"CANDOUR_DATABASE_URL": "postgres://candour:hunter2@db/candour"},
            "CANDOUR_DATABASE_URL cannot be used: Can't load plugin",
        ),
        (  # SQLAlchemy reads the port as a number: a ValueError, not an ArgumentError
            {"CANDOUR_DATABASE_URL": "postgresql://candour:hunter2@db:5432x/candour"},
            "CANDOUR_DATABASE_URL cannot be used: invalid literal for int()",
        ),
    ]
    if importlib.util.find_spec("psycopg2") is None:  # a driver this install does not have
        settings.append(
            (
                {"CANDOUR_DATABASE_URL": "postgresql+psycopg2://candour:hunter2@db/candour"},
                "CANDOUR_DATABASE_URL cannot be used: No module named 'psycopg2'",
            )
        )
    key_file = tmp_path / "k.json"
    key_file.write_text(json.dumps({name: os.urandom(32).hex() for name in SECRET_NAMES}))
    for setting, said in settings:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CANDOUR_")}
        env.update({"FLASK_APP": "wsgi", "CANDOUR_KEY_FILE": str(tmp_path / "k.json")})
        env.update({"CANDOUR_DATABASE_URL": f"sqlite:///{tmp_path}/c.db", **setting})
        done = subprocess.run(
            [sys.executable, "-m", "flask", "retention", "apply", "--dry-run"],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"Error: {said}"), done.stderr
        assert "Traceback" not in done.stderr and "hunter2" not in done.stderr


def test_a_key_file_secret_that_is_not_text_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A number where a hex string belongs stopped every command with a TypeError traceback.
    for name in SECRET_NAMES:
        monkeypatch.delenv(f"CANDOUR_{name.upper()}", raising=False)
    key_file = tmp_path / "secrets.json"
    key_file.write_text(json.dumps({name: 1234 for name in SECRET_NAMES}), "utf-8")
    with pytest.raises(ConfigError, match="secret_key must be hex-encoded"):
        load_secrets(key_file, create=False)


def test_months_are_counted_by_the_calendar() -> None:
    assert months_before(date(2026, 11, 23), 24) == date(2024, 11, 23)
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 1) == date(2025, 12, 15)


def test_production_will_not_start_without_its_public_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invitation links are built from CANDOUR_BASE_URL; unset in production, a lead was shown
    a link to 127.0.0.1 to pass on."""
    monkeypatch.setenv("CANDOUR_ENV", "production")
    monkeypatch.setenv("CANDOUR_SECURE_COOKIES", "true")
    for name in SECRET_NAMES:
        monkeypatch.setenv(f"CANDOUR_{name.upper()}", os.urandom(32).hex())
    monkeypatch.delenv("CANDOUR_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="CANDOUR_BASE_URL must be set in production"):
        settings_from_environment(tmp_path)
    monkeypatch.setenv("CANDOUR_BASE_URL", "https://speakup.example.police.uk")
    assert (
        settings_from_environment(tmp_path)["CANDOUR_BASE_URL"]
        == "https://speakup.example.police.uk"
    )
    monkeypatch.setenv("CANDOUR_ENV", "development")
    monkeypatch.delenv("CANDOUR_BASE_URL")
    assert settings_from_environment(tmp_path)["CANDOUR_BASE_URL"] == "http://127.0.0.1:5000"


@pytest.mark.parametrize("value", ["prod", "Production", "staging", "dev"])
def test_a_misspelt_environment_is_refused_not_taken_for_development(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CANDOUR_ENV=prod`` meant development: a key file made, production's checks skipped."""
    monkeypatch.setenv("CANDOUR_ENV", value)
    with pytest.raises(
        ConfigError, match=f"CANDOUR_ENV must be development or production, not '{value}'"
    ):
        settings_from_environment(tmp_path)
    assert not (tmp_path / "secrets.json").exists()
    monkeypatch.setenv("CANDOUR_ENV", "development")
    assert not settings_from_environment(tmp_path)["CANDOUR_PRODUCTION"]
    monkeypatch.delenv("CANDOUR_ENV")
    assert not settings_from_environment(tmp_path)["CANDOUR_PRODUCTION"]


def test_some_secret_variables_without_the_others_are_refused_naming_those_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three of the four set were ignored without a word, and the key file used instead."""
    monkeypatch.delenv("CANDOUR_MATCHING_KEY")
    monkeypatch.delenv("CANDOUR_LIMITER_KEY")
    with pytest.raises(
        ConfigError, match="CANDOUR_MATCHING_KEY, CANDOUR_LIMITER_KEY not set: set all four"
    ):
        settings_from_environment(tmp_path)
    assert not (tmp_path / "secrets.json").exists()


def test_a_named_key_file_that_does_not_exist_is_refused_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In development a mistyped CANDOUR_KEY_FILE got a new key file, which then opened
    nothing the real one had sealed; only the default path is created, for the demo."""
    for name in SECRET_NAMES:
        monkeypatch.delenv(f"CANDOUR_{name.upper()}")
    named = tmp_path / "etc" / "secerts.json"
    monkeypatch.setenv("CANDOUR_KEY_FILE", str(named))
    with pytest.raises(ConfigError, match=f"the key file {named} \\(CANDOUR_KEY_FILE\\) does not"):
        settings_from_environment(tmp_path)
    assert not named.exists()
    monkeypatch.delenv("CANDOUR_KEY_FILE")
    created = settings_from_environment(tmp_path)["CANDOUR_SECRETS"]
    assert (tmp_path / "secrets.json").exists()
    monkeypatch.setenv("CANDOUR_KEY_FILE", str(tmp_path / "secrets.json"))
    assert settings_from_environment(tmp_path)["CANDOUR_SECRETS"] == created


def test_production_refuses_plain_http_but_on_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An http:// CANDOUR_BASE_URL and CANDOUR_SECURE_COOKIES=false were taken in production."""
    monkeypatch.setenv("CANDOUR_ENV", "production")
    monkeypatch.setenv("CANDOUR_SECURE_COOKIES", "true")
    monkeypatch.setenv("CANDOUR_BASE_URL", "http://speakup.example.police.uk")
    with pytest.raises(ConfigError, match="CANDOUR_BASE_URL must be an https:// address"):
        settings_from_environment(tmp_path)
    monkeypatch.setenv("CANDOUR_BASE_URL", "https://speakup.example.police.uk")
    monkeypatch.setenv("CANDOUR_SECURE_COOKIES", "false")
    with pytest.raises(ConfigError, match="CANDOUR_SECURE_COOKIES cannot be false in production"):
        settings_from_environment(tmp_path)
    # A trial on this machine (as the load benchmarks run it): plain http on loopback.
    for local in ("http://127.0.0.1:8000", "http://localhost", "http://[::1]:8000"):
        monkeypatch.setenv("CANDOUR_BASE_URL", local)
        settings = settings_from_environment(tmp_path)
        assert settings["CANDOUR_BASE_URL"] == local and not settings["SESSION_COOKIE_SECURE"]
    # Development is as before: the demo is plain http.
    monkeypatch.setenv("CANDOUR_ENV", "development")
    monkeypatch.setenv("CANDOUR_BASE_URL", "http://192.0.2.10:5000")
    assert not settings_from_environment(tmp_path)["SESSION_COOKIE_SECURE"]


def test_all_forces_applies_each_forces_own_period_and_names_each_force(
    app: Flask, team: Team
) -> None:
    """43 forces needed 43 cron lines whose logs could not be told apart: --all-forces runs
    each force with its own period, each line naming the force, with one exit status."""
    seeded = cases(app, team)
    north = create_force("north", "North Force", retention_months=6)
    create_force("national", "National Oversight", national=True)
    db.session.commit()
    with use_force(north.id):
        north_team = make_team()
    submit_report(client_of(app, north.slug), people=[SMYTH])
    with use_force(north.id):
        (closed,) = reports_in_order()
        close_on(closed, north_team, date.today() - timedelta(days=250))  # over 6, under 24
        db.session.commit()
        north_id = closed.id

    dry = run(app, "--all-forces", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.output.splitlines()
    assert lines[0].startswith("default: Would destroy the sealed content of 1 cases")
    assert "(retention 24 months)" in lines[0]
    assert lines[1].startswith("default: Kept 1 due cases whose protective measures")
    assert lines[2].startswith("north: Would destroy the sealed content of 1 cases")
    assert "(retention 6 months)" in lines[2]
    assert "national" not in dry.output  # an oversight force holds no reports
    assert lines[-1] == "Retention checked (nothing destroyed) in 2 forces."
    assert seeded["reports"]["old"].content_destroyed_on is None

    applied = run(app, "--all-forces")
    assert applied.exit_code == 0, applied.output
    assert "default: Destroyed the sealed content of 1 cases" in applied.output
    assert "north: Destroyed the sealed content of 1 cases" in applied.output
    assert applied.output.splitlines()[-1] == "Retention done in 2 forces."
    assert seeded["reports"]["old"].content_destroyed_on == date.today()
    with use_force(north.id):
        destroyed = db.session.get(Report, north_id)
        assert destroyed is not None and destroyed.content_destroyed_on == date.today()
    assert seeded["reports"]["recent"].content_destroyed_on is None
    verified = app.test_cli_runner().invoke(args=["audit", "verify", "--all-forces"])
    assert verified.exit_code == 0, verified.output

    one = run(app, "--dry-run")  # without it, the command's force alone, named
    assert one.output.startswith("default: Would destroy the sealed content of 0 cases")
