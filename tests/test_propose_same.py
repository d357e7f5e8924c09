"""A caseworker proposes that two people triage never offered as a possible match are one: it
becomes an open possible match judged through the usual pages, audited, kept by relink once
judged, and refused, with one answer, for a case the member may not open (a conflict declared,
another force's, or none)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import insert, select, update
from werkzeug.test import TestResponse

from intake.db import db
from intake.models import Report
from intake.models.force import Force
from intake.tenancy import use_force
from tests.helpers import (
    Team,
    add_member,
    csrf_token,
    refused,
    reports_in_order,
    sign_in_directly,
    submit_report,
    visible_text,
)
from tests.test_possible_matches import confirm_url, judge
from tests.test_relink import relink
from tests.test_roster import ROSTER, run_import, write_roster
from tests.test_tenancy import client_of, north, north_team, signed_in_north_lead
from triage.casework.checks import CaseworkError
from triage.matching import proposals
from triage.matching.cluster_risk import rescore
from triage.matching.possible import OWN_PROPOSAL
from triage.matching.proposals import NO_SUCH_CASE
from triage.models import AuditEntry, ClusterRisk, PossibleMatch, Recusal, SubjectLink

__all__ = ["north", "north_team"]  # fixtures

NUMBERED = {"name": "Liam Kingsmouth", "collar_number": "9871NE", "unit": "NE BCU"}
NICKNAME = {"name": "Kingy", "unit": "Territorial Support Group"}  # nothing triage can match
REASON = "Both describe the same incident at the same station on the same night"


def cluster_of(report: Report) -> str:
    db.session.expire_all()
    return db.session.scalars(
        select(SubjectLink.cluster_id).where(SubjectLink.report_id == report.id)
    ).one()


def two_people(client: FlaskClient) -> tuple[Report, Report]:
    for person in (NUMBERED, NICKNAME):
        submit_report(client.application.test_client(), people=[person])
    earlier, later = reports_in_order()
    assert cluster_of(earlier) != cluster_of(later)
    assert db.session.scalars(select(PossibleMatch)).first() is None  # never offered
    return earlier, later


def propose(client: FlaskClient, report: Report, other: str, **extra: str) -> TestResponse:
    """From the person's subject page, follow "This is the same person as…" and send the form."""
    subject = client.get(f"/team/subjects/{cluster_of(report)}?case={report.reference}")
    page = subject.get_data(as_text=True)
    address = f"/team/cases/{report.reference}/people/1/same-as"
    assert f'href="{address}"' in page and "This is the same person as someone in another case" in (
        page
    )
    form = client.get(address).get_data(as_text=True)
    data = {"csrf_token": csrf_token(form), "other_reference": other, "proposal_reason": REASON}
    return client.post(address, data={**data, **extra})


def test_a_proposal_is_judged_as_a_possible_match_and_kept_by_relink(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    earlier, later = two_people(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    # Typed as a reference is often written: lower case, without "C-", with a space.
    typed = later.reference.removeprefix("C-").lower()
    answer = propose(client, earlier, typed[:4] + " " + typed[4:])
    assert answer.status_code == 303
    assert answer.location == f"/team/cases/{earlier.reference}#possible"
    match = db.session.scalars(select(PossibleMatch)).one()
    # The later report (in relink's arrival order: day received, then id; both came today) is
    # the match's new side, as the matcher keeps them; nothing is linked.
    new, old = sorted((earlier, later), key=lambda r: (r.received_on, r.id), reverse=True)
    assert (match.report_id, match.other_report_id, match.status) == (new.id, old.id, "open")
    assert cluster_of(earlier) != cluster_of(later)
    audited = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "possible_match_proposed")
    ).one()
    assert audited.case_reference == earlier.reference
    assert audited.detail == f"person 1 here and person 1 in {later.reference}"
    case = client.get(f"/team/cases/{later.reference}").get_data(as_text=True)
    assert "Possible matches to judge" in case
    assert "proposed by a team member: triage did not offer it" in case
    # The section's introduction says who offered it: not triage, which was never unsure here.
    assert "A team member proposed that these people are the same" in visible_text(case)
    assert "Triage could not be sure enough" not in case
    assert f"Proposed by a caseworker, not found by triage: {REASON}" in case
    # Someone else judges it: the proposer is not offered the judgement, and is refused it.
    assert "You proposed this. Someone else on the team judges it" in case
    assert f'action="/team/cases/{later.reference}/possible/{match.id}"' not in case
    # Sent anyway (a page kept from before, say), the judgement is refused too.
    own = {"csrf_token": csrf_token(case), "same_reason": REASON}
    refused_own = client.post(confirm_url(later, match, "same"), data=own)
    assert escape(OWN_PROPOSAL) in client.get(refused_own.location).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(PossibleMatch, match.id).status == "open"  # type: ignore[union-attr]
    # Judged through the usual pages by another member: the same person, then a relink keeps it.
    sign_in_directly(client, team.lead, team.keys)
    assert judge(client, later, match, "same").status_code == 302
    assert cluster_of(earlier) == cluster_of(later)
    relink(app)
    assert cluster_of(earlier) == cluster_of(later)


