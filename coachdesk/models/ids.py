"""UUIDv7 identifiers made on the client (time-ordered, so new rows land at the end of indexes)."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand_a = 0


def uuid7() -> str:
    """Return a new UUIDv7 (RFC 9562) as text; monotonic within this process."""
    global _last_ms, _last_rand_a
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            # Same (or earlier) millisecond: bump the 12-bit counter so ids stay ordered.
            ms = _last_ms
            rand_a = _last_rand_a + 1
            if rand_a > 0xFFF:
                ms += 1
                rand_a = 0
        else:
            rand_a = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last_ms, _last_rand_a = ms, rand_a
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))
