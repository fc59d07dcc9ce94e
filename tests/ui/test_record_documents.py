"""The Documents tab: content only in the vault; a plaintext copy only after a warning, and briefly."""

from __future__ import annotations

import dataclasses
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from coachdesk.models import Attachment
from coachdesk.models.store import Store
from coachdesk.services.attachments import AttachmentService
from coachdesk.ui import dialogs
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.record import ParticipantRecord
from coachdesk.ui.record.documents import DocumentsView
from coachdesk.ui.shell import Shell
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from tests.helpers import files_containing
from tests.ui.test_record_support import NOW, Services, participant_id, services

__all__ = ["participant_id", "services"]  # fixtures

MARKER = b"Qzvxdocumentmarker"
CONTENT = b"%PDF-1.4 CV for " + MARKER + b" " + bytes(range(256)) * 40
Build = Callable[[str], ParticipantRecord]


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    return tmp_path / "copies"


@pytest.fixture
def attachments(store: Store, copies: Path) -> AttachmentService:
    return AttachmentService(store, copies_root=copies)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """What the desktop was asked to open (the real call would start another program)."""
    urls: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


@pytest.fixture
def build(qtbot: QtBot, services: Services, attachments: AttachmentService, runner: TaskRunner) -> Build:
    def make(pid: str) -> ParticipantRecord:
        record = ParticipantRecord(
            store=services.store, participants=services.participants, goals=services.goals,
            journal=services.journal, exits=services.exits, attachments=attachments, runner=runner,
            participant_id=pid, now=lambda: NOW)
        qtbot.add_widget(record)
        with qtbot.waitSignals([record.loaded, record.documents.loaded], timeout=10_000):
            record.show()
        record.tabs.setCurrentWidget(record.documents)
        return record

    return make


def _choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))


def _add(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, view: DocumentsView, path: Path) -> None:
    _choose_file(monkeypatch, path)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.add_button.click()
    first = view.documents.topLevelItem(0)
    assert first is not None
    view.documents.setCurrentItem(first)


def _stored(store: Store) -> list[Attachment]:
    with store.session() as session:
        return list(session.scalars(select(Attachment)))


@pytest.fixture
def cv(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "CV Hodan Warsame.pdf"
    path.parent.mkdir()
    path.write_bytes(CONTENT)
    return path


def test_an_added_document_lives_in_the_vault_only_and_is_listed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, store: Store,
    cv: Path, data_dir: Path
) -> None:
    record = build(participant_id)
    view = record.documents
    _add(qtbot, monkeypatch, view, cv)
    (row,) = _stored(store)
    assert (row.content, row.filename, row.mime_type, row.size) == (
        CONTENT, "CV Hodan Warsame.pdf", "application/pdf", len(CONTENT))
    item = view.documents.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(3)] == ["CV Hodan Warsame.pdf", "application/pdf", "10 kB"]
    assert view.status_text == "The document was added to the record."
    assert files_containing(data_dir, [MARKER]) == []


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty: there is nothing to keep."),
    (None, "The file could not be read. Check that it still exists and that you may open it."),
])
def test_an_empty_or_missing_file_is_refused_beside_the_button(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, store: Store,
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    record = build(participant_id)
    view = record.documents
    path = tmp_path / "notes.txt"
    if content is not None:
        path.write_bytes(content)
    _choose_file(monkeypatch, path)
    view.add_button.click()
    qtbot.waitUntil(lambda: view.error_text != "", timeout=10_000)
    assert view.error_text == f"Error: {message}"
    assert view.add_button.accessibleDescription() == message
    assert _stored(store) == []


def test_opening_declined_writes_no_copy(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, cv: Path,
    copies: Path, opened: list[QUrl]
) -> None:
    record = build(participant_id)
    view = record.documents
    _add(qtbot, monkeypatch, view, cv)
    with dialogs.answered(False) as prompts:
        view.open_button.click()
    assert [p.title for p in prompts] == ["Open a temporary copy"]
    assert "unencrypted copy" in prompts[0].text
    assert not copies.exists() and opened == [] and view.open_copies == ()


def _open_copy(qtbot: QtBot, view: DocumentsView) -> Path:
    with dialogs.answered(True):
        view.open_button.click()
    qtbot.waitUntil(lambda: len(view.open_copies) == 1, timeout=10_000)
    return view.open_copies[0]


def test_an_opened_copy_is_private_and_removed_when_the_record_closes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, cv: Path,
    copies: Path, opened: list[QUrl], data_dir: Path
) -> None:
    record = build(participant_id)
    _add(qtbot, monkeypatch, record.documents, cv)
    copy = _open_copy(qtbot, record.documents)
    assert copy.read_bytes() == CONTENT and copy.name == "CV Hodan Warsame.pdf"
    assert copy.parent.parent == copies and not copy.is_relative_to(data_dir)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(copies.stat().st_mode) == 0o700
    assert [url.toLocalFile() for url in opened] == [str(copy)]
    assert files_containing(data_dir, [MARKER]) == []

    assert record.close()
    assert not copy.exists() and not copy.parent.exists()
    assert list(copies.iterdir()) == []


