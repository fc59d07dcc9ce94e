"""Hybrid logical clock: stamps every synced row so replicas can order changes without trusting wall clocks.

A stamp is text that sorts in causal order: ``<wall ms, 15 digits>-<counter, 5 digits>-<node id>``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:015d}-{self.counter:05d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter), node)


class HybridLogicalClock:
    def __init__(
        self,
        node: str,
        *,
        last: str | None = None,
        wall: Callable[[], int] = lambda: time.time_ns() // 1_000_000,
    ) -> None:
        self._node = node
        self._wall = wall
        self._lock = threading.Lock()
        start = Timestamp.decode(last) if last else Timestamp(0, 0, node)
        self._wall_ms, self._counter = start.wall_ms, start.counter

    @property
    def node(self) -> str:
        return self._node

    def now(self) -> str:
        """A stamp later than every stamp this clock has issued or seen."""
        with self._lock:
            physical = self._wall()
            if physical > self._wall_ms:
                self._wall_ms, self._counter = physical, 0
            else:
                self._counter += 1
            return Timestamp(self._wall_ms, self._counter, self._node).encode()

    def set_node(self, node: str) -> None:
        """Stamp as another node from now on (the device was given a new id)."""
        with self._lock:
            self._node = node

    def rewind(self) -> None:
        """Go back to the wall clock after stamps were made too far ahead (a clock set wrong, since fixed).

        Breaks monotonicity on purpose: only for changes the server held aside as clock skew."""
        with self._lock:
            self._wall_ms, self._counter = self._wall(), 0

    def observe(self, remote: str) -> None:
        """Move past a stamp received from another node."""
        other = Timestamp.decode(remote)
        with self._lock:
            self._wall_ms, self._counter = max((self._wall_ms, self._counter), (other.wall_ms, other.counter))
