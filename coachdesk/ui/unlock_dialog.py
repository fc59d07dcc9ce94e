"""First run and unlock: create the vault with a new passphrase, or open it with the existing one."""

from __future__ import annotations

import enum
import math
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.errors import WeakPassphraseError
from coachdesk.i18n import N_, _
from coachdesk.models.store import Store
from coachdesk.ui.announce import announce
from coachdesk.ui.dialogs import error_text
from coachdesk.ui.tasks import TaskRunner
from coachdesk.unlock import create_vault, unlock_vault
from coachdesk.vault import MIN_PASSPHRASE_LENGTH, KdfParams, Vault, check_passphrase


class Strength(enum.IntEnum):
    WEAK = 0
    FAIR = 1
    STRONG = 2


STRENGTH_LABELS = {Strength.WEAK: N_("Weak"), Strength.FAIR: N_("Fair"), Strength.STRONG: N_("Strong")}


def estimate_strength(passphrase: str) -> Strength:
    """A rough estimate from length and character classes; meant as feedback, not as a guarantee."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH or len(set(passphrase)) < 5:
        return Strength.WEAK
    pool = 0
    pool += 26 if any(ch.islower() for ch in passphrase) else 0
    pool += 26 if any(ch.isupper() for ch in passphrase) else 0
    pool += 10 if any(ch.isdigit() for ch in passphrase) else 0
    pool += 33 if any(not ch.isalnum() for ch in passphrase) else 0
    bits = len(passphrase) * math.log2(max(pool, 2))
    if bits >= 80:
        return Strength.STRONG
    return Strength.FAIR if bits >= 55 else Strength.WEAK


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UnlockDialog(QDialog):
    """Create (no vault yet) or unlock the vault in ``data_dir``; the slow part runs on the task runner.

    Signals:
        unlocked(object): the opened ``Store``, emitted just before the dialog accepts.
    """

    unlocked = Signal(object)

    def __init__(self, *, data_dir: Path, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir
        self._runner = runner
        self._kdf = kdf
        self._creating = not Vault(data_dir).exists()
        self._store: Store | None = None
        self._busy = False
        self._build()
        self.retranslate()

    @property
    def creating(self) -> bool:
        return self._creating

    @property
    def store(self) -> Store | None:
        """The opened store once the dialog has accepted; the caller owns it and must close it."""
        return self._store

    @property
    def busy(self) -> bool:
        return self._busy

    def _build(self) -> None:
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._passphrase = password_field("passphrase")
        self._passphrase_label = QLabel()
        self._passphrase_label.setBuddy(self._passphrase)
        form = QFormLayout()
        form.addRow(self._passphrase_label, self._passphrase)
        self._repeat = password_field("repeat")
        self._repeat_label = QLabel()
        self._repeat_label.setBuddy(self._repeat)
        self._strength = QLabel()
        self._strength.setObjectName("strength")
        self._hint = QLabel()
        self._hint.setWordWrap(True)
        form.addRow(self._repeat_label, self._repeat)
        # Only a new vault needs the passphrase twice, strength feedback and the advice.
        form.setRowVisible(1, self._creating)
        self._strength.setVisible(self._creating)
        self._hint.setVisible(self._creating)
        if self._creating:
            self._passphrase.textChanged.connect(self._update_strength)
            self._repeat.textChanged.connect(self._clear_error)
        self._passphrase.textChanged.connect(self._clear_error)
        self._error = QLabel()
        self._error.setObjectName("error")
        self._error.setWordWrap(True)
        self._error.hide()
        self._status = QLabel()
        self._status.setObjectName("status")
        self._buttons = QDialogButtonBox()
        self._submit_button = QPushButton()
        self._submit_button.setObjectName("submit")
        self._submit_button.setDefault(True)
        self._buttons.addButton(self._submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel_button = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self._submit_button.clicked.connect(self._submit)
        self._buttons.rejected.connect(self.reject)

        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self._strength)
        layout.addWidget(self._hint)
        layout.addWidget(self._error)
        layout.addWidget(self._status)
        layout.addWidget(self._buttons)
        # Wide enough for the wrapped texts; measured in characters so it grows with the text size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._passphrase.setFocus()

    def retranslate(self) -> None:
        self._passphrase_label.setText(_("&Passphrase:"))
        self._passphrase.setAccessibleName(_("Passphrase"))
        self._repeat_label.setText(_("&Repeat passphrase:"))
        self._repeat.setAccessibleName(_("Repeat passphrase"))
        if self._creating:
            self.setWindowTitle(_("Create your vault"))
            self._intro.setText(_("Welcome to CoachDesk. Choose a passphrase for the encrypted vault "
                                  "that will keep your caseload on this computer."))
            self._hint.setText(_("Use at least {count} characters. A few unrelated words make a "
                                 "passphrase that is strong and easy to remember. Nobody can recover "
                                 "your data if you forget it.").format(count=MIN_PASSPHRASE_LENGTH))
            self._submit_button.setText(_("&Create vault"))
            self._update_strength()
        else:
            self.setWindowTitle(_("Unlock CoachDesk"))
            self._intro.setText(_("Enter your passphrase to unlock CoachDesk."))
            self._submit_button.setText(_("&Unlock"))
        if self._busy:
            self._status.setText(self._busy_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_strength(self) -> None:
        label = STRENGTH_LABELS[estimate_strength(self._passphrase.text())]
        text = _("Passphrase strength: {strength}").format(strength=_(label))
        self._strength.setText(text)
        self._passphrase.setAccessibleDescription(text)

    def _busy_text(self) -> str:
        return _("Creating the vault…") if self._creating else _("Unlocking…")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self._passphrase, self._repeat, self._submit_button, self._cancel_button):
            widget.setEnabled(not busy)
        self._status.setText(self._busy_text() if busy else "")

    def _show_error(self, message: str, field: QLineEdit) -> None:
        self._error.setText(message)
        self._error.show()
        announce(self._error, message, assertive=True)
        self._fit_height()
        field.setAccessibleDescription(message)
        field.setFocus()

    def _fit_height(self) -> None:
        # A top-level window does not grow by itself for wrapped text that appears later.
        self._layout.activate()
        needed = self._layout.totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def _clear_error(self) -> None:
        if self._error.text():
            self._error.clear()
            self._error.hide()
            self._passphrase.setAccessibleDescription(self._strength.text() if self._creating else "")
            self._repeat.setAccessibleDescription("")

    def _submit(self) -> None:
        if self._busy:
            return
        passphrase = self._passphrase.text()
        if self._creating:
            try:
                check_passphrase(passphrase)  # the vault's own rule, shown before any work starts
            except WeakPassphraseError as exc:
                self._show_error(str(exc), self._passphrase)
                return
            if self._repeat.text() != passphrase:
                self._repeat.clear()
                self._show_error(_("The passphrases do not match. Type the same passphrase twice."),
                                 self._repeat)
                return
            self._set_busy(True)
            self._runner.run_long(partial(create_vault, self._data_dir, passphrase, kdf=self._kdf),
                                  on_done=self._on_opened, on_error=self._on_failed, context=self)
        else:
            if not passphrase:
                self._show_error(_("Enter your passphrase."), self._passphrase)
                return
            self._set_busy(True)
            self._runner.run_long(partial(_unlock, self._data_dir, passphrase),
                                  on_done=self._on_opened, on_error=self._on_failed, context=self)

    def _on_opened(self, store: Store) -> None:
        self._store = store
        self._passphrase.clear()
        self._repeat.clear()
        self._set_busy(False)
        self.unlocked.emit(store)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not self._creating:
            self._passphrase.clear()
        self._show_error(error_text(exc), self._passphrase)

    def reject(self) -> None:
        # Cancelling mid-unlock would orphan the store being opened; the work takes about a second.
        if not self._busy:
            super().reject()


def _unlock(data_dir: Path, passphrase: str) -> Store:
    store, _timings = unlock_vault(data_dir, passphrase)
    return store
