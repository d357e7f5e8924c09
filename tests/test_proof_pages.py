"""Proof of reporting end to end: downloading a statement from the confirmation and status
pages, checking it on the public page and with ``flask proof verify``, key rotation, and the
published keys."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.test import TestResponse

from intake import receipts
from intake.db import db
from intake.models import ProofKey
from intake.proof import keys as proof_keys
from intake.proof.statement import MAX_DOCUMENT_BYTES, verify_proof
from intake.submission import submit
from intake.tenancy import current_force
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    csrf_token,
    open_status,
    post_form,
    reports_in_order,
    send_fields,
    submit_report,
    visible_text,
)
from tests.journey_page import parse
from triage import audit
from triage.audit_wording import action_label
from triage.models import AuditEntry

DESCRIPTION = "He made comments about my appearance and touched me."
SUBJECT = "PC Jon Smyth"


def send_report(client: FlaskClient) -> tuple[str, str]:
    """Walk the journey (the same answers as ``submit_report``) and return the receipt and
    the confirmation page."""
    what = {
        "categories": ["sexual_misconduct", "bullying"],
        "when": "month",
        "when_month": "3/2025",
        "where": "Charing Cross station",
        "description": DESCRIPTION,
    }
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"people-0-name": SUBJECT, "people-0-collar_number": "1234AB", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    check = client.get("/report/check").get_data(as_text=True)
    html = client.post("/report/send", data=send_fields(check), follow_redirects=True).get_data(
        as_text=True
    )
    match = re.search(r'<p class="candour-receipt" id="receipt">([A-Z0-9-]+)</p>', html)
    assert match, html
    return match.group(1), html


def proof_form_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the proof download form on a page (as a browser would send them)."""
    match = re.search(
        rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S
    )
    assert match, f"no form posting to {action}"
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', match.group(1)))
    assert "Download proof of reporting" in match.group(1)
    return fields


def download_from_confirmation(client: FlaskClient, html: str) -> TestResponse:
    fields = proof_form_fields(html, "/report/proof.txt")
    return client.post("/report/proof.txt", data=fields)


def download_from_status(client: FlaskClient, receipt: str) -> bytes:
    html = open_status(client, receipt).get_data(as_text=True)
    response = client.post("/status/proof.txt", data=proof_form_fields(html, "/status/proof.txt"))
    assert response.status_code == 200
    return response.get_data()


def check_on_page(client: FlaskClient, document: bytes) -> str:
    """Upload ``document`` as a file on the public verification page."""
    page = client.get("/proof/verify").get_data(as_text=True)
    response = client.post(
        "/proof/verify",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(document), "proof.txt")},
        content_type="multipart/form-data",
    )
    return shown_after_the_check(client, response)


def shown_after_the_check(client: FlaskClient, response: TestResponse) -> str:
    """The page a check's POST redirects to (post/redirect/get), as the browser shows it."""
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path.endswith("/proof/verify")
    shown = client.get(response.headers["Location"])
    assert shown.status_code == 200
    return shown.get_data(as_text=True)


def check_with_cli(app: Flask, tmp_path: Path, document: bytes) -> tuple[int, str]:
    path = tmp_path / "proof.txt"
    path.write_bytes(document)
    result = app.test_cli_runner().invoke(args=["proof", "verify", str(path)])
    return result.exit_code, result.output


def receipt_key(app: Flask) -> bytes:
    key: bytes = app.config["CANDOUR_SECRETS"].receipt_key
    return key


# --- downloading --------------------------------------------------------------------


