"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder``, to prove nothing was touched."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def files_containing(folder: Path, needles: list[bytes]) -> list[str]:
    return [f"{p.name}: {needle!r}" for p in sorted(folder.rglob("*")) if p.is_file()
            for needle in needles if needle in p.read_bytes()]
