"""Participants (deltagare): create, view, change, remove, page through the caseload and search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Participant
from coachdesk.models.enums import (
    AuditAction,
    EducationLevel,
    Gender,
    ParticipantStatus,
    ReferralSource,
    TargetGroup,
)
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
from coachdesk.services.search import participant_index, search_ids
from coachdesk.services.validation import (
    Cleaner,
    FieldError,
    choice,
    clean_bool,
    clean_country,
    clean_email,
    clean_fields,
    clean_language,
    clean_languages,
    clean_past_date,
    clean_phone,
    clean_postal_code,
    integer,
    parse_personal_number,
    text,
)

_LONG = 10_000

FIELDS: dict[str, Cleaner] = {
    "given_name": text(200, required=True),
    "family_name": text(200, required=True),
    "personnummer": str,  # checked with the birth date in _check_identity
    "birth_date": clean_past_date,
    "gender": choice(Gender),
    "phone": clean_phone,
    "email": clean_email,
    "address": text(300),
    "postal_code": clean_postal_code,
    "city": text(100),
    "target_group": choice(TargetGroup),
    "referral_source": choice(ReferralSource),
    "referral_date": clean_past_date,
    "receives_financial_assistance": clean_bool,
    "receives_introduction_benefit": clean_bool,
    "foreign_born": clean_bool,
    "country_of_birth": clean_country,
    "arrival_year": integer(1900, 2100),
    "primary_language": clean_language,
    "other_languages": clean_languages,
    "interpreter_needed": clean_bool,
    "interpreter_language": clean_language,
    "education_level": choice(EducationLevel),
    "complete_upper_secondary": clean_bool,
    "disability_affects_work": clean_bool,
    "accessibility_needs": text(_LONG),
    "communication_needs": text(_LONG),
    "social_situation": text(_LONG),
    "work_experience": text(_LONG),
    "informal_competences": text(_LONG),
    "dreams": text(_LONG),
    "goals_summary": text(_LONG),
    "consent_given_on": clean_past_date,
    "consent_language": clean_language,
    "status": choice(ParticipantStatus),
    "coach_id": text(36),
}
REQUIRED = ("given_name", "family_name")
_NOT_NULL_DEFAULTS: dict[str, Any] = {"gender": Gender.NOT_STATED, "interpreter_needed": False,
                                      "status": ParticipantStatus.REFERRED}


@dataclass(frozen=True)
class CaseloadRow:
    """One line of the caseload table: only what the list shows."""

    id: str
    given_name: str
    family_name: str
    personnummer: str | None
    birth_date: dt.date | None
    gender: Gender
    status: ParticipantStatus
    target_group: TargetGroup | None
    coach_id: str | None


@dataclass(frozen=True)
class CaseloadFilter:
    status: ParticipantStatus | None = None
    target_group: TargetGroup | None = None
    coach_id: str | None = None


@dataclass(frozen=True)
class CaseloadPage:
    rows: list[CaseloadRow]
    next_cursor: tuple[str, str] | None  # (sort key, id) of the last row, for the next page


def _check_interpreter(cleaned: dict[str, Any], current: Participant | None) -> None:
    """An interpreter is booked in a language: needing one without saying which is refused."""
    needed = cleaned.get("interpreter_needed", current.interpreter_needed if current else False)
    language = cleaned.get("interpreter_language", current.interpreter_language if current else None)
    if needed and not language:
        raise ValidationError({"interpreter_language": _("Say which language the interpreter should speak.")})


def _check_identity(cleaned: dict[str, Any], current: Participant | None) -> None:
    """Personnummer must be valid and agree with the birth date; the birth date follows from it."""
    errors: dict[str, str] = {}
    raw_pnr = cleaned.get("personnummer", current.personnummer if current else None)
    birth = cleaned.get("birth_date", current.birth_date if current else None)
    if raw_pnr:
        try:
            number = parse_personal_number(raw_pnr)
        except FieldError as exc:
            errors["personnummer"] = str(exc)
        else:
            if "personnummer" in cleaned:
                cleaned["personnummer"] = number.text
            if birth is None:
                cleaned["birth_date"] = number.birth_date
            elif birth != number.birth_date:
                errors["birth_date"] = _("The birth date does not match the personal identity number.")
    if errors:
        raise ValidationError(errors)


_ROW_COLUMNS = (Participant.id, Participant.given_name, Participant.family_name,
                Participant.personnummer, Participant.birth_date, Participant.gender,
                Participant.status, Participant.target_group, Participant.coach_id)


_Stmt = TypeVar("_Stmt", bound=Select)  # type: ignore[type-arg]  # any row shape


def _filtered(stmt: _Stmt, filters: CaseloadFilter) -> _Stmt:
    """Filter on the caseload index's copies of the columns, where (column, sort key) is indexed."""
    idx = participant_index.c
    if filters.status is not None:
        stmt = stmt.where(idx.status == filters.status.value)
    if filters.target_group is not None:
        stmt = stmt.where(idx.target_group == filters.target_group.value)
    if filters.coach_id is not None:
        stmt = stmt.where(idx.coach_id == filters.coach_id)
    return stmt


