"""Text folding for search and sorting: one place that decides what "the same name" means.

Registered as SQL functions on every connection so triggers keep the search index right for every write
path (ORM, Core, bulk), not only the ORM.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic-script letters that people write interchangeably in names.
_ARABIC = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef with hamza/madda/wasla -> alef
    "ى": "ي", "ی": "ي", "ئ": "ي",  # alef maksura, Persian yeh, yeh with hamza -> yeh
    "ک": "ك",  # Persian keheh -> kaf
    "ة": "ه",  # teh marbuta -> heh
    "ؤ": "و",
    "ـ": None,  # tatweel (kashida) is decoration
})
# Swedish letters that are letters of their own, sorted after z; "{|}" are the ASCII codes right after "z".
_SV_SORT = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"}
_NON_DIGIT = re.compile(r"\D+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (Latin accents, Arabic harakat) and unify Arabic letter variants."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ARABIC))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def digits(text: str | None) -> str:
    return _NON_DIGIT.sub("", text or "")


def identifier_terms(personnummer: str | None, phone: str | None) -> str:
    """The forms a coach might type: 12- and 10-digit personnummer, phone with and without +46."""
    terms: list[str] = []
    pnr = digits(personnummer)
    if pnr:
        terms += [pnr, pnr[2:]] if len(pnr) == 12 else [pnr]
    tel = digits(phone)
    if tel:
        terms.append(tel)
        if tel.startswith("46"):
            terms.append("0" + tel[2:])
        elif tel.startswith("0"):
            terms.append("46" + tel[1:])
    return " ".join(terms)


def sort_key(family_name: str | None, given_name: str | None) -> str:
    """Swedish alphabetical order: å, ä, ö after z; other accents sort with their base letter."""

    def key(part: str | None) -> str:
        lowered = unicodedata.normalize("NFC", (part or "").casefold())
        out = []
        for ch in lowered:
            if ch in _SV_SORT:
                out.append(_SV_SORT[ch])
            else:
                out.append(fold(ch) or ch)
        return "".join(out)

    # \x01 sorts before every letter and survives SQLite's C strings (NUL would cut the text short).
    return f"{key(family_name)}\x01{key(given_name)}"
