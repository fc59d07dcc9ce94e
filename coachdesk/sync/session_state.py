"""What the sync client keeps between runs, in ``local_meta`` (inside the encrypted database), and the
cheap status the app polls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from coachdesk.models.local import LocalMeta
from coachdesk.models.store import Store
from coachdesk.models.sync_state import ConflictRecord, OutboxEntry, SyncRejection

SERVER_URL = "sync.server_url"
CA_BUNDLE = "sync.ca_bundle"
TOKEN = "sync.token"  # noqa: S105 - key names, not secrets
REFRESH_TOKEN = "sync.refresh_token"  # noqa: S105
TOKEN_EXPIRES = "sync.token_expires_at"  # noqa: S105
REFRESH_EXPIRES = "sync.refresh_expires_at"
USER_ID = "sync.user_id"
USERNAME = "sync.username"
DISPLAY_NAME = "sync.display_name"
ROLE = "sync.role"
OFFICE_ID = "sync.office_id"
CURSOR = "sync.cursor"
BATCH = "sync.batch"  # the batch in flight: sent again, unchanged, until the server answered it
RESET = "sync.reset"  # a reset pull sequence is under way (rows not seen again are dropped at its end)
PULL_DONE = "sync.pull_done"  # "1" once a pull sequence ran to has_more = false (initial download done)
LAST_SYNC = "sync.last_sync_at"
SERVER_TIME = "sync.server_time"
TOKENS = (TOKEN, REFRESH_TOKEN, TOKEN_EXPIRES, REFRESH_EXPIRES)


def read(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    wanted = list(keys)
    rows = conn.execute(select(LocalMeta.key, LocalMeta.value).where(LocalMeta.key.in_(wanted)))
    return {key: value for key, value in rows}


def read_one(conn: Connection, key: str) -> str | None:
    return read(conn, [key]).get(key)


def write(conn: Connection, values: Mapping[str, str | None]) -> None:
    """Set (or, for ``None``, remove) local_meta entries."""
    for key, value in values.items():
        if value is None:
            conn.execute(delete(LocalMeta).where(LocalMeta.key == key))
        else:
            conn.execute(sqlite_insert(LocalMeta).values(key=key, value=value)
                         .on_conflict_do_update(index_elements=[LocalMeta.key], set_={"value": value}))


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; cheap enough to poll every few seconds."""

    signed_in: bool
    server_url: str | None
    username: str | None
    display_name: str | None
    role: str | None
    #: Distinct (table, row, field) changes waiting to be sent (a new row counts once).
    pending_changes: int
    #: A batch was sent without an answer (it is sent again, unchanged, first).
    batch_in_flight: bool
    last_sync_at: dt.datetime | None  # naive UTC
    conflicts_waiting: int
    rejections: int
    #: The first full download finished (a new device can be used with its data).
    initial_download_done: bool
    #: More than ``pending_changes`` (= ``PENDING_CAP``) changes wait: the count stops there.
    pending_more: bool = False


PENDING_CAP = 10_000


def status(store: Store) -> SyncStatus:
    keys = (SERVER_URL, TOKEN, USERNAME, DISPLAY_NAME, ROLE, BATCH, LAST_SYNC, PULL_DONE)
    with store.engine.connect() as conn:
        meta = read(conn, keys)
        # Counted up to a cap: the app asks every few seconds, and a vault that never synced can hold
        # millions of entries (a full count took seconds at 100,000 participants and held up the views).
        distinct = (select(OutboxEntry.tbl, OutboxEntry.row_id, OutboxEntry.field).distinct()
                    .limit(PENDING_CAP + 1).subquery())
        pending = conn.execute(select(func.count()).select_from(distinct)).scalar_one()
        conflicts = conn.execute(select(func.count()).select_from(ConflictRecord)
                                 .where(ConflictRecord.resolved.is_(False))).scalar_one()
        rejections = conn.execute(select(func.count()).select_from(SyncRejection)).scalar_one()
    last = meta.get(LAST_SYNC)
    return SyncStatus(
        signed_in=bool(meta.get(TOKEN)), server_url=meta.get(SERVER_URL), username=meta.get(USERNAME),
        display_name=meta.get(DISPLAY_NAME), role=meta.get(ROLE),
        pending_changes=min(int(pending), PENDING_CAP), pending_more=int(pending) > PENDING_CAP,
        batch_in_flight=BATCH in meta, last_sync_at=dt.datetime.fromisoformat(last) if last else None,
        conflicts_waiting=int(conflicts), rejections=int(rejections),
        initial_download_done=meta.get(PULL_DONE) == "1")
