"""Interpreter sessions (tolkpass): booking one, and the only window an interpreter has on a record.

A coach books a session for a participant; an interpreter's device lists the sessions assigned to its
user and, for each, the intake questions in the session's language. Neither path returns more of the
participant than the given name (what the server's interpreter scope sends). The interpreter view on the
coach's second screen gets an ``InterpreterChannel``: one session's prompts, nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from coachdesk.errors import ValidationError
from coachdesk.i18n import _
from coachdesk.models import InterpreterSession, Participant
from coachdesk.models.enums import AuditAction, Role, SessionPurpose
from coachdesk.models.store import Store
from coachdesk.services import access, audit, intake_catalog, lookup
from coachdesk.services.validation import FieldError, clean_language


@dataclass(frozen=True)
class SessionView:
    id: str
    purpose: SessionPurpose
    language: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    given_name: str  # all an interpreter may see of the participant


@dataclass(frozen=True)
class Prompt:
    """One question as the interpreter sees it: the section, the question and why it is asked."""

    key: str
    section: str
    ask: str
    explain: str
    number: int  # 1-based among the questions said to the participant
    count: int


def prompts(language: str) -> list[Prompt]:
    """Every question said to the participant, in ``language``, in the wizard's order."""
    texts = intake_catalog.texts(language)
    said = [(section, q) for section in intake_catalog.sections() for q in section.questions
            if not q.coach_only]
    return [Prompt(key=q.key, section=texts[f"{section.id}.title"], ask=texts[f"{q.key}.ask"],
                   explain=texts[f"{q.key}.explain"], number=n, count=len(said))
            for n, (section, q) in enumerate(said, 1)]


class InterpreterChannel:
    """What the interpreter view may read: the prompts of one session's language, by key."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._prompts = {prompt.key: prompt for prompt in prompts(language)}

    def prompt(self, key: str) -> Prompt | None:
        """The prompt for ``key``; None for a coach-only field (the interpreter view then waits)."""
        return self._prompts.get(key)


class InterpreterService:
    def __init__(self, store: Store) -> None:
        self._store = store

    def book(self, participant_id: str, *, language: str, starts_at: dt.datetime, ends_at: dt.datetime,
             purpose: SessionPurpose = SessionPurpose.INTAKE, interpreter_id: str = "") -> SessionView:
        """A coach books a session; ``interpreter_id`` is the interpreter's user id, or empty for an
        interpreter without a CoachDesk account (booked through an agency)."""
        access.require_records(self._store)
        try:
            code = clean_language(language)
        except FieldError as exc:
            raise ValidationError({"language": str(exc)}) from None
        if ends_at <= starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        with self._store.session() as session, session.begin():
            participant = lookup.participant(session, participant_id)
            row = InterpreterSession(participant_id=participant.id, interpreter_id=interpreter_id,
                                     purpose=purpose, language=code, starts_at=starts_at, ends_at=ends_at)
            session.add(row)
            session.flush()
            audit.record(session, actor_id=self._store.user_id, action=AuditAction.CREATE,
                         entity="interpreter_session", entity_id=row.id, participant_id=participant.id)
            return SessionView(row.id, purpose, code, starts_at, ends_at, participant.given_name)

    def my_sessions(self) -> list[SessionView]:
        """An interpreter's sessions, newest first; a coach's device lists its participants' sessions."""
        with self._store.session() as session:
            query = (select(InterpreterSession, Participant.given_name)
                     .join(Participant, Participant.id == InterpreterSession.participant_id)
                     .where(InterpreterSession.deleted.is_(False))
                     .order_by(InterpreterSession.starts_at.desc()))
            if access.role_in(session) is Role.INTERPRETER:
                query = query.where(InterpreterSession.interpreter_id == self._store.user_id)
            return [SessionView(row.id, row.purpose, row.language, row.starts_at, row.ends_at, name)
                    for row, name in session.execute(query)]

    def channel(self, session_id: str) -> InterpreterChannel:
        """The prompts of one session, for the interpreter assigned to it (or the coach running it)."""
        with self._store.session() as session:
            row = lookup.live(session, InterpreterSession, session_id)
            if row is None:
                raise access.denied()
            if access.role_in(session) is Role.INTERPRETER and row.interpreter_id != self._store.user_id:
                raise access.denied()
            return InterpreterChannel(row.language)
