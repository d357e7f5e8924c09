"""The benchmark scripts still run against the real tables (they are not timed here: only that a
small run completes and prints its figures, so a schema or API change cannot break them unseen)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from benchmarks import (
    match_benchmark,
    national_benchmark,
    national_matching,
    queue_benchmark,
    relink_benchmark,
)
from triage.matching.sql_store import SqlSubjectStore


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_match_benchmark_runs(
    backend: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    if backend == "postgresql":
        request.getfixturevalue("postgres_schema")  # fails in CI, skips locally, without a server
    assert (
        match_benchmark.main(
            [
                *("--sizes", "300,600", "--backend", backend, "--new", "10"),
                *("--memory-runs", "2", "--rounds", "2"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert f"{backend}: p50 at 600 is" in out and "process max RSS" in out
    # The server settings the figures depend on are printed with them.
    assert ("postgresql: shared_buffers" in out) == (backend == "postgresql")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_relink_benchmark_runs(
    backend: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    if backend == "postgresql":
        request.getfixturevalue("postgres_schema")
    args = ["--sizes", "300", "--backend", backend, "--roster", "300", "--new", "10"]
    assert relink_benchmark.main(args) == 0
    row = capsys.readouterr().out.splitlines()[-1].split()
    assert row[0] == "300" and int(row[1].replace(",", "")) > 200  # reports, then subjects


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_queue_benchmark_runs(
    backend: str, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    if backend == "postgresql":
        request.getfixturevalue("postgres_schema")
    assert (
        queue_benchmark.main(
            ["--cases", "300", "--matches", "20", "--backend", backend, "--repeats", "1"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "possible-match filter: median" in out and f"{backend}: 300 cases" in out


def test_the_national_benchmark_runs(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    request.getfixturevalue("postgres_schema")  # PostgreSQL only: it times the row policies
    schema = f"candour_national_bench_{os.getpid()}"
    try:
        arguments = ["--reports", "860", "--repeats", "1", "--schema", schema]
        assert national_benchmark.main([*arguments, "--fresh"]) == 0
        assert national_benchmark.main(arguments) == 0  # the loaded schema is used again
    finally:
        national_benchmark.drop_schema(schema)
    out = capsys.readouterr().out
    assert out.count("Loading 860 reports") == 1
    assert "national oversight page, counted live" in out and "queue page, largest force" in out
    assert "national oversight page, from kept counts" in out and "nightly refresh" in out
    assert "queue, possible-match filter, largest" in out


def test_the_national_matching_benchmark_runs(
    request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    request.getfixturevalue("postgres_schema")  # PostgreSQL only: it times the row policies
    schema = f"candour_national_match_bench_{os.getpid()}"
    try:
        arguments = ["--reports", "860", "--roster", "1700", "--new", "3", "--schema", schema]
        assert national_matching.main([*arguments, "--fresh", "--relink"]) == 0
    finally:
        national_benchmark.drop_schema(schema)
    out = capsys.readouterr().out
    assert "largest force (190 reports, 351 on its roster): p50" in out
    assert "middle-sized force" in out and "relink of all forces" in out and "(exit 0)" in out


def test_the_match_benchmark_schema_answers_every_store_query() -> None:
    # A small run may never merge clusters, so call each lookup the live store can make.
    engine = create_engine("sqlite://")
    match_benchmark.bench_metadata().create_all(engine)
    with Session(engine) as session:
        store = SqlSubjectStore(session)
        token = ("surname", "00" * 32)
        assert store.candidates({("surname_fuzzy", "00" * 32)}) == set()
        assert store.count(token, 10) == 0
        assert store.judged_apart("c1", "c2") is False
