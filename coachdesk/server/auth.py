"""Logging in, device tokens and who is asking.

Logging in registers a device and returns an opaque access token and a refresh token (random, stored
only as SHA-256 digests). Failed logins are counted per username — known or not, so nothing tells an
unknown name from a wrong password — slowed after a few and locked after more. A disabled account or a
revoked device is refused on its very next request: every request looks both up again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from coachdesk.models.enums import Role
from coachdesk.models.ids import uuid7
from coachdesk.server import tokens
from coachdesk.server.accounts import normalise_username
from coachdesk.server.audit import record as audit
from coachdesk.server.context import ServerContext
from coachdesk.server.db import is_sqlite, reading, writing
from coachdesk.server.errors import ApiError
from coachdesk.server.scope import Principal
from coachdesk.server.tables import accounts, devices, login_throttle
from coachdesk.sync.protocol import ErrorCode, LoginRequest, RefreshRequest, TokenResponse, UserInfo

_SEEN_EVERY = dt.timedelta(minutes=5)


def iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")


def _throttle_key(username: str) -> str:
    return hashlib.sha256(normalise_username(username).encode()).hexdigest()


def _invalid() -> ApiError:
    return ApiError(401, ErrorCode.INVALID_CREDENTIALS, "Wrong username or password.")


def _locked(until: dt.datetime, now: dt.datetime) -> ApiError:
    wait = max(1, math.ceil((until - now).total_seconds()))
    return ApiError(429, ErrorCode.LOGIN_LOCKED,
                    "Too many failed logins: logging in is locked for a while. Try again later.",
                    headers={"Retry-After": str(wait)})


def _count_failure(ctx: ServerContext, key: str, now: dt.datetime) -> int:
    """Count one more failure atomically (two wrong guesses at once both count) and lock at the limit."""
    dialect: Any = sqlite if is_sqlite(ctx.engine) else postgresql
    stmt = dialect.insert(login_throttle).values(key=key, failures=1, last_failure_at=now)
    stmt = stmt.on_conflict_do_update(index_elements=[login_throttle.c.key], set_={
        "failures": login_throttle.c.failures + 1, "last_failure_at": now,
    }).returning(login_throttle.c.failures)
    with writing(ctx.engine) as conn:
        failures = int(conn.execute(stmt).scalar_one())
        if failures >= ctx.settings.throttle.lock_after:
            conn.execute(update(login_throttle).where(login_throttle.c.key == key).values(
                locked_until=now + ctx.settings.throttle.lock_for, failures=0))
    return failures


def _delay(ctx: ServerContext, failures: int) -> float:
    rules = ctx.settings.throttle
    if failures < rules.slow_after:
        return 0.0
    return float(min(rules.delay_s * 2 ** (failures - rules.slow_after), rules.max_delay_s))


def login(ctx: ServerContext, request: LoginRequest) -> TokenResponse:
    now = ctx.now()
    key = _throttle_key(request.username)
    with reading(ctx.engine) as conn:
        throttle = conn.execute(select(login_throttle).where(login_throttle.c.key == key)).first()
        account = conn.execute(select(accounts).where(
            accounts.c.username == normalise_username(request.username))).first()
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        raise _locked(throttle.locked_until, now)
    pause = _delay(ctx, throttle.failures if throttle is not None else 0)
    if pause:
        ctx.sleep(pause)
    if account is None:
        ctx.passwords.verify_dummy(request.password)  # as slow as a real check
        ok = False
    else:
        ok = ctx.passwords.verify(account.password_hash, request.password)
    if not ok:
        failures = _count_failure(ctx, key, now)
        with writing(ctx.engine) as conn:  # for unknown names too, so both take the same path
            audit(conn, None, "login_failed", at=now, account_id=account.id if account else None,
                  counts={"failures": failures})
        if failures >= ctx.settings.throttle.lock_after:
            raise _locked(now + ctx.settings.throttle.lock_for, now)
        raise _invalid()
    assert account is not None  # ok is False without one
    if account.disabled:
        raise ApiError(403, ErrorCode.ACCOUNT_DISABLED, "This account is disabled. Ask your administrator.")
    stale = ctx.passwords.needs_rehash(account.password_hash)  # the cost was raised since
    rehash = ctx.passwords.hash(request.password) if stale else None
    with writing(ctx.engine) as conn:
        conn.execute(update(login_throttle).where(login_throttle.c.key == key).values(failures=0,
                                                                                      locked_until=None))
        if rehash:
            conn.execute(update(accounts).where(accounts.c.id == account.id).values(password_hash=rehash))
        device_id = _register_device(conn, account, request, now)
        response = _issue(ctx, conn, device_id, account, now)
        audit(conn, None, "login", at=now, account_id=account.id, row_ids=[device_id])
    return response


def _register_device(conn: Connection, account: Any, request: LoginRequest, now: dt.datetime) -> str:
    if request.device_id is None:
        device_id = uuid7()
    else:
        device_id = request.device_id
        known = conn.execute(select(devices.c.account_id, devices.c.revoked_at).where(
            devices.c.id == device_id)).first()
        if known is not None:
            if known.account_id != account.id:
                raise ApiError(409, ErrorCode.DEVICE_TAKEN,
                               "This device id belongs to another account; log in with a new device id.")
            if known.revoked_at is not None:
                raise _revoked()
            if request.device_name:
                conn.execute(update(devices).where(devices.c.id == device_id)
                             .values(name=request.device_name))
            return device_id
    conn.execute(insert(devices).values(id=device_id, account_id=account.id, name=request.device_name,
                                        created_at=now))
    return device_id


def _issue(ctx: ServerContext, conn: Connection, device_id: str, account: Any,
           now: dt.datetime) -> TokenResponse:
    """New access and refresh tokens for a device; the old ones stop working."""
    access, refresh_token = tokens.new_token(tokens.ACCESS_PREFIX), tokens.new_token(tokens.REFRESH_PREFIX)
    expires, refresh_expires = now + ctx.settings.token_ttl, now + ctx.settings.refresh_ttl
    conn.execute(update(devices).where(devices.c.id == device_id).values(
        token_hash=tokens.digest(access), token_expires_at=expires, refresh_hash=tokens.digest(refresh_token),
        refresh_expires_at=refresh_expires, last_seen_at=now))
    return TokenResponse(device_id=device_id, token=access, token_expires_at=iso(expires),
                         refresh_token=refresh_token, refresh_expires_at=iso(refresh_expires),
                         user=_user_info(account))


def _user_info(account: Any) -> UserInfo:
    return UserInfo(id=account.id, username=account.username, display_name=account.display_name,
                    role=account.role, office_id=account.office_id)


def _revoked() -> ApiError:
    return ApiError(401, ErrorCode.DEVICE_REVOKED,
                    "This device was signed out by an administrator. Log in again to sync.")


def _device_and_account(conn: Connection, column: Any, token: str) -> Any:
    return conn.execute(
        select(devices.c.id.label("device_id"), devices.c.token_expires_at, devices.c.refresh_expires_at,
               devices.c.revoked_at, devices.c.last_seen_at, accounts)
        .join(accounts, accounts.c.id == devices.c.account_id)
        .where(column == tokens.digest(token))
    ).first()


def refresh(ctx: ServerContext, request: RefreshRequest) -> TokenResponse:
    """Swap a refresh token for a new pair (the refresh token is single-use)."""
    now = ctx.now()
    with writing(ctx.engine) as conn:
        found = _device_and_account(conn, devices.c.refresh_hash, request.refresh_token)
        _check(found, now, expires=found.refresh_expires_at if found is not None else None)
        response = _issue(ctx, conn, found.device_id, found, now)
        audit(conn, None, "refresh", at=now, account_id=found.id, row_ids=[found.device_id])
    return response


def _check(found: Any, now: dt.datetime, *, expires: dt.datetime | None) -> None:
    if found is None:
        raise ApiError(401, ErrorCode.INVALID_TOKEN, "The token is not valid. Log in again.")
    if found.revoked_at is not None:
        raise _revoked()
    if found.disabled:
        raise ApiError(401, ErrorCode.ACCOUNT_DISABLED, "This account is disabled. Ask your administrator.")
    if expires is None or expires <= now:
        raise ApiError(401, ErrorCode.TOKEN_EXPIRED, "The token has expired: refresh it or log in again.")


def authenticate(ctx: ServerContext, token: str | None) -> Principal:
    if not token:
        raise ApiError(401, ErrorCode.NOT_AUTHENTICATED, "Log in first: this needs a bearer token.",
                       headers={"WWW-Authenticate": "Bearer"})
    now = ctx.now()
    with reading(ctx.engine, snapshot=False) as conn:  # one query
        found = _device_and_account(conn, devices.c.token_hash, token)
    _check(found, now, expires=found.token_expires_at if found is not None else None)
    if found.last_seen_at is None or now - found.last_seen_at > _SEEN_EVERY:
        with writing(ctx.engine) as conn:
            conn.execute(update(devices).where(devices.c.id == found.device_id).values(last_seen_at=now))
    return Principal(user_id=found.id, username=found.username, display_name=found.display_name,
                     role=Role(found.role), office_id=found.office_id, device_id=found.device_id,
                     token_expires_at=found.token_expires_at)


def logout(ctx: ServerContext, principal: Principal) -> None:
    """Sign this device out for good (its id cannot log in again)."""
    now = ctx.now()
    with writing(ctx.engine) as conn:
        conn.execute(update(devices).where(devices.c.id == principal.device_id).values(revoked_at=now))
        audit(conn, principal, "logout", at=now, row_ids=[principal.device_id])


def user_info(principal: Principal) -> UserInfo:
    return UserInfo(id=principal.user_id, username=principal.username, display_name=principal.display_name,
                    role=principal.role.value, office_id=principal.office_id)
