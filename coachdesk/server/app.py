"""The FastAPI app factory. Nothing is built at import time: ``create_app(settings)`` makes the engine."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import coachdesk
from coachdesk.server import logs
from coachdesk.server.context import ServerContext, utcnow
from coachdesk.server.db import make_engine
from coachdesk.server.errors import ApiError
from coachdesk.server.passwords import Passwords
from coachdesk.server.routes import accounts, admin, health, records, sync
from coachdesk.server.settings import Settings
from coachdesk.sync.protocol import ErrorCode, error_body

DESCRIPTION = """The CoachDesk sync server: devices log in, then push their changes and pull the changes of
others in one round trip (`POST /api/v1/sync`). Every answer other than 2xx is
`{"error": {"code", "message", "details"}}` with a stable code. See docs/sync-protocol.md."""


def _error(status: int, code: ErrorCode, message: str, details: list[str] | None = None,
           headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = list(exc.errors())
        if any(p.get("type") == "json_invalid" for p in problems):
            return _error(400, ErrorCode.MALFORMED_JSON, "The request body is not valid JSON.")
        details = [f"{'.'.join(str(x) for x in p.get('loc', ()))}: {p.get('msg', '')}" for p in problems[:20]]
        return _error(422, ErrorCode.INVALID_REQUEST, "The request does not follow the protocol.", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _error(404, ErrorCode.NOT_FOUND, "There is nothing at this address.")
        if exc.status_code == 405:
            return _error(405, ErrorCode.METHOD_NOT_ALLOWED, "This address does not take that method.",
                          headers=dict(exc.headers or {}))
        code = ErrorCode.INVALID_REQUEST if exc.status_code < 500 else ErrorCode.INTERNAL_ERROR
        return _error(exc.status_code, code, "The request cannot be served.")

    @app.exception_handler(ClientDisconnect)
    async def _gone(_request: Request, _exc: ClientDisconnect) -> JSONResponse:
        # The client hung up while sending: nobody reads this answer, and nothing was applied.
        logs.event("client_disconnected")
        return _error(400, ErrorCode.INVALID_REQUEST, "The request body was cut off.")

    @app.exception_handler(PoolTimeout)
    async def _busy(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        logs.event("busy", level=logging.WARNING, cause="pool_timeout")
        return _error(503, ErrorCode.SERVER_BUSY, "The server is busy. Try again shortly.",
                      headers={"Retry-After": "5"})

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        # The driver's message may quote SQL; only its type goes to the log.
        logs.event("database_error", level=logging.ERROR, exc_type=type(exc.orig).__name__)
        return _error(503, ErrorCode.SERVER_BUSY, "The database is not available. Try again shortly.",
                      headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logs.event("unexpected_error", level=logging.ERROR, exc_type=type(exc).__name__)
        return _error(500, ErrorCode.INTERNAL_ERROR, "Something went wrong on the server.")


class RequestLog:
    """One JSON line per request: method, path, status and time. Paths hold ids at most."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            logs.event("request", method=scope["method"], path=scope["path"], status=status,
                       ms=round((time.perf_counter() - started) * 1000, 1))


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    now: Callable[[], dt.datetime] = utcnow,
    sleep: Callable[[float], None] = time.sleep,
) -> FastAPI:
    """A new app on ``settings``. Pass ``engine`` to share one (the caller then disposes it)."""
    owned = engine is None
    ctx = ServerContext(settings=settings, engine=engine if engine is not None else make_engine(settings),
                        passwords=Passwords(settings.password), now=now, sleep=sleep)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Requests run in worker threads. Beyond a few, more threads only fight over the GIL and queue
        # for the database's writers' lock anyway, which makes each lock holder slower for everyone.
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        yield
        if owned:
            ctx.engine.dispose()

    app = FastAPI(title="CoachDesk sync server", version=coachdesk.__version__, description=DESCRIPTION,
                  lifespan=lifespan, docs_url="/docs", redoc_url=None, openapi_url="/openapi.json")
    app.state.ctx = ctx
    install_error_handlers(app)
    for router in (health.router, accounts.router, sync.router, records.router, admin.router):
        app.include_router(router)
    # Level 5 compresses sync pages nearly as well as 9 at a fraction of the CPU.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(RequestLog)
    return app
