"""HTML to PDF with Qt's text engine: shaping, bidi and per-run font fallback, on any thread, no files.

The PDF is built in memory and returned as bytes, so nothing personal touches the disk until the user
chooses where to save it.
"""

from __future__ import annotations

import os
import threading

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextOption,
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


def _paint_pages(document: QTextDocument, writer: QPdfWriter, page: QRectF) -> None:
    """Paint the laid-out document page by page (``print_`` would lay a long document out again, in
    timed chunks that need an event loop the long-work thread does not have)."""
    painter = QPainter(writer)
    try:
        for number in range(document.pageCount()):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * page.height())
            document.drawContents(painter, QRectF(0, number * page.height(), page.width(), page.height()))
            painter.restore()
    finally:
        painter.end()


def pdf_bytes(html: str, *, language: str, title: str) -> bytes:
    """Render ``html`` (a whole document in ``language``) as an A4 PDF, in memory."""
    ensure_gui()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("CoachDesk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    document = QTextDocument()
    # Page, fonts and direction before the text: the one layout is then the final one.
    document.documentLayout().setPaintDevice(writer)  # font metrics at the PDF's resolution
    document.setPageSize(QSizeF(page.width(), page.height()))
    document.setDefaultFont(document_font(language))
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_rtl(language)
                            else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(html)
    _paint_pages(document, writer, page)
    data = bytes(buffer.data().data())
    buffer.close()
    return data
