"""The forces taking reports here, each linking to its own start page: for a reporter who was
given another force's address (the service's main one, say) and would send their report to the
wrong force's team.

Choosing is following a link, so nothing records which force a visitor picked beyond what the
address they then use says already. The page is only shown where several forces take reports;
a single-force service has no such page.

A force whose team has not yet set up its key is named, not linked: its start page could only
say that nothing can be sent there yet, and a report typed from a question page reached from it
would be refused at the end. Named, it tells an officer of that force they have the right
service and to come back, rather than that their force is not in Candour.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from intake.db import db
from intake.models import TeamKey
from intake.models.force import Force
from intake.tenancy import ROOT_ENVIRON, on_behalf_of, several_forces_take_reports
from intake.views import reporter


def forces_taking_reports() -> list[Force]:
    """Every force taking reports here (all but national oversight), by name."""
    return list(
        db.session.scalars(select(Force).where(Force.national.is_(False)).order_by(Force.name))
    )


def team_key_set_up(force: Force) -> bool:
    """Whether ``force``'s team has a key a report could be sealed to (a public fact: its start
    page says so), read in this request's transaction at that force's scope."""
    with on_behalf_of(force.id):
        return TeamKey.current() is not None


def start_page_of(force: Force) -> str:
    """``force``'s start page from this request: ``/<slug>/`` under the service's own root. That
    is the force at any of the service's host names (``ForceRouting`` reads a slug before the
    host), the onion address included, and it is never built from the Host header."""
    return f"{request.environ.get(ROOT_ENVIRON, '')}/{force.slug}/"


@reporter.get("/forces")
def forces() -> str:
    if not several_forces_take_reports():
        abort(404)
    return render_template(
        "reporter/forces.html",
        # (name, its start page, or None while its team has no key to seal a report to, and
        # its former names: a reporter told "your report went to North Force" finds it renamed)
        forces=[
            (
                force.name,
                start_page_of(force) if team_key_set_up(force) else None,
                force.former_names,
            )
            for force in forces_taking_reports()
        ],
        back=url_for("reporter.start"),
        forces_page=True,
    )
