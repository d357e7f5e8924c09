"""The make-a-report journey: start, five question pages, check answers, confirmation.

Answers live in an encrypted draft (``intake.drafts``) between pages. A page whose CSRF token
has expired is shown again with everything the reporter typed, and nothing is saved until they
send it again. A question page's Back sends its form too, to keep what was typed there unchecked
(``redisplay.keep_unfinished``) before going back. Sending is post/redirect/get: the draft
becomes its confirmation in the report's own transaction, so a reload, Back or a repeated send
shows the same receipt and stores nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session
from intake.addresses import where_to_follow_up
from intake.attachments import AttachmentRejected
from intake.db import db
from intake.duplicates import same_content
from intake.errors import wait_named
from intake.forms import token_expired
from intake.forms.proof import ReceiptProofForm
from intake.forms.report import (
    MAX_PEOPLE,
    AffectedForm,
    EvidenceForm,
    ReceiptDownloadForm,
    RemoveFileForm,
    ShareForm,
    SubmitReportForm,
    TogetherForm,
    WhatHappenedForm,
    WhoForm,
)
from intake.models import Report, TeamKey
from intake.models.force import DEFAULT_FORCE_ID
from intake.proof.anonymity import disclosure_for
from intake.receipts import normalise, receipt_hash
from intake.security import limiter
from intake.submission import AlreadySent, NotReady, submit
from intake.tenancy import current_force, current_force_id, force_label, sharing_possible
from intake.views import redisplay, reporter
from intake.views.uploads import chosen_file, read_upload
from intake.vocabulary import AFFECTED, CATEGORIES, PERSON_FIELDS, named_people, when_text

PAGES = ("what", "who", "affected", "evidence", "together", "share", "check")
SEND_LIMIT = "10 per hour"  # reports sent from one client
# Each upload is cleaned and the whole draft, files and all, sealed and written again: enough
# for the reports SEND_LIMIT allows, five files and Continue each, and no more.
UPLOAD_LIMIT = "60 per hour"


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


def back_into_a_sent_report(answers: dict[str, Any]) -> BaseResponse | None:
    """A later question answered on a page reached by Back after sending: the report was sent,
    so its receipt again, rather than a new draft missing its first answer (which would look
    like a timeout and lose the receipt). A new report starts at the first question."""
    if answers or drafts.sent() is None:
        return None
    return already_sent()


def ready() -> bool:
    return TeamKey.current() is not None


@reporter.before_request
def _no_report_to_national_oversight() -> BaseResponse | None:
    """National oversight never takes a report: its start page says so and starts none, so a
    question page reached at its address by a link or a typed address sends the reporter
    there, before they write a report that could only be refused as "not ready yet". Its
    status pages too: no receipt was ever given there, so a form asking for one could only
    answer "not found" to a reporter who should be at their own force's address."""
    path = request.path
    asks = path.startswith(("/report/", "/status/")) or path == "/status"
    # The default force is never national oversight (only a force added later can be), so its
    # pages, every page of a one-force service, read no force row for this.
    if asks and current_force_id() != DEFAULT_FORCE_ID and current_force().national:
        return redirect(url_for("reporter.start"))
    return None


def page(template: str, **context: Any) -> str:
    return render_template(f"reporter/{template}", ready=ready(), **context)


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
        **context,
    )


@reporter.get("/")
def start() -> str:
    return page(
        "start.html",
        force_name=force_label(),
        national=current_force().national,
        sharing=sharing_possible(),
    )


@reporter.route("/report/what", methods=["GET", "POST"])
def what() -> str | BaseResponse:
    answers = drafts.load()
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
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
        return redisplay.keep_unfinished("what", back_to, leave_out=unchosen | {"new_report"})
    if not back and form.validate_on_submit():
        redisplay.accepted("what")
        answers = drafts.update(
            categories=form.categories.data,
            when=form.when.data,
            when_date=form.when_date.data or "",  # emptied unless its option was chosen
            when_month=form.when_month.data or "",
            where=form.where.data or "",
            description=form.description.data,
        )
        return next_page(answers, "what")
    if token_expired(form):
        return question("what.html", "what", answers, form=form, expired=True)
    return redisplay.refuse("what", leave_out=unchosen)


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


