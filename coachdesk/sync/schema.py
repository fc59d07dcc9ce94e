"""The synced schema, derived from the client's SQLAlchemy metadata, and validation of wire values.

A table syncs when it carries the ``Synced`` columns (id, updated_hlc, deleted, office_id); a new model
with them syncs without a change here. Values travel as JSON: text, integers, booleans, ISO dates,
datetimes (naive UTC) and times, enum values, and base64 for binary columns.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    Time,
)

from coachdesk.models.sync_state import LOCAL_TABLES, SERVER_MANAGED_TABLES
from coachdesk.sync.protocol import DELETED_FIELD, Reason

SYNCED_COLUMNS = frozenset({"id", "updated_hlc", DELETED_FIELD, "office_id"})
# Carried by the envelope (row id, office) or derived (updated_hlc = newest field stamp): never a field.
ENVELOPE_COLUMNS = frozenset({"id", "updated_hlc", "office_id"})
# Tables that stay on the device (outbox, field_clock, conflict records, ...) and rows the server writes
# from its accounts (users, offices): defined beside the local sync tables, where change capture reads them.
#: Social-services documentation: once written, never changed or deleted (only erased with the person).
APPEND_ONLY_TABLES = frozenset({"journal_entries", "audit_events"})
#: Append-only in sync terms: merged by last writer, never a conflict record.
CONFLICT_FREE_TABLES = frozenset({"journal_entries", "activities", "audit_events"})
PARTICIPANTS = "participants"
PARTICIPANT_FIELD = "participant_id"

TEXT_MAX_CHARS = 200_000
BINARY_MAX_BYTES = 16 * 1024 * 1024
_INT64 = (-(2**63), 2**63 - 1)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")


class FieldKind(enum.StrEnum):
    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    ENUM = "enum"
    BINARY = "binary"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    nullable: bool
    has_default: bool
    max_length: int | None = None
    choices: frozenset[str] = frozenset()
    #: The synced table a foreign key points at (rows must exist and be visible to the writer).
    references: str | None = None

    @property
    def required(self) -> bool:
        """A new row must carry this field."""
        return not self.nullable and not self.has_default


@dataclass(frozen=True)
class Binding:
    """How a row belongs to a participant: the participant itself (``field is None``), a column that
    holds the participant's id, or a column pointing at a parent row that is itself bound."""

    field: str | None
    via: str | None = None  # the parent table when ``field`` points at a bound row, not at the person


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: Mapping[str, FieldSpec]
    binding: Binding | None  # None: office-shared (employers, agreements, users, ...)

    @property
    def server_managed(self) -> bool:
        return self.name in SERVER_MANAGED_TABLES

    @property
    def append_only(self) -> bool:
        return self.name in APPEND_ONLY_TABLES

    @property
    def conflict_free(self) -> bool:
        return self.name in CONFLICT_FREE_TABLES

    @property
    def immutable(self) -> frozenset[str]:
        """Fields that bind the row to its participant: moving a row between people is not an edit."""
        if self.binding is None or self.binding.field is None:
            return frozenset()
        return frozenset({self.binding.field})


class UnsupportedColumnError(TypeError):
    """A synced model uses a column type the wire format has no encoding for."""


# Checked in order: Enum and Text are Strings, DateTime is no Date.
_KINDS: tuple[tuple[type[Any], FieldKind], ...] = (
    (Enum, FieldKind.ENUM), (Boolean, FieldKind.BOOLEAN), (Integer, FieldKind.INTEGER),
    (Float, FieldKind.FLOAT), (Numeric, FieldKind.FLOAT), (DateTime, FieldKind.DATETIME),
    (Date, FieldKind.DATE), (Time, FieldKind.TIME), (Text, FieldKind.TEXT), (String, FieldKind.STRING),
    (LargeBinary, FieldKind.BINARY),
)


def _kind(column: Column[Any]) -> tuple[FieldKind, int | None, frozenset[str]]:
    kind_of = column.type
    kind = next((kind for cls, kind in _KINDS if isinstance(kind_of, cls)), None)
    if kind is None:
        raise UnsupportedColumnError(f"{column.table.name}.{column.name}: no wire encoding for {kind_of!r}")
    if kind is FieldKind.ENUM:
        assert isinstance(kind_of, Enum)
        return kind, None, frozenset(str(v) for v in kind_of.enums)
    if kind is FieldKind.STRING:
        assert isinstance(kind_of, String)
        return kind, kind_of.length or TEXT_MAX_CHARS, frozenset()
    limits = {FieldKind.TEXT: TEXT_MAX_CHARS, FieldKind.BINARY: BINARY_MAX_BYTES}
    return kind, limits.get(kind), frozenset()


def is_synced(table: Table) -> bool:
    return table.name not in LOCAL_TABLES and set(table.columns.keys()) >= SYNCED_COLUMNS


def _field(column: Column[Any], synced: set[str]) -> FieldSpec:
    kind, max_length, choices = _kind(column)
    targets = [fk.column.table.name for fk in column.foreign_keys if fk.column.table.name in synced]
    return FieldSpec(
        name=column.name, kind=kind, nullable=bool(column.nullable),
        has_default=column.default is not None or column.server_default is not None,
        max_length=max_length, choices=choices, references=targets[0] if targets else None,
    )


