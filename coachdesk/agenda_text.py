"""The week's agenda as plain text, for ``coachdesk agenda`` (the desktop's Today view draws its own)."""

from __future__ import annotations

from coachdesk.i18n import _
from coachdesk.models.enums import ActivityStatus
from coachdesk.services import labels
from coachdesk.services.agenda import Agenda, AgendaEntry, EntryKind


def _line(entry: AgendaEntry, *, with_day: bool) -> str:
    parts = []
    if with_day and entry.day is not None:
        parts.append(entry.day.isoformat())
    if entry.time is not None:
        parts.append(entry.time.strftime("%H:%M"))
    parts.append(entry.participant_name)
    parts.append(labels.agenda_entry(entry))
    if entry.minutes:
        parts.append(_("{minutes} min").format(minutes=entry.minutes))
    if entry.kind is EntryKind.ACTIVITY and entry.status and entry.status != ActivityStatus.PLANNED:
        parts.append(f"({labels.activity_status(ActivityStatus(entry.status))})")
    return "  " + "  ".join(parts)


def render(agenda: Agenda, *, who: str) -> str:
    lines = [_("Week {week} ({monday} to {sunday}) for {who}").format(
        week=agenda.week.week, monday=agenda.week.monday.isoformat(), sunday=agenda.week.sunday.isoformat(),
        who=who), ""]
    lines.append(_("Meetings"))
    for day, entries in agenda.meetings.items():
        # ISO dates beside the weekday name: weeks are Monday-first in every language.
        lines.append(f" {labels.weekday(day)} {day.isoformat()}")
        lines.extend(_line(e, with_day=False) for e in entries)
        if not entries:
            lines.append("  " + _("nothing booked"))
    sections = [
        (_("Overdue (as of {date})").format(date=agenda.as_of.isoformat()), agenda.overdue),
        (_("Assessments and reviews due"), agenda.checkpoints_due),
        (_("Follow-ups due"), agenda.follow_ups_due),
        (_("Ending soon"), agenda.ending_soon),
    ]
    for heading, entries in sections:
        lines.extend(["", f"{heading}: {len(entries)}"])
        lines.extend(_line(e, with_day=True) for e in entries)
    return "\n".join(lines)
