"""Every writer of a field the oversight figures read as at the end of last month keeps the
fields as they stood first (``Report.keep_figures_before_change``).

Five functions change a case's decision, outcome, close or subject's ethnic group, and each
calls it by hand; a sixth that forgot would move figures already shown on the day it was used,
and an oversight member reloading daily would see that day. No test of behaviour can know about
a writer not yet written, so this one reads the code: any assignment to those fields in
``intake/`` or ``triage/`` (or a bulk ``update(...).values(...)`` naming one) must follow a call
to ``keep_figures_before_change`` in the same function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from intake.models import Report

ROOT = Path(__file__).resolve().parent.parent
# The fields ``keep_figures_before_change`` copies, as the model names them.
KEPT = {
    "case_decision": "before_decision",
    "outcome": "before_outcome",
    "outcome_on": "before_outcome_on",
    "closed_on": "before_closed_on",
    "subject_ethnicity": "before_subject_ethnicity",
}


def _written(node: ast.AST) -> list[int]:
    """Lines in ``node`` that assign one of the kept fields."""
    lines = []
    for child in ast.walk(node):
        if isinstance(child, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            for target in targets:
                # ``a.closed_on = …`` or ``a.stage, a.closed_on = …``; not ``form.outcome.data = …``
                parts = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(isinstance(p, ast.Attribute) and p.attr in KEPT for p in parts):
                    lines.append(child.lineno)
        elif (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and child.func.attr == "values"
            and any(keyword.arg in KEPT for keyword in child.keywords)
        ):
            lines.append(child.lineno)
    return lines


def _kept(node: ast.AST) -> list[int]:
    return [
        child.lineno
        for child in ast.walk(node)
        if isinstance(child, ast.Call)
        and isinstance(child.func, ast.Attribute)
        and child.func.attr == "keep_figures_before_change"
    ]


def unkept_writes(source: str, name: str) -> list[str]:
    """``name:line function`` for each write of a kept field with no call to
    ``keep_figures_before_change`` before it in its function."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if node.name == "keep_figures_before_change":
            continue
        kept = _kept(node)
        for line in _written(node):
            if not any(k <= line for k in kept):
                found.append(f"{name}:{line} {node.name}")
    return sorted(set(found))


def test_every_writer_of_a_kept_field_keeps_the_figures_first() -> None:
    found = []
    for package in ("intake", "triage"):
        for path in sorted((ROOT / package).rglob("*.py")):
            found += unkept_writes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_the_scan_finds_a_writer_that_forgot() -> None:
    """The scan itself works: a function closing a case without keeping, or keeping only after,
    is named; one keeping first is not."""
    source = """
def close_quietly(report):
    report.stage, report.closed_on = "closed", today

def keep_too_late(report):
    report.outcome = "nfa"
    report.keep_figures_before_change(today)

def bulk(session):
    session.execute(update(Report).values(case_decision=None))

def fine(report):
    report.keep_figures_before_change(today)
    report.closed_on = None
"""
    assert unkept_writes(source, "x.py") == [
        "x.py:10 bulk",
        "x.py:3 close_quietly",
        "x.py:6 keep_too_late",
    ]


def test_the_kept_fields_are_those_the_model_keeps() -> None:
    """The list here and the model's ``before_*`` columns are the same five."""
    columns = {column.name for column in Report.__table__.columns}
    assert {name for name in columns if name.startswith("before_")} == set(KEPT.values())
    assert set(KEPT) <= columns
