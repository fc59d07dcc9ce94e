"""The employer register (företagskontakter): list and search, details, contacts, agreements, placements."""

from coachdesk.ui.employers.view import EmployersView

__all__ = ["EmployersView"]
