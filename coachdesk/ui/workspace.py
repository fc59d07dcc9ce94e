"""The services of one unlocked vault, built together and dropped together when the app locks."""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService


@dataclass(frozen=True)
class Workspace:
    """What the widgets of an unlocked session work with; handed to them as keyword arguments."""

    store: Store
    participants: ParticipantService

    @classmethod
    def open(cls, store: Store) -> Workspace:
        return cls(store=store, participants=ParticipantService(store))

    def close(self) -> None:
        """Drop every database connection; call it on the database thread, after pending work."""
        self.store.close()
