"""The unlock and create-vault dialogs, the new-participant dialog and the plan and outcome forms
(every FormDialog subclass) through the matrix's checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from coachdesk.models.enums import ActivityKind, CheckpointKind, EnrollmentStatus, FollowUpKind, Programme
from coachdesk.services.agenda import AgendaEntry, EntryKind
from coachdesk.services.record_snapshot import EnrollmentRow
from coachdesk.ui.new_participant import NewParticipantDialog
from coachdesk.ui.outcome_dialogs import AttendanceDialog, Day90Dialog, ReviewDialog, WorkplaceFollowUpDialog
from coachdesk.ui.passphrase_dialog import ChangePassphraseDialog
from coachdesk.ui.record.plan_dialogs import (
    AssessmentDialog,
    DiscontinueDialog,
    EnrolDialog,
    LengthDialog,
    PauseDialog,
)
from coachdesk.ui.unlock_dialog import UnlockDialog
from tests.conftest import FAST_KDF
from tests.ui.a11y_matrix.conftest import TODAY, Setting, Subject, Vault, show
from tests.ui.a11y_matrix.suite import (
    test_every_control_is_named_and_labels_have_mnemonics,
    test_focus_visibly_changes_pixels,
    test_mnemonics_are_unique,
    test_nothing_is_cut_off,
    test_tab_reaches_every_control_in_reading_order,
    test_targets_are_at_least_24_px,
)

__all__ = [
    "test_every_control_is_named_and_labels_have_mnemonics", "test_focus_visibly_changes_pixels",
    "test_mnemonics_are_unique", "test_nothing_is_cut_off", "test_tab_reaches_every_control_in_reading_order",
    "test_targets_are_at_least_24_px",
]

START = TODAY - dt.timedelta(days=8)
ENROLLMENT = EnrollmentRow("e1", Programme.INTRODUCTION, START, START + dt.timedelta(weeks=4), 4,
                           EnrollmentStatus.ACTIVE, None)


def _entry(kind: EntryKind, what: str) -> AgendaEntry:
    return AgendaEntry(kind, "x1", "p1", "Hodan Warsame", TODAY, what, time=dt.time(10), minutes=60)


Factory = Callable[[Vault, Path], QDialog]
DIALOGS: dict[str, Factory] = {
    "unlock": lambda v, _new: UnlockDialog(data_dir=v.data_dir, runner=v.runner, kdf=FAST_KDF),
    "create-vault": lambda v, new: UnlockDialog(data_dir=new, runner=v.runner, kdf=FAST_KDF),
    "change-passphrase": lambda v, _new: ChangePassphraseDialog(data_dir=v.data_dir, runner=v.runner),
    "new-participant": lambda v, _new: NewParticipantDialog(participants=v.workspace.participants,
                                                            runner=v.runner),
    "enrol": lambda v, _new: EnrolDialog(plans=v.workspace.plans, templates=v.workspace.templates,
                                         runner=v.runner, participant_id="p1", today=TODAY),
    "assessment": lambda v, _new: AssessmentDialog(plans=v.workspace.plans, runner=v.runner,
                                                   enrollment=ENROLLMENT, today=TODAY),
    "length": lambda v, _new: LengthDialog(plans=v.workspace.plans, runner=v.runner, enrollment=ENROLLMENT,
                                           low=2, high=6),
    "pause": lambda v, _new: PauseDialog(plans=v.workspace.plans, runner=v.runner, enrollment=ENROLLMENT,
                                         today=TODAY),
    "discontinue": lambda v, _new: DiscontinueDialog(plans=v.workspace.plans, runner=v.runner,
                                                     enrollment=ENROLLMENT, today=TODAY),
    "attendance": lambda v, _new: AttendanceDialog(
        attendance=v.workspace.attendance, runner=v.runner,
        entry=_entry(EntryKind.ACTIVITY, ActivityKind.COACHING.value)),
    "review": lambda v, _new: ReviewDialog(
        plans=v.workspace.plans, runner=v.runner, today=TODAY,
        entry=_entry(EntryKind.CHECKPOINT, CheckpointKind.MIDPOINT_REVIEW.value)),
    "workplace-follow-up": lambda v, _new: WorkplaceFollowUpDialog(
        placements=v.workspace.placements, runner=v.runner, today=TODAY,
        entry=_entry(EntryKind.FOLLOW_UP, FollowUpKind.WORKPLACE_VISIT.value)),
    "day-90": lambda v, _new: Day90Dialog(exits=v.workspace.exits, runner=v.runner, today=TODAY,
                                          entry=_entry(EntryKind.FOLLOW_UP, FollowUpKind.DAY_90.value)),
}


@pytest.fixture(scope="module")
def dialogs(setting: Setting, vault: Vault) -> Iterator[dict[str, QDialog]]:
    fresh = vault.data_dir.parent / "no-vault-yet"
    built = {name: make(vault, fresh) for name, make in DIALOGS.items()}
    yield built
    for dialog in built.values():
        dialog.hide()
        dialog.deleteLater()


@pytest.fixture(params=list(DIALOGS))
def subject(request: pytest.FixtureRequest, dialogs: dict[str, QDialog], setting: Setting) -> Subject:
    for dialog in dialogs.values():
        dialog.hide()
    dialog = dialogs[request.param]
    show(dialog)
    return Subject(f"dialog/{request.param}", dialog, setting)
