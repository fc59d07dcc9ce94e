"""Account passwords are Argon2id at RFC 9106 cost in production; tests only pass a cheaper cost in."""

from __future__ import annotations

from argon2 import extract_parameters
from argon2.low_level import Type

from coachdesk.server.passwords import Passwords, WeakPasswordError, check_new_password
from coachdesk.server.settings import PasswordParams, Settings, resolve
from tests.integration.server.helpers import FAST_PASSWORDS


def test_the_production_cost_is_argon2id_with_64_mib_and_three_passes() -> None:
    assert resolve(database_url="sqlite://").password == PasswordParams()
    stored = Passwords(PasswordParams()).hash("a long enough password")
    params = extract_parameters(stored)
    assert (params.type, params.memory_cost, params.time_cost, params.parallelism) == (Type.ID, 65536, 3, 4)
    assert Settings(database_url="sqlite://").password.memory_kib >= 64 * 1024


def test_verify_accepts_the_password_only() -> None:
    passwords = Passwords(FAST_PASSWORDS)
    stored = passwords.hash("correct horse battery")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "correct horse batterY")
    assert not passwords.verify("not a hash", "correct horse battery")
    passwords.verify_dummy("anything")  # costs as much, proves nothing


def test_a_hash_made_at_a_lower_cost_is_flagged_for_rehashing() -> None:
    cheap = Passwords(FAST_PASSWORDS).hash("correct horse battery")
    assert Passwords(PasswordParams(time_cost=2, memory_kib=16, parallelism=1)).needs_rehash(cheap)


def test_new_passwords_have_a_minimum_length() -> None:
    for weak in ("", "short", "x" * 11, "y" * 1025):
        try:
            check_new_password(weak)
        except WeakPasswordError:
            continue
        raise AssertionError(f"accepted {len(weak)} characters")
    check_new_password("x" * 12)
