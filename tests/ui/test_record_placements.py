"""The record's Placements tab: add a placement from the employer register, record a visit, end one early."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coachdesk.formatting import iso_date, ltr
from coachdesk.models import Activity, Enrollment, FollowUp, Placement
from coachdesk.models.enums import ActivityKind, ActivityStatus, PlacementKind, Programme
from coachdesk.models.store import Store
from coachdesk.services.attachments import AttachmentService
from coachdesk.services.journal import JournalService
from coachdesk.ui import dialogs
from coachdesk.ui.record import ParticipantRecord
from coachdesk.ui.record.placement_form import PlacementForm
from coachdesk.ui.tasks import TaskRunner
from tests.ui.test_record_support import NOW, START, participant_id, services
from tests.unit.services.programme_fixtures import Programmes

__all__ = ["participant_id", "services"]  # fixtures

Build = Callable[[str], ParticipantRecord]


@dataclass(frozen=True)
class Employer:
    id: str
    supervisor_id: str
    agreement_id: str


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


@pytest.fixture
def employer(p: Programmes) -> Employer:
    p.employers.create({"name": "Almhults Äldreboende"})  # another employer, found only by its own name
    shop = p.employers.create({"name": "Byggfirman i Krokom AB", "org_number": "556036-0793"})
    p.employers.add_contact(shop.id, {"name": "Per Andersson", "title": "Lagbas"})
    supervisor = p.employers.add_contact(shop.id, {"name": "Eva Handledare", "is_supervisor": True})
    agreement = p.employers.add_agreement(shop.id, {"summary": "Two language internships a term"})
    return Employer(shop.id, supervisor.id, agreement.id)


@pytest.fixture
def build(qtbot: QtBot, p: Programmes, runner: TaskRunner, tmp_path: Path) -> Build:
    def make(pid: str) -> ParticipantRecord:
        record = ParticipantRecord(
            store=p.store, participants=p.participants, goals=p.goals, journal=JournalService(p.store),
            exits=p.exits, placements=p.placements, employers=p.employers,
            attachments=AttachmentService(p.store, copies_root=tmp_path / "copies"), runner=runner,
            participant_id=pid, now=lambda: NOW)
        qtbot.add_widget(record)
        with qtbot.waitSignals([record.loaded, record.placements.loaded, record.documents.loaded],
                               timeout=10_000):
            record.show()
        record.tabs.setCurrentWidget(record.placements)
        return record

    return make


def _choose(combo_owner: PlacementForm, field: str, data: object) -> None:
    combo = getattr(combo_owner, field).editor
    index = combo.findData(data)
    assert index >= 0, (field, data)
    combo.setCurrentIndex(index)


def _fill(qtbot: QtBot, form: PlacementForm, employer: Employer, *, hours: str = "20",
          end: str = "2026-12-18") -> None:
    form.search.editor.setText("bygg")
    qtbot.waitUntil(lambda: form.employer.editor.count() == 1 and form.supervisor.editor.count() == 3,
                    timeout=10_000)
    assert form.employer.editor.currentData() == employer.id
    assert form.supervisor.editor.itemText(1) == "Eva Handledare"  # supervisors first
    _choose(form, "kind", PlacementKind.LANGUAGE_INTERNSHIP.value)
    form.start.editor.setText(START.isoformat())
    form.end.editor.setText(end)
    form.hours.editor.setText(hours)
    _choose(form, "supervisor", employer.supervisor_id)
    _choose(form, "agreement", employer.agreement_id)
    _choose(form, "cadence", 3)


def _placement(p: Programmes, pid: str, employer: Employer) -> Placement:
    return p.placements.create(pid, employer_id=employer.id, supervisor_id=employer.supervisor_id,
                               kind="internship", start=START, end="2026-12-18", hours_per_week=30,
                               follow_up_every_weeks=2)


def test_a_placement_added_in_the_form_brings_weekly_hours_and_follow_ups(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer
) -> None:
    record = build(participant_id)
    view = record.placements
    _fill(qtbot, view.form, employer)
    draft = record.has_unsaved_changes
    assert draft  # a half-made placement is not dropped silently
    with qtbot.waitSignals([record.loaded, view.loaded], timeout=10_000):
        view.form.add_button.click()

    (placement,) = p.rows(Placement, participant_id=participant_id)
    assert (placement.kind, placement.hours_per_week, placement.agreement_id) == (
        PlacementKind.LANGUAGE_INTERNSHIP, 20, employer.agreement_id)
    weeks = p.rows(Activity, placement_id=placement.id)
    assert len(weeks) == 7 and {a.kind for a in weeks} == {ActivityKind.LANGUAGE_INTERNSHIP}
    visits = p.rows(FollowUp, placement_id=placement.id)
    assert len(visits) == 3  # weeks 1, 4 and 7 (the last week) of seven

    assert view.placements.topLevelItemCount() == 1
    item = view.placements.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(5)] == [
        "Byggfirman i Krokom AB", "Language internship",
        f"{iso_date(START)} – {iso_date(dt.date(2026, 12, 18))}", ltr("20"), "Eva Handledare"]
    assert view.follow_ups.topLevelItemCount() == 3
    assert view.form.hours.editor.text() == "" and not record.has_unsaved_changes
    assert view.form.status_text.startswith("The placement was added")


@pytest.mark.parametrize("hours", ["0", "41"])
def test_hours_outside_1_to_40_are_refused_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer, hours: str
) -> None:
    record = build(participant_id)
    form = record.placements.form
    _fill(qtbot, form, employer, hours=hours)
    before = p.row_counts()
    form.add_button.click()
    qtbot.waitUntil(lambda: form.hours.error_text != "", timeout=10_000)
    assert form.hours.error_text == "Error: Write a number from 1 to 40."
    assert form.hours.editor.accessibleDescription() == "Write a number from 1 to 40."
    assert form.status_text == "Nothing was saved: correct the marked fields."
    assert p.row_counts() == before
    assert record.placements.placements.topLevelItemCount() == 0
    with dialogs.answered(True) as prompts:  # leaving asks about the unsaved placement
        assert record.confirm_leave()
    assert [prompt.title for prompt in prompts] == ["Unsaved changes"]
    assert not record.has_unsaved_changes


def test_without_an_end_date_the_placement_lasts_as_long_as_the_programme(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer
) -> None:
    record = build(participant_id)
    form = record.placements.form
    _fill(qtbot, form, employer, end="")
    form.add_button.click()  # no programme under way yet: the end date is needed
    qtbot.waitUntil(lambda: form.end.error_text != "", timeout=10_000)
    assert "no programme under way" in form.end.error_text
    assert p.rows(Placement, participant_id=participant_id) == []

    p.plans.enrol(participant_id, Programme.INTENSIVE, START)
    with qtbot.waitSignal(record.placements.loaded, timeout=10_000):
        form.add_button.click()
    (placement,) = p.rows(Placement, participant_id=participant_id)
    (enrollment,) = p.rows(Enrollment, participant_id=participant_id)
    assert placement.end_date == enrollment.planned_end_date


def test_a_workplace_follow_up_is_recorded_as_held_with_a_note(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer
) -> None:
    placement = _placement(p, participant_id, employer)
    record = build(participant_id)
    view = record.placements
    first = min(p.rows(FollowUp, placement_id=placement.id), key=lambda f: f.due_date)
    current = view.follow_ups.currentItem()
    assert current is not None and current.text(0) == iso_date(first.due_date)  # the next one to hold
    assert current.text(1) == "Overdue"  # due before "now" in the test
    view.held_on.editor.setText("2026-11-05")
    view.note.editor.setText("Trivs bra, vill lära sig kassan")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.record_button.click()

    done = p.rows(FollowUp, id=first.id)[0]
    assert (done.done_on, done.note) == (dt.date(2026, 11, 5), "Trivs bra, vill lära sig kassan")
    item = view.follow_ups.topLevelItem(0)
    assert item is not None
    assert (item.text(1), item.text(2)) == (f"Held on {iso_date(dt.date(2026, 11, 5))}",
                                            "Trivs bra, vill lära sig kassan")
    assert view.note.editor.text() == ""


def test_a_follow_up_before_the_placement_starts_is_refused_beside_the_date(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer
) -> None:
    placement = _placement(p, participant_id, employer)
    record = build(participant_id)
    view = record.placements
    view.held_on.editor.setText("2026-10-01")
    view.record_button.click()
    qtbot.waitUntil(lambda: view.held_on.error_text != "", timeout=10_000)
    assert "before the placement starts" in view.held_on.error_text
    assert all(f.done_on is None for f in p.rows(FollowUp, placement_id=placement.id))


def test_ending_a_placement_early_asks_first_then_cancels_the_later_weeks(
    qtbot: QtBot, build: Build, participant_id: str, p: Programmes, employer: Employer
) -> None:
    placement = _placement(p, participant_id, employer)
    record = build(participant_id)
    view = record.placements
    view.last_day.editor.setText("2026-11-20")
    with dialogs.answered(False):
        view.end_button.click()
    assert p.rows(Placement, id=placement.id)[0].end_date == dt.date(2026, 12, 18)

    with dialogs.answered(True), qtbot.waitSignals([record.loaded, view.loaded], timeout=10_000):
        view.end_button.click()
    assert p.rows(Placement, id=placement.id)[0].end_date == dt.date(2026, 11, 20)
    later = dt.datetime(2026, 11, 21)
    assert {a.status for a in p.rows(Activity, placement_id=placement.id)
            if a.scheduled_at is not None and a.scheduled_at >= later} == {ActivityStatus.CANCELLED}
    assert all(f.cancelled for f in p.rows(FollowUp, placement_id=placement.id)
               if f.due_date > dt.date(2026, 11, 20))
    item = view.placements.topLevelItem(0)
    assert item is not None and item.text(2).endswith(iso_date(dt.date(2026, 11, 20)))
    assert view.status_text == "The placement was ended early."
