"""Helpers for the desktop sync tests: quick and slow clients, controller options, people to sync."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.client import SyncClient
from coachdesk.ui.sync.options import SyncOptions, Timing

#: Nothing happens by itself within a test: each test starts syncs itself and reads the delays scheduled.
TIMING = Timing(interval_ms=3_600_000, after_save_ms=120_000, after_start_ms=600_000, poll_ms=3_600_000)
WAIT = 20_000


def quick_client(store: Store, **options: object) -> SyncClient:
    """The app's client without its own retry pauses (a failure is reported at once)."""
    return SyncClient(store, retries=0, sleep=lambda _s: None, **options)  # type: ignore[arg-type]


class SlowTransport(httpx.HTTPTransport):
    """A real connection that takes ``delay`` seconds more per request: a sync that can be caught running."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self._delay = delay

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(self._delay)
        return super().handle_request(request)


def slow_client(delay: float = 0.25, page_limit: int = 5) -> Callable[[Store], SyncClient]:
    return lambda store: quick_client(store, transport=SlowTransport(delay), page_limit=page_limit)


def options(**changes: object) -> SyncOptions:
    values: dict[str, object] = {"client_factory": quick_client, "timing": TIMING, "random": lambda: 0.5}
    values.update(changes)
    return SyncOptions(**values)  # type: ignore[arg-type]


def add_people(store: Store, count: int, family: str = "Lind") -> list[str]:
    service = ParticipantService(store)
    return [service.create({"given_name": f"Person {n}", "family_name": family}).id for n in range(count)]
