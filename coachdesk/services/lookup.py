"""Fetching a row that must exist and not be a tombstone, with the sentence the user sees when it does not."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from coachdesk.errors import NotFoundError
from coachdesk.i18n import _
from coachdesk.models import Participant, Synced

_Row = TypeVar("_Row", bound=Synced)


def live(session: Session, model: type[_Row], row_id: str | None) -> _Row | None:
    """The row, or None when there is no such id or it was removed (a tombstone)."""
    row = session.get(model, row_id) if row_id else None
    return None if row is None or row.deleted else row


def require(session: Session, model: type[_Row], row_id: str | None, message: str) -> _Row:
    """The row, or ``NotFoundError(message)``; ``message`` is already translated."""
    row = live(session, model, row_id)
    if row is None:
        raise NotFoundError(message)
    return row


def participant(session: Session, participant_id: str) -> Participant:
    return require(session, Participant, participant_id, _("The participant no longer exists."))
