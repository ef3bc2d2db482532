"""Inline SVG charts for the HTML reports: no scripts, no fonts, no external requests.

Every bar or segment carries a class (``bar``/``seg``) and a ``<title>`` so a person can hover
for the exact number and a test can count what was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626")
# The same colour for a role in every call: rep blue, prospect pink (as in the transcript).
ROLE_COLORS = {"rep": PALETTE[0], "prospect": PALETTE[1]}
OTHER_COLORS = ("#6b7280", "#059669", "#d97706", "#7c3aed", "#0891b2")
WIDTH = 880
CHAR_W = 7.0  # average width of a 12px system-ui character, for room that fits a label
MAX_LABEL = 300


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


def label_room(labels: Sequence[str], least: float = 80) -> float:
    """Width (px) a column of labels needs, up to MAX_LABEL; longer labels are shortened."""
    longest = max((len(label) for label in labels), default=0)
    return max(least, min(MAX_LABEL, CHAR_W * longest + 14))


def _label(text: str, x: float, y: float, room: float, cls: str = "lane") -> str:
    """A label that never runs past ``room`` px: shortened with "…", full text on hover."""
    fits = max(3, int((room - 14) / CHAR_W))
    shown = text if len(text) <= fits else text[: fits - 1].rstrip() + "…"
    return f'<text x="{x}" y="{y}" class="{cls}">{_e(shown)}<title>{_e(text)}</title></text>'


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` characters, by words."""
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [o if len(o) <= width else o[: width - 1] + "…" for o in out]


