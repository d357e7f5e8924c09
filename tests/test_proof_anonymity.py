"""A proof of reporting never points to one report (issue 13, item 8).

Before, a proof gave the day and the categories, and 290 of 306 demo reports were the only one
with their pair. Now a proof says no more than at least five reports fit, counted here with SQL
of our own over what a DBA (or oversight) can see, and the download page says exactly what the
proof will say.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text, update

from intake.db import db
from intake.models import Report
from intake.proof import keys as proof_keys
from intake.proof.anonymity import MIN_REPORTS, Disclosure, disclosure_for
from intake.proof.statement import verify_proof
from intake.submission import submit
from intake.vocabulary import CATEGORIES, in_a_sentence
from tests.helpers import DEFAULT_REPORT, Team, csrf_token, open_status

LAST_YEAR = date.today().year - 1


class ListItems(HTMLParser):
    """The text of each item of the list with ``id``."""

    def __init__(self, list_id: str) -> None:
        super().__init__()
        self.list_id, self.depth, self.items = list_id, 0, []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "ul" and ("id", self.list_id) in attrs:
            self.depth = 1
        elif self.depth and tag == "li":
            self.items.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.depth and self.items:
            self.items[-1] += data


def proof_says_on(html: str) -> list[str]:
    parser = ListItems("proof-says")
    parser.feed(html)
    return [" ".join(item.split()) for item in parser.items]


def sent_on(day: date, categories: list[str]) -> tuple[Report, str]:
    """A report with these categories, moved back to ``day`` (as the demo seed does)."""
    report, receipt = submit({**DEFAULT_REPORT, "categories": categories})
    db.session.execute(update(Report).where(Report.id == report.id).values(received_on=day))
    db.session.commit()
    return report, receipt


def download(client: FlaskClient, receipt: str) -> tuple[str, dict[str, Any]]:
    """The status page and the statement downloaded from it."""
    html = open_status(client, receipt).get_data(as_text=True)
    form = re.search(r'action="/status/proof.txt".*?</form>', html, re.S)
    assert form is not None
    response = client.post("/status/proof.txt", data={"csrf_token": csrf_token(form.group(0))})
    check = verify_proof(response.get_data(), proof_keys.published_keys())
    assert check.valid and check.statement is not None
    return html, check.statement


def reports_fitting(statement: dict[str, Any]) -> int:
    """How many stored reports fit what a statement says, by SQL over clear columns."""
    if "received_on" in statement:  # a version 1 statement: the day itself
        first = last = statement["received_on"]
    elif statement["received_in"]:
        period = statement["received_in"]
        year = int(period[:4])
        months = (1, 12)
        if "-Q" in period:
            quarter = int(period[-1])
            months = (3 * quarter - 2, 3 * quarter)
        elif "-" in period:
            months = (int(period[5:]), int(period[5:]))
        first = f"{year}-{months[0]:02d}-01"
        last = f"{year}-{months[1]:02d}-{monthrange(year, months[1])[1]}"
    else:
        first, last = "0001-01-01", "9999-12-31"
    rows = db.session.execute(
        text(
            "SELECT r.id, c.category FROM report r LEFT JOIN report_category c"
            " ON c.report_id = r.id WHERE r.received_on BETWEEN :first AND :last"
        ),
        {"first": first, "last": last},
    ).all()
    sets: dict[int, set[str]] = {}
    for report_id, category in rows:
        sets.setdefault(report_id, set()).update([category] if category else [])
    wanted = {code for code, label in CATEGORIES.items() if label in statement["categories"]}
    return sum(1 for codes in sets.values() if not wanted or codes == wanted)


def test_a_report_alone_on_its_day_gets_a_proof_that_fits_five_reports(
    app: Flask, client: FlaskClient, team: Team
) -> None:
    # Eight reports over a year, each of a different kind or day: on the day-and-categories
    # rule every one of them was unique.
    kinds = [["racism"], ["bullying"], ["sexual_misconduct"], ["racism", "bullying"]]
    receipts = [sent_on(date(LAST_YEAR, 1 + n, 10 + n), kinds[n % len(kinds)])[1] for n in range(8)]
    for receipt in receipts:
        _, statement = download(app.test_client(), receipt)
        assert reports_fitting(statement) >= 5, statement


def test_the_proof_names_the_month_and_kinds_once_five_reports_share_them(
    client: FlaskClient, team: Team
) -> None:
    _, mine = sent_on(date(LAST_YEAR, 3, 3), ["racism"])
    for day in (1, 9, 17):
        sent_on(date(LAST_YEAR, 3, day), ["racism"])
    sent_on(date(LAST_YEAR, 7, 1), ["bullying"])
    # Four reports of racism that March, five reports that year: only the year may be said.
    _, statement = download(client, mine)
    assert (statement["categories"], statement["received_in"]) == ([], str(LAST_YEAR))

    sent_on(date(LAST_YEAR, 3, 30), ["racism"])
    _, statement = download(client, mine)
    assert (statement["categories"], statement["received_in"]) == (["Racism"], f"{LAST_YEAR}-03")
    assert reports_fitting(statement) == 5


def test_the_download_page_says_exactly_what_the_proof_says(
    client: FlaskClient, team: Team
) -> None:
    _, mine = sent_on(date(LAST_YEAR, 5, 2), ["bullying", "racism"])
    for day in (3, 4, 20, 21):
        sent_on(date(LAST_YEAR, 4 + day // 20, day), ["racism", "bullying"])
    html, statement = download(client, mine)
    assert (statement["categories"], statement["received_in"]) == (
        ["Bullying or harassment", "Racism"],
        f"{LAST_YEAR}-Q2",
    )
    assert proof_says_on(html) == [
        "that a report was made to the independent misconduct team",
        f"that it was received in April to June {LAST_YEAR}",
        # Mid-sentence, the labels are not capitalised (found in testing: "about Homophobia").
        "that it is about bullying or harassment and racism",
        "a reference worked out from your receipt, which stays the same each time you download"
        " the statement unless you replace your receipt",
    ]


def test_categories_are_said_in_lower_case_mid_sentence_but_acronyms_keep_their_capitals() -> None:
    said = [
        Disclosure(codes, "", MIN_REPORTS).category_labels
        for codes in [("homophobia",), ("homophobia", "other", "racism")]
    ]
    assert said == ["homophobia", "homophobia, something else and racism"]
    assert [in_a_sentence(label) for label in ["Homophobia", "IOPC referral"]] == [
        "homophobia",
        "IOPC referral",
    ]


def test_a_lone_report_s_page_and_proof_say_only_that_a_report_was_made(
    client: FlaskClient, team: Team
) -> None:
    report, receipt = sent_on(date(LAST_YEAR, 2, 2), ["racism"])
    html, statement = download(client, receipt)
    assert (statement["categories"], statement["received_in"]) == ([], "")
    assert proof_says_on(html)[:-1] == ["that a report was made to the independent misconduct team"]
    assert "it may say more" in html
    assert disclosure_for(report).kind == "only that a report was made"
