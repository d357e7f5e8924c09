"""The lead-only audit log: entries newest first, 50 a page, filtered by case, member, action
and day; a CSV export of the same search (itself audited); and a button that verifies the hash
chain. Entries about a case the lead is recused from are never shown (``triage.audit_search``).
It never shows report content, because entries never hold any.

Verifying is post/redirect/get: the POST verifies, records one ``audit_verified`` entry and
redirects (303) to the page, whose next GET shows the result once (``shown_once``); so a reload
neither verifies again nor adds another entry.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from intake.db import db
from triage import audit, audit_search
from triage.audit_wording import action_label, member_ids, readable_detail
from triage.casework.queries import member_names
from triage.forms.audit_log import AuditFilterForm
from triage.forms.members import VerifyAuditForm
from triage.models import AuditEntry, Member
from triage.team.sessions import current_member, roles_required
from triage.views import redisplay, shown_once, team

PER_PAGE = 50
CSV_COLUMNS = ("Entry", "When (UTC)", "Member", "Action", "Case", "Detail")
_VERIFY = "audit/verify"  # the place of the verify button, and of its result until shown


def _lead() -> Member:
    member = current_member()
    assert member is not None  # roles_required let only a signed-in lead through
    return member


def _filters(form: AuditFilterForm) -> audit_search.AuditFilters | None:
    """The filters asked for; None when one of them is wrong."""
    form.set_members(audit_search.members_in_log())
    return form.filters() if form.validate() else None


def _row(entry: AuditEntry, names: dict[int, str]) -> tuple[str, ...]:
    who = names.get(entry.member_id, f"Member {entry.member_id}") if entry.member_id else "–"
    return (
        str(entry.place),  # its place in this force's chain, never the id (``AuditEntry.place``)
        f"{entry.at.day} {entry.at:%b %Y %H:%M:%S}",  # "3 Dec 2026", as the rest of the service
        who,
        action_label(entry.action),
        entry.case_reference or "",
        readable_detail(entry, names),
    )


def _pagination(page: int, pages: int, args: dict[str, str]) -> dict[str, Any] | None:
    if pages <= 1:
        return None

    def href(number: int) -> str:
        values: dict[str, Any] = {**args, "page": number}
        return url_for("team.audit_log", **values)

    items: list[dict[str, Any]] = []
    for number in range(1, pages + 1):
        if number in (1, pages) or abs(number - page) <= 2:
            items.append({"number": number, "href": href(number), "current": number == page})
        elif abs(number - page) == 3:
            items.append({"ellipsis": True})
    return {
        "items": items,
        "previous": {"href": href(page - 1)} if page > 1 else None,
        "next": {"href": href(page + 1)} if page < pages else None,
    }


@team.route("/audit", methods=["GET", "POST"])
@roles_required("lead")
def audit_log() -> str | BaseResponse:
    member = _lead()
    if request.method == "POST":
        return _verify(member)
    form, _ = redisplay.shown(_VERIFY, VerifyAuditForm)
    kept = shown_once.take(_VERIFY)
    verification = audit.Verification(**kept) if kept is not None else None
    search = AuditFilterForm(formdata=request.args)
    filters = _filters(search)
    # Filters with a mistake list nothing: the whole log under an error reads as the filtered one.
    total = 0 if filters is None else audit_search.count(filters, member)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    entries = (
        []
        if filters is None
        else audit_search.entries(filters, member, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    )
    names = member_names(member_ids(list(entries)))
    args = search.query_args()
    return render_template(
        "team/audit_log.html",
        form=search if search.errors else form,
        verify_form=form,
        search=search,
        rows=[(entry, _row(entry, names)) for entry in entries],
        columns=CSV_COLUMNS,
        page=page,
        pages=pages,
        total=total,
        filtered=bool(args),
        pagination=_pagination(page, pages, args),
        export_url=url_for("team.audit_export", **dict[str, Any](args)),
        verification=verification,
    )


def _verify(member: Member) -> BaseResponse:
    """Verify the chain, record that it was, and go to the page that shows the result once."""
    form = VerifyAuditForm()
    if not form.validate_on_submit():
        return redisplay.refuse(_VERIFY, form, url_for("team.audit_log"))
    verification = audit.verify()
    audit.record(
        "audit_verified",
        member.id,
        detail="intact"
        if verification.broken_at is None
        else f"broken at entry {verification.broken_at}",  # its place, as the page numbers it
    )
    redisplay.accepted(_VERIFY)
    shown_once.keep(_VERIFY, dataclasses.asdict(verification))
    db.session.commit()
    return redirect(url_for("team.audit_log"), code=303)


def _csv_cell(value: str) -> str:
    # A spreadsheet runs a cell starting with one of these as a formula: write it as text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@team.get("/audit.csv")
@roles_required("lead")
def audit_export() -> Response:
    member = _lead()
    filters = _filters(AuditFilterForm(formdata=request.args))
    if filters is None:
        abort(400)  # the page shows what is wrong; an export of everything would mislead
    entries = audit_search.entries(filters, member)
    names = member_names(member_ids(list(entries)))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([_csv_cell(cell) for cell in _row(entry, names)])
    audit.record(
        "audit_exported", member.id, detail=f"{len(entries)} entries: {filters.describe()}"
    )
    db.session.commit()
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="candour-audit-log.csv"'},
    )
