"""The status page says, once, in its Evidence section, that the last file a reporter chose was
not added and why, so that a reporter who went on to something else knows without going back
for the reason. Before, it said "The last file you chose was not added. Go back to see why"
even when no file had been chosen, and kept saying it on every visit until a later file was
added, when going back no longer showed any reason."""

from __future__ import annotations

import io
from pathlib import Path

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.helpers import Team, open_status, post_upload, refused, submit_report
from tests.journey_page import errors, field_error, parse

PROGRAM = Path("/bin/true").read_bytes()  # a real program, as a reporter's phone might offer


def choose(client: FlaskClient, name: str | None, content: bytes = b"") -> TestResponse:
    data: dict[str, object] = {"upload": "Add evidence"}
    if name is not None:
        data["file"] = (io.BytesIO(content), name)
    return post_upload(client, "/status/evidence", data)


def note(client: FlaskClient) -> str | None:
    found = parse(client.get("/status").get_data(as_text=True)).find("p", id="unsent-evidence")
    return found[0].words if found else None


def test_upload_with_no_file_chosen_leaves_no_note_on_the_status_page(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    shown = refused(client, choose(client, None))
    assert errors(shown) == ["Choose a file to upload"]  # the evidence page says all there is
    assert note(client) is None


def test_a_refused_file_is_said_once_with_what_and_why_and_no_dead_end(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client))
    shown = refused(client, choose(client, "real.exe", PROGRAM))
    reason = field_error(shown, "file")
    assert "‘real.exe’" in reason and "it looks like a program" in reason
    said = note(client)
    assert said == f"The last file you chose was not added. {reason}"
    client.get("/status/reply")
    client.get("/status/retaliation")
    assert note(client) is None  # said once, not on every visit until a file is added


def test_a_file_added_after_a_refused_one_leaves_no_note(client: FlaskClient, team: Team) -> None:
    open_status(client, submit_report(client))
    refused(client, choose(client, "real.exe", PROGRAM))
    assert choose(client, "notes.txt", b"What he said.").status_code == 302
    status = parse(client.get("/status").get_data(as_text=True))
    assert status.find(id="done") and not status.find("p", id="unsent-evidence")


def test_a_refused_copy_is_said_with_the_name_it_was_added_as(
    client: FlaskClient, team: Team
) -> None:
    open_status(client, submit_report(client, files=[("notes.txt", b"What he said.")]))
    refused(client, choose(client, "copy.txt", b"What he said."))
    assert note(client) == (
        "The last file you chose was not added. You have already added this file, as notes.txt."
    )
