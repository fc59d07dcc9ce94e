"""Defects this suite found, each with the test that shows it fixed.

1. A participant edited (or made) and then deleted on one device before it synced came back from the
   server with a "delete racing an edit" conflict against that device's own edit: the delete op's base
   did not count the device's own writes of the same batch (fixed in ``coachdesk/sync/outbox.py``,
   ``_row_ops``).
2. A change held aside for clock skew was stamped again, once the clock was right, from the rewound wall
   clock: behind a value another device (its clock ahead, within the limit) had written, so the edit lost
   to the value it replaced, without a conflict (fixed in ``coachdesk/sync/outbox.py``, ``restamp``; shown
   by ``test_clocks.py::test_only_changes_beyond_the_drift_limit_are_quarantined``).
"""

from __future__ import annotations

from tests.integration.sync_faults.harness import (
    Ledger,
    Rig,
    create_participant,
    delete_participant,
    edit_participant,
    server_conflicts,
)


def test_a_row_edited_or_made_and_then_deleted_offline_is_no_conflict_with_itself(rig: Rig) -> None:
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    known = create_participant(laptop, ledger, "Nadia", "Warsame")
    laptop.sync()
    desktop.sync()
    edit_participant(laptop, ledger, known, city="Krokom")
    delete_participant(laptop, ledger, known)
    made = create_participant(laptop, ledger, "Omar", "Ali", city="Umeå")
    delete_participant(laptop, ledger, made)
    summary = laptop.sync()
    assert summary.conflicted_ops == 0 and summary.conflicts == 0
    assert server_conflicts(rig.engine, rig.world.office_a) == {}
    rig.converge(ledger=ledger)


def test_a_delete_racing_another_devices_edit_is_still_a_conflict(rig: Rig) -> None:
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    person = create_participant(laptop, ledger, "Nadia", "Warsame")
    laptop.sync()
    desktop.sync()
    edit_participant(desktop, ledger, person, city="Umeå")
    desktop.sync()
    edit_participant(laptop, ledger, person, dreams="Nurse")  # its own edit, then the delete
    delete_participant(laptop, ledger, person)
    assert laptop.sync().conflicted_ops == 1
    [record] = server_conflicts(rig.engine, rig.world.office_a).values()
    assert record[2:] == ("deleted", ("city",), True, False)  # the desktop's edit, not the laptop's own
    ledger.write("participants", person, city="Umeå")
    rig.converge(ledger=ledger)