def test_a_proposal_counts_towards_nobodys_risk_until_judged(
    client: FlaskClient, team: Team
) -> None:
    """One member's view alone must not raise a colleague's score: an open proposal is not a
    "possibly" of either person, as an open match triage offered is."""
    earlier, later = two_people(client)
    clusters = {cluster_of(earlier), cluster_of(later)}

    def risks() -> list[tuple[str, int, float, str]]:
        rescore(db.session, clusters)
        db.session.commit()
        rows = db.session.scalars(select(ClusterRisk).where(ClusterRisk.cluster_id.in_(clusters)))
        return sorted((r.cluster_id, r.report_count, r.score, r.reasons) for r in rows)

    before = risks()
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert propose(client, earlier, later.reference).status_code == 303
    assert db.session.scalars(select(PossibleMatch)).one().status == "open"
    assert risks() == before


def test_a_proposal_across_a_conflict_or_to_no_case_is_refused_alike(
    client: FlaskClient, team: Team
) -> None:
    earlier, later = two_people(client)
    caseworker = add_member("caseworker", team)
    db.session.add(Recusal(member_id=caseworker.id, report_id=later.id, declared_on=date.today()))
    db.session.commit()
    sign_in_directly(client, caseworker, team.keys)
    address = f"/team/cases/{earlier.reference}/people/1/same-as"
    across = refused(client, propose(client, earlier, later.reference), address)
    nowhere = refused(client, propose(client, earlier, "ZZZZ-ZZZZ-ZZZZ"), address)
    assert NO_SUCH_CASE in across and NO_SUCH_CASE in nowhere
    assert later.reference not in across.replace(f'value="{later.reference}"', "")
    assert db.session.scalars(select(PossibleMatch)).first() is None
    # Nor from the other side: the case declared a conflict in is not theirs to open.
    assert client.get(f"/team/cases/{later.reference}/people/1/same-as").status_code == 403
    # A person the case does not name has no form to fill in (it was refused only once sent).
    for number in (0, 9):
        assert (
            client.get(f"/team/cases/{earlier.reference}/people/{number}/same-as").status_code
            == 404
        )


