"""Employers (företagskontakter): the register with search-as-you-type, and one employer's page beside it."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QSplitter, QTabWidget, QTreeWidget, QVBoxLayout, QWidget

from coachdesk.errors import NotFoundError
from coachdesk.i18n import N_, _
from coachdesk.services.employers import EmployerDetail, EmployerService
from coachdesk.ui import dialogs
from coachdesk.ui.employers.agreements import AgreementsView
from coachdesk.ui.employers.contacts import ContactsView
from coachdesk.ui.employers.employer_form import EmployerForm
from coachdesk.ui.employers.fields import plain_label
from coachdesk.ui.employers.placements import PlacementsView
from coachdesk.ui.employers.register import EmployerList
from coachdesk.ui.tasks import TaskRunner


class EmployersView(QWidget):
    """The employer list on the left; the chosen employer's details, contacts, agreements and placements.

    Nothing is chosen at first: the page is then an empty form that registers a new employer.

    Signals:
        list_loaded(): the employer list (all, or the search results) arrived and is shown.
        detail_loaded(): the chosen employer's page was (re)read and shown.
        participant_activated(str): the id of the participant whose placement was chosen.
    """

    list_loaded = Signal()
    detail_loaded = Signal()
    participant_activated = Signal(str)

    def __init__(self, *, employers: EmployerService, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._employers, self._runner = employers, runner
        self._current: str | None = None
        self._generation = 0
        self._disposed = False
        self._list = EmployerList(employers=employers, runner=runner)
        self._heading = plain_label()
        self.form = EmployerForm(employers=employers, runner=runner)
        self.contacts = ContactsView(employers=employers, runner=runner)
        self.agreements = AgreementsView(employers=employers, runner=runner)
        self.placements = PlacementsView()
        self._tabs = QTabWidget()
        self._pages: list[tuple[QWidget, str]] = [
            (self.form, N_("&Details")), (self.contacts, N_("&Contacts")),
            (self.agreements, N_("A&greements")), (self.placements, N_("&Placements"))]
        for page, _title in self._pages:
            self._tabs.addTab(page, "")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self._heading)
        detail_layout.addWidget(self._tabs, 1)
        splitter = QSplitter()
        splitter.addWidget(self._list)
        splitter.addWidget(detail)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)

        self._list.loaded.connect(self.list_loaded)
        self._list.chosen.connect(self._on_chosen)
        self._list.new_requested.connect(self.new_employer)
        self.form.saved.connect(self._on_employer_saved)
        self.contacts.changed.connect(self._load_detail)
        self.agreements.changed.connect(self._load_detail)
        self.placements.participant_activated.connect(self.participant_activated)
        self._show_new()
        self.retranslate()
        self._list.refresh()

    # -- what the shell and tests read --------------------------------------------------------------

    @property
    def search_field(self) -> QLineEdit:
        return self._list.search_field

    @property
    def employer_list(self) -> QTreeWidget:
        return self._list.tree

    @property
    def new_button(self) -> QPushButton:
        return self._list.new_button

    @property
    def list_status_text(self) -> str:
        return self._list.status_text

    @property
    def tabs(self) -> QTabWidget:
        return self._tabs

    @property
    def current_employer_id(self) -> str | None:
        return self._current

    @property
    def heading_text(self) -> str:
        return self._heading.text()

    @property
    def has_unsaved_changes(self) -> bool:
        return self.form.is_dirty or self.contacts.is_dirty or self.agreements.is_dirty

    def refresh(self) -> None:
        """Read the list, and the employer shown, again."""
        self._list.refresh()
        self._load_detail()

    # -- choosing an employer -----------------------------------------------------------------------

    def select_employer(self, employer_id: str) -> bool:
        """Show ``employer_id``'s page, asking first about unsaved changes; False if the user stays."""
        if employer_id != self._current:
            if not self.confirm_leave():
                self._list.mark(self._current)  # back to the employer still shown
                return False
            self._open(employer_id)
        return True

    def new_employer(self) -> bool:
        """Show an empty form for a new employer, asking first about unsaved changes."""
        if not self.confirm_leave():
            return False
        self._show_new()
        self.form.editor("name").setFocus()
        return True

    def confirm_leave(self) -> bool:
        """True when the page may change: nothing unsaved, or the user chose to drop the changes."""
        if not self.has_unsaved_changes:
            return True
        if dialogs.confirm(self, _("Unsaved changes"),
                           _("This employer has changes that are not saved. Leave without saving them?")):
            return True
        self._tabs.setCurrentWidget(self.form if self.form.is_dirty
                                    else self.contacts if self.contacts.is_dirty else self.agreements)
        return False

    def _on_chosen(self, employer_id: str) -> None:
        self.select_employer(employer_id)

    def _show_new(self) -> None:
        self._current = None
        self._generation += 1  # an employer still being read is no longer wanted
        self._list.mark(None)
        self.form.set_employer(None)
        self.form.setEnabled(True)
        self._reset_lists(None)
        self._tabs.setCurrentWidget(self.form)
        self._heading.setText(_("New employer"))

    def _open(self, employer_id: str) -> None:
        self._current = employer_id
        self._list.mark(employer_id)
        self.form.set_employer(None)  # the last employer's edits go now, not when the next one arrives
        self.form.setEnabled(False)  # until the employer is read
        self._reset_lists(employer_id)
        self._heading.setText(_("Loading…"))
        self._load_detail()

    def _reset_lists(self, employer_id: str | None) -> None:
        self.contacts.set_employer(employer_id)
        self.agreements.set_employer(employer_id)
        self.placements.show_rows(())
        for page in (self.contacts, self.agreements, self.placements):
            self._tabs.setTabEnabled(self._tabs.indexOf(page), employer_id is not None)

    def _load_detail(self) -> None:
        employer_id = self._current
        if employer_id is None or self._disposed:
            return
        self._generation += 1
        job = partial(self._employers.detail, employer_id)
        self._runner.run_db(job, on_done=partial(self._on_detail, self._generation),
                            on_error=partial(self._on_detail_error, self._generation), context=self)

    def _on_detail(self, generation: int, detail: EmployerDetail) -> None:
        if generation != self._generation or self._disposed:
            return
        employer = detail.employer
        if self.form.employer_id != employer.id or not self.form.is_dirty:
            self.form.set_employer(employer)  # never overwrite the coach's unsaved edits
        self.form.setEnabled(True)
        self._heading.setText(employer.name)
        self.contacts.show_rows(detail.contacts)
        self.agreements.show_rows(detail.agreements)
        self.placements.show_rows(detail.placements)
        self.detail_loaded.emit()

    def _on_detail_error(self, generation: int, exc: Exception) -> None:
        if generation != self._generation or self._disposed:
            return
        if isinstance(exc, NotFoundError):  # removed meanwhile, by sync from another device
            self._show_new()
            self._list.refresh()
        self._heading.setText(dialogs.error_text(exc))

    def _on_employer_saved(self, employer_id: str) -> None:
        if self._current != employer_id:  # a new employer: its page opens
            self._current = employer_id
            self._list.mark(employer_id)
            self._reset_lists(employer_id)
        self.refresh()

    # -- locking and language -----------------------------------------------------------------------

    def dispose(self) -> None:
        """Drop every row and everything typed, and ignore results still on their way (the app is locking)."""
        self._disposed = True
        self._generation += 1
        self._current = None
        self._list.dispose()
        self.form.set_employer(None)
        self.contacts.dispose()
        self.agreements.dispose()
        self.placements.dispose()
        self._heading.clear()

    def retranslate(self) -> None:
        for index, (_page, title) in enumerate(self._pages):
            self._tabs.setTabText(index, _(title))
        self._tabs.setAccessibleName(_("Employer"))
        self._tabs.tabBar().setAccessibleName(_("Parts of the employer's page"))
        self._heading.setAccessibleName(_("Employer"))
        if self._current is None and not self._disposed:
            self._heading.setText(_("New employer"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
