"""Placements (praktik, språkpraktik) and their workplace follow-ups with the supervisor (handledare)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import iso_date, ltr
from coachdesk.i18n import _
from coachdesk.services.employers import EmployerService
from coachdesk.services.labels import PLACEMENT_KIND
from coachdesk.services.placements import PlacementRow, PlacementService, WorkplaceFollowUp
from coachdesk.ui import dialogs
from coachdesk.ui.record.form_field import FormField
from coachdesk.ui.record.placement_form import PlacementForm
from coachdesk.ui.tasks import TaskRunner

ROW_ID = Qt.ItemDataRole.UserRole


class PlacementsView(QWidget):
    """The participant's placements; the selected one's follow-ups; record a visit, end early, add one.

    Signals:
        loaded(): the placements were (re)read.
        changed(): a placement was added or ended, or a follow-up recorded; the record reloads.
    """

    loaded = Signal()
    changed = Signal()

    def __init__(self, *, placements: PlacementService, employers: EmployerService, runner: TaskRunner,
                 participant_id: str, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner, self._participant_id = placements, runner, participant_id
        self._today = today
        self._rows: tuple[PlacementRow, ...] = ()
        self.placements = QTreeWidget()
        self.follow_ups = QTreeWidget()
        for tree, columns in ((self.placements, 5), (self.follow_ups, 3)):
            tree.setColumnCount(columns)
            tree.setRootIsDecorated(False)
            tree.setWordWrap(True)
        self.placements.currentItemChanged.connect(self._on_placement_selected)
        self.follow_ups.currentItemChanged.connect(self._update_buttons)
        self._visit_box, self._end_box, self._add_box = QGroupBox(), QGroupBox(), QGroupBox()
        visit_form, end_form = QFormLayout(), QFormLayout()
        for form in (visit_form, end_form):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.held_on = FormField(visit_form, QLineEdit(), ltr=True)
        self.note = FormField(visit_form, QLineEdit())
        self.last_day = FormField(end_form, QLineEdit(), ltr=True)
        self.record_button, self.end_button = QPushButton(), QPushButton()
        self.record_button.clicked.connect(self._on_record)
        self.end_button.clicked.connect(self._on_end)
        self.form = PlacementForm(placements=placements, employers=employers, runner=runner,
                                  participant_id=participant_id)
        self.form.added.connect(self._on_changed)
        visits = QVBoxLayout(self._visit_box)
        visits.addWidget(self.follow_ups)
        visits.addLayout(visit_form)
        visits.addWidget(self.record_button, 0, Qt.AlignmentFlag.AlignLeading)
        ending = QVBoxLayout(self._end_box)
        ending.addLayout(end_form)
        ending.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignLeading)
        QVBoxLayout(self._add_box).addWidget(self.form)
        self._status = QLabel()
        self._status.setWordWrap(True)
        content = QWidget()
        column = QVBoxLayout(content)
        for widget in (self.placements, self._visit_box, self._end_box, self._add_box, self._status):
            column.addWidget(widget)
        column.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._scroll)
        self.held_on.editor.setText(today().isoformat())
        self.last_day.editor.setText(today().isoformat())
        self.retranslate()

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def has_draft(self) -> bool:
        return self.form.has_draft or bool(self.note.editor.text().strip())

    def discard(self) -> None:
        self.form.discard()
        self.note.editor.clear()

    def reload(self) -> None:
        service, participant_id = self._service, self._participant_id
        self._runner.run_db(lambda: service.placements_of(participant_id), on_done=self._show,
                            on_error=self._on_error, context=self)
        self.form.reload_employers()

    def _show(self, rows: Sequence[PlacementRow]) -> None:
        self._rows = tuple(rows)
        self._render()
        self.loaded.emit()

    def _render(self) -> None:
        selected = self._selected_placement()
        self.placements.clear()
        for row in self._rows:
            period = _("{start} – {end}").format(start=iso_date(row.start_date), end=iso_date(row.end_date))
            item = QTreeWidgetItem([row.employer_name, _(PLACEMENT_KIND[row.kind]), period,
                                    ltr(str(row.hours_per_week or "")), row.supervisor_name or ""])
            item.setData(0, ROW_ID, row.id)
            self.placements.addTopLevelItem(item)
            if selected is None or row.id == selected.id:
                self.placements.setCurrentItem(item)
                selected = row
        for column in range(self.placements.columnCount()):
            self.placements.resizeColumnToContents(column)
        self._on_placement_selected()

    def _selected_placement(self) -> PlacementRow | None:
        item = self.placements.currentItem()
        chosen = item.data(0, ROW_ID) if item is not None else None
        return next((r for r in self._rows if r.id == chosen), None)

    def _selected_follow_up(self) -> WorkplaceFollowUp | None:
        placement, item = self._selected_placement(), self.follow_ups.currentItem()
        chosen = item.data(0, ROW_ID) if item is not None else None
        return next((f for f in placement.follow_ups if f.id == chosen), None) if placement else None

    def _follow_up_state(self, follow_up: WorkplaceFollowUp) -> str:
        if follow_up.done_on is not None:
            return _("Held on {date}").format(date=iso_date(follow_up.done_on))
        if follow_up.cancelled:
            return _("Cancelled")
        return _("Overdue") if follow_up.due_date < self._today() else _("Planned")

    def _on_placement_selected(self) -> None:
        placement = self._selected_placement()
        self.follow_ups.clear()
        pending = None
        for follow_up in placement.follow_ups if placement is not None else ():
            item = QTreeWidgetItem([iso_date(follow_up.due_date), self._follow_up_state(follow_up),
                                    follow_up.note or ""])
            item.setData(0, ROW_ID, follow_up.id)
            self.follow_ups.addTopLevelItem(item)
            if pending is None and follow_up.done_on is None and not follow_up.cancelled:
                pending = item
        if pending is not None:
            self.follow_ups.setCurrentItem(pending)
        self.follow_ups.resizeColumnToContents(0)
        self.follow_ups.resizeColumnToContents(1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        follow_up = self._selected_follow_up()
        self.record_button.setEnabled(follow_up is not None and follow_up.done_on is None)
        self.end_button.setEnabled(self._selected_placement() is not None)

    def _on_record(self) -> None:
        follow_up = self._selected_follow_up()
        if follow_up is None:
            return
        service, follow_up_id = self._service, follow_up.id
        day, note = self.held_on.editor.text(), self.note.editor.text()
        self.held_on.set_error(None)
        self.note.set_error(None)
        self._runner.run_db(lambda: service.record_follow_up(follow_up_id, done_on=day, note=note),
                            on_done=self._on_recorded, on_error=self._on_error, context=self)

    def _on_recorded(self, _follow_up: object) -> None:
        self.note.editor.clear()
        self._status.setText(_("The workplace follow-up was recorded."))
        self._on_changed()

    def _on_end(self) -> None:
        placement = self._selected_placement()
        if placement is None or not dialogs.confirm(self, _("End placement early"), _(
                "End the selected placement early? Its internship weeks and workplace follow-ups after "
                "the last day are cancelled.")):
            return
        service, placement_id, day = self._service, placement.id, self.last_day.editor.text()
        self.last_day.set_error(None)
        self._runner.run_db(lambda: service.end(placement_id, on=day), on_done=self._on_ended,
                            on_error=self._on_error, context=self)

    def _on_ended(self, _placement: object) -> None:
        self._status.setText(_("The placement was ended early."))
        self._on_changed()

    def _on_changed(self) -> None:
        self.changed.emit()

    def _on_error(self, exc: Exception) -> None:
        fields = {"done_on": self.held_on, "note": self.note, "end_date": self.last_day}
        if isinstance(exc, ValidationError):
            for name, message in exc.errors.items():
                if name in fields:
                    fields[name].set_error(message)
            others = [m for n, m in exc.errors.items() if n not in fields]
            self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))
        else:
            self._status.setText(dialogs.error_text(exc))

    def retranslate(self) -> None:
        self.placements.setHeaderLabels([_("Employer"), _("Kind"), _("Period"), _("Hours per week"),
                                         _("Supervisor")])
        self.placements.setAccessibleName(_("Placements"))
        self.follow_ups.setHeaderLabels([_("Due"), _("State"), _("Note")])
        self.follow_ups.setAccessibleName(_("Workplace follow-ups of the selected placement"))
        self._scroll.setAccessibleName(_("Placements and workplace follow-ups"))
        self._visit_box.setTitle(_("Workplace follow-ups of the selected placement"))
        self._end_box.setTitle(_("End the selected placement early"))
        self._add_box.setTitle(_("Add a placement"))
        self.held_on.label.setText(_("Follow-up &was held on:"))
        self.note.label.setText(_("&Note from the visit:"))
        self.last_day.label.setText(_("Last day at the workpla&ce:"))
        self.record_button.setText(_("&Record follow-up"))
        self.end_button.setText(_("End placement earl&y…"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
