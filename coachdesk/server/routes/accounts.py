"""Logging in (which registers the device), refreshing tokens, signing a device out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from coachdesk.server import auth
from coachdesk.server.body import read_body
from coachdesk.server.deps import CtxDep, PrincipalDep, json_body, parse
from coachdesk.server.routes.errors import errors
from coachdesk.sync.protocol import (
    LOGIN_PATH,
    LOGOUT_PATH,
    ME_PATH,
    REFRESH_PATH,
    LoginRequest,
    MeResponse,
    RefreshRequest,
    TokenResponse,
)

router = APIRouter(tags=["accounts"])
_SMALL = 64 * 1024  # login bodies are tiny


@router.post(LOGIN_PATH, response_model=TokenResponse, openapi_extra=json_body(LoginRequest),
             responses=errors(400, 401, 403, 409, 413, 415, 422, 429),
             summary="Log in: registers the device and returns its tokens")
async def login(request: Request, ctx: CtxDep) -> TokenResponse:
    raw = await read_body(request, max_bytes=_SMALL, max_decompressed=_SMALL)
    body = parse(LoginRequest, raw)
    return await run_in_threadpool(auth.login, ctx, body)


@router.post(REFRESH_PATH, response_model=TokenResponse, openapi_extra=json_body(RefreshRequest),
             responses=errors(400, 401, 413, 415, 422), summary="Swap a refresh token for new tokens")
async def refresh(request: Request, ctx: CtxDep) -> TokenResponse:
    raw = await read_body(request, max_bytes=_SMALL, max_decompressed=_SMALL)
    body = parse(RefreshRequest, raw)
    return await run_in_threadpool(auth.refresh, ctx, body)


@router.post(LOGOUT_PATH, status_code=204, responses=errors(401),
             summary="Sign this device out for good")
def logout(ctx: CtxDep, principal: PrincipalDep) -> None:
    auth.logout(ctx, principal)


@router.get(ME_PATH, response_model=MeResponse, responses=errors(401), summary="Who this token belongs to")
def me(principal: PrincipalDep) -> MeResponse:
    return MeResponse(user=auth.user_info(principal), device_id=principal.device_id,
                      token_expires_at=auth.iso(principal.token_expires_at))
