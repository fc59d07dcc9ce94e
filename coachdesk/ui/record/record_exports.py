"""The action plan and the right-of-access report from the record, as files the coach chooses.

Read on the database thread, rendered and written on a render thread (Qt's text layout needs an event
dispatcher), and noted in the audit trail (whose and when, never a value) only once the file is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from coachdesk.documents import plan as plan_document
from coachdesk.documents.access_report import access_pdf
from coachdesk.i18n import _, current_language
from coachdesk.models.store import Store
from coachdesk.services import subject_access
from coachdesk.services.templates import TemplateLibrary
from coachdesk.ui import dialogs, render_thread
from coachdesk.ui.tasks import TaskRunner


class RecordExports(QObject):
    def __init__(self, *, store: Store, templates: TemplateLibrary, runner: TaskRunner,
                 participant_id: str) -> None:
        super().__init__()
        self._store, self._templates, self._runner, self._pid = store, templates, runner, participant_id
        self._status: QLabel | None = None
        self._parent: QWidget | None = None

    def bind(self, *, status: QLabel, parent: QWidget) -> None:
        """Where to say how it went, and the window the dialogs belong to."""
        self._status, self._parent = status, parent
        self.setParent(parent)

    def save_plan(self) -> None:
        path = self._ask(_("action-plan"), "PDF (*.pdf)")
        if path is not None:
            self.save_plan_to(path)

    def save_access(self) -> None:
        path = self._ask(_("everything-we-hold"), "PDF (*.pdf);;JSON (*.json)")
        if path is not None:
            self.save_access_to(path)

    def save_plan_to(self, path: Path) -> None:
        """The plan in the participant's language, then in Swedish (the command line's default too)."""
        store, pid, templates, today = self._store, self._pid, self._templates, dt.date.today()

        def render(plan: plan_document.ActionPlan) -> bytes:
            return plan_document.plan_pdf(plan, plan_document.participant_language(plan.participant),
                                          today=today)

        self._export(lambda: plan_document.gather(store, pid, templates=templates), render, path,
                     lambda: plan_document.record_exported(store, pid))

    def save_access_to(self, path: Path) -> None:
        """Everything held on the participant: JSON for a ``.json`` file, else PDF in the UI language."""
        store, pid, language = self._store, self._pid, current_language()
        kind = "json" if path.suffix.lower() == ".json" else "pdf"

        def render(held: dict[str, Any]) -> bytes:
            return subject_access.to_json(held) if kind == "json" else access_pdf(held, language)

        self._export(lambda: subject_access.gather(store, pid), render, path,
                     lambda: subject_access.record_exported(store, pid, kind))

    def _ask(self, stem: str, filters: str) -> Path | None:
        if self._parent is None or not dialogs.confirm(self._parent, _("Save a copy"), _(
                "The file you save is not encrypted: anyone who can reach that folder can read it. Save it "
                "only where the participant's documents may be kept. Continue?")):
            return None
        chosen, _filter = QFileDialog.getSaveFileName(self._parent, _("Save a copy as"),
                                                      str(Path.home() / f"{stem}.pdf"), filters)
        return Path(chosen) if chosen else None

    def _export(self, read: Callable[[], Any], render: Callable[[Any], bytes], path: Path,
                audited: Callable[[], None]) -> None:
        self._say(_("Making the file…"))

        def written(_size: object) -> None:
            self._runner.run_db(audited, on_done=lambda _r: self._say(_("The file was saved.")),
                                on_error=self._on_error, context=self)

        def write(data: Any) -> None:
            render_thread.start(lambda: path.write_bytes(render(data)), on_done=written,
                                on_error=self._on_error)

        self._runner.run_db(read, on_done=write, on_error=self._on_error, context=self)

    def _on_error(self, exc: Exception) -> None:
        self._say(_("The file could not be saved there. Choose another folder.") if isinstance(exc, OSError)
                  else dialogs.error_text(exc))

    def _say(self, text: str) -> None:
        if self._status is not None:
            self._status.setText(text)
