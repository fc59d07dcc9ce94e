"""Merge rules: last writer wins per field, conflicts reported when both sides changed a field, deletes
racing edits reported either way round, and the result independent of the order writes arrive in."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.sync.merge import Write, merge_row


def stamp(ms: int, node: str = "a") -> str:
    return f"{ms:015d}-00000-{node}"


def test_a_newer_write_replaces_an_older_one_without_conflict() -> None:
    merged = merge_row({"city": "A"}, {"city": stamp(1)}, {"city": Write("B", stamp(2))}, {"city": stamp(1)})
    assert (merged.values["city"], merged.hlcs["city"], merged.changed, merged.conflicts) == (
        "B", stamp(2), ["city"], [])


def test_an_unseen_change_on_the_same_field_is_a_conflict_won_by_the_later_stamp() -> None:
    merged = merge_row({"city": "A"}, {"city": stamp(5, "b")}, {"city": Write("B", stamp(3))},
                       {"city": stamp(1)})
    [conflict] = merged.conflicts
    assert merged.values["city"] == "A" and not conflict.incoming_won
    assert (conflict.winner, conflict.loser) == (Write("A", stamp(5, "b")), Write("B", stamp(3)))


def test_a_resent_write_changes_nothing() -> None:
    merged = merge_row({"city": "B"}, {"city": stamp(2)}, {"city": Write("B", stamp(2))}, {})
    assert merged.changed == [] and merged.conflicts == []


def test_conflicts_can_be_left_out_for_append_only_tables() -> None:
    merged = merge_row({"status": "done"}, {"status": stamp(5)}, {"status": Write("missed", stamp(6))}, {},
                       record_conflicts=False)
    assert merged.values["status"] == "missed" and merged.conflicts == []


def test_deleting_a_row_edited_meanwhile_is_a_conflict_naming_the_fields() -> None:
    merged = merge_row({"title": "x", "deleted": False}, {"title": stamp(4, "b")},
                       {"deleted": Write(True, stamp(5))}, {"title": stamp(1)})
    [conflict] = merged.conflicts
    assert merged.values["deleted"] is True
    assert (conflict.field, conflict.fields, conflict.winner.value, conflict.loser.value) == (
        "deleted", ("title",), True, False)


def test_editing_a_row_deleted_meanwhile_keeps_the_edit_on_the_tombstone() -> None:
    merged = merge_row({"title": "x", "deleted": True}, {"title": stamp(1), "deleted": stamp(4, "b")},
                       {"title": Write("y", stamp(5))}, {"title": stamp(1)})
    [conflict] = merged.conflicts
    assert merged.values == {"title": "y", "deleted": True}
    assert (conflict.field, conflict.incoming_won, conflict.fields) == ("deleted", False, ("title",))


writes = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 5), st.integers(1, 10**6)),
                  min_size=1, max_size=12, unique_by=lambda w: w[2])


@given(writes=writes, order=st.randoms())
def test_the_outcome_does_not_depend_on_the_order_writes_arrive_in(writes: list[tuple[str, int, int]],
                                                                   order: Any) -> None:
    def apply(sequence: list[tuple[str, int, int]]) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        hlcs: dict[str, str] = {}
        for field, value, ms in sequence:
            merged = merge_row(values, hlcs, {field: Write(value, stamp(ms))}, {})
            values, hlcs = merged.values, merged.hlcs
        return values, hlcs

    shuffled = list(writes)
    order.shuffle(shuffled)
    assert apply(writes) == apply(shuffled)
