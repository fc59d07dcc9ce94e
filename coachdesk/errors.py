"""Errors a user may see. Their text is already translated and names no personal data."""

from __future__ import annotations


class CoachDeskError(Exception):
    """Base class: ``str(error)`` is a sentence for the user, in their language."""


class WrongPassphraseError(CoachDeskError):
    pass


class WeakPassphraseError(CoachDeskError):
    """The passphrase is too short to protect the vault."""


class VaultNotFoundError(CoachDeskError):
    pass


class VaultExistsError(CoachDeskError):
    pass


class VaultDamagedError(CoachDeskError):
    """The database or key file is truncated, tampered with or not ours."""


class NotSQLCipherError(CoachDeskError):
    """The database driver does not encrypt; refusing to write plaintext."""


class VaultLockedError(CoachDeskError):
    """The vault was locked: its key is forgotten and no new connection can be opened."""


class NotFoundError(CoachDeskError):
    pass


class AppendOnlyError(CoachDeskError):
    pass


class ValidationError(CoachDeskError):
    """Bad input. ``errors`` maps each field name to a translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class AccessDeniedError(CoachDeskError):
    """The signed-in role may not see or change this (an interpreter outside their session)."""
