"""The audit trail: who viewed or changed which record. Field names only, never values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy.orm import Session

from coachdesk.models import AuditEvent
from coachdesk.models.enums import AuditAction


def utcnow() -> dt.datetime:
    """Naive UTC, as every timestamp in the local store."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def record(
    session: Session,
    *,
    actor_id: str | None,
    action: AuditAction,
    entity: str,
    entity_id: str | None,
    participant_id: str | None = None,
    fields: Iterable[str] = (),
) -> None:
    """Add an audit event to the caller's transaction, so it commits or rolls back with the change."""
    session.add(AuditEvent(
        at=utcnow(), actor_id=actor_id, action=action, entity=entity, entity_id=entity_id,
        participant_id=participant_id, fields=",".join(sorted(fields)) or None,
    ))
