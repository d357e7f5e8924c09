"""Reading a force's roster file (``flask roster import FILE``) and checking every row of it
before anything is kept: a file with any bad row is refused whole, with each problem named by
its line, so that an HR export with a slip in it never leaves half a roster behind."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from intake.models.force import Force
from triage.matching import names
from triage.matching.roster import (
    LIST_FIELDS,
    ROSTER_FIELDS,
    RosterEntry,
    entry_from_mapping,
    person_key,
)
from triage.matching.sql_store import DbSession

COLUMNS = (*ROSTER_FIELDS, *LIST_FIELDS, "leaving_date")
# The columns every file must have, as the README promises: a file without one (an export that
# left out warrant numbers, say) would be imported as people keyed differently from the next,
# complete, file, and that import would list every person twice, once as a leaver.
REQUIRED = ROSTER_FIELDS
# What HR exports and the service's own pages call some of them.
COLUMN_ALIASES = {
    "shoulder_number": "collar_number",
    "former_shoulder_numbers": "former_collar_numbers",
}


class RosterFileError(ValueError):
    """A roster file that cannot be imported; ``problems`` names every bad row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class ServiceForces:
    """The forces a roster's ``former_forces`` may name: the service's forces (not a national
    one), each by its slug, its name or a name it had before a rename, in any case."""

    slugs: dict[str, str]  # slug or name, in lower case → slug
    own: str
    national: frozenset[str] = frozenset()  # a national force's slug and names, in lower case

    @classmethod
    def load(cls, session: DbSession, own: str) -> ServiceForces:
        every = session.execute(
            select(Force.slug, Force.name, Force.former_names, Force.national)
        ).all()
        forces = [(slug, name, former) for slug, name, former, national in every if not national]
        oversight = frozenset(
            word.strip().lower()
            for slug, name, former, national in every
            if national
            for word in (slug, name, *former)
        )
        # A slug wins over another force's identical name, and a name over a former name.
        slugs = {old.strip().lower(): slug for slug, _, former in forces for old in former}
        slugs |= {name.strip().lower(): slug for slug, name, _ in forces}
        slugs |= {slug.lower(): slug for slug, _, _ in forces}
        return cls(slugs, own, oversight)

    def check(self, entry: RosterEntry) -> RosterEntry:
        """The entry with its former forces as slugs; ValueError naming any that is not a
        force of this service. This force itself is left out (someone who came back)."""
        found: list[str] = []
        for given in entry.former_forces:
            slug = self.slugs.get(given.strip().lower())
            if slug is None and given.strip().lower() in self.national:
                raise ValueError(
                    f"former force {given!r} is national oversight, which takes no reports and "
                    "has no officers: give the force they served in"
                )
            if slug is None:
                raise ValueError(
                    f"former force {given!r} is not a force of this service "
                    "(give its slug or name, as flask force list shows them)"
                )
            if slug != self.own and slug not in found:
                found.append(slug)
        return replace(entry, former_forces=tuple(found))


def column_name(heading: str) -> str:
    """A CSV heading as the field it names: "Shoulder number" and "COLLAR_NUMBER" both name
    ``collar_number``."""
    name = "_".join(heading.strip().lower().replace("-", " ").split())
    return COLUMN_ALIASES.get(name, name)


def _csv_rows(text: str) -> list[tuple[int, object]]:
    """(line number, row) for each row of a CSV file; RosterFileError when its first row does
    not name the columns, or names one Candour does not know (a misspelt heading would
    otherwise drop that column from every person without a word)."""
    if not text.strip():
        raise RosterFileError(["the file is empty"])
    first = text.splitlines()[0]
    # Excel in many countries saves "CSV" with semicolons.
    for separator, said in (("\t", "tabs"), (";", "semicolons")):
        if separator in first and "," not in first:
            raise RosterFileError(
                [
                    f"the columns are separated by {said}: save it as CSV, with commas "
                    "(CSV UTF-8 in Excel)"
                ]
            )
    # Strict: a quotation mark never closed would otherwise take the rest of the file into one
    # value, and a re-import would keep everyone after it as leavers.
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        headings = next(reader, [])
    except csv.Error as exc:
        raise RosterFileError([f"line 1: {_not_csv(exc)}"]) from None
    # A spreadsheet export often ends each line with empty cells: an unnamed column is ignored.
    while headings and not headings[-1].strip():
        headings.pop()
    columns = [column_name(heading) for heading in headings]
    if "name" not in columns:
        # A common HR layout keeps the name in two columns: say how to join them.
        split = {"forename", "first_name", "given_name", "surname", "last_name", "family_name"}
        joined = (
            [
                "the name is in two columns: put each person's whole name in one column "
                'headed name (as "SURNAME, Forename", or "Forename Surname")'
            ]
            if split & set(columns)
            else []
        )
        raise RosterFileError(
            [
                "the first row must name the columns, including name",
                *joined,
                f"the columns Candour reads: {', '.join(COLUMNS)}",
            ]
        )
    named = zip(headings, columns, strict=True)
    unknown = [heading for heading, column in named if column not in COLUMNS]
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    missing = [column for column in REQUIRED if column not in columns]
    problems = [f"the first row names a column Candour does not know: {h!r}" for h in unknown]
    problems += [f"the first row names the column {column} twice" for column in repeated]
    problems += [_missing(missing, "column")] if missing else []
    if problems:
        raise RosterFileError([*problems, f"the columns Candour reads: {', '.join(COLUMNS)}"])
    rows: list[tuple[int, object]] = []
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # nothing after it can be read as the rows it was meant to be
            rows.append((start, _not_csv(exc)))
            break
        number = reader.line_num
        if not any(value.strip() for value in values):
            continue  # a blank line
        if any(value.strip() for value in values[len(columns) :]):
            rows.append((number, f"{len(values)} values, but the first row names {len(columns)}"))
            continue
        # A short row (an export that drops trailing empty cells) leaves the rest empty.
        rows.append((number, dict(zip(columns, values, strict=False))))
    return rows


