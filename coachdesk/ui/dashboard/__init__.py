"""The supervisor's dashboard: charts, each with its numbers in a table a screen reader can read."""

from coachdesk.ui.dashboard.view import DashboardView

__all__ = ["DashboardView"]
