"""An inline error message beside the field it is about, and a form row that carries one.

Every form in the record shows a refused value the same way: "Error: message" under the field, and the same
message as the field's accessible description so a screen reader says it when the field gets focus.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from coachdesk.i18n import _

_Editor = TypeVar("_Editor", QLineEdit, QComboBox)


def error_label() -> QLabel:
    """A hidden, wrapping label that never reads a message as rich text (one may quote the input)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, field: QWidget, message: str | None) -> None:
    """Show ``message`` in ``label`` for ``field``, or clear both with None."""
    # Translators: the word says it is an error, so the message never relies on its colour alone.
    label.setText(_("Error: {message}").format(message=message) if message else "")
    label.setVisible(bool(message))
    field.setAccessibleDescription(message or "")


class FormField(Generic[_Editor]):
    """A caption, an editor and its inline error, added to a form."""

    def __init__(self, form: QFormLayout, editor: _Editor, *, ltr: bool = False) -> None:
        self.editor: _Editor = editor
        self.label, self.error = QLabel(), error_label()
        self.label.setBuddy(editor)
        if ltr:  # dates and numbers read left to right in every language
            editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        box = QVBoxLayout()
        box.addWidget(editor)
        box.addWidget(self.error)
        form.addRow(self.label, box)

    def set_error(self, message: str | None) -> None:
        show_error(self.error, self.editor, message)

    @property
    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""
