"""The monthly participant list for Statistics Sweden (SCB) and the ESF: who took part, with their
personnummer, start and end dates. The layout is documented in docs/exports.md.

One row per participant who has started. People without a personnummer or samordningsnummer are listed
with their birth date and gender and flagged, never left out: SCB asks about them separately.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from coachdesk.models import Enrollment, Exit, Participant
from coachdesk.models.enums import AuditAction
from coachdesk.models.store import Store
from coachdesk.reports.cohorts import code, first_starts, gender_of
from coachdesk.reports.period import Period
from coachdesk.services import access, audit
from coachdesk.services.validation import FieldError, PersonalNumber, parse_personal_number

# Stable machine column names (not translated: a documented layout other systems read).
COLUMNS = ("reporting_month", "participant_ref", "personnummer", "id_kind", "birth_date", "gender",
           "start_date", "end_date", "exit_destination", "flags")


@dataclass(frozen=True)
class ListedParticipant:
    participant_ref: str
    personnummer: str | None
    birth_date: dt.date | None
    gender: str
    start_date: dt.date
    end_date: dt.date | None
    exit_destination: str | None

    def _parsed(self) -> PersonalNumber | None:
        if not self.personnummer:
            return None
        try:
            return parse_personal_number(self.personnummer)
        except FieldError:
            return None

    @property
    def id_kind(self) -> str:
        """personnummer, samordningsnummer (day of birth + 60), invalid or none."""
        if not self.personnummer:
            return "none"
        parsed = self._parsed()
        if parsed is None:
            return "invalid"
        return "samordningsnummer" if parsed.coordination else "personnummer"

    @property
    def flags(self) -> tuple[str, ...]:
        found = []
        if not self.personnummer:
            found.append("missing_identity_number")
        elif self._parsed() is None:
            found.append("invalid_identity_number")
        if self.birth_date is None:
            found.append("missing_birth_date")
        return tuple(found)


def _rows(session: Session, *, month: Period | None, as_of: dt.date) -> Iterator[ListedParticipant]:
    # The list of a month is the state at its end: what happened later does not show in it.
    cutoff = min(month.last, as_of) if month else as_of
    starts = first_starts(cutoff)
    # Whether a programme began after the last exit: then the participant is back, with no end yet.
    latest_start = (select(Enrollment.participant_id, func.max(Enrollment.start_date).label("latest"))
                    .where(Enrollment.deleted.is_(False), Enrollment.start_date <= cutoff,
                           or_(Enrollment.ended_on.is_(None), Enrollment.ended_on >= Enrollment.start_date))
                    .group_by(Enrollment.participant_id).subquery("latest_start"))
    last_exit_rank = func.row_number().over(partition_by=Exit.participant_id,
                                            order_by=(Exit.exit_date.desc(), Exit.id.desc()))
    exits = (select(Exit.participant_id, Exit.exit_date, code(Exit.destination).label("destination"),
                    last_exit_rank.label("n"))
             .where(Exit.deleted.is_(False), Exit.exit_date <= cutoff)
             .subquery("last_exit"))
    query = (
        select(Participant.id, Participant.personnummer, Participant.birth_date, code(Participant.gender),
               starts.c.started, exits.c.exit_date, exits.c.destination, latest_start.c.latest)
        .join_from(Participant, starts, starts.c.participant_id == Participant.id)
        .join(latest_start, latest_start.c.participant_id == Participant.id)
        .outerjoin(exits, (exits.c.participant_id == Participant.id) & (exits.c.n == 1))
        .where(Participant.deleted.is_(False))
        .order_by(starts.c.started, Participant.id)
    )
    for ref, number, birth, gender, started, exited, destination, latest in session.execute(query):
        ended = exited is not None and exited >= started and exited >= latest
        if month is not None and ended and exited < month.first:
            continue  # left before the month
        yield ListedParticipant(ref, number or None, birth, gender_of(gender).value, started,
                                exited if ended else None, destination if ended else None)


def render(rows: list[ListedParticipant], *, month: str | None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([
            month or "", row.participant_ref, row.personnummer or "", row.id_kind,
            row.birth_date.isoformat() if row.birth_date else "", row.gender, row.start_date.isoformat(),
            row.end_date.isoformat() if row.end_date else "", row.exit_destination or "", " ".join(row.flags),
        ])
    return buffer.getvalue().encode("utf-8")


def participant_list(store: Store, *, month: Period | None = None,
                     as_of: dt.date | None = None) -> list[ListedParticipant]:
    """Everyone who has started (``month``: everyone in a programme on some day of it), start order."""
    access.require_records(store)
    with store.session() as session:
        return list(_rows(session, month=month, as_of=as_of or dt.date.today()))


def record_exported(store: Store) -> None:
    """The audit trail's note that identities left the vault: which fields, never whose."""
    with store.session() as session, session.begin():
        audit.record(session, actor_id=store.user_id, action=AuditAction.EXPORT, entity="participant_list",
                     entity_id=None, fields=COLUMNS)
