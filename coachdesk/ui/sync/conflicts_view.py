"""The Conflicts view: changes made on two devices at once, for a person to settle, and changes the
server refused, in plain words, for the coach to read and dismiss.

Resolving writes the chosen value as a normal edit and dismisses the record; both reach every device of
the account at the next sync (the view asks for one soon).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _, pgettext
from coachdesk.models.store import Store
from coachdesk.sync.conflicts import resolve_conflict
from coachdesk.ui import dialogs
from coachdesk.ui.sync.conflict_detail import ConflictDetail
from coachdesk.ui.sync.records import ConflictItem, ConflictsPage, dismiss_rejections, load
from coachdesk.ui.tasks import TaskRunner

_GROUP = Qt.ItemDataRole.UserRole


class ConflictsView(QWidget):
    """Signals:
        loaded(): the lists show what the database holds now.
        resolved(): a conflict was settled (worth a sync soon: the other devices should know).
    """

    loaded = Signal()
    resolved = Signal()

    def __init__(self, *, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store, self._runner = store, runner
        self._page = ConflictsPage([], [])
        self._generation = 0
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._list_label = QLabel()
        self._list_label.setWordWrap(True)  # long sentences in some languages: lines, not a wider window
        self.list = QListWidget()
        self.list.setObjectName("conflicts")
        self._list_label.setBuddy(self.list)
        self.detail = ConflictDetail()
        self.detail.chosen.connect(self._on_chosen)
        self.list.currentRowChanged.connect(self._on_current)
        self._refused_label = QLabel()
        self._refused_label.setWordWrap(True)
        self.refused = QTreeWidget()
        self.refused.setObjectName("refused")
        self.refused.setRootIsDecorated(False)
        self.refused.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.refused.setWordWrap(True)
        self._refused_label.setBuddy(self.refused)
        self.dismiss = QPushButton()
        self.dismiss.setObjectName("dismiss")
        self.dismiss.clicked.connect(lambda: self._dismiss(self._selected_groups()))
        self.dismiss_all = QPushButton()
        self.dismiss_all.setObjectName("dismiss_all")
        self.dismiss_all.clicked.connect(lambda: self._dismiss([(g.table, g.reason)
                                                                for g in self._page.rejections]))
        self._status = QLabel()
        self._status.setObjectName("status")
        self._status.setWordWrap(True)
        self._lay_out()
        self.retranslate()
        self._show_page()

    def _lay_out(self) -> None:
        top = QWidget()
        top_layout = QHBoxLayout(top)
        left = QVBoxLayout()
        left.addWidget(self._list_label)
        left.addWidget(self.list)
        top_layout.addLayout(left, 1)
        top_layout.addWidget(self.detail, 2)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.addWidget(self._refused_label)
        bottom_layout.addWidget(self.refused)
        buttons = QHBoxLayout()
        buttons.addWidget(self.dismiss)
        buttons.addWidget(self.dismiss_all)
        buttons.addStretch(1)
        bottom_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self._status)

    @property
    def page(self) -> ConflictsPage:
        return self._page

    def refresh(self) -> None:
        """Read the conflicts and refused changes again (on the database thread)."""
        self._generation += 1
        self._runner.run_db(partial(load, self._store), on_done=partial(self._on_loaded, self._generation),
                            on_error=self._on_failed, context=self)

    def dispose(self) -> None:
        """Locking: forget every value shown."""
        self._generation += 1
        self._page = ConflictsPage([], [])
        self._show_page()

    def retranslate(self) -> None:
        self._intro.setText(_("A conflict is a field changed on two devices before they synced. The later "
                              "change is kept everywhere; check it and keep the other value, or type the "
                              "right one, if it is not what should stay."))
        self._list_label.setText(_("C&onflicts waiting:"))
        self._refused_label.setText(_("Changes the server &refused (they stay as they are on this "
                                      "computer but reach no one else):"))
        # Translators: a column header naming the kind of record (participant, goal, …), a noun.
        self.refused.setHeaderLabels([pgettext("column", "Record"), _("Why"), _("How many"),
                                      _("Last refused")])
        self.dismiss.setText(_("&Dismiss"))
        self.dismiss.setToolTip(_("Forget the chosen refused changes: you have read them"))
        self.dismiss_all.setText(_("Dismiss a&ll"))
        if self.isVisible() or self._page.conflicts or self._page.rejections:
            self.refresh()  # the descriptions are in the language they were loaded in
        else:
            self._show_page()  # nothing loaded in another language: only the status line to redo

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_loaded(self, generation: int, page: ConflictsPage) -> None:
        if generation != self._generation:
            return
        self._page = page
        self._show_page()
        self.loaded.emit()

    def _on_failed(self, exc: Exception) -> None:
        self.detail.set_busy(False)
        self._status.setText(dialogs.error_text(exc))

    def _show_page(self) -> None:
        page = self._page
        current = self.detail.item.id if self.detail.item is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for item in page.conflicts:
            row = QListWidgetItem(_("{record} — {field}").format(record=item.record, field=item.field))
            row.setData(_GROUP, item.id)
            self.list.addItem(row)
        self.list.blockSignals(False)
        ids = [item.id for item in page.conflicts]
        self.list.setCurrentRow(ids.index(current) if current in ids else (0 if ids else -1))
        self._on_current(self.list.currentRow())
        self.refused.clear()
        for group in page.rejections:
            line = QTreeWidgetItem([group.what, group.why, str(group.count), group.last_at.replace("T", " ")])
            line.setData(0, _GROUP, (group.table, group.reason))
            line.setToolTip(1, group.why)
            self.refused.addTopLevelItem(line)
        self.dismiss.setEnabled(bool(page.rejections))
        self.dismiss_all.setEnabled(bool(page.rejections))
        if not page.conflicts and not page.rejections:
            self._status.setText(_("Nothing waits for you: no conflicts and no refused changes."))
        else:
            self._status.setText("")

    def _on_current(self, row: int) -> None:
        conflicts = self._page.conflicts
        self.detail.show_conflict(conflicts[row] if 0 <= row < len(conflicts) else None)

    def _on_chosen(self, value: Any) -> None:
        item: ConflictItem | None = self.detail.item
        if item is None:
            return
        self.detail.set_busy(True)
        self._runner.run_db(partial(resolve_conflict, self._store, item.id, value),
                            on_done=partial(self._on_changed, True), on_error=self._on_failed, context=self)

    def _selected_groups(self) -> list[tuple[str, str]]:
        return [row.data(0, _GROUP) for row in self.refused.selectedItems()]

    def _dismiss(self, groups: list[tuple[str, str]]) -> None:
        if not groups:
            self._status.setText(_("Choose the refused changes to dismiss first."))
            return
        self._runner.run_db(partial(dismiss_rejections, self._store, groups),
                            on_done=partial(self._on_changed, False), on_error=self._on_failed, context=self)

    def _on_changed(self, resolved: bool, _result: object) -> None:
        self.detail.set_busy(False)
        if resolved:
            self.resolved.emit()
        self.refresh()
