"""One labelled form field built from a ``Field`` spec: its editor, its inline error, its value as text.

Shared by the intake form and the employer forms, so every form shows values and errors the same way.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from coachdesk.i18n import _
from coachdesk.ui.record.form_field import show_error
from coachdesk.ui.record.intake_fields import Field, Kind, Raw


class FieldRow:
    """One field's label, editor (by the field's kind) and inline error message."""

    def __init__(self, spec: Field) -> None:
        self.spec = spec
        self.label = QLabel()
        self.editor: QWidget
        if spec.kind is Kind.TEXT:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)  # Tab moves on, as in every other field
            self.editor = text
        elif spec.kind is Kind.CHECK:
            self.editor = QCheckBox()
        elif spec.kind in (Kind.CHOICE, Kind.YES_NO):
            self.editor = QComboBox()
            # As wide as its longest choice in the current language, and never narrower: no choice cut off.
            self.editor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.editor.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        else:
            line = QLineEdit()
            if spec.kind is Kind.LTR:
                line.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # digits and codes read LTR
            self.editor = line
        self.editor.setObjectName(spec.name)
        self.label.setBuddy(self.editor)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # a message may quote what was typed
        self.error.setWordWrap(True)
        self.error.hide()
        self.box = QVBoxLayout()
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(self.editor)
        self.box.addWidget(self.error)

    def retranslate(self) -> None:
        self.label.setText(_(self.spec.label))
        self.editor.setAccessibleName(_(self.spec.label).replace("&", "").rstrip(":"))
        if isinstance(self.editor, QLineEdit) and self.spec.hint:
            self.editor.setPlaceholderText(_(self.spec.hint))
        if isinstance(self.editor, QComboBox):
            current = self.value()
            self.editor.blockSignals(True)
            self.editor.clear()
            if self.spec.kind is Kind.YES_NO:
                options = [("", _("Not answered")), ("true", _("Yes")), ("false", _("No"))]
            else:
                assert self.spec.options is not None
                options = ([("", _("Not stated"))] if self.spec.optional_choice else [])
                options += self.spec.options()
            for code, text in options:
                self.editor.addItem(text, code)
            self.editor.blockSignals(False)
            self.set_value(current)

    def value(self) -> Raw:
        editor = self.editor
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QComboBox):
            return cast(str, editor.currentData() or "")
        return cast(QLineEdit, editor).text()

    def set_value(self, value: Raw) -> None:
        editor = self.editor
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(value))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            cast(QLineEdit, editor).setText(str(value))

    def set_error(self, message: str | None) -> None:
        show_error(self.error, self.editor, message)
