"""Confluence storage format (XHTML with ac:/ri: macros) to clean text, on real-shaped pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from carelayer.types import Article
from knowledge.chunking import chunk_article
from knowledge.sources.confluence_storage import storage_to_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "confluence"


def _text(name: str) -> str:
    return storage_to_document((FIXTURES / name).read_text(encoding="utf-8")).text


def test_headings_become_markdown_lines_the_chunker_splits_on() -> None:
    text = _text("billing-faq.xml")
    assert "# Billing FAQ" in text.splitlines()
    assert "## How do I pay my bill?" in text.splitlines()
    chunks = chunk_article(Article("wiki", "1", "Billing FAQ", text), max_chars=200, min_chars=50)
    assert {c.heading for c in chunks} >= {"How do I pay my bill?", "Fees"}


def test_tables_read_one_row_a_line() -> None:
    lines = _text("billing-faq.xml").splitlines()
    assert "Service | Fee" in lines
    assert "Records copy | $10" in lines
    assert "Missed appointment | $25" in lines


def test_text_macros_keep_their_text_and_title() -> None:
    billing, portal, referrals = _text("billing-faq.xml"), _text("portal-setup.xml"), _text("referrals.xml")
    assert "Payment plans of up to 12 months are available with no interest." in billing  # info
    assert "Activation codes expire after 30 days." in portal  # note inside a layout
    assert "I did not get the email" in portal  # expand title
    assert "Never share your password with staff." in portal  # warning nested in expand
    assert "Insurance" in referrals.splitlines()  # panel title
    assert "- Some plans need a referral before the visit." in referrals.splitlines()
    assert "Bring your insurance card." in referrals  # tip


def test_code_macros_keep_their_verbatim_text() -> None:
    assert "Reset link: https://portal.example.org/reset?user=<your email> & follow the steps" in _text(
        "portal-setup.xml"
    )
    assert "Referral status line: option 3" in _text("referrals.xml")


def test_links_to_pages_keep_their_text_or_the_target_title() -> None:
    assert "See payment options for details." in _text("billing-faq.xml")
    assert "Questions? Contact the front desk." in _text("portal-setup.xml")


@pytest.mark.parametrize(
    ("name", "absent"),
    [
        ("billing-faq.xml", ["BILL-123", "System JIRA", "fee-schedule-2026.pdf", "statement-sample.png", "maxLevel"]),
        (
            "portal-setup.xml",
            ["Internal escalation matrix", "Staff only notes", "5b10ac8d82e05b22cc7d4ef5", "incomplete"],
        ),
        ("referrals.xml", ["APPROVED", "Green", "#deebff", "upload"]),
    ],
)
def test_macros_that_pull_in_other_content_are_dropped(name: str, absent: list[str]) -> None:
    text = _text(name)
    for word in absent:
        assert word not in text


def test_entities_and_task_lists_read_as_text() -> None:
    portal, referrals = _text("portal-setup.xml"), _text("referrals.xml")
    assert "- Verify your phone number" in portal.splitlines()
    assert "Specialist referrals take 3–5 business days. You will get a call" in referrals


def test_odd_markup_never_raises() -> None:
    for storage in (
        "",
        "<p>unclosed",
        "<ac:structured-macro ac:name='code'/>",
        "<ac:link/>",
        "<table><tr></tr></table>",
    ):
        storage_to_document(storage)
    assert storage_to_document("<p>Plain <em>words</em></p>", title="T").title == "T"
