"""Small forms in a dialog: labelled fields, the service's messages under them, Save and Cancel.

A refusal (``ValidationError``) shows each message under its field and saves nothing; any other error
shows one sentence that never quotes data. Saving runs on the database thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.i18n import N_, _
from coachdesk.ui import dialogs
from coachdesk.ui.tasks import TaskRunner

SaveCall = Callable[[], object]


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # ISO in every language, like every date in CoachDesk
    edit.calendarWidget().setFirstDayOfWeek(Qt.DayOfWeek.Monday)  # ISO weeks, whatever the locale says
    return edit


def day_of(edit: QDateEdit) -> dt.date:
    value = edit.date()
    return dt.date(value.year(), value.month(), value.day())


def note_edit() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    return edit


class FormDialog(QDialog):
    """The frame every small form shares: a summary, labelled fields with inline errors, Save/Cancel.

    Subclasses add fields with ``add_field`` and say what to save in ``save_call``. Opened with
    ``open()`` (window-modal, no nested event loop); it closes only once the service accepted.

    Signals:
        saved(): the service stored the form; the dialog closes. ``result_value`` holds its answer.
    """

    saved = Signal()
    # Translators: the verb, a window title for "record this" (each form sets its own title).
    TITLE = N_("Record something")

    def __init__(self, *, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._result_value: object = None
        self._captions: list[tuple[QLabel, str]] = []
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._summary = QLabel()
        self._summary.setWordWrap(True)
        self._form = QFormLayout()
        # A long caption (a question) at large text goes above its field rather than squeezing it.
        self._form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._problem = QLabel()
        self._problem.setObjectName("problem")
        self._problem.setWordWrap(True)
        self._problem.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                         | QDialogButtonBox.StandardButton.Cancel)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._summary)
        self._layout.addLayout(self._form)
        self._layout.addWidget(self._problem)
        self._layout.addWidget(self._buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        # Room for a sentence at any text size: measured in characters of the current font, not pixels. A
        # strut, not a minimum width, so that the fields' own least width (larger at large text) still holds.
        self._layout.addSpacerItem(QSpacerItem(self.fontMetrics().averageCharWidth() * 48, 0,
                                               QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum))

    @property
    def save_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Save)

    @property
    def result_value(self) -> object:
        """What the service returned on saving (e.g. the new row); None before."""
        return self._result_value

    def field(self, name: str) -> QWidget:
        return self._inputs[name]

    def error_for(self, name: str) -> str:
        """The message shown beside a field ('' when none)."""
        label = self._errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    @property
    def problem_text(self) -> str:
        return self._problem.text() if self._problem.isVisibleTo(self) else ""

    def add_field(self, name: str, caption: str, widget: QWidget) -> None:
        """A row: ``caption`` (a source string, with a mnemonic) buddied to ``widget``, an error below."""
        label = QLabel()
        label.setBuddy(widget)
        error = QLabel()
        error.setObjectName(f"{name}_error")
        error.setWordWrap(True)
        error.hide()
        self._form.addRow(label, widget)
        self._form.addRow(error)  # the whole width: a message is longer than a field
        self._captions.append((label, caption))
        self._errors[name], self._inputs[name] = error, widget

    def summary_text(self) -> str:
        """The sentence above the fields, in the current language ('' for none)."""
        return ""

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.TITLE))
        summary = self.summary_text()
        self._summary.setText(summary)
        self._summary.setVisible(bool(summary))
        for label, caption in self._captions:
            label.setText(_(caption))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def save_call(self) -> SaveCall:
        """The service call for the inputs as they are now; plain values only, no widgets."""
        raise NotImplementedError

    def _submit(self) -> None:
        self._clear_errors()
        self._set_busy(True)
        self._runner.run_db(self.save_call(), on_done=self._on_saved, on_error=self._on_failed,
                            context=self)

    def _set_busy(self, busy: bool) -> None:
        self._buttons.setEnabled(not busy)
        for widget in self._inputs.values():
            widget.setEnabled(not busy)

    def _clear_errors(self) -> None:
        for label in (*self._errors.values(), self._problem):
            label.clear()
            label.hide()
        for widget in self._inputs.values():
            widget.setAccessibleDescription("")

    def _on_saved(self, result: object) -> None:
        self._result_value = result
        self._set_busy(False)
        self.saved.emit()
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, ValidationError):
            self._problem.setText(dialogs.error_text(exc))
            self._problem.show()
            self._fit_height()
            return
        first: QWidget | None = None
        for name, message in exc.errors.items():
            if name in self._errors:
                self._errors[name].setText(message)
                self._errors[name].show()
                self._inputs[name].setAccessibleDescription(message)
                first = first or self._inputs[name]
            else:  # about the record as a whole, e.g. already recorded elsewhere
                self._problem.setText(message)
                self._problem.show()
        self._fit_height()
        if first is not None:
            first.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()  # a caption wrapped above its field (large text) needs the height of two rows

    def _fit_height(self) -> None:
        # A top-level window does not grow by itself for wrapped text that appears later.
        self._layout.activate()
        needed = self._layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
