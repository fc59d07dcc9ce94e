"""Signing a vault in to a sync server, and what the first sign-in changes locally.

Tokens, the server's address and the account's ids are kept in ``local_meta``, inside the encrypted
database. The first sign-in replaces the vault's local placeholder office and owner by the server's (the
vault made them before it had ever synced) and queues every row not yet queued, so rows written before
change capture existed are sent too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import ValidationError
from sqlalchemy import Connection, delete, func, select, text

from coachdesk.i18n import _
from coachdesk.models import Base
from coachdesk.models.capture import captured_tables
from coachdesk.models.ids import uuid7
from coachdesk.models.store import Store
from coachdesk.models.sync_state import ROW_FIELD, ConflictRecord, OutboxEntry, PullSeen, SyncRejection
from coachdesk.sync import errors, http, session_state
from coachdesk.sync.http import ApiAnswer, EventHooks
from coachdesk.sync.protocol import LoginRequest, TokenResponse
from coachdesk.sync.txn import writing

#: Columns holding a user's id (besides foreign keys to ``users``): remapped with the owner at first sign-in.
USER_ID_COLUMNS = {
    "participants": ("coach_id",), "journal_entries": ("author_id",), "reviews": ("reviewer_id",),
    "audit_events": ("actor_id",), "interpreter_sessions": ("interpreter_id",),
}
_APPEND_ONLY_TRIGGER = "journal_entries_append_only"


@dataclass(frozen=True)
class LoginResult:
    user_id: str
    username: str
    display_name: str
    role: str
    office_id: str
    device_id: str
    #: The vault's local placeholder office and owner were replaced by the server's (first sign-in).
    remapped: bool
    #: The vault was another account's (with nothing unsent): its rows go at the next sync.
    switched_account: bool


#: Plain HTTP only to a server on this computer (the demo server of ``make run``, tests): nothing leaves it.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def normalise_url(server_url: str) -> str:
    url = server_url.strip().rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise errors.SyncError(_("The server address must start with https://."))
    if url.startswith("http://"):
        try:
            host = httpx.URL(url).host
        except httpx.InvalidURL:
            host = ""
        if host not in LOOPBACK_HOSTS:
            raise errors.SyncError(_("The server address must start with https://. Plain http:// is only "
                                     "for a server on this computer (127.0.0.1 or localhost)."))
    return url


def _pending(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(OutboxEntry)).scalar_one())


def _refuse_other_account(store: Store, username: str | None, user_id: str | None) -> None:
    with store.engine.connect() as conn:
        stored = session_state.read(conn, (session_state.USER_ID, session_state.USERNAME))
    if not stored:
        return
    other = (user_id is not None and stored.get(session_state.USER_ID) != user_id) or (
        user_id is None and stored.get(session_state.USERNAME) != username)
    if other and _pending(store):
        raise errors.AccountMismatch(_(
            "This vault belongs to the account {owner} and holds changes that were not synced yet. Sign in "
            "as {owner} and sync first, or use a new vault for this account.").format(
            owner=stored.get(session_state.USERNAME, "?")))


def login(store: Store, server_url: str, username: str, password: str, *, ca_bundle: str | Path | None = None,
          transport: httpx.BaseTransport | None = None, event_hooks: EventHooks | None = None,
          device_name: str = "CoachDesk") -> LoginResult:
    """Sign the vault in (``POST /api/v1/auth/login`` with the vault's device id) and keep the tokens."""
    url = normalise_url(server_url)
    _refuse_other_account(store, username, None)
    device_id = store.device_id

    def request(device: str) -> LoginRequest:
        try:
            return LoginRequest(username=username, password=password, device_id=device,
                                device_name=device_name[:200])
        except ValidationError:  # empty or absurdly long: no account has them
            raise errors.LoginFailed(_("Wrong user name or password."), code="invalid_credentials") from None

    with http.client(url, ca_bundle=ca_bundle, transport=transport, event_hooks=event_hooks) as session:
        try:
            tokens = http.login(session, request(device_id))
        except ApiAnswer:
            # This id was revoked, or is another account's: the vault signs in as a new device.
            device_id = uuid7()
            try:
                tokens = http.login(session, request(device_id))
            except ApiAnswer as answer:
                raise errors.refused(answer.code) from None
    user = tokens.user
    if user.role == "admin" or user.office_id is None:
        raise errors.LoginFailed(_("Administrator accounts do not sync. Sign in with a coach's or a "
                                   "supervisor's account."), code="forbidden")
    _refuse_other_account(store, username, user.id)
    return _adopt(store, url, ca_bundle, tokens, device_id)


def _adopt(store: Store, url: str, ca_bundle: str | Path | None, tokens: TokenResponse,
           device_id: str) -> LoginResult:
    user = tokens.user
    assert user.office_id is not None
    with writing(store.engine) as conn:
        stored = session_state.read_one(conn, session_state.USER_ID)
        first, switched = stored is None, stored is not None and stored != user.id
        if first and (store.office_id, store.user_id) != (user.office_id, user.id):
            _remap(conn, store, user.office_id, user.id, tokens)
        if first:
            _queue_unqueued(conn)
        if switched:
            _forget_account(conn)
        identity = {"office_id": user.office_id, "user_id": user.id, "device_id": device_id}
        session_state.write(conn, {
            **identity, session_state.SERVER_URL: url,
            session_state.CA_BUNDLE: str(ca_bundle) if ca_bundle else None,
            session_state.USER_ID: user.id, session_state.USERNAME: user.username,
            session_state.DISPLAY_NAME: user.display_name, session_state.ROLE: user.role,
            session_state.OFFICE_ID: user.office_id, **token_values(tokens)})
    store.set_identity(office_id=user.office_id, user_id=user.id,
                       device_id=device_id if device_id != store.device_id else None)
    return LoginResult(user_id=user.id, username=user.username, display_name=user.display_name,
                       role=user.role, office_id=user.office_id, device_id=device_id,
                       remapped=first, switched_account=switched)


def token_values(tokens: TokenResponse) -> dict[str, str | None]:
    return {session_state.TOKEN: tokens.token, session_state.REFRESH_TOKEN: tokens.refresh_token,
            session_state.TOKEN_EXPIRES: tokens.token_expires_at,
            session_state.REFRESH_EXPIRES: tokens.refresh_expires_at}


def _remap(conn: Connection, store: Store, office_id: str, user_id: str, tokens: TokenResponse) -> None:
    """Replace the placeholder office and owner everywhere; real fields (``coach_id``, ...) are captured,
    so the server learns them; the envelope ``office_id`` is not a field."""
    old_office, old_user = store.office_id, store.user_id
    user = tokens.user
    name = conn.execute(text("SELECT name FROM offices WHERE id = :id"),
                        {"id": old_office}).scalar() or "Office"
    conn.execute(text("INSERT OR IGNORE INTO offices (id, updated_hlc, deleted, office_id, name) "
                      "VALUES (:id, '', 0, :id, :name)"), {"id": office_id, "name": name})
    conn.execute(text("INSERT OR IGNORE INTO users (id, updated_hlc, deleted, office_id, username, "
                      "display_name, role) VALUES (:id, '', 0, :office, :username, :display, :role)"),
                 {"id": user_id, "office": office_id, "username": user.username, "display": user.display_name,
                  "role": user.role})
    for table in Base.metadata.sorted_tables:
        if "office_id" in table.columns and table.name not in ("offices",) and "updated_hlc" in table.columns:
            conn.execute(table.update().where(table.c.office_id == old_office).values(office_id=office_id))
    trigger = conn.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                           {"n": _APPEND_ONLY_TRIGGER}).scalar()
    if trigger:  # who wrote an entry is not an edit of it
        conn.execute(text(f"DROP TRIGGER {_APPEND_ONLY_TRIGGER}"))
    for table in Base.metadata.sorted_tables:
        columns = set(USER_ID_COLUMNS.get(table.name, ())) | {
            c.name for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)}
        for column in sorted(columns):
            conn.execute(table.update().where(table.c[column] == old_user).values({column: user_id}))
    if trigger:
        conn.execute(text(trigger))
    if old_user != user_id:
        conn.execute(text("DELETE FROM users WHERE id = :id"), {"id": old_user})
    if old_office != office_id:
        conn.execute(text("DELETE FROM offices WHERE id = :id"), {"id": old_office})


