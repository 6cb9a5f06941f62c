"""Periods of days, written as a reader writes them: 2025, 2025-08, 2025-08-06, or FROM..TO of those.

One syntax for the search's ``date:`` filter and for ``SITE_PERIOD`` (the articles a site publishes).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from newsarchive.errors import NewsarchiveError

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FORMS = "2025, 2025-08, 2025-08-06 or 2025-08-01..2025-08-31"


class PeriodError(NewsarchiveError):
    """A period that cannot be read; the message says why."""


@dataclass(frozen=True)
class Period:
    """Whole days, ``first`` to ``last`` (UTC), as written in ``text``."""

    first: dt.date
    last: dt.date
    text: str

    def holds(self, when: dt.datetime) -> bool:
        """Whether ``when`` falls on one of the period's days, in UTC."""
        day = (when.astimezone(dt.UTC) if when.tzinfo else when).date()
        return self.first <= day <= self.last


def parse_period(text: str) -> Period:
    """The period ``text`` writes; PeriodError if it is not one."""
    first, _, last = text.partition("..")
    start, end = _days(first), _days(last or first)
    if start[0] > end[1]:
        raise PeriodError("the range ends before it starts")
    return Period(start[0], end[1], text)


def _days(part: str) -> tuple[dt.date, dt.date]:
    match = _DAY.match(part)
    if not match:
        raise PeriodError(f"not a date (use {FORMS})")
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    try:
        if day:
            one = dt.date(year, int(month), int(day))
            return one, one
        if month:
            first = dt.date(year, int(month), 1)
            following = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return first, following - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        raise PeriodError("no such day") from None
