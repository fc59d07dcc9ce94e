"""How a sync ended, as an enum the controller and the status bar decide on (never a bare exception)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from coachdesk.sync import errors
from coachdesk.sync.client import SyncSummary
from coachdesk.ui import dialogs


class SyncOutcome(enum.Enum):
    SYNCED = "synced"
    CANCELLED = "cancelled"
    #: No connection to the server at all.
    OFFLINE = "offline"
    #: The server answered with an error of its own (5xx, a damaged answer).
    UNAVAILABLE = "unavailable"
    #: Not signed in, or the server no longer accepts this device: sign in again (tokens are cleared).
    AUTH_REQUIRED = "auth_required"
    #: The server syncs another schema version: no retrying until CoachDesk is updated.
    UPGRADE_REQUIRED = "upgrade_required"
    #: The server refused the request itself: a defect; retried with back-off.
    REFUSED = "refused"
    #: Anything else (the local database was busy, ...): retried with back-off.
    FAILED = "failed"

    @property
    def retried(self) -> bool:
        """The controller tries again after a back-off."""
        return self in (SyncOutcome.OFFLINE, SyncOutcome.UNAVAILABLE, SyncOutcome.REFUSED,
                        SyncOutcome.FAILED)


@dataclass(frozen=True)
class SyncResult:
    outcome: SyncOutcome
    summary: SyncSummary | None = None
    #: A sentence for the user ('' after a sync that went well).
    message: str = ""
    #: The user asked for this sync (Sync now, signing in), rather than the timer.
    manual: bool = False


_OUTCOMES: tuple[tuple[type[errors.SyncError], SyncOutcome], ...] = (
    (errors.SyncCancelled, SyncOutcome.CANCELLED),
    (errors.Offline, SyncOutcome.OFFLINE),
    (errors.ServerUnavailable, SyncOutcome.UNAVAILABLE),
    (errors.AuthRequired, SyncOutcome.AUTH_REQUIRED),
    (errors.UpgradeRequired, SyncOutcome.UPGRADE_REQUIRED),
    (errors.SyncRefused, SyncOutcome.REFUSED),
)


def result_of(error: Exception, *, manual: bool) -> SyncResult:
    """The outcome of a sync that raised ``error``; its message never quotes data."""
    for kind, outcome in _OUTCOMES:
        if isinstance(error, kind):
            return SyncResult(outcome, message=str(error), manual=manual)
    return SyncResult(SyncOutcome.FAILED, message=dialogs.error_text(error), manual=manual)
