"""Turning source documents into clean text that keeps its headings.

Headings become markdown ``#`` lines so the chunker can split along them whatever the input format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head", "nav", "footer", "form", "iframe")
_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "blockquote", "pre", "table", "tr", "ul", "ol"}
    | {"dl", "dd", "dt", "figure", "figcaption", "address", "details", "summary", "hr", "br"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACE_RUNS = re.compile(r"[ \t\r\f\v\u00a0]+")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Document:
    """Clean text and what the document says about itself (title and url may be unknown)."""

    text: str
    title: str | None = None
    url: str | None = None


def tidy(text: str) -> str:
    """Collapse runs of spaces within lines and of blank lines; strip each line."""
    lines = [_SPACE_RUNS.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def html_to_document(html: str) -> Document:
    """Visible text of an HTML page, headings kept as ``#`` lines, list items as ``-`` lines."""
    soup = BeautifulSoup(html, "lxml")
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    body = soup.body or soup
    parts: list[str] = []
    _walk(body, parts)
    text = tidy("".join(parts))
    if not title:
        first_heading = soup.find(list(_HEADINGS))
        title = first_heading.get_text(" ", strip=True) if first_heading else None
    return Document(text=text, title=title or None)


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if child.__class__ is NavigableString:  # skip comments, CDATA, doctype
                parts.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _HEADINGS:
            heading = child.get_text(" ", strip=True)
            parts.append(f"\n\n{'#' * _HEADINGS[name]} {heading}\n\n")
        elif name == "li":
            parts.append("\n- ")
            _walk(child, parts)
            parts.append("\n")
        elif name in ("td", "th"):
            _walk(child, parts)
            parts.append(" | ")
        elif name in _BLOCK_TAGS:
            parts.append("\n\n")
            _walk(child, parts)
            parts.append("\n\n")
        else:
            _walk(child, parts)


def markdown_to_document(markdown: str) -> Document:
    """Markdown with optional YAML front matter (``title``, ``url``); the first ``#`` line is the title."""
    meta: dict[str, object] = {}
    match = _FRONT_MATTER.match(markdown)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = loaded
            markdown = markdown[match.end() :]
    text = tidy(markdown)
    title = _text_or_none(meta.get("title"))
    if title is None and text.startswith("# "):
        first_line, _, rest = text.partition("\n")
        title, text = first_line[2:].strip(), rest.strip()
    return Document(text=text, title=title, url=_text_or_none(meta.get("url")))


def plain_to_document(text: str) -> Document:
    """Plain text: the first line is the title when it is short enough to be one."""
    text = tidy(text)
    first_line, _, rest = text.partition("\n")
    if first_line and len(first_line) <= 120 and rest.strip():
        return Document(text=rest.strip(), title=first_line.strip())
    return Document(text=text)


def _text_or_none(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
