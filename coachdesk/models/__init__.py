"""SQLAlchemy ORM tables, the SQLCipher engine factory and local migrations. No Qt."""

from coachdesk.models.base import Base, Synced
from coachdesk.models.employers import Agreement, Employer, EmployerContact, FollowUp, Placement
from coachdesk.models.local import LocalMeta
from coachdesk.models.people import Office, Participant, User
from coachdesk.models.programme import (
    Activity,
    Assessment,
    AssessmentRating,
    Checkpoint,
    Enrollment,
    Goal,
    InterpreterSession,
    Pause,
)
from coachdesk.models.records import Attachment, AuditEvent, Exit, JournalEntry, Review
from coachdesk.models.sync_state import ConflictRecord, FieldClock, OutboxEntry, PullSeen, SyncRejection

__all__ = [
    "Activity",
    "Agreement",
    "Assessment",
    "AssessmentRating",
    "Attachment",
    "AuditEvent",
    "Base",
    "Checkpoint",
    "ConflictRecord",
    "Employer",
    "EmployerContact",
    "Enrollment",
    "Exit",
    "FieldClock",
    "FollowUp",
    "Goal",
    "InterpreterSession",
    "JournalEntry",
    "LocalMeta",
    "Office",
    "OutboxEntry",
    "Participant",
    "Pause",
    "Placement",
    "PullSeen",
    "Review",
    "SyncRejection",
    "Synced",
    "User",
]
