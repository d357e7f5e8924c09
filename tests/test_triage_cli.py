"""``python -m triage match|patterns`` over a small JSON-lines file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triage", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, reports: list[dict[str, Any]]) -> Path:
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    return path


REPORTS: list[dict[str, Any]] = [
    {
        "id": "r1",
        "categories": ["sexism_misogyny"],
        "incident_date": "2018-03",
        "received_date": "2018-04-02",
        "affected": ["junior_colleague"],
        "narrative": "comments about my appearance",
        "subjects": [{"name": "PC Jon Smyth", "collar_number": "pc 1234 ab", "unit": "CW BCU"}],
    },
    {
        "id": "r2",
        "categories": ["bullying"],
        "received_date": "2019-01-10",
        "subjects": [],
        "narrative": "I don't know who",
    },
    {
        "id": "r3",
        "categories": ["sexual_misconduct", "abuse_of_position"],
        "incident_date": "2022-05-01",
        "received_date": "2022-06-01",
        "affected": ["victim_of_crime"],
        "narrative": "He looked up her address on PNC and sexually assaulted her.",
        "subjects": [
            {"name": "Smith, John", "collar_number": "1234AB", "unit": "Central West"},
            {"name": "Mark Patel", "unit": "TSG"},
        ],
    },
    {
        "id": "r4",
        "categories": ["other"],
        "received_date": "2022-07-01",
        "subjects": [{"name": "", "collar_number": "", "warrant_number": ""}],
    },
]


def test_match_prints_one_line_per_report_with_shared_clusters(tmp_path: Path) -> None:
    result = run("match", str(write(tmp_path, REPORTS)))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["r1", "r2", "r3", "r4"]
    clusters = {line["id"]: line["subject_clusters"] for line in lines}
    assert clusters["r2"] == []
    assert clusters["r1"][0] == clusters["r3"][0]
    assert clusters["r3"][1] != clusters["r3"][0]
    assert len(clusters["r4"]) == 1
    assert clusters["r4"][0] not in {clusters["r1"][0], clusters["r3"][1]}


def test_patterns_lists_repeat_clusters_with_reasons(tmp_path: Path) -> None:
    result = run("patterns", str(write(tmp_path, REPORTS)))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    assert rows[0]["report_ids"] == ["r1", "r3"]
    assert rows[0]["risk"] > 50
    assert any("escalated" in reason for reason in rows[0]["reasons"])


def test_malformed_line_names_the_line_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(REPORTS[0]) + "\n{not json\n", encoding="utf-8")
    result = run("match", str(path))
    assert result.returncode == 2
    assert "line 2" in result.stderr
    assert result.stdout == ""


def test_bad_date_names_the_line(tmp_path: Path) -> None:
    bad = dict(REPORTS[1], received_date="last week")
    result = run("patterns", str(write(tmp_path, [REPORTS[0], bad])))
    assert result.returncode == 2
    assert "line 2" in result.stderr and "received_date" in result.stderr


def test_help_works() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "match" in result.stdout and "patterns" in result.stdout


def clusters_by_id(stdout: str) -> dict[str, list[str]]:
    return {line["id"]: line["subject_clusters"] for line in map(json.loads, stdout.splitlines())}


def test_files_saved_by_windows_tools_are_read(tmp_path: Path) -> None:
    """A byte-order mark (Notepad, Excel's "UTF-8" export) and CRLF line ends, on the reports
    and on the roster, are read as the plain files are: every report, the same links."""
    windows = tmp_path / "windows.jsonl"
    windows.write_bytes(
        b"\xef\xbb\xbf" + "".join(json.dumps(r) + "\r\n" for r in REPORTS).encode("utf-8")
    )
    roster = {"name": "Jon Smyth", "collar_number": "1234 AB", "unit": "Central West"}
    roster_file = tmp_path / "roster.jsonl"
    roster_file.write_bytes(b"\xef\xbb\xbf" + (json.dumps(roster) + "\r\n").encode("utf-8"))
    result = run("match", str(windows), "--roster", str(roster_file))
    assert result.returncode == 0, result.stderr
    clusters = clusters_by_id(result.stdout)
    assert list(clusters) == ["r1", "r2", "r3", "r4"]
    assert clusters["r1"][0] == clusters["r3"][0]
    assert clusters["r3"][1] != clusters["r3"][0]
