"""Inline SVG charts for the simulation report, drawn in Python: no script, no external asset.

Every text that comes from data (category names) is escaped here; coordinates and colours are ours.
Charts carry a ``<title>`` for screen readers and per-bar ``<title>`` tooltips; the same figures are
in the report's tables, so nothing is only visible in a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from agent.simulation import Figures
from app.report_format import ACTION_COLOURS, ACTION_NAMES, percent, shorten
from carelayer.types import Action

_LABEL_W = 170
_BAR_W = 440
_RIGHT_W = 110
_ROW_H = 28
_BAR_H = 18
_TOP = 8
_WIDTH = _LABEL_W + _BAR_W + _RIGHT_W
_MIN_LABELLED_SEGMENT = 26


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One bar of a chart: a display name (data, escaped on output) and its figures."""

    name: str
    figures: Figures


def actions_chart(rows: Sequence[ChartRow], *, title: str) -> str:
    """A stacked horizontal bar per row: the share of each action, with counts as tooltips."""
    body = [_row_label(i, row.name) + _stack(i, row.figures) for i, row in enumerate(rows)]
    return _svg(title, len(rows), "".join(body))


def accuracy_chart(rows: Sequence[ChartRow], *, title: str) -> str:
    """A horizontal bar per row: classification accuracy over the row's labelled tickets."""
    body = [_grid(len(rows))]
    for i, row in enumerate(rows):
        body.append(_row_label(i, row.name) + _accuracy_bar(i, row.figures))
    return _svg(title, len(rows), "".join(body))


def count_chart(rows: Sequence[tuple[str, int]], *, title: str, colour: str = "#1565c0") -> str:
    """A horizontal bar per ``(name, count)``, scaled to the largest count, the count to the right.

    Narrower than the report's charts (a few short labels), so its text stays readable on a phone.
    """
    label_w, bar_w, width = 100, 190, 340
    top = max((count for _, count in rows), default=0)
    body = []
    for i, (name, count) in enumerate(rows):
        y, length = _TOP + i * _ROW_H, (count / top * bar_w if top else 0.0)
        text_y = y + _BAR_H / 2 + 5
        body.append(
            f'<text x="{label_w - 8}" y="{text_y:.1f}" text-anchor="end" class="label">{escape(shorten(name, 14))}'
            f'</text><rect x="{label_w}" y="{y}" width="{length:.1f}" height="{_BAR_H}" fill="{colour}">'
            f"<title>{escape(f'{name}: {count}')}</title></rect>"
            f'<text x="{label_w + length + 6:.1f}" y="{text_y:.1f}" class="value">{count}</text>'
        )
    height = _TOP * 2 + max(len(rows), 1) * _ROW_H
    return (
        f'<svg class="chart counts" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _svg(title: str, rows: int, body: str) -> str:
    height = _TOP * 2 + max(rows, 1) * _ROW_H
    return (
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>{body}</svg>'
    )


def _row_label(index: int, name: str) -> str:
    y = _TOP + index * _ROW_H + _BAR_H / 2 + 5
    return (
        f'<text x="{_LABEL_W - 8}" y="{y:.1f}" text-anchor="end" class="label">'
        f"<title>{escape(name)}</title>{escape(shorten(name, 24))}</text>"
    )


def _stack(index: int, figures: Figures) -> str:
    y, x, parts = _TOP + index * _ROW_H, float(_LABEL_W), []
    for action in Action:
        count, share = figures.actions.count(action), figures.actions.share(action) or 0.0
        if not count:
            continue
        width = share * _BAR_W
        tip = f"{ACTION_NAMES[action]}: {count} ({percent(share)})"
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{_BAR_H}" fill="{ACTION_COLOURS[action]}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if width >= _MIN_LABELLED_SEGMENT:
            parts.append(_inside_text(x + width / 2, y, str(count)))
        x += width
    parts.append(_right_text(index, f"n = {figures.n}"))
    return "".join(parts)


def _accuracy_bar(index: int, figures: Figures) -> str:
    y, rate = _TOP + index * _ROW_H, figures.accuracy.rate
    if rate is None:
        return _right_text(index, "no labelled tickets", x=_LABEL_W + 4, muted=True)
    width = rate * _BAR_W
    tip = f"{percent(rate)}: {figures.accuracy.count} of {figures.accuracy.total} labelled tickets"
    bar = (
        f'<rect x="{_LABEL_W}" y="{y}" width="{width:.1f}" height="{_BAR_H}" fill="#1565c0">'
        f"<title>{escape(tip)}</title></rect>"
    )
    return bar + _right_text(index, f"{percent(rate)} ({figures.accuracy.count}/{figures.accuracy.total})")


def _grid(rows: int) -> str:
    bottom = _TOP + max(rows, 1) * _ROW_H
    lines = []
    for step in (0.0, 0.5, 1.0):
        x = _LABEL_W + step * _BAR_W
        lines.append(f'<line x1="{x:.1f}" y1="{_TOP - 4}" x2="{x:.1f}" y2="{bottom - 6}" class="grid"/>')
    return "".join(lines)


def _inside_text(x: float, y: int, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y + _BAR_H / 2 + 4:.1f}" text-anchor="middle" class="inside">{escape(text)}</text>'


def _right_text(index: int, text: str, *, x: int = _LABEL_W + _BAR_W + 8, muted: bool = False) -> str:
    y = _TOP + index * _ROW_H + _BAR_H / 2 + 5
    css = "muted" if muted else "value"
    return f'<text x="{x}" y="{y:.1f}" class="{css}">{escape(text)}</text>'
