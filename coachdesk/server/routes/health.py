"""``/healthz``: the process answers and its database is reachable and migrated."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from coachdesk.server import db
from coachdesk.server.deps import CtxDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness and database check")
def healthz(ctx: CtxDep) -> JSONResponse:
    try:
        with ctx.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        current = db.current_revision(ctx.engine)
    except SQLAlchemyError:
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    ok = current == db.head_revision()
    return JSONResponse({"status": "ok" if ok else "unavailable", "schema": current},
                        status_code=200 if ok else 503)
