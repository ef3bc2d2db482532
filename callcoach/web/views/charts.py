"""Inline SVG for the web pages that the file reports do not have: scores over time.

Same look as ``callcoach.report.charts`` (its palette, CSS classes and sizes); every string
put into the SVG is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# The report's own label and colour helpers, so both kinds of chart shorten and colour alike.
from callcoach.report.charts import PALETTE, WIDTH, _label, _score_color, label_room

__all__ = ["Series", "score_lines"]

LANE = 44  # px per criterion
TOP, RIGHT, AXIS = 8, 56, 22
TICK_ROOM = 84  # px one date label needs


@dataclass(frozen=True, slots=True)
class Series:
    """One criterion's score (1–5, None = not observed) on each call, in call order."""

    name: str
    values: tuple[int | float | None, ...]


def score_lines(ticks: Sequence[str], series: Sequence[Series], label: str) -> Markup:
    """Small multiples: one lane per series (its name, its scores 1–5 over the calls as a line
    with a dot per call, and its mean at the right). x is call order, labelled by ``ticks``.
    A call where the criterion was not observed breaks the line instead of joining across."""
    left = label_room([s.name for s in series], 140)
    n = len(ticks)
    plot = WIDTH - left - RIGHT
    step = plot / max(1, n - 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot / 2)

    body = []
    for k, line in enumerate(series):
        top = TOP + k * LANE

        def y(score: float, top: float = top) -> float:
            return top + 4 + (5 - score) / 4 * (LANE - 12)

        body.append(
            f'<rect class="lane-bg" x="{left}" y="{top}" width="{plot:.1f}" height="{LANE - 4}"/>'
            f'<line x1="{left}" x2="{left + plot:.1f}" y1="{y(3):.1f}" y2="{y(3):.1f}" '
            'stroke="#e5e7eb" stroke-dasharray="3 3"/>'
        )
        body.append(_label(line.name, 4, round(top + LANE / 2 + 2), left))
        for run in _runs(line.values):
            if len(run) > 1:
                points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
                body.append(
                    f'<polyline fill="none" stroke="{PALETTE[0]}" stroke-width="1.5" '
                    f'points="{points}"/>'
                )
            for i, v in run:
                title = f"{line.name}: {v:g} on {ticks[i] if i < n else i + 1}"
                body.append(
                    f'<circle class="point" data-series="{escape(line.name)}" data-value="{v:g}" '
                    f'cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{_score_color(v, 5)}" '
                    f'stroke="{PALETTE[0]}"><title>{escape(title)}</title></circle>'
                )
        observed = [v for v in line.values if v is not None]
        mean = f"{sum(observed) / len(observed):.1f}" if observed else "n/o"
        body.append(
            f'<text x="{WIDTH - 8}" y="{top + LANE / 2 + 2:.1f}" text-anchor="end">'
            f"<title>mean over the observed calls</title>{mean}</text>"
        )
    axis = TOP + len(series) * LANE + 12
    every = max(1, math.ceil(TICK_ROOM / step)) if n > 1 else 1
    # The first and the newest call are always labelled; others where they have room.
    shown = [
        i
        for i in range(n)
        if i in (0, n - 1)
        or (i % every == 0 and x(i) - x(0) >= TICK_ROOM and x(n - 1) - x(i) >= TICK_ROOM)
    ]
    for i in shown:
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        body.append(
            f'<text class="tick" x="{x(i):.1f}" y="{axis}" text-anchor="{anchor}">'
            f"{escape(ticks[i])}</text>"
        )
    height = axis + AXIS - 10
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(label)}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(body)
        + "</svg>"
    )


def _runs(values: Sequence[int | float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive observed values as (index, value) runs."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((i, float(value)))
    return [r for r in runs if r]
