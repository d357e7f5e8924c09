"""The two case clocks, with fixed dates: acknowledge within 7 days, feedback within 3 months."""

from __future__ import annotations

from datetime import date, timedelta

from triage.casework.clocks import (
    acknowledge_clock,
    acknowledge_due,
    add_months,
    days_open,
    feedback_clock,
    feedback_due,
    iopc_referral_clock,
    overdue_cutoffs,
    reopened_update_clock,
)

RECEIVED = date(2026, 1, 10)


def test_acknowledgement_is_due_seven_days_after_receipt() -> None:
    assert acknowledge_due(RECEIVED) == date(2026, 1, 17)


def test_acknowledgement_is_overdue_only_after_the_due_day() -> None:
    assert not acknowledge_clock(RECEIVED, None, None, date(2026, 1, 17)).overdue
    assert acknowledge_clock(RECEIVED, None, None, date(2026, 1, 18)).overdue


def test_an_acknowledged_or_closed_case_is_not_overdue() -> None:
    met = acknowledge_clock(RECEIVED, date(2026, 1, 20), None, date(2026, 3, 1))
    assert met.met_on == date(2026, 1, 20) and not met.overdue
    closed = acknowledge_clock(RECEIVED, None, date(2026, 1, 12), date(2026, 3, 1))
    assert closed.stopped and not closed.overdue


def test_a_withdrawal_by_the_due_day_excuses_a_clock_and_a_later_one_does_not() -> None:
    today = date(2026, 6, 1)
    early = date(2026, 1, 12)
    ack = acknowledge_clock(RECEIVED, None, early, today, withdrawn_on=early)
    assert ack.excused and not ack.stopped and not ack.overdue
    on_the_day = acknowledge_due(RECEIVED)
    assert acknowledge_clock(RECEIVED, None, on_the_day, today, withdrawn_on=on_the_day).excused
    late = date(2026, 1, 18)  # the day after it fell due, still unacknowledged: missed
    missed = acknowledge_clock(RECEIVED, None, late, today, withdrawn_on=late)
    assert missed.stopped and not missed.excused
    feedback = feedback_clock(RECEIVED, None, None, late, today, withdrawn_on=late)
    assert feedback.excused  # feedback was not due until April
    met = acknowledge_clock(RECEIVED, date(2026, 1, 11), early, today, withdrawn_on=early)
    assert met.met_on and not met.excused


def test_a_withdrawal_after_the_team_closed_the_case_excuses_nothing() -> None:
    """Closed by the team on day 2, unacknowledged, the case missed both clocks; the reporter
    withdrawing on day 4, seeing it closed, did not end it: the misses stand."""
    today = date(2026, 6, 1)
    closed, withdrawn = date(2026, 1, 12), date(2026, 1, 14)
    ack = acknowledge_clock(RECEIVED, None, closed, today, withdrawn_on=withdrawn)
    assert ack.stopped and not ack.excused
    feedback = feedback_clock(RECEIVED, None, None, closed, today, withdrawn_on=withdrawn)
    assert feedback.stopped and not feedback.excused
    # Withdrawn while open, then reopened and closed again by a lead: the reporter ended it.
    reclosed = date(2026, 1, 20)
    assert acknowledge_clock(RECEIVED, None, reclosed, today, withdrawn_on=closed).excused


def test_feedback_is_due_three_months_after_acknowledgement() -> None:
    assert feedback_due(RECEIVED, date(2026, 1, 12)) == date(2026, 4, 12)


def test_without_acknowledgement_feedback_is_due_three_months_after_day_seven() -> None:
    assert feedback_due(RECEIVED, None) == date(2026, 4, 17)


def test_a_late_acknowledgement_buys_no_time_for_feedback() -> None:
    """Acknowledged on day 20, not day 7: feedback is still due three months after day 7, so
    acknowledging late cannot make a feedback deadline look met."""
    assert feedback_due(RECEIVED, date(2026, 1, 30)) == date(2026, 4, 17)
    late = acknowledge_clock(RECEIVED, date(2026, 1, 30), None, date(2026, 2, 1))
    assert late.late and not acknowledge_clock(RECEIVED, date(2026, 1, 12), None, RECEIVED).late


