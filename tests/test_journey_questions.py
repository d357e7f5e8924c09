"""The question pages as a reporter meets them: date answers and their messages, dates read
back as people write them, back links, the date fields revealed by their radios, other ways to
get help, how long to wait after too many attempts, and typing kept when a session ends."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models import TeamKey
from intake.reporter_session import IDLE_MINUTES
from intake.security import limiter
from tests.conftest import build_app
from tests.helpers import (
    DEFAULT_REPORT,
    Team,
    back_to,
    make_team,
    post_form,
    quoted_wait_is_honest,
    redirected_to,
    refused,
    send_fields,
    submit_report,
    visible_text,
)
from tests.journey_page import (
    back_button,
    back_link,
    errors,
    field_error,
    parse,
    section,
    summary_value,
)

WHAT = {
    "categories": ["bullying"],
    "where": "",
    "description": "He shouted at me in front of the team.",
}


def answer_when(client: FlaskClient, **when: str) -> str:
    return refused(client, post_form(client, "/report/what", {**WHAT, **when}))


def in_days(days: int) -> str:
    day = date.today() + timedelta(days=days)
    return f"{day.day}/{day.month}/{day.year}"


def test_a_future_date_asks_for_today_or_the_past(client: FlaskClient, team: Team) -> None:
    html = answer_when(client, when="date", when_date=in_days(30))
    assert errors(html) == ["The date must be today or in the past"]
    assert field_error(html, "when_date") == "The date must be today or in the past"


def test_a_future_month_asks_for_this_month_or_the_past(client: FlaskClient, team: Team) -> None:
    today = date.today()
    following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    html = answer_when(client, when="month", when_month=f"{following.month}/{following.year}")
    assert errors(html) == ["The month must be this month or in the past"]


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        ("date", "when_date", "Enter the date it happened"),
        ("month", "when_month", "Enter the month it happened"),
    ],
)
def test_on_a_date_or_in_a_month_with_the_box_left_empty_asks_for_it(
    client: FlaskClient, team: Team, when: str, field: str, message: str
) -> None:
    # Accepted before, and the report was sent with "When" blank.
    html = answer_when(client, when=when, **{field: "  "})
    assert errors(html) == [message] and field_error(html, field) == message


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/2/2025", "The date must be a real date"),
        ("3/11/1969", "The date must be in 1970 or later"),
        (
            "next Tuesday",
            "Enter the date as day, month and year, for example 27/3/2025 or 27 March 2025",
        ),
        ("3/2025", "Enter the day as well, or if you only know the month, select “In a month”"),
        (
            "31 Febuary 2025",
            "Enter the date as day, month and year, for example 27/3/2025 or 27 March 2025",
        ),
        ("31 February 2025", "The date must be a real date"),
        ("March 2025", "Enter the day as well, or if you only know the month, select “In a month”"),
        ("27/3/25", "Year must include 4 numbers"),
        (
            "²/1/2020",
            "Enter the date as day, month and year, for example 27/3/2025 or 27 March 2025",
        ),
    ],
)
def test_impossible_dates_and_format_errors_keep_their_own_messages(
    client: FlaskClient, team: Team, typed: str, message: str
) -> None:
    assert errors(answer_when(client, when="date", when_date=typed)) == [message]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("13/2025", "The month must be a real month, from 1 to 12"),
        ("3/1969", "The date must be in 1970 or later"),
        ("March", "Enter the month and year, for example 3/2025 or March 2025"),
        ("³/2020", "Enter the month and year, for example 3/2025 or March 2025"),
    ],
)
def test_month_errors_keep_their_own_messages(
    client: FlaskClient, team: Team, typed: str, message: str
) -> None:
    assert errors(answer_when(client, when="month", when_month=typed)) == [message]


@pytest.mark.parametrize(
    ("when", "field", "typed"),
    [
        ("date", "when_date", "27/3/25"),
        ("date", "when_date", "27 March 25"),
        ("month", "when_month", "3/25"),
        ("month", "when_month", "March 25"),
    ],
)
def test_a_two_digit_year_asks_for_four_numbers(
    client: FlaskClient, team: Team, when: str, field: str, typed: str
) -> None:
    html = answer_when(client, when=when, **{field: typed})
    assert errors(html) == ["Year must include 4 numbers"]
    assert field_error(html, field) == "Year must include 4 numbers"


@pytest.mark.parametrize(
    ("when", "typed", "shown"),
    [
        ({"when": "date"}, {"when_date": "3-11-2025"}, "3 November 2025"),
        ({"when": "month"}, {"when_month": "1/2026"}, "January 2026"),
        ({"when": "date"}, {"when_date": "14th March 2025"}, "14 March 2025"),
        ({"when": "date"}, {"when_date": "March 14, 2025"}, "14 March 2025"),
        ({"when": "month"}, {"when_month": "Sept 2025"}, "September 2025"),
        # Once refused as "Year must include 4 numbers", which it does.
        ({"when": "month"}, {"when_month": "2025-03"}, "March 2025"),
        ({"when": "unsure"}, {}, "I'm not sure"),
    ],
)
def test_check_answers_shows_dates_as_people_write_them(
    client: FlaskClient, team: Team, when: dict[str, str], typed: dict[str, str], shown: str
) -> None:
    walk(client, {**when, "when_date": "", "when_month": "", **typed})
    check = client.get("/report/check").get_data(as_text=True)
    assert summary_value(check, "When") == shown


def box_value(html: str, name: str) -> str:
    [box] = parse(html).find("input", name=name)
    return box.attrs.get("value", "")


# What a reporter without JavaScript (every box shows) may leave in the box of an option they
# then did not choose: half a date, a month in the day box, something far too long.
UNCHOSEN = [
    ({"when": "month", "when_month": "3/2025"}, "when_date", "27/3/", "March 2025"),
    ({"when": "date", "when_date": "27/3/2025"}, "when_month", "Febr", "27 March 2025"),
    ({"when": "month", "when_month": "3/2025"}, "when_date", "x" * 31, "March 2025"),
    ({"when": "unsure"}, "when_date", "14/2/20", "I'm not sure"),
    ({"when": "unsure"}, "when_month", "13/2025", "I'm not sure"),
]


@pytest.mark.parametrize(("chosen", "box", "typed", "shown"), UNCHOSEN)
def test_the_box_of_an_option_not_chosen_is_never_checked_nor_kept(
    client: FlaskClient, team: Team, chosen: dict[str, str], box: str, typed: str, shown: str
) -> None:
    walk(client, {**chosen, box: typed})  # each page accepted: the unchosen box refused nothing
    check = client.get("/report/check").get_data(as_text=True)
    assert summary_value(check, "When") == shown and typed not in check
    assert box_value(client.get("/report/what").get_data(as_text=True), box) == ""


@pytest.mark.parametrize(("chosen", "box", "typed", "shown"), UNCHOSEN)
def test_a_page_refused_for_another_answer_drops_the_unchosen_box(
    client: FlaskClient, team: Team, chosen: dict[str, str], box: str, typed: str, shown: str
) -> None:
    html = answer_when(client, **chosen, **{box: typed, "description": ""})
    assert errors(html) == ["Tell us what happened"]  # nothing said about the unchosen box
    assert field_error(html, box) == "" and box_value(html, box) == ""


def test_with_no_option_chosen_the_boxes_are_shown_back_unchecked(
    client: FlaskClient, team: Team
) -> None:
    """A reporter who typed a date but chose no option is asked to choose one, with the date
    still there to keep: it is not refused for its own shape before they chose it."""
    html = answer_when(client, when_date="27/3/", when_month="x" * 31)
    assert errors(html) == ["Select when it happened, or “I'm not sure”"]
    assert box_value(html, "when_date") == "27/3/" and box_value(html, "when_month") == "x" * 31


def test_the_confirmation_shows_the_day_received_as_a_date(client: FlaskClient, team: Team) -> None:
    submit_report(client)
    page = client.get("/report/sent").get_data(as_text=True)
    today = date.today()
    assert parse(page).find(cls="govuk-panel__body")[0].words == (
        f"Received on {today.day} {today:%B %Y}"
    )


def walk(client: FlaskClient, when: dict[str, str], people: bool = True) -> None:
    what = {**WHAT, **when}
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"people-0-name": "Sgt Ray Hill"} if people else {"unknown": "y"}
    assert post_form(client, "/report/who", {**who, "submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    if people:
        assert post_form(client, "/report/together", {"together": "now"}).status_code == 302


def test_every_question_page_has_a_back_button_to_the_step_before(
    client: FlaskClient, team: Team
) -> None:
    steps = [
        ("/report/what", "/"),
        ("/report/who", "/report/what"),
        ("/report/affected", "/report/who"),
        ("/report/evidence", "/report/affected"),
        ("/report/together", "/report/evidence"),
    ]
    for page, previous in steps:
        assert back_button(client.get(page).get_data(as_text=True)) is not None, page
        assert back_to(client, page) == previous, page
    walk(client, {"when": "unsure"})
    assert back_link(client.get("/report/check").get_data(as_text=True)) == "/report/together"


def test_check_answers_goes_back_to_evidence_when_nobody_was_named(
    client: FlaskClient, team: Team
) -> None:
    walk(client, {"when": "unsure"}, people=False)
    assert back_link(client.get("/report/check").get_data(as_text=True)) == "/report/evidence"


def test_changing_an_answer_goes_back_to_check_answers(client: FlaskClient, team: Team) -> None:
    walk(client, {"when": "unsure"})
    client.get("/report/check")
    for page in ("/report/what", "/report/who", "/report/affected", "/report/together"):
        assert back_to(client, page) == "/report/check", page


def test_a_back_button_survives_an_error(client: FlaskClient, team: Team) -> None:
    html = refused(client, post_form(client, "/report/affected", {}))
    assert errors(html) == ["Select who was affected"]
    assert back_button(html) is not None
    assert back_to(client, "/report/affected") == "/report/who"


def test_the_date_fields_are_revealed_by_their_radios(client: FlaskClient, team: Team) -> None:
    html = client.get("/report/what").get_data(as_text=True)
    radios = {r.attrs["value"]: r for r in parse(html).find("input", type="radio", name="when")}
    for choice, field in (("date", "when_date"), ("month", "when_month")):
        revealed = section(html, radios[choice].attrs["data-aria-controls"])
        assert "govuk-radios__conditional" in revealed.classes
        assert revealed.find("input", name=field), f"{field} is not inside its reveal"
    assert "data-aria-controls" not in radios["unsure"].attrs


HELP_SITES = {
    "www.policeconduct.gov.uk",
    "www.polfed.org",
    "www.unison.org.uk",
    "www.policecare.org.uk",
    "www.oscarkilo.org.uk",
}


def other_help(html: str) -> Any:
    return section(html, "other-help")


@pytest.mark.parametrize("page", ["start", "confirmation"])
def test_other_ways_to_get_help_are_plain_signposts(
    client: FlaskClient, team: Team, page: str
) -> None:
    if page == "start":
        html = client.get("/").get_data(as_text=True)
    else:
        submit_report(client)
        html = client.get("/report/sent").get_data(as_text=True)
    help_ = other_help(html)
    for said in ("999", "IOPC", "Police Federation", "Unison", "Police Care UK", "Oscar Kilo"):
        assert said in help_.words, said
    assert "Employee Assistance Programme" in help_.words
    links = help_.find("a")
    assert {urlsplit(a.attrs["href"]).netloc for a in links} == HELP_SITES
    for link in links:
        assert urlsplit(link.attrs["href"]).scheme == "https"
        assert "target" not in link.attrs  # opened normally, in the same tab
        assert not urlsplit(link.attrs["href"]).query  # no tracking parameters
    assert not help_.find("img") and not help_.find("script")


def test_the_forces_confidential_line_is_configurable(database_url: str) -> None:
    line = "Call the Integrity Line on 0800 000 0000, any time."
    app = build_app(database_url, CANDOUR_CONFIDENTIAL_LINE=line)
    with app.app_context():
        db.create_all()
        make_team()
        html = app.test_client().get("/").get_data(as_text=True)
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    assert line in other_help(html).words


def test_development_shows_a_placeholder_for_the_confidential_line(
    client: FlaskClient, team: Team
) -> None:
    words = other_help(client.get("/").get_data(as_text=True)).words
    assert "your force's confidential reporting line" in words.lower()


def too_many(client: FlaskClient, url: str, data: dict[str, str], times: int) -> str:
    responses = [client.post(url, data=data) for _ in range(times)]
    assert [r.status_code for r in responses[:-1]].count(429) == 0
    assert responses[-1].status_code == 429
    return responses[-1].get_data(as_text=True)


def advice(html: str) -> str:
    return " ".join(p.words for p in parse(html).find("main")[0].find("p"))


def quoted_wait(html: str) -> int:
    wait = re.search(r"Wait (\d+) minutes?, then try again\.", advice(html))
    assert wait, advice(html)
    return int(wait[1])


def test_too_many_receipt_lookups_says_how_long_to_wait(app: Flask, client: FlaskClient) -> None:
    before = time.time()
    lookups = [
        client.post("/status", data={"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}) for _ in range(11)
    ]
    after = time.time()
    assert redirected_to(lookups[-1]) == "/status/too-many-attempts"
    html = client.get(lookups[-1].headers["Location"]).get_data(as_text=True)
    assert parse(html).find("h1")[0].words == "Too many attempts"
    # A minute's counter can hold for up to two: the wait is read from it, not the window.
    assert quoted_wait_is_honest(quoted_wait(html), 60, before, after)
    # And a way back to the receipt box, not only the start page: a right receipt still opens
    # its report now, as only wrong ones are refused.
    links = {a.words: a.attrs["href"] for a in parse(html).find("a", cls="govuk-link")}
    assert links["Check your report"] == "/status"


def test_the_wait_outlasts_every_limit_the_request_broke(database_url: str) -> None:
    # A route limited per minute and per hour, both used up by the same attempts: told only the
    # minute's wait, the reporter would come back to the hour's refusal.
    app = build_app(database_url)

    def two_windows() -> str:
        return "counted"

    app.add_url_rule(
        "/two-windows", view_func=limiter.limit("2 per minute; 2 per hour")(two_windows)
    )
    client = app.test_client()
    with app.app_context():
        limiter.reset()
        before = time.time()
        statuses = [client.get("/two-windows").status_code for _ in range(3)]
        html = client.get("/two-windows").get_data(as_text=True)
        after = time.time()
        limiter.reset()
    assert statuses == [200, 200, 429]
    assert quoted_wait_is_honest(quoted_wait(html), 3600, before, after)


def test_too_many_receipt_downloads_says_how_long_to_wait(app: Flask, client: FlaskClient) -> None:
    before = time.time()
    html = too_many(client, "/receipt.txt", {"receipt": "x"}, 21)
    assert quoted_wait_is_honest(quoted_wait(html), 3600, before, time.time())
    limiter.reset()


@pytest.mark.parametrize(
    ("url", "typed", "kept"),
    [
        (
            "/report/who",
            {"people-0-name": "Insp Dee Grant", "submit": "Continue"},
            "Insp Dee Grant",
        ),
        (
            "/report/affected",
            {"affected": ["child"], "witnesses": "The custody sergeant"},
            "The custody sergeant",
        ),
        ("/report/together", {"together": "together"}, 'value="together" checked'),
    ],
)
def test_typing_is_kept_when_the_session_has_ended(
    client: FlaskClient, team: Team, url: str, typed: dict[str, Any], kept: str
) -> None:
    client.get(url)
    with client.session_transaction() as stored:
        stored.clear()  # the session ended while they typed
    html = client.post(url, data={"csrf_token": "stale", **typed}).get_data(as_text=True)
    assert "What you typed on this page is still here" in html
    assert kept in html


def test_the_confirmation_says_when_the_receipt_can_no_longer_be_shown(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    warning = parse(client.get("/report/sent").get_data(as_text=True)).find(
        cls="govuk-warning-text__text"
    )
    for way_it_is_lost in (
        "close your browser",
        f"do nothing here for {IDLE_MINUTES} minutes",
        'select "Exit this page"',
        "start a new report",
        "come back another day",
    ):
        assert way_it_is_lost in warning[0].words


def test_after_a_time_out_the_lost_earlier_answers_are_asked_for_again_saying_why(
    client: FlaskClient, team: Team
) -> None:
    what = {**{k: DEFAULT_REPORT[k] for k in ("categories", "when", "where", "description")}}
    what["when_month"] = DEFAULT_REPORT["when_month"]
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"people-0-name": "PC Jon Smyth", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    client.get("/report/affected")
    with client.session_transaction() as stored:
        stored.clear()  # the session, and the draft with it, ended while they typed
    typed = {"affected": ["reporter"], "witnesses": "The custody sergeant"}
    html = client.post("/report/affected", data={"csrf_token": "stale", **typed})
    assert "What you typed on this page is still here" in html.get_data(as_text=True)
    # Continue again: the earlier steps are gone, so their first question is asked again.
    again = post_form(client, "/report/affected", typed)
    assert again.status_code == 302 and again.headers["Location"].endswith("/report/what?lost=yes")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "earlier answers were deleted, for your safety" in page
    assert "that answer was kept" in page


def test_send_from_a_check_page_shown_before_an_answer_changed_sends_nothing(
    client: FlaskClient, team: Team
) -> None:
    # Tab A reaches check answers; tab B (same browser) changes what happened; tab A sends.
    submit_report(client.application.test_client())  # someone else's, so the team has a report
    what = {k: DEFAULT_REPORT[k] for k in ("categories", "when", "when_month", "where")}
    assert post_form(client, "/report/what", {**what, "description": "ORIGINAL"}).status_code
    who = {"people-0-name": "PC Jon Smyth", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    assert post_form(client, "/report/affected", {"affected": ["reporter"]}).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    tab_a = client.get("/report/check").get_data(as_text=True)
    assert "ORIGINAL" in tab_a
    assert post_form(client, "/report/what", {**what, "description": "CHANGED"}).status_code
    sent = client.post("/report/send", data=send_fields(tab_a))
    assert sent.status_code == 303
    assert sent.headers["Location"].endswith("/report/check?changed=yes")
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "your answers changed after that page was shown" in shown and "CHANGED" in shown
    assert "ORIGINAL" not in shown
    # Sent from the page as it is now, what was shown is what is sent.
    done = client.post("/report/send", data=send_fields(shown), follow_redirects=True)
    assert 'id="receipt"' in done.get_data(as_text=True)


def test_check_answers_keeps_the_line_breaks_of_what_happened(
    client: FlaskClient, team: Team
) -> None:
    """The status page keeps paragraphs; check answers did not, and ran them into one."""
    walk(client, {"when": "unsure", "description": "Line one.\nLine two.\n\nNew paragraph."})
    check = client.get("/report/check").get_data(as_text=True)
    assert (
        '<dd class="govuk-summary-list__value candour-written" dir="auto">Line one.\nLine two.'
        in check
    )


def test_a_refused_answer_shows_at_its_marked_address_until_the_page_s_answer_is_accepted(
    client: FlaskClient, team: Team
) -> None:
    """A refused answer comes back by post/redirect/get to its page's address marked with the
    refusal, which shows it with its errors (a reload, Back and Forward) until an answer there is
    accepted; Back onto it after that shows the saved answers. The page opened afresh (Start now,
    Continue on the step before) shows the saved answers, not an old "There is a problem"."""
    saved = {**WHAT, "when": "unsure", "description": "SAVED"}
    assert post_form(client, "/report/what", saved).status_code == 302
    typed = {**saved, "when": "date", "when_date": "31/2/2025", "description": "TYPED"}
    posted = post_form(client, "/report/what", typed)
    html = refused(client, posted)
    assert errors(html) == ["The date must be a real date"] and "TYPED" in html
    marked = posted.headers["Location"]
    reloaded = client.get(marked).get_data(as_text=True)
    assert errors(reloaded) == ["The date must be a real date"] and "TYPED" in reloaded
    afresh = client.get("/report/what").get_data(as_text=True)
    assert errors(afresh) == [] and "SAVED" in afresh and "TYPED" not in afresh
    assert page_title(afresh) == "What happened – Candour"
    assert errors(client.get("/report/who").get_data(as_text=True)) == []  # its own page only
    fixed = {**typed, "when_date": "27/2/2025"}
    assert post_form(client, "/report/what", fixed).status_code == 302
    back = client.get(marked).get_data(as_text=True)
    assert errors(back) == [] and "TYPED" in back and "27/2/2025" in back


def test_a_refused_answer_changes_no_answer(client: FlaskClient, team: Team) -> None:
    walk(client, {"when": "unsure", "description": "ORIGINAL"})
    tab_a = client.get("/report/check").get_data(as_text=True)
    # In another tab: "affected" emptied and refused, then the reporter goes elsewhere.
    assert errors(refused(client, post_form(client, "/report/affected", {}))) == [
        "Select who was affected"
    ]
    # Nothing answered changed, so the check page shown before still sends what it showed.
    done = client.post("/report/send", data=send_fields(tab_a), follow_redirects=True)
    assert 'id="receipt"' in done.get_data(as_text=True)


def test_each_change_link_goes_to_its_own_field(client: FlaskClient, team: Team) -> None:
    walk(client, {"when": "unsure"})
    check = client.get("/report/check").get_data(as_text=True)
    links = re.findall(r'summary-list__actions"><a class="govuk-link" href="([^"]+)">', check)
    fields = [link for link in links if "#" in link]
    assert fields and len(fields) >= 7  # four of what happened, the person, affected, witnesses
    for link in fields:
        path, field = link.split("#")
        assert f'id="{field}"' in client.get(path).get_data(as_text=True), link


def test_each_question_posts_to_its_own_address_without_a_fragment(
    client: FlaskClient, team: Team
) -> None:
    """A form without an action posts to the page's address with its fragment (after an error
    link, "#when_month"), and the redirect carried that fragment to the next page."""
    for page in ("what", "who", "affected", "evidence", "together"):
        html = client.get(f"/report/{page}").get_data(as_text=True)
        assert f'<form method="post" action="/report/{page}"' in html, page


def page_title(html: str) -> str:
    return parse(html).find("title")[0].words


def test_a_page_shown_again_after_a_time_out_has_no_error_summary_and_no_error_title(
    client: FlaskClient, team: Team
) -> None:
    """The expired CSRF token is the form's only error, and no error summary is shown for it:
    "Error: " would send a screen reader user looking for an error to fix."""
    walk(client, {"when": "unsure"})
    check = client.get("/report/check").get_data(as_text=True)
    with client.session_transaction() as stored:
        stored.pop("csrf_token")  # the token expired; the answers are still there
    for html in (
        client.post("/report/who", data={"people-0-name": "Sgt Ray Hill"}).get_data(as_text=True),
        client.post("/report/send", data=send_fields(check)).get_data(as_text=True),
    ):
        assert "What you typed on this page is still here" in html
        assert errors(html) == []
        assert not page_title(html).startswith("Error: ")


def test_a_page_shown_again_after_a_time_out_still_lists_its_other_mistakes(
    client: FlaskClient, team: Team
) -> None:
    """A form sent after the session timed out that also has a mistake in it marks that mistake
    at its field: the error summary lists it too (never the expired token, which the banner
    explains), and the title begins "Error: ", as on any page with an error message."""
    walk(client, {"when": "unsure"})
    with client.session_transaction() as stored:
        stored.pop("csrf_token")  # the token expired while they typed
    too_long = "A" * 121
    pages = [
        ("/report/who", {"people-0-name": too_long, "submit": "Continue"}, "people-0-name"),
        ("/report/what", {**WHAT, "when": ""}, "when"),
        ("/status", {"receipt": ""}, "receipt"),
    ]
    for url, typed, field in pages:
        html = client.post(url, data=typed).get_data(as_text=True)
        assert "What you typed on this page is still here" in html, url
        shown = field_error(html, field)
        assert shown, url
        assert errors(html) == [shown], url
        links = parse(html).find("a", href=f"#{field}")
        assert [a.words for a in links] == [shown], url
        assert page_title(html).startswith("Error: "), url


def test_an_error_summary_not_about_a_field_still_begins_the_title_with_error(
    client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk(client, {"when": "unsure"})
    check = client.get("/report/check").get_data(as_text=True)
    # Send finding no team key: the question pages begin no report without one (readiness),
    # so only a key gone in between would reach this; Send still refuses and says so.
    monkeypatch.setattr(TeamKey, "current", staticmethod(lambda: None))
    html = client.post("/report/send", data=send_fields(check)).get_data(as_text=True)
    assert "Candour is not ready yet" in html
    assert page_title(html) == "Error: Check your answers – Candour"


def test_the_start_page_says_when_the_receipt_can_no_longer_be_shown(
    client: FlaskClient, team: Team
) -> None:
    """It said the receipt "is shown once", though the confirmation page shows it again on a
    reload or Back until the reporter leaves, as that page itself says. "Once you leave" was
    vaguer than that page, which lists the ways: the two now say the same."""
    said = visible_text(client.get("/").get_data(as_text=True))
    assert "Candour cannot look it up for you, and cannot show it again once you close" in said
    for way_it_is_lost in (
        "close your browser",
        f"do nothing here for {IDLE_MINUTES} minutes",
        'select "Exit this page"',
        "start a new report",
        "come back another day",
    ):
        assert way_it_is_lost in said
    assert "It is shown once" not in said


def test_no_box_that_could_name_someone_offers_the_browsers_autofill(
    client: FlaskClient, team: Team
) -> None:
    """A browser's address autofill ignores a form's autocomplete="off" for fields it guesses
    are a name or an address, and would offer the reporter's own details (or a previous user's,
    on a shared device) in "Name as you know it": each such box says it too."""
    assert post_form(client, "/report/what", dict(DEFAULT_REPORT)).status_code == 302
    added = {"people-0-name": "PC Smyth", "add_person": "Add another person"}
    assert post_form(client, "/report/who", added).status_code == 302  # a second person's boxes
    pages = {
        "/report/what": ["where"],
        "/report/who": [f"people-{n}-{f}" for n in (0, 1) for f in PERSON_FIELDS],
        "/report/affected": ["witnesses"],
    }
    for url, names in pages.items():
        html = client.get(url).get_data(as_text=True)
        [form] = parse(html).find("form", id="question")
        boxes = {e.attrs["name"]: e for e in form.all() if e.tag in {"input", "textarea"}}
        for name in names:
            assert boxes[name].attrs.get("autocomplete") == "off", (url, name)


PERSON_FIELDS = ("name", "collar_number", "warrant_number", "rank", "unit")
