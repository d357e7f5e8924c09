"""Where several forces take reports, a reporter can tell whose start page they are on and find
their own force's, and is told before sending which force's team their report goes to; with one
force nothing of this shows."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.db import db
from intake.models.force import Force
from intake.tenancy import create_force, use_force
from tests.conftest import build_app
from tests.helpers import DEFAULT_REPORT, Team, make_team, post_form, visible_text
from tests.test_tenancy import client_of


def eastshire(app: Flask) -> Force:
    """A second force taking reports, and a national oversight one taking none."""
    force = create_force("east", "Eastshire Police")
    create_force("national", "National oversight", national=True)
    db.session.commit()
    with use_force(force.id):
        make_team()
    return force


def header(html: str) -> str:
    return visible_text(html[html.index("<header") : html.index("</header>")])


def at_check_answers(client: FlaskClient) -> str:
    """Answer the questions (naming nobody) and return the check-answers page."""
    what = {
        k: DEFAULT_REPORT[k] for k in ("categories", "when", "when_month", "where", "description")
    }
    assert post_form(client, "/report/what", what).status_code == 302
    who = {"unknown": "y", "submit": "Continue"}
    assert post_form(client, "/report/who", who).status_code == 302
    affected = {k: DEFAULT_REPORT[k] for k in ("affected", "witnesses")}
    assert post_form(client, "/report/affected", affected).status_code == 302
    assert post_form(client, "/report/evidence", {"submit": "Continue"}).status_code == 302
    page = client.get("/report/check")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_a_reporter_at_the_main_address_finds_their_own_forces_start_page(
    app: Flask, team: Team
) -> None:
    """An Eastshire officer given the main address saw only the default force's start page,
    with nothing saying other forces use Candour, and reported to the wrong force."""
    east = eastshire(app)
    start = app.test_client().get("/").get_data(as_text=True)
    assert "This is the start page for Default force" in visible_text(start)
    assert 'href="/forces">Not your force?</a>' in start

    listing = app.test_client().get("/forces")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    forces = re.findall(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)</a></li>', html)
    # Every force taking reports, by name, each at its own start page; national oversight,
    # which takes none, is not offered.
    assert forces == [("/default/", "Default force"), ("/east/", "Eastshire Police")]
    # The list belongs to no one force.
    assert header(html).startswith("Candour") and "Candour:" not in header(html)

    # Following the link is all choosing does: Eastshire's start page, saying whose it is.
    chosen = app.test_client().get("/east/")
    assert "This is the start page for Eastshire Police" in visible_text(
        chosen.get_data(as_text=True)
    )
    # From a force's own address the list is the same and its links stay correct.
    from_east = client_of(app, east.slug).get("/forces").get_data(as_text=True)
    assert 'href="/default/"' in from_east and 'href="/east/"' in from_east


def test_the_list_of_forces_works_at_a_forces_own_host_name(database_url: str) -> None:
    app = build_app(database_url, CANDOUR_FORCE_HOSTS={"reports.east.example": "east"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        make_team()
        eastshire(app)
        at_host = "https://reports.east.example"
        html = app.test_client().get("/forces", base_url=at_host).get_data(as_text=True)
        assert 'href="/default/"' in html and 'href="/east/"' in html
        # /<slug>/ is that force at any of the service's host names.
        chosen = app.test_client().get("/default/", base_url=at_host)
        assert "start page for Default force" in visible_text(chosen.get_data(as_text=True))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def test_check_answers_names_the_force_the_report_goes_to(app: Flask, team: Team) -> None:
    """Only the page after sending said "Your report went to Eastshire Police"."""
    east = eastshire(app)
    reporter = client_of(app, east.slug)
    check = visible_text(at_check_answers(reporter))
    assert "Your report will go to Eastshire Police’s independent team" in check


def test_a_forces_page_not_found_names_the_force_in_its_header(app: Flask, team: Team) -> None:
    east = eastshire(app)
    missing = client_of(app, east.slug).get("/nowhere")
    assert missing.status_code == 404
    assert "Candour: Eastshire Police" in header(missing.get_data(as_text=True))
    # The default force's error page names it too, as its other pages do.
    assert "Candour: Default force" in header(app.test_client().get("/nowhere").get_data(True))
    # A mistyped force address offers the list of forces, not only the first force's start.
    typo = app.test_client().get("/eastt/").get_data(as_text=True)
    assert 'href="/forces"' in typo and "Find your force’s start page" in typo


def test_with_one_force_nothing_of_this_shows(client: FlaskClient, team: Team) -> None:
    start = visible_text(client.get("/").get_data(as_text=True))
    assert "Not your force?" not in start and "start page for" not in start
    assert client.get("/forces").status_code == 404
    assert 'href="/forces"' not in client.get("/eastt/").get_data(as_text=True)
    assert "Your report will be locked so only the independent team" in visible_text(
        at_check_answers(client)
    )
    assert header(client.get("/nowhere").get_data(as_text=True)).startswith("Candour")
    assert "Candour:" not in header(client.get("/nowhere").get_data(as_text=True))


def test_the_list_of_forces_records_nothing_of_the_visit(app: Flask, team: Team) -> None:
    """Choosing is following a link: the list sets no cookie and is not kept by the browser.
    (It counts against the reporter pages' limit like every route: ``test_route_limits``.)"""
    eastshire(app)
    listing = app.test_client().get("/forces")
    assert "Set-Cookie" not in listing.headers
    assert "no-store" in listing.headers["Cache-Control"]


def test_a_force_whose_team_has_no_key_yet_is_not_offered_as_a_start_page(
    app: Flask, team: Team
) -> None:
    """A force added but whose team had not set up its key was listed as a link like any
    other: its start page then said only "not ready to take reports", and a question page
    reached from there ended at "cannot be sent safely yet" after the whole report was typed."""
    eastshire(app)
    create_force("west", "Westshire Police")  # added, its team not yet set up
    db.session.commit()
    html = app.test_client().get("/forces").get_data(as_text=True)
    links = re.findall(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)</a></li>', html)
    assert links == [("/default/", "Default force"), ("/east/", "Eastshire Police")]
    assert 'href="/west/"' not in html
    # Named, so an officer of that force knows they are in the right place and to come back,
    # not that their force takes no reports (and not to report to another force instead).
    listed = visible_text(html[html.index('id="forces"') : html.index("</ul>")])
    assert "Westshire Police: not taking reports yet" in listed
    assert "has not set up its key" in visible_text(html)

    # Once its team sets up its key, it is a link like the others.
    west = db.session.scalars(select(Force).where(Force.slug == "west")).one()
    with use_force(west.id):
        make_team()
    html = app.test_client().get("/forces").get_data(as_text=True)
    links = re.findall(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)</a></li>', html)
    assert ("/west/", "Westshire Police") in links
    assert "not taking reports yet" not in visible_text(html)


def test_a_force_not_taking_reports_yet_starts_no_report_at_any_question(
    app: Flask, team: Team
) -> None:
    """Reached by a bookmark or a shared link, a question page of a force whose team had no key
    took a whole report, refused only at Send ("not ready yet"), its answers then lost with the
    session. Every question page now sends the reporter to the force's start page, which names
    the force as not taking reports yet."""
    eastshire(app)
    create_force("west", "Westshire Police")
    db.session.commit()
    reporter = app.test_client()
    for page in ("what", "who", "affected", "evidence", "together", "share", "check"):
        opened = reporter.get(f"/west/report/{page}")
        assert opened.status_code == 302, page
        assert opened.location == "/west/"
    sent = reporter.post("/west/report/what", data={"description": "He shouted at me"})
    assert sent.status_code == 302 and sent.location == "/west/"
    start = visible_text(reporter.get("/west/").get_data(as_text=True))
    assert "Westshire Police is not taking reports yet" in start
    assert "Start now" not in start
    # Its first words do not say a report made there goes to its team.
    assert "This is the start page for Westshire Police, which is not taking reports yet" in start
    assert "a report made here goes to" not in start
    # A force whose team has its key is not affected.
    assert reporter.get("/east/report/what").status_code == 200
