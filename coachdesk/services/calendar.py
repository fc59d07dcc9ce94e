"""Working days and ISO weeks: Swedish offices plan by "vecka 12", Monday first, and meet on working days.

Holidays come from the maintained ``holidays`` library: public holidays plus the de facto ones offices close
on (midsommarafton, julafton, nyårsafton). Sundays are weekends here, not holidays.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays

from coachdesk.errors import ValidationError
from coachdesk.i18n import _

MONDAY, FRIDAY, SUNDAY = 1, 5, 7
_WEEK_TEXT = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W48`` or ``2026W48``; a clear error for anything else, week 53 of a 52-week year too."""
        match = _WEEK_TEXT.match(text)
        if match:
            try:
                return cls.of(dt.date.fromisocalendar(int(match[1]), int(match[2]), MONDAY))
            except ValueError:
                pass
        raise ValidationError({"week": _("Give a week as year and ISO week, like 2026-W48.")})

    def day(self, weekday: int) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, weekday)

    @property
    def monday(self) -> dt.date:
        return self.day(MONDAY)

    @property
    def sunday(self) -> dt.date:
        return self.day(SUNDAY)

    def plus(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + dt.timedelta(weeks=weeks))

    def weeks_until(self, other: IsoWeek) -> int:
        return (other.monday - self.monday).days // 7

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"


@lru_cache(maxsize=128)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(
        "SE", years=year, categories=(holidays.PUBLIC, holidays.DE_FACTO), include_sundays=False
    )


@lru_cache(maxsize=128)
def _holidays(year: int) -> frozenset[dt.date]:
    # A frozenset answers "is this a holiday" far faster than the library's dict, which parses its key.
    return frozenset(_calendar(year))


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name in the library's English, for tooltips; None on ordinary days."""
    name = _calendar(day.year).get(day)
    return str(name) if name else None


def is_working_day(day: dt.date) -> bool:
    return day.isoweekday() <= FRIDAY and day not in _holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def working_day_in_week(week: IsoWeek, weekday: int, *, not_before: dt.date | None = None) -> dt.date | None:
    """The working day closest to ``weekday`` within ``week``: later days first, then earlier ones.

    Staying inside the week keeps a plan's week numbers stable when a holiday falls on the usual day.
    None when the week has no working day on or after ``not_before``.
    """
    later = range(weekday, FRIDAY + 1)
    earlier = range(weekday - 1, MONDAY - 1, -1)
    for candidate in (*later, *earlier):
        day = week.day(candidate)
        if is_working_day(day) and (not_before is None or day >= not_before):
            return day
    return None


def last_working_day(week: IsoWeek) -> dt.date | None:
    return working_day_in_week(week, FRIDAY)
