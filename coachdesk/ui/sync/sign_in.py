"""Signing this vault in to the sync server: address, user name and password; errors under the form.

Signing in runs on the sync thread (it waits for the server and, the first time, rewrites the vault's
placeholder owner). A wrong password empties the password field and puts the cursor back in it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
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

from coachdesk.i18n import _
from coachdesk.sync.errors import LoginFailed
from coachdesk.sync.login import LoginResult
from coachdesk.ui import dialogs

SignInCall = Callable[..., None]  # SyncController.sign_in(url, user, password, on_done=, on_error=, context=)


class SignInDialog(QDialog):
    """Window-modal; ``open()`` it. Closes once the server accepted.

    Signals:
        signed_in(object): the ``LoginResult``.
    """

    signed_in = Signal(object)

    def __init__(self, *, sign_in: SignInCall, server_url: str = "", username: str = "",
                 message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sign_in = sign_in
        self._message = message
        self.setObjectName("sign_in_dialog")
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.server = QLineEdit(server_url)
        self.server.setObjectName("server")
        self.server.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._labels = [(QLabel(), widget) for widget in (self.server, self.username, self.password)]
        form = QFormLayout()
        for label, widget in self._labels:
            label.setBuddy(widget)
            form.addRow(label, widget)
        self._problem = QLabel()
        self._problem.setObjectName("problem")
        self._problem.setWordWrap(True)
        self._problem.hide()
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.submit = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        assert isinstance(self.submit, QPushButton)
        self.submit.setObjectName("submit")
        self.submit.setDefault(True)
        self._buttons.accepted.connect(self._submit)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(form)
        layout.addWidget(self._problem)
        layout.addWidget(self._buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.retranslate()
        first_empty = next((w for w in (self.server, self.username, self.password) if not w.text()),
                           self.password)
        first_empty.setFocus()

    @property
    def intro_text(self) -> str:
        """What the dialog says above the form (why signing in is needed, when there is a reason)."""
        return self._intro.text()

    @property
    def problem_text(self) -> str:
        return self._problem.text() if self._problem.isVisibleTo(self) else ""

    @property
    def busy(self) -> bool:
        return not self.submit.isEnabled()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in to the sync server"))
        intro = _("Sign in with the account your office gave you. Your changes are kept on this computer "
                  "meanwhile and sent once you are signed in.")
        self._intro.setText(f"{self._message}\n\n{intro}" if self._message else intro)
        captions = (_("&Server address:"), _("&User name:"), _("&Password:"))
        for (label, _widget), caption in zip(self._labels, captions, strict=True):
            label.setText(caption)
        self.server.setPlaceholderText(_("https://sync.example.se"))
        self.submit.setText(_("S&ign in"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _submit(self) -> None:
        server, user = self.server.text().strip(), self.username.text().strip()
        password = self.password.text()
        missing = next((w for w, value in ((self.server, server), (self.username, user),
                                           (self.password, password)) if not value), None)
        if missing is not None:
            self._show_problem(_("Fill in the server address, your user name and your password."), missing)
            return
        self._clear_problem()
        self._set_busy(True)
        self._sign_in(server, user, password, on_done=self._on_signed_in, on_error=self._on_failed,
                      context=self)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.server, self.username, self.password, self.submit):
            widget.setEnabled(not busy)

    def _on_signed_in(self, result: LoginResult) -> None:
        self._set_busy(False)
        self.password.clear()
        self.signed_in.emit(result)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        target: QWidget = self.server
        if isinstance(exc, LoginFailed):
            self.password.clear()
            target = self.password
        self._show_problem(dialogs.error_text(exc), target)

    def _show_problem(self, message: str, focus: QWidget) -> None:
        self._problem.setText(message)
        self._problem.show()
        focus.setAccessibleDescription(message)
        focus.setFocus()

    def _clear_problem(self) -> None:
        self._problem.clear()
        self._problem.hide()
        for widget in (self.server, self.username, self.password):
            widget.setAccessibleDescription("")


def open_sign_in(parent: QWidget, *, sign_in: SignInCall, server_url: str, username: str,
                 message: str = "", on_signed_in: Callable[[object], None] | None = None) -> SignInDialog:
    """Build and open the dialog (deleted when closed)."""
    dialog = SignInDialog(sign_in=sign_in, server_url=server_url, username=username, message=message,
                          parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_signed_in is not None:
        dialog.signed_in.connect(on_signed_in)
    dialog.open()
    return dialog
