from __future__ import annotations

import datetime as dt

from PySide6.QtCore import SignalInstance
from pytestqt.qtbot import QtBot

from coachdesk.formatting import iso_date
from coachdesk.models.enums import GoalOrigin, GoalStatus
from coachdesk.ui.record.goals import GoalsView
from tests.ui.test_record_support import OpenRecord, Services, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures


def _add(qtbot: QtBot, view: GoalsView, loaded: SignalInstance, title: str, origin: GoalOrigin, *,
         sub_goal: bool = False) -> None:
    view.title_field.setText(title)
    view.origin_field.setCurrentIndex(view.origin_field.findData(origin.value))
    with qtbot.waitSignal(loaded, timeout=10_000):
        (view.add_sub_goal_button if sub_goal else view.add_button).click()


def test_goals_and_sub_goals_are_added_as_a_tree_and_marked_achieved(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    view, tree = record.goals, record.goals.tree
    assert not view.add_sub_goal_button.isEnabled() and not view.achieve_button.isEnabled()

    _add(qtbot, view, record.loaded, "Arbeta som undersköterska", GoalOrigin.PARTICIPANT_WISH)
    assert tree.topLevelItemCount() == 1
    goal_item = tree.topLevelItem(0)
    assert goal_item is not None
    assert [goal_item.text(c) for c in range(3)] == [
        "Arbeta som undersköterska", "Participant's wish", "Open"]
    assert view.title_field.text() == ""

    tree.setCurrentItem(goal_item)
    assert view.add_sub_goal_button.isEnabled()
    _add(qtbot, view, record.loaded, "Klara SFI kurs D", GoalOrigin.EMPLOYABILITY, sub_goal=True)
    goal_item = tree.topLevelItem(0)
    assert goal_item is not None and goal_item.childCount() == 1
    sub_item = goal_item.child(0)
    assert sub_item is not None
    assert (sub_item.text(0), sub_item.text(1)) == ("Klara SFI kurs D", "Employability")

    tree.setCurrentItem(sub_item)
    assert not view.add_sub_goal_button.isEnabled()  # a sub-goal has no sub-goals of its own
    with qtbot.waitSignal(record.loaded, timeout=10_000):
        view.achieve_button.click()
    sub_item = tree.topLevelItem(0).child(0)  # type: ignore[union-attr]
    assert sub_item is not None
    assert sub_item.text(2) == f"Achieved on {iso_date(dt.date.today())}"

    stored = services.goals.goals(participant_id)
    assert [(g.title, g.parent_id is not None, g.status) for g in stored] == [
        ("Arbeta som undersköterska", False, GoalStatus.OPEN),
        ("Klara SFI kurs D", True, GoalStatus.ACHIEVED)]
    assert "1 goal, 1 sub-goal, 1 achieved" in record.overview.value_text("goals")


def test_a_goal_without_a_title_is_refused_beside_the_field(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, services: Services
) -> None:
    record = open_record(participant_id)
    view = record.goals
    view.add_button.click()
    qtbot.waitUntil(lambda: view.title_error != "", timeout=10_000)
    assert view.title_error == "Error: This field is required."
    assert services.goals.goals(participant_id) == []
