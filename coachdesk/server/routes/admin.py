"""Administration over HTTP (admins only): offices, users and devices. No participant data here."""

from __future__ import annotations

from fastapi import APIRouter

from coachdesk.server import accounts
from coachdesk.server.audit import record as audit
from coachdesk.server.context import ServerContext
from coachdesk.server.db import writing
from coachdesk.server.deps import AdminDep, CtxDep
from coachdesk.server.errors import not_found
from coachdesk.server.routes.errors import errors
from coachdesk.server.schemas import DevicePublic, OfficePublic, UserPublic
from coachdesk.server.scope import Principal
from coachdesk.sync.protocol import API_PREFIX

router = APIRouter(prefix=f"{API_PREFIX}/admin", tags=["admin"], responses=errors(401, 403))


def _audit(ctx: ServerContext, principal: Principal, action: str, row_id: str) -> None:
    with writing(ctx.engine) as conn:
        audit(conn, principal, action, at=ctx.now(), row_ids=[row_id])


@router.get("/offices", response_model=list[OfficePublic], summary="Every office")
def list_offices(ctx: CtxDep, _admin: AdminDep) -> list[OfficePublic]:
    return [OfficePublic.of(o) for o in accounts.list_offices(ctx)]


@router.get("/users", response_model=list[UserPublic], summary="Every account")
def list_users(ctx: CtxDep, _admin: AdminDep) -> list[UserPublic]:
    return [UserPublic.of(u) for u in accounts.list_users(ctx)]


@router.get("/devices", response_model=list[DevicePublic], summary="Every registered device")
def list_devices(ctx: CtxDep, _admin: AdminDep) -> list[DevicePublic]:
    return [DevicePublic.of(d) for d in accounts.list_devices(ctx)]


@router.post("/devices/{device_id}/revoke", response_model=DevicePublic, responses=errors(404),
             summary="Sign a device out for good")
def revoke_device(device_id: str, ctx: CtxDep, admin: AdminDep) -> DevicePublic:
    if device_id not in {d.id for d in accounts.list_devices(ctx)}:
        raise not_found()
    view = accounts.revoke_device(ctx, device_id)
    _audit(ctx, admin, "admin_revoke_device", device_id)
    return DevicePublic.of(view)


def _set_disabled(ctx: ServerContext, admin: Principal, user_id: str, disabled: bool) -> UserPublic:
    found = next((u for u in accounts.list_users(ctx) if u.id == user_id), None)
    if found is None:
        raise not_found()
    view = accounts.set_disabled(ctx, found.username, disabled)
    _audit(ctx, admin, "admin_disable_user" if disabled else "admin_enable_user", user_id)
    return UserPublic.of(view)


@router.post("/users/{user_id}/disable", response_model=UserPublic, responses=errors(404),
             summary="Refuse a user on every device at once")
def disable_user(user_id: str, ctx: CtxDep, admin: AdminDep) -> UserPublic:
    return _set_disabled(ctx, admin, user_id, True)


@router.post("/users/{user_id}/enable", response_model=UserPublic, responses=errors(404),
             summary="Let a disabled user in again")
def enable_user(user_id: str, ctx: CtxDep, admin: AdminDep) -> UserPublic:
    return _set_disabled(ctx, admin, user_id, False)
