"""The time-out warning with JavaScript on, under the real Content Security Policy: the session's
time limit is shortened in configuration so that the warning comes within seconds, and the test
waits for what the page shows (Playwright's ``expect``), never for a clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from hashlib import sha256
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect

from intake.db import db
from intake.models import ReporterSession
from intake.models.force import DEFAULT_FORCE_ID
from intake.reporter_session import _open
from tests.browser.conftest import AxeScanner
from tests.helpers import make_team, open_status, submit_report

pytestmark = pytest.mark.browser
WARNING = "Your answers will be deleted soon"


@pytest.fixture(scope="module", autouse=True)
def team(live_app: tuple[Flask, str]) -> Iterator[None]:
    app, _ = live_app
    with app.app_context():
        make_team()
        db.session.remove()
    yield


@pytest.fixture
def time_limit(live_app: tuple[Flask, str]) -> Iterator[dict[str, object]]:
    """The app's configuration, whose time limit a test shortens; put back afterwards."""
    app, _ = live_app
    saved = dict(app.config)
    yield app.config
    for key in ("CANDOUR_REPORTER_IDLE_SECONDS", "CANDOUR_TIMEOUT_WARNING_SECONDS"):
        app.config.pop(key, None)
    app.config.update(saved)


def last_use(app: Flask, page: Page) -> int:
    """The session's time of last use, as its sealed row holds it (only the cookie opens it)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "candour")
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    assert serializer is not None
    stored = serializer.loads(cookie["value"])[f"reporter-{DEFAULT_FORCE_ID}"]
    row_id = sha256(stored["token"].encode()).hexdigest()
    with app.app_context():
        row = db.session.get_one(ReporterSession, row_id)
        state = _open(bytes.fromhex(stored["key"]), row_id, row.blob)
        db.session.remove()
    assert state is not None
    return int(state["seen"])


def answer_what_happened(page: Page, base: str) -> None:
    page.goto(base + "/report/what")
    page.get_by_label("Bullying").check()
    page.get_by_role("radio", name="I'm not sure").check()
    page.get_by_label("What happened?").fill("He shouted at me in the canteen.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Name as you know it")).to_be_visible()


def test_the_warning_takes_focus_and_keep_my_answers_keeps_them(
    live_app: tuple[Flask, str],
    browser: Browser,
    axe: AxeScanner,
    time_limit: dict[str, object],
) -> None:
    app, base = live_app
    context = browser.new_context()  # JavaScript on, the app's own CSP enforced
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if message.type == "error" else None,
    )
    # A minute's session, warned of 55 seconds before: the warning comes about 5 seconds in.
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 60
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 55
    answer_what_happened(page, base)
    name = page.get_by_label("Name as you know it")
    name.fill("Inspector Vale")
    name.focus()
    loaded = last_use(app, page)

    dialog = page.get_by_role("dialog", name=WARNING)
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog).to_contain_text("Do you want more time?")
    keep = dialog.get_by_role("button", name="Keep my answers")
    expect(keep).to_be_focused()
    assert page.evaluate("document.activeElement.closest('dialog[open]') !== null")
    assert page.evaluate("document.getElementById('timeout-warning').matches(':modal')")
    expect(dialog.get_by_role("link", name="Delete my answers and leave")).to_have_attribute(
        "href", "/exit"
    )
    shown = page.content()
    assert '<dialog class="candour-timeout" id="timeout-warning"' in shown and " open=" in shown
    axe.scan("reporter-timeout-warning", shown)

    # The server stamps whole seconds: the keep must land in a later one to be seen moving.
    page.wait_for_function(f"() => Date.now() / 1000 >= {loaded + 1}")
    keep.click()
    expect(dialog).to_be_hidden()
    expect(name).to_be_focused()  # back where the reporter was
    expect(name).to_have_value("Inspector Vale")
    page.wait_for_function("() => !document.getElementById('timeout-warning').open", timeout=5_000)
    assert last_use(app, page) > loaded  # the session's last use moved on: the time restarts
    expect(page.locator("#timeout-ended")).to_have_count(0)

    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/report/affected")
    expect(page.locator("#answers-lost, #draft-ended")).to_have_count(0)
    assert not [m for m in refused if "Content Security Policy" in m], refused
    axe.assert_done()
    context.close()


def test_when_the_time_runs_out_the_page_says_so_and_keeps_what_was_typed(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object]
) -> None:
    _, base = live_app
    context = browser.new_context()
    page = context.new_page()
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 60
    answer_what_happened(page, base)
    # This page's session: 8 seconds, warned of after about 3 (the page behind the warning is
    # inert, so the reporter types before it comes).
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 8
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 4
    page.reload()
    page.get_by_label("Name as you know it").fill("Inspector Vale")
    expect(page.get_by_role("dialog", name=WARNING)).to_be_visible(timeout=20_000)
    ended = page.locator("#timeout-ended")
    expect(ended).to_be_visible(timeout=20_000)
    expect(ended).to_be_focused()
    expect(ended).to_contain_text("Your session has ended, for your safety.")
    # It takes two presses (the first finds the session ended), and the banner says so: it had
    # promised that one would keep the name, and a reporter took the page's return for a fault.
    expect(ended).to_contain_text(
        "Select “Continue”: the page comes back for you to check it, and selecting “Continue” "
        "again keeps it."
    )
    expect(page.get_by_role("dialog", name=WARNING)).to_be_hidden()
    expect(page.get_by_label("Name as you know it")).to_have_value("Inspector Vale")
    # What the page said is true on the server: Continue finds the session ended.
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#draft-ended")).to_be_visible()
    expect(page.get_by_label("Name as you know it")).to_have_value("Inspector Vale")
    page.get_by_role("button", name="Continue").click()  # the second press keeps it
    expect(page).to_have_url(re.compile(r"/report/what\?lost=yes$"))
    context.close()


def test_typing_keeps_the_session_at_most_once_in_a_while(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object]
) -> None:
    _, base = live_app
    context = browser.new_context()
    page = context.new_page()
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 60
    answer_what_happened(page, base)
    # A 12-second session: typing keeps it at most every 2 seconds (a sixth of it; 5 minutes
    # in service), and the warning would come after about 9.
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 12
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 2
    kept: list[int] = []
    page.on(
        "response",
        lambda response: kept.append(response.status) if "/session/keep" in response.url else None,
    )
    page.reload()
    name = page.get_by_label("Name as you know it")
    name.press_sequentially("Insp")  # straight after the page came: the page's own use counts
    page.wait_for_function("() => performance.now() > 2500")
    with page.expect_response("**/session/keep") as response:
        name.press_sequentially("ector")
    assert response.value.status == 204
    name.press_sequentially(" Vale")  # again at once: not another request
    assert kept == [204]
    expect(name).to_have_value("Inspector Vale")
    context.close()


def test_the_withdraw_page_warns_before_the_report_closes(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object]
) -> None:
    """Its reason may be long to write, and it had neither the notice nor the warning."""
    app, base = live_app
    receipt = submit_report(app.test_client())
    context = browser.new_context()
    page = context.new_page()
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 60
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 55
    page.goto(base + "/status")
    page.get_by_label("Your receipt").fill(receipt)
    page.get_by_role("button", name="Check your report").click()
    page.goto(base + "/status/withdraw")
    expect(page.locator("#timeout-notice")).to_contain_text("Withdraw my report")
    dialog = page.get_by_role("dialog", name="Your report will close soon")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog.get_by_role("button", name="Keep my answers")).to_be_focused()
    context.close()


def shown_in_browser(app: Flask, context: BrowserContext, base: str, url: str) -> tuple[Page, str]:
    """``url``, a page showing a receipt or a report, opened in ``context`` with the session of
    a browser that has just sent a report (and, for the status page, entered its receipt)."""
    client = app.test_client()
    receipt = submit_report(client)
    if url == "/status":
        open_status(client, receipt)
    cookie = client.get_cookie("candour")
    assert cookie is not None
    context.add_cookies([{"name": "candour", "value": cookie.value, "url": base}])
    page = context.new_page()
    page.goto(base + url)
    expect(page.locator("p#receipt" if url == "/report/sent" else "h1")).to_have_text(
        receipt if url == "/report/sent" else "Your report"
    )
    return page, receipt


def closed(page: Page, base: str, receipt: str) -> None:
    """The page, fetched again, is the session-ended page, with nothing of the receipt or report
    (the status page's own address shows it; the confirmation's leads to it)."""
    expect(page.locator("#closed")).to_contain_text("You did nothing for", timeout=20_000)
    assert page.url in (base + "/status", base + "/status?lost=yes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your report")
    expect(page.locator("p.candour-receipt, .govuk-summary-list")).to_have_count(0)
    assert receipt not in page.content()


@pytest.mark.parametrize("url", ["/report/sent", "/status"])
def test_a_page_showing_a_receipt_or_report_closes_when_the_time_runs_out(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object], url: str
) -> None:
    """Left open on a shared screen, it did not: the next person read the receipt, or the
    report and the team's messages. With JavaScript it warns first, then clears the page."""
    app, base = live_app
    context = browser.new_context()
    # A 5-second session, warned of 3 seconds before it ends.
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 5
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 3
    page, receipt = shown_in_browser(app, context, base, url)
    # With JavaScript on the meta refresh for browsers without it is only text.
    assert page.evaluate("document.querySelectorAll('meta[http-equiv=refresh]').length") == 0
    dialog = page.get_by_role("dialog", name="This page will close soon")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog.get_by_role("button", name="Keep this page open")).to_be_focused()
    closed(page, base, receipt)
    context.close()


