"""The intake question catalog in every language: the same keys as the source, nothing empty, the consent
text's ``{years}`` where the source has it, and Dari falling back to Persian, then English, key by key."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from coachdesk import i18n
from coachdesk.services import intake_catalog

# Persian (fa) is not a UI language but Dari (fa_AF) falls back to it; English is the source (questions.yaml).
REQUIRED = sorted({*i18n.available_languages(), "sv", "en", "ar", "fa_AF", "fa", "so", "ti"})
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _files() -> list[Path]:
    folder = intake_catalog.translation_file("en").parent
    return sorted(p for p in folder.glob("*.yaml") if p.stem != "questions")


def _raw(path: Path) -> dict[object, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a mapping of key: text"
    return data


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    intake_catalog.clear_caches()
    yield
    intake_catalog.clear_caches()


@pytest.mark.parametrize("language", REQUIRED)
def test_every_language_has_a_translation_file(language: str) -> None:
    if language == intake_catalog.SOURCE_LANGUAGE:
        assert (intake_catalog.translation_file("en").parent / "questions.yaml").is_file()
        return
    assert intake_catalog.translation_file(language).is_file(), f"resources/intake/{language}.yaml is missing"
    assert language in intake_catalog.catalog_languages()


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_translation_has_exactly_the_source_keys(path: Path) -> None:
    source = intake_catalog.source_texts()
    keys = set(map(str, _raw(path)))
    assert sorted(set(source) - keys) == [], "keys missing from the translation"
    assert sorted(keys - set(source)) == [], "keys the source does not have (renamed or removed?)"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_no_translation_is_empty(path: Path) -> None:
    empty = [str(key) for key, value in _raw(path).items()
             if not isinstance(value, str) or not value.strip()]
    assert empty == [], "empty or not text (quote it in YAML)"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.stem)
def test_placeholders_are_where_the_source_has_them(path: Path) -> None:
    source = intake_catalog.source_texts()
    wrong = []
    for key, value in _raw(path).items():
        if str(key) not in source or not isinstance(value, str):
            continue
        wanted = sorted(PLACEHOLDER.findall(source[str(key)]))
        found = sorted(PLACEHOLDER.findall(value))
        if found != wanted or ("{years}" in value) != ("{years}" in source[str(key)]):
            wrong.append(f"{key}: {found} but the source has {wanted}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("language", sorted({p.stem for p in _files()} | {"en"}))
def test_every_text_formats(language: str) -> None:
    """``text()`` fills in ``{years}``; no stray brace in a translation breaks it."""
    for key in intake_catalog.source_texts():
        text = intake_catalog.text(language, key)
        assert text.strip()
        assert "{" not in text and "}" not in text, f"{language} {key}: {text!r}"
    years = [k for k, v in intake_catalog.source_texts().items() if "{years}" in v]
    assert years, "the consent text says how long records are kept"
    for key in years:
        assert str(intake_catalog.RETENTION_YEARS) in intake_catalog.text(language, key)


def test_the_source_says_how_long_records_are_kept() -> None:
    assert "{years}" in intake_catalog.source_texts()["consent.how_long.text"]


def test_dari_falls_back_to_persian_then_english_key_by_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    shutil.copy(intake_catalog.translation_file("en").parent / "questions.yaml", folder / "questions.yaml")
    monkeypatch.setattr(intake_catalog, "_dir", lambda: folder)
    source = intake_catalog.source_texts()
    dari_key, persian_key, english_key, blank_key = list(source)[:4]
    (folder / "fa.yaml").write_text(yaml.safe_dump(
        {dari_key: "fa: one", persian_key: "fa: two", blank_key: "fa: four"}, allow_unicode=True),
        encoding="utf-8")
    (folder / "fa_AF.yaml").write_text(yaml.safe_dump(
        {dari_key: "fa_AF: one", blank_key: "  "}, allow_unicode=True), encoding="utf-8")

    dari = intake_catalog.texts("fa_AF")
    assert dari[dari_key] == "fa_AF: one"
    assert dari[persian_key] == "fa: two"
    assert dari[english_key] == source[english_key]
    assert dari[blank_key] == "fa: four", "a blank Dari text falls back too"
    assert set(dari) == set(source)
    persian = intake_catalog.texts("fa")
    assert persian[dari_key] == "fa: one", "Persian never falls back to Dari"


def test_dari_with_no_files_falls_back_to_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_caches: None) -> None:
    folder = tmp_path / "intake"
    folder.mkdir()
    shutil.copy(intake_catalog.translation_file("en").parent / "questions.yaml", folder / "questions.yaml")
    monkeypatch.setattr(intake_catalog, "_dir", lambda: folder)
    assert intake_catalog.texts("fa_AF") == intake_catalog.source_texts()
