"""Small things the reporter reads: a long limit written "10,000", as GOV.UK's script writes it,
and joined labels read as one sentence ("Me, a member of the public")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask.testing import FlaskClient

from intake.templating import labels
from intake.vocabulary import AFFECTED
from tests.helpers import DEFAULT_REPORT, Team, open_status, send_report, submit_report
from tests.journey_page import parse, summary_value
from tests.page_text import words
from tests.test_journey import walk_to_check
from triage.casework.clocks import FEEDBACK_MONTHS, add_months, feedback_due


def count_messages(html: str) -> list[str]:
    """The character count's own text under each box (shown without JavaScript)."""
    return [hint.words for hint in parse(html).find(cls="govuk-character-count__message")]


def test_character_limits_are_written_with_a_thousands_comma(
    client: FlaskClient, team: Team
) -> None:
    assert count_messages(client.get("/report/what").get_data(as_text=True)) == [
        "You can enter up to 20,000 characters"
    ]
    open_status(client, submit_report(client))
    pages = "".join(
        client.get(url).get_data(as_text=True)
        for url in ("/status/reply", "/status/retaliation", "/status/withdraw")
    )
    assert count_messages(pages) == ["You can enter up to 10,000 characters"] * 3
    assert not re.search(r"\d{5} characters", pages)


def test_joined_labels_read_as_one_sentence() -> None:
    assert labels(["reporter", "member_of_public"], AFFECTED) == "Me, a member of the public"
    assert labels(["colleague"], AFFECTED) == "A colleague"
    assert labels(["iopc", "other"], {"iopc": "IOPC referral", "other": "Other"}) == (
        "IOPC referral, other"
    )


def test_check_answers_says_who_was_affected_in_one_sentence(
    client: FlaskClient, team: Team
) -> None:
    walk_to_check(client, {**DEFAULT_REPORT, "affected": ["reporter", "child"]})
    html = client.get("/report/check").get_data(as_text=True)
    assert summary_value(html, "Affected").startswith("Me, a child")


def test_the_feedback_promised_to_a_reporter_is_never_sooner_than_the_teams_clock(
    client: FlaskClient, team: Team
) -> None:
    """The team's feedback clock runs 3 months from the acknowledgement, or from day 7 if that
    is later (``triage.casework.clocks``). Reporters were told "feedback within 3 months", which
    read as 3 months from sending: a week sooner than the clock, so a case on time looked late."""
    promise = "feedback within 3 months of acknowledging it"
    assert promise in words(client.get("/").get_data(as_text=True))
    assert promise in words(send_report(client).get_data(as_text=True))
    received = date(2026, 1, 31)
    for days in range(0, 40):
        acknowledged = received + timedelta(days=days)
        assert feedback_due(received, acknowledged) <= add_months(acknowledged, FEEDBACK_MONTHS)
