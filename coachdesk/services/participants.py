"""Participants (deltagare): create, view, change, remove, page through the caseload and search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, column, func, literal_column, select, table, tuple_
from sqlalchemy import text as sql_text
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
from coachdesk.services.access import records_only
from coachdesk.services.agenda import coaches as office_coaches
from coachdesk.services.search import _ranked as ranked  # search.py's rule for when relevance counts
from coachdesk.services.search import match_expression, participant_index
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


# Phases still in the programme: everything but the exit.
ACTIVE_STATUSES = frozenset(set(ParticipantStatus) - {ParticipantStatus.EXITED})


@dataclass(frozen=True)
class CaseloadFilter:
    """What the caseload shows; the criteria combine (and). ``None`` leaves a criterion out.

    ``status`` is the programme phase; ``active`` is coarser: still in the programme (any phase but the
    exit), or exited. A phase and an ``active`` that contradict each other match nobody.
    """

    status: ParticipantStatus | None = None
    active: bool | None = None
    target_group: TargetGroup | None = None
    coach_id: str | None = None

    def statuses(self) -> frozenset[ParticipantStatus] | None:
        """The phases a participant may be in to match, or ``None`` for any; empty matches nobody."""
        allowed: frozenset[ParticipantStatus] | None = None
        if self.active is not None:
            allowed = ACTIVE_STATUSES if self.active else frozenset({ParticipantStatus.EXITED})
        if self.status is not None:
            allowed = frozenset({self.status}) & (allowed if allowed is not None else {self.status})
        return allowed

    @property
    def empty(self) -> bool:
        """True when no participant can match (a phase that contradicts ``active``)."""
        statuses = self.statuses()
        return statuses is not None and not statuses


@dataclass(frozen=True)
class CoachChoice:
    """A coach the caseload can be narrowed to."""

    id: str
    name: str


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
_EXITED = ParticipantStatus.EXITED.value


def _criteria(filters: CaseloadFilter) -> dict[str, list[str]]:
    """The caseload index's column -> the values a participant may have there, for each criterion set."""
    statuses = filters.statuses()
    criteria: dict[str, list[str]] = {}
    if filters.coach_id is not None:
        criteria["coach_id"] = [filters.coach_id]
    if statuses is not None:
        criteria["status"] = sorted(status.value for status in statuses)
    if filters.target_group is not None:
        criteria["target_group"] = [filters.target_group.value]
    return criteria


def _way_in(criteria: dict[str, list[str]], *, ordered: bool) -> str | None:
    """The criterion whose ``(column, sort_key, participant_id)`` index a query reads, or ``None`` for
    the name index ``(sort_key, participant_id)``.

    A fresh vault has no ANALYZE statistics, so SQLite would rate these indexes alike; it is told
    instead, narrowest first as an office's data grows: a coach's caseload (tens of people), a phase
    still in the programme, a target group, and last the exited, who pile up year after year. Several
    phases ("active") can drive a count, as a few index ranges, but not a page in name order (SQLite
    would sort every match): there they are a check instead.
    """
    statuses = criteria.get("status", [])
    by_status = len(statuses) == 1 or (bool(statuses) and not ordered)
    choices = (("coach_id", True), ("status", by_status and _EXITED not in statuses),
               ("target_group", True), ("status", by_status))
    return next((name for name, usable in choices if usable and name in criteria), None)


def _is_in(column: ColumnElement[Any], wanted: list[str]) -> ColumnElement[bool]:
    return column == wanted[0] if len(wanted) == 1 else column.in_(wanted)


def _filtered(stmt: _Stmt, filters: CaseloadFilter, *, ordered: bool) -> _Stmt:
    """Narrow ``stmt`` (which reads ``participant_index``) to ``filters``.

    One criterion is the way in (an index range, in name order for a page). Each other one is a probe
    of its own ``(column, sort_key, participant_id)`` index for the row at hand: read in name order,
    successive probes land on neighbouring index pages, where looking the row up by rowid would jump
    about the whole table.
    """
    criteria = _criteria(filters)
    way_in = _way_in(criteria, ordered=ordered)
    idx = participant_index.c
    for name, wanted in criteria.items():
        if name == way_in:
            stmt = stmt.where(_is_in(idx[name], wanted))
            continue
        # ``+participant_id`` keeps SQLite off the unique participant_id index (a jump to the table).
        alias = f"by_{name}"
        other = participant_index.alias(alias)
        stmt = stmt.where(select(literal_column("1")).select_from(other).where(  # not *: no table row
            _is_in(other.c[name], wanted), other.c.sort_key == idx.sort_key,
            literal_column(f"+{alias}.participant_id") == idx.participant_id).exists())
    return stmt


