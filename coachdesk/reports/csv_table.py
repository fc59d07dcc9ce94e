"""The indicator report as one CSV table: a row per table row, the gender split in columns.

Comma-separated, UTF-8 with a byte-order mark (so Excel reads å, ä and ö right), headings in the UI
language, numbers in plain form (hours with a decimal point) so other programs can read them.
"""

from __future__ import annotations

import csv
import io

from coachdesk.i18n import _
from coachdesk.reports import labels
from coachdesk.reports.tables import GENDERS, IndicatorReport, Unit, number


def header() -> list[str]:
    return [_(labels.COLUMN_PERIOD), _(labels.COLUMN_SECTION), _(labels.COLUMN_TABLE), _(labels.COLUMN_ROW),
            _("Unit"), *(_(labels.GENDER[g]) for g in GENDERS), _(labels.TOTAL)]


def render(report: IndicatorReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header())
    period = f"{report.first.isoformat()}/{report.last.isoformat()}"  # ISO 8601 interval
    for section in report.sections:
        for table in section.tables:
            unit = _(labels.HOURS_UNIT) if table.unit is Unit.MINUTES else _(labels.PARTICIPANTS_UNIT)
            for row in table.rows:
                values = [number(v, table.unit) for v in row.values()]
                writer.writerow([period, section.title, table.title, row.label, unit,
                                 *(f"{v:.2f}" if isinstance(v, float) else v for v in values)])
    return buffer.getvalue().encode("utf-8-sig")
