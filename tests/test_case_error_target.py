"""Where the case page's error summary points: the form sent, or what stands in its place."""

from datetime import date

from intake.models import Report
from triage.views.case_error_target import error_target


def case(*, acknowledged: bool = False, closed: bool = False, reporter: bool = False) -> Report:
    return Report(
        acknowledged_on=date(2026, 1, 2) if acknowledged else None,
        closed_on=date(2026, 1, 3) if closed else None,
        reporter_key=b"a reporter's key" if reporter else b"",
    )


def test_a_refused_form_still_on_the_page_is_linked_by_its_own_id() -> None:
    assert error_target("note", case(), [], [], []) == "note-form"
    assert error_target("assign_to_me", case(), [], [], []) == "assigned-to"
    assert error_target("stage", case(), [], [], []) == "stage-section"
    assert error_target(None, case(), [], [], []) == "actions"


def test_a_form_another_tab_overtook_links_to_what_replaced_it() -> None:
    assert error_target("acknowledge", case(acknowledged=True), [], [], []) == "clocks"
    assert error_target("close", case(closed=True), [], [], []) == "clocks"
    assert error_target("reopen", case(), [], [], []) == "clocks"
    assert error_target("reopen", case(closed=True), [], [], []) == "reopen-form"
    assert error_target("outcome", case(closed=True), [], [], []) == "actions"


def test_an_outcome_before_the_acknowledgement_links_to_work_the_case() -> None:
    """The page says to acknowledge first in place of the outcome form: what was typed is shown
    under "Work the case", above the Acknowledge form."""
    assert error_target("outcome", case(reporter=True), [], [], []) == "actions"
    acknowledged = case(acknowledged=True, reporter=True)
    assert error_target("outcome", acknowledged, [], [], []) == "outcome-section"
    assert error_target("outcome", case(), [], [], []) == "outcome-section"  # nobody to tell


def test_a_possible_match_links_to_its_form_or_to_where_its_judgement_went() -> None:
    assert error_target("possible-7", case(), [7, 8], [], []) == "possible-7"
    assert error_target("possible-7", case(), [8], [7], []) == "judged-same"
    assert error_target("possible-7", case(), [8], [], [7]) == "judged-different"
    assert error_target("possible-7", case(), [8], [], []) == "possible"
    assert error_target("possible-7", case(), [], [], []) == "clocks"
    assert error_target("possible-x", case(), [], [], []) == "clocks"
