"""Every page the app serves is covered by a browser test with an axe-core scan.

Fast and browser-free: compares ``app.url_map`` with the registry in ``tests/browser/pages.py``.
The browser tests themselves check that they scan what the registry says they do.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from flask import Flask

from tests.browser.pages import ERROR_PAGES, NOT_PAGES, PAGES, POST_PAGES
from tests.conftest import build_app

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Each URL rule of the app and its methods (HEAD and OPTIONS left out)."""
    app: Flask = build_app(f"sqlite:///{tmp_path_factory.mktemp('registry') / 'unused.db'}")
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.rule, set()).update((rule.methods or set()) - {"HEAD", "OPTIONS"})
    return found


def test_every_get_rule_is_a_registered_page_or_a_documented_non_page(
    rules: dict[str, set[str]],
) -> None:
    unregistered = sorted(
        rule
        for rule, methods in rules.items()
        if "GET" in methods and rule not in PAGES and rule not in NOT_PAGES
    )
    assert not unregistered, (
        "These GET rules have no browser test with an axe-core scan: "
        + ", ".join(unregistered)
        + ". Visit and scan each in a test under tests/browser/ and add it to PAGES in "
        "tests/browser/pages.py (or, if it serves no HTML page, to NOT_PAGES with the reason)."
    )


def test_the_registry_names_only_rules_that_exist(rules: dict[str, set[str]]) -> None:
    stale = sorted(rule for rule in {*PAGES, *NOT_PAGES} if "GET" not in rules.get(rule, set()))
    stale += sorted(rule for rule in POST_PAGES if "POST" not in rules.get(rule, set()))
    assert not stale, f"tests/browser/pages.py names rules the app no longer has: {stale}"


def test_a_rule_is_either_a_page_or_not() -> None:
    assert not set(PAGES) & set(NOT_PAGES)


def test_every_registered_visit_names_a_browser_test_that_exists() -> None:
    visits = [*PAGES.values(), *POST_PAGES.values(), *ERROR_PAGES.values()]
    missing = []
    for visit in visits:
        filename, _, function = visit.test.partition("::")
        assert (BROWSER_TESTS / filename).is_file(), visit.test
        module = importlib.import_module(f"tests.browser.{filename.removesuffix('.py')}")
        if not callable(getattr(module, function, None)):
            missing.append(visit.test)
    assert not missing, f"registered tests that do not exist: {sorted(set(missing))}"


def test_the_common_error_statuses_have_a_scanned_page() -> None:
    assert {400, 403, 404, 405, 413, 429} <= set(ERROR_PAGES)
