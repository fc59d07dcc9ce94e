"""The employer register's list: search-as-you-type on the name (or organisation number), and a count."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.formatting import ltr
from coachdesk.i18n import _, ngettext
from coachdesk.services.employers import EmployerRow, EmployerService
from coachdesk.ui import dialogs
from coachdesk.ui.employers.fields import plain_label
from coachdesk.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 200
LIST_LIMIT = 500
EMPLOYER_ID = Qt.ItemDataRole.UserRole


class EmployerList(QWidget):
    """Search field, the employers found, their count and a button for a new one.

    The list only reports a choice; the page beside it decides whether to follow it (``mark``).

    Signals:
        loaded(): the employers (all, or those matching the search) arrived and are shown.
        chosen(str): the user moved to the employer with this id.
        new_requested(): the user asked to register a new employer.
    """

    loaded = Signal()
    chosen = Signal(str)
    new_requested = Signal()

    def __init__(self, *, employers: EmployerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._employers, self._runner = employers, runner
        self._rows: tuple[EmployerRow, ...] = ()
        self._marked: str | None = None
        self._generation = 0
        self._loaded = self._disposed = False
        self._search = QLineEdit()
        self._search.setClearButtonEnabled(True)
        self._search_label = QLabel()
        self._search_label.setBuddy(self._search)
        self._tree = QTreeWidget()
        self._tree.setRootIsDecorated(False)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setColumnCount(3)
        self._status = plain_label()
        self._new = QPushButton()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        search_row = QHBoxLayout()
        search_row.addWidget(self._search_label)
        search_row.addWidget(self._search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self._tree, 1)
        layout.addWidget(self._status)
        layout.addWidget(self._new)
        self._search.textChanged.connect(self._on_text_changed)
        self._debounce.timeout.connect(self.refresh)
        self._tree.currentItemChanged.connect(self._on_current_changed)
        self._new.clicked.connect(self.new_requested)
        self.retranslate()

    @property
    def search_field(self) -> QLineEdit:
        return self._search

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    @property
    def new_button(self) -> QPushButton:
        return self._new

    @property
    def status_text(self) -> str:
        return self._status.text()

    @property
    def rows(self) -> tuple[EmployerRow, ...]:
        return self._rows

    def refresh(self) -> None:
        """Read the list again: every employer, or those matching the search."""
        if self._disposed:
            return
        self._debounce.stop()
        self._generation += 1
        job = partial(self._employers.search, self._search.text(), limit=LIST_LIMIT)
        self._runner.run_db(job, on_done=partial(self._on_rows, self._generation),
                            on_error=partial(self._on_error, self._generation), context=self)

    def mark(self, employer_id: str | None) -> None:
        """Select ``employer_id`` (None: nothing) without reporting it as a choice."""
        self._marked = employer_id
        self._tree.blockSignals(True)
        self._tree.setCurrentIndex(QModelIndex())
        for index in range(self._tree.topLevelItemCount()):
            item = self._tree.topLevelItem(index)
            if item is not None and employer_id is not None and item.data(0, EMPLOYER_ID) == employer_id:
                self._tree.setCurrentItem(item)
        self._tree.blockSignals(False)

    def dispose(self) -> None:
        """Drop every row and the search, and ignore results still on their way (the app is locking)."""
        self._disposed = True
        self._debounce.stop()
        self._generation += 1
        self._search.blockSignals(True)
        self._search.clear()
        self._search.blockSignals(False)
        self._show(())
        self._status.clear()

    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()  # restarts: one search once typing pauses

    def _on_rows(self, generation: int, rows: list[EmployerRow]) -> None:
        if generation == self._generation and not self._disposed:
            self._loaded = True
            self._show(rows)
            self._show_count()
            self.loaded.emit()

    def _on_error(self, generation: int, exc: Exception) -> None:
        if generation == self._generation and not self._disposed:
            self._status.setText(dialogs.error_text(exc))

    def _show(self, rows: list[EmployerRow] | tuple[EmployerRow, ...]) -> None:
        self._rows = tuple(rows)
        self._tree.blockSignals(True)
        self._tree.clear()
        for row in self._rows:
            item = QTreeWidgetItem([row.name, ltr(row.org_number), row.municipality or ""])
            item.setData(0, EMPLOYER_ID, row.id)
            self._tree.addTopLevelItem(item)
        self._tree.blockSignals(False)
        self.mark(self._marked)  # the employer shown stays selected when it is among the results
        self._tree.resizeColumnToContents(0)

    def _show_count(self) -> None:
        count = len(self._rows)
        if count >= LIST_LIMIT:
            self._status.setText(_("Showing the first {count} employers: search to narrow the list.")
                                 .format(count=count))
        elif self._search.text().strip():
            self._status.setText(ngettext("{count} employer matches", "{count} employers match", count)
                                 .format(count=count))
        else:
            self._status.setText(ngettext("{count} employer", "{count} employers", count).format(count=count))

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        employer_id = current.data(0, EMPLOYER_ID) if current is not None else None
        if employer_id is not None and employer_id != self._marked:
            self.chosen.emit(employer_id)

    def retranslate(self) -> None:
        self._search_label.setText(_("Sea&rch:"))
        self._search.setPlaceholderText(_("Name or organisation number"))
        self._search.setAccessibleName(_("Search employers"))
        self._tree.setHeaderLabels([_("Name"), _("Organisation number"), _("Municipality")])
        self._tree.setAccessibleName(_("Employers"))
        self._new.setText(_("Ne&w employer"))
        if self._loaded and not self._disposed:
            self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
