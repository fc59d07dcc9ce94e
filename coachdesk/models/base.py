"""Declarative base and the columns every synced row carries."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Boolean, Enum, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from coachdesk.models.ids import uuid7

# Stable constraint names so Alembic migrations can alter them on SQLite (batch mode) and PostgreSQL.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as plain text (no native enum: the same schema works on every backend)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Synced:
    """Mixin for every row that syncs: client-made UUIDv7 id, HLC stamp, tombstone and office scope."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    updated_hlc: Mapped[str] = mapped_column(String(64), default="", index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    office_id: Mapped[str] = mapped_column(String(36), index=True)

    def __init__(self, **kwargs: Any) -> None:  # pragma: no cover - replaced by the declarative constructor
        super().__init__(**kwargs)
