"""Alembic environment for the server schema: always run on a connection from ``coachdesk.server.db``."""

from __future__ import annotations

from alembic import context

from coachdesk.server.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run server migrations through coachdesk.server.db, which supplies the connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
