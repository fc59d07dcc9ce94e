"""What every request works with: settings, the engine, password hashing, clocks. Built by ``create_app``."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.server.passwords import Passwords
from coachdesk.server.settings import Settings
from coachdesk.sync.protocol import schema_version

SERVER_NODE = "server"  # HLC node of the rows the server writes itself (users, offices, conflicts)


def utcnow() -> dt.datetime:
    """Naive UTC, as every timestamp the server stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def wall_ms(moment: dt.datetime) -> int:
    return int(moment.replace(tzinfo=dt.UTC).timestamp() * 1000)


@dataclass
class ServerContext:
    settings: Settings
    engine: Engine
    passwords: Passwords
    now: Callable[[], dt.datetime] = utcnow
    sleep: Callable[[float], None] = time.sleep
    hlc: HybridLogicalClock = field(init=False)

    def __post_init__(self) -> None:
        # The server's own stamps follow the same clock as its skew check and token expiry.
        self.hlc = HybridLogicalClock(SERVER_NODE, wall=lambda: wall_ms(self.now()))

    @property
    def schema_range(self) -> tuple[int, int]:
        current = schema_version()
        low = self.settings.min_schema_version
        high = self.settings.max_schema_version
        return (current if low is None else low, current if high is None else high)
