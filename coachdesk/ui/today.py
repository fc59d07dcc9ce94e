"""Today (idag): the coach's week — meetings by day, what is overdue, reviews and follow-ups due, periods
ending — with attendance and outcomes recorded straight from the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.formatting import iso_date
from coachdesk.i18n import N_, _, ngettext
from coachdesk.services.agenda import Agenda, AgendaEntry, AgendaService
from coachdesk.services.attendance import AttendanceService
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.exits import ExitService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.ui import dialogs
from coachdesk.ui.outcome_dialogs import (
    AttendanceDialog,
    Day90Dialog,
    OutcomeDialog,
    ReviewDialog,
    WorkplaceFollowUpDialog,
)
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today_model import Action, AgendaModel, action_for

_RECORD_DEFAULT = N_("&Record…")
_RECORD_TEXT = {
    Action.ATTENDANCE: N_("Record &attendance…"),
    Action.REVIEW: N_("Record &review…"),
    Action.WORKPLACE_FOLLOW_UP: N_("Record &follow-up…"),
    Action.DAY_90: N_("Record &follow-up…"),
}


class TodayView(QWidget):
    """One ISO week of the coach's agenda, loaded on the database thread.

    Signals:
        loaded(): an agenda arrived and is shown.
        recorded(): an outcome was saved (the week reloads).
    """

    loaded = Signal()
    recorded = Signal()

    def __init__(self, *, agenda: AgendaService, attendance: AttendanceService, plans: PlanService,
                 placements: PlacementService, exits: ExitService, runner: TaskRunner,
                 coach_id: str | None, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agenda = agenda
        self._attendance, self._plans, self._placements, self._exits = attendance, plans, placements, exits
        self._runner = runner
        self._coach_id = coach_id
        self._today = today
        self._week = IsoWeek.of(today())
        self._generation = 0
        self._failed = False
        self._keep_entity: str | None = None
        self._dialog: OutcomeDialog | None = None
        self._model = AgendaModel(self)

        self._heading = QLabel()
        self._heading.setWordWrap(True)  # beside three buttons at large text: lines, not a wider window
        self._previous = QPushButton()
        self._this_week = QPushButton()
        self._next = QPushButton()
        self._tree = QTreeView()
        self._tree.setModel(self._model)
        self._tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setAlternatingRowColors(True)
        self._tree.setWordWrap(False)
        self._tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._tree.header().setStretchLastSection(True)
        self._status = QLabel()
        self._status.setWordWrap(True)
        self._record = QPushButton()
        self._record.setEnabled(False)

        week_row = QHBoxLayout()
        week_row.addWidget(self._heading, 1)
        for button in (self._previous, self._this_week, self._next):
            week_row.addWidget(button)
        action_row = QHBoxLayout()
        action_row.addWidget(self._status, 1)
        action_row.addWidget(self._record)
        layout = QVBoxLayout(self)
        layout.addLayout(week_row)
        layout.addWidget(self._tree, 1)
        layout.addLayout(action_row)

        self._previous.clicked.connect(lambda: self.show_week(self._week.plus(-1)))
        self._next.clicked.connect(lambda: self.show_week(self._week.plus(1)))
        self._this_week.clicked.connect(lambda: self.show_week(IsoWeek.of(self._today())))
        self._tree.activated.connect(self._on_activated)
        self._tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self._record.clicked.connect(self.record_current)
        self.retranslate()
        self.show_week(self._week)

    @property
    def model(self) -> AgendaModel:
        return self._model

    @property
    def tree(self) -> QTreeView:
        return self._tree

    @property
    def week(self) -> IsoWeek:
        return self._week

    @property
    def heading_text(self) -> str:
        return self._heading.text()

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def record_button(self) -> QPushButton:
        return self._record

    @property
    def week_buttons(self) -> tuple[QPushButton, QPushButton, QPushButton]:
        """Previous week, this week, next week."""
        return self._previous, self._this_week, self._next

    @property
    def dialog(self) -> OutcomeDialog | None:
        return self._dialog

    def show_week(self, week: IsoWeek) -> None:
        """Load ``week`` on the database thread; the list shows it when it arrives."""
        self._week = week
        self._generation += 1
        self._failed = False
        self._show_heading()
        self._status.setText(_("Loading…"))
        job = partial(self._agenda.week, week, coach_id=self._coach_id, today=self._today())
        self._runner.run_db(job, on_done=partial(self._on_loaded, self._generation),
                            on_error=partial(self._on_failed, self._generation), context=self)

    def refresh(self) -> None:
        current = self._model.entry(self._tree.currentIndex())
        self._keep_entity = current.entity_id if current is not None else None
        self.show_week(self._week)

    def select_entry(self, entry: AgendaEntry) -> None:
        for row in range(self._model.rowCount()):
            section = self._model.index(row, 0)
            for child in range(self._model.rowCount(section)):
                index = self._model.index(child, 0, section)
                if self._model.entry(index) == entry:
                    self._tree.selectionModel().setCurrentIndex(
                        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows)
                    return

    def record_current(self) -> None:
        """Open the dialog that records the selected entry's outcome."""
        entry = self._model.entry(self._tree.currentIndex())
        if entry is None or self._dialog is not None:
            return
        dialog = self._dialog_for(entry, action_for(entry))
        if dialog is None:
            return
        dialog.saved.connect(self._on_recorded)
        dialog.finished.connect(self._on_dialog_finished)
        self._dialog = dialog
        dialog.open()

    def dispose(self) -> None:
        """Forget the week and close any dialog; the app is locking."""
        self._generation += 1  # results still on their way are dropped
        if self._dialog is not None:
            self._dialog.reject()
        self._model.set_agenda(None)
        self._status.clear()

    def retranslate(self) -> None:
        self._previous.setText(_("&Previous week"))
        self._this_week.setText(_("Th&is week"))
        self._next.setText(_("&Next week"))
        self._tree.setAccessibleName(_("This week's agenda"))
        self._model.retranslate()
        self._tree.expandAll()
        self._show_heading()
        self._update_record_button()
        if self._model.agenda is not None:
            self._show_summary(self._model.agenda)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_heading(self) -> None:
        week = self._week
        text = _("Week {week}, {first} – {last}").format(
            week=week.week, first=iso_date(week.monday), last=iso_date(week.sunday))
        if week == IsoWeek.of(self._today()):
            text = _("{week} (this week)").format(week=text)
        self._heading.setText(text)
        self._this_week.setEnabled(week != IsoWeek.of(self._today()))

    def _show_summary(self, agenda: Agenda) -> None:
        if self._failed:
            return
        if agenda.is_empty:
            self._status.setText(_("Nothing is planned or due this week."))
            return
        meetings = sum(len(entries) for entries in agenda.meetings.values())
        self._status.setText(ngettext("{count} meeting this week", "{count} meetings this week",
                                      meetings).format(count=meetings))

    def _on_loaded(self, generation: int, agenda: Agenda) -> None:
        if generation != self._generation:
            return  # an older week, or the view was disposed meanwhile
        self._model.set_agenda(agenda)
        self._tree.expandAll()
        for row in range(self._model.rowCount()):
            self._tree.setFirstColumnSpanned(row, QModelIndex(), True)
        self._show_summary(agenda)
        keep, self._keep_entity = self._keep_entity, None
        kept = [e for e in self._model.entries if e.entity_id == keep]
        if kept:
            self.select_entry(kept[0])
        self._update_record_button()
        self.loaded.emit()

    def _on_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._failed = True
        self._status.setText(dialogs.error_text(exc))

    def _on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_record_button()

    def _update_record_button(self) -> None:
        entry = self._model.entry(self._tree.currentIndex())
        action = action_for(entry) if entry is not None else Action.NONE
        self._record.setText(_(_RECORD_TEXT.get(action, _RECORD_DEFAULT)))
        self._record.setEnabled(action is not Action.NONE)
        hint = ""
        if entry is not None and action is Action.NONE:
            hint = _("This is recorded in the participant's plan, not from here.")
        self._record.setToolTip(hint)

    def _on_activated(self, index: QModelIndex) -> None:
        if self._model.entry(index) is not None:
            self.record_current()

    def _dialog_for(self, entry: AgendaEntry, action: Action) -> OutcomeDialog | None:
        today = self._today()
        if action is Action.ATTENDANCE:
            return AttendanceDialog(attendance=self._attendance, runner=self._runner, entry=entry,
                                    parent=self)
        if action is Action.REVIEW:
            return ReviewDialog(plans=self._plans, runner=self._runner, entry=entry, today=today,
                                parent=self)
        if action is Action.WORKPLACE_FOLLOW_UP:
            return WorkplaceFollowUpDialog(placements=self._placements, runner=self._runner,
                                           entry=entry, today=today, parent=self)
        if action is Action.DAY_90:
            return Day90Dialog(exits=self._exits, runner=self._runner, entry=entry, today=today,
                               parent=self)
        return None

    def _on_recorded(self) -> None:
        self.recorded.emit()
        self.refresh()

    def _on_dialog_finished(self, _result: int) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._tree.setFocus()
