"""What the employer register reads and edits: search, one employer's page, placements, contact and
agreement changes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.models import AuditEvent, Placement
from coachdesk.models.enums import AuditAction, PlacementKind
from coachdesk.models.store import Store
from coachdesk.services.employers import PlacementRow
from tests.unit.services.programme_fixtures import Programmes


@pytest.fixture
def p(store: Store) -> Programmes:
    return Programmes.over(store)


def _audits(store: Store, entity: str) -> list[AuditEvent]:
    with store.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.entity == entity)
                                    .order_by(AuditEvent.at, AuditEvent.id)))


def test_search_folds_case_and_accents_matches_inside_names_and_sorts_the_swedish_way(p: Programmes) -> None:
    for name, number in [("Östersunds Vård AB", None), ("Krokoms Bygg AB", "556036-0793"),
                         ("Järpens Café", None), ("Ålands Bygg", None), ("Bygg & Betong 100%", None)]:
        p.employers.create({"name": name, "org_number": number})
    assert [r.name for r in p.employers.search()] == [
        "Bygg & Betong 100%", "Järpens Café", "Krokoms Bygg AB", "Ålands Bygg", "Östersunds Vård AB"]
    assert [r.name for r in p.employers.search("OST")] == ["Östersunds Vård AB"]
    assert [r.name for r in p.employers.search("cafe")] == ["Järpens Café"]
    assert [r.name for r in p.employers.search("bygg")] == ["Bygg & Betong 100%", "Krokoms Bygg AB",
                                                             "Ålands Bygg"]
    assert [r.name for r in p.employers.search("5560360793")] == ["Krokoms Bygg AB"]
    assert [r.name for r in p.employers.search("556036-07")] == ["Krokoms Bygg AB"]
    assert [r.name for r in p.employers.search("0%")] == ["Bygg & Betong 100%"]  # % is a letter here
    assert p.employers.search("_") == []
    assert len(p.employers.search(limit=2)) == 2
    [krokom] = p.employers.search("krokom")
    assert (krokom.org_number, krokom.municipality) == ("556036-0793", None)


def test_search_leaves_out_removed_employers(p: Programmes, store: Store) -> None:
    kept = p.employers.create({"name": "Krokoms Bygg AB"})
    gone = p.employers.create({"name": "Krokoms Bageri"})
    with store.session() as session, session.begin():
        session.get(type(gone), gone.id).deleted = True  # type: ignore[union-attr]
    assert [r.id for r in p.employers.search("krokom")] == [kept.id]


def test_the_page_and_its_placements_name_the_participant_and_supervisor_and_audit_each_view(
    p: Programmes, store: Store
) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB", "competence_needs": "Carpenters"})
    per = p.employers.add_contact(shop.id, {"name": "Per Persson", "is_supervisor": True})
    p.employers.add_contact(shop.id, {"name": "Åsa Ek"})
    p.employers.add_contact(shop.id, {"name": "Anna Berg"})
    p.employers.add_agreement(shop.id, {"summary": "Language internships", "valid_from": "2026-01-01"})
    amina, omar = p.person(), p.person("Omar", "Farah")
    p.placements.create(amina, employer_id=shop.id, kind="internship", start="2026-09-07",
                        end="2026-10-16", hours_per_week=30)
    late = p.placements.create(omar, employer_id=shop.id, kind="language_internship", start="2026-11-02",
                               end="2026-12-18", hours_per_week=20, supervisor_id=per.id)
    other = p.employers.create({"name": "Järpens Café"})
    p.placements.create(omar, employer_id=other.id, kind="internship", start="2026-11-02",
                        end="2026-11-27", hours_per_week=10)

    detail = p.employers.detail(shop.id)
    assert detail.employer.competence_needs == "Carpenters"
    assert [c.name for c in detail.contacts] == ["Anna Berg", "Per Persson", "Åsa Ek"]
    assert [a.summary for a in detail.agreements] == ["Language internships"]
    assert detail.placements[0] == PlacementRow(
        late.id, omar, "Omar Farah", PlacementKind.LANGUAGE_INTERNSHIP, dt.date(2026, 11, 2),
        dt.date(2026, 12, 18), 20, "Per Persson")
    assert [(r.participant_name, r.supervisor_name) for r in detail.placements] == [
        ("Omar Farah", "Per Persson"), ("Amina Ali", None)]
    assert p.employers.placements(shop.id) == detail.placements

    views = [e for e in _audits(store, "placement") if e.action is AuditAction.VIEW]
    assert [(e.participant_id, e.fields) for e in views] == [(omar, None), (amina, None)] * 2


def test_placements_of_removed_participants_or_removed_placements_are_not_listed(
    p: Programmes, store: Store
) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB"})
    amina, omar = p.person(), p.person("Omar", "Farah")
    for who in (amina, omar):
        p.placements.create(who, employer_id=shop.id, kind="internship", start="2026-11-02",
                            end="2026-11-27", hours_per_week=20)
    p.participants.delete(amina)
    with store.session() as session, session.begin():
        for placement in session.scalars(select(Placement).where(Placement.participant_id == omar)):
            placement.deleted = True
    assert p.employers.placements(shop.id) == []


def test_an_unknown_employer_has_no_page(p: Programmes) -> None:
    with pytest.raises(NotFoundError, match="no longer exists"):
        p.employers.detail("no-such-id")
    with pytest.raises(NotFoundError):
        p.employers.placements("no-such-id")


def test_a_contact_is_edited_and_the_audit_names_the_changed_fields_only(p: Programmes, store: Store) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB"})
    per = p.employers.add_contact(shop.id, {"name": "Per Persson", "phone": "070-123 45 67"})
    changed = p.employers.update_contact(per.id, {"name": "Per Persson", "title": "Site manager",
                                                  "is_supervisor": True, "phone": "070-123 45 67"})
    assert (changed.title, changed.is_supervisor, changed.phone) == ("Site manager", True, "+46701234567")
    assert p.employers.update_contact(per.id, {"is_supervisor": ""}).is_supervisor is False
    updates = [e.fields for e in _audits(store, "employer_contact") if e.action is AuditAction.UPDATE]
    assert updates == ["is_supervisor,title", "is_supervisor"]
    assert not any("Site manager" in (e.fields or "") for e in _audits(store, "employer_contact"))


def test_a_bad_contact_change_is_refused_and_changes_nothing(p: Programmes) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB"})
    per = p.employers.add_contact(shop.id, {"name": "Per Persson"})
    before = p.row_counts()
    with pytest.raises(ValidationError) as refused:
        p.employers.update_contact(per.id, {"title": "Boss", "email": "per@", "name": ""})
    assert set(refused.value.errors) == {"email", "name"}
    assert refused.value.errors["name"] == "This field is required."
    assert p.row_counts() == before
    assert [(c.name, c.title) for c in p.employers.contacts(shop.id)] == [("Per Persson", None)]
    with pytest.raises(NotFoundError):
        p.employers.update_contact("no-such-id", {"title": "Boss"})


def test_an_agreement_is_edited_within_its_period(p: Programmes, store: Store) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB"})
    deal = p.employers.add_agreement(shop.id, {"summary": "Internships", "valid_from": "2026-03-01",
                                               "valid_to": "2026-12-31"})
    before = p.row_counts()
    with pytest.raises(ValidationError, match="valid_to"):  # checked against the stored start
        p.employers.update_agreement(deal.id, {"valid_to": "2026-02-28"})
    with pytest.raises(ValidationError, match="summary"):
        p.employers.update_agreement(deal.id, {"summary": "  "})
    with pytest.raises(ValidationError, match="signed_on"):
        p.employers.update_agreement(deal.id, {"signed_on": "15/1/2026"})
    assert p.row_counts() == before

    changed = p.employers.update_agreement(deal.id, {"signed_on": "2026-02-15", "valid_to": ""})
    assert (changed.signed_on, changed.valid_to) == (dt.date(2026, 2, 15), None)
    assert [e.fields for e in _audits(store, "agreement") if e.action is AuditAction.UPDATE] == [
        "signed_on,valid_to"]


def test_an_employer_update_audits_only_what_changed(p: Programmes, store: Store) -> None:
    shop = p.employers.create({"name": "Krokoms Bygg AB", "sector": "Construction"})
    p.employers.update(shop.id, {"name": "Krokoms Bygg AB", "sector": "Construction", "notes": "Call first"})
    p.employers.update(shop.id, {"sector": "Construction"})
    assert [e.fields for e in _audits(store, "employer") if e.action is AuditAction.UPDATE] == ["notes"]
