"""Post/redirect/get for a form a team page refuses.

Rendering the refused form in reply to the POST left that page in the browser's history as a
POST: Back onto it later showed "Confirm form resubmission" (Chromium: ERR_CACHE_MISS) and a
reload sent the form again. So the POST redirects (303) to the page, and what was refused — the
fields as sent, never the CSRF token, with their errors and the operation's refusal if it gave
one — is kept in the member's session, sealed under their cookie's key
(``triage.team.sessions.keep_refused_forms``: case notes and messages to reporters never lie in
clear in a cookie, the database or a log). The page's GETs show it, with its errors, until that
form at that place is accepted or the member signs out.

A place names one form on one page: ``case_place`` for the case page's forms, one per form per
case, so a refusal on one case never shows on another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from flask import redirect, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from triage.team.sessions import keep_refused_forms, refused_forms

Form = TypeVar("Form", bound=FlaskForm)


@dataclass(frozen=True)
class Refused:
    """A form as it was sent (never its CSRF token) and why it was refused."""

    fields: MultiDict[str, str]
    errors: dict[str, list[str]]
    action_error: str | None

    def restore(self, form: Form) -> Form:
        """``form``, built from ``fields``, with the errors it was refused for."""
        for field in form:
            field.errors = list(self.errors.get(field.name, []))
        return form


def case_place(report_id: int, name: str) -> str:
    """The place of the case page's form ``name`` (a key of ``triage.forms.case.FORMS``, or a
    possible match's ``form_name``) on one case."""
    return f"case/{report_id}/{name}"


def refuse(place: str, form: FlaskForm, to: str, action_error: str | None = None) -> BaseResponse:
    """Keep ``form`` as sent to ``place``, refused with its errors (and ``action_error``, the
    operation's refusal), and redirect to ``to``, the page whose GET shows it."""
    kept = refused_forms()
    kept.pop(place, None)  # the latest refusal comes last
    kept[place] = {
        "fields": [(k, v) for k, v in request.form.items(multi=True) if k != "csrf_token"],
        "errors": {field.name: list(field.errors) for field in form if field.errors},
        "action_error": action_error,
    }
    keep_refused_forms(kept)
    db.session.commit()
    return redirect(to, code=303)


def accepted(place: str) -> None:
    """The form at ``place`` was accepted: its page shows it afresh from now on. The caller
    commits, with what the form did."""
    kept = refused_forms()
    if kept.pop(place, None) is not None:
        keep_refused_forms(kept)


def _refused(kept: dict[str, Any]) -> Refused:
    return Refused(
        MultiDict([(str(k), str(v)) for k, v in kept["fields"]]),
        {str(k): [str(e) for e in v] for k, v in kept["errors"].items()},
        kept.get("action_error"),
    )


def refused_at(place: str) -> Refused | None:
    """The form last refused at ``place`` and not accepted since."""
    kept = refused_forms().get(place)
    return _refused(kept) if kept is not None else None


def refused_on_case(report_id: int) -> dict[str, Refused]:
    """The case page's forms refused on this case and not accepted since, by form name, the
    latest refused last."""
    prefix = case_place(report_id, "")
    return {
        place.removeprefix(prefix): _refused(kept)
        for place, kept in refused_forms().items()
        if place.startswith(prefix)
    }


def shown(place: str, form_class: type[Form]) -> tuple[Form, str | None]:
    """The form a page's GET shows at ``place``: the one refused there, with its errors and the
    operation's refusal, or else a blank one."""
    refused = refused_at(place)
    if refused is None:
        return form_class(formdata=None), None
    return refused.restore(form_class(formdata=refused.fields)), refused.action_error
