"""Secrets: argon2 password hashes, random session and API tokens (stored as SHA-256), CSRF
tokens (HMAC of a per-browser nonce) and a sign-in rate limiter."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

__all__ = [
    "TOKEN_PREFIX",
    "LoginLimiter",
    "NewToken",
    "csrf_for",
    "hash_password",
    "hash_secret",
    "new_api_token",
    "new_session_token",
    "password_problem",
    "verify_password",
]

TOKEN_PREFIX = "cc_"
MIN_PASSWORD = 10
_MAX_KEYS = 10_000
_HASHER = PasswordHasher()  # argon2id, the library's (RFC 9106 "low memory") defaults
# Verified when the email is unknown, so that a wrong email takes as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> tuple[bool, str | None]:
    """(whether ``password`` matches, a fresh hash when the stored one should be upgraded)."""
    if stored is None:
        with contextlib.suppress(VerificationError):
            _HASHER.verify(_DUMMY_HASH, password)
        return False, None
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    return True, (_HASHER.hash(password) if _HASHER.check_needs_rehash(stored) else None)


def password_problem(password: str) -> str | None:
    """Why ``password`` is refused, or None."""
    if len(password) < MIN_PASSWORD:
        return f"a password needs at least {MIN_PASSWORD} characters"
    if len(password) > 1024:
        return "a password has at most 1024 characters"
    return None


def hash_secret(value: str) -> str:
    """SHA-256 of a random secret (a session cookie or API token): what the database holds.

    The secrets carry 256 random bits, so a fast hash is enough (no dictionary to try).
    """
    return hashlib.sha256(value.encode()).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True, slots=True)
class NewToken:
    secret: str  # shown once
    hash: str
    prefix: str  # the first characters, to recognise the token in a listing


def new_api_token() -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return NewToken(secret, hash_secret(secret), secret[:10])


def csrf_for(key: bytes, nonce: str) -> str:
    """The CSRF token of a browser's nonce cookie: only this server can compute it."""
    return hmac.new(key, b"csrf:" + nonce.encode(), hashlib.sha256).hexdigest()


class LoginLimiter:
    """Failed sign-ins per key (an email, a client address) in a sliding window, in memory.

    ``blocked(key)`` gives the seconds to wait (0: go ahead). Thread-safe; one per app.
    """

    def __init__(self, attempts: int, window_s: float) -> None:
        self._attempts = attempts
        self._window = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        return failures

    def blocked(self, key: str, attempts: int | None = None) -> float:
        limit = attempts or self._attempts
        now = time.monotonic()
        with self._lock:
            failures = self._trim(key, now)
            if len(failures) < limit:
                if not failures:
                    self._failures.pop(key, None)
                return 0.0
            return max(1.0, failures[-limit] + self._window - now)

    def fail(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._failures[key].append(now)
            if len(self._failures) > _MAX_KEYS:  # many keys tried: forget the expired ones
                for stale in [k for k, v in self._failures.items() if v[-1] <= now - self._window]:
                    del self._failures[stale]

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
