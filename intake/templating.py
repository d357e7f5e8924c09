"""Template helpers shared by both halves: day dates, labels, file sizes, text with its line
breaks kept, links styled as buttons, and the reporter session's time limit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from flask import Flask
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from intake import reporter_session
from intake.attachments import DEFAULT_MAX_BYTES, PLAIN_TEXT_EXTENSIONS, file_size, too_large
from intake.tenancy import reporting_force_label
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


def sizes(file: Mapping[str, Any]) -> str:
    """A reporter's file's size (a draft's file, or a sent file's listing): as kept, and as they
    chose it when that differs. Cleaning can make a file larger (a PDF's pages are redrawn as
    pictures), and "small.pdf (5 KB)" for a file of 193 bytes looked like some other file."""
    kept = file_size(int(file["size"]))
    chosen = file.get("chosen_size")
    if isinstance(chosen, int) and file_size(chosen) != kept:
        return f"{file_size(chosen)} as you chose it, {kept} once its hidden details were removed"
    if file.get("cleaned") is True and not _plain_text(file):
        # A Word file loses its author, company and tracked changes' names but hardly any bytes:
        # "3 KB" alone read as though nothing was removed, beside photos that said so.
        return f"{kept}, its hidden details removed"
    return kept  # plain text has no hidden details; a kept original says so where it is listed


def _plain_text(file: Mapping[str, Any]) -> bool:
    """A plain text file, which has nothing hidden to remove. A listing sent before listings kept
    their type is told by its name, which is saved under an extension of its type."""
    media_type = file.get("media_type")
    if media_type is not None:
        return bool(media_type == "text/plain")
    return PurePosixPath(str(file.get("filename", ""))).suffix.lower() in PLAIN_TEXT_EXTENSIONS


def lines_kept(text: str) -> Markup:
    """``text`` escaped, its line breaks written as character references: inside a GOV.UK macro's
    ``html`` (which indents every line of it) a line break gained the indent, and a message
    shown with ``white-space: pre-wrap`` then began each line with spaces the reporter never
    typed."""
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Markup("&#10;").join(escape(line) for line in lines)


_BUTTON_ROLE = re.compile(r'(<a\b[^>]*?)\s+role="button"')


def plain_links(html: str) -> Markup:
    """GOV.UK Frontend's link styled as a button (``govukButton`` with an ``href``, "Exit this
    page") without its ``role="button"``: without JavaScript Space does nothing on a link, so it
    must not be announced as a button. ``candour.js`` adds the role back where GOV.UK Frontend's
    Button module makes Space activate it. Text not already marked safe is escaped first."""
    safe = html if isinstance(html, Markup) else escape(html)
    return Markup(_BUTTON_ROLE.sub(r"\1", str(safe)))  # noqa: S704  (escaped or safe already)


def init_templating(app: Flask) -> None:
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["labels"] = labels
    app.jinja_env.filters["file_size"] = file_size
    app.jinja_env.filters["sizes"] = sizes
    app.jinja_env.filters["lines_kept"] = lines_kept
    app.jinja_env.filters["when_written"] = when_written
    app.jinja_env.filters["when_text"] = when_text
    app.jinja_env.filters["plain_links"] = plain_links
    app.jinja_env.globals["service_name"] = "Candour"
    app.jinja_env.globals["reporting_force"] = reporting_force_label
    # The reporter pages' idle notice, and their time-out warning (templates/reporter/timeout.html),
    # shown only with a live session.
    app.jinja_env.globals["idle_minutes"] = reporter_session.IDLE_MINUTES
    app.jinja_env.globals["reporter_session_live"] = reporter_session.live
    app.jinja_env.globals["reporter_idle_seconds"] = reporter_session.idle_seconds
    app.jinja_env.globals["reporter_seconds_left"] = reporter_session.seconds_left
    app.jinja_env.globals["reporter_warning_seconds"] = reporter_session.warning_seconds
    app.jinja_env.globals.setdefault("csrf_token", generate_csrf)
    # An evidence page's file field says, with JavaScript, that a file chosen is too large before
    # it is sent (``candour.js``): the server's limit and its words, "{name}" for the file's.
    app.jinja_env.globals["file_limit"] = {
        "data-candour-max-bytes": str(DEFAULT_MAX_BYTES),
        "data-candour-too-large": too_large("{name}", DEFAULT_MAX_BYTES),
    }
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
