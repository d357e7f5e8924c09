"""The journey's order: which question comes next and which before, and where a page leads
instead when an earlier answer is missing, the session timed out, or the report was sent."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import redirect, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session
from intake.tenancy import sharing_possible
from intake.vocabulary import named_people

PAGES = ("what", "who", "affected", "evidence", "together", "share", "check")


def first_missing(answers: dict[str, Any]) -> str | None:
    if not answers.get("categories"):
        return "what"
    if not named_people(answers) and not answers.get("unknown"):
        return "who"
    if not answers.get("affected"):
        return "affected"
    if not answers.get("evidence_done"):
        return "evidence"
    if named_people(answers) and not answers.get("together"):
        return "together"
    if sharing_asked(answers) and not answers.get("share"):
        return "share"
    return None


def sharing_asked(answers: dict[str, Any]) -> bool:
    """Whether the reporter is asked if the team may share the report with another force:
    only about someone named, and only where it could be shared."""
    return bool(named_people(answers)) and sharing_possible()


def next_page(answers: dict[str, Any], current: str) -> BaseResponse:
    if answers.get("checking"):
        return redirect(url_for(f"reporter.{first_missing(answers) or 'check'}"))
    following = PAGES[PAGES.index(current) + 1]
    if following == "together" and not named_people(answers):
        following = "check"
    if following == "share" and not sharing_asked(answers):
        following = "check"
    missing = first_missing(answers)
    if missing and PAGES.index(missing) < PAGES.index(current):
        # An earlier step's answers are gone (the session timed out and the draft with it):
        # ask that question again now, saying why, rather than carry on to an empty report.
        return redirect(url_for(f"reporter.{missing}", lost="yes"))
    return redirect(url_for(f"reporter.{following}"))


def previous_page(answers: dict[str, Any], current: str) -> str:
    """Where the back link goes: the step before, or check answers when changing an answer."""
    if answers.get("checking") and current != "check":
        return url_for("reporter.check")
    if current == "check":
        if sharing_asked(answers):
            return url_for("reporter.share")
        return url_for("reporter.together" if named_people(answers) else "reporter.evidence")
    index = PAGES.index(current)
    return url_for(f"reporter.{PAGES[index - 1]}" if index else "reporter.start")


def timed_out_page() -> BaseResponse | None:
    """When this request found the session ended for being idle, and the draft with it: the first
    question, saying why, rather than a blank page with no word of what happened."""
    if not reporter_session.timed_out():
        return None
    return redirect(url_for("reporter.what", lost="yes"))


def sent_mark() -> str | None:
    """What the first question shown after a report was sent carries, naming that report (a
    digest of its confirmation), so that only such a page starts a new report: one shown after
    an earlier report was sent names that one instead."""
    sent = drafts.sent()
    if sent is None:
        return None
    return hashlib.sha256(json.dumps(sent, sort_keys=True).encode()).hexdigest()[:16]


def already_sent() -> BaseResponse:
    return redirect(url_for("reporter.confirmation", again="yes"), code=303)


def back_into_a_sent_report(answers: dict[str, Any]) -> BaseResponse | None:
    """A later question answered on a page reached by Back after sending: the report was sent,
    so its receipt again, rather than a new draft missing its first answer (which would look
    like a timeout and lose the receipt). A new report starts at the first question."""
    if answers or drafts.sent() is None:
        return None
    return already_sent()
