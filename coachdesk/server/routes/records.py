"""``GET /api/v1/records/{table}/{row_id}``: one row as this user may see it (audited)."""

from __future__ import annotations

from fastapi import APIRouter

from coachdesk.models.enums import Role
from coachdesk.server import rowstore, scope
from coachdesk.server.audit import record as audit
from coachdesk.server.db import reading, writing
from coachdesk.server.deps import CtxDep, SyncPrincipalDep
from coachdesk.server.errors import not_found
from coachdesk.server.routes.errors import errors
from coachdesk.sync.protocol import CONFLICTS_TABLE, RECORDS_PATH, Change, ChangeKind, RecordResponse
from coachdesk.sync.schema import synced_tables

router = APIRouter(tags=["records"])


@router.get(RECORDS_PATH + "/{table}/{row_id}", response_model=RecordResponse,
            responses=errors(401, 403, 404), summary="Read one row in your scope")
def get_record(table: str, row_id: str, ctx: CtxDep, principal: SyncPrincipalDep) -> RecordResponse:
    assert principal.office_id is not None
    if table not in synced_tables() and table != CONFLICTS_TABLE:
        raise not_found()
    with reading(ctx.engine) as conn:
        row = rowstore.load(conn, principal.office_id, table, row_id)
        assigned: set[str] = set()
        if row is not None and principal.role is Role.INTERPRETER:
            assigned = {r[0] for r in conn.execute(scope.assigned_participants(principal)) if r[0]}
    if row is None or not scope.can_read(principal, row, assigned=assigned):
        raise not_found()
    with writing(ctx.engine) as conn:
        audit(conn, principal, "read", at=ctx.now(), table=table, row_ids=[row_id],
              participant_ids=[row.participant_id] if row.participant_id else [])
    values, hlcs = scope.project(principal, table, row.data(), row.hlcs)
    return RecordResponse(change=Change(
        table=table, row_id=row_id, kind=ChangeKind.DELETE if row.deleted else ChangeKind.UPSERT,
        office_id=row.office_id, fields=values, field_hlc=hlcs, deleted=row.deleted))
