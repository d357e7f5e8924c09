"""A case form refused (a mistake, or the operation's refusal) comes back by post/redirect/get:
the POST redirects to the case page marked with the form (``?refused=``), whose GETs show the
form as it was sent, with its errors, until it is accepted; the case opened afresh shows the case
as it is. What was typed is kept sealed in the member's session, per case and per form, never
readable in the database."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, refused, reports_in_order, submit_report
from tests.page_text import words
from tests.test_case import ACK, act, case_url, staff
from tests.test_possible_matches import choose, cluster_of, confirm_url, two_reports
from triage.casework.retention import apply_retention
from triage.forms import EXPIRED
from triage.models import AuditEntry, PossibleMatch, StaffSession

TYPED = "Spoke to PS Okafor about the rota on 3 March"


def checked(name: str, value: str) -> Callable[[str], bool]:
    def shown(html: str) -> bool:
        return bool(re.search(rf'name="{name}" type="radio" value="{value}" checked', html))

    return shown


def typed(html: str) -> bool:
    return TYPED in html


@dataclass(frozen=True)
class Refusal:
    action: str  # the form's address under the case
    anchor: str
    sent: dict[str, str]
    error: str
    shows_sent: Callable[[str], bool]
    accepted: dict[str, str]
    typed_text: str | None  # what the member typed, never to be readable in the database


REFUSALS = [
    Refusal(
        "notes",
        "note-form",  # the form, not the notes above it
        {"note_body": TYPED + " " + "x" * 10_000},
        "Internal note must be 10,000 characters or fewer",
        typed,
        {"note_body": "Rota checked"},
        TYPED,
    ),
    Refusal(  # refused by the operation, not the form: an update before any acknowledgement
        "messages",
        "message-form",  # the form, not the thread above it
        {"message_body": TYPED, "progress_update": "y"},
        "Acknowledge the report before sending an update on progress",
        typed,
        {"message_body": "Thank you for waiting."},
        TYPED,
    ),
    Refusal(
        "outcome",
        "outcome-section",  # the form itself, open, with its error in view
        {
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": TYPED,
        },
        "Select the outcome",
        typed,
        {
            "outcome": "no_further_action",
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "No evidence",
        },
        TYPED,
    ),
    Refusal(
        "assessment",
        "assessment-form",
        {"severity": "gross_misconduct", "case_decision": "no_case"},
        "Select who the subject is",
        checked("severity", "gross_misconduct"),
        {"subject_type": "officer", "severity": "neither", "case_decision": "no_case"},
        None,
    ),
]


def refusal_mark(html: str) -> str:
    """The mark a refused form shown again carries beside its CSRF token."""
    match = re.search(r'<input type="hidden" name="refused" value="([0-9a-f]+)">', html)
    assert match, "the refused form carries no mark"
    return match.group(1)


def sent_again(
    client: FlaskClient, report: Report, action: str, page: str, data: dict[str, str]
) -> TestResponse:
    """Post one of the case's forms from ``page``, the refused page it was shown again on, as
    the browser does: with that page's CSRF token and the refusal's mark."""
    sent = {"csrf_token": csrf_token(page), "refused": refusal_mark(page), **data}
    return client.post(case_url(report, action), data=sent)


@pytest.fixture
def two_cases(app: Flask, team: Team) -> tuple[Report, Report]:
    for _ in range(2):
        submit_report(app.test_client())
    first, second = reports_in_order()
    return first, second


def every_value_in_the_database() -> list[object]:
    values: list[object] = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            values.extend(row)
    return values


def readable_in_the_database(text: str) -> bool:
    return readable_in(every_value_in_the_database(), text)


def readable_in(values: list[object], text: str) -> bool:
    """Whether ``text`` is in clear in one of ``values``, read from the database."""
    needle = text.encode()
    for value in values:
        if isinstance(value, str) and text in value:
            return True
        if isinstance(value, bytes | memoryview) and needle in bytes(value):
            return True
    return False


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda r: r.action)
def test_a_refused_case_form_comes_back_by_redirect_until_it_is_accepted(
    app: Flask, team: Team, two_cases: tuple[Report, Report], refusal: Refusal
) -> None:
    report, other = two_cases
    lead = staff(app, team.lead, team)
    if refusal.action == "outcome":  # the outcome form is there once the report is acknowledged
        assert act(lead, report, "acknowledge", ACK).status_code == 302
    posted = act(lead, report, refusal.action, refusal.sent)
    assert posted.status_code == 303
    marked, _, anchor = posted.headers["Location"].partition("#")
    assert marked.startswith(f"{case_url(report)}?refused=")
    assert str(report.id) not in marked  # the internal id stays out of browser history
    assert anchor == refusal.anchor
    html = refused(lead, posted, case_url(report))
    assert refusal.error in html and "There is a problem" in html
    assert "<title>Error:" in html and refusal.shows_sent(html)

    again = lead.get(marked).get_data(as_text=True)  # a reload, or Back onto it
    assert refusal.error in again and refusal.shows_sent(again)
    # Opened afresh (from the queue, say), the case is as it is: the refusal does not follow.
    afresh = lead.get(case_url(report)).get_data(as_text=True)
    assert refusal.error not in afresh and "There is a problem" not in afresh
    assert not refusal.shows_sent(afresh)
    assert refusal.error in lead.get(marked).get_data(as_text=True)  # and Back still shows it
    elsewhere = lead.get(case_url(other)).get_data(as_text=True)
    assert refusal.error not in elsewhere and not refusal.shows_sent(elsewhere)
    assert "There is a problem" not in elsewhere
    assert readable_in_the_database(report.reference)  # the search finds what is in clear
    if refusal.typed_text is not None:
        assert not readable_in_the_database(refusal.typed_text)

    if refusal.action == "messages":
        assert act(lead, report, "acknowledge", ACK).status_code == 302
    again = lead.get(marked).get_data(as_text=True)
    assert sent_again(lead, report, refusal.action, again, refusal.accepted).status_code == 302
    done = lead.get(marked).get_data(as_text=True)  # Back onto the refusal, once accepted
    assert refusal.error not in done and "There is a problem" not in done
    assert not refusal.shows_sent(done)
    assert db.session.scalars(select(StaffSession.sealed_refused)).all() == [None]


def test_a_page_overtaken_by_another_member_comes_back_refused_showing_the_case_as_it_is(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    first_tab, second_tab = staff(app, team.lead, team), staff(app, team.lead, team)
    assert act(first_tab, report, "acknowledge", ACK).status_code == 302
    stale = first_tab.get(case_url(report)).get_data(as_text=True)
    theirs = {
        "outcome": "no_further_action",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": "No evidence",
    }
    assert act(second_tab, report, "outcome", theirs).status_code == 302

    mine = {
        "outcome": "vetting_referral",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": TYPED,
    }
    seen = dict(re.findall(r'name="(\w+_seen)" type="hidden" value="([^"]*)"', stale))
    posted = first_tab.post(
        case_url(report, "outcome"), data={"csrf_token": csrf_token(stale), **seen, **mine}
    )
    html = refused(first_tab, posted, case_url(report))
    assert (
        "was recorded while you were looking (in another tab, or by someone else)" in html
        and TYPED in html
    )
    # The hidden "as the page saw it" field is the case as it is now, not the stale page's.
    assert 'name="outcome_seen" type="hidden" value="no_further_action"' in html
    assert report.outcome == "no_further_action"
    assert "was recorded while you were looking" in first_tab.get(
        posted.headers["Location"]
    ).get_data(as_text=True)
    # Not pursued: opening the case again shows it as it is, without the refusal.
    afresh = first_tab.get(case_url(report)).get_data(as_text=True)
    assert "was recorded while you were looking" not in afresh and TYPED not in afresh


def test_two_forms_refused_on_a_case_each_keep_what_was_typed(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    # Acknowledged, so the outcome form is on the page to show its mistakes in.
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    note = TYPED + " " + "x" * 10_000
    first = act(lead, report, "notes", {"note_body": note})
    refused(lead, first, case_url(report))
    second = act(
        lead,
        report,
        "outcome",
        {
            "outcome_message": "We looked into your report and decided this.",
            "outcome_reason": "Admitted",
        },
    )
    html = refused(lead, second, case_url(report))
    assert "Select the outcome" in html and "Admitted" in html and TYPED not in html
    back_twice = lead.get(first.headers["Location"]).get_data(as_text=True)
    assert TYPED in back_twice and "Admitted" not in back_twice  # the earlier one kept its text
    accepted = sent_again(lead, report, "notes", back_twice, {"note_body": "Rota checked"})
    assert accepted.status_code == 302
    assert TYPED not in lead.get(first.headers["Location"]).get_data(as_text=True)
    assert "Select the outcome" in lead.get(second.headers["Location"]).get_data(as_text=True)


def test_two_tabs_refused_at_the_same_form_each_get_their_own_text_back(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    # One session, two tabs on the same case, each with a note refused: both redirected to
    # the same address, and a reload of the first tab showed the second tab's note.
    report, _ = two_cases
    lead = staff(app, team.lead, team)  # one browser: its two tabs share the session
    first = act(lead, report, "notes", {"note_body": "First tab: " + TYPED + "x" * 10_000})
    second = act(lead, report, "notes", {"note_body": "Second tab: " + TYPED + "x" * 10_000})
    first_page = refused(lead, first, case_url(report))
    second_page = refused(lead, second, case_url(report))
    assert first.headers["Location"] != second.headers["Location"]
    assert "First tab:" in first_page and "Second tab:" not in first_page
    assert "Second tab:" in second_page and "First tab:" not in second_page
    reloaded = lead.get(first.headers["Location"]).get_data(as_text=True)
    assert "First tab:" in reloaded and "Second tab:" not in reloaded

    # Refused again from its own page, the second tab keeps its address, with its latest text.
    again = sent_again(
        lead, report, "notes", second_page, {"note_body": "Second tab again: " + "y" * 10_001}
    )
    assert again.headers["Location"] == second.headers["Location"]
    assert "Second tab again:" in refused(lead, again, case_url(report))

    # The first tab's note, shortened and sent, ends its own refusal and not the second tab's.
    sent = sent_again(lead, report, "notes", first_page, {"note_body": "Rota checked"})
    assert sent.status_code == 302
    assert "First tab:" not in lead.get(first.headers["Location"]).get_data(as_text=True)
    assert "Second tab again:" in lead.get(second.headers["Location"]).get_data(as_text=True)
    # Nor does a note sent from a third tab, opened afresh.
    assert act(lead, report, "notes", {"note_body": "Shift pattern requested"}).status_code == 302
    assert "Second tab again:" in lead.get(second.headers["Location"]).get_data(as_text=True)
    assert not readable_in_the_database(TYPED)


def test_two_tabs_refused_at_once_do_not_overwrite_each_others_text(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    # Each refusal read what the session kept, added its own and wrote it all back: the
    # second tab's refusal, kept between the first's read and its write, was lost.
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    # Acknowledged, so the outcome form is on the page to show its mistakes in.
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    page = lead.get(case_url(report)).get_data(as_text=True)
    began: list[str] = []
    other_tab: list[TestResponse] = []

    def the_other_tab_refused_meanwhile(
        conn: object, cursor: object, statement: str, *args: object
    ) -> None:
        writing = statement.startswith("UPDATE staff_session SET") and "sealed_refused" in statement
        if writing and not began:
            began.append(statement)  # once: the other tab's own write comes through here too
            with app.app_context():  # a request of its own, on a connection of its own
                other_tab.append(
                    lead.post(
                        case_url(report, "outcome"),
                        data={
                            "csrf_token": csrf_token(page),
                            "outcome_message": "We looked into your report and decided this.",
                            "outcome_reason": "Second tab",
                        },
                    )
                )

    event.listen(db.engine, "before_cursor_execute", the_other_tab_refused_meanwhile)
    try:
        note = lead.post(
            case_url(report, "notes"),
            data={"csrf_token": csrf_token(page), "note_body": "First tab " + "x" * 10_000},
        )
    finally:
        event.remove(db.engine, "before_cursor_execute", the_other_tab_refused_meanwhile)
    (outcome,) = other_tab
    assert "First tab" in refused(lead, note, case_url(report))
    html = refused(lead, outcome, case_url(report))
    assert "Select the outcome" in html and "Second tab" in html


def test_signing_out_drops_what_a_refused_form_kept(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    posted = act(lead, report, "notes", {"note_body": TYPED + " " + "x" * 10_000})
    assert TYPED in refused(lead, posted, case_url(report))
    page = lead.get(case_url(report)).get_data(as_text=True)
    assert lead.post("/team/sign-out", data={"csrf_token": csrf_token(page)}).status_code == 302
    assert db.session.scalars(select(StaffSession)).all() == []

    again = staff(app, team.lead, team)
    html = again.get(case_url(report)).get_data(as_text=True)
    assert TYPED not in html and "There is a problem" not in html


def test_a_refused_close_comes_back_on_its_own_page(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, other = two_cases
    lead = staff(app, team.lead, team)
    url = case_url(report, "close")
    page = lead.get(url).get_data(as_text=True)
    sent = {"csrf_token": csrf_token(page), "close_reason": TYPED + " " + "x" * 10_000}
    posted = lead.post(url, data=sent)
    html = refused(lead, posted)
    assert "The reason must be 10,000 characters or fewer" in html and TYPED in html
    assert "<title>Error:" in html
    assert TYPED in lead.get(posted.headers["Location"]).get_data(as_text=True)
    assert TYPED not in lead.get(url).get_data(as_text=True)  # the close page opened afresh
    assert TYPED not in lead.get(case_url(other, "close")).get_data(as_text=True)
    assert not readable_in_the_database(TYPED)
    done = lead.post(url, data={"csrf_token": csrf_token(page), "close_reason": "Duplicate"})
    assert done.status_code == 302 and report.closed_on is not None


def test_a_close_reason_sent_after_another_tab_closed_the_case_is_shown_to_copy(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    # The close page left open in one tab while the case was closed in another: its reason,
    # typed at length, was dropped with a bare "already closed".
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    url = case_url(report, "close")
    stale = csrf_token(lead.get(url).get_data(as_text=True))
    first = lead.post(url, data={"csrf_token": stale, "close_reason": "Duplicate"})
    assert first.status_code == 302 and report.closed_on is not None
    second = lead.post(url, data={"csrf_token": stale, "close_reason": TYPED})
    html = refused(lead, second, case_url(report))
    assert "This case was already closed, so your reason was not recorded" in words(html)
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["clocks"]
    after_clocks = html[html.index('id="clocks"') :]
    assert 'id="unsaved"' in after_clocks and TYPED in after_clocks
    assert not readable_in_the_database(TYPED)
    assert TYPED not in lead.get(case_url(report)).get_data(as_text=True)  # opened afresh


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("stage", {"stage": "assessing"}),
        (
            "outcome",
            {
                "outcome": "no_further_action",
                "outcome_message": "We looked into your report and decided this.",
                "outcome_reason": "No evidence",
            },
        ),
    ],
)
def test_a_stage_or_outcome_from_a_page_open_while_the_case_closed_links_to_the_actions(
    app: Flask, team: Team, two_cases: tuple[Report, Report], action: str, data: dict[str, str]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    stale = lead.get(case_url(report)).get_data(as_text=True)  # a tab left open
    token = csrf_token(lead.get(case_url(report, "close")).get_data(as_text=True))
    reason = {"csrf_token": token, "close_reason": "Done"}
    closed = lead.post(case_url(report, "close"), data=reason)
    assert closed.status_code == 302 and report.closed_on is not None
    sent = lead.post(case_url(report, action), data={"csrf_token": csrf_token(stale), **data})
    html = refused(lead, sent, case_url(report))
    assert "This case is closed. A lead must reopen it first" in words(html)
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["actions"] and 'id="actions"' in html


def test_what_was_typed_in_a_form_another_tab_took_off_the_page_is_shown_to_copy(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    # An outcome's reason typed in one tab while the case was closed in another came back to a
    # page with no outcome form: the reason, typed at length, was lost. It is shown where the
    # error summary leads, to be copied, and kept nowhere else.
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    stale = lead.get(case_url(report)).get_data(as_text=True)  # a tab left open
    token = csrf_token(lead.get(case_url(report, "close")).get_data(as_text=True))
    closing = {"csrf_token": token, "close_reason": "Done"}
    assert lead.post(case_url(report, "close"), data=closing).status_code == 302
    typed = {
        "outcome": "no_further_action",
        "outcome_message": "We looked into your report and decided this.",
        "outcome_reason": TYPED,
    }
    sent = lead.post(case_url(report, "outcome"), data={"csrf_token": csrf_token(stale), **typed})
    html = refused(lead, sent, case_url(report))
    assert 'action="/team/cases/' + report.reference + '/outcome"' not in html
    after_actions = html[html.index('id="actions"') :]
    assert 'id="unsaved"' in after_actions and TYPED in after_actions
    assert "What you typed was not saved" in words(html)
    assert not readable_in_the_database(TYPED)
    # Accepted forms and refusals whose form is still on the page show no such copy.
    assert 'id="unsaved"' not in lead.get(case_url(report)).get_data(as_text=True)
    notes = act(lead, report, "notes", {"note_body": ""})
    assert 'id="unsaved"' not in refused(lead, notes, case_url(report))

    _, other = two_cases  # acknowledged in one tab, then acknowledged again in another
    assert act(lead, other, "acknowledge", ACK).status_code == 302
    twice = act(lead, other, "acknowledge", {"acknowledgement": "Written in the other tab"})
    html = refused(lead, twice, case_url(other))
    after_clocks = html[html.index('id="clocks"') :]
    assert 'id="unsaved"' in after_clocks and "Written in the other tab" in after_clocks


def test_a_message_or_note_refused_on_a_destroyed_case_links_to_something_on_the_page(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    stale = lead.get(case_url(report)).get_data(as_text=True)  # open before the destruction
    token = csrf_token(lead.get(case_url(report, "close")).get_data(as_text=True))
    closing = {"csrf_token": token, "close_reason": "Done"}
    assert lead.post(case_url(report, "close"), data=closing).status_code == 302
    report.closed_on = date(2000, 1, 3)
    apply_retention(1)
    db.session.commit()
    assert report.content_destroyed_on is not None
    for action, data in (("messages", {"message_body": "Hi"}), ("notes", {"note_body": "N"})):
        sent = lead.post(case_url(report, action), data={"csrf_token": csrf_token(stale), **data})
        html = refused(lead, sent, case_url(report))
        (linked,) = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
        assert f'id="{linked}"' in html, action


# --- a possible match, confirmed with both reports side by side at an address of its own ---


def decryptions() -> int:
    return len(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.detail == "possible match confirmation")
        ).all()
    )


def audited(action: str) -> int:
    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_a_possible_match_is_confirmed_at_its_own_address_and_a_refused_reason_comes_back(
    app: Flask, team: Team
) -> None:
    lead = staff(app, team.lead, team)
    earlier, later, match = two_reports(lead)
    chosen = choose(lead, earlier, match, "different")
    here = confirm_url(earlier, match, "different")
    assert chosen.status_code == 303 and chosen.location == here
    assert str(earlier.id) not in here and str(later.id) not in here  # internal ids stay out

    page = words(lead.get(here).get_data(as_text=True))
    assert "Are these different people?" in page
    assert earlier.reference in page and later.reference in page
    assert page.count("He made comments about my appearance and touched me.") == 2
    assert decryptions() == 2  # each report opened for the page is audited, as on the case page
    assert "Are these different people?" in lead.get(here).get_data(as_text=True)  # a reload
    assert decryptions() == 4

    token = csrf_token(lead.get(here).get_data(as_text=True))
    too_long = lead.post(here, data={"csrf_token": token, "different_reason": TYPED + "x" * 10_000})
    path = here.partition("?")[0]
    html = refused(lead, too_long, path)
    assert "The reason must be 10,000 characters or fewer" in html and TYPED in html
    assert "<title>Error: Are these different people?" in html
    reloaded = lead.get(too_long.location).get_data(as_text=True)
    assert "The reason must be 10,000 characters or fewer" in reloaded and TYPED in reloaded
    assert not readable_in_the_database(TYPED)
    assert TYPED not in lead.get(here).get_data(as_text=True)  # the page opened afresh

    mark = refusal_mark(reloaded)  # sent again from the refused page, as the browser does
    missing = lead.post(here, data={"csrf_token": token, "refused": mark, "different_reason": "  "})
    assert "Give the reason they are different people" in refused(lead, missing, path)
    again = lead.get(missing.location).get_data(as_text=True)  # a reload, or Back onto it
    assert "Give the reason they are different people" in again
    db.session.expire_all()
    assert db.session.get_one(PossibleMatch, match.id).status == "open"
    assert audited("possible_match_rejected") == 0

    assert missing.location == too_long.location  # refused again in the same tab: same mark
    done = lead.post(
        here, data={"csrf_token": token, "refused": mark, "different_reason": "Other station"}
    )
    assert done.status_code == 302
    assert done.location == f"{case_url(earlier)}#judged-different"
    db.session.expire_all()
    assert db.session.get_one(PossibleMatch, match.id).status == "rejected"
    assert db.session.scalars(select(StaffSession.sealed_refused)).all() == [None]


def test_a_possible_match_is_judged_once_whatever_back_and_reload_do(
    app: Flask, team: Team
) -> None:
    lead = staff(app, team.lead, team)
    earlier, later, match = two_reports(lead)
    here = confirm_url(later, match, "same")
    token = csrf_token(lead.get(here).get_data(as_text=True))
    same = {"csrf_token": token, "same_reason": "Same shoulder number"}
    assert lead.post(here, data=same).status_code == 302
    db.session.expire_all()
    assert cluster_of(earlier) == cluster_of(later)
    seen = decryptions()

    # Back onto the side-by-side page, once judged: the case, saying so, and nothing decrypted.
    back = lead.get(here)
    assert back.status_code == 302 and back.location == case_url(later)
    shown = words(lead.get(back.location).get_data(as_text=True))
    # Said as it is: judged already (by this member, a moment ago), not "may have been changed".
    assert "That possible match has already been judged the same person." in shown
    assert "It may have been changed" not in shown
    assert decryptions() == seen
    # Its form sent again (a page kept from before): refused, and judged only the once.
    resent = lead.post(here, data=same)
    html = refused(lead, resent, case_url(later))
    # Said without blaming "someone": it was this member, in an earlier tab.
    assert "That possible match has already been judged" in html
    assert audited("possible_match_linked") == 1
    # The error links to the judgement, not to the match to judge that left the page with it.
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["judged-same"] and 'id="judged-same"' in html
    assert f'id="possible-{match.id}"' not in html


def test_different_people_confirmed_again_from_a_second_tab_links_to_the_judgement(
    app: Flask, team: Team
) -> None:
    lead = staff(app, team.lead, team)
    _, later, match = two_reports(lead)
    here = confirm_url(later, match, "different")
    token = csrf_token(lead.get(here).get_data(as_text=True))  # two tabs open at this page
    reason = {"csrf_token": token, "different_reason": "Other station"}
    assert lead.post(here, data=reason).status_code == 302
    html = refused(lead, lead.post(here, data=reason), case_url(later))
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["judged-different"] and 'id="judged-different"' in html
    assert audited("possible_match_rejected") == 1


@pytest.mark.parametrize("first", ["same", "different"])
def test_a_reason_confirmed_after_another_tab_judged_the_match_is_shown_to_copy(
    app: Flask, team: Team, first: str
) -> None:
    # "Different people", with a reason typed at length on the side-by-side page, confirmed
    # after another tab had judged the match: the case said it had already been judged, and
    # the reason was gone.
    lead = staff(app, team.lead, team)
    _, later, match = two_reports(lead)
    mine = confirm_url(later, match, "different")
    token = csrf_token(lead.get(mine).get_data(as_text=True))  # this tab, left open
    theirs = confirm_url(later, match, first)
    other_tab = {"csrf_token": token, f"{first}_reason": "Other station"}
    assert lead.post(theirs, data=other_tab).status_code == 302
    sent = lead.post(mine, data={"csrf_token": token, "different_reason": TYPED})
    html = refused(lead, sent, case_url(later))
    assert "That possible match has already been judged" in words(html)
    target = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert target == [f"judged-{first}"]
    after_target = html[html.index(f'id="judged-{first}"') :]
    assert 'id="unsaved"' in after_target and TYPED in after_target
    assert "What you typed in “Why are they different people?”" in words(html)
    assert not readable_in_the_database(TYPED)


@pytest.mark.parametrize("judgement", ["maybe", ""])
def test_the_side_by_side_page_without_a_known_judgement_goes_back_to_the_case(
    app: Flask, team: Team, judgement: str
) -> None:
    lead = staff(app, team.lead, team)
    _, later, match = two_reports(lead)
    url = f"{case_url(later)}/possible/{match.id}/confirm?judgement={judgement}"
    for sent in (lead.get(url), lead.post(url, data={})):
        assert sent.status_code == 302
        assert sent.location == f"{case_url(later)}#possible-{match.id}"
    shown = words(lead.get(case_url(later)).get_data(as_text=True))
    assert "Select whether it is the same person, then confirm it" in shown
    assert decryptions() == 0
    db.session.expire_all()
    assert db.session.get_one(PossibleMatch, match.id).status == "open"


def test_a_note_sent_from_a_page_that_had_expired_says_so_in_plain_words_and_keeps_the_note(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    # A token from another session: the page was open across a sign-out and a new sign-in.
    stale = csrf_token(staff(app, team.lead, team).get(case_url(report)).get_data(as_text=True))
    posted = lead.post(case_url(report, "notes"), data={"csrf_token": stale, "note_body": TYPED})
    html = refused(lead, posted, case_url(report))
    assert EXPIRED in html and "There is a problem" in html and TYPED in html
    assert "CSRF" not in html and "csrf" not in words(html).lower()
    assert not readable_in_the_database(TYPED)
    assert act(lead, report, "notes", {"note_body": TYPED}).status_code == 302  # sent again


def test_a_refusal_from_an_overtaken_page_links_to_something_on_the_page(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    again = act(lead, report, "acknowledge", ACK)  # the second tab's press
    html = refused(lead, again, case_url(report))
    assert "This report has already been acknowledged" in html
    linked = re.findall(r'govuk-error-summary__list">\s*<li>\s*<a href="#([\w-]+)"', html)
    assert linked == ["clocks"] and 'id="clocks"' in html
    assert 'id="acknowledge-form"' not in html


def test_a_refused_acknowledgement_lands_at_its_own_form_not_the_clocks(
    app: Flask, team: Team, two_cases: tuple[Report, Report]
) -> None:
    # Done, an acknowledgement leads to the clocks it stops; refused, to the form and its error
    # (at the clocks, a phone showed no error at all, the form being screens further down).
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    posted = act(lead, report, "acknowledge", {"acknowledgement": ""})
    assert posted.headers["Location"].endswith("#acknowledge-form")
    html = refused(lead, posted, case_url(report))
    assert 'id="acknowledge-form"' in html and "Write the acknowledgement" in html


@pytest.mark.parametrize(
    ("action", "sent", "anchor", "field"),
    [
        ("messages", {"message_body": ""}, "message-form", "message_body"),
        ("notes", {"note_body": ""}, "note-form", "note_body"),
        ("assessment", {"severity": "neither"}, "assessment-form", "subject_type"),
        ("protection", {"protection_note": ""}, "protection-form", "level"),
    ],
)
def test_a_refused_form_lands_at_the_form_not_at_what_is_above_it(
    app: Flask,
    team: Team,
    two_cases: tuple[Report, Report],
    action: str,
    sent: dict[str, str],
    anchor: str,
    field: str,
) -> None:
    # Landing at the section's heading put a case's whole thread of messages, its notes, or the
    # assessment or protective measures recorded so far between the top of a phone's screen and
    # the error: the member saw no error at all. The anchor is on the form itself.
    report, _ = two_cases
    lead = staff(app, team.lead, team)
    assert act(lead, report, "acknowledge", ACK).status_code == 302
    for n in range(3):  # something between the section's heading and its form
        assert act(lead, report, "messages", {"message_body": f"Question {n}"}).status_code == 302
        assert act(lead, report, "notes", {"note_body": f"Note {n}"}).status_code == 302
    posted = act(lead, report, action, sent)
    assert posted.status_code == 303
    assert posted.headers["Location"].endswith("#" + anchor)
    html = refused(lead, posted, case_url(report))
    start = html.index(f'id="{anchor}"')
    error = html.index("govuk-error-message", start)
    assert error < html.index(f'id="{field}"', start)
    assert "Question 2" not in html[start:error] and "Note 2" not in html[start:error]
