"""A receipt says where it works: beside it on the confirmation and "Receipt replaced" pages,
and in its download, the address of the status sign-in and, where the service takes reports
for several forces (a receipt opens its report only at its own force's address), the name of
the force the report went to. A one-force service names no force."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake import receipts
from intake.db import db
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import (
    Team,
    csrf_token,
    make_team,
    open_status,
    post_form,
    send_report,
    submit_report,
)
from tests.journey_page import parse
from tests.test_tenancy import client_of

BASE = "https://candour.example"


@pytest.fixture
def app(app: Flask) -> Flask:
    app.config["CANDOUR_BASE_URL"] = BASE
    return app


@pytest.fixture
def north(app: Flask, team: Team) -> Force:
    force = create_force("north", "North Force")
    db.session.commit()
    with use_force(force.id):
        make_team()
    return force


def beside_the_receipt(html: str) -> str:
    [box] = parse(html).find(id="receipt-where")
    return " ".join(" ".join(e.text.split()) for e in box.all() if e.text.strip())


def downloaded(client: FlaskClient, receipt: str, page: str) -> str:
    response = client.post(
        "/receipt.txt", data={"csrf_token": csrf_token(page), "receipt": receipt}
    )
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert receipts.normalise(text) == receipts.normalise(receipt)  # pasting it still works
    return text


def test_a_one_force_service_gives_the_address_and_names_no_force(
    client: FlaskClient, team: Team
) -> None:
    page = send_report(client).get_data(as_text=True)
    said = beside_the_receipt(page)
    assert f"To check your report later, go to {BASE}/status and enter your receipt." in said
    assert "went to" not in said and "Default force" not in said
    [receipt] = [e.text for e in parse(page).find(id="receipt")]
    text = downloaded(client, receipt, page)
    assert f"To check your report, go to {BASE}/status and enter this receipt." in text
    assert "went to" not in text


def test_with_several_forces_the_receipt_names_its_force_and_that_forces_address(
    app: Flask, north: Force
) -> None:
    browser = client_of(app, north.slug)
    page = send_report(browser).get_data(as_text=True)
    said = beside_the_receipt(page)
    assert "Your report went to North Force." in said
    assert "works only at North Force’s address, not at another force’s" in said
    assert f"go to {BASE}/north/status and enter your receipt" in said
    [receipt] = [e.text for e in parse(page).find(id="receipt")]
    text = downloaded(browser, receipt, page)
    assert f"Your report went to North Force.\nTo check your report, go to {BASE}/north/status" in (
        text
    )

    # The default force's reporters are told theirs too: there is another force to mistake.
    at_default = app.test_client()
    said = beside_the_receipt(send_report(at_default).get_data(as_text=True))
    assert "Your report went to Default force." in said
    assert f"go to {BASE}/status and enter your receipt" in said


def test_a_replaced_receipt_says_where_it_works_too(app: Flask, north: Force) -> None:
    browser = client_of(app, north.slug)
    receipt = submit_report(browser)
    open_status(browser, receipt)
    page = post_form(
        browser, "/status/replace-receipt", {"receipt": receipt}, follow_redirects=True
    )
    said = beside_the_receipt(page.get_data(as_text=True))
    assert "Your report went to North Force." in said
    assert f"go to {BASE}/north/status" in said
