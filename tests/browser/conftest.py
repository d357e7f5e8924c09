"""Browser fixtures: Candour served on a loopback port, Debian's Chromium driven by Playwright.

Pages are driven with JavaScript disabled, as a reporter on Tor Browser "Safest" would see them.
Each page's HTML is also scanned by axe-core in a second context (JavaScript on, CSP bypassed
only there so the scanner can be injected), and a screenshot of it is saved under screenshots/.

One live server runs per test module. The scanner records which URL rule (and which error
status) every scanned page came from, so each test can prove it reached every page that
``tests/browser/pages.py`` says it covers.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Response, sync_playwright
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from intake.db import db
from intake.security import limiter
from tests.browser.pages import registered_for
from tests.conftest import build_app

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def whole_responses(app: WSGIApplication) -> WSGIApplication:
    """``app`` with each response read whole, and its body closed, before a byte is sent.

    Werkzeug's development server closes a response body only after draining the socket, which
    raises when the browser has already gone (pressing "Exit this page" while the logo is still
    coming): the static file's handle is then left to the garbage collector, and pytest turns
    that ResourceWarning into a failure of whichever test is running. Gunicorn, which serves
    Candour in production, closes the body itself; the test server is handed bytes instead."""

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    folder = tmp_path_factory.mktemp("browser")
    app = build_app(f"sqlite:///{folder / 'browser.db'}")
    with app.app_context():
        limiter.reset()  # limits reached by an earlier module's server do not carry over
        db.create_all()
    server = make_server("127.0.0.1", 0, whole_responses(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        limiter.reset()
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def govuk_reveal_state(rule: str, node: dict[str, Any]) -> bool:
    """True for the one finding GOV.UK Frontend documents as a known issue and keeps on purpose:
    ``aria-expanded`` on a radio or checkbox that reveals a question with JavaScript on
    (alphagov/govuk-frontend#979; screen readers announce it). Nothing else is let through."""
    if rule != "aria-allowed-attr" or not re.match(
        r'<input class="govuk-(radios|checkboxes)__input"', node["html"]
    ):
        return False
    values = [v for check in node["any"] + node["all"] for v in check["data"]["values"]]
    return bool(values) and all(v.startswith('aria-expanded="') for v in values)


def button_link(page: Page, name: str) -> Locator:
    """A link styled as a button: announced as a link without JavaScript, as a button with it
    (``intake.templating.plain_links``)."""
    return page.get_by_role("link", name=name, exact=True).or_(
        page.get_by_role("button", name=name, exact=True)
    )


DESCRIBED_BY_NOTHING = """() => [...document.querySelectorAll("[aria-describedby]")]
    .flatMap((element) => element.getAttribute("aria-describedby").split(/\\s+/))
    .filter((id) => id && !document.getElementById(id)?.textContent.trim())"""


class AxeScanner:
    """Scans pages with axe-core; collects serious and critical violations by page name and
    records the URL rule and status each scanned page was served with."""

    def __init__(self, browser: Browser, app: Flask, base_url: str) -> None:
        self.context = browser.new_context(bypass_csp=True)
        self.page = self.context.new_page()
        self.page.goto(base_url + "/axe-base")  # any same-origin page, so the styles load
        self.base_url = base_url
        self.urls = app.url_map.bind("127.0.0.1")
        self.problems: dict[str, list[str]] = {}
        self.seen: set[str] = set()
        self.test = ""
        self._last: dict[int, Response] = {}

    def begin(self, test: str) -> None:
        self.test, self.problems, self.seen = test, {}, set()

    def watch(self, page: Page) -> Page:
        """Remember the last document response of ``page`` (its status and method)."""

        def record(response: Response) -> None:
            if response.request.is_navigation_request() and response.frame == page.main_frame:
                self._last[id(page)] = response

        page.on("response", record)
        return page

    def new_page(self, context: BrowserContext) -> Page:
        return self.watch(context.new_page())

    def status(self, page: Page) -> int:
        return self._last[id(page)].status

    def check(self, name: str, page: Page) -> int:
        """Scan what ``page`` shows now; return the status it was served with."""
        response = self._last[id(page)]
        shown = page.url.split("#")[0]
        assert response.url == shown, f"{name}: the page shown is not the last one loaded"
        path = urlsplit(page.url).path
        # A force's page is its rule under "/<slug>" (``intake.tenancy.ForceRouting``).
        for candidate in (path, "/" + path[1:].partition("/")[2]):
            try:
                rule, _ = self.urls.match(
                    candidate, method=response.request.method, return_rule=True
                )
            except HTTPException:  # an error page for an address that is no page
                continue
            self.seen.add(rule.rule)
            break
        if response.status >= 400:
            self.seen.add(f"error {response.status}")
        self.scan(name, page.content())
        return response.status

    def scan(self, name: str, html: str, *, screenshot: bool = True) -> None:
        self.page.set_content(html, wait_until="load")
        self.page.add_script_tag(path=str(AXE))
        result: dict[str, Any] = self.page.evaluate(
            "axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [
            f"{v['id']}: {v['help']} ({len(nodes)} on the page)"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
            and (nodes := [n for n in v["nodes"] if not govuk_reveal_state(v["id"], n)])
        ]
        # axe does not look at what an ``aria-describedby`` names: a screen reader reading a
        # missing or empty element (an empty GOV.UK hint, say) says nothing, or only the id.
        described: list[str] = self.page.evaluate(DESCRIBED_BY_NOTHING)
        bad += [f"aria-describedby names {i!r}, missing or empty" for i in described]
        if bad:
            self.problems[name] = bad
        if not screenshot:
            return
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assert_done(self) -> None:
        """Every page this test registered was scanned, and none had a serious violation."""
        missing = sorted(registered_for(self.test) - self.seen)
        assert not missing, f"{self.test} did not scan pages it is registered for: {missing}"
        assert self.problems == {}

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def scanner(browser: Browser, live_app: tuple[Flask, str]) -> Iterator[AxeScanner]:
    app, base = live_app
    scanner = AxeScanner(browser, app, base)
    yield scanner
    scanner.close()


@pytest.fixture
def axe(scanner: AxeScanner, request: pytest.FixtureRequest) -> AxeScanner:
    scanner.begin(f"{Path(str(request.node.path)).name}::{request.node.name}")
    return scanner


@pytest.fixture
def no_js_context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(java_script_enabled=False)
    yield context
    context.close()


@pytest.fixture
def no_js_page(no_js_context: BrowserContext, axe: AxeScanner) -> Page:
    return axe.new_page(no_js_context)
