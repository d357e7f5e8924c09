"""A shoulder (collar) number the reporter types is refused only when it cannot be one: no digit
at all, or characters no shoulder number has ("!!!!@@@@####"). The shapes people write, with
spaces, dashes, dots and rank letters, are accepted, and matching reads each of them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.forms.report import COLLAR_FORMAT
from tests.helpers import Team, post_form, refused
from tests.journey_page import errors, field_error
from tests.test_evidence_confirmations import start_report
from triage.matching.names import collar_number

WRITTEN = ["1234AB", "PC 1234", "PS1234", "1234 AB", "AB1234", "1234-AB", "P.C. 1234", "CW/1234"]
REFUSED = ["!!!!@@@@####", "ABCD", "1234 #5", "<1234>", "12_34"]


def who(client: FlaskClient, collar: str) -> TestResponse:
    answers = {"people-0-name": "Sgt Ray Hill", "people-0-collar_number": collar}
    return post_form(client, "/report/who", {**answers, "submit": "Continue"})


@pytest.mark.parametrize("collar", WRITTEN)
def test_the_shapes_people_write_are_accepted_and_matching_reads_them(
    client: FlaskClient, team: Team, collar: str
) -> None:
    start_report(client)
    assert who(client, collar).status_code == 302
    parsed = collar_number(collar)
    assert parsed is not None and parsed.digits == "1234"


@pytest.mark.parametrize("collar", REFUSED)
def test_what_cannot_be_a_shoulder_number_is_refused_saying_what_one_looks_like(
    client: FlaskClient, team: Team, collar: str
) -> None:
    start_report(client)
    html = refused(client, who(client, collar))
    message = f"Person 1’s {COLLAR_FORMAT}"
    assert errors(html) == [message]
    assert field_error(html, "people-0-collar_number") == message
