"""The case page says when a person may be named in other reports, linking only the cases the
member may open."""

from __future__ import annotations

import re
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, reports_in_order, sign_in_directly, submit_report
from tests.page_text import words
from triage.matching.related import RelatedSubject
from triage.models import Recusal, SubjectLink

SMYTH = {"name": "PC Jon Smyth", "collar_number": "1234AB", "unit": "CW BCU"}
SMITH = {"name": "Jonathan Smith", "collar_number": "PC 1234 ab", "unit": "Central West BCU"}
KHAN = {"name": "Sgt Mo Khan", "collar_number": "77EA", "unit": "East Area BCU"}


def references() -> list[str]:
    return [report.reference for report in reports_in_order()]


def test_the_case_page_names_linked_cases_with_the_reason(client: FlaskClient, team: Team) -> None:
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH])
    submit_report(reporter, people=[SMITH])
    submit_report(reporter, people=[KHAN])
    first, second, unrelated = references()
    sign_in_directly(client, team.lead, team.keys)
    html = client.get(f"/team/cases/{second}").get_data(as_text=True)
    assert "Person 1 may be named in 1 other report." in html
    assert f'href="/team/cases/{first}"' in html
    assert "same shoulder number" in html
    assert "may be named in" not in client.get(f"/team/cases/{unrelated}").get_data(as_text=True)


def test_a_linked_case_the_member_is_recused_from_is_counted_but_not_linked(
    client: FlaskClient, team: Team
) -> None:
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH])
    submit_report(reporter, people=[SMITH])
    first, second = references()
    caseworker = add_member("caseworker", team)
    first_id = db.session.scalars(select(Report.id).where(Report.reference == first)).one()
    db.session.add(Recusal(member_id=caseworker.id, report_id=first_id, declared_on=date.today()))
    db.session.commit()
    sign_in_directly(client, caseworker, team.keys)
    html = client.get(f"/team/cases/{second}").get_data(as_text=True)
    assert "Person 1 may be named in 1 other report." in html
    assert f'href="/team/cases/{first}"' not in html
    assert "You cannot open it: you declared a conflict of interest in it." in html


def test_the_earlier_case_says_why_the_later_one_was_linked_to_it(
    client: FlaskClient, team: Team
) -> None:
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH])
    submit_report(reporter, people=[SMITH])
    first, second = references()
    sign_in_directly(client, team.lead, team.keys)
    text = words(client.get(f"/team/cases/{first}").get_data(as_text=True))
    assert "Person 1 may be named in 1 other report." in text
    assert f"Why {second} (person 1) was linked to this case: " in text
    assert "same shoulder number" in text.split(f"Why {second}")[1]


def test_a_case_naming_nobody_shows_risk_from_its_own_words_not_a_repeat_subject(
    client: FlaskClient, team: Team
) -> None:
    reporter = client.application.test_client()
    submit_report(
        reporter,
        people=[],
        description="He used the police computer to find her address and then raped her.",
    )
    nobody = db.session.scalars(select(Report)).one()
    assert nobody.risk_score > 0
    sign_in_directly(client, team.lead, team.keys)
    text = words(client.get(f"/team/cases/{nobody.reference}").get_data(as_text=True))
    assert re.search(r"Risk \d+\b(?!, with)", text)  # not a repeat subject, and no possible match
    assert "Repeat subject" not in text


def test_repeat_subject_only_where_a_person_is_named_in_more_than_one_report(
    client: FlaskClient, team: Team
) -> None:
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH])
    (alone,) = references()
    sign_in_directly(client, team.lead, team.keys)
    assert "Repeat subject" not in client.get(f"/team/cases/{alone}").get_data(as_text=True)
    submit_report(reporter, people=[SMITH])
    for reference in references():
        assert "Repeat subject: risk" in client.get(f"/team/cases/{reference}").get_data(
            as_text=True
        )


def test_a_link_reason_quotes_a_number_and_name_as_the_reporter_wrote_them(
    client: FlaskClient, team: Team
) -> None:
    """A shoulder number or name matching read differently ("AB1234" as 1234AB) is quoted as
    written and said to be read as its normal form: the caseworker checks the reason against
    the report, which shows only what was written."""
    reporter = client.application.test_client()
    submit_report(
        reporter, people=[{"name": "Jon Walker", "collar_number": "1234AB", "unit": "CW BCU"}]
    )
    odd = {"name": "Walker, Jon", "collar_number": "AB1234", "unit": "CW BCU"}
    submit_report(reporter, people=[odd])
    _, second = references()
    sign_in_directly(client, team.lead, team.keys)
    text = words(client.get(f"/team/cases/{second}").get_data(as_text=True))
    assert "Shoulder number: AB1234" in text  # the report, as written
    assert "same shoulder number “AB1234” (read as 1234AB)" in text
    assert "same name (“Walker, Jon”, read as Jon Walker)" in text
    assert "same shoulder number 1234AB" not in text


