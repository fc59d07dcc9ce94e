"""Documents: kept inside the vault, refused with a sentence when unusable, copied out only privately."""

from __future__ import annotations

import gettext
import logging
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from coachdesk import i18n
from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.models import Attachment, AuditEvent
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services.attachments import (
    MAX_BYTES,
    AttachmentService,
    DocumentFileError,
    sweep_stale_copies,
)
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.schema import BINARY_MAX_BYTES

SECRET_NAME = "Hodan Warsame läkarintyg.pdf"


@pytest.fixture
def person(store: Store) -> str:
    return ParticipantService(store).create({"given_name": "Hodan", "family_name": "Warsame"}).id


@pytest.fixture
def copies(tmp_path: Path) -> Path:
    return tmp_path / "copies"


@pytest.fixture
def service(store: Store, copies: Path) -> AttachmentService:
    return AttachmentService(store, copies_root=copies, max_bytes=1024 * 1024)


def _file(tmp_path: Path, content: bytes, name: str = SECRET_NAME) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    return path


def _audit(store: Store) -> list[AuditEvent]:
    with store.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.entity.in_(
            ["attachment", "documents"])).order_by(AuditEvent.at)))


class _Marked(gettext.NullTranslations):
    """A catalog that marks every message, to prove a message went through ``_()``."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"


def test_the_limit_is_what_one_synced_binary_may_hold() -> None:
    assert MAX_BYTES == BINARY_MAX_BYTES == 16 * 1024 * 1024


def test_a_document_is_kept_listed_and_removed_with_an_audit_trail_that_names_no_file(
    store: Store, service: AttachmentService, person: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    added = service.add(person, _file(tmp_path, b"intyg"))
    assert (added.filename, added.mime_type, added.size) == (SECRET_NAME, "application/pdf", 5)
    assert [d.id for d in service.documents(person)] == [added.id]

    service.remove(added.id)
    assert service.documents(person) == []
    with store.session() as session:
        row = session.get(Attachment, added.id)
        assert row is not None and row.deleted and row.content == b""
    events = _audit(store)
    assert [e.action for e in events] == [AuditAction.CREATE, AuditAction.VIEW, AuditAction.DELETE,
                                          AuditAction.VIEW]
    assert all("läkarintyg" not in (e.fields or "") for e in events)
    assert events[0].fields == "added_at,content,filename,mime_type,size"
    assert "läkarintyg" not in caplog.text
    with pytest.raises(NotFoundError):
        service.remove(added.id)


@pytest.mark.parametrize(("content", "expected"), [
    (b"x" * (1024 * 1024 + 1), "The file is too large: a document can be at most {limit} MiB."),
    (b"", "The file is empty: there is nothing to keep."),
    (None, "The file could not be read. Check that it still exists and that you may open it."),
])
def test_an_unusable_file_is_refused_with_a_translated_sentence_that_names_no_file(
    store: Store, service: AttachmentService, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    content: bytes | None, expected: str
) -> None:
    path = _file(tmp_path, content) if content is not None else tmp_path / SECRET_NAME
    monkeypatch.setattr(i18n._state, "translations", _Marked())
    with pytest.raises(ValidationError) as caught:
        service.add(person, path)
    assert caught.value.errors == {"file": f"«{expected}»".format(limit=1)}
    assert "läkarintyg" not in str(caught.value) and caught.value.__cause__ is None
    assert service.documents(person) == []


def test_a_folder_is_not_a_document(service: AttachmentService, person: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="could not be read"):
        service.add(person, tmp_path)


def test_odd_characters_in_a_name_are_replaced_and_unknown_types_are_plain_bytes(
    service: AttachmentService, person: str, tmp_path: Path
) -> None:
    added = service.add(person, _file(tmp_path, b"data", name='plan: "v2"?.zzunknown'))
    assert (added.filename, added.mime_type) == ("plan_ _v2__.zzunknown", "application/octet-stream")


def test_an_opened_copy_is_private_tracked_and_discarded(
    store: Store, service: AttachmentService, person: str, tmp_path: Path, copies: Path
) -> None:
    added = service.add(person, _file(tmp_path, b"intyg"))
    copy = service.open_copy(added.id)
    assert copy.read_bytes() == b"intyg" and copy.name == SECRET_NAME
    assert copy.parent.parent == copies
    assert [stat.S_IMODE(p.stat().st_mode) for p in (copy, copy.parent, copies)] == [0o600, 0o700, 0o700]
    assert service.open_copies == {copy}
    assert _audit(store)[-1].action is AuditAction.EXPORT

    other = service.open_copy(added.id)
    assert other != copy
    service.discard_copy(copy)
    assert not copy.exists() and not copy.parent.exists() and other.exists()
    service.discard_all_copies()
    assert not other.exists() and list(copies.iterdir()) == [] and service.open_copies == frozenset()


def test_discarding_leaves_a_file_the_service_did_not_write(
    service: AttachmentService, tmp_path: Path
) -> None:
    stranger = _file(tmp_path, b"keep me")
    service.discard_copy(stranger)
    assert stranger.read_bytes() == b"keep me"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership and links")
def test_no_copy_is_written_through_a_link_planted_as_the_copies_folder(
    store: Store, person: str, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    planted = tmp_path / "planted"
    planted.symlink_to(elsewhere)
    service = AttachmentService(store, copies_root=planted)
    added = service.add(person, _file(tmp_path, b"intyg"))
    with pytest.raises(DocumentFileError):
        service.open_copy(added.id)
    assert list(elsewhere.iterdir()) == []


def test_the_sweep_removes_stale_copies_and_follows_no_link(tmp_path: Path, copies: Path) -> None:
    assert sweep_stale_copies(copies) == 0  # nothing there yet
    copies.mkdir(mode=0o755)
    (copies / "copy-old").mkdir()
    (copies / "copy-old" / SECRET_NAME).write_bytes(b"stale")
    (copies / "loose.pdf").write_bytes(b"stale")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_bytes(b"keep")
    (copies / "link").symlink_to(outside)
    assert sweep_stale_copies(copies) == 3
    assert list(copies.iterdir()) == [] and (outside / "keep.txt").exists()
    assert stat.S_IMODE(copies.stat().st_mode) == 0o700

    link_root = tmp_path / "link-root"
    link_root.symlink_to(outside)
    assert sweep_stale_copies(link_root) == 0 and (outside / "keep.txt").exists()


def test_export_writes_where_asked_and_is_audited(
    store: Store, service: AttachmentService, person: str, tmp_path: Path
) -> None:
    added = service.add(person, _file(tmp_path, b"intyg"))
    target = tmp_path / "out.pdf"
    service.export(added.id, target)
    assert target.read_bytes() == b"intyg"
    assert _audit(store)[-1].action is AuditAction.EXPORT
    with pytest.raises(DocumentFileError) as caught:
        service.export(added.id, tmp_path / "missing-folder" / SECRET_NAME)
    assert "läkarintyg" not in str(caught.value)