@pytest.mark.parametrize("url", ["/report/sent", "/status"])
def test_without_javascript_a_page_showing_a_receipt_or_report_closes_too(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object], url: str
) -> None:
    app, base = live_app
    context = browser.new_context(java_script_enabled=False)
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 5
    page, receipt = shown_in_browser(app, context, base, url)
    # Fetched again a second after the limit: the server has ended the session by then.
    refresh = page.locator("head noscript meta[http-equiv=refresh]")
    expect(refresh).to_have_attribute("content", f"6;url={url}?lost=yes")
    closed(page, base, receipt)
    context.close()


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript off", "javascript on"])
def test_the_time_limit_notice_says_whether_typing_counts_as_it_does(
    live_app: tuple[Flask, str], browser: Browser, javascript: bool
) -> None:
    """Every page said "Typing does not count", while with JavaScript typing keeps the session
    (``test_typing_keeps_the_session_at_most_once_in_a_while``): each reader is told what is
    true for their browser, on a question page and on a status follow-up page."""
    app, base = live_app
    receipt = submit_report(app.test_client())
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    try:
        answer_what_happened(page, base)
        page.goto(base + "/status")
        page.get_by_label("Your receipt").fill(receipt)
        page.get_by_role("button", name="Check your report").click()
        for address in ("/report/who", "/status/reply"):
            page.goto(base + address)
            said = " ".join(page.locator("#timeout-notice").inner_text().split())
            if javascript:
                assert "Typing counts too, noted at most once every 5 minutes." in said, address
                assert "Typing does not count" not in said, address
            else:
                assert "Typing does not count." in said, address
                assert "Typing counts too" not in said, address
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/report/sent", "/status"])
def test_a_page_cleared_at_the_time_limit_keeps_exit_this_page(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object], url: str
) -> None:
    """The page's content went at once, but so did "Exit this page" (inside ``<main>`` since it
    moved there), for as long as the page took to be fetched again: on a slow connection, a
    reporter who wanted to leave had no way to."""
    app, base = live_app
    context = browser.new_context()
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 5
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 3
    page, receipt = shown_in_browser(app, context, base, url)
    # What the page shows once its content is cleared, read by the page itself at that moment
    # (before it is fetched again, which on a slow connection takes a while), and told here.
    seen: list[dict[str, Any]] = []
    page.expose_function("candourSeen", lambda found: seen.append(found))
    page.evaluate(
        """() => {
            const main = document.getElementById("main-content");
            new MutationObserver((_, observer) => {
                observer.disconnect();
                const button = main.querySelector(".govuk-exit-this-page__button");
                const box = button?.getBoundingClientRect();
                window.candourSeen({
                    children: [...main.children].map((child) => child.className),
                    text: main.innerText,
                    exit: Boolean(box && box.width && box.height),
                });
            }).observe(main, { childList: true });
        }"""
    )
    closed(page, base, receipt)
    assert len(seen) == 1
    assert receipt not in seen[0]["text"] and "Your report" not in seen[0]["text"]
    # Only the Exit container is left, and its button is there to press.
    assert seen[0]["children"] == ["govuk-exit-this-page"]
    assert seen[0]["exit"]
    context.close()
