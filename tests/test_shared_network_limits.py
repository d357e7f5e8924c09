"""Reporter limits from a network many reporters share count people, not the address.

Officers and staff on a work device reach Candour through their force's proxies, so a whole
force can arrive from one address: before, the eleventh report sent from it in an hour, or the
sixty-first receipt lookup, was refused whoever made it, and one person (or an abuser wanting
reports blocked) could use the limit up for everyone. From a network listed in
``CANDOUR_SHARED_NETWORKS`` each limit now counts one browser (before a receipt) or one report
(after it), and the whole network a ceiling ``CANDOUR_SHARED_NETWORK_FACTOR`` times looser. Any
other address is counted as before.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.config import ConfigError, settings_from_environment
from intake.security import limiter
from intake.views.journey.sending import SEND_LIMIT
from intake.views.status.page import LOOKUP_LIMIT
from tests.helpers import (
    Team,
    open_status,
    post_form,
    redirected_to,
    send_report,
    submit_report,
    visible_text,
)

SHARED = "198.51.100.7"  # a force's proxy, listed as shared
ELSEWHERE = "203.0.113.9"  # an address nobody listed
PER_CLIENT_SENDS = int(SEND_LIMIT.split()[0])  # 10 an hour
PER_CLIENT_LOOKUPS = int(LOOKUP_LIMIT.split()[0])  # 10 a minute
RECEIPT_SHAPED = {"receipt": "AAAA-BBBB-CCCC-DDDD-EEEE"}
YOU = "You have tried this too many times."
MANY = "Many people reach Candour from the network you are using"
REFUSED = "/status/replace-receipt"  # a wrong receipt, refused at its field
CONFIRMATION_LIMITED = "/status/too-many-receipts"  # a confirmation over a limit


@pytest.fixture
def shared(app: Flask) -> Iterator[Flask]:
    app.config["CANDOUR_SHARED_NETWORKS"] = (ipaddress.ip_network("198.51.100.0/24"),)
    yield app


def browser(app: Flask, address: str = SHARED) -> FlaskClient:
    """A new browser (its own cookies) behind ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def limited(response: TestResponse) -> tuple[str, str | None]:
    """Where a refused POST's redirect leads, and whose attempts it said were counted."""
    location = urlsplit(response.headers["Location"])
    return location.path, parse_qs(location.query).get("why", [None])[0]


def look_up(client: FlaskClient) -> TestResponse:
    return post_form(client, "/status", RECEIPT_SHAPED)


def text_of(client: FlaskClient, response: TestResponse) -> str:
    return visible_text(client.get(response.headers["Location"]).get_data(as_text=True))


def test_more_reporters_than_the_limit_send_from_one_shared_address(
    shared: Flask, team: Team
) -> None:
    sent = [send_report(browser(shared)).request.path for _ in range(PER_CLIENT_SENDS + 2)]
    assert sent == ["/report/sent"] * (PER_CLIENT_SENDS + 2)


def test_one_browser_on_a_shared_network_is_held_to_its_own_limit(
    shared: Flask, team: Team
) -> None:
    busy = browser(shared)
    for _ in range(PER_CLIENT_SENDS):
        submit_report(busy)
    refused = send_report(busy)
    assert refused.request.path == "/report/not-sent"
    assert parse_qs(urlsplit(refused.request.url).query)["why"] == ["you"]
    text = visible_text(refused.get_data(as_text=True))
    assert "That many have been sent from this browser recently." in text
    assert re.search(r"You can send it in \d+ minutes\.", text), text
    # A colleague behind the same proxy is not held up by it.
    assert send_report(browser(shared)).request.path == "/report/sent"


def test_the_shared_networks_ceiling_refuses_beyond_it_and_says_so(
    shared: Flask, team: Team
) -> None:
    shared.config["CANDOUR_SHARED_NETWORK_FACTOR"] = 2  # 20 lookups a minute for the network
    ceiling = 2 * PER_CLIENT_LOOKUPS
    browsers = [browser(shared) for _ in range(3)]
    answers = [redirected_to(look_up(browsers[i % 3])) for i in range(ceiling)]
    assert answers == ["/status"] * ceiling  # not found, back to the receipt page
    for anyone in (browsers[0], browser(shared)):  # one who looked up, and a newcomer
        refused = look_up(anyone)
        assert limited(refused) == ("/status/too-many-attempts", "shared")
    text = text_of(anyone, refused)
    assert MANY in text and YOU not in text
    assert re.search(r"Wait \d+ minutes?, then try again\.", text), text
    assert "from another network, such as your phone’s mobile data" in text
    assert "Other ways to get help" in text and "Independent Office for Police Conduct" in text
    # The network's ceiling is not anyone else's.
    assert redirected_to(look_up(browser(shared, ELSEWHERE))) == "/status"
    # The counters name no browser and no address: only day-keyed HMACs reach the store.
    with browsers[0].session_transaction() as cookie:
        secret = cookie["csrf_token"]
    names = list(limiter.storage.inner.storage)  # type: ignore[attr-defined]
    assert names and all(n.startswith(("candour/", "candour-day/")) for n in names), names
    assert not any(secret in n or SHARED in n for n in names)


