"""``server_seq`` never lets a cursor skip a row that commits late: concurrent writers on a real
server, a reader paging all the while, and every row read in the end. Plus a demonstration that the
check catches exactly that skip when sequence numbers are handed out without the writers' lock."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, text

from coachdesk.server import rowstore
from coachdesk.server.auth import authenticate
from coachdesk.server.context import ServerContext
from coachdesk.server.pull import decode_cursor, pull
from coachdesk.server.push import push
from coachdesk.sync.protocol import Op
from tests.integration.server.helpers import Device, World, live_server, login, new_employer

WRITERS = 8
BATCHES = 20
ROWS_PER_BATCH = 4


@pytest.fixture
def server(app: FastAPI, world: World) -> Iterator[str]:
    with live_server(app) as url:
        yield url


def test_a_reader_paging_during_concurrent_writes_misses_no_row(server: str) -> None:
    written: set[str] = set()
    seen: set[str] = set()
    errors: list[BaseException] = []
    done = threading.Event()
    lock = threading.Lock()
    coaches = ["anna", "bert"]

    def writer(n: int) -> None:
        try:
            with httpx.Client(base_url=server, timeout=60) as http:
                device = login(http, coaches[n % 2])
                for _batch in range(BATCHES):
                    ops = [new_employer(device, name=f"W{n}") for _ in range(ROWS_PER_BATCH)]
                    device.sync(ops, keep_cursor=False, limit=1)
                    with lock:
                        written.update(op["row_id"] for op in ops)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    def reader(device: Device) -> None:
        try:
            while True:
                finished = done.is_set()  # read before the page: a page after the last write drains
                answer = device.sync(limit=7)
                seen.update(c.row_id for c in answer.changes if c.table == "employers")
                if finished and not answer.has_more:
                    return
        except BaseException as exc:
            errors.append(exc)

    with httpx.Client(base_url=server, timeout=60) as http:
        supervisor = login(http, "sara")
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        watcher = threading.Thread(target=reader, args=(supervisor,))
        watcher.start()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        done.set()
        watcher.join(timeout=120)

    assert errors == []
    assert len(written) == WRITERS * BATCHES * ROWS_PER_BATCH
    assert written - seen == set()


# Only PostgreSQL: SQLite lets one writer in at a time, whatever the code does.
@pytest.mark.parametrize("server_db_url", ["postgresql"], indirect=True)
def test_the_check_catches_a_row_committed_behind_the_cursor_without_the_writers_lock(
        ctx: ServerContext, devices: dict[str, Device], monkeypatch: pytest.MonkeyPatch) -> None:
    anna, sara = devices["anna"], devices["sara"]
    with ctx.engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE naive_seq START 1000"))
    took_number, may_commit = threading.Event(), threading.Event()

    def unserialised_seq(conn: Connection) -> int:
        # A database sequence hands out numbers at once, in no relation to commit order.
        value = int(conn.execute(text("SELECT nextval('naive_seq')")).scalar_one())
        if threading.current_thread().name == "slow-writer":
            took_number.set()
            may_commit.wait(30)
        return value

    monkeypatch.setattr(rowstore, "next_seq", unserialised_seq)
    monkeypatch.setattr(rowstore, "current_seq", lambda _conn: 10**9)  # no "restored backup" restart
    coach = authenticate(ctx, anna.tokens.token)
    reader = authenticate(ctx, sara.tokens.token)

    def op(name: str) -> Op:
        return Op.model_validate_json(json.dumps(new_employer(anna, name=name)))

    slow = threading.Thread(name="slow-writer", target=push,
                            args=(ctx, coach), kwargs={"batch_id": str(uuid.uuid4()), "ops": [op("Slow")]})
    slow.start()
    assert took_number.wait(30)
    push(ctx, coach, batch_id=str(uuid.uuid4()), ops=[op("Fast")])  # a later number, committed first
    first = pull(ctx, reader, start=None, limit=1000)
    may_commit.set()
    slow.join(30)
    second = pull(ctx, reader, start=decode_cursor(first.next_cursor), limit=1000)
    names = [c.fields.get("name") for page in (first, second) for c in page.changes
             if c.table == "employers"]
    # "Slow" committed behind the cursor and was skipped: the hazard is real.
    assert not second.reset and names == ["Fast"]
