"""``python -m bench``: run the benchmarks, print the figures, merge them into the results file."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.plan_pdf import run_plan_pdf
from bench.reports import run_reports
from bench.results import DEFAULT_PATH, machine_info, merge_into
from bench.scale import PASSPHRASE, run_scale
from bench.schedules import run_schedules
from bench.server_load import run_server_load
from bench.workload import compare_encryption
from coachdesk.vault import KdfParams

# Cheap Argon2id for --quick only: a smoke run checks the plumbing, not the KDF's cost.
QUICK_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)

# (key, unit, goal): printed in this order; a goal is an upper bound, reported, never asserted.
FIGURES: tuple[tuple[str, str, float | None], ...] = (
    ("encryption_overhead_ratio", "x", 1.3),
    ("encryption_overhead_ratio_cpu", "x", 1.3),
    ("workload_sqlcipher_s", "s", None),
    ("workload_plain_s", "s", None),
    ("generate_100k_s", "s", None),
    ("unlock_ms", "ms", None),
    ("unlock_derive_ms", "ms", None),
    ("unlock_open_ms", "ms", None),
    ("caseload_page_ms_p50_100k", "ms", None),
    ("caseload_page_ms_p95_100k", "ms", 50),
    ("search_ms_p50_100k", "ms", None),
    ("search_ms_p95_100k", "ms", 50),
    # Diagnostics (bench/diagnostics.py): held to the same goal as the figures they refine.
    ("caseload_page_filtered_ms_p95_100k", "ms", 50),
    ("search_short_ms_p50_100k", "ms", None),
    ("search_short_ms_p95_100k", "ms", 50),
    ("caseload_count_ms_100k", "ms", 50),
    # The sync server (bench/server_load.py): 200 devices against PostgreSQL on 127.0.0.1.
    ("server_sync_rps", "/s", None),
    ("server_sync_p99_ms", "ms", None),
    ("server_changes_per_s", "/s", None),
    # Programmes (bench/agenda.py, bench/schedules.py).
    ("agenda_ms_p50_100k", "ms", None),
    ("agenda_ms_p95_100k", "ms", 50),
    ("agenda_office_ms_p95_100k", "ms", None),
    ("schedules_per_s", "/s", None),
    ("persisted_plans_per_s", "/s", None),
    # The desktop app, each in a fresh offscreen process (bench/ui.py).
    ("startup_to_unlock_ms", "ms", None),
    ("unlock_to_today_ms_10k", "ms", None),
    ("caseload_filter_ms_p95_100k", "ms", 50),  # from the change (or the search debounce firing)
    ("caseload_keystroke_ms_p95_100k", "ms", None),  # from the last keystroke: includes the debounce
    ("caseload_filter_count_ms_p95_100k", "ms", None),
    ("caseload_first_letters_ms_p95_100k", "ms", None),
    ("rss_mb_100k", "MB", 300),
    # The sync client end to end through a byte-counting proxy (bench/sync.py).
    ("initial_sync_rows_per_s", "/s", None),
    ("initial_sync_bytes", "B", None),
    ("incremental_round_trips", "", 1),  # for 100 changes
    ("incremental_bytes_ratio", "x", None),  # bytes on the wire / gzip of the changed values
    ("rural_link_time_ratio", "x", None),  # 2 Mbit/s, 300 ms RTT: time / (bytes / bandwidth + RTT x trips)
    # The funder's indicator report (bench/reports.py): last calendar year, and three years of history.
    ("indicator_report_s_100k", "s", 3),
    ("indicator_report_all_history_s_100k", "s", None),
    ("indicator_report_pdf_ms", "ms", None),
    ("indicator_report_xlsx_ms", "ms", None),
    # The action plan PDF (bench/plan_pdf.py): 28 weeks, 3 goals, 2 placements, in Arabic + Swedish.
    ("plan_pdf_ms", "ms", 300),
    ("plan_pdf_swedish_only_ms", "ms", None),
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--participants", type=int, default=None,
                        help="participants in the scale vault (default 100000; 300 with --quick)")
    parser.add_argument("--workload-participants", type=int, default=None,
                        help="participants in the encryption workload "
                             "(default 10000; 200 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a small smoke run: few people, one round, cheap KDF")
    parser.add_argument("--results", type=Path, default=DEFAULT_PATH,
                        help=f"results file to merge into (default {DEFAULT_PATH})")
    parser.add_argument("--server-load", action=argparse.BooleanOptionalAction, default=None,
                        help="load the sync server with 200 devices on a throwaway PostgreSQL "
                             "(default: on, off with --quick)")
    parser.add_argument("--only-server-load", action="store_true",
                        help="run the sync server load alone")
    parser.add_argument("--today-participants", type=int, default=None,
                        help="participants in the unlock-to-Today vault (default 10000; 100 with --quick)")
    parser.add_argument("--sync-participants", type=int, default=None,
                        help="participants the sync bench pushes and downloads "
                             "(default 10000; 10 with --quick)")
    parser.add_argument("--sync", action=argparse.BooleanOptionalAction, default=True,
                        help="time sync end to end through a proxy (default: on)")
    parser.add_argument("--ui", action=argparse.BooleanOptionalAction, default=True,
                        help="time the desktop app in offscreen processes (default: on)")
    parser.add_argument("--reports", action=argparse.BooleanOptionalAction, default=True,
                        help="time the indicator report on the scale vault (default: on)")
    parser.add_argument("--only-reports", action="store_true",
                        help="time the indicator report alone, on a new scale vault or --reports-vault")
    parser.add_argument("--only-plan-pdf", action="store_true",
                        help="time the action plan PDF alone (a small new vault)")
    parser.add_argument("--reports-vault", type=Path, default=None,
                        help="with --only-reports: an existing vault made with the bench passphrase")
    return parser.parse_args(argv)


def report(figures: dict[str, Any]) -> None:
    print()
    for key, unit, goal in FIGURES:
        if key not in figures:
            continue
        verdict = "" if goal is None else (
            f"  goal <= {goal:g}: {'met' if figures[key] <= goal else 'MISSED'}")
        print(f"  {key:<36} {figures[key]:>10.3f} {unit:<2}{verdict}")
    for key, label in (
        ("search_ms_p95_by_kind_100k", "search p95 by query kind"),
        ("caseload_page_filtered_ms_p50_by_filter_100k", "filtered page p50 by filter"),
        ("caseload_filter_ms_p95_by_kind_100k", "caseload view p95 by change"),
        ("agenda_statements_100k", "agenda p95 by statement"),
        ("agenda_office_statements_100k", "office agenda p95 by statement"),
    ):
        if figures.get(key):
            by_name = figures[key].get("ms_p95", figures[key])  # agenda statements nest theirs
            print(f"  {label} (ms): "
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in by_name.items()))
    for key in ("agenda_statements_100k", "agenda_office_statements_100k"):
        slowest = (figures.get(key) or {}).get("slowest")
        if slowest:
            print(f"  slowest in {key}: {slowest['statement']} {slowest['ms_p95']:.1f} ms, plan: "
                  + " | ".join(slowest["query_plan"]))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scale_n = args.participants or (300 if args.quick else 100_000)
    workload_n = args.workload_participants or (200 if args.quick else 10_000)
    figures: dict[str, Any] = {"quick": args.quick}
    if args.only_server_load:
        return _server_load_only(args)
    if args.only_reports:
        return _reports_only(args, scale_n)
    if args.only_plan_pdf:
        return _plan_pdf_only(args)
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as tmp:
        folder = Path(tmp)
        print(f"encryption overhead: {workload_n:,} participants on SQLCipher and on plain SQLite",
              flush=True)
        figures |= compare_encryption(folder / "workload", participants=workload_n,
                                      searches=20 if args.quick else 100,
                                      rounds=1 if args.quick else 5)
        print(f"scale: {scale_n:,} participants in a new vault", flush=True)
        figures |= run_scale(folder / "scale", participants=scale_n,
                             searches=20 if args.quick else 200,
                             kdf=QUICK_KDF if args.quick else None, verbose=not args.quick)
        if args.reports:
            print(f"indicator report: {scale_n:,} participants", flush=True)
            figures |= run_reports(folder / "scale", PASSPHRASE, rounds=1 if args.quick else 3)
        print("action plan PDF: one participant's 28-week plan, Arabic and Swedish", flush=True)
        figures |= run_plan_pdf(folder / "plan-pdf", rounds=3 if args.quick else 15)
        print("schedules: pure builds, then enrolments saved into the scale vault", flush=True)
        figures |= run_schedules(folder / "scale", builds=200 if args.quick else 5_000,
                                 enrolments=10 if args.quick else 300)
        if args.ui:
            today_n = args.today_participants or (100 if args.quick else 10_000)
            print(f"desktop app: startup, unlock to Today ({today_n:,}), the caseload view and memory "
                  f"({scale_n:,})", flush=True)
            figures |= run_ui_bench(folder, today_participants=today_n, quick=args.quick)
        if args.sync:
            from bench.sync import run_sync_bench

            sync_n = args.sync_participants or (10 if args.quick else 10_000)
            print(f"sync: {sync_n:,} participants pushed, then downloaded by a new device; incremental "
                  f"syncs, also over a rural line", flush=True)
            figures |= run_sync_bench(folder / "sync", participants=sync_n, changes=10 if args.quick else 100,
                                      verbose=not args.quick)
    if (not args.quick) if args.server_load is None else args.server_load:
        figures |= run_server_load(devices=20 if args.quick else 200, rounds=2 if args.quick else 5)
    figures["machine"] = machine_info()
    merge_into(args.results, figures)
    report(figures)
    print(f"\nwritten to {args.results}")
    return 0


def run_ui_bench(folder: Path, *, today_participants: int, quick: bool) -> dict[str, Any]:
    """The desktop figures: a new vault for unlock-to-Today, the scale vault for the caseload view."""
    from bench.ui import build_vault, run_ui

    build_vault(folder / "today", PASSPHRASE, participants=today_participants,
                kdf=QUICK_KDF if quick else None)
    return run_ui(today_dir=folder / "today", scale_dir=folder / "scale", passphrase=PASSPHRASE,
                  today_passphrase=PASSPHRASE, quick=quick)


def _reports_only(args: argparse.Namespace, participants: int) -> int:
    from bench.ui import build_vault

    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as tmp:
        folder = args.reports_vault
        if folder is None:
            folder = Path(tmp) / "scale"
            print(f"indicator report: generating {participants:,} participants", flush=True)
            build_vault(folder, PASSPHRASE, participants=participants, kdf=QUICK_KDF)
        figures = run_reports(folder, PASSPHRASE, rounds=1 if args.quick else 3)
    merge_into(args.results, figures)
    report(figures)
    print(f"\nwritten to {args.results}")
    return 0


def _plan_pdf_only(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as tmp:
        figures = run_plan_pdf(Path(tmp) / "plan-pdf", rounds=3 if args.quick else 15)
    merge_into(args.results, figures)
    report(figures)
    print(f"\nwritten to {args.results}")
    return 0


def _server_load_only(args: argparse.Namespace) -> int:
    figures = run_server_load(devices=20 if args.quick else 200, rounds=2 if args.quick else 5)
    if figures:
        merge_into(args.results, figures)
        report(figures)
        print(f"\nwritten to {args.results}")
    return 0