@reporter.route("/report/evidence", methods=["GET", "POST"])
@limiter.limit(UPLOAD_LIMIT, methods=["POST"])
def evidence() -> str | BaseResponse:
    answers = drafts.load()
    files: list[dict[str, Any]] = answers.get("files", [])
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        kept = redisplay.take("evidence", answers)
        form = EvidenceForm(formdata=kept.fields if kept else None)
        upload_error = kept.upload_error if kept else None
        file_left = bool(kept and kept.file_left)
        return _evidence_page(answers, form, upload_error, expired=False, file_left=file_left)
    if done := back_into_a_sent_report(answers):
        return done
    form = EvidenceForm()
    upload_error = None
    back = redisplay.back_pressed(form)
    if back and not token_expired(form):
        file_left = bool(chosen_file(request.files.get("file")))
        back_to = previous_page(answers, "evidence")
        return redisplay.keep_unfinished("evidence", back_to, file_left=file_left)
    if not back and form.validate_on_submit():
        # A file chosen and then "Continue" pressed (not "Upload file") is uploaded too:
        # without JavaScript nothing else would tell the reporter it was left behind.
        chosen = chosen_file(request.files.get("file"))
        if form.upload.data or chosen:
            if len(files) >= drafts.MAX_FILES:
                upload_error = f"You can add up to {drafts.MAX_FILES} files"
            else:
                try:
                    file = read_upload(
                        request.files.get("file"), keep_original=bool(form.keep_original.data)
                    )
                except AttachmentRejected as rejected:
                    upload_error = rejected.message
                else:
                    twin = same_content(file, files)
                    if twin is not None:
                        upload_error = f"You have already added {twin}"
                    else:
                        redisplay.accepted("evidence")
                        files.append(file)
                        drafts.update(files=files)
                        if form.upload.data:
                            return redirect(url_for("reporter.evidence"))
        if upload_error is not None:
            return redisplay.refuse("evidence", upload_error=upload_error)
        if not form.upload.data:
            redisplay.accepted("evidence")
            answers = drafts.update(evidence_done=True)
            return next_page(answers, "evidence")
    expired = token_expired(form)
    # A browser cannot keep a chosen file across a refusal: say it was not added, rather than
    # that what was on the page is still there.
    file_lost = expired and chosen_file(request.files.get("file"))
    return _evidence_page(answers, form, upload_error, expired=expired, file_lost=file_lost)


def _evidence_page(
    answers: dict[str, Any],
    form: EvidenceForm,
    upload_error: str | None,
    *,
    expired: bool,
    file_lost: bool = False,
    file_left: bool = False,
) -> str:
    return question(
        "evidence.html",
        "evidence",
        answers,
        form=form,
        files=answers.get("files", []),
        remove_form=RemoveFileForm(),
        upload_error=upload_error,
        expired=expired,
        expired_file_lost=file_lost,
        file_left=file_left,
        max_files=drafts.MAX_FILES,
    )


@reporter.post("/report/evidence/<int:index>/remove")
def remove_file(index: int) -> BaseResponse:
    if lost := timed_out_page():
        return lost
    form = RemoveFileForm()
    if form.validate_on_submit():
        answers = drafts.load()
        if done := back_into_a_sent_report(answers):
            return done
        files = answers.get("files", [])
        shown = request.form.get("file", "")
        if shown:
            # The file the page showed there: Remove pressed twice, or on a page from before
            # another removal (Back, a second tab), must not take the file that moved up instead.
            index = next((n for n, f in enumerate(files) if _file_id(f) == shown), -1)
        if 0 <= index < len(files):
            redisplay.accepted("evidence")
            del files[index]
            drafts.update(files=files)
    return redirect(url_for("reporter.evidence"))


def _file_id(file: dict[str, Any]) -> str:
    """A draft file's own random id, for its Remove button: its fingerprint's salt."""
    mark = file.get("fingerprint")
    return str(mark.get("salt", "")) if isinstance(mark, dict) else ""


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


def check_context(answers: dict[str, Any]) -> dict[str, Any]:
    return {
        "sharing_asked": sharing_asked(answers),
        "answers": answers,
        "when_text": when_text(answers),
        "people": named_people(answers),
        "categories": CATEGORIES,
        "affected_labels": AFFECTED,
        "back": previous_page(answers, "check"),
    }


def already_sent() -> BaseResponse:
    return redirect(url_for("reporter.confirmation", again="yes"), code=303)


@reporter.route("/report/check", methods=["GET"])
def check() -> str | BaseResponse:
    answers = drafts.load()
    if not answers and drafts.sent() is not None:
        return already_sent()  # Back from the confirmation page
    if lost := timed_out_page():
        return lost
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    if not answers.get("checking") or not answers.get("send_token"):
        answers = drafts.update(checking=True, send_token=secrets.token_urlsafe(24))
    return page(
        "check.html",
        form=SubmitReportForm(send_token=answers["send_token"]),
        not_ready=False,
        expired=False,
        changed=request.args.get("changed") == "yes",
        **check_context(answers),
    )


