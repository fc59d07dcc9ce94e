"""Account passwords: Argon2id hashes (argon2-cffi) with injectable cost, and the rule for a new one."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from coachdesk.i18n import _
from coachdesk.server.settings import PasswordParams

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


class WeakPasswordError(ValueError):
    pass


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(_("The password must be at least {count} characters long.").format(
            count=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(_("The password must be at most {count} characters long.").format(
            count=MAX_PASSWORD_LENGTH))


class Passwords:
    """Hash and verify with one cost; ``verify_dummy`` costs the same so unknown users take as long."""

    def __init__(self, params: PasswordParams) -> None:
        self._hasher = PasswordHasher(time_cost=params.time_cost, memory_cost=params.memory_kib,
                                      parallelism=params.parallelism, type=Type.ID)
        self._dummy: str | None = None  # made on first use: most commands never need it

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def verify_dummy(self, password: str) -> None:
        if self._dummy is None:
            self._dummy = self._hasher.hash("not a password of anyone")
        self.verify(self._dummy, password)

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)
