"""The forces taking reports here, each linking to its own start page: for a reporter who was
given another force's address (the service's main one, say) and would send their report to the
wrong force's team.

Choosing is following a link, so nothing records which force a visitor picked beyond what the
address they then use says already. The page is only shown where several forces take reports;
a single-force service has no such page.
"""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from sqlalchemy import select

from intake.db import db
from intake.models.force import Force
from intake.tenancy import ROOT_ENVIRON, several_forces_take_reports
from intake.views import reporter


def forces_taking_reports() -> list[Force]:
    """Every force taking reports here (all but national oversight), by name."""
    return list(
        db.session.scalars(select(Force).where(Force.national.is_(False)).order_by(Force.name))
    )


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
        forces=[(force.name, start_page_of(force)) for force in forces_taking_reports()],
        back=url_for("reporter.start"),
        forces_page=True,
    )
