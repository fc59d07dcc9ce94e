"""Display labels for codes only the participant record shows (English sources, translated when shown)."""

from __future__ import annotations

from coachdesk.i18n import N_, _
from coachdesk.models.enums import (
    CheckpointStatus,
    GoalOrigin,
)

CHECKPOINT_STATUS: dict[CheckpointStatus, str] = {
    CheckpointStatus.DUE: N_("due"),
    CheckpointStatus.DONE: N_("held"),
    CheckpointStatus.CANCELLED: N_("cancelled"),
}
GOAL_ORIGIN: dict[GoalOrigin, str] = {
    GoalOrigin.PARTICIPANT_WISH: N_("Participant's wish"),
    GoalOrigin.EMPLOYABILITY: N_("Employability"),
}


def yes_no(value: bool | None) -> str:
    if value is None:
        return _("Not answered")
    return _("Yes") if value else _("No")
