"""What the status page says once, at its top, after the reporter did something: GOV.UK's
success banner (``say_done``), or that a follow-up was not taken because the report was
withdrawn, or its content deleted, while it was on its way (``not_taken``), or that a page
asked for (from a tab left open, say) is not there because nothing more can be added
(``say_closed``), or why the last file chosen was not added (``say_file_not_added``).

Each is kept in the sealed reporter session, not the address, so neither the browser's history
nor a reload says it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import reporter_session
from intake.db import db

_DONE = "done"
# Said of a report that looks held (``followups.looks_held``), so true both of one still held and
# of one another report released that its sender has not been told of.
_KEPT_LOCKED = (
    "While your report is held, it is kept, locked, with it. The team will see it once your "
    "report is released."
)
# A report withdrawn while it looked held: if still held, the team never read it and never will,
# so "the team can see" would be false; if a match had released it, the team can.
NEVER_READ = (
    "If it was still held, nobody on the team read it, and it will never be released to them. "
    "If someone else had named the same person, it was with the team, who can see that you "
    "withdrew it."
)
DONE_NOTICES: dict[str, tuple[str, str]] = {
    "reply": ("Message sent", "The team will see it with your report. Their replies appear here."),
    "reply_held": ("Message saved", _KEPT_LOCKED),
    "reply_again": (
        "Message already sent",
        "You had just sent this message, so the team did not get it a second time.",
    ),
    "reply_again_held": (
        "Message already saved",
        "You had just saved this message, so it was not saved a second time.",
    ),
    "evidence": ("File added", "The team will see it with your report."),
    "evidence_held": ("File added", _KEPT_LOCKED),
    "retaliation": (
        "Retaliation reported",
        "Your report is now marked urgent and the team has been told what is happening.",
    ),
    "retaliation_unsaid": (
        "Retaliation reported",
        "Your report is now marked urgent and the team has been told you are facing retaliation.",
    ),
    "release": ("Report released", "The team can now read your report and act on it."),
    "withdraw": ("Report withdrawn", "The team can see that you withdrew it."),
    "no_sharing": (
        "Your report will not be shared",
        "The team will not share it with another police force.",
    ),
    "withdraw_held": ("Report withdrawn", NEVER_READ),
    "delete_sent": (
        "What you sent has been deleted",
        "Your report, evidence and messages cannot be brought back. The team keeps only counts "
        "and dates.",
    ),
}


# What a follow-up posted from a page left open (another tab) had meant to do, when the report
# was withdrawn, or its content deleted, meanwhile: the status page says it was not done.
_NOT_TAKEN = "not_taken"
NOT_TAKEN_NOTICES = {
    "reply": "Your message was not sent",
    "evidence": "Your file was not added",
    "retaliation": "What you wrote about retaliation was not sent",
    "withdraw": "Your withdrawal was not sent",
}


# A page of the status page's (a message, a file, retaliation...) asked for once the report takes
# nothing more: the reporter is sent to the status page, which says why rather than nothing.
_CLOSED = "closed"


def say_done(notice: str) -> None:
    """Have the status page confirm, once, what the reporter just did."""
    reporter_session.put(_DONE, notice)


def forget_done() -> None:
    """An earlier action's "done" is not a later one's: a refusal drops it."""
    reporter_session.drop(_DONE)


def done_notice() -> tuple[str, str] | None:
    """The heading and words of what ``say_done`` said was done, once."""
    return DONE_NOTICES.get(reporter_session.take(_DONE))


@dataclass(frozen=True)
class NotTakenNotice:
    """What the status page says of one follow-up not taken: its heading, and what the
    reporter wrote in it (empty for a file, or nothing typed), shown to them once."""

    heading: str
    typed: str


def say_not_taken(action: str, typed: str = "") -> None:
    """Have the status page say, once, that ``action`` (a key of ``NOT_TAKEN_NOTICES``) was
    not done, and show ``typed``, what the reporter wrote in it, once, for them to copy (into a
    new report, say): lost, it had to be written again from memory. It waits, like every other
    answer, in the sealed reporter session (``intake.reporter_session``), never in the database
    in clear nor in the address, and goes once shown. Two tabs' follow-ups refused before the
    status page is opened are both said."""
    said = reporter_session.get(_NOT_TAKEN)
    said = [entry for entry in said if isinstance(entry, list)] if isinstance(said, list) else []
    reporter_session.put(_NOT_TAKEN, [*said, [action, typed if typed.strip() else ""]])


def not_taken(action: str, typed: str = "") -> BaseResponse:
    """The report was withdrawn, or its content deleted, while ``action`` (a key of
    ``NOT_TAKEN_NOTICES``) was on its way: nothing was added, and the status page says so,
    showing ``typed`` back once (``say_not_taken``)."""
    db.session.rollback()
    say_not_taken(action, typed)
    return redirect(url_for("reporter.status"))


def not_taken_notice() -> list[NotTakenNotice]:
    """What ``say_not_taken`` said was not done, and what was typed there, once."""
    said = reporter_session.take(_NOT_TAKEN)
    notices = []
    for entry in said if isinstance(said, list) else []:
        if isinstance(entry, list) and len(entry) == 2 and entry[0] in NOT_TAKEN_NOTICES:
            notices.append(NotTakenNotice(NOT_TAKEN_NOTICES[entry[0]], str(entry[1])))
    return notices


def say_closed() -> None:
    """Have the status page say, once, that the page asked for is not there because nothing
    more can be added to the report."""
    reporter_session.put(_CLOSED, True)


def closed_notice() -> bool:
    """Whether ``say_closed`` said so, once."""
    return reporter_session.take(_CLOSED) is True


# Why the last file the reporter chose was refused: said once on the status page, in its
# Evidence section, so a reporter who went on to something else knows it is not on the report
# without going back for the reason (a later upload, or leaving, made "Go back to see why" a
# dead end). An Upload with no file chosen sets none: the evidence page's error says it all.
_FILE_NOT_ADDED = "file_not_added"


def say_file_not_added(reason: str) -> None:
    """Have the status page say, once, that the last file chosen was not added, and why."""
    reporter_session.put(_FILE_NOT_ADDED, reason)


def forget_file_not_added() -> None:
    """A file was added since: the last one chosen is on the report."""
    reporter_session.drop(_FILE_NOT_ADDED)


def file_not_added_notice() -> str | None:
    """Why ``say_file_not_added`` said the last file chosen was not added, once."""
    reason = reporter_session.take(_FILE_NOT_ADDED)
    return reason if isinstance(reason, str) else None
