"""Where the bundled resources and translations live.

In a source checkout (and an editable install) they sit beside the package; a built wheel carries them
inside the package under ``_data/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(name)


def resources_dir() -> Path:
    return _find("resources")


def translations_dir() -> Path:
    return _find("translations")
