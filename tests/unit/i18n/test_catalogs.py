"""Every catalog compiles, has Babel's plural forms, keeps its mnemonics, and Qt's own catalogs are fresh.

tests/unit/test_translations.py checks that the template is up to date, that every string is translated and
that placeholders survive; this module checks what a translation can break beyond that.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from coachdesk import i18n
from coachdesk.resources import translations_dir

ROOT = Path(__file__).resolve().parents[3]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
TRANSLATOR_TAG = "Translators:"
# A mnemonic is "&" before the character Alt+ selects; "&&" is a literal ampersand.
MNEMONIC = re.compile(r"&(?=[^&\s])")
LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")


def _po(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / "coachdesk.po"


def _read(path: Path, *, strict: bool = False) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, abort_invalid=strict)


def _languages() -> list[str]:
    """Every UI language with a catalog (English has one too: it is the source, translated 1:1)."""
    return [lang for lang in i18n.available_languages() if _po(lang).is_file()]


def _strings(message: Message) -> list[str]:
    items = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return [str(item or "") for item in items]


def _ids(message: Message) -> list[str]:
    items = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
    return [str(item) for item in items]


def _mnemonics(text: str) -> int:
    return len(MNEMONIC.findall(text.replace("&&", "")))


def _header(catalog: Catalog, name: str) -> str:
    """A header exactly as the .po file says it (Catalog.plural_forms would fill in Babel's own)."""
    values = [value for key, value in catalog.mime_headers if key.lower() == name.lower()]
    assert values, f"no {name} header"
    return " ".join(values[0].split())


def _qt_catalogs() -> list[Path]:
    return sorted((translations_dir() / "qt").glob("*.ts"))


def test_every_ui_language_has_a_catalog() -> None:
    assert {"sv", "en", "ar", "fa_AF", "so", "ti"} <= set(_languages())


@pytest.mark.parametrize("language", _languages())
def test_catalog_compiles_without_problems(language: str) -> None:
    catalog = _read(_po(language), strict=True)  # a line Babel cannot parse is an error, not skipped
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    assert buffer.getvalue(), "write_mo produced nothing"
    problems = [f"{_ids(message)[0]!r}: {'; '.join(str(error) for error in errors)}"
                for message, errors in catalog.check()]
    assert problems == [], "\n".join(problems)
    assert catalog.locale is not None
    assert str(catalog.locale) == language


@pytest.mark.parametrize("language", _languages())
def test_plural_forms_are_babels(language: str) -> None:
    catalog = _read(_po(language))
    plural = get_plural(Locale.parse(language))
    assert _header(catalog, "Plural-Forms") == plural.plural_forms, (
        "take Plural-Forms from Babel (pybabel init), never edit it by hand")
    wrong = []
    for message in catalog:
        if not message.id or not message.pluralizable:
            continue
        forms = _strings(message)
        if len(forms) != plural.num_plurals or not all(form.strip() for form in forms):
            wrong.append(f"{_ids(message)[0]!r}: {len(forms)} forms, "
                         f"{sum(1 for form in forms if not form.strip())} empty")
    assert wrong == [], (f"every plural needs exactly {plural.num_plurals} non-empty forms in {language}:\n"
                         + "\n".join(wrong))


@pytest.mark.parametrize("language", _languages())
def test_every_mnemonic_survives_translation(language: str) -> None:
    wrong = []
    for message in _read(_po(language)):
        if not message.id:
            continue
        if not any(_mnemonics(text) for text in _ids(message)):
            continue
        for text in _strings(message):
            if text and _mnemonics(text) != 1:
                wrong.append(f"{_ids(message)[0]!r} -> {text!r}")
    assert wrong == [], "a string with &x needs exactly one &x (&& is a literal &):\n" + "\n".join(wrong)


def test_mnemonic_counting() -> None:
    assert _mnemonics("&Save") == 1
    assert _mnemonics("Save && close") == 0
    assert _mnemonics("Tom && &Jerry") == 1
    assert _mnemonics("&Open &file") == 2
    assert _mnemonics("Fish & chips") == 0


def test_translator_comments_reach_the_template() -> None:
    """Every ``# Translators:`` comment in the source is in the template, on its message."""
    source: dict[tuple[str, str | None], list[str]] = {}
    for _file, _line, message, comments, context in extract_from_dir(
            str(ROOT / "coachdesk"), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=[TRANSLATOR_TAG], strip_comment_tags=False):
        if comments:
            singular = message[0] if isinstance(message, (tuple, list)) else message
            source.setdefault((str(singular), context), []).extend(comments)
    template = {(_ids(m)[0], m.context): m.auto_comments for m in _read(translations_dir() / "coachdesk.pot")
                if m.id}
    # The template wraps a long comment over several "#." lines, which Babel reads back as several comments.
    joined = {key: " ".join(" ".join(comments).split()) for key, comments in template.items()}
    missing = [f"{key[0]!r}: {comment!r}" for key, comments in source.items() for comment in comments
               if " ".join(comment.split()) not in joined.get(key, "")]
    assert missing == [], "run `make translations`:\n" + "\n".join(missing)


def test_the_source_explains_nuance_to_translators() -> None:
    """Issue 7: translator comments where nuance matters; the source has at least some."""
    found = [comments for *_rest, comments, _context in extract_from_dir(
        str(ROOT / "coachdesk"), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=[TRANSLATOR_TAG]) if comments]
    assert found, "no `# Translators:` comment anywhere in coachdesk/"


def test_every_language_without_qts_own_catalog_has_ours(qapp: QApplication) -> None:
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = {ts.stem.removeprefix("qtbase_") for ts in _qt_catalogs()}
    uncovered = [lang for lang in _languages()
                 if not QTranslator().load(f"qtbase_{lang}", qt_folder) and lang not in ours]
    assert uncovered == [], "Qt ships no qtbase catalog for these: add translations/qt/qtbase_<lang>.ts"


@pytest.mark.parametrize("ts", _qt_catalogs(), ids=lambda p: p.stem)
def test_compiled_qt_catalog_is_up_to_date(ts: Path, tmp_path: Path) -> None:
    if not LRELEASE.is_file():
        pytest.skip(f"{LRELEASE} is missing (pyside6-essentials provides it)")
    fresh = tmp_path / ts.with_suffix(".qm").name
    subprocess.run([str(LRELEASE), "-silent", str(ts), "-qm", str(fresh)], check=True)
    committed = ts.with_suffix(".qm")
    assert committed.is_file(), "run `make translations`"
    assert fresh.read_bytes() == committed.read_bytes(), "run `make translations`"


@pytest.mark.parametrize("ts", _qt_catalogs(), ids=lambda p: p.stem)
def test_compiled_qt_catalog_translates_qts_buttons(ts: Path, qapp: QApplication) -> None:
    translator = QTranslator()
    assert translator.load(str(ts.with_suffix(".qm")))
    cancel = translator.translate("QPlatformTheme", "Cancel")
    assert cancel and cancel != "Cancel"
