"""Inline SVG charts for the HTML reports: no scripts, no fonts, no external requests.

Every bar or segment carries a class (``bar``/``seg``) and a ``<title>`` so a person can hover
for the exact number and a test can count what was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626")
WIDTH = 880


@dataclass(frozen=True, slots=True)
class Span:
    """One utterance on the timeline: ``start``/``end`` in seconds, or in words when untimed."""

    lane: str
    start: float
    end: float
    label: str
    href: str


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(height: int, body: list[str], label: str, width: int = WIDTH) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{_e(label)}" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(body)
        + "</svg>"
    )


def timeline(spans: Sequence[Span], lanes: Sequence[str], total: float, unit: str) -> str:
    """Talk time per speaker across the call: one lane per speaker, one segment per turn."""
    left, lane_h, top = 150, 24, 6
    plot = WIDTH - left - 10
    height = top + lane_h * len(lanes) + 24
    body = []
    for row, lane in enumerate(lanes):
        y = top + row * lane_h
        color = PALETTE[row % len(PALETTE)]
        body.append(f'<text x="4" y="{y + 16}" class="lane">{_e(lane[:22])}</text>')
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{plot}" height="{lane_h - 6}" class="lane-bg"/>'
        )
        for span in (s for s in spans if s.lane == lane):
            x = left + plot * span.start / total if total else left
            w = max(1.0, plot * (span.end - span.start) / total) if total else 1.0
            body.append(
                f'<a href="{_e(span.href)}"><rect class="seg" data-lane="{_e(lane)}" '
                f'x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{lane_h - 6}" fill="{color}">'
                f"<title>{_e(span.label)}</title></rect></a>"
            )
    axis_y = top + lane_h * len(lanes) + 16
    for i in range(5):
        x = left + plot * i / 4
        body.append(
            f'<text x="{x:.0f}" y="{axis_y}" class="tick">{_e(_tick(total * i / 4, unit))}</text>'
        )
    return _svg(height, body, "talk time per speaker across the call")


def bars(
    values: Sequence[tuple[str, float | None]],
    maximum: float,
    unit: str = "",
    label: str = "bar chart",
    color: str = PALETTE[0],
) -> str:
    """Horizontal bars; a None value is drawn as 'not observed' text, not as a zero bar."""
    left, row_h = 230, 26
    plot = WIDTH - left - 70
    body = []
    for row, (name, value) in enumerate(values):
        y = row * row_h + 4
        body.append(f'<text x="4" y="{y + 16}" class="lane">{_e(name[:34])}</text>')
        if value is None:
            body.append(f'<text x="{left}" y="{y + 16}" class="muted">not observed</text>')
            continue
        w = max(2.0, plot * min(value, maximum) / maximum) if maximum else 2.0
        body.append(
            f'<rect class="bar" data-name="{_e(name)}" data-value="{value:g}" x="{left}" '
            f'y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{color}">'
            f"<title>{_e(name)}: {value:g}{_e(unit)}</title></rect>"
        )
        body.append(
            f'<text x="{left + w + 6:.1f}" y="{y + 16}" class="value">'
            f"{_e(_number(value))}{_e(unit)}</text>"
        )
    return _svg(row_h * len(values) + 8, body, label)


def columns(values: Sequence[tuple[str, float]], label: str, unit: str = "") -> str:
    """Vertical bars, e.g. rep questions per part of the call."""
    height, bottom, gap = 170, 24, 14
    n = max(1, len(values))
    width = min(WIDTH, 90 * n + 40)
    bar_w = (width - 40 - gap * n) / n
    peak = max((v for _, v in values), default=0) or 1
    body = []
    for i, (name, value) in enumerate(values):
        h = (height - bottom - 22) * value / peak
        x = 30 + i * (bar_w + gap)
        y = height - bottom - h
        body.append(
            f'<rect class="bar" data-name="{_e(name)}" data-value="{value:g}" x="{x:.1f}" '
            f'y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0.5):.1f}" fill="{PALETTE[0]}">'
            f"<title>{_e(name)}: {value:g}{_e(unit)}</title></rect>"
        )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" class="value" '
            f'text-anchor="middle">{_e(_number(value))}</text>'
        )
        body.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - 6}" class="tick" '
            f'text-anchor="middle">{_e(name)}</text>'
        )
    return _svg(height, body, label, width)


def grouped(
    groups: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float | None]],
    maximum: float,
    label: str,
) -> str:
    """One group per criterion, one bar per series (rep): the team comparison."""
    left, bar_h, group_gap = 230, 12, 12
    plot = WIDTH - left - 60
    body, y = [], 4
    for g, group in enumerate(groups):
        body.append(f'<text x="4" y="{y + 12}" class="lane">{_e(group[:34])}</text>')
        for s, name in enumerate(series):
            value = values[g][s]
            color = PALETTE[s % len(PALETTE)]
            if value is not None:
                w = max(2.0, plot * min(value, maximum) / maximum)
                body.append(
                    f'<rect class="bar" data-group="{_e(group)}" data-series="{_e(name)}" '
                    f'data-value="{value:g}" x="{left}" y="{y}" width="{w:.1f}" '
                    f'height="{bar_h - 2}" fill="{color}"><title>{_e(name)} — {_e(group)}: '
                    f"{value:.2f}</title></rect>"
                )
            y += bar_h
        y += group_gap
    legend_y = y + 10
    for s, name in enumerate(series):
        x = left + s * 150
        body.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/>'
        )
        body.append(f'<text x="{x + 14}" y="{legend_y}" class="tick">{_e(name[:20])}</text>')
    return _svg(legend_y + 8, body, label)


def _tick(value: float, unit: str) -> str:
    if unit == "s":
        minutes, seconds = divmod(int(value), 60)
        return f"{minutes}:{seconds:02d}"
    return f"{value:.0f} {unit}"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
