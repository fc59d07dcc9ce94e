"""Clients whose clocks are wrong: an hour ahead or behind, set backwards, beyond the server's drift limit.

The hybrid logical clock keeps causality: an edit made after seeing another is stamped after it, whatever
the wall clock says. The server holds aside (quarantines) only changes stamped more than its drift limit
(6 hours) ahead of its own clock.
"""

from __future__ import annotations

import datetime as dt
import time

from coachdesk.models.hlc import Timestamp
from tests.integration.sync_faults.harness import (
    Ledger,
    Replica,
    Rig,
    create_participant,
    edit_participant,
    server_conflicts,
    store_snapshot,
    wall_offset,
)

HOUR = 3600.0
DRIFT = 6 * HOUR


def skewed(rig: Rig, seconds: float) -> Replica:
    """A replica whose wall clock (its HLC's and the sync client's) runs ``seconds`` off."""
    replica = rig.replica(clock=lambda: time.time() + seconds)
    wall_offset(replica.store, lambda: seconds)
    return replica


def _stamps(replica: Replica, row_id: str, name: str) -> list[str]:
    with replica.store.engine.connect() as conn:
        return [row[0] for row in conn.exec_driver_sql(
            "SELECT hlc FROM outbox WHERE row_id = ? AND field IN (?, '*') ORDER BY seq", (row_id, name))]


def _value(replica: Replica, row_id: str, name: str) -> object:
    return store_snapshot(replica.store)[("participants", row_id)].get(name)


def test_clocks_an_hour_off_are_not_quarantined_and_keep_causality(rig: Rig) -> None:
    ahead, behind = skewed(rig, HOUR), skewed(rig, -HOUR)
    ledger = Ledger()
    person = create_participant(ahead, ledger, city="Krokom")
    assert ahead.sync().quarantined == 0
    assert behind.sync().quarantined == 0
    # Two hours behind the first device's stamps, the second device's edit still comes after the one it saw.
    edit_participant(behind, ledger, person, city="Umeå")
    [stamp] = _stamps(behind, person, "city")
    assert Timestamp.decode(stamp).wall_ms > (time.time() + HOUR - 60) * 1000
    assert behind.sync().quarantined == 0
    assert ahead.sync().quarantined == 0
    assert _value(ahead, person, "city") == "Umeå"
    # And back: the device ahead edits again after seeing that.
    edit_participant(ahead, ledger, person, city="Luleå")
    ahead.sync()
    behind.sync()
    assert _value(behind, person, "city") == "Luleå"
    assert server_conflicts(rig.engine, rig.world.office_a) == {}
    rig.converge(ledger=ledger)


def test_a_clock_set_backwards_keeps_causality(rig: Rig) -> None:
    laptop, desktop = rig.replica(), rig.replica()
    ledger = Ledger()
    person = create_participant(laptop, ledger)
    edit_participant(laptop, ledger, person, city="Krokom")
    laptop.sync()
    desktop.sync()
    edit_participant(desktop, ledger, person, dreams="Carpenter")  # with the right time
    desktop.sync()

    offset = [0.0]
    wall_offset(laptop.store, lambda: offset[0])
    offset[0] = -2 * HOUR  # the laptop's clock is set back two hours
    edit_participant(laptop, ledger, person, city="Östersund")
    laptop.reopen()  # and the app restarted: the clock resumes past its last stamp, not from the wall
    wall_offset(laptop.store, lambda: offset[0])
    edit_participant(laptop, ledger, person, city="Luleå")
    stamps = _stamps(laptop, person, "city")
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps) == 2

    laptop.sync()  # pulls the desktop's dreams ...
    edit_participant(laptop, ledger, person, dreams="Nurse")  # ... and edits them, two hours "earlier"
    laptop.sync()
    desktop.sync()
    for replica in (laptop, desktop):
        assert _value(replica, person, "city") == "Luleå"
        assert _value(replica, person, "dreams") == "Nurse"  # the later edit won over the older one
    assert server_conflicts(rig.engine, rig.world.office_a) == {}
    rig.converge(ledger=ledger)


def test_only_changes_beyond_the_drift_limit_are_quarantined(rig: Rig) -> None:
    within, beyond = skewed(rig, DRIFT - 120), skewed(rig, DRIFT + 120)
    ledger = Ledger()
    person = create_participant(within, ledger)
    summary = within.sync()
    assert summary.quarantined == 0 and summary.pending == 0
    beyond.sync()
    assert _value(beyond, person, "given_name") == "Nadia"

    edit_participant(beyond, ledger, person, city="Kiruna")
    held = beyond.sync()
    assert held.quarantined >= 1 and held.pending > 0 and held.rejected == 0
    assert rig.server_snapshot()[("participants", person)].get("city") is None  # not applied
    within.sync()
    assert _value(within, person, "city") is None

    # The clock is put right: the held change is stamped again and goes through.
    beyond.client_options["clock"] = time.time
    wall_offset(beyond.store, lambda: 0.0)
    for _sync in range(2):
        if beyond.sync().pending == 0:
            break
    assert rig.server_snapshot()[("participants", person)].get("city") == "Kiruna"
    rig.converge(ledger=ledger)


def test_the_drift_limit_follows_the_servers_clock(rig: Rig) -> None:
    """Seen from the server, a device with the right time is beyond the limit when the server's own clock
    is behind by more than it."""
    laptop = rig.replica()
    ledger = Ledger()
    rig.clock.advance(dt.timedelta(seconds=-(DRIFT - 120)))
    create_participant(laptop, ledger)
    assert laptop.sync().quarantined == 0
    rig.clock.advance(dt.timedelta(seconds=-240))
    edit_participant(laptop, ledger, ledger_person(ledger), city="Kiruna")
    assert laptop.sync().quarantined >= 1
    rig.clock.advance(dt.timedelta(seconds=DRIFT))
    rig.converge(ledger=ledger)


def ledger_person(ledger: Ledger) -> str:
    [(_table, row_id)] = [key for key in ledger.fields if key[0] == "participants"]
    return row_id
