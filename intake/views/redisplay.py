"""Post/redirect/get for an answer or a follow-up a reporter's page refuses.

Rendering the refused form in reply to the POST left that page in the browser's history as
a POST: pressing Back onto it later, after fixing the answer and going on, showed the browser's
"Confirm form resubmission" (Chromium: ERR_CACHE_MISS) instead of the page, and a reload sent
the form again. So the POST redirects to the page, and what was refused is kept, sealed like
every other answer, for the page's GETs to show with its errors: a journey answer in the draft
(``refuse``, ``shown``), a follow-up to a sent report (a message, a file, retaliation, each on
a page of its own, and the receipt page) in the reporter's session (``refuse_follow_up``,
``follow_up_shown``). It stays until that page's answer is accepted (``accepted``,
``follow_up_accepted``), so a reload of the error, or Back and Forward onto it, shows what was
typed rather than losing it; once accepted, Back onto that page shows the saved answers.

A journey answer's redirect marks the page's address (``?refused=``, a digest of the page, as the
team's pages do: ``triage.views.redisplay``), and only a GET of that marked address shows the
refusal. A reporter who comes back to the page another way (Continue on the step before, Start
now, a Change link) sees their saved answers, not an old "There is a problem". A refused follow-up
is not marked (the status page offers it back: "Your message has not been sent yet"), except a
file's (``MARKED_FOLLOW_UPS``). A follow-up sent after the session ended waits in the same slot
(``keep_follow_up``, from ``intake.views.status.report_or_receipt``) for the receipt to be entered.

A journey page's Back is a button of its form (``back_pressed``), not a link: pages are never
cached (``no-store``), so a link lost all that was typed on the page. Its POST keeps what was
typed, unchecked (``keep_unfinished``), sealed in the draft beside the refused answers, and goes
to the page before; the page shows it again, without errors, however the reporter comes back to
it, until its answer is accepted or refused. A chosen file cannot be kept: a browser never sends
it again, so the evidence page says it was not added (``Kept.file_left``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import redirect, request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session

Form = TypeVar("Form", bound=FlaskForm)
MARK = "refused"  # the query parameter marking the address a journey page's refusal shows at
# Sent by every question page shown for a report being written (``reporter/layout.html``): sent
# when this browser holds none (deleted from the start page in another tab meanwhile), the first
# question's answer does not silently start a new report whose other questions are blank, and
# Back does not lead to a blank page without a word of why. Never an answer: never kept.
REPORT_BEGUN = "report_begun"
_FOLLOW_UP = "refused_follow_up"  # the reporter session's slot for refused follow-ups, by page


@dataclass(frozen=True)
class Kept:
    """What the reporter sent to a page and was refused, or left unfinished by its Back: the
    form's fields as sent (never its CSRF token) and, for the evidence page, why a file was
    refused or whether a chosen file was left behind by Back."""

    fields: MultiDict[str, str]
    upload_error: str | None
    unfinished: bool = False  # left by Back: shown as typed, never checked
    file_left: bool = False


def _sent_fields(leave_out: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    ignored = leave_out | {"csrf_token"}
    return [(k, v) for k, v in request.form.items(multi=True) if k not in ignored]


def _refused_steps(answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The refused answers of the draft ``answers`` (loaded now when not given), by page."""
    return _slot(drafts.REFUSED, drafts.load() if answers is None else answers)


def _slot(name: str, answers: dict[str, Any]) -> dict[str, Any]:
    kept = answers.get(name)
    return dict(kept) if isinstance(kept, dict) else {}


