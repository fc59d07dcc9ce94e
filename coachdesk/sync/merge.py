"""Merge rules: per-field last writer wins by HLC, and when a conflict needs a person.

Pure functions, shared by the server (merging pushed ops) and the client (merging pulled rows).
A row's fields include ``deleted`` (its tombstone), stamped like any other field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coachdesk.sync.protocol import DELETED_FIELD


@dataclass(frozen=True)
class Write:
    """One field's value and the HLC stamp of the write that set it."""

    value: Any
    hlc: str


@dataclass(frozen=True)
class FieldConflict:
    """Both sides of a concurrent change; the winner is already applied."""

    field: str
    winner: Write
    loser: Write
    incoming_won: bool
    #: For a delete racing an edit (``field == "deleted"``): the fields that were edited.
    fields: tuple[str, ...] = ()


@dataclass
class Merged:
    values: dict[str, Any]
    hlcs: dict[str, str]
    changed: list[str] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


def merge_row(
    values: Mapping[str, Any],
    hlcs: Mapping[str, str],
    incoming: Mapping[str, Write],
    base: Mapping[str, str | None],
    *,
    record_conflicts: bool = True,
) -> Merged:
    """Merge ``incoming`` writes into a stored row (``values``/``hlcs``).

    ``base`` holds, per field, the stamp the writer had seen when it wrote; a stored stamp newer than
    that is a write the writer did not know about. When the same field changed on both sides and the
    values differ, the later stamp wins *and* a conflict is reported. A delete racing an edit (either
    way round) is reported too; the row stays deleted and keeps the edited values, so it can be restored.
    """
    merged = Merged(values=dict(values), hlcs=dict(hlcs))

    def seen(name: str) -> str:
        return base.get(name) or ""

    for name, write in incoming.items():
        stored = hlcs.get(name)
        if stored == write.hlc:
            continue  # this very write is already here (a resent op)
        incoming_wins = stored is None or write.hlc > stored
        if incoming_wins:
            merged.values[name] = write.value
            merged.hlcs[name] = write.hlc
            merged.changed.append(name)
        unseen = stored is not None and stored > seen(name)
        if record_conflicts and unseen and values.get(name) != write.value:
            assert stored is not None
            theirs = Write(values.get(name), stored)
            merged.conflicts.append(FieldConflict(
                field=name, winner=write if incoming_wins else theirs,
                loser=theirs if incoming_wins else write, incoming_won=incoming_wins))
    if record_conflicts:
        _delete_against_edit(values, hlcs, incoming, seen, merged)
    return merged


def _delete_against_edit(values: Mapping[str, Any], hlcs: Mapping[str, str], incoming: Mapping[str, Write],
                         seen: Any, merged: Merged) -> None:
    if any(c.field == DELETED_FIELD for c in merged.conflicts):
        return
    deleting = incoming.get(DELETED_FIELD)
    if deleting is not None and deleting.value is True and DELETED_FIELD in merged.changed:
        # Deleting a row someone else edited since this writer last saw it.
        edited = tuple(sorted(name for name, stamp in hlcs.items()
                              if name != DELETED_FIELD and name not in incoming and stamp > seen(name)))
        if edited:
            merged.conflicts.append(FieldConflict(
                field=DELETED_FIELD, winner=deleting, loser=Write(False, max(hlcs[n] for n in edited)),
                incoming_won=True, fields=edited))
    elif values.get(DELETED_FIELD) is True and DELETED_FIELD not in incoming \
            and hlcs.get(DELETED_FIELD, "") > seen(DELETED_FIELD):
        # Editing a row someone else deleted: the edit is kept on the tombstone, the delete stands.
        edited = tuple(sorted(name for name, write in incoming.items() if hlcs.get(name) != write.hlc))
        if edited:
            merged.conflicts.append(FieldConflict(
                field=DELETED_FIELD, winner=Write(True, hlcs[DELETED_FIELD]),
                loser=Write(False, max(incoming[n].hlc for n in edited)), incoming_won=False,
                fields=edited))
