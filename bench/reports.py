"""The indicator report at 100,000 participants: seconds to compute every figure for a period.

Timed on the scale vault (``bench/scale.py``) right after its other figures, or alone with
``python -m bench --only-reports`` on a new vault (or ``--reports-vault DIR`` to reuse one made with the
bench passphrase). The figure is the whole report's SQL and layout, without rendering: the goal is for
the computation; rendering is timed as its own figures. A vault made before migration 0005 is upgraded when
it is unlocked, before anything is timed (its hours index takes about 10 s to build at 100,000).
"""

from __future__ import annotations

import datetime as dt
import statistics
from pathlib import Path
from typing import Any

from bench.timing import stopwatch
from coachdesk.reports import pdf, xlsx
from coachdesk.reports.period import Period
from coachdesk.reports.report import indicator_report
from coachdesk.unlock import unlock_vault

ROUNDS = 3


def _periods(today: dt.date) -> dict[str, Period]:
    """The last full calendar year (the funder's usual report), and the whole history: the worst case."""
    year = today.year - 1
    return {"year": Period(dt.date(year, 1, 1), dt.date(year, 12, 31)),
            "all": Period(today - dt.timedelta(days=3 * 365), today)}


def run_reports(folder: Path, passphrase: str, *, rounds: int = ROUNDS) -> dict[str, Any]:
    store, _timings = unlock_vault(folder, passphrase)
    figures: dict[str, Any] = {}
    try:
        times: dict[str, list[float]] = {}
        report = None
        for name, period in _periods(dt.date.today()).items():
            for _round in range(rounds):
                with stopwatch() as computing:
                    report = indicator_report(store, period)
                times.setdefault(name, []).append(computing.seconds)
        assert report is not None
        with stopwatch() as rendering_pdf:
            pdf.render(report)
        with stopwatch() as rendering_xlsx:
            xlsx.render(report)
    finally:
        store.close()
    median = {name: round(statistics.median(values), 3) for name, values in times.items()}
    figures["indicator_report_s_100k"] = median["year"]
    figures["indicator_report_all_history_s_100k"] = median["all"]
    figures["indicator_report_pdf_ms"] = round(rendering_pdf.seconds * 1000, 1)
    figures["indicator_report_xlsx_ms"] = round(rendering_xlsx.seconds * 1000, 1)
    return figures
