"""A proof of reporting checked at another force's address: each force signs with its own key,
and every force's keys are public, so a genuine statement from one force is genuine at every
address of the service (it was called "not issued by Candour" there), and says whose key it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.db import db
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.helpers import Team, make_team, open_status, submit_report, visible_text
from tests.test_proof_pages import check_on_page, check_with_cli, proof_form_fields
from tests.test_tenancy import client_of


@pytest.fixture
def north(app: Flask, team: Team) -> Force:
    force = create_force("north", "North Force")
    db.session.commit()
    with use_force(force.id):
        make_team()
    return force


def north_proof(app: Flask, north: Force) -> bytes:
    reporter = client_of(app, north.slug)
    html = open_status(reporter, submit_report(reporter)).get_data(as_text=True)
    fields = proof_form_fields(html, "/north/status/proof.txt")
    response = reporter.post("/status/proof.txt", data=fields)
    assert response.status_code == 200
    return response.get_data()


def test_a_forces_proof_is_genuine_at_another_forces_address_and_says_whose_key(
    app: Flask, client: FlaskClient, north: Force, tmp_path: Path
) -> None:
    proof = north_proof(app, north)

    at_default = visible_text(check_on_page(client, proof))
    assert "This statement is genuine" in at_default
    assert "North Force’s key, published at its own Candour address" in at_default
    at_north = visible_text(check_on_page(client_of(app, north.slug), proof))
    assert "This statement is genuine" in at_north and "North Force’s key" not in at_north
    code, output = check_with_cli(app, tmp_path, proof)  # the command, at the default force
    assert code == 0 and output.startswith("VALID")


def test_a_changed_proof_from_another_force_is_said_to_be_changed_not_unknown(
    app: Flask, client: FlaskClient, north: Force
) -> None:
    proof = north_proof(app, north).replace(b'"received_in":"', b'"received_in":"1')

    shown = visible_text(check_on_page(client, proof))
    assert "This statement is not valid" in shown
    assert "does not recognise" not in shown
