"""Typed settings of the running service: queue and state backends, the web server, the admin console
and the Zendesk sidebar app. Re-exported by ``carelayer.settings``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from carelayer.settings_base import Strict as _Strict


class QueueSettings(_Strict):
    """The durable job queue between webhooks and workers (SQLite under data_dir by default)."""

    backend: Literal["sqlite", "redis"] = "sqlite"
    url: str | None = None  # redis://host:6379/0 for backend redis (no password: see password_env)
    password_env: str = "CARELAYER_REDIS_PASSWORD"
    prefix: str = Field(default="carelayer", pattern=r"^[A-Za-z0-9_.-]+$")  # Redis key prefix
    lease_seconds: int = Field(default=120, ge=5)
    max_attempts: int = Field(default=6, ge=1, le=50)
    retry_base_seconds: float = Field(default=5, gt=0)
    retry_max_seconds: float = Field(default=900, gt=0)

    @model_validator(mode="after")
    def _backend_url(self) -> QueueSettings:
        if self.backend == "redis" and not (self.url or "").startswith(("redis://", "rediss://")):
            raise ValueError("queue.backend redis needs queue.url (redis://host:port/db or rediss://...)")
        netloc = (self.url or "").split("//", 1)[-1].split("/", 1)[0]
        if "@" in netloc and ":" in netloc.split("@", 1)[0]:  # a user name is fine, a password is not
            raise ValueError(f"queue.url must not hold a password; set ${self.password_env} instead")
        return self


class StateSettings(_Strict):
    """Where the state store lives (SQLite under data_dir by default) and how long it keeps things."""

    url: str | None = None  # postgresql://user@host:5432/db (no password: see password_env)
    password_env: str = "CARELAYER_DATABASE_PASSWORD"
    encryption_keys_env: str = "CARELAYER_DATA_KEYS"  # comma-separated Fernet keys, newest first
    retention_days: int | None = Field(default=None, ge=1)  # `carelayer purge` deletes older activity

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        if url is None:
            return None
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("state.url must be postgresql://user@host:port/db (leave it out for SQLite)")
        if ":" in url.split("//", 1)[1].split("@", 1)[0] and "@" in url:
            raise ValueError("state.url must not hold a password; set it in the environment (state.password_env)")
        return url


class WebSettings(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)
    threads: int = Field(default=8, ge=1, le=256)
    max_body_bytes: int = Field(default=1_000_000, ge=1024)


class ConsoleSettings(_Strict):
    """The admin console (served by `carelayer serve`); its secrets are named here, set in the environment."""

    admin_user: str = Field(default="admin", min_length=1)
    secret_key_env: str = "CARELAYER_SECRET_KEY"  # signs the session cookie; no key, no console
    password_hash_env: str = "CARELAYER_ADMIN_PASSWORD_HASH"  # werkzeug.security.generate_password_hash
    setup_token_env: str = "CARELAYER_SETUP_TOKEN"  # one-time: lets the first visitor choose the password
    api_token_env: str = "CARELAYER_API_TOKEN"  # optional: `Authorization: Bearer <token>` for /api/ scripts
    secure_cookies: bool = True  # False only for plain-HTTP local trials
    max_failures: int = Field(default=5, ge=1, le=100)  # failed sign-ins before the lock-out
    lockout_minutes: int = Field(default=15, ge=1, le=1440)
    max_upload_bytes: int = Field(default=1_000_000, ge=1024)  # simulation JSONL uploads
    helpdesk_ticket_urls: dict[str, str] = Field(default_factory=dict)  # e.g. {sandbox: "http://x/{id}"}
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s]+$")  # links in notes (approvals)


class ZendeskAppSettings(_Strict):
    """The Zendesk sidebar app's API (zendesk_app/): each call carries a JWT that Zendesk's request proxy
    signs (HS256) with the app's secure setting, the same secret as ``$<secret_env>`` here."""

    secret_env: str = "CARELAYER_ZENDESK_APP_SECRET"  # no secret, no sidebar API (every call gets 401)
    issuer: str = Field(default="zendesk-app", min_length=1)  # the app's `iss` claim (manifest: claims)
    audience: str = Field(default="carelayer", min_length=1)  # the app's `aud` claim
    helpdesk: str | None = None  # the configured Zendesk helpdesk the tickets live in (default: the first)
    max_token_seconds: int = Field(default=3600, ge=60, le=86400)  # refuse tokens issued for longer
    leeway_seconds: int = Field(default=30, ge=0, le=300)  # clock difference tolerated on exp/iat/nbf
