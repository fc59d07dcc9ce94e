"""The Qt application object and the app-wide language settings: catalogs, Qt's own strings, direction."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from coachdesk import formatting, i18n
from coachdesk.documents import fonts
from coachdesk.resources import translations_dir
from coachdesk.ui.access_style import use_access_style

APP_NAME = "CoachDesk"  # the product's name, the same in every language
# Arabic, Persian, Dari (written fa_AF) and Sorani Kurdish are written right to left.
RTL_LANGUAGES = frozenset({"ar", "fa", "fa_AF", "ckb"})
_QT_TRANSLATOR = "coachdesk-qtbase-translator"


def application(argv: list[str]) -> QApplication:
    """The process's QApplication, created on first use."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    use_access_style(app)  # targets of at least 24×24 px, focus always shown
    # Registered here, on the GUI thread: documents render on a worker thread, and the UI gets Arabic and
    # Ethiopic glyphs even on a computer with no such font installed.
    fonts.ensure_loaded()
    return app


def layout_direction(language: str) -> Qt.LayoutDirection:
    if language in RTL_LANGUAGES or language.split("_", maxsplit=1)[0] in RTL_LANGUAGES:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def apply_language(app: QCoreApplication, language: str) -> None:
    """Switch our catalog, Qt's own ``qtbase_*`` strings, the locale and the layout direction.

    Every widget then gets a ``LanguageChange`` event and retranslates itself.
    """
    i18n.set_language(language)
    QLocale.setDefault(QLocale(formatting.qt_locale_name(language)))  # Latin digits, as Babel's
    for previous in app.findChildren(QTranslator, _QT_TRANSLATOR):
        app.removeTranslator(previous)
        previous.setObjectName("")
        previous.deleteLater()
    translator = QTranslator(app)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt tries qtbase_fa_AF, then qtbase_fa: Dari gets Persian, like our own catalogs. Qt ships nothing for
    # Somali and Tigrinya; ours (translations/qt/*.ts, compiled by `make translations`) cover its buttons.
    if (translator.load(f"qtbase_{language}", qt_folder)
            or translator.load(f"qtbase_{language}", str(translations_dir() / "qt"))):
        translator.setObjectName(_QT_TRANSLATOR)
        app.installTranslator(translator)
    else:
        translator.deleteLater()
    if isinstance(app, QApplication):
        app.setLayoutDirection(layout_direction(language))
    # Installing a translator announces the change itself, but only when one was found.
    QCoreApplication.postEvent(app, QEvent(QEvent.Type.LanguageChange))
