"""A right receipt opens its report whatever others sharing the address typed.

A walker on a phone typed about 50 wrong receipts at ``/status`` over 6 minutes; a fresh
browser on the same address, with the right receipt, was then told "You have tried this too
many times. Wait 62 minutes". Everyone sharing an address (a mobile carrier's NAT, a home's
Wi-Fi, a police station's network) could lock a reporter out of their report that way. Now the
lookup limit counts and refuses only wrong receipts; every lookup, right or wrong, is held to a
far higher ceiling (``LOOKUP_CEILING``) that only a script reaches; and the refusal says the
attempts may have been someone else's.
"""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, time
from urllib.parse import parse_qs, urlsplit

import time_machine
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.views.status.page import LOOKUP_CEILING, LOOKUP_LIMIT
from tests.helpers import (
    RUN_DAY,
    Team,
    csrf_token,
    post_form,
    redirected_to,
    submit_report,
    visible_text,
)

NAT = "203.0.113.40"  # a phone carrier's address, shared by strangers, not listed as shared
WRONG = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}
PER_MINUTE = int(LOOKUP_LIMIT.split()[0])  # wrong receipts a minute: 10
LIMITED = "/status/too-many-attempts"


def browser(app: Flask, address: str = NAT) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def report_made_elsewhere(app: Flask) -> str:
    return submit_report(browser(app, "192.0.2.77"))


def refused_page(client: FlaskClient, response: TestResponse) -> str:
    assert redirected_to(response) == LIMITED
    return visible_text(client.get(response.headers["Location"]).get_data(as_text=True))


def test_a_right_receipt_gets_in_from_an_address_many_wrong_ones_came_from(
    app: Flask, team: Team
) -> None:
    receipt = report_made_elsewhere(app)
    stranger = browser(app)
    answers = [redirected_to(post_form(stranger, "/status", WRONG)) for _ in range(PER_MINUTE + 5)]
    assert answers == ["/status"] * PER_MINUTE + [LIMITED] * 5  # wrong ones refused, for a while
    reporter = browser(app)
    opened = post_form(reporter, "/status", {"receipt": receipt}, follow_redirects=True)
    assert opened.request.path == "/status"
    assert "Your report" in visible_text(opened.get_data(as_text=True))
    # A wrong receipt from the same address is refused, with words that blame nobody.
    text = refused_page(browser(app), post_form(browser(app), "/status", WRONG))
    assert "You have tried this too many times" not in text
    assert "There have been too many wrong receipts entered from the network you are using" in text
    assert "They may not have been yours" in text
    assert "Your own receipt still opens your report now" in text
    assert "your phone’s mobile data instead of Wi-Fi" in text


def test_the_ceiling_of_all_lookups_still_refuses_a_right_receipt(app: Flask, team: Team) -> None:
    """Only a script reaches it: it bounds how many receipts are looked up at all."""
    receipt = report_made_elsewhere(app)
    script = browser(app)
    # The page's token once, then POSTs alone: the reporter pages' own limit (120 a minute)
    # counts the form's GETs too.
    token = csrf_token(script.get("/status").get_data(as_text=True))
    ceiling = int(LOOKUP_CEILING.split()[0])
    answers = {
        redirected_to(script.post("/status", data={"csrf_token": token, **WRONG}))
        for _ in range(ceiling)
    }
    assert answers == {"/status", LIMITED}
    right = script.post("/status", data={"csrf_token": token, "receipt": receipt})
    assert parse_qs(urlsplit(right.headers["Location"]).query).get("all") == ["yes"]
    text = refused_page(script, right)
    assert "There have been too many attempts to check a report from the network" in text
    assert "Your own receipt still opens your report" not in text
    assert "Wait 2 minutes, then try again." in text or "Wait 1 minute, then try again." in text
    # Another address is not held by it.
    elsewhere = browser(app, "198.18.0.5")
    opened = post_form(elsewhere, "/status", {"receipt": receipt}, follow_redirects=True)
    assert "Your report" in visible_text(opened.get_data(as_text=True))


def test_from_a_listed_shared_network_a_right_receipt_passes_its_browsers_limit(
    app: Flask, team: Team
) -> None:
    """From a network listed in ``CANDOUR_SHARED_NETWORKS`` lookups count per browser: one
    browser's wrong receipts do not stop a right one, in that browser or another."""
    app.config["CANDOUR_SHARED_NETWORKS"] = (ipaddress.ip_network("198.51.100.0/24"),)
    receipt = report_made_elsewhere(app)
    shared_device = browser(app, "198.51.100.7")
    for _ in range(PER_MINUTE):
        post_form(shared_device, "/status", WRONG)
    text = refused_page(shared_device, post_form(shared_device, "/status", WRONG))
    assert "There have been too many wrong receipts entered in this browser" in text
    assert "someone else may have used this device" in text
    opened = post_form(shared_device, "/status", {"receipt": receipt}, follow_redirects=True)
    assert "Your report" in visible_text(opened.get_data(as_text=True))


def test_a_burst_begun_on_a_minutes_first_instant_is_told_its_real_wait(
    app: Flask, team: Team
) -> None:
    """The per-minute counter lives until the second minute boundary after its first attempt,
    so at most 2 minutes. Flask-Limiter's ``reset_at`` adds a second to that, and a burst begun
    on a minute's first instant was told "Wait 3 minutes" (seen once in CI)."""
    receipt = report_made_elsewhere(app)
    script = browser(app)
    token = csrf_token(script.get("/status").get_data(as_text=True))
    with time_machine.travel(datetime.combine(RUN_DAY, time(12, 30), UTC), tick=False):
        for _ in range(int(LOOKUP_CEILING.split()[0])):
            script.post("/status", data={"csrf_token": token, **WRONG})
        right = script.post("/status", data={"csrf_token": token, "receipt": receipt})
        text = refused_page(script, right)
    assert "Wait 2 minutes, then try again." in text
