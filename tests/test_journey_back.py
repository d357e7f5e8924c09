"""A question page's Back keeps what the reporter typed there: its form is sent with ``go=back``,
kept unchecked and sealed in the draft, and the page shows it again, without errors, when the
reporter comes back to it, until an answer there is accepted."""

from __future__ import annotations

import io
import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Draft, ReporterSession
from intake.views.journey.sending import UNSAVED_PAGE_NAMES
from tests.helpers import (
    Team,
    post_form,
    post_upload,
    press_back,
    redirected_to,
    refused,
    send_fields,
)
from tests.journey_page import back_button, back_link, errors, form_buttons, parse
from tests.test_journey_questions import WHAT, walk

ANSWERED = {**WHAT, "when": "unsure"}
ACCOUNT = "He kept me behind after the briefing and said what he would do if I told anyone."


def description(html: str) -> str:
    [area] = parse(html).find("textarea", id="description")
    return area.text.strip()


def test_back_on_a_question_page_is_a_button_of_its_form(client: FlaskClient, team: Team) -> None:
    for page in ("what", "who", "affected", "evidence", "together"):
        html = client.get(f"/report/{page}").get_data(as_text=True)
        button = back_button(html)
        assert button is not None, page
        # Enter in a field presses the form's first button: a hidden copy of the page's main
        # button, never Back, which comes before the form.
        first = form_buttons(html, "question")[0]
        assert first.attrs["name"] == ("upload" if page == "evidence" else "submit"), page
        assert first.attrs["tabindex"] == "-1" and first is not button, page
        assert button.words == "Back", page
        assert {k: button.attrs.get(k) for k in ("type", "form", "name", "value")} == {
            "type": "submit",
            "form": "question",
            "name": "go",
            "value": "back",
        }, page
    walk(client, {"when": "unsure"})
    check = client.get("/report/check").get_data(as_text=True)
    assert back_button(check) is None and back_link(check) == "/report/together"  # nothing typed


def test_back_keeps_what_was_typed_and_shows_it_again_without_errors(
    client: FlaskClient, team: Team
) -> None:
    typed = {"categories": ["bullying"], "where": "Parade room", "description": ACCOUNT}
    response = press_back(client, "/report/what", typed)  # "When" not answered yet
    assert redirected_to(response) == "/"
    html = client.get("/report/what").get_data(as_text=True)  # "Start now" again
    assert description(html) == ACCOUNT
    assert parse(html).find("input", id="where")[0].attrs["value"] == "Parade room"
    assert "checked" in parse(html).find("input", value="bullying")[0].attrs
    assert errors(html) == [] and not parse(html).find(cls="govuk-error-message")
    # Continue checks the answer as it always did.
    page = refused(client, post_form(client, "/report/what", typed))
    assert errors(page) == ["Select when it happened, or “I'm not sure”"]
    assert description(page) == ACCOUNT


def test_an_accepted_answer_drops_what_back_kept(client: FlaskClient, team: Team) -> None:
    press_back(client, "/report/what", {"categories": ["bullying"], "description": ACCOUNT})
    assert description(client.get("/report/what").get_data(as_text=True)) == ACCOUNT
    assert post_form(client, "/report/what", ANSWERED).headers["Location"] == "/report/who"
    assert description(client.get("/report/what").get_data(as_text=True)) == WHAT["description"]


def test_back_keeps_names_for_continue_on_the_page_before(client: FlaskClient, team: Team) -> None:
    post_form(client, "/report/what", ANSWERED)
    typed = {"people-0-name": "Sgt Ray Hill", "people-0-collar_number": "4821"}
    assert redirected_to(press_back(client, "/report/who", typed)) == "/report/what"
    response = post_form(client, "/report/what", ANSWERED)  # Continue on "What happened"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert parse(html).find("input", id="people-0-name")[0].attrs["value"] == "Sgt Ray Hill"
    assert parse(html).find("input", id="people-0-collar_number")[0].attrs["value"] == "4821"
    assert errors(html) == []