def test_locking_removes_the_opened_copy(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, store: Store, data_dir: Path, runner: TaskRunner,
    preferences: Preferences, attachments: AttachmentService, participant_id: str, cv: Path,
    copies: Path, opened: list[QUrl]
) -> None:
    workspace = dataclasses.replace(Workspace.open(store, data_dir), attachments=attachments)
    shell = Shell(workspace=workspace, runner=runner, preferences=preferences)
    qtbot.add_widget(shell)
    shell.show()
    record = shell.open_record(participant_id)
    qtbot.waitUntil(lambda: record.documents.documents.topLevelItemCount() == 0 and runner.pending == 0,
                    timeout=10_000)
    _add(qtbot, monkeypatch, record.documents, cv)
    copy = _open_copy(qtbot, record.documents)
    assert copy.exists()

    shell.dispose()  # what MainWindow.lock() does to the open records
    assert not copy.exists()
    assert list(copies.iterdir()) == []

    # A copy whose record never heard back (closed while it was written) goes when the workspace closes.
    (row,) = _stored(store)
    stray = attachments.open_copy(row.id)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=10_000)
    workspace.close()
    assert not stray.exists() and list(copies.iterdir()) == []


def test_removing_asks_first_then_drops_the_content(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, store: Store,
    cv: Path
) -> None:
    record = build(participant_id)
    view = record.documents
    _add(qtbot, monkeypatch, view, cv)
    with dialogs.answered(False):
        view.remove_button.click()
    assert _stored(store)[0].content == CONTENT

    with dialogs.answered(True), qtbot.waitSignal(view.loaded, timeout=10_000):
        view.remove_button.click()
    (row,) = _stored(store)
    assert row.deleted and row.content == b""
    assert view.documents.topLevelItemCount() == 0
    assert not view.remove_button.isEnabled()


def test_saving_a_copy_warns_first_then_writes_where_the_user_chose(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, build: Build, participant_id: str, cv: Path,
    tmp_path: Path
) -> None:
    record = build(participant_id)
    view = record.documents
    _add(qtbot, monkeypatch, view, cv)
    target = tmp_path / "export" / "cv.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def save_as(_parent: object, _title: str, suggested: str, *_a: object) -> tuple[str, str]:
        asked.append(Path(suggested).name)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    with dialogs.answered(False):
        view.export_button.click()
    assert asked == [] and not target.exists()

    with dialogs.answered(True) as prompts:
        view.export_button.click()
    qtbot.waitUntil(lambda: view.status_text == "A copy of the document was saved.", timeout=10_000)
    assert "not encrypted" in prompts[0].text
    assert asked == ["CV Hodan Warsame.pdf"] and target.read_bytes() == CONTENT
