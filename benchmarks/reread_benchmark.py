"""How long ``flask triage reread`` takes to read N stored reports again, and its memory.

Prints figures; it is not a test. It makes N reports from ``seeds.synthetic``, each sealed to a
team key as intake seals them, with each named person's tokens and cluster link stored as an older
reader made them (every person's tokens as if "Jon One" were written, so every one is replaced),
then runs ``triage.matching.reread.reread``: opening each report, making its people's tokens
again and writing those that differ, and the reports' signals where the units named now hash
differently (``write_signals``). The relink that the command runs afterwards is measured by
``benchmarks.relink_benchmark``. It runs twice: first every person is read differently, then
nobody is (reading alone). Both runs are committed, each on vacuumed tables with fresh statistics.

    .venv/bin/python -m benchmarks.reread_benchmark --reports 20000
    .venv/bin/python -m benchmarks.reread_benchmark --reports 20000 \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/test

On PostgreSQL the benchmark drops and creates every Candour table in that database: give it one
that holds nothing else.
"""

from __future__ import annotations

import argparse
import json
import resource
import secrets
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from benchmarks.match_benchmark import say
from intake.db import db
from intake.models import Report
from intake.sealing import TeamPrivateKey, seal
from intake.tenancy import force_secret
from seeds import synthetic
from triage.matching.reread import RereadResult, reread, write_signals
from triage.matching.tokens import SubjectInput, kept_tokens, tokenised_readings
from triage.models.subjects import SubjectLink, SubjectToken
from triage.team.keys import create_team_key

BATCH = 2_000


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load(n_reports: int, secret: bytes) -> TeamPrivateKey:
    """N sealed reports, their people stored with an older reader's tokens; the team key."""
    key = create_team_key()
    db.session.commit()
    public = key.public_raw()
    stale = kept_tokens(tokenised_readings(SubjectInput(name="Jon One"), secret))
    made = synthetic.generate(n_reports, 7)
    for start in range(0, len(made), BATCH):
        reports, tokens, links = [], [], []
        for raw in made[start : start + BATCH]:
            reference = f"C-{secrets.token_hex(5)}"
            answers = {"people": raw["subjects"], "description": raw["narrative"]}
            content = seal(
                public,
                key.key_id,
                json.dumps(answers).encode(),
                record=f"report:{reference}",
                field="report",
            )
            reports.append(_report(reference, key.key_id, content))
        ids = db.session.scalars(insert(Report).returning(Report.id), reports).all()
        for report_id, raw in zip(ids, made[start : start + BATCH], strict=True):
            for number, _ in enumerate(raw["subjects"], start=1):
                links.append({"report_id": report_id, "subject_no": number, "cluster_id": "c"})
                tokens += [
                    {
                        "report_id": report_id,
                        "subject_no": number,
                        "kind": k,
                        "token": bytes.fromhex(v),
                    }
                    for k, v in stale
                ]
        db.session.execute(insert(SubjectLink), links)
        db.session.execute(insert(SubjectToken), tokens)
        db.session.commit()
        say(f"  loaded {min(start + BATCH, len(made)):,} of {len(made):,} reports")
    return key


def _report(reference: str, key_id: int, content: bytes) -> dict[str, Any]:
    return {
        "reference": reference,
        "receipt_hash": secrets.token_bytes(32),
        "team_key_id": key_id,
        "content": content,
        "reporter_key": b"",
        "received_on": date.today(),
        # As an older reader kept them: no unit hashed, so every report naming a unit changes.
        "pattern_signals": json.dumps({"units": {}}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000, help="how many stored reports")
    parser.add_argument("--database", help="a database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    from wsgi import create_app

    with tempfile.TemporaryDirectory(prefix="candour-reread-") as workdir:
        url = args.database or f"sqlite:///{Path(workdir) / 'reread.db'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CANDOUR_SCRYPT_N": 2**10})
        with app.app_context():
            db.drop_all()
            db.create_all()
            secret = force_secret(app.config["CANDOUR_SECRETS"].matching_key)
            started = time.perf_counter()
            key = load(args.reports, secret)
            say(f"  loaded in {time.perf_counter() - started:.0f} s")
            before = rss_mib()
            # First every person is read differently (after an upgrade that changed the reader);
            # then, run again, nobody is (the cost of reading alone).
            runs = []
            for _ in ("changed", "unchanged"):
                _analyse()  # as a deployment's tables would be: vacuumed and with statistics
                runs.append(_timed(key, secret))
                db.session.commit()
    print(f"backend: {url.split(':', 1)[0]}  reports: {args.reports:,}")
    for (seconds, result), label in zip(runs, ("first run", "second run"), strict=True):
        per_report = seconds / args.reports
        print(
            f"{label}: {result.changed:,} of {result.subjects:,} people and the units in "
            f"{len(result.signals):,} reports read differently; "
            f"{seconds:.1f} s, {1000 * per_report:.2f} ms a report; at that rate 1,000,000 "
            f"reports take {per_report * 1_000_000 / 60:.0f} min"
        )
    print(f"peak memory: {rss_mib():.0f} MiB (before the reread {before:.0f} MiB)")


def _analyse() -> None:
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(
            text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE")
        )


def _timed(key: TeamPrivateKey, secret: bytes) -> tuple[float, RereadResult]:
    started = time.perf_counter()
    result = reread(
        db.session,
        {key.key_id: key},
        secret,
        lambda done, total: say(f"  read {done:,} of {total:,}"),
    )
    write_signals(db.session, result.signals)
    return time.perf_counter() - started, result


if __name__ == "__main__":
    main()
