"""Services of the programme issue over one real vault, and a way to prove a refused change saved nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select

from coachdesk.models import Base
from coachdesk.models.store import Store
from coachdesk.services.attendance import AttendanceService
from coachdesk.services.employers import EmployerService
from coachdesk.services.exits import ExitService
from coachdesk.services.goals import GoalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.services.templates import TemplateLibrary

_M = TypeVar("_M")


@dataclass
class Programmes:
    store: Store
    participants: ParticipantService
    plans: PlanService
    goals: GoalService
    attendance: AttendanceService
    placements: PlacementService
    exits: ExitService
    employers: EmployerService

    @classmethod
    def over(cls, store: Store, library: TemplateLibrary | None = None) -> Programmes:
        templates = library or TemplateLibrary.load()
        return cls(
            store,
            ParticipantService(store),
            PlanService(store, templates),
            GoalService(store),
            AttendanceService(store),
            PlacementService(store, templates),
            ExitService(store, templates),
            EmployerService(store),
        )

    def person(self, given: str = "Amina", family: str = "Ali") -> str:
        return self.participants.create({"given_name": given, "family_name": family}).id

    def row_counts(self) -> dict[str, int]:
        """Every table's row count, audit trail included: a refused change must leave all of them alone."""
        with self.store.session() as session:
            return {
                table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }

    def rows(self, model: type[_M], **where: Any) -> list[_M]:
        with self.store.session() as session:
            query = select(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return list(session.scalars(query))
