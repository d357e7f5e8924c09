"""Post/redirect/get for an answer or a follow-up a reporter's page refuses.

Rendering the refused form in reply to the POST left that page in the browser's history as
a POST: pressing Back onto it later, after fixing the answer and going on, showed the browser's
"Confirm form resubmission" (Chromium: ERR_CACHE_MISS) instead of the page, and a reload sent
the form again. So a refused journey answer is kept in the sealed draft like every other answer
(``refuse``, ``shown``), and a refused status page form in the reporter's sealed session
(``refuse_follow_up``, ``follow_up_shown``), only until the redirect's GET shows it again with
its errors: the page in history is an ordinary GET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import redirect, request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session

Form = TypeVar("Form", bound=FlaskForm)
_FOLLOW_UP = "refused_follow_up"  # the reporter session's slot for a refused status page form


@dataclass(frozen=True)
class Refused:
    """What the reporter sent to ``step`` and was refused: the form's fields as sent (never
    its CSRF token) and, for the evidence page, why a file was refused."""

    fields: MultiDict[str, str]
    upload_error: str | None


def refuse(step: str, *, upload_error: str | None = None) -> BaseResponse:
    """Keep what was sent to ``step`` and redirect to the page, which shows it with its errors."""
    kept = {"step": step, "fields": _sent_fields(), "upload_error": upload_error}
    drafts.update(**{drafts.REFUSED: kept})
    return redirect(url_for(f"reporter.{step}"), code=303)


def take(step: str) -> Refused | None:
    """The answer refused on ``step``, if that is what this GET follows; it is shown once."""
    kept = drafts.load().get(drafts.REFUSED)
    if not isinstance(kept, dict):
        return None
    drafts.update(**{drafts.REFUSED: None})
    if kept.get("step") != step:
        return None  # left behind by a page the reporter went away from: show the saved answers
    fields: MultiDict[str, str] = MultiDict([(str(k), str(v)) for k, v in kept["fields"]])
    return Refused(fields, kept.get("upload_error"))


def shown(step: str, form_class: type[Form], data: dict[str, Any]) -> tuple[Form, Refused | None]:
    """The form a GET of ``step`` shows: the answer just refused there, with its errors, or else
    the saved answers ``data``."""
    refused = take(step)
    if refused is None:
        return form_class(data=data), None
    form = form_class(formdata=refused.fields)
    form.validate()
    form.csrf_token.errors = []  # the token was checked when the answer was sent
    return form, refused


def _sent_fields() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]


def refuse_follow_up(name: str, form: FlaskForm) -> BaseResponse:
    """Keep the status page's form ``name`` as sent, with the errors it was refused for (a file's
    are found after validation), and redirect to the page, which shows it once."""
    errors = {f.name: list(f.errors) for f in form if f.errors and f.name != "csrf_token"}
    reporter_session.put(_FOLLOW_UP, {"form": name, "fields": _sent_fields(), "errors": errors})
    return redirect(url_for("reporter.status"), code=303)


def follow_up_shown(form_classes: dict[str, type[FlaskForm]]) -> dict[str, FlaskForm]:
    """The status page's form refused just before this GET, by name, with its errors."""
    kept = reporter_session.get(_FOLLOW_UP)
    if not isinstance(kept, dict):
        return {}
    reporter_session.drop(_FOLLOW_UP)
    form_class = form_classes.get(str(kept.get("form")))
    if form_class is None:
        return {}
    form = form_class(formdata=MultiDict([(str(k), str(v)) for k, v in kept["fields"]]))
    for field in form:
        field.errors = list(kept["errors"].get(field.name, []))
    return {str(kept["form"]): form}
