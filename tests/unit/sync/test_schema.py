"""The synced schema comes from the client's models; wire values are checked by column type."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, MetaData, PickleType, String, Table, Text

from coachdesk.models import Base
from coachdesk.sync.protocol import Reason
from coachdesk.sync.schema import (
    FieldKind,
    FieldSpec,
    UnsupportedColumnError,
    bound_tables,
    check_value,
    derive,
    synced_tables,
)


def _synced(metadata: MetaData, name: str, *columns: Column[Any]) -> Table:
    return Table(name, metadata, Column("id", String(36), primary_key=True),
                 Column("updated_hlc", String(64)), Column("deleted", Boolean),
                 Column("office_id", String(36)), *columns)


def test_every_table_with_the_synced_columns_syncs_and_local_tables_do_not() -> None:
    specs = synced_tables()
    with_columns = {t.name for t in Base.metadata.sorted_tables
                    if {"id", "updated_hlc", "deleted", "office_id"} <= set(t.columns.keys())}
    assert set(specs) == with_columns
    assert {"participants", "journal_entries", "employers", "users", "offices"} <= set(specs)
    assert "local_meta" not in specs


def test_fields_carry_type_length_nullability_and_references() -> None:
    fields = synced_tables()["participants"].fields
    assert "id" not in fields and "office_id" not in fields and "updated_hlc" not in fields
    assert fields["given_name"] == FieldSpec("given_name", FieldKind.STRING, nullable=False,
                                             has_default=False, max_length=200)
    assert fields["given_name"].required and not fields["gender"].required  # gender has a default
    assert fields["gender"].kind is FieldKind.ENUM and "woman" in fields["gender"].choices
    assert fields["birth_date"].kind is FieldKind.DATE and fields["birth_date"].nullable
    assert fields["coach_id"].references == "users"
    assert synced_tables()["attachments"].fields["content"].kind is FieldKind.BINARY


def test_rows_bind_to_a_participant_directly_or_through_a_parent() -> None:
    bound = bound_tables()
    assert bound["participants"].field is None
    assert bound["goals"].field == "participant_id" and bound["goals"].via is None
    assert (bound["assessment_ratings"].field, bound["assessment_ratings"].via) == ("assessment_id",
                                                                                    "assessments")
    assert {"employers", "employer_contacts", "agreements", "users", "offices"}.isdisjoint(bound)
    assert synced_tables()["goals"].immutable == {"participant_id"}


def test_a_new_model_syncs_without_changes_here() -> None:
    metadata = MetaData()
    Table("participants", metadata, Column("id", String(36), primary_key=True),
          Column("updated_hlc", String(64)), Column("deleted", Boolean), Column("office_id", String(36)))
    _synced(metadata, "pets", Column("participant_id", String(36), ForeignKey("participants.id")),
            Column("name", Text, nullable=False))
    _synced(metadata, "pet_visits", Column("pet_id", String(36), ForeignKey("pets.id"), nullable=False),
            Column("on", Date))
    Table("cache", metadata, Column("key", String(10), primary_key=True))

    specs = derive(metadata)

    assert set(specs) == {"participants", "pets", "pet_visits"}
    assert specs["pet_visits"].binding is not None and specs["pet_visits"].binding.via == "pets"
    assert specs["pets"].fields["name"].required


def test_a_column_type_without_a_wire_form_fails_loudly() -> None:
    metadata = MetaData()
    _synced(metadata, "odd", Column("blob", PickleType))
    with pytest.raises(UnsupportedColumnError, match=r"odd\.blob"):
        derive(metadata)


def spec(kind: FieldKind, **extra: Any) -> FieldSpec:
    return FieldSpec("f", kind, nullable=extra.pop("nullable", False), has_default=False, **extra)


@pytest.mark.parametrize(("field", "value", "expected"), [
    (spec(FieldKind.STRING, max_length=3), "abc", ("abc", None)),
    (spec(FieldKind.STRING, max_length=3), "abcd", (None, Reason.TOO_LONG)),
    (spec(FieldKind.STRING, max_length=3), 3, (None, Reason.BAD_TYPE)),
    (spec(FieldKind.STRING, max_length=3), None, (None, Reason.NOT_NULL)),
    (spec(FieldKind.STRING, max_length=3, nullable=True), None, (None, None)),
    (spec(FieldKind.INTEGER), 7, (7, None)),
    (spec(FieldKind.INTEGER), 7.0, (None, Reason.BAD_TYPE)),
    (spec(FieldKind.INTEGER), False, (None, Reason.BAD_TYPE)),
    (spec(FieldKind.INTEGER), 2**63, (None, Reason.BAD_VALUE)),
    (spec(FieldKind.FLOAT), 2, (2.0, None)),
    (spec(FieldKind.BOOLEAN), 0, (None, Reason.BAD_TYPE)),
    (spec(FieldKind.DATE), "2026-02-28", ("2026-02-28", None)),
    (spec(FieldKind.DATE), "2026-02-29", (None, Reason.BAD_VALUE)),
    (spec(FieldKind.DATE), "2026-02-28T00:00:00", (None, Reason.BAD_VALUE)),
    (spec(FieldKind.DATETIME), "2026-03-01T08:30", ("2026-03-01T08:30:00", None)),
    (spec(FieldKind.DATETIME), "2026-03-01T08:30:00+02:00", ("2026-03-01T06:30:00", None)),
    (spec(FieldKind.DATETIME), "2026-03-01T08:30:00.123456Z", ("2026-03-01T08:30:00.123456", None)),
    (spec(FieldKind.DATETIME), "2026-03-01 08:30", (None, Reason.BAD_VALUE)),
    (spec(FieldKind.TIME), "09:15", ("09:15:00", None)),
    (spec(FieldKind.TIME), "25:00", (None, Reason.BAD_VALUE)),
    (spec(FieldKind.ENUM, choices=frozenset({"a"})), "a", ("a", None)),
    (spec(FieldKind.ENUM, choices=frozenset({"a"})), "A", (None, Reason.BAD_VALUE)),
    (spec(FieldKind.BINARY, max_length=3), "YWJj", ("YWJj", None)),
    (spec(FieldKind.BINARY, max_length=3), "YWJjZA==", (None, Reason.TOO_LONG)),
    (spec(FieldKind.BINARY, max_length=3), "YW=j", (None, Reason.BAD_VALUE)),
])
def test_values_are_checked_and_normalised(field: FieldSpec, value: Any,
                                           expected: tuple[Any, Reason | None]) -> None:
    assert check_value(field, value) == expected


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8)


@given(kind=st.sampled_from(list(FieldKind)), value=json_values)
def test_any_json_value_is_accepted_or_gets_a_reason_never_an_error(kind: FieldKind, value: Any) -> None:
    normalised, reason = check_value(spec(kind, max_length=50, choices=frozenset({"x"})), value)
    assert (reason is None) or normalised is None
    if reason is None and kind is FieldKind.DATETIME:
        assert dt.datetime.fromisoformat(normalised).tzinfo is None


@given(moment=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)))
def test_a_naive_datetime_survives_the_wire_unchanged(moment: dt.datetime) -> None:
    value, reason = check_value(spec(FieldKind.DATETIME), moment.isoformat())
    assert reason is None and dt.datetime.fromisoformat(value) == moment


def test_integer_columns_take_integers_of_the_model() -> None:
    assert check_value(synced_tables()["activities"].fields["iso_week"], 12) == (12, None)
    assert isinstance(Integer(), Integer)
