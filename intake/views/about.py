"""What Candour keeps and how it can be used: the privacy notice, the cookies page and the
accessibility statement, linked from every page's footer.

Each says what this installation really does (its cookie's name, the force's retention period,
whether reports can be shared with another force), read from the same settings the code obeys,
so the words cannot drift from the behaviour.
"""

from __future__ import annotations

from flask import current_app, render_template

from intake.tenancy import current_force, force_label, matching_across_forces, sharing_possible
from intake.views import reporter


def retention_months() -> int:
    """The months after a case closes that its content is kept (``flask retention apply``)."""
    months: int = current_force().retention_months or current_app.config["CANDOUR_RETENTION_MONTHS"]
    return months


@reporter.get("/privacy")
def privacy() -> str:
    return render_template(
        "reporter/privacy.html",
        force_name=force_label(),
        retention_months=retention_months(),
        sharing=sharing_possible(),
        matching=matching_across_forces(),
    )


@reporter.get("/cookies")
def cookies() -> str:
    return render_template(
        "reporter/cookies.html", cookie_name=current_app.config["SESSION_COOKIE_NAME"]
    )


@reporter.get("/accessibility")
def accessibility() -> str:
    return render_template("reporter/accessibility.html")
