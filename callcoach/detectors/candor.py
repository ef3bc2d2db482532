"""Rep candor: limits, "not a fit" and plain talk stated up front.

"Honestly, we don't do payroll; you'd keep ADP for that", "we're probably not a fit if…",
"I'll be straight with you". Rule-based: ``lexicons/candor.yaml`` over the rep's
sentences; a bare "honestly" is not enough, it must introduce a limit or a negative.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from callcoach.detectors._patterns import LexiconDetector
from callcoach.detectors.registry import register

__all__ = ["CandorDetector"]


@register
class CandorDetector(LexiconDetector):
    """Rep sentences stating a limit, a poor fit, or an upfront caveat (kind attribute)."""

    name: ClassVar[str] = "candor"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Rep candor: upfront statements of limits, poor fit or disagreement "
        "(kinds: transparency, limit, not_fit)."
    )
    lexicon: ClassVar[str] = "candor"
    merge_adjacent: ClassVar[bool] = False
    role: ClassVar[str | None] = "rep"
    label: ClassVar[str | None] = "candor"
    confidence: ClassVar[Mapping[str, float]] = {
        "intro-transparency": 0.75,
        "transparency": 0.7,
        "limit": 0.75,
        "cost": 0.75,
        "not_fit": 0.85,
    }
