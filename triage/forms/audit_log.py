"""The audit log's filters: a GET form (bookmarkable, changes nothing), so no CSRF token.

Every value reaches SQL only as a bound parameter of a fixed comparison.
"""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import Field, StringField, ValidationError
from wtforms.validators import Optional

from intake.vocabulary import parse_day as read_day
from triage.audit_search import AuditFilters
from triage.audit_wording import ACTIONS
from triage.casework.queries import NOT_A_REFERENCE, is_case_reference
from triage.forms import ListedSelectField, TeamForm, at_most


def parse_day(text: str) -> date | None:
    """A day as the reporter's form reads one (27/11/2026, 27 November 2026, 2026-11-27...),
    from 1970 on; None when it is not a real date."""
    return read_day(text, date.max)


def _real_date(form: TeamForm, field: Field) -> None:
    if field.data and parse_day(field.data) is None:
        # A date before 1970 is real, but the log cannot hold one: say what is accepted.
        raise ValidationError(
            "Enter a real date from 1 January 1970 on, like 27/11/2026 or 27 November 2026"
        )


def _day_field(label: str, name: str) -> StringField:
    return StringField(
        label,
        name=name,
        validators=[Optional(), at_most(20, f"The “{label}” date"), _real_date],
        widget=GovTextInput(),
    )


class AuditFilterForm(TeamForm):
    class Meta:
        csrf = False

    case = StringField(
        "Case reference", validators=[at_most(20, "Case reference")], widget=GovTextInput()
    )
    member = ListedSelectField(
        "Member", widget=GovSelect(), default="", refused="choose the member from the list"
    )
    action = ListedSelectField(
        "Action",
        choices=[("", "Any action"), *sorted(ACTIONS.items(), key=lambda item: item[1])],
        widget=GovSelect(),
        default="",
        refused="choose the action from the list",
    )
    start = _day_field("From", "from")  # "from" is a Python keyword, so only the HTML name
    end = _day_field("To", "to")

    def validate_case(self, field: StringField) -> None:
        # A mistyped reference said as such, not "No entries match these filters".
        if field.data and field.data.strip() and not is_case_reference(field.data):
            raise ValidationError(NOT_A_REFERENCE)

    def validate_end(self, field: StringField) -> None:
        start = parse_day(self.start.data) if self.start.data else None
        end = parse_day(field.data) if field.data else None
        if start and end and end < start:
            raise ValidationError("The ‘To’ date must be the same as or after the ‘From’ date")

    def set_members(self, members: list[tuple[int, str]]) -> None:
        self.member.choices = [("", "Anyone"), *((str(i), name) for i, name in members)]

    def filters(self) -> AuditFilters:
        member = self.member.data or ""
        return AuditFilters(
            case=(self.case.data or "").strip(),
            member_id=int(member) if member.isdigit() else None,
            action=self.action.data or "",
            start=parse_day(self.start.data) if self.start.data else None,
            end=parse_day(self.end.data) if self.end.data else None,
        )

    def query_args(self) -> dict[str, str]:
        """The filters in force, for paging and export links."""
        fields = (self.case, self.member, self.action, self.start, self.end)
        return {field.name: field.data for field in fields if field.data}
