"""``make screenshots``: render every main view offscreen from a demo vault into ``docs/screenshots/``.

The main views and the intake form are also rendered at 200 % text (``text-200/``), with the high-contrast
palette (``high-contrast/``) and in Arabic, right to left (``arabic/``): the settings the accessibility
statement (docs/accessibility.md) promises, to look at.

The vault is synthetic and throwaway (a temporary folder, a cheap key derivation): no real data can
appear. Real widgets, the real main window, real services; only the platform is offscreen.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from coachdesk.models import Participant
from coachdesk.models.enums import ParticipantStatus
from coachdesk.services.synthetic import generate
from coachdesk.ui.appearance import Appearance
from coachdesk.ui.application import application, apply_language
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.preferences import Preferences, View
from coachdesk.ui.shell import SUPERVISOR_VIEWS, VIEWS
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from coachdesk.unlock import create_vault
from coachdesk.vault import KdfParams

ROOT = Path(__file__).resolve().parent.parent
# A throwaway vault of synthetic people: the key derivation's cost protects nothing here.
DEMO_KDF = KdfParams(memory_kib=8 * 1024, time_cost=1, parallelism=1)
WINDOW = (1280, 800)
# (folder, language, text size %, high contrast): the accessibility settings worth a picture each.
VARIANTS = (("text-200", "en", 200, False), ("high-contrast", "en", 100, True), ("arabic", "ar", 100, False))
VARIANT_VIEWS = (View.TODAY, View.CASELOAD, View.EMPLOYERS, View.SETTINGS)


def wait_until(condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    """Turn the event loop until ``condition`` holds (background work reports by signal)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the view did not finish loading")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.replace("&", "").lower()).strip("-")


def save(widget: QWidget, out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def render(out: Path, *, participants: int, language: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = application([])
    apply_language(app, language)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="coachdesk-shots-") as tmp:
        data_dir = Path(tmp) / "vault"
        store = create_vault(data_dir, "screenshots, synthetic data only", kdf=DEMO_KDF)
        generate(store, participants=participants, seed=7)
        prefs = Preferences(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        appearance = Appearance(app)
        appearance.apply(text_size_percent=100, high_contrast=False)
        runner = TaskRunner()
        window = MainWindow(data_dir=data_dir, runner=runner, open_workspace=Workspace.open,
                            preferences=prefs, appearance=appearance, kdf=DEMO_KDF,
                            workspace=Workspace.open(store, data_dir))
        try:
            window.resize(*WINDOW)
            window.show()
            shell = window.shell
            assert shell is not None
            wait_until(lambda: shell.today.model.rowCount() > 0 or bool(shell.today.status_text))
            for view in VIEWS:
                if view in SUPERVISOR_VIEWS:
                    continue  # the synthetic vault's user is a coach: these would show Today again
                window.show_view(view)
                if view is View.CASELOAD:
                    wait_until(lambda: shell.caseload.model.rowCount() > 0)
                settle()
                saved.append(save(window, out, view.value))
            participant_id = store_participant(store)
            saved += _record(window, participant_id, out)
            saved += _variants(window, appearance, out, participant_id=participant_id, language=language)
            window.lock()
            wait_until(lambda: window.unlock_dialog is not None)
            settle()
            saved.append(save(window, out, "locked"))
            assert window.unlock_dialog is not None
            saved.append(save(window.unlock_dialog, out, "unlock"))
        finally:
            runner.shutdown()
            workspace = window.take_workspace()
            if workspace is not None:
                workspace.close()
            store.close()
            window.deleteLater()
            appearance.restore()
    return saved


def store_participant(store: object) -> str:
    """Someone in the intensive plan: their record has the most to show."""
    from coachdesk.models.store import Store

    assert isinstance(store, Store)
    with store.session() as session:
        found = session.scalar(select(Participant.id).where(
            Participant.status == ParticipantStatus.INTENSIVE, Participant.deleted.is_(False)).limit(1))
        if found is None:
            found = session.scalar(select(Participant.id).limit(1))
    assert found is not None
    return found


def _record(window: MainWindow, participant_id: str, out: Path) -> list[Path]:
    shell = window.shell
    assert shell is not None
    record = shell.open_record(participant_id)
    record.resize(*WINDOW)
    loaded: list[bool] = []
    record.loaded.connect(lambda: loaded.append(True))
    wait_until(lambda: bool(loaded) or record.participant_id in shell.open_records)
    settle(1.0)
    saved = []
    tabs = record.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle()
        page = tabs.widget(index)
        saved.append(save(record, out, f"record-{index + 1}-{slug(page.objectName() or type(page).__name__)}"))
    return saved


def _variants(window: MainWindow, appearance: Appearance, out: Path, *, participant_id: str,
              language: str) -> list[Path]:
    """The main views and the intake form at 200 % text, in high contrast and in Arabic (right to left)."""
    shell = window.shell
    assert shell is not None
    app = application([])
    record = shell.open_record(participant_id)
    saved = []
    try:
        for folder, variant_language, size, high_contrast in VARIANTS:
            apply_language(app, variant_language)
            appearance.apply(text_size_percent=size, high_contrast=high_contrast)
            settle(0.5)
            for view in VARIANT_VIEWS:
                window.show_view(view)
                settle()
                saved.append(save(window, out / folder, view.value))
            record.tabs.setCurrentWidget(record.intake)
            settle()
            saved.append(save(record, out / folder, "record-intake"))
    finally:
        apply_language(app, language)
        appearance.apply(text_size_percent=100, high_contrast=False)
        settle()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--language", default="en", help="UI language of the pictures (default en)")
    args = parser.parse_args(argv)
    print(f"rendering into {args.out}")
    render(args.out, participants=args.participants, language=args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
