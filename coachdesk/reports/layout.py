"""Folds the SQL cubes into the report's sections and tables, every row split by gender.

The cubes are small (a few thousand cells at most), so this is plain Python over them. Each table's rows
are fixed in advance, so a category nobody falls into still shows as zeros and the layout never shifts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from coachdesk.i18n import _
from coachdesk.models.enums import Destination, Gender, TargetGroup
from coachdesk.reports import labels
from coachdesk.reports.cohorts import AgeGroup
from coachdesk.reports.indicators import Cubes, ExitCell, FollowUpState, HourCell, StartCell
from coachdesk.reports.tables import IndicatorReport, Row, Section, Table, Unit, counts, total_row
from coachdesk.services.exits import DAY_90_OUTCOMES
from coachdesk.services.labels import DESTINATION

Cell = StartCell | HourCell | ExitCell
C = TypeVar("C", StartCell, HourCell, ExitCell)
# (row key, translated label, shown even when nobody is in it)
Spec = tuple[str, str, bool]
POPULATIONS: dict[str, Callable[[Cell], bool]] = {
    "all": lambda cell: True,
    "youth": lambda cell: cell.age_group is AgeGroup.YOUTH,
    "foreign": lambda cell: cell.foreign_born is True,
}


def yes_no(value: bool | None) -> str:
    return "not_recorded" if value is None else ("yes" if value else "no")


def _weight(cell: Cell) -> int:
    return cell.minutes if isinstance(cell, HourCell) else cell.participants


def _yes_no_specs() -> list[Spec]:
    return [("yes", _(labels.YES), True), ("no", _(labels.NO), True),
            ("not_recorded", _(labels.NOT_RECORDED), True)]


def _age_specs() -> list[Spec]:
    return [(group.value, _(labels.AGE_GROUP[group]), True) for group in AgeGroup]


def _year_specs(years: Iterable[int]) -> list[Spec]:
    return [(str(year), str(year), True) for year in years]


def tabulate(  # noqa: PLR0917 - read as a table: key, title, note, rows, cells, which row
    key: str, title: str, note: str, specs: Sequence[Spec], cells: Iterable[C],
    row_of: Callable[[C], str | None], *, unit: Unit = Unit.PARTICIPANTS,
) -> Table:
    """A table of ``specs`` rows and a total row; each cell goes to the row ``row_of`` names (None: out)."""
    by_row: dict[str, list[tuple[Gender, int]]] = {spec[0]: [] for spec in specs}
    for cell in cells:
        row = row_of(cell)
        if row is not None:
            by_row[row].append((cell.gender, _weight(cell)))  # a row key without a spec is a bug: KeyError
    rows = [Row(row_key, label, counts(by_row[row_key]))
            for row_key, label, always in specs if always or by_row[row_key]]
    rows.append(total_row(_(labels.TOTAL), rows))
    return Table(key, title, note, tuple(rows), unit)


def overlapping(key: str, title: str, note: str, rows: Sequence[tuple[str, str, Callable[[C], bool]]],
                cells: Sequence[C], *, unit: Unit = Unit.PARTICIPANTS) -> Table:
    """A table whose rows may share participants (all / of whom ...): each tallied alone, no total row."""
    return Table(key, title, note, tuple(
        Row(row_key, label, counts((c.gender, _weight(c)) for c in cells if keep(c)))
        for row_key, label, keep in rows), unit)


def _in(population: str, row_of: Callable[[ExitCell], str]) -> Callable[[ExitCell], str | None]:
    keep = POPULATIONS[population]
    return lambda cell: row_of(cell) if keep(cell) else None


def _of_year(year: int) -> Callable[[StartCell], str | None]:
    return lambda cell: cell.age_group.value if cell.year == year else None


def _started(cubes: Cubes) -> Section:
    cells = cubes.starts
    note = _("Participants whose first start in a programme falls in the period; age at that start.")
    summary = overlapping(
        "started.summary", _("Participants who started"),
        _("The rows overlap: a participant can be counted in several of them."),
        [("started", _("Participants who started"), POPULATIONS["all"]),
         ("youth", _("of whom aged 16–24 at start"), POPULATIONS["youth"]),
         ("foreign", _("of whom foreign-born"), POPULATIONS["foreign"]),
         ("disability", _("of whom with a disability that reduces their capacity to work"),
          lambda c: c.disability is True)], cells)
    targets = [*((group.value, _(labels.TARGET_GROUP[group]), True) for group in TargetGroup),
               ("not_recorded", _("Target group not recorded"), True)]
    years = cubes.period.years()
    tables = [
        summary,
        tabulate("started.target_group", _("Participants who started, by target group"), note, targets,
                 cells, lambda c: c.target_group.value if c.target_group else "not_recorded"),
        tabulate("started.age_group", _("Individuals who started, by age group at start"), note,
                 _age_specs(), cells, lambda c: c.age_group.value),
        tabulate("started.year", _("Individuals who started, per year"), note, _year_specs(years), cells,
                 lambda c: str(c.year)),
        *(tabulate(f"started.age_group.{year}",
                   _("Individuals who started in {year}, by age group at start").format(year=year),
                   note, _age_specs(), cells, _of_year(year)) for year in years),
        tabulate("started.foreign_born", _("Foreign-born participants who started"), note,
                 [("yes", _(labels.FOREIGN_BORN), True), ("no", _(labels.BORN_IN_SWEDEN), True),
                  ("not_recorded", _(labels.NOT_RECORDED), True)],
                 cells, lambda c: yes_no(c.foreign_born)),
        tabulate("started.disability",
                 _("Participants who started with a disability that reduces their capacity to work"),
                 note, _yes_no_specs(), cells, lambda c: yes_no(c.disability)),
    ]
    return Section("started", _("Participants who started"), tuple(tables), chart="started.age_group")


def _hours(cubes: Cubes) -> Section:
    cells = cubes.hours
    note = _("Attended minutes of activities held in the period, divided by 60, by the activity's day.")
    tables = (
        overlapping("hours.population", _("Participant hours"),
                    _("The rows overlap: participants aged 16–24 at start and foreign-born participants "
                      "are also among all participants."),
                    [(name, _(label), POPULATIONS[name]) for name, label in labels.POPULATION.items()],
                    cells, unit=Unit.MINUTES),
        tabulate("hours.year", _("Participant hours, per year"), note, _year_specs(cubes.period.years()),
                 cells, lambda c: str(c.year), unit=Unit.MINUTES),
        tabulate("hours.age_group", _("Participant hours, by age group at start"), note, _age_specs(),
                 cells, lambda c: c.age_group.value, unit=Unit.MINUTES),
    )
    return Section("hours", _("Participant hours"), tables, chart="hours.year")


def _destination_row(cell: ExitCell) -> str:
    return cell.destination.value if cell.destination else "not_recorded"


def _exits(cubes: Cubes) -> Section:
    cells = cubes.exits
    note = _("Participants whose exit date falls in the period (the later exit if there were two).")
    destinations: list[Spec] = [(d.value, _(DESTINATION[d]), True) for d in Destination]
    destinations.append(("not_recorded", _(labels.NOT_RECORDED), False))
    tables: list[Table] = []
    for name, population in labels.POPULATION.items():
        tables.append(tabulate(
            f"exit.destination.{name}",
            _("Status at exit: {population}").format(population=_(population)),
            note, destinations, cells, _in(name, _destination_row)))
        tables.append(tabulate(
            f"exit.chances.{name}",
            _("Felt their chances of work had increased, at exit: {population}").format(
                population=_(population)),
            note, _yes_no_specs(), cells, _in(name, lambda c: yes_no(c.chances_at_exit))))
    return Section("exit", _("Status at exit"), tuple(tables), chart="exit.destination.all")


def outcome_row(cell: ExitCell) -> str:
    """The 90-day row of an exit: its recorded outcome, or where its follow-up stands."""
    if cell.follow_up != FollowUpState.RECORDED:
        return cell.follow_up
    if cell.outcome is not None and cell.outcome in DAY_90_OUTCOMES:
        return cell.outcome.value
    return "other_outcome"  # a code outside the four the follow-up form offers


def _day_90(cubes: Cubes) -> Section:
    cells = cubes.exits
    note = _("Participants who exited in the period, and their follow-up 90 days after the exit.")
    outcomes: list[Spec] = [(d.value, _(DESTINATION[d]), True) for d in DAY_90_OUTCOMES]
    outcomes += [
        ("other_outcome", _("Another outcome"), False),
        (FollowUpState.NOT_DUE, _("Follow-up not due yet"), True),
        (FollowUpState.OVERDUE, _("Follow-up due but not recorded"), True),
        (FollowUpState.MISSING, _("No follow-up booked"), False),
    ]
    tables: list[Table] = []
    for name, population in labels.POPULATION.items():
        tables.append(tabulate(
            f"day90.outcome.{name}",
            _("Status 90 days after exit: {population}").format(population=_(population)),
            note, outcomes, cells, _in(name, outcome_row)))
        tables.append(tabulate(
            f"day90.chances.{name}",
            _("Felt their chances of work had increased, 90 days after exit: {population}").format(
                population=_(population)),
            note, _yes_no_specs(), cells, _in(name, lambda c: yes_no(c.chances_at_90))))
    return Section("day90", _("Status 90 days after exit"), tuple(tables), chart="day90.outcome.all")


def build(cubes: Cubes) -> IndicatorReport:
    """The whole report, its text in the current UI language."""
    return IndicatorReport(cubes.period.first, cubes.period.last, cubes.as_of,
                           (_started(cubes), _hours(cubes), _exits(cubes), _day_90(cubes)))
