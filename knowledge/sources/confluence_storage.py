"""Confluence storage format (XHTML with ``ac:`` and ``ri:`` elements) to clean text with its headings.

Storage format: https://confluence.atlassian.com/doc/confluence-storage-format-790796544.html
Macros that hold text a reader sees (code, panels, info/note/tip/warning, expand, layout sections)
keep that text; macros that pull in something else (attachments, Jira issues, includes, page trees,
tables of contents) are dropped, since their content is not the page's own approved text. Links to
other pages keep their text (or the target page's title). Everything else becomes plain HTML and goes
through the same converter as any HTML article, so headings become ``#`` lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import CData, NavigableString, Tag

from knowledge.text import Document, html_to_document

# Macros whose body is the page's own text.
TEXT_MACROS = frozenset(
    {"info", "note", "tip", "warning", "panel", "expand", "section", "column", "details", "excerpt"}
    | {"div", "span", "center", "quote", "ui-expand", "ui-tabs", "ui-tab", "aura-panel", "tabs-page"}
)
# Macros whose body is verbatim text.
CODE_MACROS = frozenset({"code", "noformat"})
# Parameters that name a macro's box (shown as a bold first line).
_TITLE_PARAMETERS = ("title",)


def storage_to_document(storage: str, *, title: str | None = None) -> Document:
    """Clean text of a page body in storage format; never raises on odd markup (unknown tags are unwrapped)."""
    soup = BeautifulSoup(storage, "html.parser")
    for macro in _live(soup, ["ac:structured-macro", "ac:macro"]):
        _replace_macro(soup, macro)
    for link in _live(soup, ["ac:link"]):
        link.replace_with(_link_text(link))
    for tag in _live(soup, ["ac:image", "ac:emoticon", "ac:placeholder", "ri:attachment", "ri:user"]):
        tag.decompose()
    for tag in _live(soup, ["ac:task-list", "ac:task", "ac:task-body", "ac:layout", "ac:layout-section"]):
        tag.name = {"ac:task-list": "ul", "ac:task": "li", "ac:task-body": "span"}.get(tag.name, "div")
    for tag in _live(soup, ["ac:task-id", "ac:task-status", "ac:parameter"]):
        tag.decompose()
    for tag in _live(soup, True):
        if ":" in tag.name:
            tag.unwrap()  # any other ac:/ri: wrapper: keep what it holds
    for paragraph in _live(soup, ["p"]):
        if paragraph.find_parent(["li", "td", "th"]) is not None:
            paragraph.unwrap()  # Confluence wraps every list item and cell in <p>: keep them on one line
    for table in _live(soup, ["table"]):
        table.replace_with(_table_block(soup, table))
    document = html_to_document(f"<html><body>{soup}</body></html>")
    return Document(text=document.text, title=title or document.title)


def _live(soup: BeautifulSoup, names: list[str] | bool) -> Iterator[Tag]:
    """Matching tags still in the tree (an earlier step may have removed one along with its parent)."""
    for tag in soup.find_all(names):
        if isinstance(tag, Tag) and tag.parent is not None:
            yield tag


def _replace_macro(soup: BeautifulSoup, macro: Tag) -> None:
    name = str(macro.get("ac:name", "")).lower()
    if name in CODE_MACROS:
        pre = soup.new_tag("pre")
        body = macro.find("ac:plain-text-body")
        pre.append(NavigableString(body.get_text() if body else ""))
        macro.replace_with(pre)
        return
    body = macro.find("ac:rich-text-body", recursive=False)
    if name not in TEXT_MACROS or not isinstance(body, Tag):
        macro.decompose()
        return
    box = soup.new_tag("div")
    heading = _parameter(macro, _TITLE_PARAMETERS)
    if heading:
        strong = soup.new_tag("p")
        strong.append(NavigableString(heading))
        box.append(strong)
    body.extract()
    body.name = "div"
    box.append(body)
    macro.replace_with(box)


def _parameter(macro: Tag, names: tuple[str, ...]) -> str | None:
    for parameter in macro.find_all("ac:parameter", recursive=False):
        if isinstance(parameter, Tag) and str(parameter.get("ac:name", "")).lower() in names:
            text = parameter.get_text(" ", strip=True)
            if text:
                return text
    return None


def _link_text(link: Tag) -> str:
    """What a reader sees for a link: its own text, else the title of the page (or anchor) it points to."""
    for body_name in ("ac:plain-text-link-body", "ac:link-body"):
        body = link.find(body_name)
        if isinstance(body, Tag):
            text = "".join(str(part) for part in body.descendants if isinstance(part, NavigableString | CData)).strip()
            if text:
                return text
    target = link.find(["ri:page", "ri:blog-post", "ri:space", "ri:attachment"])
    if isinstance(target, Tag):
        for attribute in ("ri:content-title", "ri:space-key", "ri:filename"):
            value = target.get(attribute)
            if isinstance(value, str) and value.strip():
                return value.strip()
    anchor = link.get("ac:anchor")
    return anchor.strip() if isinstance(anchor, str) else ""


def _table_block(soup: BeautifulSoup, table: Tag) -> Tag:
    """A table as one line per row, cells separated by `` | `` (header row first, as written)."""
    block = soup.new_tag("div")
    for row in table.find_all("tr"):
        if not isinstance(row, Tag) or row.find_parent("table") is not table:
            continue
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"], recursive=False)]
        if any(cells):
            line = soup.new_tag("p")
            line.append(NavigableString(" | ".join(cells)))
            block.append(line)
    return block
