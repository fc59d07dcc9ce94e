"""How SQLite runs the indicators: hours from the attended index alone; the cohort table leaves no trace."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from coachdesk.models.store import Store
from coachdesk.reports.cohorts import cohort
from coachdesk.reports.indicators import compute, hours_query
from tests.unit.reports.conftest import AS_OF, PERIOD


def _temp_tables(session: Session) -> list[str]:
    return list(session.execute(text("SELECT name FROM sqlite_temp_master")).scalars())


def test_participant_hours_are_summed_from_the_attended_index_a_participant_at_a_time(
        report_store: Store) -> None:
    first, before = dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1)
    with report_store.session() as session, cohort(session, AS_OF) as people:
        query = hours_query(people, first, before)
        sql = str(query.compile(dialect=report_store.engine.dialect, compile_kwargs={"literal_binds": True}))
        plan = [row[3] for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")]
    assert "SCAN report_cohort" in plan
    assert ("SEARCH activities USING COVERING INDEX ix_activities_attended "
            "(participant_id=? AND scheduled_at>? AND scheduled_at<?) LEFT-JOIN") in plan
    # No temp B-tree but the last GROUP BY's, over one row per participant.
    assert sum("TEMP B-TREE" in step for step in plan) == 1


def test_the_cohort_table_does_not_outlive_the_report(report_store: Store) -> None:
    with report_store.session() as session:
        first = compute(session, PERIOD, as_of=AS_OF)
        assert _temp_tables(session) == []
        assert compute(session, PERIOD, as_of=AS_OF) == first  # made afresh, not "already exists"


def test_the_cohort_table_is_gone_after_an_error(report_store: Store) -> None:
    with report_store.session() as session:
        with pytest.raises(RuntimeError), cohort(session, AS_OF):
            raise RuntimeError("interrupted")
        assert _temp_tables(session) == []
