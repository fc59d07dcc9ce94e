"""The sync wire protocol (version 1): what the desktop client and ``coachdesk-server`` say to each other.

Every model rejects unknown fields (``extra="forbid"``) and coerces nothing (``strict``): a client that
sends something this version does not know gets a clear error instead of having it silently dropped.
``docs/sync-protocol.md`` describes the exchange; the codes below are stable so clients can translate them.
"""

from __future__ import annotations

import enum
import functools
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints

API_PREFIX = "/api/v1"
SYNC_PATH = f"{API_PREFIX}/sync"
LOGIN_PATH = f"{API_PREFIX}/auth/login"
REFRESH_PATH = f"{API_PREFIX}/auth/refresh"
LOGOUT_PATH = f"{API_PREFIX}/auth/logout"
ME_PATH = f"{API_PREFIX}/me"
RECORDS_PATH = f"{API_PREFIX}/records"

#: The pseudo-table through which conflict records reach the clients (never a local table of its own).
CONFLICTS_TABLE = "sync_conflicts"
#: The field name under which a row's tombstone travels in ``changes``, ``base`` and ``field_hlc``.
DELETED_FIELD = "deleted"

# Lower-case UUID text, as the client's UUIDv7 ids are made.
_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
# ``coachdesk.models.hlc``: 15-digit wall ms, 5-digit counter, node id; sorts lexicographically in time.
HLC_PATTERN = r"^[0-9]{15}-[0-9]{5}-[0-9A-Za-z._-]{1,42}$"

Uuid = Annotated[str, StringConstraints(pattern=_UUID)]
Hlc = Annotated[str, StringConstraints(pattern=HLC_PATTERN)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,62}$")]
OpId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z._:-]+$")]


def hlc_wall_ms(hlc: str) -> int:
    """The wall-clock part of an HLC stamp, in ms since the epoch."""
    return int(hlc[:15])


def hlc_node(hlc: str) -> str:
    """The node (device id) that made an HLC stamp."""
    return hlc.split("-", 2)[2]


@functools.cache
def schema_version() -> int:
    """The synced schema's version: the number of the client database's newest migration that changes it.

    Server and client ship in one package, so a client whose synced schema differs from the server's
    (older or newer) is told to upgrade rather than sent rows it could not store. Local-only migrations
    (an index: ``SYNCED_SCHEMA = False``) do not count: they change nothing on the wire.
    """
    from coachdesk.models.migrate import synced_revision

    return int(synced_revision())


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- codes ------------------------------------------------------------------------------------------


class ErrorCode(enum.StrEnum):
    """``{"error": {"code": ...}}`` of every 4xx/5xx answer."""

    MALFORMED_JSON = "malformed_json"
    INVALID_REQUEST = "invalid_request"  # wrong types, unknown or missing fields
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    TOO_MANY_OPS = "too_many_ops"
    UPGRADE_REQUIRED = "upgrade_required"
    INVALID_CURSOR = "invalid_cursor"
    BATCH_MISMATCH = "batch_mismatch"  # a batch id reused for different ops
    DEVICE_MISMATCH = "device_mismatch"
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_CREDENTIALS = "invalid_credentials"
    LOGIN_LOCKED = "login_locked"
    ACCOUNT_DISABLED = "account_disabled"
    INVALID_TOKEN = "invalid_token"  # noqa: S105 - an error code, not a secret
    TOKEN_EXPIRED = "token_expired"  # noqa: S105
    DEVICE_REVOKED = "device_revoked"
    DEVICE_TAKEN = "device_taken"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    SERVER_BUSY = "server_busy"
    INTERNAL_ERROR = "internal_error"


class OpKind(enum.StrEnum):
    UPSERT = "upsert"  # create a row or change some of its fields (``deleted: false`` restores it)
    DELETE = "delete"  # tombstone: ``changes`` is exactly ``{"deleted": {"value": true, "hlc": ...}}``
    ERASE = "erase"  # GDPR erasure of a participant and everything bound to it; ``changes`` is empty


class OpStatus(enum.StrEnum):
    APPLIED = "applied"
    CONFLICT = "conflict"  # merged (last writer wins) and a conflict record was made for a person
    REJECTED = "rejected"  # nothing stored; final for this op
    QUARANTINED = "quarantined"  # stored aside, not applied (clock too far ahead)


