"""A message or word of retaliation sent from a page left open after the report was withdrawn
in another tab is not added, and the status page shows what the reporter wrote, once, for them
to copy (into a new report, say). It waits for that page sealed in the reporter's session, as
every refused answer does, and nowhere in clear. Before, the page said "What you sent was not
kept" and the words were gone."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report, ReporterSession
from tests.helpers import Team, csrf_token, open_status, post_form, submit_report
from tests.journey_page import parse

MESSAGE = "One more thing: <b>PC CANARY</b> said it\nagain on Friday."
RETALIATION = "Since I reported, CANARYSHIFT nights only & no overtime."


def the_report() -> Report:
    db.session.expire_all()
    return db.session.scalars(select(Report)).one()


def token_of(client: FlaskClient, url: str) -> str:
    return csrf_token(client.get(url).get_data(as_text=True))


def nothing_in_clear(*typed: str) -> None:
    for row in db.session.scalars(select(ReporterSession)):
        for text in typed:
            assert text.encode() not in row.blob


def banner(client: FlaskClient) -> tuple[list[str], list[str]]:
    """The not-taken banner's headings and the texts it shows back."""
    html = client.get("/status").get_data(as_text=True)
    found = parse(html).find(id="not-taken")
    if not found:
        return [], []
    headings = [h.words for h in found[0].find("h3")]
    shown = [div.text for div in found[0].find("div", cls="govuk-inset-text")]
    return headings, shown


def test_what_was_typed_in_tabs_left_open_is_shown_back_once_after_withdrawing(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    reply_tab = token_of(client, "/status/reply")
    retaliation_tab = token_of(client, "/status/retaliation")
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})  # a third tab
    client.get("/status")  # the "withdrawn" banner, seen

    sent = client.post("/status/reply", data={"csrf_token": reply_tab, "body": MESSAGE})
    assert sent.status_code == 302 and sent.headers["Location"] == "/status"
    nothing_in_clear(MESSAGE, "PC CANARY")
    html = client.get("/status").get_data(as_text=True)
    [said] = parse(html).find(id="not-taken")
    assert [h.words for h in said.find("h3")] == ["Your message was not sent"]
    assert "Here is what you wrote, so that you can copy it" in said.words
    [shown] = said.find("div", cls="govuk-inset-text")
    assert shown.text == MESSAGE and "candour-message" in shown.classes
    assert "<b>PC CANARY</b>" not in html and "&lt;b&gt;PC CANARY&lt;/b&gt;" in html
    assert banner(client) == ([], [])  # once

    told = {"csrf_token": retaliation_tab, "details": RETALIATION}
    assert client.post("/status/retaliation", data=told).headers["Location"] == "/status"
    nothing_in_clear(RETALIATION, "CANARYSHIFT")
    assert banner(client) == (["What you wrote about retaliation was not sent"], [RETALIATION])
    report = the_report()
    assert report.messages == [] and not report.urgent and report.retaliation_on is None


def test_both_tabs_sent_before_the_status_page_is_opened_are_both_shown_back(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    reply_tab = token_of(client, "/status/reply")
    retaliation_tab = token_of(client, "/status/retaliation")
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    client.post("/status/reply", data={"csrf_token": reply_tab, "body": MESSAGE})
    client.post("/status/retaliation", data={"csrf_token": retaliation_tab, "details": ""})
    assert banner(client) == (
        ["Your message was not sent", "What you wrote about retaliation was not sent"],
        [MESSAGE],  # nothing typed about retaliation: nothing to show back
    )


def test_retaliation_waiting_to_release_a_held_report_withdrawn_meanwhile_is_shown_back(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client, together="together")
    open_status(client, receipt)
    asked = post_form(client, "/status/retaliation", {"details": RETALIATION})
    assert asked.headers["Location"] == "/status/retaliation/release"
    release_tab = token_of(client, "/status/retaliation/release")
    post_form(client, "/status/withdraw", {"receipt": receipt, "reason": ""})
    client.get("/status")
    pressed = client.post(
        "/status/retaliation/release", data={"csrf_token": release_tab, "receipt": receipt}
    )
    assert pressed.headers["Location"] == "/status"
    assert banner(client) == (["What you wrote about retaliation was not sent"], [RETALIATION])
    assert client.get("/status/retaliation/release").headers["Location"] == "/status"
    report = the_report()
    assert report.escrow == "waiting" and not report.urgent  # withdrawn unread, never released