def test_confirmation_proof_verifies_and_says_only_categories_month_and_reference(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    # Four earlier reports of the same kinds this month, so the proof may name them (item 8).
    for _ in range(4):
        submit({**DEFAULT_REPORT, "categories": ["bullying", "sexual_misconduct"]})
    receipt, html = send_report(client)
    assert "Proof that you made a report" in html
    assert 'href="/proof/verify"' in html and 'href="/proof/keys"' in html

    response = download_from_confirmation(client, html)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = response.get_data()

    check = verify_proof(document, proof_keys.published_keys())
    assert check.valid and check.statement is not None
    assert check.statement["categories"] == ["Bullying or harassment", "Sexual misconduct"]
    assert check.statement["received_in"] == date.today().strftime("%Y-%m")
    assert check.statement["reference"] == receipts.proof_reference(receipt_key(app), receipt)

    report = reports_in_order()[-1]
    text = document.decode()
    for secret in (
        receipt,
        receipt.replace("-", ""),
        report.reference,
        DESCRIPTION,
        SUBJECT,
        "Charing Cross",
        "1234AB",
    ):
        assert secret not in text, secret

    page = check_on_page(client, document)
    assert "This statement is genuine" in page
    assert "Bullying or harassment, Sexual misconduct" in page
    assert check.statement["reference"] in page
    assert "Current key" in page

    status, output = check_with_cli(app, tmp_path, document)
    assert status == 0, output
    assert output.startswith("VALID:")
    assert "Categories: Bullying or harassment, Sexual misconduct" in output
    assert f"Reference: {check.statement['reference']}" in output
    assert "current key" in output


def test_status_page_proof_verifies_with_the_same_reference(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    receipt, html = send_report(client)
    from_confirmation = download_from_confirmation(client, html).get_data()
    from_status = download_from_status(client, receipt)

    checked = [
        verify_proof(d, proof_keys.published_keys()) for d in (from_confirmation, from_status)
    ]
    assert all(c.valid for c in checked)
    assert checked[0].statement == checked[1].statement
    assert receipt not in from_status.decode()
    assert "This statement is genuine" in check_on_page(client, from_status)
    assert check_with_cli(app, tmp_path, from_status)[0] == 0


def test_status_page_explains_the_proof_and_links_the_public_pages(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    html = open_status(client, receipt).get_data(as_text=True)
    assert "Proof that you made a report" in html
    assert "It does not show your name, what you wrote, who you named" in html
    assert 'href="/proof/verify"' in html and 'href="/proof/keys"' in html
    assert "Exit this page" in html


def test_every_page_footer_links_the_public_proof_pages(client: FlaskClient) -> None:
    for url in ("/", "/status", "/team/sign-in"):
        page = client.get(url).get_data(as_text=True)
        assert 'href="/proof/verify"' in page and 'href="/proof/keys"' in page, url


def test_replacing_the_receipt_changes_the_reference_of_new_proofs(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    before = verify_proof(download_from_status(client, receipt), proof_keys.published_keys())
    page = client.get("/status").get_data(as_text=True)
    replaced = client.post(
        "/status/replace-receipt",
        data={"csrf_token": csrf_token(page), "receipt": receipt},
        follow_redirects=True,
    )
    new_receipt = re.search(r'id="receipt">([A-Z0-9-]+)<', replaced.get_data(as_text=True))
    assert new_receipt
    after_document = client.post(
        "/status/proof.txt",
        data={"csrf_token": csrf_token(client.get("/status").get_data(as_text=True))},
    ).get_data()
    after = verify_proof(after_document, proof_keys.published_keys())
    assert before.valid and after.valid and before.statement and after.statement
    assert after.statement["reference"] == receipts.proof_reference(
        receipt_key(app), new_receipt.group(1)
    )
    assert after.statement["reference"] != before.statement["reference"]


def test_a_receipt_that_finds_no_report_gets_no_proof(client: FlaskClient, team: Team) -> None:
    token = csrf_token(client.get("/proof/verify").get_data(as_text=True))
    for receipt in ("not a receipt", ""):
        response = client.post("/report/proof.txt", data={"csrf_token": token, "receipt": receipt})
        assert response.status_code == 400
        assert response.headers["Content-Type"].startswith("text/html")
    # A well-formed receipt that opens nothing (replaced since the page was shown): the status
    # page, with no statement.
    unknown = {"csrf_token": token, "receipt": "ABCD-EFGH-JKMN-PQRS-TVWX"}
    response = client.post("/report/proof.txt", data=unknown)
    assert response.status_code == 303 and response.headers["Location"] == "/status"
    assert db.session.scalars(select(ProofKey)).first() is None


def test_status_proof_needs_an_open_status_page(client: FlaskClient, team: Team) -> None:
    token = csrf_token(client.get("/proof/verify").get_data(as_text=True))
    response = client.post("/status/proof.txt", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/status?undone=yes")  # nothing downloaded


# --- edits, CSRF and rate limits ---------------------------------------------------


def test_edited_bytes_fail_on_the_page_and_in_the_cli(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    _, html = send_report(client)
    document = download_from_confirmation(client, html).get_data()
    lines = document.split(b"\n")
    # One byte in each part: prose, statement JSON, key id and signature.
    positions = [
        document.index(b"independent"),
        document.index(b'"received_in"') + 5,
        document.index(b"Key-Id: ") + 9,
        len(b"\n".join(lines[:-3])) + 10,
    ]
    for position in positions:
        edited = bytearray(document)
        edited[position] = ord("x") if edited[position] != ord("x") else ord("y")
        page = check_on_page(client, bytes(edited))
        assert "This statement is not valid" in page, position
        assert "This statement is genuine" not in page
        status, output = check_with_cli(app, tmp_path, bytes(edited))
        assert status == 1, position
        assert output.startswith("INVALID:")


def test_the_downloads_and_the_check_need_a_csrf_token(client: FlaskClient, team: Team) -> None:
    receipt, html = send_report(client)
    fields = proof_form_fields(html, "/report/proof.txt")
    del fields["csrf_token"]
    refused = client.post("/report/proof.txt", data=fields)
    # To the receipt page, saying the session ended and it was not done (the token is lost
    # with the session: test_shown_pages_close).
    assert refused.status_code == 303 and "undone=yes" in refused.headers["Location"]
    assert b"CANDOUR STATEMENT" not in refused.get_data()

    open_status(client, receipt)
    refused = client.post("/status/proof.txt", data={"csrf_token": "forged"})
    assert refused.headers["Content-Type"].startswith("text/html")
    assert "your session timed out" in refused.get_data(as_text=True)

    document = download_from_status(client, receipt)
    refused = client.post(
        "/proof/verify",
        data={"file": (io.BytesIO(document), "proof.txt")},
        content_type="multipart/form-data",
    )
    page = shown_after_the_check(client, refused)
    assert "This statement is genuine" not in page
    assert "your session timed out" in page


def test_downloads_are_rate_limited(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    html = open_status(client, receipt).get_data(as_text=True)
    fields = proof_form_fields(html, "/status/proof.txt")
    statuses = [client.post("/status/proof.txt", data=fields).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


# --- keys and rotation ---------------------------------------------------------------


def test_a_first_rotate_key_is_audited_as_the_first_key_made(app: Flask, team: Team) -> None:
    """With no proof key yet nothing is retired: the entry says a first key was made, in words
    on the audit log, and the chain still verifies."""
    assert proof_keys.current_row() is None
    made = app.test_cli_runner().invoke(args=["proof", "rotate-key"])
    assert made.exit_code == 0, made.output
    assert "Retired" not in made.output
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("proof_key%")))
    assert [(e.action, e.detail) for e in entries] == [
        ("proof_key_made", f"for {current_force().slug}")
    ]
    assert action_label("proof_key_made") == "Made the first key that signs proofs of reporting"
    assert audit.verify().broken_at is None


def test_after_rotation_old_proofs_verify_as_retired_and_new_ones_use_the_new_key(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    receipt = submit_report(client)
    old_document = download_from_status(client, receipt)
    old_key_id = verify_proof(old_document, proof_keys.published_keys()).key_id

    rotated = app.test_cli_runner().invoke(args=["proof", "rotate-key"])
    assert rotated.exit_code == 0, rotated.output
    assert f"Retired key {old_key_id}" in rotated.output

    new_document = download_from_status(client, receipt)
    new_check = verify_proof(new_document, proof_keys.published_keys())
    assert new_check.valid and not new_check.key_retired
    assert old_key_id is not None and new_check.key_id is not None
    assert new_check.key_id != old_key_id
    assert new_check.key_id in rotated.output
    rotation = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "proof_key_rotated")
    ).one()
    assert rotation.detail == f"retired key {old_key_id}; for {current_force().slug}"

    page = check_on_page(client, old_document)
    assert "This statement is genuine" in page
    assert "Retired key (retired on" in page
    status, output = check_with_cli(app, tmp_path, old_document)
    assert status == 0
    assert f"retired key {old_key_id}" in output
    status, output = check_with_cli(app, tmp_path, new_document)
    assert status == 0
    assert f"current key {new_check.key_id}" in output

    keys_page = client.get("/proof/keys").get_data(as_text=True)
    assert old_key_id in keys_page and new_check.key_id in keys_page
    assert keys_page.count("BEGIN PUBLIC KEY") == 2
    assert "PRIVATE" not in keys_page
    published = json.loads(client.get("/proof/keys.json").get_data())
    statuses = {k["key_id"]: k["status"] for k in published["keys"]}
    assert statuses == {old_key_id: "retired", new_check.key_id: "current"}
    listed = app.test_cli_runner().invoke(args=["proof", "keys"])
    assert f"Key id {old_key_id} (retired on" in listed.output
    assert f"Key id {new_check.key_id} (current)" in listed.output


def test_published_json_keys_verify_a_statement_on_their_own(
    client: FlaskClient, team: Team
) -> None:
    from intake.proof.statement import PublicKeyEntry, load_public_key_pem

    document = download_from_status(client, submit_report(client))
    published = json.loads(client.get("/proof/keys.json").get_data())
    entries = [
        PublicKeyEntry(k["key_id"], load_public_key_pem(k["public_key_pem"]))
        for k in published["keys"]
    ]
    assert verify_proof(document, entries).valid


def test_keys_pages_before_any_key_exists(app: Flask, client: FlaskClient) -> None:
    assert "has not signed any statement yet" in client.get("/proof/keys").get_data(as_text=True)
    assert json.loads(client.get("/proof/keys.json").get_data())["keys"] == []
    assert "No signing key yet" in app.test_cli_runner().invoke(args=["proof", "keys"]).output


def test_private_key_is_stored_sealed(app: Flask) -> None:
    from intake.proof.statement import private_key_bytes

    key = proof_keys.signing_key()
    row = db.session.scalars(select(ProofKey)).one()
    assert private_key_bytes(key) not in row.private_key_sealed
    assert proof_keys.signing_key().key_id == key.key_id  # reopened, not remade


def test_a_key_sealed_under_another_secret_is_retired_not_lost(app: Flask) -> None:
    old = proof_keys.signing_key()
    secrets = app.config["CANDOUR_SECRETS"]
    app.config["CANDOUR_SECRETS"] = dataclasses.replace(secrets, receipt_key=b"\x01" * 32)
    try:
        new = proof_keys.signing_key()
    finally:
        app.config["CANDOUR_SECRETS"] = secrets
    assert new.key_id != old.key_id
    published = {entry.key_id: entry.retired_on for entry in proof_keys.published_keys()}
    assert published == {old.key_id: date.today(), new.key_id: None}


def test_only_one_key_can_be_current(app: Flask) -> None:
    proof_keys.signing_key()
    twin = ProofKey(
        key_id="0" * 16,
        public_key=b"\x00" * 32,
        private_key_sealed=b"x",
        created_on=date.today(),
        current=True,
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- the public verification page ----------------------------------------------------


def post_check(client: FlaskClient, data: dict[str, object]) -> str:
    page = client.get("/proof/verify").get_data(as_text=True)
    response = client.post(
        "/proof/verify",
        data={"csrf_token": csrf_token(page), **data},
        content_type="multipart/form-data",
    )
    return shown_after_the_check(client, response)


def test_verify_page_works_without_any_key_or_report(client: FlaskClient) -> None:
    html = client.get("/proof/verify").get_data(as_text=True)
    assert "Check a proof of reporting" in html
    assert 'enctype="multipart/form-data"' in html
    assert "Exit this page" in html
    assert "<script>" not in html


def test_a_pasted_statement_verifies_despite_browser_line_endings(
    client: FlaskClient, team: Team
) -> None:
    document = download_from_status(client, submit_report(client))
    pasted = "\r\n" + document.decode().replace("\n", "\r\n")
    assert "This statement is genuine" in post_check(client, {"statement": pasted})


def test_a_statement_file_saved_again_with_windows_line_endings_verifies(
    client: FlaskClient, team: Team
) -> None:
    document = download_from_status(client, submit_report(client))
    assert "This statement is genuine" in check_on_page(client, document.replace(b"\n", b"\r\n"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"statement": ""}, "Paste the statement or choose the statement file"),
        ({"statement": "   \r\n  "}, "Paste the statement or choose the statement file"),
        ({"file": b""}, "The file you chose is empty"),
        (
            {"statement": "I definitely reported it, honest."},
            "This is not a Candour proof of reporting",
        ),
        ({"file": b"\xff\xfe\x00\x81garbage" * 10}, "must be the plain text (.txt) file"),
        ({"statement": "x" * (MAX_DOCUMENT_BYTES + 1)}, "must be smaller than 64 KB"),
        ({"file": b"y" * (MAX_DOCUMENT_BYTES + 1)}, "must be smaller than 64 KB"),
    ],
)
def test_verify_page_explains_bad_input(
    client: FlaskClient, data: dict[str, object], message: str
) -> None:
    upload = data.get("file")
    if isinstance(upload, bytes):
        # A fresh stream per run: the test client closes the one it sends.
        data = {"file": (io.BytesIO(upload), "proof.txt")}
    html = post_check(client, data)
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary' in html
    assert message in html
    assert "This statement is genuine" not in html


def test_a_file_and_a_different_pasted_statement_are_not_checked_as_one(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: with a file chosen and another statement pasted, only the file was
    checked, and the page did not say so: the pasted statement seemed to be the genuine one."""
    genuine = download_from_status(client, submit_report(client))
    edited = genuine.decode().replace('"issuer":"Candour"', '"issuer":"Candour Ltd"')
    assert edited != genuine.decode()
    html = post_check(client, {"file": (io.BytesIO(genuine), "proof.txt"), "statement": edited})
    assert "Choose the statement file or paste the statement, not both" in html
    assert "This statement is genuine" not in html
    # The same statement both ways is checked.
    pasted = genuine.decode().replace("\n", "\r\n")
    both = post_check(client, {"file": (io.BytesIO(genuine), "proof.txt"), "statement": pasted})
    assert "This statement is genuine" in both


def test_pasted_garbage_is_kept_in_the_box(client: FlaskClient) -> None:
    html = post_check(client, {"statement": "my own words &lt;here&gt;"})
    assert "my own words &amp;lt;here&amp;gt;</textarea>" in html


def test_a_statement_from_an_unknown_key_is_not_valid(client: FlaskClient, team: Team) -> None:
    from intake.proof.statement import make_proof, new_signing_key

    forged = make_proof(
        new_signing_key(), reference="abc", categories=["Racism"], received_in="2026-01"
    )
    html = post_check(client, {"file": (io.BytesIO(forged), "proof.txt")})
    assert "This statement is not valid" in html
    assert "does not recognise" in html


def page_title(html: str) -> str:
    return parse(html).find("title")[0].words


def test_the_page_title_says_whether_the_statement_is_genuine(
    client: FlaskClient, team: Team
) -> None:
    """A screen reader announces the title first: it gives the result, not the page's name."""
    assert page_title(client.get("/proof/verify").get_data(as_text=True)) == (
        "Check a proof of reporting – Candour"
    )
    document = download_from_status(client, submit_report(client))
    assert page_title(check_on_page(client, document)) == (
        "Genuine statement – Check a proof of reporting – Candour"
    )
    edited = document.replace(b"independent", b"independint", 1)
    assert page_title(check_on_page(client, edited)) == (
        "Not a valid statement – Check a proof of reporting – Candour"
    )
    refused = post_check(client, {"statement": "I definitely reported it, honest."})
    assert page_title(refused) == "Error: Check a proof of reporting – Candour"  # nothing checked


def test_a_check_is_post_redirect_get_and_its_result_is_shown_once(
    client: FlaskClient, team: Team
) -> None:
    """The result page was the reply to the POST: a reload asked "Confirm form resubmission"
    and Back onto it failed. The POST now redirects to an address that names nothing of the
    statement, the result is shown once from the sealed cookie, and nothing of it stays: a
    reload says so, and what was checked is in no cookie, address or database row."""
    document = download_from_status(client, submit_report(client))
    page = client.get("/proof/verify").get_data(as_text=True)
    sent = client.post(
        "/proof/verify",
        data={"csrf_token": csrf_token(page), "file": (io.BytesIO(document), "proof.txt")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    address = sent.headers["Location"]
    assert set(parse_qs(urlsplit(address).query)) == {"checked"}
    check = verify_proof(document, proof_keys.published_keys())
    assert check.statement and str(check.statement["reference"]) not in address
    cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    for said in (str(check.statement["reference"]), "genuine", "valid"):
        assert said not in cookie.value  # sealed, not only signed
    shown = client.get(address).get_data(as_text=True)
    assert page_title(shown) == "Genuine statement – Check a proof of reporting – Candour"
    assert str(check.statement["reference"]) in shown
    # A reload (or Back onto it) sends nothing again and shows no stale result.
    again = client.get(address).get_data(as_text=True)
    assert page_title(again) == "Check a proof of reporting – Candour"
    assert "shown once and not kept" in parse(again).find(id="not-kept")[0].words
    assert str(check.statement["reference"]) not in again


def test_a_refused_check_comes_back_by_redirect_with_its_error(client: FlaskClient) -> None:
    page = client.get("/proof/verify").get_data(as_text=True)
    sent = client.post(
        "/proof/verify",
        data={"csrf_token": csrf_token(page), "statement": "I reported it, honest."},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 303
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert page_title(shown) == "Error: Check a proof of reporting – Candour"
    assert "I reported it, honest.</textarea>" in shown
    again = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "<title>Error:" not in again and "honest" not in again


def test_downloads_have_plain_names_that_do_not_name_the_service(
    client: FlaskClient, team: Team
) -> None:
    """A shared phone's downloads list showed "candour-receipt.txt" and
    "candour-proof-of-reporting.txt" to anyone who looked: plain names tell them nothing."""
    receipt, html = send_report(client)
    [shown] = [e.text for e in parse(html).find(id="receipt")]
    kept = client.post("/receipt.txt", data={"csrf_token": csrf_token(html), "receipt": shown})
    assert kept.headers["Content-Disposition"] == 'attachment; filename="receipt.txt"'
    proof = download_from_confirmation(client, html)
    assert proof.headers["Content-Disposition"] == 'attachment; filename="proof-of-reporting.txt"'
    status = open_status(client, receipt).get_data(as_text=True)
    again = client.post("/status/proof.txt", data=proof_form_fields(status, "/status/proof.txt"))
    assert again.headers["Content-Disposition"] == 'attachment; filename="proof-of-reporting.txt"'
    for response in (kept, proof, again):
        assert "candour" not in response.headers["Content-Disposition"].lower()


def test_a_force_with_fewer_than_five_reports_is_not_promised_what_a_proof_cannot_give(
    client: FlaskClient, team: Team
) -> None:
    """In a force with one report, the page said "At least five reports fit that description, so
    the statement does not point to yours", while the proof (its key naming the force) pointed
    to that one report."""
    receipt = submit_report(client)
    text = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert "At least five reports fit" not in text
    assert "Only 1 report has been made here so far, so the statement points to yours" in text
    for _ in range(4):
        submit_report(client.application.test_client())
    text = visible_text(open_status(client, receipt).get_data(as_text=True))
    assert "At least five reports fit that description" in text and "Only " not in text
