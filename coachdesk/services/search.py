"""Full-text search over the participant index (FTS5 inside the encrypted database)."""

from __future__ import annotations

import re

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, text
from sqlalchemy.orm import Session

from coachdesk.models.textfold import digits, fold

# Made by migration 0002 and kept by triggers; described here only to query it.
participant_index = Table(
    "participant_index", MetaData(),
    Column("rowid", Integer, primary_key=True),
    Column("participant_id", String(36)),
    Column("sort_key", Text),
    Column("status", String(32)),
    Column("target_group", String(32)),
    Column("coach_id", String(36)),
)

_TOKEN = re.compile(r"[^\s]+")


def match_expression(query: str) -> str | None:
    """Turn what a coach types into an FTS5 query: every word must match as a prefix.

    Words of digits (personnummer, phone; separators ignored) match the identifier column;
    other words match names, folded the same way the index is.
    """
    if re.fullmatch(r"[\d\s\-+()]+", query) and digits(query):
        # "070-123 45 67" or "+46 70 …" is one number, however it is spaced.
        return f'ident : "{digits(query)}"*'
    terms = []
    for token in _TOKEN.findall(query):
        number = digits(token)
        if number and len(number) >= len(re.sub(r"[\s\-+()]", "", token)):
            terms.append(f'ident : "{number}"*')
            continue
        word = fold(token).replace('"', '""').strip()
        if word and any(ch.isalnum() for ch in word):
            terms.append(f'names : "{word}"*')
    return " AND ".join(terms) or None


def _ranked(query: str) -> bool:
    """Relevance only means something for names of some length; "070" or "m" would match tens of
    thousands of rows, and ranking them all costs more than it tells, so those list alphabetically."""
    words = [fold(t) for t in _TOKEN.findall(query) if not digits(t)]
    return bool(words) and max(map(len, words)) >= 3


def search_ids(session: Session, query: str, *, limit: int = 50) -> list[str]:
    expression = match_expression(query)
    if expression is None:
        return []
    order = "f.rank, i.sort_key" if _ranked(query) else "i.sort_key"
    rows = session.execute(
        text("SELECT i.participant_id FROM participant_fts f "  # noqa: S608 - order is one of two constants
             "JOIN participant_index i ON i.rowid = f.rowid "
             f"WHERE participant_fts MATCH :q ORDER BY {order} LIMIT :limit"),
        {"q": expression, "limit": limit},
    )
    return [row[0] for row in rows]
