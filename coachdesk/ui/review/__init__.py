"""The supervisor's review: plans waiting for approval and records with gaps."""

from coachdesk.ui.review.view import ReviewView

__all__ = ["ReviewView"]
