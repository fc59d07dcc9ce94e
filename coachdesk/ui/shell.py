"""What the unlocked window shows: a navigation list beside the current view (Today, Caseload, …).

Review and Dashboard are a supervisor's (the role the sync server gave at sign-in): hidden otherwise, and a
supervisor's record windows open read-only, since the server takes no edits from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from coachdesk.i18n import N_, _
from coachdesk.models.enums import Role
from coachdesk.services import access
from coachdesk.services.dashboard import DashboardService
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.review import ReviewService
from coachdesk.ui.caseload import CaseloadView
from coachdesk.ui.dashboard import DashboardView
from coachdesk.ui.employers import EmployersView
from coachdesk.ui.interpreting_view import InterpretingView
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.record.record import ParticipantRecord
from coachdesk.ui.review import ReviewView
from coachdesk.ui.review.read_only import make_read_only
from coachdesk.ui.settings_view import SettingsView
from coachdesk.ui.sync.conflicts_view import ConflictsView
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today import TodayView
from coachdesk.ui.workspace import Workspace

VIEW_NAMES: dict[View, str] = {
    View.TODAY: N_("Today"),
    View.CASELOAD: N_("Caseload"),
    View.EMPLOYERS: N_("Employers"),
    View.SETTINGS: N_("Settings"),
    View.CONFLICTS: N_("Conflicts"),
    View.REVIEW: N_("Review"),
    View.DASHBOARD: N_("Dashboard"),
}
VIEWS = tuple(VIEW_NAMES)
SUPERVISOR_VIEWS = frozenset({View.REVIEW, View.DASHBOARD})


class Shell(QWidget):
    """Navigation and the views of one unlocked workspace.

    Signals:
        view_changed(str): the ``View`` now shown, by value.
        supervisor_changed(bool): whether the signed-in role is a supervisor's (read at start and after
            each sync); the supervisor's views are shown only then.
    """

    view_changed = Signal(str)
    supervisor_changed = Signal(bool)

    def __init__(self, *, workspace: Workspace, runner: TaskRunner, preferences: Preferences,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today_fn = today
        self._workspace, self._runner = workspace, runner
        self._today = self._make_today()
        self._caseload = CaseloadView(participants=workspace.participants, runner=runner)
        self._records: dict[str, ParticipantRecord] = {}
        self._caseload.participant_activated.connect(self.open_record)
        self._employers = EmployersView(employers=workspace.employers, runner=runner)
        self._employers.participant_activated.connect(self.open_record)
        self._settings = SettingsView(preferences=preferences, data_dir=workspace.data_dir)
        self._conflicts = ConflictsView(store=workspace.store, runner=runner)
        self._reviews = ReviewService(workspace.store)
        self._supervisor, self._role_known, self._wanted = False, False, View.TODAY
        self._interpreting: InterpretingView | None = None
        self._review = ReviewView(reviews=self._reviews, runner=runner, today=today)
        self._review.participant_activated.connect(self.open_record)
        self._dashboard = DashboardView(dashboard=DashboardService(workspace.store), runner=runner,
                                        today=today)
        self._pages: dict[View, QWidget] = {
            View.TODAY: self._today, View.CASELOAD: self._caseload,
            View.EMPLOYERS: self._employers, View.SETTINGS: self._settings, View.CONFLICTS: self._conflicts,
            View.REVIEW: self._review, View.DASHBOARD: self._dashboard,
        }
        self._stack = QStackedWidget()
        self._navigation = QListWidget()
        self._navigation.setObjectName("navigation")
        # As wide as its longest name at the current text size and language, no wider.
        self._navigation.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self._navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._navigation.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        for view in VIEWS:
            self._stack.addWidget(self._pages[view])
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, view.value)
            self._navigation.addItem(item)
        self._row = layout = QHBoxLayout(self)
        layout.addWidget(self._navigation)
        layout.addWidget(self._stack, 1)
        self._navigation.currentRowChanged.connect(self._on_row_changed)
        self._show_supervisor_views(False)
        self.retranslate()
        self.check_role()

    @property
    def today(self) -> TodayView:
        return self._today

    @property
    def caseload(self) -> CaseloadView:
        return self._caseload

    @property
    def employers(self) -> EmployersView:
        return self._employers

    @property
    def settings(self) -> SettingsView:
        return self._settings

    @property
    def conflicts(self) -> ConflictsView:
        return self._conflicts

    @property
    def review(self) -> ReviewView:
        return self._review

    @property
    def dashboard(self) -> DashboardView:
        return self._dashboard

    @property
    def is_supervisor(self) -> bool:
        return self._supervisor

    def check_role(self) -> None:
        """Read the signed-in role again (on the database thread) and show or hide the supervisor's views."""
        self._runner.run_db(self._reviews.is_supervisor, on_done=self._on_role, on_error=lambda _exc: None,
                            context=self)
        store = self._workspace.store
        self._runner.run_db(lambda: access.role(store) is Role.INTERPRETER, on_done=self._on_interpreter,
                            on_error=lambda _exc: None, context=self)

    def _on_interpreter(self, interpreter: bool) -> None:
        """An interpreter's device shows their sessions only (the services refuse everything else too)."""
        if interpreter and self._interpreting is None:
            self._interpreting = InterpretingView(
                interpreting=InterpreterService(self._workspace.store), runner=self._runner)
            self._row.addWidget(self._interpreting, 1)
        self._navigation.setVisible(not interpreter)
        self._stack.setVisible(not interpreter)
        if self._interpreting is not None:
            self._interpreting.setVisible(interpreter)
            self._interpreting.refresh() if interpreter else None

    def _on_role(self, supervisor: bool) -> None:
        changed = supervisor != self._supervisor
        self._supervisor = supervisor
        self._show_supervisor_views(supervisor)
        if changed:
            self.supervisor_changed.emit(supervisor)
        first, self._role_known = not self._role_known, True
        if supervisor and first and self._wanted in SUPERVISOR_VIEWS:
            self.show_view(self._wanted)  # the view remembered from last time, now that the role is known
        elif not supervisor and self.current_view in SUPERVISOR_VIEWS:
            self.show_view(View.TODAY)

    def _show_supervisor_views(self, shown: bool) -> None:
        for view in SUPERVISOR_VIEWS:
            self._navigation.setRowHidden(VIEWS.index(view), not shown)

    @property
    def navigation(self) -> QListWidget:
        return self._navigation

    @property
    def current_view(self) -> View:
        return VIEWS[max(self._stack.currentIndex(), 0)]

    def page(self, view: View) -> QWidget:
        return self._pages[view]

    def show_view(self, view: View) -> None:
        """Switch to ``view`` and put the keyboard focus in it (a supervisor's view: Today for others)."""
        self._wanted = view
        if view in SUPERVISOR_VIEWS and not self._supervisor:
            view = View.TODAY
        self._navigation.setCurrentRow(VIEWS.index(view))
        self._focus(view)

    @property
    def open_records(self) -> dict[str, ParticipantRecord]:
        return dict(self._records)

    def open_record(self, participant_id: str) -> ParticipantRecord:
        """Show a participant's record in its own window (one per participant), raising it if open."""
        record = self._records.get(participant_id)
        if record is None:
            workspace = self._workspace
            record = ParticipantRecord(
                store=workspace.store, participants=workspace.participants, goals=workspace.goals,
                journal=workspace.journal, exits=workspace.exits, placements=workspace.placements,
                employers=workspace.employers, attachments=workspace.attachments, plans=workspace.plans,
                templates=workspace.templates, runner=self._runner, participant_id=participant_id,
                parent=self)
            record.setWindowFlag(Qt.WindowType.Window)
            record.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            record.destroyed.connect(lambda *_args: self._records.pop(participant_id, None))
            self._records[participant_id] = record
            if self._supervisor:
                make_read_only(record)
                record.loaded.connect(lambda: make_read_only(record))
        record.show()
        record.raise_()
        record.activateWindow()
        return record

    def reload(self) -> None:
        """Rows arrived from the sync server: show them."""
        self._today.refresh()
        self._caseload.model.refresh()
        self._employers.refresh()
        self._conflicts.refresh()
        self.check_role()
        if self._supervisor:
            self._review.refresh()
            self._dashboard.refresh()

    def owner_changed(self) -> None:
        """The first sign-in gave the vault's owner the server's id: Today shows that coach's week."""
        old, self._today = self._today, self._make_today()
        self._pages[View.TODAY] = self._today
        self._stack.insertWidget(self._stack.indexOf(old), self._today)
        self._stack.removeWidget(old)
        old.dispose()
        old.deleteLater()
        self.reload()

    def _make_today(self) -> TodayView:
        workspace = self._workspace
        return TodayView(agenda=workspace.agenda, attendance=workspace.attendance, plans=workspace.plans,
                         placements=workspace.placements, exits=workspace.exits, runner=self._runner,
                         coach_id=workspace.coach_id, today=self._today_fn)

    def dispose(self) -> None:
        """Drop every row, close dialogs and record windows: the app is locking."""
        self._today.dispose()
        self._caseload.dispose()
        self._employers.dispose()
        self._conflicts.dispose()
        self._review.dispose()
        self._dashboard.dispose()
        if self._interpreting is not None:
            self._interpreting.dispose()
        for record in self._records.values():
            # Locking does not ask about unsaved edits: decrypted data must go now.
            record.hide()
            record.deleteLater()
        self._records.clear()

    def retranslate(self) -> None:
        self._navigation.setAccessibleName(_("Views"))
        for row, view in enumerate(VIEWS):
            item = self._navigation.item(row)
            item.setText(_(VIEW_NAMES[view]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _focus(self, view: View) -> None:
        targets: dict[View, QWidget] = {
            View.TODAY: self._today.tree, View.CASELOAD: self._caseload.search_field,
            View.EMPLOYERS: self._employers.search_field, View.SETTINGS: self._settings.text_size,
            View.CONFLICTS: self._conflicts.list, View.REVIEW: self._review.pending,
            View.DASHBOARD: self._dashboard.reload_button,
        }
        targets.get(view, self._navigation).setFocus()

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        self._stack.setCurrentIndex(row)
        if VIEWS[row] is View.REVIEW:
            self._review.refresh()
        elif VIEWS[row] is View.DASHBOARD:
            self._dashboard.refresh()
        self.view_changed.emit(VIEWS[row].value)
