"""Candour's day is the UK's, whatever zone the server's clock is set to: on a UTC server in
British Summer Time a reporter writing just after midnight had today's date refused as "in the
future", because ``date.today()`` was still yesterday there."""

from __future__ import annotations

import os
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from intake import uk_time
from intake.config import ConfigError
from wsgi import create_app


def test_the_app_counts_days_in_uk_time_on_a_server_set_elsewhere() -> None:
    os.environ["TZ"] = "Etc/GMT+6"  # six hours behind: a day behind London for six hours
    time.tzset()
    assert time.tzname[0] != "GMT"
    create_app()
    assert time.tzname == ("GMT", "BST")
    assert date.today() == datetime.now(ZoneInfo("Europe/London")).date()


def test_without_the_zones_data_candour_does_not_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uk_time, "ZONE", "Nowhere/Atlantis")  # as if the data were missing
    try:
        with pytest.raises(ConfigError, match="no time zone data"):
            uk_time.use_uk_time()
    finally:
        monkeypatch.undo()
        uk_time.use_uk_time()
