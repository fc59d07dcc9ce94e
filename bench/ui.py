"""The desktop app as a coach meets it, each figure from a fresh app process on Qt's offscreen platform.

* ``startup_to_unlock_ms``: from launching the process to the unlock dialog shown with the passphrase
  field focused and the event loop idle (ready for typing); median of several launches.
* ``unlock_to_today_ms_10k``: from pressing Unlock (production Argon2id cost) to the Today view loaded,
  in a vault of 10,000 participants.
* ``caseload_filter_ms_p95_100k``: at 100,000 participants, from a filter change, a click on the name
  header, or the search debounce firing, to the table showing the new rows (the model's ``loaded``).
  ``caseload_keystroke_ms_p95_100k`` times typed searches from the last keystroke instead, so it
  includes the debounce (``SEARCH_DELAY_MS``) the coach waits through as well.
* ``rss_mb_100k``: the process's peak resident memory after unlocking the 100,000 vault, Today,
  scrolling the caseload through 20 pages or more and the searches. It is ``VmHWM`` where Linux has it:
  ``ru_maxrss`` there carries the parent's peak over fork and exec, and the parent may just have
  generated 100,000 participants. The peak includes Argon2id's working memory during the unlock, as a
  coach's machine must find room for it.

Each child runs the real app: ``coachdesk.cli.main(["--data-dir", …])`` as ``python -m coachdesk``
does, with its settings in a throwaway folder. It reports one line, ``MARK`` and a JSON object.
``python -m bench.ui`` runs these figures alone, building its own vaults; ``python -m bench`` runs
them after the scale benchmark, on the scale vault.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.timing import percentile

if TYPE_CHECKING:
    from coachdesk.vault import KdfParams

MARK = "COACHDESK-BENCH "
ENV_PASSPHRASE = "COACHDESK_BENCH_PASSPHRASE"
ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 900


def _ms(value: float) -> float:
    return round(value, 2)


def launch(figure: str, data_dir: Path, passphrase: str, options: dict[str, Any] | None = None,
           *, timeout: float = CHILD_TIMEOUT_S) -> tuple[float, dict[str, Any]]:
    """Start a child app process for ``figure``; returns the wall time it was started and its report."""
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-ui-") as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", ENV_PASSPHRASE: passphrase,
               "XDG_CONFIG_HOME": config}  # the app's own settings file goes here, not the user's
        command = [sys.executable, "-m", "bench.ui", "child", figure, str(data_dir),
                   json.dumps(options or {})]
        started = time.time()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
    reports = [line[len(MARK):] for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not reports:
        raise RuntimeError(f"the {figure} child failed ({done.returncode}): {done.stderr[-2000:]}")
    return started, json.loads(reports[-1])


def startup_to_unlock(data_dir: Path, passphrase: str, *, launches: int) -> dict[str, Any]:
    samples = []
    for _ in range(launches):
        started, report = launch("startup", data_dir, passphrase)
        samples.append((report["ready_at"] - started) * 1000)
    return {"startup_to_unlock_ms": _ms(statistics.median(samples)),
            "startup_to_unlock_samples_ms": [_ms(s) for s in samples]}


def unlock_to_today(data_dir: Path, passphrase: str, *, launches: int) -> dict[str, Any]:
    reports = [launch("today", data_dir, passphrase)[1] for _ in range(launches)]
    return {
        "unlock_to_today_ms_10k": _ms(statistics.median(r["today_ms"] for r in reports)),
        "unlock_to_workspace_ms_10k": _ms(statistics.median(r["workspace_ms"] for r in reports)),
        "unlock_to_today_samples_ms_10k": [_ms(r["today_ms"]) for r in reports],
    }


def caseload_filters(data_dir: Path, passphrase: str, *, queries: list[str],
                     short: list[str]) -> dict[str, Any]:
    _started, report = launch("caseload", data_dir, passphrase, {"queries": queries, "short": short})
    events: list[dict[str, Any]] = report["events"]
    after_trigger = [e["loaded_ms"] for e in events if e["kind"] != "short"]
    keystrokes = [e["keystroke_ms"] for e in events if e["kind"] == "search"]
    counted = [e["count_ms"] for e in events if e.get("count_ms") is not None]
    by_kind: dict[str, list[float]] = {}
    for event in events:
        by_kind.setdefault(event["kind"], []).append(event["loaded_ms"])
    short_ms = by_kind.get("short", [])
    overhead = [e["loaded_ms"] - e["service_ms"] for e in events
                if e["kind"] != "short" and e.get("service_ms") is not None]
    return {
        "caseload_filter_ms_p95_100k": _ms(percentile(after_trigger, 95)),
        "caseload_filter_ms_p50_100k": _ms(percentile(after_trigger, 50)),
        "caseload_keystroke_ms_p95_100k": _ms(percentile(keystrokes, 95)),
        "caseload_filter_count_ms_p95_100k": _ms(percentile(counted, 95)) if counted else None,
        "caseload_filter_ms_p95_by_kind_100k": {kind: _ms(percentile(ms, 95))
                                                for kind, ms in sorted(by_kind.items())},
        "caseload_first_letters_ms_p95_100k": _ms(percentile(short_ms, 95)) if short_ms else None,
        "caseload_ui_stall_ms_max_100k": _ms(report["stall_ms_max"]),
        "caseload_app_overhead_ms_p95_100k": _ms(percentile(overhead, 95)) if overhead else None,
        "caseload_events_timed": len(after_trigger),
        "caseload_search_delay_ms": report["search_delay_ms"],
        "caseload_participants": report["participants"],
    }


def peak_memory(data_dir: Path, passphrase: str, *, pages: int, queries: list[str]) -> dict[str, Any]:
    _started, report = launch("memory", data_dir, passphrase, {"pages": pages, "queries": queries})
    return {
        "rss_mb_100k": _ms(report["peak_mb"]),
        "rss_mb_before_unlock": _ms(report["peak_before_unlock_mb"]),
        "rss_mb_now_100k": _ms(report["now_mb"]),
        "rss_caseload_rows_100k": report["rows"],
    }


def sample(data_dir: Path, passphrase: str, *, searches: int, short: int,
           seed: int) -> tuple[list[str], list[str]]:
    """Queries a coach would type, drawn from the vault's own participants (opened here, not timed)."""
    from bench.queries import SHORT_KINDS, sample_queries
    from coachdesk.unlock import unlock_vault

    store, _timings = unlock_vault(data_dir, passphrase)
    try:
        queries = [q for _kind, q in sample_queries(store, searches, seed=seed)]
        first = [q for _kind, q in sample_queries(store, short, seed=seed, mix=SHORT_KINDS)]
    finally:
        store.close()
    return queries, first


