"""Post/redirect/get for a form a team page refuses.

Rendering the refused form in reply to the POST left that page in the browser's history as a POST:
Back onto it later showed "Confirm form resubmission" (Chromium: ERR_CACHE_MISS) and a reload sent
the form again. So the POST redirects (303) to the page, and what was refused — the fields as sent,
never the CSRF token, with their errors and the operation's refusal if it gave one — is kept in the
member's session, sealed under their cookie's key (``triage.team.sessions.change_refused_forms``:
case notes and messages to reporters never lie in clear in a cookie, the database or a log), until
that form, sent again from that page, is accepted or the member signs out. The redirect marks the
page's address with the refusal's own random mark (``?refused=``: never the place, which names the
report's internal id and stays off browser history), and only a GET of that marked address shows
the refusal: a reload, or Back and Forward onto it, shows the error and what was typed, while
opening the page afresh (from the queue, a link, or after another form on it was accepted) shows it
as it is, so a refusal the member chose not to pursue (a page someone else had overtaken, say) does
not follow them round for the rest of the session.

Each tab gets its own typed text back. Two tabs of one session refused at the same place (the
same case's note form, say) each keep a refusal of their own under their own mark, so a reload
of either shows what was typed in that tab, not in the other; two refused at once do not
overwrite each other's (``change_refused_forms`` swaps the sealed value only if unchanged since
read). A refused form shown again carries its mark in a hidden field beside its CSRF token, so
when that tab's form is refused again it keeps its mark, and when it is accepted only that tab's
refusal goes: a form accepted in one tab never takes away what another tab typed and had
refused. A refusal not pursued stays (for Back onto its address) until the member signs out or
``KEPT_AT_MOST`` later refusals push it out.

A place names one form on one page: ``case_place`` for the case page's forms, one per form per
case, so a refusal on one case never shows on another.

A form sent from a page where another form's box holds text not sent (a message half written
when a note is added) carries that text along, with JavaScript on (``intake/static/candour.js``
adds it as hidden fields named ``unsent-<field>``: without JavaScript a browser sends only the
form whose button was pressed). Refused, the form keeps it with the rest of what was sent;
accepted, it is kept at a place of its own (``carry``), sealed like a refusal and under a mark of
its own, and the redirect's address is marked with it, so the page shows that text back in its
own box (``carried_text``), on reload and Back too. A form that leads to a page of its own before
the case page (a possible match's judgement, confirmed with both reports side by side) passes that
mark on in the page's address (``?unsent=``, ``carried_on``), and the page passes it on to the
case page it leads back to, whether the member confirms or goes back.

A password is never kept, not even sealed: a ``PasswordField`` comes back empty, and so does a
field the caller names as ``withheld`` (an authenticator code, say), with its error.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import flash, make_response, redirect, render_template, request
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as BaseResponse
from wtforms import PasswordField

from intake.db import db
from triage.team.sessions import RefusedFormsBusy, change_refused_forms, refused_forms
from triage.views import typed_text

Form = TypeVar("Form", bound=FlaskForm)
MARK = "refused"  # the query parameter naming the place whose refusal a page shows
CARRIED = "unsent-"  # names the hidden field carrying another form's unsent text (candour.js)
UNSENT = "unsent"  # the case page's place for unsent text carried by a form accepted there
UNSENT_MARK = "unsent"  # the query parameter naming it on a page on the way back (``carried_on``)
KEPT_AT_MOST = 20  # refusals kept per session, each under its own mark; the oldest goes first


@dataclass(frozen=True)
class Refused:
    """A form as it was sent (never its CSRF token) and why it was refused."""

    fields: MultiDict[str, str]
    errors: dict[str, list[str]]
    action_error: str | None
    mark: str = ""  # the refusal's own mark, for a form that is sent again from its page

    def restore(self, form: Form) -> Form:
        """``form``, built from ``fields``, with the errors it was refused for; its CSRF token
        renders with the refusal's mark beside it, so what it sends next names this refusal."""
        for field in form:
            field.errors = list(self.errors.get(field.name, []))
        token = getattr(form, "csrf_token", None)
        if self.mark and token is not None:
            token.widget = _WithMark(token.widget, self.mark)
        return form


