"""The bundled Noto fonts (``resources/fonts``, SIL OFL 1.1) and which of them a language's text starts with.

Each document names several families: Qt falls back from one to the next for every run of characters the
first lacks (Noto Sans Ethiopic has no digits, Noto Naskh Arabic no "?"), so a Tigrinya sentence with a date
in it still prints every glyph.
"""

from __future__ import annotations

import threading

from PySide6.QtGui import QFontDatabase

from coachdesk.resources import resources_dir

LATIN = "Noto Sans"
ARABIC = "Noto Naskh Arabic"
ETHIOPIC = "Noto Sans Ethiopic"
_ARABIC_SCRIPT = {"ar", "fa", "ps", "ckb", "ur"}
_ETHIOPIC_SCRIPT = {"ti", "am"}
_lock = threading.Lock()
_loaded: list[str] = []


def font_files() -> list[str]:
    return sorted(str(p) for p in (resources_dir() / "fonts").glob("*.ttf"))


def ensure_loaded() -> list[str]:
    """Register the bundled fonts with Qt once (a QGuiApplication must exist); returns their families."""
    with _lock:
        if not _loaded:
            for path in font_files():
                font_id = QFontDatabase.addApplicationFont(path)
                if font_id < 0:
                    raise RuntimeError(f"Qt could not load the bundled font {path}")
                _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
        return sorted(set(_loaded))


def families_for(language: str) -> list[str]:
    """The document families for ``language``, its own script first, then the fallbacks."""
    base = language.split("_", maxsplit=1)[0]
    if base in _ARABIC_SCRIPT:
        return [ARABIC, LATIN, ETHIOPIC]
    if base in _ETHIOPIC_SCRIPT:
        return [ETHIOPIC, LATIN, ARABIC]
    return [LATIN, ARABIC, ETHIOPIC]
