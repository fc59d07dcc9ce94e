"""Employers (företagskontakter), their contact people, written agreements and the placements made there."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Agreement, Employer, EmployerContact, Participant, Placement
from coachdesk.models.enums import AuditAction, PlacementKind
from coachdesk.models.store import Store
from coachdesk.models.textfold import digits, fold
from coachdesk.services import audit, lookup
from coachdesk.services.access import records_only
from coachdesk.services.validation import (
    Cleaner,
    clean_bool,
    clean_date,
    clean_email,
    clean_fields,
    clean_org_number,
    clean_phone,
    text,
)

EMPLOYER_FIELDS: dict[str, Cleaner] = {
    "name": text(300, required=True),
    "org_number": clean_org_number,
    "sector": text(100),
    "municipality": text(100),
    "address": text(300),
    "phone": clean_phone,
    "email": clean_email,
    "competence_needs": text(10_000),
    "notes": text(10_000),
}
CONTACT_FIELDS: dict[str, Cleaner] = {
    "name": text(200, required=True),
    "title": text(100),
    "phone": clean_phone,
    "email": clean_email,
    "is_supervisor": clean_bool,
}
AGREEMENT_FIELDS: dict[str, Cleaner] = {
    "summary": text(10_000, required=True),
    "signed_on": clean_date,
    "valid_from": clean_date,
    "valid_to": clean_date,
}
_NUMBER = re.compile(r"[\d\s-]+")  # what an organisation number is typed as, in part or whole


@dataclass(frozen=True)
class EmployerRow:
    """One line of the employer list: only what the list shows."""

    id: str
    name: str
    org_number: str | None
    municipality: str | None


@dataclass(frozen=True)
class PlacementRow:
    """A placement made at an employer, as the employer's page lists it (read-only)."""

    id: str
    participant_id: str
    participant_name: str
    kind: PlacementKind
    start_date: dt.date
    end_date: dt.date | None
    hours_per_week: int | None
    supervisor_name: str | None


@dataclass(frozen=True)
class EmployerDetail:
    """Everything the employer's page shows, read in one go."""

    employer: Employer
    contacts: list[EmployerContact]
    agreements: list[Agreement]
    placements: list[PlacementRow]


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})