@reporter.post("/report/send")
@limiter.limit(SEND_LIMIT)
def send() -> str | BaseResponse:
    if drafts.sent() is not None:
        return already_sent()  # a reload, Back and send again, or a second click
    if reporter_session.timed_out():
        # Say plainly that nothing was sent: an empty form alone leaves a frightened reporter
        # unsure whether the report went, was lost, or was taken.
        return redirect(url_for("reporter.what", lost="unsent"), code=303)
    answers = drafts.load()
    if not answers:
        # Its answers went with the session (signed out of the status page, "Exit this page" in
        # another tab): say that nothing was sent, as after a timeout.
        return redirect(url_for("reporter.what", lost="gone"), code=303)
    form = SubmitReportForm()
    missing = first_missing(answers)
    if missing:
        return redirect(url_for(f"reporter.{missing}"))
    if not form.validate_on_submit():
        return page(
            "check.html", form=form, expired=True, not_ready=False, **check_context(answers)
        )
    if not hmac.compare_digest(form.send_token.data or "", answers.get("send_token") or ""):
        # A form from another draft, or shown before an answer changed: show the answers as
        # they are now, and say why, before anything is sent.
        return redirect(url_for("reporter.check", changed="yes"), code=303)

    def mark_sent(report: Report, receipt: str) -> bool:
        shown = {
            "receipt": receipt,
            "received_on": report.received_on.isoformat(),
            "held": report.escrow == "waiting",
        }
        return drafts.mark_sent(answers, shown)

    try:
        submit(answers, mark_sent)
    except NotReady:
        return page(
            "check.html", form=form, expired=False, not_ready=True, **check_context(answers)
        )
    except AlreadySent:
        return already_sent()  # a request racing this one sent it first
    return redirect(url_for("reporter.confirmation"), code=303)


@reporter.get("/report/not-sent")
def send_limited() -> str | BaseResponse:
    """Where a send over the limit is redirected (``intake.errors``). A reporter who pressed Send
    once may share a network with many others: say so, and lead back to the answers, which are
    kept. A reload of this page is not another attempt."""
    if drafts.sent() is not None:
        return already_sent()
    if not drafts.load():
        lost = reporter_session.timed_out()
        return redirect(url_for("reporter.what", lost="yes") if lost else url_for("reporter.start"))
    minutes, at_most = wait_named(SEND_LIMIT)
    return page("send_limited.html", minutes=minutes, at_most=at_most)


def report_of(receipt: str) -> Report | None:
    """The report a receipt shown on this browser's pages opens; None once it was replaced."""
    key = current_app.config["CANDOUR_SECRETS"].receipt_key
    wanted = receipt_hash(key, receipt)
    return db.session.scalar(select(Report).where(Report.receipt_hash == wanted))


def replaced_receipt() -> BaseResponse:
    """A download asked for from a page showing a receipt that opens nothing now (replaced from
    the status page, in another tab): the status page, never a dead receipt or an error page."""
    return redirect(url_for("reporter.status"), code=303)


def _still_the_day_sent(received_on: date) -> bool:
    """Whether a report received on ``received_on`` may show its receipt now: on that day, or in
    the first minutes of the next while a session left idle since Send still lives. Send pressed
    just before midnight lands its redirect just after it, and a receipt lost then is lost for
    good; a session restored later the next day has ended, idle, and gets none."""
    now = datetime.now()
    if received_on == now.date():
        return True
    since_midnight = now - datetime.combine(now.date(), time())
    return received_on == now.date() - timedelta(days=1) and since_midnight < timedelta(
        minutes=reporter_session.IDLE_MINUTES
    )


@reporter.get("/report/sent")
def confirmation() -> str | BaseResponse:
    """The receipt of the report this browser sent; nowhere else and never after it leaves."""
    shown = drafts.sent()
    if shown is None:
        if reporter_session.timed_out():  # the receipt page says why, and how to see the report
            return redirect(url_for("reporter.status", lost="yes"))
        return redirect(url_for("reporter.start"))
    received_on = date.fromisoformat(shown["received_on"])
    if not _still_the_day_sent(received_on):
        # Only on the day it was sent: a browser that restores its session the next day (a
        # shared or work device) must not hand the receipt to whoever opens it.
        drafts.discard()
        return redirect(url_for("reporter.start"))
    receipt = str(shown["receipt"])
    report = report_of(receipt)
    if report is None:  # replaced since, from the status page: this receipt opens nothing now
        drafts.discard()
        return redirect(url_for("reporter.start"))
    return page(
        "confirmation.html",
        receipt=receipt,
        download=ReceiptDownloadForm(receipt=receipt),
        follow_up=where_to_follow_up(),
        received_on=received_on,
        held=bool(shown.get("held")),
        proof_form=ReceiptProofForm(receipt=receipt),
        again=request.args.get("again") == "yes",
        proof_says=disclosure_for(report),
    )


@reporter.post("/receipt.txt")
@limiter.limit("20 per hour")
def receipt_file() -> Response | BaseResponse:
    """Echo a receipt back as a download; nothing is stored."""
    form = ReceiptDownloadForm()
    if not form.validate_on_submit() or normalise(form.receipt.data or "") is None:
        abort(400)
    if report_of(form.receipt.data or "") is None:
        return replaced_receipt()
    follow_up = where_to_follow_up()
    sent_to = f"Your report went to {follow_up.force_name}.\n" if follow_up.force_name else ""
    text = (
        "Candour receipt\n\n"
        f"{form.receipt.data}\n\n"
        f"{sent_to}To check your report, go to {follow_up.address} and enter this receipt.\n\n"
        "Keep this somewhere only you can reach. It is the only way back to your report.\n"
        "Anyone who has it can read the team's messages to you.\n"
    )
    response = make_response(text)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="candour-receipt.txt"'
    return response
