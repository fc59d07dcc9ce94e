"""Guard against a PySide6 release that loses references on signal emits (6.12.0 did, with ``True``).

In 6.12.0 every ``emit()`` from Python dropped one reference to ``True``; after a few thousand signals the
interpreter aborted ("bool_dealloc") — in the app, not only in tests. pyproject.toml excludes that release;
this test fails on any release with the same defect, before users meet it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    carried = Signal(object)
    bare = Signal()


def test_emitting_signals_does_not_leak_or_lose_references() -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.carried.connect(received.append)
    emitter.bare.connect(lambda: None)
    payload = object()
    before = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(200):
        emitter.carried.emit(payload)
        emitter.bare.emit()
    received.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert [a - b for a, b in zip(after, before, strict=True)] == [0, 0, 0]