class ParticipantService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _audit(self, session: Session, action: AuditAction, participant_id: str,
               fields: list[str] | tuple[str, ...] = ()) -> None:
        audit.record(session, actor_id=self._store.user_id, action=action, entity="participant",
                     entity_id=participant_id, participant_id=participant_id, fields=fields)

    def _load(self, session: Session, participant_id: str) -> Participant:
        participant = lookup.participant(session, participant_id)
        return participant

    def create(self, fields: Mapping[str, object]) -> Participant:
        cleaned = clean_fields(fields, FIELDS, required=REQUIRED)
        _check_identity(cleaned, None)
        _check_interpreter(cleaned, None)
        values = {**_NOT_NULL_DEFAULTS, **{k: v for k, v in cleaned.items() if v is not None}}
        with self._store.session() as session, session.begin():
            values.setdefault("coach_id", self._store.user_id)  # a coach registers into their own caseload
            participant = Participant(created_at=audit.utcnow(), **values)
            session.add(participant)
            session.flush()
            self._audit(session, AuditAction.CREATE, participant.id, tuple(cleaned))
        return participant

    def get(self, participant_id: str) -> Participant:
        """Open a record; the view itself is audited."""
        with self._store.session() as session, session.begin():
            participant = self._load(session, participant_id)
            self._audit(session, AuditAction.VIEW, participant_id)
        return participant

    def update(self, participant_id: str, fields: Mapping[str, object]) -> Participant:
        cleaned = clean_fields(fields, FIELDS)
        with self._store.session() as session, session.begin():
            participant = self._load(session, participant_id)
            _check_identity(cleaned, participant)
            _check_interpreter(cleaned, participant)
            for name in REQUIRED:
                if name in cleaned and cleaned[name] is None:
                    raise ValidationError({name: _("This field is required.")})
            changed = []
            for name, raw in cleaned.items():
                value = _NOT_NULL_DEFAULTS.get(name) if raw is None else raw
                if getattr(participant, name) != value:
                    setattr(participant, name, value)
                    changed.append(name)
            if changed:
                self._audit(session, AuditAction.UPDATE, participant_id, changed)
        return participant

    def delete(self, participant_id: str) -> None:
        """Remove from the caseload (a tombstone that sync carries); erasure is a separate, later step."""
        with self._store.session() as session, session.begin():
            participant = self._load(session, participant_id)
            participant.deleted = True
            self._audit(session, AuditAction.DELETE, participant_id)

    def count(self, filters: CaseloadFilter = CaseloadFilter()) -> int:
        stmt = _filtered(select(func.count()).select_from(participant_index), filters)
        with self._store.session() as session:
            return int(session.scalar(stmt) or 0)

    def page(self, *, after: tuple[str, str] | None = None, limit: int = 100,
             filters: CaseloadFilter = CaseloadFilter()) -> CaseloadPage:
        """One page of the caseload in Swedish alphabetical order, continuing after ``after``.

        Keyset paging (not OFFSET) keeps the thousandth page as fast as the first.
        """
        idx = participant_index.c
        stmt = (select(idx.sort_key, *_ROW_COLUMNS)
                .select_from(participant_index)
                .join(Participant, Participant.id == idx.participant_id)
                .order_by(idx.sort_key, idx.participant_id)
                .limit(limit))
        if after is not None:
            stmt = stmt.where(tuple_(idx.sort_key, idx.participant_id) > tuple_(*after))
        stmt = _filtered(stmt, filters)
        with self._store.session() as session:
            result = session.execute(stmt).all()
        rows = [CaseloadRow(*row[1:]) for row in result]
        cursor = (result[-1][0], result[-1][1]) if len(result) == limit else None
        return CaseloadPage(rows, cursor)

    def search(self, query: str, *, limit: int = 50,
               filters: CaseloadFilter = CaseloadFilter()) -> list[CaseloadRow]:
        """Full-text search by name, personnummer or phone; best matches first."""
        with self._store.session() as session:
            ids = search_ids(session, query, limit=limit * 4 if filters != CaseloadFilter() else limit)
            if not ids:
                return []
            stmt = _filtered(select(*_ROW_COLUMNS).join(
                participant_index, participant_index.c.participant_id == Participant.id)
                .where(Participant.id.in_(ids)), filters)
            found = {row.id: CaseloadRow(*row) for row in session.execute(stmt)}
        return [found[i] for i in ids if i in found][:limit]
