"""The two reads a coach does all day, timed one call at a time: a caseload page and a search."""

from __future__ import annotations

from functools import partial

from bench.timing import timed_ms
from coachdesk.services.participants import CaseloadFilter, ParticipantService


def page_times(service: ParticipantService, *, limit: int = 100, max_pages: int | None = None,
               filters: CaseloadFilter | None = None) -> list[float]:
    """Walk the caseload by keyset pages from the first; milliseconds per page."""
    times: list[float] = []
    cursor: tuple[str, str] | None = None
    while max_pages is None or len(times) < max_pages:
        page, ms = timed_ms(partial(service.page, after=cursor, limit=limit,
                                    filters=filters or CaseloadFilter()))
        times.append(ms)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    return times


def search_times(service: ParticipantService, queries: list[tuple[str, str]]) -> list[float]:
    return [timed_ms(partial(service.search, query))[1] for _kind, query in queries]
