"""One conflict, both sides next to each other: the value kept everywhere (the later change) and the one
that was not, each with who changed it, when and on which device; the person keeps one, or types a value
of their own for a text field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _
from coachdesk.ui.sync.records import ConflictItem, Side


class _SideBox(QGroupBox):
    def __init__(self) -> None:
        super().__init__()
        self.value = QLabel()
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.keep = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.origin)
        layout.addStretch(1)
        layout.addWidget(self.keep)

    def show_side(self, side: Side) -> None:
        self.value.setText(side.text)
        self.origin.setText(_("Changed by {who} on {device}, {when}.").format(
            who=side.who, device=side.device, when=side.when))
        self.keep.setAccessibleDescription(side.text)


class ConflictDetail(QWidget):
    """Signals:
        chosen(object): the value to keep, in wire form.
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: ConflictItem | None = None
        self._heading = QLabel()
        self._heading.setObjectName("conflict_heading")
        self._heading.setWordWrap(True)
        self.winner, self.loser = _SideBox(), _SideBox()
        self.winner.setObjectName("winner")
        self.loser.setObjectName("loser")
        self.winner.keep.clicked.connect(lambda: self._choose(self.winner_value))
        self.loser.keep.clicked.connect(lambda: self._choose(self.loser_value))
        sides = QHBoxLayout()
        sides.addWidget(self.winner, 1)
        sides.addWidget(self.loser, 1)
        self._edit_label = QLabel()
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("edited_value")
        self.edit.setTabChangesFocus(True)
        self._edit_label.setBuddy(self.edit)
        self.keep_edited = QPushButton()
        self.keep_edited.setObjectName("keep_edited")
        self.keep_edited.clicked.connect(lambda: self._choose(self.edit.toPlainText()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._heading)
        layout.addLayout(sides)
        layout.addWidget(self._edit_label)
        layout.addWidget(self.edit)
        layout.addWidget(self.keep_edited, 0, Qt.AlignmentFlag.AlignLeft)
        self.retranslate()
        self.show_conflict(None)

    @property
    def item(self) -> ConflictItem | None:
        return self._item

    @property
    def winner_value(self) -> Any:
        return self._item.winner.value if self._item is not None else None

    @property
    def loser_value(self) -> Any:
        return self._item.loser.value if self._item is not None else None

    def show_conflict(self, item: ConflictItem | None) -> None:
        self._item = item
        for widget in (self.winner, self.loser, self._edit_label, self.edit, self.keep_edited):
            widget.setVisible(item is not None)
        if item is None:
            self._heading.setText(_("Choose a conflict in the list to see both values."))
            self.edit.clear()
            return
        self._heading.setText(_("{record} — {field}").format(record=item.record, field=item.field))
        self.winner.show_side(item.winner)
        self.loser.show_side(item.loser)
        for widget in (self._edit_label, self.edit, self.keep_edited):
            widget.setVisible(item.editable)
        self.edit.setPlainText(item.winner.value if isinstance(item.winner.value, str) else "")

    def set_busy(self, busy: bool) -> None:
        for widget in (self.winner.keep, self.loser.keep, self.edit, self.keep_edited):
            widget.setEnabled(not busy)

    def retranslate(self) -> None:
        self.winner.setTitle(_("Kept everywhere (the later change)"))
        self.loser.setTitle(_("Not kept (the earlier change)"))
        self.winner.value.setAccessibleName(_("Value kept everywhere"))
        self.loser.value.setAccessibleName(_("Value not kept"))
        self.winner.keep.setText(_("Keep the &newer value"))
        self.loser.keep.setText(_("Keep the o&ther value"))
        self._edit_label.setText(_("&Edited value:"))
        self.edit.setAccessibleDescription(_("Type the right value and keep it instead of either side."))
        self.keep_edited.setText(_("Keep the edited v&alue"))
        self.show_conflict(self._item)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _choose(self, value: Any) -> None:
        if self._item is not None:
            self.chosen.emit(value)
