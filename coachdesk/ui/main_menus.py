"""The main window's menus and their shortcuts: File (new participant, sign in, sync, lock, quit),
View (Ctrl+1-5; a supervisor's Review and Dashboard Ctrl+6-7) and Help (keyboard shortcuts, F1)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QMenuBar, QWidget

from coachdesk.i18n import N_, _
from coachdesk.ui.preferences import View
from coachdesk.ui.record.record import ParticipantRecord
from coachdesk.ui.shell import SUPERVISOR_VIEWS, VIEWS
from coachdesk.ui.shortcuts_dialog import ShortcutsDialog

_MENU_NAMES: dict[View, str] = {
    View.TODAY: N_("&Today"),
    View.CASELOAD: N_("&Caseload"),
    View.EMPLOYERS: N_("&Employers"),
    View.SETTINGS: N_("&Settings"),
    View.CONFLICTS: N_("C&onflicts"),
    View.REVIEW: N_("&Review"),
    View.DASHBOARD: N_("&Dashboard"),
}
_VIEW_KEYS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6,
              Qt.Key.Key_7)


class MainMenus(QObject):
    """The actions; the window connects them to what they do."""

    def __init__(self, bar: QMenuBar, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._file = bar.addMenu("")
        self.new_participant = QAction(self)
        self.new_participant.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.sign_in = QAction(self)
        self.sync_now = QAction(self)
        self.sync_now.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.cancel_sync = QAction(self)
        self.cancel_sync.setEnabled(False)  # while a sync runs
        self.lock = QAction(self)
        self.lock.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_L))
        self.quit = QAction(self)
        self.quit.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        self._file.addAction(self.new_participant)
        self._file.addSeparator()
        for action in (self.sign_in, self.sync_now, self.cancel_sync):
            self._file.addAction(action)
        self._file.addSeparator()
        self._file.addAction(self.lock)
        self._file.addSeparator()
        self._file.addAction(self.quit)
        self._view = bar.addMenu("")
        group = QActionGroup(self)
        group.setExclusive(True)
        self.views: dict[View, QAction] = {}
        for view, key in zip(VIEWS, _VIEW_KEYS, strict=True):
            action = QAction(group)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(Qt.Modifier.CTRL | key))  # shown beside it in the menu
            self._view.addAction(action)
            self.views[view] = action
        self._help = bar.addMenu("")
        self.shortcuts = QAction(self)
        # F1 is where Windows and Linux users look for help (Qt's HelpContents: Ctrl+? on macOS); GNOME's
        # Ctrl+? needs Shift on Swedish and Arabic keyboards, so it is no single chord there.
        self.shortcuts.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.shortcuts.triggered.connect(self.show_shortcuts)
        self._help.addAction(self.shortcuts)
        self._bar = bar
        self.set_supervisor(False)

    def show_shortcuts(self) -> ShortcutsDialog:
        """The shortcuts of the main window and of every open record window (the dialog needs no vault)."""
        window = self._bar.window()
        records: list[tuple[str, QWidget]] = [
            (_("Participant record"), widget) for widget in QApplication.topLevelWidgets()
            if isinstance(widget, ParticipantRecord) and widget.isVisible()]
        dialog = ShortcutsDialog(windows=[(_("Main window"), window), *records], parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_supervisor(self, supervisor: bool) -> None:
        """Review and Dashboard are in the menu (and their shortcuts work) for a supervisor only."""
        for view in SUPERVISOR_VIEWS:
            self.views[view].setVisible(supervisor)

    def set_unlocked(self, unlocked: bool) -> None:
        """Everything but Quit needs an open vault."""
        for action in (self.new_participant, self.sign_in, self.sync_now, self.lock, *self.views.values()):
            action.setEnabled(unlocked)
        if not unlocked:
            self.cancel_sync.setEnabled(False)
            self.set_supervisor(False)

    def retranslate(self) -> None:
        self._file.setTitle(_("&File"))
        self.new_participant.setText(_("&New participant…"))
        self.sign_in.setText(_("S&ign in to the sync server…"))
        self.sync_now.setText(_("S&ync now"))
        self.sync_now.setToolTip(_("Send this computer's changes and fetch everyone else's now"))
        self.cancel_sync.setText(_("S&top syncing"))
        self.lock.setText(_("&Lock"))
        self.lock.setToolTip(_("Lock CoachDesk: hide all data until the passphrase is entered"))
        self.quit.setText(_("&Quit"))
        self._view.setTitle(_("&View"))
        for view, action in self.views.items():
            action.setText(_(_MENU_NAMES[view]))
        self._help.setTitle(_("&Help"))
        self.shortcuts.setText(_("&Keyboard shortcuts"))
        self.shortcuts.setToolTip(_("Every key that does something in CoachDesk"))
