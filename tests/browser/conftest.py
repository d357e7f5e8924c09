"""Browser fixtures: Candour served on a loopback port, Debian's Chromium driven by Playwright.

The journey runs with JavaScript disabled, as a reporter on Tor Browser "Safest" would see it.
Each page's HTML is also scanned by axe-core in a second context (JavaScript on, CSP bypassed
only there so the scanner can be injected).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from intake.db import db
from tests.conftest import build_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def live_app(tmp_path: Path) -> Iterator[tuple[Flask, str]]:
    app = build_app(f"sqlite:///{tmp_path / 'browser.db'}")
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def no_js_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


class AxeScanner:
    """Scans HTML with axe-core; collects serious and critical violations by page."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context = browser.new_context(bypass_csp=True)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.problems: dict[str, list[str]] = {}

    def scan(self, name: str, html: str) -> None:
        self.page.goto(self.base_url + "/axe-base")  # any same-origin HTML page, so styles load
        self.page.set_content(html, wait_until="load")
        self.page.add_script_tag(path=str(AXE))
        result: dict[str, Any] = self.page.evaluate("axe.run(document)")
        bad = [f"{v['id']}: {v['help']}" for v in result["violations"]
               if v["impact"] in {"serious", "critical"}]
        if bad:
            self.problems[name] = bad
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def axe(browser: Browser, live_app: tuple[Flask, str]) -> Iterator[AxeScanner]:
    scanner = AxeScanner(browser, live_app[1])
    yield scanner
    scanner.close()