def _queue_unqueued(conn: Connection) -> None:
    """Rows never captured (written before the vault had change capture) are queued whole."""
    for table in captured_tables(Base.metadata):
        conn.execute(text(
            f"INSERT INTO outbox (tbl, row_id, field, hlc, base) SELECT :t, id, :f, cd_hlc(), NULL "  # noqa: S608
            f'FROM "{table.name}" WHERE id NOT IN (SELECT row_id FROM outbox WHERE tbl = :t) '
            f"AND id NOT IN (SELECT row_id FROM field_clock WHERE tbl = :t)"),
            {"t": table.name, "f": ROW_FIELD})


def _forget_account(conn: Connection) -> None:
    """Another account signs in to a vault with nothing unsent: its next pull starts from nothing and
    drops what the new account may not see."""
    for model in (ConflictRecord, SyncRejection, PullSeen):
        conn.execute(delete(model))
    session_state.write(conn, {session_state.CURSOR: None, session_state.BATCH: None,
                               session_state.PULL_DONE: None, session_state.RESET: "1"})


def sign_out(store: Store, *, transport: httpx.BaseTransport | None = None) -> None:
    """Revoke this device's tokens on the server (if it can be reached) and forget them locally."""
    with store.engine.connect() as conn:
        meta = session_state.read(conn, (session_state.SERVER_URL, session_state.TOKEN,
                                         session_state.CA_BUNDLE))
    try:
        if meta.get(session_state.SERVER_URL) and meta.get(session_state.TOKEN):
            with http.client(meta[session_state.SERVER_URL], ca_bundle=meta.get(session_state.CA_BUNDLE),
                             transport=transport) as session:
                http.logout(session, meta[session_state.TOKEN])
    finally:
        with writing(store.engine) as conn:
            session_state.write(conn, dict.fromkeys(session_state.TOKENS))
