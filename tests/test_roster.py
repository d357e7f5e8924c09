"""The force roster: importing it (all or nothing, sealed, leavers kept), resolving reporters'
mentions to the person on it, and never joining two different people on it."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from intake.db import db
from intake.models import Report
from tests.helpers import Team, reports_in_order, sign_in_directly, submit_report
from tests.page_text import words
from triage.__main__ import main as triage_main
from triage.__main__ import read_reports, read_roster, run_match
from triage.matching.reasons import roster_fit
from triage.matching.roster import RosterEntry, RosterIndex, person_key, resolve
from triage.matching.roster_rivals import RosterRivals, fits_of, rivals_of
from triage.matching.roster_store import open_entry
from triage.matching.tokens import (
    SubjectInput,
    name_orders,
    roster_readings,
    subject_keys,
    token_for,
    tokenise,
)
from triage.models import AuditEntry, RosterPerson, RosterToken, SubjectLink

HEADER = (
    "name,rank,unit,collar_number,warrant_number,former_collar_numbers,former_units,leaving_date"
)
ROSTER = [
    '"FITZGERALD, Grace",PS,Parliamentary and Diplomatic Protection,2201PD,1234567,,,',
    '"FITZGERALD, Gary",PC,Territorial Support Group,3301U,2345678,,,',
    '"MORRIS, Gareth",PC,Specialist Firearms Command,4471FA,3456789,1290SE,South East BCU,',
    '"ANDREOU, Sarah",PC,East Area BCU,8186NE,4567890,,,',
    '"ANDREOU, Sarah",DC,North West BCU,9001NW,5678901,,,',
]


def write_roster(tmp_path: Path, rows: list[str], name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(app: Flask, path: Path) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["roster", "import", str(path)])
    return result.exit_code, result.output


def clusters(reports: list[Report]) -> list[str]:
    return [
        db.session.scalars(
            select(SubjectLink.cluster_id).where(SubjectLink.report_id == r.id)
        ).one()
        for r in reports
    ]


def sent_reports() -> list[Report]:
    db.session.expire_all()
    return reports_in_order()


def test_a_file_with_bad_rows_names_each_and_imports_nothing(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    path = write_roster(
        tmp_path,
        [ROSTER[0], ",PC,,,,,,", '"SMITH, Ann",PC,,,,,,31/02/2020', ROSTER[1]],
    )
    code, output = run_import(app, path)
    assert code != 0
    assert "line 3: an entry needs a name, a warrant number or a shoulder number" in output
    assert "line 4: leaving_date '31/02/2020' is not a date" in output
    assert "nothing was imported" in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0
    assert db.session.scalar(select(func.count()).select_from(RosterToken)) == 0


def test_an_hr_export_with_its_own_headings_is_read(app: Flask, team: Team, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    headings = "Name,Rank,Unit,Shoulder number,Warrant-Number,Former shoulder numbers"
    # A short row (trailing empty cells dropped) and a row of empty cells (Excel's last lines).
    path.write_text(
        f"{headings}\n"
        '"FITZGERALD, Grace",PS,Parliamentary and Diplomatic Protection,2201PD,1234567\n'
        ",,,,,\n",
        encoding="utf-8",
    )
    code, output = run_import(app, path)
    assert code == 0, output
    assert "Importing 1 person from hr.csv" in output
    person = db.session.scalars(select(RosterPerson)).one()
    entry = open_entry(db.session, person.person_token.hex(), team.keys)
    assert entry is not None and (entry.collar_number, entry.warrant_number) == (
        "2201PD",
        "1234567",
    )


def test_a_column_candour_does_not_read_or_a_row_too_long_is_refused(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """A misspelt heading would drop that column from every person without a word; a row with
    more values than headings has lost its place in the columns."""
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text("name,rank,colar_number\nGrace Fitzgerald,PS,2201PD\n", encoding="utf-8")
    code, output = run_import(app, misspelt)
    assert code != 0
    assert "the first row names a column Candour does not know: 'colar_number'" in output
    assert "the columns Candour reads: name, rank, unit, collar_number" in output
    too_long = write_roster(tmp_path, [ROSTER[0], ROSTER[1] + ",extra"], "long.csv")
    code, output = run_import(app, too_long)
    assert code != 0 and "line 3: 9 values, but the first row names 8" in output
    assert "1 problem in long.csv: nothing was imported" in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_spreadsheets_empty_trailing_cells_are_not_a_column(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "name,rank,unit,collar_number,warrant_number,\n"
        "John Smith,,,1234AB,,\nJane Smith,,,5678CD,,,\n",
        "utf-8",
    )
    code, output = run_import(app, path)
    assert code == 0, output
    assert "Importing 2 people" in output


def test_a_file_without_a_required_column_is_refused_naming_it(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """A CSV without warrant_number was imported; the corrected file then listed everyone
    twice (a leaver without a warrant number and a current entry), which split matching."""
    no_warrant = tmp_path / "no_warrant.csv"
    no_warrant.write_text(
        "name,rank,unit,collar_number\n"
        + "".join(
            f"{name},PC,Hackney CID,{number}\n"
            for name, number in (("John Smith", "PC9991"), ("Ann Lee", "PC9992"))
        ),
        "utf-8",
    )
    code, output = run_import(app, no_warrant)
    assert code == 1, output
    assert "the file has no warrant_number column" in output, output
    assert "in no_warrant.csv: nothing was imported" in output
    # JSON lines: a key no line has is missing from the export the same way.
    jsonl = tmp_path / "roster.jsonl"
    jsonl.write_text(json.dumps({"name": "John Smith", "collar_number": "PC9991"}) + "\n")
    code, output = run_import(app, jsonl)
    assert code == 1
    assert "the file has no rank, unit, warrant_number keys" in output, output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_row_without_a_name_is_refused_naming_its_line(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    path = write_roster(tmp_path, [ROSTER[0], ",Police Constable,Hackney CID,PC9998,W100007,,,"])
    code, output = run_import(app, path)
    assert code == 1, output
    assert "line 3: no name" in output
    jsonl = tmp_path / "roster.jsonl"
    lines = [
        {
            "name": "Grace Fitzgerald",
            "rank": "PS",
            "unit": "",
            "collar_number": "2201PD",
            "warrant_number": "1234567",
        },
        {
            "name": " ",
            "rank": "PC",
            "unit": "",
            "collar_number": "PC9998",
            "warrant_number": "W100007",
        },
    ]
    jsonl.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    code, output = run_import(app, jsonl)
    assert code == 1 and "line 2: no name" in output, output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_json_line_that_is_not_an_object_is_named_as_such_not_echoed(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    path = tmp_path / "roster.jsonl"
    path.write_text('{"name": "Grace Fitzgerald"}\n"Sarah Andreou"\n[1, 2]\n', "utf-8")
    code, output = run_import(app, path)
    assert code != 0
    assert "line 2: each entry must be an object" in output
    assert "line 3: each entry must be an object" in output
    assert "Sarah Andreou" not in output  # the line's text is not printed as a problem
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_json_line_with_a_key_candour_does_not_know_is_refused(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """Only CSV headings were checked: a misspelt JSON key dropped that field without a word."""
    path = tmp_path / "roster.jsonl"
    lines = [
        {"name": "Grace Fitzgerald", "warrant_number": "W7654321"},
        {"name": "Sarah Andreou", "warrant_numbr": "W77"},
        {"name": "Gaz Morris", "shoulder_number": "1234"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    code, output = run_import(app, path)
    assert code != 0
    assert "line 2: a key Candour does not know: 'warrant_numbr'" in output, output
    assert "line 3: a key Candour does not know: 'shoulder_number'" in output
    assert "line 1" not in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_file_excel_saved_in_another_encoding_or_with_tabs_says_how_to_save_it(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    windows = tmp_path / "windows.csv"
    windows.write_bytes("name,unit\nJos\u00e9 Smith,Response\n".encode("cp1252"))
    code, output = run_import(app, windows)
    assert code != 0 and "windows.csv is not UTF-8 text: save it as UTF-8" in output, output
    assert "CSV UTF-8" in output
    tabs = tmp_path / "tabs.csv"
    tabs.write_text("name\tunit\nJohn Smith\tResponse\n", "utf-8")
    code, output = run_import(app, tabs)
    assert code != 0 and "separated by tabs" in output, output
    semicolons = tmp_path / "semicolons.csv"
    semicolons.write_text("name;unit\nJohn Smith;Response\n", "utf-8")
    code, output = run_import(app, semicolons)
    # It said "the first row must name the columns, including name", which it does.
    assert code != 0 and "separated by semicolons: save it as CSV, with commas" in output, output
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    code, output = run_import(app, empty)
    assert code != 0 and "the file is empty" in output, output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_quote_never_closed_or_a_value_too_long_is_named_not_a_traceback(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """An unclosed quotation mark took the rest of the file into one person's name (imported
    as one person, everyone after it kept as a leaver); a value over the csv module's limit, or
    JSON nested thousands deep, stopped the command with a traceback."""
    unclosed = write_roster(tmp_path, [ROSTER[0], '"MORRIS, Gareth,PC,,,,,,', ROSTER[1]])
    code, output = run_import(app, unclosed)
    assert code == 1 and "line 3: not readable as CSV from here" in output, output
    assert "a value that starts with a quotation mark must end with one" in output
    huge = write_roster(tmp_path, [ROSTER[0], "A" * 200_000 + ",PC,,,,,,"], "huge.csv")
    code, output = run_import(app, huge)
    assert code == 1 and "line 3: not readable as CSV from here" in output, output
    nested = tmp_path / "nested.jsonl"
    nested.write_text('{"name": "Grace Fitzgerald"}\n' + "[" * 100_000 + "\n", "utf-8")
    code, output = run_import(app, nested)
    assert code == 1 and "line 2: not valid JSON (nested too deeply)" in output, output
    assert "Traceback" not in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_two_rows_for_one_person_are_named_by_their_lines(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    twice = '"FITZGERALD, G",PS,Parliamentary and Diplomatic Protection,2201PD,1234567,,,'
    staff = '"LEE, Ann",Police staff,Control room,,,,,'
    path = write_roster(tmp_path, [ROSTER[0], staff, ROSTER[1], twice, staff])
    code, output = run_import(app, path)
    assert code != 0
    assert "line 5: the same warrant number as line 2" in output
    assert "line 6: the same name, shoulder number and unit, and no warrant number as line 3" in (
        output
    )
    assert "2 problems in roster.csv" in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_a_warrant_number_that_cannot_be_read_is_refused_not_dropped(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """A warrant number of fewer than 4 digits ("ABC", "555") was dropped without a word: two
    people given one such number were both imported, keyed by name instead, and two rows for one
    person with different such numbers were refused as having "the same warrant number"."""
    path = write_roster(
        tmp_path,
        [
            '"ONE, Anne",PC,North West BCU,1NW,ABC,,,',
            '"ONE, Anne",PC,North West BCU,1NW,XYZ,,,',
            '"TWO, Bob",PC,North West BCU,2NW,555,,,',
            ROSTER[0],
        ],
    )
    code, output = run_import(app, path)
    assert code == 1
    assert "line 2: the warrant number 'ABC' has fewer than 4 digits" in output
    assert "line 3: the warrant number 'XYZ' has fewer than 4 digits" in output
    assert "line 4: the warrant number '555' has fewer than 4 digits" in output
    assert "the same warrant number" not in output
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 0


def test_an_import_is_sealed_audited_and_keeps_leavers(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    code, output = run_import(app, write_roster(tmp_path, ROSTER))
    assert code == 0, output
    assert "Roster version 1: 5 listed (5 new, 0 listed before)" in output
    assert "flask triage relink" not in output  # nobody is named yet: nothing to resolve again
    for table in ("roster_person", "roster_token"):
        dump = repr(db.session.execute(text(f"SELECT * FROM {table}")).all()).lower()  # noqa: S608
        for word in ("fitzgerald", "grace", "2201", "1234567", "diplomatic", "andreou"):
            assert word not in dump
    # A re-import without Gary Fitzgerald keeps him, marked as left, with his tokens.
    code, output = run_import(app, write_roster(tmp_path, [ROSTER[0], *ROSTER[2:]], "v2.csv"))
    assert code == 0, output
    # The same people again are "listed before", not "updated": nothing says they changed.
    assert "4 listed (0 new, 4 listed before); 1 no longer listed" in output
    left = db.session.scalars(select(RosterPerson).where(RosterPerson.left_on.is_not(None))).all()
    assert len(left) == 1
    assert db.session.scalar(
        select(func.count()).select_from(RosterToken).where(RosterToken.person_id == left[0].id)
    )
    entry = open_entry(db.session, left[0].person_token.hex(), team.keys)
    assert entry is not None and entry.name == "FITZGERALD, Gary" and entry.leaving_date
    actions = db.session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "roster_imported")
    ).all()
    assert len(actions) == 2 and "1 no longer listed" in actions[1]


def test_variants_of_one_officer_join_through_the_roster_and_namesakes_stay_apart(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    grace = [
        {"name": "G Fitzgerald", "unit": "PaDP"},
        {"name": "Grace Fitzgerrald", "unit": "Parliamentary & Diplomatic Protection"},
        {"name": "Sgt G Fitzgerald", "unit": "Diplomatic Protection"},
    ]
    for person in grace:
        submit_report(client, people=[person])
    submit_report(client, people=[{"name": "Gary Fitzgerald", "unit": "TSG"}])
    first, second, third, gary = clusters(sent_reports())
    assert first == second == third
    assert gary != first


def test_two_people_of_one_name_on_the_roster_are_never_joined(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    submit_report(client, people=[{"name": "Sarah Andreou", "collar_number": "8186 NE"}])
    submit_report(client, people=[{"name": "Sarah Andreou", "collar_number": "9001NW"}])
    submit_report(client, people=[{"name": "DC Sarah Andreou", "unit": "North West BCU"}])
    east, west, detective = clusters(sent_reports())
    assert east != west
    assert detective == west


def test_resolution_reads_a_two_word_name_both_ways() -> None:
    secret = secrets.token_bytes(32)
    entries = [RosterEntry(name="ROBERTSON, Jennifer", unit="Central South BCU")]
    index = RosterIndex.build([*entries, RosterEntry(name="JEN, Abel")], secret)
    subject = SubjectInput(name="Robertson Jen")
    readings = [tokenise(subject_keys(s), secret) for s in name_orders(subject)]
    assert len(readings) == 2
    resolution = resolve(readings, index)
    assert resolution.person is not None
    assert resolution.person == RosterIndex.build(entries, secret).tokens_of.popitem()[0]


def test_a_name_read_both_ways_resolves_to_the_reading_that_fits_far_better() -> None:
    # "Inspector Richardson Lee" read as written fits a Richard Lee a little (a first name one
    # letter off, another grade); read the other way round it is the one Inspector Lee
    # Richardson. Two readings each fitting someone must not leave it unresolved.
    entries = [
        RosterEntry(name="RICHARDSON, Lee", rank="Insp", unit="Parliamentary and Diplomatic"),
        RosterEntry(name="RICHARDSON, Laura", rank="PC", unit="Territorial Support Group"),
        RosterEntry(name="LEE, Richard Jonathan", rank="DS", unit="West Area BCU - CID"),
    ]
    mention = SubjectInput(name="Inspector Richardson Lee")
    assert resolved(entries, mention) == "RICHARDSON, Lee"
    # Where both readings fit someone equally well, the name as written wins, as before.
    twins = [
        RosterEntry(name="GRANT, Ellis", rank="PC"),
        RosterEntry(name="ELLIS, Grant", rank="PC"),
    ]
    assert resolved(twins, SubjectInput(name="PC Grant Ellis")) == "ELLIS, Grant"


def test_a_warrant_number_with_two_digits_swapped_still_finds_its_person() -> None:
    secret = secrets.token_bytes(32)
    dunford = RosterEntry(name="DUNFORD, James", warrant_number="1723410", unit="TSG")
    index = RosterIndex.build([dunford, RosterEntry(name="DUNFORD, Peter", unit="CID")], secret)
    swapped = SubjectInput(name="James Dunford", warrant_number="1724310")
    resolution = resolve([tokenise(subject_keys(swapped), secret)], index)
    assert resolution.person == RosterIndex.build([dunford], secret).tokens_of.popitem()[0]
    # Further apart than one swap, the numbers say it is nobody on the list.
    wrong = SubjectInput(name="James Dunford", warrant_number="1725410")
    assert not resolve([tokenise(subject_keys(wrong), secret)], index).consistent


def test_a_vague_mention_is_not_resolved_but_records_who_it_could_be() -> None:
    secret = secrets.token_bytes(32)
    index = RosterIndex.build(
        [RosterEntry(name="SMITH, John", unit="TSG"), RosterEntry(name="SMITH, James", unit="CID")],
        secret,
    )
    resolution = resolve([tokenise(subject_keys(SubjectInput(name="PC Smith")), secret)], index)
    assert resolution.person is None
    assert len(resolution.consistent) == 2
    assert {kind for kind, _ in resolution.tokens()} == {"maybe"}


def test_the_offline_command_takes_a_roster(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    reports = tmp_path / "reports.jsonl"
    lines = [
        {
            "id": "a",
            "received_date": "2025-01-01",
            "subjects": [{"name": "Sarah Andreou", "collar_number": "8186NE"}],
        },
        {
            "id": "b",
            "received_date": "2025-02-01",
            "subjects": [{"name": "Sarah Andreou", "collar_number": "9001NW"}],
        },
        {
            "id": "c",
            "received_date": "2025-03-01",
            "subjects": [{"name": "officer Sarah Andreou", "unit": "East Area BCU"}],
        },
    ]
    reports.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    roster = tmp_path / "roster.jsonl"
    roster.write_text(
        "\n".join(
            json.dumps(e)
            for e in [
                {"name": "Sarah Andreou", "collar_number": "8186NE", "unit": "East Area BCU"},
                {"name": "Sarah Andreou", "collar_number": "9001NW", "unit": "North West BCU"},
            ]
        )
        + "\n"
    )
    assert triage_main(["match", str(reports), "--roster", str(roster)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    a, b, c = (row["subject_clusters"][0] for row in rows)
    assert a != b and c == a
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"rank": "PC"}\n')
    assert triage_main(["match", str(reports), "--roster", str(bad)]) == 2
    assert "roster line 1: an entry needs a name" in capsys.readouterr().err
    # Without the roster the command still runs, as before.
    run = run_match(read_reports(lines_of(reports)), roster=None)
    assert len(run.refs) == 3
    assert read_roster(lines_of(roster))[0].collar_number == "8186NE"


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines()


def test_the_case_and_subject_pages_show_the_roster_person_a_cluster_resolved_to(
    app: Flask, client: FlaskClient, team: Team, tmp_path: Path
) -> None:
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    submit_report(client, people=[{"name": "G Fitzgerald", "unit": "PaDP"}])
    submit_report(client, people=[{"name": "Grace Fitzgerrald", "collar_number": "2201 PD"}])
    first, _ = sent_reports()
    cluster = clusters([first])[0]
    staff = app.test_client()
    sign_in_directly(staff, team.lead, team.keys)
    page = staff.get(f"/team/subjects/{cluster}?case={first.reference}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    roster = words(html[html.index('id="roster-people"') :])
    assert "FITZGERALD, Grace" in roster and "Shoulder number 2201PD" in roster
    assert "2 mentions here resolved to this person" in roster
    case = staff.get(f"/team/cases/{first.reference}").get_data(as_text=True)
    here = words(case[case.index('id="roster-here"') :])
    assert "Person 1: FITZGERALD, Grace, PS, Parliamentary and Diplomatic Protection" in here
    # Why: what this reporter wrote ("G Fitzgerald", "PaDP") against the entry, in words.
    agrees = "What the reporter wrote agrees with the roster: same surname and first initial"
    assert agrees in here and "same unit or area" in here


def resolved(entries: list[RosterEntry], subject: SubjectInput) -> str | None:
    """The name of the roster entry a mention resolves to, or None."""
    secret = secrets.token_bytes(32)
    index = RosterIndex.build(entries, secret)
    person_of = {token_for(person_key(e), secret): e.name for e in entries}
    resolution = resolve([tokenise(k, secret) for k in roster_readings(subject)], index)
    return person_of[resolution.person] if resolution.person else None


def test_a_first_name_alone_resolves_when_one_person_of_that_name_works_there() -> None:
    entries = [
        RosterEntry(name="OZDAG, Emma", rank="PS", unit="Central South BCU - Response"),
        RosterEntry(name="CLARK, Emma", rank="PC", unit="West Area BCU - Response"),
        RosterEntry(name="EMMANUEL, Kofi", rank="PC", unit="Central South BCU - Response"),
    ]
    emma = SubjectInput(name="Sergeant emma", unit="Brixton the response team")
    assert resolved(entries, emma) == "OZDAG, Emma"
    # Without the unit, two Emmas fit: nobody is chosen.
    assert resolved(entries, SubjectInput(name="Emma")) is None


HENRYS = [
    RosterEntry(name="HENRY, Paul", rank="PC", unit="South East BCU - Lewisham - Response Team 4"),
    RosterEntry(name="HENRY, Paul", rank="PC", unit="South East BCU - Lewisham - Response Team 1"),
]


def test_a_numbered_team_tells_two_namesakes_of_one_unit_apart() -> None:
    # The same name, grade, BCU and kind of work: only the team number differs.
    for unit, team in (("response team 4", "4"), ("Lewisham team 1", "1"), ("Team No. 4", "4")):
        mention = SubjectInput(name="Paul Henry", rank="PC", unit=unit)
        assert resolved(HENRYS, mention) == "HENRY, Paul", unit
        secret = secrets.token_bytes(32)
        index = RosterIndex.build(HENRYS, secret)
        resolution = resolve([tokenise(k, secret) for k in roster_readings(mention)], index)
        unit_of = {token_for(person_key(e), secret): e.unit for e in HENRYS}
        assert unit_of[resolution.person].endswith(team)  # type: ignore[index]
    # The case page says why: the team is among what agrees, and differs from the other's.
    mention = SubjectInput(name="Paul Henry", rank="PC", unit="response team 4")
    assert "same numbered team" in roster_fit(mention, HENRYS[0])
    assert "different numbered teams" in roster_fit(mention, HENRYS[1])
    # Without a team, or with one neither has, either could be meant.
    for unit in ("Lewisham response", "response team 7", None):
        assert resolved(HENRYS, SubjectInput(name="Paul Henry", rank="PC", unit=unit)) is None


def test_a_town_or_station_tells_two_namesakes_of_one_bcu_apart() -> None:
    entries = [
        RosterEntry(name="BAKER, David", rank="PC", unit=f"CS BCU - {place} - Response")
        for place in ("Southwark", "Lambeth")
    ]
    secret = secrets.token_bytes(32)
    index = RosterIndex.build(entries, secret)
    unit_of = {token_for(person_key(e), secret): e.unit for e in entries}
    for unit, borough in (("Walworth police station", "Southwark"), ("Brixton", "Lambeth")):
        mention = SubjectInput(name="Dave Baker", rank="PC", unit=unit)
        resolution = resolve([tokenise(k, secret) for k in roster_readings(mention)], index)
        assert resolution.person is not None, unit
        assert borough in unit_of[resolution.person], unit  # type: ignore[operator]
    assert "same borough" in roster_fit(SubjectInput(name="Dave Baker", unit="Brixton"), entries[1])
    # The BCU alone fits both.
    assert resolved(entries, SubjectInput(name="Dave Baker", rank="PC", unit="CS BCU")) is None


def test_half_a_double_barrelled_surname_finds_the_person() -> None:
    entries = [
        RosterEntry(name="TAYLOR-BROWN, Claire", unit="Central West BCU", collar_number="3083CW"),
        RosterEntry(name="BROWN, Carl", unit="Central West BCU", collar_number="4120CW"),
    ]
    mention = SubjectInput(name="Claire Brown", collar_number="3083cw")
    assert resolved(entries, mention) == "TAYLOR-BROWN, Claire"


def test_a_grade_that_differs_counts_strongly_against_a_roster_person() -> None:
    entries = [
        RosterEntry(name="JONES, Edward", rank="DS", unit="Central North BCU - CID"),
        RosterEntry(name="JONES, Mark", rank="PC", unit="Central North BCU - Response"),
    ]
    assert resolved(entries, SubjectInput(name="Jones", rank="my skipper", unit="CN BCU")) == (
        "JONES, Edward"
    )


ADDOS = [
    RosterEntry(name="ADDO, Gary", rank="PS", unit="South East BCU"),
    RosterEntry(name="ADDO, Andrew", rank="PS", unit="West Area BCU"),
    *(RosterEntry(name=f"ADDO, {given}", rank="PC") for given in ("Matthew", "Sarah", "Robert")),
]


def test_a_vague_mention_records_the_people_of_its_grade_as_likely() -> None:
    secret = secrets.token_bytes(32)
    index = RosterIndex.build(ADDOS, secret)
    sergeants = {token_for(person_key(e), secret)[1] for e in ADDOS[:2]}
    mention = tokenise(subject_keys(SubjectInput(name="Addo", rank="Skipper")), secret)
    resolution = resolve([mention], index)
    assert resolution.person is None
    assert len(resolution.consistent) == 5
    tokens = resolution.tokens()
    assert {v for k, v in tokens if k == "likely"} == sergeants
    assert len({v for k, v in tokens if k == "maybe"}) == 5


def test_a_surname_written_exactly_is_likely_its_holder_not_a_sound_alike() -> None:
    secret = secrets.token_bytes(32)
    entries = [
        RosterEntry(name="RADWORTH, Katarzyna", rank="DC", unit="Central West BCU - Response"),
        RosterEntry(name="REDWORTH, Paul", rank="PC", unit="South East BCU"),
    ]
    index = RosterIndex.build(entries, secret)
    radworth = token_for(person_key(entries[0]), secret)[1]
    resolution = resolve([tokenise(subject_keys(SubjectInput(name="Radworth")), secret)], index)
    tokens = resolution.tokens()
    # Either could still be meant (a typo), but only the exact holder is likely.
    assert len({v for k, v in tokens if k == "maybe"}) == 2
    assert {v for k, v in tokens if k == "likely"} == {radworth}


def test_a_link_competes_only_with_the_likely_people_when_the_grade_fits() -> None:
    secret = secrets.token_bytes(32)
    index = RosterIndex.build(ADDOS, secret)

    def described(subject: SubjectInput) -> set[tuple[str, str]]:
        tokens = tokenise(subject_keys(subject), secret)
        return tokens | resolve([tokens], index).tokens()

    vague = described(SubjectInput(name="Addo", rank="Skipper"))
    gary = described(SubjectInput(name="Gary Addo", rank="PS"))
    matthew = described(SubjectInput(name="Matthew Addo", rank="PC"))
    # Against Gary, the other sergeant is the only rival; against a constable (the grade
    # written wrongly), every other Addo is.
    assert rivals_of(fits_of(vague), [fits_of(gary)]) == RosterRivals(1.0, narrowed=True)
    assert rivals_of(fits_of(vague), [fits_of(matthew)]) == RosterRivals(4.0)
    # Without likely people on either side, nothing is narrowed.
    plain = {t for t in vague if t[0] != "likely"}
    assert rivals_of(fits_of(plain), [fits_of(gary)]) == RosterRivals(4.0)


def test_a_vague_mention_joins_the_one_of_few_namesakes_named_again_and_again() -> None:
    # Three constables called Addo; Gary has been named in seven reports. "PC Addo" could be
    # any of the three, but a person named that often is far likelier than either namesake.
    constables = [RosterEntry(name=f"ADDO, {g}", rank="PC") for g in ("Gary", "Matthew", "Robert")]
    lines = [
        {"id": f"r{i}", "received_date": "2025-01-01", "subjects": [{"name": "Gary Addo"}]}
        for i in range(7)
    ]
    lines.append({"id": "vague", "received_date": "2025-02-01", "subjects": [{"name": "PC Addo"}]})
    run = run_match(read_reports(json.dumps(line) for line in lines), roster=constables)
    assert len({run.clusters_of(line["id"])[0] for line in lines}) == 1
    # Named twice, Gary is not yet enough to outweigh two namesakes.
    run = run_match(read_reports(json.dumps(line) for line in lines[5:]), roster=constables)
    assert run.clusters_of("vague") != run.clusters_of("r5")


def test_an_earlier_vague_mention_that_may_be_the_same_person_is_no_rival() -> None:
    # An earlier "PC Addo" may be Gary himself: it must not count against joining Gary.
    constables = [RosterEntry(name=f"ADDO, {g}", rank="PC") for g in ("Gary", "Matthew", "Robert")]
    lines = [{"id": "early", "received_date": "2024-12-01", "subjects": [{"name": "PC Addo"}]}]
    lines += [
        {"id": f"r{i}", "received_date": "2025-01-01", "subjects": [{"name": "Gary Addo"}]}
        for i in range(7)
    ]
    lines.append({"id": "vague", "received_date": "2025-02-01", "subjects": [{"name": "PC Addo"}]})
    run = run_match(read_reports(json.dumps(line) for line in lines), roster=constables)
    assert run.clusters_of("vague") == run.clusters_of("r0")


def test_a_dry_run_says_what_would_change_and_stores_nothing(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    staff = '"LEE, Ann",Police staff,Control room,,,,,'
    smaller = write_roster(tmp_path, [*ROSTER[:3], staff], "smaller.csv")
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry))

    result = app.test_cli_runner().invoke(args=["roster", "import", "--dry-run", str(smaller)])

    assert result.exit_code == 0, result.output
    assert (
        "smaller.csv would list 4 people (1 new, 3 listed before); 2 of the 5 listed now "
        "would be kept as leavers." in result.output
    )
    assert "Nothing stored (--dry-run)." in result.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(RosterPerson)) == 5
    assert db.session.scalars(select(RosterPerson.left_on)).all() == [None] * 5
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited


def test_an_import_making_most_of_the_roster_leavers_needs_allow_many_leavers(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """One small file turned a whole roster into leavers with no check."""
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    small = write_roster(tmp_path, ROSTER[:2], "small.csv")  # three of five would leave

    code, output = run_import(app, small)

    assert code == 1
    assert "small.csv would make 3 of the 5 people listed now leavers, more than half" in output
    assert "`flask roster import --dry-run small.csv`" in output
    db.session.expire_all()
    assert db.session.scalars(select(RosterPerson.left_on)).all() == [None] * 5
    dry = app.test_cli_runner().invoke(args=["roster", "import", "--dry-run", str(small)])
    assert "importing it needs --allow-many-leavers" in dry.output
    allowed = app.test_cli_runner().invoke(
        args=["roster", "import", "--allow-many-leavers", str(small)]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "3 no longer listed, kept as leavers" in allowed.output
    # All five again, then two of five leaving: not more than half, imported as before.
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    code, output = run_import(app, write_roster(tmp_path, ROSTER[:3], "most.csv"))
    assert code == 0 and "2 no longer listed, kept as leavers" in output, output


def test_many_leavers_says_why_it_matters_and_names_a_changed_warrant_column(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """The refusal said only "would make 4 of the 4… leavers": not that they would be listed
    twice, nor that the same names under new warrant numbers point at the warrant column."""
    assert run_import(app, write_roster(tmp_path, ROSTER))[0] == 0
    renumbered = [
        row.replace(",1234567,", ",9234567,")
        .replace(",2345678,", ",9345678,")
        .replace(",3456789,", ",9456789,")
        .replace(",4567890,", ",9567890,")
        .replace(",5678901,", ",9678901,")
        for row in ROSTER
    ]
    code, output = run_import(app, write_roster(tmp_path, renumbered, "renumbered.csv"))
    assert code == 1
    said = words(output)
    assert "would make 5 of the 5 people listed now leavers" in said
    assert "on the roster twice, once as a leaver and once as new" in said
    assert "5 of the 5 people new to the roster have the name of someone who would leave" in said
    assert "the same people with different warrant numbers" in said
    # People who really are new are not said to be renamed.
    others = [f'"NEW, Person{n}",PC,Response,{n}00NE,{n}111111,,,' for n in range(1, 6)]
    code, output = run_import(app, write_roster(tmp_path, others, "others.csv"))
    assert code == 1 and "on the roster twice" in words(output)
    assert "have the name of someone who would leave" not in words(output)
    db.session.expire_all()
    assert db.session.scalars(select(RosterPerson.left_on)).all() == [None] * 5


def test_a_reimport_deletes_and_writes_tokens_a_batch_of_people_at_a_time(
    app: Flask, team: Team
) -> None:
    """Re-importing the same people (the usual case: every HR export) deleted each person's
    tokens with a statement of its own, which SQLite read through the force's index, every
    token of the roster each time: 20,000 people took half an hour, the database locked and
    reporters got "briefly unavailable". Now a statement deletes 500 people's tokens and one
    writes their new ones (one a person made 50,000 people take minutes on PostgreSQL), and the
    people listed again keep exactly their tokens."""
    from datetime import date

    from sqlalchemy import event

    from triage.matching.roster_store import BATCH, import_roster

    secret = app.config["CANDOUR_SECRETS"].matching_key
    entries = [
        RosterEntry(
            name=f"OFFICER{n}, Sam", rank="PC", collar_number=f"{n:04d}", warrant_number=f"9{n:06d}"
        )
        for n in range(BATCH + 1)
    ]
    import_roster(db.session, entries, secret, date(2026, 12, 1))
    before = db.session.execute(select(RosterToken.person_id, RosterToken.kind, RosterToken.token))
    tokens = sorted(before.all())
    deletes: list[str] = []
    inserts: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("DELETE FROM ROSTER_TOKEN"):
            deletes.append(statement)
        if statement.lstrip().upper().startswith("INSERT INTO ROSTER_TOKEN"):
            inserts.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = import_roster(db.session, entries, secret, date(2026, 12, 2))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (result.added, result.updated, result.left) == (0, BATCH + 1, 0)
    assert len(deletes) == 2  # 501 people: a batch of 500 and one of 1
    assert len(inserts) == 2  # their new tokens too, not a statement a person
    after = db.session.execute(select(RosterToken.person_id, RosterToken.kind, RosterToken.token))
    assert sorted(after.all()) == tokens


def test_a_name_in_two_columns_or_a_json_array_says_what_to_do(
    app: Flask, team: Team, tmp_path: Path
) -> None:
    """Two layouts HR systems export: forename and surname apart, and a JSON array. Each was
    refused with words that did not say what was wrong ("not valid JSON" for valid JSON)."""
    split = tmp_path / "hr.csv"
    split.write_text(
        "Forename,Surname,Rank,Unit,Collar Number,Warrant Number\n"
        "Grace,FITZGERALD,PS,Parliamentary and Diplomatic Protection,2201PD,1234567\n",
        encoding="utf-8",
    )
    code, output = run_import(app, split)
    assert code == 1
    assert "the name is in two columns: put each person's whole name in one column" in output
    assert "the columns Candour reads: name, rank" in output
    array = tmp_path / "roster.json"
    array.write_text(
        '[{"name": "FITZGERALD, Grace", "rank": "PS", "unit": "PaDP",\n'
        '  "collar_number": "2201PD", "warrant_number": "1234567"}]\n',
        encoding="utf-8",
    )
    code, output = run_import(app, array)
    assert code == 1
    assert "the file is one JSON array: Candour reads JSON lines" in output
    assert "not valid JSON" not in output
    assert db.session.scalars(select(RosterPerson)).first() is None
