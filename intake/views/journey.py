"""The make-a-report journey: start, five question pages, check answers, confirmation.

Answers live in an encrypted draft (``intake.drafts``) between pages. A page whose CSRF token
has expired is shown again with everything the reporter typed, and nothing is saved until they
send it again.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, make_response, redirect, render_template, request, url_for
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts
from intake.attachments import AttachmentRejected
from intake.db import db
from intake.forms import token_expired
from intake.forms.proof import ReceiptProofForm
from intake.forms.report import (
    MAX_PEOPLE,
    AffectedForm,
    EvidenceForm,
    ReceiptDownloadForm,
    RemoveFileForm,
    SubmitReportForm,
    TogetherForm,
    WhatHappenedForm,
    WhoForm,
)
from intake.models import TeamKey
from intake.proof.anonymity import disclosure_for
from intake.receipts import normalise
from intake.security import limiter
from intake.submission import NotReady, submit
from intake.views import reporter
from intake.views.uploads import read_upload
from intake.vocabulary import AFFECTED, CATEGORIES, PERSON_FIELDS

PAGES = ("what", "who", "affected", "evidence", "together", "check")


def named_people(answers: dict[str, Any]) -> list[dict[str, str]]:
    return [p for p in answers.get("people", []) if any(p.get(f) for f in PERSON_FIELDS)]


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
    return None


def next_page(answers: dict[str, Any], current: str) -> BaseResponse:
    if answers.get("checking"):
        return redirect(url_for(f"reporter.{first_missing(answers) or 'check'}"))
    following = PAGES[PAGES.index(current) + 1]
    if following == "together" and not named_people(answers):
        following = "check"
    return redirect(url_for(f"reporter.{following}"))


def ready() -> bool:
    return TeamKey.current() is not None


def page(template: str, **context: Any) -> str:
    return render_template(f"reporter/{template}", ready=ready(), **context)


@reporter.get("/")
def start() -> str:
    return page("start.html")


@reporter.route("/report/what", methods=["GET", "POST"])
def what() -> str | BaseResponse:
    answers = drafts.load()
    form = WhatHappenedForm(data=answers if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = drafts.update(
            categories=form.categories.data,
            when=form.when.data,
            when_date=form.when_date.data if form.when.data == "date" else "",
            when_month=form.when_month.data if form.when.data == "month" else "",
            where=form.where.data or "",
            description=form.description.data,
        )
        return next_page(answers, "what")
    return page("what.html", form=form, expired=token_expired(form))


@reporter.route("/report/who", methods=["GET", "POST"])
def who() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET":
        people = answers.get("people") or [{}]
        form = WhoForm(data={"people": people, "unknown": answers.get("unknown", False)})
        return page("who.html", form=form, expired=False, max_people=MAX_PEOPLE)
    form = WhoForm()
    valid = form.validate_on_submit()
    if token_expired(form):
        return page("who.html", form=form, expired=True, max_people=MAX_PEOPLE)
    people = [
        {f: (p.form[f].data or "").strip() for f in PERSON_FIELDS}
        for p in form.people
        if not p.form.is_blank()
    ]
    if form.add_person.data:
        # "Add another person" keeps what was typed and shows one more empty set of fields.
        drafts.update(people=people)
        blank: list[dict[str, str]] = [{}] if len(people) < MAX_PEOPLE else []
        form = WhoForm(
            formdata=None, data={"people": people + blank, "unknown": bool(form.unknown.data)}
        )
        return page("who.html", form=form, expired=False, max_people=MAX_PEOPLE)
    if valid:
        answers = drafts.update(people=people, unknown=bool(form.unknown.data))
        return next_page(answers, "who")
    return page("who.html", form=form, expired=False, max_people=MAX_PEOPLE)


@reporter.route("/report/affected", methods=["GET", "POST"])
def affected() -> str | BaseResponse:
    answers = drafts.load()
    form = AffectedForm(data=answers if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = drafts.update(affected=form.affected.data, witnesses=form.witnesses.data or "")
        return next_page(answers, "affected")
    return page("affected.html", form=form, expired=token_expired(form))


@reporter.route("/report/evidence", methods=["GET", "POST"])
def evidence() -> str | BaseResponse:
    answers = drafts.load()
    files: list[dict[str, Any]] = answers.get("files", [])
    form = EvidenceForm()
    upload_error = None
    if form.validate_on_submit():
        if form.upload.data:
            if len(files) >= drafts.MAX_FILES:
                upload_error = f"You can add up to {drafts.MAX_FILES} files"
            else:
                try:
                    files.append(
                        read_upload(
                            request.files.get("file"), keep_original=bool(form.keep_original.data)
                        )
                    )
                except AttachmentRejected as rejected:
                    upload_error = rejected.message
                else:
                    drafts.update(files=files)
                    return redirect(url_for("reporter.evidence"))
        else:
            answers = drafts.update(evidence_done=True)
            return next_page(answers, "evidence")
    return page(
        "evidence.html",
        form=form,
        files=files,
        remove_form=RemoveFileForm(),
        upload_error=upload_error,
        expired=token_expired(form),
        max_files=drafts.MAX_FILES,
    )


@reporter.post("/report/evidence/<int:index>/remove")
def remove_file(index: int) -> BaseResponse:
    form = RemoveFileForm()
    if form.validate_on_submit():
        answers = drafts.load()
        files = answers.get("files", [])
        if 0 <= index < len(files):
            del files[index]
            drafts.update(files=files)
    return redirect(url_for("reporter.evidence"))


@reporter.route("/report/together", methods=["GET", "POST"])
def together() -> str | BaseResponse:
    answers = drafts.load()
    form = TogetherForm(data=answers if request.method == "GET" else None)
    if form.validate_on_submit():
        answers = drafts.update(together=form.together.data)
        return next_page(answers, "together")
    return page("together.html", form=form, expired=token_expired(form))


@reporter.route("/report/check", methods=["GET"])
def check() -> str | BaseResponse:
    answers = drafts.load()
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    if not answers.get("checking"):
        answers = drafts.update(checking=True)
    return page(
        "check.html",
        answers=answers,
        form=SubmitReportForm(),
        people=named_people(answers),
        categories=CATEGORIES,
        affected_labels=AFFECTED,
        not_ready=False,
        expired=False,
    )


@reporter.post("/report/send")
@limiter.limit("10 per hour")
def send() -> str | BaseResponse:
    answers = drafts.load()
    form = SubmitReportForm()
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    context = {
        "answers": answers,
        "form": form,
        "people": named_people(answers),
        "categories": CATEGORIES,
        "affected_labels": AFFECTED,
    }
    if not form.validate_on_submit():
        return page("check.html", expired=True, not_ready=False, **context)
    try:
        report, receipt = submit(answers)
    except NotReady:
        return page("check.html", expired=False, not_ready=True, **context)
    try:
        drafts.discard()
    except SQLAlchemyError:
        # The report is committed; losing the database now must not cost the reporter the
        # receipt they will never see again. The orphaned draft is purged after DRAFT_DAYS.
        db.session.rollback()
    return page(
        "confirmation.html",
        receipt=receipt,
        download=ReceiptDownloadForm(receipt=receipt),
        received_on=report.received_on,
        proof_form=ReceiptProofForm(receipt=receipt),
        proof_says=disclosure_for(report),
    )


@reporter.post("/receipt.txt")
@limiter.limit("20 per hour")
def receipt_file() -> Response | BaseResponse:
    """Echo a receipt back as a download; nothing is stored."""
    form = ReceiptDownloadForm()
    if not form.validate_on_submit() or normalise(form.receipt.data or "") is None:
        abort(400)
    text = (
        "Candour receipt\n\n"
        f"{form.receipt.data}\n\n"
        "Keep this somewhere only you can reach. It is the only way back to your report.\n"
        "Anyone who has it can read the team's messages to you.\n"
    )
    response = make_response(text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="candour-receipt.txt"'
    return response
