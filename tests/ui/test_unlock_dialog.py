from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from coachdesk.models.store import Store
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.unlock_dialog import Strength, UnlockDialog, estimate_strength
from coachdesk.vault import MIN_PASSPHRASE_LENGTH, Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def _field(dialog: UnlockDialog, name: str) -> QLineEdit:
    field = dialog.findChild(QLineEdit, name)
    assert field is not None
    return field


def _label(dialog: UnlockDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, name)
    assert label is not None
    return label


def _submit(dialog: UnlockDialog) -> QPushButton:
    button = dialog.findChild(QPushButton, "submit")
    assert button is not None
    return button


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _dialog(qtbot: QtBot, data_dir: Path, runner: TaskRunner) -> UnlockDialog:
    dialog = UnlockDialog(data_dir=data_dir, runner=runner, kdf=FAST_KDF)
    qtbot.add_widget(dialog)
    dialog.show()
    return dialog


def test_creating_a_vault_through_the_dialog_opens_its_store(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner, opened_stores: list[Store]
) -> None:
    dialog = _dialog(qtbot, data_dir, runner)
    assert dialog.creating
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    QTest.keyClicks(_field(dialog, "repeat"), PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
    assert dialog.store is not None
    opened_stores.append(dialog.store)
    assert Vault(data_dir).exists()
    assert _field(dialog, "passphrase").text() == ""


def test_pressing_enter_submits(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner, opened_stores: list[Store]
) -> None:
    dialog = _dialog(qtbot, data_dir, runner)
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    QTest.keyClicks(_field(dialog, "repeat"), PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=10_000) as blocker:
        QTest.keyClick(_field(dialog, "repeat"), Qt.Key.Key_Return)
    assert isinstance(blocker.args[0], Store)
    opened_stores.append(blocker.args[0])


def test_mismatched_passphrases_show_an_inline_message_and_create_nothing(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, data_dir, runner)
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    QTest.keyClicks(_field(dialog, "repeat"), PASSPHRASE + "!")
    with qtbot.assertNotEmitted(dialog.accepted):
        QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
    assert "do not match" in _label(dialog, "error").text()
    assert not _label(dialog, "error").isHidden()
    assert _field(dialog, "repeat").text() == ""
    assert dialog.focusWidget() is _field(dialog, "repeat")
    assert runner.pending == 0
    assert not data_dir.exists()


def test_a_too_short_passphrase_is_refused_inline(
    qtbot: QtBot, data_dir: Path, runner: TaskRunner
) -> None:
    dialog = _dialog(qtbot, data_dir, runner)
    short = "x1Y" * 3
    assert len(short) < MIN_PASSPHRASE_LENGTH
    QTest.keyClicks(_field(dialog, "passphrase"), short)
    QTest.keyClicks(_field(dialog, "repeat"), short)
    QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
    assert f"at least {MIN_PASSPHRASE_LENGTH} characters" in _label(dialog, "error").text()
    assert dialog.focusWidget() is _field(dialog, "passphrase")
    assert dialog.result() == 0 and dialog.store is None
    assert not data_dir.exists()
    # Typing again clears the stale message.
    QTest.keyClicks(_field(dialog, "passphrase"), "z")
    assert _label(dialog, "error").text() == ""


def test_strength_feedback_is_text(qtbot: QtBot, data_dir: Path, runner: TaskRunner) -> None:
    dialog = _dialog(qtbot, data_dir, runner)
    strength = _label(dialog, "strength")
    QTest.keyClicks(_field(dialog, "passphrase"), "abc")
    assert strength.text() == "Passphrase strength: Weak"
    QTest.keyClicks(_field(dialog, "passphrase"), "defghijkl")
    assert strength.text() == "Passphrase strength: Fair"
    QTest.keyClicks(_field(dialog, "passphrase"), " and more words")
    assert strength.text() == "Passphrase strength: Strong"
    assert _field(dialog, "passphrase").accessibleDescription() == strength.text()


def test_strength_estimate() -> None:
    assert estimate_strength("") is Strength.WEAK
    assert estimate_strength("aaaaaaaaaaaaaaaaaaaa") is Strength.WEAK  # long but one letter
    assert estimate_strength("abcdefghij") is Strength.WEAK
    assert estimate_strength("Tr0ub4dor&3") is Strength.FAIR
    assert estimate_strength(PASSPHRASE) is Strength.STRONG


def test_wrong_passphrase_shows_the_error_inline_and_leaves_the_vault_untouched(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner
) -> None:
    store.close()
    before = _snapshot(data_dir)
    dialog = _dialog(qtbot, data_dir, runner)
    assert not dialog.creating
    assert not _field(dialog, "repeat").isVisible()
    field = _field(dialog, "passphrase")
    QTest.keyClicks(field, "not the passphrase")
    with qtbot.assertNotEmitted(dialog.accepted):
        QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert not _submit(dialog).isEnabled()
        assert _label(dialog, "status").text() == "Unlocking…"
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert _label(dialog, "error").text() == "Wrong passphrase. Check it and try again."
    assert field.text() == ""
    assert field.isEnabled()
    assert dialog.focusWidget() is field
    assert dialog.store is None
    assert _snapshot(data_dir) == before


def test_the_right_passphrase_unlocks(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, opened_stores: list[Store]
) -> None:
    store.close()
    dialog = _dialog(qtbot, data_dir, runner)
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
    assert dialog.store is not None
    opened_stores.append(dialog.store)
    assert dialog.store.office_id == store.office_id


def test_a_damaged_key_file_is_reported_inline(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner
) -> None:
    store.close()
    Vault(data_dir).key_path.write_text("{not json", encoding="utf-8")
    dialog = _dialog(qtbot, data_dir, runner)
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    assert "damaged" in _label(dialog, "error").text()
    assert dialog.store is None


def test_cancel_is_ignored_while_busy(
    qtbot: QtBot, data_dir: Path, store: Store, runner: TaskRunner, opened_stores: list[Store]
) -> None:
    store.close()
    dialog = _dialog(qtbot, data_dir, runner)
    QTest.keyClicks(_field(dialog, "passphrase"), PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        QTest.mouseClick(_submit(dialog), Qt.MouseButton.LeftButton)
        dialog.reject()
        assert dialog.isVisible()
    assert dialog.store is not None
    opened_stores.append(dialog.store)
