"""Roles and scope: the one module that decides who may see and change which synced rows.

Every row in the store carries scope keys the server derives itself (never taken from a client filter):
its office, the participant it belongs to, the coach whose caseload that participant is in, and for
interpreter sessions the interpreter. From those:

* **coach** — rows of their office that belong to their caseload (participants whose ``coach_id`` is them
  and every row bound to those participants), personal rows they wrote, and office-shared rows
  (employers, contacts, agreements, the office's users and the office itself). Writes the same, except
  server-managed rows.
* **interpreter** — only the interpreter sessions assigned to them and, for the participant of such a
  session, a projection of three fields (given name, primary and interpreter language). Never writes.
* **supervisor** — every row of their office; writes review decisions only; may erase a participant.
* **admin** — users, offices and devices through the admin API; no participant data, no sync.

Every syncing role also writes **audit events**, append-only and only about themselves (``actor_id`` is
the writer): viewing a record leaves one on a supervisor's or interpreter's device as on a coach's, and
the trail must reach the server rather than pile up as refused changes.

**Reviews** are rows that are never changed once written: a coach submits a plan of their caseload
(``status`` submitted, nothing decided); a supervisor adds a decision (approved, or returned with a
comment) as a new row signed with their own id.

A row outside the scope is answered exactly like a row that does not exist (``not_found``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from coachdesk.models.enums import Role
from coachdesk.server.tables import sync_exits, sync_rows
from coachdesk.sync.protocol import Reason
from coachdesk.sync.schema import PARTICIPANTS, TableSpec

SESSIONS = "interpreter_sessions"
#: The field of a session naming its interpreter (a user id; the model has no foreign key for it).
ASSIGNEE_FIELD = "interpreter_id"
#: What an interpreter sees of a participant: enough to greet them and pick the language.
INTERPRETER_PARTICIPANT_FIELDS = frozenset({"given_name", "primary_language", "interpreter_language"})
REVIEWS = "reviews"
AUDIT_EVENTS = "audit_events"
#: Tables a supervisor writes to (their review decisions); everything else they only read.
SUPERVISOR_WRITES = frozenset({REVIEWS})
#: Written by every syncing role, each row about its writer only.
EVERYONE_WRITES = frozenset({AUDIT_EVENTS})
_SUBMITTED = "submitted"
_DECISIONS = frozenset({"approved", "returned"})
#: Fields that name a user, and the role that user must have.
USER_FIELDS: dict[tuple[str, str], Role] = {
    (PARTICIPANTS, "coach_id"): Role.COACH,
    (SESSIONS, ASSIGNEE_FIELD): Role.INTERPRETER,
}
SYNC_ROLES = frozenset({Role.COACH, Role.INTERPRETER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Principal:
    """Who is asking: from the device token, looked up again on every request."""

    user_id: str
    username: str
    display_name: str
    role: Role
    office_id: str | None
    device_id: str
    token_expires_at: dt.datetime


@dataclass(frozen=True)
class Keys:
    """The scope keys of one row."""

    participant_id: str | None = None
    coach_id: str | None = None
    assignee_id: str | None = None


class ScopedRow(Protocol):
    @property
    def office_id(self) -> str: ...
    @property
    def table_name(self) -> str: ...
    @property
    def row_id(self) -> str: ...
    @property
    def keys(self) -> Keys: ...


def may_sync(principal: Principal) -> bool:
    return principal.role in SYNC_ROLES and principal.office_id is not None


def fingerprint(principal: Principal) -> str:
    """Changes whenever what this device may see could change wholesale (role or office)."""
    text = f"{principal.user_id}|{principal.role.value}|{principal.office_id}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- reading ---------------------------------------------------------------------------------------


def can_read(principal: Principal, row: ScopedRow, *, assigned: Collection[str] = ()) -> bool:
    """Whether ``row`` is in ``principal``'s scope. ``assigned``: for an interpreter, the participants
    of their live sessions. Must agree with :func:`row_filter` (a test holds them to it)."""
    if not may_sync(principal) or row.office_id != principal.office_id:
        return False
    keys = row.keys
    if principal.role is Role.SUPERVISOR:
        return True
    if principal.role is Role.COACH:
        return keys.coach_id == principal.user_id or (keys.participant_id is None and keys.coach_id is None)
    if row.table_name == SESSIONS:
        return keys.assignee_id == principal.user_id
    return row.table_name == PARTICIPANTS and row.row_id in assigned


def assigned_participants(principal: Principal) -> Select[str | None]:
    """The participants of an interpreter's live (not deleted) sessions."""
    return select(sync_rows.c.participant_id).where(
        sync_rows.c.office_id == principal.office_id,
        sync_rows.c.table_name == SESSIONS,
        sync_rows.c.assignee_id == principal.user_id,
        sync_rows.c.deleted == false(),
    )


