"""An employer's contact people, among them the workplace supervisors (handledare) of placements."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coachdesk.formatting import ltr
from coachdesk.i18n import N_, _
from coachdesk.models import EmployerContact
from coachdesk.services.employers import EmployerService
from coachdesk.ui.employers.editable_list import EditableList, Job, ListTexts, Row
from coachdesk.ui.employers.fields import Field, Kind
from coachdesk.ui.tasks import TaskRunner

FIELDS: tuple[Field, ...] = (
    Field("name", N_("Contact &name:"), Kind.LINE),
    Field("title", N_("&Title or role:"), Kind.LINE),
    Field("phone", N_("Contact p&hone:"), Kind.LTR),
    Field("email", N_("Contact &e-mail:"), Kind.LTR),
    Field("is_supervisor", N_("Wor&kplace supervisor (handledare):"), Kind.CHECK),
)


class ContactsView(EditableList):
    """The contact list, and a form to add a contact or edit the selected one."""

    def __init__(self, *, employers: EmployerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(runner=runner, fields=FIELDS, parent=parent)
        self._employers = employers
        self.setObjectName("employer_contacts")
        self.retranslate()

    def _cells(self, row: Row) -> list[str]:
        assert isinstance(row, EmployerContact)
        return [row.name, row.title or "", ltr(row.phone), ltr(row.email),
                _("Yes") if row.is_supervisor else ""]

    def _add_job(self, employer_id: str, fields: dict[str, object]) -> Job:
        service = self._employers
        return lambda: service.add_contact(employer_id, fields)

    def _update_job(self, row_id: str, fields: dict[str, object]) -> Job:
        service = self._employers
        return lambda: service.update_contact(row_id, fields)

    def _texts(self) -> ListTexts:
        return ListTexts(headers=(_("Name"), _("Title or role"), _("Phone"), _("E-mail"), _("Supervisor")),
                         list_name=_("Contact people"),
                         form_title=_("Add a contact, or edit the selected one"),
                         add=_("&Add as new contact"), save=_("&Save changes"),
                         clear=_("C&lear the form"), added=_("The contact was added."))
