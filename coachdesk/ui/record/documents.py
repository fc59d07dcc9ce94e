"""Documents (bilagor) kept inside the encrypted record, opened through a temporary copy on request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from babel.numbers import format_decimal
from PySide6.QtCore import QEvent, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.formatting import ltr
from coachdesk.i18n import _, current_language, ngettext
from coachdesk.services.attachments import AttachmentService, DocumentInfo
from coachdesk.ui import dialogs
from coachdesk.ui.record.form_field import show_error
from coachdesk.ui.tasks import TaskRunner

DOCUMENT_ID = Qt.ItemDataRole.UserRole
_KIB = 1024


def size_text(size: int) -> str:
    """A file size for people: bytes, kB or MB, with the language's decimal sign."""
    if size < _KIB:
        return ngettext("{n} byte", "{n} bytes", size).format(n=size)
    unit = _("{size} kB") if size < _KIB * _KIB else _("{size} MB")
    value = size / _KIB if size < _KIB * _KIB else size / (_KIB * _KIB)
    return unit.format(size=format_decimal(value, format="#,##0.#", locale=current_language()))


def _added(document: DocumentInfo) -> str:
    local = document.added_at.replace(tzinfo=dt.UTC).astimezone()  # stored as naive UTC
    return ltr(f"{local:%Y-%m-%d %H:%M}")


class DocumentsView(QWidget):
    """The list of documents with add, open, save-a-copy and remove.

    Plaintext copies opened from here are removed by ``discard_copies()`` (the record calls it when it
    closes or the app locks).

    Signals:
        loaded(): the list was (re)read.
    """

    loaded = Signal()

    def __init__(self, *, attachments: AttachmentService, runner: TaskRunner, participant_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner, self._participant_id = attachments, runner, participant_id
        self._documents: tuple[DocumentInfo, ...] = ()
        self._copies: list[Path] = []
        self.documents = QTreeWidget()
        self.documents.setColumnCount(4)
        self.documents.setRootIsDecorated(False)
        self.documents.currentItemChanged.connect(self._update_buttons)
        self.add_button, self.open_button = QPushButton(), QPushButton()
        self.export_button, self.remove_button = QPushButton(), QPushButton()
        for button, slot in ((self.add_button, self._on_add), (self.open_button, self._on_open),
                             (self.export_button, self._on_export), (self.remove_button, self._on_remove)):
            button.clicked.connect(slot)
        self._error, self._status = QLabel(), QLabel()
        self._error.setWordWrap(True)
        self._error.hide()
        self._status.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.documents, 1)
        layout.addWidget(self._error)
        layout.addLayout(buttons)
        layout.addWidget(self._status)
        self.retranslate()

    @property
    def error_text(self) -> str:
        return self._error.text() if not self._error.isHidden() else ""

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def open_copies(self) -> tuple[Path, ...]:
        return tuple(self._copies)

    def reload(self) -> None:
        service, participant_id = self._service, self._participant_id
        self._runner.run_db(lambda: service.documents(participant_id), on_done=self._show,
                            on_error=self._on_error, context=self)

    def discard_copies(self) -> None:
        """Remove the temporary plaintext copies opened from this record."""
        copies, self._copies = self._copies, []
        for path in copies:
            self._service.discard_copy(path)

    def _show(self, documents: Sequence[DocumentInfo]) -> None:
        self._documents = tuple(documents)
        self._render()
        self.loaded.emit()

    def _render(self) -> None:
        selected = self._selected()
        self.documents.clear()
        for document in self._documents:
            item = QTreeWidgetItem([document.filename, document.mime_type, size_text(document.size),
                                    _added(document)])
            item.setData(0, DOCUMENT_ID, document.id)
            self.documents.addTopLevelItem(item)
            if selected is not None and document.id == selected.id:
                self.documents.setCurrentItem(item)
        for column in range(self.documents.columnCount()):
            self.documents.resizeColumnToContents(column)
        self._update_buttons()

    def _selected(self) -> DocumentInfo | None:
        item = self.documents.currentItem()
        chosen = item.data(0, DOCUMENT_ID) if item is not None else None
        return next((d for d in self._documents if d.id == chosen), None)

    def _update_buttons(self) -> None:
        chosen = self._selected() is not None
        for button in (self.open_button, self.export_button, self.remove_button):
            button.setEnabled(chosen)

    def _on_add(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Add a document"), self._folder())
        if not path or not self.window().isVisible():  # cancelled, or the app locked meanwhile
            return
        service, participant_id = self._service, self._participant_id
        self._set_error(None)
        self._runner.run_db(lambda: service.add(participant_id, Path(path)), on_done=self._on_added,
                            on_error=self._on_error, context=self)

    def _on_added(self, _document: DocumentInfo) -> None:
        self._status.setText(_("The document was added to the record."))
        self.reload()

    def _on_open(self) -> None:
        document = self._selected()
        if document is None or not dialogs.confirm(self, _("Open a temporary copy"), _(
                "To open the document in another program, CoachDesk must write an unencrypted copy of it "
                "to a private temporary folder on this computer. The copy is removed when you close the "
                "record or CoachDesk locks. Open the document?")):
            return
        service, document_id = self._service, document.id
        self._runner.run_db(lambda: service.open_copy(document_id), on_done=self._on_copy_written,
                            on_error=self._on_error, context=self)

    def _on_copy_written(self, path: Path) -> None:
        if not self.window().isVisible():  # the record closed or the app locked while the copy was written
            self._service.discard_copy(path)
            return
        self._copies.append(path)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._status.setText(_("The document was opened in another program."))
        else:
            self._copies.remove(path)
            self._service.discard_copy(path)
            self._status.setText(_("No program on this computer could open the document. Save a copy "
                                   "instead and open it from there."))

    def _on_export(self) -> None:
        document = self._selected()
        if document is None or not dialogs.confirm(self, _("Save a copy"), _(
                "The copy you save is not encrypted: anyone who can reach that folder can read it. Save "
                "it only where the participant's documents may be kept. Continue?")):
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Save a copy as"),
                                                    str(Path(self._folder()) / document.filename))
        if not path or not self.window().isVisible():
            return
        service, document_id = self._service, document.id
        self._runner.run_db(lambda: service.export(document_id, Path(path)), on_done=self._on_exported,
                            on_error=self._on_error, context=self)

    def _on_exported(self, _result: None) -> None:
        self._status.setText(_("A copy of the document was saved."))

    def _on_remove(self) -> None:
        document = self._selected()
        if document is None or not dialogs.confirm(self, _("Remove document"), _(
                "Remove the selected document from the record? Its content is deleted and cannot be "
                "brought back.")):
            return
        service, document_id = self._service, document.id
        self._runner.run_db(lambda: service.remove(document_id), on_done=self._on_removed,
                            on_error=self._on_error, context=self)

    def _on_removed(self, _result: None) -> None:
        self._status.setText(_("The document was removed."))
        self.reload()

    @staticmethod
    def _folder() -> str:
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def _on_error(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._set_error(" ".join(exc.errors.values()))
            self._status.setText(_("Nothing was saved."))
        else:
            self._status.setText(dialogs.error_text(exc))

    def _set_error(self, message: str | None) -> None:
        show_error(self._error, self.add_button, message)

    def retranslate(self) -> None:
        self.documents.setHeaderLabels([_("Name"), _("Type"), _("Size"), _("Added")])
        self.documents.setAccessibleName(_("Documents"))
        self.add_button.setText(_("&Add a document…"))
        self.open_button.setText(_("Op&en…"))
        self.export_button.setText(_("Save a cop&y as…"))
        self.remove_button.setText(_("&Remove…"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
