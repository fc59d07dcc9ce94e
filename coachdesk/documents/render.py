"""What every PDF needs from Qt's text engine: a GUI application (offscreen for the command line), the
bundled fonts, and each language's default font families and direction. The pages are in ``pages.py``.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
)

from coachdesk.documents import fonts

POINT_SIZE = 11.0
_RTL_BASES = frozenset({"ar", "fa", "ckb", "ps", "ur"})
_app_lock = threading.Lock()


def is_rtl(language: str) -> bool:
    return language.split("_", maxsplit=1)[0] in _RTL_BASES


def ensure_gui() -> None:
    """Qt's fonts need a QGuiApplication; the command line gets an offscreen one (no display needed)."""
    with _app_lock:
        if QCoreApplication.instance() is None:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            QGuiApplication(["coachdesk"])
    fonts.ensure_loaded()


def document_font(language: str) -> QFont:
    font = QFont()
    font.setFamilies(fonts.families_for(language))
    font.setPointSizeF(POINT_SIZE)
    return font
