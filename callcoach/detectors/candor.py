"""Rep candor: limits, "not a fit", real costs and risks stated up front.

"Honestly, we don't do payroll; you'd keep ADP for that", "we're probably not a fit if…",
"there's a one-time setup fee", "the smaller plan would be plenty for you". Rule-based:
``lexicons/candor.yaml`` over the rep's sentences; a bare "honestly" is not enough, it must
introduce a limit or a negative. An announcement ("I'll be straight with you.") points at
the sentence after it, which is the finding's quote. Since 1.3 also the grammar-level forms of
``stance`` (a no to a capability question, first-person limitation, work left on the
buyer's side, price and terms, recommending less), read with the buyer's turn before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import ClassVar

from callcoach.detectors._patterns import LexiconDetector
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.registry import register
from callcoach.detectors.stance import (
    Gate,
    HeadSentence,
    StanceHeadDetector,
    _adjacent,
    _overlaps,
    _span,
    against_sale,
    agenda_promise,
    announced_content,
    answers_price_question,
    answers_terms_question,
    candor_hits,
    challenged_limit,
    effortless_burden,
    embedded_only,
    empty_announcement,
    extra_charge,
    head_candidates,
    join_passages,
    limit_ahead,
    marks_against_sale,
    minimised,
    no_spin,
    offered,
    personal_aside,
    planned_burden,
    runs_that_can_count,
    stance_findings,
    upsell_pitch,
    waved_away,
)
from callcoach.model import Call, Evidence, Finding

__all__ = ["CandorDetector"]


@register
class CandorDetector(StanceHeadDetector):
    """Rep sentences stating a limit, a poor fit, or an upfront caveat (kind attribute)."""

    name: ClassVar[str] = "candor"
    version: ClassVar[str] = "1.22.0"
    description: ClassVar[str] = (
        "Rep candor: upfront about limits, poor fit, real cost or risk, or advising against "
        "buying (kinds: transparency, limit, cost, not_fit)."
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

    # Rules of 1.5 and 1.6 to switch off (``NEW_RULES``): the leave-one-call-out selection of
    # ``callcoach.eval.stance_loco`` scores subclasses that set it; the shipped detector
    # switches off only 1.13's ``burden-effort`` (``OFF_1_13``, below).
    # 1.13 (docs/evaluation/stance.md, 1.19): ``burden-effort`` (work on the buyer's side that
    # names no effort is not candor) took 5 false alarms off the 64 design calls (5 writers)
    # and 3 off open14 before reading with no hit lost, but on the 56 sealed calls it lost a
    # hit for 2 false alarms (70/33/109 -> 69/31/110) and the candor criterion MAE went 0.75
    # -> 0.80 (all criteria 0.79 -> 0.80): shipped off.
    # 1.14.0 (docs/evaluation/stance.md, 1.20): ``leave-out`` (advice to leave one of our
    # modules out), ``leave-rival`` (kept where the challenge lexicon claims it) and
    # ``leave-separate`` (a moment of its own after a limit): 64 design calls 96/27/65 ->
    # 100/27/61 (4 writers), open14 before reading and the 56 sealed calls identical.
    # 1.16.0 (docs/evaluation/stance.md, 1.22): ``rough-start`` and ``rough-rollout`` (a hard
    # first stretch with us said up front, kind ``limit``): 68 design calls 109/31/62 ->
    # 111/31/60 (open3, open14), open15 before reading and the 60 sealed calls identical.
    # 1.18.0 (docs/evaluation/stance.md, 1.25): ``prereq`` (a part of what we sell needs kit,
    # a connection or the buyer's own, said with where it falls) and ``still-manual`` (work
    # that stays as it is with us): 76 design calls 123/40/67 -> 131/38/59 (7 writers, no
    # false alarm), open17 before reading 6/0/5 -> 7/0/4, 68 sealed 78/40/120 -> 79/40/119.
    # 1.19.0 (docs/evaluation/stance.md, 1.26): ``no-oversell`` (the rep will not claim more
    # than we can stand behind: "I wouldn't promise you that", "I won't pretend …", "before
    # we promise anything"; said right after a limit it is one moment with it) and
    # ``rival-better`` (another option beats us: "… would come out cheaper than us", a point
    # of its own): 80 design calls 138/38/63 -> 144/38/57 (5 writers, no false alarm; each
    # of the 18 leave-one-batch-out folds switches both on), open18 before reading
    # identical (8/2/2).
    # 1.20.0 (docs/evaluation/stance.md, 1.27): ``burden-plan`` (a ``burden`` finding with
    # no effort that states a step of the plan) and ``upsell-pitch`` (recommending one of our
    # bigger plans, whatever marker it carries).
    # 1.22.0 (docs/evaluation/stance.md, 1.30; 1.21.0 was stop 41's unmerged branch):
    # ``quote-core`` (the quote starts at the candid point: after a candour announcement that
    # opens its sentence, and never widened backwards over a head sentence before it) and
    # ``ours-reframe`` (a limit of ours said in the challenge lexicon's reframe words: what
    # it / they will not do, or a limit that names us): 92 design calls 161/37/65 ->
    # 166/35/60 (5 writers, no false alarm; every LOBO fold switches both on), open21 before
    # reading and the 84 sealed calls identical.
    OFF_1_13: ClassVar[frozenset[str]] = frozenset({"burden-effort"})
    rules_off: ClassVar[frozenset[str]] = OFF_1_13
    NEW_RULES: ClassVar[tuple[str, ...]] = (
        "announcement",
        "price-answer",
        "passage",
        "meta",
        "terms",
        "doing",
        "answer-echo",
        "answer-upsell",
        "refuse",
        "not-now",
        "price-compare",
        "means",
        "plain",
        "not-ours",
        "separate",
        "embedded",
        # 1.9
        "answer-lead",
        "asked-earlier",
        "not-buy",
        "price-extra",
        "minimise",
        # 1.10
        "not-worth",
        "offer",
        # 1.12.0 (docs/evaluation/stance.md, 1.18)
        "reassure",
        "agenda",
        # 1.13.0 (docs/evaluation/stance.md, 1.19)
        "announced",
        # 1.13 (off: ``OFF_1_13``)
        "burden-effort",
        # 1.14 (docs/evaluation/stance.md, 1.20)
        "leave-out",
        "leave-rival",
        "leave-separate",
        # 1.15.0 (docs/evaluation/stance.md, 1.21)
        "for-now",
        "on-us",
        # 1.22 (docs/evaluation/stance.md, 1.22)
        "rough-start",
        "rough-rollout",
        # 1.17.0 (docs/evaluation/stance.md, 1.23)
        "honest-said",
        # 1.18.0 (docs/evaluation/stance.md, 1.25)
        "prereq",
        "still-manual",
        # 1.19.0 (docs/evaluation/stance.md, 1.26)
        "no-oversell",
        "rival-better",
        # 1.20.0 (docs/evaluation/stance.md, 1.27)
        "burden-plan",
        "upsell-pitch",
        # 1.22.0 (docs/evaluation/stance.md, 1.30)
        "quote-core",
        "ours-reframe",
    )

    # How the learned head joins the rules (``stance.combine_head``). 1.8 and 1.9 kept it
    # off (the LOCO over 24 and 28 read calls chose the rules, which had read those calls).
    # 1.10 measured "or" at 0.85 with the ``against_sale`` gate on calls nobody designed
    # on (open5 before reading 0.38 -> 0.50, 20 sealed 0.50 -> 0.54) but kept it off: on
    # ordinary dialogue candor findings rose from 10.0 to 14.4 per 1,000 rep turns, above the
    # 12.0 floor. 1.11 retrained the head with negotiation talk as hard negatives (round 4,
    # written before open6 was opened) and adds the gate's for-sale part (a burden lifted
    # off the buyer, a reassurance): non-sales 11.8 per 1,000; open6 before reading 0.73 ->
    # 0.78 (+1 right, +0 wrong); 24 sealed 0.49 -> 0.54 (+4 right, -1 wrong); the
    # leave-one-batch-out over the 6 older read batches picks it on 4 of 6 folds, and on the
    # read calls it adds 2 right and 2 wrong (strict rules). So it is on; it embeds the rep's
    # declarative sentences that its gate could keep (``head_sentences``). ``detector_params=
    # {"candor": {"head_mode": "rules"}}`` switches it off; docs/evaluation/stance.md has
    # every number.
    HEAD_MODE: ClassVar[str] = "or"
    HEAD_ADD: ClassVar[float] = 0.85
    HEAD_VETO: ClassVar[float] = 0.02
    needs_embeddings: ClassVar[bool] = HEAD_MODE != "rules"

    def head_gate(self, call: Call, context: DetectionContext) -> Gate:
        """A sentence the head adds is never the price or the terms the buyer asked for, and
        (1.10, ``against_sale``) it says something against the sale: a negation, a limit,
        a contrast or a candour marker, and (1.11) lifts no burden off the buyer ("you
        won't need to …") and reassures no one ("don't worry, we'll look after you"). The
        head reads the topic of candor (prices, terms, plans) as much as the stance; a
        price, a timeline or an upsell said plainly has none of these."""
        return lambda added: [
            f
            for f in added
            if not answers_price_question(call, context, f)
            and not answers_terms_question(call, context, f)
            and against_sale(call, f)
            and not offered(call, f)
            and ("upsell-pitch" in self.rules_off or not upsell_pitch(call, f))
        ]

    def head_sentences(
        self, call: Call, context: DetectionContext, found: Sequence[Finding]
    ) -> list[HeadSentence]:
        """Only the runs of rep sentences whose text says something against the sale (what
        ``head_gate`` requires of an addition) or that touch a rule finding: the head's
        score of any other sentence is never read, so the findings are the same and the
        call's embedding pass is smaller (a realistic 1-hour call: the head's 146 texts → 7;
        the findings of all 68 annotated sales calls identical). Of those, a sentence that
        overlaps a rule finding or holds a "not-" phrase is skipped by ``combine_head``
        whatever its score, so it is not embedded either (issue 16)."""
        lexicon = self.phrases()
        return [
            s
            for s in runs_that_can_count(head_candidates(call, context), found, marks_against_sale)
            if not any(_overlaps(s, f) for f in found)
            and not any(m.category.startswith("not-") for m in lexicon.finditer(s.text))
        ]

    def rule_findings(self, call: Call, context: DetectionContext) -> list[Finding]:
        """The lexicon's findings, then the grammar-level forms (``stance``) of the rep
        sentences the lexicon did not find, each read with the buyer's turn before it."""
        lexicon = self.phrases()
        off = self.rules_off
        found = [
            f
            for f in LexiconDetector.detect(self, call, context)
            if not (f.attributes.get("kind") == "transparency" and personal_aside(_quote(f)))
            and (
                "announcement" in off
                or ("refuse" not in off and no_spin(call, f))
                or not empty_announcement(lexicon, call, f)
            )
            and (
                "not-ours" in off
                or not challenged_limit(f)
                # 1.22.0: what it / they (ours) will not do, in a challenge's words
                or ("ours-reframe" not in off and limit_ahead(f))
            )
        ]
        found = stance_findings(self, call, context, found, candor_hits, "challenge", off)
        if "price-answer" not in off:
            # the price or the contract terms the buyer asked for are an answer, not candor
            found = [
                f
                for f in found
                if not (
                    answers_price_question(call, context, f)
                    and ("price-extra" in off or not extra_charge(call, f))
                )
                and not answers_terms_question(call, context, f)
            ]
        if "minimise" not in off:
            found = [f for f in found if not minimised(call, f)]
        if "offer" not in off:
            found = [f for f in found if not offered(call, f)]
        if "reassure" not in off:
            # 1.12.0: a worry waved away ("honestly, X is never a problem") is reassurance
            found = [f for f in found if not waved_away(call, f)]
        if "agenda" not in off:
            found = [f for f in found if not agenda_promise(call, f)]
        if "burden-effort" not in off:
            # 1.13 (off, ``OFF_1_13``): work on the buyer's side that costs them nothing
            found = [f for f in found if not effortless_burden(call, f)]
        if "burden-plan" not in off:
            # 1.20.0: a step of the plan on the buyer's side that costs them nothing
            found = [f for f in found if not planned_burden(call, f)]
        if "upsell-pitch" not in off:
            # 1.20.0: recommending one of our bigger plans is a pitch
            found = [f for f in found if not upsell_pitch(call, f)]
        if "announced" not in off:
            # 1.13.0: an announcement quotes the candid sentence it announces
            found = announced_content(call, found)
        if "embedded" not in off:
            found = [f for f in found if not embedded_only(lexicon, call, f)]
        found = found if "passage" in off else join_passages(call, found)
        if "quote-core" not in off:
            # 1.22.0: the quote starts at the candid point, not at its announcement
            found = [_without_announcement(call, f) for f in found]
        return found

    def with_head(
        self,
        call: Call,
        context: DetectionContext,
        found: Sequence[Finding],
        scored: Sequence[tuple[HeadSentence, float]],
        mode: str | None = None,
        add: float | None = None,
        veto: float | None = None,
    ) -> list[Finding]:
        """1.22.0 (``quote-core``): a sentence the head scores right *before* a rule's
        finding does not extend it backwards (``combine_head`` would, without the gate): a
        candid point comes first or after its own lead-in, and the sentence before it is
        usually the pitch it turns against ("We sell a module for that. I'd hold off on it
        for now.")."""
        if "quote-core" not in self.rules_off:
            threshold = float(self._params["head_add"]) if add is None else add
            scored = [(s, p) for s, p in scored if p < threshold or not _leads_into(s, found)]
        return super().with_head(call, context, found, scored, mode, add, veto)


