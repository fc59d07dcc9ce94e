"""The sync engine: one call to ``SyncClient.sync()`` pushes the outbox and pulls until both are done.

No Qt: the app runs it off the UI thread (and the CLI runs it headless). Every round trip is one
``POST /api/v1/sync`` carrying up to ``MAX_OPS`` ops and asking for up to ``PAGE_LIMIT`` changes; its
answer is stored in one local transaction (outbox acknowledged, changes merged, cursor saved), so a
failure at any point leaves the outbox intact and the next sync carries on where this one stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from coachdesk.models.store import HLC_KEY, Store
from coachdesk.sync import errors, http, outbox, session_state
from coachdesk.sync.apply import Applier, finish_reset
from coachdesk.sync.http import DEAD_TOKEN, ApiAnswer, EventHooks
from coachdesk.sync.login import token_values
from coachdesk.sync.protocol import Op, SyncRequest, SyncResponse, hlc_wall_ms, schema_version
from coachdesk.sync.txn import applying, writing

PAGE_LIMIT = 2000
#: A clock within this of the server's is right enough to re-stamp changes held aside for clock skew.
SANE_CLOCK_S = 3600
_BATCH_RETRIES = 3  # a batch id the server says was used for other ops: start a new batch (a defect)


@dataclass(frozen=True)
class SyncProgress:
    """Reported after every round trip."""

    round_trips: int
    pushed: int  # ops the server took so far in this sync
    pulled: int  # changes received so far in this sync
    pending: int  # outbox entries still to send
    has_more: bool  # the server has more changes for this device
    initial: bool  # this is the first download of a new device (no earlier pull completed)


@dataclass(frozen=True)
class SyncSummary:
    pushed: int
    pulled: int
    #: Conflict records received in this sync (waiting for a person); see ``coachdesk.sync.conflicts``.
    conflicts: int
    #: Ops the server merged with a conflict (their records arrive as ``conflicts``).
    conflicted_ops: int
    rejected: int
    quarantined: int
    pending: int  # outbox entries left (held aside for clock skew, or written during the sync)
    round_trips: int
    reset: bool
    server_time: str | None


@dataclass
class _Tally:
    round_trips: int = 0
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    conflicted_ops: int = 0
    rejected: int = 0
    quarantined: int = 0
    reset: bool = False
    server_time: str | None = None


class SyncClient:
    def __init__(self, store: Store, *, transport: httpx.BaseTransport | None = None,
                 event_hooks: EventHooks | None = None, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep, retries: int = 2,
                 backoff: tuple[float, ...] = (1.0, 4.0), page_limit: int = PAGE_LIMIT,
                 max_ops: int = outbox.MAX_OPS, timeout: float = 60.0) -> None:
        self.store = store
        self._transport, self._hooks, self._timeout = transport, event_hooks, timeout
        self._clock, self._sleep = clock, sleep
        self._retries, self._backoff = retries, backoff
        self.page_limit, self.max_ops = page_limit, max_ops

    # --- one sync ---------------------------------------------------------------------------------------

    def sync(self, cancel: threading.Event | None = None,
             progress: Callable[[SyncProgress], None] | None = None) -> SyncSummary:
        """Push every unsent change and pull every change, in as few round trips as the sizes allow."""
        with self.store.engine.connect() as conn:
            meta = session_state.read(conn, (session_state.SERVER_URL, session_state.TOKEN,
                                             session_state.CA_BUNDLE, session_state.PULL_DONE))
        if not meta.get(session_state.SERVER_URL) or not meta.get(session_state.TOKEN):
            raise errors.auth_required()
        initial = meta.get(session_state.PULL_DONE) != "1"
        tally, hold = _Tally(), set[outbox.RowKey]()
        with http.client(meta[session_state.SERVER_URL], ca_bundle=meta.get(session_state.CA_BUNDLE),
                         transport=self._transport, event_hooks=self._hooks,
                         timeout=self._timeout) as session:
            more, mismatches = True, 0
            while True:
                if cancel is not None and cancel.is_set():
                    raise errors.cancelled()
                batch = self._batch(hold)
                if batch is None and not more:
                    break
                try:
                    answer = self._send(session, batch, cancel)
                except ApiAnswer as refused:
                    mismatches = self._refused(refused, batch, mismatches)
                    continue
                more = answer.has_more
                self._store_answer(batch, answer, tally, hold)
                if progress is not None:
                    progress(SyncProgress(tally.round_trips, tally.pushed, tally.pulled, self._pending(),
                                          more, initial))
        with writing(self.store.engine) as conn:
            session_state.write(conn, {session_state.LAST_SYNC: session_state.now_iso()})
        return SyncSummary(pushed=tally.pushed, pulled=tally.pulled, conflicts=tally.conflicts,
                           conflicted_ops=tally.conflicted_ops, rejected=tally.rejected,
                           quarantined=tally.quarantined, pending=self._pending(),
                           round_trips=tally.round_trips, reset=tally.reset, server_time=tally.server_time)

    def _pending(self) -> int:
        with self.store.engine.connect() as conn:
            return outbox.pending_count(conn)

    def _batch(self, hold: set[outbox.RowKey]) -> outbox.Batch | None:
        """The batch in flight (sent before without an answer), else a new one, stored before it is sent."""
        with writing(self.store.engine) as conn:
            stored = session_state.read_one(conn, session_state.BATCH)
            if stored is not None:
                return outbox.Batch.loads(stored)
            batch = outbox.build(conn, hold=hold, max_ops=self.max_ops)
            if batch is not None:
                session_state.write(conn, {session_state.BATCH: batch.dumps()})
            return batch

    def _refused(self, refused: ApiAnswer, batch: outbox.Batch | None, mismatches: int) -> int:
        """An answer the loop can recover from, or the error to raise."""
        if refused.code == "invalid_cursor":  # the server does not know this cursor: pull from nothing
            with writing(self.store.engine) as conn:
                session_state.write(conn, {session_state.CURSOR: None, session_state.RESET: "1"})
            return mismatches
        if refused.code == "batch_mismatch" and batch is not None and mismatches < _BATCH_RETRIES:
            with writing(self.store.engine) as conn:  # the outbox is untouched: a new batch is made from it
                session_state.write(conn, {session_state.BATCH: None})
            return mismatches + 1
        raise errors.refused(refused.code)

    # --- a round trip -----------------------------------------------------------------------------------

    def _send(self, session: httpx.Client, batch: outbox.Batch | None,
              cancel: threading.Event | None) -> SyncResponse:
        with self.store.engine.connect() as conn:
            meta = session_state.read(conn, (session_state.CURSOR, session_state.TOKEN,
                                             session_state.REFRESH_TOKEN))
        request = SyncRequest(
            device_id=self.store.device_id, schema_version=schema_version(),
            batch_id=batch.batch_id if batch else str(uuid.uuid4()),
            ops=[Op.model_validate_json(json.dumps(op)) for op in batch.ops] if batch else [],
            cursor=meta.get(session_state.CURSOR), limit=self.page_limit)
        token = meta.get(session_state.TOKEN) or ""
        attempt = 0
        while True:
            try:
                try:
                    return http.sync(session, request, token)
                except ApiAnswer as answer:
                    if answer.status != 401:
                        raise
                    token = self._reauthenticate(session, answer, meta.get(session_state.REFRESH_TOKEN))
                    return http.sync(session, request, token)
            except ApiAnswer as answer:
                if answer.status == 401:
                    self._forget_tokens()
                    raise errors.auth_required(answer.code) from None
                raise
            except errors.ServerUnavailable:
                if attempt >= self._retries:
                    raise
                delay = self._backoff[min(attempt, len(self._backoff) - 1)] if self._backoff else 0.0
                attempt += 1
                if cancel is not None and cancel.wait(delay):
                    raise errors.cancelled() from None
                if cancel is None:
                    self._sleep(delay)

    def _reauthenticate(self, session: httpx.Client, answer: ApiAnswer, refresh_token: str | None) -> str:
        """A fresh token after ``token_expired``; any other 401 means signing in again."""
        if answer.code in DEAD_TOKEN or answer.code != "token_expired" or not refresh_token:
            self._forget_tokens()
            raise errors.auth_required(answer.code)
        try:
            tokens = http.refresh(session, refresh_token)
        except errors.AuthRequired:
            self._forget_tokens()
            raise
        with writing(self.store.engine) as conn:
            session_state.write(conn, token_values(tokens))
        return tokens.token

    def _forget_tokens(self) -> None:
        with writing(self.store.engine) as conn:
            session_state.write(conn, dict.fromkeys(session_state.TOKENS))

    def _store_answer(self, batch: outbox.Batch | None, answer: SyncResponse, tally: _Tally,
                      hold: set[outbox.RowKey]) -> None:
        """Everything the answer says, in one transaction: acknowledged ops, changes, the cursor."""
        tally.round_trips += 1
        tally.server_time = answer.server_time
        quarantined: list[outbox.RowKey] = []
        with applying(self.store.engine) as conn:
            if batch is not None:
                acked = outbox.acknowledge(conn, batch, answer.results)
                tally.pushed += acked.pushed
                tally.conflicted_ops += acked.conflicts
                tally.rejected += acked.rejected
                tally.quarantined += len(acked.quarantined)
                quarantined = acked.quarantined
                session_state.write(conn, {session_state.BATCH: None})
            resetting = session_state.read_one(conn, session_state.RESET) == "1"
            if answer.reset and not resetting:  # a reset pull begins: note what arrives from here on
                conn.exec_driver_sql("DELETE FROM pull_seen")
                resetting = True
            tally.reset = tally.reset or answer.reset
            page = Applier(conn, self.store.clock, track_seen=resetting).apply(answer.changes)
            tally.pulled += page.pulled
            tally.conflicts += page.new_conflicts
            done = not answer.has_more
            if done and resetting:
                finish_reset(conn)
            if quarantined and batch is not None and self._clock_is_sane(answer.server_time):
                self.store.clock.rewind()
                outbox.restamp(conn, quarantined, batch.max_seq, self.store.clock)
                quarantined = []
            session_state.write(conn, {
                session_state.CURSOR: answer.next_cursor, session_state.SERVER_TIME: answer.server_time,
                session_state.RESET: "1" if resetting and not done else None,
                HLC_KEY: self.store.clock.now()})
            if done:
                session_state.write(conn, {session_state.PULL_DONE: "1"})
        hold.update(quarantined)

    def _clock_is_sane(self, server_time: str) -> bool:
        """This device's clock agrees with the server's, and the clock's stamps ran ahead of it."""
        try:
            server = dt.datetime.fromisoformat(server_time.replace("Z", "+00:00"))
        except ValueError:
            return False
        if server.tzinfo is None:
            server = server.replace(tzinfo=dt.UTC)
        now = self._clock()
        ahead_ms = hlc_wall_ms(self.store.clock.now()) - now * 1000
        return abs(now - server.timestamp()) < SANE_CLOCK_S and ahead_ms > 60_000
