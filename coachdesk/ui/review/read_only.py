"""A participant record opened by a supervisor: for reading only.

The server takes nothing from a supervisor but review decisions (and their own audit trail), so an edit
made here would only come back as a refused change. Every field is made read-only and every button of the
record disabled — and kept so: views enable their buttons again as rows load, so a filter turns each one
off again as soon as it is switched on. Tabs, tables and lists stay usable for reading.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

_FIELDS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)
_CONTROLS = (QAbstractButton, QComboBox)


class _KeepDisabled(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            watched.setEnabled(False)
        return False


def make_read_only(record: QWidget) -> None:
    """Turn ``record`` (and whatever it already holds) into a read-only view; call it again after it
    built more widgets (a reload), which is harmless."""
    keeper = record.findChild(_KeepDisabled)
    if keeper is None:
        keeper = _KeepDisabled(record)
    for widget in record.findChildren(QWidget):
        if isinstance(widget, _FIELDS):
            widget.setReadOnly(True)
        elif isinstance(widget, _CONTROLS) and not isinstance(widget.parent(), QTabBar):
            widget.setEnabled(False)
            widget.removeEventFilter(keeper)
            widget.installEventFilter(keeper)
