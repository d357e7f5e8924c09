"""The journey's start page and its questions, but for evidence (a module of its own,
``evidence``): what happened, who, who was affected, when the team should act, and whether it
may share.

A question page's Back sends its form too, to keep what was typed there unchecked
(``redisplay.keep_unfinished``) before going back.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts
from intake.forms import token_expired
from intake.forms.report import (
    MAX_PEOPLE,
    AffectedForm,
    DeleteUnsentForm,
    ShareForm,
    TogetherForm,
    WhatHappenedForm,
    WhoForm,
)
from intake.tenancy import (
    current_force,
    force_label,
    several_forces_take_reports,
    sharing_possible,
)
from intake.views import redisplay, reporter
from intake.views.journey.evidence import forget_done_notice
from intake.views.journey.pages import page, question
from intake.views.journey.steps import (
    already_sent,
    back_into_a_sent_report,
    first_missing,
    next_page,
    previous_page,
    sent_mark,
    sharing_asked,
    timed_out_page,
)
from intake.views.redisplay import REPORT_BEGUN
from intake.vocabulary import PERSON_FIELDS

# The first question's address with this set ("?new=yes": Start now, "start a new report")
# starts a new report. The templates spell it out. Where this browser holds a report started and
# not sent, it leads to the start page instead, which asks whether to continue that report or
# delete it: it never opens that report as if it were new.
NEW_REPORT = "new"
# Where the start page asks it (its id in start.html).
UNSENT_REPORT = "unsent-report"
# Said once on the first question after "Delete it and start a new report" (a flashed message).
UNSENT_DELETED = "unsent_deleted"


@reporter.get("/")
def start() -> str:
    # A report started in this browser and not sent: on a shared device it may be the last
    # person's, which Start now quietly reopened. The page says one is there (never a word of
    # what it says) and offers to continue it or delete it.
    unsent = bool(drafts.load())
    return page(
        "start.html",
        unsent_report=unsent,
        delete_form=DeleteUnsentForm() if unsent else None,
        force_name=force_label(),
        national=current_force().national,
        sharing=sharing_possible(),
        # Where several forces take reports, a reporter given another force's address (the
        # service's main one) is told whose start page this is and how to find their own.
        find_force=several_forces_take_reports(),
    )


@reporter.route("/report/what", methods=["GET", "POST"])
def what() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        if request.args.get(NEW_REPORT) == "yes":
            return _start_new_report(answers)
        form = redisplay.shown("what", WhatHappenedForm, answers)
        return question("what.html", "what", answers, form=form, expired=False)
    if not answers and drafts.sent() is not None and request.form.get("new_report") != sent_mark():
        # From a page shown before the report was sent (another tab): its answers were for
        # that report, so its receipt again, not a new report started without a word.
        return already_sent()
    form = WhatHappenedForm()
    unchosen = frozenset(b.name for b in form.unchosen_boxes())
    back = redisplay.back_pressed(form)
    if back and not token_expired(form):
        back_to = previous_page(answers, "what")
        return redisplay.keep_unfinished(
            "what", back_to, leave_out=unchosen | {"new_report", REPORT_BEGUN}
        )
    if not back and form.validate_on_submit():
        # Shown for a report being written that this browser no longer holds: its other answers
        # were deleted (the start page's delete, in another tab), and the page after this one
        # must say so, not be blank as if never answered.
        rest_deleted = not answers and request.form.get(REPORT_BEGUN) == "yes"
        redisplay.accepted("what")
        answers = drafts.update(
            categories=form.categories.data,
            when=form.when.data,
            when_date=form.when_date.data or "",  # emptied unless its option was chosen
            when_month=form.when_month.data or "",
            where=form.where.data or "",
            description=form.description.data,
        )
        if rest_deleted:
            return redirect(url_for(f"reporter.{first_missing(answers) or 'check'}", lost="yes"))
        return next_page(answers, "what")
    if token_expired(form):
        return question("what.html", "what", answers, form=form, expired=True)
    return redisplay.refuse("what", leave_out=unchosen | {REPORT_BEGUN})


def _start_new_report(answers: dict[str, Any]) -> BaseResponse:
    """Start now (or "start a new report"): the receipt of a report sent from this browser is
    forgotten here, not when the first question is answered. On a shared device Back, or
    /report/sent, showed it to the next person until then. A report being written is neither
    opened as new nor deleted without a word: the start page asks which (a Start now shown before
    it was begun, in another tab say, leads there too). The redirect leaves the address without
    the mark, so Forward onto it later never forgets the receipt of a report sent since."""
    if answers:
        return redirect(url_for("reporter.start", _anchor=UNSENT_REPORT), code=303)
    if drafts.sent() is not None:
        drafts.discard()
    return redirect(url_for("reporter.what"), code=303)


@reporter.post("/report/delete")
def delete_unsent() -> BaseResponse:
    """ "Delete it and start a new report" on the start page: the report started in this browser
    and not sent is deleted on the server (its row, and its key in the reporter's session), as
    "Exit this page" deletes it, then the first question starts a new one. Only a form with this
    browser's CSRF token deletes it."""
    if lost := timed_out_page():
        return lost  # ended with the session already: the first question says so
    form = DeleteUnsentForm()
    if not form.validate_on_submit():
        return redirect(url_for("reporter.start"), code=303)
    if not drafts.load():
        # Sent or deleted in another tab since the start page was shown: a new report, as
        # Start now begins one.
        return redirect(url_for("reporter.what", new="yes"), code=303)
    drafts.discard()
    forget_done_notice()  # and what the session held to say once of its files
    flash("The report that had not been sent was deleted.", UNSENT_DELETED)
    return redirect(url_for("reporter.what"), code=303)


@reporter.route("/report/who", methods=["GET", "POST"])
def who() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        people = list(answers.get("people") or [])
        if answers.get("empty_person") or not people:
            people.append({})  # after "Add another person", or for a first person
        data = {"people": people, "unknown": answers.get("unknown", False)}
        form = redisplay.shown("who", WhoForm, answers, data)
        return question("who.html", "who", answers, form=form, expired=False, max_people=MAX_PEOPLE)
    if done := back_into_a_sent_report(answers):
        return done
    form = WhoForm()
    back = redisplay.back_pressed(form)
    valid = not back and form.validate_on_submit()
    if token_expired(form):
        return question("who.html", "who", answers, form=form, expired=True, max_people=MAX_PEOPLE)
    if back:
        return redisplay.keep_unfinished("who", previous_page(answers, "who"))
    # "Remove" on a person's fields (its number in the list) takes them out.
    removed = request.form.get("remove", "")
    people = [
        {f: (p.form[f].data or "").strip() for f in PERSON_FIELDS}
        for number, p in enumerate(form.people)
        if not p.form.is_blank() and str(number) != removed
    ]
    if form.adds_to_a_blank_person():
        return redisplay.refuse("who")
    if form.add_person.data or removed:
        # Adding or removing a person keeps what was typed of everyone (blank sets of fields go)
        # and redirects to the page at the place the reporter is working on, not its top.
        adding = bool(form.add_person.data) and len(people) < MAX_PEOPLE
        redisplay.accepted("who")  # what is typed now is the page's, errors and all
        drafts.update(people=people, unknown=bool(form.unknown.data), empty_person=adding)
        return redirect(url_for("reporter.who", _anchor=_where_to_land(form, people, adding)))
    if valid:
        # "When should the team act" is asked only about named people: with nobody named left,
        # an earlier answer to wait for someone else to name them would hold the report for ever.
        unasked = {} if people else {"together": None, "share": None}
        redisplay.accepted("who")
        answers = drafts.update(
            people=people, unknown=bool(form.unknown.data), empty_person=False, **unasked
        )
        return next_page(answers, "who")
    return redisplay.refuse("who")


def _where_to_land(form: WhoForm, people: list[dict[str, str]], adding: bool) -> str:
    """The id on the who page to show after Add or Remove: the new person's fields; after a
    removal the person who took that place, else the Add button below the last person."""
    if adding:
        return f"person-{len(people) + 1}"
    removed = request.form.get("remove", "")
    if not removed.isdigit():  # "Add another person" with the most people already there
        return f"person-{max(len(people), 1)}"
    before = sum(
        1 for number, p in enumerate(form.people) if number < int(removed) and not p.form.is_blank()
    )
    if before < len(people):
        return f"person-{before + 1}"
    return "add_person" if people else "person-1"


@reporter.route("/report/affected", methods=["GET", "POST"])
def affected() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        form = redisplay.shown("affected", AffectedForm, answers)
        return question("affected.html", "affected", answers, form=form, expired=False)
    if done := back_into_a_sent_report(answers):
        return done
    form = AffectedForm()
    back = redisplay.back_pressed(form)
    if back and not token_expired(form):
        return redisplay.keep_unfinished("affected", previous_page(answers, "affected"))
    if not back and form.validate_on_submit():
        redisplay.accepted("affected")
        answers = drafts.update(affected=form.affected.data, witnesses=form.witnesses.data or "")
        return next_page(answers, "affected")
    if token_expired(form):
        return question("affected.html", "affected", answers, form=form, expired=True)
    return redisplay.refuse("affected")


@reporter.route("/report/together", methods=["GET", "POST"])
def together() -> str | BaseResponse:
    return one_choice_page("together", TogetherForm, drafts.load())


@reporter.route("/report/share", methods=["GET", "POST"])
def share() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET" and answers and not sharing_asked(answers):
        return redirect(url_for(f"reporter.{first_missing(answers) or 'check'}"))
    return one_choice_page("share", ShareForm, answers)


def one_choice_page(
    step: str, form_class: type[TogetherForm | ShareForm], answers: dict[str, Any]
) -> str | BaseResponse:
    """A question of one choice, kept in the draft (``answers``) under the step's own name."""
    template = f"{step}.html"
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        form = redisplay.shown(step, form_class, answers)
        return question(template, step, answers, form=form, expired=False)
    if done := back_into_a_sent_report(answers):
        return done
    form = form_class()
    back = redisplay.back_pressed(form)
    if back and not token_expired(form):
        return redisplay.keep_unfinished(step, previous_page(answers, step))
    if not back and form.validate_on_submit():
        redisplay.accepted(step)
        answers = drafts.update(**{step: form[step].data})
        return next_page(answers, step)
    if token_expired(form):
        return question(template, step, answers, form=form, expired=True)
    return redisplay.refuse(step)
