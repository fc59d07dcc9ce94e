"""CoachDesk: an offline-first, encrypted desktop app for job coaches."""

__version__ = "0.1.0"
