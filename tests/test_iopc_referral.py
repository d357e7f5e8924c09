"""Once a lead confirms a referral to the IOPC, they record it: the date referred (against the
deadline: the end of the day after confirming), the IOPC's reference (sealed), the IOPC's decision
on the mode of investigation and the date it returned the matter to the force."""

from __future__ import annotations

import re
from datetime import date, timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models import Report
from tests.helpers import Team, add_member, csrf_token, refused, sign_in_directly
from tests.journey_page import field_error, parse, summary_value
from tests.page_text import words
from tests.test_iopc import REASON, decide, flagged_report
from triage.casework import checks, closing, iopc, outcome, stages
from triage.casework.retention import apply_retention
from triage.models import AuditEntry, IopcReferral


def as_fields(day: date) -> list[str]:
    """A date as the three boxes of the GOV.UK date input."""
    return [str(day.day), str(day.month), str(day.year)]


def record(client: FlaskClient, report: Report, **data: object) -> tuple[int, str]:
    url = f"/team/cases/{report.reference}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(f"{url}/iopc/referral", data={"csrf_token": token, **data})
    if response.status_code == 303:  # refused: the case page shows it again
        return 303, refused(client, response, url)
    return response.status_code, response.get_data(as_text=True)


def date_error(html: str, name: str) -> str:
    """The error the date field ``name`` shows as the GOV.UK date input does: its message, its
    boxes styled as errors, and the error summary linking to its first box, the day's."""
    message = field_error(html, name)
    if not message:
        return ""
    root = parse(html)
    boxes = [root.find("input", id=f"{name}-{part}") for part in ("day", "month", "year")]
    assert all(box and "govuk-input--error" in box[0].classes for box in boxes), name
    links = {a.attrs["href"]: a.words for a in root.find("a") if a.attrs.get("href")}
    assert links.get(f"#{name}-day") == message, "the summary links to the day box"
    return message


def page(client: FlaskClient, report: Report) -> str:
    return words(client.get(f"/team/cases/{report.reference}").get_data(as_text=True))


def confirmed(client: FlaskClient, team: Team) -> Report:
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    assert decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)[0] == 302
    return report


def test_a_lead_records_the_referral_against_its_deadline_then_the_iopcs_decisions(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    today = date.today()
    due = today + timedelta(days=1)
    before = page(client, report)
    assert f"Due by {due.day} {due:%B %Y}" in before  # the deadline clock, running

    status, _ = record(client, report, referred_on=as_fields(today), iopc_reference="2026/012345")
    assert status == 302
    referral = db.session.get(IopcReferral, report.id)
    assert referral is not None and referral.referred_on == today and referral.mode is None
    assert referral.reference and b"012345" not in referral.reference  # sealed
    after = page(client, report)
    assert f"Done on {today.day} {today:%B %Y}" in after
    assert "2026/012345" in after and "The IOPC has not decided yet" in after

    status, _ = record(
        client,
        report,
        referred_on=as_fields(today),
        iopc_reference="",  # left blank: the reference stays
        iopc_mode="local",
        returned_on=as_fields(today),
    )
    assert status == 302
    db.session.refresh(referral)
    assert referral.mode == "local" and referral.returned_on == today
    text = page(client, report)
    assert "Local investigation by the force" in text and "2026/012345" in text
    details = [e.detail for e in report.events]
    assert f"IOPC referral recorded by a lead: referred on {today.day} {today:%B %Y}" in details
    assert "IOPC referral record updated by a lead" in details  # the date did not change
    audits = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "iopc_referral_recorded")
    ).all()
    assert len(audits) == 2 and not any("012345" in a.detail for a in audits)


def test_the_referral_is_overdue_the_day_after_it_fell_due(client: FlaskClient, team: Team) -> None:
    report = confirmed(client, team)
    report.iopc_decided_on = date.today() - timedelta(days=3)
    db.session.commit()
    assert "Overdue: was due" in page(client, report)


