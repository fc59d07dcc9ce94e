"""A small form of labelled fields with inline error messages, shared by the employer's page and its lists.

Field specs are the intake form's (``Field``/``Kind``), so both forms read and show values the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from coachdesk.ui.record.field_row import FieldRow
from coachdesk.ui.record.intake_fields import Field, Kind, Raw, to_raw

__all__ = ["Field", "FieldSet", "Kind", "Raw"]


def plain_label() -> QLabel:
    """A label that never interprets what it shows as rich text (user data goes into some)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class FieldSet:
    """The rows of one form, laid out in a ``QFormLayout``; remembers the values last loaded or saved."""

    def __init__(self, specs: tuple[Field, ...]) -> None:
        self._specs = specs
        self._rows = {spec.name: FieldRow(spec) for spec in specs}
        self.layout = QFormLayout()
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for row in self._rows.values():
            self.layout.addRow(row.label, row.box)
        self._baseline = self.values()

    def editor(self, name: str) -> QWidget:
        return self._rows[name].editor

    def error_text(self, name: str, parent: QWidget) -> str:
        row = self._rows[name]
        return row.error.text() if row.error.isVisibleTo(parent) else ""

    def values(self) -> dict[str, Raw]:
        return {name: row.value() for name, row in self._rows.items()}

    def changes(self) -> dict[str, Raw]:
        """The fields edited since the values were last loaded, saved or cleared."""
        return {name: value for name, value in self.values().items() if value != self._baseline.get(name)}

    @property
    def is_dirty(self) -> bool:
        return bool(self.changes())

    def load(self, stored: object | None) -> None:
        """Show ``stored``'s attributes (or empty fields for None) and take them as the unchanged state."""
        for name, row in self._rows.items():
            row.set_value(to_raw(row.spec.kind, getattr(stored, name, None)))
            row.set_error(None)
        self._baseline = self.values()

    def reset(self) -> None:
        """Put back the values last loaded or saved, without their error messages."""
        for name, value in self._baseline.items():
            self._rows[name].set_value(value)
            self._rows[name].set_error(None)

    def for_service(self, values: Mapping[str, Raw]) -> dict[str, object]:
        """Values as a service takes them: an empty text clears the field."""
        return {name: (None if value == "" else value) for name, value in values.items()}

    def clear_errors(self) -> None:
        for row in self._rows.values():
            row.set_error(None)

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Put each message beside its field and focus the first; returns the messages no field shows."""
        shown = [spec.name for spec in self._specs if spec.name in errors]
        for name in shown:
            self._rows[name].set_error(errors[name])
        if shown:
            self._rows[shown[0]].editor.setFocus()
        return [message for name, message in errors.items() if name not in self._rows]

    def retranslate(self) -> None:
        for row in self._rows.values():
            row.retranslate()
