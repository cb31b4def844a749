"""Working-day arithmetic for service-level clocks (no ORM). Thai government offices work
Monday to Friday except public holidays; a deadline of n working days ends at the close of the
n-th working day after the day the clock started (SP4N-LAPOR counts the same way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

END_OF_DAY = dt.time(23, 59, 59)


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: dt.datetime, days: int, holidays: Collection[dt.date]) -> dt.datetime:
    """The end (23:59:59 local) of the `days`-th working day after `start`'s date. `start` must be
    aware; the result is in start's time zone."""
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    day = start.date()
    left = max(days, 0)
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    if days <= 0:
        # Zero days: by the end of today, or of the next working day when today is not one.
        while not is_working_day(day, holidays):
            day += dt.timedelta(days=1)
    return dt.datetime.combine(day, END_OF_DAY, tzinfo=start.tzinfo)


def working_days_between(start: dt.datetime, end: dt.datetime,
                         holidays: Collection[dt.date]) -> int:
    """Whole working days from start's date (exclusive) to end's date (inclusive)."""
    if end <= start:
        return 0
    day, count = start.date(), 0
    while day < end.date():
        day += dt.timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count


def previous_working_day_start(due: dt.datetime, holidays: Collection[dt.date]) -> dt.datetime:
    """Midnight at the start of the working day before `due`'s day: when the warning goes out."""
    day = due.date() - dt.timedelta(days=1)
    while not is_working_day(day, holidays):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=due.tzinfo)
