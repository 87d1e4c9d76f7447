"""Splitting articles into passages along headings and paragraphs.

A passage is what gets embedded, searched and quoted in a reply, so it should hold one idea: a
section, or as many of its paragraphs as fit in ``max_chars``. Tiny sections join the next one so
that a heading alone never becomes a passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from carelayer.types import Article, Chunk

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@dataclass(frozen=True, slots=True)
class _Section:
    heading: str
    paragraphs: tuple[str, ...]


def chunk_article(article: Article, *, max_chars: int = 1200, min_chars: int = 300) -> list[Chunk]:
    """Passages of an article in reading order; every word of the body is in exactly one passage."""
    chunks: list[Chunk] = []
    for heading, text in _pack(_sections(article.body), max_chars, min_chars):
        chunks.append(
            Chunk(
                id=f"{article.key}#{len(chunks)}",
                source=article.source,
                article_id=article.id,
                title=article.title,
                text=text,
                position=len(chunks),
                url=article.url,
                heading=heading,
            )
        )
    return chunks


def indexable_text(chunk: Chunk) -> str:
    """What search engines see: the title and heading give a passage its context."""
    return f"{header_text(chunk)}\n{chunk.text}"


def header_text(chunk: Chunk) -> str:
    """The title and heading alone: what an article says it is about."""
    return chunk.title if not chunk.heading or chunk.heading == chunk.title else f"{chunk.title}\n{chunk.heading}"


def _sections(body: str) -> list[_Section]:
    sections: list[_Section] = []
    heading, lines = "", list[str]()
    for line in body.split("\n"):
        match = _HEADING.match(line)
        if match:
            sections.append(_Section(heading, _paragraphs(lines)))
            heading, lines = match.group(2), []
        else:
            lines.append(line)
    sections.append(_Section(heading, _paragraphs(lines)))
    return [s for s in sections if s.paragraphs]


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    text = "\n".join(lines)
    return tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())


def _pack(sections: list[_Section], max_chars: int, min_chars: int) -> Iterator[tuple[str, str]]:
    headings: list[str] = []
    buffer: list[str] = []
    for section in sections:
        if buffer and sum(map(len, buffer)) >= min_chars:
            yield _flush(headings, buffer)
            headings, buffer = [], []
        if section.heading:
            headings.append(section.heading)
        for piece in _pieces(section.paragraphs, max_chars):
            if buffer and sum(map(len, buffer)) + len(piece) > max_chars:
                yield _flush(headings, buffer)
                headings, buffer = [section.heading] if section.heading else [], []
            buffer.append(piece)
    if buffer:
        yield _flush(headings, buffer)


def _flush(headings: list[str], buffer: list[str]) -> tuple[str, str]:
    return " / ".join(dict.fromkeys(headings)), "\n\n".join(buffer)


def _pieces(paragraphs: tuple[str, ...], max_chars: int) -> Iterator[str]:
    """Paragraphs, with any paragraph longer than ``max_chars`` cut at sentence ends (or hard)."""
    for paragraph in paragraphs:
        if len(paragraph) <= max_chars:
            yield paragraph
            continue
        current = ""
        for whole_sentence in _SENTENCE_END.split(paragraph):
            sentence = whole_sentence
            while len(sentence) > max_chars:  # a "sentence" with no end (a list, a table)
                if current:
                    yield current
                    current = ""
                cut = sentence.rfind(" ", 0, max_chars + 1)
                cut = cut if cut > 0 else max_chars  # one enormous word: cut it hard
                yield sentence[:cut].rstrip()
                sentence = sentence[cut:].lstrip()
            if current and len(current) + 1 + len(sentence) > max_chars:
                yield current
                current = ""
            current = f"{current} {sentence}" if current else sentence
        if current:
            yield current