class Reason(enum.StrEnum):
    """Why an op was rejected or quarantined (``OpResult.reason``)."""

    UNKNOWN_TABLE = "unknown_table"
    UNKNOWN_FIELD = "unknown_field"
    READ_ONLY_FIELD = "read_only_field"
    BAD_TYPE = "bad_type"
    BAD_VALUE = "bad_value"  # right type, but not a valid date, enum value, base64, ...
    TOO_LONG = "too_long"
    NOT_NULL = "not_null"
    MISSING_FIELD = "missing_field"  # a new row lacks a required field
    BAD_OP = "bad_op"  # the op's shape does not fit its kind
    READ_ONLY_TABLE = "read_only_table"  # rows the server manages (users, offices)
    IMMUTABLE_FIELD = "immutable_field"  # what binds a row to its participant never changes
    APPEND_ONLY = "append_only"  # journal entries and audit events are never changed or deleted
    NOT_FOUND = "not_found"  # no such row, or not one this user may see: the two look the same
    FORBIDDEN = "forbidden"  # the role may not make this change
    ERASED = "erased"  # the participant was erased (GDPR); nothing about it is accepted again
    CLOCK_SKEW = "clock_skew"  # quarantined: stamped too far ahead of the server's time


class ChangeKind(enum.StrEnum):
    UPSERT = "upsert"  # store these fields (a full row as this user may see it)
    DELETE = "delete"  # the row is a tombstone (its fields are still sent)
    EVICT = "evict"  # the row left this user's scope: drop it and every row bound to it, locally only
    ERASE = "erase"  # the participant was erased: delete it and every row bound to it, securely


# --- sync ---------------------------------------------------------------------------------------------


class FieldChange(WireModel):
    value: JsonValue
    hlc: Hlc


class Op(WireModel):
    """One change to one row. ``base`` holds, per field, the HLC the client last saw from the server
    (``null``: it never saw one); the server calls it a conflict when it holds a newer write."""

    op_id: OpId
    table: Name
    row_id: Uuid
    kind: OpKind
    changes: dict[Name, FieldChange] = Field(default_factory=dict, max_length=200)
    base: dict[Name, Hlc | None] = Field(default_factory=dict, max_length=200)


class SyncRequest(WireModel):
    device_id: Uuid
    schema_version: int
    batch_id: Uuid
    ops: list[Op] = Field(default_factory=list)
    cursor: Annotated[str, StringConstraints(max_length=512)] | None = None
    limit: int = Field(default=500, ge=1, le=10_000)


class OpResult(WireModel):
    op_id: str
    status: OpStatus
    reason: Reason | None = None


class Change(WireModel):
    table: str
    row_id: str
    kind: ChangeKind
    office_id: str
    fields: dict[str, JsonValue] = Field(default_factory=dict)
    field_hlc: dict[str, str] = Field(default_factory=dict)
    deleted: bool = False


class SyncResponse(WireModel):
    results: list[OpResult]
    changes: list[Change]
    next_cursor: str
    has_more: bool
    #: The client must forget its cursor-based state: this pull starts from nothing (scope or role
    #: changed, or the server was restored from an older backup). Rows it does not receive again are
    #: out of scope once the pull is complete.
    reset: bool = False
    server_time: str
    schema_version: int


# --- accounts and devices -----------------------------------------------------------------------------


class LoginRequest(WireModel):
    username: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]
    #: The vault's device id (the node of its HLC stamps); the server makes one when it is absent.
    device_id: Uuid | None = None
    device_name: Annotated[str, StringConstraints(max_length=200)] = ""


class RefreshRequest(WireModel):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class UserInfo(WireModel):
    id: str
    username: str
    display_name: str
    role: str
    office_id: str | None


class TokenResponse(WireModel):
    device_id: str
    token: str
    token_expires_at: str
    refresh_token: str
    refresh_expires_at: str
    user: UserInfo


class MeResponse(WireModel):
    user: UserInfo
    device_id: str
    token_expires_at: str


class RecordResponse(WireModel):
    """One row as ``GET /api/v1/records/{table}/{row_id}`` shows it (projected for interpreters)."""

    change: Change


class ErrorDetail(WireModel):
    code: ErrorCode
    message: str
    details: list[str] = Field(default_factory=list)


class ErrorResponse(WireModel):
    error: ErrorDetail


def error_body(code: ErrorCode, message: str, details: list[str] | None = None) -> dict[str, Any]:
    return ErrorResponse(error=ErrorDetail(code=code, message=message, details=details or [])).model_dump(
        mode="json")
