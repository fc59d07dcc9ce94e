"""The review queue's two tables as item models: plans waiting for a decision, and records with gaps.

The participant's id rides on the first cell (``ID_ROLE``); every other cell is display text only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from coachdesk.formatting import iso_date
from coachdesk.i18n import N_, _
from coachdesk.services import labels as domain_labels
from coachdesk.services.review import Gap, GapKind, PendingPlan

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the participant's id
REVIEW_ROLE = Qt.ItemDataRole.UserRole + 2  # the submitted review's id

GAP_TEXT: dict[GapKind, str] = {
    GapKind.GENDER: N_("Gender not stated"),
    GapKind.TARGET_GROUP: N_("No target group"),
    GapKind.BIRTH_DATE: N_("No birth date"),
    GapKind.FOLLOW_UP_OVERDUE: N_("90-day follow-up overdue"),
    GapKind.ATTENDANCE_MISSING: N_("Past activities without attendance"),
}


def _row(cells: list[str], participant_id: str, review_id: str | None = None) -> list[QStandardItem]:
    items = []
    for text in cells:
        item = QStandardItem(text)
        item.setEditable(False)
        items.append(item)
    items[0].setData(participant_id, ID_ROLE)
    if review_id is not None:
        items[0].setData(review_id, REVIEW_ROLE)
    return items


def fill_pending(model: QStandardItemModel, plans: list[PendingPlan]) -> None:
    model.clear()
    model.setHorizontalHeaderLabels([_("Participant"), _("Coach"), _("Programme"), _("Submitted")])
    for plan in plans:
        programme = domain_labels.programme(plan.programme) if plan.programme is not None else ""
        model.appendRow(_row([plan.participant_name, plan.coach_name or _("No coach"), programme,
                              iso_date(plan.submitted_at.date())], plan.participant_id, plan.review_id))


def fill_gaps(model: QStandardItemModel, gaps: list[Gap]) -> None:
    model.clear()
    model.setHorizontalHeaderLabels([_("Participant"), _("Coach"), _("What is missing"), _("How many"),
                                     _("Since")])
    for gap in gaps:
        model.appendRow(_row([gap.participant_name, gap.coach_name or _("No coach"), _(GAP_TEXT[gap.kind]),
                              str(gap.count), iso_date(gap.since)], gap.participant_id))
