"""The one gettext facade: ``_``, ``N_``, ``ngettext``, ``pgettext``.

Source strings are English; Swedish is the default UI language. Catalogs are read from the ``.po`` files
and compiled in memory when a language is chosen, so a compiled catalog can never be stale.
"""

from __future__ import annotations

import gettext
import io
import os
import threading
from collections.abc import Mapping
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from coachdesk.resources import translations_dir

DOMAIN = "coachdesk"
DEFAULT_LANGUAGE = "sv"
ENV_LANGUAGE = "COACHDESK_LANGUAGE"
# Languages whose catalogs fall back to another (Dari is written as fa_AF; it falls back to Persian).
_FALLBACKS: dict[str, tuple[str, ...]] = {"fa_AF": ("fa",)}



class _State:
    """The active catalog; swapped whole under a lock so a worker thread never sees half a switch."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.translations: gettext.NullTranslations = gettext.NullTranslations()
        self.language = "en"


_state = _State()


def _load_po(path: Path) -> gettext.GNUTranslations:
    with path.open("rb") as fh:
        catalog = read_po(fh, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def available_languages() -> list[str]:
    """Language codes that have a catalog, plus English (the source language)."""
    base = translations_dir()
    found = {p.parent.parent.name for p in base.glob(f"*/LC_MESSAGES/{DOMAIN}.po")}
    return sorted(found | {"en"})


def translations_for(language: str) -> gettext.NullTranslations:
    """``language``'s catalog (with its fallbacks) without switching the UI: for documents a participant
    reads in their own language while the coach works in another. Unknown languages give English."""
    chain: list[gettext.NullTranslations] = []
    for code in (language, *_FALLBACKS.get(language, ())):
        po = translations_dir() / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            chain.append(_load_po(po))
    translations: gettext.NullTranslations = gettext.NullTranslations()
    if chain:
        translations = chain[0]
        for extra in chain[1:]:
            translations.add_fallback(extra)
    return translations


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language``; unknown languages fall back to English."""
    translations = translations_for(language)
    with _state.lock:
        _state.translations, _state.language = translations, language


def language_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """The UI language for the app and the CLI alike: ``COACHDESK_LANGUAGE`` if set, else Swedish."""
    return environ.get(ENV_LANGUAGE, "").strip() or DEFAULT_LANGUAGE


def current_language() -> str:
    return _state.language


def _(message: str) -> str:
    return _state.translations.gettext(message)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state.translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _state.translations.pgettext(context, message)
