"""One intake question: the coach's field and wording beside the participant's wording and explanation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from coachdesk.i18n import N_
from coachdesk.services import intake_catalog
from coachdesk.services.intake_catalog import Question
from coachdesk.ui.application import layout_direction
from coachdesk.ui.record.field_row import FieldRow
from coachdesk.ui.record.intake_fields import GROUPS, Field, Kind

# The consent answer is not a stored column: it sets the consent date and language when saved.
CONSENT = Field("consent_given", N_("Consent &given"), Kind.CHECK)
_SPECS = {spec.name: spec for group in GROUPS for spec in group.fields} | {CONSENT.name: CONSENT}


def text_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # catalog text is never markup
    return label


class QuestionRow(QFrame):
    """Left (leading) column: the coach's question and the field; right: the participant's language."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.field = FieldRow(_SPECS[question.field])
        self.coach_text = text_label()
        self.participant_text = text_label()
        self.participant_explain = text_label()
        coach = QVBoxLayout()
        coach.addWidget(self.coach_text)
        coach.addWidget(self.field.label)
        coach.addLayout(self.field.box)
        participant = QVBoxLayout()
        participant.addWidget(self.participant_text)
        participant.addWidget(self.participant_explain)
        participant.addStretch(1)
        grid = QGridLayout(self)
        grid.addLayout(coach, 0, 0)
        grid.addLayout(participant, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        if question.coach_only:
            self.coach_text.hide()
            self.participant_text.hide()
            self.participant_explain.hide()

    @property
    def editor(self) -> QWidget:
        return self.field.editor

    def retranslate(self, ui_language: str) -> None:
        self.field.retranslate()
        if not self.question.coach_only:
            self.coach_text.setText(intake_catalog.texts(ui_language)[f"{self.question.key}.ask"])

    def set_participant_language(self, language: str) -> None:
        if self.question.coach_only:
            return
        texts = intake_catalog.texts(language)
        direction = layout_direction(language)
        for label, key in ((self.participant_text, "ask"), (self.participant_explain, "explain")):
            label.setText(texts[f"{self.question.key}.{key}"])
            label.setLayoutDirection(direction)  # the participant's script reads in its own direction
            label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
