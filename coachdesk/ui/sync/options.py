"""How the desktop syncs: the client it builds and the delays it keeps; the defaults are production's."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from coachdesk.models.store import Store
from coachdesk.sync.client import SyncClient
from coachdesk.ui.sync.network import NetworkMonitor

#: Changes per page: one page is one local write transaction, kept short so the views' saves never wait.
APP_PAGE_LIMIT = 500
ClientFactory = Callable[[Store], SyncClient]


def default_client(store: Store) -> SyncClient:
    return SyncClient(store, page_limit=APP_PAGE_LIMIT, timeout=30.0)


@dataclass(frozen=True)
class Timing:
    """Delays in milliseconds (tests shorten them or read them instead of waiting)."""

    interval_ms: int = 5 * 60_000
    after_save_ms: int = 10_000  # debounced: every further save restarts it
    after_start_ms: int = 2_000  # after unlocking, or the network coming back
    poll_ms: int = 5_000
    backoff_first_ms: int = 30_000  # doubled per failure in a row ...
    backoff_max_ms: int = 15 * 60_000  # ... up to this
    jitter: float = 0.2  # ± this share, so many devices do not retry in step


@dataclass(frozen=True)
class SyncOptions:
    """What the main window hands every controller; the defaults are production's."""

    client_factory: ClientFactory = default_client
    timing: Timing = field(default_factory=Timing)
    network: NetworkMonitor | None = None  # None: assume online, let failures decide
    random: Callable[[], float] = random.random
