"""Signing the one admin account in and out.

The password hash comes from the environment (``console.password_hash_env``, made with
``werkzeug.security.generate_password_hash``) or, when that is unset, from the state store, where the
first visitor holding the one-time setup token (``console.setup_token_env``) put it. After
``console.max_failures`` failed attempts the account is locked for ``console.lockout_minutes``; the
count lives in the store, so restarts and several server threads share it. Messages never say whether
the user name or the password was wrong.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from werkzeug.security import check_password_hash, generate_password_hash

from carelayer.console_store import ConsoleStore
from carelayer.errors import InputError
from carelayer.settings import Settings

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 256


class SignIn(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_SET_UP = "not set up"


@dataclass(frozen=True, slots=True)
class Attempt:
    result: SignIn
    locked_until: datetime | None = None


class Authenticator:
    """Checks credentials against the configured hash and keeps the lock-out count."""

    def __init__(self, settings: Settings, store: ConsoleStore, *, clock: Callable[[], datetime]) -> None:
        self._console = settings.file.console
        self._settings = settings
        self._store = store
        self._clock = clock

    @property
    def user(self) -> str:
        return self._console.admin_user

    def password_hash(self) -> str | None:
        return self._settings.secret(self._console.password_hash_env) or self._store.password_hash()

    def needs_setup(self) -> bool:
        """True while no password exists and a setup token is configured."""
        return self.password_hash() is None and bool(self._settings.secret(self._console.setup_token_env))

    def sign_in(self, user: str, password: str) -> Attempt:
        """OK only for the admin's name and password while the account is not locked out."""
        now = self._clock()
        lockout = self._store.lockout(self.user)
        if lockout.locked(now):
            return Attempt(SignIn.LOCKED, lockout.locked_until)
        stored = self.password_hash()
        if stored is None:
            return Attempt(SignIn.NOT_SET_UP)
        name_ok = hmac.compare_digest(user.strip().encode(), self.user.encode())
        password_ok = _check(stored, password)
        if name_ok and password_ok:
            self._store.clear_failures(self.user)
            self._store.record_event("sign in", actor=self.user, at=now)
            return Attempt(SignIn.OK)
        return self._failed(now)

    def set_up(self, token: str, password: str, confirm: str) -> Attempt:
        """Store the first password when ``token`` is the setup token; InputError for a weak password."""
        now = self._clock()
        lockout = self._store.lockout(self.user)
        if lockout.locked(now):
            return Attempt(SignIn.LOCKED, lockout.locked_until)
        expected = self._settings.secret(self._console.setup_token_env)
        if not self.needs_setup() or not expected:
            return Attempt(SignIn.NOT_SET_UP)
        if not hmac.compare_digest(token.strip().encode(), expected.encode()):
            return self._failed(now)
        if password != confirm:
            raise InputError("the two passwords differ")
        if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
            raise InputError(f"choose a password of {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters")
        if not self._store.set_password_hash_once(generate_password_hash(password), actor=self.user, at=now):
            return Attempt(SignIn.NOT_SET_UP)
        self._store.clear_failures(self.user)
        return Attempt(SignIn.OK)

    def _failed(self, now: datetime) -> Attempt:
        lock_for = timedelta(minutes=self._console.lockout_minutes)
        lockout = self._store.record_failure(
            self.user, now=now, max_failures=self._console.max_failures, lock_for=lock_for
        )
        if lockout.locked(now):
            self._store.record_event("locked out", actor="(sign-in form)", at=now, target=self.user)
            return Attempt(SignIn.LOCKED, lockout.locked_until)
        return Attempt(SignIn.WRONG)


def _check(stored: str, password: str) -> bool:
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return check_password_hash(stored, password)
    except (ValueError, TypeError):  # a malformed hash in the environment never signs anyone in
        return False
