"""Display labels for the programme's codes (activity kinds, checkpoints, follow-ups, destinations).

English source strings marked with ``N_()``, translated with ``_()`` only when shown, so the desktop, the
command line and documents share one wording and a language switch applies at once.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from coachdesk.i18n import N_, _, current_language
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    CheckpointKind,
    Destination,
    EducationLevel,
    EnrollmentStatus,
    FollowUpKind,
    Gender,
    GoalStatus,
    PauseReason,
    PlacementKind,
    Programme,
    ReferralSource,
    TargetGroup,
)
from coachdesk.services.agenda import AgendaEntry, EntryKind

ACTIVITY_KIND: dict[ActivityKind, str] = {
    ActivityKind.MAPPING: N_("Mapping"),
    ActivityKind.GROUP_SESSION: N_("Group session"),
    # Translators: help with CV, clothes and interview manner before job seeking (Swedish: jobbstyling).
    ActivityKind.JOB_STYLING: N_("Job styling"),
    ActivityKind.COACHING: N_("Coaching meeting"),
    ActivityKind.INTERNSHIP: N_("Internship"),
    ActivityKind.LANGUAGE_INTERNSHIP: N_("Language internship"),
    ActivityKind.SFI: N_("Swedish for immigrants (SFI)"),
    # Translators: having skills from abroad assessed and recognised (Swedish: validering).
    ActivityKind.VALIDATION: N_("Validation"),
    ActivityKind.STUDY_VISIT: N_("Study visit"),
    ActivityKind.OTHER: N_("Other activity"),
}
ACTIVITY_STATUS: dict[ActivityStatus, str] = {
    ActivityStatus.PLANNED: N_("planned"),
    ActivityStatus.DONE: N_("attended"),
    ActivityStatus.MISSED: N_("missed"),
    ActivityStatus.CANCELLED: N_("cancelled"),
}
CHECKPOINT_KIND: dict[CheckpointKind, str] = {
    CheckpointKind.ASSESSMENT: N_("Employability assessment"),
    CheckpointKind.MIDPOINT_REVIEW: N_("Mid-point review"),
    CheckpointKind.FINAL_REVIEW: N_("Final review"),
}
FOLLOW_UP_KIND: dict[FollowUpKind, str] = {
    FollowUpKind.WORKPLACE_VISIT: N_("Workplace follow-up"),
    FollowUpKind.DAY_90: N_("90-day follow-up"),
}
PROGRAMME: dict[Programme, str] = {
    Programme.INTRODUCTION: N_("Introduction period"),
    Programme.INTENSIVE: N_("Intensive coaching"),
}
DESTINATION: dict[Destination, str] = {
    Destination.WORK: N_("Work"),
    Destination.STUDIES: N_("Studies"),
    Destination.OTHER_PROGRAMME: N_("Another labour-market programme"),
    Destination.OWN_BUSINESS: N_("Own business"),
    Destination.SICK_LEAVE: N_("Sick leave"),
    Destination.MOVED: N_("Moved away"),
    Destination.OTHER: N_("Other"),
    Destination.NONE: N_("None of these"),
}

GENDER: dict[Gender, str] = {
    Gender.WOMAN: N_("Woman"),
    Gender.MAN: N_("Man"),
    Gender.OTHER: N_("Other"),
    Gender.NOT_STATED: N_("Not stated"),
}
TARGET_GROUP: dict[TargetGroup, str] = {
    TargetGroup.YOUTH_ASSISTANCE: N_("Youth 16–24 with financial assistance"),
    TargetGroup.ADULT_ASSISTANCE: N_("Adult 25–64 with financial assistance"),
    TargetGroup.FOREIGN_BACKGROUND: N_("Foreign background"),
}
EDUCATION_LEVEL: dict[EducationLevel, str] = {
    EducationLevel.NONE: N_("No schooling"),
    EducationLevel.PRIMARY_INCOMPLETE: N_("Compulsory school, not completed"),
    EducationLevel.PRIMARY: N_("Compulsory school"),
    EducationLevel.UPPER_SECONDARY: N_("Upper secondary school"),
    EducationLevel.POST_SECONDARY: N_("Post-secondary education"),
    EducationLevel.UNIVERSITY: N_("University"),
    EducationLevel.UNKNOWN: N_("Unknown"),
}
REFERRAL_SOURCE: dict[ReferralSource, str] = {
    ReferralSource.SOCIAL_SERVICES: N_("Individual and family care (IFO)"),
    ReferralSource.INTEGRATION_UNIT: N_("Integration unit"),
    ReferralSource.EMPLOYMENT_SERVICE: N_("Public Employment Service"),
    ReferralSource.OTHER: N_("Other"),
}

ENROLLMENT_STATUS: dict[EnrollmentStatus, str] = {
    EnrollmentStatus.PLANNED: N_("planned"),
    EnrollmentStatus.ACTIVE: N_("under way"),
    EnrollmentStatus.PAUSED: N_("paused"),
    EnrollmentStatus.COMPLETED: N_("completed"),
    EnrollmentStatus.DISCONTINUED: N_("discontinued"),
}
GOAL_STATUS: dict[GoalStatus, str] = {
    GoalStatus.OPEN: N_("Open"),
    GoalStatus.ACHIEVED: N_("Achieved"),
    GoalStatus.DROPPED: N_("Dropped"),
}
PAUSE_REASON: dict[PauseReason, str] = {
    PauseReason.SICK_LEAVE: N_("sick leave"),
    PauseReason.PARENTAL_LEAVE: N_("parental leave"),
    PauseReason.OTHER: N_("other reason"),
}
PLACEMENT_KIND: dict[PlacementKind, str] = {
    PlacementKind.INTERNSHIP: N_("Internship"),
    PlacementKind.LANGUAGE_INTERNSHIP: N_("Language internship"),
}


def activity_kind(kind: ActivityKind) -> str:
    return _(ACTIVITY_KIND[kind])


def activity_status(status: ActivityStatus) -> str:
    return _(ACTIVITY_STATUS[status])


def checkpoint_kind(kind: CheckpointKind) -> str:
    return _(CHECKPOINT_KIND[kind])


def follow_up_kind(kind: FollowUpKind) -> str:
    return _(FOLLOW_UP_KIND[kind])


def programme(value: Programme) -> str:
    return _(PROGRAMME[value])


def destination(value: Destination) -> str:
    return _(DESTINATION[value])


def weekday(day: dt.date) -> str:
    """The day's weekday name in the UI language, from Babel's CLDR data (every language, no catalog)."""
    return format_date(day, "EEEE", locale=current_language()).capitalize()


def agenda_entry(entry: AgendaEntry) -> str:
    """An agenda entry's kind in words (the desktop and the command line alike; never colour alone)."""
    if entry.kind is EntryKind.ACTIVITY:
        kind = activity_kind(ActivityKind(entry.what))
        return _("{kind}: {title}").format(kind=kind, title=entry.title) if entry.title else kind
    if entry.kind is EntryKind.CHECKPOINT:
        return checkpoint_kind(CheckpointKind(entry.what))
    if entry.kind is EntryKind.FOLLOW_UP:
        return follow_up_kind(FollowUpKind(entry.what))
    if entry.kind is EntryKind.PERIOD_END:
        return _("{programme} ends").format(programme=programme(Programme(entry.what)))
    return _("Target time of {weeks} weeks reached").format(weeks=entry.what)
