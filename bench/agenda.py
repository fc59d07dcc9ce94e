"""The week's agenda at 100,000 participants: one coach's (their caseload) and the office's (a supervisor's).

Weeks are drawn around the current one, where coaches look; coaches from every caseload. A second pass
replays each SQL statement the agenda ran, fetching every row, so a missed goal points at the query to fix,
with SQLite's plan for the slowest.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import event

from bench.timing import percentile, timed_ms
from coachdesk.models.store import Store
from coachdesk.services.agenda import Agenda, AgendaService, coaches
from coachdesk.services.calendar import IsoWeek

WEEKS_AROUND = 4  # a coach looks this many weeks back and ahead
OFFICE_WEEKS = 5  # the office view reads the whole vault: a few weeks say enough
TRACED_SAMPLES = 20  # agendas timed statement by statement
SLOW_MS = 5.0  # a statement this slow at p95 gets its query plan in the results


def _ms(value: float) -> float:
    return round(value, 2)


def entries(agenda: Agenda) -> int:
    return (sum(len(day) for day in agenda.meetings.values()) + len(agenda.overdue)
            + len(agenda.checkpoints_due) + len(agenda.follow_ups_due) + len(agenda.ending_soon))


@dataclass
class _Statement:
    sql: str
    parameters: Any = None
    times: list[float] = field(default_factory=list)


@contextmanager
def _captured(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """Every statement run on the store's engine while inside, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def after(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        seen.append((statement, parameters))

    event.listen(store.engine, "after_cursor_execute", after)
    try:
        yield seen
    finally:
        event.remove(store.engine, "after_cursor_execute", after)


def _label(position: int, sql: str) -> str:
    """The statement's place in the agenda and the table it reads first: stable across calls."""
    words = sql.replace("\n", " ").split()
    table = words[words.index("FROM") + 1] if "FROM" in words else "?"
    return f"{position:02d}:{table}"


def _plan(store: Store, statement: _Statement) -> list[str]:
    with store.engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement.sql}", statement.parameters)
        return [str(row[-1]) for row in rows]


def statement_times(
    store: Store, calls: Sequence[tuple[IsoWeek, str | None]], today: dt.date
) -> dict[str, Any]:
    """p95 per agenda statement; the text and query plan of the slowest, and of every one over SLOW_MS.

    Timed by replaying each statement and fetching all its rows: SQLite finds rows as they are fetched,
    so timing the execute call alone would miss most of the work. What the agenda takes beyond the sum
    of its statements is the ORM building objects.
    """
    service = AgendaService(store)
    statements: dict[str, _Statement] = {}
    for week, coach_id in calls:
        with _captured(store) as seen:
            service.week(week, coach_id=coach_id, today=today)
        with store.engine.connect() as connection:
            for position, (sql, parameters) in enumerate(seen, start=1):
                started = time.perf_counter()
                connection.exec_driver_sql(sql, parameters).fetchall()
                found = statements.setdefault(_label(position, sql), _Statement(sql, parameters))
                found.times.append((time.perf_counter() - started) * 1000)
    by_p95 = {label: percentile(s.times, 95) for label, s in statements.items()}

    def explained(label: str) -> dict[str, Any]:
        return {"statement": label, "ms_p95": _ms(by_p95[label]),
                "sql": " ".join(statements[label].sql.split()), "query_plan": _plan(store, statements[label])}

    return {
        "ms_p95": {label: _ms(ms) for label, ms in sorted(by_p95.items())},
        "slowest": explained(max(by_p95, key=by_p95.__getitem__)),
        "slow": [explained(label) for label, ms in sorted(by_p95.items()) if ms >= SLOW_MS],
    }


def run_agenda(store: Store, *, samples: int, seed: int = 1, today: dt.date | None = None) -> dict[str, Any]:
    """``samples`` coach x week agendas and a few office weeks, each timed on its own."""
    day = today or dt.date.today()
    current = IsoWeek.of(day)
    weeks = [current.plus(offset) for offset in range(-WEEKS_AROUND, WEEKS_AROUND + 1)]
    rng = random.Random(seed)
    coach_ids = [user.id for user in coaches(store)]
    service = AgendaService(store)
    service.week(current, coach_id=coach_ids[0], today=day)  # compile the statements once, as the app would
    calls = [(rng.choice(weeks), rng.choice(coach_ids)) for _ in range(samples)]
    times, sizes = [], []
    for week, coach_id in calls:
        agenda, ms = timed_ms(partial(service.week, week, coach_id=coach_id, today=day))
        times.append(ms)
        sizes.append(entries(agenda))
    office_weeks = rng.sample(weeks, min(OFFICE_WEEKS, len(weeks)))
    office = [timed_ms(partial(service.week, week, coach_id=None, today=day))[1] for week in office_weeks]
    traced = calls[:TRACED_SAMPLES]
    return {
        "agenda_coaches": len(coach_ids),
        "agendas_timed": len(times),
        "agenda_ms_p50_100k": _ms(percentile(times, 50)),
        "agenda_ms_p95_100k": _ms(percentile(times, 95)),
        "agenda_entries_mean_100k": round(statistics.mean(sizes), 1),
        "agenda_office_weeks_timed": len(office),
        "agenda_office_ms_p50_100k": _ms(percentile(office, 50)),
        "agenda_office_ms_p95_100k": _ms(percentile(office, 95)),
        "agenda_statements_100k": statement_times(store, traced, day),
        "agenda_office_statements_100k": statement_times(store, [(w, None) for w in office_weeks[:2]], day),
    }
