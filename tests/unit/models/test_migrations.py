"""Opening an older vault upgrades it, after an encrypted backup that the same passphrase opens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, text
from sqlalchemy.schema import CreateIndex

from coachdesk.models import Participant
from coachdesk.models.engine import make_engine
from coachdesk.models.migrate import (
    changes_synced_schema,
    current_revision,
    head_revision,
    scripts,
    synced_revision,
    upgrade,
)
from coachdesk.models.store import Store
from coachdesk.services.participants import ParticipantService
from coachdesk.sync.schema import synced_tables
from coachdesk.unlock import unlock_vault
from coachdesk.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.helpers import files_containing


def _old_vault(data_dir: Path) -> Vault:
    """A vault as the first release made it: schema revision 0001, one participant."""
    vault = Vault(data_dir)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    engine = make_engine(vault.db_path, key)
    upgrade(engine, vault.db_path, vault.backup_dir, target="0001")
    with engine.begin() as conn:
        conn.execute(insert(Participant), [{
            "id": "0190a6c0-0000-7000-8000-000000000001", "updated_hlc": "", "deleted": False,
            "office_id": "office", "given_name": "Oldmarker", "family_name": "Åström",
            "gender": "woman", "interpreter_needed": False, "status": "referred",
            "created_at": dt.datetime(2024, 1, 1)}])
    engine.dispose()
    return vault


def test_older_vault_is_backed_up_then_upgraded(data_dir: Path) -> None:
    vault = _old_vault(data_dir)
    store, _timings = unlock_vault(data_dir, PASSPHRASE)
    try:
        assert current_revision(store.engine) == head_revision() != "0001"
        assert store.backup is not None and store.backup.parent == vault.backup_dir
        # The search index (added in 0002) covers the participant recorded before it existed.
        assert [r.given_name for r in ParticipantService(store).search("astrom")] == ["Oldmarker"]
    finally:
        store.close()

    backups = list(vault.backup_dir.iterdir())
    assert len(backups) == 1
    assert files_containing(vault.backup_dir, [b"SQLite format 3", b"Oldmarker"]) == []
    key, _t = vault.unlock(PASSPHRASE)
    old = make_engine(backups[0], key)
    try:
        assert current_revision(old) == "0001"
        with old.connect() as conn:
            assert conn.execute(text("SELECT given_name FROM participants")).scalar() == "Oldmarker"
    finally:
        old.dispose()


def test_current_vault_is_not_backed_up_again(data_dir: Path) -> None:
    _old_vault(data_dir)
    first, _t = unlock_vault(data_dir, PASSPHRASE)
    first.close()
    second, _t = unlock_vault(data_dir, PASSPHRASE)
    second.close()
    assert second.backup is None
    assert len(list(Vault(data_dir).backup_dir.iterdir())) == 1


def test_migrations_build_exactly_the_schema_the_models_describe(store: Store) -> None:
    """Autogenerate finds nothing to add or drop: the hand-written parts of 0003 match the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from coachdesk.models import Base

    with store.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    local_index = ("participant_index", "participant_fts")
    assert [d for d in differences if not any(name in str(d) for name in local_index)] == []


def test_partial_indexes_are_built_exactly_as_the_models_declare(store: Store) -> None:
    """Autogenerate compares an index's columns, not its WHERE: a partial index is compared whole here."""
    from coachdesk.models import Base

    partial = [index for table in Base.metadata.sorted_tables for index in table.indexes
               if index.dialect_options["sqlite"]["where"] is not None]
    assert [index.name for index in partial] == ["ix_activities_attended"]
    with store.engine.connect() as conn:
        for index in partial:
            built = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"),
                                 {"name": index.name}).scalar()
            assert built == str(CreateIndex(index).compile(dialect=store.engine.dialect)).strip()


def _synced_columns(data_dir: Path, revision: str) -> dict[str, list[tuple[str, str, bool]]]:
    vault = Vault(data_dir)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    engine = make_engine(vault.db_path, key)
    try:
        upgrade(engine, vault.db_path, vault.backup_dir, target=revision)
        found = inspect(engine)
        names = set(found.get_table_names()) & set(synced_tables())
        return {name: [(c["name"], str(c["type"]), bool(c["nullable"])) for c in found.get_columns(name)]
                for name in sorted(names)}
    finally:
        engine.dispose()


@pytest.mark.parametrize("revision", [s.revision for s in scripts() if not changes_synced_schema(s)])
def test_a_local_only_migration_changes_no_synced_table(tmp_path: Path, revision: str) -> None:
    """``SYNCED_SCHEMA = False`` keeps the sync schema version: true only if no synced table changes."""
    (script,) = [s for s in scripts() if s.revision == revision]
    assert isinstance(script.down_revision, str)
    before = _synced_columns(tmp_path / "before", script.down_revision)
    assert before and _synced_columns(tmp_path / "after", revision) == before


def test_the_attended_index_is_local_only_so_it_does_not_move_the_sync_schema_version() -> None:
    (attended,) = [s for s in scripts() if s.revision == "0005"]
    assert not changes_synced_schema(attended)
    assert synced_revision() != "0005"


def test_a_vault_at_0004_gains_the_attended_index(data_dir: Path) -> None:
    vault = Vault(data_dir)
    key = vault.create(PASSPHRASE, kdf=FAST_KDF)
    engine = make_engine(vault.db_path, key)
    upgrade(engine, vault.db_path, vault.backup_dir, target="0004")
    engine.dispose()
    store, _timings = unlock_vault(data_dir, PASSPHRASE)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.backup is not None  # an upgrade, so a backup first
        with store.engine.connect() as conn:
            assert "ix_activities_attended" in {
                row.name for row in conn.execute(text("PRAGMA index_list(activities)"))}
    finally:
        store.close()
