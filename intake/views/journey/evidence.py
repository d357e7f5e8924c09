"""The journey's evidence page: files chosen, cleaned and kept in the draft, and removed.

Without JavaScript a file is uploaded by its own button, or with Continue; a browser never
sends a chosen file again, so a page shown again says when one was not added. A file uploaded
by its button, or removed, is confirmed once at the top of the page shown next (``_say_done``):
the list further down was the only sign, easily missed on a phone. One added by Continue is
confirmed on the next page of the journey (``pages.say_added_on_continue``).
"""

from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake import drafts, reporter_session
from intake.attachments import AttachmentRejected
from intake.duplicates import already_added, same_content
from intake.followups import MAX_ATTACHMENTS
from intake.forms import token_expired
from intake.forms.report import EvidenceForm, RemoveFileForm
from intake.reporter_limits import ADDRESS_CEILING_FACTOR, reporter_limit
from intake.shared_networks import scaled
from intake.views import redisplay, reporter
from intake.views.journey.pages import forget_draft_notices, question, say_added_on_continue
from intake.views.journey.steps import (
    back_into_a_sent_report,
    next_page,
    previous_page,
    timed_out_page,
)
from intake.views.uploads import chosen_file, read_upload, too_large_taken_out

# Each upload is cleaned and the whole draft, files and all, sealed and written again: enough
# for the reports ``sending.SEND_LIMIT`` allows, five files and Continue each, and no more.
# Only a POST carrying a file counts (``_no_file``), per browser, under a ceiling per address
# ten times looser: counted per address, the Continue and Back presses of everyone at a
# station's proxy used it up, and a reporter who then pressed Continue with no file was held
# on this page until the draft timed out.
UPLOAD_LIMIT = "60 per hour"
UPLOAD_CEILING = scaled(UPLOAD_LIMIT, ADDRESS_CEILING_FACTOR)
# The reporter session's slot for what the evidence page confirms once, after the redirect: the
# file's name is what the reporter wrote, so it is kept sealed there, never in the address.
_DONE = "evidence_done"


def _no_file() -> bool:
    """Whether a POST carries no file to clean: Continue or Back with none chosen, or Upload
    pressed with none (refused at the field)."""
    return not chosen_file(request.files.get("file"))


@reporter.route("/report/evidence", methods=["GET", "POST"])
@reporter_limit(UPLOAD_CEILING, methods=["POST"], ceiling_of_all=True, unless=_no_file)
@reporter_limit(UPLOAD_LIMIT, methods=["POST"], per_person_everywhere=True, unless=_no_file)
def evidence() -> str | BaseResponse:
    answers = drafts.load()
    files: list[dict[str, Any]] = answers.get("files", [])
    if request.method == "GET":
        if lost := timed_out_page():
            return lost
        kept = redisplay.take("evidence", answers)
        form = EvidenceForm(formdata=kept.fields if kept else None)
        upload_error = kept.upload_error if kept else None
        if upload_error is not None:
            # Keeping a file's hidden details is chosen afresh with each file, never carried
            # over from one refused (as on /status/evidence). A file left by Back keeps the
            # choice: the page asks for that same file again.
            form.keep_original.data = False
        file_left = bool(kept and kept.file_left)
        said = None if kept else _done_notice()
        return _evidence_page(
            answers, form, upload_error, expired=False, file_left=file_left, done=said
        )
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
        # without JavaScript nothing else would tell the reporter it was left behind. One too
        # large, taken out of the field by JavaScript, is refused as it would be if sent.
        chosen = chosen_file(request.files.get("file")) or too_large_taken_out()
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
                        name = request.files["file"].filename or ""
                        upload_error = already_added(name, twin)
                    else:
                        redisplay.accepted("evidence")
                        files.append(file)
                        drafts.update(files=files)
                        if form.upload.data:
                            _say_done("added", file)
                            return redirect(url_for("reporter.evidence"))
                        say_added_on_continue(str(file.get("filename", "")))
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
    done: dict[str, str] | None = None,
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
        # With the session, its draft went (idle, or "Exit this page" in another tab): say so
        # now, not at the next Continue.
        expired_answers_lost=file_lost and not answers,
        file_left=file_left,
        done=done,
        max_files=drafts.MAX_FILES,
        max_on_report=MAX_ATTACHMENTS,  # what the status page adds up to, said here too
    )


def _say_done(action: str, file: dict[str, Any]) -> None:
    """Have the evidence page confirm, once, that ``file`` was "added" or "removed"."""
    reporter_session.put(_DONE, {"action": action, "filename": str(file.get("filename", ""))})


def forget_done_notice() -> None:
    """Drop a confirmation not yet shown (it names a file of the draft being deleted)."""
    forget_draft_notices(_DONE)


def _done_notice() -> dict[str, str] | None:
    """What ``_say_done`` said, once: a reload or Back onto the page says nothing again."""
    done = reporter_session.take(_DONE)
    return done if isinstance(done, dict) else None


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
            _say_done("removed", files.pop(index))
            drafts.update(files=files)
    return redirect(url_for("reporter.evidence"))


def _file_id(file: dict[str, Any]) -> str:
    """A draft file's own random id, for its Remove button: its fingerprint's salt."""
    mark = file.get("fingerprint")
    return str(mark.get("salt", "")) if isinstance(mark, dict) else ""
