"""Absolute addresses shown to people to pass on or follow later (an invitation link a lead
sends a newcomer): built from ``CANDOUR_BASE_URL`` and the current force's address, never from
the request's Host header. The visitor chooses that header, so a link built from it could send
a newcomer, and the password they set, to someone else's site.

A force other than the default is reached under its slug (``intake.tenancy.ForceRouting``), as
at ``/<slug>/``, whether the request came by that path or by the force's own host name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from intake.models.force import DEFAULT_FORCE_ID
from intake.tenancy import current_force, several_forces_take_reports


def public_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` in the current force, at the configured base URL."""
    base = urlsplit(current_app.config["CANDOUR_BASE_URL"].rstrip("/"))
    root = base.path  # a deployment may live under a path of its own
    force = current_force()
    if force.id != DEFAULT_FORCE_ID:
        root += f"/{force.slug}"
    adapter = current_app.url_map.bind(base.netloc, script_name=root or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


@dataclass(frozen=True)
class FollowUp:
    """Where a receipt is used: the address of the status sign-in of the force the report went
    to, and that force's name where the service takes reports for several (a receipt opens its
    report only at its own force's address); None where it takes them for one."""

    force_name: str | None
    address: str


def where_to_follow_up() -> FollowUp:
    """Where a receipt given now, at this force's address, is to be used: said beside it, as a
    reporter who writes down only the receipt cannot otherwise know which force has it."""
    name = current_force().name if several_forces_take_reports() else None
    return FollowUp(name, public_url("reporter.status"))
