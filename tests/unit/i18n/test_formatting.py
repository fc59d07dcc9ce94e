"""ISO weeks and Latin digits in every UI language, in Babel's formatting and in Qt's widgets alike.

Babel's ``w`` pattern gives week 1 for 2027-01-01 in English, Arabic, Somali and Tigrinya but 53 in
Swedish; every week the app shows must be the ISO week (53), whatever the language.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from coachdesk import agenda_text, formatting, i18n
from coachdesk.services.agenda import Agenda, AgendaService
from coachdesk.services.attendance import AttendanceService
from coachdesk.services.calendar import IsoWeek
from coachdesk.services.exits import ExitService
from coachdesk.services.placements import PlacementService
from coachdesk.services.plans import PlanService
from coachdesk.ui.tasks import TaskRunner
from coachdesk.ui.today import TodayView

NEW_YEAR_2027 = dt.date(2027, 1, 1)  # a Friday: ISO week 53 of 2026
LATIN_DIGITS = set("0123456789")
LANGUAGES = i18n.available_languages()


def _digits(text: str) -> str:
    """Every decimal digit in ``text``, in order, whatever its script."""
    return "".join(ch for ch in text if unicodedata.category(ch) == "Nd")


def _plain(text: str) -> str:
    return text.replace(formatting.LRI, "").replace(formatting.PDI, "")


@pytest.fixture
def in_language() -> Iterator[Callable[[str], None]]:
    yield i18n.set_language
    i18n.set_language("sv")


class _IdleRunner:
    """A task runner that never runs the job: the heading is drawn before the agenda loads."""

    def run_db(self, *_args: Any, **_kwargs: Any) -> None:
        return None


class _NoAgenda:
    def week(self, *_args: Any, **_kwargs: Any) -> Agenda:
        raise AssertionError("the idle runner never loads an agenda")


def test_every_ui_language_is_tested() -> None:
    assert {"sv", "en", "ar", "fa_AF", "so", "ti"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_new_year_2027_is_week_53_by_iso_week(language: str, in_language: Callable[[str], None]) -> None:
    in_language(language)
    assert formatting.iso_week(NEW_YEAR_2027) == 53
    assert IsoWeek.of(NEW_YEAR_2027) == IsoWeek(2026, 53)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_agenda_text_says_week_53(language: str, in_language: Callable[[str], None]) -> None:
    in_language(language)
    week = IsoWeek.of(NEW_YEAR_2027)
    text = agenda_text.render(Agenda(week=week, coach_id=None, as_of=NEW_YEAR_2027), who="Amina")
    first = text.splitlines()[0]
    assert first == i18n._("Week {week} ({monday} to {sunday}) for {who}").format(
        week=53, monday="2026-12-28", sunday="2027-01-03", who="Amina")
    assert "53" in first


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_today_view_heading_says_week_53(language: str, in_language: Callable[[str], None],
                                             qapp: QApplication) -> None:
    in_language(language)
    view = TodayView(agenda=cast(AgendaService, _NoAgenda()), attendance=cast(AttendanceService, None),
                     plans=cast(PlanService, None), placements=cast(PlacementService, None),
                     exits=cast(ExitService, None), runner=cast(TaskRunner, _IdleRunner()),
                     coach_id=None, today=lambda: NEW_YEAR_2027)
    try:
        assert view.week == IsoWeek(2026, 53)
        expected = i18n._("{week} (this week)").format(week=i18n._("Week {week}, {first} – {last}").format(
            week=53, first=formatting.iso_date(dt.date(2026, 12, 28)),
            last=formatting.iso_date(dt.date(2027, 1, 3))))
        assert view.heading_text == expected
        assert "53" in _plain(view.heading_text)
    finally:
        view.deleteLater()


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_have_latin_digits(language: str) -> None:
    text = formatting.number(1234567.5, language)
    digits = _digits(text)
    assert set(digits) <= LATIN_DIGITS, f"{language}: {text!r}"
    assert digits == "12345675"


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_dates_have_latin_digits(language: str) -> None:
    text = formatting.long_date(NEW_YEAR_2027, language)
    assert _digits(text) in {"12027", "012027"}, f"{language}: {text!r}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_qt_locale_has_latin_digits(language: str) -> None:
    locale = QLocale(formatting.qt_locale_name(language))
    assert locale.zeroDigit() == "0", f"{language} -> {locale.name()}"
    assert set(_digits(locale.toString(1234567))) <= LATIN_DIGITS


@pytest.mark.parametrize("language", LANGUAGES)
def test_qt_locale_starts_the_week_on_monday(language: str) -> None:
    locale = QLocale(formatting.qt_locale_name(language))
    assert locale.firstDayOfWeek() == Qt.DayOfWeek.Monday, f"{language} -> {locale.name()}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_qt_and_babel_write_the_same_digits(language: str) -> None:
    qt_text = QLocale(formatting.qt_locale_name(language)).toString(1234567)
    babel_text = formatting.number(1234567, language)
    assert _digits(qt_text) == _digits(babel_text), f"{language}: Qt {qt_text!r}, Babel {babel_text!r}"


def test_qt_locale_for_languages_qt_writes_in_other_digits() -> None:
    """The reason for the mapping: Qt's plain ar and fa would write Arabic-Indic and Persian digits."""
    assert QLocale("ar").zeroDigit() != "0"
    assert QLocale("fa").zeroDigit() != "0"
    assert QLocale(formatting.qt_locale_name("ar")).language() == QLocale.Language.Arabic
