"""Documents (bilagor) in a participant's record: their content lives only inside the encrypted database.

Opening a document in another program needs a plaintext file, so ``open_copy`` writes one into a private
temporary folder (0700, file 0600) outside the data directory. The service remembers every copy it made
and removes them when asked (record closed, app locked or quit); ``sweep_stale_copies`` removes whatever a
crash left behind and is meant to run at start. Filenames are personal data: they never reach a log, an
exception message or the audit trail (which names fields only).
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import os
import re
import shutil
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coachdesk.errors import CoachDeskError, ValidationError
from coachdesk.i18n import _
from coachdesk.models import Attachment
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.sync.schema import BINARY_MAX_BYTES

MAX_BYTES = BINARY_MAX_BYTES  # what one synced binary may hold
_MIB = 1024 * 1024
_FALLBACK_TYPE = "application/octet-stream"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


class DocumentFileError(CoachDeskError):
    """A copy of a document could not be written; the text says what to do, and names no file."""


@dataclass(frozen=True)
class DocumentInfo:
    """A document as the record lists it: everything but the content."""

    id: str
    filename: str
    mime_type: str
    size: int
    added_at: dt.datetime


def default_copies_root() -> Path:
    """CoachDesk's own folder for temporary plaintext copies, in the system's temporary directory."""
    # POSIX shares one temporary directory between users, so the folder is per user; Windows has one each.
    owner = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"coachdesk-{owner}-open-copies"


def _own_private_dir(root: Path) -> bool:
    """True when ``root`` is a real directory (not a link) of this user, now mode 0700."""
    info = os.lstat(root)
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(root, 0o700)
    return True


def sweep_stale_copies(root: Path | None = None) -> int:
    """Remove every plaintext copy left under ``root`` (by default ``default_copies_root()``).

    Call it when the app starts, before any vault is unlocked. Returns how many copies were removed.
    """
    root = root or default_copies_root()
    try:
        if not _own_private_dir(root):
            return 0
        children = list(root.iterdir())
    except OSError:
        return 0
    removed = 0
    for child in children:
        try:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
            removed += 1
        except OSError:
            continue  # still open elsewhere (Windows); the next start tries again
    return removed


def _stored_name(raw: str, limit: int = 255) -> str:
    """The file's own name without folders or characters other systems refuse, at most ``limit`` long."""
    name = _UNSAFE.sub("_", re.split(r"[\\/]", raw)[-1]).strip(" .") or _("document")
    stem, dot, suffix = name.rpartition(".")
    if len(name) > limit:
        name = f"{stem[:limit - len(suffix) - 1]}.{suffix}" if dot and len(suffix) < 20 else name[:limit]
    return name


