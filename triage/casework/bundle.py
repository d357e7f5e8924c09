"""One case as a bundle for a hearing or a referral: a PDF of the case and every evidence file,
each with its SHA-256, in one ZIP made in memory.

Built from what the member's keys open, for the member who asked, in their signed-in session.
Nothing is written to disk: fpdf2 and ``zipfile`` both write to memory and the bytes go straight
back to the view. ``SHA256SUMS`` in the bundle lists every other file in the format
``sha256sum -c`` checks, and the PDF lists each evidence file's SHA-256 too, so a printed copy
can be matched to the files handed over with it. Exporting is audited once, as "exported".
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from intake.models import Report
from intake.sealing import SealError, open_sealed
from intake.templating import labels
from intake.vocabulary import AFFECTED, CATEGORIES, STAGES, when_written
from triage import audit
from triage.casework import iopc, vocabulary
from triage.casework.checks import CaseworkError
from triage.casework.queries import member_names
from triage.casework.reading import Keys, OpenedCase, read_case
from triage.models import Member

# Debian's fonts-dejavu-core: a Unicode font, so whatever a reporter typed prints as typed (the
# PDF core fonts know only Latin-1).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()-]+")


@dataclass(frozen=True)
class Bundle:
    filename: str
    data: bytes


def _safe_name(name: str) -> str:
    """A file name that cannot climb out of the bundle's folder or confuse a zip tool."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _UNSAFE.sub("_", ascii_name).strip(" ._") or "file"


def _day(day: date | None, missing: str = "Not yet") -> str:
    return f"{day.day} {day:%B %Y}" if day else missing


# A heading's space above, its line and the two lines it heads, in millimetres.
HEADING_KEPT_WITH_MM = 3 + 7 + 2 * 5


