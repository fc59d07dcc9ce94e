"""Sync: the wire protocol, the synced schema, merge rules and the HTTP transport. No Qt widgets.

Shared by the desktop app (client) and ``coachdesk.server``.
"""
