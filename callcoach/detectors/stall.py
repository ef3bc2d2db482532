"""Prospect stalls and objections: "I need to think about it", "send me some info", …

A rule-based detector: one compiled phrase lexicon (``lexicons/stall.yaml``) scanned over
the prospect's utterances only, one finding per sentence that holds a stall phrase, unless the
same sentence states urgency or a deadline (``lexicons/stall_not.yaml``: "we need this fixed
before the audit" is a need, never a stall). Phrases were kept or dropped by cross-validation
(``scripts/cv_stall.py``, docs/evaluation/stall.md).
"""

from __future__ import annotations

from typing import Any, ClassVar

from callcoach.detectors._patterns import load_lexicon, sentence_span
from callcoach.detectors.base import DetectionContext, Detector, role_utterances
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding

__all__ = ["KINDS", "StallDetector"]

# Kinds in lexicon order, with how often a phrase of that kind is a real stall in sales
# talk: "let me think about it" almost always is; "not now" or "how about $50" less so.
KINDS: dict[str, float] = {
    "think-about-it": 0.85,
    "send-info": 0.8,
    "timing": 0.7,
    "status-quo": 0.7,
    "authority": 0.85,
    "price": 0.75,
    "other": 0.8,
}


@register
class StallDetector(Detector):
    """Stalls and objections said by the prospect, with their kind."""

    name: ClassVar[str] = "stall"
    version: ClassVar[str] = "2.0.0"
    description: ClassVar[str] = (
        "Prospect stalls and objections (think-about-it, send-info, timing, status-quo, "
        "authority, price, other) from a phrase lexicon."
    )

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {"kinds": list(KINDS)}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        lexicon = load_lexicon("stall")
        urgency = load_lexicon("stall_not")
        wanted = set(self.params["kinds"])
        findings: list[Finding] = []
        for utterance in role_utterances(call, context.roles, "prospect"):
            seen: set[tuple[int, int]] = set()
            for match in lexicon.finditer(utterance.text):
                if match.category not in wanted:
                    continue
                span = sentence_span(utterance.text, match.start, match.end)
                if span in seen:
                    continue
                seen.add(span)
                if urgency.search(utterance.text[span[0] : span[1]]) is not None:
                    continue
                findings.append(
                    self.finding(
                        "stall",
                        [Evidence.of(utterance, *span)],
                        KINDS.get(match.category, 0.7),
                        kind=match.category,
                        phrase=match.text,
                        speaker_role="prospect",
                    )
                )
        return findings
