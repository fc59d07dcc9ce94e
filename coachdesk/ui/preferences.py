"""The desktop's own settings (QSettings), each declared once with its default and its bounds.

Only how the app looks and behaves is stored here, never anything about participants: text size, contrast,
auto-lock, the window's geometry and the last view by name.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QByteArray, QSettings

from coachdesk.ui.application import APP_NAME

TEXT_SIZE_MIN, TEXT_SIZE_MAX, TEXT_SIZE_STEP = 100, 200, 10
AUTO_LOCK_MIN, AUTO_LOCK_MAX, AUTO_LOCK_DEFAULT = 1, 240, 10
SYNC_INTERVAL_MIN, SYNC_INTERVAL_MAX, SYNC_INTERVAL_DEFAULT = 1, 120, 5


class View(enum.StrEnum):
    """The main window's views; the value is what the settings remember."""

    TODAY = "today"
    CASELOAD = "caseload"
    EMPLOYERS = "employers"
    SETTINGS = "settings"
    CONFLICTS = "conflicts"
    REVIEW = "review"  # supervisors only
    DASHBOARD = "dashboard"  # supervisors only


class Contrast(enum.StrEnum):
    """The palette chosen in Settings; the value is what the settings remember."""

    NORMAL = "normal"
    HIGH = "high"
    SYSTEM = "system"  # the operating system's contrast preference, followed live


# The key of the former "High contrast" check box, whose "true"/"false" still read as High/Normal.
_LEGACY_CONTRAST = {"true": Contrast.HIGH, "false": Contrast.NORMAL}


class Key(enum.StrEnum):
    LANGUAGE = "appearance/language"
    TEXT_SIZE = "appearance/text_size_percent"
    CONTRAST = "appearance/high_contrast"  # the check box's old key: one setting, not two
    AUTO_LOCK = "security/auto_lock_minutes"
    SYNC_INTERVAL = "sync/interval_minutes"
    GEOMETRY = "window/geometry"
    VIEW = "window/view"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


class Preferences:
    """Typed access to the settings store; a hand-edited or damaged value falls back to its default."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def for_user(cls) -> Preferences:
        """The user's own settings file (an INI file in the platform's configuration folder)."""
        return cls(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME))

    @property
    def settings(self) -> QSettings:
        return self._settings

    def _int(self, key: Key, default: int) -> int:
        try:
            return int(str(self._settings.value(key, default)))
        except ValueError:
            return default

    @property
    def language(self) -> str:
        """The UI language chosen in Settings; empty until one is chosen (then Swedish, or the
        ``COACHDESK_LANGUAGE`` environment variable, applies)."""
        return str(self._settings.value(Key.LANGUAGE, "") or "")

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue(Key.LANGUAGE, value)

    @property
    def text_size_percent(self) -> int:
        return _clamp(self._int(Key.TEXT_SIZE, TEXT_SIZE_MIN), TEXT_SIZE_MIN, TEXT_SIZE_MAX)

    @text_size_percent.setter
    def text_size_percent(self, value: int) -> None:
        self._settings.setValue(Key.TEXT_SIZE, _clamp(value, TEXT_SIZE_MIN, TEXT_SIZE_MAX))

    @property
    def contrast(self) -> Contrast:
        value = str(self._settings.value(Key.CONTRAST, Contrast.NORMAL)).lower()
        try:
            return _LEGACY_CONTRAST.get(value) or Contrast(value)
        except ValueError:
            return Contrast.NORMAL

    @contrast.setter
    def contrast(self, value: Contrast) -> None:
        self._settings.setValue(Key.CONTRAST, value.value)

    @property
    def auto_lock_minutes(self) -> int:
        return _clamp(self._int(Key.AUTO_LOCK, AUTO_LOCK_DEFAULT), AUTO_LOCK_MIN, AUTO_LOCK_MAX)

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, value: int) -> None:
        self._settings.setValue(Key.AUTO_LOCK, _clamp(value, AUTO_LOCK_MIN, AUTO_LOCK_MAX))

    @property
    def sync_interval_minutes(self) -> int:
        """Minutes between automatic syncs while online."""
        minutes = self._int(Key.SYNC_INTERVAL, SYNC_INTERVAL_DEFAULT)
        return _clamp(minutes, SYNC_INTERVAL_MIN, SYNC_INTERVAL_MAX)

    @sync_interval_minutes.setter
    def sync_interval_minutes(self, value: int) -> None:
        self._settings.setValue(Key.SYNC_INTERVAL, _clamp(value, SYNC_INTERVAL_MIN, SYNC_INTERVAL_MAX))

    @property
    def geometry(self) -> QByteArray | None:
        value = self._settings.value(Key.GEOMETRY)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._settings.setValue(Key.GEOMETRY, value)

    @property
    def view(self) -> View:
        try:
            return View(str(self._settings.value(Key.VIEW, View.TODAY)))
        except ValueError:
            return View.TODAY

    @view.setter
    def view(self, value: View) -> None:
        self._settings.setValue(Key.VIEW, value.value)

    def sync(self) -> None:
        self._settings.sync()
