"""Two members (or two tabs) acting on one case at the same moment (PostgreSQL): each action
locks the case's row and reads it again before deciding, so the later one decides on what the
earlier did. Before, acknowledging, taking the case, moving its stage, saving its assessment,
declaring a conflict and ending protective measures each decided on the case as its page had
read it: two acknowledgements were sent, both members were told the case was theirs, one
assessment silently undid the other, a stage moved on a case closed at that moment, a double
declaration failed with a server error, and measures were ended twice. An acknowledgement sent
while the reporter replaced their receipt was sealed to the old receipt's key, which no longer
opened anything; two tabs replacing the receipt at once each showed one, and one did not work."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from flask import Flask, current_app
from sqlalchemy import select, text

from intake import followups, receipts
from intake.db import db
from intake.models import Message, Report
from intake.sealing import TeamPrivateKey
from intake.submission import reporter_private_key
from tests.conftest import schema_url
from tests.helpers import Team, add_member, submit_report
from tests.test_seq_race import TIMEOUT, run_to_the_end, until, waiting_for_a_lock
from triage.casework import assessment, assignment, closing, protection, stages, timeline
from triage.casework.checks import CaseworkError
from triage.models import Member, Recusal
from triage.models.case import Protection

Act = Callable[[Report], object]


@pytest.fixture
def database_url(postgres_schema: str) -> str:
    """PostgreSQL only: SQLite lets one writer in at a time, so it has no race to test."""
    return schema_url(postgres_schema)


_holds: list[Callable[[], None]] = []


@pytest.fixture(autouse=True)
def hold_after_a_case_event(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whoever writes a case event first (the case's row is locked by then) holds there until
    the other waits for a lock (``at_once``)."""
    for module in (followups, timeline):
        record = module.record_event

        def record_then_hold(*args: object, record: Callable[..., None] = record) -> None:
            record(*args)
            for hold in _holds:
                hold()

        monkeypatch.setattr(module, "record_event", record_then_hold)
    yield
    _holds.clear()


def at_once(app: Flask, report_id: int, first: Act, second: Act) -> dict[str, object]:
    """Both read the case; ``first`` acts and holds the case's row until ``second``, acting on
    what it read, waits for a lock. Returns what each returned, or the refusal it met."""
    backends: dict[str, int] = {}
    both_read, first_holds = threading.Barrier(2, timeout=TIMEOUT), threading.Event()
    outcomes: dict[str, object] = {}

    def hold_if_first() -> None:
        if threading.current_thread().name == "first" and not first_holds.is_set():
            first_holds.set()
            until(lambda: waiting_for_a_lock(backends["second"]))

    def run(name: str, act: Act) -> None:
        with app.app_context():
            try:
                backends[name] = db.session.scalar(text("SELECT pg_backend_pid()"))
                case = db.session.get_one(Report, report_id)
                assert case.messages is not None  # read, as the case page does
                both_read.wait()
                if name == "second":
                    assert first_holds.wait(TIMEOUT)
                outcomes[name] = act(case)
                db.session.commit()
            except CaseworkError as refused:
                outcomes[name] = f"refused: {refused}"
                db.session.rollback()
            except BaseException as error:  # reported by the test's assertions
                outcomes[name] = repr(error)
                db.session.rollback()
                first_holds.set()
            finally:
                db.session.remove()

    _holds.append(hold_if_first)
    run_to_the_end(
        [
            threading.Thread(target=run, name="first", args=("first", first)),
            threading.Thread(target=run, name="second", args=("second", second)),
        ]
    )
    db.session.expire_all()
    return outcomes


def a_case(app: Flask) -> int:
    submit_report(app.test_client())
    report_id = db.session.scalars(select(Report.id)).one()
    db.session.commit()
    return report_id


def as_member(member_id: int, act: Callable[[Report, Member], object]) -> Act:
    return lambda case: act(case, db.session.get_one(Member, member_id))


def refused(outcome: object, saying: str) -> bool:
    return isinstance(outcome, str) and outcome.startswith("refused: ") and saying in outcome


def key_of(receipt: str) -> TeamPrivateKey:
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    return reporter_private_key(receipts.reporter_key_material(secret, receipt))


def test_two_members_acknowledging_at_once_send_one_acknowledgement(app: Flask, team: Team) -> None:
    report_id = a_case(app)
    acknowledge = as_member(team.lead.id, stages.acknowledge)
    outcomes = at_once(app, report_id, acknowledge, acknowledge)
    assert outcomes["first"] is None
    assert refused(outcomes["second"], "already been acknowledged"), outcomes
    assert len(db.session.scalars(select(Message)).all()) == 1