def test_the_overdue_filter_counts_late_acknowledgements_from_day_seven() -> None:
    """The queue's SQL cutoffs agree with the clock for a case acknowledged late."""
    today = date(2026, 4, 20)
    cut = overdue_cutoffs(today)
    late_acknowledged = date(2026, 1, 30)
    assert feedback_clock(RECEIVED, late_acknowledged, None, None, today).overdue
    assert late_acknowledged > cut.feedback_acknowledged_by  # so the received arm must catch it
    assert cut.feedback_received_by >= RECEIVED


def test_feedback_overdue_flag() -> None:
    acknowledged = date(2026, 1, 12)
    assert not feedback_clock(RECEIVED, acknowledged, None, None, date(2026, 4, 12)).overdue
    assert feedback_clock(RECEIVED, acknowledged, None, None, date(2026, 4, 13)).overdue
    given = feedback_clock(RECEIVED, acknowledged, date(2026, 2, 1), None, date(2026, 6, 1))
    assert not given.overdue and given.met_on == date(2026, 2, 1)


def test_months_are_added_within_the_target_month() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2026, 5, 31), 3) == date(2026, 8, 31)
    assert add_months(date(2026, 1, 31), -3) == date(2025, 10, 31)


def test_days_open_counts_to_today_or_to_closing() -> None:
    assert days_open(RECEIVED, None, date(2026, 2, 9)) == 30
    assert days_open(RECEIVED, date(2026, 1, 20), date(2026, 6, 1)) == 10


def test_sql_cutoffs_agree_with_the_clocks_on_every_day_of_two_years() -> None:
    """The queue's overdue filter compares days with these cutoffs; they must match exactly."""
    for today in (date(2026, 3, 1), date(2026, 5, 31), date(2024, 2, 29), date(2026, 12, 31)):
        cut = overdue_cutoffs(today)
        start = today - timedelta(days=400)
        for offset in range(0, 401):
            day = start + timedelta(days=offset)
            assert (day <= cut.acknowledge_received_by) == acknowledge_clock(
                day, None, None, today
            ).overdue
            assert (day <= cut.feedback_acknowledged_by) == feedback_clock(
                day - timedelta(days=1), day, None, None, today
            ).overdue
            assert (day <= cut.feedback_received_by) == feedback_clock(
                day, None, None, None, today
            ).overdue
            owed = reopened_update_clock(day, None, today)
            assert owed is not None and (day <= cut.update_owed_by) == owed.overdue


def test_an_iopc_referral_is_due_by_the_end_of_the_day_after_it_was_confirmed() -> None:
    confirmed = date(2026, 3, 2)
    waiting = iopc_referral_clock(confirmed, None, None, date(2026, 3, 3))
    assert waiting.due == date(2026, 3, 3) and not waiting.overdue and waiting.running
    assert iopc_referral_clock(confirmed, None, None, date(2026, 3, 4)).overdue
    late = iopc_referral_clock(confirmed, date(2026, 3, 5), date(2026, 3, 5), date(2026, 3, 9))
    assert late.met_on == date(2026, 3, 5) and not late.overdue and late.late


def test_an_iopc_referral_recorded_after_its_deadline_is_late_whatever_date_was_typed() -> None:
    confirmed = date(2026, 3, 2)
    on_time = iopc_referral_clock(confirmed, date(2026, 3, 3), date(2026, 3, 3), date(2026, 3, 9))
    assert not on_time.late and not on_time.recorded_late
    backdated = iopc_referral_clock(confirmed, date(2026, 3, 3), date(2026, 3, 9), date(2026, 3, 9))
    assert backdated.met_on == date(2026, 3, 3) and backdated.recorded_late and backdated.late


def test_a_reopened_case_owes_an_update_within_three_months_of_reopening() -> None:
    reopened = date(2026, 5, 31)
    assert reopened_update_clock(None, None, reopened) is None  # nothing owed
    owed = reopened_update_clock(reopened, None, date(2026, 8, 31))
    assert owed is not None and owed.due == date(2026, 8, 31) and owed.running
    assert not owed.overdue and owed.met_on is None
    late = reopened_update_clock(reopened, None, date(2026, 9, 1))
    assert late is not None and late.overdue
    closed = reopened_update_clock(reopened, date(2026, 6, 2), date(2026, 9, 1))
    assert closed is not None and closed.stopped and not closed.overdue
