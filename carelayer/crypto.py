"""Encryption at rest for what the state store keeps of a ticket (the decision: its draft and reasons).

Fernet (AES-128-CBC + HMAC-SHA256, from the ``cryptography`` package:
https://cryptography.io/en/latest/fernet/) with ``MultiFernet`` for rotation. The keys come from the
environment variable named in config (``state.encryption_keys_env``, default ``CARELAYER_DATA_KEYS``):
comma-separated Fernet keys, the newest first. New values are sealed with the first key; any listed
key opens. Rotation: put a new key in front, restart, run ``carelayer rotate-keys`` (re-seals every
stored value with the new key), then drop the old key. Without keys nothing is encrypted (the
embedded demo needs no setup) and values read back as they were written.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from carelayer.errors import ConfigError, StoreError

PREFIX = "fernet:"  # marks a sealed value, so plaintext written before keys were set still reads


class Sealer:
    """Seals and opens text with the configured keys; a no-op (plaintext) when there are none."""

    def __init__(self, keys: Sequence[str] = ()) -> None:
        try:
            self._fernet = MultiFernet([Fernet(key.strip().encode()) for key in keys]) if keys else None
        except ValueError as error:
            raise ConfigError("an encryption key is not a Fernet key (32 url-safe base64 bytes)") from error

    @classmethod
    def from_secret(cls, value: str | None, *, name: str) -> Sealer:
        """From the comma-separated environment value of ``name`` (None or empty: no encryption)."""
        keys = [part for part in (value or "").split(",") if part.strip()]
        try:
            return cls(keys)
        except ConfigError as error:
            raise ConfigError(str(error), location=f"${name}") from error

    @property
    def enabled(self) -> bool:
        return self._fernet is not None

    def seal(self, text: str) -> str:
        if self._fernet is None:
            return text
        return PREFIX + self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        """The plaintext of ``stored``; StoreError when it is sealed and no listed key opens it."""
        if not stored.startswith(PREFIX):
            return stored
        if self._fernet is None:
            raise StoreError("a stored value is encrypted but no encryption key is set")
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            raise StoreError("a stored value cannot be decrypted with the configured keys") from error

    def rotate(self, stored: str) -> str:
        """``stored`` re-sealed with the first key (plaintext gets sealed); unchanged without keys."""
        if self._fernet is None:
            return stored
        if not stored.startswith(PREFIX):
            return self.seal(stored)
        try:
            return PREFIX + self._fernet.rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")
        except InvalidToken as error:
            raise StoreError("a stored value cannot be decrypted with the configured keys") from error
