"""Saves, errors and sync status reach screen readers as announcements (QAccessibleAnnouncementEvent)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from coachdesk.ui.announce import announce
from tests.ui.test_record_support import OpenRecord, open_record, participant_id, services

__all__ = ["open_record", "participant_id", "services"]  # fixtures

Heard = list[tuple[str, QAccessible.AnnouncementPoliteness, object]]


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Heard:
    """What reached Qt's accessibility layer as announcements: (text, politeness, the event's object)."""
    said: Heard = []
    real: Callable[[QAccessibleEvent], None] = QAccessible.updateAccessibility

    def spy(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append((event.message(), event.politeness(), event.object()))
        real(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(spy))
    return said


def test_a_polite_announcement_carries_the_text_and_the_widget(qtbot: QtBot, heard: Heard) -> None:
    label = QLabel("Saved.")
    qtbot.add_widget(label)
    label.show()
    announce(label, "Saved.")
    assert heard == [("Saved.", QAccessible.AnnouncementPoliteness.Polite, label)]


def test_an_error_is_assertive(qtbot: QtBot, heard: Heard) -> None:
    label = QLabel()
    qtbot.add_widget(label)
    label.show()
    announce(label, "The e-mail address is not valid.", assertive=True)
    assertive = QAccessible.AnnouncementPoliteness.Assertive
    assert heard == [("The e-mail address is not valid.", assertive, label)]


def test_nothing_is_said_for_a_hidden_widget_or_no_text(qtbot: QtBot, heard: Heard) -> None:
    hidden, shown = QLabel(), QLabel()
    qtbot.add_widget(hidden)
    qtbot.add_widget(shown)
    shown.show()
    announce(hidden, "Saved.")
    announce(shown, "")
    assert heard == []


def test_saving_the_intake_form_announces_saved_and_a_refusal_assertively(
    qtbot: QtBot, open_record: OpenRecord, participant_id: str, heard: Heard
) -> None:
    record = open_record(participant_id)  # kept: the window lives as long as this reference
    form = record.intake
    record.tabs.setCurrentWidget(form)  # where the coach is when saving: nothing is said for a hidden tab
    email = form.editor("email")
    assert isinstance(email, QLineEdit)
    email.setText("hodan@")
    with qtbot.waitSignal(form.save_failed, timeout=10_000):
        form.save_button.click()
    assert [(text, politeness) for text, politeness, _widget in heard] == [
        (form.status_text, QAccessible.AnnouncementPoliteness.Assertive)]
    assert form.status_text.startswith("Nothing was saved")

    heard.clear()
    email.setText("hodan@example.org")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save_button.click()
    assert [(text, politeness) for text, politeness, _widget in heard] == [
        ("Saved.", QAccessible.AnnouncementPoliteness.Polite)]
