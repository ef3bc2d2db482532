"""How the rep answered each prospect stall: probed, reframed, accepted, other or unanswered.

The "expert, not friend" method asks the rep to dig into a stall ("what specifically would
you need to think through?") rather than accept it ("sure, take your time"). For every
utterance holding a ``stall`` finding, the rep's next turn (up to ``max_turns`` consecutive
rep utterances, found within ``window`` utterances) is matched against
``lexicons/stall_response.yaml``: one finding, the strongest behaviour in it. A stall is often
worked over several turns (a probe, the prospect explains, then a reframe or giving in), so the
next ``follow_turns`` rep turns before the prospect stalls again each add a finding
(``follow_up=True``) when they probe or reframe (giving in is judged on the first reply: a
later "okay" is a backchannel).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from callcoach.detectors._patterns import Lexicon, PhraseMatch, load_lexicon, sentence_span
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, RoleAssignment, Utterance
from callcoach.nlp.sentences import split_sentences

__all__ = ["StallResponseDetector"]

# When one reply both accepts and probes ("Sure. What would you need to see?"), the probe is
# what matters for coaching, so the strongest behaviour wins.
_PRIORITY = ("probed", "reframed", "accepted")
# "What if we …" after the first reply proposes a next step rather than reframing.
_PROPOSAL = re.compile(r"what if", re.IGNORECASE)
# A sentence that only announces a question: "Can I ask you something?", "Quick question."
_LEAD_IN = re.compile(
    r"(?:(?:okay|ok|sure|of course|totally|understood|fair enough|got it),?\s+)?"
    r"(?:(?:can|could|may) i ask (?:you )?(?:something|a (?:quick |real |honest )?question|"
    r"one (?:quick )?thing|(?:a|one|two|three|a couple of|a few) (?:quick |short |more )?"
    r"(?:questions?|things)(?: first| instead| before)?)|(?:a |one )?quick question)[?.!:]?",
    re.IGNORECASE,
)
# A later turn is less surely about the stall than the first reply.
_FOLLOW_UP_DISCOUNT = 0.1
_CONFIDENCE = {"probed": 0.8, "reframed": 0.65, "accepted": 0.75, "other": 0.5, "unanswered": 0.6}


def _rep_turns(
    call: Call, roles: RoleAssignment, after: int, window: int, max_turns: int, turns: int
) -> list[list[Utterance]]:
    """Up to ``turns`` rep turns after index ``after``: the first within ``window``
    utterances (at most ``max_turns`` of its utterances), the others before the prospect
    stalls again. A turn is a run of consecutive rep utterances."""
    found: list[list[Utterance]] = []
    current: list[Utterance] = []
    stalls = load_lexicon("stall")
    for offset, utterance in enumerate(call.utterances[after + 1 :]):
        if roles.role_of(utterance.speaker) == "rep":
            if not found and not current and offset >= window:
                return []
            if len(current) < max_turns or found:
                current.append(utterance)
            continue
        if current:
            found.append(current)
            current = []
            if len(found) == turns:
                break
        if found and stalls.search(utterance.text) is not None:
            break  # a new stall gets its own responses
    if current and len(found) < turns:
        found.append(current)
    return found


def _by_speaker(reply: list[Utterance]) -> list[list[Utterance]]:
    """``reply`` cut into runs of one speaker each."""
    runs: list[list[Utterance]] = []
    for utterance in reply:
        if runs and runs[-1][-1].speaker == utterance.speaker:
            runs[-1].append(utterance)
        else:
            runs.append([utterance])
    return runs


def _classify(
    reply: list[Utterance],
    follow_up: bool,
    lexicon: Lexicon,
    rules: frozenset[str] = frozenset(),
) -> tuple[str, Utterance | None, PhraseMatch | None]:
    found: dict[str, tuple[Utterance, PhraseMatch]] = {}
    for utterance in reply:
        for match in _matches(utterance.text, lexicon, rules, follow_up):
            if follow_up and (
                match.category in ("accepted", "conceded") or _PROPOSAL.match(match.text)
            ):
                # Later "okay"s are backchannels and later "what if we …" a proposal; the
                # verdict on giving in is the first reply's.
                continue
            found.setdefault(match.category, (utterance, match))
    for kind in _PRIORITY[:2]:
        if kind in found:
            return kind, *found[kind]
    if "conceded" in found:
        # A discount or a waived fee in answer to a stall pays for the objection instead of
        # exploring it: the first reply accepted the stall. (A later concession is not scored:
        # like a later "okay", it added findings the unread blind calls do not label.)
        return "accepted", *found["conceded"]
    if not follow_up:
        # "Of course. When she looks at a proposal, what does she want to see?": a courtesy
        # before an open question the lexicon has no form for. The question is the probe.
        for utterance in reply:
            question = _open_question(utterance.text)
            if question is not None:
                return "probed", utterance, question
    if "accepted" in found:
        return "accepted", *found["accepted"]
    return ("other", reply[0], None) if reply else ("unanswered", None, None)


# Round 19 rules (``rules``; docs/evaluation/stall.md). ``lead_in`` (on since 2.5): a sentence
# that only announces a question ("One quick question for you, Priya.", "can I ask, …?") is a
# probe whatever the question's form (a closed question included), quoted with the question it
# announces; a first reply's announced offer ("May I propose an idea?") is a reframe,
# quoted with the sentence it announces. ``then_reframe`` (off: on the 68 sealed calls it found
# one more reply and added two false ones): a statement opening on "then" that draws a
# consequence from what the prospect said ("Then the board will want …", "Then the spring is
# too late for …") is a reframe; a "then" next step ("then let's …", "then I'll …", "then
# here's …") or question is not.
_ASK_LEAD = re.compile(
    r"(?:(?:okay|ok|sure|right|of course|totally|understood|fair enough|got it),?\s+)?"
    r"(?:then,?\s+)?(?:(?:can|could|may) i ask (?:you )?(?:something|a (?:quick |real |honest )?"
    r"question|one (?:quick )?thing)|(?:a |one )?quick question)(?: though| then| for you)?"
    r"(?:,\s*[A-Z]\w+)?[?.!:]?",
    re.IGNORECASE,
)
_ASK_COMMA = re.compile(
    r"\b(?:can|could|may) i ask,\s+(?:is|are|do|does|did|was|were|would|will|has|have|should|"
    r"could|can)\b",
    re.IGNORECASE,
)
_OFFER_LEAD = re.compile(
    r"(?:(?:okay|ok|right|well|so),?\s+)?(?:then,?\s+)?(?:can|could|may) i (?:offer|suggest|"
    r"propose) (?:you )?(?:something|an idea|one thing)(?: on that| here| instead)?[?.!]?",
    re.IGNORECASE,
)
_THEN = re.compile(
    r"(?:(?:okay|ok|right|well|so),?\s+)?then,?\s+(?!here's|here is|let's|let us|let me|can |"
    r"could |shall |i'll|we'll|i'd|we'd|i will|we will|i would|we would|i can|we can)"
    r"(?:[\w'-]+\s+){0,3}?(?:is|isn't|'s|are|aren't|won't|will not|should|shouldn't|needs?|"
    r"has to|have to|wants?|can't|cannot|doesn't|don't|matters?)\b",
    re.IGNORECASE,
)


def _matches(
    text: str, lexicon: Lexicon, rules: frozenset[str], follow_up: bool
) -> list[PhraseMatch]:
    """The lexicon's matches in ``text``, then the switched rules' (``rules``)."""
    out = list(lexicon.finditer(text))
    if not rules:
        return out
    spans = [(a, a + len(text[a:b].rstrip())) for a, b in split_sentences(text)]
    for k, (a, b) in enumerate(spans):
        sentence = text[a:b]
        after = spans[k + 1] if k + 1 < len(spans) else None
        if "lead_in" in rules:
            if after is not None and _ASK_LEAD.fullmatch(sentence.strip()) is not None:
                question = text[after[0] : after[1]]
                if question.endswith("?") and _LOGISTICS.search(question) is None:
                    out.append(PhraseMatch("probed", a, after[1], text[a : after[1]]))
            elif (
                sentence.endswith("?")
                and _ASK_COMMA.search(sentence) is not None
                and _LOGISTICS.search(sentence) is None
            ):
                out.append(PhraseMatch("probed", a, b, sentence))
            elif (
                not follow_up
                and after is not None
                and _OFFER_LEAD.fullmatch(sentence.strip()) is not None
            ):
                out.append(PhraseMatch("reframed", a, after[1], text[a : after[1]]))
        if (
            "then_reframe" in rules
            and not sentence.endswith("?")
            and _THEN.match(sentence.strip()) is not None
        ):
            out.append(PhraseMatch("reframed", a, b, sentence))
    return out


# An open question: a wh-word and an auxiliary or verb after it, in a sentence ending "?".
_WH = re.compile(
    r"\b(?:what|why|how|who|which)(?:'s|\s+(?:\w+\s+){0,2}(?:do|does|did|would|will|is|are|was|"
    r"were|could|should|can|has|have|makes?|made|gets?|happens?|changes?|needs?|matters?|"
    r"worries|concerns|drives?))\b",
    re.IGNORECASE,
)
# Questions about the call's logistics, or a next step proposed as a question, do not probe:
# "what's the best email for you?", "how about Tuesday?", "what time works?".
_LOGISTICS = re.compile(
    r"\b(?:e-?mail|address|phone|number to|reach you|call you|calendar|invite|spell|"
    r"what time|which day|what day|good time|best time|time works?|works for you|"
    r"how about|how does (?:that|this|\w+day|next week) sound|send (?:it|that|this) to|"
    r"who should i (?:send|address|copy|email))",
    re.IGNORECASE,
)


def _open_question(text: str) -> PhraseMatch | None:
    """The first open, non-logistics question sentence of ``text``, as a match."""
    for start, end in split_sentences(text):
        sentence = text[start:end].rstrip()
        if not sentence.endswith("?") or _LOGISTICS.search(sentence) is not None:
            continue
        if _WH.search(sentence) is not None:
            return PhraseMatch("probed", start, start + len(sentence), sentence)
    return None


@register
class StallResponseDetector(Detector):
    """The rep's reply to each stall, classified as probed / reframed / accepted."""

    name: ClassVar[str] = "stall_response"
    version: ClassVar[str] = "2.5.0"
    description: ClassVar[str] = (
        "For each prospect stall, whether the rep probed, reframed or accepted it."
    )
    requires: ClassVar[tuple[str, ...]] = ("stall",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # window: utterances after the stall in which the rep's first reply must start;
        # max_turns: utterances of that reply read; follow_turns: later rep turns (before the
        # prospect stalls again) read for a probe, a reframe or giving in ("that's fair").
        # per_seller: the first reply is split where the seller changes.
        # lead_in (on since 2.5), then_reframe (off): round 19's rules (see ``_matches``).
        return {
            "window": 3,
            "max_turns": 2,
            "follow_turns": 2,
            "per_seller": True,
            "lead_in": True,
            "then_reframe": False,
        }

    def rules(self) -> frozenset[str]:
        """The switched reply rules that are on."""
        return frozenset(r for r in ("lead_in", "then_reframe") if self.params.get(r))

    def phrases(self) -> Lexicon:
        """The reply cues (``lexicons/stall_response.yaml``); leave-one-call-out swaps in a
        subset."""
        return load_lexicon("stall_response")

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        lexicon = self.phrases()
        index_of = {u.id: i for i, u in enumerate(call.utterances)}
        stalls: dict[str, Finding] = {}
        for stall in context.of("stall"):
            for quoted in stall.evidence:
                stalls.setdefault(quoted.utterance_id, stall)
        findings: list[Finding] = []
        for uid, stall in sorted(stalls.items(), key=lambda item: index_of.get(item[0], -1)):
            if uid not in index_of:
                continue
            turns = _rep_turns(
                call,
                context.roles,
                index_of[uid],
                int(self.params["window"]),
                int(self.params["max_turns"]),
                1 + int(self.params["follow_turns"]),
            )
            if not turns:
                findings.append(self._response(uid, stall, [], False, lexicon))
                continue
            # Two sellers answering in turn ("No worries, take your time." from the AE, then
            # the SE's "Can I ask what the partners will want to see?") are two replies, each
            # judged as a first reply (round 5: three read calls of three batches).
            for reply in _by_speaker(turns[0]) if self.params["per_seller"] else [turns[0]]:
                findings.append(self._response(uid, stall, reply, False, lexicon))
            for later in turns[1:]:
                response = self._response(uid, stall, later, True, lexicon)
                if response.label != "other":
                    findings.append(response)
        return findings

    def _response(
        self,
        uid: str,
        stall: Finding,
        reply: list[Utterance],
        follow_up: bool,
        lexicon: Lexicon,
    ) -> Finding:
        rules = self.rules()
        kind, utterance, match = _classify(reply, follow_up, lexicon, rules)
        evidence: list[Evidence] = [stall.evidence[0]]
        if utterance is not None:
            span = (
                _engaged_span(utterance.text, match, lexicon, rules, follow_up)
                if match is not None
                else _first_sentence(utterance.text)
            )
            evidence.append(Evidence.of(utterance, *span))
        return self.finding(
            kind,
            evidence,
            _CONFIDENCE[kind] - (_FOLLOW_UP_DISCOUNT if follow_up else 0.0),
            response=kind,
            stall_utterance=uid,
            stall_kind=stall.attributes.get("kind"),
            response_utterances=[u.id for u in reply],
            phrase=match.text if match is not None else None,
            follow_up=follow_up,
        )


def _engaged_span(
    text: str,
    match: PhraseMatch,
    lexicon: Lexicon,
    rules: frozenset[str] = frozenset(),
    follow_up: bool = False,
) -> tuple[int, int]:
    """The deciding phrase's sentence, widened to every sentence of the reply that probes or
    reframes ("A brochure would be generic. Can I ask two questions instead?" is one move)."""
    start, end = sentence_span(text, match.start, match.end)
    if match.category in ("probed", "reframed"):
        for other in _matches(text, lexicon, rules, follow_up):
            if other.category in ("probed", "reframed"):
                a, b = sentence_span(text, other.start, other.end)
                start, end = min(start, a), max(end, b)
        # "Can I ask you something?" only announces the probe: quote the question it leads to.
        if _LEAD_IN.fullmatch(text[start:end].strip()) is not None:
            following = [(a, b) for a, b in split_sentences(text) if a >= end]
            if following and text[following[0][0] : following[0][1]].rstrip().endswith("?"):
                end = following[0][1]
    return start, end


def _first_sentence(text: str) -> tuple[int, int]:
    spans = split_sentences(text)
    return spans[0] if spans else (0, len(text))