def test_a_send_refused_by_the_ceiling_offers_other_ways(shared: Flask, team: Team) -> None:
    shared.config["CANDOUR_SHARED_NETWORK_FACTOR"] = 1  # the network sends as many as one client
    for _ in range(PER_CLIENT_SENDS):
        submit_report(browser(shared))
    refused = send_report(browser(shared))
    assert refused.request.path == "/report/not-sent"
    assert parse_qs(urlsplit(refused.request.url).query)["why"] == ["shared"]
    text = visible_text(refused.get_data(as_text=True))
    assert MANY in text and "together they have sent that many recently" in text
    assert "from another network, such as your phone’s mobile data" in text
    assert "Other ways to get help" in text


def test_only_listed_networks_are_counted_per_person(shared: Flask, team: Team) -> None:
    """An address nobody listed is counted as it always was: per address, and told "you"."""
    listed = [look_up(browser(shared)) for _ in range(PER_CLIENT_LOOKUPS + 2)]
    assert [redirected_to(r) for r in listed] == ["/status"] * (PER_CLIENT_LOOKUPS + 2)

    elsewhere = [look_up(browser(shared, ELSEWHERE)) for _ in range(PER_CLIENT_LOOKUPS + 1)]
    assert [redirected_to(r) for r in elsewhere[:-1]] == ["/status"] * PER_CLIENT_LOOKUPS
    assert limited(elsewhere[-1]) == ("/status/too-many-attempts", None)  # no word, as before
    text = text_of(browser(shared, ELSEWHERE), elsewhere[-1])
    assert "wrong receipts entered from the network you are using" in text and YOU not in text
    assert MANY not in text and "Other ways to get help" not in text
    # Not even a word in the address changes what an unlisted address is told.
    crafted = browser(shared, ELSEWHERE).get("/status/too-many-attempts?why=shared&minutes=5")
    assert MANY not in visible_text(crafted.get_data(as_text=True))


def _replace(client: FlaskClient, receipt: str) -> str | None:
    """Replace the open report's receipt, ``receipt``: the new receipt, or None when refused
    (redirected to ``CONFIRMATION_LIMITED``). The status page is opened after it, as a reporter
    would, so that the next press replaces the receipt again rather than showing this one."""
    response = post_form(
        client, "/status/replace-receipt", {"receipt": receipt}, follow_redirects=True
    )
    if response.request.path == CONFIRMATION_LIMITED:
        return None
    found = re.search(r'id="receipt">([A-Z0-9-]+)<', response.get_data(as_text=True))
    assert found, response.status_code
    client.get("/status")
    return found[1]


def _confirm_wrongly(client: FlaskClient) -> str:
    """A wrong receipt typed to replace the open report's: where it is redirected, its own page
    (refused at its field) or, over a limit, ``CONFIRMATION_LIMITED``."""
    return limited(post_form(client, "/status/replace-receipt", RECEIPT_SHAPED))[0]


def test_actions_on_two_reports_from_one_shared_address_are_counted_apart(
    shared: Flask, team: Team
) -> None:
    first, second = browser(shared), browser(shared)
    first_receipt, second_receipt = submit_report(browser(shared)), submit_report(browser(shared))
    open_status(first, first_receipt)
    open_status(second, second_receipt)
    # 5 wrong an hour
    assert [_confirm_wrongly(first) for _ in range(6)] == [REFUSED] * 5 + [CONFIRMATION_LIMITED]
    over = post_form(first, "/status/replace-receipt", RECEIPT_SHAPED)
    said = visible_text(first.get(over.headers["Location"]).get_data(True))
    assert "Too many wrong receipts have been entered for this report" in said and YOU not in said
    # The other report, from the same address, is counted on its own.
    assert _confirm_wrongly(second) == REFUSED
    # One report is counted as one in any browser: opened in another, its wrong receipts are
    # refused there too, while its own receipt still replaces it, in either.
    elsewhere = browser(shared)
    assert "Your report" in visible_text(open_status(elsewhere, first_receipt).get_data(True))
    assert _confirm_wrongly(elsewhere) == CONFIRMATION_LIMITED
    assert _replace(elsewhere, first_receipt) is not None


