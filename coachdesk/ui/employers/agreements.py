"""Written agreements (skriftliga överenskommelser) with an employer on internships and language
internships."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coachdesk.formatting import iso_date
from coachdesk.i18n import N_, _
from coachdesk.models import Agreement
from coachdesk.services.employers import EmployerService
from coachdesk.ui.employers.editable_list import EditableList, Job, ListTexts, Row
from coachdesk.ui.employers.fields import Field, Kind
from coachdesk.ui.tasks import TaskRunner

_DATE_HINT = N_("YYYY-MM-DD")
FIELDS: tuple[Field, ...] = (
    Field("summary", N_("What was agr&eed:"), Kind.TEXT),
    Field("signed_on", N_("Signed &on:"), Kind.LTR, hint=_DATE_HINT),
    Field("valid_from", N_("Valid fro&m:"), Kind.LTR, hint=_DATE_HINT),
    Field("valid_to", N_("Valid &until:"), Kind.LTR, hint=_DATE_HINT),
)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 80 else line[:79] + "…"


class AgreementsView(EditableList):
    """The agreement list, and a form to add an agreement or edit the selected one."""

    def __init__(self, *, employers: EmployerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, fields=FIELDS, parent=parent)
        self._employers = employers
        self.setObjectName("employer_agreements")
        self.retranslate()

    def _cells(self, row: Row) -> list[str]:
        assert isinstance(row, Agreement)
        return [iso_date(row.signed_on), iso_date(row.valid_from), iso_date(row.valid_to),
                _first_line(row.summary)]

    def _add_job(self, employer_id: str, fields: dict[str, object]) -> Job:
        service = self._employers
        return lambda: service.add_agreement(employer_id, fields)

    def _update_job(self, row_id: str, fields: dict[str, object]) -> Job:
        service = self._employers
        return lambda: service.update_agreement(row_id, fields)

    def _texts(self) -> ListTexts:
        return ListTexts(headers=(_("Signed"), _("Valid from"), _("Valid until"), _("Agreement")),
                         list_name=_("Agreements"),
                         form_title=_("Add an agreement, or edit the selected one"),
                         add=_("&Add as new agreement"), save=_("&Save changes"),
                         clear=_("C&lear the form"), added=_("The agreement was added."))
