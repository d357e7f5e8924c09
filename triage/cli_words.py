"""Counts in words for the operator's commands (shared by ``triage.cli`` and the force commands)."""

from __future__ import annotations


def counted(number: int, one: str, many: str | None = None) -> str:
    """ "1 person", "3 people": a count in words for the operator's commands."""
    return f"{number} {one if number == 1 else many or one + 's'}"