def timeline(
    spans: Sequence[Span],
    lanes: Sequence[str],
    total: float,
    unit: str,
    colors: Mapping[str, str] | None = None,
) -> str:
    """Talk time per speaker across the call: one lane per speaker, one segment per turn.

    ``colors`` maps a lane to its colour (by role, so the rep looks the same in every call)."""
    left, lane_h, top = label_room(lanes, 120), 24, 6
    plot = WIDTH - left - 24
    height = top + lane_h * len(lanes) + 24
    body = []
    for row, lane in enumerate(lanes):
        y = top + row * lane_h
        color = (colors or {}).get(lane) or OTHER_COLORS[row % len(OTHER_COLORS)]
        body.append(_label(lane, 4, y + 16, left))
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
        anchor = ("start", "middle", "middle", "middle", "end")[i]
        body.append(
            f'<text x="{x:.0f}" y="{axis_y}" class="tick" text-anchor="{anchor}">'
            f"{_e(_tick(total * i / 4, unit))}</text>"
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
    left, row_h = label_room([name for name, _ in values]), 26
    plot = WIDTH - left - 90
    body = []
    for row, (name, value) in enumerate(values):
        y = row * row_h + 4
        body.append(_label(name, 4, y + 16, left))
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
            f"{_e(_amount(value, unit))}</text>"
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


def heatmap(
    rows: Sequence[str],
    columns: Sequence[tuple[str, str]],
    values: Sequence[Sequence[float | None]],
    maximum: float,
    label: str,
    marks: Sequence[Sequence[str]] | None = None,
) -> str:
    """Rows (reps) × columns (criteria: id, title); a cell per observed mean. Column titles
    wrap onto up to four lines so none is cut. ``marks`` (same shape) suffixes a cell's
    value, e.g. ``*`` for a mean the page explains below the chart."""
    left, cell_h = label_room(rows, 120), 26
    cell_w = max(64.0, min(96.0, (WIDTH - left - 10) / max(1, len(columns))))
    per_line = max(6, int((cell_w - 4) / 6.5))
    heads = [_wrap(title, per_line, 4) for _, title in columns]
    top = 14 * max((len(h) for h in heads), default=1) + 14
    width = left + cell_w * len(columns) + 10
    body = []
    for c, ((_, title), head) in enumerate(zip(columns, heads, strict=True)):
        x = left + c * cell_w + cell_w / 2
        first = top - 8 - 14 * (len(head) - 1)
        spans = "".join(
            f'<tspan x="{x:.0f}" y="{first + 14 * i}">{_e(line)}</tspan>'
            for i, line in enumerate(head)
        )
        body.append(
            f'<text class="tick" text-anchor="middle">{spans}<title>{_e(title)}</title></text>'
        )
    for r, row in enumerate(rows):
        y = top + r * cell_h
        body.append(_label(row, 4, y + 17, left))
        for c, (_, title) in enumerate(columns):
            value = values[r][c]
            x = left + c * cell_w
            short = columns[c][0]
            if value is None:
                body.append(
                    f'<text x="{x + cell_w / 2:.0f}" y="{y + 17}" class="muted" '
                    'text-anchor="middle">n/o</text>'
                )
                continue
            body.append(
                f'<rect class="cell" data-row="{_e(row)}" data-column="{_e(short)}" '
                f'data-value="{value:g}" x="{x + 1:.1f}" y="{y + 1}" width="{cell_w - 2:.1f}" '
                f'height="{cell_h - 2}" rx="3" fill="{_score_color(value, maximum)}">'
                f"<title>{_e(row)} — {_e(title)}: {value:.2f}</title></rect>"
            )
            body.append(
                f'<text x="{x + cell_w / 2:.0f}" y="{y + 17}" class="value" '
                f'text-anchor="middle">{value:.1f}{_e(marks[r][c]) if marks else ""}</text>'
            )
    return _svg(top + cell_h * len(rows) + 6, body, label, round(width))


def _score_color(value: float, maximum: float) -> str:
    """Red (low) → amber → green (high), light enough for dark text on top."""
    ratio = max(0.0, min(1.0, (value - 1) / (maximum - 1))) if maximum > 1 else 0.0
    low, mid, high = (254, 202, 202), (253, 230, 138), (167, 243, 208)
    a, b, t = (low, mid, ratio * 2) if ratio < 0.5 else (mid, high, ratio * 2 - 1)
    r, g, bl = (round(a[i] + (b[i] - a[i]) * t) for i in range(3))
    return f"#{r:02x}{g:02x}{bl:02x}"


def win_rates(
    bands: Sequence[tuple[str, float | None, float | None, float | None]], label: str
) -> str:
    """Win rate per band (label, rate, CI low, CI high) as bars with 95% CI whiskers, 0–100%."""
    left, row_h = label_room([name for name, *_ in bands]), 28
    plot = WIDTH - left - 80
    body = []
    for i in range(5):
        x = left + plot * i / 4
        body.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{row_h * len(bands)}" '
            'class="grid" stroke="#e5e7eb"/>'
        )
    for row, (name, rate, low, high) in enumerate(bands):
        y = row * row_h + 4
        body.append(_label(name, 4, y + 16, left))
        if rate is None:
            body.append(f'<text x="{left}" y="{y + 16}" class="muted">no closed deals</text>')
            continue
        w = max(1.0, plot * rate)
        body.append(
            f'<rect class="bar" data-name="{_e(name)}" data-value="{rate:.4f}" x="{left}" '
            f'y="{y + 4}" width="{w:.1f}" height="{row_h - 12}" fill="{PALETTE[2]}">'
            f"<title>{_e(name)}: {100 * rate:.0f}% won</title></rect>"
        )
        if low is not None and high is not None:
            x1, x2, mid = left + plot * low, left + plot * high, y + row_h / 2 - 2
            body.append(
                f'<line class="ci" x1="{x1:.1f}" y1="{mid:.1f}" x2="{x2:.1f}" y2="{mid:.1f}" '
                f'stroke="#111827" stroke-width="1.5"><title>95% CI {100 * low:.0f}%–'
                f"{100 * high:.0f}%</title></line>"
            )
            for x in (x1, x2):
                body.append(
                    f'<line x1="{x:.1f}" y1="{mid - 5:.1f}" x2="{x:.1f}" '
                    f'y2="{mid + 5:.1f}" stroke="#111827" stroke-width="1.5"/>'
                )
        body.append(
            f'<text x="{left + plot + 8}" y="{y + 16}" class="value">{100 * rate:.0f}%</text>'
        )
    return _svg(row_h * len(bands) + 8, body, label)


def _tick(value: float, unit: str) -> str:
    if unit == "s":
        minutes, seconds = divmod(int(value), 60)
        return f"{minutes}:{seconds:02d}"
    return f"{value:.0f} {unit}"


def _amount(value: float, unit: str) -> str:
    if unit.strip() == "s" and value >= 60:
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
    if unit.strip() == "s" and value >= 10:
        return f"{round(value)} s"
    return f"{_number(value)}{unit}"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
