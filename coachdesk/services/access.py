"""Who may see what on this device, enforced in the services rather than only hidden in the UI.

The role is the one the server gave at sign-in (kept in ``local_meta``; a vault never signed in belongs to
its coach). An interpreter's device holds only the sessions assigned to them and three fields of each
session's participant (the server's scope); here the services refuse everything else too, so a view that
forgot to hide something still shows nothing: every record service is wrapped by ``records_only``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from coachdesk.errors import AccessDeniedError
from coachdesk.i18n import _
from coachdesk.models import LocalMeta
from coachdesk.models.enums import Role
from coachdesk.models.store import Store

#: The local_meta key the sync client writes the signed-in role under (coachdesk/sync/session_state.ROLE).
ROLE_KEY = "sync.role"
_Service = TypeVar("_Service", bound=type)


def role_in(session: Session) -> Role:
    row = session.get(LocalMeta, ROLE_KEY)
    try:
        return Role(row.value) if row is not None else Role.COACH
    except ValueError:
        return Role.COACH


def role(store: Store) -> Role:
    with store.session() as session:
        return role_in(session)


def denied() -> AccessDeniedError:
    return AccessDeniedError(_("An interpreter sees only the questions of the session they assist."))


def require_records(store: Store) -> None:
    """Refuse participant records to an interpreter's device."""
    if role(store) is Role.INTERPRETER:
        raise denied()


def records_only(cls: _Service) -> _Service:
    """Wrap every public method of a record service with ``require_records`` (the class keeps ``_store``)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        setattr(cls, name, _guarded(member))
    return cls


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        require_records(self._store)
        return method(self, *args, **kwargs)

    return wrapper
