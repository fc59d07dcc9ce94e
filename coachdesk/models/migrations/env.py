"""Alembic environment: always run on a connection handed in by ``coachdesk.models.migrate``."""

from __future__ import annotations

from alembic import context

from coachdesk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through coachdesk.models.migrate, which supplies the connection")

# Tables made by hand in migration 0002 (the search index and its FTS5 shadow tables) are not in the
# ORM metadata; autogenerate must not propose dropping them.
_LOCAL_INDEX_TABLES = ("participant_index", "participant_fts")


def _include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    table = getattr(obj, "table", obj) if type_ == "index" else obj
    table_name = getattr(table, "name", name) or ""
    return not (reflected and table_name.startswith(_LOCAL_INDEX_TABLES))


context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  include_object=_include_object)
with context.begin_transaction():
    context.run_migrations()
