"""Issue 13 item 9, team side: a note typed while the member's session ran out is shown back to
copy, not dropped with a redirect; nothing is saved or kept."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from intake.db import db
from tests.helpers import Team, csrf_token, reports_in_order, sign_in_directly, submit_report
from tests.team_helpers import sign_in
from triage.models import Note, StaffSession
from triage.team.sessions import IDLE_MINUTES


def test_a_note_typed_as_the_session_ends_is_shown_back_and_not_saved(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    staff = client.application.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    page = staff.get(f"/team/cases/{report.reference}").get_data(as_text=True)
    token = csrf_token(page)
    idle = timedelta(minutes=IDLE_MINUTES + 1)
    for row in db.session.scalars(select(StaffSession)):
        row.last_seen_at -= idle
    db.session.commit()
    typed = "Spoke to the duty inspector <b>at length</b> about the shift pattern."
    response = staff.post(
        f"/team/cases/{report.reference}/notes", data={"csrf_token": token, "note_body": typed}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Your session ended before this was saved" in html
    assert "Spoke to the duty inspector &lt;b&gt;at length&lt;/b&gt;" in html  # escaped, shown
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0
    # The reason covers every way a session ends, not only idleness.
    assert "when you sign out in another tab, or when a lead changes your role" in html
    # Signing in again leads back to the case the note is to be pasted into.
    assert sign_in(staff, team.lead).location == f"/team/cases/{report.reference}"


def test_a_plain_visit_while_signed_out_still_goes_to_sign_in(
    client: FlaskClient, team: Team
) -> None:
    submit_report(client)
    report = reports_in_order()[0]
    assert client.get(f"/team/cases/{report.reference}").status_code == 302
