"""How the rep answered each prospect stall: probed, reframed, accepted, other or unanswered.

The "expert, not friend" method asks the rep to dig into a stall ("what specifically would
you need to think through?") rather than accept it ("sure, take your time"). For every
utterance holding a ``stall`` finding, the rep's next turn (up to ``max_turns`` consecutive
rep utterances, found within ``window`` utterances) is matched against
``lexicons/stall_response.yaml``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from callcoach.detectors._patterns import PhraseMatch, load_lexicon, sentence_span
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, RoleAssignment, Utterance

__all__ = ["StallResponseDetector"]

# When one reply both accepts and probes ("Sure. What would you need to see?"), the probe is
# what matters for coaching, so the strongest behaviour wins.
_PRIORITY = ("probed", "reframed", "accepted")
_CONFIDENCE = {"probed": 0.8, "reframed": 0.65, "accepted": 0.75, "other": 0.5, "unanswered": 0.6}


def _rep_reply(
    call: Call, roles: RoleAssignment, after: int, window: int, max_turns: int
) -> list[Utterance]:
    """The first run of rep utterances within ``window`` utterances after index ``after``."""
    reply: list[Utterance] = []
    for utterance in call.utterances[after + 1 : after + 1 + window]:
        if roles.role_of(utterance.speaker) == "rep":
            reply.append(utterance)
            if len(reply) == max_turns:
                break
        elif reply:
            break
    return reply


def _classify(reply: list[Utterance]) -> tuple[str, Utterance | None, PhraseMatch | None]:
    lexicon = load_lexicon("stall_response")
    found: dict[str, tuple[Utterance, PhraseMatch]] = {}
    for utterance in reply:
        for match in lexicon.finditer(utterance.text):
            found.setdefault(match.category, (utterance, match))
    for kind in _PRIORITY:
        if kind in found:
            return kind, *found[kind]
    return ("other", reply[0], None) if reply else ("unanswered", None, None)


@register
class StallResponseDetector(Detector):
    """The rep's reply to each stall, classified as probed / reframed / accepted."""

    name: ClassVar[str] = "stall_response"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "For each prospect stall, whether the rep probed, reframed or accepted it."
    )
    requires: ClassVar[tuple[str, ...]] = ("stall",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {"window": 3, "max_turns": 2}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        index_of = {u.id: i for i, u in enumerate(call.utterances)}
        stalls: dict[str, Finding] = {}
        for stall in context.of("stall"):
            for quoted in stall.evidence:
                stalls.setdefault(quoted.utterance_id, stall)
        findings: list[Finding] = []
        for uid, stall in sorted(stalls.items(), key=lambda item: index_of.get(item[0], -1)):
            if uid not in index_of:
                continue
            reply = _rep_reply(
                call,
                context.roles,
                index_of[uid],
                int(self.params["window"]),
                int(self.params["max_turns"]),
            )
            kind, utterance, match = _classify(reply)
            evidence: list[Evidence] = [stall.evidence[0]]
            if utterance is not None:
                span = (
                    sentence_span(utterance.text, match.start, match.end)
                    if match is not None
                    else (0, len(utterance.text))
                )
                evidence.append(Evidence.of(utterance, *span))
            findings.append(
                self.finding(
                    kind,
                    evidence,
                    _CONFIDENCE[kind],
                    response=kind,
                    stall_utterance=uid,
                    stall_kind=stall.attributes.get("kind"),
                    response_utterances=[u.id for u in reply],
                    phrase=match.text if match is not None else None,
                )
            )
        return findings