def _dropped(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The changes to the draft ``answers`` that drop what is kept of ``step``, refused or left
    unfinished."""
    changes: dict[str, Any] = {}
    for name in (drafts.REFUSED, drafts.UNFINISHED):
        kept = _slot(name, answers)
        if kept.pop(step, None) is not None:
            changes[name] = kept or None
    return changes


def refuse(
    step: str, *, upload_error: str | None = None, leave_out: frozenset[str] = frozenset()
) -> BaseResponse:
    """Keep what was sent to ``step`` (but the fields ``leave_out`` names, which are no answer)
    and redirect to the page, which shows it with its errors. What Back kept there before is
    older than this: it goes."""
    answers = drafts.load()
    changes = _dropped(step, answers)
    kept = _refused_steps(answers)
    kept[step] = {"fields": _sent_fields(leave_out), "upload_error": upload_error}
    drafts.update(**{**changes, drafts.REFUSED: kept})
    return redirect(f"{url_for(f'reporter.{step}')}?{MARK}={_mark(step)}", code=303)


def _mark(step: str) -> str:
    return hashlib.sha256(step.encode()).hexdigest()[:16]


def went_back() -> bool:
    """Whether this POST is its page's Back button (``back_pressed``, which also checks it)."""
    return request.form.get("go") == "back"


def back_pressed(form: FlaskForm) -> bool:
    """Whether ``form`` was sent by its page's Back button, to keep what was typed and go back.
    Then only its CSRF token is checked, so ``intake.forms.token_expired(form)`` says whether
    the session ended; its answers are not (a reporter going back is not told what is missing)."""
    if not went_back():
        return False
    form.csrf_token.validate(form)
    return True


def keep_unfinished(
    step: str, back_to: str, *, leave_out: frozenset[str] = frozenset(), file_left: bool = False
) -> BaseResponse:
    """Keep what was typed on ``step`` (but the fields ``leave_out`` names), unchecked, for its
    page to show again, and redirect to ``back_to``, the page before. A page left with nothing
    typed starts no draft; ``file_left`` says that a file was chosen there and not uploaded.
    Back on a page shown for a report since deleted (from the start page, in another tab) goes
    to a blank page, which then says the answers were deleted, as Continue's next page does."""
    fields = _sent_fields(leave_out | {"go", REPORT_BEGUN})
    answers = drafts.load()
    # The first question's Back leaves the report for the start page, which says what it holds.
    if not answers and request.form.get(REPORT_BEGUN) == "yes" and step != "what":
        back_to += f"{'&' if '?' in back_to else '?'}lost=yes"
    changes = _dropped(step, answers)  # a refusal there is older than this
    if file_left or any(value.strip() for _, value in fields):
        unfinished = _slot(drafts.UNFINISHED, answers)
        unfinished[step] = {"fields": fields, "file_left": file_left}
        changes[drafts.UNFINISHED] = unfinished
    if changes:
        drafts.update(**changes)
    return redirect(back_to, code=303)


def unfinished_steps(answers: dict[str, Any]) -> set[str]:
    """The pages of the draft ``answers`` where Back kept something typed and not saved: Check
    answers lists them, as the answers it shows (and Send sends) are the saved ones."""
    return set(_slot(drafts.UNFINISHED, answers))


def accepted(step: str) -> None:
    """``step``'s answer was accepted: its page shows the saved answers from now on."""
    if changes := _dropped(step, drafts.load()):
        drafts.update(**changes)


def _fields(kept: dict[str, Any]) -> MultiDict[str, str]:
    return MultiDict([(str(k), str(v)) for k, v in kept["fields"]])


def take(step: str, answers: dict[str, Any]) -> Kept | None:
    """What a GET of ``step`` shows instead of the saved answers of the draft ``answers``: the
    answer last refused there, when this GET is of the address its refusal redirected to, or
    else what Back kept there, until an answer there is accepted or refused."""
    refused = _refused_steps(answers).get(step)
    if request.args.get(MARK) == _mark(step) and isinstance(refused, dict):
        return Kept(_fields(refused), refused.get("upload_error"))
    unfinished = _slot(drafts.UNFINISHED, answers).get(step)
    if isinstance(unfinished, dict):
        return Kept(_fields(unfinished), None, True, bool(unfinished.get("file_left")))
    return None


def shown(
    step: str, form_class: type[Form], answers: dict[str, Any], data: dict[str, Any] | None = None
) -> Form:
    """The form a GET of ``step`` shows: the answer refused there, with its errors, or what Back
    kept there, as typed, or else the saved ``answers`` (or ``data`` made of them)."""
    kept = take(step, answers)
    form: Form
    if kept is None:
        form = form_class(data=answers if data is None else data)
        return form
    form = form_class(formdata=kept.fields)
    if kept.unfinished:
        return form  # unchecked: going back is no answer to be told is wrong
    form.validate()
    form.csrf_token.errors = []  # the token was checked when the answer was sent
    return form


def _refused_follow_ups() -> dict[str, Any]:
    kept = reporter_session.get(_FOLLOW_UP)
    return dict(kept) if isinstance(kept, dict) else {}


# Follow-ups whose refusal shows only at the address it redirected to, as a journey answer's
# does, so a later visit starts clean: a file's (it is chosen again anyway, and a "keep the
# original file" ticked for a refused file must not stay ticked for the next one), a receipt
# lookup's (on a shared device the next person to open "Check your report" must not find the
# last one's mistyped receipt in the box) and a wrong confirmation's on replacing the receipt,
# releasing a held report, withdrawing or deleting what was sent (a later visit is a new try: a
# withdrawal's reason is shown back with its error, once, and "Keep my report" then "Withdraw
# your report" again opened a page saying there was a problem before anything was typed). A
# withdrawal's reason kept from
# when the session ended is shown, marked, once the receipt is entered
# (``where_the_receipt_leads``).
MARKED_FOLLOW_UPS = {
    "add_evidence",
    "status",
    "replace_receipt",
    "release",
    "confirm_retaliation",
    "withdraw",
    "delete_sent",
}


def refuse_follow_up(
    step: str, form: FlaskForm, *, leave_out: frozenset[str] = frozenset()
) -> BaseResponse:
    """Keep the form of the follow-up page ``step`` as sent (but the fields ``leave_out`` names,
    which are shown empty), with the errors it was refused for (a file's are found after
    validation), and redirect to the page, which shows it with them. Each page has its own
    slot, so acting on another page keeps it."""
    errors = {f.name: list(f.errors) for f in form if f.errors and f.name != "csrf_token"}
    keep_follow_up(step, _sent_fields(leave_out), errors)
    return redirect(follow_up_refused_at(step), code=303)


def keep_follow_up(step: str, fields: list[tuple[str, str]], errors: dict[str, list[str]]) -> None:
    """Keep ``fields`` in the slot of the follow-up page ``step``, sealed in the reporter's
    session, for its GETs to show (with ``errors``) until an answer there is accepted."""
    kept = _refused_follow_ups()
    kept[step] = {"fields": fields, "errors": errors}
    reporter_session.put(_FOLLOW_UP, kept)


def keep_follow_up_going_back(step: str) -> None:
    """Back pressed on the follow-up page ``step`` (``back_pressed``): what was typed there is
    kept, unchecked and with no errors, for the page to offer again (the status page says it has
    not been sent yet); with nothing typed, an older copy is forgotten."""
    fields = _sent_fields(frozenset({"go"}))
    if any(value.strip() for _, value in fields):
        keep_follow_up(step, fields, {})
    else:
        follow_up_accepted(step)


def keep_follow_up_limited(step: str, field: str, *, leave_out: frozenset[str]) -> None:
    """The form of the follow-up page ``step``, refused by a limit before it was read: kept as
    sent (but ``leave_out``), with no errors, when something is typed in ``field``, for the page
    to offer again after the wait; with nothing typed there, an older copy is forgotten."""
    fields = _sent_fields(leave_out)
    if any(name == field and value.strip() for name, value in fields):
        keep_follow_up(step, fields, {})
    else:
        follow_up_accepted(step)


def follow_up_refused_at(step: str) -> str:
    """The address of ``step``'s page that shows its refusal (the page itself, unless the step
    is one of ``MARKED_FOLLOW_UPS``)."""
    mark = f"?{MARK}={_mark(step)}" if step in MARKED_FOLLOW_UPS else ""
    return url_for(f"reporter.{step}") + mark


def follow_ups_refused() -> set[str]:
    """The follow-up pages whose refused form is kept, not yet accepted."""
    return set(_refused_follow_ups())


def follow_up_typed(step: str, field: str) -> bool:
    """Whether the form of the follow-up page ``step`` kept refused holds something typed in
    ``field`` (spaces are nothing)."""
    return bool(follow_up_field(step, field).strip())


def follow_up_field(step: str, field: str) -> str:
    """What the form of the follow-up page ``step`` kept holds in ``field`` ("" for nothing)."""
    kept = _refused_follow_ups().get(step)
    if not isinstance(kept, dict):
        return ""
    return next((str(value) for name, value in kept["fields"] if name == field), "")


def follow_up_accepted(name: str) -> None:
    """The follow-up page ``name``'s form was accepted: it shows blank from now on."""
    kept = _refused_follow_ups()
    if kept.pop(name, None) is not None:
        if kept:
            reporter_session.put(_FOLLOW_UP, kept)
        else:
            reporter_session.drop(_FOLLOW_UP)


def follow_up_shown(step: str, form_class: type[Form]) -> Form | None:
    """The form of the follow-up page ``step`` refused and not yet accepted, as sent and with its
    errors; None when there is none."""
    kept = _refused_follow_ups().get(step)
    if not isinstance(kept, dict):
        return None
    if step in MARKED_FOLLOW_UPS and request.args.get(MARK) != _mark(step):
        return None
    form: Form = form_class(formdata=MultiDict([(str(k), str(v)) for k, v in kept["fields"]]))
    for field in form:
        field.errors = list(kept["errors"].get(field.name, []))
    return form
