"""Reads the headline figures leave out but a coach meets daily, timed to show where time goes.

The caseload filtered by coach, status or target group; the first keystrokes of a search box
("m", "070"), which match a large share of everyone; and the caseload count.
"""

from __future__ import annotations

import statistics
from functools import partial
from typing import Any

from bench.caseload import page_times, search_times
from bench.queries import SHORT_KINDS, sample_queries
from bench.timing import percentile, timed_ms
from coachdesk.models.enums import ParticipantStatus, TargetGroup
from coachdesk.models.store import Store
from coachdesk.services.participants import CaseloadFilter, ParticipantService

PAGES_PER_FILTER = 10


def _filters(store: Store) -> dict[str, CaseloadFilter]:
    return {
        "coach": CaseloadFilter(coach_id=store.user_id),  # "my caseload"
        "status_introduction": CaseloadFilter(status=ParticipantStatus.INTRODUCTION),
        "status_referred": CaseloadFilter(status=ParticipantStatus.REFERRED),
        "target_group_foreign": CaseloadFilter(target_group=TargetGroup.FOREIGN_BACKGROUND),
    }


def run_diagnostics(store: Store, *, short_searches: int, seed: int = 1) -> dict[str, Any]:
    service = ParticipantService(store)
    filtered: dict[str, list[float]] = {
        name: page_times(service, filters=filters, max_pages=PAGES_PER_FILTER)
        for name, filters in _filters(store).items()}
    short = search_times(service, sample_queries(store, short_searches, seed=seed, mix=SHORT_KINDS))
    counts = [timed_ms(partial(service.count))[1] for _ in range(5)]
    every_page = [ms for times in filtered.values() for ms in times]
    return {
        "caseload_page_filtered_ms_p95_100k": round(percentile(every_page, 95), 2),
        "caseload_page_filtered_ms_p50_by_filter_100k": {
            name: round(percentile(times, 50), 2) for name, times in filtered.items()},
        "search_short_ms_p50_100k": round(percentile(short, 50), 2),
        "search_short_ms_p95_100k": round(percentile(short, 95), 2),
        "caseload_count_ms_100k": round(statistics.median(counts), 2),
    }
