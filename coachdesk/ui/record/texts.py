"""Display labels for codes only the participant record shows (English sources, translated when shown)."""

from __future__ import annotations

from coachdesk.i18n import N_, _
from coachdesk.models.enums import (
    CheckpointStatus,
    EnrollmentStatus,
    GoalOrigin,
    GoalStatus,
    PauseReason,
)

ENROLLMENT_STATUS: dict[EnrollmentStatus, str] = {
    EnrollmentStatus.PLANNED: N_("planned"),
    EnrollmentStatus.ACTIVE: N_("under way"),
    EnrollmentStatus.PAUSED: N_("paused"),
    EnrollmentStatus.COMPLETED: N_("completed"),
    EnrollmentStatus.DISCONTINUED: N_("discontinued"),
}
CHECKPOINT_STATUS: dict[CheckpointStatus, str] = {
    CheckpointStatus.DUE: N_("due"),
    CheckpointStatus.DONE: N_("held"),
    CheckpointStatus.CANCELLED: N_("cancelled"),
}
PAUSE_REASON: dict[PauseReason, str] = {
    PauseReason.SICK_LEAVE: N_("sick leave"),
    PauseReason.PARENTAL_LEAVE: N_("parental leave"),
    PauseReason.OTHER: N_("other reason"),
}
GOAL_ORIGIN: dict[GoalOrigin, str] = {
    GoalOrigin.PARTICIPANT_WISH: N_("Participant's wish"),
    GoalOrigin.EMPLOYABILITY: N_("Employability"),
}
GOAL_STATUS: dict[GoalStatus, str] = {
    GoalStatus.OPEN: N_("Open"),
    GoalStatus.ACHIEVED: N_("Achieved"),
    GoalStatus.DROPPED: N_("Dropped"),
}


def yes_no(value: bool | None) -> str:
    if value is None:
        return _("Not answered")
    return _("Yes") if value else _("No")
