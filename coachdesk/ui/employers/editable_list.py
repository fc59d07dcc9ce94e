"""An employer's rows (contacts, agreements) above a form that adds one or edits the selected one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.ui import dialogs
from coachdesk.ui.announce import announce
from coachdesk.ui.employers.fields import Field, FieldSet, Raw, plain_label
from coachdesk.ui.tasks import TaskRunner

ROW_ID = Qt.ItemDataRole.UserRole
Job = Callable[[], object]


class Row(Protocol):
    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class ListTexts:
    """A list's own wording, already translated."""

    headers: tuple[str, ...]
    list_name: str
    form_title: str
    add: str
    save: str
    clear: str
    added: str


class EditableList(QWidget):
    """The list, and a form below it; subclasses say what the rows are and which service calls save them.

    Signals:
        changed(): a row was added or changed; the employer's page reloads.
        save_failed(): a save was refused (the messages are shown beside the fields).
    """

    changed = Signal()
    save_failed = Signal()

    def __init__(self, *, runner: TaskRunner, fields: tuple[Field, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._employer_id: str | None = None
        self._editing: str | None = None
        self._rows: tuple[Row, ...] = ()
        self._tree = QTreeWidget()
        self._tree.setRootIsDecorated(False)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setWordWrap(True)
        self._tree.currentItemChanged.connect(self._on_current_changed)
        self._fields = FieldSet(fields)
        self._box = QGroupBox()
        box_layout = QVBoxLayout(self._box)
        box_layout.addLayout(self._fields.layout)
        self._add = QPushButton()
        self._add.clicked.connect(self._on_add)
        self._save = QPushButton()
        self._save.clicked.connect(self._on_save)
        self._clear = QPushButton()
        self._clear.clicked.connect(self._on_clear)
        buttons = QHBoxLayout()
        buttons.addWidget(self._clear)
        buttons.addStretch(1)
        buttons.addWidget(self._save)
        buttons.addWidget(self._add)
        box_layout.addLayout(buttons)
        self._status = plain_label()
        # The form scrolls: at large text it is taller than the main window may be on a 1366×768 screen.
        form = QScrollArea()
        form.setWidgetResizable(True)
        form.setFrameShape(QFrame.Shape.NoFrame)
        form.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to its fields, and it scrolls to them
        form.setWidget(self._box)
        layout = QVBoxLayout(self)
        layout.addWidget(self._tree, 1)
        layout.addWidget(form, 1)
        layout.addWidget(self._status)
        self._update_buttons()

    # -- what subclasses say ------------------------------------------------------------------------

    def _cells(self, row: Row) -> list[str]:
        raise NotImplementedError

    def _add_job(self, employer_id: str, fields: dict[str, object]) -> Job:
        raise NotImplementedError

    def _update_job(self, row_id: str, fields: dict[str, object]) -> Job:
        raise NotImplementedError

    def _texts(self) -> ListTexts:
        raise NotImplementedError

    # -- what tests and the view read ---------------------------------------------------------------

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    @property
    def add_button(self) -> QPushButton:
        return self._add

    @property
    def save_button(self) -> QPushButton:
        return self._save

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def editing_id(self) -> str | None:
        return self._editing

    @property
    def is_dirty(self) -> bool:
        return self._fields.is_dirty

    def editor(self, name: str) -> QWidget:
        return self._fields.editor(name)

    def error_text(self, name: str) -> str:
        return self._fields.error_text(name, self)

    def values(self) -> dict[str, Raw]:
        return self._fields.values()

    # -- showing rows -------------------------------------------------------------------------------

    def set_employer(self, employer_id: str | None) -> None:
        """Start afresh for another employer (None: none yet): no rows, an empty form."""
        self._employer_id = employer_id
        self._editing = None
        self._fields.load(None)
        self._status.clear()
        self.show_rows(())

    def show_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows``; the row being edited stays selected, and the form keeps what is typed."""
        self._rows = tuple(rows)
        if self._editing is not None and all(row.id != self._editing for row in self._rows):
            self._editing = None  # removed meanwhile: what is typed may still be added as new
        self._tree.blockSignals(True)
        self._tree.clear()
        for row in self._rows:
            item = QTreeWidgetItem(self._cells(row))
            item.setData(0, ROW_ID, row.id)
            self._tree.addTopLevelItem(item)
            if row.id == self._editing:
                self._tree.setCurrentItem(item)
        self._tree.blockSignals(False)
        for column in range(self._tree.columnCount() - 1):
            self._tree.resizeColumnToContents(column)
        self._update_buttons()

    def dispose(self) -> None:
        """Forget the rows and whatever is typed (the app is locking)."""
        self.set_employer(None)

    def _on_current_changed(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        row_id = current.data(0, ROW_ID) if current is not None else None
        if row_id is None or row_id == self._editing:
            return
        if self.is_dirty and not self._confirm_drop():
            self._select_quietly(previous)  # back to the row still in the form
            return
        self._editing = row_id
        self._fields.load(next(row for row in self._rows if row.id == row_id))
        self._status.clear()
        self._update_buttons()

    def _select_quietly(self, item: QTreeWidgetItem | None) -> None:
        self._tree.blockSignals(True)
        if item is None:
            self._tree.setCurrentIndex(QModelIndex())
        else:
            self._tree.setCurrentItem(item)
        self._tree.blockSignals(False)

    def _confirm_drop(self) -> bool:
        return dialogs.confirm(self, _("Unsaved changes"),
                               _("The form has changes that are not saved. Leave without saving them?"))

    def _update_buttons(self) -> None:
        self._add.setEnabled(self._employer_id is not None)
        self._save.setEnabled(self._editing is not None)

    # -- saving -------------------------------------------------------------------------------------

    def _on_add(self) -> None:
        if self._employer_id is None:
            return
        values = {name: value for name, value in self._fields.values().items() if value not in ("", False)}
        self._run(self._add_job(self._employer_id, self._fields.for_service(values)), added=True)

    def _on_save(self) -> None:
        if self._editing is None:
            return
        changes = self._fields.changes()
        if not changes:
            self._status.setText(_("There are no changes to save."))
            return
        self._run(self._update_job(self._editing, self._fields.for_service(changes)), added=False)

    def _run(self, job: Job, *, added: bool) -> None:
        self._fields.clear_errors()
        self._add.setEnabled(False)
        self._save.setEnabled(False)
        self._status.setText(_("Saving…"))
        employer_id = self._employer_id  # a reply for an employer no longer shown is ignored
        self._runner.run_db(job, on_done=lambda saved: self._on_saved(employer_id, saved, added=added),
                            on_error=lambda exc: self._on_error(employer_id, exc), context=self)

    def _on_saved(self, employer_id: str | None, saved: object, *, added: bool) -> None:
        if employer_id != self._employer_id:
            return
        if added:
            self._editing = None
            self._select_quietly(None)
            self._fields.load(None)
            self._status.setText(self._texts().added)
        else:
            self._fields.load(saved)
            self._status.setText(_("Saved."))
        announce(self._status, self._status.text())
        self._update_buttons()
        self.changed.emit()

    def _on_error(self, employer_id: str | None, exc: Exception) -> None:
        if employer_id != self._employer_id:
            return
        self._update_buttons()
        if isinstance(exc, ValidationError):
            others = self._fields.show_errors(exc.errors)
            self._status.setText(" ".join([_("Nothing was saved: correct the marked fields."), *others]))
        else:
            self._status.setText(dialogs.error_text(exc))
        announce(self._status, self._status.text(), assertive=True)
        self.save_failed.emit()

    def _on_clear(self) -> None:
        if self.is_dirty and not self._confirm_drop():
            return
        self._editing = None
        self._select_quietly(None)
        self._fields.load(None)
        self._status.clear()
        self._update_buttons()

    # -- language -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        texts = self._texts()
        self._fields.retranslate()
        self._tree.setHeaderLabels(list(texts.headers))
        self._tree.setAccessibleName(texts.list_name)
        self._box.setTitle(texts.form_title)
        self._add.setText(texts.add)
        self._save.setText(texts.save)
        self._clear.setText(texts.clear)
        self.show_rows(self._rows)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

