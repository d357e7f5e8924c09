"""Post/redirect/get for a form a team page refuses.

Rendering the refused form in reply to the POST left that page in the browser's history as a
POST: Back onto it later showed "Confirm form resubmission" (Chromium: ERR_CACHE_MISS) and a
reload sent the form again. So the POST redirects (303) to the page, and what was refused — the
fields as sent, never the CSRF token, with their errors and the operation's refusal if it gave
one — is kept in the member's session, sealed under their cookie's key
(``triage.team.sessions.keep_refused_forms``: case notes and messages to reporters never lie in
clear in a cookie, the database or a log), until that form at that place is accepted or the
member signs out. The redirect marks the page's address with the place, as an opaque digest
(``?refused=``: a place names the report's internal id, which stays off browser history), and only
a GET of that marked address shows the refusal: a reload, or Back and Forward onto it, shows the
error and what was typed, while opening the page afresh (from the queue, a link, or after another
form on it was accepted) shows it as it is, so a refusal the member chose not to pursue (a page
someone else had overtaken, say) does not follow them round for the rest of the session.

A place names one form on one page: ``case_place`` for the case page's forms, one per form per
case, so a refusal on one case never shows on another.

A password is never kept, not even sealed: a ``PasswordField`` comes back empty, and so does a
field the caller names as ``withheld`` (an authenticator code, say), with its error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import redirect, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse
from wtforms import PasswordField

from intake.db import db
from triage.team.sessions import keep_refused_forms, refused_forms

Form = TypeVar("Form", bound=FlaskForm)
MARK = "refused"  # the query parameter naming the place whose refusal a page shows
KEPT_AT_MOST = 20  # places kept per session; the oldest refusal goes first


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


def refuse(
    place: str,
    form: FlaskForm,
    to: str,
    action_error: str | None = None,
    *,
    withheld: Collection[str] = (),
) -> BaseResponse:
    """Keep ``form`` as sent to ``place``, refused with its errors (and ``action_error``, the
    operation's refusal), and redirect to ``to``, the page whose GET shows it. Its password
    fields and the fields named in ``withheld`` are not kept: they come back empty."""
    secret = {"csrf_token", *withheld, *(f.name for f in form if isinstance(f, PasswordField))}
    kept = refused_forms()
    kept.pop(place, None)  # the latest refusal comes last
    for oldest in list(kept)[: max(0, len(kept) - KEPT_AT_MOST + 1)]:
        del kept[oldest]
    kept[place] = {
        "fields": [(k, v) for k, v in request.form.items(multi=True) if k not in secret],
        "errors": {field.name: list(field.errors) for field in form if field.errors},
        "action_error": action_error,
    }
    keep_refused_forms(kept)
    db.session.commit()
    return redirect(marked_address(to, _mark(place)), code=303)


def marked_address(to: str, mark: str) -> str:
    """``to`` with ``mark`` as its ``?refused=`` parameter, before any ``#`` fragment."""
    address, hash_mark, anchor = to.partition("#")
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}{MARK}={mark}{hash_mark}{anchor}"


def _mark(place: str) -> str:
    return hashlib.sha256(place.encode()).hexdigest()[:16]


def accepted(place: str) -> None:
    """The form at ``place`` was accepted: its page shows it afresh from now on. The caller
    commits, with what the form did."""
    kept = refused_forms()
    if kept.pop(place, None) is not None:
        keep_refused_forms(kept)


def refused_from(kept: dict[str, Any]) -> Refused:
    """A kept refusal (its fields, errors and the operation's refusal, as ``refuse`` keeps them)
    ready to show again; ``triage.views.before_sign_in`` keeps the same shape."""
    return Refused(
        MultiDict([(str(k), str(v)) for k, v in kept["fields"]]),
        {str(k): [str(e) for e in v] for k, v in kept["errors"].items()},
        kept.get("action_error"),
    )


def refused_at(place: str) -> Refused | None:
    """The form last refused at ``place`` and not accepted since, when this GET is of the
    address its refusal redirected to."""
    if request.args.get(MARK) != _mark(place):
        return None
    kept = refused_forms().get(place)
    return refused_from(kept) if kept is not None else None


def refused_on_case(report_id: int) -> tuple[str, Refused] | None:
    """The case page's form this GET's address names as refused on this case, by form name,
    if it was refused and not accepted since."""
    prefix = case_place(report_id, "")
    mark = request.args.get(MARK)
    for place, kept in refused_forms().items():
        if place.startswith(prefix) and _mark(place) == mark:
            return place.removeprefix(prefix), refused_from(kept)
    return None


def shown(place: str, form_class: type[Form]) -> tuple[Form, str | None]:
    """The form a page's GET shows at ``place``: the one refused there, with its errors and the
    operation's refusal, or else a blank one."""
    refused = refused_at(place)
    if refused is None:
        return form_class(formdata=None), None
    return refused.restore(form_class(formdata=refused.fields)), refused.action_error
