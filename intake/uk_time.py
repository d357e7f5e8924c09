"""The service's day is the United Kingdom's.

Reporters and the team live by UK time: a reporter coming off a night shift at half past midnight
in summer is on the new day, and so are the time limits counted from it. Servers usually run on
UTC, an hour behind in British Summer Time, where ``date.today()`` would still be yesterday and
refuse today's date as "in the future". Candour therefore sets its process's local time to
Europe/London once, at start, so that every ``date.today()`` (and the naive local times pyotp
and the receipt page read) is the UK's, rather than threading a time zone through every call.
"""

from __future__ import annotations

import os
import time

from intake.config import ConfigError

ZONE = "Europe/London"


def use_uk_time() -> None:
    """Make this process's local time UK time; ConfigError if the system cannot."""
    os.environ["TZ"] = ZONE
    time.tzset()
    # Without the system's time zone data the C library falls back to UTC without a word.
    if time.tzname != ("GMT", "BST"):
        raise ConfigError(
            f"the system has no time zone data for {ZONE}, which Candour's dates are counted "
            "in (on Debian: apt-get install tzdata)"
        )