def _checked(stmt: _Stmt, filters: CaseloadFilter) -> _Stmt:
    """Narrow ``stmt`` to ``filters`` by checking each row it already reads (``+column``: no index)."""
    for name, wanted in _criteria(filters).items():
        stmt = stmt.where(_is_in(literal_column(f"+participant_index.{name}"), wanted))
    return stmt


_participant_fts = table("participant_fts", column("rowid"), column("rank"))
# The best ``limit`` matches, ties in name order, as ranking every match would give them; but only those
# ranked at least as well as the limit-th best are looked up for their name order (a common prefix such
# as "lin" matches thousands), and each match is ranked once.
_BEST_MATCHES = sql_text(
    "WITH matches AS MATERIALIZED "
    "(SELECT rowid, rank FROM participant_fts WHERE participant_fts MATCH :match) "
    "SELECT i.participant_id FROM matches m JOIN participant_index i ON i.rowid = m.rowid "
    "WHERE m.rank <= (SELECT max(rank) FROM (SELECT rank FROM matches ORDER BY rank LIMIT :limit)) "
    "ORDER BY m.rank, i.sort_key LIMIT :limit")


def _search_ids(session: Session, query: str, *, limit: int, filters: CaseloadFilter) -> list[str]:
    """Ids matching ``query`` within ``filters``, best first; the filters are checked on each match
    (the full-text index is the way in), so a narrow filter never hides matches past a cut-off."""
    expression = match_expression(query)
    if expression is None:
        return []
    by_rank = ranked(query)
    if by_rank and not _criteria(filters):
        return list(session.scalars(_BEST_MATCHES, {"match": expression, "limit": limit}))
    idx, fts = participant_index.c, _participant_fts.c
    stmt = (select(idx.participant_id)
            .select_from(_participant_fts)
            .join(participant_index, idx.rowid == fts.rowid)
            .where(sql_text("participant_fts MATCH :match").bindparams(match=expression))
            .order_by(*((fts.rank, idx.sort_key) if by_rank else (idx.sort_key,)))
            .limit(limit))
    return list(session.scalars(_checked(stmt, filters)))


@records_only
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

    def coaches(self) -> list[CoachChoice]:
        """The office's coaches by name, for narrowing the caseload to one of them."""
        return [CoachChoice(user.id, user.display_name) for user in office_coaches(self._store)]

    @property
    def user_id(self) -> str:
        """The signed-in user: "my caseload" is theirs."""
        return self._store.user_id

    def count(self, filters: CaseloadFilter = CaseloadFilter()) -> int:
        if filters.empty:
            return 0
        stmt = _filtered(select(func.count()).select_from(participant_index), filters, ordered=False)
        with self._store.session() as session:
            return int(session.scalar(stmt) or 0)

    def page(self, *, after: tuple[str, str] | None = None, limit: int = 100,
             filters: CaseloadFilter = CaseloadFilter(), descending: bool = False) -> CaseloadPage:
        """One page of the caseload in Swedish alphabetical order (A to Ö, or Ö to A when
        ``descending``), continuing after the row ``after`` in that direction.

        Keyset paging (not OFFSET) keeps the thousandth page as fast as the first, either way: a
        descending page reads the same index backwards.
        """
        if filters.empty:
            return CaseloadPage([], None)
        idx = participant_index.c
        position = tuple_(idx.sort_key, idx.participant_id)
        order = ((idx.sort_key.desc(), idx.participant_id.desc()) if descending
                 else (idx.sort_key.asc(), idx.participant_id.asc()))
        stmt = (select(idx.sort_key, *_ROW_COLUMNS)
                .select_from(participant_index)
                .join(Participant, Participant.id == idx.participant_id)
                .order_by(*order)
                .limit(limit))
        if after is not None:
            stmt = stmt.where(position < tuple_(*after) if descending else position > tuple_(*after))
        stmt = _filtered(stmt, filters, ordered=True)
        with self._store.session() as session:
            result = session.execute(stmt).all()
        rows = [CaseloadRow(*row[1:]) for row in result]
        cursor = (result[-1][0], result[-1][1]) if len(result) == limit else None
        return CaseloadPage(rows, cursor)

    def search(self, query: str, *, limit: int = 50,
               filters: CaseloadFilter = CaseloadFilter()) -> list[CaseloadRow]:
        """Full-text search by name, personnummer or phone within ``filters``; best matches first."""
        if filters.empty:
            return []
        with self._store.session() as session:
            ids = _search_ids(session, query, limit=limit, filters=filters)
            if not ids:
                return []
            stmt = select(*_ROW_COLUMNS).where(Participant.id.in_(ids))
            found = {row.id: CaseloadRow(*row) for row in session.execute(stmt)}
        return [found[i] for i in ids if i in found]
