"""Post/redirect/get for a question answered in a way the page refuses.

Rendering the refused answers in reply to the POST left that page in the browser's history as
a POST: pressing Back onto it later, after fixing the answer and going on, showed the browser's
"Confirm form resubmission" (Chromium: ERR_CACHE_MISS) instead of the question. So a refused
answer is kept, in the sealed draft like every other answer, only until the redirect's GET
shows it again with its errors, and the page in history is an ordinary GET.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import redirect, request, url_for
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts

Form = TypeVar("Form", bound=FlaskForm)


@dataclass(frozen=True)
class Refused:
    """What the reporter sent to ``step`` and was refused: the form's fields as sent (never
    its CSRF token) and, for the evidence page, why a file was refused."""

    fields: MultiDict[str, str]
    upload_error: str | None


def refuse(step: str, *, upload_error: str | None = None) -> BaseResponse:
    """Keep what was sent to ``step`` and redirect to the page, which shows it with its errors."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"]
    kept = {"step": step, "fields": fields, "upload_error": upload_error}
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
