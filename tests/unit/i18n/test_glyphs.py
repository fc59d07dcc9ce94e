"""No missing glyph: every character of every translation is in at least one bundled font (resources/fonts).

Documents name several bundled families and Qt falls back per run of text (coachdesk/documents/fonts.py),
so a character is printable when any bundled font has it. Formatting characters (LRI/PDI, ZWNJ: Unicode
category Cf), whitespace and control characters draw nothing and are skipped.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from PySide6.QtGui import QRawFont
from PySide6.QtWidgets import QApplication

from coachdesk.documents import fonts
from coachdesk.resources import translations_dir
from coachdesk.services import intake_catalog

Text = tuple[str, str]  # (where it comes from, the text)


def _catalogs() -> list[Path]:
    return sorted(translations_dir().glob("*/LC_MESSAGES/coachdesk.po"))


def _qt_catalogs() -> list[Path]:
    return sorted((translations_dir() / "qt").glob("*.ts"))


def _intake_files() -> list[Path]:
    return sorted(intake_catalog.translation_file("en").parent.glob("*.yaml"))


def _po_texts(path: Path) -> list[Text]:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    texts = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        texts += [(f"msgid {msgid!r}", str(s)) for s in strings if s]
    return texts


def _ts_texts(path: Path) -> list[Text]:
    root = ET.parse(path).getroot()  # our own files, not untrusted input
    return [(f"{message.findtext('source')!r}", message.findtext("translation") or "")
            for message in root.iter("message")]


def _yaml_texts(path: Path) -> list[Text]:
    if path.stem == "questions":
        return [(key, text) for key, text in intake_catalog.source_texts().items()]
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [(str(key), str(value)) for key, value in data.items()]


def _drawn(ch: str) -> bool:
    return not (ch.isspace() or unicodedata.category(ch) in {"Cf", "Cc", "Zs", "Zl", "Zp"})


def _missing(texts: Iterable[Text], qapp: QApplication) -> list[str]:
    faces = [QRawFont(path, 12) for path in fonts.font_files()]
    assert faces and all(face.isValid() for face in faces), "no bundled font in resources/fonts"
    supported: dict[str, bool] = {}
    problems = []
    for where, text in texts:
        lacking = []
        for ch in text:
            if not _drawn(ch):
                continue
            if ch not in supported:
                # The code point, not the str: PySide6 converts a str to a QChar wrongly beyond ASCII.
                supported[ch] = any(face.supportsCharacter(ord(ch)) for face in faces)
            if not supported[ch] and ch not in lacking:
                lacking.append(ch)
        if lacking:
            names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} {ch!r}" for ch in lacking)
            problems.append(f"{where}: {names} in {text!r}")
    return problems


def test_the_fonts_are_bundled() -> None:
    names = {Path(path).name for path in fonts.font_files()}
    assert {"NotoSans-Regular.ttf", "NotoNaskhArabic-Regular.ttf", "NotoSansEthiopic-Regular.ttf"} <= names


def test_a_character_no_font_has_is_reported(qapp: QApplication) -> None:
    """The check itself can fail: a CJK ideograph is in none of the bundled fonts."""
    assert _missing([("probe", "ok \u2066\u4e2d\u2069")], qapp) != []
    assert _missing([("probe", "ok \u2066ሰላም 2027 سلام\u2069\u200c")], qapp) == []


@pytest.mark.parametrize("po", _catalogs(), ids=lambda p: p.parent.parent.name)
def test_every_translated_message_has_its_glyphs(po: Path, qapp: QApplication) -> None:
    language = po.parent.parent.name
    missing = _missing(_po_texts(po), qapp)
    assert missing == [], f"{language}: characters no bundled font has:\n" + "\n".join(missing)


@pytest.mark.parametrize("ts", _qt_catalogs(), ids=lambda p: p.stem)
def test_every_qt_button_text_has_its_glyphs(ts: Path, qapp: QApplication) -> None:
    missing = _missing(_ts_texts(ts), qapp)
    assert missing == [], f"{ts.stem}: characters no bundled font has:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", _intake_files(), ids=lambda p: p.stem)
def test_every_intake_text_has_its_glyphs(path: Path, qapp: QApplication) -> None:
    missing = _missing(_yaml_texts(path), qapp)
    assert missing == [], f"intake {path.stem}: characters no bundled font has:\n" + "\n".join(missing)
