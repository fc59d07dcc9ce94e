"""Property: three devices edit the same participants offline and sync in any order; they all end with the
server's data, and every concurrent change the protocol calls a conflict is recorded, exactly.

Each example starts from copies of one frozen scene (a server database and three vaults of one coach that
share three participants), swapped into the session's real uvicorn server on 127.0.0.1, which the devices
reach directly (the proxy's hop costs ~18 ms a request, a third of the run; the faults have their own
tests). Hypothesis draws a sequence of steps: a field edit, a delete, a new participant, a journal
entry (append-only) or a sync of one device. After a final clean sync round the test checks:

* every replica and the server hold the same rows and values (one checksum, see ``harness``);
* the participants' fields end as an independent model of the protocol says (per-field last writer wins by
  the stamps the writes got), so nothing was lost, and no row is there twice;
* the conflict records are exactly those the model predicts from the edit history and the base stamps
  (§4 of docs/sync-protocol.md): a field changed by a device that had not seen the value it replaced, with a
  different value; a delete racing an edit, either way round.

The model is written from the protocol document, not from ``coachdesk.sync.merge``; the only thing it takes
from the system under test is the stamp each local write was given (read from the outbox after the write).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from tests.integration.sync_faults.harness import (
    FrozenScenes,
    Ledger,
    Replica,
    Rig,
    assert_converged,
    server_conflicts,
)

DEVICES = 3
FIELDS = {"city": ["Krokom", "Umeå", "Luleå"], "dreams": ["Nurse", "Welder"]}
DELETED = "deleted"
MODELLED = (*FIELDS, DELETED)

# --- the steps -------------------------------------------------------------------------------------------

device = st.integers(0, DEVICES - 1)
pick = st.integers(0, 50)  # which of the participants the device holds (modulo their number)
edit = st.tuples(st.just("edit"), device, pick, st.sampled_from(sorted(FIELDS)), st.integers(0, 2))
step = st.one_of(
    edit, edit, edit,
    st.tuples(st.just("sync"), device), st.tuples(st.just("sync"), device),
    st.tuples(st.just("delete"), device, pick),
    st.tuples(st.just("create"), device),
    st.tuples(st.just("journal"), device, pick),
)
Step = tuple[Any, ...]


# --- the model -------------------------------------------------------------------------------------------

Stamped = tuple[Any, str]  # (value, HLC stamp)
Record = tuple[str, str, tuple[str, ...], Any, Any]  # row, field, fields, winner value, loser value


@dataclass
class ModelDevice:
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # what it holds (modelled fields)
    base: dict[str, dict[str, str]] = field(default_factory=dict)  # the newest server stamp it saw
    #: Unsent writes: row -> field -> (newest stamp, base when first written since the last send).
    pending: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    #: Rows made here and not sent yet, with the stamp of their creation (it covers every field).
    created: dict[str, str] = field(default_factory=dict)

    def live(self) -> list[str]:
        return sorted(r for r, values in self.rows.items() if not values[DELETED])


@dataclass
class Model:
    server: dict[str, dict[str, Stamped]]
    devices: list[ModelDevice]
    conflicts: list[Record] = field(default_factory=list)
    journal: int = 0
    participants: int = 0

    def write(self, d: int, row: str, name: str, value: Any, stamp: str) -> None:
        me = self.devices[d]
        me.rows[row][name] = value
        first_base = me.pending.get(row, {}).get(name, ("", me.base.get(row, {}).get(name, "")))[1]
        me.pending.setdefault(row, {})[name] = (stamp, first_base)

    def create(self, d: int, row: str, stamp: str) -> None:
        me = self.devices[d]
        me.rows[row] = {name: None for name in FIELDS} | {DELETED: False}
        me.created[row] = stamp
        self.participants += 1

    def sync(self, d: int) -> None:
        me = self.devices[d]
        for row in sorted(set(me.pending) | set(me.created)):
            self._push(me, row)
        me.pending.clear()
        me.created.clear()
        for row, values in self.server.items():  # the pull: every row as the server has it now
            me.rows[row] = {name: value for name, (value, _stamp) in values.items()}
            seen = me.base.setdefault(row, {})
            for name, (_value, stamp) in values.items():
                seen[name] = max(seen.get(name, ""), stamp)

    def _push(self, me: ModelDevice, row: str) -> None:
        writes = {name: (me.rows[row][name], stamp) for name, (stamp, _b) in me.pending.get(row, {}).items()}
        bases = {name: b for name, (_s, b) in me.pending.get(row, {}).items()}
        if row in me.created:  # a new row: every field, stamped by its creation or a later write
            made = me.created[row]
            stored = {name: (me.rows[row][name], max(made, writes.get(name, (None, ""))[1]))
                      for name in FIELDS}
            # Made and deleted before it was sent: the row goes without "deleted", the delete follows.
            stored[DELETED] = (False, "" if me.rows[row][DELETED] else made)
            self.server[row] = stored
            own = {name: stamp for name, (_v, stamp) in stored.items() if stamp}
        else:
            upsert = {n: w for n, w in writes.items() if n != DELETED}
            own = {name: stamp for name, (_v, stamp) in upsert.items()}
            if upsert:
                self._merge_edit(row, upsert, bases)
        if DELETED in writes:
            # What the device knew when it deleted: every stamp it had seen, and its own writes.
            seen = {**me.base.get(row, {}), **{n: b for n, b in bases.items() if b}, **own}
            seen.pop(DELETED, None)
            if bases.get(DELETED):
                seen[DELETED] = bases[DELETED]
            self._merge_delete(row, writes[DELETED][1], seen)
        for name, stamp in {**own, **{n: s for n, (_v, s) in writes.items()}}.items():
            seen_of = me.base.setdefault(row, {})
            seen_of[name] = max(seen_of.get(name, ""), stamp)

    def _merge_edit(self, row: str, writes: dict[str, Stamped], bases: dict[str, str]) -> None:
        """Field edits arriving at the server (§4): the later stamp wins; a stored write the device had
        not seen, with another value, is a conflict; an edit of a row deleted behind the device's back is
        a delete racing an edit."""
        stored = self.server[row]
        before = dict(stored)
        for name, (value, stamp) in writes.items():
            old_value, old_stamp = before[name]
            if old_stamp == stamp:
                continue
            wins = stamp > old_stamp
            if wins:
                stored[name] = (value, stamp)
            if old_stamp > bases.get(name, "") and old_value != value:
                winner, loser = (value, old_value) if wins else (old_value, value)
                self.conflicts.append((row, name, (), winner, loser))
        deleted_value, deleted_stamp = before[DELETED]
        if deleted_value is True and deleted_stamp > "":  # the device never sends a base for "deleted" here
            edited = tuple(sorted(n for n, (_v, s) in writes.items() if before[n][1] != s))
            if edited:
                self.conflicts.append((row, DELETED, edited, True, False))

    def _merge_delete(self, row: str, stamp: str, seen: dict[str, str]) -> None:
        """A delete arriving: edits the device had not seen are a delete racing an edit."""
        stored = self.server[row]
        old_value, old_stamp = stored[DELETED]
        if old_stamp == stamp:
            return
        wins = stamp > old_stamp
        if old_stamp > seen.get(DELETED, "") and old_value is not True:  # a restore it had not seen
            winner, loser = (True, old_value) if wins else (old_value, True)
            self.conflicts.append((row, DELETED, (), winner, loser))
            if wins:
                stored[DELETED] = (True, stamp)
            return
        if not wins:  # a later delete is there already
            return
        stored[DELETED] = (True, stamp)
        edited = tuple(sorted(n for n in FIELDS if stored[n][1] > seen.get(n, "")))
        if edited:
            self.conflicts.append((row, DELETED, edited, True, False))


# --- running the steps on real devices -------------------------------------------------------------------


def _stamp(replica: Replica, row: str, name: str) -> str:
    with replica.store.engine.connect() as conn:
        found = conn.execute(text("SELECT hlc FROM outbox WHERE tbl = 'participants' AND row_id = :r "
                                  "AND field = :f ORDER BY seq DESC LIMIT 1"), {"r": row, "f": name}).scalar()
    assert found is not None, (row, name)
    return str(found)


def run(steps: list[Step], replicas: list[Replica], model: Model) -> None:
    for kind, d, *rest in steps:
        replica, me = replicas[d], model.devices[d]
        live = me.live()
        if kind == "sync":
            summary = replica.sync()
            assert summary.rejected == 0 and summary.quarantined == 0 and summary.pending == 0, summary
            model.sync(d)
        elif kind == "create":
            made = ParticipantService(replica.store).create({"given_name": "New", "family_name": f"D{d}"})
            model.create(d, made.id, _stamp(replica, made.id, "*"))
        elif not live:
            continue
        elif kind == "edit":
            row, name, choice = live[rest[0] % len(live)], rest[1], rest[2]
            value = FIELDS[name][choice % len(FIELDS[name])]
            if me.rows[row][name] == value:
                continue  # nothing changes, nothing is written
            ParticipantService(replica.store).update(row, {name: value})
            model.write(d, row, name, value, _stamp(replica, row, name))
        elif kind == "delete":
            row = live[rest[0] % len(live)]
            ParticipantService(replica.store).delete(row)
            model.write(d, row, DELETED, True, _stamp(replica, row, DELETED))
        elif kind == "journal":
            JournalService(replica.store).write(live[rest[0] % len(live)], f"Note from device {d}.")
            model.journal += 1


@contextlib.contextmanager
def scratch(fallback: Path) -> Iterator[Path]:
    """A folder for one example's copies: in memory where there is /dev/shm (200 examples write a lot of
    small transactions; their fsyncs are not what is tested here)."""
    shm = Path("/dev/shm")
    parent = shm if shm.is_dir() else fallback
    folder = Path(tempfile.mkdtemp(prefix="coachdesk-prop-", dir=parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _build(rig: Rig) -> tuple[list[str], dict[str, dict[str, Stamped]]]:
    replicas = [rig.replica(direct=True) for _ in range(DEVICES)]
    people = [ParticipantService(replicas[0].store).create({"given_name": f"P{n}", "family_name": "Lind"}).id
              for n in range(3)]
    for replica in replicas:
        replica.sync()
    snapshot = rig.server_snapshot()
    with rig.engine.connect() as conn:
        stamps = {row: json.loads(hlc) for row, hlc in conn.execute(text(
            "SELECT row_id, field_hlc FROM sync_rows WHERE table_name = 'participants'"))}
    server = {row: {name: (snapshot[("participants", row)].get(name), stamps[row][name]) for name in MODELLED}
              for row in people}
    return people, server


def test_replicas_converge_and_every_concurrent_edit_is_a_conflict(
        rig: Rig, frozen_scenes: FrozenScenes, tmp_path: Path) -> None:
    frozen = frozen_scenes.get("property", lambda folder: rig.freeze(folder, _build(rig)))
    people, server = frozen.extra

    @settings(max_examples=200, deadline=None, derandomize=True, print_blob=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(steps=st.lists(step, min_size=1, max_size=10))
    def example(steps: list[Step]) -> None:
        replicas = (rig.rewind(frozen, folder / "server") if rig.replicas
                    else rig.thaw(frozen, folder))
        check(rig, replicas, Model(server={row: dict(values) for row, values in server.items()},
                                   devices=[ModelDevice() for _ in replicas], participants=len(people)),
              steps)

    with scratch(tmp_path) as folder:
        try:
            example()
        finally:
            for replica in rig.replicas:
                replica.close()
            rig.replicas.clear()


def check(rig: Rig, replicas: list[Replica], model: Model, steps: list[Step]) -> None:
    for d in range(DEVICES):
        model.sync(d)  # every device starts having synced everything
    run(steps, replicas, model)
    # The final clean sync round: each pushes what it has; the last one then holds everything (the conflict
    # records its own push made come back in the same answer), the others pull once more.
    for d in [*range(DEVICES), *range(DEVICES - 1)]:
        summary = replicas[d].sync()
        assert summary.rejected == 0 and summary.quarantined == 0 and summary.pending == 0
        model.sync(d)
    ledger = Ledger()
    ledger.created.update({"participants": model.participants, "journal_entries": model.journal})
    for row, values in model.server.items():
        ledger.fields[("participants", row)] = {n: v for n, (v, _s) in values.items() if v is not None}
    on_server = assert_converged(rig.engine, rig.world.office_a, [r.store for r in replicas], ledger)
    for row, values in model.server.items():  # a field the model has empty is empty there too
        for name, (value, _stamp) in values.items():
            assert on_server[("participants", row)].get(name) == value, (row, name)
    recorded = Counter((r[1], r[2], r[3], r[4], r[5])
                       for r in server_conflicts(rig.engine, rig.world.office_a).values())
    assert recorded == Counter(model.conflicts)
