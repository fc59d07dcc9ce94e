"""Goals and sub-goals (mål och delmål) of the action plan, as a tree; add one, mark one achieved."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import iso_date
from coachdesk.i18n import _
from coachdesk.models import Goal
from coachdesk.models.enums import GoalOrigin, GoalStatus
from coachdesk.services import labels as domain_labels
from coachdesk.services.goals import GoalService
from coachdesk.ui import dialogs
from coachdesk.ui.record import texts
from coachdesk.ui.record.form_field import show_error
from coachdesk.ui.tasks import TaskRunner

GOAL_ID = Qt.ItemDataRole.UserRole


class GoalsView(QWidget):
    """The goal tree and a small form beneath it.

    Signals:
        changed(): a goal was added or its status changed; the record reloads.
    """

    changed = Signal()

    def __init__(self, *, goals: GoalService, runner: TaskRunner, participant_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = goals
        self._runner = runner
        self._participant_id = participant_id
        self._goals: tuple[Goal, ...] = ()
        self._tree = QTreeWidget()
        self._tree.setColumnCount(3)
        self._tree.setWordWrap(True)
        self._tree.currentItemChanged.connect(self._update_buttons)
        self._title_label = QLabel()
        self._title = QLineEdit()
        self._title_label.setBuddy(self._title)
        self._title_error = QLabel()
        self._title_error.setWordWrap(True)
        self._title_error.hide()
        self._origin_label = QLabel()
        self._origin = QComboBox()
        self._origin_label.setBuddy(self._origin)
        self._add = QPushButton()
        self._add.clicked.connect(lambda: self._on_add(sub_goal=False))
        self._add_sub = QPushButton()
        self._add_sub.clicked.connect(lambda: self._on_add(sub_goal=True))
        self._achieve = QPushButton()
        self._achieve.clicked.connect(self._on_achieve)
        self._status = QLabel()
        self._status.setWordWrap(True)

        title_box = QVBoxLayout()
        title_box.addWidget(self._title)
        title_box.addWidget(self._title_error)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self._title_label, title_box)
        form.addRow(self._origin_label, self._origin)
        buttons = QHBoxLayout()
        buttons.addWidget(self._add)
        buttons.addWidget(self._add_sub)
        buttons.addStretch(1)
        buttons.addWidget(self._achieve)
        layout = QVBoxLayout(self)
        layout.addWidget(self._tree, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self._status)
        self.retranslate()

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    @property
    def title_field(self) -> QLineEdit:
        return self._title

    @property
    def origin_field(self) -> QComboBox:
        return self._origin

    @property
    def add_button(self) -> QPushButton:
        return self._add

    @property
    def add_sub_goal_button(self) -> QPushButton:
        return self._add_sub

    @property
    def achieve_button(self) -> QPushButton:
        return self._achieve

    @property
    def title_error(self) -> str:
        return self._title_error.text() if self._title_error.isVisibleTo(self) else ""

    def show_goals(self, goals: Sequence[Goal]) -> None:
        selected = self._selected_id()
        self._goals = tuple(goals)
        self._tree.clear()
        tops: dict[str, QTreeWidgetItem] = {}
        for goal in self._goals:
            item = QTreeWidgetItem([goal.title, _(texts.GOAL_ORIGIN[goal.origin]), self._status_text(goal)])
            item.setData(0, GOAL_ID, goal.id)
            parent = tops.get(goal.parent_id) if goal.parent_id else None
            if parent is not None:
                parent.addChild(item)
            else:
                tops[goal.id] = item
                self._tree.addTopLevelItem(item)
            if goal.id == selected:
                self._tree.setCurrentItem(item)
        self._tree.expandAll()
        self._tree.resizeColumnToContents(0)
        self._tree.resizeColumnToContents(1)
        self._update_buttons()

    @staticmethod
    def _status_text(goal: Goal) -> str:
        status = _(domain_labels.GOAL_STATUS[goal.status])
        if goal.status is GoalStatus.ACHIEVED and goal.achieved_on is not None:
            return _("{status} on {date}").format(status=status, date=iso_date(goal.achieved_on))
        return status

    def _selected_id(self) -> str | None:
        item = self._tree.currentItem()
        return item.data(0, GOAL_ID) if item is not None else None

    def _selected_goal(self) -> Goal | None:
        selected = self._selected_id()
        return next((g for g in self._goals if g.id == selected), None)

    def _update_buttons(self) -> None:
        goal = self._selected_goal()
        self._add_sub.setEnabled(goal is not None and goal.parent_id is None)
        self._achieve.setEnabled(goal is not None and goal.status is GoalStatus.OPEN)

    def _on_add(self, *, sub_goal: bool) -> None:
        parent = self._selected_goal() if sub_goal else None
        if sub_goal and parent is None:
            return
        title, origin = self._title.text(), self._origin.currentData()
        service, participant_id = self._service, self._participant_id
        parent_id = parent.id if parent is not None else None
        self._set_title_error(None)
        self._runner.run_db(
            lambda: service.add(participant_id, title=title, origin=origin, parent_id=parent_id),
            on_done=self._on_added, on_error=self._on_error, context=self)

    def _on_added(self, _goal: Goal) -> None:
        self._title.clear()
        self._status.setText(_("The goal was added."))
        self.changed.emit()

    def _on_achieve(self) -> None:
        goal = self._selected_goal()
        if goal is None:
            return
        service = self._service
        self._runner.run_db(lambda: service.set_status(goal.id, GoalStatus.ACHIEVED),
                            on_done=self._on_achieved, on_error=self._on_error, context=self)

    def _on_achieved(self, _goal: Goal) -> None:
        self._status.setText(_("The goal is marked achieved."))
        self.changed.emit()

    def _on_error(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError) and "title" in exc.errors:
            self._set_title_error(exc.errors["title"])
            self._title.setFocus()
            self._status.setText(_("Nothing was saved: correct the marked field."))
        elif isinstance(exc, ValidationError):
            self._status.setText(" ".join(exc.errors.values()))
        else:
            self._status.setText(dialogs.error_text(exc))

    def _set_title_error(self, message: str | None) -> None:
        show_error(self._title_error, self._title, message)

    def retranslate(self) -> None:
        self._tree.setHeaderLabels([_("Goal"), _("Origin"), _("Status")])
        self._tree.setAccessibleName(_("Goals and sub-goals"))
        self._title_label.setText(_("Goal &title:"))
        self._origin_label.setText(_("O&rigin:"))
        current = self._origin.currentData()
        self._origin.clear()
        for origin in GoalOrigin:
            self._origin.addItem(_(texts.GOAL_ORIGIN[origin]), origin.value)
        self._origin.setCurrentIndex(max(self._origin.findData(current), 0))
        self._add.setText(_("&Add goal"))
        self._add_sub.setText(_("Add s&ub-goal to the selected goal"))
        self._achieve.setText(_("&Mark achieved"))
        self.show_goals(self._goals)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
