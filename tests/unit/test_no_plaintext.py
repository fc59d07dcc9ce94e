"""No participant data, and no SQLite header, in any file under the data directory."""

from __future__ import annotations

from pathlib import Path

from coachdesk.models.store import Store
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService
from coachdesk.unlock import unlock_vault
from tests.conftest import PASSPHRASE
from tests.helpers import files_containing

MARKER = "Zyxqmarker"


def _needles() -> list[bytes]:
    return [b"SQLite format 3", MARKER.encode("utf-8"), MARKER.encode("utf-16-le"),
            MARKER.lower().encode()]


def test_no_marker_or_sqlite_header_in_any_file(store: Store, data_dir: Path) -> None:
    participants = ParticipantService(store)
    journal = JournalService(store)
    for n in range(50):
        created = participants.create({
            "given_name": f"{MARKER}{n}", "family_name": f"Family{MARKER}",
            "social_situation": f"notes {MARKER} " * 20, "dreams": MARKER,
        })
        journal.write(created.id, f"Met {MARKER} today")
    participants.search(MARKER)
    # While open, the WAL and shared-memory files exist too; they must be encrypted as well.
    assert {"coachdesk.db", "coachdesk.db-wal", "coachdesk.key"} <= {p.name for p in data_dir.iterdir()}
    assert files_containing(data_dir, _needles()) == []
    store.close()
    assert files_containing(data_dir, _needles()) == []
    reopened, _timings = unlock_vault(data_dir, PASSPHRASE)
    assert ParticipantService(reopened).count() == 50
    reopened.close()
    assert files_containing(data_dir, _needles()) == []
