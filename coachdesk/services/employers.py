"""Employers (företagskontakter), their contact people and written agreements."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import Agreement, Employer, EmployerContact
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.services import audit, lookup
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
        cleaned = clean_fields(fields, EMPLOYER_FIELDS)
        if "name" in cleaned and cleaned["name"] is None:
            raise ValidationError({"name": _("This field is required.")})
        with self._store.session() as session, session.begin():
            employer = self._employer(session, employer_id)
            self._check_unique_org_number(session, cleaned.get("org_number"), employer_id)
            changed = tuple(k for k, v in cleaned.items() if getattr(employer, k) != v)
            for name in changed:
                setattr(employer, name, cleaned[name])
            if changed:
                self._audit(session, AuditAction.UPDATE, "employer", employer_id, changed)
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
        stmt = (select(EmployerContact)
                .where(EmployerContact.employer_id == employer_id, ~EmployerContact.deleted)
                .order_by(EmployerContact.name))
        with self._store.session() as session:
            return list(session.scalars(stmt))

    def add_agreement(self, employer_id: str, fields: Mapping[str, object]) -> Agreement:
        cleaned = clean_fields(fields, AGREEMENT_FIELDS, required=("summary",))
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        with self._store.session() as session, session.begin():
            self._employer(session, employer_id)
            agreement = Agreement(employer_id=employer_id,
                                  **{k: v for k, v in cleaned.items() if v is not None})
            session.add(agreement)
            session.flush()
            self._audit(session, AuditAction.CREATE, "agreement", agreement.id, tuple(cleaned))
        return agreement

    def agreements(self, employer_id: str) -> list[Agreement]:
        stmt = (select(Agreement)
                .where(Agreement.employer_id == employer_id, ~Agreement.deleted)
                .order_by(Agreement.valid_from))
        with self._store.session() as session:
            return list(session.scalars(stmt))
