"""An interpreter's own device: the sessions assigned to them and each one's questions, nothing else.

The services behind it refuse every record to an interpreter (``services.access``); this view only ever
asks the interpreter service, which hands out one session's questions at a time.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from coachdesk.formatting import language_name, ltr
from coachdesk.i18n import _, current_language
from coachdesk.services.interpreting import InterpreterChannel, InterpreterService, SessionView, prompts
from coachdesk.ui import dialogs
from coachdesk.ui.intake_wizard.interpreter_view import InterpreterView
from coachdesk.ui.tasks import TaskRunner

_KEY = Qt.ItemDataRole.UserRole


class InterpretingView(QWidget):
    def __init__(self, *, interpreting: InterpreterService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._runner = interpreting, runner
        self._sessions: list[SessionView] = []
        self._channel: InterpreterChannel | None = None
        self._window: InterpreterView | None = None
        self._intro, self._sessions_label, self._questions_label, self._status = (QLabel() for _i in range(4))
        for label in (self._intro, self._status):
            label.setWordWrap(True)
        self.sessions = QListWidget()
        self._sessions_label.setBuddy(self.sessions)
        self.questions = QListWidget()
        self.questions.setWordWrap(True)
        self._questions_label.setBuddy(self.questions)
        self._show = QPushButton()
        self._show.clicked.connect(self.open_view)
        layout = QVBoxLayout(self)
        for widget in (self._intro, self._sessions_label, self.sessions, self._questions_label,
                       self.questions, self._show, self._status):
            layout.addWidget(widget)
        self.sessions.currentRowChanged.connect(self._on_session)
        self.questions.currentRowChanged.connect(self._on_question)
        self.retranslate()

    def refresh(self) -> None:
        self._runner.run_db(self._service.my_sessions, on_done=self._on_sessions, on_error=self._on_error,
                            context=self)

    def _on_sessions(self, sessions: list[SessionView]) -> None:
        self._sessions = sessions
        self.sessions.clear()
        for session in sessions:
            when = ltr(session.starts_at.strftime("%Y-%m-%d %H:%M"))
            language = language_name(session.language, current_language())
            self.sessions.addItem(f"{when} · {language} · {session.given_name}")
        self._status.setText("" if sessions else _("No sessions are booked for you."))
        if sessions:
            self.sessions.setCurrentRow(0)

    def _on_session(self, row: int) -> None:
        if not 0 <= row < len(self._sessions):
            return
        session_id = self._sessions[row].id
        self._runner.run_db(lambda: self._service.channel(session_id), on_done=self._on_channel,
                            on_error=self._on_error, context=self)

    def _on_channel(self, channel: InterpreterChannel) -> None:
        self._channel = channel
        self.questions.clear()
        for prompt in prompts(channel.language):
            item = QListWidgetItem(f"{prompt.number}. {prompt.ask}")
            item.setData(_KEY, prompt.key)
            item.setToolTip(prompt.explain)
            self.questions.addItem(item)
        if self._window is not None:
            self._window.set_channel(channel)

    def _on_question(self, row: int) -> None:
        item = self.questions.item(row)
        if item is not None and self._window is not None:
            self._window.show_question(str(item.data(_KEY)))

    def open_view(self) -> None:
        """The chosen session's question, large, in a window of its own (for reading aloud or a screen)."""
        if self._channel is None:
            self._status.setText(_("Choose a session first."))
            return
        if self._window is None:
            self._window = InterpreterView(self._channel)
        self._window.show()
        self._window.raise_()
        self._on_question(max(self.questions.currentRow(), 0))

    def _on_error(self, exc: Exception) -> None:
        self._status.setText(dialogs.error_text(exc))

    def dispose(self) -> None:
        self.sessions.clear()
        self.questions.clear()
        if self._window is not None:
            self._window.close()

    def retranslate(self) -> None:
        self._intro.setText(_("You are signed in as an interpreter: you see the sessions booked for you and "
                              "their questions, nothing else of anyone's record."))
        self._sessions_label.setText(_("&Sessions booked for you:"))
        self._questions_label.setText(_("&Questions in the session's language:"))
        self._show.setText(_("Show the &question large"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
