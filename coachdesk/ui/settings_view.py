"""Settings (inställningar): text size, contrast, auto-lock, and where the data lives.

Every change is stored at once and announced; the main window applies it to the whole app.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk import i18n
from coachdesk.formatting import language_name
from coachdesk.i18n import _
from coachdesk.ui.application import apply_language
from coachdesk.ui.preferences import (
    AUTO_LOCK_MAX,
    AUTO_LOCK_MIN,
    TEXT_SIZE_MAX,
    TEXT_SIZE_MIN,
    TEXT_SIZE_STEP,
    Contrast,
    Preferences,
)


def _scrolling(intro: QLabel, form: QFormLayout) -> QScrollArea:
    """A scrolling page: at large text the settings stay reachable in a small window."""
    page = QWidget()
    content = QVBoxLayout(page)
    content.addWidget(intro)
    content.addLayout(form)
    content.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the settings; the area follows the focus
    scroll.setWidget(page)
    return scroll


class SettingsView(QWidget):
    """The desktop's own settings; none of them concerns a participant.

    Signals:
        changed(): a setting was stored; apply the preferences again.
        change_passphrase_requested(): the user asked to change the vault's passphrase.
    """

    changed = Signal()
    change_passphrase_requested = Signal()

    def __init__(self, *, preferences: Preferences, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preferences = preferences
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._language = QComboBox()
        for code in i18n.available_languages():
            self._language.addItem(language_name(code), code)  # each in its own language: findable by anyone
        self._language.setCurrentIndex(max(self._language.findData(i18n.current_language()), 0))
        self._language_label = QLabel()
        self._language_label.setBuddy(self._language)
        self._text_size = QComboBox()
        for percent in range(TEXT_SIZE_MIN, TEXT_SIZE_MAX + 1, TEXT_SIZE_STEP):
            self._text_size.addItem("", percent)
        self._text_size.setCurrentIndex(
            max(self._text_size.findData(preferences.text_size_percent), 0))
        self._text_size_label = QLabel()
        self._text_size_label.setBuddy(self._text_size)
        self._contrast = QComboBox()
        for choice in Contrast:
            self._contrast.addItem("", choice.value)
        self._contrast.setCurrentIndex(max(self._contrast.findData(preferences.contrast.value), 0))
        self._contrast_label = QLabel()
        self._contrast_label.setBuddy(self._contrast)
        self._auto_lock = QSpinBox()
        self._auto_lock.setRange(AUTO_LOCK_MIN, AUTO_LOCK_MAX)
        self._auto_lock.setValue(preferences.auto_lock_minutes)
        self._auto_lock_label = QLabel()
        self._auto_lock_label.setBuddy(self._auto_lock)
        self._data_dir = QLineEdit(str(data_dir))
        self._data_dir.setReadOnly(True)  # shown so the coach can find it for backups
        self._data_dir.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path reads left to right
        self._data_dir_label = QLabel()
        self._data_dir_label.setBuddy(self._data_dir)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._language_label, self._language)
        form.addRow(self._text_size_label, self._text_size)
        form.addRow(self._contrast_label, self._contrast)
        form.addRow(self._auto_lock_label, self._auto_lock)
        form.addRow(self._data_dir_label, self._data_dir)
        self._passphrase = QPushButton()
        self._passphrase.clicked.connect(self.change_passphrase_requested)
        form.addRow("", self._passphrase)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_scrolling(self._intro, form))

        self._language.currentIndexChanged.connect(self._on_language)
        self._text_size.currentIndexChanged.connect(self._on_text_size)
        self._contrast.currentIndexChanged.connect(self._on_contrast)
        self._auto_lock.valueChanged.connect(self._on_auto_lock)
        self.retranslate()

    @property
    def language(self) -> QComboBox:
        return self._language

    @property
    def text_size(self) -> QComboBox:
        return self._text_size

    @property
    def contrast(self) -> QComboBox:
        return self._contrast

    @property
    def auto_lock(self) -> QSpinBox:
        return self._auto_lock

    @property
    def data_dir_field(self) -> QLineEdit:
        return self._data_dir

    @property
    def passphrase_button(self) -> QPushButton:
        return self._passphrase

    def retranslate(self) -> None:
        self._intro.setText(_("These settings apply to this computer only and are saved at once."))
        self._language_label.setText(_("&Language:"))
        self._language.blockSignals(True)
        self._language.setCurrentIndex(max(self._language.findData(i18n.current_language()), 0))
        self._language.blockSignals(False)
        self._text_size_label.setText(_("&Text size:"))
        for index in range(self._text_size.count()):
            self._text_size.setItemText(index, _("{percent} %").format(
                percent=self._text_size.itemData(index)))
        self._contrast_label.setText(_("&Contrast:"))
        contrast_names = {Contrast.NORMAL: _("Normal"), Contrast.HIGH: _("High"),
                          Contrast.SYSTEM: _("Follow the system")}
        for index in range(self._contrast.count()):
            self._contrast.setItemText(index, contrast_names[Contrast(self._contrast.itemData(index))])
        self._auto_lock_label.setText(_("Lock &automatically after (minutes idle):"))
        self._data_dir_label.setText(_("&Data folder:"))
        self._data_dir.setAccessibleDescription(_("Where the encrypted database is kept; read only."))
        self._passphrase.setText(_("Change &passphrase…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_language(self, index: int) -> None:
        code = str(self._language.itemData(index))
        self._preferences.language = code
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_language(app, code)  # every window retranslates at once; no restart
        self.changed.emit()

    def _on_text_size(self, index: int) -> None:
        self._preferences.text_size_percent = int(self._text_size.itemData(index))
        self.changed.emit()

    def _on_contrast(self, index: int) -> None:
        self._preferences.contrast = Contrast(self._contrast.itemData(index))
        self.changed.emit()

    def _on_auto_lock(self, minutes: int) -> None:
        self._preferences.auto_lock_minutes = minutes
        self.changed.emit()
