"""Proof of reporting: download a signed statement (confirmation and status pages), check one,
and the published public keys.

The confirmation page knows its report only by the receipt it has just shown, so its form
sends the receipt back (as the receipt download already does); it is used for one lookup and
one keyed hash and is not kept. The status page's session holds the receipt-derived proof
reference (``intake.views.status.session_report.remember``), never the receipt.
"""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, make_response, redirect, request, url_for
from flask_wtf.file import FileStorage
from werkzeug.wrappers import Response as BaseResponse

from intake import receipts
from intake.forms import token_expired
from intake.forms.proof import ReceiptProofForm, StatusProofForm, VerifyProofForm
from intake.models import Report
from intake.proof import keys as proof_keys
from intake.proof.anonymity import disclosure_for
from intake.proof.offered import withheld_because
from intake.proof.statement import BEGIN_SIGNATURE, BEGIN_STATEMENT, MAX_DOCUMENT_BYTES, make_proof
from intake.reporter_limits import reporter_limit
from intake.views import proof_checked, reporter
from intake.views.journey.confirmation import ended_before_download, replaced_receipt
from intake.views.journey.pages import page
from intake.views.status.page import render_status
from intake.views.status.session_report import (
    find_by_receipt,
    open_report,
    receipt_page_address,
    report_person,
    session_proof_reference,
)
from intake.vocabulary import CATEGORIES

DOWNLOAD_LIMIT = "20 per hour"
CHECK_LIMIT = "30 per minute; 300 per hour"


def proof_file(report: Report, reference: str) -> Response:
    """The signed statement for ``report`` as a plain-text download."""
    says = disclosure_for(report)
    document = make_proof(
        proof_keys.signing_key(),
        reference=reference,
        categories=[CATEGORIES.get(code, code) for code in says.categories],
        received_in=says.period,
    )
    response = make_response(document)
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    # A plain name: a shared device's downloads list says nothing of which service was used.
    response.headers["Content-Disposition"] = 'attachment; filename="proof-of-reporting.txt"'
    return response


@reporter.post("/report/proof.txt")
@reporter_limit(DOWNLOAD_LIMIT)
def proof_from_receipt() -> Response | BaseResponse:
    form = ReceiptProofForm()
    receipt = form.receipt.data or ""
    valid = form.validate_on_submit()
    if token_expired(form):
        return ended_before_download()
    if not valid or receipts.normalise(receipt) is None:
        abort(400)
    report = find_by_receipt(receipt)
    if report is None:  # a receipt just shown always finds its report, unless it was replaced
        return replaced_receipt()
    if withheld_because(report):  # the page, which offers none, says why
        return redirect(url_for("reporter.confirmation"), code=303)
    key: bytes = current_app.config["CANDOUR_SECRETS"].receipt_key
    return proof_file(report, receipts.proof_reference(key, receipt))


@reporter.post("/status/proof.txt")
@reporter_limit(DOWNLOAD_LIMIT, person=report_person)
def proof_from_status() -> Response | BaseResponse | str:
    report = open_report()
    reference = session_proof_reference()
    if report is None or reference is None:
        return redirect(receipt_page_address())
    form = StatusProofForm()
    if not form.validate_on_submit():
        return render_status(report, form)
    if withheld_because(report):  # the page, which offers none, says why
        return redirect(url_for("reporter.status"), code=303)
    return proof_file(report, reference)


# --- checking a statement ----------------------------------------------------------


def _normalise_pasted(text: str) -> str:
    """Browsers send a text area's line breaks as CRLF and copying often drops or adds blank
    lines at either end; the statement's own lines always end in a bare LF. Uploaded files are
    checked byte for byte but for their line endings (``submitted_document``)."""
    return text.replace("\r\n", "\n").strip() + "\n"


def _read_upload(upload: FileStorage) -> bytes:
    try:
        data: bytes = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
        return data
    finally:
        upload.close()


BOTH_GIVEN = (
    "Choose the statement file or paste the statement, not both: they are different. To check "
    "the file, delete the pasted statement and choose the file again"
)