def _write_private(path: Path, content: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as fh:
        fh.write(content)
    os.chmod(path, 0o600)


@records_only
class AttachmentService:
    def __init__(self, store: Store, *, copies_root: Path | None = None, max_bytes: int = MAX_BYTES) -> None:
        self._store = store
        self._root = copies_root or default_copies_root()
        self._max_bytes = max_bytes
        self._copies: set[Path] = set()
        self._lock = threading.Lock()

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    @property
    def copies_root(self) -> Path:
        return self._root

    def _audit(self, session: Session, action: AuditAction, row: Attachment, fields: tuple[str, ...]) -> None:
        audit.record(session, actor_id=self._store.user_id, action=action, entity="attachment",
                     entity_id=row.id, participant_id=row.participant_id, fields=fields)

    def _read_source(self, source: Path) -> bytes:
        unreadable = ValidationError({"file": _("The file could not be read. Check that it still exists "
                                                "and that you may open it.")})
        too_big = ValidationError({"file": _("The file is too large: a document can be at most {limit} MiB.")
                                   .format(limit=self._max_bytes // _MIB)})
        try:
            info = source.stat()
            if not stat.S_ISREG(info.st_mode):
                raise unreadable
            if info.st_size > self._max_bytes:
                raise too_big
            with source.open("rb") as fh:
                content = fh.read(self._max_bytes + 1)
        except OSError:
            raise unreadable from None
        if len(content) > self._max_bytes:
            raise too_big
        if not content:
            raise ValidationError({"file": _("The file is empty: there is nothing to keep.")})
        return content

    def add(self, participant_id: str, source: Path | str) -> DocumentInfo:
        """Keep the file at ``source`` in the record. Raises ``ValidationError`` under ``file``."""
        path = Path(source)
        content = self._read_source(path)
        filename = _stored_name(path.name)
        mime_type = (mimetypes.guess_type(filename, strict=False)[0] or _FALLBACK_TYPE)[:100]
        with self._store.session() as session, session.begin():
            lookup.participant(session, participant_id)
            row = Attachment(participant_id=participant_id, filename=filename, mime_type=mime_type,
                             size=len(content), content=content, added_at=audit.utcnow())
            session.add(row)
            session.flush()
            self._audit(session, AuditAction.CREATE, row, ("added_at", "content", "filename", "mime_type",
                                                           "size"))
            return DocumentInfo(row.id, filename, mime_type, len(content), row.added_at)

    def documents(self, participant_id: str) -> list[DocumentInfo]:
        """The participant's documents, newest first, without their content. Audited as a view."""
        stmt = (select(Attachment.id, Attachment.filename, Attachment.mime_type, Attachment.size,
                       Attachment.added_at)
                .where(Attachment.participant_id == participant_id, Attachment.deleted.is_(False))
                .order_by(Attachment.added_at.desc(), Attachment.id))
        with self._store.session() as session, session.begin():
            rows = [DocumentInfo(*row) for row in session.execute(stmt)]
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.VIEW,
                         entity="documents", entity_id=None, participant_id=participant_id)
            return rows

    def remove(self, attachment_id: str) -> None:
        """Tombstone the document and drop its content (secure_delete overwrites the freed pages)."""
        with self._store.session() as session, session.begin():
            row = lookup.require(session, Attachment, attachment_id, _("The document no longer exists."))
            row.deleted, row.content = True, b""
            self._audit(session, AuditAction.DELETE, row, ("content", "deleted"))

    def _content(self, attachment_id: str) -> tuple[str, bytes]:
        with self._store.session() as session, session.begin():
            row = lookup.require(session, Attachment, attachment_id, _("The document no longer exists."))
            return row.filename, row.content

    def _audit_export(self, attachment_id: str) -> None:
        with self._store.session() as session, session.begin():
            row = lookup.require(session, Attachment, attachment_id, _("The document no longer exists."))
            self._audit(session, AuditAction.EXPORT, row, ("content",))

    def open_copy(self, attachment_id: str) -> Path:
        """Write a temporary plaintext copy for another program to open; returns its path.

        The copy stays until ``discard_copy``/``discard_all_copies`` or the next ``sweep_stale_copies``.
        """
        filename, content = self._content(attachment_id)
        failed = DocumentFileError(_("A temporary copy could not be written. Check that there is free "
                                     "disk space and try again."))
        try:
            self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _own_private_dir(self._root):
                raise failed  # someone else's folder, or a link: never write plaintext there
            folder = Path(tempfile.mkdtemp(prefix="copy-", dir=self._root))  # mode 0700
        except OSError:
            raise failed from None
        path = folder / _stored_name(filename, 80)  # file systems count bytes; keep well under 255
        with self._lock:
            self._copies.add(path)
        try:
            _write_private(path, content)
        except OSError:
            self.discard_copy(path)
            raise failed from None
        try:
            self._audit_export(attachment_id)
        except BaseException:
            self.discard_copy(path)
            raise
        return path

    def discard_copy(self, path: Path) -> None:
        """Remove one copy made by ``open_copy`` and its folder; anything else is left alone."""
        with self._lock:
            if path not in self._copies:
                return
            self._copies.discard(path)
        try:
            path.unlink(missing_ok=True)
            path.parent.rmdir()
        except OSError:
            pass  # still open in another program (Windows): the sweep at the next start removes it

    def discard_all_copies(self) -> None:
        """Remove every copy this service made (the app is locking or quitting)."""
        with self._lock:
            copies = list(self._copies)
        for path in copies:
            self.discard_copy(path)

    @property
    def open_copies(self) -> frozenset[Path]:
        with self._lock:
            return frozenset(self._copies)

    def export(self, attachment_id: str, destination: Path | str) -> None:
        """Save a copy where the user chose (a deliberate export, audited as one)."""
        _filename, content = self._content(attachment_id)
        try:
            Path(destination).write_bytes(content)
        except OSError:
            raise DocumentFileError(_("The copy could not be saved there. Choose another folder and try "
                                      "again.")) from None
        self._audit_export(attachment_id)
