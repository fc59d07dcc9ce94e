"""The server's audit log: who synced, read or changed what, and when. Ids, counts and codes only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, insert

from coachdesk.server.scope import Principal
from coachdesk.server.tables import audit_log


def record(
    conn: Connection,
    principal: Principal | None,
    action: str,
    *,
    at: dt.datetime,
    table: str | None = None,
    row_ids: Iterable[str] = (),
    participant_ids: Iterable[str] = (),
    counts: Mapping[str, int] | None = None,
    outcome: str | None = None,
    account_id: str | None = None,
) -> None:
    """Add one entry in the caller's transaction, so it commits or rolls back with what it records."""
    rows = list(row_ids)
    people = sorted(set(participant_ids))
    conn.execute(insert(audit_log).values(
        at=at,
        account_id=principal.user_id if principal else account_id,
        device_id=principal.device_id if principal else None,
        office_id=principal.office_id if principal else None,
        action=action,
        table_name=table,
        row_ids=json.dumps(rows) if rows else None,
        participant_ids=json.dumps(people) if people else None,
        counts=json.dumps(dict(sorted((counts or {}).items()))) if counts else None,
        outcome=outcome,
    ))
