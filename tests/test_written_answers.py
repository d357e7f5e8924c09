"""An answer of nothing visible is no answer: spaces, non-breaking spaces and zero-width
characters get the same message as an empty box, and too long an answer says which it is."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.forms.character_count import counted
from intake.forms.written import tidied, visible
from intake.models import Report
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    csrf_token,
    open_status,
    post_form,
    refused,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.journey_page import errors, field_error, summary_value

INVISIBLE = ["   ", "\u00a0\u00a0", "\u200b\u200c\u200d\ufeff", " \u200b\n\t"]


def what(description: str, **more: str) -> dict[str, object]:
    return {
        "categories": DEFAULT_REPORT["categories"],
        "when": "unsure",
        "where": "",
        "description": description,
        **more,
    }


def check_answers(client: FlaskClient, who: dict[str, str], witnesses: str = "") -> str:
    """From "Who was responsible" (what happened already answered) to check answers: its text."""
    assert post_form(client, "/report/who", {**who, "submit": "Continue"}).status_code == 302
    affected = {"affected": ["reporter"], "witnesses": witnesses}
    assert post_form(client, "/report/affected", affected).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    return visible_text(client.get("/report/check").get_data(as_text=True))


@pytest.mark.parametrize("written", INVISIBLE)
def test_what_happened_of_nothing_visible_is_asked_for_again(
    client: FlaskClient, team: Team, written: str
) -> None:
    html = refused(client, post_form(client, "/report/what", what(written)))
    assert "Tell us what happened" in visible_text(html)


def test_a_name_of_zero_width_characters_is_no_person(client: FlaskClient, team: Team) -> None:
    assert post_form(client, "/report/what", what("He shouted at me.")).status_code == 302
    response = post_form(
        client, "/report/who", {"people-0-name": "\u200b\u200b", "submit": "Continue"}
    )
    assert errors(refused(client, response)) == [
        # Found in testing: it said "select “I don't know who”", not the box's own words.
        "Tell us about at least one person, or select “I don't know who it was”"
    ]


def test_witnesses_of_spaces_read_back_as_none_given(client: FlaskClient, team: Team) -> None:
    assert post_form(client, "/report/what", what("He shouted at me.")).status_code == 302
    who = {"people-0-name": "PC Jon Smyth"}
    assert "None given" in check_answers(client, who, witnesses="   \u00a0")


@pytest.mark.parametrize("written", INVISIBLE)
def test_where_of_nothing_visible_reads_back_as_not_given(
    client: FlaskClient, team: Team, written: str
) -> None:
    """Found in testing: "Where" of spaces showed as a blank answer."""
    assert post_form(client, "/report/what", what("He shouted.", where=written)).status_code == 302
    check_answers(client, {"people-0-name": "PC Jon Smyth"})
    check = client.get("/report/check").get_data(as_text=True)
    assert summary_value(check, "Where") == "Not given"


def test_blank_lines_around_an_answer_are_not_kept_but_those_within_it_are(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: witnesses with 10 blank lines before and after read back as a huge
    empty block."""
    blank = "\r\n" * 10 + "  "
    described = what(blank + "Line one.\r\n\r\nLine two." + blank, where=" \tCanteen\n")
    assert post_form(client, "/report/what", described).status_code == 302
    check_answers(client, {"people-0-name": "  PC Jon Smyth "}, witnesses=blank + "someone" + blank)
    html = client.get("/report/check").get_data(as_text=True)
    written = re.findall(r'candour-written" dir="auto">(.*?)</dd>', html, re.S)
    assert "Line one.\n\nLine two." in written and "someone" in written
    assert "Canteen" in written
    assert "Name: PC Jon Smyth" in html


def test_characters_that_hide_or_reverse_text_are_not_kept() -> None:
    """A right-to-left override showed a note backwards on the team's page; a NUL was kept in
    one box and turned into a replacement character in another."""
    typed = "\u202eMoved to nights\u202c after\x00 I spoke\x07 up.\u2066\u2069\n\tThen"
    assert tidied(typed) == "Moved to nights after I spoke up.\n\tThen"
    arabic = "\u0634\u0631\u0637\u0629\u200f PC 123\u200d"  # marks and joiners stay
    assert tidied(arabic) == arabic


def test_what_happened_is_kept_without_an_override(client: FlaskClient, team: Team) -> None:
    described = what("He said \u202ethat I was lying\u202c in front of the team.\x00")
    assert post_form(client, "/report/what", described).status_code == 302
    check_answers(client, {"people-0-name": "Sgt \u202eDave Jones"})
    html = client.get("/report/check").get_data(as_text=True)
    assert "He said that I was lying in front of the team." in html
    assert "Name: Sgt Dave Jones" in html
    assert "\u202e" not in html and "\x00" not in html


def test_blank_lines_around_an_answer_still_count_as_the_page_counts_them(
    client: FlaskClient, team: Team
) -> None:
    # The page's count includes them, so a text it says is 2 over stays refused.
    response = post_form(client, "/report/what", what("\n" + "x" * 20_000 + "\n"))
    assert "What happened must be 20,000 characters or fewer" in visible_text(
        refused(client, response)
    )


