"""``coachdesk check``: verify the encrypted database page by page and count what it holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.exc import DatabaseError

from coachdesk.models import Base
from coachdesk.models.migrate import current_revision
from coachdesk.models.store import Store


@dataclass
class CheckReport:
    ok: bool
    cipher_version: str
    schema_revision: str | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "cipher_version": self.cipher_version,
                "schema_revision": self.schema_revision, "problems": self.problems,
                "counts": self.counts}


def _counter(table: Table) -> Callable[[Connection], int]:
    return lambda conn: int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def check(store: Store) -> CheckReport:
    """SQLCipher's HMAC check of every page, SQLite's integrity and foreign-key checks, row counts."""
    problems: list[str] = []

    def attempt(what: str, step: Callable[[Connection], Any], conn: Connection) -> Any:
        # A damaged page surfaces as a driver error part-way through; record it and go on.
        try:
            return step(conn)
        except DatabaseError as exc:
            problems.append(f"{what}: {type(exc.orig).__name__ if exc.orig else 'error'}")
            return None

    def rows(sql: str) -> Callable[[Connection], list[Any]]:
        return lambda conn: list(conn.execute(text(sql)))

    with store.engine.connect() as conn:
        version = str(conn.execute(text("PRAGMA cipher_version")).scalar() or "")
        cipher = attempt("cipher_integrity_check", rows("PRAGMA cipher_integrity_check"), conn)
        problems += [str(r[0]) for r in cipher or []]
        integrity = attempt("integrity_check", rows("PRAGMA integrity_check"), conn)
        problems += [str(r[0]) for r in integrity or [] if r[0] != "ok"]
        keys = attempt("foreign_key_check", rows("PRAGMA foreign_key_check"), conn)
        problems += [f"foreign key: {r[0]} -> {r[2]}" for r in keys or []]
        counts: dict[str, int] = {}
        for name, table in sorted(Base.metadata.tables.items()):
            count = attempt(f"count {name}", _counter(table), conn)
            counts[name] = -1 if count is None else int(count)
        revision = attempt("schema revision", lambda _c: current_revision(store.engine), conn)
    return CheckReport(ok=not problems, cipher_version=version, schema_revision=revision,
                       problems=problems, counts=counts)
