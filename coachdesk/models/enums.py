"""The controlled vocabularies of the domain (DOMAIN.md). Values are stable wire/database codes."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    COACH = "coach"
    INTERPRETER = "interpreter"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Gender(enum.StrEnum):
    """Reporting gender: kvinna / man, with room for other and not stated."""

    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    NOT_STATED = "not_stated"


class TargetGroup(enum.StrEnum):
    """Navigator's målgrupper."""

    YOUTH_ASSISTANCE = "youth_16_24_assistance"
    ADULT_ASSISTANCE = "adult_25_64_assistance"
    FOREIGN_BACKGROUND = "foreign_background"


class ReferralSource(enum.StrEnum):
    """Who made the anvisning."""

    SOCIAL_SERVICES = "social_services"  # individ- och familjeomsorgen (IFO)
    INTEGRATION_UNIT = "integration_unit"  # integrationsenheten
    EMPLOYMENT_SERVICE = "employment_service"  # Arbetsförmedlingen
    OTHER = "other"


class EducationLevel(enum.StrEnum):
    NONE = "none"
    PRIMARY_INCOMPLETE = "primary_incomplete"
    PRIMARY = "primary"  # grundskola
    UPPER_SECONDARY = "upper_secondary"  # gymnasium
    POST_SECONDARY = "post_secondary"
    UNIVERSITY = "university"
    UNKNOWN = "unknown"


class ParticipantStatus(enum.StrEnum):
    REFERRED = "referred"
    INTRODUCTION = "introduction"
    INTENSIVE = "intensive"
    EXITED = "exited"


class Programme(enum.StrEnum):
    INTRODUCTION = "introduction"  # introduktionsperiod, 4 weeks
    INTENSIVE = "intensive"  # fördjupat arbete, 26-30 weeks


class EnrollmentStatus(enum.StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class ActivityKind(enum.StrEnum):
    MAPPING = "mapping"  # kartläggning / utredning
    GROUP_SESSION = "group_session"  # gruppverksamhet
    JOB_STYLING = "job_styling"  # jobbstyling
    COACHING = "coaching"
    INTERNSHIP = "internship"  # praktik
    LANGUAGE_INTERNSHIP = "language_internship"  # språkpraktik
    SFI = "sfi"
    VALIDATION = "validation"
    STUDY_VISIT = "study_visit"
    OTHER = "other"


class ActivityStatus(enum.StrEnum):
    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"


class GoalStatus(enum.StrEnum):
    OPEN = "open"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class GoalOrigin(enum.StrEnum):
    PARTICIPANT_WISH = "participant_wish"
    EMPLOYABILITY = "employability"


class AssessmentDecision(enum.StrEnum):
    EXIT_WORK = "exit_work"
    EXIT_STUDIES = "exit_studies"
    EXIT_OTHER = "exit_other"
    CONTINUE_INTENSIVE = "continue_intensive"


class CheckpointKind(enum.StrEnum):
    ASSESSMENT = "assessment"  # employability assessment, end of the introduction's week 4
    MIDPOINT_REVIEW = "midpoint_review"
    FINAL_REVIEW = "final_review"


class CheckpointStatus(enum.StrEnum):
    DUE = "due"
    DONE = "done"
    CANCELLED = "cancelled"


class PauseReason(enum.StrEnum):
    SICK_LEAVE = "sick_leave"
    PARENTAL_LEAVE = "parental_leave"
    OTHER = "other"


class SessionPurpose(enum.StrEnum):
    INTAKE = "intake"
    MEETING = "meeting"


class PlacementKind(enum.StrEnum):
    INTERNSHIP = "internship"  # praktik
    LANGUAGE_INTERNSHIP = "language_internship"  # språkpraktik


class FollowUpKind(enum.StrEnum):
    WORKPLACE_VISIT = "workplace_visit"
    DAY_90 = "day_90"


class Destination(enum.StrEnum):
    WORK = "work"
    STUDIES = "studies"
    OTHER_PROGRAMME = "other_programme"
    OWN_BUSINESS = "own_business"
    SICK_LEAVE = "sick_leave"
    MOVED = "moved"
    OTHER = "other"
    NONE = "none"


class ReviewStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class AuditAction(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    CORRECT = "correct"
    EXPORT = "export"
    GENERATE = "generate"