def test_an_acknowledgement_sent_while_the_receipt_is_replaced_reaches_the_new_receipt(
    app: Flask, team: Team
) -> None:
    receipt = submit_report(app.test_client())
    report_id = db.session.scalars(select(Report.id)).one()
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    db.session.commit()

    def replace(case: Report) -> object:
        return followups.replace_receipt(case, key_of(receipt), secret)

    outcomes = at_once(app, report_id, replace, as_member(team.lead.id, stages.acknowledge))
    new = outcomes["first"]
    assert isinstance(new, str) and outcomes["second"] is None, outcomes
    thread = followups.read_thread(db.session.get_one(Report, report_id), key_of(new))
    assert len(thread) == 1 and thread[0].text is not None


def test_two_members_taking_the_case_at_once_leave_it_with_the_first(
    app: Flask, team: Team
) -> None:
    report_id = a_case(app)
    other = add_member("caseworker", team).id
    db.session.commit()
    outcomes = at_once(
        app,
        report_id,
        as_member(team.lead.id, assignment.assign_to_self),
        as_member(other, assignment.assign_to_self),
    )
    assert outcomes["first"] is None
    assert refused(outcomes["second"], "already assigned"), outcomes
    assert db.session.get_one(Report, report_id).assignee_id == team.lead.id


def test_two_assessments_saved_at_once_do_not_undo_each_other(app: Flask, team: Team) -> None:
    report_id = a_case(app)
    seen = assessment.assessment_seen(db.session.get_one(Report, report_id))

    def assess(severity: str) -> Act:
        def act(case: Report, member: Member) -> object:
            return assessment.record_assessment(
                case,
                member,
                subject_type="officer",
                severity=severity,
                case_decision=None,
                referrals=[],
                standards=[],
                seen=seen,
            )

        return as_member(team.lead.id, act)

    outcomes = at_once(app, report_id, assess("gross_misconduct"), assess("neither"))
    assert outcomes["first"] is True  # saved, and changed something
    assert refused(outcomes["second"], "changed while you were looking"), outcomes
    assert db.session.get_one(Report, report_id).severity == "gross_misconduct"


def test_a_stage_moved_while_the_case_is_closed_is_refused(app: Flask, team: Team) -> None:
    report_id = a_case(app)

    def close(case: Report, member: Member) -> object:
        return closing.close(case, member, "Resolved with the inspector")

    def move(case: Report, member: Member) -> object:
        return stages.move_stage(case, member, "assessing", seen="received")

    outcomes = at_once(
        app, report_id, as_member(team.lead.id, close), as_member(team.lead.id, move)
    )
    assert outcomes["first"] is None
    assert refused(outcomes["second"], "case is closed"), outcomes
    case = db.session.get_one(Report, report_id)
    assert (case.stage, case.closed_on is not None) == ("closed", True)


def test_a_conflict_declared_twice_at_once_is_declared_once(app: Flask, team: Team) -> None:
    report_id = a_case(app)
    other = add_member("caseworker", team).id
    db.session.commit()
    declare = as_member(other, assignment.declare_conflict)
    outcomes = at_once(app, report_id, declare, declare)
    assert outcomes["first"] is None
    assert refused(outcomes["second"], "already declared"), outcomes
    assert len(db.session.scalars(select(Recusal)).all()) == 1


def test_protective_measures_ended_twice_at_once_are_ended_once(app: Flask, team: Team) -> None:
    report_id = a_case(app)
    case = db.session.get_one(Report, report_id)
    measures = protection.record_protection(
        case, team.lead, "high", "Named the reporter in a briefing", "Moved to another team"
    )
    protection_id = measures.id
    db.session.commit()

    def end(case: Report, member: Member) -> object:
        return protection.end_protection(case, member, protection_id, "Risk has passed")

    outcomes = at_once(app, report_id, as_member(team.lead.id, end), as_member(team.lead.id, end))
    assert outcomes["first"] is None
    assert refused(outcomes["second"], "already ended"), outcomes
    ended = db.session.get_one(Protection, protection_id)
    assert ended.ended_on is not None


def test_two_tabs_replacing_the_receipt_at_once_leave_one_that_works(
    app: Flask, team: Team
) -> None:
    """Replacing locks the report's row and reads it again first, so the second tab, finding
    the key it was given no longer the report's, does nothing. Before, each re-sealed what it
    had read and showed its own new receipt, and only the one committed last opened the report."""
    receipt = submit_report(app.test_client())
    report = db.session.scalars(select(Report)).one()
    followups.reply(report, "The rota was changed again")
    report_id = report.id
    secret = current_app.config["CANDOUR_SECRETS"].receipt_key
    db.session.commit()

    def replace(case: Report) -> object:
        return followups.replace_receipt(case, key_of(receipt), secret)

    outcomes = at_once(app, report_id, replace, replace)
    new = outcomes["first"]
    assert isinstance(new, str) and receipts.normalise(new), outcomes
    assert outcomes["second"] is None
    stored = db.session.get_one(Report, report_id)
    assert stored.receipt_hash == receipts.receipt_hash(secret, new)
    assert [m.text for m in followups.read_thread(stored, key_of(new))] == [
        "The rota was changed again"
    ]
