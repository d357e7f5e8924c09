"""Two tabs of one browser showing a receipt or the report at the session's time limit: each
closes itself, and each says why (the first to be fetched again ends the session; the second
finds none left). In a module of its own: each test sends a report, and the sending limit is
counted per module's server."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser.test_session_timeout_browser import closed, shown_in_browser, team, time_limit

pytestmark = pytest.mark.browser

__all__ = ["team", "time_limit"]  # fixtures: the team reports go to; the shortened time limit


@pytest.mark.parametrize("url", ["/report/sent", "/status"])
def test_each_tab_of_a_page_that_closes_itself_says_the_session_ended(
    live_app: tuple[Flask, str], browser: Browser, time_limit: dict[str, object], url: str
) -> None:
    """Two tabs showing a receipt or the report at the time limit: the first fetched again said
    the session had ended; the second, finding no session left, came back as the receipt page or
    the start page without a word of why its page had gone."""
    app, base = live_app
    # With JavaScript: the second tab's page, as it opens, says the session was used, so both
    # tabs count from then and close together (without it, each page's refresh at its own time
    # is a use of the session that the other tab's then finds alive).
    context = browser.new_context()
    time_limit["CANDOUR_REPORTER_IDLE_SECONDS"] = 5
    time_limit["CANDOUR_TIMEOUT_WARNING_SECONDS"] = 3
    first, receipt = shown_in_browser(app, context, base, url)
    second = context.new_page()
    second.goto(base + url)
    closed(first, base, receipt)
    closed(second, base, receipt)
    context.close()