def row_filter(principal: Principal) -> ColumnElement[bool]:
    """The SQL form of :func:`can_read` over ``sync_rows``."""
    if not may_sync(principal):
        return false()
    in_office = sync_rows.c.office_id == principal.office_id
    if principal.role is Role.SUPERVISOR:
        return in_office
    if principal.role is Role.COACH:
        return and_(in_office, or_(
            sync_rows.c.coach_id == principal.user_id,
            and_(sync_rows.c.participant_id.is_(None), sync_rows.c.coach_id.is_(None)),
        ))
    sessions = assigned_participants(principal).scalar_subquery()
    return and_(in_office, or_(
        and_(sync_rows.c.table_name == SESSIONS, sync_rows.c.assignee_id == principal.user_id),
        and_(sync_rows.c.table_name == PARTICIPANTS, sync_rows.c.row_id.in_(sessions)),
    ))


def exit_filter(principal: Principal) -> ColumnElement[bool]:
    """Evictions addressed to this user, and erasures (addressed to everyone in the office)."""
    if not may_sync(principal):
        return false()
    return and_(sync_exits.c.office_id == principal.office_id,
                or_(sync_exits.c.user_id == principal.user_id, sync_exits.c.user_id.is_(None)))


def project(principal: Principal, table: str, values: dict[str, Any],
            hlcs: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields of a readable row this principal may see."""
    if principal.role is Role.INTERPRETER and table == PARTICIPANTS:
        keep = INTERPRETER_PARTICIPANT_FIELDS
        return ({k: v for k, v in values.items() if k in keep},
                {k: v for k, v in hlcs.items() if k in keep or k == "deleted"})
    return values, hlcs


# --- writing ---------------------------------------------------------------------------------------


def keys_for_new(spec: TableSpec, row_id: str, values: dict[str, object], writer: Principal,
                 parent: Keys | None) -> Keys:
    """Scope keys of a new row: ``parent`` holds the keys of the row it is bound to, if any."""
    assignee = values.get(ASSIGNEE_FIELD) if spec.name == SESSIONS else None
    assignee_id = assignee if isinstance(assignee, str) else None
    if spec.name == PARTICIPANTS:
        coach = values.get("coach_id")
        return Keys(participant_id=row_id, coach_id=coach if isinstance(coach, str) else None)
    if spec.binding is None:
        return Keys()
    if parent is None:
        # Bound kind of row that names no one (an audit event about no participant): the writer's own.
        return Keys(coach_id=writer.user_id, assignee_id=assignee_id)
    return Keys(participant_id=parent.participant_id, coach_id=parent.coach_id, assignee_id=assignee_id)


def check_write(principal: Principal, spec: TableSpec, existing: ScopedRow | None,
                keys: Keys) -> Reason | None:
    """May ``principal`` create (``existing`` None, new ``keys``) or change this row?

    Which values may be written is :func:`check_values`' part."""
    if may_sync(principal) and spec.name in EVERYONE_WRITES:
        return None  # the append-only rule and check_values keep it to the writer's own new rows
    if principal.role is Role.INTERPRETER or not may_sync(principal):
        return Reason.FORBIDDEN
    if spec.server_managed:
        return Reason.READ_ONLY_TABLE
    if existing is not None and not can_read(principal, existing):
        return Reason.NOT_FOUND
    if principal.role is Role.SUPERVISOR:
        return None if spec.name in SUPERVISOR_WRITES else Reason.FORBIDDEN
    return _check_coach_create(principal, spec, keys) if existing is None else None


def _check_coach_create(principal: Principal, spec: TableSpec, keys: Keys) -> Reason | None:
    if spec.name == PARTICIPANTS:
        # A coach registers people into their own caseload; handing over is a later edit.
        return None if keys.coach_id == principal.user_id else Reason.FORBIDDEN
    if keys.participant_id is not None and keys.coach_id != principal.user_id:
        return Reason.NOT_FOUND  # someone else's participant: as if it did not exist
    return None


def check_values(principal: Principal, spec: TableSpec, before: Mapping[str, Any] | None,
                 after: Mapping[str, Any]) -> Reason | None:
    """The values a role may write, once :func:`check_write` allowed the row: ``before`` is the stored
    row (None for a new one), ``after`` the row as it would be stored."""
    if spec.name == AUDIT_EVENTS:
        return None if after.get("actor_id") == principal.user_id else Reason.FORBIDDEN
    if spec.name != REVIEWS:
        return None
    if before is not None:
        # Written once: only a resend of what is stored (or nothing) passes.
        same = all(after.get(name) == before.get(name) for name in set(after) | set(before))
        return None if same else Reason.FORBIDDEN
    status, reviewer, decided = after.get("status"), after.get("reviewer_id"), after.get("decided_at")
    if principal.role is Role.SUPERVISOR:
        decision = status in _DECISIONS and reviewer == principal.user_id and decided is not None
        needs_comment = status == "returned" and not str(after.get("comment") or "").strip()
        return None if decision and not needs_comment else Reason.FORBIDDEN
    submission = status == _SUBMITTED and reviewer is None and decided is None and not after.get("comment")
    return None if submission else Reason.FORBIDDEN


def check_resolve(principal: Principal, conflict: ScopedRow, target: TableSpec | None) -> Reason | None:
    """Dismissing a conflict record: whoever may write the row it is about."""
    if not can_read(principal, conflict):
        return Reason.NOT_FOUND
    if target is None:
        return Reason.FORBIDDEN
    return check_write(principal, target, conflict, conflict.keys)


def check_erase(principal: Principal, participant: ScopedRow | None) -> Reason | None:
    """Erasure (GDPR): the office's supervisor or the participant's own coach."""
    if principal.role is Role.INTERPRETER or not may_sync(principal):
        return Reason.FORBIDDEN
    if participant is None or participant.table_name != PARTICIPANTS or not can_read(principal, participant):
        return Reason.NOT_FOUND
    return None


def check_user_field(table: str, field: str, user_role: str | None) -> Reason | None:
    """A field naming a user must name a user of the office with the right role."""
    wanted = USER_FIELDS.get((table, field))
    if wanted is None:
        return None
    if user_role is None:
        return Reason.NOT_FOUND
    return None if user_role == wanted.value else Reason.BAD_VALUE


@dataclass(frozen=True)
class Exit:
    user_id: str
    table: str
    row_id: str


def exits_on_change(table: str, row_id: str, before: Keys, after: Keys, *, deleted_before: bool,
                    deleted_after: bool, still_assigned: bool) -> tuple[list[Exit], bool]:
    """Who loses a row when its keys change, and whether the participant must be re-sent.

    ``before`` is ``Keys()`` for a new row. ``still_assigned``: the old interpreter has another live
    session with the same participant.
    Returns (exits, participant_gained): the latter when an interpreter gained the participant's
    projection, which must then be sequenced anew so their next pull carries it.
    """
    exits: list[Exit] = []
    gained = False
    if table == PARTICIPANTS and before.coach_id and before.coach_id != after.coach_id:
        exits.append(Exit(before.coach_id, PARTICIPANTS, row_id))
    if table == SESSIONS:
        moved = before.assignee_id != after.assignee_id
        if before.assignee_id and moved:
            exits.append(Exit(before.assignee_id, SESSIONS, row_id))
        if before.assignee_id and (moved or deleted_after) and not still_assigned \
                and before.participant_id:
            exits.append(Exit(before.assignee_id, PARTICIPANTS, before.participant_id))
        gained = bool(after.assignee_id) and not deleted_after and (moved or deleted_before)
    return exits, gained