def _missing(fields: list[str], what: str) -> str:
    """The problem naming required columns (or JSON keys) a file lacks."""
    plural = what + "s" if len(fields) > 1 else what
    return (
        f"the file has no {', '.join(fields)} {plural}: every file needs the {what}s "
        f"{', '.join(REQUIRED)} (an empty value is fine for someone who has none). Without "
        "them the people would be kept under different keys from the next full file's, and "
        "importing that would list everyone twice"
    )


def _not_csv(error: csv.Error) -> str:
    """Why a row the csv module cannot read was refused, in words."""
    return (
        f"not readable as CSV from here ({error}): a value that starts with a "
        "quotation mark must end with one, and no value may be longer than "
        f"{csv.field_size_limit():,} characters"
    )


def _jsonl_rows(text: str) -> list[tuple[int, object]]:
    """(line number, object) for each line of a JSON lines file, or the line's problem."""
    if text.lstrip().startswith("["):
        raise RosterFileError(
            [
                "the file is one JSON array: Candour reads JSON lines, one object per line "
                "and no brackets around them (jq -c '.[]' makes them from an array)"
            ]
        )
    rows: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                rows.append((number, f"not valid JSON ({exc.msg})"))
                continue
            except RecursionError:  # brackets nested thousands deep: no roster entry is
                rows.append((number, "not valid JSON (nested too deeply)"))
                continue
            # A string here would be taken for a problem and printed as one: the line's text.
            if not isinstance(row, dict):
                rows.append((number, "each entry must be an object"))
                continue
            # As with a CSV heading: a misspelt key would drop that field without a word.
            unknown = [key for key in row if key not in COLUMNS]
            if unknown:
                rows.append(
                    (
                        number,
                        f"a key Candour does not know: {', '.join(map(repr, unknown))} "
                        f"(the keys Candour reads: {', '.join(COLUMNS)})",
                    )
                )
                continue
            rows.append((number, row))
    return rows


def _keys_missing(rows: list[tuple[int, object]]) -> list[str]:
    """The problem naming the required keys no line of a JSON lines file has: a key is left
    out of a line for someone who has no such value, but left out of every line it is missing
    from the export, as a CSV column would be."""
    objects = [row for _, row in rows if isinstance(row, dict)]
    missing = [key for key in REQUIRED if objects and not any(key in row for row in objects)]
    return [_missing(missing, "key")] if missing else []


def _same_person(entry: RosterEntry) -> str:
    """What two rows that name one person have in common, for the problem naming them."""
    if entry.warrant_number:
        return "the same warrant number"
    return "the same name, shoulder number and unit, and no warrant number"


def read_roster_file(path: Path, forces: ServiceForces | None = None) -> list[RosterEntry]:
    """Entries from a CSV file (a header row naming the fields) or JSON lines (``.jsonl``),
    with their former forces checked against ``forces`` when given.

    Every row is checked before anything is kept: a file with any bad row raises
    ``RosterFileError`` listing them all."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterFileError(
            [
                f"{path.name} is not UTF-8 text: save it as UTF-8 (in Excel, Save As "
                '"CSV UTF-8 (Comma delimited)") and import it again'
            ]
        ) from None
    problems: list[str] = []
    if path.suffix.lower() in {".jsonl", ".json", ".ndjson"}:
        rows = _jsonl_rows(text)
        problems += _keys_missing(rows)
    else:
        rows = _csv_rows(text)
    entries: list[RosterEntry] = []
    first_line: dict[object, int] = {}  # each person's key → the line that first listed them
    for number, row in rows:
        if isinstance(row, str):
            problems.append(f"line {number}: {row}")
            continue
        try:
            entry = entry_from_mapping(row)
            entry = forces.check(entry) if forces else entry
        except ValueError as exc:
            problems.append(f"line {number}: {exc}")
            continue
        if not entry.name:
            # Matching finds people by their name: an entry without one is found by nothing a
            # reporter writes but its numbers (and is checked here, not in ``entry_from_mapping``,
            # which also opens entries stored before names were required).
            problems.append(f"line {number}: no name")
            continue
        if entry.warrant_number and not names.warrant_number(entry.warrant_number):
            # Kept, it would be dropped without a word: the person keyed by name, number and
            # unit instead, and two people given one such number never told apart.
            problems.append(
                f"line {number}: the warrant number {entry.warrant_number[:40]!r} has fewer "
                "than 4 digits, so it cannot be read as one (leave it empty for someone who "
                "has none)"
            )
            continue
        earlier = first_line.setdefault(person_key(entry), number)
        if earlier != number:
            problems.append(f"line {number}: {_same_person(entry)} as line {earlier}")
        entries.append(entry)
    if problems:
        raise RosterFileError(problems)
    if not entries:
        raise RosterFileError(["the file lists nobody"])
    return entries
