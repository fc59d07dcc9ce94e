"""The participant record and its tabs."""

from coachdesk.ui.record.record import ParticipantRecord

__all__ = ["ParticipantRecord"]
