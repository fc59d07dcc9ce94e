"""The screen-reader check's rules catch what they are meant to catch (no bus needed)."""

from __future__ import annotations

from typing import Any

from tests.integration.atspi import judge


def _report(nodes: list[dict[str, str]], tables: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"screens": [{"screen": "view: Test", "nodes": nodes, "tables": tables or []}]}


def _node(role: str, name: str, labelled_by: str = "") -> dict[str, str]:
    return {"role": role, "name": name, "labelled_by": labelled_by, "path": f"frame > {role}"}


def test_an_icon_only_button_is_reported() -> None:
    report = _report([_node("push button", "Save"), _node("push button", "  ")])
    assert judge.unnamed(report) == ["view: Test: unnamed push button (frame > push button)"]


def test_a_field_named_by_its_label_passes() -> None:
    assert judge.unnamed(_report([_node("text", "", labelled_by="Name:")])) == []


def test_a_combo_box_named_only_by_its_value_is_reported() -> None:
    report = _report([_node("combo box", "All phases"),
                      _node("combo box", "English", labelled_by="Language:")])
    assert judge.unnamed(report) == ["view: Test: combo box 'All phases' has no label (frame > combo box)"]


def test_a_table_with_an_unnamed_column_header_is_reported() -> None:
    good = {"role": "table", "name": "Caseload", "table": True, "columns": 2, "rows": 5,
            "headers": ["A", "B"]}
    bad = {**good, "name": "Bad", "headers": ["A", None]}
    empty = {**good, "name": "Empty", "rows": 0, "headers": [None, None]}
    single = {"role": "list", "name": "Views", "table": True, "columns": 1, "rows": 7, "headers": [None]}
    report = _report([], [good, bad, empty, single])
    assert judge.headerless(report) == ["view: Test: table 'Bad' headers ['A', None]"]
    assert judge.tables_with_headers(report) == 1
