"""The intake question catalog (``resources/intake/``): sections, questions and consent text in any language.

The structure and the English source text live in ``questions.yaml``; every other language is a flat file
``<language>.yaml`` mapping the same keys to its text. A language without a file, or a key a file lacks,
falls back (Dari to Persian, then English) so the wizard never shows an empty question.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from coachdesk.resources import resources_dir

SOURCE_LANGUAGE = "en"
#: Whole years the records are kept after the participant leaves, said in the consent text.
#: Two years matches the municipal decisions on records of labour-market measures the seeds follow;
#: an office with a longer funder requirement changes it here until it is an office setting.
RETENTION_YEARS = 2
_FALLBACKS: dict[str, tuple[str, ...]] = {"fa_AF": ("fa",)}


@dataclass(frozen=True)
class Question:
    key: str  # "<section>.<field>"
    field: str  # the participant field it fills ("consent_given" stands for the consent date and language)
    coach_only: bool


@dataclass(frozen=True)
class Section:
    id: str
    questions: tuple[Question, ...]
    paragraphs: tuple[str, ...]  # keys of the text said before the questions (consent)


def _dir() -> Path:
    return resources_dir() / "intake"


@functools.cache
def _source() -> tuple[tuple[Section, ...], dict[str, str]]:
    data = yaml.safe_load((_dir() / "questions.yaml").read_text(encoding="utf-8"))
    sections: list[Section] = []
    texts: dict[str, str] = {}
    for raw in data["sections"]:
        sid = raw["id"]
        texts[f"{sid}.title"] = raw["title"]
        paragraphs = []
        for para in raw.get("paragraphs", ()):
            key = f"{sid}.{para['id']}.text"
            texts[key] = para["text"]
            paragraphs.append(key)
        questions = []
        for q in raw["questions"]:
            key = f"{sid}.{q['field']}"
            coach_only = bool(q.get("coach_only", False))
            if not coach_only:
                texts[f"{key}.ask"] = q["ask"]
                texts[f"{key}.explain"] = q["explain"]
            questions.append(Question(key=key, field=q["field"], coach_only=coach_only))
        sections.append(Section(id=sid, questions=tuple(questions), paragraphs=tuple(paragraphs)))
    return tuple(sections), texts


def sections() -> tuple[Section, ...]:
    return _source()[0]


def source_texts() -> dict[str, str]:
    """Every key with its English text: what a translation file must cover."""
    return dict(_source()[1])


def translation_file(language: str) -> Path:
    return _dir() / f"{language}.yaml"


def catalog_languages() -> list[str]:
    """Languages with a translation file, plus the English source."""
    return sorted({p.stem for p in _dir().glob("*.yaml") if p.stem != "questions"} | {SOURCE_LANGUAGE})


@functools.cache
def _file(language: str) -> dict[str, str]:
    path = translation_file(language)
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


@functools.cache
def texts(language: str) -> Mapping[str, str]:
    """Every key in ``language``, falling back key by key to its fallback language and then English.

    Read once per language (a wizard page asks for it per question, on every language switch)."""
    merged = source_texts()
    for code in reversed((language, *_FALLBACKS.get(language, ()))):
        if code != SOURCE_LANGUAGE:
            merged.update({k: v for k, v in _file(code).items() if k in merged and v.strip()})
    return MappingProxyType(merged)


def text(language: str, key: str) -> str:
    """One text in ``language``, with the consent text's ``{years}`` filled in."""
    found = texts(language)[key]
    return found.format(years=RETENTION_YEARS) if "{years}" in found else found


def clear_caches() -> None:
    """Forget what was read (tests that point the catalog at other files)."""
    for cached in (_source, _file, texts):
        cached.cache_clear()
