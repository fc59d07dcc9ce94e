"""Erasure (GDPR art. 17): a participant and every row bound to it leave the server, history included.

What stays is a receipt (which participant id, who erased it, from which device, when, how many rows of
which table) and an ``erase`` entry in the feed that tells every device of the office to delete its copy.
Backups are outside the server's reach: docs/deployment.md covers their retention.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from sqlalchemy import Connection, delete, insert

from coachdesk.models.ids import uuid7
from coachdesk.server import rowstore
from coachdesk.server.scope import Principal
from coachdesk.server.tables import erasure_receipts, sync_exits, sync_quarantine
from coachdesk.sync.protocol import ChangeKind
from coachdesk.sync.schema import PARTICIPANTS


def erase_participant(conn: Connection, principal: Principal, participant_id: str, *, seq: int,
                      now: dt.datetime) -> Counter[str]:
    """Hard-delete in the caller's transaction (which holds the writers' lock); returns rows per table."""
    assert principal.office_id is not None
    office_id = principal.office_id
    gone = rowstore.rows_of_participant(conn, office_id, participant_id)
    tables = Counter(table for table, _row_id in gone)
    rowstore.delete_rows_of_participant(conn, office_id, participant_id)
    # Ops held back for clock skew hold values too.
    conn.execute(delete(sync_quarantine).where(sync_quarantine.c.office_id == office_id,
                                               sync_quarantine.c.participant_id == participant_id))
    conn.execute(delete(sync_quarantine).where(sync_quarantine.c.office_id == office_id,
                                               sync_quarantine.c.table_name == PARTICIPANTS,
                                               sync_quarantine.c.row_id == participant_id))
    # Earlier evictions of the person are history too; the erase entry replaces them.
    conn.execute(delete(sync_exits).where(sync_exits.c.office_id == office_id,
                                          sync_exits.c.table_name == PARTICIPANTS,
                                          sync_exits.c.row_id == participant_id))
    rowstore.add_exit(conn, office_id=office_id, seq=seq, user_id=None, table=PARTICIPANTS,
                      row_id=participant_id, kind=ChangeKind.ERASE.value)
    conn.execute(insert(erasure_receipts).values(
        id=uuid7(), office_id=office_id, participant_id=participant_id, erased_by=principal.user_id,
        device_id=principal.device_id, erased_at=now, rows_erased=sum(tables.values()),
        tables=json.dumps(dict(sorted(tables.items()))),
    ))
    return tables
