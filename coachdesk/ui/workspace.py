"""The services of one unlocked vault, built together and dropped together when the app locks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coachdesk.models.store import Store
from coachdesk.services.agenda import AgendaService
from coachdesk.services.attachments import AttachmentService
from coachdesk.services.attendance import AttendanceService
from coachdesk.services.employers import EmployerService
from coachdesk.services.exits import ExitService
from coachdesk.services.goals import GoalService
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.services.templates import TemplateLibrary


@dataclass(frozen=True)
class Workspace:
    """What the widgets of an unlocked session work with; handed to them as keyword arguments."""

    store: Store
    data_dir: Path
    templates: TemplateLibrary
    participants: ParticipantService
    plans: PlanService
    agenda: AgendaService
    attendance: AttendanceService
    placements: PlacementService
    exits: ExitService
    goals: GoalService
    employers: EmployerService
    journal: JournalService
    attachments: AttachmentService

    @classmethod
    def open(cls, store: Store, data_dir: Path) -> Workspace:
        """Build the services over ``store``; the programme templates are the office's, from ``data_dir``.

        Raises ``TemplateError`` (a sentence for the user) when an office template cannot be read.
        """
        templates = TemplateLibrary.for_data_dir(data_dir)
        return cls(
            store=store,
            data_dir=data_dir,
            templates=templates,
            participants=ParticipantService(store),
            plans=PlanService(store, templates),
            agenda=AgendaService(store),
            attendance=AttendanceService(store),
            placements=PlacementService(store, templates),
            exits=ExitService(store, templates),
            goals=GoalService(store),
            employers=EmployerService(store),
            journal=JournalService(store),
            attachments=AttachmentService(store),
        )

    @property
    def coach_id(self) -> str:
        """The signed-in coach, whose caseload the Today view shows."""
        return self.store.user_id

    def close(self) -> None:
        """Remove documents' temporary plaintext copies and drop every database connection.

        Call it on the database thread, after pending work (so no copy is still being written).
        """
        try:
            self.attachments.discard_all_copies()
        finally:
            self.store.close()
