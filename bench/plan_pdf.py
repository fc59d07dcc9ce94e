"""The action plan PDF: milliseconds to gather and render one participant's plan.

The participant has a full 28-week intensive plan, three goals with two sub-goals each and two
placements, in Arabic with the Swedish version after it (the longest case: two parts, two scripts).
Timed alone with ``python -m bench --only-plan-pdf``; ``make bench`` runs it with everything else.
The figure is the median of several renders after one warm-up (fonts and catalogs load once per process).
"""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

from bench.timing import stopwatch
from coachdesk.documents.plan import gather, plan_pdf
from coachdesk.models.enums import GoalOrigin, PlacementKind, Programme
from coachdesk.models.store import Store
from coachdesk.services.employers import EmployerService
from coachdesk.services.goals import GoalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.unlock import create_vault
from coachdesk.vault import KdfParams

ROUNDS = 15
START = dt.date(2026, 3, 2)  # a Monday: plan week 1 is 2026-W10
WEEKS = 28
PERSONNUMMER = "19900101-0017"
GOALS = (("Arbete inom vården", ("Ta körkort", "Undersköterskeutbildning")),
         ("Svenska på B-nivå", ("Klara SFI kurs C", "Språkpraktik varje vecka")),
         ("Eget CV", ("Skriva CV", "Öva på intervju")))
_BENCH_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)


def add_full_plan(store: Store, templates: TemplateLibrary, *, language: str = "ar",
                  start: dt.date = START) -> str:
    """A participant with a 28-week intensive plan, 3 goals with 2 sub-goals each and 2 placements."""
    person = ParticipantService(store).create({
        "given_name": "Amina", "family_name": "Ali", "personnummer": PERSONNUMMER,
        "primary_language": language, "interpreter_needed": True, "interpreter_language": language})
    PlanService(store, templates).enrol(person.id, Programme.INTENSIVE, start, length_weeks=WEEKS)
    goals = GoalService(store)
    for title, subs in GOALS:
        goal = goals.add(person.id, title=title, origin=GoalOrigin.PARTICIPANT_WISH,
                         target_date=start + dt.timedelta(weeks=WEEKS))
        for sub in subs:
            goals.add(person.id, title=sub, origin=GoalOrigin.EMPLOYABILITY, parent_id=goal.id)
    employers = EmployerService(store)
    placements = PlacementService(store, templates)
    for number, (name, supervisor, kind) in enumerate((
            ("Krokoms vårdcentral", "Karin Handledare", PlacementKind.INTERNSHIP),
            ("Bageriet i Östersund", "Olle Bagare", PlacementKind.LANGUAGE_INTERNSHIP))):
        employer = employers.create({"name": name})
        contact = employers.add_contact(employer.id, {"name": supervisor, "is_supervisor": True})
        first = start + dt.timedelta(weeks=4 + 10 * number)
        placements.create(person.id, employer_id=employer.id, kind=kind, start=first,
                          end=first + dt.timedelta(weeks=8, days=-3), hours_per_week=20,
                          supervisor_id=contact.id)
    return person.id


def run_plan_pdf(folder: Path, *, rounds: int = ROUNDS) -> dict[str, Any]:
    store = create_vault(folder, "bench plan pdf passphrase", kdf=_BENCH_KDF)
    try:
        templates = TemplateLibrary.load()
        participant_id = add_full_plan(store, templates)
        today = dt.date.today()
        plan_pdf(gather(store, participant_id, templates=templates), "ar", today=today)  # warm-up
        times: list[float] = []
        size = 0
        for _round in range(rounds):
            with stopwatch() as watch:
                data = plan_pdf(gather(store, participant_id, templates=templates), "ar", today=today)
            times.append(watch.seconds * 1000)
            size = len(data)
        with stopwatch() as rendering:
            plan_pdf(gather(store, participant_id, templates=templates), "sv", today=today)
    finally:
        store.close()
    return {"plan_pdf_ms": round(statistics.median(times), 1),
            "plan_pdf_swedish_only_ms": round(rendering.seconds * 1000, 1),
            "plan_pdf_bytes": size}
