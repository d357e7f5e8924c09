"""Adding or removing a file in the report journey is confirmed once, at the top of the
evidence page (GOV.UK's success banner, naming the file as the list does), as the status page's
"Add evidence" is: the list partway down was the only sign, easily missed on a phone."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient

from tests.helpers import (
    Team,
    csrf_token,
    open_status,
    post_form,
    post_upload,
    submit_report,
    visible_text,
)


def start_report(client: FlaskClient) -> None:
    what = {
        "categories": ["bullying"],
        "when": "month",
        "when_month": "3/2025",
        "where": "The station",
        "description": "It happened at the morning briefing.",
    }
    assert post_form(client, "/report/what", what).status_code == 302


def banner(html: str) -> str | None:
    """The words of the page's success banner, if it has one (checked to be GOV.UK's success
    banner, at the top, before the page's heading)."""
    opening = re.search(r"<div [^>]*id=\"done\"[^>]*>", html)
    if opening is None:
        return None
    assert "govuk-notification-banner--success" in opening[0] and 'role="alert"' in opening[0]
    assert opening.start() < html.index("<h1")
    return visible_text(html[opening.start() :].split("</div>\n</div>", 1)[0])


def upload(client: FlaskClient, name: str, content: bytes) -> str:
    """Upload a file with "Upload file" and return the page the redirect leads to."""
    response = post_upload(
        client, "/report/evidence", {"upload": "Upload file", "file": (io.BytesIO(content), name)}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/evidence")
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_file_uploaded_is_confirmed_once_by_its_name(client: FlaskClient, team: Team) -> None:
    start_report(client)
    assert banner(client.get("/report/evidence").get_data(as_text=True)) is None

    said = banner(upload(client, "photo.txt", b"What he said, word for word."))

    assert said is not None and "File added" in said and "photo.txt was added" in said
    assert banner(client.get("/report/evidence").get_data(as_text=True)) is None  # a reload


def test_a_file_removed_is_confirmed_once_by_its_name(client: FlaskClient, team: Team) -> None:
    start_report(client)
    upload(client, "rota.txt", b"Rota for March.")
    page = upload(client, "photo.txt", b"What he said.")
    photo = re.findall(r'name="file" value="([0-9a-f]+)"', page)[1]

    removed = client.post(
        "/report/evidence/1/remove", data={"csrf_token": csrf_token(page), "file": photo}
    )

    assert removed.status_code == 302
    html = client.get(removed.headers["Location"]).get_data(as_text=True)
    said = banner(html)
    assert said is not None and "File removed" in said and "photo.txt was removed" in said
    assert "rota.txt" not in said
    assert banner(client.get("/report/evidence").get_data(as_text=True)) is None  # a reload


def test_a_refused_file_shows_its_error_not_an_earlier_confirmation(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    response = post_upload(
        client, "/report/evidence", {"upload": "Upload file", "file": (io.BytesIO(b"A"), "a.txt")}
    )
    refusal = post_upload(
        client,
        "/report/evidence",
        {"upload": "Upload file", "file": (io.BytesIO(b"GIF89a\x01\x00"), "cat.gif")},
        page=response.headers["Location"],  # the token from the page, not a fresh GET of it
    )
    html = client.get(refusal.headers["Location"]).get_data(as_text=True)
    assert "There is a problem" in html and banner(html) is None


def test_a_file_added_by_continue_is_confirmed_on_the_next_page(
    client: FlaskClient, team: Team
) -> None:
    """Chosen, then Continue pressed rather than "Upload file": the file is added, and the page
    Continue leads to says so, once, as the evidence page does for the button."""
    start_report(client)
    post_form(client, "/report/who", {"unknown": "y", "submit": "Continue"})
    post_form(client, "/report/affected", {"affected": ["reporter"]})
    response = post_upload(
        client,
        "/report/evidence",
        {"submit": "Continue", "file": (io.BytesIO(b"What he said, word for word."), "notes.txt")},
    )
    assert response.status_code == 302
    following = response.headers["Location"]
    html = client.get(following).get_data(as_text=True)
    opening = re.search(r"<div [^>]*id=\"file-added\"[^>]*>", html)
    assert opening is not None and "govuk-notification-banner--success" in opening[0]
    said = visible_text(html[opening.start() :].split("</div>\n</div>", 1)[0])
    assert "File added" in said and "notes.txt was added to your report" in said
    assert 'id="file-added"' not in client.get(following).get_data(as_text=True)  # a reload


def test_the_evidence_pages_say_the_team_never_sees_file_names(
    client: FlaskClient, team: Team
) -> None:
    start_report(client)
    said = "The team never sees the names of your files"
    assert said in visible_text(upload(client, "Jane_Reporterson_PC1234.txt", b"What he said."))
    status = client.application.test_client()
    open_status(status, submit_report(status))
    assert said in visible_text(status.get("/status/evidence").get_data(as_text=True))
