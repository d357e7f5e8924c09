"""A file larger than the server takes, chosen on either evidence page: with JavaScript, said at
the field as soon as it is chosen, in the server's own words, and never sent; without, sent and
refused by the server, as before."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, FilePayload, Page, Request, expect

from intake.attachments import too_large
from intake.db import db
from intake.submission import submit
from intake.views.uploads import MAX_FILE_BYTES
from tests.browser.conftest import AxeScanner
from tests.browser.test_evidence_browser import phone, reach_evidence, team
from tests.helpers import DEFAULT_REPORT

pytestmark = pytest.mark.browser
BIG = FilePayload(name="bodycam.mp4", mimeType="video/mp4", buffer=b"\0" * (MAX_FILE_BYTES + 1))
SAID = too_large("bodycam.mp4", MAX_FILE_BYTES)


__all__ = [
    "phone",
    "team",
]  # fixtures: the evidence pages' team, and phones with and without JavaScript


def at_status_evidence(page: Page, app: Flask, base: str) -> None:
    with app.app_context():
        _report, receipt = submit(dict(DEFAULT_REPORT))
        db.session.remove()
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    expect(page.get_by_role("heading", name="Your report")).to_be_visible()
    page.goto(base + "/status/evidence")


@pytest.mark.parametrize(
    ("address", "button"),
    [("/report/evidence", "Upload file"), ("/status/evidence", "Add evidence")],
)
def test_a_file_too_large_is_refused_at_once_with_javascript(
    live_app: tuple[Flask, str],
    phone: BrowserContext,
    axe: AxeScanner,
    address: str,
    button: str,
    request: pytest.FixtureRequest,
) -> None:
    """With JavaScript, a 10 MB video was sent whole, over a phone's mobile data, before the
    page said it was too large."""
    app, base = live_app
    page = axe.new_page(phone)
    if address == "/report/evidence":
        reach_evidence(page, base)
    else:
        at_status_evidence(page, app, base)
    # Read from the parameter, not the page: the script that marks the body runs after the
    # heading is shown, so the page alone could be asked too early.
    javascript = bool(request.node.callspec.params["phone"])
    if javascript:
        expect(page.locator("body.js-enabled")).to_have_count(1)  # its listeners are in place
    posted: list[str] = []

    def sent(request: Request) -> None:
        if request.method == "POST":
            posted.append(request.url)

    page.on("request", sent)
    field = page.locator("input#file")
    field.set_input_files(files=[BIG])
    if not javascript:
        # Nothing said until it is sent: the server refuses it, in the same words.
        page.get_by_role("button", name=button).click()
        expect(page.locator("#file-error")).to_have_text(f"Error: {SAID}")
        assert posted == [base + address]
        axe.assert_done()
        return

    # Said at the field at once (GOV.UK's error message), before anything is sent.
    expect(page.locator("#file-error")).to_have_text(f"Error: {SAID}")
    expect(page.locator(".govuk-form-group--error")).to_have_count(1)
    expect(field).to_have_class("govuk-file-upload govuk-file-upload--error")
    assert "file-error" in (field.get_attribute("aria-describedby") or "").split()
    assert posted == []
    # The file is taken out of the field, so no button sends it.
    assert field.evaluate("input => input.files.length") == 0
    axe.scan(f"evidence-too-large-js-{address.split('/')[1]}", page.content())

    # A file within the limit, chosen next, takes the error away.
    field.set_input_files(
        files=[FilePayload(name="rota.txt", mimeType="text/plain", buffer=b"Rota for March.")]
    )
    expect(page.locator("#file-error")).to_have_count(0)
    expect(page.locator(".govuk-form-group--error")).to_have_count(0)
    expect(field).to_have_class("govuk-file-upload")
    assert field.get_attribute("aria-describedby") in (None, "file-hint")
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text("rota.txt", exact=False).first).to_be_visible()
    assert posted == [base + address]  # the small file alone
    axe.assert_done()


@pytest.mark.parametrize("phone", [True], indirect=True)
@pytest.mark.parametrize(
    ("address", "button"),
    [
        ("/report/evidence", "Upload file"),
        ("/report/evidence", "Continue"),
        ("/status/evidence", "Add evidence"),
    ],
)
def test_a_file_too_large_is_still_said_when_the_button_is_pressed(
    live_app: tuple[Flask, str], phone: BrowserContext, address: str, button: str
) -> None:
    """With JavaScript, a file too large was taken out of its field as soon as it was chosen: the
    button pressed next sent an empty field, and the page said "Choose a file to upload" to a
    reporter who had just chosen one, in place of why it was not taken."""
    app, base = live_app
    page = phone.new_page()
    if address == "/report/evidence":
        reach_evidence(page, base)
    else:
        at_status_evidence(page, app, base)
    expect(page.locator("body.js-enabled")).to_have_count(1)  # its listeners are in place
    page.locator("input#file").set_input_files(files=[BIG])
    expect(page.locator("#file-error")).to_have_text(f"Error: {SAID}")

    sent: list[int] = []
    page.on("request", lambda request: sent.append(len(request.post_data_buffer or b"")))
    page.get_by_role("button", name=button).click()
    # Refused by the server as it refuses the file itself without JavaScript, the file unsent.
    expect(page.locator(".govuk-error-summary")).to_contain_text(SAID)
    expect(page.locator("#file-error")).to_have_text(f"Error: {SAID}")
    expect(page.get_by_text("Choose a file to upload")).to_have_count(0)
    assert max(sent) < MAX_FILE_BYTES // 100
