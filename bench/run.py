"""``python -m bench``: run the benchmarks, print the figures, merge them into the results file."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.results import DEFAULT_PATH, machine_info, merge_into
from bench.scale import run_scale
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
    ):
        if figures.get(key):
            print(f"  {label} (ms): "
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in figures[key].items()))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scale_n = args.participants or (300 if args.quick else 100_000)
    workload_n = args.workload_participants or (200 if args.quick else 10_000)
    figures: dict[str, Any] = {"quick": args.quick}
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
    figures["machine"] = machine_info()
    merge_into(args.results, figures)
    report(figures)
    print(f"\nwritten to {args.results}")
    return 0
