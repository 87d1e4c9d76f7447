"""Gaps the synthetic PHI corpus (benchmarks/phi_corpus.py) found in redaction, now closed."""

from __future__ import annotations

import pytest

from carelayer.redact import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("card ending in 4242 was declined", "card ending in [CARD] was declined"),
        ("My Visa that ends with 0017 is expired.", "My Visa that ends with [CARD] is expired."),
        ("my insurance ID card shows WHY-01021-30", "my insurance ID card shows [MEMBER_ID]"),
        ("my chart says 44718291", "my chart says [MRN]"),
        ("I moved to PO Box 6785 last month. Dr. Patel said hi", "I moved to [ADDRESS] last month. Dr. Patel said hi"),
        ("I live at 12 N. Main St, Salem, OR 97301.", "I live at [ADDRESS]."),
    ],
)
def test_identifiers_the_corpus_found(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I was there 3 days last month. Dr. Lee saw me.",
        "The card ending soon is a gift card.",
        "I called 12 times last week.",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert redact(text).text == text