def _quote(finding: Finding) -> str:
    return " ".join(e.quote for e in finding.evidence)


def _leads_into(sentence: HeadSentence, found: Sequence[Finding]) -> bool:
    """``sentence`` overlaps no finding and the first finding it touches starts after it
    (the head would only extend that finding backwards over it)."""
    if any(_overlaps(sentence, f) for f in found):
        return False
    touching = [f for f in found if _adjacent(sentence, f)]
    return bool(touching) and sentence.end <= _span(touching[0])[0]


# A candour announcement leading the quote inside its own sentence ("To be straight with
# you, …", "Honest answer: …", "I have to be blunt, …"): the quote starts after it.
_ANNOUNCEMENT = re.compile(
    r"^(?:(?:and|but|so|well|look|okay|ok|now),? )?"
    r"(?:honestly|frankly|candidly|truthfully|in all honesty|full disclosure|fair warning|"
    r"to be (?:honest|frank|straight|fair|upfront|clear|blunt|candid)(?: with you)?|"
    r"if i'?m (?:honest|being honest)(?: with you)?|"
    r"(?:i'?ll|i will|i have to|i'?ve got to|i need to|i must|i want to|let me|i should|"
    r"i'?m going to|i'?d better) be (?:honest|straight|upfront|frank|blunt|clear|candid)"
    r"(?: with you)?(?: (?:about|on) (?:this|that|one thing|the \w+(?: \w+)?))?|"
    r"(?:(?:my|the) )?(?:honest|straight|frank|short|blunt) answer(?: is)?|"
    r"my honest (?:read|opinion|take|advice|view)(?: is)?)"
    r"(?:,? (?:though|then|here))?\s*[,:;\u2014-]+\s*",
    re.IGNORECASE,
)
_CORE_WORDS = 3  # the candid point after an announcement has at least this many words


def _without_announcement(call: Call, finding: Finding) -> Finding:
    """``finding`` quoting from the end of a candour announcement that opens its quote,
    when at least ``_CORE_WORDS`` words follow it in the same sentence."""
    if len(finding.evidence) != 1:
        return finding
    evidence = finding.evidence[0]
    if evidence.char_end is None:
        return finding
    utterance = next((u for u in call.utterances if u.id == evidence.utterance_id), None)
    if utterance is None:
        return finding
    start, end = evidence.char_start, evidence.char_end
    lead = _ANNOUNCEMENT.match(utterance.text[start:end])
    if lead is None:
        return finding
    rest = utterance.text[start + lead.end() : end]
    first = re.split(r"(?<=[.!?])\s", rest, maxsplit=1)[0]
    if len(first.split()) < _CORE_WORDS:
        return finding
    return replace(finding, evidence=(Evidence.of(utterance, start + lead.end(), end),))
