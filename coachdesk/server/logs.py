"""Structured JSON logs. Callers log ids, counts and codes only: never names, personnummer or values."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

LOGGER_NAME = "coachdesk.server"


def logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def event(name: str, /, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log one event as a JSON object; ``fields`` must hold ids, counts and codes only."""
    logger().log(level, name, extra={"fields": fields})


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception messages can quote data (a value that failed to parse, a row).
            payload["exc_type"] = record.exc_info[0].__name__
        return json.dumps(payload, default=str, ensure_ascii=False)


def configure(level: str = "info") -> None:
    """JSON lines on stderr for the server and uvicorn; called by ``coachdesk-server serve``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in (LOGGER_NAME, "uvicorn", "uvicorn.error"):
        log = logging.getLogger(name)
        log.handlers[:] = [handler]
        log.setLevel(level.upper())
        log.propagate = False
    # uvicorn's access log would print raw request lines; the server logs requests itself.
    logging.getLogger("uvicorn.access").disabled = True
