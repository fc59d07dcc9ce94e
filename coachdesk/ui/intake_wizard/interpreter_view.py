"""The interpreter view: a window for a second screen with the current question in the participant's
language, large, and nothing else of the record — it is given only an ``InterpreterChannel``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from coachdesk.i18n import _
from coachdesk.services.interpreting import InterpreterChannel, Prompt
from coachdesk.ui.appearance import presentation_font
from coachdesk.ui.application import layout_direction

# How much larger than the app's text the interpreter view reads (it follows the text-size setting).
SCALE = 1.8


class InterpreterView(QWidget):
    def __init__(self, channel: InterpreterChannel) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self._channel = channel
        self._key = ""
        self.section, self.progress, self.ask, self.explain = (QLabel() for _i in range(4))
        page = QWidget()
        layout = QVBoxLayout(page)
        for label in (self.section, self.progress, self.ask, self.explain):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
            layout.addWidget(label)
        layout.addStretch(1)
        # A long explanation at large text is taller than a window: it scrolls rather than being cut.
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(page)
        QVBoxLayout(self).addWidget(self._scroll)
        self._apply_font()
        self.retranslate()
        self.show_question("")

    @property
    def language(self) -> str:
        return self._channel.language

    def set_channel(self, channel: InterpreterChannel) -> None:
        self._channel = channel
        self.show_question(self._key)

    def show_question(self, key: str) -> None:
        """Show the question ``key``; a coach-only field or none leaves the last question up."""
        prompt: Prompt | None = self._channel.prompt(key) if key else None
        self.setLayoutDirection(layout_direction(self._channel.language))
        if prompt is None and self._key:
            prompt = self._channel.prompt(self._key)
        if prompt is None:
            for label in (self.section, self.progress, self.ask, self.explain):
                label.clear()
            return
        self._key = prompt.key
        self.section.setText(prompt.section)
        self.progress.setText(f"{prompt.number} / {prompt.count}")
        self.ask.setText(prompt.ask)
        self.explain.setText(prompt.explain)
        self.ask.setAccessibleName(prompt.ask)

    def _apply_font(self) -> None:
        self.setFont(presentation_font(SCALE))

    def retranslate(self) -> None:
        self.setWindowTitle(_("Interpreter view"))
        self.setAccessibleName(_("Interpreter view"))
        self._scroll.setAccessibleName(_("Interpreter view"))  # it takes the focus, to scroll by keyboard
        self.progress.setAccessibleName(_("Question number"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_font()  # the coach changed the text size: keep the same ratio to it
        super().changeEvent(event)
