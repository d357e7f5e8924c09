"""Every "Change" link on check your answers lands on its own question: its fragment names one
element of the page it leads to, and that element is the question itself (a fieldset with its
legend, or a field's label), so the question, not the field under it, is what comes into view.
The browser test of where each lands on a phone is in tests/browser/test_reporter_browser.py."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask.testing import FlaskClient

from tests.helpers import DEFAULT_REPORT, Team, post_form
from tests.journey_page import Element, parse

# A Change link (by its hidden words) and the form field whose question it changes.
CHANGED_FIELD = {
    "kind of behaviour": "categories",
    "when": "when",
    "where": "where",
    "what happened": "description",
    "person 1": "people-0-name",
    "whether you know who it was": "unknown",
    "affected": "affected",
    "witnesses": "witnesses",
}


def answer_to_check(client: FlaskClient, *, named: bool) -> str:
    """Answer every question, someone named (and "I don't know who" ticked too) or no one."""
    what = {k: DEFAULT_REPORT[k] for k in ("categories", "when", "when_month", "where")}
    what["description"] = DEFAULT_REPORT["description"]
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"people-0-name": "PC Jon Smyth"} if named else {}
    who_sent = post_form(client, "/report/who", {**who, "unknown": "y", "submit": "Continue"})
    assert who_sent.status_code == 302
    affected = {"affected": ["reporter"], "witnesses": "DC Ray Hill"}
    assert post_form(client, "/report/affected", affected).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    if named:
        assert post_form(client, "/report/together", {"together": "now"}).status_code == 302
    check = client.get("/report/check")
    assert check.status_code == 200
    return check.get_data(as_text=True)


def change_links(check_html: str) -> dict[str, str]:
    """Each Change link's hidden words and its address."""
    links = {}
    for row in parse(check_html).find(cls="govuk-summary-list__actions"):
        [link] = row.find("a")
        links[link.find("span", cls="govuk-visually-hidden")[0].words] = link.attrs["href"]
    return links


def question_of(target: Element, page: Element) -> str:
    """The name of the field whose question ``target`` is, or why it is no question."""
    if target.tag == "fieldset":
        # Its legend asks the question; its first field (as GOV.UK's error links go to) answers.
        legends = [child for child in target.children if child.tag == "legend"]
        fields = [e for e in target.all() if e.tag in ("input", "textarea", "select")]
        if not legends or not legends[0].words or not fields:
            return "a fieldset without a legend or a field"
        return fields[0].attrs.get("name", "")
    if target.tag == "label":
        fields = page.find(id=target.attrs.get("for", ""))
        return fields[0].attrs.get("name", "") if fields else "a label of no field"
    if target.tag == "input" and target.attrs.get("type") == "checkbox":
        # A lone checkbox is its own question, its label beside it, in view with it; the first
        # of a group is not: the group's legend is above it, out of view.
        name = target.attrs.get("name", "")
        alone = len(page.find("input", name=name)) == 1
        if alone and page.find("label", **{"for": target.attrs["id"]}):
            return name
        return "one checkbox of a group, below the group's question"
    return f"a {target.tag}, not a question"


def assert_each_lands_on_its_question(client: FlaskClient, check_html: str) -> set[str]:
    links = change_links(check_html)
    for words, href in links.items():
        address = urlsplit(href)
        page = parse(client.get(address.path).get_data(as_text=True))
        if not address.fragment:
            # The whole page is the question: it opens at its heading.
            assert page.find("h1"), f"Change {words}: {address.path} has no heading"
            continue
        targets = page.find(id=address.fragment)
        assert len(targets) == 1, f"Change {words}: {len(targets)} elements #{address.fragment}"
        assert question_of(targets[0], page) == CHANGED_FIELD[words], f"Change {words}: {href}"
    return set(links)


def test_each_change_link_lands_on_its_own_question(client: FlaskClient, team: Team) -> None:
    seen = assert_each_lands_on_its_question(client, answer_to_check(client, named=True))
    assert set(CHANGED_FIELD) <= seen  # every question with a fragment was followed


def test_change_links_with_no_one_named_land_on_their_questions(
    client: FlaskClient, team: Team
) -> None:
    seen = assert_each_lands_on_its_question(client, answer_to_check(client, named=False))
    assert "who was responsible" in seen and "person 1" not in seen
