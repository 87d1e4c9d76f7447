from __future__ import annotations

from knowledge.text import html_to_document, markdown_to_document, plain_to_document, tidy


def test_html_keeps_headings_lists_and_title_and_drops_scripts() -> None:
    html = """<html><head><title>Refills | Clinic</title><style>p{color:red}</style></head>
    <body><nav>Home | About</nav><h1>Refill requests</h1><p>Use the   portal.</p>
    <script>track()</script><h2>How long</h2><ul><li>Three days</li><li>Controlled: call</li></ul>
    <!-- internal comment --><footer>(c) 2026</footer></body></html>"""
    document = html_to_document(html)
    assert document.title == "Refills | Clinic"
    assert document.text.splitlines()[0] == "# Refill requests"
    assert "## How long" in document.text
    assert "- Three days" in document.text
    assert "Use the portal." in document.text
    for dropped in ("track()", "color:red", "internal comment", "Home | About", "(c) 2026"):
        assert dropped not in document.text


def test_html_without_title_uses_first_heading() -> None:
    assert html_to_document("<h2>Parking</h2><p>Level 2.</p>").title == "Parking"


def test_markdown_front_matter_gives_title_and_url() -> None:
    document = markdown_to_document("---\ntitle: Parking\nurl: https://x.example/p\n---\n## Where\nLevel 2.\n")
    assert (document.title, document.url) == ("Parking", "https://x.example/p")
    assert document.text == "## Where\nLevel 2."


def test_markdown_first_heading_is_the_title_without_front_matter() -> None:
    document = markdown_to_document("# Visiting hours\n\nNine to five.")
    assert (document.title, document.text) == ("Visiting hours", "Nine to five.")


def test_broken_front_matter_is_kept_as_text() -> None:
    document = markdown_to_document("---\n: [\n---\nBody")
    assert "Body" in document.text


def test_plain_text_first_short_line_is_title() -> None:
    assert plain_to_document("Hours\n\nOpen daily.").title == "Hours"
    assert plain_to_document("Only one line").title is None


def test_tidy_collapses_whitespace() -> None:
    assert tidy("a  \t b\r\n\n\n\nc\u00a0d ") == "a b\n\nc d"