@pytest.mark.parametrize("change", ["destroyed", "recused"])
def test_a_proposal_is_refused_when_the_other_case_changes_before_it_is_locked(
    app: Flask, client: FlaskClient, team: Team, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The other case was checked before the locks and only this one again after them: its
    content destroyed, or a conflict declared in it, in between, and the proposal was kept."""
    earlier, later = two_people(client)
    caseworker = add_member("caseworker", team)
    db.session.commit()
    take_locks = proposals.lock_clusters

    def meanwhile(session: Any) -> None:
        # Another transaction's change, which this session's copy of the row does not see.
        if change == "destroyed":
            db.session.execute(
                update(Report)
                .where(Report.id == later.id)
                .values(content_destroyed_on=date.today())
                .execution_options(synchronize_session=False)
            )
        else:
            db.session.execute(
                insert(Recusal).values(
                    member_id=caseworker.id, report_id=later.id, declared_on=date.today()
                )
            )
        take_locks(session)

    monkeypatch.setattr(proposals, "lock_clusters", meanwhile)
    with pytest.raises(CaseworkError, match=NO_SUCH_CASE):
        proposals.propose(earlier, caseworker, 1, later.reference, None, REASON)
    db.session.rollback()
    assert db.session.scalars(select(PossibleMatch)).first() is None


def test_a_proposal_cannot_reach_another_forces_case(
    app: Flask, client: FlaskClient, team: Team, north: Force, north_team: Team
) -> None:
    submit_report(client.application.test_client(), people=[NUMBERED])
    theirs = reports_in_order()[0].reference  # read now: north's session cannot see it
    reporter = client_of(app, north.slug)
    submit_report(reporter, people=[NICKNAME])
    lead = signed_in_north_lead(app, north, north_team)
    with use_force(north.id):
        ours = db.session.scalars(select(Report)).one()
        address = f"/team/cases/{ours.reference}/people/1/same-as"
        form = lead.get(address).get_data(as_text=True)
        data = {
            "csrf_token": csrf_token(form),
            "other_reference": theirs,
            "proposal_reason": REASON,
        }
        answer = lead.post(address, data=data)
        assert answer.status_code == 303
        assert NO_SUCH_CASE in lead.get(answer.location).get_data(as_text=True)
        assert db.session.scalars(select(PossibleMatch)).first() is None


def test_the_proposer_is_refused_the_confirmation_page_before_typing_a_reason(
    client: FlaskClient, team: Team
) -> None:
    """The proposer saw a working reason box and button, and was refused only on pressing it:
    refused as the page opens, in the same words, back at the match on the case."""
    earlier, later = two_people(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert propose(client, earlier, later.reference).status_code == 303
    match = db.session.scalars(select(PossibleMatch)).one()
    bare = confirm_url(later, match, "same").split("?")[0]  # no judgement in the address at all
    for address in (
        confirm_url(later, match, "same"),
        confirm_url(later, match, "different"),
        bare,
    ):
        opened = client.get(address)
        assert opened.status_code == 302
        assert opened.location == f"/team/cases/{later.reference}#possible-{match.id}"
        case = client.get(opened.location).get_data(as_text=True)
        assert f"{escape(OWN_PROPOSAL)}." in case
    # Nothing was opened for a page not shown.
    opened_for_it = select(AuditEntry).where(AuditEntry.detail == "possible match confirmation")
    assert db.session.scalars(opened_for_it).first() is None


def test_the_confirmation_page_says_once_who_proposed_the_match(
    client: FlaskClient, team: Team
) -> None:
    """The proposal's reason already says who proposed it: "A team member proposed this; triage
    did not offer it: Proposed by a caseworker, not found by triage: …." said it twice, with two
    full stops after a reason that ended in one."""
    earlier, later = two_people(client)
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    ended = REASON + "."
    assert propose(client, earlier, later.reference, proposal_reason=ended).status_code == 303
    match = db.session.scalars(select(PossibleMatch)).one()
    sign_in_directly(client, team.lead, team.keys)
    page = client.get(confirm_url(later, match, "same"))
    assert page.status_code == 200
    said = visible_text(page.get_data(as_text=True))
    assert f"Proposed by a caseworker, not found by triage: {ended} It is for you to judge" in said
    assert "did not offer it" not in said and ".." not in said


def test_proposing_a_person_against_one_case_is_not_proposing_them_against_another(
    client: FlaskClient, team: Team
) -> None:
    """A caseworker proposed a person against one case; a lead later proposed the same person
    against another. The caseworker was taken for the proposer of the lead's match too (the
    timeline line both proposals leave names only that person), told "You proposed this" and
    kept from judging it, which in a small team can leave a match nobody may judge."""
    third = {"name": "Bazza", "unit": "Dog support unit"}  # nothing triage can match either
    for person in (NUMBERED, NICKNAME, third):
        submit_report(client.application.test_client(), people=[person])
    # The newest report (by day received, then id) is each match's new side, as the matcher
    # keeps them; its person is the one proposed twice.
    first, second, newest = sorted(reports_in_order(), key=lambda r: (r.received_on, r.id))
    assert len({cluster_of(first), cluster_of(second), cluster_of(newest)}) == 3
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert propose(client, newest, first.reference).status_code == 303
    sign_in_directly(client, team.lead, team.keys)
    assert propose(client, newest, second.reference).status_code == 303
    leads = db.session.scalars(
        select(PossibleMatch).where(PossibleMatch.other_report_id == second.id)
    ).one()

    sign_in_directly(client, caseworker, team.keys)
    page = client.get(confirm_url(newest, leads, "same"))
    assert page.status_code == 200, page.location  # theirs to judge, not "You proposed this"
    assert judge(client, newest, leads, "same").status_code == 302
    assert cluster_of(newest) == cluster_of(second)
    # Their own proposal is still theirs, and still refused them.
    own = db.session.scalars(
        select(PossibleMatch).where(PossibleMatch.other_report_id == first.id)
    ).one()
    assert client.get(confirm_url(newest, own, "same")).status_code == 302


def test_the_introduction_says_triage_offered_some_and_members_proposed_others(
    client: FlaskClient, team: Team
) -> None:
    """A case with a match triage offered and one a member proposed: the introduction names
    both, where it once said triage was unsure of them all."""
    submit_report(client.application.test_client(), people=[NUMBERED])
    submit_report(client.application.test_client(), people=[{"name": "PC Liam Kingsmouth"}])
    submit_report(client.application.test_client(), people=[NICKNAME])
    numbered, _, nickname = reports_in_order()
    assert db.session.scalars(select(PossibleMatch)).one()  # triage offered the bare name
    sign_in_directly(client, add_member("caseworker", team), team.keys)
    assert propose(client, numbered, nickname.reference).status_code == 303
    case = visible_text(client.get(f"/team/cases/{numbered.reference}").get_data(as_text=True))
    assert "Triage offered some of these" in case
    assert "team members proposed the others" in case
    assert "Triage could not be sure enough" not in case


def proposed_for_a_lead(
    app: Flask, client: FlaskClient, team: Team, earlier: Report, later: Report
) -> tuple[PossibleMatch, Report, FlaskClient]:
    """A caseworker (signed in on ``client``) proposes that the two reports' people are one:
    the open possible match, its newer report, and a lead's client to judge it."""
    caseworker = add_member("caseworker", team)
    sign_in_directly(client, caseworker, team.keys)
    assert propose(client, earlier, later.reference).status_code == 303
    match = db.session.scalars(select(PossibleMatch)).one()
    new = db.session.get(Report, match.report_id)
    assert new is not None
    lead = app.test_client()
    sign_in_directly(lead, team.lead, team.keys)
    return match, new, lead