def submitted_document(form: VerifyProofForm) -> bytes | None:
    """The statement the form carries, or None with an error put on the right field."""
    upload = form.file.data
    pasted = form.statement.data or ""
    pasted_document = b"" if not pasted.strip() else _normalise_pasted(pasted).encode("utf-8")
    if isinstance(upload, FileStorage) and upload.filename:
        # A file saved again on Windows, or passed through mail, has CRLF line endings: the
        # same words, which were signed with bare LFs (a statement holds no other CR).
        field, document = form.file, _read_upload(upload).replace(b"\r\n", b"\n")
    else:
        field, document = form.statement, pasted_document
    error = None
    if field is form.file and pasted_document and pasted_document.strip() != document.strip():
        # Checking one and saying nothing of the other would let a reader take the pasted
        # statement for the one found genuine (or not).
        field, error = form.statement, BOTH_GIVEN
    elif not document.strip():
        error = (
            "The file you chose is empty"
            if field is form.file
            else "Paste the statement or choose the statement file"
        )
    elif len(document) > MAX_DOCUMENT_BYTES:
        error = (
            f"The statement must be smaller than {MAX_DOCUMENT_BYTES // 1024} KB. "
            "A Candour statement is about 2 KB: check you chose the right file"
        )
    else:
        try:
            text = document.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None:
            error = "The file must be the plain text (.txt) file downloaded from Candour"
        elif BEGIN_STATEMENT not in text or BEGIN_SIGNATURE not in text:
            error = (
                "This is not a Candour proof of reporting. Use the whole statement, from "
                "“CANDOUR: PROOF OF REPORTING” to the end of the signature"
            )
    if error is not None:
        field.errors = [error]
        return None
    return document


@reporter.route("/proof/verify", methods=["GET", "POST"])
@reporter_limit(CHECK_LIMIT, methods=["POST"])
def verify_proof_page() -> str | BaseResponse:
    """Check a statement: the POST redirects to the page, which shows the outcome once
    (``intake.views.proof_checked``), so a reload or Back never sends the statement again."""
    if request.method == "GET":
        return _verify_page(request.args.get(proof_checked.MARK))
    form = VerifyProofForm()
    if not form.validate_on_submit():
        outcome = proof_checked.Outcome(expired=token_expired(form))
    elif (document := submitted_document(form)) is None:
        errors = {f.name: list(f.errors) for f in form if f.errors}
        outcome = proof_checked.Outcome(errors=errors, pasted=form.statement.data or "")
    else:
        outcome = proof_checked.Outcome(result=proof_checked.Result.of(proof_keys.verify(document)))
    shown_at = url_for("reporter.verify_proof_page")
    return redirect(f"{shown_at}?{proof_checked.MARK}={proof_checked.keep(outcome)}", code=303)


def _verify_page(mark: str | None) -> str:
    outcome = proof_checked.take(mark)
    form = VerifyProofForm(formdata=None)
    if outcome is not None:
        form.statement.data = outcome.pasted
        for name, errors in outcome.errors.items():
            form[name].errors = errors
    return page(
        "proof_verify.html",
        form=form,
        result=outcome.result if outcome else None,
        session_ended=bool(outcome and outcome.expired),
        # An address whose outcome was shown already, by a reload or Back: said, not hidden.
        not_kept=bool(mark) and outcome is None,
    )


# --- published keys ----------------------------------------------------------------


@reporter.get("/proof/keys")
def proof_keys_page() -> str:
    rows = proof_keys.all_rows()
    return page("proof_keys.html", keys=[(row, proof_keys.pem_of(row)) for row in rows])


@reporter.get("/proof/keys.json")
def proof_keys_json() -> Response:
    return jsonify(
        {
            "issuer": "Candour",
            "algorithm": "Ed25519",
            "key_id": "first 16 hex characters of the SHA-256 of the raw 32-byte public key",
            "keys": [
                {
                    "key_id": row.key_id,
                    "public_key_pem": proof_keys.pem_of(row),
                    "created_on": row.created_on.isoformat(),
                    "retired_on": row.retired_on.isoformat() if row.retired_on else None,
                    "status": "retired" if row.retired_on else "current",
                }
                for row in proof_keys.all_rows()
            ],
        }
    )
