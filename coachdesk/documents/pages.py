"""Several documents, each in its own language and direction, one after another in one PDF.

A bilingual document (the action plan in the participant's language, then in Swedish) is two
``QTextDocument``s: each keeps its own default font families and text direction, which one HTML document
with mixed ``dir`` attributes would not. Each part starts on a new page. Built in memory and returned as
bytes, so nothing personal touches the disk until the user chooses where to save it. Painted page by page:
``QTextDocument.print_`` would lay a long document out again in timed chunks, which need an event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument, QTextOption

from coachdesk.documents.render import document_font, ensure_gui, is_rtl


@dataclass(frozen=True)
class Part:
    """One whole HTML document (``html.document``) and the language it is written in."""

    html: str
    language: str


def _laid_out(part: Part, writer: QPdfWriter, page: QRectF) -> QTextDocument:
    document = QTextDocument()
    # Page, fonts and direction before the text: the one layout is then the final one.
    document.documentLayout().setPaintDevice(writer)
    document.setPageSize(QSizeF(page.width(), page.height()))
    document.setDefaultFont(document_font(part.language))
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if is_rtl(part.language)
                            else Qt.LayoutDirection.LeftToRight)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(part.html)
    return document


def pdf_parts(parts: Sequence[Part], *, title: str) -> bytes:
    """Render ``parts`` in order as one A4 PDF, in memory; every part after the first on a new page."""
    ensure_gui()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("CoachDesk")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
    documents = [_laid_out(part, writer, page) for part in parts]
    painter = QPainter(writer)
    try:
        first = True
        for document in documents:
            for number in range(document.pageCount()):
                if not first:
                    writer.newPage()
                first = False
                painter.save()
                painter.translate(0, -number * page.height())
                document.drawContents(painter, QRectF(0, number * page.height(), page.width(), page.height()))
                painter.restore()
    finally:
        painter.end()
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def pdf_bytes(html: str, *, language: str, title: str) -> bytes:
    """One whole HTML document in ``language`` as an A4 PDF, in memory."""
    return pdf_parts([Part(html, language)], title=title)
