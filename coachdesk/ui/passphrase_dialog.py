"""Change the vault's passphrase: the current one, the new one twice, with strength feedback.

Only the key file changes (the database key is re-wrapped), so this is quick apart from the key
derivation, which runs on the long-work thread.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent
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

from coachdesk.errors import WeakPassphraseError, WrongPassphraseError
from coachdesk.i18n import _
from coachdesk.ui.announce import announce
from coachdesk.ui.dialogs import error_text
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.unlock_dialog import STRENGTH_LABELS, estimate_strength, password_field
from coachdesk.vault import MIN_PASSPHRASE_LENGTH, KdfParams, Vault, check_passphrase


class ChangePassphraseDialog(QDialog):
    """Asks for the current passphrase and a new one; accepts once the key file holds the new one."""

    def __init__(self, *, data_dir: Path, runner: TaskRunner, kdf: KdfParams | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir, self._runner, self._kdf = data_dir, runner, kdf
        self._busy = False
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.current = password_field("current")
        self.new = password_field("new")
        self.repeat = password_field("repeat")
        self._labels = [QLabel() for _field in range(3)]
        form = QFormLayout()
        for label, field in zip(self._labels, (self.current, self.new, self.repeat), strict=True):
            label.setBuddy(field)
            form.addRow(label, field)
            field.textChanged.connect(self._clear_error)
        self._strength = QLabel()
        self.new.textChanged.connect(self._update_strength)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.hide()
        self._status = QLabel()
        self._buttons = QDialogButtonBox()
        self.submit_button = QPushButton()
        self.submit_button.setDefault(True)
        self._buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._cancel = self._buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.submit_button.clicked.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        for widget in (self._strength, self.error, self._status, self._buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.retranslate()
        self.current.setFocus()

    @property
    def busy(self) -> bool:
        return self._busy

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change passphrase"))
        self._intro.setText(_("The new passphrase is needed from the next unlock on. Use at least {count} "
                              "characters; nobody can recover your data if you forget it.")
                            .format(count=MIN_PASSPHRASE_LENGTH))
        for label, text in zip(self._labels, (_("C&urrent passphrase:"), _("&New passphrase:"),
                                              _("&Repeat new passphrase:")), strict=True):
            label.setText(text)
        self.current.setAccessibleName(_("Current passphrase"))
        self.new.setAccessibleName(_("New passphrase"))
        self.repeat.setAccessibleName(_("Repeat new passphrase"))
        self.submit_button.setText(_("&Change passphrase"))
        self._update_strength()
        if self._busy:
            self._status.setText(_("Changing the passphrase…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def reject(self) -> None:
        if not self._busy:  # the key file is being written; it takes about a second
            super().reject()

    def _update_strength(self) -> None:
        label = STRENGTH_LABELS[estimate_strength(self.new.text())]
        text = _("Passphrase strength: {strength}").format(strength=_(label))
        self._strength.setText(text)
        self.new.setAccessibleDescription(text)

    def _show_error(self, message: str, field: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        announce(self.error, message, assertive=True)
        field.setAccessibleDescription(message)
        field.setFocus()

    def _clear_error(self) -> None:
        if self.error.isVisible():
            self.error.clear()
            self.error.hide()
            self.current.setAccessibleDescription("")
            self.repeat.setAccessibleDescription("")

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.current, self.new, self.repeat, self.submit_button, self._cancel):
            widget.setEnabled(not busy)
        self._status.setText(_("Changing the passphrase…") if busy else "")

    def _submit(self) -> None:
        if self._busy:
            return
        old, new = self.current.text(), self.new.text()
        if not old:
            self._show_error(_("Enter your current passphrase."), self.current)
            return
        try:
            check_passphrase(new)
        except WeakPassphraseError as exc:
            self._show_error(str(exc), self.new)
            return
        if new == old:
            self._show_error(_("The new passphrase is the same as the current one."), self.new)
            return
        if self.repeat.text() != new:
            self.repeat.clear()
            self._show_error(_("The passphrases do not match. Type the same passphrase twice."), self.repeat)
            return
        self._set_busy(True)
        vault = Vault(self._data_dir)
        self._runner.run_long(partial(vault.change_passphrase, old, new, kdf=self._kdf),
                              on_done=self._on_changed, on_error=self._on_failed, context=self)

    def _on_changed(self, _result: None) -> None:
        self._set_busy(False)
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, WrongPassphraseError):
            self.current.clear()
            self._show_error(str(exc), self.current)
        else:
            self._show_error(error_text(exc), self.new)
