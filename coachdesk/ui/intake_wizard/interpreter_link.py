"""The wizard's link to its interpreter view: the booked session, its channel, the window.

Booking the session and fetching its channel are database work, so they run on the database thread and
the window appears (or changes language) when the channel arrives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject

from coachdesk.services.interpreting import InterpreterChannel, InterpreterService
from coachdesk.ui import dialogs
from coachdesk.ui.intake_wizard.interpreter_view import InterpreterView
from coachdesk.ui.tasks import TaskRunner

SESSION_LENGTH = dt.timedelta(hours=2)  # an intake's usual booking; the record keeps when it started


class InterpreterLink(QObject):
    def __init__(self, *, interpreting: InterpreterService, runner: TaskRunner, participant_id: str,
                 question: Callable[[], str], say: Callable[[str], None], parent: QObject) -> None:
        super().__init__(parent)
        self._service, self._runner, self._participant_id = interpreting, runner, participant_id
        self._question, self._say = question, say
        self._session_id: str | None = None
        self.window: InterpreterView | None = None

    def open(self, language: str) -> None:
        """Show the window, booking the session first if this intake has none yet."""
        if self.window is None:
            self._fetch(language)
        else:
            self.window.show()
            self.window.raise_()

    def language_changed(self, language: str) -> None:
        """Another language is another interpreter: a new session, and the window follows."""
        if self.window is not None and self.window.isVisible():
            self._session_id = None
            self._fetch(language)

    def show_question(self, key: str) -> None:
        if self.window is not None:
            self.window.show_question(key)

    def close(self) -> None:
        if self.window is not None:
            self.window.close()

    def _fetch(self, language: str) -> None:
        service, participant_id, session_id = self._service, self._participant_id, self._session_id

        def fetch() -> tuple[str, InterpreterChannel]:
            booked = session_id
            if booked is None:
                start = dt.datetime.now().replace(microsecond=0)
                booked = service.book(participant_id, language=language, starts_at=start,
                                      ends_at=start + SESSION_LENGTH).id
            return booked, service.channel(booked)

        self._runner.run_db(fetch, on_done=self._on_channel, on_error=self._on_error, context=self)

    def _on_channel(self, booked: tuple[str, InterpreterChannel]) -> None:
        self._session_id, channel = booked
        if self.window is None:
            self.window = InterpreterView(channel)
        else:
            self.window.set_channel(channel)
        self.window.show()
        self.window.raise_()
        self.window.show_question(self._question())

    def _on_error(self, exc: Exception) -> None:
        # Refused, or the vault locked meanwhile: say why and keep the wizard (and any window as it was).
        self._say(dialogs.error_text(exc))
