"""A proof of reporting says a report "was made to the independent misconduct team". A go-together
report still held, or withdrawn while held, never reached the team: it was offered a proof that
said so anyway, and the check page called it genuine. Now such a report is offered no proof, is
told why and (while held) how to get one, and a download posted anyway is refused."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update

from intake.db import db
from intake.followups import match_untold, match_untold_clause
from intake.models import Report
from intake.proof import keys as proof_keys
from intake.proof.anonymity import disclosure_for
from intake.proof.statement import verify_proof
from intake.submission import add_message, record_event, submit
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    csrf_token,
    open_status,
    post_form,
    reports_in_order,
    send_report,
    submit_report,
)
from tests.journey_page import parse


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def receipt_on(html: str) -> str:
    match = re.search(r'<p class="candour-receipt" id="receipt">([A-Z0-9-]+)</p>', html)
    assert match, html
    return match.group(1)


def offers_proof(html: str) -> bool:
    return "/proof.txt" in html or "Download proof of reporting" in html


def withheld_words(html: str) -> str:
    found = parse(html).find(id="proof-withheld")
    assert found, "the page does not say why there is no proof"
    return found[0].words


def test_a_held_report_is_offered_no_proof_and_told_how_to_get_one(
    client: FlaskClient, team: Team
) -> None:
    confirmation = send_report(client, together="together").get_data(as_text=True)
    assert the_report().escrow == "waiting"
    assert not offers_proof(confirmation)
    assert "which a held report has not reached" in withheld_words(confirmation)
    receipt = receipt_on(confirmation)
    # A download posted anyway (a page from before, or forged) gives no statement.
    forged = client.post(
        "/report/proof.txt", data={"csrf_token": csrf_token(confirmation), "receipt": receipt}
    )
    assert forged.status_code == 303 and not forged.headers["Content-Type"].startswith("text/plain")

    status = open_status(client, receipt).get_data(as_text=True)
    assert not offers_proof(status)
    said = parse(status).find(id="proof-withheld")[0]
    assert "release your report" in said.words
    assert "/status/release" in {a.attrs.get("href") for a in said.find("a")}
    forged = client.post("/status/proof.txt", data={"csrf_token": csrf_token(status)})
    assert forged.status_code == 303 and forged.headers["Location"].endswith("/status")


@pytest.mark.parametrize("destroy_now", ["", "y"])
def test_a_report_withdrawn_while_held_is_offered_no_proof(
    client: FlaskClient, team: Team, destroy_now: str
) -> None:
    receipt = receipt_on(send_report(client, together="together").get_data(as_text=True))
    open_status(client, receipt)
    post_form(
        client, "/status/withdraw", {"receipt": receipt, "reason": "", "destroy_now": destroy_now}
    )
    assert the_report().withdrawn_on == date.today()
    status = client.get("/status").get_data(as_text=True)
    assert not offers_proof(status)
    words = withheld_words(status)
    assert "withdrew it while it showed as held" in words and "never reached" in words
    forged = client.post("/status/proof.txt", data={"csrf_token": csrf_token(status)})
    assert forged.status_code == 303


def test_once_released_a_held_report_gets_a_proof_that_verifies(
    client: FlaskClient, team: Team
) -> None:
    receipt = receipt_on(send_report(client, together="together").get_data(as_text=True))
    page = open_status(client, receipt).get_data(as_text=True)
    assert not offers_proof(page)
    release = client.get("/status/release").get_data(as_text=True)
    post_form(client, "/status/release", {"csrf_token": csrf_token(release), "receipt": receipt})
    assert the_report().escrow == "released"

    status = client.get("/status").get_data(as_text=True)
    assert not parse(status).find(id="proof-withheld")
    form = re.search(r'action="/status/proof.txt".*?</form>', status, re.S)
    assert form is not None
    document = client.post("/status/proof.txt", data={"csrf_token": csrf_token(form.group(0))})
    assert document.status_code == 200
    assert verify_proof(document.get_data(), proof_keys.published_keys()).valid


def test_held_reports_do_not_count_towards_what_a_proof_may_say(app: Flask, team: Team) -> None:
    # A proof now means its report reached the team: someone holding one and a copy of the
    # database can leave out every report still held, so they must not make up the five.
    # Marked held once all have arrived: a later report naming the same person releases them.
    *held, mine = [submit(DEFAULT_REPORT)[0] for _ in range(5)]
    assert disclosure_for(mine).period  # five reports fit: the month and kind may be said
    db.session.execute(
        update(Report).where(Report.id.in_([r.id for r in held])).values(escrow="waiting")
    )
    db.session.commit()
    said = disclosure_for(mine)
    assert said.period == "" and said.categories == ()


def test_a_report_released_untold_is_offered_no_proof_as_one_held(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    # Offered a proof when another report had released it, and none while held, a held report's
    # sender would learn whether someone else had named that officer (intake.followups).
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    receipt = submit_report(client, together="together")
    released = reports_in_order()[-1]
    assert released.escrow == "released" and released.acknowledged_on is None
    status = open_status(client, receipt).get_data(as_text=True)
    assert not offers_proof(status)
    assert "which a held report has not reached" in withheld_words(status)


def test_reports_released_untold_do_not_count_towards_what_a_proof_may_say(
    app: Flask, team: Team
) -> None:
    # Offered no proof (above), a report released by a match its sender was not told of can be
    # left out by someone holding a proof and a copy of the database, as a held one can.
    *others, mine = [submit(DEFAULT_REPORT)[0] for _ in range(5)]
    assert disclosure_for(mine).period
    untold = others[0]
    db.session.execute(
        update(Report).where(Report.id == untold.id).values(go_together=True, escrow="released")
    )
    db.session.commit()
    assert match_untold(db.session.get(Report, untold.id))
    said = disclosure_for(mine)
    assert said.period == "" and said.categories == ()
    # Once the team acknowledges it, its sender knows: it counts again.
    db.session.execute(
        update(Report).where(Report.id == untold.id).values(acknowledged_on=date.today())
    )
    db.session.commit()
    assert disclosure_for(mine).period


@pytest.mark.parametrize("told_by", ["", "acknowledged", "outcome", "message", "shared", "closed"])
def test_the_database_s_count_of_untold_reports_agrees_with_the_status_page(
    app: Flask, team: Team, told_by: str
) -> None:
    report = submit(DEFAULT_REPORT)[0]
    report.go_together, report.escrow = True, "released"
    if told_by == "acknowledged":
        report.acknowledged_on = date.today()
    elif told_by == "outcome":
        report.outcome_on = date.today()
    elif told_by == "message":
        add_message(report, "A question from the team", from_reporter=False)
    elif told_by:
        record_event(report, told_by)
    add_message(report, "A reply from the reporter", from_reporter=True)
    db.session.commit()
    counted = db.session.scalar(
        select(func.count()).select_from(Report).where(match_untold_clause())
    )
    assert match_untold(report) is (told_by == "")
    assert counted == (1 if told_by == "" else 0)
