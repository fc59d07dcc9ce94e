"""The indicator report as PDF: a title block, then each section's tables and its chart (reportlab)."""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from coachdesk.i18n import _
from coachdesk.reports import labels
from coachdesk.reports.chart import bar_chart
from coachdesk.reports.tables import GENDERS, IndicatorReport, Table, display
from coachdesk.resources import resources_dir


@cache
def fonts() -> tuple[str, str]:
    """(regular, bold): the bundled Noto Sans when present (full Latin, Swedish included), else Helvetica."""
    folder = resources_dir() / "fonts"
    regular, bold = folder / "NotoSans-Regular.ttf", folder / "NotoSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdfmetrics.registerFont(TTFont("CoachDeskNotoSans", str(regular)))
        pdfmetrics.registerFont(TTFont("CoachDeskNotoSans-Bold", str(bold)))
        return "CoachDeskNotoSans", "CoachDeskNotoSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts()
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=15),
        "h2": ParagraphStyle("h2", parent=base["Heading3"], fontName=bold, fontSize=10, spaceAfter=2),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9),
        "note": ParagraphStyle("note", parent=base["BodyText"], fontName=regular, fontSize=7.5,
                               textColor=colors.HexColor("#444444")),
    }


def _escape(text: str) -> str:
    # Paragraphs read a small markup language: a label with "<" or "&" must not be taken for a tag.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    regular, bold = fonts()
    header = ["", *(_(labels.GENDER[gender]) for gender in GENDERS), _(labels.TOTAL)]
    body = [[Paragraph(_escape(row.label), styles["body"]), *(display(v, table.unit) for v in row.values())]
            for row in table.rows]
    grid = PdfTable([header, *body], colWidths=[62 * mm, *([22 * mm] * 5)], repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), regular), ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("FONTNAME", (0, 0), (-1, 0), bold), ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F2F2")]),
        ("FONTNAME", (-1, 1), (-1, -1), bold),
    ]
    if table.rows and table.rows[-1].is_total:
        style += [("FONTNAME", (0, len(body)), (-1, len(body)), bold),
                  ("LINEABOVE", (0, len(body)), (-1, len(body)), 0.6, colors.black)]
    grid.setStyle(TableStyle(style))
    return KeepTogether([Paragraph(_escape(table.title), styles["h2"]),
                         Paragraph(_escape(table.note), styles["note"]), Spacer(1, 2), grid, Spacer(1, 8)])


def render(report: IndicatorReport) -> bytes:
    """The report as PDF bytes (nothing is written here: the caller writes the file the user chose)."""
    styles = _styles()
    regular, _bold = fonts()
    period = _(labels.PERIOD).format(start=report.first.isoformat(), end=report.last.isoformat())
    story: list[object] = [
        Paragraph(_escape(_(labels.REPORT_TITLE)), styles["title"]),
        Paragraph(_escape(period), styles["body"]),
        Paragraph(_escape(_(labels.AS_OF).format(date=report.as_of.isoformat())), styles["body"]),
        Paragraph(_escape(_(labels.DEFINITIONS)), styles["note"]),
    ]
    for section in report.sections:
        story += [Paragraph(_escape(section.title), styles["h1"]),
                  KeepTogether([bar_chart(section.table(section.chart), font=regular), Spacer(1, 6)])]
        story += [_table(table, styles) for table in section.tables]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=_(labels.REPORT_TITLE), author="CoachDesk",
                                 leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm)
    document.build(story)
    return buffer.getvalue()