def test_mistakes_are_refused_and_nothing_is_recorded(client: FlaskClient, team: Team) -> None:
    report = confirmed(client, team)
    today = date.today()
    _, missing = record(client, report, iopc_reference="2026/1")
    assert date_error(missing, "referred_on") == "Enter the date the referral was made"
    _, future = record(client, report, referred_on=as_fields(today + timedelta(days=2)))
    said = "Date referred to the IOPC must be today or in the past"
    assert date_error(future, "referred_on") == said
    _, backwards = record(
        client,
        report,
        referred_on=as_fields(today),
        returned_on=as_fields(today - timedelta(days=1)),
    )
    said = "Date returned to the force must be on or after the date referred"
    assert date_error(backwards, "returned_on") == said
    assert not date_error(backwards, "referred_on")
    # Years before the report arrived would read as a referral made in time.
    _, too_early = record(client, report, referred_on=as_fields(date(2020, 1, 1)))
    received = report.received_on
    assert date_error(too_early, "referred_on") == (
        "Date referred to the IOPC must be on or after the day the report was received "
        f"({received.day} {received:%B %Y})"
    )
    assert db.session.get(IopcReferral, report.id) is None


def test_each_date_out_of_place_is_an_error_on_its_own_field_not_the_section(
    client: FlaskClient, team: Team
) -> None:
    """Found in a walk: "A date cannot be in the future", linked to the section, with neither
    date marked, did not say which date was wrong."""
    report = confirmed(client, team)
    today, tomorrow = date.today(), date.today() + timedelta(days=1)
    _, html = record(client, report, referred_on=as_fields(today), returned_on=as_fields(tomorrow))
    said = "Date returned to the force must be today or in the past"
    assert date_error(html, "returned_on") == said
    assert not date_error(html, "referred_on")
    assert 'href="#iopc-referral"' not in html  # the field, not the section
    # Both wrong: each field says what is wrong with it.
    later = as_fields(tomorrow + timedelta(days=1))
    _, both = record(client, report, referred_on=as_fields(tomorrow), returned_on=later)
    said_referred = "Date referred to the IOPC must be today or in the past"
    assert date_error(both, "referred_on") == said_referred
    assert date_error(both, "returned_on") == said
    assert db.session.get(IopcReferral, report.id) is None


def test_a_matter_returned_without_an_investigation_needs_the_date_it_was_returned(
    client: FlaskClient, team: Team
) -> None:
    """Found in a walk: saved without the date, the record read "No investigation: returned to
    the force" over "Date returned to the force: Not returned"."""
    report = confirmed(client, team)
    today = date.today()
    _, html = record(client, report, referred_on=as_fields(today), iopc_mode="returned")
    assert date_error(html, "returned_on") == iopc.RETURNED_DATE_NEEDED
    assert parse(html).find("input", id="iopc_mode-5", checked="")  # the choice is kept
    assert db.session.get(IopcReferral, report.id) is None
    returned = {"iopc_mode": "returned", "returned_on": as_fields(today)}
    assert record(client, report, referred_on=as_fields(today), **returned)[0] == 302
    shown = client.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    assert summary_value(shown, "Date returned to the force") == f"{today.day} {today:%B %Y}"
    # Under any other mode the date stays optional: a local investigation may not be decided
    # on the day the record is made.
    local = {"iopc_mode": "local", "returned_on": ["", "", ""]}
    assert record(client, report, referred_on=as_fields(today), **local)[0] == 302


def test_the_operation_refuses_what_the_form_refuses(client: FlaskClient, team: Team) -> None:
    """Whoever calls it (the demo seed does), the record never holds a return undated."""
    report = confirmed(client, team)
    today = date.today()
    for dates, said in [
        ({"referred_on": today + timedelta(days=1)}, "must be today or in the past"),
        ({"referred_on": today, "mode": "returned"}, iopc.RETURNED_DATE_NEEDED),
    ]:
        kwargs = {"referred_on": today, "mode": "", "returned_on": None, **dates}
        try:
            iopc.record_referral(report, team.lead, reference="", today=today, **kwargs)
        except checks.CaseworkError as error:
            assert said in str(error)
        else:
            raise AssertionError(f"{dates} was recorded")
    db.session.rollback()
    assert db.session.get(IopcReferral, report.id) is None


