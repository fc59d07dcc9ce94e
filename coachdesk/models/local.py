"""Local-only tables: never synced."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from coachdesk.models.base import Base


class LocalMeta(Base):
    """Key-value facts about this device's vault: device id, office, owner, last clock stamp."""

    __tablename__ = "local_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
