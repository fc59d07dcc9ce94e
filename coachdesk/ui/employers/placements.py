"""The placements made at an employer (praktik, språkpraktik), read-only; a row opens the participant's
record."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from coachdesk.formatting import iso_date
from coachdesk.i18n import N_, _, ngettext
from coachdesk.models.enums import PlacementKind
from coachdesk.services.employers import PlacementRow
from coachdesk.ui.employers.fields import plain_label

PARTICIPANT_ID = Qt.ItemDataRole.UserRole

KIND: dict[PlacementKind, str] = {
    PlacementKind.INTERNSHIP: N_("Internship"),
    PlacementKind.LANGUAGE_INTERNSHIP: N_("Language internship"),
}


def kind_label(kind: PlacementKind) -> str:
    return _(KIND[kind])


def _cells(row: PlacementRow) -> list[str]:
    end = iso_date(row.end_date) if row.end_date is not None else _("open-ended")
    period = _("{start} – {end}").format(start=iso_date(row.start_date), end=end)
    hours = str(row.hours_per_week) if row.hours_per_week is not None else ""
    return [row.participant_name, kind_label(row.kind), period, hours, row.supervisor_name or ""]


class PlacementsView(QWidget):
    """Who has had, or has, a placement at the employer; Enter or a double click opens the record.

    Signals:
        participant_activated(str): the id of the participant whose placement was chosen.
    """

    participant_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("employer_placements")
        self._rows: tuple[PlacementRow, ...] = ()
        self._tree = QTreeWidget()
        self._tree.setRootIsDecorated(False)
        self._tree.setAllColumnsShowFocus(True)
        self._tree.setColumnCount(5)
        self._tree.itemActivated.connect(self._on_activated)
        self._hint = plain_label()
        self._count = plain_label()
        layout = QVBoxLayout(self)
        layout.addWidget(self._tree, 1)
        layout.addWidget(self._count)
        layout.addWidget(self._hint)
        self.retranslate()

    @property
    def tree(self) -> QTreeWidget:
        return self._tree

    @property
    def rows(self) -> tuple[PlacementRow, ...]:
        return self._rows

    @property
    def count_text(self) -> str:
        return self._count.text()

    def show_rows(self, rows: Sequence[PlacementRow]) -> None:
        self._rows = tuple(rows)
        self._tree.clear()
        for row in self._rows:
            item = QTreeWidgetItem(_cells(row))
            item.setData(0, PARTICIPANT_ID, row.participant_id)
            self._tree.addTopLevelItem(item)
        for column in range(self._tree.columnCount() - 1):
            self._tree.resizeColumnToContents(column)
        self._show_count()

    def dispose(self) -> None:
        """Forget every row (the app is locking)."""
        self.show_rows(())

    def _show_count(self) -> None:
        if not self._rows:
            self._count.setText(_("No placements have been made at this employer yet."))
        else:
            self._count.setText(ngettext("{count} placement", "{count} placements",
                                         len(self._rows)).format(count=len(self._rows)))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        participant_id = item.data(0, PARTICIPANT_ID)
        if participant_id:
            self.participant_activated.emit(participant_id)

    def retranslate(self) -> None:
        self._tree.setHeaderLabels([_("Participant"), _("Kind"), _("Period"), _("Hours per week"),
                                    _("Supervisor")])
        self._tree.setAccessibleName(_("Placements at this employer"))
        self._hint.setText(_("Press Enter or double-click a placement to open the participant's record."))
        self.show_rows(self._rows)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