class _WithMark:
    """A CSRF token's widget, followed by a hidden field carrying a refusal's mark."""

    def __init__(self, widget: Any, mark: str) -> None:
        self.widget, self.mark = widget, mark

    def __call__(self, field: Any, **kwargs: Any) -> Markup:
        hidden = Markup('<input type="hidden" name="{}" value="{}">').format(MARK, self.mark)
        rendered: Markup = self.widget(field, **kwargs)  # a WTForms widget renders Markup
        return rendered + hidden


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
    carrying: list[tuple[str, str]] | None = None,
) -> BaseResponse:
    """Keep ``form`` as sent to ``place``, refused with its errors (and ``action_error``, the
    operation's refusal), and redirect to ``to``, the page whose GET shows it. Its password
    fields and the fields named in ``withheld`` are not kept: they come back empty. ``carrying``
    is unsent text carried from the page before (``carried_fields_of``), kept with it."""
    secret = {"csrf_token", MARK, *withheld}
    secret |= {f.name for f in form if isinstance(f, PasswordField)}
    sent_from = request.form.get(MARK, "")
    sent = [(k, v) for k, v in request.form.items(multi=True) if k not in secret]
    refusal = {
        "place": place,
        "fields": sent + (carrying or []),
        "errors": {field.name: list(field.errors) for field in form if field.errors},
        "action_error": action_error,
    }
    marks: list[str] = []

    def keep(kept: dict[str, Any]) -> None:
        # Refused again from its own tab: the same mark, so every address that tab was sent to
        # shows its latest. Otherwise a mark of its own, never another tab's.
        mark = sent_from if _kept_at(kept, sent_from, place) else secrets.token_hex(8)
        marks[:] = [_keep_last(kept, mark, refusal)]

    try:
        change_refused_forms(keep)
    except RefusedFormsBusy:
        return _not_kept(refusal, to)
    db.session.commit()
    if not marks:  # signed out in another tab meanwhile: the page then asks to sign in
        return redirect(to, code=303)
    return redirect(marked_address(to, marks[0]), code=303)


def _keep_last(kept: dict[str, Any], mark: str, form: dict[str, Any]) -> str:
    """Keep ``form`` under ``mark``, last (the latest), dropping the oldest beyond
    ``KEPT_AT_MOST``; ``mark``."""
    kept.pop(mark, None)
    for oldest in list(kept)[: max(0, len(kept) - KEPT_AT_MOST + 1)]:
        del kept[oldest]
    kept[mark] = form
    return mark


def carried_fields(wanted: Collection[str]) -> list[tuple[str, str]]:
    """The unsent text this POST carries (``CARRIED`` fields) for the fields named in
    ``wanted``, not blank, as sent (named with ``CARRIED``); anything else sent that way is
    dropped."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name.startswith(CARRIED) and name.removeprefix(CARRIED) in wanted and value.strip()
    ]


def carried_text(fields: MultiDict[str, str]) -> dict[str, str]:
    """The unsent text among a kept form's ``fields``, by the name of the field it was typed in."""
    return {
        name.removeprefix(CARRIED): value
        for name, value in fields.items(multi=True)
        if name.startswith(CARRIED)
    }


def carry(place: str, fields: list[tuple[str, str]]) -> str | None:
    """Keep the unsent text an accepted form's POST carried (``fields``, from ``carried_fields``)
    at ``place`` under a mark of its own, for the page it leads to to show back in its boxes:
    that mark, or None with none to keep. Should they not be kept (``RefusedFormsBusy``, rare),
    the page says so rather than losing them without a word. The caller commits."""
    if not fields:
        return None
    carried: dict[str, Any] = {"place": place, "fields": fields, "errors": {}, "action_error": None}
    marks: list[str] = []

    def keep(kept: dict[str, Any]) -> None:
        marks[:] = [_keep_last(kept, secrets.token_hex(8), carried)]

    try:
        change_refused_forms(keep)
    except RefusedFormsBusy:
        flash(NOT_CARRIED, "important")
        return None
    return marks[0] if marks else None


def carried_fields_of(mark: str) -> list[tuple[str, str]]:
    """The unsent text kept under ``mark`` (``carry``), as its POST carried it."""
    kept = refused_forms().get(mark)
    return [(str(k), str(v)) for k, v in kept["fields"]] if isinstance(kept, dict) else []


def carried_on(place: str) -> str | None:
    """The mark of the unsent text kept at ``place`` (``carry``) that this request's page was
    reached with (``?unsent=``: a page between the form that carried it and the page that shows
    it back, a possible match's confirmation), while it is kept; else None."""
    mark = request.args.get(UNSENT_MARK, "")
    return mark if _kept_at(refused_forms(), mark, place) else None


