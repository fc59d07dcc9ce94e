"""The synthetic data generator: valid, realistic, deterministic, usable through the services."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from coachdesk.models import (
    Activity,
    AuditEvent,
    Base,
    Employer,
    EmployerContact,
    Enrollment,
    LocalMeta,
    Participant,
)
from coachdesk.models.enums import (
    ActivityKind,
    ActivityStatus,
    AuditAction,
    EnrollmentStatus,
    Gender,
    Programme,
    TargetGroup,
)
from coachdesk.models.store import Store
from coachdesk.services import synthetic
from coachdesk.services.employers import CONTACT_FIELDS, EMPLOYER_FIELDS
from coachdesk.services.participants import FIELDS, ParticipantService
from coachdesk.services.synthetic import GenerationSummary, generate
from coachdesk.services.validation import (
    Cleaner,
    clean_fields,
    clean_org_number,
    clean_phone,
    parse_personal_number,
)
from coachdesk.unlock import create_vault
from tests.conftest import FAST_KDF, PASSPHRASE

LANGUAGE_OF = {"SY": "ar", "IQ": "ar", "SO": "so", "ER": "ti", "AF": "fa_AF", "IR": "fa",
               "UA": "uk"}


def _age(birth: dt.date | None, on: dt.date | None) -> int:
    assert birth is not None and on is not None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _all(store: Store, model: type[Base]) -> list[Any]:
    with store.session() as session:
        return list(session.scalars(select(model)))


@pytest.fixture(scope="module")
def population(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """2,000 people: enough for shares to settle, generated once for the statistical tests."""
    store = create_vault(tmp_path_factory.mktemp("population") / "vault", PASSPHRASE, kdf=FAST_KDF)
    generate(store, participants=2_000, seed=11)
    yield store
    store.close()


@pytest.fixture(scope="module")
def people(population: Store) -> list[Participant]:
    return _all(population, Participant)


def _share(items: list[Any], predicate: Any) -> float:
    return sum(1 for item in items if predicate(item)) / len(items)


# -- counts, stamps, audit -------------------------------------------------------------------------


def test_summary_matches_the_database_and_progress_is_reported(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(synthetic, "_BATCH", 40)
    calls: list[tuple[int, int]] = []

    summary = generate(store, participants=150, employers=7, activities_per_participant=2,
                       progress=lambda done, total: calls.append((done, total)))

    with store.session() as session:
        def count(model: type[Base]) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        intros = session.scalar(select(func.count()).select_from(Enrollment)
                                .where(Enrollment.programme == Programme.INTRODUCTION))
        assert summary == GenerationSummary(participants=count(Participant),
                                            employers=count(Employer),
                                            enrollments=count(Enrollment),
                                            activities=count(Activity))
        assert count(EmployerContact) == 7
    assert (summary.participants, summary.employers, summary.activities) == (150, 7, 300)
    assert intros == 150
    assert calls == [(40, 150), (80, 150), (120, 150), (150, 150)]


def test_employers_default_to_one_per_twenty_participants_within_bounds(store: Store) -> None:
    assert generate(store, participants=0).employers == 5
    assert synthetic.default_employers(1_000) == 50
    assert synthetic.default_employers(1_000_000) == 2_000


def test_negative_counts_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="negative"):
        generate(store, participants=-1)


def test_one_audit_event_for_the_whole_run(store: Store) -> None:
    generate(store, participants=60)

    events = _all(store, AuditEvent)
    assert [(e.action, e.entity, e.entity_id, e.participant_id) for e in events] == [
        (AuditAction.GENERATE, "synthetic_data", None, None)]
    assert events[0].actor_id == store.user_id


def test_every_row_is_stamped_for_sync_and_the_clock_is_saved(store: Store) -> None:
    generate(store, participants=60)

    stamps: list[str] = []
    for model in (Participant, Enrollment, Activity, Employer, EmployerContact):
        for row in _all(store, model):
            assert (row.office_id, row.deleted) == (store.office_id, False)
            assert len(row.id) == 36
            stamps.append(row.updated_hlc)
    assert len(set(stamps)) == len(stamps)
    with store.session() as session:
        saved = session.get(LocalMeta, "hlc_last")
    # A reopened vault resumes its clock from here, so it must be past every generated row.
    assert saved is not None and saved.value > max(stamps)


def test_no_personal_data_reaches_the_logs(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), caplog.at_level(logging.DEBUG, logger="sqlalchemy"):
        generate(store, participants=40)
    logged = caplog.text

    people = _all(store, Participant)
    secrets = [p.personnummer for p in people if p.personnummer]
    secrets += [p.phone for p in people if p.phone]
    secrets += [f"{p.given_name} {p.family_name}" for p in people]
    assert "sqlalchemy" in logged  # DEBUG logging was on while generating
    assert [s for s in secrets if s in logged] == []


# -- determinism -----------------------------------------------------------------------------------


def _snapshot(store: Store) -> list[tuple[Any, ...]]:
    people = [(p.given_name, p.family_name, p.personnummer, p.birth_date, p.gender, p.phone,
               p.email, p.target_group, p.country_of_birth, p.referral_date, p.status)
              for p in _all(store, Participant)]
    employers = [(e.name, e.org_number, e.phone) for e in _all(store, Employer)]
    activities = [(a.kind, a.iso_year, a.iso_week, a.planned_minutes, a.status)
                  for a in _all(store, Activity)]
    return sorted(people, key=repr) + sorted(employers) + sorted(activities, key=repr)


def test_the_same_seed_gives_the_same_people(store: Store, tmp_path: Path) -> None:
    other = create_vault(tmp_path / "other", PASSPHRASE, kdf=FAST_KDF)
    third = create_vault(tmp_path / "third", PASSPHRASE, kdf=FAST_KDF)
    try:
        for target, seed in ((store, 5), (other, 5), (third, 6)):
            generate(target, participants=120, seed=seed)
        assert _snapshot(store) == _snapshot(other)
        assert _snapshot(store) != _snapshot(third)
        # Ids are fresh UUIDv7s, never derived from the seed.
        ids = {p.id for p in _all(store, Participant)}
        assert not ids & {p.id for p in _all(other, Participant)}
    finally:
        other.close()
        third.close()


# -- validity --------------------------------------------------------------------------------------


def test_every_personnummer_is_valid_unique_and_matches_birth_date_and_gender(
    people: list[Participant],
) -> None:
    numbers = [p.personnummer for p in people if p.personnummer]
    assert len(numbers) == len(set(numbers))
    for person in people:
        if person.personnummer is None:
            continue
        parsed = parse_personal_number(person.personnummer)
        assert parsed.text == person.personnummer
        assert parsed.birth_date == person.birth_date
        serial_parity = int(person.personnummer[-2]) % 2
        if person.gender is Gender.MAN:
            assert serial_parity == 1
        elif person.gender is Gender.WOMAN:
            assert serial_parity == 0
        if parsed.coordination:
            assert person.foreign_born


def test_every_phone_and_organisation_number_is_valid_and_unique(population: Store) -> None:
    employers = _all(population, Employer)
    contacts = _all(population, EmployerContact)
    phones = [p.phone for p in _all(population, Participant) if p.phone]
    phones += [c.phone for c in contacts]
    assert len(phones) == len(set(phones))
    for phone in phones:
        assert clean_phone(phone) == phone
        assert phone[:5] in {"+4670", "+4672", "+4673", "+4676", "+4679"}
    for employer in employers:
        assert clean_phone(employer.phone) == employer.phone
        assert clean_org_number(employer.org_number) == employer.org_number
        assert int(employer.org_number[2]) >= 2
    assert len({e.org_number for e in employers}) == len(employers)
    assert len({e.name for e in employers}) == len(employers)


def _passes(row: Any, spec: dict[str, Cleaner]) -> None:
    raw = {name: getattr(row, name) for name in spec if getattr(row, name) is not None}
    clean_fields({k: getattr(v, "value", v) for k, v in raw.items()}, spec)


def test_every_record_passes_the_forms_own_validation(population: Store) -> None:
    for person in _all(population, Participant):
        _passes(person, FIELDS)
    for employer in _all(population, Employer):
        _passes(employer, EMPLOYER_FIELDS)
    for contact in _all(population, EmployerContact):
        _passes(contact, CONTACT_FIELDS)
        assert contact.is_supervisor


# -- realism ---------------------------------------------------------------------------------------


def test_target_groups_agree_with_age_origin_and_benefit(people: list[Participant]) -> None:
    for p in people:
        age = _age(p.birth_date, p.referral_date)
        assert 16 <= age <= 64
        if p.target_group is TargetGroup.YOUTH_ASSISTANCE:
            assert age <= 24 and p.receives_financial_assistance
        elif p.target_group is TargetGroup.ADULT_ASSISTANCE:
            assert age >= 25 and p.receives_financial_assistance
        else:
            assert p.target_group is TargetGroup.FOREIGN_BACKGROUND
            assert p.foreign_born and p.receives_introduction_benefit and age >= 20
            assert p.referral_date is not None and p.arrival_year is not None
            assert p.referral_date.year - 3 <= p.arrival_year <= p.referral_date.year
    groups = Counter(p.target_group for p in people)
    assert all(groups[group] / len(people) > 0.2 for group in TargetGroup)


def test_gender_is_about_half_women_half_men(people: list[Participant]) -> None:
    genders = Counter(p.gender for p in people)
    assert 0.44 <= genders[Gender.WOMAN] / len(people) <= 0.53
    assert 0.44 <= genders[Gender.MAN] / len(people) <= 0.53
    assert 0 < genders[Gender.OTHER] + genders[Gender.NOT_STATED] <= 0.06 * len(people)


def test_origins_languages_and_identity_numbers_look_like_the_caseload(
    people: list[Participant],
) -> None:
    foreign = [p for p in people if p.foreign_born]
    assert 0.40 <= len(foreign) / len(people) <= 0.50
    assert {p.country_of_birth for p in foreign} == set(LANGUAGE_OF)
    for p in foreign:
        assert p.primary_language == LANGUAGE_OF[str(p.country_of_birth)]
        assert p.arrival_year is not None and p.birth_date is not None
        assert p.birth_date.year <= p.arrival_year
    for p in people:
        assert p.interpreter_language == (p.primary_language if p.interpreter_needed else None)
        if not p.foreign_born:
            assert (p.country_of_birth, p.arrival_year, p.primary_language) == (None, None, "sv")
            assert p.personnummer is not None
    assert 0.08 <= _share(foreign, lambda p: p.personnummer is None) <= 0.22
    assert 0.03 <= _share(foreign, lambda p: p.personnummer
                          and parse_personal_number(p.personnummer).coordination) <= 0.2
    assert _share(foreign, lambda p: p.interpreter_needed) > 0.3
    assert 0.07 <= _share(people, lambda p: p.disability_affects_work) <= 0.13


def test_names_are_many_and_include_swedish_letters(people: list[Participant]) -> None:
    assert len({p.given_name for p in people}) > 300
    assert len({p.family_name for p in people}) > 250
    assert len({(p.given_name, p.family_name) for p in people}) > 0.9 * len(people)
    assert any(ch in p.given_name + p.family_name for p in people for ch in "åäöÅÄÖ")


def test_each_participant_has_a_four_week_introduction_with_dated_activities(
    population: Store, people: list[Participant],
) -> None:
    today = dt.date.today()
    enrollments = _all(population, Enrollment)
    intros = {e.participant_id: e for e in enrollments if e.programme is Programme.INTRODUCTION}
    assert set(intros) == {p.id for p in people}
    referred = {p.id: p.referral_date for p in people}
    for participant_id, intro in intros.items():
        assert referred[participant_id] < min(intro.start_date, today)
        assert intro.length_weeks == 4
        assert intro.planned_end_date == intro.start_date + dt.timedelta(weeks=4)
        assert intro.start_date.weekday() == 0
        assert today - dt.timedelta(days=740) <= intro.start_date <= today + dt.timedelta(weeks=3)
    by_enrollment: dict[str, list[Activity]] = {}
    for activity in _all(population, Activity):
        by_enrollment.setdefault(activity.enrollment_id, []).append(activity)
    for participant_id, intro in intros.items():
        activities = by_enrollment[intro.id]
        assert len(activities) == 3
        assert {a.participant_id for a in activities} == {participant_id}
        assert ActivityKind.MAPPING in {a.kind for a in activities}
        for a in activities:
            assert a.scheduled_at is not None
            day = a.scheduled_at.date()
            assert intro.start_date <= day < intro.planned_end_date
            assert (a.iso_year, a.iso_week) == tuple(day.isocalendar())[:2]
            assert a.planned_minutes > 0
            if a.status is ActivityStatus.PLANNED:
                assert day >= today
            if intro.status is EnrollmentStatus.PLANNED:
                assert a.status is ActivityStatus.PLANNED


# -- through the services --------------------------------------------------------------------------


def test_generated_people_are_found_by_name_and_personnummer(store: Store) -> None:
    generate(store, participants=300, seed=3)
    service = ParticipantService(store)
    people = _all(store, Participant)
    with_number = [p for p in people if p.personnummer][:25]

    for person in people[:25]:
        found = service.search(f"{person.given_name} {person.family_name}", limit=300)
        assert person.id in {row.id for row in found}
    for person in with_number:
        assert [row.id for row in service.search(person.personnummer)] == [person.id]
        assert [row.id for row in service.search(person.personnummer[2:])] == [person.id]


def test_caseload_paging_returns_every_generated_participant_once(store: Store) -> None:
    generate(store, participants=300, seed=4)
    service = ParticipantService(store)

    seen: list[str] = []
    cursor = None
    while True:
        page = service.page(after=cursor, limit=37)
        seen += [row.id for row in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == service.count() == 300
    assert set(seen) == {p.id for p in _all(store, Participant)}