def run_ui(*, today_dir: Path, scale_dir: Path, passphrase: str, today_passphrase: str,
           quick: bool, seed: int = 1) -> dict[str, Any]:
    """Every figure above; the vaults exist already (``today_dir`` ~10,000, ``scale_dir`` ~100,000)."""
    figures: dict[str, Any] = {}
    figures |= startup_to_unlock(today_dir, today_passphrase, launches=1 if quick else 5)
    figures |= unlock_to_today(today_dir, today_passphrase, launches=1 if quick else 5)
    queries, first = sample(scale_dir, passphrase, searches=10 if quick else 60, short=3 if quick else 20,
                            seed=seed)
    figures |= caseload_filters(scale_dir, passphrase, queries=queries, short=first)
    figures |= peak_memory(scale_dir, passphrase, pages=2 if quick else 25, queries=queries)
    return figures


def build_vault(folder: Path, passphrase: str, *, participants: int, kdf: KdfParams | None,
                seed: int = 1) -> None:
    """A vault of synthetic participants; ``kdf=None`` calibrates production Argon2id cost."""
    from coachdesk.services.synthetic import generate
    from coachdesk.unlock import create_vault

    store = create_vault(folder, passphrase, kdf=kdf)
    try:
        generate(store, participants=participants, seed=seed)
    finally:
        store.close()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000,
                        help="participants in the caseload vault (default 100000)")
    parser.add_argument("--today-participants", type=int, default=10_000,
                        help="participants in the unlock-to-Today vault (default 10000)")
    parser.add_argument("--scale-dir", type=Path, default=None,
                        help="use this existing vault (bench.scale.PASSPHRASE) instead of building one")
    parser.add_argument("--quick", action="store_true", help="small vaults, cheap KDF, few samples")
    parser.add_argument("--results", type=Path, default=None,
                        help="results file to merge into (default bench/results.json)")
    parser.add_argument("--no-results", action="store_true", help="print the figures only")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["child"]:
        from bench.ui_child import child

        return child(args_list[1:])
    args = parse_args(args_list)
    from bench.results import DEFAULT_PATH, machine_info, merge_into
    from bench.run import QUICK_KDF, report
    from bench.scale import PASSPHRASE

    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-ui-") as tmp:
        folder = Path(tmp)
        print(f"building a vault of {args.today_participants:,} participants", flush=True)
        kdf = QUICK_KDF if args.quick else None
        build_vault(folder / "today", PASSPHRASE, participants=args.today_participants, kdf=kdf)
        scale_dir = args.scale_dir
        if scale_dir is None:
            print(f"building a vault of {args.participants:,} participants", flush=True)
            scale_dir = folder / "scale"
            build_vault(scale_dir, PASSPHRASE, participants=args.participants, kdf=kdf)
        print("timing the desktop app", flush=True)
        figures = run_ui(today_dir=folder / "today", scale_dir=scale_dir, passphrase=PASSPHRASE,
                         today_passphrase=PASSPHRASE, quick=args.quick)
    figures["ui_quick"] = args.quick
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if not args.no_results:
        path = args.results or DEFAULT_PATH
        merge_into(path, {**figures, "ui_machine": machine_info()})
        report(figures)
        print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
