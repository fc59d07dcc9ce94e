"""Offices, user accounts and devices: what ``coachdesk-server`` and the admin API manage.

Offices and the users of an office are also rows of the synced ``offices`` and ``users`` tables, so
devices learn their colleagues' names; the server writes those rows itself, clients only read them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from coachdesk.i18n import _
from coachdesk.models.enums import Role
from coachdesk.models.ids import uuid7
from coachdesk.server import rowstore
from coachdesk.server.context import ServerContext
from coachdesk.server.db import reading, writing
from coachdesk.server.errors import AdminError
from coachdesk.server.passwords import check_new_password
from coachdesk.server.rowstore import StoredRow
from coachdesk.server.tables import accounts, devices, offices
from coachdesk.sync.merge import Write, merge_row
from coachdesk.sync.protocol import DELETED_FIELD

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")
ROLES = tuple(role.value for role in Role)


@dataclass(frozen=True)
class OfficeView:
    id: str
    name: str
    municipality: str | None
    users: int


@dataclass(frozen=True)
class AccountView:
    id: str
    username: str
    display_name: str
    role: str
    office_id: str | None
    office_name: str | None
    disabled: bool


@dataclass(frozen=True)
class DeviceView:
    id: str
    account_id: str
    username: str
    name: str
    created_at: dt.datetime
    last_seen_at: dt.datetime | None
    token_expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


def normalise_username(username: str) -> str:
    return username.strip().lower()


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise AdminError(_("Unknown role {role}: choose one of {roles}.").format(
            role=repr(value), roles=", ".join(ROLES))) from None


# --- the synced rows the server owns ---------------------------------------------------------------


def _publish(ctx: ServerContext, conn: Connection, *, office_id: str, table: str, row_id: str,
             values: dict[str, Any], seq: int) -> None:
    """Write the server's own version of a synced row (stamped by the server's clock)."""
    now = ctx.now()
    row = rowstore.load(conn, office_id, table, row_id)
    if row is None:
        row = StoredRow(office_id=office_id, table_name=table, row_id=row_id, values={}, hlcs={},
                        created_at=now, is_new=True)
    elif row.hlcs:
        ctx.hlc.observe(max(row.hlcs.values()))  # stamp past whatever the row already holds
    stamp = ctx.hlc.now()
    writes = {name: Write(value, stamp) for name, value in values.items() if row.values.get(name) != value
              or name not in row.hlcs}
    if not writes:
        return
    merged = merge_row(row.values, row.hlcs, writes, row.hlcs, record_conflicts=False)
    row.values, row.hlcs = merged.values, merged.hlcs
    rowstore.write(conn, [row], seq, now)


def _publish_user(ctx: ServerContext, conn: Connection, account: Any, seq: int) -> None:
    if account.office_id is None:
        return
    _publish(ctx, conn, office_id=account.office_id, table="users", row_id=account.id, seq=seq, values={
        "username": account.username, "display_name": account.display_name, "role": account.role,
        # An admin is no colleague on the devices: their row stays only as a tombstone.
        DELETED_FIELD: account.role == Role.ADMIN.value,
    })


def _retire_user_row(ctx: ServerContext, conn: Connection, office_id: str, account_id: str, seq: int) -> None:
    if rowstore.load(conn, office_id, "users", account_id) is not None:
        _publish(ctx, conn, office_id=office_id, table="users", row_id=account_id, seq=seq,
                 values={DELETED_FIELD: True})


# --- offices ---------------------------------------------------------------------------------------


def _office_id(conn: Connection, name: str) -> str:
    found = conn.execute(select(offices.c.id).where(offices.c.name == name)).scalar_one_or_none()
    if found is None:
        raise AdminError(_("There is no office named {name}: add it with `{command}`.").format(
            name=repr(name), command="coachdesk-server office add"))
    return str(found)


def add_office(ctx: ServerContext, name: str, municipality: str | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise AdminError(_("Give the office a name of 1 to 200 characters."))
    office_id = uuid7()
    with writing(ctx.engine) as conn:
        seq = rowstore.next_seq(conn)
        if conn.execute(select(offices.c.id).where(offices.c.name == name)).first() is not None:
            raise AdminError(_("An office named {name} already exists.").format(name=repr(name)))
        conn.execute(insert(offices).values(id=office_id, name=name, municipality=municipality,
                                            created_at=ctx.now()))
        _publish(ctx, conn, office_id=office_id, table="offices", row_id=office_id, seq=seq,
                 values={"name": name, "municipality": municipality, DELETED_FIELD: False})
    return office_id


def list_offices(ctx: ServerContext) -> list[OfficeView]:
    members = (select(accounts.c.office_id, func.count().label("n")).group_by(accounts.c.office_id)
               .subquery())
    query = (select(offices.c.id, offices.c.name, offices.c.municipality, members.c.n)
             .outerjoin(members, members.c.office_id == offices.c.id).order_by(offices.c.name))
    with reading(ctx.engine) as conn:
        return [OfficeView(r.id, r.name, r.municipality, r.n or 0) for r in conn.execute(query)]


# --- users -----------------------------------------------------------------------------------------


def _account(conn: Connection, username: str) -> Any:
    found = conn.execute(select(accounts).where(accounts.c.username == normalise_username(username))).first()
    if found is None:
        raise AdminError(_("There is no user {username}.").format(
            username=repr(normalise_username(username))))
    return found


def has_admin(ctx: ServerContext) -> bool:
    with reading(ctx.engine) as conn:
        found = conn.execute(select(accounts.c.id).where(accounts.c.role == Role.ADMIN.value)).first()
        return found is not None


def add_user(ctx: ServerContext, *, username: str, password: str, role: str, office: str | None,
             display_name: str | None = None) -> AccountView:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise AdminError(_("A username is 1 to 100 characters: letters a-z, digits and . _ @ -, "
                           "starting with a letter or digit."))
    chosen = parse_role(role)
    if chosen is not Role.ADMIN and not office:
        raise _needs_office(chosen)
    shown = (display_name or name).strip()
    if not shown or len(shown) > 200:
        raise AdminError(_("A display name is 1 to 200 characters."))
    check_new_password_or_fail(password)
    hashed = ctx.passwords.hash(password)  # slow: before the transaction, not inside it
    now = ctx.now()
    with writing(ctx.engine) as conn:
        seq = rowstore.next_seq(conn)
        office_id = _office_id(conn, office) if office else None
        account_id = uuid7()
        # Account inserts all hold the writers' lock (next_seq above): checking first is race-free.
        if conn.execute(select(accounts.c.id).where(accounts.c.username == name)).first() is not None:
            raise AdminError(_("The username {username} is taken.").format(username=repr(name)))
        conn.execute(insert(accounts).values(
            id=account_id, username=name, display_name=shown, password_hash=hashed, role=chosen.value,
            office_id=office_id, disabled=False, created_at=now, updated_at=now))
        created = conn.execute(select(accounts).where(accounts.c.id == account_id)).one()
        _publish_user(ctx, conn, created, seq)
    return _view(ctx, account_id)


def _needs_office(role: Role) -> AdminError:
    return AdminError(_("A user with the role {role} belongs to an office: give --office.").format(
        role=role.value))


def check_new_password_or_fail(password: str) -> None:
    try:
        check_new_password(password)
    except ValueError as exc:
        raise AdminError(str(exc)) from None


def _view(ctx: ServerContext, account_id: str) -> AccountView:
    return next(v for v in list_users(ctx) if v.id == account_id)


def list_users(ctx: ServerContext, office: str | None = None) -> list[AccountView]:
    query = (select(accounts, offices.c.name.label("office_name"))
             .outerjoin(offices, offices.c.id == accounts.c.office_id).order_by(accounts.c.username))
    with reading(ctx.engine) as conn:
        if office:
            query = query.where(accounts.c.office_id == _office_id(conn, office))
        return [AccountView(r.id, r.username, r.display_name, r.role, r.office_id, r.office_name,
                            bool(r.disabled)) for r in conn.execute(query)]


def set_role(ctx: ServerContext, username: str, role: str, office: str | None = None) -> AccountView:
    chosen = parse_role(role)
    with writing(ctx.engine) as conn:
        seq = rowstore.next_seq(conn)
        account = _account(conn, username)
        office_id = _office_id(conn, office) if office else account.office_id
        if chosen is not Role.ADMIN and office_id is None:
            raise _needs_office(chosen)
        if account.office_id and account.office_id != office_id:
            _retire_user_row(ctx, conn, account.office_id, account.id, seq)
        conn.execute(update(accounts).where(accounts.c.id == account.id).values(
            role=chosen.value, office_id=office_id, updated_at=ctx.now()))
        _publish_user(ctx, conn, conn.execute(select(accounts).where(accounts.c.id == account.id)).one(), seq)
    return _view(ctx, account.id)


def set_disabled(ctx: ServerContext, username: str, disabled: bool) -> AccountView:
    """A disabled user is refused at once, on every device, until enabled again."""
    with writing(ctx.engine) as conn:
        account = _account(conn, username)
        conn.execute(update(accounts).where(accounts.c.id == account.id).values(
            disabled=disabled, updated_at=ctx.now()))
    return _view(ctx, account.id)


def set_password(ctx: ServerContext, username: str, password: str) -> None:
    check_new_password_or_fail(password)
    hashed = ctx.passwords.hash(password)
    with writing(ctx.engine) as conn:
        account = _account(conn, username)
        conn.execute(update(accounts).where(accounts.c.id == account.id).values(
            password_hash=hashed, updated_at=ctx.now()))


# --- devices ---------------------------------------------------------------------------------------


def list_devices(ctx: ServerContext, username: str | None = None) -> list[DeviceView]:
    query = (select(devices, accounts.c.username).join(accounts, accounts.c.id == devices.c.account_id)
             .order_by(accounts.c.username, devices.c.created_at))
    with reading(ctx.engine) as conn:
        if username:
            query = query.where(accounts.c.id == _account(conn, username).id)
        return [DeviceView(r.id, r.account_id, r.username, r.name, r.created_at, r.last_seen_at,
                           r.token_expires_at, r.revoked_at) for r in conn.execute(query)]


def revoke_device(ctx: ServerContext, device_id: str) -> DeviceView:
    """Refused at once; the device must log in again under a new device id."""
    with writing(ctx.engine) as conn:
        found = conn.execute(select(devices.c.id, devices.c.revoked_at).where(
            devices.c.id == device_id.strip().lower())).first()
        if found is None:
            raise AdminError(_("There is no device {device}: `{command}` shows them.").format(
                device=repr(device_id), command="coachdesk-server device list"))
        if found.revoked_at is None:
            conn.execute(update(devices).where(devices.c.id == found.id).values(revoked_at=ctx.now()))
    return next(d for d in list_devices(ctx) if d.id == found.id)
