"""Writing the file the user asked for: checked before any work, written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from coachdesk.errors import CoachDeskError
from coachdesk.i18n import _


def check_writable(path: Path) -> None:
    """Fail before unlocking and computing when ``path`` cannot be written (no personal data in the text)."""
    folder = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise CoachDeskError(_("{path} is a folder. Give a file name for the output.").format(path=path))
    if not folder.is_dir():
        raise CoachDeskError(_("The folder {folder} does not exist. Create it or choose another.").format(
            folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CoachDeskError(_("Cannot write to {path}: permission denied. Choose another place.").format(
            path=path))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it: a failure leaves no half file."""
    check_writable(path)
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise CoachDeskError(_("Could not write {path}: {reason}").format(
            path=path, reason=exc.strerror or _("unknown error"))) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise CoachDeskError(_("Could not write {path}: {reason}").format(
            path=path, reason=exc.strerror or _("unknown error"))) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