def test_only_a_lead_records_and_only_after_confirming(client: FlaskClient, team: Team) -> None:
    report = flagged_report(client)
    sign_in_directly(client, team.lead, team.keys)
    _, early = record(client, report, referred_on=as_fields(date.today()))
    assert "Confirm the referral to the IOPC before recording it" in early
    assert decide(client, report, iopc_decision="confirmed", iopc_reason=REASON)[0] == 302
    caseworker = client.application.test_client()
    sign_in_directly(caseworker, add_member("caseworker", team), team.keys)
    assert "Save the referral record" not in page(caseworker, report)
    token = csrf_token(caseworker.get(f"/team/cases/{report.reference}").get_data(as_text=True))
    refused = caseworker.post(
        f"/team/cases/{report.reference}/iopc/referral",
        data={"csrf_token": token, "referred_on": as_fields(date.today())},
    )
    assert refused.status_code == 403
    assert db.session.get(IopcReferral, report.id) is None


def test_a_date_that_is_not_real_or_a_forged_one_is_an_error_not_a_crash(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    status, unreal = record(client, report, referred_on=["31", "2", "2026"])
    assert status == 303 and "Date referred to the IOPC must be a real date" in unreal
    returned = ["30", "2", "2026"]
    status, unreal = record(
        client, report, referred_on=as_fields(date.today()), returned_on=returned
    )
    said = "Date the IOPC returned the matter to the force must be a real date"
    assert status == 303 and said in unreal and "(optional) must" not in unreal
    # Half a date is named by what it lacks, as the GOV.UK date input asks.
    status, partial = record(client, report, referred_on=["3", "", ""])
    assert status == 303 and "Date referred to the IOPC must include a month and year" in partial
    status, short = record(client, report, referred_on=["3", "2", "26"])
    assert "Date referred to the IOPC must include a year with 4 numbers, like 2026" in short
    status, forged = record(client, report, referred_on=["1"], returned_on=["1", "2", "3", "4"])
    assert status == 303 and "Enter the date the referral was made" in forged
    assert db.session.get(IopcReferral, report.id) is None


def test_retention_destroys_the_sealed_iopc_reference_and_keeps_the_dates(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    today = date.today()
    record(client, report, referred_on=as_fields(today), iopc_reference="2026/1", iopc_mode="local")
    stages.acknowledge(report, team.lead)
    outcome.record_outcome(
        report,
        team.lead,
        "no_further_action",
        "Handled locally.",
        told="We looked into your report and decided this.",
    )
    closing.close(report, team.lead, "Outcome given")
    report.closed_on = today - timedelta(days=800)
    db.session.commit()
    apply_retention(24)
    db.session.commit()
    referral = db.session.get(IopcReferral, report.id)
    assert referral is not None and referral.reference is None
    assert (referral.referred_on, referral.mode) == (today, "local")


def test_a_referral_record_from_a_page_another_lead_overtook_is_refused(
    client: FlaskClient, team: Team
) -> None:
    """The whole record is saved at once: a page shown before another lead recorded the IOPC's
    return of the matter would have cleared it."""
    report = confirmed(client, team)
    today = date.today()
    assert record(client, report, referred_on=as_fields(today))[0] == 302
    url = f"/team/cases/{report.reference}"

    def seen(html: str) -> str:
        found = re.search(r'name="referral_seen" type="hidden" value="([0-9a-f]*)"', html)
        assert found, "the referral form carries the record as the page showed it"
        return found.group(1)

    stale = seen(client.get(url).get_data(as_text=True))
    returned = {"iopc_mode": "local", "returned_on": as_fields(today)}
    assert record(client, report, referred_on=as_fields(today), **returned)[0] == 302
    mine = {"referred_on": as_fields(today), "iopc_mode": ""}
    _, html = record(client, report, referral_seen=stale, **mine)
    assert "The referral record was changed while you were looking" in words(html)
    referral = db.session.get(IopcReferral, report.id)
    assert referral is not None
    db.session.refresh(referral)
    assert referral.mode == "local" and referral.returned_on == today
    # From the page shown with the refusal (the record as it is now), saving is deliberate.
    assert record(client, report, referral_seen=seen(html), **mine)[0] == 302
    db.session.refresh(referral)
    assert referral.mode is None and referral.returned_on is None


def test_a_referral_cannot_be_dated_before_it_was_confirmed(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    report.received_on = date.today() - timedelta(days=20)
    report.iopc_decided_on = date.today() - timedelta(days=8)  # confirmed a week ago, not made
    db.session.commit()
    assert "Overdue: was due" in page(client, report)
    # Backdated to before the confirmation, the clock would read "Done" on time.
    _, backdated = record(client, report, referred_on=as_fields(date.today() - timedelta(days=9)))
    confirmed_on = report.iopc_decided_on
    assert date_error(backdated, "referred_on") == (
        "Date referred to the IOPC must be on or after the day the referral was confirmed "
        f"({confirmed_on.day} {confirmed_on:%B %Y})"
    )
    assert db.session.get(IopcReferral, report.id) is None
    assert record(client, report, referred_on=as_fields(date.today()))[0] == 302
    assert f"Done late on {date.today().day}" in page(client, report)  # as it really was


def test_a_case_with_a_referral_confirmed_and_not_made_cannot_be_closed(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    close_url = f"/team/cases/{report.reference}/close"
    text = words(client.get(close_url).get_data(as_text=True))
    assert "confirmed but is not recorded as made, so the case cannot be closed yet" in text
    assert 'name="close_reason"' not in client.get(close_url).get_data(as_text=True)
    token = csrf_token(client.get(close_url).get_data(as_text=True) or "")
    forged = client.post(close_url, data={"csrf_token": token, "close_reason": "Done with it"})
    assert "record the referral before closing the case" in refused(client, forged, close_url)
    assert report.closed_on is None
    assert record(client, report, referred_on=as_fields(date.today()))[0] == 302
    token = csrf_token(client.get(close_url).get_data(as_text=True))
    closed = client.post(close_url, data={"csrf_token": token, "close_reason": "Referred"})
    assert closed.status_code == 302 and report.closed_on == date.today()


def test_an_overdue_referral_is_in_the_queues_overdue_view_and_tagged(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    stages.acknowledge(report, team.lead)  # no other clock of the case is overdue
    report.iopc_decided_on = date.today() - timedelta(days=3)
    db.session.commit()
    due = report.iopc_decided_on + timedelta(days=1)
    overdue = words(client.get("/team/?overdue=y").get_data(as_text=True))
    assert report.reference in overdue
    assert f"IOPC referral overdue: was due {due.day} {due:%b %Y}" in overdue
    report.iopc_decided_on = date.today()  # confirmed today: due tomorrow, not overdue yet
    db.session.commit()
    assert report.reference not in words(client.get("/team/?overdue=y").get_data(as_text=True))
    tomorrow = date.today() + timedelta(days=1)
    queue = words(client.get("/team/").get_data(as_text=True))
    assert f"IOPC referral to make by {tomorrow.day} {tomorrow:%b %Y}" in queue
    assert record(client, report, referred_on=as_fields(date.today()))[0] == 302
    assert "IOPC referral to make" not in words(client.get("/team/").get_data(as_text=True))


def words_of_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_a_referral_typed_in_as_on_time_but_recorded_after_the_deadline_shows_it(
    client: FlaskClient, team: Team
) -> None:
    """The date referred is the lead's word; the day Candour was told is the server's. Typing
    the deadline day a week later must not make the clock read "Done" on time."""
    report = confirmed(client, team)
    today = date.today()
    report.received_on = today - timedelta(days=20)
    report.iopc_decided_on = today - timedelta(days=6)
    db.session.commit()
    due = report.iopc_decided_on + timedelta(days=1)
    assert record(client, report, referred_on=as_fields(due))[0] == 302
    referral = db.session.get(IopcReferral, report.id)
    assert referral is not None and (referral.referred_on, referral.recorded_on) == (due, today)
    shown = page(client, report)
    assert "Recorded late" in shown
    assert (
        f"Referred on {words_of_day(due)} (date given by the lead) — recorded in Candour on "
        f"{words_of_day(today)}, after the deadline of {words_of_day(due)}"
    ) in shown
    assert f"Done on {words_of_day(due)}" not in shown


def test_the_day_first_recorded_stays_and_a_changed_date_is_in_the_timeline_and_audit_log(
    client: FlaskClient, team: Team
) -> None:
    """A typo may be corrected, but a date moved earlier days after the first record leaves
    the first record's day as it was, and says what it was changed from."""
    report = confirmed(client, team)
    today = date.today()
    report.received_on = today - timedelta(days=20)
    report.iopc_decided_on = today - timedelta(days=10)
    first_day = today - timedelta(days=4)
    # Recorded four days ago (late, and said so), then moved to the deadline day today.
    iopc.record_referral(
        report,
        team.lead,
        referred_on=first_day,
        reference="",
        mode="",
        returned_on=None,
        today=first_day,
    )
    db.session.commit()
    due = report.iopc_decided_on + timedelta(days=1)
    assert record(client, report, referred_on=as_fields(due))[0] == 302
    referral = db.session.get(IopcReferral, report.id)
    assert referral is not None
    db.session.refresh(referral)
    assert (referral.referred_on, referral.recorded_on) == (due, first_day)
    assert f"recorded in Candour on {words_of_day(first_day)}, after the deadline" in page(
        client, report
    )
    changed = (
        "IOPC referral record updated by a lead: date referred changed from "
        f"{words_of_day(first_day)} to {words_of_day(due)}"
    )
    assert changed in [e.detail for e in report.events]
    audits = db.session.scalars(
        select(AuditEntry.detail)
        .where(AuditEntry.action == "iopc_referral_recorded")
        .order_by(AuditEntry.id)
    ).all()
    assert f"referred {first_day.isoformat()} changed to {due.isoformat()}" in audits[-1]


def test_a_caseworker_is_told_a_lead_records_the_referral_and_to_tell_one_when_overdue(
    client: FlaskClient, team: Team
) -> None:
    report = confirmed(client, team)
    caseworker = add_member("caseworker", team)
    report.assignee_id = caseworker.id
    db.session.commit()
    theirs = client.application.test_client()
    sign_in_directly(theirs, caseworker, team.keys)
    due = date.today() + timedelta(days=1)
    running = page(theirs, report)
    assert "Record the referral" not in running  # the form is a lead's
    assert f"A lead must make the referral and record it here by the end of {due.day} " in running
    report.iopc_decided_on = date.today() - timedelta(days=3)
    db.session.commit()
    overdue = page(theirs, report)
    assert "Overdue: was due" in overdue
    assert (
        "The referral is overdue. A lead must make it and record it here: tell a lead today."
        in (overdue)
    )
    # Once recorded, the caseworker is told who keeps the record up to date.
    assert record(client, report, referred_on=as_fields(date.today()))[0] == 302
    recorded = page(theirs, report)
    assert "tell a lead today" not in recorded
    assert "Only a lead can update the referral record" in recorded
    # The lead has the form, not the advice.
    lead_page = page(client, report)
    assert "Only a lead can update" not in lead_page and "Update the referral record" in lead_page
