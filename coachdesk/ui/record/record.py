"""The participant record (deltagarakt): overview, intake, plan, goals, placements, journal, documents
and exit, each in its own tab."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from coachdesk.i18n import N_, _
from coachdesk.models.store import Store
from coachdesk.services.attachments import AttachmentService
from coachdesk.services.employers import EmployerService
from coachdesk.services.exits import ExitService
from coachdesk.services.goals import GoalService
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.services.record_snapshot import Snapshot, read_snapshot
from coachdesk.services.review import ReviewService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui import dialogs
from coachdesk.ui.record.documents import DocumentsView
from coachdesk.ui.record.exit_view import ExitView
from coachdesk.ui.record.goals import GoalsView
from coachdesk.ui.record.intake import IntakeForm
from coachdesk.ui.record.journal import JournalView
from coachdesk.ui.record.overview import OverviewView
from coachdesk.ui.record.placements import PlacementsView
from coachdesk.ui.record.plan_actions import PlanActions
from coachdesk.ui.record.record_exports import RecordExports
from coachdesk.ui.record.timeline import TimelineView
from coachdesk.ui.tasks import TaskRunner


class ParticipantRecord(QWidget):
    """One participant's record in tabs. The host calls ``confirm_leave()`` before replacing it.

    Signals:
        loaded(): the participant, plan and goals were (re)read and shown.
        load_failed(str): they could not be read; the text says what to do.
        participant_saved(str): the intake form saved the participant with this id.
    """

    loaded = Signal()
    load_failed = Signal(str)
    participant_saved = Signal(str)

    def __init__(self, *, store: Store, participants: ParticipantService, goals: GoalService,
                 journal: JournalService, exits: ExitService, runner: TaskRunner, participant_id: str,
                 placements: PlacementService | None = None, employers: EmployerService | None = None,
                 attachments: AttachmentService | None = None, plans: PlanService | None = None,
                 templates: TemplateLibrary | None = None,
                 now: Callable[[], dt.datetime] = dt.datetime.now, parent: QWidget | None = None) -> None:
        """``placements``, ``employers``, ``attachments``, ``plans`` and ``templates`` default to services
        over ``store`` with the built-in programme templates; the shell passes the workspace's own."""
        super().__init__(parent)
        templates = templates or TemplateLibrary.load()
        plans = plans or PlanService(store, templates)
        placements = placements or PlacementService(store, templates)
        employers = employers or EmployerService(store)
        attachments = attachments or AttachmentService(store)
        self._store, self._participants, self._goals = store, participants, goals
        self._runner = runner
        self._participant_id = participant_id
        self._snapshot: Snapshot | None = None
        self._heading = QLabel()
        self._heading.setWordWrap(True)
        self._heading.setTextFormat(Qt.TextFormat.PlainText)
        self._heading.setAccessibleName(_("Participant"))
        self._tabs = QTabWidget()
        def today() -> dt.date:
            return now().date()

        self.overview = OverviewView(now=now, exports=RecordExports(
            store=store, templates=templates, runner=runner, participant_id=participant_id))
        self.intake = IntakeForm(participants=participants, runner=runner, participant_id=participant_id,
                                 interpreting=InterpreterService(store))
        self.timeline = TimelineView(today=today)
        self.plan_actions = PlanActions(plans=plans, templates=templates, runner=runner,
                                        participant_id=participant_id, today=today,
                                        reviews=ReviewService(store))
        plan_page = QWidget()
        plan_page.setObjectName("plan")
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.addWidget(self.plan_actions)
        plan_layout.addWidget(self.timeline, 1)
        self.goals = GoalsView(goals=goals, runner=runner, participant_id=participant_id)
        self.placements = PlacementsView(placements=placements, employers=employers, runner=runner,
                                         participant_id=participant_id, today=today)
        self.journal = JournalView(journal=journal, runner=runner, participant_id=participant_id)
        self.documents = DocumentsView(attachments=attachments, runner=runner, participant_id=participant_id)
        self.exit = ExitView(exits=exits, runner=runner, participant_id=participant_id, today=today)
        self._pages: list[tuple[QWidget, str]] = [
            (self.overview, N_("&Overview")), (self.intake, N_("&Intake and mapping")),
            (plan_page, N_("&Plan")), (self.goals, N_("&Goals")), (self.placements, N_("P&lacements")),
            (self.journal, N_("&Journal")), (self.documents, N_("&Documents")), (self.exit, N_("E&xit"))]
        for page, _title in self._pages:
            self._tabs.addTab(page, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addWidget(self._tabs, 1)

        self.intake.saved.connect(self._on_intake_saved)
        self.goals.changed.connect(self.refresh)
        self.exit.changed.connect(self.refresh)
        self.placements.changed.connect(self.refresh)
        self.plan_actions.changed.connect(self.refresh)
        self.retranslate()
        self.refresh()
        self.journal.reload()

    @property
    def participant_id(self) -> str:
        return self._participant_id

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    @property
    def has_unsaved_changes(self) -> bool:
        return self.intake.is_dirty or self.journal.has_draft or self.placements.has_draft

    def refresh(self) -> None:
        """Read the participant, plan, goals, placements and documents again (the journal reads its own)."""
        store, participants, goals, participant_id = (self._store, self._participants, self._goals,
                                                      self._participant_id)
        self._runner.run_db(lambda: read_snapshot(store, participants, goals, participant_id),
                            on_done=self._on_loaded, on_error=self._on_load_error, context=self)
        self.placements.reload()
        self.documents.reload()

    def _on_loaded(self, snapshot: Snapshot) -> None:
        first = self._snapshot is None
        self._snapshot = snapshot
        person = snapshot.participant
        self._heading.setText(f"{person.given_name} {person.family_name}")
        self.overview.show_snapshot(snapshot)
        if first or not self.intake.is_dirty:  # never overwrite the coach's unsaved edits
            self.intake.set_participant(person)
        self.timeline.show_plan(snapshot.plan)
        self.plan_actions.show_plan(snapshot.plan)
        self.goals.show_goals(snapshot.goals)
        self.exit.show_plan(snapshot.plan)
        self.loaded.emit()

    def _on_load_error(self, exc: Exception) -> None:
        message = dialogs.error_text(exc)
        self._heading.setText(message)
        self.load_failed.emit(message)

    def _on_intake_saved(self, _participant: object) -> None:
        self.participant_saved.emit(self._participant_id)
        self.refresh()

    def confirm_leave(self) -> bool:
        """True when the record may close: nothing unsaved, or the user chose to leave without saving."""
        if not self.has_unsaved_changes:
            return True
        if dialogs.confirm(self, _("Unsaved changes"),
                           _("This record has changes that are not saved. Leave without saving them?")):
            self.intake.discard()
            self.journal.editor.clear()
            self.placements.discard()
            return True
        self._tabs.setCurrentWidget(self.intake if self.intake.is_dirty
                                    else self.journal if self.journal.has_draft else self.placements)
        return False

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirm_leave():
            event.accept()
        else:
            event.ignore()

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed, or hidden by the lock (not minimised, which is spontaneous): no plaintext copy may stay.
        if not event.spontaneous():
            self.documents.discard_copies()
        super().hideEvent(event)

    def retranslate(self) -> None:
        for index, (_page, title) in enumerate(self._pages):
            self._tabs.setTabText(index, _(title))
        self._tabs.setAccessibleName(_("Participant record"))
        self.setWindowTitle(_("Participant record"))
        self._tabs.tabBar().setAccessibleName(_("Parts of the record"))
        self._heading.setAccessibleName(_("Participant"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
