"""What the members pages tell a lead about a change to a member: their new role, their keys,
and the cases that go back to the leads for reassignment."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from triage.models import Member

# The end of "<name> ... ." after a role change.
NOW_HAS_ROLE = {
    "caseworker": "is now a caseworker",
    "lead": "is now a lead",
    "oversight": "now has the oversight role",
}


# Said whenever someone who could read cases no longer can (made oversight, or removed): they
# may have kept what they read, or the keys unlocked in a session, so the lead is told the same
# either way. Rotating (``/team/keys``) seals new reports to a key they never held.
ROTATE_ADVICE = "Consider rotating the team key: they could read cases until now."
# Said instead when they never finished joining (``membership.may_have_read_cases``).
NEVER_READ = "They never signed in, so they never had access to cases."
KEYS_GONE = "their copies of the team key have been deleted"


# A member's page acted on after they were removed (in another tab, say): said, not silent.
REMOVED_MEANWHILE = (
    "{name} was removed while you were looking (in another tab, or by another lead), so {what}."
)


def open_cases(count: int) -> str:
    """How many open cases, in words: "1 open case", "40 open cases"."""
    return f"{count} open case{'' if count == 1 else 's'}"


def cases_changed(member: Member, held: int, seen: str) -> str:
    return (
        f"{member.name} now holds {open_cases(held)}, not {seen} as this page showed (cases "
        "were assigned or reassigned in another tab, or by another lead), so nothing was changed. "
        "Check the number below and confirm again if you still mean to."
    )


def to_reassign(done: str, released: int) -> Markup:
    """``done``, then how many cases now need reassigning, with a link to them in the queue."""
    if not released:
        return Markup("{} They held no open cases, so none need reassigning.").format(done)
    return Markup(
        '{} {} now need{} reassigning: <a class="govuk-link" href="{}">see the cases that need '
        "reassignment</a>."
    ).format(
        done,
        open_cases(released),
        "s" if released == 1 else "",
        url_for("team.queue", assignee="reassign"),
    )
