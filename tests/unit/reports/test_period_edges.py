"""The hand-made participants alone, with the figures worked out by hand: every edge of the period."""

from __future__ import annotations

from coachdesk.models.enums import Gender
from coachdesk.models.store import Store
from coachdesk.reports.report import indicator_report
from tests.unit.reports.conftest import AS_OF, PERIOD, add_edges


def test_starts_and_exits_on_the_first_and_last_day_are_inside(store: Store) -> None:
    add_edges(store)
    report = indicator_report(store, PERIOD, as_of=AS_OF)
    # Outside: a day before, a day after, a start cancelled by an earlier exit, two who started in 2024.
    assert report.table("started.summary").row("started").total == 23
    assert report.table("started.year").row("2025").total == 23
    by_age = {row.key: row.total for row in report.table("started.age_group").rows}
    assert by_age == {"16-24": 5, "25-54": 10, "55-64": 4, "under-16": 1, "65+": 1, "unknown": 2,
                      "total": 23}
    started = report.table("started.summary").row("started").by_gender
    assert started[Gender.NOT_STATED] == 1 and started[Gender.MAN] == 1 and started[Gender.OTHER] == 1
    exits = report.table("exit.destination.all").row("work").by_gender
    assert dict(exits) == {Gender.WOMAN: 1, Gender.MAN: 0, Gender.OTHER: 1, Gender.NOT_STATED: 0}
    assert report.table("exit.destination.foreign").row("total").total == 1  # the first-day exit
    assert report.table("exit.chances.all").row("yes").total == 2
    # Their follow-ups are due in 2025 (recorded: no) and 2026 after the as-of day (not due yet).
    day_90 = report.table("day90.outcome.all")
    assert day_90.row("overdue").total == 1 and day_90.row("not_due").total == 1


def test_participant_hours_count_the_first_and_last_instant_only(store: Store) -> None:
    add_edges(store)
    report = indicator_report(store, PERIOD, as_of=AS_OF)
    hours = report.table("hours.year")
    assert hours.row("2025").total == 60 + 30 + 90  # minutes; 45 and 15 fall a moment outside
    assert report.table("hours.age_group").row("unknown").total == 90  # the one without a birth date


def test_an_empty_vault_gives_zeros_not_errors(store: Store) -> None:
    report = indicator_report(store, PERIOD, as_of=AS_OF)
    assert all(row.total == 0 for section in report.sections for table in section.tables
               for row in table.rows)
