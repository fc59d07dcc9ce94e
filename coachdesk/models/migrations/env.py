"""Alembic environment: always run on a connection handed in by ``coachdesk.models.migrate``."""

from __future__ import annotations

from alembic import context

from coachdesk.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through coachdesk.models.migrate, which supplies the connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
