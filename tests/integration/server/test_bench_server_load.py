"""The server load benchmark runs end to end on a tiny size, and skips politely without PostgreSQL."""

from __future__ import annotations

import pytest

from bench import server_load
from tests import pgcluster


def test_a_tiny_load_run_gives_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = server_load.run_server_load(devices=4, rounds=1, verbose=False)
    assert figures["server_sync_rps"] > 0 and figures["server_sync_p99_ms"] > 0
    assert figures["server_changes_per_s"] > 0
    assert figures["server_load"]["errors"] == 0 and figures["server_load"]["requests"] >= 4


def test_without_postgresql_it_says_so_and_measures_nothing(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    class Unavailable:
        def __enter__(self) -> str:
            raise pgcluster.PgUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")

        def __exit__(self, *_exc: object) -> None:
            return None

    monkeypatch.setattr(pgcluster, "throwaway_cluster", lambda **_kw: Unavailable())
    assert server_load.run_server_load(devices=2, rounds=1) == {}
    assert "skipped, PostgreSQL cannot be started here" in capsys.readouterr().out
