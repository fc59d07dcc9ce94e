"""Numbers, dates and weeks in the UI language, with one digits policy for Babel and Qt alike.

Digits are always Latin (0–9), in every language: personnummer, dates and phone numbers come from Swedish
documents in Latin digits, and a coach and an interpreter must read the same figures. Babel formats with
the ``latn`` numbering system; Qt widgets get a locale of the same language whose digits are Latin
(``qt_locale_name``). Weeks are ISO 8601 weeks, Monday first, in every language: Babel's ``w`` pattern
follows each locale's own week rules (2027-01-01 is week 1 in English but 53 in Swedish), so weeks come
from ``date.isocalendar()`` only.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from coachdesk.i18n import current_language

NUMBERING_SYSTEM = "latn"
# Qt's locale for a language whose default Qt data uses other digits (ar_EG: Arabic-Indic; fa: Persian) or
# starts the week on Sunday (en_US, ti_ET): ar_MA is Arabic with Latin digits and Monday first, ti_ER and
# en_SE start on Monday. Qt has no Persian locale with Latin digits, so Dari and Persian widgets (only
# numeric date and number fields) use English-in-Sweden data: Latin digits, Monday first.
_QT_LOCALES = {"ar": "ar_MA", "fa": "en_SE", "fa_AF": "en_SE", "en": "en_SE", "ti": "ti_ER"}
# Unicode LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE: keeps "19900101-1234" intact in RTL text.
LRI = "\u2066"
PDI = "\u2069"


def ltr(text: str | None) -> str:
    """Isolate left-to-right data (personnummer, phone, e-mail, dates) from the surrounding direction."""
    return f"{LRI}{text}{PDI}" if text else ""


def babel_locale(language: str | None = None) -> Locale:
    try:
        return Locale.parse(language or current_language())
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def qt_locale_name(language: str) -> str:
    """The Qt locale for widgets in ``language``: the language's own unless its digits are not Latin."""
    return _QT_LOCALES.get(language, _QT_LOCALES.get(language.split("_", maxsplit=1)[0], language))


def number(value: float, language: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(language), numbering_system=NUMBERING_SYSTEM)


def iso_date(value: dt.date | None) -> str:
    """A date as YYYY-MM-DD (the Swedish standard form) in every language, isolated for RTL text."""
    return ltr(value.isoformat()) if value is not None else ""


def long_date(value: dt.date, language: str | None = None) -> str:
    """A date with the month's name in the language, for letters and documents ("22 november 2026")."""
    return format_date(value, "d MMMM y", locale=babel_locale(language))


def iso_week(value: dt.date) -> int:
    return value.isocalendar().week


# CLDR calls Dari "Persian (Afghanistan)"; its speakers call it Dari.
_NATIVE_NAMES = {"fa_AF": "دری"}


def language_name(code: str, in_language: str | None = None) -> str:
    """``code``'s name in ``in_language`` (by default in itself: "svenska", "ትግርኛ"), from CLDR,
    capitalised for a list."""
    if in_language in (None, code) and code in _NATIVE_NAMES:
        return _NATIVE_NAMES[code]
    try:
        name = Locale.parse(code).get_display_name(in_language or code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]