def test_a_reason_of_nothing_visible_sends_the_team_nothing(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    response = post_form(client, "/status/withdraw", {"receipt": receipt, "reason": "\u200b\r\n"})
    assert response.status_code == 302
    assert db.session.scalars(select(Report)).one().messages == []


def test_a_message_of_spaces_is_not_sent(client: FlaskClient, team: Team) -> None:
    receipt = submit_report(client)
    open_status(client, receipt)
    token = csrf_token(client.get("/status").get_data(as_text=True))
    response = client.post("/status/reply", data={"csrf_token": token, "body": " \u00a0\u200b "})
    assert "Write your message" in visible_text(refused(client, response))


def test_too_long_an_answer_says_which_one_and_its_limit(client: FlaskClient, team: Team) -> None:
    response = post_form(client, "/report/what", what("He shouted.", where="x" * 301))
    assert "Where it happened must be 300 characters or fewer" in visible_text(
        refused(client, response)
    )
    assert post_form(client, "/report/what", what("He shouted at me.")).status_code == 302
    long_person = {"people-0-name": "x" * 121, "people-0-collar_number": "1" * 21}
    shown = visible_text(
        refused(client, post_form(client, "/report/who", {**long_person, "submit": "Continue"}))
    )
    assert "Person 1’s name must be 120 characters or fewer" in shown
    assert "Person 1’s shoulder number must be 20 characters or fewer" in shown
    assert "Field cannot be longer" not in shown


EMOJI = "\U0001f600"  # 😀, beyond the first 65,536 characters: 2 in JavaScript's count


def test_the_server_counts_as_the_on_page_count_does() -> None:
    # JavaScript's String.length: UTF-16 code units, so an emoji is 2; a line break is 1.
    assert [counted(text) for text in ["abc", EMOJI, "é", "a\r\nb", "\u200b"]] == [3, 2, 1, 3, 1]


@pytest.mark.parametrize(("emoji", "fits"), [(10_000, True), (10_001, False)])
def test_what_happened_in_emoji_fits_as_the_count_says(
    client: FlaskClient, team: Team, emoji: int, fits: bool
) -> None:
    """Found in testing: 10,001 emoji showed "You have 2 characters too many" on the page, but
    the server, counting 10,001 characters, took them."""
    response = post_form(client, "/report/what", what(EMOJI * emoji))
    if fits:
        assert response.status_code == 302
    else:
        assert "What happened must be 20,000 characters or fewer" in visible_text(
            refused(client, response)
        )


@pytest.mark.parametrize(("emoji", "fits"), [(5_000, True), (4_999, True), (5_001, False)])
def test_a_message_in_emoji_fits_as_the_count_says(
    client: FlaskClient, team: Team, emoji: int, fits: bool
) -> None:
    open_status(client, submit_report(client))
    body = EMOJI * emoji + "x" * (emoji == 4_999)  # and one more, to reach 9,999
    response = post_form(client, "/status/reply", {"body": body})
    if fits:
        assert response.status_code == 302
    else:
        assert "Your message must be 10,000 characters or fewer" in visible_text(
            refused(client, response)
        )


def test_each_person_s_errors_say_whose_they_are_in_the_summary_and_at_the_field(
    client: FlaskClient, team: Team
) -> None:
    """Found in testing: with several people, the summary said "Their name must be 120
    characters or fewer", not whose. GOV.UK: the same words in the summary and at the field."""
    assert post_form(client, "/report/what", what("They shouted at me.")).status_code == 302
    people = {
        "people-0-name": "PC Alex Brown",
        "people-1-name": "x" * 121,
        "people-1-unit": "y" * 121,
    }
    html = refused(client, post_form(client, "/report/who", {**people, "submit": "Continue"}))
    assert errors(html) == [
        "Person 2’s name must be 120 characters or fewer",
        "Person 2’s unit or team must be 120 characters or fewer",
    ]
    assert field_error(html, "people-1-name") == "Person 2’s name must be 120 characters or fewer"
    assert field_error(html, "people-0-name") == ""


def test_visible_text_is_anything_but_space_and_format_characters() -> None:
    assert all(not visible(text) for text in [*INVISIBLE, "", None])
    assert visible("a") and visible("\u200bx") and visible("·")


def test_naming_someone_and_not_knowing_another_reads_back_both(
    client: FlaskClient, team: Team
) -> None:
    assert post_form(client, "/report/what", what("They shouted at me.")).status_code == 302
    who_page = visible_text(client.get("/report/who").get_data(as_text=True))
    assert "Also if you know some of the people but not all of them" in who_page
    check = check_answers(client, {"people-0-name": "PC Alex Brown", "unknown": "y"})
    assert "PC Alex Brown" in check
    assert "I don't know who it was, for at least one person" in check


def test_text_written_right_to_left_reads_right_to_left_wherever_it_is_shown(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    """Found in a walk: an Arabic description sat in a left-to-right paragraph on the team's
    page, its full stop and any digits or Latin words at the wrong end. Each paragraph a person
    wrote takes its direction from its own first letters (dir="auto")."""
    arabic = "\u0642\u0627\u0644 \u0627\u0644\u0631\u0642\u064a\u0628 PC 1234."
    assert post_form(client, "/report/what", what(arabic)).status_code == 302
    check_answers(client, {"people-0-name": "PC Jon Smyth"})
    check = client.get("/report/check").get_data(as_text=True)
    assert re.search(r'<dd class="[^"]*candour-written" dir="auto">' + re.escape(arabic), check)

    submit_report(client, description=arabic)
    staff = app.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    reference = db.session.scalars(select(Report.reference)).one()
    case = staff.get(f"/team/cases/{reference}").get_data(as_text=True)
    assert re.search(r'<p class="govuk-body" dir="auto">' + re.escape(arabic) + "</p>", case)