NOT_CARRIED = (
    "What you had typed in the other boxes on this page, and not sent, could not be kept "
    "because other tabs you have open were saving at the same moment. Type it again."
)


def marked_address(to: str, mark: str) -> str:
    """``to`` with ``mark`` as its ``?refused=`` parameter, before any ``#`` fragment."""
    address, hash_mark, anchor = to.partition("#")
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}{MARK}={mark}{hash_mark}{anchor}"


def accepted(place: str) -> None:
    """The form at ``place`` was accepted: the refusal it was sent from, named by the mark its
    page carried, goes, so that tab's refused address shows the page afresh from now on. What
    other tabs had refused there stays for them (a form sent afresh carries no mark and ends
    none). The caller commits, with what the form did."""
    sent_from = request.form.get(MARK, "")
    if not _kept_at(refused_forms(), sent_from, place):
        return  # nothing to change: no write

    def drop(kept: dict[str, Any]) -> None:
        if _kept_at(kept, sent_from, place):
            del kept[sent_from]

    # Should every swap be lost, that tab's refused address shows its refusal a while longer,
    # and the accepted form still goes through: nothing the member typed is lost.
    with suppress(RefusedFormsBusy):
        change_refused_forms(drop)


def _not_kept(refusal: dict[str, Any], to: str) -> BaseResponse:
    """The answer to a refused form that could not be kept (``RefusedFormsBusy``, rare: other
    tabs of the session changing theirs at the same moment, again and again). Redirected, its
    page would show the form empty, and what was typed would be lost without a word: instead
    the POST is answered with why it was refused and what was typed, to copy, as when a session
    ends (``team/session_ended.html``), and a link back to the page."""
    errors = [error for field in refusal["errors"].values() for error in field]
    if refusal["action_error"]:
        errors.append(refusal["action_error"])
    page = render_template(
        "team/refused_not_kept.html", errors=errors, typed=typed_text(refusal["fields"]), to=to
    )
    return make_response(page, 409)


def _kept_at(kept: dict[str, Any], mark: str, place: str) -> bool:
    """Whether ``kept`` holds a refusal under ``mark``, and at ``place`` (a hostile mark names
    nothing, and a mark from another place never ends or takes this place's refusal)."""
    refusal = kept.get(mark) if mark else None
    return isinstance(refusal, dict) and refusal.get("place") == place


def refused_from(kept: dict[str, Any], mark: str = "") -> Refused:
    """A kept refusal (its fields, errors and the operation's refusal, as ``refuse`` keeps them)
    ready to show again; ``triage.views.before_sign_in`` keeps the same shape."""
    return Refused(
        MultiDict([(str(k), str(v)) for k, v in kept["fields"]]),
        {str(k): [str(e) for e in v] for k, v in kept["errors"].items()},
        kept.get("action_error"),
        mark,
    )


def _marked() -> tuple[str, dict[str, Any]] | None:
    """The refusal this GET's address is marked with, and its mark, if still kept."""
    mark = request.args.get(MARK)
    kept = refused_forms().get(mark) if mark else None
    return (mark, kept) if mark and isinstance(kept, dict) and "place" in kept else None


def refused_at(place: str) -> Refused | None:
    """The form refused at ``place`` and not accepted since, when this GET is of the address
    its refusal redirected to."""
    marked = _marked()
    if marked is None or marked[1]["place"] != place:
        return None
    return refused_from(marked[1], marked[0])


def refused_on_case(report_id: int) -> tuple[str, Refused] | None:
    """The case page's form this GET's address names as refused on this case, by form name,
    if it was refused and not accepted since."""
    prefix = case_place(report_id, "")
    marked = _marked()
    if marked is None or not str(marked[1]["place"]).startswith(prefix):
        return None
    return str(marked[1]["place"]).removeprefix(prefix), refused_from(marked[1], marked[0])


def shown(place: str, form_class: type[Form]) -> tuple[Form, str | None]:
    """The form a page's GET shows at ``place``: the one refused there, with its errors and the
    operation's refusal, or else a blank one."""
    refused = refused_at(place)
    if refused is None:
        return form_class(formdata=None), None
    return refused.restore(form_class(formdata=refused.fields)), refused.action_error
