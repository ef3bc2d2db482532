"""Rep challenges: insight or reframe statements that dispute the prospect's assumption.

"Actually, most teams find it's the approval step, not headcount", "I'd push back on that",
"in our data it's usually not X, it's Y". Rule-based: ``lexicons/challenge.yaml`` over the
rep's sentences, with vetoes for look-alikes ("push the call back to Friday", "our biggest
challenge"); since 1.3 also the grammar-level forms of ``stance`` (a correction, a
concession then a counter, evidence against the claim, the buyer's plan and what it only
does), read with the buyer's claim they answer. A finding's ``rule`` says which form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from callcoach.detectors._patterns import LexiconDetector
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.registry import register
from callcoach.detectors.stance import challenge_hits, extend_short_challenges, stance_findings
from callcoach.model import Call, Finding

__all__ = ["ChallengeDetector"]


@register
class ChallengeDetector(LexiconDetector):
    """Rep sentences that disagree, reframe, or bring contrary evidence (kind attribute)."""

    name: ClassVar[str] = "challenge"
    version: ClassVar[str] = "1.5.0"
    description: ClassVar[str] = (
        "Rep insight/reframe statements that dispute the prospect's assumption "
        "(kinds: disagreement, reframe, insight)."
    )
    lexicon: ClassVar[str] = "challenge"
    merge_adjacent: ClassVar[bool] = True
    role: ClassVar[str | None] = "rep"
    label: ClassVar[str | None] = "challenge"
    confidence: ClassVar[Mapping[str, float]] = {
        "intro-reframe": 0.7,
        "disagreement": 0.8,
        "reframe": 0.7,
        "insight": 0.65,
        "correction": 0.65,
        "concession": 0.6,
        "evidence": 0.65,
        "plan": 0.6,
        "premise": 0.6,
        "evidence-plain": 0.6,
        "doubt": 0.65,
        "question": 0.55,
    }

    # Rules of 1.5 to switch off (see ``CandorDetector.rules_off``).
    rules_off: ClassVar[frozenset[str]] = frozenset()
    NEW_RULES: ClassVar[tuple[str, ...]] = ("doubt", "question", "evidence-plain", "lead-in")

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        """The lexicon's findings, then the grammar-level forms (``stance``) of the rep
        sentences the lexicon did not find, each read with the buyer's turn before it."""
        off = self.rules_off
        found = stance_findings(
            self, call, context, super().detect(call, context), challenge_hits, None, off
        )
        return found if "lead-in" in off else extend_short_challenges(call, found)
