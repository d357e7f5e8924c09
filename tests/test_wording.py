"""Small things the reporter reads: a long limit written "10,000", as GOV.UK's script writes it,
and joined labels read as one sentence ("Me, a member of the public")."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from intake.templating import labels
from intake.vocabulary import AFFECTED
from tests.helpers import DEFAULT_REPORT, Team, open_status, submit_report
from tests.journey_page import parse, summary_value
from tests.test_journey import walk_to_check


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
