"""Password rules and hashing (argon2id from libsodium through PyNaCl)."""

from __future__ import annotations

from functools import lru_cache

import nacl.exceptions
import nacl.pwhash

from microcred_market.platform.errors import InvalidInput

MIN_LENGTH = 10
MAX_LENGTH = 256


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from real breaches. Loaded on the
    # first password check only: the lists are megabytes that most processes never need.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_policy(password: str, email: str | None = None) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput("error.accounts.password_too_short", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise InvalidInput("error.accounts.password_too_long", n=MAX_LENGTH)
    lowered = password.lower()
    local = (email or "").split("@")[0].lower()
    if lowered in _common() or (local and len(local) >= 4 and local in lowered):
        raise InvalidInput("error.accounts.password_too_common")


def hash_password(password: str) -> str:
    return nacl.pwhash.argon2id.str(password.encode("utf-8")).decode("ascii")


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return nacl.pwhash.verify(stored.encode("ascii"), password.encode("utf-8"))
    except (nacl.exceptions.InvalidkeyError, nacl.exceptions.CryptoError, ValueError):
        return False


# Hashing a dummy on unknown addresses keeps sign-in timing the same for both cases.
_DUMMY = None


def burn_time(password: str) -> None:
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_password("not-a-real-password-0000")
    verify_password(_DUMMY, password)