def test_linking_people_the_roster_tells_apart_is_warned_of_and_the_subject_page_says_so(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    """Two namesakes on the roster (two Sarah Andreous, different warrant numbers), each named in
    a report with a shoulder number that resolves to them: triage keeps them apart. A member
    about to link them on a proposal was shown no warning (one side may say "Not matched to one
    person on the roster" when only the rest of its group resolved), and the person page then
    claimed that "the details in these reports fit one person on the roster"."""
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    for person in (
        {"name": "Sarah Andreou", "collar_number": "8186NE"},
        {"name": "Sarah Andreou", "collar_number": "9001NW"},
    ):
        submit_report(client.application.test_client(), people=[person])
    earlier, later = reports_in_order()
    assert cluster_of(earlier) != cluster_of(later)
    match, new, lead = proposed_for_a_lead(app, client, team, earlier, later)
    same = visible_text(lead.get(confirm_url(new, match, "same")).get_data(as_text=True))
    assert "The force roster says these may be two people" in same
    assert same.count("ANDREOU, Sarah") >= 2 and "Triage never links people the roster" in same
    apart = visible_text(lead.get(confirm_url(new, match, "different")).get_data(as_text=True))
    assert "The force roster says these may be two people" not in apart
    assert judge(lead, new, match, "same").status_code == 302
    subject = lead.get(f"/team/subjects/{cluster_of(earlier)}?case={earlier.reference}")
    text = visible_text(subject.get_data(as_text=True))
    assert "resolved to 2 different people on the roster" in text
    assert "fit one person on the roster" not in text and "this person on the roster" not in text


def test_the_subject_page_says_how_many_mentions_resolved_to_the_roster_person(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    submit_report(
        client.application.test_client(),
        people=[{"name": "Gareth Morris", "collar_number": "4471FA"}],
    )
    earlier = reports_in_order()[0]
    sign_in_directly(client, team.lead, team.keys)
    subject = client.get(f"/team/subjects/{cluster_of(earlier)}?case={earlier.reference}")
    text = visible_text(subject.get_data(as_text=True))
    assert "Every mention here fits this person on the roster" in text


@pytest.mark.parametrize("typed", ["abc", "0", "2.5"])
def test_a_person_number_that_is_not_one_is_refused_in_words(
    app: Flask, client: FlaskClient, team: Team, typed: str
) -> None:
    """ "abc" was refused with WTForms' own "Not a valid integer value."."""
    earlier, later = two_people(client)
    sign_in_directly(client, team.lead, team.keys)
    answer = propose(client, earlier, later.reference, other_person=typed)
    page = visible_text(
        refused(client, answer, f"/team/cases/{earlier.reference}/people/1/same-as")
    )
    assert "Give the person's number, like 2" in page
    assert "integer" not in page
    assert db.session.scalars(select(PossibleMatch)).first() is None


def test_a_judgement_of_different_people_the_roster_later_contradicts_is_pointed_out(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    """Judged different people before the roster came; then the roster resolved both to one
    officer. Both cases went on listing the judgement with nothing to say the roster disagrees,
    so a repeat subject stayed split with no one prompted to look again."""
    for person in (
        {"name": "Gaz Morris", "unit": "firearms"},
        {"name": "G Morris", "collar_number": "1290 SE"},
    ):
        submit_report(client.application.test_client(), people=[person])
    earlier, later = reports_in_order()
    match, new, lead = proposed_for_a_lead(app, client, team, earlier, later)
    assert judge(lead, new, match, "different").status_code == 302
    said = "The force roster now says they are one person"
    assert said not in visible_text(
        lead.get(f"/team/cases/{earlier.reference}").get_data(as_text=True)
    )
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    relink(app)
    assert cluster_of(earlier) != cluster_of(later)  # the judgement still holds
    for report in (earlier, later):
        case = visible_text(lead.get(f"/team/cases/{report.reference}").get_data(as_text=True))
        assert said + "." in case and "Reopen the judgement" in case
    case = visible_text(client.get(f"/team/cases/{later.reference}").get_data(as_text=True))
    assert said + ": ask a lead to look at it again." in case
