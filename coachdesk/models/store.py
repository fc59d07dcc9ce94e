"""An open local store: engine, session factory and the clock that stamps every synced row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session, sessionmaker

from coachdesk.errors import VaultDamagedError
from coachdesk.i18n import _
from coachdesk.models import migrate
from coachdesk.models.base import Base, Synced
from coachdesk.models.capture import Stamper, ensure_triggers, register
from coachdesk.models.engine import forget_key, make_engine
from coachdesk.models.enums import Role
from coachdesk.models.hlc import HybridLogicalClock
from coachdesk.models.ids import uuid7
from coachdesk.models.local import LocalMeta
from coachdesk.models.people import Office, User
from coachdesk.models.sync_state import OutboxEntry

HLC_KEY = "hlc_last"  # local_meta key of the clock's last stamp, so it resumes past it after a restart


@dataclass
class Store:
    """What the services work on. Built once per unlock; ``close()`` drops every connection."""

    engine: Engine
    sessions: sessionmaker[Session]
    clock: HybridLogicalClock
    device_id: str
    office_id: str
    user_id: str
    backup: Path | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def session(self) -> Session:
        return self.sessions()

    def set_identity(self, *, office_id: str, user_id: str, device_id: str | None = None) -> None:
        """Adopt the sync server's office and user ids (and a new device id), in memory; the caller
        writes them to local_meta in its own transaction."""
        self.office_id, self.user_id = office_id, user_id
        self.meta.update(office_id=office_id, user_id=user_id)
        self.sessions.kw["info"]["office_id"] = office_id
        if device_id is not None:
            self.device_id = self.meta["device_id"] = device_id
            self.clock.set_node(device_id)

    def close(self) -> None:
        """Drop every connection and forget the key: nothing can reopen the database until unlocked."""
        forget_key(self.engine)


def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    """Give every new or changed synced row a fresh HLC stamp and the office scope."""
    clock: HybridLogicalClock = session.info["clock"]
    office_id: str = session.info["office_id"]
    last = None
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Synced) and (obj in session.new or session.is_modified(obj)):
            last = obj.updated_hlc = clock.now()
            if not obj.office_id:
                obj.office_id = office_id
    if last is not None:
        session.merge(LocalMeta(key=HLC_KEY, value=last))


def _read_meta(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return {m.key: m.value for m in session.scalars(select(LocalMeta))}


def _last_stamp(engine: Engine, saved: str | None) -> str | None:
    """The newest stamp given out: Core writes stamp through the triggers without saving the clock."""
    with Session(engine) as session:
        newest = session.scalar(select(OutboxEntry.hlc).order_by(OutboxEntry.seq.desc()).limit(1))
    candidates = [stamp for stamp in (saved, newest) if stamp]
    return max(candidates) if candidates else None  # stamps sort as text


def _initialise(engine: Engine, office_name: str, owner_name: str) -> None:
    """First open of a new vault: this device's identity, a local office and its owner (a coach)."""
    device_id = uuid7()
    clock = HybridLogicalClock(device_id)
    office = Office(name=office_name, updated_hlc=clock.now())
    office.id = uuid7()
    office.office_id = office.id
    owner = User(username="local", display_name=owner_name, role=Role.COACH,
                 office_id=office.id, updated_hlc=clock.now())
    owner.id = uuid7()
    with Session(engine) as session, session.begin():
        session.add_all([office, owner])
        for key, value in {"device_id": device_id, "office_id": office.id, "user_id": owner.id,
                           "created_at": dt.datetime.now(dt.UTC).isoformat(),
                           HLC_KEY: clock.now()}.items():
            session.add(LocalMeta(key=key, value=value))


def open_store(
    db_path: Path,
    key: bytes,
    *,
    backup_dir: Path,
    driver: ModuleType = sqlcipher,
    office_name: str = "Office",
    owner_name: str = "Coach",
) -> Store:
    """Open (creating or upgrading as needed) the encrypted database at ``db_path``."""
    engine = make_engine(db_path, key, driver=driver)
    return store_from_engine(engine, db_path, backup_dir=backup_dir, office_name=office_name,
                             owner_name=owner_name)


def store_from_engine(
    engine: Engine,
    db_path: Path,
    *,
    backup_dir: Path,
    office_name: str = "Office",
    owner_name: str = "Coach",
) -> Store:
    """Migrate, initialise and wrap an engine. Takes ownership: disposes it if anything fails."""
    stamper = Stamper()  # no clock yet: nothing is captured while migrating and initialising
    register(engine, stamper)
    try:
        backup = migrate.upgrade(engine, db_path, backup_dir)
        meta = _read_meta(engine)
        if "device_id" not in meta:
            _initialise(engine, office_name, owner_name)
            meta = _read_meta(engine)
        with engine.begin() as conn:
            ensure_triggers(conn, Base.metadata)
        last = _last_stamp(engine, meta.get(HLC_KEY))
    except DatabaseError as exc:
        engine.dispose()
        raise VaultDamagedError(_("The database is damaged and cannot be read. "
                                  "Restore it from a backup.")) from exc
    except BaseException:
        engine.dispose()
        raise
    clock = HybridLogicalClock(meta["device_id"], last=last)
    stamper.clock = clock
    sessions = sessionmaker(engine, expire_on_commit=False,
                            info={"clock": clock, "office_id": meta["office_id"]})
    event.listen(sessions, "before_flush", _stamp)
    return Store(engine=engine, sessions=sessions, clock=clock, device_id=meta["device_id"],
                 office_id=meta["office_id"], user_id=meta["user_id"], backup=backup, meta=meta)
