"""``coachdesk check``: verify the encrypted database page by page and count what it holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, text

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


def check(store: Store) -> CheckReport:
    """SQLCipher's HMAC check of every page, SQLite's integrity and foreign-key checks, row counts."""
    problems: list[str] = []
    with store.engine.connect() as conn:
        version = str(conn.execute(text("PRAGMA cipher_version")).scalar() or "")
        problems += [str(r[0]) for r in conn.execute(text("PRAGMA cipher_integrity_check"))]
        integrity = [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
        problems += [line for line in integrity if line != "ok"]
        problems += [f"foreign key: {r[0]} -> {r[2]}"
                     for r in conn.execute(text("PRAGMA foreign_key_check"))]
        counts = {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                  for name, table in sorted(Base.metadata.tables.items())}
    return CheckReport(ok=not problems, cipher_version=version,
                       schema_revision=current_revision(store.engine), problems=problems,
                       counts=counts)