def test_back_from_a_changed_answer_keeps_it_for_its_change_link(
    client: FlaskClient, team: Team
) -> None:
    walk(client, {"when": "unsure"})
    before = send_fields(client.get("/report/check").get_data(as_text=True))
    typed = {**ANSWERED, "description": ACCOUNT}
    assert redirected_to(press_back(client, "/report/what", typed)) == "/report/check"
    check = client.get("/report/check").get_data(as_text=True)
    assert ACCOUNT not in check  # not an answer until Continue: check answers shows the saved one
    assert send_fields(check)["send_token"] == before["send_token"]  # and may still send it
    # ... and says a change was begun there and not saved, linking to it: the reporter who
    # pressed Back sent the old answer believing it the new one.
    [banner] = parse(check).find(id="unsaved-changes")
    assert "You began changing an answer and did not save the change." in banner.words
    assert "go back to What happened and select Continue" in banner.words
    assert [a.attrs["href"] for a in banner.find("a")] == ["/report/what"]
    assert description(client.get("/report/what").get_data(as_text=True)) == ACCOUNT
    assert post_form(client, "/report/what", typed).status_code == 302  # Continue saves it
    saved = client.get("/report/check").get_data(as_text=True)
    assert ACCOUNT in saved and not parse(saved).find(id="unsaved-changes")


def test_what_back_keeps_is_sealed(client: FlaskClient, team: Team) -> None:
    response = press_back(client, "/report/what", {"description": ACCOUNT})
    assert redirected_to(response) == "/"
    assert description(client.get("/report/what").get_data(as_text=True)) == ACCOUNT
    marker = ACCOUNT.encode()
    [draft] = db.session.scalars(select(Draft)).all()
    assert marker not in draft.blob
    for row in db.session.scalars(select(ReporterSession)):
        assert marker not in row.blob
    assert ACCOUNT not in str(response.headers)


def test_back_after_the_session_ended_shows_the_page_again_with_what_was_typed(
    client: FlaskClient, team: Team
) -> None:
    page = client.get("/report/what").get_data(as_text=True)
    with client.session_transaction() as stored:
        stored.pop("csrf_token")  # the token expired while they typed
    token = parse(page).find("input", name="csrf_token")[0].attrs["value"]
    response = client.post(
        "/report/what", data={"csrf_token": token, "description": ACCOUNT, "go": "back"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "What you typed on this page is still here" in html
    assert description(html) == ACCOUNT
    assert errors(html) == [] and not parse(html).find(cls="govuk-error-message")


def test_back_with_a_chosen_file_says_it_was_not_added(client: FlaskClient, team: Team) -> None:
    chosen = (io.BytesIO(b"Shift notes"), "notes.txt")
    typed = {"file": chosen, "keep_original": "y", "go": "back"}
    assert redirected_to(post_upload(client, "/report/evidence", typed)) == "/report/affected"
    html = client.get("/report/evidence").get_data(as_text=True)
    assert parse(html).find(id="file-not-kept")
    assert "notes.txt" not in html
    assert "checked" in parse(html).find("input", id="keep_original")[0].attrs
    post_form(client, "/report/evidence", {"submit": "Continue"})
    assert not parse(client.get("/report/evidence").get_data(as_text=True)).find(id="file-not-kept")


def test_exit_this_page_deletes_what_back_kept(client: FlaskClient, team: Team) -> None:
    press_back(client, "/report/what", {"description": ACCOUNT})
    assert description(client.get("/report/what").get_data(as_text=True)) == ACCOUNT
    client.get("/exit")
    assert db.session.scalars(select(Draft)).all() == []
    assert description(client.get("/report/what").get_data(as_text=True)) == ""


def test_the_unsaved_change_banner_names_each_page_by_its_own_title() -> None:
    # The banner sends the reporter "back to <page>": a name that is not the page's own title
    # leaves them looking for a page they cannot find.
    templates = Path(__file__).resolve().parent.parent / "templates" / "reporter"
    for step, name in UNSAVED_PAGE_NAMES.items():
        source = (templates / f"{step}.html").read_text()
        [title] = re.findall(r"{% block title %}(.*?){% endblock %}", source)
        assert name == title, step
