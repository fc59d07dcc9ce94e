"""The journal (journalanteckningar): append-only; a correction is a new entry, the old one stays visible."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import ltr
from coachdesk.i18n import _
from coachdesk.models import JournalEntry
from coachdesk.services.journal import JournalLine, JournalService
from coachdesk.ui import dialogs
from coachdesk.ui.record.form_field import show_error
from coachdesk.ui.tasks import TaskRunner

ENTRY_ID = Qt.ItemDataRole.UserRole


def _written(entry: JournalEntry) -> str:
    return ltr(f"{entry.written_at:%Y-%m-%d %H:%M}")


class JournalView(QWidget):
    """Entries oldest first with their correction marks, and an editor for a new entry or a correction.

    Signals:
        loaded(): the entries were (re)read.
    """

    loaded = Signal()

    def __init__(self, *, journal: JournalService, runner: TaskRunner, participant_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = journal
        self._runner = runner
        self._participant_id = participant_id
        self._lines: tuple[JournalLine, ...] = ()
        self._correcting: JournalEntry | None = None
        self._list = QTreeWidget()
        self._list.setColumnCount(2)
        self._list.setRootIsDecorated(False)
        self._list.setWordWrap(True)
        self._list.setUniformRowHeights(False)
        self._list.currentItemChanged.connect(self._update_buttons)
        self._editor_label = QLabel()
        self._editor_label.setWordWrap(True)
        self._editor = QPlainTextEdit()
        self._editor.setTabChangesFocus(True)
        self._editor_label.setBuddy(self._editor)
        self._error = QLabel()
        self._error.setWordWrap(True)
        self._error.hide()
        self._write = QPushButton()
        self._write.clicked.connect(self._on_write)
        self._correct = QPushButton()
        self._correct.clicked.connect(self._on_correct)
        self._cancel = QPushButton()
        self._cancel.clicked.connect(self._end_correction)
        self._cancel.hide()
        self._status = QLabel()
        self._status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self._correct)
        buttons.addStretch(1)
        buttons.addWidget(self._cancel)
        buttons.addWidget(self._write)
        layout = QVBoxLayout(self)
        layout.addWidget(self._list, 2)
        layout.addWidget(self._editor_label)
        layout.addWidget(self._editor, 1)
        layout.addWidget(self._error)
        layout.addLayout(buttons)
        layout.addWidget(self._status)
        self.retranslate()

    @property
    def entries(self) -> QTreeWidget:
        return self._list

    @property
    def editor(self) -> QPlainTextEdit:
        return self._editor

    @property
    def write_button(self) -> QPushButton:
        return self._write

    @property
    def correct_button(self) -> QPushButton:
        return self._correct

    @property
    def has_draft(self) -> bool:
        return bool(self._editor.toPlainText().strip())

    def reload(self) -> None:
        service, participant_id = self._service, self._participant_id
        self._runner.run_db(lambda: service.entries(participant_id), on_done=self._show,
                            on_error=self._on_error, context=self)

    def _show(self, lines: Sequence[JournalLine]) -> None:
        self._lines = tuple(lines)
        self._render()
        self.loaded.emit()

    def _render(self) -> None:
        written = {line.entry.id: line.entry for line in self._lines}
        self._list.clear()
        for line in self._lines:
            notes = []
            corrects = written.get(line.entry.corrects_id or "")
            if corrects is not None:
                notes.append(_("Corrects the entry written {date}").format(date=_written(corrects)))
            later = written.get(line.corrected_by or "")
            if later is not None:
                notes.append(_("Corrected: see the entry written {date}").format(date=_written(later)))
            # The mark goes above the text, so a narrow window or large text never hides the entry itself.
            item = QTreeWidgetItem([_written(line.entry), "\n".join([*notes, line.entry.body])])
            item.setData(0, ENTRY_ID, line.entry.id)
            self._list.addTopLevelItem(item)
        self._list.resizeColumnToContents(0)
        newest = self._list.topLevelItem(self._list.topLevelItemCount() - 1)
        if newest is not None:
            self._list.scrollToItem(newest)
        self._update_buttons()

    def _selected(self) -> JournalEntry | None:
        item = self._list.currentItem()
        entry_id = item.data(0, ENTRY_ID) if item is not None else None
        return next((line.entry for line in self._lines if line.entry.id == entry_id), None)

    def _update_buttons(self) -> None:
        self._correct.setEnabled(self._selected() is not None and self._correcting is None)

    def _on_correct(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        self._correcting = entry
        self._editor.setPlainText(entry.body)
        self._cancel.show()
        self.retranslate()
        self._editor.setFocus()

    def _end_correction(self) -> None:
        self._correcting = None
        self._editor.clear()
        self._cancel.hide()
        self._set_error(None)
        self.retranslate()

    def _on_write(self) -> None:
        body, service = self._editor.toPlainText(), self._service
        self._set_error(None)
        if self._correcting is not None:
            entry_id = self._correcting.id
            self._runner.run_db(lambda: service.correct(entry_id, body), on_done=self._on_written,
                                on_error=self._on_error, context=self)
        else:
            participant_id = self._participant_id
            self._runner.run_db(lambda: service.write(participant_id, body), on_done=self._on_written,
                                on_error=self._on_error, context=self)

    def _on_written(self, entry: JournalEntry) -> None:
        self._status.setText(_("The correction was saved as a new entry.") if entry.corrects_id
                             else _("The entry was saved."))
        self._end_correction()
        self.reload()

    def _on_error(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError) and "body" in exc.errors:
            self._set_error(exc.errors["body"])
            self._editor.setFocus()
            self._status.setText(_("Nothing was saved."))
        else:
            self._status.setText(dialogs.error_text(exc))

    def _set_error(self, message: str | None) -> None:
        show_error(self._error, self._editor, message)

    def retranslate(self) -> None:
        self._list.setHeaderLabels([_("Written"), _("Entry")])
        self._list.setAccessibleName(_("Journal entries"))
        if self._correcting is not None:
            self._editor_label.setText(_("C&orrection of the entry written {date}:").format(
                date=_written(self._correcting)))
            self._write.setText(_("&Save correction"))
        else:
            self._editor_label.setText(_("&New journal entry:"))
            self._write.setText(_("&Write entry"))
        self._correct.setText(_("&Correct the selected entry"))
        self._cancel.setText(_("Ca&ncel correction"))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._render()
        super().changeEvent(event)
