"""Values between the local store (Python objects as SQLAlchemy reads and writes them) and the wire (JSON)."""

from __future__ import annotations

import base64
import datetime as dt
import enum
from typing import Any

from sqlalchemy import Column, DateTime

from coachdesk.sync.protocol import DELETED_FIELD
from coachdesk.sync.schema import FieldKind, FieldSpec, check_value

#: The tombstone as a field spec, so it converts like any other boolean.
DELETED_SPEC = FieldSpec(name=DELETED_FIELD, kind=FieldKind.BOOLEAN, nullable=False, has_default=True)


class BadValue(ValueError):
    """A value from the server that does not fit the local column (never stored)."""


def to_wire(value: Any) -> Any:
    """A value read from the local store as the wire carries it."""
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, enum.Enum)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"no wire form for {type(value).__name__}")


def from_wire(spec: FieldSpec, value: Any) -> Any:
    """A wire value as the local column takes it; raises ``BadValue`` for one that does not fit."""
    normalised, problem = check_value(spec, value)
    if problem is not None:
        raise BadValue(f"{spec.name}: {problem.value}")
    if normalised is None:
        return None
    converters = {
        FieldKind.DATE: dt.date.fromisoformat,
        FieldKind.DATETIME: dt.datetime.fromisoformat,
        FieldKind.TIME: dt.time.fromisoformat,
        FieldKind.BINARY: base64.b64decode,
    }
    convert = converters.get(spec.kind)
    return convert(normalised) if convert is not None else normalised


def placeholder(column: Column[Any]) -> Any:
    """A neutral value for a required column the server did not send (an interpreter's projection of a
    participant carries three fields); never sent back, since it is not captured."""
    default = column.default
    arg = getattr(default, "arg", None)
    if default is not None and getattr(default, "is_scalar", False):
        return arg
    python_type: type[Any]
    try:
        python_type = column.type.python_type
    except NotImplementedError:  # pragma: no cover - every synced type has one
        return ""
    if isinstance(column.type, DateTime):
        return dt.datetime(1970, 1, 1)
    samples: dict[type[Any], Any] = {bool: False, int: 0, float: 0.0, str: "", bytes: b"",
                                     dt.date: dt.date(1970, 1, 1), dt.time: dt.time(0, 0)}
    if issubclass(python_type, enum.Enum):
        return next(iter(python_type)).value
    return samples.get(python_type, "")
