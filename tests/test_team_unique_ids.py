"""No team page repeats an id: a page of several forms repeated each one's CSRF token
(id="csrf_token") and its buttons named alike (id="submit"), and assistive technology, a label's
``for`` and an error summary's link each find only the first element of an id."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from intake.submission import submit
from tests.helpers import DEFAULT_REPORT, Team, add_member, sign_in_directly
from triage.models import PossibleMatch
from triage.team import invitations


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def repeated_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return [id_ for id_, times in parser.ids.items() if times > 1]


def _case_with_most_forms() -> str:
    """A case whose page shows nearly every form: a possible match to judge, the IOPC panel."""
    submit(dict(DEFAULT_REPORT))
    submit({**DEFAULT_REPORT, "people": [{"name": "PC Smyth"}]})
    db.session.commit()
    matched = db.session.scalars(select(PossibleMatch.other_report_id)).first()
    case = db.session.get_one(Report, matched)
    case.iopc_flags = "serious_sexual_offence"
    db.session.commit()
    return case.reference


def test_no_team_page_of_several_forms_repeats_an_id(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    reference = _case_with_most_forms()
    caseworker = add_member("caseworker", team)
    invited, _token = invitations.invite(
        "new@candour.test", "Nia New", "caseworker", team.keys, team.lead
    )
    db.session.commit()
    sign_in_directly(client, team.lead, team.keys)
    pages = (
        f"/team/cases/{reference}",
        f"/team/members/{caseworker.id}",  # remove and change role
        f"/team/members/{invited.id}",  # revoke and invite again
        "/team/account",  # change password, sign out, sign out everywhere
        "/team/members",
        "/team/",
    )
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        assert html.count("<form") > 1, page  # a page of several forms
        assert repeated_ids(html) == [], page
        if page == pages[0]:
            assert "Save judgement" in html and "Reason for your decision" in html
