"""The reporting period: two dates, both days inside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from coachdesk.errors import CoachDeskError
from coachdesk.i18n import _


def parse_date(raw: str, *, option: str) -> dt.date:
    """A YYYY-MM-DD date from the command line, or an error naming the option (never a traceback)."""
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise CoachDeskError(_("{option}: \"{value}\" is not a date. Write it as YYYY-MM-DD.").format(
            option=option, value=raw)) from None


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, inclusive: something on either day is inside the period."""

    first: dt.date
    last: dt.date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise CoachDeskError(_("The period ends ({end}) before it starts ({start}).").format(
                end=self.last.isoformat(), start=self.first.isoformat()))

    @classmethod
    def parse(cls, first: str, last: str) -> Period:
        return cls(parse_date(first, option="--from"), parse_date(last, option="--to"))

    @property
    def after(self) -> dt.date:
        """The day after the period: timestamps are inside when they are before its midnight."""
        return self.last + dt.timedelta(days=1)

    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))

    def __str__(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def month_period(raw: str) -> Period:
    """``YYYY-MM`` as the period from its first to its last day."""
    try:
        first = dt.date.fromisoformat(f"{raw.strip()}-01")
    except ValueError:
        raise CoachDeskError(_("--month: \"{value}\" is not a month. Write it as YYYY-MM.").format(
            value=raw)) from None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return Period(first, following - dt.timedelta(days=1))
