"""Day arithmetic on date columns that SQLite and PostgreSQL spell differently.

``days_between(later, earlier)`` is a whole number of days, ``plus_days(day, n)`` a date,
``day_key(day)`` a number that orders dates and moves by months, ``month_key(day)`` "YYYY-MM",
``weekday(day)`` Monday 0 to Sunday 6, as Python's ``date.weekday()``.
All compile to plain SQL expressions of the clear date columns, so measures stay aggregate
queries.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class days_between(FunctionElement[int]):  # lower case: reads as SQL
    type = Integer()
    inherit_cache = True
    name = "days_between"


class plus_days(FunctionElement[Any]):
    type = Date()
    inherit_cache = True
    name = "plus_days"


@compiles(days_between)
def _days_between_generic(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


@compiles(plus_days)
def _plus_days_generic(element: plus_days, compiler: Any, **kw: Any) -> str:
    day, count = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(count, **kw)})"


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    day, count = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '+' || {compiler.process(count, **kw)} || ' days')"


class day_key(FunctionElement[int]):  # lower case: reads as SQL
    """A date as the number ``(year * 12 + month) * 100 + day``: adding ``100 * n`` moves it
    ``n`` calendar months on, so "within n months" needs no month arithmetic in SQL."""

    type = Integer()
    inherit_cache = True
    name = "day_key"


class month_key(FunctionElement[str]):  # lower case: reads as SQL
    """A date's month as text, ``YYYY-MM``."""

    type = String()
    inherit_cache = True
    name = "month_key"


@compiles(day_key)
def _day_key_generic(element: day_key, compiler: Any, **kw: Any) -> str:
    day = compiler.process(next(iter(element.clauses)), **kw)
    return (
        f"CAST((EXTRACT(YEAR FROM {day}) * 12 + EXTRACT(MONTH FROM {day})) * 100 "
        f"+ EXTRACT(DAY FROM {day}) AS INTEGER)"
    )


@compiles(day_key, "sqlite")
def _day_key_sqlite(element: day_key, compiler: Any, **kw: Any) -> str:
    # SQLite keeps dates as ISO text: cutting it up is far cheaper than strftime on every row.
    day = compiler.process(next(iter(element.clauses)), **kw)
    return (
        f"((CAST(substr({day}, 1, 4) AS INTEGER) * 12 "
        f"+ CAST(substr({day}, 6, 2) AS INTEGER)) * 100 "
        f"+ CAST(substr({day}, 9, 2) AS INTEGER))"
    )


@compiles(month_key)
def _month_key_generic(element: month_key, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(next(iter(element.clauses)), **kw)}, 'YYYY-MM')"


@compiles(month_key, "sqlite")
def _month_key_sqlite(element: month_key, compiler: Any, **kw: Any) -> str:
    return f"substr({compiler.process(next(iter(element.clauses)), **kw)}, 1, 7)"


class weekday(FunctionElement[int]):  # lower case: reads as SQL
    """A date's day of the week, Monday 0 to Sunday 6 (``date.weekday()``)."""

    type = Integer()
    inherit_cache = True
    name = "weekday"


@compiles(weekday)
def _weekday_generic(element: weekday, compiler: Any, **kw: Any) -> str:
    day = compiler.process(next(iter(element.clauses)), **kw)
    return f"CAST(EXTRACT(ISODOW FROM {day}) AS INTEGER) - 1"


@compiles(weekday, "sqlite")
def _weekday_sqlite(element: weekday, compiler: Any, **kw: Any) -> str:
    day = compiler.process(next(iter(element.clauses)), **kw)
    return f"((CAST(strftime('%w', {day}) AS INTEGER) + 6) % 7)"
