"""The case page: who may open it, what it shows, and every action a caseworker or lead takes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake import followups
from intake.db import db
from intake.models import Report
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    open_status,
    refused,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.page_text import words
from triage.audit_wording import readable_detail
from triage.casework.queries import assignable_members
from triage.casework.vocabulary import ACKNOWLEDGEMENT_MESSAGE
from triage.models import AuditEntry, Member, Note, Recusal
from triage.models.case import Protection
from triage.oversight import counting
from triage.oversight.measures import Period
from triage.team import invitations
from triage.views.case_attachment import content_disposition

ACTIONS = (
    "acknowledge",
    "assign",
    "assign-to-me",
    "stage",
    "assessment",
    "outcome",
    "close",
    "reopen",
    "notes",
    "messages",
    "conflict",
    "protection",
    "protection/1/end",
)


# The outcome most tests record, told to the reporter as every outcome must be.
NO_FURTHER_ACTION = {
    "outcome": "no_further_action",
    "outcome_message": "We looked into your report and decided this.",
}
ACK = {"acknowledgement": ACKNOWLEDGEMENT_MESSAGE}


def the_report() -> Report:
    return db.session.scalars(select(Report)).one()


def staff(app: Flask, member: Member, team: Team) -> FlaskClient:
    """A fresh browser signed in as ``member``."""
    client = app.test_client()
    sign_in_directly(client, member, team.keys)
    return client


def case_url(report: Report, action: str = "") -> str:
    return f"/team/cases/{report.reference}" + (f"/{action}" if action else "")


def act(
    client: FlaskClient, report: Report, action: str, data: dict[str, object] | None = None
) -> TestResponse:
    """Open the case page for a CSRF token and post one of its forms."""
    page = client.get(case_url(report))
    assert page.status_code == 200, page.status_code
    token = csrf_token(page.get_data(as_text=True))
    return client.post(case_url(report, action), data={"csrf_token": token, **(data or {})})


def refused_act(
    client: FlaskClient, report: Report, action: str, data: dict[str, object] | None = None
) -> str:
    """Post one of the case's forms and have it refused: the page it is shown again on (the
    case page, or the close page that is its own), as the browser follows the redirect."""
    response = act(client, report, action, data)
    return refused(client, response, None if action == "close" else case_url(report))


def page_text(client: FlaskClient, report: Report) -> str:
    response = client.get(case_url(report))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


@pytest.fixture
def reported(client: FlaskClient, team: Team) -> tuple[str, Report]:
    receipt = submit_report(client, files=[("café notes.txt", b"Rota for the night shift\n")])
    return receipt, the_report()


# --- who may open a case ---------------------------------------------------------------------


def test_oversight_is_refused_the_case_page_attachment_and_every_action(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    oversight = staff(app, add_member("oversight", team), team)
    uid = report.attachments[0].uid
    assert oversight.get(case_url(report)).status_code == 403
    assert oversight.get(case_url(report, f"attachments/{uid}")).status_code == 403
    for action in ACTIONS:
        assert oversight.post(case_url(report, action)).status_code == 403, action
    assert "decrypted" not in audit_actions()


def test_a_caseworker_cannot_assign_reopen_or_end_protection(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = add_member("caseworker", team)
    client = staff(app, caseworker, team)
    assert act(client, report, "assign", {"assignee": str(caseworker.id)}).status_code == 403
    assert act(client, report, "reopen", {"reopen_reason": "New evidence"}).status_code == 403
    assert act(client, report, "protection/1/end").status_code == 403
    assert report.assignee_id is None


def test_declaring_a_conflict_recuses_at_once_and_sends_the_case_back_to_the_leads(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = add_member("caseworker", team)
    lead = staff(app, team.lead, team)
    assert act(lead, report, "assign", {"assignee": str(caseworker.id)}).status_code == 302
    client = staff(app, caseworker, team)
    assert report.reference in client.get("/team/").get_data(as_text=True)
    own_token = csrf_token(page_text(client, report))  # taken while they could still open it

    refused = refused_act(client, report, "conflict", {})
    assert "Confirm that you have a conflict of interest" in refused
    declared = act(client, report, "conflict", {"confirm_conflict": "y"})
    assert declared.status_code == 302

    assert db.session.get(Recusal, (caseworker.id, report.id)) is not None
    assert report.assignee_id is None and report.needs_reassignment
    decrypted = audit_actions().count("decrypted")
    refusal = client.get(case_url(report))
    assert refusal.status_code == 403
    why = "You declared a conflict of interest in this case, so you can no longer open it"
    assert why in words(refusal.get_data(as_text=True))  # not only "no permission"
    uid = report.attachments[0].uid
    assert client.get(case_url(report, f"attachments/{uid}")).status_code == 403
    posted = client.post(
        case_url(report, "messages"), data={"csrf_token": own_token, "message_body": "Hello"}
    )
    assert posted.status_code == 403
    unsaved = "Nothing sent from a page of it left open was saved"
    assert unsaved in words(posted.get_data(as_text=True))
    assert audit_actions().count("decrypted") == decrypted  # nothing more was opened
    assert len(report.messages) == 0
    assert report.reference not in client.get("/team/").get_data(as_text=True)

    assert "Needs reassignment" in lead.get("/team/").get_data(as_text=True)
    assert report.events[-1].kind == "conflict"
    assert caseworker.id not in [m.id for m in assignable_members(report)]
    refused_assignment = refused_act(lead, report, "assign", {"assignee": str(caseworker.id)})
    assert "Not a valid choice" in refused_assignment
    assert report.assignee_id is None


def test_a_go_together_report_waiting_for_a_match_cannot_be_opened(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    submit_report(client, together="together")
    report = the_report()
    assert report.escrow == "waiting"
    assert staff(app, team.lead, team).get(case_url(report)).status_code == 404


# --- reading the case ------------------------------------------------------------------------


def test_the_case_page_shows_the_report_and_audits_the_decryption(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    html = page_text(staff(app, team.lead, team), report)
    assert "He made comments about my appearance and touched me." in html
    assert "PC Jon Smyth" in html and "1234AB" in html
    assert "Sexual misconduct" in html
    assert "March 2025" in html and "3/2025" not in html  # a date as people write one
    # The team's copy is named for its kind: a file's own name can say who made it.
    assert "Download text-1.txt" in html and "café" not in html
    assert "about 400 days to finalise" in html
    assert "Due by" in html  # the acknowledgement clock
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "decrypted")).one()
    assert entry.case_reference == report.reference and entry.member_id == team.lead.id


def test_attachment_download_headers(app: Flask, team: Team, reported: tuple[str, Report]) -> None:
    _, report = reported
    client = staff(app, team.lead, team)
    response = client.get(case_url(report, f"attachments/{report.attachments[0].uid}"))
    assert response.status_code == 200
    assert response.data == b"Rota for the night shift\n"
    assert response.mimetype == "text/plain"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"text-1.txt\"; filename*=UTF-8''text-1.txt"
    )
    assert audit_actions()[-1] == "downloaded"
    assert client.get(case_url(report, "attachments/" + "0" * 32)).status_code == 404


def test_content_disposition_gives_a_plain_name_and_the_exact_one() -> None:
    assert content_disposition("café notes.txt") == (
        "attachment; filename=\"cafe notes.txt\"; filename*=UTF-8''caf%C3%A9%20notes.txt"
    )


def test_content_disposition_cannot_be_broken_by_a_crafted_name() -> None:
    header = content_disposition('../evil"\r\nX-Bad: 1;.txt')
    assert "\r" not in header and "\n" not in header and "/" not in header.split("''")[0]
    assert header.startswith('attachment; filename="')
    assert header.count('"') == 2


# --- the thread with the reporter ------------------------------------------------------------


def test_reporter_reply_and_team_message_are_seen_on_both_sides(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    status = open_status(client, receipt).get_data(as_text=True)
    client.post(
        "/status/reply",
        data={"csrf_token": csrf_token(status), "body": "I can give you the dates."},
    )
    lead = staff(app, team.lead, team)
    assert "I can give you the dates." in page_text(lead, report)

    assert (
        act(lead, report, "messages", {"message_body": "Which dates do you mean?"}).status_code
        == 302
    )
    html = page_text(lead, report)
    assert html.index("I can give you the dates.") < html.index("Which dates do you mean?")
    assert "Which dates do you mean?" in client.get("/status").get_data(as_text=True)
    assert report.feedback_on is None  # not yet acknowledged, so not feedback
    assert audit_actions().count("message_sent") == 1


def test_acknowledging_sets_the_date_and_sends_the_standard_message(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    assert 'name="acknowledgement"' in page_text(lead, report)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    assert report.acknowledged_on == date.today() and report.stage == "acknowledged"
    status = open_status(client, receipt).get_data(as_text=True)
    assert ACKNOWLEDGEMENT_MESSAGE in status
    assert "Acknowledged" in status
    again = refused_act(lead, report, "acknowledge", ACK)
    assert "already been acknowledged" in again
    assert len(report.messages) == 1


def test_a_question_to_the_reporter_does_not_stop_the_feedback_clock(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    asked = act(lead, report, "messages", {"message_body": "Which shift was this on?"})
    assert asked.status_code == 302
    assert report.feedback_on is None
    assert report.events[-1].detail == "The team sent the reporter a message"

    update = {"message_body": "We have started looking into this.", "progress_update": "y"}
    assert act(lead, report, "messages", update).status_code == 302
    assert report.feedback_on == date.today()
    assert report.events[-1].detail == "The team sent the reporter an update on progress"
    assert "Done on" in page_text(lead, report)


def test_a_word_or_two_is_not_an_update_on_progress(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Ticked as an update on progress, "." or "ok" stopped the feedback clock for good (only
    the first feedback counts) while telling the reporter nothing of what was being done."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    assert "It needs at least 4 different words." in page_text(lead, report)  # the hint
    # "ok ok ok ok" met a count of words while saying nothing: the words must differ.
    for trivial in (".", "ok", "Update: in hand", "ok ok ok ok", "OK. Ok, ok... ok!"):
        html = refused_act(
            lead, report, "messages", {"message_body": trivial, "progress_update": "y"}
        )
        assert "needs at least 4 different words" in html
        # Said at the box itself, and the summary leads to it.
        assert 'id="message_body-error"' in html and 'href="#message_body"' in html
        assert report.feedback_on is None and len(report.messages) == 1  # the acknowledgement
    # Short, it can still go as a plain message, which stops no clock.
    assert act(lead, report, "messages", {"message_body": "ok"}).status_code == 302
    assert report.feedback_on is None
    update = {"message_body": "We have spoken to your line manager.", "progress_update": "y"}
    assert act(lead, report, "messages", update).status_code == 302
    assert report.feedback_on == date.today()


def test_an_update_on_progress_needs_the_report_acknowledged_first(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    update = {"message_body": "We are looking into this.", "progress_update": "y"}
    html = refused_act(lead, report, "messages", update)
    assert "Acknowledge the report before sending an update on progress" in html
    assert "We are looking into this." in html  # nothing typed is lost
    assert report.feedback_on is None and not report.messages


def test_an_update_sent_after_closing_cannot_turn_a_missed_clock_into_a_met_one(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    assert act(lead, report, "close", {"close_reason": "Reporter moved on"}).status_code == 302
    assert "Not met: the case was closed" in page_text(lead, report)
    assert 'name="progress_update"' not in page_text(lead, report)  # not offered when closed

    update = {"message_body": "We are looking into it.", "progress_update": "y"}  # a stale page
    html = refused_act(lead, report, "messages", update)
    assert "This case is closed, so a message cannot count as an update on progress" in html
    assert report.feedback_on is None and len(report.messages) == 1  # the acknowledgement only
    # A plain message to the reporter is still fine, and stops no clock.
    assert act(lead, report, "messages", {"message_body": "Thank you"}).status_code == 302
    assert report.feedback_on is None
    assert "Not met: the case was closed" in page_text(lead, report)


def test_an_outcome_communicated_counts_as_feedback(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "No evidence"},
    )
    assert report.outcome == "no_further_action" and report.feedback_on == date.today()


def test_an_outcome_changed_says_what_it_replaced(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """A quick "no further action" (which also counts as feedback) replaced months later read
    in the timeline and the audit log as two outcomes recorded: the change must say so."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    before = visible_text(page_text(lead, report))
    assert "Record an outcome" in before and "Change the outcome" not in before
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "None yet"},
    )
    assert report.events[-1].detail == "Outcome recorded: No further action"
    # With an outcome in place, the form changes it, and says so; the confirmation says what
    # the timeline says.
    page = visible_text(page_text(lead, report))
    assert "Outcome recorded. The reporter was sent your message" in page
    assert "Change the outcome" in page and "Change outcome" in page
    assert "Record an outcome" not in page
    act(
        lead,
        report,
        "outcome",
        {
            "outcome": "rprp",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted in the end",
        },
    )
    assert report.outcome == "rprp"
    assert report.events[-1].detail == (
        "Outcome changed from No further action to Reflective practice review process (RPRP)"
    )
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "outcome_recorded"
    assert readable_detail(entry, {}) == (
        "Reflective practice review process (RPRP), replacing no further action"
    )
    assert (
        visible_text(page_text(lead, report)).count(
            "Outcome changed from No further action to Reflective practice review process (RPRP). "
            "The reporter was sent your message and can see the outcome."
        )
        == 1
    )  # in the confirmation; the timeline's line ends there


