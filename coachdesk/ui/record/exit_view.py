"""Exit (avslut) with its destination, and the 90-day follow-up that the funder's indicators ask for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import iso_date
from coachdesk.i18n import _
from coachdesk.services import labels as domain_labels
from coachdesk.services.exits import DAY_90_OUTCOMES, EXIT_DESTINATIONS, ExitService
from coachdesk.services.record_snapshot import FollowUpRow, PlanData
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.record import texts
from coachdesk.ui.record.form_field import FormField
from coachdesk.ui.tasks import TaskRunner


def _date_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


class ExitView(QWidget):
    """Record the exit, then see and record the 90-day follow-up.

    Signals:
        changed(): an exit or a follow-up was recorded; the record reloads.
    """

    changed = Signal()

    def __init__(self, *, exits: ExitService, runner: TaskRunner, participant_id: str,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner, self._participant_id = exits, runner, participant_id
        self._today = today
        self._plan = PlanData()
        self._exit_box, self._follow_box = QGroupBox(), QGroupBox()
        self._exit_state, self._follow_state = QLabel(), QLabel()
        for label in (self._exit_state, self._follow_state):
            label.setWordWrap(True)
        exit_form, follow_form = QFormLayout(), QFormLayout()
        for form in (exit_form, follow_form):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._exit_date = FormField(exit_form, _date_edit())
        self._destination = FormField(exit_form, QComboBox())
        self._done_on = FormField(follow_form, _date_edit())
        self._outcome = FormField(follow_form, QComboBox())
        self._improved = FormField(follow_form, QComboBox())
        self._record_exit, self._record_follow = QPushButton(), QPushButton()
        self._record_exit.clicked.connect(self._on_exit)
        self._record_follow.clicked.connect(self._on_follow_up)
        self._exit_form_widget, self._follow_form_widget = QWidget(), QWidget()
        for widget, form, button in ((self._exit_form_widget, exit_form, self._record_exit),
                                     (self._follow_form_widget, follow_form, self._record_follow)):
            inner = QVBoxLayout(widget)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addLayout(form)
            inner.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        for box, state, widget in ((self._exit_box, self._exit_state, self._exit_form_widget),
                                   (self._follow_box, self._follow_state, self._follow_form_widget)):
            inner = QVBoxLayout(box)
            inner.addWidget(state)
            inner.addWidget(widget)
        self._status = QLabel()
        self._status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._exit_box)
        layout.addWidget(self._follow_box)
        layout.addWidget(self._status)
        layout.addStretch(1)
        self._exit_date.editor.setText(self._today().isoformat())
        self.retranslate()

    @property
    def exit_date_field(self) -> QLineEdit:
        return self._exit_date.editor

    @property
    def destination_field(self) -> QComboBox:
        return self._destination.editor

    @property
    def record_exit_button(self) -> QPushButton:
        return self._record_exit

    @property
    def follow_up_fields(self) -> tuple[QLineEdit, QComboBox, QComboBox]:
        """The 90-day follow-up's date done, outcome and "chances improved" fields."""
        return self._done_on.editor, self._outcome.editor, self._improved.editor

    @property
    def record_follow_up_button(self) -> QPushButton:
        return self._record_follow

    @property
    def follow_up_text(self) -> str:
        return self._follow_state.text()

    @property
    def exit_text(self) -> str:
        return self._exit_state.text()

    def show_plan(self, plan: PlanData) -> None:
        self._plan = plan
        self._render()

    def _pending_follow_up(self) -> FollowUpRow | None:
        return next((f for f in reversed(self._plan.day_90) if f.done_on is None), None)

    def _render(self) -> None:
        latest = self._plan.exits[-1] if self._plan.exits else None
        if latest is None:
            self._exit_state.setText(_("The participant has not exited."))
        else:
            self._exit_state.setText(_("Exited on {date} to: {destination}.").format(
                date=iso_date(latest.exit_date), destination=domain_labels.destination(latest.destination)))
        self._exit_form_widget.setVisible(latest is None)
        lines = []
        for follow_up in self._plan.day_90:
            if follow_up.done_on is None:
                lines.append(_("Due on {date}, not yet done.").format(date=iso_date(follow_up.due_date)))
            else:
                lines.append(_("Done on {date}: {outcome}. Chances of work improved: {improved}.").format(
                    date=iso_date(follow_up.done_on),
                    outcome=domain_labels.destination(follow_up.outcome) if follow_up.outcome else "",
                    improved=texts.yes_no(follow_up.chances_improved)))
        self._follow_state.setText("\n".join(lines) or _("Scheduled when the participant exits."))
        self._follow_form_widget.setVisible(self._pending_follow_up() is not None)

    def _on_exit(self) -> None:
        day, where = self._exit_date.editor.text(), self._destination.editor.currentData()
        if not dialogs.confirm(self, _("Record exit"), _(
                "Record the exit? Everything still planned after the exit date is cancelled.")):
            return
        service, participant_id = self._service, self._participant_id
        for field in (self._exit_date, self._destination):
            field.set_error(None)
        self._runner.run_db(lambda: service.exit(participant_id, exit_date=day, destination=where),
                            on_done=self._on_saved, on_error=self._on_error, context=self)

    def _on_follow_up(self) -> None:
        follow_up = self._pending_follow_up()
        if follow_up is None:
            return
        day, outcome = self._done_on.editor.text(), self._outcome.editor.currentData()
        improved = self._improved.editor.currentData()
        service, follow_up_id = self._service, follow_up.id
        for field in (self._done_on, self._outcome, self._improved):
            field.set_error(None)
        self._runner.run_db(
            lambda: service.record_day_90(follow_up_id, done_on=day, outcome=outcome,
                                          chances_improved=improved),
            on_done=self._on_saved, on_error=self._on_error, context=self)

    def _on_saved(self, _row: object) -> None:
        self._status.setText(_("Saved."))
        announce(self._status, self._status.text())
        self.changed.emit()

    def _on_error(self, exc: Exception) -> None:
        fields: dict[str, FormField[QLineEdit] | FormField[QComboBox]] = {
            "exit_date": self._exit_date, "destination": self._destination, "done_on": self._done_on,
                  "outcome": self._outcome, "chances_improved": self._improved}
        if isinstance(exc, ValidationError):
            for name, message in exc.errors.items():
                if name in fields:
                    fields[name].set_error(message)
            others = [m for n, m in exc.errors.items() if n not in fields]
            self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))
        else:
            self._status.setText(dialogs.error_text(exc))
        announce(self._status, self._status.text(), assertive=True)

    def retranslate(self) -> None:
        self._exit_box.setTitle(_("Exit"))
        self._follow_box.setTitle(_("90-day follow-up"))
        self._exit_date.label.setText(_("Exit da&te:"))
        self._destination.label.setText(_("Desti&nation:"))
        self._done_on.label.setText(_("Follow-&up done on:"))
        self._outcome.label.setText(_("&Where the participant is now:"))
        self._improved.label.setText(_("Participant feels &chances of work improved:"))
        self._record_exit.setText(_("&Record exit…"))
        self._record_follow.setText(_("Record &follow-up"))
        for field, options in (
                (self._destination, [(d.value, domain_labels.destination(d)) for d in EXIT_DESTINATIONS]),
                (self._outcome, [(d.value, domain_labels.destination(d)) for d in DAY_90_OUTCOMES]),
                (self._improved, [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))])):
            combo = field.editor
            current = combo.currentData()
            combo.clear()
            for code, text in options:
                combo.addItem(text, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
