"""``POST /api/v1/sync``: push a batch of ops and pull a page of changes in one round trip."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from coachdesk.server import logs
from coachdesk.server.auth import iso
from coachdesk.server.body import read_body
from coachdesk.server.context import ServerContext
from coachdesk.server.deps import CtxDep, SyncPrincipalDep, json_body, parse
from coachdesk.server.errors import ApiError
from coachdesk.server.pull import decode_cursor, pull
from coachdesk.server.push import push
from coachdesk.server.routes.errors import errors
from coachdesk.server.scope import Principal
from coachdesk.sync.protocol import SYNC_PATH, ErrorCode, OpResult, SyncRequest, SyncResponse

router = APIRouter(tags=["sync"])


def handle(ctx: ServerContext, principal: Principal, raw: bytes) -> SyncResponse:
    started = time.perf_counter()
    request = parse(SyncRequest, raw)
    if request.device_id != principal.device_id:
        raise ApiError(403, ErrorCode.DEVICE_MISMATCH,
                       "The device id is not the one this token was given to.")
    low, high = ctx.schema_range
    if not low <= request.schema_version <= high:
        raise ApiError(426, ErrorCode.UPGRADE_REQUIRED,
                       f"This server syncs schema versions {low} to {high}; update CoachDesk to sync.",
                       headers={"Upgrade": f"coachdesk-schema/{high}"})
    if len(request.ops) > ctx.settings.max_ops:
        raise ApiError(413, ErrorCode.TOO_MANY_OPS,
                       f"At most {ctx.settings.max_ops} ops per batch; send the rest in another.")
    start = decode_cursor(request.cursor) if request.cursor else None  # refused before anything is applied
    results: list[OpResult] = []
    pushed_counts: dict[str, int] = {}
    if request.ops:
        outcome = push(ctx, principal, batch_id=request.batch_id, ops=request.ops)
        results, pushed_counts = outcome.results, dict(outcome.counts)
    page = pull(ctx, principal, start=start, limit=request.limit)
    now = ctx.now()
    logs.event("sync", user_id=principal.user_id, device_id=principal.device_id, role=principal.role.value,
               ops=len(request.ops), **{f"op_{k}": v for k, v in pushed_counts.items()},
               changes=len(page.changes), has_more=page.has_more, reset=page.reset,
               ms=round((time.perf_counter() - started) * 1000, 1))
    return SyncResponse(results=results, changes=page.changes, next_cursor=page.next_cursor,
                        has_more=page.has_more, reset=page.reset, server_time=iso(now),
                        schema_version=high)


@router.post(SYNC_PATH, openapi_extra=json_body(SyncRequest),
             responses={200: {"model": SyncResponse}, **errors(400, 401, 403, 413, 415, 422, 426)},
             summary="Push ops and pull changes (one round trip)")
async def sync(request: Request, ctx: CtxDep, principal: SyncPrincipalDep) -> Response:
    raw = await read_body(request, max_bytes=ctx.settings.max_body_bytes,
                          max_decompressed=ctx.settings.max_decompressed_bytes)
    answer = await run_in_threadpool(handle, ctx, principal, raw)
    # Serialised by hand: the answer was built from validated models, a second validation is waste.
    return Response(answer.model_dump_json(), media_type="application/json")