def test_the_acknowledgement_is_prefilled_and_can_be_changed_before_sending(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    form = re.search(
        r'<textarea[^>]*name="acknowledgement"[^>]*>(.*?)</textarea>', page_text(lead, report), re.S
    )
    assert form and ACKNOWLEDGEMENT_MESSAGE in form.group(1)  # the standard words, to edit
    empty = refused_act(lead, report, "acknowledge", {"acknowledgement": " "})
    assert "Write the acknowledgement" in empty and report.acknowledged_on is None
    # Found in testing: "." met the 7-day clock and sent the reporter a lone full stop.
    for meaningless in (".", "ok", "ok ok ok ok", "Thanks, received."):
        shown = refused_act(lead, report, "acknowledge", {"acknowledgement": meaningless})
        assert "so it needs at least 4 different words" in shown, meaningless
        assert report.acknowledged_on is None and report.messages == []
    own = "Thank you. We have read your report and will reply within the week."
    assert act(lead, report, "acknowledge", {"acknowledgement": own}).status_code == 302
    assert report.acknowledged_on == date.today()
    status = words(open_status(client, receipt).get_data(as_text=True))
    assert own in status and ACKNOWLEDGEMENT_MESSAGE not in status
    assert report.events[-1].detail == "Report acknowledged; the reporter was sent the message"


def test_messages_from_the_team_and_from_the_reporter_are_told_apart(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    status = open_status(client, receipt).get_data(as_text=True)
    client.post("/status/reply", data={"csrf_token": csrf_token(status), "body": "More detail."})
    lead = staff(app, team.lead, team)
    act(lead, report, "messages", {"message_body": "Thank you for the detail."})
    html = page_text(lead, report)
    items = re.findall(r'<div class="candour-thread__message candour-thread__message--(\w+)"', html)
    assert items == ["reporter", "team"]
    # Said in words, not by colour or position alone.
    thread = words(html).split("Messages with the reporter")[1]
    assert thread.index("From the reporter") < thread.index("More detail.")
    assert thread.index("From the team: Lee Lead") < thread.index("Thank you for the detail.")


def test_a_caseworker_assigns_an_unassigned_case_to_themselves(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = add_member("caseworker", team)
    client = staff(app, caseworker, team)
    assert "Assign to me" in page_text(client, report)
    assert act(client, report, "assign-to-me").status_code == 302
    assert report.assignee_id == caseworker.id
    assert report.events[-1].detail == "A caseworker assigned the case to themselves"
    assert audit_actions()[-1] == "assigned"
    assert "Assign to me" not in page_text(client, report)

    other = staff(app, add_member("caseworker", team, "other@candour.test"), team)
    taken = refused_act(other, report, "assign-to-me")
    assert "This case is already assigned" in taken and report.assignee_id == caseworker.id
    lead = staff(app, team.lead, team)  # leads still reassign
    assert act(lead, report, "assign", {"assignee": str(team.lead.id)}).status_code == 302
    assert report.assignee_id == team.lead.id


def test_assigning_a_case_to_yourself_twice_is_not_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = add_member("caseworker", team)
    client = staff(app, caseworker, team)
    stale = client.get(case_url(report)).get_data(as_text=True)  # a second tab, or a double click
    assert act(client, report, "assign-to-me").status_code == 302
    again = client.post(case_url(report, "assign-to-me"), data={"csrf_token": csrf_token(stale)})
    assert again.status_code == 302
    html = client.get(again.location).get_data(as_text=True)
    assert "The case is assigned to you." in html and "already assigned" not in html
    assert report.assignee_id == caseworker.id
    assert audit_actions().count("assigned") == 1  # done once, recorded once


def post_from(
    client: FlaskClient, page: str, report: Report, action: str, data: dict[str, str]
) -> TestResponse:
    """Post one of the case page's forms as ``page`` (an earlier copy of it) would: its token
    and its hidden "as the page saw it" fields."""
    hidden = dict(re.findall(r'name="(\w+_seen)" type="hidden" value="([^"]*)"', page))
    token = csrf_token(page)
    return client.post(case_url(report, action), data={"csrf_token": token, **hidden, **data})


def test_assigning_from_a_page_someone_else_overtook_is_refused_not_overwritten(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    asha = add_member("caseworker", team, "asha@candour.test")
    ben = add_member("caseworker", team, "ben@candour.test")
    first_tab, second_tab = staff(app, team.lead, team), staff(app, team.lead, team)
    stale = page_text(first_tab, report)
    assert 'name="assignee_seen" type="hidden" value=""' in stale
    assert act(second_tab, report, "assign", {"assignee": str(asha.id)}).status_code == 302

    posted = post_from(first_tab, stale, report, "assign", {"assignee": str(ben.id)})
    html = refused(first_tab, posted, case_url(report))
    assert report.assignee_id == asha.id
    assert (
        f"This case was assigned to {asha.name} while you were looking (in another tab, or by "
        "someone else). Check and try again"
    ) in words(html)
    assert "There is a problem" in html and audit_actions().count("assigned") == 1
    # The page shown with the refusal is the case as it is now, and acting on it works.
    assert (
        post_from(first_tab, html, report, "assign", {"assignee": str(ben.id)}).status_code == 302
    )
    assert report.assignee_id == ben.id and audit_actions().count("assigned") == 2


def test_a_stage_or_outcome_from_a_page_someone_else_overtook_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    first_tab, second_tab = staff(app, team.lead, team), staff(app, team.lead, team)
    act(first_tab, report, "acknowledge", ACK)
    stale = page_text(first_tab, report)
    done = {**NO_FURTHER_ACTION, "outcome_reason": "No evidence"}
    assert act(second_tab, report, "outcome", done).status_code == 302

    moving = post_from(first_tab, stale, report, "stage", {"stage": "assessing"})
    moved = refused(first_tab, moving, case_url(report))
    assert "This case was moved to" in words(moved)
    assert report.stage == "outcome"
    other = {
        "outcome": "vetting_referral",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Vetting should look at this",
    }
    replaced = refused(
        first_tab, post_from(first_tab, stale, report, "outcome", other), case_url(report)
    )
    assert "was recorded while you were looking (in another tab, or by someone else)" in words(
        replaced
    )
    assert report.outcome == "no_further_action"
    assert "Vetting should look at this" in replaced  # nothing typed is lost
    assert post_from(first_tab, replaced, report, "outcome", other).status_code == 302
    assert report.outcome == "vetting_referral"


def test_moving_a_case_to_a_stage_twice_is_not_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    client = staff(app, team.lead, team)
    act(client, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    stale = page_text(client, report)  # a second tab, or "Move the case" pressed twice
    moved = post_from(client, stale, report, "stage", {"stage": "assessing"})
    assert "Stage changed." in client.get(moved.location).get_data(as_text=True)
    again = post_from(client, stale, report, "stage", {"stage": "assessing"})
    assert again.status_code == 302 and "refused" not in again.location
    html = client.get(again.location).get_data(as_text=True)
    # Not "Stage changed." (nothing changed), and not refused as a stale page would be.
    assert "The case was already at “Being assessed”, so nothing changed." in words(html)
    assert "Stage changed." not in html and "by someone else" not in words(html)
    assert report.stage == "assessing"
    assert audit_actions().count("stage_changed") == 1  # done once, recorded once


def test_the_stage_form_offers_only_a_move(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    client = staff(app, team.lead, team)
    act(client, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    offered = re.findall(r'name="stage"[^>]*value="(\w+)"', page_text(client, report))
    assert report.stage == "acknowledged" and offered == ["assessing"]


def refused_as_overtaken(
    app: Flask,
    team: Team,
    report: Report,
    action: str,
    theirs: dict[str, str],
    mine: dict[str, str],
    said: str,
) -> Callable[[], int]:
    """``theirs`` saved from another tab, then ``mine`` posted from a page opened before it:
    refused, saying ``said``. Returns how to post ``mine`` again from the page shown with the
    refusal (the case as it is now, so saving from it is deliberate), giving its status."""
    first_tab, second_tab = staff(app, team.lead, team), staff(app, team.lead, team)
    stale = page_text(first_tab, report)
    assert act(second_tab, report, action, theirs).status_code == 302
    html = refused(first_tab, post_from(first_tab, stale, report, action, mine), case_url(report))
    assert said in words(html)
    return lambda: post_from(first_tab, html, report, action, mine).status_code


def test_an_assessment_from_a_page_someone_else_overtook_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    gross = {
        "subject_type": "officer",
        "severity": "gross_misconduct",
        "case_decision": "case_gross_misconduct",
    }
    # The whole form is saved at once: the stale page would have undone the decision above.
    mild = {"subject_type": "officer", "severity": "neither", "case_decision": "no_case"}
    said = "The assessment was changed while you were looking"
    again = refused_as_overtaken(app, team, report, "assessment", gross, mild, said)
    assert report.case_decision == "case_gross_misconduct"
    assert again() == 302 and report.case_decision == "no_case"


def test_a_risk_record_from_a_page_someone_else_overtook_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    high = {"level": "high", "protection_note": "Same team", "measures": "Move to days"}
    low = {"level": "low", "protection_note": "Moved away", "measures": "None needed"}
    said = "The retaliation risk record was changed while you were looking"
    again = refused_as_overtaken(app, team, report, "protection", high, low, said)

    def levels() -> list[str]:
        db.session.expire_all()
        return [p.level for p in db.session.scalars(select(Protection).order_by(Protection.id))]

    assert levels() == ["high"]
    assert again() == 302 and levels() == ["high", "low"]


def test_an_empty_message_gets_an_error_and_keeps_the_rest_of_the_page(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    html = refused_act(staff(app, team.lead, team), report, "messages", {"message_body": "  "})
    assert "There is a problem" in html and "Write the message" in html
    assert "<title>Error:" in html


# --- outcome, close, reopen ------------------------------------------------------------------


def test_no_case_to_answer_takes_only_an_outcome_without_proceedings(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "assessment",
        {"subject_type": "staff", "severity": "neither", "case_decision": "no_case"},
    )
    assert report.case_decision == "no_case"
    dismissal = {
        "outcome": "staff_summary_dismissal",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Dismissed.",
    }
    refused = refused_act(lead, report, "outcome", dismissal)
    assert "The assessment says no case to answer" in refused and report.outcome is None
    allowed = {**NO_FURTHER_ACTION, "outcome_reason": "Nothing to answer."}
    assert act(lead, report, "outcome", allowed).status_code == 302
    assert report.outcome == "no_further_action"


def test_an_assessment_that_a_recorded_outcome_cannot_follow_from_is_refused(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    misconduct = {"subject_type": "officer", "severity": "misconduct"}
    act(lead, report, "assessment", {**misconduct, "case_decision": "case_misconduct"})
    warning = {
        "outcome": "meeting_written_warning",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven at the meeting.",
    }
    assert act(lead, report, "outcome", warning).status_code == 302
    for changed in (
        {**misconduct, "case_decision": "no_case"},
        {**misconduct, "case_decision": "case_gross_misconduct"},  # a hearing's, not a meeting's
        {"subject_type": "staff", "severity": "misconduct", "case_decision": "case_misconduct"},
    ):
        refused = words(refused_act(lead, report, "assessment", changed))
        assert "The outcome recorded (Misconduct meeting: written warning) cannot follow" in refused
        assert (report.subject_type, report.case_decision) == ("officer", "case_misconduct")
    # The way out the message gives: an outcome every assessment can lead to, then the change.
    nothing = {**NO_FURTHER_ACTION, "outcome_reason": "Recorded wrongly."}
    assert act(lead, report, "outcome", nothing).status_code == 302
    no_case = {**misconduct, "case_decision": "no_case"}
    assert act(lead, report, "assessment", no_case).status_code == 302
    assert report.case_decision == "no_case"


def outcome_options(client: FlaskClient, report: Report) -> list[str]:
    """The outcome codes the case page offers."""
    html = page_text(client, report)
    select_html = html[html.index('name="outcome"') :]
    select_html = select_html[: select_html.index("</select>")]
    return [code for code in re.findall(r'value="([^"]*)"', select_html) if code]


@pytest.mark.parametrize(
    ("subject_type", "decision", "refused", "allowed", "said"),
    [
        (
            "officer",
            "case_misconduct",
            "hearing_dismissal",
            "meeting_written_warning",
            "case to answer for misconduct, which goes to a misconduct meeting",
        ),
        (
            "officer",
            "case_gross_misconduct",
            "meeting_written_warning",
            "hearing_written_warning",
            "case to answer for gross misconduct, which goes to a misconduct hearing",
        ),
        (
            "staff",
            "case_misconduct",
            "staff_summary_dismissal",
            "staff_dismissal_with_notice",
            "short of summary dismissal",
        ),
    ],
)
def test_a_case_to_answer_takes_only_the_outcomes_its_forum_can_reach(
    app: Flask,
    team: Team,
    reported: tuple[str, Report],
    subject_type: str,
    decision: str,
    refused: str,
    allowed: str,
    said: str,
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "assessment",
        {"subject_type": subject_type, "severity": "misconduct", "case_decision": decision},
    )
    assert report.case_decision == decision
    offered = outcome_options(lead, report)
    assert refused not in offered and allowed in offered and "rprp" in offered
    text = refused_act(
        lead,
        report,
        "outcome",
        {
            "outcome": refused,
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Proven.",
        },
    )
    assert said in text and "change the case decision first if it was wrong" in text
    assert "There is a problem" in text and report.outcome is None
    assert "Proven." in text  # nothing typed is lost
    fits = {
        "outcome": allowed,
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven.",
    }
    assert act(lead, report, "outcome", fits).status_code == 302
    assert report.outcome == allowed
    assert audit_actions()[-1] == "outcome_recorded"


def misconduct_with(warning: str, subject_type: str = "officer") -> dict[str, str]:
    """An assessment of a case to answer for misconduct, with ``warning`` in force."""
    return {
        "subject_type": subject_type,
        "severity": "misconduct",
        "case_decision": "case_misconduct",
        "warning_in_force": warning,
    }


def test_a_final_written_warning_in_force_sends_misconduct_to_a_hearing(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    live = misconduct_with("final_written_warning")
    assert act(lead, report, "assessment", live).status_code == 302
    assert report.warning_in_force == "final_written_warning"
    assert "the case goes to a misconduct hearing" in words(page_text(lead, report))
    offered = outcome_options(lead, report)
    assert {"hearing_reduction_in_rank", "hearing_dismissal", "hearing_not_proven"} <= set(offered)
    assert not {c for c in offered if c.startswith("meeting_") or c.endswith("written_warning")}
    again = {
        "outcome": "hearing_final_written_warning",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven.",
    }
    refused = words(refused_act(lead, report, "outcome", again))
    assert "neither a written warning nor another final written warning" in refused
    assert report.outcome is None
    dismissed = {
        "outcome": "hearing_dismissal",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven, third time.",
    }
    assert act(lead, report, "outcome", dismissed).status_code == 302
    assert report.outcome == "hearing_dismissal"
    # Taking the warning away now would leave a dismissal for misconduct a meeting cannot give.
    without = misconduct_with("")
    refused = words(refused_act(lead, report, "assessment", without))
    assert "cannot follow from that assessment" in refused
    assert report.warning_in_force == "final_written_warning"


def test_without_a_warning_in_force_misconduct_stays_at_a_meeting(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(lead, report, "assessment", misconduct_with("written_warning"))
    offered = outcome_options(lead, report)
    assert "meeting_final_written_warning" in offered and "meeting_written_warning" not in offered
    assert "hearing_dismissal" not in offered
    again = {
        "outcome": "meeting_written_warning",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven.",
    }
    refused = words(refused_act(lead, report, "outcome", again))
    assert "another written warning cannot be given" in refused and report.outcome is None
    dismissed = {
        "outcome": "hearing_dismissal",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "Proven.",
    }
    refused = words(refused_act(lead, report, "outcome", dismissed))
    assert "a hearing only with a final written warning in force" in refused
    assert report.outcome is None


def test_a_warning_in_force_is_recorded_for_officers_only(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    staff_member = misconduct_with("final_written_warning", subject_type="staff")
    refused = words(refused_act(lead, report, "assessment", staff_member))
    assert "for police officers and special constables only" in refused
    assert (report.subject_type, report.warning_in_force) == (None, None)
    none = misconduct_with("", subject_type="staff")
    assert act(lead, report, "assessment", none).status_code == 302
    assert (report.subject_type, report.warning_in_force) == ("staff", None)
    assert (
        "warning=None"
        in db.session.scalars(select(AuditEntry.detail).order_by(AuditEntry.id.desc())).first()
    )


def test_outcome_is_recorded_with_a_sealed_reason_and_the_reporter_sees_it(
    app: Flask, client: FlaskClient, team: Team, reported: tuple[str, Report]
) -> None:
    receipt, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "assessment",
        {
            "subject_type": "officer",
            "severity": "misconduct",
            "case_decision": "case_misconduct",
            "standards": ["authority_respect_courtesy"],
        },
    )
    assert report.subject_type == "officer" and report.standards == "authority_respect_courtesy"

    html = refused_act(
        lead,
        report,
        "outcome",
        {
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted at interview",
        },
    )
    assert "Select the outcome" in html and "Admitted at interview" in html  # nothing lost
    staff_only = refused_act(
        lead,
        report,
        "outcome",
        {
            "outcome": "staff_first_written_warning",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted",
        },
    )
    assert "Choose an outcome that applies to this subject" in staff_only
    assert report.outcome is None

    done = act(
        lead,
        report,
        "outcome",
        {
            "outcome": "meeting_written_warning",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted at interview",
        },
    )
    assert done.status_code == 302
    assert report.outcome == "meeting_written_warning" and report.stage == "outcome"
    note = db.session.scalars(select(Note).where(Note.kind == "outcome_reason")).one()
    assert b"Admitted" not in note.body
    assert "Admitted at interview" in page_text(lead, report)
    assert "Outcome recorded" in open_status(client, receipt).get_data(as_text=True)


def test_closing_asks_for_confirmation_and_a_sealed_reason(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    case_page = page_text(lead, report)
    assert f'href="{case_url(report, "close")}"' in case_page  # a link, not a one-click form
    confirm = lead.get(case_url(report, "close"))
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Close this case?" in html
    assert "Why are you closing the case?" in html and report.closed_on is None

    no_reason = refused_act(lead, report, "close", {"close_reason": "  "})
    assert "Give the reason for closing the case" in no_reason and report.closed_on is None
    done = act(lead, report, "close", {"close_reason": "Duplicate of an earlier report"})
    assert done.status_code == 302 and report.closed_on == date.today()
    note = db.session.scalars(select(Note).where(Note.kind == "close_reason")).one()
    assert b"Duplicate" not in note.body
    assert "Duplicate of an earlier report" in page_text(lead, report)
    assert report.events[-1].detail == (
        "Case closed by a lead without acknowledgement and without an outcome"
    )
    assert audit_actions()[-2:] == ["closed", "decrypted"]


def test_only_a_lead_closes_a_case_never_acknowledged_or_without_an_outcome(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = staff(app, add_member("caseworker", team), team)
    lead = staff(app, team.lead, team)
    html = caseworker.get(case_url(report, "close")).get_data(as_text=True)
    assert "only a lead can close it" in html and 'name="close_reason"' not in html
    reason = {"close_reason": "Nothing more to do"}
    refused = refused_act(caseworker, report, "close", reason)
    both = "This case was never acknowledged and has no outcome yet, so only a lead can close it"
    assert both in refused
    assert f"<title>Error: Close case {report.reference} – Candour</title>" in refused
    act(lead, report, "acknowledge", ACK)
    # Said as it is: the reason left is the missing outcome, not "never acknowledged".
    no_outcome = "This case has no outcome yet, so only a lead can close it"
    refused = words(refused_act(caseworker, report, "close", reason))
    assert no_outcome in refused and "never acknowledged" not in refused
    hint = words(page_text(caseworker, report))
    assert f"{no_outcome}. Record an outcome first, or ask a lead to close it." in hint
    assert "never acknowledged" not in hint
    assert report.closed_on is None

    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "No evidence"},
    )
    assert act(caseworker, report, "close", reason).status_code == 302
    assert report.closed_on == date.today() and report.events[-1].detail == "Case closed"


def test_close_and_reopen(app: Flask, team: Team, reported: tuple[str, Report]) -> None:
    _, report = reported
    caseworker = staff(app, add_member("caseworker", team), team)
    lead = staff(app, team.lead, team)
    assert act(lead, report, "close", {"close_reason": "Withdrawn"}).status_code == 302
    assert report.stage == "closed" and report.closed_on == date.today()
    assert "A lead can reopen it" in page_text(caseworker, report)

    no_reason = refused_act(lead, report, "reopen", {"reopen_reason": ""})
    assert "Give the reason for reopening the case" in no_reason
    assert act(lead, report, "reopen", {"reopen_reason": "New evidence arrived"}).status_code == 302
    assert report.closed_on is None and report.stage == "received"
    assert "New evidence arrived" in page_text(lead, report)
    assert {"closed", "reopened"} <= set(audit_actions())


def test_a_reopen_sent_again_from_a_page_left_open_says_the_case_is_open(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Like closing a closed case: the case is reopened once, and the reason sent again is
    refused on the case page, saying so, and shown there to copy
    (``test_case_stale_close_reopen``)."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "close", {"close_reason": "Withdrawn"})
    page = lead.get(case_url(report)).get_data(as_text=True)
    reason = {"csrf_token": csrf_token(page), "reopen_reason": "New evidence arrived"}
    assert lead.post(case_url(report, "reopen"), data=reason).status_code == 302
    again = lead.post(case_url(report, "reopen"), data=reason)
    shown = words(refused(lead, again, case_url(report)))
    assert "This case was already reopened, so your reason was not recorded" in shown
    assert audit_actions().count("reopened") == 1


@pytest.mark.parametrize("action", ["messages", "notes", "close"])
def test_text_of_zero_width_characters_is_refused_as_empty(
    app: Flask, team: Team, reported: tuple[str, Report], action: str
) -> None:
    """A "message" of three zero-width spaces reached the reporter as an empty box, and a case
    could be closed with a reason nobody could read."""
    _, report = reported
    lead = staff(app, team.lead, team)
    field = {"messages": "message_body", "notes": "note_body", "close": "close_reason"}[action]
    refusal = {
        "messages": "Write the message",
        "notes": "Write the note",
        "close": "Give the reason for closing the case",
    }[action]
    html = refused_act(lead, report, action, {field: "\u200b\u200b\u200b"})
    assert refusal in words(html)
    assert report.messages == [] and report.closed_on is None
    assert db.session.scalars(select(Note).where(Note.report_id == report.id)).all() == []


def feedback_row(client: FlaskClient, report: Report) -> str:
    html = page_text(client, report)
    row = html[html.index('id="feedback-clock">') + len('id="feedback-clock">') :]
    return words(row[: row.index("</dd>")])


def test_a_reopened_case_owes_the_reporter_an_update_until_it_gets_one(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    done = {**NO_FURTHER_ACTION, "outcome_reason": "No evidence"}
    act(lead, report, "outcome", done)
    act(lead, report, "close", {"close_reason": "Outcome reached"})
    assert feedback_row(lead, report).startswith("Done on")
    assert act(lead, report, "reopen", {"reopen_reason": "New evidence"}).status_code == 302

    # The first feedback stands (it is what oversight counts), but the page no longer reads
    # "Done": the reporter has been told nothing since the reopening.
    assert report.feedback_on == date.today() and report.update_owed_since == date.today()
    row = feedback_row(lead, report)
    assert row.startswith("Owed: reopened on") and "First feedback: Done on" in row
    queue = words(lead.get("/team/").get_data(as_text=True))
    assert "Update owed since reopening" in queue

    # Closing and reopening again cannot push the update's deadline later.
    earlier = date.today() - timedelta(days=200)
    report.update_owed_since = earlier
    db.session.commit()
    act(lead, report, "close", {"close_reason": "Nothing new after all"})
    assert feedback_row(lead, report).startswith("Not given: the case was closed again")
    act(lead, report, "reopen", {"reopen_reason": "It was new"})
    assert report.update_owed_since == earlier
    assert feedback_row(lead, report).startswith("Overdue: reopened on")

    # A question is not an update; an update on progress is, and the clock reads "Done" again.
    act(lead, report, "messages", {"message_body": "Which shift was this on?"})
    assert report.update_owed_since is not None
    update = {"message_body": "We are looking at the new evidence.", "progress_update": "y"}
    act(lead, report, "messages", update)
    assert report.update_owed_since is None and report.feedback_on == date.today()
    assert feedback_row(lead, report).startswith("Done on")


def test_an_outcome_after_reopening_is_the_update_the_reporter_was_owed(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "None"},
    )
    act(lead, report, "close", {"close_reason": "Outcome reached"})
    act(lead, report, "reopen", {"reopen_reason": "New evidence"})
    assert report.update_owed_since == date.today()
    act(
        lead,
        report,
        "outcome",
        {
            "outcome": "rprp",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Reflective practice",
        },
    )
    assert report.outcome == "rprp" and report.update_owed_since is None


def test_an_outcome_set_aside_by_a_reopening_is_dated_when_the_case_closes_again(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """A quick outcome, a reopening and 200 more days of work made oversight's "days to outcome"
    count the quick outcome: 10 days where the case took 210."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "None"},
    )
    act(lead, report, "close", {"close_reason": "Outcome reached"})
    today = date.today()
    report.received_on = today - timedelta(days=210)
    report.outcome_on = report.closed_on = today - timedelta(days=200)
    db.session.commit()

    act(lead, report, "reopen", {"reopen_reason": "New evidence"})
    # The outcome still stands (risk, outcome rates), but is no case's time to outcome yet.
    assert report.outcome == "no_further_action" and report.outcome_on is None
    assert "Before reopening: No further action" in words(page_text(lead, report))
    period = Period(today - timedelta(days=400), today)
    assert sum(counting.compute(period, today).to_outcome.days.values()) == 0

    act(lead, report, "close", {"close_reason": "Nothing changes the outcome"})
    assert report.outcome_on == report.closed_on == today
    assert counting.compute(period, today).to_outcome.days == {210: 1}


def test_after_reopening_the_earlier_outcome_is_history_and_a_new_one_can_be_recorded(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Reopened, a case closed with no further action is being worked again: its page must not
    show that outcome as the current one, and the same outcome, reached again after the new
    work, can be recorded (dated that day) rather than refused as already recorded."""
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "acknowledge", ACK)
    act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "None"},
    )
    act(lead, report, "close", {"close_reason": "Outcome reached"})
    first_on = report.outcome_on
    assert first_on is not None
    act(lead, report, "reopen", {"reopen_reason": "New evidence"})

    text = words(page_text(lead, report))
    assert "Outcome No further action" not in text  # not the summary's current outcome
    assert (
        f"Outcome None recorded since the case was reopened. Before reopening: No further "
        f"action, recorded on {first_on.day} {first_on:%B %Y}" in text
    )
    # The outcome set aside is not one in place: a new one is recorded, not changed.
    assert "Record an outcome" in text and "Change the outcome" not in text
    close_page = words(lead.get(case_url(report, "close")).get_data(as_text=True))
    assert "No further action, recorded before the case was reopened" in close_page

    assert act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "Again"},
    )
    db.session.refresh(report)
    assert report.outcome == "no_further_action" and report.outcome_on == date.today()
    assert report.events[-1].detail == "Outcome recorded again after reopening: No further action"
    text = words(page_text(lead, report))
    assert f"Outcome No further action, {date.today().day} " in text
    assert "Before reopening" not in text
    # Recorded and dated, the same outcome again is the plain "already recorded" refusal.
    again = refused_act(
        lead,
        report,
        "outcome",
        {**NO_FURTHER_ACTION, "outcome_reason": "x"},
    )
    assert "This outcome is already recorded" in again


def test_notes_are_sealed_and_management_action_is_a_note_not_an_outcome(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(
        lead,
        report,
        "notes",
        {"note_body": "Words of advice given by the inspector", "management_action": "y"},
    )
    note = db.session.scalars(select(Note)).one()
    assert note.kind == "management_action" and b"inspector" not in note.body
    assert report.outcome is None
    html = page_text(lead, report)
    assert "Management action" in html and "Words of advice given by the inspector" in html


def test_retaliation_protection_outlives_the_case_until_a_lead_ends_it(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = staff(app, add_member("caseworker", team), team)
    html = refused_act(caseworker, report, "protection", {"measures": "Move to day shifts"})
    assert "Select the risk of retaliation" in html and "Move to day shifts" in html
    act(
        caseworker,
        report,
        "protection",
        {"level": "high", "protection_note": "Same team", "measures": "Move to day shifts"},
    )
    lead = staff(app, team.lead, team)
    act(lead, report, "close", {"close_reason": "The reporter withdrew"})
    html = page_text(caseworker, report)
    # Named as the retaliation risk, not to be read as the person's risk score beside it.
    assert "Retaliation risk: High" in html and "Move to day shifts" in html
    protection = db.session.scalars(select(Protection)).one()
    assert b"day shifts" not in protection.measures and protection.ended_on is None

    # Ended on a page of its own, with a reason: one tap on the case page must not do it.
    end = case_url(report, f"protection/{protection.id}/end")
    case_html = lead.get(case_url(report)).get_data(as_text=True)
    assert f'href="{end}"' in case_html and f'action="{end}"' not in case_html
    confirm = lead.get(end).get_data(as_text=True)
    assert "End these protective measures?" in words(confirm)
    token = csrf_token(confirm)
    empty = lead.post(end, data={"csrf_token": token, "end_reason": " "})
    assert "Give the reason for ending the protective measures" in refused(lead, empty)
    assert protection.ended_on is None
    reason = "Reporter moved to another command at their request"
    assert lead.post(end, data={"csrf_token": token, "end_reason": reason}).status_code == 302
    assert protection.ended_on == date.today()
    assert "Retaliation risk: High" not in page_text(lead, report)
    html = page_text(lead, report)
    assert "Reason for ending protective measures" in html and reason in html
    assert all(reason.encode() not in note.body for note in db.session.scalars(select(Note)))
    assert caseworker.get(end).status_code == 403

    # Ended again from a tab left open: refused, and the reason typed there is given back.
    again = lead.post(end, data={"csrf_token": token, "end_reason": "Typed in the other tab"})
    html = refused(lead, again)
    assert "These protective measures were already ended" in words(html)
    assert 'id="unsaved"' in html and "Typed in the other tab" in html
    assert lead.get(end).status_code == 302  # opened afresh: nothing open to end


def test_a_note_the_character_count_says_fits_is_kept(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    # The count (JavaScript) counts a line break as one character; the browser sends CR LF.
    _, report = reported
    lead = staff(app, team.lead, team)
    counted = ("x" * 99 + "\n") * 100
    response = act(lead, report, "notes", {"note_body": counted.replace("\n", "\r\n")})
    assert response.status_code in (302, 303) and "refused" not in response.headers["Location"]
    assert db.session.scalars(select(Note)).one() is not None


def test_the_timeline_uses_fixed_wording(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    act(lead, report, "notes", {"note_body": "SECRET-NOTE-TEXT"})
    act(lead, report, "stage", {"stage": "assessing"})
    details = [e.detail for e in report.events]
    assert "Internal note added" in details and "Stage changed to Being assessed" in details
    assert not any("SECRET" in d for d in details)
    assert not any("SECRET" in e.detail for e in db.session.scalars(select(AuditEntry)))
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4}", page_text(lead, report))


def test_the_timeline_says_the_reporter_did_each_thing_the_reporter_did(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """Withdrawing, releasing a held report and asking not to be shared were said to be done by
    "Candour"."""
    _, report = reported
    followups.keep_from_other_forces(report)
    followups.withdraw(report, "", destroy_now=False)
    html = page_text(staff(app, team.lead, team), report)
    timeline = html[html.index('id="timeline"') : html.index('id="conflict"')]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in timeline.split("</tr>")]
    who = {row[1]: row[2] for row in cells if len(row) == 3}
    assert who["The reporter withdrew their report"] == "The reporter"
    assert who[followups.NO_SHARING_EVENT] == "The reporter"
    assert {"released_by_reporter", "withdrawn", "no_sharing"} <= followups.REPORTER_EVENTS


def test_a_message_too_long_says_the_limit_as_the_hint_does(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    lead = staff(app, team.lead, team)
    refused = refused_act(lead, report, "messages", {"message_body": "x" * 10_001})
    assert "Message to the reporter must be 10,000 characters or fewer" in refused


def test_a_note_in_emoji_fits_as_the_character_count_says(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    # The count (JavaScript) counts an emoji as 2 characters, as the server now does.
    _, report = reported
    lead = staff(app, team.lead, team)
    refused = refused_act(lead, report, "notes", {"note_body": "\U0001f600" * 5_001})
    assert "Internal note must be 10,000 characters or fewer" in refused
    response = act(lead, report, "notes", {"note_body": "\U0001f600" * 5_000})
    assert response.status_code in (302, 303) and "refused" not in response.headers["Location"]
    assert db.session.scalars(select(Note)).one() is not None


def test_a_message_sent_again_from_the_same_page_reaches_the_reporter_once(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    client = staff(app, team.lead, team)
    act(client, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    page = page_text(client, report)
    message = {"message_body": "Which dates do you mean?"}
    first = post_from(client, page, report, "messages", message)
    assert first.status_code == 302
    # Back onto the page (the browser puts the text back) and "Send message" again, or a
    # double click: not sent twice, and said so.
    again = post_from(client, page, report, "messages", message)
    assert again.status_code == 302 and again.location == first.location
    notice = words(client.get(again.location).get_data(as_text=True))
    assert "You had just sent this message, so it was not sent to the reporter a second" in notice
    assert len(report.messages) == 2  # the acknowledgement and this one
    # Something else, and then the first text again, are new messages.
    post_from(client, page, report, "messages", {"message_body": "And which shift?"})
    post_from(client, page, report, "messages", message)
    assert len(report.messages) == 4
    # Another session (another browser, or another member) may send the same words.
    other = staff(app, team.lead, team)
    post_from(other, page_text(other, report), report, "messages", message)
    assert len(report.messages) == 5


def test_a_note_added_again_from_the_same_page_is_kept_once(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    client = staff(app, team.lead, team)
    page = page_text(client, report)
    note = {"note_body": "Spoke to the duty inspector."}
    assert post_from(client, page, report, "notes", note).status_code == 302
    again = post_from(client, page, report, "notes", note)
    assert "You had just added this note" in words(
        client.get(again.location).get_data(as_text=True)
    )
    assert len(db.session.scalars(select(Note).where(Note.report_id == report.id)).all()) == 1


def test_a_risk_recorded_without_measures_does_not_say_measures_were_recorded(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    _, report = reported
    caseworker = staff(app, add_member("caseworker", team), team)
    act(caseworker, report, "protection", {"level": "low", "protection_note": "Moved away"})
    flashed = page_text(caseworker, report)
    assert "Retaliation risk recorded." in flashed
    assert "protective measures recorded" not in flashed.lower()
    assert [e.detail for e in report.events][-1] == "Retaliation risk assessed as low"
    act(
        caseworker,
        report,
        "protection",
        {"level": "high", "protection_note": "Same team", "measures": "Move to day shifts"},
    )
    assert "Retaliation risk and protective measures recorded." in page_text(caseworker, report)
    assert [e.detail for e in report.events][-1] == (
        "Retaliation risk assessed as high; protective measures recorded"
    )


def test_the_retaliation_form_waits_closed_above_the_report_of_a_new_case(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """It sits above "The report": open, a caseworker scrolled past a form before reading the
    report. It opens when it comes back refused."""
    _, report = reported
    caseworker = staff(app, add_member("caseworker", team), team)
    html = page_text(caseworker, report)
    details = re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<span[^>]*>\s*Record the risk", html)
    assert details and " open" not in details.group(0)
    refused = refused_act(caseworker, report, "protection", {"measures": "Move to day shifts"})
    again = re.search(r"<details[^>]*>\s*<summary[^>]*>\s*<span[^>]*>\s*Record the risk", refused)
    assert again and " open" in again.group(0)


def test_a_member_still_invited_is_not_offered_to_assign_a_case_to(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    # They were listed as soon as invited: a case could be given to someone who cannot sign in
    # yet, holds no key to open it, and whose link stops working at the next key rotation.
    invited, _token = invitations.invite(
        "nia@candour.test", "Nia New", "caseworker", team.keys, team.lead
    )
    db.session.commit()
    _, report = reported
    lead = staff(app, team.lead, team)
    assert invited.id not in [m.id for m in assignable_members(report)]
    assert "Nia New" not in page_text(lead, report)
    refused_assignment = refused_act(lead, report, "assign", {"assignee": str(invited.id)})
    assert "Not a valid choice" in refused_assignment
    assert report.assignee_id is None
    assert team.lead.id in [m.id for m in assignable_members(report)]


def test_the_clocks_of_a_report_its_reporter_withdrew_at_once_say_they_were_not_needed(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    # Withdrawn the day it came, before anyone could acknowledge it: the case page said "Not
    # met: the case was closed", and the figures counted it against the team.
    _, report = reported
    followups.withdraw(report, "", destroy_now=False)
    html = words(page_text(staff(app, team.lead, team), report))
    assert html.count("Not needed: the reporter withdrew the report before it was due") == 2
    assert "Not met: the case was closed" not in html


def test_an_assessment_saved_as_it_stood_records_nothing(
    app: Flask, team: Team, reported: tuple[str, Report]
) -> None:
    """ "Save assessment" pressed again with nothing changed added a second "Assessment recorded"
    line and audit entry, which read as work done."""
    _, report = reported
    client = staff(app, team.lead, team)
    act(client, report, "acknowledge", {"acknowledgement": "Thank you, we have your report."})
    assessed = {"subject_type": "officer", "severity": "misconduct"}
    for _ in range(2):
        saved = act(client, report, "assessment", assessed)
        assert saved.status_code == 302 and "refused" not in saved.location
    assert "Nothing changed: the assessment was already so." in words(
        client.get(saved.location).get_data(as_text=True)
    )
    assert audit_actions().count("assessment_recorded") == 1
    assert [e.kind for e in report.events].count("assessment") == 1
    act(client, report, "assessment", {**assessed, "severity": "gross_misconduct"})
    assert audit_actions().count("assessment_recorded") == 2  # a change is recorded