def test_a_status_action_refused_by_the_ceiling_says_so(shared: Flask, team: Team) -> None:
    shared.config["CANDOUR_SHARED_NETWORK_FACTOR"] = 1  # 5 wrong receipts an hour, network-wide
    first, second = browser(shared), browser(shared)
    first_receipt, second_receipt = submit_report(browser(shared)), submit_report(browser(shared))
    open_status(first, first_receipt)
    open_status(second, second_receipt)
    tries = [_confirm_wrongly(first) for _ in range(3)] + [_confirm_wrongly(second) for _ in "ab"]
    assert tries == [REFUSED] * 5
    refused = post_form(second, "/status/replace-receipt", RECEIPT_SHAPED)
    assert limited(refused) == (CONFIRMATION_LIMITED, "shared")
    text = visible_text(second.get(refused.headers["Location"]).get_data(as_text=True))
    assert MANY in text and YOU not in text
    assert re.search(r"any other receipt typed here is refused for (up to )?\d+ minutes?\.", text)
    assert "from another network" in text and "Other ways to get help" in text
    # A right receipt is not refused by a ceiling on wrong ones.
    assert _replace(second, second_receipt) is not None


def test_the_setting_is_read_and_checked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CANDOUR_SHARED_NETWORKS", " 198.51.100.0/24, 2001:db8:7::/48 ,")
    monkeypatch.setenv("CANDOUR_SHARED_NETWORK_FACTOR", "30")
    settings = settings_from_environment(tmp_path)
    assert settings["CANDOUR_SHARED_NETWORKS"] == (
        ipaddress.ip_network("198.51.100.0/24"),
        ipaddress.ip_network("2001:db8:7::/48"),
    )
    assert settings["CANDOUR_SHARED_NETWORK_FACTOR"] == 30
    monkeypatch.setenv("CANDOUR_SHARED_NETWORKS", "198.51.100.7/24")  # host bits: a typo?
    with pytest.raises(ConfigError, match="CANDOUR_SHARED_NETWORKS"):
        settings_from_environment(tmp_path)


def with_form_secret(client: FlaskClient) -> FlaskClient:
    """``client`` once a form page has given its browser the secret its limits count by."""
    client.get("/status").close()
    with client.session_transaction() as cookie:
        assert cookie.get("csrf_token")
    return client


def fetch_stylesheet(client: FlaskClient) -> int:
    response = client.get("/static/candour.css")
    response.close()
    return response.status_code


def test_static_files_from_a_shared_network_count_each_browser(
    shared: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before, static files were counted per address whoever fetched them: one machine on a
    # force's network could leave every colleague's pages unstyled for a minute.
    monkeypatch.setattr("intake.security.STATIC_LIMIT", "3 per minute")
    shared.config["CANDOUR_SHARED_NETWORK_FACTOR"] = 3  # 9 a minute for the network
    busy = with_form_secret(browser(shared))
    assert [fetch_stylesheet(busy) for _ in range(4)] == [200, 200, 200, 429]
    colleague = with_form_secret(browser(shared))
    assert [fetch_stylesheet(colleague) for _ in range(3)] == [200, 200, 200]
    # Browsers without a cookie count against the network's ceiling alone, and it holds: 7
    # files counted so far (the refused one too), 2 more, then no more for anyone.
    assert [fetch_stylesheet(browser(shared)) for _ in range(3)] == [200, 200, 429]
    assert fetch_stylesheet(with_form_secret(browser(shared))) == 429
    # Another address is counted on its own, as before.
    assert fetch_stylesheet(browser(shared, ELSEWHERE)) == 200


def test_unknown_addresses_from_a_shared_network_count_each_browser(
    shared: Flask, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("intake.security.UNROUTED_LIMITS", "2 per minute")
    scanner = with_form_secret(browser(shared))
    assert [scanner.get("/wp-admin").status_code for _ in range(3)] == [404, 404, 429]
    # A colleague following an outdated link still meets the not-found page, not a refusal.
    assert with_form_secret(browser(shared)).get("/old-link").status_code == 404
