"""Verifying the Zendesk sidebar app's calls: a JWT that Zendesk's request proxy signs for the app.

The app asks for it with ``client.request({..., secure: true, jwt: {algorithm: "HS256", secret_key:
"{{setting.shared_secret}}", expiry: 300, claims: {iss, aud, sub}}, headers: {Authorization: "Bearer
{{jwt.token}}"}})``: the secret is a *secure* app setting, substituted by Zendesk's proxy server-side,
so it never reaches the agent's browser, and whoever does not hold it cannot mint a token.
https://developer.zendesk.com/documentation/apps/app-developer-guide/making-api-requests-from-a-zendesk-app/
(secure settings, JWT option) and /apps/app-developer-guide/manifest/ (``secure: true`` parameters).

PyJWT checks the signature, the algorithm (HS256 only: ``none`` and others are refused), ``iss`` and
``aud``; time is checked here against the injected clock, with a small leeway, and a token issued to
live longer than ``max_token_seconds`` is refused (a leaked one must not stay useful for days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt

from carelayer.errors import CarelayerError
from carelayer.settings import ZendeskAppSettings

ALGORITHM = "HS256"
MIN_SECRET_CHARS = 32  # RFC 7518 3.2: an HS256 key of at least 256 bits


class TokenError(CarelayerError):
    """The call carries no acceptable token; the message says why (never the token itself)."""


@dataclass(frozen=True, slots=True)
class AppCaller:
    """Who called, as the verified token says: ``sub`` is the agent's Zendesk user id when the app sent it."""

    subject: str | None
    expires: datetime

    @property
    def actor(self) -> str:
        return f"zendesk user {self.subject}" if self.subject else "zendesk app"


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header's value; TokenError when there is none."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenError("missing token: the call must carry Authorization: Bearer <JWT signed by Zendesk>")
    return token.strip()


def verify(token: str, *, secret: str | None, config: ZendeskAppSettings, now: datetime) -> AppCaller:
    """The caller of a token that is HS256-signed with ``secret``, names the configured issuer and audience,
    and is live at ``now``; TokenError otherwise (also when no usable secret is configured)."""
    if not secret or len(secret) < MIN_SECRET_CHARS:
        raise TokenError(
            f"the sidebar API is not configured: set ${config.secret_env} (at least {MIN_SECRET_CHARS} characters)"
        )
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=config.audience,
            issuer=config.issuer,
            options={"require": ["exp", "iss", "aud"], "verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.InvalidSignatureError as error:
        raise TokenError("invalid token: the signature does not match the shared secret") from error
    except jwt.InvalidAudienceError as error:
        raise TokenError(f"invalid token: audience is not {config.audience!r}") from error
    except jwt.InvalidIssuerError as error:
        raise TokenError(f"invalid token: issuer is not {config.issuer!r}") from error
    except jwt.MissingRequiredClaimError as error:
        raise TokenError(f"invalid token: the {error.claim!r} claim is missing") from error
    except jwt.InvalidTokenError as error:
        raise TokenError(f"invalid token: {type(error).__name__}") from error
    _check_times(claims, config=config, now=now.timestamp())
    subject = claims.get("sub")
    return AppCaller(
        subject=str(subject)[:64] if subject not in (None, "") else None,
        expires=datetime.fromtimestamp(float(claims["exp"]), tz=now.tzinfo),
    )


def _check_times(claims: Mapping[str, Any], *, config: ZendeskAppSettings, now: float) -> None:
    leeway = config.leeway_seconds
    expires, issued, not_before = (_number(claims, name) for name in ("exp", "iat", "nbf"))
    if expires is None:
        raise TokenError("invalid token: 'exp' is not a number")
    if expires <= now - leeway:
        raise TokenError("token expired: reload the app (Zendesk signs a fresh token with each call)")
    if not_before is not None and not_before > now + leeway:
        raise TokenError("token not valid yet: check the server's clock")
    if issued is not None and issued > now + leeway:
        raise TokenError("token issued in the future: check the server's clock")
    start = issued if issued is not None else now
    if expires - start > config.max_token_seconds + leeway:
        raise TokenError(
            f"token lives too long: at most {config.max_token_seconds} seconds (zendesk_app.max_token_seconds)"
        )


def _number(claims: Mapping[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenError(f"invalid token: {name!r} is not a number")
    return float(value)
