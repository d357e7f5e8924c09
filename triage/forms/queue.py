"""Forms on the queue page: filters and lookup by case reference.

Both are GET forms (bookmarkable, nothing changes), so they carry no CSRF token and are read
from the query string. Invalid values are reported and otherwise ignored; they never reach SQL
except as bound parameters of fixed comparisons.
"""

from __future__ import annotations

import unicodedata

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from intake.forms.choice_widgets import GovCheckboxesInput, GovCheckboxInput
from intake.vocabulary import CATEGORIES, STAGES
from triage.casework.queries import NOT_A_REFERENCE
from triage.casework.queue import OPEN_STAGES, ORDERS, QueueFilters
from triage.forms import ListedSelectField, TeamForm
from triage.models import Member


class StagesField(SelectMultipleField):
    """Stages ticked; an unknown one is named in plain words, without echoing what was sent."""

    widget = GovCheckboxesInput()

    def pre_validate(self, form: TeamForm) -> None:
        known = {code for code, _ in self.choices}
        if any(value not in known for value in self.data or []):
            raise ValidationError("Not a valid choice: tick stages from the list")


class QueueFilterForm(TeamForm):
    class Meta:
        csrf = False

    stage = StagesField("Stage", choices=[(code, label) for code, (label, _) in STAGES.items()])
    category = ListedSelectField(
        "Kind of behaviour",
        choices=[("", "Any kind"), *CATEGORIES.items()],
        widget=GovSelect(),
        default="",
        refused="choose a kind of behaviour from the list",
    )
    assignee = ListedSelectField(
        "Assigned to",
        widget=GovSelect(),
        default="",
        refused="choose who the cases are assigned to from the list",
    )
    order = ListedSelectField(
        "Order",
        choices=list(ORDERS.items()),
        widget=GovSelect(),
        default=next(iter(ORDERS)),
        refused="choose an order from the list",
    )
    overdue = BooleanField("Only cases with a clock overdue", widget=GovCheckboxInput())
    flagged = BooleanField(
        "Only urgent cases, reported retaliation and a high risk of it", widget=GovCheckboxInput()
    )
    iopc_pending = BooleanField(
        "IOPC referral awaiting a lead's decision", widget=GovCheckboxInput()
    )
    possible_pending = BooleanField(
        "Possible match with another report to judge", widget=GovCheckboxInput()
    )
    crossforce = BooleanField("Named in another force", widget=GovCheckboxInput())
    replied = BooleanField("Reporter replied and not answered yet", widget=GovCheckboxInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.stage.data:  # nothing ticked, or a first visit: the open cases
            self.stage.data = list(OPEN_STAGES)

    def set_assignees(self, members: list[Member], *, lead: bool) -> None:
        choices = [("", "Anyone or no one"), ("me", "Me"), ("unassigned", "Unassigned")]
        if lead:
            choices.append(("reassign", "Needs reassignment"))
        choices += [(str(m.id), m.name) for m in members]
        self.assignee.choices = choices

    def ignore_invalid(self) -> None:
        """Validate, and put each refused filter back to its default, keeping its error: the
        valid filters still apply, and the form shows only what the list is filtered by."""
        if self.validate():
            return
        for field in self:
            if field.errors and field is not self.stage:
                field.data = field.default
        known = {code for code, _ in self.stage.choices}
        self.stage.data = [code for code in self.stage.data if code in known] or list(OPEN_STAGES)

    def filters(self, page: int) -> QueueFilters:
        return QueueFilters(
            stages=tuple(self.stage.data),
            category=self.category.data or "",
            assignee=self.assignee.data or "",
            overdue=bool(self.overdue.data),
            flagged=bool(self.flagged.data),
            iopc_pending=bool(self.iopc_pending.data),
            possible_pending=bool(self.possible_pending.data),
            crossforce=bool(self.crossforce.data),
            replied=bool(self.replied.data),
            order=self.order.data or next(iter(ORDERS)),
            page=page,
        )

    def query_args(self) -> dict[str, str | list[str]]:
        """The filters in force, as query-string arguments for paging links."""
        args: dict[str, str | list[str]] = {
            name: str(getattr(self, name).data)
            for name in ("category", "assignee")
            if getattr(self, name).data
        }
        if self.order.data and self.order.data != next(iter(ORDERS)):
            args["order"] = self.order.data
        if set(self.stage.data) != set(OPEN_STAGES):
            args["stage"] = list(self.stage.data)
        ticked = (
            "overdue",
            "flagged",
            "iopc_pending",
            "possible_pending",
            "crossforce",
            "replied",
        )
        args.update({name: "y" for name in ticked if getattr(self, name).data})
        return args


def _control(character: str) -> bool:
    return unicodedata.category(character) == "Cc"


class TypedReferenceField(StringField):
    """Shown back as typed, less any control character, which has no place in a page."""

    def _value(self) -> str:
        shown: str = super()._value()
        return "".join(c for c in shown if not _control(c))


class LookupForm(TeamForm):
    class Meta:
        csrf = False

    reference = TypedReferenceField(
        "Case reference",
        validators=[
            InputRequired(message="Enter a case reference, like C-BCDF2345"),
            Length(max=20, message=NOT_A_REFERENCE),
        ],
        widget=GovTextInput(),
    )

    def validate_reference(self, field: StringField) -> None:
        # A NUL or other control character (the address is let through with one,
        # ``nul_allowed_in``) is no reference, and never reaches a query: said as any other.
        if any(_control(c) for c in field.data or ""):
            raise ValidationError(NOT_A_REFERENCE)