class _CasePdf(FPDF):
    def __init__(self, reference: str) -> None:
        super().__init__(format="A4")
        if not (FONT_DIR / "DejaVuSans.ttf").exists():
            raise CaseworkError(
                "The case bundle cannot be made: the PDF font (Debian package "
                "fonts-dejavu-core) is not installed on the server"
            )
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.reference = reference
        # Characters the font could not draw, shown as code points (``drawable``).
        self.undrawable: set[str] = set()
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 5, f"Case {self.reference}: OFFICIAL-SENSITIVE. Page {self.page_no()}")

    def heading(self, text: str, size: int = 13) -> None:
        # Never alone at the foot of a page: a heading starts a new one unless it and the first
        # lines it heads fit on this one.
        if self.get_y() + HEADING_KEPT_WITH_MM > self.page_break_trigger:
            self.add_page()
        self.ln(3)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, self.drawable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 10)

    def para(self, text: str, bold: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 10)
        self.multi_cell(0, 5, self.drawable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("DejaVu", "", 10)

    def drawable(self, text: str) -> str:
        """``text`` with each character the current font has no glyph for (Chinese, Devanagari)
        written as its code point, "[U+674E]": left to the PDF library it would vanish without
        a trace from a bundle meant for a hearing."""
        font = self.current_font
        assert isinstance(font, TTFFont)  # only DejaVu is ever set
        cmap = font.cmap
        out = []
        for char in text:
            if char == "\t":
                out.append("    ")  # the library draws nothing for a tab: "a<tab>b" printed "ab"
            elif char == "\n" or ord(char) in cmap:
                out.append(char)
            else:
                self.undrawable.add(char)
                out.append(f"[U+{ord(char):04X}]")
        return "".join(out)

    def rows(self, rows: Iterable[tuple[str, str]]) -> None:
        for key, value in rows:
            self.para(f"{key}: {value}")


def _outcome(report: Report) -> str:
    """The outcome and the day it was recorded, on one line ("None recorded" once, not beside a
    second line saying "Not yet")."""
    if not report.outcome:
        return "None recorded"
    recorded = f", recorded {_day(report.outcome_on)}" if report.outcome_on else ""
    return vocabulary.OUTCOMES.get(report.outcome, report.outcome) + recorded


def _summary(pdf: _CasePdf, report: Report, names: Mapping[int, str]) -> None:
    pdf.heading("Summary and clocks")
    pdf.rows(
        [
            ("Kind of behaviour", labels(report.category_codes, CATEGORIES)),  # as on the page
            ("Received", _day(report.received_on)),
            ("Stage", STAGES[report.stage][0]),
            ("Assigned to", names.get(report.assignee_id or 0, "Unassigned")),
            ("Acknowledged", _day(report.acknowledged_on)),
            ("Feedback to the reporter", _day(report.feedback_on)),
            ("Outcome", _outcome(report)),
            # "Not closed", as "Closed: Open" read as a contradiction.
            ("Closed", _day(report.closed_on, "Not closed")),
        ]
    )
    pdf.heading("Assessment")
    pdf.rows(
        [
            ("Subject", vocabulary.SUBJECT_TYPES.get(report.subject_type or "", "Not recorded")),
            ("Severity", vocabulary.SEVERITIES.get(report.severity or "", "Not assessed")),
            (
                "Case to answer",
                vocabulary.CASE_DECISIONS.get(report.case_decision or "", "Not decided"),
            ),
            (
                "Warning in force when assessed",
                vocabulary.WARNINGS_IN_FORCE.get(report.warning_in_force or "", "None recorded"),
            ),
            ("Referrals", ", ".join(iopc.referrals_shown(report)) or "None"),
            (
                "Standards concerned",
                ", ".join(
                    vocabulary.STANDARDS.get(c, c) for c in vocabulary.split_codes(report.standards)
                )
                or "None tagged",
            ),
        ]
    )


def _report(pdf: _CasePdf, content: dict[str, Any] | None) -> None:
    pdf.heading("The report")
    if content is None:
        pdf.para("The report could not be opened with your keys, or was destroyed under the")
        pdf.para("retention policy.")
        return
    when = when_written(content) or (
        "The reporter is not sure" if content.get("when") == "unsure" else "Not given"
    )
    pdf.rows([("When", when), ("Where", content.get("where") or "Not given")])
    pdf.para("What happened", bold=True)
    pdf.para(content.get("description") or "")
    pdf.heading("Who was responsible", 11)
    labels = [
        ("name", "Name"),
        ("collar_number", "Shoulder number"),
        ("warrant_number", "Warrant number"),
        ("rank", "Rank or role"),
        ("unit", "Unit or team"),
    ]
    for number, person in enumerate(content.get("people") or [], start=1):
        details = "; ".join(f"{label}: {person[key]}" for key, label in labels if person.get(key))
        pdf.para(f"Person {number}: {details}")
    if content.get("unknown") or not content.get("people"):
        pdf.para("The reporter does not know who it was (for at least one person).")
    pdf.heading("Who was affected", 11)
    affected = ", ".join(AFFECTED.get(code, code) for code in content.get("affected") or [])
    pdf.rows(
        [
            ("Affected", affected or "Not given"),
            ("Witnesses", content.get("witnesses") or "None given"),
        ]
    )


def _written(pdf: _CasePdf, opened: OpenedCase, names: Mapping[int, str]) -> None:
    def who(member_id: int | None) -> str:
        return names.get(member_id, "A former member") if member_id else "Candour"

    pdf.heading("Messages with the reporter")
    for message, text in opened.thread:
        side = (
            "From the reporter"
            if message.from_reporter
            else f"From the team: {who(message.member_id)}"
        )
        pdf.para(f"{side}, {_day(message.sent_on)}", bold=True)
        pdf.para(text if text is not None else "(could not be opened with your keys)")
    if not opened.thread:
        pdf.para("No messages.")
    pdf.heading("Internal notes")
    for note, text in opened.notes:
        kind = vocabulary.NOTE_KINDS.get(note.kind, "Note")
        pdf.para(f"{kind}: {who(note.member_id)}, {_day(note.created_on)}", bold=True)
        pdf.para(text if text is not None else "(could not be opened with your keys)")
    if not opened.notes:
        pdf.para("No notes.")


def _timeline(pdf: _CasePdf, report: Report, names: Mapping[int, str]) -> None:
    pdf.heading("Timeline")
    for event in report.events:
        who = names.get(event.member_id, "A former member") if event.member_id else ""
        pdf.para(f"{_day(event.on)}: {event.detail}" + (f" ({who})" if who else ""))


def export(report: Report, member: Member, keys: Keys, today: date) -> Bundle:
    """The case bundle as ZIP bytes, audited as exported by ``member``."""
    if report.content_destroyed_on is not None:
        raise CaseworkError("This case's content was destroyed under the retention policy")
    opened = read_case(report, keys)
    ids = {e.member_id for e in report.events} | {m.member_id for m, _ in opened.thread}
    ids |= {n.member_id for n, _ in opened.notes} | {report.assignee_id}
    names = member_names({i for i in ids if i is not None})
    pdf = _CasePdf(report.reference)
    pdf.set_title(f"Case {report.reference}")
    pdf.set_creation_date(datetime(today.year, today.month, today.day))  # a day, not a time
    pdf.add_page()
    pdf.heading(f"Case {report.reference}", 18)
    pdf.para(
        f"Bundle exported on {_day(today)} by {member.name}, for a hearing or a referral. "
        "OFFICIAL-SENSITIVE: it holds what a reporter wrote in confidence. Keep it only as long "
        "as the hearing or referral needs it."
    )
    _summary(pdf, report, names)
    _report(pdf, opened.content)
    _written(pdf, opened, names)
    _timeline(pdf, report, names)

    folder = report.reference
    files: list[tuple[str, bytes]] = []
    listed: list[tuple[str, str]] = []
    for number, (attachment, meta) in enumerate(opened.attachments, start=1):
        try:
            data = open_sealed(
                keys,
                attachment.data,
                record=report.record,
                field=f"attachment:{attachment.uid}:data",
            )
        except SealError:
            continue  # listed below as not opened
        name = f"evidence/{number:02d}-{_safe_name(str((meta or {}).get('filename', 'file')))}"
        files.append((name, data))
        listed.append((name, hashlib.sha256(data).hexdigest()))
    pdf.heading("Evidence files in this bundle")
    for name, digest in listed:
        pdf.para(name, bold=True)
        pdf.para(f"SHA-256 {digest}")
    missing = len(opened.attachments) - len(listed)
    if missing:
        pdf.para(f"{missing} file(s) could not be opened with your keys and are not included.")
    if not opened.attachments:
        pdf.para("No files.")

    if pdf.undrawable:
        pdf.heading("Characters shown as code points")
        pdf.para(
            f"{len(pdf.undrawable)} different character(s) in this case could not be drawn by "
            "this PDF's font. Each is shown where it was written as its Unicode code point in "
            "square brackets, for example [U+674E], so that nothing written is lost. Any Unicode "
            "chart gives the character for each code point."
        )
    pdf_name = f"case-{report.reference}.pdf"
    files.insert(0, (pdf_name, bytes(pdf.output())))
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files)
    buffer = io.BytesIO()
    stamp = (today.year, today.month, today.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in [*files, ("SHA256SUMS", sums.encode())]:
            bundle.writestr(zipfile.ZipInfo(f"{folder}/{name}", stamp), data)
    held = f"{len(listed)} evidence file{'' if len(listed) == 1 else 's'}"
    audit.record("exported", member.id, report.reference, f"case bundle, {held}")
    return Bundle(f"case-{report.reference}.zip", buffer.getvalue())
