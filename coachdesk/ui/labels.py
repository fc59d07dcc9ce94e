"""Display labels for the domain's codes, and direction isolation for left-to-right data.

The tables hold English source strings marked with ``N_()``; they are translated with ``_()`` only when
shown, so a language switch takes effect on the next repaint.
"""

from __future__ import annotations

from coachdesk.i18n import N_, _
from coachdesk.models.enums import Gender, ParticipantStatus, TargetGroup
from coachdesk.services.labels import GENDER as _GENDER
from coachdesk.services.labels import TARGET_GROUP as _TARGET_GROUP

_STATUS: dict[ParticipantStatus, str] = {
    ParticipantStatus.REFERRED: N_("Referred"),
    ParticipantStatus.INTRODUCTION: N_("Introduction period"),
    # Translators: the phase of the 26–30-week intensive coaching plan (Swedish: fördjupat arbete).
    ParticipantStatus.INTENSIVE: N_("Intensive work"),
    ParticipantStatus.EXITED: N_("Exited"),
}





def status_label(status: ParticipantStatus) -> str:
    return _(_STATUS[status])


def target_group_label(group: TargetGroup | None) -> str:
    return _(_TARGET_GROUP[group]) if group is not None else ""


def gender_label(gender: Gender) -> str:
    return _(_GENDER[gender])


