"""The report as PDF (read back with pdftotext), XLSX (openpyxl) and CSV, in English and Swedish."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from coachdesk import i18n
from coachdesk.models.store import Store
from coachdesk.reports import csv_table, pdf, xlsx
from coachdesk.reports.report import indicator_report
from coachdesk.reports.tables import IndicatorReport, hours
from tests.unit.reports.conftest import AS_OF, PERIOD


@pytest.fixture
def report(report_store: Store) -> IndicatorReport:
    return indicator_report(report_store, PERIOD, as_of=AS_OF)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: run scripts/system-deps.sh (poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_pdf_holds_every_section_table_and_figure(report: IndicatorReport, tmp_path: Path) -> None:
    text = _pdf_text(pdf.render(report), tmp_path)
    assert "Indicator report" in text and "Period: 2025-01-01 – 2025-12-31" in text
    flat = " ".join(text.split())
    for section in report.sections:
        assert section.title in text
        for table in section.tables:
            assert " ".join(table.title.split()) in flat, table.title
    started = report.table("started.summary").row("started")
    line = next(line for line in text.splitlines() if line.strip().startswith("Participants who started")
                and any(ch.isdigit() for ch in line))
    assert line.split()[-5:] == [f"{v:,}" for v in started.values()]
    assert ", by gender" in text  # a chart title per section
    assert text.count(", by gender") == len(report.sections)


def test_pdf_comes_out_in_swedish_by_default(report_store: Store, tmp_path: Path) -> None:
    i18n.set_language("sv")
    report = indicator_report(report_store, PERIOD, as_of=AS_OF)
    text = _pdf_text(pdf.render(report), tmp_path)
    assert "Kvinna" in text and "Ej angivet" in text  # the gender columns, translated


def test_xlsx_reads_back_with_the_same_numbers(report: IndicatorReport) -> None:
    book = load_workbook(io.BytesIO(xlsx.render(report)))
    assert len(book.sheetnames) == len(report.sections)
    for section, sheet in zip(report.sections, book.worksheets, strict=True):
        rows = [row for row in sheet.iter_rows(values_only=True)]
        for table in section.tables:
            start = next(i for i, row in enumerate(rows[:-1])
                         if row[0] == table.title and rows[i + 1][0] == table.note)
            for offset, wanted in enumerate(table.rows):
                got = rows[start + 3 + offset]
                assert got[0] == wanted.label
                numbers = [hours(v) if table.unit.value == "minutes" else v for v in wanted.values()]
                assert list(got[1:6]) == numbers, table.key


def test_csv_reads_back_with_one_line_per_row(report: IndicatorReport) -> None:
    data = csv_table.render(report)
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark, so Excel reads UTF-8
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    assert header[-5:] == ["Woman", "Man", "Other", "Not stated", "Total"]
    assert len(body) == sum(len(t.rows) for s in report.sections for t in s.tables)
    started = report.table("started.summary").row("started")
    line = next(row for row in body if row[2] == "Participants who started" and row[3] == started.label)
    assert [int(v) for v in line[-5:]] == list(started.values())
    total_hours = report.table("hours.year").row("total")
    line = next(row for row in body if row[2] == report.table("hours.year").title and row[3] == "Total")
    assert float(line[-1]) == hours(total_hours.total)
    assert {row[0] for row in body} == {"2025-01-01/2025-12-31"}
