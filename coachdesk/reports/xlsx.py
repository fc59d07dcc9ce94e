"""The indicator report as an Excel workbook (openpyxl): one sheet per section, the tables one below
another, numbers as numbers (hours with two decimals) so they can be summed and charted again."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from coachdesk.i18n import _
from coachdesk.reports import labels
from coachdesk.reports.tables import GENDERS, IndicatorReport, Section, Unit, number

_INVALID_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = title.translate(_INVALID_TITLE).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _section(sheet: Worksheet, report: IndicatorReport, section: Section) -> None:
    bold = Font(bold=True)
    sheet.append([_(labels.REPORT_TITLE)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_(labels.PERIOD).format(start=report.first.isoformat(), end=report.last.isoformat())])
    sheet.append([_(labels.AS_OF).format(date=report.as_of.isoformat())])
    sheet.append([section.title])
    sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=12)
    for table in section.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(sheet.max_row, 1).font = bold
        sheet.append([table.note])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True, size=9)
        unit = _(labels.HOURS_UNIT) if table.unit is Unit.MINUTES else _(labels.PARTICIPANTS_UNIT)
        sheet.append([unit, *(_(labels.GENDER[g]) for g in GENDERS), _(labels.TOTAL)])
        for position, cell in enumerate(sheet[sheet.max_row]):
            cell.font = bold
            if position:
                cell.alignment = Alignment(horizontal="right")
        for row in table.rows:
            sheet.append([row.label, *(number(v, table.unit) for v in row.values())])
            if table.unit is Unit.MINUTES:
                for cell in sheet[sheet.max_row][1:]:
                    cell.number_format = "0.00"
            if row.is_total:
                for cell in sheet[sheet.max_row]:
                    cell.font = bold
    sheet.column_dimensions["A"].width = 62
    for column in range(2, 2 + len(GENDERS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13


def render(report: IndicatorReport) -> bytes:
    workbook = Workbook()
    taken: set[str] = set()
    first = True
    for section in report.sections:
        sheet = workbook.active if first else workbook.create_sheet()
        assert isinstance(sheet, Worksheet)
        sheet.title = _sheet_title(section.title, taken)
        _section(sheet, report, section)
        first = False
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
