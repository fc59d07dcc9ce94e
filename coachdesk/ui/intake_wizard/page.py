"""One page of the intake wizard: a section's title and text in both languages, then its questions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from coachdesk.services import intake_catalog
from coachdesk.services.intake_catalog import Section
from coachdesk.ui.application import layout_direction
from coachdesk.ui.intake_wizard.question import QuestionRow, text_label


class SectionPage(QScrollArea):
    """A scrolling page, so a long section still fits at 200 % text."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        self._titles = QGridLayout()
        self.coach_title = QLabel()
        self.participant_title = QLabel()
        for column, label in enumerate((self.coach_title, self.participant_title)):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self._titles.addWidget(label, 0, column)
        layout.addLayout(self._titles)
        # Text said before the questions (the consent page): each paragraph in both languages.
        self._paragraphs: list[tuple[str, QLabel, QLabel]] = []
        grid = QGridLayout()
        for row, key in enumerate(section.paragraphs):
            coach, participant = text_label(), text_label()
            grid.addWidget(coach, row, 0)
            grid.addWidget(participant, row, 1)
            self._paragraphs.append((key, coach, participant))
        layout.addLayout(grid)
        self.rows = [QuestionRow(question) for question in section.questions]
        for row_widget in self.rows:
            layout.addWidget(row_widget)
        layout.addStretch(1)
        self.setWidget(body)

    def retranslate(self, ui_language: str) -> None:
        title = intake_catalog.texts(ui_language)[f"{self.section.id}.title"]
        self.coach_title.setText(f"<h2>{escape(title)}</h2>")
        self.coach_title.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(title)
        for key, coach, _participant in self._paragraphs:
            coach.setText(intake_catalog.text(ui_language, key))
        for row in self.rows:
            row.retranslate(ui_language)

    def set_participant_language(self, language: str) -> None:
        title = intake_catalog.texts(language)[f"{self.section.id}.title"]
        self.participant_title.setTextFormat(Qt.TextFormat.RichText)
        self.participant_title.setText(f"<h2>{escape(title)}</h2>")
        direction = layout_direction(language)
        self.participant_title.setLayoutDirection(direction)
        self.participant_title.setAlignment(Qt.AlignmentFlag.AlignLeading)
        for key, _coach, participant in self._paragraphs:
            participant.setText(intake_catalog.text(language, key))
            participant.setLayoutDirection(direction)
            participant.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        for row in self.rows:
            row.set_participant_language(language)
