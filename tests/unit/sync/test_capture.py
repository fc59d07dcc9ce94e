"""Change capture: every write path to a synced row lands in the outbox in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert, text, update
from sqlalchemy.exc import IntegrityError

from coachdesk.models import Base, Employer, JournalEntry, Participant
from coachdesk.models.capture import (
    HASH_KEY,
    TRIGGER_PREFIX,
    capture_off,
    captured_tables,
    trigger_statements,
)
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store, open_store
from coachdesk.models.sync_state import SERVER_MANAGED_TABLES
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.services.synthetic import generate
from coachdesk.sync.schema import synced_tables
from coachdesk.vault import Vault
from tests.integration.sync.helpers import VaultTemplate


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> VaultTemplate:
    return VaultTemplate.make(tmp_path_factory.mktemp("capture-template") / "vault")


@pytest.fixture
def store(template: VaultTemplate, tmp_path: Path) -> Iterator[Store]:
    opened = template.store(tmp_path)
    yield opened
    opened.close()


def outbox(store: Store) -> list[tuple[str, str, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT tbl, row_id, field FROM outbox ORDER BY seq"))]


def participant_row(store: Store, **values: object) -> dict[str, object]:
    return {"id": uuid7(), "updated_hlc": "", "deleted": False, "office_id": store.office_id,
            "given_name": "Ada", "family_name": "Lind", "gender": "woman", "interpreter_needed": False,
            "status": "referred", "created_at": dt.datetime(2026, 1, 5), "coach_id": store.user_id, **values}


def test_the_captured_tables_are_the_synced_ones_the_device_writes() -> None:
    assert {t.name for t in captured_tables(Base.metadata)} == set(synced_tables()) - SERVER_MANAGED_TABLES
    statements = trigger_statements(Base.metadata)
    assert len(statements) == 3 * len(captured_tables(Base.metadata))
    update_sql = statements[f"{TRIGGER_PREFIX}participants_au"]
    assert "'phone'" in update_sql and "'deleted'" in update_sql
    assert "'updated_hlc'" not in update_sql and "'office_id'" not in update_sql and "'id'" not in update_sql


def test_orm_inserts_updates_and_tombstones_are_captured(store: Store) -> None:
    service = ParticipantService(store)
    made = service.create({"given_name": "Nadia", "family_name": "Warsame"})
    assert ("participants", made.id, "*") in outbox(store)
    before = len(outbox(store))
    with store.session() as session, session.begin():
        row = session.get(Participant, made.id)
        assert row is not None
        row.city, row.family_name = "Krokom", "Warsame"  # the second is no change
    assert outbox(store)[before:] == [("participants", made.id, "city")]
    service.delete(made.id)
    assert ("participants", made.id, "deleted") in outbox(store)


def test_core_single_and_bulk_inserts_and_updates_are_captured(store: Store) -> None:
    rows = [participant_row(store, given_name=f"P{n}") for n in range(5)]
    with store.engine.begin() as conn:
        conn.execute(insert(Participant), rows[:1])
        conn.execute(insert(Participant), rows[1:])  # executemany
        conn.execute(update(Participant).where(Participant.id == rows[0]["id"]).values(phone="070"))
    captured = outbox(store)
    assert [(t, f) for t, _r, f in captured].count(("participants", "*")) == 5
    assert {r for _t, r, _f in captured} == {row["id"] for row in rows}
    assert ("participants", rows[0]["id"], "phone") in captured


def test_raw_sql_is_captured(store: Store) -> None:
    employer_id = uuid7()
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO employers (id, updated_hlc, deleted, office_id, name) "
                          "VALUES (:id, '', 0, :office, 'Krokoms Bygg')"), {"id": employer_id,
                                                                           "office": store.office_id})
        conn.exec_driver_sql("UPDATE employers SET sector = 'bygg', notes = NULL WHERE id = ?",
                             (employer_id,))
    assert outbox(store) == [("employers", employer_id, "*"), ("employers", employer_id, "sector")]


def test_synthetic_bulk_data_is_captured_row_for_row(store: Store) -> None:
    generate(store, participants=6, seed=3)
    with store.engine.connect() as conn:
        for table in captured_tables(Base.metadata):
            rows = conn.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar_one()
            queued = conn.execute(text("SELECT count(DISTINCT row_id) FROM outbox "
                                       "WHERE tbl = :t AND field = '*'"), {"t": table.name}).scalar_one()
            assert queued == rows, table.name
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar_one() == 6
        # Users and offices are the server's: never queued.
        users = conn.execute(text("SELECT count(*) FROM outbox WHERE tbl IN ('users', 'offices')")).scalar()
        assert users == 0


def test_each_field_gets_its_own_later_stamp_with_the_base_it_was_written_against(store: Store) -> None:
    made = ParticipantService(store).create({"given_name": "Nadia", "family_name": "Warsame"})
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO field_clock (tbl, row_id, hlc, base) VALUES ('participants', :i, "
                          "'{}', :b)"), {"i": made.id, "b": '{"city": "000000000000001-00000-server"}'})
        conn.execute(update(Participant).where(Participant.id == made.id).values(city="Krokom", phone="1"))
        rows = conn.execute(text("SELECT field, hlc, base FROM outbox WHERE field != '*' ORDER BY seq")).all()
    stamps = [hlc for _f, hlc, _b in rows]
    assert stamps == sorted(stamps) and len(set(stamps)) == 2
    assert {f: b for f, _h, b in rows} == {"city": "000000000000001-00000-server", "phone": None}


def test_a_rolled_back_write_leaves_nothing_in_the_outbox(store: Store) -> None:
    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        conn.execute(insert(Participant), [participant_row(store)])
        raise RuntimeError("the save failed")
    assert outbox(store) == []


def test_hard_deletes_are_refused_unless_capture_is_off(store: Store) -> None:
    row = participant_row(store)
    with store.engine.begin() as conn:
        conn.execute(insert(Participant), [row])
    with pytest.raises(IntegrityError, match="tombstone"), store.engine.begin() as conn:
        conn.execute(text("DELETE FROM participants WHERE id = :i"), {"i": row["id"]})
    with store.engine.connect() as conn, capture_off(conn):
        conn.execute(text("DELETE FROM participants WHERE id = :i"), {"i": row["id"]})
        conn.commit()
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar() == 0


def test_nothing_is_captured_on_a_connection_with_capture_off_while_others_still_are(store: Store) -> None:
    quiet, loud = participant_row(store), participant_row(store)
    with store.engine.connect() as applying, capture_off(applying):
        applying.execute(insert(Participant), [quiet])
        with store.engine.begin() as user:  # another connection at the same moment
            pass
        applying.commit()
    with store.engine.begin() as user:
        user.execute(insert(Participant), [loud])
    assert outbox(store) == [("participants", loud["id"], "*")]
    with store.engine.connect() as again:  # the pooled connection got capture back
        again.execute(update(Participant).where(Participant.id == quiet["id"]).values(city="x"))
        again.commit()
    assert ("participants", quiet["id"], "city") in outbox(store)


def test_search_index_and_append_only_journal_still_work(store: Store) -> None:
    service = ParticipantService(store)
    made = service.create({"given_name": "Nadia", "family_name": "Warsame"})
    service.update(made.id, {"family_name": "Åström"})
    assert [r.id for r in service.search("astrom")] == [made.id]
    entry = JournalService(store).write(made.id, "Met today.")
    with pytest.raises(IntegrityError, match="append-only"), store.engine.begin() as conn:
        conn.execute(update(JournalEntry).where(JournalEntry.id == entry.id).values(body="changed"))


def test_triggers_are_reinstalled_when_they_differ_or_are_missing(template: VaultTemplate,
                                                                   tmp_path: Path) -> None:
    folder = template.copy(tmp_path / "v")
    vault = Vault(folder)
    store = open_store(vault.db_path, template.key, backup_dir=vault.backup_dir)
    with store.engine.begin() as conn:
        conn.execute(text(f"DROP TRIGGER {TRIGGER_PREFIX}employers_ai"))  # as a table rebuild would
        conn.execute(text(f"DROP TRIGGER {TRIGGER_PREFIX}goals_au"))
        conn.execute(text("UPDATE local_meta SET value = 'old' WHERE key = :k"), {"k": HASH_KEY})
    store.close()
    store = open_store(vault.db_path, template.key, backup_dir=vault.backup_dir)
    try:
        with store.engine.connect() as conn:
            names = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                          "AND name LIKE 'cd_capture_%'")).scalars())
            assert names == set(trigger_statements(Base.metadata))
            assert conn.execute(text("SELECT value FROM local_meta WHERE key = :k"),
                                {"k": HASH_KEY}).scalar() != "old"
        with store.session() as session, session.begin():
            session.add(Employer(name="Krokoms Bygg"))
        assert [f for t, _r, f in outbox(store) if t == "employers"] == ["*"]
    finally:
        store.close()


def test_a_reopened_store_stamps_after_every_captured_write(template: VaultTemplate, tmp_path: Path) -> None:
    folder = template.copy(tmp_path / "v")
    vault = Vault(folder)
    store = open_store(vault.db_path, template.key, backup_dir=vault.backup_dir)
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # as if the wall clock had been set back since
    store.clock._wall = lambda: int(ahead.timestamp() * 1000)  # the test's clock
    with store.engine.begin() as conn:  # Core writes do not save the clock; the outbox has the stamp
        conn.execute(insert(Participant), [participant_row(store)])
        last = conn.execute(text("SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1")).scalar_one()
    assert last > store.meta["hlc_last"]
    store.close()
    store = open_store(vault.db_path, template.key, backup_dir=vault.backup_dir)
    try:
        assert store.clock.now() > last
    finally:
        store.close()
