"""A report started on a shared device and not sent: Start now quietly reopened it for the next
person to press it. The start page now says one is there, never a word of what it says, and
offers to continue it or delete it; "?new=yes" never opens it as a new report."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from intake.models import Draft
from tests.helpers import (
    Team,
    csrf_token,
    first_question_mark,
    post_form,
    submit_report,
    visible_text,
)
from tests.journey_page import parse
from tests.test_reporter_sessions import reach_check_answers

DESCRIPTION = "It happened at the morning briefing."
WHERE = "The custody suite"
UNSENT = "A report was started on this device and has not been sent"


def begin_a_report(client: FlaskClient) -> None:
    what = {
        "categories": ["bullying"],
        "when": "unsure",
        "where": WHERE,
        "description": DESCRIPTION,
        **first_question_mark(client),
    }
    assert post_form(client, "/report/what", what).status_code == 302


def drafts_stored() -> int:
    return int(db.session.scalar(select(func.count()).select_from(Draft)) or 0)


def start_button(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"[^>]*class="govuk-button govuk-button--start"', html)


def test_the_start_page_says_nothing_of_a_report_when_none_is_being_written(
    client: FlaskClient, team: Team
) -> None:
    html = client.get("/").get_data(as_text=True)
    assert UNSENT not in visible_text(html)
    assert not parse(html).find(id="unsent-report")
    assert start_button(html) == ["/report/what?new=yes"]
    # Nor after a report was sent: nothing is being written then.
    submit_report(client)
    html = client.get("/").get_data(as_text=True)
    assert UNSENT not in visible_text(html) and start_button(html)


def test_the_start_page_says_a_report_was_started_and_offers_to_continue_or_delete_it(
    client: FlaskClient, team: Team
) -> None:
    begin_a_report(client)
    html = client.get("/").get_data(as_text=True)
    said = visible_text(html)
    assert UNSENT in said
    # Never a word of what it says, on a page anyone at the device may open.
    assert DESCRIPTION not in html and WHERE not in html
    # No Start now that would reopen it as if it were new.
    assert not start_button(html)
    [box] = parse(html).find(id="unsent-report")
    assert "Continue the report" in box.words
    assert re.search(r'<a href="/report/what"[^>]*id="continue-unsent"', html)
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html, re.S)
    assert form and form[1] == "/report/delete"
    assert re.search(r"<button[^>]*>\s*Delete it and start a new report\s*</button>", form[2])
    assert 'name="csrf_token"' in form[2]
    # Continue is the report as it was left.
    assert DESCRIPTION in client.get("/report/what").get_data(as_text=True)


def test_new_yes_with_a_report_being_written_asks_first_and_keeps_it(
    client: FlaskClient, team: Team
) -> None:
    """ "?new=yes" (Start now, or "start a new report", shown before this report was begun, in
    another tab say) means a new report: it reopened the report being written instead."""
    begin_a_report(client)
    response = client.get("/report/what?new=yes")
    assert response.status_code == 303 and response.headers["Location"] == "/#unsent-report"
    assert DESCRIPTION not in response.get_data(as_text=True)
    assert drafts_stored() == 1  # not deleted without a word either
    assert UNSENT in visible_text(client.get("/").get_data(as_text=True))


def test_delete_removes_the_report_on_the_server_and_starts_a_new_one(
    client: FlaskClient, team: Team
) -> None:
    begin_a_report(client)
    start = client.get("/").get_data(as_text=True)
    assert drafts_stored() == 1
    deleted = client.post("/report/delete", data={"csrf_token": csrf_token(start)})
    assert deleted.status_code == 303 and deleted.headers["Location"] == "/report/what"
    assert drafts_stored() == 0
    with client.session_transaction() as cookie:
        assert "draft" not in str(dict(cookie))
    first = client.get("/report/what").get_data(as_text=True)
    [banner] = parse(first).find(id="unsent-deleted")
    assert "The report that had not been sent was deleted." in banner.words
    assert DESCRIPTION not in first and WHERE not in first
    # Said once; and the start page has Start now again.
    assert not parse(client.get("/report/what").get_data(as_text=True)).find(id="unsent-deleted")
    html = client.get("/").get_data(as_text=True)
    assert UNSENT not in visible_text(html) and start_button(html)


def test_delete_needs_this_browsers_csrf_token(client: FlaskClient, team: Team) -> None:
    begin_a_report(client)
    for data in ({}, {"csrf_token": "forged"}):
        refused = client.post("/report/delete", data=data)
        assert refused.status_code == 303 and refused.headers["Location"] == "/"
        assert drafts_stored() == 1
    assert DESCRIPTION in client.get("/report/what").get_data(as_text=True)


def test_delete_leaves_no_word_of_the_deleted_reports_files(
    client: FlaskClient, team: Team
) -> None:
    """A file's "added" confirmation waits in the reporter's session for the evidence page: the
    next report's evidence page must not name a file of the one deleted."""
    reach_check_answers(client)
    page = client.get("/report/evidence").get_data(as_text=True)
    upload_a_statement_unseen(client, page)  # the confirmation not yet shown
    start = client.get("/").get_data(as_text=True)
    client.post("/report/delete", data={"csrf_token": csrf_token(start)})
    begin_a_report(client)
    who = {"people-0-name": "Sgt Ray Hill", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    evidence = client.get("/report/evidence").get_data(as_text=True)
    assert "statement.txt" not in evidence
    assert not parse(evidence).find(id="done")


def upload_a_statement_unseen(client: FlaskClient, page: str) -> None:
    statement = (io.BytesIO(b"What the sergeant said, written that night."), "statement.txt")
    response = client.post(
        "/report/evidence",
        data={"csrf_token": csrf_token(page), "upload": "Upload file", "file": statement},
        content_type="multipart/form-data",
    )
    assert response.status_code in (302, 303)


def test_a_tab_left_open_after_a_delete_says_a_delete_may_be_why_its_answers_went(
    client: FlaskClient, team: Team
) -> None:
    """Tab A on the second question; tab B deletes the unsent report from the start page; tab A
    then continues. Its first question said the answers went after the time limit or at "Exit
    this page", never that someone chose to delete them."""
    begin_a_report(client)
    token = csrf_token(client.get("/report/who").get_data(as_text=True))  # tab A
    start = client.get("/").get_data(as_text=True)  # tab B
    assert client.post("/report/delete", data={"csrf_token": csrf_token(start)}).status_code == 303
    client.get("/report/what")  # tab B's first question, saying the report was deleted

    later = client.post(
        "/report/who",
        data={"csrf_token": token, "people-0-name": "Sgt Example", "submit": "Continue"},
    )
    assert later.status_code in {302, 303}
    page = client.get(later.headers["Location"]).get_data(as_text=True)
    [banner] = parse(page).find(id="answers-lost")
    said = visible_text(page)
    assert banner and "deleted from the start page" in said
    assert DESCRIPTION not in page and WHERE not in page


def test_the_first_question_sent_from_a_tab_left_open_after_a_delete_says_the_rest_went(
    client: FlaskClient, team: Team
) -> None:
    """Tab A back on the first question (to change it) of a report that has later answers; tab
    B deletes the unsent report from the start page; tab A then continues. Its answer silently
    started a new report holding only that answer, and the next question was simply blank, as
    if the reporter had never answered it."""
    begin_a_report(client)
    who = {"people-0-name": "Sgt Example", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    shown = client.get("/report/what").get_data(as_text=True)  # tab A, answers shown to change
    start = client.get("/").get_data(as_text=True)  # tab B
    assert client.post("/report/delete", data={"csrf_token": csrf_token(start)}).status_code == 303
    client.get("/report/what")  # tab B's first question, saying the report was deleted

    # Sent as tab A's form is: with what the page was shown for.
    assert parse(shown).find("input", name="report_begun", value="yes")
    changed = {
        "csrf_token": csrf_token(shown),
        "report_begun": "yes",
        "categories": ["bullying"],
        "when": "unsure",
        "where": WHERE,
        "description": "Changed: he shouted at me twice.",
        "submit": "Continue",
    }
    later = client.post("/report/what", data=changed)
    assert later.status_code in {302, 303}
    assert later.headers["Location"] == "/report/who?lost=yes"
    page = client.get(later.headers["Location"]).get_data(as_text=True)
    [banner] = parse(page).find(id="answers-lost")
    assert banner and "deleted from the start page" in visible_text(page)
    assert "Sgt Example" not in page  # the deleted report's answer is gone
    # What tab A had just typed is kept, to go on with.
    back = client.get("/report/what").get_data(as_text=True)
    assert "Changed: he shouted at me twice." in back

    # A first answer given in a tab that never showed a report being written starts one, as
    # ever, with no word of anything deleted.
    other = FlaskClient(client.application, client.response_wrapper, use_cookies=True)
    first_page = other.get("/report/what").get_data(as_text=True)
    assert 'name="report_begun"' not in first_page
    fresh = {k: v for k, v in changed.items() if k not in {"csrf_token", "report_begun"}}
    started = post_form(other, "/report/what", fresh)
    assert started.headers["Location"] == "/report/who"


def test_back_from_a_tab_left_open_after_a_delete_says_the_answers_went(
    client: FlaskClient, team: Team
) -> None:
    """Tab A on the second question; tab B deletes the unsent report from the start page; tab A
    then presses the page's Back. The first question came up blank without a word of why, where
    Continue from the same page said the answers had been deleted."""
    begin_a_report(client)
    shown = client.get("/report/who").get_data(as_text=True)  # tab A
    start = client.get("/").get_data(as_text=True)  # tab B
    assert client.post("/report/delete", data={"csrf_token": csrf_token(start)}).status_code == 303
    client.get("/report/what")  # tab B's first question, saying the report was deleted

    # Sent as tab A's form is, by its Back: with what the page was shown for.
    [begun] = parse(shown).find("input", name="report_begun")
    assert begun.attrs == {
        "type": "hidden",
        "form": "question",
        "name": "report_begun",
        "value": "yes",
    }
    back = client.post(
        "/report/who",
        data={"csrf_token": csrf_token(shown), "report_begun": "yes", "go": "back"},
    )
    assert back.headers["Location"] == "/report/what?lost=yes"
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    [banner] = parse(page).find(id="answers-lost")
    assert "deleted from the start page" in banner.words
    assert DESCRIPTION not in page and WHERE not in page

    # Back from a later question shown with no report being written says nothing of one.
    other = FlaskClient(client.application, client.response_wrapper, use_cookies=True)
    blank = other.get("/report/who").get_data(as_text=True)
    assert 'name="report_begun"' not in blank
    plain = other.post("/report/who", data={"csrf_token": csrf_token(blank), "go": "back"})
    assert plain.headers["Location"] == "/report/what"
