"""The accessibility matrix: every view × UI language × text size (100 %, 200 %) × palette.

One synthetic vault and one task runner serve the whole package. Each module builds its views once per
language and text size (a module-scoped, parametrized ``setting``) and the tests check both palettes on
them; pytest groups the tests by setting, so each view is built 12 times, not once per test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from coachdesk.models import Enrollment, LocalMeta
from coachdesk.models.enums import EnrollmentStatus, Programme
from coachdesk.models.store import Store
from coachdesk.services.access import ROLE_KEY
from coachdesk.services.synthetic import generate
from coachdesk.ui.appearance import Appearance
from coachdesk.ui.application import apply_language
from coachdesk.ui.preferences import Preferences
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.workspace import Workspace
from coachdesk.unlock import create_vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.a11y_matrix.keyboard_checks import settle

pytest.register_assert_rewrite("tests.ui.a11y_matrix.suite")  # the shared tests show what they found

LANGUAGES = ("sv", "en", "ar", "fa_AF", "so", "ti")
TEXT_SIZES = (100, 200)
TODAY = dt.date(2026, 11, 24)


@dataclass(frozen=True)
class Setting:
    language: str
    text_size: int

    def __str__(self) -> str:
        return f"{self.language}-{self.text_size}"


@dataclass(frozen=True)
class Subject:
    """One window as a user sees it: which, in which setting, and the rules that apply to it.

    ``per_group``: mnemonics need be unique only within each group box (a form of ~35 fields has more
    labels than the alphabet has letters). ``start``: where a keyboard user starts tabbing.
    """

    name: str
    top: QWidget
    setting: Setting
    start: QWidget | None = None
    per_group: bool = False


@dataclass(frozen=True)
class Vault:
    store: Store
    data_dir: Path
    runner: TaskRunner
    workspace: Workspace
    preferences: Preferences
    participant_id: str  # in an open introduction, with goals, activities and a journal


def wait_until(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    waited = 0
    while not condition():
        if waited >= timeout_ms:
            raise TimeoutError("the view did not finish loading")
        QTest.qWait(10)
        waited += 10


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Overrides the suite's: the module's ``setting`` chooses the language and restores English."""
    yield


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    """Overrides the UI suite's: the matrix's one task runner lives for the package and stops after it."""
    yield


@pytest.fixture(scope="package")
def vault(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    """A supervisor's vault with a dozen synthetic participants (so Review and Dashboard show too)."""
    data_dir = tmp_path_factory.mktemp("matrix") / "vault"
    store = create_vault(data_dir, PASSPHRASE, kdf=FAST_KDF)
    generate(store, participants=12, seed=3, employers=4, participants_per_coach=12, today=TODAY)
    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=ROLE_KEY, value="supervisor"))
        enrollment = session.scalars(select(Enrollment).where(
            Enrollment.programme == Programme.INTRODUCTION,
            Enrollment.status == EnrollmentStatus.ACTIVE)).first()
        assert enrollment is not None
        participant_id = enrollment.participant_id
    settings = QSettings(str(data_dir.parent / "CoachDesk.ini"), QSettings.Format.IniFormat)
    runner = TaskRunner()
    try:
        yield Vault(store, data_dir, runner, Workspace.open(store, data_dir), Preferences(settings),
                    participant_id)
    finally:
        runner.shutdown()
        store.close()


@pytest.fixture(scope="package")
def appearance(qapp: QApplication) -> Iterator[Appearance]:
    """Text size, palette and the app's styles (appearance's focus style, then ``AccessStyle`` over it)."""
    own = Appearance(qapp)
    yield own
    own.restore()


@pytest.fixture(scope="module", params=[Setting(lang, size) for lang in LANGUAGES for size in TEXT_SIZES],
                ids=str)
def setting(request: pytest.FixtureRequest, qapp: QApplication,
            appearance: Appearance) -> Iterator[Setting]:
    """The UI language and text size, applied before the module's views are built."""
    chosen: Setting = request.param
    apply_language(qapp, chosen.language)
    appearance.apply(text_size_percent=chosen.text_size, high_contrast=False)
    settle()
    yield chosen
    apply_language(qapp, "en")
    appearance.restore()
    settle()


@pytest.fixture(params=["normal", "high-contrast"])
def contrast(request: pytest.FixtureRequest, setting: Setting, appearance: Appearance) -> Iterator[str]:
    appearance.apply(text_size_percent=setting.text_size, high_contrast=request.param == "high-contrast")
    settle()
    yield request.param
    appearance.apply(text_size_percent=setting.text_size, high_contrast=False)


def show(top: QWidget) -> None:
    """Show ``top`` as the active window, laid out, so focus and painting are as a user would have them."""
    top.show()
    top.raise_()
    top.activateWindow()
    wait_until(top.isActiveWindow, 5_000)
    settle()
