"""Machine facts and the results file: one key per figure, merged into what is already there."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

DEFAULT_PATH = Path(__file__).resolve().parent / "results.json"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info() -> dict[str, Any]:
    conn = sqlcipher.connect(":memory:")
    try:
        # The crypto provider is only reported once a key is set.
        conn.execute(f"PRAGMA key = \"x'{os.urandom(32).hex()}'\"")
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
        provider = conn.execute("PRAGMA cipher_provider").fetchone()
    finally:
        conn.close()
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlcipher_version": cipher,
        "sqlcipher_provider": provider[0] if provider else None,
        "sqlite_version": sqlcipher.sqlite_version,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def merge_into(path: Path, figures: dict[str, Any]) -> dict[str, Any]:
    """Update ``path`` with ``figures``, keeping keys this run did not measure."""
    merged: dict[str, Any] = {}
    if path.exists():
        merged = json.loads(path.read_text(encoding="utf-8"))
    merged.update(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(merged, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    os.replace(tmp, path)
    return merged
