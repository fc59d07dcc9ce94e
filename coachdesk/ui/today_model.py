"""The Today view's rows: one agenda as a two-level tree, sections (days, overdue, due) over entries."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from coachdesk.formatting import iso_date
from coachdesk.i18n import N_, _
from coachdesk.models.enums import ActivityStatus, CheckpointKind, FollowUpKind
from coachdesk.services import labels
from coachdesk.services.agenda import Agenda, AgendaEntry, EntryKind

_HEADERS = (N_("When"), N_("Participant"), N_("What"), N_("Status"))
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's position in ``AgendaModel.entries``


class Column(enum.IntEnum):
    WHEN = 0
    PARTICIPANT = 1
    WHAT = 2
    STATUS = 3


class Action(enum.Enum):
    """What the coach can record for an entry straight from the list."""

    NONE = "none"
    ATTENDANCE = "attendance"
    REVIEW = "review"
    WORKPLACE_FOLLOW_UP = "workplace_follow_up"
    DAY_90 = "day_90"


def action_for(entry: AgendaEntry) -> Action:
    if entry.kind is EntryKind.ACTIVITY:
        return Action.ATTENDANCE
    if entry.kind is EntryKind.CHECKPOINT:
        # The employability assessment has its ratings and decision: it belongs to the participant's plan.
        return Action.NONE if entry.what == CheckpointKind.ASSESSMENT.value else Action.REVIEW
    if entry.kind is EntryKind.FOLLOW_UP:
        return Action.DAY_90 if entry.what == FollowUpKind.DAY_90.value else Action.WORKPLACE_FOLLOW_UP
    return Action.NONE


def weekday_name(day: dt.date) -> str:
    return labels.weekday(day)


def what_text(entry: AgendaEntry) -> str:
    """The entry's kind in words: the list never relies on colour to tell kinds apart."""
    return labels.agenda_entry(entry)


def when_text(entry: AgendaEntry, *, with_date: bool) -> str:
    parts = []
    if with_date and entry.day is not None:
        parts.append(iso_date(entry.day))
    if entry.time is not None:
        parts.append(entry.time.strftime("%H:%M"))
    text = " ".join(parts)
    if entry.minutes:
        minutes = _("{minutes} min").format(minutes=entry.minutes)
        text = _("{when} ({minutes})").format(when=text, minutes=minutes) if text else minutes
    return text


def status_text(entry: AgendaEntry) -> str:
    if entry.kind is EntryKind.ACTIVITY and entry.status:
        return labels.activity_status(ActivityStatus(entry.status))
    return ""


@dataclass(frozen=True)
class _Section:
    title: str
    entries: list[AgendaEntry]
    empty: str
    with_date: bool


class AgendaModel(QStandardItemModel):
    """Sections in a fixed order, each with its entries or a line saying there is nothing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._agenda: Agenda | None = None
        self._entries: list[AgendaEntry] = []
        self.retranslate()

    @property
    def agenda(self) -> Agenda | None:
        return self._agenda

    @property
    def entries(self) -> list[AgendaEntry]:
        return list(self._entries)

    def entry(self, index: QModelIndex) -> AgendaEntry | None:
        position = index.siblingAtColumn(0).data(ENTRY_ROLE) if index.isValid() else None
        return self._entries[position] if isinstance(position, int) else None

    def set_agenda(self, agenda: Agenda | None) -> None:
        self._agenda = agenda
        self._rebuild()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([_(h) for h in _HEADERS])
        self._rebuild()

    def _sections(self, agenda: Agenda) -> list[_Section]:
        sections = []
        for day, entries in agenda.meetings.items():
            title = _("{weekday} {date}").format(weekday=weekday_name(day), date=iso_date(day))
            if day == agenda.as_of:
                title = _("{day} (today)").format(day=title)
            sections.append(_Section(title, entries, _("No meetings"), with_date=False))
        sections += [
            _Section(_("Overdue"), agenda.overdue, _("Nothing is overdue"), with_date=True),
            _Section(_("Assessments and reviews due"), agenda.checkpoints_due,
                     _("No assessments or reviews this week"), with_date=True),
            _Section(_("Follow-ups due"), agenda.follow_ups_due, _("No follow-ups this week"),
                     with_date=True),
            _Section(_("Ending soon"), agenda.ending_soon, _("No programme ends soon"), with_date=True),
        ]
        return sections

    def _rebuild(self) -> None:
        self.removeRows(0, self.rowCount())
        self._entries = []
        if self._agenda is None:
            return
        for section in self._sections(self._agenda):
            count = len(section.entries)
            head = QStandardItem(_("{title} ({count})").format(title=section.title, count=count)
                                 if count else section.title)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if not section.entries:
                empty = QStandardItem(section.empty)
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
                head.appendRow(empty)
            for entry in section.entries:
                head.appendRow(self._row(entry, with_date=section.with_date))
            self.appendRow(head)

    def _row(self, entry: AgendaEntry, *, with_date: bool) -> list[QStandardItem]:
        cells = [when_text(entry, with_date=with_date), entry.participant_name, what_text(entry),
                 status_text(entry)]
        items = []
        for text in cells:
            item = QStandardItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            items.append(item)
        items[0].setData(len(self._entries), ENTRY_ROLE)
        self._entries.append(entry)
        return items
