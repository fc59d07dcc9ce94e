from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.models import JournalEntry
from coachdesk.models.store import Store
from coachdesk.services.employers import EmployerService
from coachdesk.services.journal import JournalService
from coachdesk.services.participants import ParticipantService


def test_a_correction_is_a_new_entry_and_the_original_stays(store: Store) -> None:
    participant = ParticipantService(store).create({"given_name": "Lina", "family_name": "Berg"})
    journal = JournalService(store)
    first = journal.write(participant.id, "Met at the office; wants to work in care.")
    fix = journal.correct(first.id, "Met at the library; wants to work in care.")
    lines = journal.entries(participant.id)
    assert [line.entry.body for line in lines] == [first.body, fix.body]
    assert lines[0].corrected_by == fix.id and lines[1].entry.corrects_id == first.id


def test_the_database_refuses_to_edit_a_journal_entry(store: Store) -> None:
    participant = ParticipantService(store).create({"given_name": "Lina", "family_name": "Berg"})
    entry = JournalService(store).write(participant.id, "original")
    with pytest.raises(IntegrityError, match="append-only"), store.session() as s, s.begin():
        s.execute(update(JournalEntry).where(JournalEntry.id == entry.id).values(body="rewritten"))
    assert JournalService(store).entries(participant.id)[0].entry.body == "original"


def test_journal_rejects_empty_text_and_unknown_participants(store: Store) -> None:
    journal = JournalService(store)
    participant = ParticipantService(store).create({"given_name": "Lina", "family_name": "Berg"})
    with pytest.raises(ValidationError):
        journal.write(participant.id, "   ")
    with pytest.raises(NotFoundError):
        journal.write("no-such-id", "text")
    assert journal.entries(participant.id) == []


def test_employer_with_contacts_and_agreements(store: Store) -> None:
    employers = EmployerService(store)
    shop = employers.create({"name": "Krokom Bygg AB", "org_number": "5560360793",
                             "sector": "construction", "phone": "063-12 34 56"})
    assert shop.org_number == "556036-0793" and shop.phone == "+4663123456"
    employers.add_contact(shop.id, {"name": "Per Handledare", "is_supervisor": "yes"})
    employers.add_agreement(shop.id, {"summary": "Two language internships a term",
                                      "valid_from": "2026-01-01", "valid_to": "2026-12-31"})
    assert [c.is_supervisor for c in employers.contacts(shop.id)] == [True]
    assert len(employers.agreements(shop.id)) == 1
    assert [e.name for e in employers.find("krokom")] == ["Krokom Bygg AB"]


def test_employer_input_errors_change_nothing(store: Store) -> None:
    employers = EmployerService(store)
    shop = employers.create({"name": "Järpen Vård", "org_number": "556036-0793"})
    with pytest.raises(ValidationError, match="org_number"):
        employers.create({"name": "Copy", "org_number": "5560360793"})
    with pytest.raises(ValidationError, match="org_number"):
        employers.create({"name": "Bad", "org_number": "123"})
    with pytest.raises(ValidationError, match="valid_to"):
        employers.add_agreement(shop.id, {"summary": "x", "valid_from": "2026-05-01",
                                          "valid_to": "2026-04-01"})
    with pytest.raises(ValidationError):
        employers.update(shop.id, {"name": ""})
    assert [e.name for e in employers.find()] == ["Järpen Vård"]
    assert employers.agreements(shop.id) == []
