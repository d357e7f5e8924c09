"""A report the reporter asked to hold, naming someone an earlier report already names strongly
enough to match, goes to the team as it arrives: someone else has named the person, which is
what holding waits for. Its confirmation page said so ("an earlier report already names them"),
and the status page of a held report said when a later report released it: anyone could send a
report naming an officer, asking for it to be held, to learn whether (or the day) someone
reported that officer, and warn them. Candour now tells the sender of a held report the same
whether or not another report has released it, until the team acknowledges it, writes to them
or records an outcome; the team's case page says the reporter has not been told.

Before they choose, the "together" question says so, and what makes a match; the withdraw page
of a held report says who reads the reason in words true either way; the privacy notice says
what is kept of a held report and who can read it when."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models import Report
from intake.templating import day
from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    reports_in_order,
    send_report,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.test_together_wording import together_page
from triage.casework.vocabulary import ACKNOWLEDGEMENT_MESSAGE

SAYS_HELD = "Your report is held until someone else names the same person"
UNTOLD = "Candour does not tell you which, here or when you check your report."
NOT_TOLD_TEAM = "The reporter has not been told that it was released"
# No earlier report names this person: nothing matches them.
NOBODY_ELSE_NAMED = [{"name": "Insp Ada Quillfeather", "collar_number": "9901QQ", "unit": "HQ"}]
RECEIPT = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3,}\b")


def case_page(app: Flask, team: Team, report: Report) -> str:
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    response = lead.get(f"/team/cases/{report.reference}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def held_reports() -> list[Report]:
    """The reports asked to be held, oldest first."""
    return [r for r in reports_in_order() if r.go_together]


def without_receipts(text: str) -> str:
    return RECEIPT.sub("RECEIPT", text)


def status_text(client: FlaskClient) -> str:
    return visible_text(client.get("/status").get_data(as_text=True))


def test_a_held_report_and_one_released_as_it_arrived_read_the_same_to_their_senders(
    app: Flask, team: Team
) -> None:
    first, second = app.test_client(), app.test_client()
    sent_first = visible_text(
        send_report(first, together="together", people=NOBODY_ELSE_NAMED).get_data(as_text=True)
    )
    receipt_first = RECEIPT.findall(sent_first)[0]
    assert held_reports()[0].escrow == "waiting"
    assert UNTOLD in sent_first and "within 7 days" not in sent_first
    open_status(first, receipt_first)
    while_held = status_text(first)
    assert SAYS_HELD in while_held
    # The same person named by a second held report: both are released, the second as it
    # arrived. Neither sender is told.
    sent_second = visible_text(
        send_report(second, together="together", people=NOBODY_ELSE_NAMED).get_data(as_text=True)
    )
    assert [r.escrow for r in held_reports()] == ["released", "released"]
    assert without_receipts(sent_second) == without_receipts(sent_first)
    reloaded = visible_text(second.get("/report/sent").get_data(as_text=True))
    assert without_receipts(reloaded) == without_receipts(sent_first)
    open_status(second, RECEIPT.findall(sent_second)[0])
    assert status_text(second) == while_held
    assert status_text(first) == while_held
    # The team reads both, and is told neither reporter knows.
    for report in held_reports():
        assert NOT_TOLD_TEAM in visible_text(case_page(app, team, report))


def test_the_team_acknowledging_a_released_report_tells_its_sender(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    receipt = submit_report(client, together="together")
    [report] = held_reports()
    assert report.escrow == "released"
    open_status(client, receipt)
    assert SAYS_HELD in status_text(client)
    case = visible_text(case_page(app, team, report))
    assert "An earlier report already named them when it arrived" in case
    assert "Released as it arrived: an earlier report already named the same person" in case
    assert NOT_TOLD_TEAM in case
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    token = csrf_token(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    acknowledged = lead.post(
        f"/team/cases/{report.reference}/acknowledge",
        data={"csrf_token": token, "acknowledgement": ACKNOWLEDGEMENT_MESSAGE},
    )
    assert acknowledged.status_code == 302
    told = status_text(client)
    assert SAYS_HELD not in told
    assert "Another report named the same person, so your report has been released" in told
    # The month it was released, never the day, which could point to who sent the other report.
    db.session.refresh(report)
    assert report.released_on is not None
    assert f"released to the team in {report.released_on:%B %Y}." in told
    assert "released to the team on" not in told
    assert NOT_TOLD_TEAM not in visible_text(case_page(app, team, report))


def test_the_team_closing_a_released_report_unacknowledged_tells_its_sender(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    # Closed, its status page gives the day it closed: "held" beside it would say nothing true.
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    receipt = submit_report(client, together="together")
    [report] = held_reports()
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    token = csrf_token(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    closed = lead.post(
        f"/team/cases/{report.reference}/close",
        data={"csrf_token": token, "close_reason": "Sent only to find out"},
    )
    assert closed.status_code == 302 and report.stage == "closed"
    open_status(client, receipt)
    told = status_text(client)
    assert SAYS_HELD not in told
    assert "Another report named the same person, so your report has been released" in told


def test_release_asked_after_an_untold_release_reads_as_any_release(app: Flask, team: Team) -> None:
    held, released = app.test_client(), app.test_client()
    receipt_held = submit_report(held, together="together", people=NOBODY_ELSE_NAMED)
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    receipt_released = submit_report(released, together="together")
    for client, receipt in ((held, receipt_held), (released, receipt_released)):
        open_status(client, receipt)
        page = client.get("/status/release")
        assert page.status_code == 200  # offered to both alike
        done = post_form(client, "/status/release", {"receipt": receipt}, follow_redirects=True)
        text = visible_text(done.get_data(as_text=True))
        assert "Report released" in text
        assert f"you asked for it to be released on {day(date.today())}" in text
        assert "Nobody else had named" not in text and "Another report named" not in text
    kinds = {r.reference: {e.kind for e in r.events} for r in held_reports()}
    assert sorted("released_by_reporter" in k for k in kinds.values()) == [False, True]
    assert sorted("release_asked" in k for k in kinds.values()) == [False, True]


def test_withdrawing_reads_the_same_held_or_released_untold(app: Flask, team: Team) -> None:
    held, released = app.test_client(), app.test_client()
    receipt_held = submit_report(held, together="together", people=NOBODY_ELSE_NAMED)
    submit_report(app.test_client())  # acted on now, naming PC Jon Smyth, 1234AB
    receipt_released = submit_report(released, together="together")
    pages, after = [], []
    for client, receipt in ((held, receipt_held), (released, receipt_released)):
        open_status(client, receipt)
        pages.append(visible_text(client.get("/status/withdraw").get_data(as_text=True)))
        post_form(client, "/status/withdraw", {"reason": "Changed my mind", "receipt": receipt})
        after.append(status_text(client))
    assert pages[0] == pages[1]
    # Up to what each sent (they named different people: only a report naming someone named
    # before can be released by it).
    assert after[0].split("What you sent")[0] == after[1].split("What you sent")[0]
    assert "If it was still held, nobody on the team read it" in after[0]


def test_the_together_question_says_an_earlier_report_releases_it_and_what_makes_a_match(
    client: FlaskClient, team: Team
) -> None:
    said = together_page(client)
    assert (
        "If someone has already named the same person in an earlier report, your report is not "
        "held: it goes to the team as soon as you send it" in said
    )
    assert "the team will see that you asked for it to be held and that it was released" in said
    assert (
        "Candour does not tell you whether that happened, or when someone names the person" in said
    )
    # What the matcher weighs (triage.matching.linking), in plain words.
    assert "The same warrant number, or the same shoulder number with its letters" in said
    assert "a name on its own usually is not enough" in said
    assert "not from what you write about what happened" in said


def test_withdrawing_a_held_report_says_nobody_will_ever_read_the_reason(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    page = visible_text(client.get("/status/withdraw").get_data(as_text=True))
    assert "nobody on the team will ever read it, or your reason if you give one" in page
    # What the page promises: the reason shows on the reporter's own page, and nowhere else.
    post_form(client, "/status/withdraw", {"reason": "I changed my mind", "receipt": receipt})
    assert "I changed my mind" in visible_text(client.get("/status").get_data(as_text=True))
    assert held_reports()[0].escrow == "waiting" and held_reports()[0].withdrawn_on is not None
    open_status(client, submit_report(client))  # acted on now: the team does see the reason
    assert "your reason if you give one" in visible_text(
        client.get("/status/withdraw").get_data(as_text=True)
    )
    assert "nobody on the team will ever read it" not in visible_text(
        client.get("/status/withdraw").get_data(as_text=True)
    )


def test_the_privacy_notice_says_what_is_kept_of_a_held_report_and_who_reads_it(
    client: FlaskClient,
) -> None:
    notice = visible_text(client.get("/privacy").get_data(as_text=True))
    assert "If you ask for your report to be held" in notice
    assert "nobody on the team can open it" in notice and "read only with your receipt" in notice
    assert "straight away, if an earlier report already has" in notice
    assert "If you withdraw it while it is held, it is never released" in notice
    assert "does not say when another report releases it" in notice
