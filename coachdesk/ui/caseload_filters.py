"""The caseload's filter row: programme phase, active or exited, target group and coach."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from coachdesk.i18n import _
from coachdesk.models.enums import ParticipantStatus, TargetGroup
from coachdesk.services.participants import CaseloadFilter, CoachChoice, ParticipantService
from coachdesk.ui.labels import status_label, target_group_label
from coachdesk.ui.tasks import TaskRunner

ALL = ""  # the item data of each combo's first entry: no filter
ACTIVE = "active"
EXITED = "exited"
logger = logging.getLogger(__name__)
_SHORTEST = 8  # characters a combo shrinks to before the row runs out of room; its list shows all


def _combo() -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(_SHORTEST)
    return combo


class CaseloadFilterBar(QWidget):
    """Four combo boxes that narrow the caseload; they combine with each other (and with a search).

    Signals:
        changed(object): the ``CaseloadFilter`` the boxes now describe.
    """

    changed = Signal(object)

    def __init__(self, *, participants: ParticipantService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._participants = participants
        self._runner = runner
        self._me = participants.user_id
        self._phase, self._status = _combo(), _combo()
        self._target_group, self._coach = _combo(), _combo()
        self._phase.addItem("", ALL)
        for phase in ParticipantStatus:
            self._phase.addItem("", phase.value)
        for value in (ALL, ACTIVE, EXITED):
            self._status.addItem("", value)
        self._target_group.addItem("", ALL)
        for group in TargetGroup:
            self._target_group.addItem("", group.value)
        self._coach.addItem("", ALL)
        self._coach.addItem("", self._me)
        self._labels: dict[QComboBox, QLabel] = {}
        # Two pairs to a row: narrow enough for a small window at twice the text size.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for n, combo in enumerate(self.combos):
            label = QLabel()
            label.setBuddy(combo)
            self._labels[combo] = label
            layout.addWidget(label, n // 2, n % 2 * 2)
            layout.addWidget(combo, n // 2, n % 2 * 2 + 1)
            combo.currentIndexChanged.connect(self._on_changed)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)
        self._coaches_asked = False
        self.retranslate()

    @property
    def combos(self) -> tuple[QComboBox, QComboBox, QComboBox, QComboBox]:
        """Phase, status, target group and coach, in the order shown."""
        return self._phase, self._status, self._target_group, self._coach

    @property
    def phase(self) -> QComboBox:
        return self._phase

    @property
    def status(self) -> QComboBox:
        return self._status

    @property
    def target_group(self) -> QComboBox:
        return self._target_group

    @property
    def coach(self) -> QComboBox:
        return self._coach

    def filters(self) -> CaseloadFilter:
        phase, status = self._phase.currentData(), self._status.currentData()
        group, coach = self._target_group.currentData(), self._coach.currentData()
        return CaseloadFilter(
            status=ParticipantStatus(phase) if phase else None,
            active=None if not status else status == ACTIVE,
            target_group=TargetGroup(group) if group else None,
            coach_id=coach or None,
        )

    def select(self, combo: QComboBox, value: str) -> bool:
        """Choose the entry whose data is ``value`` (``ALL`` for none); False if there is none."""
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
        return index >= 0

    def load_coaches(self) -> None:
        """List the office's coaches (once; on the database thread). "All" and "Mine" work before."""
        if not self._coaches_asked:
            self._coaches_asked = True
            self._runner.run_db(self._participants.coaches, on_done=self._on_coaches,
                                on_error=self._on_coaches_failed, context=self)

    def clear_coaches(self) -> None:
        """Forget the colleagues' names (the app is locking); All and Mine stay."""
        while self._coach.count() > 2:
            self._coach.removeItem(self._coach.count() - 1)

    def retranslate(self) -> None:
        texts = (_("&Phase:"), _("S&tatus:"), _("Target &group:"), _("&Coach:"))
        names = (_("Programme phase"), _("Status"), _("Target group"), _("Coach"))
        for combo, text, name in zip(self.combos, texts, names, strict=True):
            self._labels[combo].setText(text)
            combo.setAccessibleName(name)
        self._phase.setItemText(0, _("All phases"))
        for row, phase in enumerate(ParticipantStatus, start=1):
            self._phase.setItemText(row, status_label(phase))
        self._status.setItemText(0, _("Active and exited"))
        self._status.setItemText(1, _("Active (not exited)"))
        self._status.setItemText(2, _("Exited"))
        self._target_group.setItemText(0, _("All target groups"))
        for row, group in enumerate(TargetGroup, start=1):
            self._target_group.setItemText(row, target_group_label(group))
        self._coach.setItemText(0, _("All coaches"))
        self._coach.setItemText(1, _("My caseload"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_coaches(self, coaches: list[CoachChoice]) -> None:
        chosen = self._coach.currentData()
        self._coach.blockSignals(True)  # the choice stays what it was: no reload
        try:
            self.clear_coaches()
            for coach in coaches:
                if coach.id != self._me:
                    self._coach.addItem(coach.name, coach.id)
            self._coach.setCurrentIndex(max(self._coach.findData(chosen), 0))
        finally:
            self._coach.blockSignals(False)
        if self._coach.currentData() != chosen:
            self._on_changed()

    def _on_coaches_failed(self, exc: Exception) -> None:
        # Only the colleagues' names are missing: "All coaches" and "My caseload" still work.
        logger.warning("could not list the office's coaches: %s", type(exc).__name__)

    def _on_changed(self, _index: int = 0) -> None:
        self.changed.emit(self.filters())
