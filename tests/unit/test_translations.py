"""The template lists every marked string, and every catalog translates all of them faithfully."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from coachdesk import i18n
from coachdesk.resources import translations_dir

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _key(message_id: object, context: str | None) -> tuple[str, str | None]:
    singular = message_id[0] if isinstance(message_id, tuple) else message_id
    return str(singular), context


def _texts(value: object) -> list[str]:
    """A message's id or string as a list: one item, or one per plural form."""
    items = value if isinstance(value, (tuple, list)) else (value,)
    return [str(item or "") for item in items]


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def _languages() -> list[Path]:
    return sorted(translations_dir().glob("*/LC_MESSAGES/coachdesk.po"))


def test_template_is_up_to_date_with_the_source() -> None:
    found = {_key(message, context) for _file, _line, message, _comments, context in
             extract_from_dir(str(ROOT / "coachdesk"), method_map=[("**.py", "python")],
                              keywords=KEYWORDS)}
    template = {_key(m.id, m.context) for m in _read(translations_dir() / "coachdesk.pot") if m.id}
    assert found - template == set(), "run `make translations`"
    assert template - found == set(), "run `make translations`"


def test_there_is_at_least_a_swedish_catalog() -> None:
    assert "sv" in i18n.available_languages()


@pytest.mark.parametrize("po", _languages(), ids=lambda p: p.parent.parent.name)
def test_every_string_is_translated_with_the_same_placeholders(po: Path) -> None:
    template = {_key(m.id, m.context) for m in _read(translations_dir() / "coachdesk.pot") if m.id}
    catalog = _read(po)
    problems = []
    done = set()
    for message in catalog:
        if not message.id:
            continue
        key = _key(message.id, message.context)
        done.add(key)
        ids = _texts(message.id)
        strings = _texts(message.string)
        if message.fuzzy or not all(strings):
            problems.append(f"untranslated: {key[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - wanted or (
                    len(ids) == 1 and set(PLACEHOLDER.findall(text)) != wanted):
                problems.append(f"placeholders differ: {key[0]!r}")
    problems += [f"missing: {key[0]!r}" for key in template - done]
    assert problems == []


def test_switching_language_changes_the_text_and_back() -> None:
    i18n.set_language("sv")
    assert i18n._("Wrong passphrase. Check it and try again.") != (
        "Wrong passphrase. Check it and try again.")
    assert i18n.current_language() == "sv"
    i18n.set_language("xx")
    assert i18n._("Wrong passphrase. Check it and try again.") == (
        "Wrong passphrase. Check it and try again.")
