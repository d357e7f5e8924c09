"""The subject page: every case the member may see that may name one person, on a timeline by
the day each was received, with the cluster's risk and the reasons the reports were linked.

Caseworkers and leads only (oversight never sees case content: 403). Nobody's name is stored in
clear, so the person is "Person N in case REF", from the case the member came from. Opening the
page decrypts each listed case's link reason, so each listed case is audited as a case view is.
"""

from __future__ import annotations

from flask import abort, render_template, request

from intake.db import db
from intake.vocabulary import CATEGORIES, STAGES
from triage import audit
from triage.casework import vocabulary
from triage.matching.related import subject_timeline
from triage.team.sessions import current_member, roles_required, unlocked_keys
from triage.views import team


@team.get("/subjects/<cluster_id>")
@roles_required("caseworker", "lead")
def subject(cluster_id: str) -> str:
    member = current_member()
    assert member is not None  # the blueprint's before_request has already checked
    timeline = subject_timeline(
        cluster_id[:64],
        member,
        unlocked_keys(),
        from_reference=request.args.get("case", "")[:20] or None,
    )
    if timeline is None:
        abort(404)
    for entry in timeline.entries:
        audit.record(
            "decrypted", member.id, entry.report.reference, f"subject page {timeline.cluster_id}"
        )
    db.session.commit()  # the audit entries stand even if rendering fails
    return render_template(
        "team/subject.html",
        timeline=timeline,
        categories=CATEGORIES,
        stages=STAGES,
        vocabulary=vocabulary,
    )
