"""Referral between forces: from a "named in another force" notice a lead asks the other
force's lead to share; that lead accepts (the narrative and the person are re-sealed to the
asking force's key in their session) or declines with a reason. Only leads of the right force,
with CSRF; nothing of the other report shows before acceptance; both audit chains record each
step; the reporter is told their report was shared; a held report is never shared."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from intake.db import db
from intake.models import Report
from intake.models.force import DEFAULT_FORCE_ID, Force
from intake.sealing import SealError, open_sealed
from intake.tenancy import create_force, use_force
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    make_team,
    open_status,
    refused,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.page_text import table_labels
from tests.test_crossforce import IN_DEFAULT, IN_NORTH, NATIONAL_KEY
from tests.test_team_signin import text_of
from tests.test_tenancy import ForceClient, client_of
from triage import audit
from triage.casework import crossforce, retention
from triage.forms import EXPIRED
from triage.forms.crossforce import NO_SHARING_REASON
from triage.models import (
    AuditEntry,
    ClusterRisk,
    CrossForceNotice,
    CrossForceReferral,
    NationalToken,
    SharedReport,
)
from triage.team.keys import create_team_key

DEFAULT_WORDS = "He shouted at me in the custody suite at Marsh Lane."
NORTH_WORDS = "He followed me home from the Kestrel Road station twice in March."


@dataclass
class Setting:
    north: Force
    north_team: Team
    default_reference: str
    north_reference: str
    north_receipt: str
    default_lead: FlaskClient
    north_lead: ForceClient


@pytest.fixture
def two_forces(app: Flask, team: Team) -> Setting:
    return make_two_forces(app, team)


def make_two_forces(app: Flask, team: Team, north_share: str = "yes") -> Setting:
    """A report in each force naming one person; North's reporter answered ``north_share`` to
    whether their report may be shared with another force."""
    app.config["CANDOUR_NATIONAL_MATCHING_KEY"] = NATIONAL_KEY
    north = create_force("north", "North Force")
    db.session.commit()
    with use_force(north.id):
        north_team = make_team()
    submit_report(app.test_client(), people=[IN_DEFAULT], description=DEFAULT_WORDS)
    receipt = submit_report(
        client_of(app, north.slug), people=[IN_NORTH], description=NORTH_WORDS, share=north_share
    )
    default_reference = db.session.scalars(select(Report.reference)).one()
    with use_force(north.id):
        north_reference = db.session.scalars(select(Report.reference)).one()
    default_lead = app.test_client()
    sign_in_directly(default_lead, team.lead, team.keys)
    north_lead = client_of(app, north.slug)
    with use_force(north.id):
        sign_in_directly(north_lead, north_team.lead, north_team.keys)
    return Setting(
        north, north_team, default_reference, north_reference, receipt, default_lead, north_lead
    )


def case_text(client: FlaskClient, reference: str) -> str:
    return visible_text(client.get(f"/team/cases/{reference}").get_data(as_text=True))


def notice_id() -> int:
    return db.session.scalars(select(CrossForceNotice.id)).one()


def ask(s: Setting, client: FlaskClient | None = None, with_csrf: bool = True) -> int:
    client = client or s.default_lead
    token = csrf_token(client.get("/team/").get_data(as_text=True)) if with_csrf else ""
    url = f"/team/cases/{s.default_reference}/crossforce/{notice_id()}/ask"
    return client.post(url, data={"csrf_token": token}).status_code


def north_referral_id(s: Setting) -> int:
    with use_force(s.north.id):
        return crossforce.open_requests()[0].referral_id


def answer(s: Setting, decision: str, reason: str = "") -> int:
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    token = csrf_token(s.north_lead.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "decision": decision, "reason": reason}
    return s.north_lead.post(url, data=data).status_code


def actions() -> list[str]:
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_a_lead_asks_and_the_other_lead_accepts_and_the_content_opens_in_the_asking_force(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert "Ask North Force’s lead to share" in case_text(s.default_lead, s.default_reference)
    assert ask(s) == 302
    # The request is waiting in North's list (a banner on its lead's queue says so and links to
    # it; the asking lead's queue has no banner), and on its case page.
    queue = visible_text(s.north_lead.get("/team/").get_data(as_text=True))
    assert "Another force has asked you to share a report. Answer the request" in queue
    asking_queue = visible_text(s.default_lead.get("/team/").get_data(as_text=True))
    assert "asked you to share" not in asking_queue
    assert "Requests from other forces to share a report" in asking_queue
    requests = visible_text(s.north_lead.get("/team/crossforce/requests").get_data(as_text=True))
    assert s.north_reference in requests and "Default force" in requests
    assert "asked you to share this report" in case_text(s.north_lead, s.north_reference)
    # The request says what the match rests on, as the case page does, and nothing more.
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    request_page = visible_text(s.north_lead.get(url).get_data(as_text=True))
    assert "Almost certainly the same person: same warrant number." in request_page
    assert f"Their report is from {date.today().year}." in request_page
    # Nothing of North's report shows in the default force before acceptance.
    before = case_text(s.default_lead, s.default_reference)
    assert "Kestrel Road" not in before and s.north_reference not in before
    assert s.default_lead.get(f"/team/cases/{s.north_reference}").status_code == 404
    assert "Kestrel Road" not in s.default_lead.get("/team/audit.csv").get_data(as_text=True)

    assert answer(s, "accept") == 302
    queue = visible_text(s.north_lead.get("/team/").get_data(as_text=True))
    assert "asked you to share" not in queue
    after = case_text(s.default_lead, s.default_reference)
    assert "Shared by North Force" in after and NORTH_WORDS in after
    assert "Liam Kingsmouth" in after and "48213" in after
    # Sealed to the default force's key: it opens with that key, not North's.
    share = db.session.scalars(select(SharedReport)).one()
    record = f"share:{share.id}"
    assert NORTH_WORDS.encode() in open_sealed(
        team.keys, share.content, record=record, field="shared"
    )
    with pytest.raises(SealError):
        open_sealed(s.north_team.keys, share.content, record=record, field="shared")
    # Both chains record the request, the decision and the transfer, and still verify.
    assert {"crossforce_requested", "crossforce_accepted_there", "crossforce_received"} <= set(
        actions()
    )
    assert audit.verify().broken_at is None
    with use_force(s.north.id):
        assert {"crossforce_request_received", "crossforce_accepted", "crossforce_shared"} <= set(
            actions()
        )
        assert audit.verify().broken_at is None
    # The reporter in North is told, in plain words.
    status = visible_text(
        open_status(client_of(app, s.north.slug), s.north_receipt).get_data(as_text=True)
    )
    assert "Your report was shared with another police force’s independent team" in status
    # Not that it cannot identify them: what they wrote may be recognised.
    assert "never who you are" not in status and "may recognise them" in status
    # The shared report counts in the default force's cluster risk now both leads agreed, and
    # the risk says so: it is listed nowhere among this force's cases.
    risk = db.session.scalars(select(ClusterRisk)).one()
    assert risk.report_count == 2
    assert "1 of the reports counted was shared by another force's team" in risk.reasons
    page = s.default_lead.get(f"/team/subjects/{risk.cluster_id}")
    shown = visible_text(page.get_data(as_text=True))
    assert "1 of the reports counted was shared by another force's team" in shown


def test_a_decline_needs_a_reason_is_recorded_and_the_reporter_is_told_nothing(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    form_page = s.north_lead.get(url).get_data(as_text=True)
    # The reason's box says its limit (it said nothing, and its count counted to nothing).
    assert "You can enter up to 2,000 characters" in visible_text(form_page)
    assert 'data-maxlength="2000"' in form_page
    token = csrf_token(form_page)
    # No reason: the form comes back with the error.
    posted = s.north_lead.post(url, data={"csrf_token": token, "decision": "decline"})
    refused_page = visible_text(refused(s.north_lead, posted))
    assert "Give the reason for declining" in refused_page
    assert answer(s, "decline", "Our investigation is at a sensitive stage") == 302
    shown = case_text(s.default_lead, s.default_reference)
    assert "declined" in shown and "Our investigation is at a sensitive stage" in shown
    assert "Kestrel Road" not in shown
    assert db.session.scalars(select(SharedReport)).all() == []
    assert "crossforce_declined_there" in actions()
    status = visible_text(
        open_status(client_of(app, s.north.slug), s.north_receipt).get_data(as_text=True)
    )
    assert "Your report was shared" not in status
    assert db.session.scalars(select(ClusterRisk.report_count)).one() == 1


def test_a_decline_from_a_tab_left_open_after_an_accept_says_it_was_not_sent_and_keeps_the_reason(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """It used to land on the answered page without a word, the reason typed in it lost."""
    s = two_forces
    assert ask(s) == 302
    referral_id = north_referral_id(s)
    url = f"/team/crossforce/requests/{referral_id}"
    stale = csrf_token(s.north_lead.get(url).get_data(as_text=True))  # the first tab
    assert answer(s, "accept") == 302  # the second tab
    reason = "Our investigation is at a sensitive stage"
    posted = s.north_lead.post(
        url, data={"csrf_token": stale, "decision": "decline", "reason": reason}
    )
    page = visible_text(refused(s.north_lead, posted))
    assert "This request was accepted while you were looking" in page
    assert "your answer was not sent" in page
    assert "The reason you wrote, not sent:" in page and reason in page
    assert "Request to share case" in page and "Share case" not in page.replace("to share", "")
    assert "crossforce_declined_there" not in actions()
    assert len(db.session.scalars(select(SharedReport)).all()) == 1
    # Opened afresh, the page is as it is: answered, and no reason shown.
    fresh = visible_text(s.north_lead.get(url).get_data(as_text=True))
    assert "This request was accepted on" in fresh and reason not in fresh


def test_only_a_lead_of_the_right_force_with_csrf_may_ask_or_answer(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    caseworker = app.test_client()
    sign_in_directly(caseworker, add_member("caseworker", team), team.keys)
    assert ask(s, caseworker) == 403
    assert ask(s, with_csrf=False) == 400
    assert ask(s, s.north_lead) == 404  # the default force's case is not North's
    assert ask(s) == 302
    referral_id = north_referral_id(s)
    # The asking force cannot answer its own request, nor a North caseworker.
    assert s.default_lead.get(f"/team/crossforce/requests/{referral_id}").status_code == 404
    north_caseworker = client_of(app, s.north.slug)
    with use_force(s.north.id):
        sign_in_directly(
            north_caseworker, add_member("caseworker", s.north_team), s.north_team.keys
        )
    url = f"/team/crossforce/requests/{referral_id}"
    assert north_caseworker.get(url).status_code == 403
    # Without the CSRF token the answer is refused: the form comes back, the request stays open.
    without = s.north_lead.post(url, data={"decision": "accept"})
    assert EXPIRED in refused(s.north_lead, without)
    assert north_referral_id(s) == referral_id
    assert db.session.scalars(select(SharedReport)).all() == []


def test_asking_again_from_a_stale_page_makes_no_second_request_and_says_so_as_a_warning(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302
    assert ask(s) == 302  # the same button, from a page opened before the first request
    with use_force(s.north.id):
        assert len(crossforce.open_requests()) == 1
    page = s.default_lead.get(f"/team/cases/{s.default_reference}").get_data(as_text=True)
    warning = text_of(page, "important") or ""
    assert "You have already asked North Force's lead to share their report" in warning
    assert "govuk-notification-banner--success" not in page


def test_a_held_report_is_never_shared(app: Flask, team: Team, two_forces: Setting) -> None:
    s = two_forces
    assert ask(s) == 302
    with use_force(s.north.id):
        report = db.session.scalars(select(Report)).one()
        report.escrow = "waiting"  # as if held: the request must not share it
    referral_id = north_referral_id(s)
    with use_force(s.north.id):
        lead = s.north_team.lead
        with pytest.raises(crossforce.ReferralError):
            crossforce.decide(referral_id, lead, s.north_team.keys, accept=True)
    assert db.session.scalars(select(SharedReport)).all() == []


def test_destroying_a_case_destroys_what_another_force_shared_onto_it(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302
    assert answer(s, "accept") == 302
    report = db.session.scalars(select(Report)).one()
    assert db.session.scalars(select(SharedReport)).all() != []
    retention.destroy_withdrawn(report)
    db.session.commit()
    assert db.session.scalars(select(SharedReport)).all() == []
    kept = db.session.scalars(select(NationalToken.report_id)).all()
    assert kept and report.id not in kept  # North's report's tokens stay; this one's are gone


def test_every_request_is_a_block_of_labelled_cells_on_a_phone(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """The four columns ran past a 375 px phone's edge, and the page with them: below tablet
    width each request is a block of cells under their column's heading (the stylesheet shows
    each cell's data-label). The Answer link needs no label: its heading is only for screen
    readers."""
    s = two_forces
    assert ask(s) == 302
    html = s.north_lead.get("/team/crossforce/requests").get_data(as_text=True)
    headings, labels = table_labels(html, 'id="share-requests"')
    assert headings == ["Your case", "Asked by", "Asked on", "Answer"]
    assert labels == [[*headings[:3], None]]


def test_a_request_about_a_report_sealed_to_a_key_rotated_since_sign_in_is_not_answered(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """Sharing opens the report and declining seals a reason: the lead answering was shown a
    server error, where every other action on such a report says to sign in again."""
    s = two_forces
    assert ask(s) == 302
    with use_force(s.north.id):
        rotated = create_team_key()  # since the north lead signed in
        report = db.session.scalars(select(Report)).one()
        report.team_key_id = rotated.key_id
        db.session.commit()
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    refused = s.north_lead.post(url, data={"decision": "accept"})
    assert refused.status_code == 303
    assert refused.location.endswith(f"/team/cases/{s.north_reference}")
    shown = visible_text(s.north_lead.get(refused.location).get_data(as_text=True))
    assert "Sign out and sign in again" in shown
    with use_force(s.north.id):
        assert crossforce.open_requests()  # still waiting for an answer
    assert db.session.scalars(select(SharedReport)).all() == []


def test_a_report_whose_reporter_said_no_to_sharing_cannot_be_asked_for_nor_shared(
    app: Flask, team: Team
) -> None:
    s = make_two_forces(app, team, north_share="no")
    with use_force(s.north.id):
        held = db.session.scalars(select(Report)).one()
        assert held.no_sharing
    assert notice_id()  # the notice still tells the default force the person was named there
    assert ask(s) == 302
    page = case_text(s.default_lead, s.default_reference)
    assert "The reporter of North Force's report asked that it not be shared" in page
    assert "crossforce_requested" not in actions()
    with use_force(s.north.id):
        assert crossforce.open_requests() == []
        assert "crossforce_request_received" not in actions()
    # North's team is told on the case page, and its reporter on their report page.
    north_case = case_text(s.north_lead, s.north_reference)
    assert "The reporter asked that this report not be shared with another force" in north_case
    status = visible_text(
        open_status(client_of(app, s.north.slug), s.north_receipt).get_data(as_text=True)
    )
    assert "You asked that your report not be shared with another police force" in status


def test_a_request_made_before_cannot_be_accepted_once_the_report_is_not_to_be_shared(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302
    with use_force(s.north.id):
        db.session.scalars(select(Report)).one().no_sharing = True
        db.session.commit()
    answer(s, "accept")
    with use_force(s.north.id):
        assert crossforce.open_requests()  # still open: refused, not accepted
        assert db.session.scalars(select(SharedReport)).all() == []
    assert db.session.scalars(select(SharedReport)).all() == []


def test_a_request_for_a_report_not_to_be_shared_says_so_first_and_offers_only_declining(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """The page offered "Share the narrative…" and said the reporter would see their report was
    shared, though they had asked that it not be; only choosing Share said it could not be."""
    s = two_forces
    assert ask(s) == 302
    ask_not_to_share(app, s)
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    page = s.north_lead.get(url).get_data(as_text=True)
    shown = visible_text(page)
    assert "The reporter asked that this report not be shared with another force" in shown
    assert "Share the narrative" not in shown and 'value="accept"' not in page
    assert "The reporter will see that their report was shared" not in shown
    assert "Share case" not in shown
    # Declining is one button, its reason written already (the lead may change it).
    assert f"{NO_SHARING_REASON}</textarea>" in page
    declined = s.north_lead.post(url, data=form_fields(page))
    assert declined.status_code == 302
    shown = case_text(s.default_lead, s.default_reference)
    assert "declined" in shown and NO_SHARING_REASON in shown
    assert db.session.scalars(select(SharedReport)).all() == []


def form_fields(html: str) -> dict[str, str]:
    """What a browser sends from a page's form: its hidden fields and its textarea."""
    fields = dict(
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"', html)
    )
    fields.update(
        re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html)
    )
    fields.update(re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\s*([^<]*)</textarea>', html))
    return {name: unescape(value) for name, value in fields.items()}


def ask_not_to_share(app: Flask, s: Setting) -> tuple[str, str]:
    """North's reporter asks, from their report page, that it not be shared; the page asking
    and the report page after, as text."""
    reporter = client_of(app, s.north.slug)
    status = visible_text(open_status(reporter, s.north_receipt).get_data(as_text=True))
    assert "Ask the team not to share your report" in status
    page = reporter.get("/status/no-sharing").get_data(as_text=True)
    done = reporter.post("/status/no-sharing", data={"csrf_token": csrf_token(page)})
    assert done.status_code == 302
    after = visible_text(reporter.get("/status").get_data(as_text=True))
    return visible_text(page), after


def test_a_reporter_asks_after_sending_that_their_report_not_be_shared(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    page, after = ask_not_to_share(app, s)
    assert "they will refuse every request for it from another force" in page
    assert "already shared" not in page
    assert "Your report will not be shared" in after
    assert "You asked that your report not be shared with another police force" in after
    assert "Ask the team not to share your report" not in after
    with use_force(s.north.id):
        report = db.session.scalars(select(Report)).one()
        assert report.no_sharing
        assert [e.kind for e in report.events if e.kind == "no_sharing"] == ["no_sharing"]
    assert ask(s) == 302
    assert "asked that it not be shared" in case_text(s.default_lead, s.default_reference)


def test_a_report_already_shared_says_so_and_is_not_shared_again(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302 and answer(s, "accept") == 302
    page, _ = ask_not_to_share(app, s)
    assert "was already shared with another force’s independent team on" in page
    assert "cannot be taken back" in page


def test_with_one_force_the_report_page_offers_no_sharing_choice(
    client: FlaskClient, team: Team
) -> None:
    receipt = submit_report(client)
    assert "Sharing with another force" not in visible_text(
        open_status(client, receipt).get_data(as_text=True)
    )
    assert client.get("/status/no-sharing").location.endswith("/status")


def test_a_request_about_a_report_destroyed_since_is_declined_not_shared(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """North's reporter withdrew (or retention ran) after the request came: accepting gave the
    lead a server error (there was nothing left to open), and declining sealed the lead's
    reason onto the destroyed case. Accepting is refused, saying why; declining still answers
    the request, its reason sealed to the asking force only."""
    s = two_forces
    assert ask(s) == 302
    with use_force(s.north.id):
        report = db.session.scalars(select(Report)).one()
        retention.destroy_withdrawn(report)
        db.session.commit()
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    token = csrf_token(s.north_lead.get(url).get_data(as_text=True))
    refused = s.north_lead.post(url, data={"csrf_token": token, "decision": "accept"})
    assert refused.status_code == 303
    shown = visible_text(s.north_lead.get(refused.location).get_data(as_text=True))
    assert "This report's content was destroyed, so there is nothing to share" in shown
    with use_force(s.north.id):
        assert crossforce.open_requests()  # still to answer
    assert db.session.scalars(select(SharedReport)).all() == []
    assert answer(s, "decline", "Nothing left to share") == 302
    with use_force(s.north.id):
        assert crossforce.open_requests() == []
        theirs = db.session.scalars(select(CrossForceReferral)).one()
        assert theirs.status == "declined" and theirs.reason is None
    assert "declined on" in case_text(s.default_lead, s.default_reference)


def test_a_report_destroyed_in_the_other_force_cannot_be_asked_for(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    with use_force(s.north.id):
        retention.destroy_withdrawn(db.session.scalars(select(Report)).one())
        db.session.commit()
    assert ask(s) == 302
    page = case_text(s.default_lead, s.default_reference)
    assert "North Force no longer holds what that report said" in page
    assert "withdr" not in page  # the asking force is not told the reporter withdrew
    assert "crossforce_requested" not in actions()
    with use_force(s.north.id):
        assert crossforce.open_requests() == []


def test_nothing_is_shared_onto_an_asking_case_destroyed_since(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    """The asking force's reporter withdrew after their lead asked: accepting sealed North's
    report onto a case whose content was already destroyed, where retention (which passes over
    a destroyed case) would never remove it. Accepting is refused; the request is declined."""
    s = two_forces
    assert ask(s) == 302
    asking = db.session.scalars(select(Report)).one()
    retention.destroy_withdrawn(asking)
    db.session.commit()
    url = f"/team/crossforce/requests/{north_referral_id(s)}"
    token = csrf_token(s.north_lead.get(url).get_data(as_text=True))
    refused = s.north_lead.post(url, data={"csrf_token": token, "decision": "accept"})
    assert refused.status_code == 303
    shown = visible_text(s.north_lead.get(refused.location).get_data(as_text=True))
    assert "Default force no longer holds the case that asked, so there is nothing to share" in (
        shown
    )
    assert db.session.scalars(select(SharedReport)).all() == []
    assert answer(s, "decline", "Nothing to share it with") == 302
    theirs = db.session.scalars(select(CrossForceReferral)).one()
    assert theirs.status == "declined" and theirs.reason is None  # not sealed onto it


def test_a_case_whose_content_was_destroyed_cannot_ask(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    retention.destroy_withdrawn(db.session.scalars(select(Report)).one())
    db.session.commit()
    assert ask(s) == 302
    assert "This case's content was destroyed, so nothing can be shared onto it" in case_text(
        s.default_lead, s.default_reference
    )
    with use_force(s.north.id):
        assert crossforce.open_requests() == []


def test_a_report_naming_nobody_is_not_offered_a_sharing_choice(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    # Sharing is about someone named, so the journey never asks about it when nobody is: nor
    # does the report page offer to refuse it ("If someone you named ...").
    reporter = client_of(app, two_forces.north.slug)
    receipt = submit_report(reporter, people=[])
    status = visible_text(open_status(reporter, receipt).get_data(as_text=True))
    assert "Sharing with another force" not in status
    assert "Ask the team not to share your report" not in status
    assert reporter.get("/status/no-sharing").location.endswith("/status")
    named = client_of(app, two_forces.north.slug)
    status = visible_text(open_status(named, two_forces.north_receipt).get_data(as_text=True))
    assert "Ask the team not to share your report" in status  # someone named: offered


@pytest.mark.parametrize(("declined_id", "open_id"), [(2**52, 10), (10, 2**52)])
def test_a_request_asked_again_the_day_it_was_declined_shows_open_on_both_case_pages(
    app: Flask, team: Team, two_forces: Setting, declined_id: int, open_id: int
) -> None:
    """Both requests are of one day and ids are random: whether the declined request's rows
    have the larger ids or the smaller, both case pages show the open request."""
    s = two_forces
    assert ask(s) == 302
    assert answer(s, "decline", "Not while our investigation is open") == 302
    assert ask(s) == 302
    for force_id in (DEFAULT_FORCE_ID, s.north.id):
        with use_force(force_id):
            for status, row_id in (("declined", declined_id), ("open", open_id)):
                db.session.execute(
                    update(CrossForceReferral)
                    .where(CrossForceReferral.status == status)
                    .values(id=row_id + force_id)  # ids are unique across forces
                )
    asking = case_text(s.default_lead, s.default_reference)
    assert "You asked North Force’s lead to share on" in asking
    assert "declined" not in asking
    assert "Ask North Force’s lead to share" not in asking  # no third request while one is open
    asked = case_text(s.north_lead, s.north_reference)
    assert "asked you to share this report" in asked and "Answer the request" in asked
    assert "declined" not in asked


@pytest.mark.parametrize(("first_id", "second_id"), [(2**52, 10), (10, 2**52)])
def test_a_request_declined_twice_in_one_day_shows_the_second_decline_on_both_case_pages(
    app: Flask, team: Team, two_forces: Setting, first_id: int, second_id: int
) -> None:
    """Both requests are of one day, both declined, and ids are random: whichever rows have the
    larger ids, both case pages show the later decline and its reason."""
    s = two_forces
    for reason in ("Not while our investigation is open", "Still at a sensitive stage"):
        assert ask(s) == 302
        assert answer(s, "decline", reason) == 302
    for force_id in (DEFAULT_FORCE_ID, s.north.id):
        with use_force(force_id):
            rows = db.session.scalars(
                select(CrossForceReferral).order_by(CrossForceReferral.round)
            ).all()
            assert [row.status for row in rows] == ["declined", "declined"]
            # The later request's row is rewritten first, so neither the ids nor where
            # PostgreSQL keeps each row follow the order they were asked in.
            for row, row_id in reversed(list(zip(rows, (first_id, second_id), strict=True))):
                row.id = row_id + force_id  # ids are unique across forces
                db.session.flush()
            db.session.commit()
    for client, reference in (
        (s.default_lead, s.default_reference),
        (s.north_lead, s.north_reference),
    ):
        shown = case_text(client, reference)
        assert "Still at a sensitive stage" in shown
        assert "Not while our investigation is open" not in shown


def ask_from_north(s: Setting) -> int:
    """North's lead asks the default force for its report, from North's notice."""
    with use_force(s.north.id):
        north_notice = notice_id()
    token = csrf_token(s.north_lead.get("/team/").get_data(as_text=True))
    url = f"/team/cases/{s.north_reference}/crossforce/{north_notice}/ask"
    return s.north_lead.post(url, data={"csrf_token": token}).status_code


def test_the_force_asked_may_ask_for_the_asking_forces_report_in_return_but_only_once(
    app: Flask, team: Team, two_forces: Setting
) -> None:
    s = two_forces
    assert ask(s) == 302
    north_case = case_text(s.north_lead, s.north_reference)
    assert "asked you to share this report" in north_case and "Answer the request" in north_case
    assert "Ask Default force’s lead to share" in north_case  # the other direction is open
    assert ask_from_north(s) == 302
    with use_force(s.north.id):
        assert len(crossforce.open_requests()) == 1
        assert "crossforce_requested" in actions()
    assert len(crossforce.open_requests()) == 1  # the default force is asked in return
    # Each case page shows both requests, each with its own control.
    asking = case_text(s.default_lead, s.default_reference)
    assert "You asked North Force’s lead to share on" in asking
    assert "North Force’s lead asked you to share this report on" in asking
    assert "Answer the request" in asking and "Ask North Force’s lead to share" not in asking
    north_case = case_text(s.north_lead, s.north_reference)
    assert "You asked Default force’s lead to share on" in north_case
    assert "Answer the request" in north_case
    assert "Ask Default force’s lead to share" not in north_case
    # The same direction twice is still refused.
    assert ask_from_north(s) == 302
    page = s.north_lead.get(f"/team/cases/{s.north_reference}").get_data(as_text=True)
    warning = text_of(page, "important") or ""
    assert "You have already asked Default force's lead to share their report" in warning
    assert len(crossforce.open_requests()) == 1
    # Each answers the other: both reports are shared, each sealed to the asker's key.
    assert answer(s, "accept") == 302
    url = f"/team/crossforce/requests/{crossforce.open_requests()[0].referral_id}"
    token = csrf_token(s.default_lead.get(url).get_data(as_text=True))
    decided = s.default_lead.post(url, data={"csrf_token": token, "decision": "accept"})
    assert decided.status_code == 302
    assert NORTH_WORDS in case_text(s.default_lead, s.default_reference)
    assert DEFAULT_WORDS in case_text(s.north_lead, s.north_reference)


def test_a_report_not_to_be_shared_is_said_to_be_so_in_place_of_an_ask_button(
    app: Flask, team: Team
) -> None:
    s = make_two_forces(app, team, north_share="no")
    page = case_text(s.default_lead, s.default_reference)
    assert "Ask North Force’s lead to share" not in page
    assert (
        "The reporter of North Force's report asked that it not be shared with another force, "
        "so it cannot be asked for." in page
    )
    # North's report is not to be shared, the default force's is: North may still ask.
    north_case = case_text(s.north_lead, s.north_reference)
    assert "Ask Default force’s lead to share" in north_case
    assert "cannot be asked for" not in north_case
