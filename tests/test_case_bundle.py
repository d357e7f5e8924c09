"""A case exported as a bundle for a hearing or a referral: the case as a PDF and every evidence
file, each with its SHA-256, made in memory for the member who asked and audited once."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import zipfile

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, csrf_token, open_status, sign_in_directly, submit_report
from triage.casework import closing
from triage.casework.bundle import _CasePdf
from triage.models import AuditEntry, Recusal

EVIDENCE = b"Rota for the night shift\n"
DESCRIPTION = "Sgt Łukasz Wróbel made comments about my appearance and touched me."


def signed_in(app: Flask, member_role: str, team: Team) -> FlaskClient:
    client = app.test_client()
    member = team.lead if member_role == "lead" else add_member(member_role, team)
    sign_in_directly(client, member, team.keys)
    return client


def reported(client: FlaskClient, **answers: object) -> Report:
    receipt = submit_report(
        client, files=[("café notes.txt", EVIDENCE)], description=DESCRIPTION, **answers
    )
    status = open_status(client, receipt).get_data(as_text=True)
    client.post("/status/reply", data={"csrf_token": csrf_token(status), "body": "Dates: 3 May"})
    return db.session.scalars(select(Report)).one()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_lead_downloads_the_case_as_a_pdf_with_every_file_and_its_sha256(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = reported(client)
    lead = signed_in(app, "lead", team)
    before = db.session.scalar(select(db.func.count()).select_from(AuditEntry))
    response = lead.get(f"/team/cases/{report.reference}/bundle.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    assert f'filename="case-{report.reference}.zip"' in response.headers["Content-Disposition"]

    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    folder = report.reference
    pdf_name, evidence_name = f"case-{folder}.pdf", "evidence/01-text-1.txt"
    assert sorted(bundle.namelist()) == sorted(
        f"{folder}/{n}" for n in (pdf_name, evidence_name, "SHA256SUMS")
    )
    assert bundle.read(f"{folder}/{evidence_name}") == EVIDENCE
    sums = dict(
        reversed(line.split("  ", 1))
        for line in bundle.read(f"{folder}/SHA256SUMS").decode().splitlines()
    )
    for name in (pdf_name, evidence_name):  # as `sha256sum -c SHA256SUMS` would check
        assert sums[name] == hashlib.sha256(bundle.read(f"{folder}/{name}")).hexdigest()

    text = pdf_text(bundle.read(f"{folder}/{pdf_name}"))
    assert "Łukasz Wróbel" in text  # printed as the reporter typed it
    assert "From the reporter" in text and "Dates: 3 May" in text
    assert hashlib.sha256(EVIDENCE).hexdigest() in text.replace(" ", "").replace("\n", "")

    added = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id).offset(before)).all()
    assert [(e.action, e.case_reference) for e in added] == [("exported", report.reference)]
    assert added[0].detail == "case bundle, 1 evidence file"  # the PDF is not evidence


def test_a_bundle_without_evidence_is_audited_as_such(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = db.session.scalars(select(Report)).one()
    lead = signed_in(app, "lead", team)
    assert lead.get(f"/team/cases/{report.reference}/bundle.zip").status_code == 200
    exported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "exported")).one()
    assert exported.detail == "case bundle, 0 evidence files"


def test_oversight_and_a_recused_member_cannot_export(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = reported(client)
    oversight = signed_in(app, "oversight", team)
    assert oversight.get(f"/team/cases/{report.reference}/bundle.zip").status_code == 403
    caseworker = add_member("caseworker", team, "recused@candour.test")
    db.session.add(
        Recusal(member_id=caseworker.id, report_id=report.id, declared_on=report.received_on)
    )
    db.session.commit()
    recused = app.test_client()
    sign_in_directly(recused, caseworker, team.keys)
    assert recused.get(f"/team/cases/{report.reference}/bundle.zip").status_code == 403
    assert "exported" not in db.session.scalars(select(AuditEntry.action)).all()


def test_a_hostile_report_still_prints(app: Flask, client: FlaskClient, team: Team) -> None:
    report = reported(client, where="<script>alert(1)</script>" + "x" * 150)
    response = signed_in(app, "lead", team).get(f"/team/cases/{report.reference}/bundle.zip")
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    text = pdf_text(bundle.read(f"{report.reference}/case-{report.reference}.pdf"))
    assert "<script>alert(1)</script>" in text


def test_a_tab_between_words_prints_as_space(app: Flask, client: FlaskClient, team: Team) -> None:
    """The PDF library draws nothing for a tab, so "canteen<tab>north door" printed as
    "canteennorth door" in a bundle meant for a hearing."""
    report = reported(client, where="canteen\tnorth door")
    response = signed_in(app, "lead", team).get(f"/team/cases/{report.reference}/bundle.zip")
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    text = pdf_text(bundle.read(f"{report.reference}/case-{report.reference}.pdf"))
    assert re.search(r"canteen\s+north door", text), text


def test_no_word_of_the_report_reaches_the_log_when_the_font_lacks_a_character(
    app: Flask, client: FlaskClient, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    """fpdf2 warned of each character its font cannot draw, naming it: a subject's name written
    in a script the font lacks went to the server log in clear."""
    report = reported(client, where="Station 李小龙")
    caplog.set_level(logging.DEBUG)
    response = signed_in(app, "lead", team).get(f"/team/cases/{report.reference}/bundle.zip")
    assert response.status_code == 200
    assert "李" not in caplog.text and "\\u674e" not in caplog.text
    # Nor does it vanish from the PDF: each character the font lacks is its code point, said so.
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    text = pdf_text(bundle.read(f"{report.reference}/case-{report.reference}.pdf"))
    assert "Station [U+674E][U+5C0F][U+9F99]" in text
    assert "Characters shown as code points" in text and "3 different character(s)" in text


def test_a_heading_is_never_left_alone_at_the_foot_of_a_page() -> None:
    pdf = _CasePdf("C-TESTTEST")
    pdf.add_page()
    while pdf.get_y() < pdf.page_break_trigger - 12:  # a heading's own line would still fit
        pdf.para("A line of the report.")
    pdf.heading("Timeline")
    pdf.para("2 December 2026: Report received")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(bytes(pdf.output()))).pages]
    assert len(pages) == 2
    assert "Timeline" not in pages[0] and pages[1].index("Timeline") < pages[1].index("Report")


def test_the_summary_says_the_outcome_once_and_the_kinds_of_behaviour_as_the_page_does(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = reported(client, categories=["sexual_misconduct", "abuse_of_position"])
    lead = signed_in(app, "lead", team)
    folder = report.reference
    bundle = zipfile.ZipFile(io.BytesIO(lead.get(f"/team/cases/{folder}/bundle.zip").data))
    text = " ".join(pdf_text(bundle.read(f"{folder}/case-{folder}.pdf")).split())
    assert "Outcome: None recorded" in text and "Outcome recorded" not in text
    assert "Sexual misconduct, abuse of position" in text


def test_the_summary_of_a_reopened_case_says_it_is_not_closed(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    report = reported(client)
    closing.close(report, team.lead, "Resolved informally")
    db.session.commit()
    closing.reopen(report, team.lead, "The reporter wrote again")
    db.session.commit()
    folder = report.reference
    lead = signed_in(app, "lead", team)
    bundle = zipfile.ZipFile(io.BytesIO(lead.get(f"/team/cases/{folder}/bundle.zip").data))
    text = " ".join(pdf_text(bundle.read(f"{folder}/case-{folder}.pdf")).split())
    assert "Closed: Not closed" in text and "Closed: Open" not in text
