"""The error answers every route documents."""

from __future__ import annotations

from typing import Any

from coachdesk.sync.protocol import ErrorResponse


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorResponse} for status in statuses}
