"""Every free-text field of the team's forms has a maximum, and text over it is refused in words
that name the field ("Internal note must be 10,000 characters or fewer"), never WTForms' "Field
cannot be longer than 20 characters", which names nothing, and never stored."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, PasswordField, StringField, TextAreaField

import triage.forms
from intake.db import db
from intake.models import Report
from tests.helpers import Team, csrf_token, refused
from tests.page_text import words
from tests.test_case import act, case_url, reported, staff
from tests.test_case_refusals import readable_in_the_database
from triage.forms import TeamForm, at_most
from triage.models import Invitation, Note

__all__ = ["reported"]  # the fixture, used here by name

TEN_THOUSAND = 10_000
NOT_A_REFERENCE = (
    "Enter a case reference in the correct format: C- and 8 letters and numbers, like C-BCDF2345"
)

# (form, field) -> (the longest text taken, the one error for one character more)
LIMITS: dict[tuple[str, str], tuple[int, str]] = {
    ("AcknowledgeForm", "acknowledgement"): (
        TEN_THOUSAND,
        "Acknowledgement to the reporter must be 10,000 characters or fewer",
    ),
    ("OutcomeForm", "outcome_reason"): (
        TEN_THOUSAND,
        "Reason for the outcome must be 10,000 characters or fewer",
    ),
    ("OutcomeForm", "outcome_message"): (
        TEN_THOUSAND,
        "What to tell the reporter must be 10,000 characters or fewer",
    ),
    ("CloseForm", "close_reason"): (TEN_THOUSAND, "The reason must be 10,000 characters or fewer"),
    ("ReopenForm", "reopen_reason"): (
        TEN_THOUSAND,
        "Reason for reopening must be 10,000 characters or fewer",
    ),
    ("NoteForm", "note_body"): (TEN_THOUSAND, "Internal note must be 10,000 characters or fewer"),
    ("MessageForm", "message_body"): (
        TEN_THOUSAND,
        "Message to the reporter must be 10,000 characters or fewer",
    ),
    ("ProtectionForm", "protection_note"): (
        TEN_THOUSAND,
        "Your reasons must be 10,000 characters or fewer",
    ),
    ("ProtectionForm", "measures"): (
        TEN_THOUSAND,
        "Protective measures must be 10,000 characters or fewer",
    ),
    ("EndProtectionForm", "end_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("ConfirmJudgementForm", "same_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("ConfirmJudgementForm", "different_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("SplitForm", "split_reason"): (TEN_THOUSAND, "The reason must be 10,000 characters or fewer"),
    ("ReopenJudgementForm", "reopen_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("IopcDecisionForm", "iopc_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("IopcReferralForm", "iopc_reference"): (60, "IOPC reference must be 60 characters or fewer"),
    ("DecisionForm", "reason"): (2_000, "The reason must be 2,000 characters or fewer"),
    ("DeclineForm", "reason"): (2_000, "The reason must be 2,000 characters or fewer"),
    ("ProposeSameForm", "other_reference"): (
        20,
        "The case reference must be 20 characters or fewer",
    ),
    ("ProposeSameForm", "proposal_reason"): (
        TEN_THOUSAND,
        "The reason must be 10,000 characters or fewer",
    ),
    ("InviteForm", "name"): (100, "Full name must be 100 characters or fewer"),
    ("InviteForm", "email"): (254, "Email address must be 254 characters or fewer"),
    ("AuditFilterForm", "case"): (20, "Case reference must be 20 characters or fewer"),
    ("AuditFilterForm", "start"): (20, "The “From” date must be 20 characters or fewer"),
    ("AuditFilterForm", "end"): (20, "The “To” date must be 20 characters or fewer"),
    ("LookupForm", "reference"): (20, NOT_A_REFERENCE),  # too long to be a reference
    ("SignInForm", "email"): (254, "Email address must be 254 characters or fewer"),
    ("SignInForm", "password"): (200, "Password must be 200 characters or fewer"),
    ("RotateKeyForm", "password"): (200, "Your password must be 200 characters or fewer"),
    ("ChangePasswordForm", "current"): (200, "Current password must be 200 characters or fewer"),
    ("ChangePasswordForm", "password"): (200, "Password must be between 12 and 200 characters"),
    ("SetPasswordForm", "password"): (200, "Password must be between 12 and 200 characters"),
    # Anything but 6 numbers is refused as such: no length of its own to name.
    ("CodeForm", "code"): (6, "The code must be 6 numbers, like 123456"),
    ("EnrolForm", "code"): (6, "The code must be 6 numbers, like 123456"),
    ("ChangePasswordForm", "code"): (6, "The code must be 6 numbers, like 123456"),
}
# Text fields whose length another field's check already bounds.
BOUNDED_ELSEWHERE = {
    ("ChangePasswordForm", "confirm"),  # must equal the new password
    ("SetPasswordForm", "confirm"),
}


def team_forms() -> Iterator[type[TeamForm]]:
    for module in pkgutil.iter_modules(triage.forms.__path__):
        importlib.import_module(f"triage.forms.{module.name}")
    seen: list[type[TeamForm]] = [TeamForm]
    while seen:
        form = seen.pop()
        seen.extend(form.__subclasses__())
        if form.__module__.startswith("triage.forms."):
            yield form


def text_fields(app: Flask) -> set[tuple[str, str]]:
    """Every field of a team form a member types into (not hidden ones the page fills)."""
    found: set[tuple[str, str]] = set()
    with app.test_request_context():
        for form_class in team_forms():
            form = form_class(formdata=None, meta={"csrf": False})
            for key, field in form._fields.items():  # by attribute, not name in the page
                typed = isinstance(field, StringField | TextAreaField | PasswordField)
                if typed and not isinstance(field, HiddenField):
                    found.add((form_class.__name__, key))
    return found


def test_every_free_text_team_field_has_a_named_limit(app: Flask) -> None:
    assert text_fields(app) == set(LIMITS) | BOUNDED_ELSEWHERE


def checked(form: TeamForm, field: str) -> None:
    """Run one field's checks, its form's own ``validate_<field>`` included (the others'
    choices are set by the page, not here)."""
    inline = getattr(type(form), f"validate_{field}", None)
    form[field].validate(form, [inline] if inline else [])


def form_class(name: str) -> type[TeamForm]:
    return next(form for form in team_forms() if form.__name__ == name)


@pytest.mark.parametrize(("form", "field"), sorted(LIMITS))
def test_text_one_character_over_the_limit_is_refused_naming_the_field(
    app: Flask, form: str, field: str
) -> None:
    limit, message = LIMITS[(form, field)]
    with app.test_request_context(method="POST"):
        built = form_class(form)(formdata=None, meta={"csrf": False})
        name = built[field].name  # its name in the page (the audit log's "from", say)
        over = form_class(form)(formdata=MultiDict({name: "8" * (limit + 1)}), meta={"csrf": False})
        checked(over, field)
        assert over[field].errors == [message]
        if message.endswith("characters or fewer"):
            at_limit = MultiDict({name: "8" * limit})
            taken = form_class(form)(formdata=at_limit, meta={"csrf": False})
            checked(taken, field)
            assert message not in taken[field].errors


def test_at_most_counts_as_the_page_counts_and_names_the_field(app: Flask) -> None:
    check = at_most(2_000, "Reason")
    assert check.message == "Reason must be 2,000 characters or fewer"
    assert check.max == 2_000  # the character count's limit shown on the page


TYPED = "Spoke to PS Okafor about the rota"


@pytest.mark.parametrize(
    ("action", "field", "message"),
    [
        ("notes", "note_body", "Internal note must be 10,000 characters or fewer"),
        ("messages", "message_body", "Message to the reporter must be 10,000 characters or fewer"),
        ("outcome", "outcome_reason", "Reason for the outcome must be 10,000 characters or fewer"),
        ("protection", "measures", "Protective measures must be 10,000 characters or fewer"),
        ("iopc", "iopc_reason", "The reason must be 10,000 characters or fewer"),
    ],
)
def test_over_long_case_text_is_refused_by_name_and_not_stored(
    app: Flask,
    team: Team,
    reported: tuple[str, Report],
    action: str,
    field: str,
    message: str,
) -> None:
    _, report = reported
    if action == "outcome":  # acknowledged (no message needed here), so the form is on the page
        report.acknowledged_on = date.today()
        db.session.commit()
    lead = staff(app, team.lead, team)
    notes = db.session.scalar(select(func.count()).select_from(Note))
    sent = {
        field: TYPED + " " + "x" * TEN_THOUSAND,
        "outcome": "no_further_action",
        "level": "high",
        "protection_note": "Named in the team",
        "iopc_decision": "not_mandatory",
    }
    html = refused(lead, act(lead, report, action, sent), case_url(report))
    assert message in words(html) and "Field cannot" not in html
    assert not readable_in_the_database(TYPED)
    assert db.session.scalar(select(func.count()).select_from(Note)) == notes
    assert report.outcome is None and report.messages == []


def test_an_over_long_member_name_is_refused_and_no_invitation_made(app: Flask, team: Team) -> None:
    lead = staff(app, team.lead, team)
    page = lead.get("/team/members").get_data(as_text=True)
    name = "Sergeant " + "Okafor" * 20
    sent = {
        "csrf_token": csrf_token(page),
        "name": name,
        "email": "new.member@example.org",
        "role": "caseworker",
    }
    html = refused(lead, lead.post("/team/members", data=sent))
    assert "Full name must be 100 characters or fewer" in words(html)
    assert db.session.scalars(select(Invitation)).all() == []
    assert not readable_in_the_database(name)


def test_an_over_long_audit_log_filter_is_refused_by_name(app: Flask, team: Team) -> None:
    lead = staff(app, team.lead, team)
    html = lead.get("/team/audit", query_string={"case": "C-" + "B" * 30, "from": "1" * 21})
    text = words(html.get_data(as_text=True))
    assert "Case reference must be 20 characters or fewer" in text
    assert "The “From” date must be 20 characters or fewer" in text
    assert "Field cannot" not in text and "Enter a real date" not in text
