"""Errors the API answers with: a stable code (clients translate it) and an English sentence."""

from __future__ import annotations

from collections.abc import Mapping

from coachdesk.sync.protocol import ErrorCode


class ApiError(Exception):
    """Raised anywhere below a route; answered as ``{"error": {"code", "message", "details"}}``."""

    def __init__(self, status: int, code: ErrorCode, message: str, *, details: list[str] | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        self.headers = dict(headers or {})


class AdminError(ValueError):
    """A command-line or admin request that cannot be done; ``str()`` says why and what to do."""


def not_found() -> ApiError:
    # One answer for "no such row" and "not yours to see", so ids from elsewhere reveal nothing.
    return ApiError(404, ErrorCode.NOT_FOUND, "No such record.")


def forbidden(message: str = "Your role may not do this.") -> ApiError:
    return ApiError(403, ErrorCode.FORBIDDEN, message)
