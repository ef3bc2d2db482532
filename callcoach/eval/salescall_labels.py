"""Which of our findings count as which sales-call label (the label ↔ detector mapping).

One ``LabelSource`` per gold label of ``../shared/data/salescalls`` (see its README). The
table is also in ``docs/evaluation/salescalls.md``; keep the two in step. A label with no
source (``None``) is scored with every gold moment missed, so a detector that starts
emitting it shows up as soon as it is mapped here.

* ``finding_labels``: the finding labels that count (None: any label of the detector);
* ``role``: only findings whose quoted speaker has this role (labels the README defines
  for the rep or the prospect only);
* ``evidence``: which quote of a finding is the moment ("first", "last", or "all": one
  moment per quote);
* ``by_turns``: judged by the set of turns covered, not by spans;
* ``attrs``: the gold attributes recovered from a finding (compared on matched pairs).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from callcoach.model import Finding

__all__ = [
    "LABELS",
    "QUESTION_TOPICS",
    "STALL_HANDLING",
    "LabelSource",
    "source_of",
]

AttrFn = Callable[[Finding], Mapping[str, Any]]


def _no_attrs(_: Finding) -> Mapping[str, Any]:
    return {}


@dataclass(frozen=True)
class LabelSource:
    label: str
    detector: str
    finding_labels: tuple[str, ...] | None = None
    role: Literal["rep", "prospect"] | None = None
    evidence: Literal["first", "last", "all"] = "first"
    by_turns: bool = False
    attrs: AttrFn = _no_attrs
    note: str = ""


# question_topic labels → gold topics. Our "other" (neither business nor personal) is what
# the labels call logistics: call mechanics, agenda and scheduling.
QUESTION_TOPICS: Mapping[str, str] = MappingProxyType(
    {"business": "business", "personal": "personal", "logistics": "logistics", "other": "logistics"}
)

# stall_response labels → gold handling. "unanswered" (no rep reply found) is no response
# at all and is not a stall_response moment; "other" (a reply we could not classify) is
# scored as a response whose handling is "accepted" (the rep moved on without probing).
STALL_HANDLING: Mapping[str, str] = MappingProxyType(
    {"probed": "probed", "reframed": "reframed", "accepted": "accepted", "other": "accepted"}
)


def _stall_attrs(f: Finding) -> Mapping[str, Any]:
    return {"kind": f.attributes.get("kind")}


def _handling(f: Finding) -> Mapping[str, Any]:
    return {"handling": STALL_HANDLING.get(f.label, f.label)}


def _next_step_attrs(f: Finding) -> Mapping[str, Any]:
    accepted = f.attributes.get("accepted")
    return {
        "concrete": f.label == "next_step"
        if "concrete" not in f.attributes
        else bool(f.attributes["concrete"]),
        "accepted": accepted if isinstance(accepted, bool) else None,
        "owner": f.attributes.get("owner"),
    }


def _recommendation_attrs(f: Finding) -> Mapping[str, Any]:
    return {"unrequested": bool(f.attributes.get("unrequested", False))}


_SOURCES = (
    LabelSource(
        "question",
        "question",
        note="every question finding; type and topic come from question_type and "
        "question_topic findings quoting the same span",
    ),
    LabelSource("small_talk", "small_talk", by_turns=True, evidence="all"),
    LabelSource("quantified_pain", "quantified_pain"),
    LabelSource("challenge", "challenge", role="rep"),
    LabelSource("candor", "candor", role="rep"),
    LabelSource("summarize", "summarize", role="rep"),
    LabelSource(
        "need", "needs_coverage", ("need",), role="prospect", note="needs_coverage 'need' findings"
    ),
    LabelSource(
        "recommendation",
        "needs_coverage",
        ("recommendation",),
        role="rep",
        attrs=_recommendation_attrs,
    ),
    LabelSource(
        "self_talk",
        "self_talk",
        ("self",),
        role="rep",
        note="per-utterance 'self' findings (more words about us than about the prospect); "
        "'pitch' stretches and the call-level share are not moments",
    ),
    LabelSource("stall", "stall", role="prospect", attrs=_stall_attrs),
    LabelSource(
        "stall_response",
        "stall_response",
        tuple(STALL_HANDLING),
        role="rep",
        evidence="last",
        attrs=_handling,
        note="the rep's reply (the finding's last quote); 'unanswered' is not a response",
    ),
    LabelSource(
        "next_step",
        "next_step",
        ("next_step", "vague_next_step"),
        attrs=_next_step_attrs,
        note="concrete = label 'next_step' (or a 'concrete' attribute); vague_next_step = "
        "not concrete; accepted from an 'accepted' attribute when the detector gives one",
    ),
    LabelSource(
        "next_step_accept",
        "next_step",
        ("next_step_accept",),
        role="prospect",
        note="the prospect's agreement to a proposed step",
    ),
    LabelSource(
        "interruption",
        "listening",
        ("interruption",),
        by_turns=True,
        note="the interrupter's utterance (the finding's first quote); needs timestamps",
    ),
)

LABELS: Mapping[str, LabelSource] = MappingProxyType({s.label: s for s in _SOURCES})


def source_of(label: str) -> LabelSource | None:
    """The mapping row of a gold label (None for a label we do not map)."""
    return LABELS.get(label)
