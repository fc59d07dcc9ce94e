"""Search queries a coach would type, drawn from the participants actually in a store."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import text

from coachdesk.models.store import Store

# How often each kind of query occurs: names more than numbers, whole numbers more than fragments.
KINDS: dict[str, int] = {
    "name_prefix": 25,  # "moh", "ander"
    "full_name": 20,  # "Mohammed Ahmadi"
    "family_name": 10,
    "personnummer": 12,  # 19850312-1234
    "personnummer_10": 8,  # 850312-1234
    "birth_date": 8,  # 19850312
    "phone": 10,  # 070-123 45 67
    "phone_prefix": 7,  # 070-123
}
# The first keystrokes of a search-as-you-type box: "m", "mo", "19", "070".
SHORT_KINDS: dict[str, int] = {"first_letters": 4, "first_digits_pnr": 1, "first_digits_phone": 1}

_ROW = text("SELECT p.given_name, p.family_name, p.personnummer, p.phone "
            "FROM participant_index i JOIN participants p ON p.id = i.participant_id "
            "WHERE i.rowid >= :rowid ORDER BY i.rowid LIMIT 1")


def _national(phone: str) -> str:
    """+46701234567 -> 070-123 45 67, the way people write a Swedish mobile number."""
    digits = "0" + phone.removeprefix("+46")
    return f"{digits[:3]}-{digits[3:6]} {digits[6:8]} {digits[8:]}"


class _Person(NamedTuple):
    given: str
    family: str
    pnr: str | None
    phone: str | None


# Each returns None when this person has no such number, and another person is drawn.
_FORMS: dict[str, Callable[[_Person, random.Random], str | None]] = {
    "name_prefix": lambda p, rng: rng.choice((p.given, p.family))[: rng.randint(3, 5)].lower(),
    "full_name": lambda p, _rng: f"{p.given} {p.family}",
    "family_name": lambda p, _rng: p.family,
    "personnummer": lambda p, _rng: p.pnr,
    "personnummer_10": lambda p, _rng: p.pnr[2:] if p.pnr else None,
    "birth_date": lambda p, _rng: p.pnr[:8] if p.pnr else None,
    "phone": lambda p, _rng: _national(p.phone) if p.phone else None,
    "phone_prefix": lambda p, _rng: _national(p.phone)[:7] if p.phone else None,
    "first_letters": lambda p, rng: rng.choice((p.given, p.family))[: rng.randint(1, 2)].lower(),
    "first_digits_pnr": lambda p, _rng: p.pnr[:2] if p.pnr else None,
    "first_digits_phone": lambda p, _rng: _national(p.phone)[:3] if p.phone else None,
}


def sample_queries(store: Store, count: int, *, seed: int = 7,
                   mix: dict[str, int] | None = None) -> list[tuple[str, str]]:
    """``count`` (kind, query) pairs in proportions ``mix``; the same for the same data and seed."""
    rng = random.Random(seed)
    mix = mix or KINDS
    kinds, weights = list(mix), list(mix.values())
    queries: list[tuple[str, str]] = []
    with store.session() as session:
        top = int(session.execute(text("SELECT max(rowid) FROM participant_index")).scalar() or 0)
        if top == 0:
            return []
        while len(queries) < count:
            kind = rng.choices(kinds, weights)[0]
            person = _Person(*session.execute(_ROW, {"rowid": rng.randint(1, top)}).one())
            query = _FORMS[kind](person, rng)
            if query is not None:
                queries.append((kind, query))
    return queries
