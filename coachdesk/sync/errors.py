"""What can go wrong while signing in or syncing, as errors whose text is a sentence for the user.

Every failure leaves the outbox as it was: nothing local is lost, the next sync tries again.
"""

from __future__ import annotations

from coachdesk.errors import CoachDeskError
from coachdesk.i18n import _


class SyncError(CoachDeskError):
    """Base of the sync errors. ``code`` is the server's error code when there was one."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class AuthRequired(SyncError):
    """Not signed in, or the server no longer accepts this device's tokens (revoked, disabled, expired):
    the stored tokens are cleared; sign in again. Unsynced changes stay in the outbox meanwhile."""


class LoginFailed(SyncError):
    """Wrong user name or password, a locked or disabled account. ``retry_after`` in seconds if known."""

    def __init__(self, message: str, *, code: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class AccountMismatch(SyncError):
    """The vault is another account's and still holds changes that account has not synced."""


class UpgradeRequired(SyncError):
    """The server syncs another schema version: CoachDesk must be updated (HTTP 426)."""


class ServerUnavailable(SyncError):
    """The server could not be reached or answered with an error of its own (5xx, a damaged answer)."""


class Offline(ServerUnavailable):
    """No connection to the server at all (name resolution, refused connection, timeout)."""


class SyncCancelled(SyncError):
    """The user (or the app shutting down) stopped the sync between two round trips."""


class SyncRefused(SyncError):
    """The server refused the request itself (a 4xx other than the ones above): a defect to report."""


def cancelled() -> SyncCancelled:
    return SyncCancelled(_("Sync was stopped. Nothing was lost; it continues next time."))


def offline() -> Offline:
    return Offline(_("The sync server cannot be reached. Your changes are kept and sent later."))


def unavailable(code: str | None = None) -> ServerUnavailable:
    return ServerUnavailable(_("The sync server is not working right now. Your changes are kept and "
                               "sent later."), code=code)


def auth_required(code: str | None = None) -> AuthRequired:
    messages = {
        "device_revoked": _("This computer's access to the sync server was withdrawn. Sign in again."),
        "account_disabled": _("Your account on the sync server is disabled. Ask your administrator."),
        "token_expired": _("Your sign-in has expired. Sign in again."),
    }
    return AuthRequired(messages.get(code or "", _("Sign in to the sync server to sync.")), code=code)


def upgrade_required() -> UpgradeRequired:
    return UpgradeRequired(_("The sync server needs a newer version of CoachDesk. Update CoachDesk to "
                             "sync; your changes are kept."), code="upgrade_required")


def refused(code: str | None) -> SyncRefused:
    return SyncRefused(_("The sync server refused the request ({code}). Your changes are kept; "
                         "report this to your administrator.").format(code=code or "?"), code=code)
