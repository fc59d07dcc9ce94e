"""Words for what sync reports: the records and fields a conflict is about, why a change was refused,
and when something happened. Marked with ``N_()``, translated when shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from coachdesk.formatting import ltr
from coachdesk.i18n import N_, _, ngettext
from coachdesk.sync.protocol import DELETED_FIELD, Reason
from coachdesk.ui.record.intake_fields import GROUPS

TABLES: dict[str, str] = {
    "participants": N_("Participant"), "employers": N_("Employer"),
    "employer_contacts": N_("Contact person"), "agreements": N_("Agreement"),
    "enrollments": N_("Enrolment"), "exits": N_("Exit"), "journal_entries": N_("Journal entry"),
    "placements": N_("Placement"), "assessments": N_("Assessment"),
    "assessment_ratings": N_("Assessment rating"), "checkpoints": N_("Checkpoint"),
    "follow_ups": N_("Follow-up"), "goals": N_("Goal"), "pauses": N_("Pause"), "reviews": N_("Review"),
    "activities": N_("Activity"), "interpreter_sessions": N_("Interpreter session"),
    "attachments": N_("Document"), "audit_events": N_("Audit event"), "offices": N_("Office"),
    "users": N_("User"),
}

# Fields outside the intake form (whose labels are reused).
_FIELDS: dict[str, str] = {
    DELETED_FIELD: N_("Deleted"), "name": N_("Name"), "title": N_("Title"),
    "description": N_("Description"), "note": N_("Note"), "notes": N_("Notes"), "status": N_("Status"),
    "start_date": N_("Start date"), "end_date": N_("End date"), "due_date": N_("Due date"),
    "target_date": N_("Target date"), "org_number": N_("Organisation number"), "summary": N_("Summary"),
    "comment": N_("Comment"), "outcome": N_("Outcome"), "coach_id": N_("Coach"),
}

_REASONS: dict[str, str] = {
    Reason.BAD_VALUE: N_("A value was not valid for the server."),
    Reason.TOO_LONG: N_("A text was too long for the server."),
    Reason.NOT_NULL: N_("A required field was empty."),
    Reason.MISSING_FIELD: N_("A required field was empty."),
    Reason.READ_ONLY_TABLE: N_("Only the server's administrator changes users and offices."),
    Reason.IMMUTABLE_FIELD: N_("A record cannot be moved to another participant."),
    Reason.APPEND_ONLY: N_("Journal entries cannot be changed or deleted once written."),
    Reason.NOT_FOUND: N_("The server has no such record, or it is not one you may see (for example "
                         "another coach's participant)."),
    Reason.FORBIDDEN: N_("Your role may not make this change."),
    Reason.ERASED: N_("The participant was erased."),
    Reason.CLOCK_SKEW: N_("This computer's clock is wrong: the change waits until the clock is right."),
}
_DEFECT = N_("CoachDesk sent something the server does not accept. Report it to your administrator.")


def _intake_labels() -> dict[str, str]:
    return {field.name: field.label for group in GROUPS for field in group.fields}


_INTAKE = _intake_labels()


def table_label(table: str) -> str:
    return _(TABLES[table]) if table in TABLES else table


def field_label(field: str) -> str:
    """A field's name as a person reads it (an intake label without its mnemonic and colon)."""
    if field in _INTAKE:
        return _(_INTAKE[field]).replace("&", "").rstrip(": ")
    return _(_FIELDS[field]) if field in _FIELDS else field.replace("_", " ")


def reason_text(reason: str) -> str:
    return _(_REASONS.get(reason, _DEFECT))


def value_text(field: str, value: Any) -> str:
    """A conflict's value (wire form) as text."""
    if field == DELETED_FIELD:
        return _("Deleted") if value else _("Not deleted")
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


def local_time(moment: dt.datetime) -> str:
    """``moment`` (naive UTC) in this computer's time zone, as ISO date and minutes."""
    return ltr(moment.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M"))


def clock_time(moment: dt.datetime) -> str:
    """``moment`` (naive UTC) as hours and minutes of this computer's time zone."""
    return ltr(moment.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M"))


def since(moment: dt.datetime, now: dt.datetime) -> str:
    """How long ago ``moment`` was (both naive UTC): minutes for the last hour, else the time."""
    minutes = int((now - moment).total_seconds() // 60)
    if minutes < 1:
        return _("just now")
    if minutes < 60:
        return ngettext("{count} minute ago", "{count} minutes ago", minutes).format(count=minutes)
    return local_time(moment)


def hlc_time(stamp: str | None) -> str:
    """When a change was made, from its HLC stamp (wall milliseconds first)."""
    try:
        wall_ms = int((stamp or "").split("-", 1)[0])
    except ValueError:
        return _("unknown time")
    return local_time(dt.datetime.fromtimestamp(wall_ms / 1000, dt.UTC).replace(tzinfo=None))