@records_only
class EmployerService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _audit(self, session: Session, action: AuditAction, entity: str, entity_id: str,
               fields: tuple[str, ...] = ()) -> None:
        audit.record(session, actor_id=self._store.user_id, action=action, entity=entity,
                     entity_id=entity_id, fields=fields)

    def _employer(self, session: Session, employer_id: str) -> Employer:
        employer = lookup.require(session, Employer, employer_id, _("The employer no longer exists."))
        return employer

    def create(self, fields: Mapping[str, object]) -> Employer:
        cleaned = clean_fields(fields, EMPLOYER_FIELDS, required=("name",))
        with self._store.session() as session, session.begin():
            self._check_unique_org_number(session, cleaned.get("org_number"), None)
            employer = Employer(**{k: v for k, v in cleaned.items() if v is not None})
            session.add(employer)
            session.flush()
            self._audit(session, AuditAction.CREATE, "employer", employer.id, tuple(cleaned))
        return employer

    def update(self, employer_id: str, fields: Mapping[str, object]) -> Employer:
        cleaned = _clean_update(fields, EMPLOYER_FIELDS, "name")
        with self._store.session() as session, session.begin():
            employer = self._employer(session, employer_id)
            self._check_unique_org_number(session, cleaned.get("org_number"), employer_id)
            self._apply(session, "employer", employer, cleaned)
        return employer

    @staticmethod
    def _check_unique_org_number(session: Session, org_number: str | None,
                                 employer_id: str | None) -> None:
        if not org_number:
            return
        stmt = select(Employer.id).where(Employer.org_number == org_number, ~Employer.deleted)
        existing = session.scalar(stmt)
        if existing is not None and existing != employer_id:
            raise ValidationError({"org_number": _("An employer with this organisation number "
                                                   "is already registered.")})

    def get(self, employer_id: str) -> Employer:
        with self._store.session() as session:
            return self._employer(session, employer_id)

    def find(self, name_prefix: str = "", *, limit: int = 200) -> list[Employer]:
        stmt = select(Employer).where(~Employer.deleted).order_by(func.lower(Employer.name))
        if name_prefix:
            escaped = name_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Employer.name.ilike(f"{escaped}%", escape="\\"))
        with self._store.session() as session:
            return list(session.scalars(stmt.limit(limit)))

    def add_contact(self, employer_id: str, fields: Mapping[str, object]) -> EmployerContact:
        cleaned = clean_fields(fields, CONTACT_FIELDS, required=("name",))
        with self._store.session() as session, session.begin():
            self._employer(session, employer_id)
            contact = EmployerContact(employer_id=employer_id,
                                      **{k: v for k, v in cleaned.items() if v is not None})
            session.add(contact)
            session.flush()
            self._audit(session, AuditAction.CREATE, "employer_contact", contact.id, tuple(cleaned))
        return contact

    def contacts(self, employer_id: str) -> list[EmployerContact]:
        with self._store.session() as session:
            return self._contacts(session, employer_id)

    def add_agreement(self, employer_id: str, fields: Mapping[str, object]) -> Agreement:
        cleaned = clean_fields(fields, AGREEMENT_FIELDS, required=("summary",))
        _check_period(cleaned.get("valid_from"), cleaned.get("valid_to"))
        with self._store.session() as session, session.begin():
            self._employer(session, employer_id)
            agreement = Agreement(employer_id=employer_id,
                                  **{k: v for k, v in cleaned.items() if v is not None})
            session.add(agreement)
            session.flush()
            self._audit(session, AuditAction.CREATE, "agreement", agreement.id, tuple(cleaned))
        return agreement

    def agreements(self, employer_id: str) -> list[Agreement]:
        with self._store.session() as session:
            return self._agreements(session, employer_id)

    def search(self, query: str = "", *, limit: int = 500) -> list[EmployerRow]:
        """Employers whose name contains ``query``, in Swedish alphabetical order; empty lists them all.

        Case, accents and Arabic letter variants are folded as in the caseload search; a query of digits
        also matches the organisation number, written with or without its dash.
        """
        stmt = select(Employer.id, Employer.name, Employer.org_number, Employer.municipality).where(
            ~Employer.deleted)
        folded, number = fold(query.strip()), digits(query)
        if folded:
            matches = [func.cd_fold(Employer.name).contains(folded, autoescape=True)]
            if number and _NUMBER.fullmatch(query.strip()):
                matches.append(func.replace(Employer.org_number, "-", "").contains(number))
            stmt = stmt.where(or_(*matches))
        stmt = stmt.order_by(func.cd_sortkey(Employer.name, ""), Employer.id).limit(limit)
        with self._store.session() as session:
            return [EmployerRow(*row) for row in session.execute(stmt)]

    def detail(self, employer_id: str) -> EmployerDetail:
        """The employer with its contacts, agreements and placements; the placements read is audited."""
        with self._store.session() as session, session.begin():
            employer = self._employer(session, employer_id)
            return EmployerDetail(employer, self._contacts(session, employer_id),
                                  self._agreements(session, employer_id),
                                  self._placements(session, employer_id))

    def placements(self, employer_id: str) -> list[PlacementRow]:
        """The placements made at the employer, latest start first. Audited as a view of each participant."""
        with self._store.session() as session, session.begin():
            self._employer(session, employer_id)
            return self._placements(session, employer_id)

    def _placements(self, session: Session, employer_id: str) -> list[PlacementRow]:
        stmt = (select(Placement.id, Placement.participant_id, Participant.given_name,
                       Participant.family_name, Placement.kind, Placement.start_date, Placement.end_date,
                       Placement.hours_per_week, EmployerContact.name)
                .join(Participant, Participant.id == Placement.participant_id)
                .outerjoin(EmployerContact, and_(EmployerContact.id == Placement.supervisor_id,
                                                 ~EmployerContact.deleted))
                .where(Placement.employer_id == employer_id, ~Placement.deleted, ~Participant.deleted)
                .order_by(Placement.start_date.desc(), Placement.id))
        rows = [PlacementRow(pid, participant, f"{given} {family}", kind, start, end, hours, supervisor)
                for pid, participant, given, family, kind, start, end, hours, supervisor
                in session.execute(stmt)]
        for row in rows:
            # Participants' names and placements are personal data: every one shown is a view.
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.VIEW,
                         entity="placement", entity_id=row.id, participant_id=row.participant_id)
        return rows

    def _contacts(self, session: Session, employer_id: str) -> list[EmployerContact]:
        stmt = (select(EmployerContact)
                .where(EmployerContact.employer_id == employer_id, ~EmployerContact.deleted)
                .order_by(func.cd_sortkey(EmployerContact.name, ""), EmployerContact.id))
        return list(session.scalars(stmt))

    def _agreements(self, session: Session, employer_id: str) -> list[Agreement]:
        stmt = (select(Agreement)
                .where(Agreement.employer_id == employer_id, ~Agreement.deleted)
                .order_by(Agreement.valid_from))
        return list(session.scalars(stmt))

    def update_contact(self, contact_id: str, fields: Mapping[str, object]) -> EmployerContact:
        cleaned = _clean_update(fields, CONTACT_FIELDS, "name")
        if cleaned.get("is_supervisor", False) is None:
            cleaned["is_supervisor"] = False  # an empty answer is a no, never unknown
        with self._store.session() as session, session.begin():
            contact = lookup.require(session, EmployerContact, contact_id,
                                     _("The contact person no longer exists."))
            self._apply(session, "employer_contact", contact, cleaned)
        return contact

    def update_agreement(self, agreement_id: str, fields: Mapping[str, object]) -> Agreement:
        cleaned = _clean_update(fields, AGREEMENT_FIELDS, "summary")
        with self._store.session() as session, session.begin():
            agreement = lookup.require(session, Agreement, agreement_id,
                                       _("The agreement no longer exists."))
            _check_period(cleaned.get("valid_from", agreement.valid_from),
                          cleaned.get("valid_to", agreement.valid_to))
            self._apply(session, "agreement", agreement, cleaned)
        return agreement

    def _apply(self, session: Session, entity: str, row: Employer | EmployerContact | Agreement,
               cleaned: Mapping[str, Any]) -> None:
        changed = tuple(k for k, v in cleaned.items() if getattr(row, k) != v)
        for name in changed:
            setattr(row, name, cleaned[name])
        if changed:
            self._audit(session, AuditAction.UPDATE, entity, row.id, changed)


def _clean_update(fields: Mapping[str, object], spec: Mapping[str, Cleaner], required: str) -> dict[str, Any]:
    """Clean an update's fields; the required one may be left out, never emptied. Reports every error."""
    errors: dict[str, str] = {}
    try:
        cleaned = clean_fields(fields, spec)
    except ValidationError as exc:
        cleaned, errors = {}, exc.errors
    value = fields.get(required, "kept")
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[required] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return cleaned
