"""The inline stylesheet of the simulation report: system fonts, no external asset, prints on A4/Letter."""

from __future__ import annotations

CSS = """
:root { --ink: #1a1a1a; --muted: #5f6368; --line: #dadce0; --good: #2e7d32; --bad: #c62828; --warn: #e65100; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0 0 12px; }
h3 { font-size: 1rem; margin: 0 0 4px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
header { margin-bottom: 8px; }
.meta, .muted { color: var(--muted); }
.muted { font-size: 0.85rem; margin: 0 0 8px; }
section.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px;
  background: none; border: 0; padding: 0; }
.card { background: #fff; border: 1px solid var(--line); border-top: 5px solid var(--line); border-radius: 8px;
  padding: 12px 14px; }
.card.good { border-top-color: var(--good); }
.card.bad { border-top-color: var(--bad); }
.card.warn { border-top-color: var(--warn); }
.card-label { font-size: 0.85rem; color: var(--muted); }
.card-value { font-size: 1.9rem; font-weight: 650; margin: 2px 0; }
.card.bad .card-value { color: var(--bad); }
.card-detail { font-size: 0.8rem; color: var(--muted); }
.notice { background: #fff8e1; border: 1px solid #ffe082; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.idlist ul { margin: 0; padding-left: 18px; max-height: 240px; overflow: auto; }
.idlist .count { display: inline-block; min-width: 1.6em; padding: 0 6px; border-radius: 10px; text-align: center;
  font-size: 0.85rem; background: #e8f5e9; color: var(--good); }
.idlist.bad .count { background: #ffebee; color: var(--bad); }
.idlist li.none { list-style: none; margin-left: -18px; color: var(--muted); }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 0 0 8px; font-size: 0.9rem; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
  vertical-align: -1px; }
svg.chart { display: block; max-width: 760px; height: auto; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .value { font-size: 12px; fill: var(--ink); }
svg .muted { font-size: 12px; fill: var(--muted); font-style: italic; }
svg .inside { font-size: 11px; fill: #fff; font-weight: 600; }
svg .grid { stroke: var(--line); stroke-width: 1; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; white-space: nowrap; }
th[scope="row"] { text-align: left; }
thead th { background: #f1f3f4; vertical-align: bottom; white-space: normal; min-width: 64px; }
tr.empty td, tr.empty th { color: var(--muted); }
tr.total th, tr.total td { font-weight: 650; background: #f1f3f4; }
th.alert { color: var(--bad); }
.tag { font-size: 0.7rem; font-weight: 400; color: var(--warn); border: 1px solid var(--warn); border-radius: 4px;
  padding: 0 4px; }
table.confusion td { min-width: 44px; text-align: center; }
.definitions { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.definitions dt { font-weight: 600; }
.definitions dd { margin: 0; }
@media print { body { background: #fff; } section { break-inside: avoid; } .idlist ul { max-height: none; } }
"""
