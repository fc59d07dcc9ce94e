"""``coachdesk report indicators`` and ``coachdesk export participants``: output, audit, and clear errors
that leave nothing behind."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from coachdesk.cli import main
from coachdesk.models import AuditEvent, Participant
from coachdesk.models.enums import AuditAction
from coachdesk.unlock import unlock_vault
from tests.conftest import PASSPHRASE
from tests.helpers import snapshot


@pytest.fixture(autouse=True)
def _scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)


def _audit(folder: Path) -> list[AuditEvent]:
    store, _timings = unlock_vault(folder, PASSPHRASE)
    try:
        with store.session() as session:
            return list(session.scalars(select(AuditEvent).where(
                AuditEvent.action.in_((AuditAction.GENERATE, AuditAction.EXPORT)),
                AuditEvent.entity != "synthetic_data")))
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "csv"])
def test_report_writes_the_file_and_an_audit_event(vault: tuple[Path, dict[str, str]], tmp_path: Path,
                                                   kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"indicators.{kind}"
    before = len(_audit(vault[0]))
    assert main(["report", "indicators", "--data-dir", str(vault[0]), "--from", "2025-01-01",
                 "--to", "2025-12-31", "--format", kind, "--out", str(out)]) == 0
    assert out.stat().st_size > 0 and str(out) in capsys.readouterr().out
    events = _audit(vault[0])
    assert len(events) == before + 1
    event = events[-1]
    assert event.action is AuditAction.GENERATE and event.entity == f"indicator_report_{kind}"
    assert event.participant_id is None and event.entity_id is None and event.fields is None
    assert not list(tmp_path.glob(".*part"))  # no temporary file left beside it


@pytest.mark.parametrize(("arguments", "message"), [
    (["--from", "2025-13-01", "--to", "2025-12-31"], "--from: \"2025-13-01\" is not a date"),
    (["--from", "2025-01-01", "--to", "yesterday"], "--to: \"yesterday\" is not a date"),
    (["--from", "2025-12-31", "--to", "2025-01-01"], "The period ends (2025-01-01) before it starts"),
])
def test_bad_dates_fail_clearly_and_write_nothing(vault: tuple[Path, dict[str, str]], tmp_path: Path,
                                                  arguments: list[str], message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.pdf"
    before = snapshot(vault[0])
    assert main(["report", "indicators", "--data-dir", str(vault[0]), *arguments, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert snapshot(vault[0]) == before


def test_missing_vault_wrong_passphrase_and_unwritable_output(vault: tuple[Path, dict[str, str]],
                                                               tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    period = ["--from", "2025-01-01", "--to", "2025-12-31"]
    out = tmp_path / "report.csv"
    assert main(["report", "indicators", "--data-dir", str(tmp_path / "none"), *period, "--out",
                 str(out)]) == 1
    assert "no vault in this folder" in capsys.readouterr().err
    assert main(["report", "indicators", "--data-dir", str(vault[0]), *period, "--out",
                 str(tmp_path / "missing" / "report.csv")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", "indicators", "--data-dir", str(vault[0]), *period, "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
    before = snapshot(vault[0])
    monkeypatch.setenv("COACHDESK_PASSPHRASE", "not the passphrase")
    assert main(["export", "participants", "--data-dir", str(vault[0]), "--out", str(out)]) == 3
    assert capsys.readouterr().err.strip() == "Wrong passphrase. Check it and try again."
    assert list(tmp_path.iterdir()) == [] and snapshot(vault[0]) == before


def test_bad_month_fails_clearly(vault: tuple[Path, dict[str, str]], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "participants", "--data-dir", str(vault[0]), "--month", "2025-13",
                 "--out", str(tmp_path / "list.csv")]) == 1
    assert "--month: \"2025-13\" is not a month" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def _export(folder: Path, out: Path, *month: str) -> list[dict[str, str]]:
    assert main(["export", "participants", "--data-dir", str(folder), *month, "--out", str(out)]) == 0
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))


def test_participant_list_flags_people_without_identity_and_keeps_them(
        vault: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, ids = vault
    rows = {row["participant_ref"]: row for row in _export(folder, tmp_path / "all.csv")}
    assert list(next(iter(rows.values()))) == [
        "reporting_month", "participant_ref", "personnummer", "id_kind", "birth_date", "gender",
        "start_date", "end_date", "exit_destination", "flags"]
    nobody = rows[ids["no_identity"]]
    assert nobody["personnummer"] == "" and nobody["id_kind"] == "none"
    assert nobody["birth_date"] == "1990-04-01" and nobody["flags"] == "missing_identity_number"
    assert rows[ids["identity_no_birth"]]["flags"] == "missing_birth_date"
    assert rows[ids["exit_last_day"]]["end_date"] == "2025-12-31"
    assert ids["cancelled_start"] not in rows  # enrolled, but never began
    store, _timings = unlock_vault(folder, PASSPHRASE)
    try:
        with store.session() as session:
            numbers = {p.id: p.personnummer for p in session.scalars(select(Participant))}
    finally:
        store.close()
    synthetic = [row for ref, row in rows.items() if numbers[ref]]
    assert all(row["personnummer"] == numbers[row["participant_ref"]] for row in synthetic)
    assert {row["id_kind"] for row in synthetic} <= {"personnummer", "samordningsnummer"}
    assert not any("invalid" in row["flags"] for row in synthetic)
    event = _audit(folder)[-1]
    assert event.action is AuditAction.EXPORT and event.entity == "participant_list"
    assert event.participant_id is None and "personnummer" in (event.fields or "")


def test_a_month_lists_who_was_in_a_programme_then_as_at_its_end(
        vault: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, ids = vault
    december = {row["participant_ref"]: row for row in _export(folder, tmp_path / "dec.csv",
                                                               "--month", "2025-12")}
    january = {row["participant_ref"]: row for row in _export(folder, tmp_path / "jan.csv",
                                                              "--month", "2025-01")}
    assert december[ids["start_last_day"]]["start_date"] == "2025-12-31"
    assert december[ids["exit_day_after"]]["end_date"] == ""  # left in January: not yet at December's end
    assert december[ids["exit_last_day"]]["end_date"] == "2025-12-31"
    assert ids["exit_first_day"] not in december and ids["exit_day_before"] not in january
    assert january[ids["exit_first_day"]]["end_date"] == "2025-01-01"
    assert ids["start_day_after"] not in december and ids["start_last_day"] not in january
    assert {row["reporting_month"] for row in december.values()} == {"2025-12"}
