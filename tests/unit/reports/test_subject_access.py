"""Right of access: the JSON holds every row and every column the database holds on the participant (checked
against the database, table by table), no other participant's rows and no document bytes; the PDF reads
back; a new synced table with a ``participant_id`` the export does not cover fails here."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import inspect, select

from bench.plan_pdf import add_full_plan
from coachdesk.cli import main
from coachdesk.documents.access_report import access_pdf
from coachdesk.i18n import translations_for
from coachdesk.models import AssessmentRating, AuditEvent, Base, Participant
from coachdesk.models.capture import captured_tables
from coachdesk.models.enums import AssessmentDecision, AuditAction, Destination, PauseReason, Programme
from coachdesk.models.store import Store
from coachdesk.services.attachments import AttachmentService
from coachdesk.services.interpreting import InterpreterService
from coachdesk.services.journal import JournalService
from coachdesk.services.plans import DIMENSIONS, PlanService
from coachdesk.services.review import ReviewService
from coachdesk.services.subject_access import SECTIONS, gather, json_value, to_json
from coachdesk.services.templates import TemplateLibrary
from coachdesk.unlock import create_vault, unlock_vault
from tests.conftest import FAST_KDF, PASSPHRASE

SECRET_BYTES = b"%PDF-1.4 a scanned certificate, never exported"


def _held_everything(store: Store, folder: Path) -> tuple[str, str]:
    """One participant with a row in every section, one other participant whose rows must stay out."""
    templates = TemplateLibrary.load()
    full = add_full_plan(store, templates, start=dt.date(2025, 6, 2))
    other = add_full_plan(store, templates, language="ti")
    plans = PlanService(store, templates)
    journal = JournalService(store)
    for pid in (full, other):
        first = journal.write(pid, f"Första mötet med {pid[-4:]}")
        journal.correct(first.id, "Rättelse: mötet hölls på tisdagen")
    intensive = gather(store, full)["enrollments"][-1]["id"]
    ReviewService(store).submit(full, intensive)
    # An introduction that ends in work: pause, assessment with ratings, exit and its 90-day follow-up.
    intro = plans.enrol(full, Programme.INTRODUCTION, dt.date(2025, 9, 1))
    plans.pause(intro.id, start=dt.date(2025, 9, 8), weeks=1, reason=PauseReason.SICK_LEAVE)
    plans.record_assessment(intro.id, assessed_on=dt.date(2025, 10, 3),
                            ratings={name: (3, "ok") for name in DIMENSIONS},
                            decision=AssessmentDecision.EXIT_WORK)
    document = folder / "intyg.pdf"
    document.write_bytes(SECRET_BYTES)
    AttachmentService(store).add(full, document)
    InterpreterService(store).book(full, language="ar", starts_at=dt.datetime(2026, 3, 3, 10),
                                   ends_at=dt.datetime(2026, 3, 3, 11))
    return full, other


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    base = tmp_path_factory.mktemp("access")
    store = create_vault(base / "vault", PASSPHRASE, kdf=FAST_KDF)
    try:
        full, other = _held_everything(store, base)
    finally:
        store.close()
    yield base / "vault", full, other


@pytest.fixture
def opened(vault: tuple[Path, str, str]) -> Iterator[Store]:
    store, _timings = unlock_vault(vault[0], PASSPHRASE)
    yield store
    store.close()


def test_every_synced_table_with_a_participant_id_is_a_section() -> None:
    with_participant = {t.name for t in captured_tables(Base.metadata) if "participant_id" in t.columns}
    covered = {inspect(section.model).local_table.name for section in SECTIONS}
    assert with_participant - covered == set(), "add the new table to subject_access.SECTIONS"
    assert covered <= with_participant


def test_json_holds_every_row_and_column_the_database_holds(opened: Store,
                                                            vault: tuple[Path, str, str]) -> None:
    held = json.loads(to_json(gather(opened, vault[1])))
    assert held["format"] == "coachdesk.subject_access" and held["participant_id"] == vault[1]
    with opened.session() as session:
        person = session.get(Participant, vault[1])
        assert person is not None
        assert held["participant"] == {c.key: json_value(getattr(person, c.key))
                                       for c in inspect(Participant).column_attrs}
        for section in SECTIONS:
            table = inspect(section.model).local_table
            rows = session.execute(select(table).where(table.c.participant_id == vault[1])).mappings().all()
            assert rows, f"the test data has no {section.key}"
            by_id = {row["id"]: row for row in rows}
            assert sorted(r["id"] for r in held[section.key]) == sorted(by_id), section.key
            for exported in held[section.key]:
                stored = by_id[exported["id"]]
                expected = {k: json_value(v) for k, v in stored.items() if k != "content"}
                assert {k: v for k, v in exported.items() if k != "ratings"} == expected, section.key
        ratings = session.scalars(select(AssessmentRating)).all()
        mine = {r.id for r in ratings if r.assessment_id in {a["id"] for a in held["assessments"]}}
        assert {r["id"] for a in held["assessments"] for r in a["ratings"]} == mine and len(mine) == 6


def test_json_is_stable_iso_and_leaves_out_document_bytes_and_other_people(
        opened: Store, vault: tuple[Path, str, str]) -> None:
    now = dt.datetime(2026, 3, 1, 12, 0)
    first, second = to_json(gather(opened, vault[1], now=now)), to_json(gather(opened, vault[1], now=now))
    assert first == second
    text = first.decode("utf-8")
    assert SECRET_BYTES.decode() not in text and '"content"' not in text
    assert vault[2] not in text  # the other participant's id (a 4-character piece would match by chance)
    held = json.loads(text)
    assert held["documents"][0]["filename"] == "intyg.pdf"
    assert held["documents"][0]["size"] == len(SECRET_BYTES)
    dt.datetime.fromisoformat(held["journal_entries"][0]["written_at"])
    dt.date.fromisoformat(held["enrollments"][0]["start_date"])
    corrected = [e for e in held["journal_entries"] if e["corrects_id"]]
    assert corrected and corrected[0]["corrects_id"] in {e["id"] for e in held["journal_entries"]}
    assert held["exits"][0]["destination"] == Destination.WORK.value
    assert held["names"]["employers"] and held["names"]["users"]


def test_pdf_reads_back_with_headed_sections(opened: Store, vault: tuple[Path, str, str], tmp_path: Path,
                                             qapp: QApplication) -> None:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is missing: install poppler-utils (scripts/system-deps.sh)")
    path = tmp_path / "access.pdf"
    path.write_bytes(access_pdf(gather(opened, vault[1]), "sv"))
    text = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    for expected in ("Amina", "19900101-0017", "Mål och delmål", "Praktikplatser", "Dokument", "intyg.pdf",
                     "Rättelse: mötet hölls på tisdagen", "Krokoms vårdcentral", "Karin Handledare",
                     translations_for("sv").gettext("Who viewed or changed the record")):
        assert expected in text, expected


@pytest.fixture
def _scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)


@pytest.mark.usefixtures("_scripted")
@pytest.mark.parametrize("kind", ["json", "pdf"])
def test_export_access_writes_the_file_and_an_audit_event(vault: tuple[Path, str, str], tmp_path: Path,
                                                          kind: str) -> None:
    out = tmp_path / f"access.{kind}"
    assert main(["export", "access", "--data-dir", str(vault[0]), "--participant", vault[1],
                 "--format", kind, "--out", str(out)]) == 0
    assert out.stat().st_size > 0 and not list(tmp_path.glob(".*part"))
    store, _timings = unlock_vault(vault[0], PASSPHRASE)
    try:
        with store.session() as session:
            event = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
                                    .order_by(AuditEvent.at.desc())).first()
    finally:
        store.close()
    assert event is not None and event.entity == f"subject_access_{kind}"
    assert event.participant_id == vault[1] and event.fields is None and event.entity_id is None


@pytest.mark.usefixtures("_scripted")
@pytest.mark.parametrize(("extra", "message"), [
    (["--participant", "01900000-0000-7000-8000-000000000000"], "No participant in this vault has that id."),
    (["--participant", "x", "--lang", "xx"], "There is no translation for the language xx"),
])
def test_export_access_errors_write_nothing(vault: tuple[Path, str, str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str], extra: list[str],
                                            message: str) -> None:
    out = tmp_path / "access.json"
    assert main(["export", "access", "--data-dir", str(vault[0]), *extra, "--format", "json",
                 "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and list(tmp_path.iterdir()) == []