def derive(metadata: MetaData) -> dict[str, TableSpec]:
    """Every synced table of ``metadata`` with its fields and how its rows bind to a participant."""
    tables = {t.name: t for t in metadata.sorted_tables if is_synced(t)}
    fields = {name: {c.name: _field(c, set(tables)) for c in table.columns if c.name not in SYNCED_COLUMNS}
              for name, table in tables.items()}
    bindings: dict[str, Binding | None] = {}

    def binding(name: str, seen: frozenset[str]) -> Binding | None:
        if name in bindings:
            return bindings[name]
        if name == PARTICIPANTS:
            return Binding(field=None)
        if PARTICIPANT_FIELD in fields[name]:
            return Binding(field=PARTICIPANT_FIELD)
        # Bound through a parent (assessment_ratings -> assessments); required links first.
        links = sorted((spec for spec in fields[name].values() if spec.references), key=lambda s: s.nullable)
        for spec in links:
            assert spec.references is not None
            if spec.references not in seen and binding(spec.references, seen | {name}) is not None:
                return Binding(field=spec.name, via=spec.references)
        return None

    for name in tables:
        bindings[name] = binding(name, frozenset({name}))
    return {name: TableSpec(name=name, fields=fields[name], binding=bindings[name]) for name in tables}


@functools.cache
def synced_tables() -> Mapping[str, TableSpec]:
    """The synced tables of the client's models (``coachdesk.models.Base.metadata``)."""
    from coachdesk.models import Base

    return derive(Base.metadata)


def bound_tables(specs: Mapping[str, TableSpec] | None = None) -> dict[str, Binding]:
    """Tables whose rows belong to a participant (and leave with it on eviction or erasure)."""
    specs = synced_tables() if specs is None else specs
    return {name: spec.binding for name, spec in specs.items() if spec.binding is not None}


# --- values ---------------------------------------------------------------------------------------


def check_value(spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    """Validate one wire value for ``spec``: ``(normalised value, None)`` or ``(None, reason)``."""
    if value is None:
        return (None, None) if spec.nullable else (None, Reason.NOT_NULL)
    check = _CHECKS[spec.kind]
    return check(spec, value)


def _string(spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    if spec.max_length is not None and len(value) > spec.max_length:
        return None, Reason.TOO_LONG
    if "\x00" in value:  # cuts C strings short on the client's SQLite
        return None, Reason.BAD_VALUE
    return value, None


def _integer(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if isinstance(value, bool) or not isinstance(value, int):
        return None, Reason.BAD_TYPE
    if not _INT64[0] <= value <= _INT64[1]:
        return None, Reason.BAD_VALUE
    return value, None


def _float(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, Reason.BAD_TYPE
    if not math.isfinite(value):
        return None, Reason.BAD_VALUE
    return float(value), None


def _boolean(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    return (value, None) if isinstance(value, bool) else (None, Reason.BAD_TYPE)


def _date(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    if not _DATE.match(value):
        return None, Reason.BAD_VALUE
    try:
        return dt.date.fromisoformat(value).isoformat(), None
    except ValueError:
        return None, Reason.BAD_VALUE


def _datetime(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    """Naive UTC, as every timestamp in the local store; an offset is converted, then dropped."""
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    if not _DATETIME.match(value):
        return None, Reason.BAD_VALUE
    try:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        return None, Reason.BAD_VALUE
    return parsed.isoformat(), None


def _time(_spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    if not _TIME.match(value):
        return None, Reason.BAD_VALUE
    try:
        return dt.time.fromisoformat(value).isoformat(), None
    except ValueError:
        return None, Reason.BAD_VALUE


def _enum(spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    return (value, None) if value in spec.choices else (None, Reason.BAD_VALUE)


def _binary(spec: FieldSpec, value: Any) -> tuple[Any, Reason | None]:
    if not isinstance(value, str):
        return None, Reason.BAD_TYPE
    limit = spec.max_length or BINARY_MAX_BYTES
    if len(value) > (limit + 2) // 3 * 4:
        return None, Reason.TOO_LONG
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None, Reason.BAD_VALUE
    return base64.b64encode(raw).decode("ascii"), None


_CHECKS = {
    FieldKind.STRING: _string,
    FieldKind.TEXT: _string,
    FieldKind.INTEGER: _integer,
    FieldKind.FLOAT: _float,
    FieldKind.BOOLEAN: _boolean,
    FieldKind.DATE: _date,
    FieldKind.DATETIME: _datetime,
    FieldKind.TIME: _time,
    FieldKind.ENUM: _enum,
    FieldKind.BINARY: _binary,
}

#: Fields of a conflict record as clients receive it in the ``sync_conflicts`` pseudo-table.
CONFLICT_FIELDS = (
    "table", "row_id", "field", "fields", "winner_value", "winner_hlc", "winner_user_id",
    "winner_device_id", "loser_value", "loser_hlc", "loser_user_id", "loser_device_id", "detected_at",
)
