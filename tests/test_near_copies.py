"""Accounts in nearly the same words, marked on the person's page: risk counts reports as
independent accounts, so one account sent twice, or accounts written together, raised a
person's risk to a "possible predatory pattern" with nothing on the page to say why."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, reports_in_order, sign_in_directly, submit_report
from triage.casework.near_copies import near_copies
from triage.models import SubjectLink

pytestmark = pytest.mark.usefixtures("midday")

ACCOUNT = (
    "At the end of the late shift on Friday he followed me into the locker room, stood in the "
    "doorway so I could not leave, and said that if I wanted a good appraisal I should be nicer "
    "to him. He has done the same to two probationers on our team."
)
# The same account with a sentence added and a few words mended.
MENDED = (
    "At the end of the late shift on Friday he followed me into the locker room, stood in the "
    "doorway so I couldn't leave, and said that if I wanted a good appraisal I had to be nicer "
    "to him. He has done the same to two probationers on our team. I am scared of him."
)
# One incident in another person's own words.
OWN_WORDS = (
    "I saw him follow a colleague into the locker room after the late shift last Friday. He "
    "blocked the door and I heard him say something about her appraisal. She came out upset "
    "and told me he had done this before to the new probationers."
)
KHAN = {"name": "Sgt Mo Khan", "collar_number": "77EA", "unit": "East Area BCU"}


def test_a_copy_with_words_mended_is_near_and_another_persons_account_is_not() -> None:
    assert near_copies({1: ACCOUNT, 2: MENDED, 3: OWN_WORDS}) == {1: [2], 2: [1]}


def test_a_short_account_is_never_called_a_copy() -> None:
    short = "He shouted at me in front of everyone at the briefing again today."
    assert near_copies({1: short, 2: short}) == {}


def test_the_persons_page_marks_accounts_in_nearly_the_same_words(
    client: FlaskClient, team: Team
) -> None:
    for description in (ACCOUNT, MENDED, OWN_WORDS):
        submit_report(client.application.test_client(), people=[KHAN], description=description)
    first, second, third = reports_in_order()[-3:]
    [cluster] = set(
        db.session.scalars(
            select(SubjectLink.cluster_id).where(
                SubjectLink.report_id.in_([first.id, second.id, third.id])
            )
        )
    )
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster}").get_data(as_text=True)
    assert "but 2 of them give an account in nearly the same words as another" in html
    marked = re.findall(
        r'href="/team/cases/(C-[A-Z0-9]+)".*?(?:Nearly the same words as '
        r'<span class="candour-reference">(C-[A-Z0-9]+)</span>|</tr>)',
        html,
        re.S,
    )
    assert dict(marked) == {
        first.reference: second.reference,
        second.reference: first.reference,
        third.reference: "",
    }


def test_without_near_copies_the_page_says_nothing_of_them(client: FlaskClient, team: Team) -> None:
    for description in (ACCOUNT, OWN_WORDS):
        submit_report(client.application.test_client(), people=[KHAN], description=description)
    report: Report = reports_in_order()[-1]
    cluster = db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == report.id)
    ).one()
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/subjects/{cluster}").get_data(as_text=True)
    assert "nearly the same words" not in html.lower()
