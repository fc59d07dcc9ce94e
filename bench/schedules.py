"""Programme schedules: plans built per second (pure), and enrolments saved through PlanService per second.

The pure builds draw random starts over four years (year ends and every holiday included), both
programmes, every allowed length and up to two pauses. The saved ones go into the scale vault, the
100,000-person one, enrolling participants who were referred but not yet enrolled.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.scale import PASSPHRASE
from bench.timing import percentile, stopwatch
from coachdesk.models import Enrollment, Participant
from coachdesk.models.enums import Programme
from coachdesk.models.store import Store
from coachdesk.services.plans import PlanService
from coachdesk.services.schedule import PauseSpan, build_schedule
from coachdesk.services.synthetic import generate
from coachdesk.services.templates import ProgrammeTemplate, TemplateLibrary
from coachdesk.unlock import unlock_vault

FIRST_START = dt.date(2025, 1, 1)
START_DAYS = 4 * 365
MEETING_TIMES = (dt.time(9), dt.time(10), dt.time(13), dt.time(14))


def _case(rng: random.Random, template: ProgrammeTemplate) -> dict[str, Any]:
    """Keyword arguments for one build_schedule call."""
    start = FIRST_START + dt.timedelta(days=rng.randrange(START_DAYS))
    weeks = rng.randint(template.length_weeks.min, template.length_weeks.max)
    pauses = [PauseSpan(start + dt.timedelta(weeks=rng.randint(1, weeks - 1)), rng.randint(1, 8))
              for _ in range(rng.choice((0, 0, 1, 2)))]
    return {"start": start, "length_weeks": weeks, "meeting_weekday": rng.randint(1, 5),
            "meeting_time": rng.choice(MEETING_TIMES), "pauses": pauses}


def pure_builds(library: TemplateLibrary, *, builds: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    templates = [library.default_for(Programme.INTRODUCTION), library.default_for(Programme.INTENSIVE)]
    cases = [(template, _case(rng, template)) for template in (rng.choice(templates) for _ in range(builds))]
    # The holiday calendar of each year is loaded once per process; load them before the clock starts.
    for year in range(FIRST_START.year, FIRST_START.year + START_DAYS // 365 + 2):
        build_schedule(templates[1], start=dt.date(year, 1, 1), length_weeks=templates[1].length_weeks.max)
    with stopwatch() as building:
        activities = sum(len(build_schedule(template, **case).activities) for template, case in cases)
    return {"schedules_built": builds, "schedules_per_s": round(builds / building.seconds, 1),
            "schedule_activities_per_s": round(activities / building.seconds)}


def _not_enrolled(store: Store, count: int) -> list[str]:
    with store.session() as session:
        enrolled = select(Enrollment.participant_id)
        return list(session.scalars(select(Participant.id).where(Participant.id.not_in(enrolled))
                                    .order_by(Participant.id).limit(count)))


def persisted_enrolments(store: Store, library: TemplateLibrary, *, enrolments: int,
                         seed: int) -> dict[str, Any]:
    """Enrol referred participants, half in the introduction and half straight into the intensive plan."""
    waiting = _not_enrolled(store, enrolments)
    if len(waiting) < enrolments:  # a small vault: refer some more people first (not timed)
        generate(store, participants=enrolments - len(waiting), seed=seed + 1, programmes=False)
        waiting = _not_enrolled(store, enrolments)
    rng = random.Random(seed)
    plans = PlanService(store, library)
    today = dt.date.today()
    times: list[float] = []
    with stopwatch() as enrolling:
        for n, participant_id in enumerate(waiting):
            intensive = n % 2 == 1
            start = today + dt.timedelta(days=rng.randint(-28, 28))
            with stopwatch() as one:
                plans.enrol(participant_id, Programme.INTENSIVE if intensive else Programme.INTRODUCTION,
                            start, length_weeks=rng.randint(26, 30) if intensive else None,
                            meeting_weekday=rng.randint(1, 5), meeting_time=rng.choice(MEETING_TIMES))
            times.append(one.seconds * 1000)
    return {"persisted_plans": len(times),
            "persisted_plans_per_s": round(len(times) / enrolling.seconds, 1),
            "persisted_plan_ms_p95": round(percentile(times, 95), 2)}


def run_schedules(scale_vault: Path, *, builds: int, enrolments: int, seed: int = 1) -> dict[str, Any]:
    """Pure builds, then enrolments into the vault the scale section made (left in ``scale_vault``)."""
    library = TemplateLibrary.load()
    figures = pure_builds(library, builds=builds, seed=seed)
    store, _timings = unlock_vault(scale_vault, PASSPHRASE)
    try:
        figures |= persisted_enrolments(store, library, enrolments=enrolments, seed=seed)
    finally:
        store.close()
    return figures
