"""connectors.webhook_support: the header lookup, body parsing and signature checks every webhook adapter shares."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from connectors.base import WebhookError
from connectors.webhook_support import (
    check_hub_signature,
    find_header,
    hmac_sha256,
    hub_signature,
    json_object,
    same_secret,
)

SECRET = "whsec-4c1d9e0b7a"
BODY = b'{"ticket_id": "42"}'
HEADER = "X-Hub-Signature"


def test_find_header_ignores_case_and_strips_and_treats_blank_as_missing() -> None:
    headers = {"x-hub-signature": "  sha256=ab  ", "X-Empty": "   "}

    assert find_header(headers, "X-Hub-Signature") == "sha256=ab"
    assert find_header(headers, "X-Empty") is None
    assert find_header(headers, "X-Absent") is None


@pytest.mark.parametrize(
    ("body", "reason"), [(b"\xff\xfe", "not UTF-8 JSON"), (b"{", "not UTF-8 JSON"), (b"[1]", "object")]
)
def test_a_body_that_is_not_a_json_object_is_400(body: bytes, reason: str) -> None:
    with pytest.raises(WebhookError, match=reason) as caught:
        json_object(body)
    assert caught.value.status == 400


def test_json_object_reads_an_object() -> None:
    assert json_object(BODY) == {"ticket_id": "42"}


def test_hub_signature_is_hex_hmac_sha256_of_the_raw_body() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()

    assert hub_signature(SECRET, BODY) == "sha256=" + expected
    assert hmac_sha256(SECRET, BODY).hex() == expected


@pytest.mark.parametrize("given", [hub_signature(SECRET, BODY), "sha256=" + hub_signature(SECRET, BODY)[7:].upper()])
def test_a_matching_hub_signature_passes_in_either_hex_case(given: str) -> None:
    check_hub_signature(given, secret=SECRET, body=BODY, header=HEADER)


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (None, "missing X-Hub-Signature"),
        ("sha1=" + "0" * 40, "sha256=<64 hex digits>"),
        ("sha256=é", "sha256=<64 hex digits>"),
        (hub_signature("another-secret", BODY), "does not match"),
        (hub_signature(SECRET, BODY + b" "), "does not match"),
    ],
)
def test_a_missing_malformed_or_wrong_hub_signature_is_401_without_the_secret(given: str | None, reason: str) -> None:
    with pytest.raises(WebhookError, match=reason) as caught:
        check_hub_signature(given, secret=SECRET, body=BODY, header=HEADER)
    assert caught.value.status == 401 and SECRET not in str(caught.value)


def test_same_secret_compares_stripped_values() -> None:
    assert same_secret(f" {SECRET} ", SECRET)
    assert not same_secret(SECRET + "x", SECRET)
    assert not same_secret("", SECRET)
