"""The benchmark runs end to end on a tiny size and writes every figure (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.run import main

REQUIRED = (
    "encryption_overhead_ratio", "workload_sqlcipher_s", "workload_plain_s",
    "caseload_page_ms_p50_100k", "caseload_page_ms_p95_100k",
    "search_ms_p50_100k", "search_ms_p95_100k",
    "unlock_ms", "unlock_derive_ms", "unlock_open_ms", "generate_100k_s",
    "agenda_ms_p50_100k", "agenda_ms_p95_100k", "agenda_office_ms_p95_100k",
    "schedules_per_s", "persisted_plans_per_s",
    # The desktop app (bench/ui.py), each from its own offscreen app process.
    "startup_to_unlock_ms", "unlock_to_today_ms_10k", "caseload_filter_ms_p95_100k",
    "caseload_keystroke_ms_p95_100k", "rss_mb_100k",
)


def test_quick_bench_writes_every_figure_and_keeps_other_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps({"from_an_earlier_run": 1.5, "search_ms_p95_100k": -1}))

    assert main(["--quick", "--participants", "150", "--workload-participants", "60",
                 "--results", str(results)]) == 0

    figures = json.loads(results.read_text())
    for key in REQUIRED:
        assert isinstance(figures[key], float | int) and figures[key] > 0, key
    assert figures["from_an_earlier_run"] == 1.5  # merged, not replaced
    assert figures["scale_participants"] == 150 and figures["quick"] is True
    assert figures["machine"]["cpu_count"] >= 1 and figures["machine"]["sqlcipher_version"]
    assert figures["persisted_plans"] == 10 and figures["agendas_timed"] == 20
    slowest = figures["agenda_statements_100k"]["slowest"]
    assert slowest["sql"].startswith("SELECT") and slowest["query_plan"]  # EXPLAIN QUERY PLAN ran
    printed = capsys.readouterr().out
    assert "encryption_overhead_ratio" in printed and str(results) in printed
    assert "agenda_ms_p95_100k" in printed and "slowest in agenda_statements_100k" in printed
    # The keystroke figure waits through the search debounce as well; the filter figure does not.
    assert figures["caseload_keystroke_ms_p95_100k"] >= figures["caseload_search_delay_ms"]
    assert figures["caseload_participants"] >= 150 and figures["caseload_events_timed"] >= 20
    assert figures["rss_mb_100k"] >= figures["rss_mb_before_unlock"] > 0
