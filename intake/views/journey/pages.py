"""How a page of the journey is shown: every one says whether reports can be sent yet, and a
question page has its back link and, after a report was sent from this browser, a banner."""

from __future__ import annotations

from typing import Any

from flask import render_template, request

from intake import drafts, reporter_session
from intake.models import TeamKey
from intake.views.journey.steps import PAGES, previous_page, sent_mark

# The reporter session's slot for a file chosen on the evidence page and added by Continue, not
# "Upload file": the page shown next says so once (its name is the reporter's, kept sealed there,
# never in the address), as the evidence page does for the button's upload.
_ADDED_ON_CONTINUE = "evidence_added_on_continue"


def ready() -> bool:
    return TeamKey.current() is not None


def say_added_on_continue(filename: str) -> None:
    reporter_session.put(_ADDED_ON_CONTINUE, filename)


def forget_draft_notices(*slots: str) -> None:
    """Drop what the reporter's session holds to say once about the draft (a file's name):
    with the draft deleted it is no one's to be told."""
    for slot in (_ADDED_ON_CONTINUE, *slots):
        reporter_session.drop(slot)


def page(template: str, **context: Any) -> str:
    added = reporter_session.take(_ADDED_ON_CONTINUE)
    return render_template(
        f"reporter/{template}",
        ready=ready(),
        file_added=added if isinstance(added, str) else None,
        **context,
    )


def question(template: str, step: str, answers: dict[str, Any], **context: Any) -> str:
    """A question page, with its back link and, after a report was sent from this browser,
    a banner saying so: on the first question, that what is typed now starts a new report; on
    a later one (reached by Back), that it belongs to the report already sent."""
    just_sent = None
    if not answers and drafts.sent() is not None:
        just_sent = "first" if step == PAGES[0] else "later"
    lost = request.args.get("lost")
    lost = lost if lost in ("yes", "unsent", "gone") else None
    return page(
        template,
        back=previous_page(answers, step),
        just_sent=just_sent,
        new_report=sent_mark() if just_sent == "first" else None,
        lost=lost,
        # A page posted after the session timed out is shown again (its token gone with the
        # session): on the first question, Continue would otherwise start a new report without a
        # word that the answers given on the other pages were deleted.
        draft_ended=reporter_session.draft_ended(),
        report_begun=bool(answers),
        **context,
    )