def test_a_case_declared_a_conflict_in_tells_nothing_of_itself_on_another_case(
    client: FlaskClient, team: Team
) -> None:
    """A caseworker who stepped away from X, opening Y about the same person, is told X exists
    (they declared the conflict) but nothing X's reporter said: the reasons for the risk are
    worked out from the reports they may open, as on the person's page."""
    reporter = client.application.test_client()
    submit_report(
        reporter,
        people=[SMYTH],
        categories=["domestic_abuse"],
        affected=["member_of_public"],
        description="He hit his partner and threatened a woman he stopped.",
    )
    submit_report(reporter, people=[SMITH])
    first, second = reports_in_order()
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    page = client.get(f"/team/cases/{first.reference}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, page
    declared = client.post(
        f"/team/cases/{first.reference}/conflict",
        data={"csrf_token": token[1], "confirm_conflict": "y"},
    )
    assert declared.status_code == 302
    assert db.session.get(Recusal, (caseworker.id, first.id)) is not None

    text = words(client.get(f"/team/cases/{second.reference}").get_data(as_text=True))
    assert "Person 1 may be named in 1 other report." in text
    assert "You cannot open it: you declared a conflict of interest in it." in text
    assert "of them you cannot open" not in text
    # Nothing worked out from the first report: not its count, kinds of behaviour or victims.
    assert "named in 2 reports" not in text
    assert "2 reports describe" not in text
    assert "members of the public" not in text
    assert "severity escalated" not in text
    assert "The risk score also counts the report you cannot see" in text
    # The lead, who may open both, is given every reason.
    sign_in_directly(client, team.lead, team.keys)
    text = words(client.get(f"/team/cases/{second.reference}").get_data(as_text=True))
    assert "named in 2 reports" in text
    assert "1 report involves members of the public or victims of crime" in text


def test_a_link_to_a_case_declared_a_conflict_in_gives_no_reasons_from_it(
    client: FlaskClient, team: Team
) -> None:
    """A caseworker recused from the first case read, on the second case and the person's page,
    "Linked to a report you cannot open (person 1): same shoulder number…; same name…": what
    the first report said. Only that there is such a link may be told."""
    reporter = client.application.test_client()
    submit_report(reporter, people=[SMYTH])
    submit_report(reporter, people=[SMITH])
    first, second = reports_in_order()
    caseworker = add_member("caseworker", team)
    db.session.add(Recusal(member_id=caseworker.id, report_id=first.id, declared_on=date.today()))
    db.session.commit()
    cluster = db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == second.id)
    ).one()
    sign_in_directly(client, caseworker, team.keys)
    for page in (f"/team/cases/{second.reference}", f"/team/subjects/{cluster}"):
        text = words(client.get(page).get_data(as_text=True))
        assert "Also linked to a report you cannot open" in text, page
        assert "same shoulder number" not in text, page
        assert "same name" not in text and "(person 1):" not in text, page
        assert first.reference not in text
    # The lead, who may open both, reads the reasons.
    sign_in_directly(client, team.lead, team.keys)
    text = words(client.get(f"/team/subjects/{cluster}").get_data(as_text=True))
    assert f"Linked to {first.reference} (person 1): same shoulder number" in text


def test_the_case_says_when_other_reports_were_linked_to_each_other_not_to_it() -> None:
    """A person named in 4 other reports, with reasons for 2 of them here: the other 2 were
    linked to those (each report links to the earlier ones it matched), which the case says,
    or its reasons read as missing some."""

    def subject(link_reason: str | None, linked_here: int, other_reports: int) -> RelatedSubject:
        here = [(f"C-{n}", 1, "same shoulder number") for n in range(linked_here)]
        return RelatedSubject(1, "cluster", other_reports, [], link_reason, [], here)

    two_lines = "Linked to C-A (person 1): same name\nLinked to C-B (person 2): same number"
    assert subject("Linked to C-A (person 1): same name", 1, 4).linked_through_others
    assert not subject(two_lines, 2, 4).linked_through_others
    assert not subject(None, 4, 4).linked_through_others
    assert subject(None, 0, 1).linked_through_others  # a report linked to it through others
