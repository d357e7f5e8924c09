"""Template helpers shared by both halves: day dates, labels and file sizes."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_wtf.csrf import generate_csrf

from intake import reporter_session
from intake.attachments import file_size
from intake.reporter_session import IDLE_MINUTES
from intake.vocabulary import in_a_sentence, when_text, when_written


def day(value: date | datetime | None) -> str:
    """A date as people write it: 3 March 2026."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"


def labels(codes: list[str] | None, mapping: dict[str, str]) -> str:
    """Codes from a vocabulary as their plain labels, comma separated, read as one sentence:
    "Me, a member of the public", not "Me, A member of the public". Labels that start with a
    capitalised word ("IOPC") keep it."""
    words = [mapping.get(code, code) for code in codes or []]
    return ", ".join(words[:1] + [in_a_sentence(word) for word in words[1:]])


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["labels"] = labels
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["when_written"] = when_written
    app.jinja_env.filters["when_text"] = when_text
    app.jinja_env.globals["service_name"] = "Candour"
    app.jinja_env.globals["idle_minutes"] = IDLE_MINUTES  # the reporter pages' idle notice
    # The time-out warning (templates/reporter/timeout.html), shown only with a live session.
    app.jinja_env.globals["reporter_session_live"] = reporter_session.live
    app.jinja_env.globals["reporter_idle_seconds"] = reporter_session.idle_seconds
    app.jinja_env.globals["reporter_warning_seconds"] = reporter_session.warning_seconds
    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
