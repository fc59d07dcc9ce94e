"""What the admin API shows of offices, accounts and devices (never password or token digests)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from coachdesk.server.accounts import AccountView, DeviceView, OfficeView
from coachdesk.server.auth import iso


class Public(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfficePublic(Public):
    id: str
    name: str
    municipality: str | None
    users: int

    @classmethod
    def of(cls, view: OfficeView) -> OfficePublic:
        return cls(id=view.id, name=view.name, municipality=view.municipality, users=view.users)


class UserPublic(Public):
    id: str
    username: str
    display_name: str
    role: str
    office_id: str | None
    office_name: str | None
    disabled: bool

    @classmethod
    def of(cls, view: AccountView) -> UserPublic:
        return cls(id=view.id, username=view.username, display_name=view.display_name, role=view.role,
                   office_id=view.office_id, office_name=view.office_name, disabled=view.disabled)


class DevicePublic(Public):
    id: str
    user_id: str
    username: str
    name: str
    created_at: str
    last_seen_at: str | None
    token_expires_at: str | None
    revoked: bool

    @classmethod
    def of(cls, view: DeviceView) -> DevicePublic:
        return cls(id=view.id, user_id=view.account_id, username=view.username, name=view.name,
                   created_at=iso(view.created_at),
                   last_seen_at=iso(view.last_seen_at) if view.last_seen_at else None,
                   token_expires_at=iso(view.token_expires_at) if view.token_expires_at else None,
                   revoked=view.revoked_at is not None)
