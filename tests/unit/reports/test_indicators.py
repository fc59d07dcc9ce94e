"""Every indicator against an independent computation in plain Python, on a real SQLCipher vault."""

from __future__ import annotations

import pytest

from coachdesk.models.enums import Gender
from coachdesk.models.store import Store
from coachdesk.reports.period import Period
from coachdesk.reports.report import indicator_report
from coachdesk.reports.tables import IndicatorReport, Unit
from tests.unit.reports import expected
from tests.unit.reports.conftest import AS_OF, PERIOD


@pytest.fixture
def report(report_store: Store) -> IndicatorReport:
    return indicator_report(report_store, PERIOD, as_of=AS_OF)


def _figures(report: IndicatorReport) -> expected.Expected:
    return {table.key: {row.key: dict(row.by_gender) for row in table.rows if any(row.by_gender.values())}
            for section in report.sections for table in section.tables}


def _nonzero(tables: expected.Expected) -> expected.Expected:
    return {key: {row: dict(split) for row, split in rows.items() if any(split.values())}
            for key, rows in tables.items()}


@pytest.mark.parametrize("period", [PERIOD, Period(PERIOD.first.replace(year=2024), PERIOD.last),
                                    Period(PERIOD.last, PERIOD.last)], ids=str)
def test_every_indicator_matches_an_independent_computation(report_store: Store, period: Period) -> None:
    report = indicator_report(report_store, period, as_of=AS_OF)
    figures = {key: rows for key, rows in _figures(report).items() if rows}
    wanted = {key: rows for key, rows in _nonzero(expected.compute(report_store, period, AS_OF)).items()
              if rows}
    assert figures == wanted


def test_the_synthetic_data_reaches_every_section(report: IndicatorReport) -> None:
    for key in ("started.summary", "hours.population", "exit.destination.all", "day90.outcome.all",
                "exit.destination.youth", "day90.outcome.foreign"):
        assert sum(row.total for row in report.table(key).rows) > 0, key


def test_gender_split_sums_to_the_totals(report: IndicatorReport) -> None:
    for section in report.sections:
        for table in section.tables:
            for row in table.rows:
                assert sum(row.values()[:-1]) == row.total == row.values()[-1]
            if table.rows[-1].is_total:
                for position in range(5):
                    assert table.rows[-1].values()[position] == sum(
                        row.values()[position] for row in table.body), table.key
    started = report.table("started.summary").row("started").total
    for key in ("started.target_group", "started.age_group", "started.year", "started.foreign_born",
                "started.disability"):
        assert report.table(key).row("total").total == started, key
    assert report.table("hours.year").row("total").total == report.table("hours.population").row("all").total
    exited = report.table("exit.destination.all").row("total").total
    assert report.table("day90.outcome.all").row("total").total == exited


def test_participants_without_gender_are_counted_and_shown(report: IndicatorReport,
                                                           vault: tuple[object, dict[str, str]]) -> None:
    started = report.table("started.summary").row("started")
    assert started.by_gender[Gender.NOT_STATED] >= 1  # the hand-made one at least
    assert report.table("started.age_group").row("total").by_gender[Gender.NOT_STATED] == \
        started.by_gender[Gender.NOT_STATED]


def test_period_edges_and_ages_at_start(report_store: Store) -> None:
    """Only the hand-made participants: a vault-wide figure would hide an off-by-one among hundreds."""
    report = indicator_report(report_store, PERIOD, as_of=AS_OF)
    everyone = expected.compute(report_store, PERIOD, AS_OF)
    assert _figures(report)["started.age_group"] == _nonzero(everyone)["started.age_group"]
    # The first-day and last-day activities count, the ones just outside do not: 60 + 30 minutes.
    hours = report.table("hours.population")
    assert hours.unit is Unit.MINUTES and hours.row("all").total % 15 == 0


def test_age_boundaries_fall_in_the_funders_groups() -> None:
    import datetime as dt

    start = dt.date(2025, 8, 11)
    cases = {24: "16-24", 25: "25-54", 54: "25-54", 55: "55-64", 64: "55-64", 65: "65+", 15: "under-16"}
    for years, group in cases.items():
        assert expected.age_group(start.replace(year=start.year - years), start) == group
    assert expected.age_group(dt.date(2000, 2, 29), dt.date(2025, 2, 28)) == "16-24"
    assert expected.age_group(dt.date(2000, 2, 29), dt.date(2025, 3, 1)) == "25-54"
