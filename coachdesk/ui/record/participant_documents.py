"""The consent text and the intake summary as PDF in the participant's language, from the Intake tab.

The participant is read on the database thread, the PDF rendered and written on a render thread;
the file goes only where the coach chooses, after the same warning as any exported document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from coachdesk.documents.intake import consent_pdf, intake_summary_pdf
from coachdesk.i18n import _
from coachdesk.models import Participant
from coachdesk.services.participants import ParticipantService
from coachdesk.ui import dialogs, render_thread
from coachdesk.ui.tasks import TaskRunner

Render = Callable[[Participant, str], bytes]


def participant_language(participant: Participant) -> str:
    """The language the participant reads best: the interpreter's, else their primary, else Swedish."""
    return participant.interpreter_language or participant.primary_language or "sv"


def _consent(participant: Participant, language: str) -> bytes:
    return consent_pdf(participant, language, today=dt.date.today())


def _summary(participant: Participant, language: str) -> bytes:
    return intake_summary_pdf(participant, language, today=dt.date.today())


class DocumentExporter(QObject):
    """Renders one of the two documents for a participant into a file the coach picks."""

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner, participant_id: str,
                 status: QLabel, parent: QWidget) -> None:
        super().__init__(parent)
        self._participants, self._runner, self._pid = participants, runner, participant_id
        self._status, self._parent = status, parent

    def save_consent(self) -> None:
        self._save(_consent, _("consent"))

    def save_summary(self) -> None:
        self._save(_summary, _("intake-summary"))

    def _save(self, render: Render, stem: str) -> None:
        if not dialogs.confirm(self._parent, _("Save as PDF"), _(
                "The PDF you save is not encrypted: anyone who can reach that folder can read it. Save it "
                "only where the participant's documents may be kept. Continue?")):
            return
        path, _filter = QFileDialog.getSaveFileName(self._parent, _("Save as PDF"),
                                                    str(Path.home() / f"{stem}.pdf"), "PDF (*.pdf)")
        if path:
            self.save_to(Path(path), render)

    def save_to(self, path: Path, render: Render) -> None:
        """Read, render and write ``path``; the status line says when it is done or what went wrong."""
        self._status.setText(_("Making the PDF…"))
        service, pid = self._participants, self._pid
        self._runner.run_db(lambda: service.get(pid),
                            on_done=lambda person: self._render(person, path, render),
                            on_error=self._on_error, context=self)

    def _render(self, participant: Participant, path: Path, render: Render) -> None:
        language = participant_language(participant)

        def work() -> None:
            path.write_bytes(render(participant, language))

        render_thread.start(work, on_done=self._on_saved, on_error=self._on_error)

    def _on_saved(self, _result: object) -> None:
        self._status.setText(_("The PDF was saved."))

    def _on_error(self, exc: Exception) -> None:
        self._status.setText(dialogs.error_text(exc) if not isinstance(exc, OSError)
                             else _("The PDF could not be saved there. Choose another folder."))
