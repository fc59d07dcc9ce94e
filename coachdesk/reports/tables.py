"""The report's shape: sections of tables whose rows are split by gender, plus a total column.

Every row carries a stable ``key`` (for tests and machine readers) and a translated ``label``. Counts are
whole participants; hour tables hold minutes, so sums are exact and only display rounds them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from coachdesk.i18n import current_language
from coachdesk.models.enums import Gender

# The column order of every table: kvinna, man, other, not stated. Nobody is left out of a split.
GENDERS: tuple[Gender, ...] = (Gender.WOMAN, Gender.MAN, Gender.OTHER, Gender.NOT_STATED)


class Unit(enum.Enum):
    PARTICIPANTS = "participants"
    MINUTES = "minutes"  # shown as hours


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    by_gender: Mapping[Gender, int]
    is_total: bool = False

    @property
    def total(self) -> int:
        return sum(self.by_gender.values())

    def values(self) -> tuple[int, ...]:
        """The gender columns in ``GENDERS`` order, then the total."""
        return (*(self.by_gender.get(g, 0) for g in GENDERS), self.total)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    note: str
    rows: tuple[Row, ...]
    unit: Unit = Unit.PARTICIPANTS

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    @property
    def body(self) -> tuple[Row, ...]:
        """The rows without the total row."""
        return tuple(row for row in self.rows if not row.is_total)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tables: tuple[Table, ...]
    chart: str  # the key of the table drawn as a chart

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)


@dataclass(frozen=True)
class IndicatorReport:
    first: dt.date
    last: dt.date
    as_of: dt.date  # starts after this day have not happened yet; follow-ups due after it are not due yet
    sections: tuple[Section, ...] = field(default=())

    def table(self, key: str) -> Table:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        raise KeyError(key)


def counts(pairs: Iterable[tuple[Gender, int]]) -> dict[Gender, int]:
    """Sum ``(gender, n)`` pairs into a full gender split (zeros included)."""
    split = dict.fromkeys(GENDERS, 0)
    for gender, n in pairs:
        split[gender] += n
    return split


def total_row(label: str, rows: Iterable[Row]) -> Row:
    split = dict.fromkeys(GENDERS, 0)
    for row in rows:
        for gender, n in row.by_gender.items():
            split[gender] += n
    return Row("total", label, split, is_total=True)


def hours(minutes: int) -> float:
    """Participant hours (deltagartimmar): attended minutes / 60, two decimals."""
    return round(minutes / 60, 2)


def number(value: int, unit: Unit) -> int | float:
    """A cell's value as a number: participants, or hours for minute tables."""
    return hours(value) if unit is Unit.MINUTES else value


def display(value: int, unit: Unit) -> str:
    """A cell's value as text in the UI language's number format (``1 234,5`` in Swedish)."""
    if unit is Unit.MINUTES:
        return format_decimal(hours(value), format="#,##0.0#", locale=locale())
    return format_decimal(value, locale=locale())


def locale() -> str:
    """Babel's locale for the UI language; English for a code Babel does not know."""
    try:
        return str(Locale.parse(current_language()))
    except (ValueError, UnknownLocaleError):
        return "en"
