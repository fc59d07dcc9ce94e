"""The action plan PDF read back with ``pdftotext``: goals, sub-goals, plan weeks, placements and the
personnummer in order; an Arabic plan carries the Swedish version after it; ``coachdesk report plan`` and its
clear errors that write nothing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from bench.plan_pdf import GOALS, PERSONNUMMER, START, WEEKS, add_full_plan
from coachdesk.cli import main
from coachdesk.documents.plan import gather, languages_of, participant_language, plan_pdf
from coachdesk.models import AuditEvent
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.participants import ParticipantService
from coachdesk.services.templates import TemplateLibrary
from coachdesk.unlock import create_vault, unlock_vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.helpers import snapshot

TODAY = dt.date(2026, 2, 20)
ARABIC = range(0x0600, 0x0700)
ARABIC_FORMS = range(0xFE70, 0xFF00)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, str]]:
    """A vault with an Arabic-speaking participant's full plan and a Swedish speaker with none."""
    folder = tmp_path_factory.mktemp("plan") / "vault"
    store = create_vault(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        full = add_full_plan(store, TemplateLibrary.load(), language="ar")
        empty = ParticipantService(store).create({"given_name": "Sven", "family_name": "Svensson"}).id
    finally:
        store.close()
    yield folder, full, empty


@pytest.fixture
def opened(vault: tuple[Path, str, str]) -> Iterator[Store]:
    store, _timings = unlock_vault(vault[0], PASSPHRASE)
    yield store
    store.close()


def _pdftotext(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, direction marks removed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext is missing: install poppler-utils (scripts/system-deps.sh)")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([tool, "-enc", "UTF-8", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return [page for page in visible.split("\f") if page.strip()]


def _arabic(text: str) -> int:
    return sum(1 for ch in text if ord(ch) in ARABIC or ord(ch) in ARABIC_FORMS)


def _render(store: Store, participant_id: str, language: str) -> bytes:
    return plan_pdf(gather(store, participant_id, templates=TemplateLibrary.load()), language, today=TODAY)


def test_swedish_plan_has_goals_sub_goals_weeks_placements_and_personnummer(
        opened: Store, vault: tuple[Path, str, str], tmp_path: Path, qapp: QApplication) -> None:
    pages = _pdftotext(_render(opened, vault[1], "sv"), tmp_path)
    text = "\n".join(pages)
    assert _arabic(text) == 0
    for goal, subs in GOALS:
        assert goal in text
        for sub in subs:
            assert sub in text
    first, last = IsoWeek.of(START), IsoWeek.of(START).plus(WEEKS - 1)
    assert f"Vecka {first.week}, {first.monday.isoformat()}" in text
    assert f"Vecka {last.week}, {last.monday.isoformat()}" in text
    assert text.count("Vecka ") == WEEKS
    assert all(word in text for word in ("Krokoms", "vårdcentral", "Karin Handledare", "Olle Bagare"))
    assert "Deltagarens underskrift" in text and "Coachens underskrift" in text
    assert PERSONNUMMER in text  # the digits in order, hyphen in place


def test_arabic_plan_comes_first_then_the_swedish_version(
        opened: Store, vault: tuple[Path, str, str], tmp_path: Path, qapp: QApplication) -> None:
    pages = _pdftotext(_render(opened, vault[1], "ar"), tmp_path)
    swedish_start = next(i for i, page in enumerate(pages) if "Namn" in page and "Personnummer" in page)
    arabic, swedish = "\n".join(pages[:swedish_start]), "\n".join(pages[swedish_start:])
    assert swedish_start > 0 and _arabic(arabic) > 200 and _arabic(swedish) == 0
    assert "".join(PERSONNUMMER.split("-")) in "".join(arabic.replace("-", "").split())
    assert PERSONNUMMER in swedish and "Mål och delmål" in swedish and "Deltagarens underskrift" in swedish
    for goal, subs in GOALS:  # the coach writes goals in Swedish: both versions show them as written
        assert goal in arabic and goal in swedish
        assert all(sub in swedish for sub in subs)


def test_the_default_language_is_the_participants_and_swedish_needs_no_second_part(
        opened: Store, vault: tuple[Path, str, str]) -> None:
    plan = gather(opened, vault[1], templates=TemplateLibrary.load())
    assert participant_language(plan.participant) == "ar"
    assert languages_of("ar") == ("ar", "sv") and languages_of("sv") == ("sv",)
    nobody = gather(opened, vault[2], templates=TemplateLibrary.load())
    assert participant_language(nobody.participant) == "sv"
    assert nobody.enrollment is None and nobody.weeks == () and nobody.goals == ()


def test_a_participant_without_a_plan_still_gets_a_document(
        opened: Store, vault: tuple[Path, str, str], tmp_path: Path, qapp: QApplication) -> None:
    text = "\n".join(_pdftotext(_render(opened, vault[2], "sv"), tmp_path))
    assert "Sven Svensson" in text and "Deltagarens underskrift" in text


# -- the command line ---------------------------------------------------------------------------------


@pytest.fixture
def _scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACHDESK_LANGUAGE", "en")
    monkeypatch.setenv("COACHDESK_PASSPHRASE", PASSPHRASE)


def _exports(folder: Path) -> list[AuditEvent]:
    store, _timings = unlock_vault(folder, PASSPHRASE)
    try:
        with store.session() as session:
            return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.EXPORT)
                                        .order_by(AuditEvent.at)))
    finally:
        store.close()


@pytest.mark.usefixtures("_scripted")
def test_report_plan_writes_the_pdf_and_an_audit_event(vault: tuple[Path, str, str], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.pdf"
    before = len(_exports(vault[0]))
    assert main(["report", "plan", "--data-dir", str(vault[0]), "--participant", vault[1],
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and "(ar + sv)" in capsys.readouterr().out
    events = _exports(vault[0])
    assert len(events) == before + 1
    event = events[-1]
    assert event.entity == "action_plan_pdf" and event.participant_id == vault[1]
    assert event.fields is None and event.entity_id is None
    assert not list(tmp_path.glob(".*part"))


@pytest.mark.usefixtures("_scripted")
@pytest.mark.parametrize(("which", "extra", "message"), [
    ("unknown", [], "No participant in this vault has that id."),
    ("full", ["--lang", "xx"], "There is no translation for the language xx"),
])
def test_bad_input_fails_in_one_sentence_and_writes_nothing(
        vault: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        which: str, extra: list[str], message: str) -> None:
    out = tmp_path / "plan.pdf"
    participant = vault[1] if which == "full" else "01900000-0000-7000-8000-000000000000"
    before = len(_exports(vault[0]))
    assert main(["report", "plan", "--data-dir", str(vault[0]), "--participant", participant, *extra,
                 "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err and captured.out == ""
    assert list(tmp_path.iterdir()) == [] and len(_exports(vault[0])) == before


@pytest.mark.usefixtures("_scripted")
def test_unknown_language_and_unwritable_path_are_refused_before_unlocking(
        vault: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(vault[0])
    assert main(["report", "plan", "--data-dir", str(vault[0]), "--participant", vault[1],
                 "--lang", "klingon", "--out", str(tmp_path / "plan.pdf")]) == 1
    assert main(["report", "plan", "--data-dir", str(vault[0]), "--participant", vault[1],
                 "--out", str(tmp_path / "missing" / "plan.pdf")]) == 1
    err = capsys.readouterr().err
    assert "klingon" in err and "does not exist" in err and "Traceback" not in err
    assert snapshot(vault[0]) == before and list(tmp_path.iterdir()) == []
