from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from coachdesk.errors import NotFoundError, ValidationError
from coachdesk.models import AuditEvent, Participant
from coachdesk.models.enums import AuditAction, Gender, ParticipantStatus, TargetGroup
from coachdesk.models.store import Store
from coachdesk.services.participants import CaseloadFilter, ParticipantService


def _audit(store: Store) -> list[tuple[AuditAction, str | None]]:
    with store.session() as session:
        rows = session.execute(select(AuditEvent.action, AuditEvent.fields).order_by(AuditEvent.at,
                                                                                     AuditEvent.id))
        return [(a, f) for a, f in rows]


def _count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def test_create_fills_identity_and_sync_columns(store: Store) -> None:
    created = ParticipantService(store).create({
        "given_name": " Amina ", "family_name": "Hassan", "personnummer": "8503121231",
        "gender": "woman", "phone": "070-123 45 67", "target_group": "foreign_background",
    })
    assert created.given_name == "Amina"
    assert created.personnummer == "19850312-1231"
    assert created.birth_date == dt.date(1985, 3, 12)
    assert created.phone == "+46701234567"
    assert created.gender is Gender.WOMAN and created.target_group is TargetGroup.FOREIGN_BACKGROUND
    assert created.id[14] == "7"  # UUIDv7
    assert created.office_id == store.office_id and created.updated_hlc and not created.deleted
    assert _audit(store)[-1][0] is AuditAction.CREATE


@pytest.mark.parametrize("fields, bad_field", [
    ({"given_name": "A", "family_name": "B", "personnummer": "19850312-1234"}, "personnummer"),
    ({"given_name": "A", "family_name": "B", "email": "not-an-address"}, "email"),
    ({"given_name": "A", "family_name": "B", "phone": "123"}, "phone"),
    ({"given_name": "A", "family_name": "B", "birth_date": "2099-01-01"}, "birth_date"),
    ({"given_name": "A", "family_name": "B", "gender": "unknown"}, "gender"),
    ({"given_name": "A", "family_name": "B", "personnummer": "19850312-1231",
      "birth_date": "1985-03-13"}, "birth_date"),
    ({"family_name": "B"}, "given_name"),
    ({"given_name": "A", "family_name": "B", "shoe_size": "42"}, "shoe_size"),
])
def test_invalid_input_names_the_field_and_saves_nothing(
    store: Store, fields: dict[str, object], bad_field: str
) -> None:
    before_rows, before_audit = _count(store), len(_audit(store))
    with pytest.raises(ValidationError) as caught:
        ParticipantService(store).create(fields)
    assert bad_field in caught.value.errors
    assert caught.value.errors[bad_field]
    assert (_count(store), len(_audit(store))) == (before_rows, before_audit)


def test_update_records_changed_field_names_only_and_restamps(store: Store) -> None:
    service = ParticipantService(store)
    created = service.create({"given_name": "Omar", "family_name": "Ali"})
    updated = service.update(created.id, {"phone": "0701234567", "family_name": "Ali"})
    assert updated.phone == "+46701234567"
    assert updated.updated_hlc > created.updated_hlc
    action, fields = _audit(store)[-1]
    assert action is AuditAction.UPDATE and fields == "phone"
    assert "0701234567" not in str(_audit(store))


def test_bad_update_changes_nothing(store: Store) -> None:
    service = ParticipantService(store)
    created = service.create({"given_name": "Omar", "family_name": "Ali", "phone": "0701234567"})
    with pytest.raises(ValidationError):
        service.update(created.id, {"phone": "0701234568", "email": "broken@"})
    with pytest.raises(ValidationError):
        service.update(created.id, {"given_name": ""})
    with store.session() as session:
        again = session.get(Participant, created.id)
        assert again is not None and again.phone == "+46701234567" and again.given_name == "Omar"


def test_viewing_a_record_is_audited(store: Store) -> None:
    service = ParticipantService(store)
    created = service.create({"given_name": "Sara", "family_name": "Lind"})
    assert service.get(created.id).given_name == "Sara"
    assert _audit(store)[-1][0] is AuditAction.VIEW


def test_delete_leaves_a_tombstone_and_hides_the_participant(store: Store) -> None:
    service = ParticipantService(store)
    created = service.create({"given_name": "Sara", "family_name": "Lind"})
    service.delete(created.id)
    with pytest.raises(NotFoundError):
        service.get(created.id)
    assert service.count() == 0 and service.search("Sara") == []
    with store.session() as session:
        tombstone = session.get(Participant, created.id)
        assert tombstone is not None and tombstone.deleted


def test_caseload_pages_in_swedish_order_without_gaps(store: Store) -> None:
    service = ParticipantService(store)
    names = ["Öberg", "Zetterlund", "Åberg", "Ahmed", "Ädel", "Ekström", "Élan", "Yusuf"]
    for n, family in enumerate(names * 3):
        service.create({"given_name": f"P{n:02d}", "family_name": family})
    seen, cursor = [], None
    while True:
        page = service.page(after=cursor, limit=5)
        seen += page.rows
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    families = [r.family_name for r in seen]
    assert len(seen) == 24 and len({r.id for r in seen}) == 24
    assert families == sorted(families, key=["Ahmed", "Ekström", "Élan", "Yusuf", "Zetterlund",
                                              "Åberg", "Ädel", "Öberg"].index)


def test_caseload_filters(store: Store) -> None:
    service = ParticipantService(store)
    service.create({"given_name": "A", "family_name": "Young", "target_group": "youth_16_24_assistance"})
    service.create({"given_name": "B", "family_name": "Adult", "status": "intensive"})
    assert service.count(CaseloadFilter(target_group=TargetGroup.YOUTH_ASSISTANCE)) == 1
    rows = service.page(filters=CaseloadFilter(status=ParticipantStatus.INTENSIVE)).rows
    assert [r.family_name for r in rows] == ["Adult"]


def test_filters_follow_changes_to_the_record(store: Store) -> None:
    service = ParticipantService(store)
    created = service.create({"given_name": "C", "family_name": "Moving", "status": "referred"})
    service.update(created.id, {"status": "intensive", "target_group": "foreign_background"})
    assert service.count(CaseloadFilter(status=ParticipantStatus.REFERRED)) == 0
    assert service.count(CaseloadFilter(status=ParticipantStatus.INTENSIVE,
                                        target_group=TargetGroup.FOREIGN_BACKGROUND)) == 1
    assert [r.id for r in service.search("moving", filters=CaseloadFilter(
        status=ParticipantStatus.INTENSIVE))] == [created.id]
