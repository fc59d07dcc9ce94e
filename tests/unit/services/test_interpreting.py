"""The interpreter role is enforced by the services: only the questions of their own sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from coachdesk.errors import AccessDeniedError, ValidationError
from coachdesk.models import LocalMeta, Participant
from coachdesk.models.enums import Role
from coachdesk.models.store import Store
from coachdesk.services import access
from coachdesk.services.agenda import AgendaService
from coachdesk.services.interpreting import InterpreterService, prompts
from coachdesk.services.participants import ParticipantService

START = dt.datetime(2026, 11, 23, 9, 0)
END = dt.datetime(2026, 11, 23, 11, 0)


def _participant(store: Store, given: str) -> str:
    return ParticipantService(store).create({"given_name": given, "family_name": "Test"}).id


def _sign_in_as(store: Store, role: Role) -> None:
    with store.session() as session, session.begin():
        session.merge(LocalMeta(key=access.ROLE_KEY, value=role.value))


def test_a_coach_books_a_session_and_bad_input_changes_nothing(store: Store) -> None:
    pid = _participant(store, "Selam")
    service = InterpreterService(store)
    with pytest.raises(ValidationError) as bad_language:
        service.book(pid, language="not a language!", starts_at=START, ends_at=END)
    assert "language" in bad_language.value.errors
    with pytest.raises(ValidationError) as backwards:
        service.book(pid, language="ti", starts_at=END, ends_at=START)
    assert "ends_at" in backwards.value.errors
    assert service.my_sessions() == []
    booked = service.book(pid, language="ti", starts_at=START, ends_at=END, interpreter_id="tolk-1")
    assert [s.id for s in service.my_sessions()] == [booked.id]
    assert booked.given_name == "Selam"


def test_an_interpreter_sees_only_their_sessions_and_no_record(store: Store) -> None:
    mine = _participant(store, "Selam")
    theirs = _participant(store, "Amina")
    service = InterpreterService(store)
    own = service.book(mine, language="ti", starts_at=START, ends_at=END, interpreter_id=store.user_id)
    other = service.book(theirs, language="ar", starts_at=START, ends_at=END, interpreter_id="someone-else")

    _sign_in_as(store, Role.INTERPRETER)
    assert [s.id for s in service.my_sessions()] == [own.id]
    channel = service.channel(own.id)
    first = prompts("ti")[0]
    assert channel.prompt(first.key) == first
    with pytest.raises(AccessDeniedError):
        service.channel(other.id)
    # Every record service refuses, not only the views that hide them.
    with pytest.raises(AccessDeniedError):
        ParticipantService(store).get(mine)
    with pytest.raises(AccessDeniedError):
        AgendaService(store).find_coach("anyone")
    with pytest.raises(AccessDeniedError):
        ParticipantService(store).update(mine, {"given_name": "X"})
    with pytest.raises(AccessDeniedError):
        service.book(mine, language="ti", starts_at=START, ends_at=END)
    with store.session() as session:
        unchanged = session.get(Participant, mine)
        assert unchanged is not None and unchanged.given_name == "Selam"  # nothing changed

    _sign_in_as(store, Role.COACH)
    assert ParticipantService(store).get(mine).given_name == "Selam"


def test_prompts_follow_the_catalog_in_the_session_language() -> None:
    arabic, swedish = prompts("ar"), prompts("sv")
    assert [p.key for p in arabic] == [p.key for p in swedish]
    assert arabic[0].ask != swedish[0].ask
    assert all(p.count == len(arabic) for p in arabic)
    assert "coach_only" not in {p.key for p in arabic}
    assert not any(p.key.endswith((".target_group", ".referral_date")) for p in arabic)


def test_the_role_is_read_where_the_sync_client_writes_it() -> None:
    from coachdesk.sync import session_state

    assert access.ROLE_KEY == session_state.ROLE  # services may not import sync: the key is written twice
