"""Prospect stalls and objections: "I need to think about it", "send me some info", …

A rule-based detector: one compiled phrase lexicon (``lexicons/stall.yaml``) scanned over
the prospect's utterances only, one finding per sentence that holds a stall phrase, unless the
same sentence states urgency or a deadline (``lexicons/stall_not.yaml``: "we need this fixed
before the audit" is a need, never a stall), pairs the hedge with a pledge ("not sure yet,
maybe 10 cents") or tells history ("we tried one two years ago, it was far too costly"); a
question about the offer ("would the board need to sign off on that?") is no stall, and
neither is a description of who signs off given in answer to the rep's question about how
they decide. Phrases and rules were kept or dropped by cross-validation
(``scripts/cv_stall.py``, docs/evaluation/stall.md).

A learned head (``callcoach.nlp.heads``, trained by ``scripts/train_head.py`` on invented
sentences in ``training/heads/stall.jsonl``) can check the rules: ``head_veto`` drops a rule
hit whose quote the head scores below it; ``head_add`` adds a prospect sentence the rules
missed when the head scores it at or above it (at least ``head_min_words`` words, not a
question about the offer, no urgency veto). Leave-one-call-out on the 28 read sales calls
(``scripts/loco_stall_head.py``) chose the rules alone, so both are off by default; turned
on, the head embeds its sentences with the call's embedder (``context.embedder``) or the
shipped one.

Since 2.9 a two-turn head (``models/stall_pair.head.*``, invented exchanges built by
``scripts/gen_stall_pair_rows.py``) reads the rep's turn before a sentence with the sentence:
``pair_veto`` drops a rule hit it scores below it, ``pair_add`` adds a finished, said sentence
of a turn right after the rep's. Leave-one-batch-out and open6 before reading chose the rules
alone (the head ranks the rules' own true stalls lowest and adds three false alarms for each
stall it finds), so both are off.

Round 10: a reply head (``models/stall_reply.head.*``, trained on the nine opened blind
writers' prospect sentences by ``scripts/lobo_blind_heads.py --reply --save-head``) reads a
sentence with the other speaker's next turn, the rep's handling of a put-off: ``reply_add``
adds a candidate someone answers, ``reply_veto`` drops a rule hit. It gained on open9 before
reading but lost the nested leave-one-batch-out choice and the sealed stalls criterion, so
both are off (docs/evaluation/stall.md, tenth round).

Round 13: ``head_one_per_turn`` (at most one head addition per prospect utterance, none in an
utterance whose put-off the rules already quote), ``reply_cap`` (at most N additions per call)
and ``head_after_ask`` (add only answers to the rep's ask for a commitment; it covers 5 % of the
gold stalls). ``reply_add`` 0.9 with one addition per turn gained on leave-one-batch-out, open11
before reading and the sealed calls, but the grid that chose it was named after the first
grids were scored, it adds two false stalls on the dev calls and ≈ 376 embedded texts per
call-hour: all off, the declared candidate (docs/evaluation/stall.md, thirteenth round).

Round 15: ``min_position`` drops a put-off of a decision (timing, think-about-it, price,
other) said in the first share of a call's utterances; brush-offs (send-info, status-quo,
authority) stand. At 0.4 it removed false stalls only on every sales measure (leave-one-batch-
out, open13 before reading, 52 sealed: 27 → 18 false, no hit lost) but cost the RESPER CV
0.05 (a haggle or a donation chat opens with the offer: no discovery phase), and no call-length
floor or offer condition kept both: off, the declared candidate. ``head_reply_handled`` (head
additions only where the rep's reply probes, reframes or accepts) is off too.

Round 16 (2.10): ``min_position`` 0.4 is on where the conversation is a sales call
(``sales_call``, the default: every call a user analyses is one) of at least
``min_position_utterances`` (20) utterances; the RESPER task says its donation chats and
haggles are not sales calls, so its CV is unchanged. Four general forms written from open14's
misses found nothing on the 64 design calls or the 56 sealed ones and were taken out
(docs/evaluation/stall.md, sixteenth round).

Round 17 (findings as 2.10): fifteen general forms, each supported by two or more writers
of the read calls (a spending threshold someone else signs, the decision not the speaker's,
the person who does the money; a look put off to a named month or season, a budget settled in
a month, nothing promised till then, the board not meeting till a month, no change in a busy
time; the material named after a send) sit in ``lexicons/stall_more.yaml`` behind
``more_forms`` (off): leave-one-batch-out and open15 gain with precision held, but on the
sealed calls they add as many false stalls as hits (docs/evaluation/stall.md).

Round 18 (findings as 2.10): ``more_min_position`` (off) drops a stall that only a
``more_forms`` line finds when it is said in the first share of a sales call. With all the
lines it leaves leave-one-batch-out and open16 unchanged and gives 64 sealed calls 69/25/56
(main 66/23/59); the lines chosen by the writers they help give 67/24/58: precision falls in
both, so both stay off (docs/evaluation/stall.md, eighteenth round).

Round 20 (2.11): ``more_forms`` on in a sales call, behind two guards: ``more_after_offer``
keeps a stall that only a ``more_forms`` line finds only when said after the rep first names
the price or terms (``offer_named_after``), and ``more_min_position`` 0.5 drops one said in the
first half of the call; ``min_position`` is 0.5 too. Batch-strict leave-one-batch-out over the
18 design batches 69/11/82 -> 96/11/55 (F1 0.597 -> 0.744), open18 before reading identical,
72 sealed 71/24/72 -> 73/24/70. ``more_reply_handled`` (an extra line's stall kept only when
the rep's next turn probes, reframes or accepts it) lost a sealed hit and no false stall: off.

Round 21 (2.12): two precision rules, in a sales call only (the RESPER task keeps its
findings). ``one_kind_per_turn``: a prospect utterance holds at most one stall of each kind (a
second quote of a kind already found there, in a run-on or after a sentence between, is the
same put-off told again); ``unsure_fact``: a bare "I'm not sure" is doubt about a fact, no
stall ("not sure yet", "not sure about this" stay). On the 84 design calls they remove four
false stalls of four writers and no hit: batch-strict leave-one-batch-out over 19 design
batches 103/11/56 -> 103/7/56 (P 0.90 -> 0.94), open19 before reading identical, 76 sealed
80/24/75 -> 80/22/75. One more ``stall_more.yaml`` line, the decider's own deliberation to
come ("she'll want to see it in writing first"): leave-one-batch-out 104/7/55, open19
identical, 76 sealed 82/23/73 (docs/evaluation/stall.md, twenty-first round).

Round 24 (2.15): ``offer_reply_forms`` scans ``lexicons/stall_offer_reply.yaml`` (the decision
taken to a governing body named after a word or two) and keeps a stall only those lines find
only in the prospect's answer to the rep's turn naming the price or terms (``answers_offer``);
one ``stall_more.yaml`` send-info line asks for a case study, a report or references.
Batch-strict leave-one-batch-out over 21 design batches 116/8/61 -> 121/8/56 (F1 0.771 ->
0.791), open21 before reading identical, 84 sealed 96/26/74 -> 97/26/73
(docs/evaluation/stall.md, twenty-fourth round).

Round 25 (2.16): ``clause_split``: in a sales call a stall phrase of another kind inside a
sentence already quoted starts a quote of its own when a clause boundary (", and", ", then",
";") lies between the two phrases; the first clause keeps its sentence start (a bare refusal
before it still joins it). On the 92 design calls it changes one turn (a board that has to
decide, and does not meet till a month: +1 hit, no false stall); batch-strict
leave-one-batch-out unchanged at 121/8/56 (the timing line that finds the second clause there
is supported by that writer alone); open21 before reading 5/1/4 -> 6/1/3; 84 sealed
aggregates unchanged (97/26/73) (docs/evaluation/stall.md, twenty-fifth round).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from callcoach.detectors._patterns import (
    Lexicon,
    PhraseMatch,
    load_lexicon,
    merged_lexicon,
    sentence_span,
)
from callcoach.detectors.base import DetectionContext, Detector, Embedder, role_utterances
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance
from callcoach.nlp.sentences import split_sentences, split_unpunctuated_many

__all__ = [
    "ASKED_KINDS",
    "HEAD",
    "KINDS",
    "StallDetector",
    "asks",
    "head_candidates",
    "stall_matches",
    "vetoed",
    "without_fillers",
]

# Hedges and intensifiers that people drop anywhere into a stall ("we can't *really* afford
# it", "we'll *probably* hold off"): the lexicon is also matched on the text with these
# blanked out (same length, so offsets hold), so a form need not list every adverb.
_FILLERS = re.compile(
    r"\b(?:really|just|honestly|actually|probably|definitely|certainly|simply|totally|"
    r"basically|truly|kinda|sorta|kind of|sort of|pretty much|pretty|even|necessarily|"
    r"currently|personally|frankly|obviously|still|also)\b",
    re.IGNORECASE,
)

# A sentence longer than this (ASR text without punctuation) is quoted around each match.
_RUN_ON_WORDS = 20
_CONTEXT_CHARS = 40

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


def without_fillers(text: str) -> str:
    """``text`` with hedges and intensifiers blanked by spaces (same length and offsets)."""
    return _FILLERS.sub(lambda m: " " * len(m.group()), text)


def stall_matches(lexicon: Lexicon, text: str) -> list[PhraseMatch]:
    """Stall phrases in ``text``, left to right: those of the text as written, plus those
    found only once its fillers are blanked, where they overlap none of the first."""
    found = list(lexicon.finditer(text))
    blanked = without_fillers(text)
    if blanked != text:
        for match in lexicon.finditer(blanked):
            if not any(m.start < match.end and match.start < m.end for m in found):
                found.append(
                    PhraseMatch(
                        match.category, match.start, match.end, text[match.start : match.end]
                    )
                )
        found.sort(key=lambda m: m.start)
    return found


def _clause(text: str, start: int, end: int, following: int | None) -> tuple[int, int]:
    """The sentence holding the match, or, in a run-on sentence of unpunctuated speech, the
    words around it, up to the next stall phrase: "forward us a one pager and I'll mull it
    over … I'd have to run it past our controller anyway" holds two stalls, quoted apart."""
    first, last = sentence_span(text, start, end)
    if len(text[first:last].split()) <= _RUN_ON_WORDS:
        return first, last
    left = text.rfind(" ", first, max(first, start - _CONTEXT_CHARS)) + 1 or first
    right = text.find(" ", min(last, end + _CONTEXT_CHARS), last)
    right = last if right < 0 else right
    if following is not None and end <= following < right:
        right = following  # the next stall phrase starts its own quote
    return max(first, left), right


# The learned head (``models/stall.head.*``) and the off values of its two parameters.
HEAD = "stall"
HEAD_VETO_OFF = 0.0
HEAD_ADD_OFF = 1.0
# The two-turn head (``models/stall_pair.head.*``, 2.9): the rep's turn before and the
# buyer's sentence, trained on invented exchanges (``scripts/gen_stall_pair_rows.py``).
PAIR_HEAD = "stall_pair"
# Only the end of a long rep turn is read as the context: the ask or proposal a stall answers
# comes last, and a long pitch before it would drown it in the embedding.
_CONTEXT_WORDS = 40
# The reply head (round 10, ``models/stall_reply.head.*``): the prospect's sentence and the
# first words of the other speaker's next turn, the rep's handling of a put-off.
REPLY_HEAD = "stall_reply"
_UNFINISHED = re.compile(r"(?:\?|-{2,}|—|…|\.\.\.)\s*$")


@register
class StallDetector(Detector):
    """Stalls and objections said by the prospect, with their kind."""

    name: ClassVar[str] = "stall"
    version: ClassVar[str] = "2.16"
    description: ClassVar[str] = (
        "Prospect stalls and objections (think-about-it, send-info, timing, status-quo, "
        "authority, price, other) from a phrase lexicon; a sentence head, a two-turn head and a "
        "reply head can veto or add (head_*, pair_*, reply_*: off by default)."
    )

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # head_veto / head_add: leave-one-call-out on the 28 read sales calls chose neither
        # (the rules alone; scripts/loco_stall_head.py, docs/evaluation/stall.md), so both
        # default to off (HEAD_VETO_OFF, HEAD_ADD_OFF) and nothing is embedded.
        return {
            "kinds": list(KINDS),
            "head_veto": 0.0,
            "head_add": 1.0,
            "head_min_words": 5,
            "pair_veto": 0.0,
            "pair_add": 1.0,
            # head_after_offer (round 9): the heads add only a sentence the prospect says after
            # the rep has first named the offer's price or terms (``offer_named_after``):
            # a stall puts off a decision, and before an offer there is none to put off.
            "head_after_offer": False,
            # reply_add / reply_veto (round 10): the reply head reads a prospect sentence with
            # the other speaker's turn after it (``models/stall_reply.head.*``): a rep who
            # answers "no problem, I'll send it over" or "what would you need to see?" shows
            # that the buyer just put the decision off. Off (1.0 / 0.0) unless chosen.
            "reply_add": 1.0,
            "reply_veto": 0.0,
            # reply_cap (round 13): at most this many head additions per call, those the head
            # scores highest (0: no cap). A writer whose prospect talk the head over-scores
            # then costs at most this many false alarms per call.
            "reply_cap": 0,
            # head_after_ask (round 13): the heads add only a sentence of a prospect turn
            # that answers the rep's ask for a commitment or a next step
            # (``asked_to_commit``): a put-off defers a decision the rep just asked for.
            "head_after_ask": False,
            # head_one_per_turn (round 13): the heads add at most one sentence per prospect
            # utterance (the one scored highest) and none in an utterance whose put-off the
            # rules already quote: a turn holds one put-off, and the sentences around it are
            # its reason or its detail, not stalls of their own.
            "head_one_per_turn": False,
            # head_not_after_question (round 14): the heads add no sentence of a prospect
            # utterance that answers a rep turn ending in a question (``answers_rep_question``):
            # a buyer who answers "who else looks at this?" describes, and put-offs are
            # mostly said of the buyer's own accord. Text without punctuation is never held.
            "head_not_after_question": False,
            # min_position (round 15): a put-off of a decision (timing, think-about-it, price,
            # other) said in the first ``min_position`` share of the call's utterances is
            # dropped, rule hit or head addition: before the rep has shown anything there is no
            # decision to put off, and "no thanks" or "that's impossible" there is chat or pain.
            # A brush-off (send-info, status-quo, authority) stands wherever it is said.
            # 0.0: off. Since 2.10 on at 0.4 in a sales call (``sales_call``; round 16), since
            # 2.11 at 0.5 (round 20: leave-one-batch-out drops a false stall, no hit).
            "min_position": 0.5,
            # min_position_before_offer (round 15): ``min_position`` holds only a put-off said
            # before the rep first names the offer's price or terms (``offer_named_after``):
            # a haggle or a donation ask can open a short exchange with the offer itself.
            "min_position_before_offer": False,
            # min_position_utterances (round 15): ``min_position`` holds only in a call of at
            # least this many utterances, one long enough for a discovery phase before the
            # offer (a short chat or a haggle opens with the offer). 0: every call. Since 2.10
            # 20: a snippet or a two-minute cold call has no discovery phase to be early in
            # (every read sales call has 27 utterances or more, so none is exempt).
            "min_position_utterances": 20,
            # head_reply_handled (round 15): the heads add only a sentence whose reply, the
            # other speaker's next turn, holds a probe, a reframe or an acceptance of
            # ``lexicons/stall_response.yaml``: the rep treats it as a put-off.
            "head_reply_handled": False,
            # sales_call (round 16): the conversation is a sales call, where the rep finds
            # out about the buyer before offering anything, so a put-off of a decision has an
            # offer to follow. The sales-call rules (``min_position``) hold only then. Every
            # call a user analyses is one (the manifest's call types are all sales calls); a
            # research dialogue that opens with the ask (a donation chat, a haggle: the
            # RESPER corpora) is not, and its evaluation task sets this to False.
            "sales_call": True,
            # more_forms (round 17): also scan ``lexicons/stall_more.yaml`` (general forms
            # with support from two or more writers) in a sales call (``sales_call``). Off
            # until 2.11: on the 60 sealed calls they added as many false stalls as hits
            # (seventeenth round); on since round 20 behind ``more_after_offer`` and
            # ``more_min_position`` 0.5 (72 sealed: +2 hits, no false stall).
            "more_forms": True,
            # more_min_position (round 18): in a sales call (``sales_call``) of at least
            # ``min_position_utterances`` utterances, a stall that only a ``more_forms`` line
            # finds (its quote holds no phrase of ``lexicons/stall.yaml``) is dropped when said
            # in this first share of the call's utterances, of any kind. On the 72 design
            # calls every gold authority stall (35 found) lies after 0.5 of the call: a
            # spending threshold or the person who does the money told early describes how the
            # company buys. 0.0: off; 0.5 since 2.11 (round 20).
            "more_min_position": 0.5,
            # more_reply_handled (round 20): a stall that only a ``more_forms`` line finds (its
            # quote holds no phrase of ``lexicons/stall.yaml``) is kept only when the other
            # speaker's next turn probes, reframes or accepts a put-off
            # (``lexicons/stall_response.yaml``): a threshold or a budget month told as a fact
            # draws no handling, a put-off does. False: off.
            "more_reply_handled": False,
            # more_after_offer (round 20): a stall that only a ``more_forms`` line finds is
            # kept only when said after the rep first names the offer's price or terms
            # (``offer_named_after``): before an offer a threshold or a budget month
            # describes how the company buys. False: off.
            "more_after_offer": True,
            # more_send_info_before_offer (round 22): ``more_after_offer`` spares a request
            # for the prices or the material (kind send-info): a buyer who asks to be sent the
            # prices asks before the rep has named them, so the guard can only drop it. The
            # second-half guard (``more_min_position``) still holds. On since 2.13.
            "more_send_info_before_offer": True,
            # one_kind_per_turn (round 21): in a sales call (``sales_call``) a prospect
            # utterance holds at most one stall of each kind; a later quote of a kind already
            # found in the same utterance is dropped. A turn that names its decider twice or
            # says "think" twice ("it's not me who signs … he does the money side") is one
            # put-off, where the adjacent-sentence rule cannot join it (pieces of a run-on
            # sentence, a sentence between). On the 84 design calls every such second quote
            # is a false stall (2 of 2, two writers) and no turn holds two gold stalls of
            # one kind. On since 2.12 (round 21).
            "one_kind_per_turn": True,
            # clause_split (round 25): in a sales call, a stall phrase of another kind inside a
            # sentence already quoted starts a quote of its own when a clause boundary
            # (", and", ", then", ";") lies between the two phrases ("it has to go to the
            # trustees, and they don't sit till spring"): the writers mark two moments there
            # (of the 33 turns holding two or more gold stalls on the 92 design calls, 32 hold
            # them of different kinds). False: one finding per sentence. On since 2.16.
            "clause_split": True,
            # unsure_fact (round 21): in a sales call, a bare "I'm not sure" (no "yet", no
            # object: "about this", "if we …") is no stall: said there it is doubt about a
            # fact (a room's door, a site's signal), not a decision put off. The form came
            # from the donation chats (RESPER), which keep it (``sales_call`` false). On the
            # 84 design calls it finds 0 gold stalls and 2 false ones (two writers). On since
            # 2.12 (round 21).
            "unsure_fact": True,
            # pass_no_object (round 23): in a sales call, the refusal "I'll pass" / "we're
            # going to pass" (``other``) is a refusal only when "pass" takes no object: a
            # count going past a number ("we'll pass ninety thousand riders by spring") and a
            # message handed on with no one named to take it ("I'll pass it on. Bye.") are
            # dropped; "pass on this", "pass for now" and a relay to someone named ("I'll pass
            # it on to our director") stay. On the 88 design calls the line's only two
            # findings are those two, both false (one writer). On since 2.14.
            "pass_no_object": True,
            # offer_reply_forms (round 24): also scan ``lexicons/stall_offer_reply.yaml`` in a
            # sales call, and keep a stall that only those lines find (its quote holds no
            # phrase of ``stall.yaml`` or ``stall_more.yaml``) only in a prospect utterance
            # that answers the rep's turn naming the price or terms (``answers_offer``): the
            # decision taken to a governing body ("that goes to the district's works
            # committee"), said right after the number, puts the decision off; said in
            # discovery it tells how the company buys. The extra lines' guards
            # (``more_min_position``, ``more_after_offer``) hold as well. On the 92 design calls
            # the one line adds 3 gold stalls and no false one (three writers); on the 84
            # sealed calls it finds nothing. False: off. On since 2.15.
            "offer_reply_forms": True,
        }

    def base_phrases(self) -> Lexicon:
        """The shipped phrases (``lexicons/stall.yaml``): a quote holding none of them was
        found by a ``more_forms`` line alone (``more_min_position``)."""
        return load_lexicon("stall")

    def ungated_phrases(self) -> Lexicon:
        """The phrases whose stalls need no answer to the offer: ``lexicons/stall.yaml``, with
        ``more_forms`` also ``lexicons/stall_more.yaml`` (a quote holding none of them was
        found by an ``offer_reply_forms`` line alone)."""
        return (
            merged_lexicon("stall", "stall_more")
            if self.params["more_forms"] and self.params["sales_call"]
            else load_lexicon("stall")
        )

    def phrases(self) -> Lexicon:
        """The stall phrases (``lexicons/stall.yaml``, with ``more_forms`` also
        ``lexicons/stall_more.yaml``, with ``offer_reply_forms`` also
        ``lexicons/stall_offer_reply.yaml``); leave-one-call-out swaps in a subset."""
        if not self.params["sales_call"]:
            return load_lexicon("stall")
        names = ["stall"]
        if self.params["more_forms"]:
            names.append("stall_more")
        if self.params["offer_reply_forms"]:
            names.append("stall_offer_reply")
        return merged_lexicon(*names) if len(names) > 1 else load_lexicon("stall")

    def _extra_only_where(
        self, call: Call, findings: list[Finding], keep: Callable[[str], bool]
    ) -> list[Finding]:
        """``findings`` less those that only an extra form found (no base phrase holds them)
        in an utterance whose id ``keep`` turns down."""
        base = self.base_phrases()
        return [
            f for f in findings if keep(f.evidence[0].utterance_id) or _holds_phrase(base, call, f)
        ]

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        findings = self._rule_findings(call, context)
        early = float(self.params["min_position"]) if self.params["sales_call"] else 0.0
        offered = (
            offer_named_after(call, context)
            if early > 0.0 and self.params["min_position_before_offer"]
            else None
        )
        if len(call.utterances) < int(self.params["min_position_utterances"]):
            early = 0.0  # too short a call for a discovery phase: no early put-off is held
        if early > 0.0:
            findings = [f for f in findings if not _early_put_off(call, f, early, offered)]
        more_early = float(self.params["more_min_position"]) if self.params["sales_call"] else 0.0
        if more_early > 0.0 and len(call.utterances) >= int(self.params["min_position_utterances"]):
            opening = {u.id for u in call.utterances[: int(more_early * len(call.utterances))]}
            findings = self._extra_only_where(call, findings, lambda uid: uid not in opening)
        extra = bool(self.params["more_forms"]) and bool(self.params["sales_call"])
        if extra and self.params["more_after_offer"]:
            spare = bool(self.params["more_send_info_before_offer"])
            held = self._extra_only_where(
                call, findings, offer_named_after(call, context).__contains__
            )
            findings = [
                f for f in findings if f in held or (spare and f.attributes["kind"] == "send-info")
            ]
        if self.params["offer_reply_forms"] and self.params["sales_call"]:
            answered = answers_offer(call, context)
            ungated = self.ungated_phrases()
            findings = [
                f
                for f in findings
                if f.evidence[0].utterance_id in answered or _holds_phrase(ungated, call, f)
            ]
        if extra and self.params["more_reply_handled"]:
            findings = self._extra_only_where(
                call, findings, _handled_replies(call, context).__contains__
            )
        if self.params["one_kind_per_turn"] and self.params["sales_call"]:
            findings = _one_kind_per_turn(findings)
        veto, add = float(self.params["head_veto"]), float(self.params["head_add"])
        pair_veto, pair_add = float(self.params["pair_veto"]), float(self.params["pair_add"])
        reply_veto, reply_add = float(self.params["reply_veto"]), float(self.params["reply_add"])
        if (
            veto <= HEAD_VETO_OFF
            and add >= HEAD_ADD_OFF
            and pair_veto <= HEAD_VETO_OFF
            and pair_add >= HEAD_ADD_OFF
            and reply_veto <= HEAD_VETO_OFF
            and reply_add >= HEAD_ADD_OFF
        ):
            return findings
        from callcoach.nlp.heads import load_head

        embedder = context.embedder or _default_embedder()
        kept = findings
        if veto > HEAD_VETO_OFF and findings:
            head = load_head(HEAD)
            scores = head.probabilities(_quoted_texts(call, findings), embedder)
            kept = [f for f, p in zip(findings, scores, strict=True) if p >= veto]
        before = _rep_turn_before(call, context)
        if pair_veto > HEAD_VETO_OFF and kept:
            pair = load_head(PAIR_HEAD)
            contexts = [_context(before.get(f.evidence[0].utterance_id, "")) for f in kept]
            scores = pair.pair_probabilities(contexts, _quoted_texts(call, kept), embedder)
            kept = [f for f, p in zip(kept, scores, strict=True) if p >= pair_veto]
        replies = _turn_after(call, context)
        if reply_veto > HEAD_VETO_OFF and kept:
            reply = load_head(REPLY_HEAD)
            contexts = [replies.get(f.evidence[0].utterance_id, "") for f in kept]
            scores = reply.pair_probabilities(contexts, _quoted_texts(call, kept), embedder)
            kept = [f for f, p in zip(kept, scores, strict=True) if p >= reply_veto]
        if add >= HEAD_ADD_OFF and pair_add >= HEAD_ADD_OFF and reply_add >= HEAD_ADD_OFF:
            return kept
        ruled = [f.evidence[0] for f in findings]
        fresh = [
            c
            for c in head_candidates(call, context, int(self.params["head_min_words"]))
            if not any(
                e.utterance_id == c[0].id
                and e.char_start < c[2]
                and c[1] < (len(c[0].text) if e.char_end is None else e.char_end)
                for e in ruled
            )
        ]
        if self.params["head_after_offer"]:
            after = offer_named_after(call, context)
            fresh = [c for c in fresh if c[0].id in after]
        if self.params["head_after_ask"]:
            answering = asked_to_commit(call, context)
            fresh = [c for c in fresh if c[0].id in answering]
        if self.params["head_not_after_question"]:
            answering = answers_rep_question(call, context)
            fresh = [c for c in fresh if c[0].id not in answering]
        if early > 0.0:
            first = int(early * len(call.utterances))
            position = {u.id: i for i, u in enumerate(call.utterances)}
            fresh = [
                c
                for c in fresh
                if position[c[0].id] >= first or (offered is not None and c[0].id in offered)
            ]
        if self.params["head_reply_handled"]:
            handled = _handled_replies(call, context)
            fresh = [c for c in fresh if c[0].id in handled]
        texts = [text for _, _, _, text in fresh]
        passed = [True] * len(fresh)
        best = [0.0] * len(fresh)
        if add < HEAD_ADD_OFF:
            scores = load_head(HEAD).probabilities(texts, embedder)
            passed = [ok and p >= add for ok, p in zip(passed, scores, strict=True)]
            best = [float(p) for p in scores]
        if pair_add < HEAD_ADD_OFF:
            # A stall answers the rep's turn: the two-turn head adds only a sentence of a
            # turn right after the rep's, said (no question) and finished (no cut-off "--").
            passed = [
                ok and c[0].id in before and not _UNFINISHED.search(c[3])
                for ok, c in zip(passed, fresh, strict=True)
            ]
            contexts = [_context(before.get(c[0].id, "")) for c in fresh]
            scores = load_head(PAIR_HEAD).pair_probabilities(contexts, texts, embedder)
            passed = [ok and p >= pair_add for ok, p in zip(passed, scores, strict=True)]
            best = [float(p) for p in scores]  # the two-turn head's score is the confidence
        if reply_add < HEAD_ADD_OFF:
            # The reply head reads what the other speaker says next; a sentence nobody answers
            # (the call's last turn) has no reply to read, so it is never added.
            passed = [ok and c[0].id in replies for ok, c in zip(passed, fresh, strict=True)]
            contexts = [replies.get(c[0].id, "") for c in fresh]
            scores = load_head(REPLY_HEAD).pair_probabilities(contexts, texts, embedder)
            passed = [ok and p >= reply_add for ok, p in zip(passed, scores, strict=True)]
            best = [float(p) for p in scores]
        if self.params["head_one_per_turn"]:
            ruled_ids = {e.utterance_id for e in ruled}
            top: dict[str, int] = {}  # utterance id -> its best passing candidate
            for i, (c, ok) in enumerate(zip(fresh, passed, strict=True)):
                if not ok or c[0].id in ruled_ids:
                    continue
                j = top.get(c[0].id)
                if j is None or best[i] > best[j]:
                    top[c[0].id] = i
            chosen = set(top.values())
            passed = [i in chosen for i in range(len(passed))]
        cap = int(self.params["reply_cap"])
        if cap > 0 and sum(passed) > cap:
            # keep the ``cap`` additions the head is surest of (ties: the earlier sentence)
            ranked = sorted((i for i, ok in enumerate(passed) if ok), key=lambda i: -best[i])
            keep = set(ranked[:cap])
            passed = [i in keep for i in range(len(passed))]
        added = [
            self.finding(
                "stall",
                [Evidence.of(utterance, start, end)],
                round(p, 4),
                kind="other",
                speaker_role="prospect",
                source="head",
            )
            for (utterance, start, end, _), ok, p in zip(fresh, passed, best, strict=True)
            if ok
        ]
        order = {u.id: i for i, u in enumerate(call.utterances)}
        return sorted(
            kept + added,
            key=lambda f: (order.get(f.evidence[0].utterance_id, -1), f.evidence[0].char_start),
        )

    def _rule_findings(self, call: Call, context: DetectionContext) -> list[Finding]:
        lexicon = self.phrases()
        urgency = load_lexicon("stall_not")
        wanted = set(self.params["kinds"])
        unsure = bool(self.params["unsure_fact"]) and bool(self.params["sales_call"])
        pass_object = bool(self.params["pass_no_object"]) and bool(self.params["sales_call"])
        split = bool(self.params["clause_split"]) and bool(self.params["sales_call"])
        findings: list[Finding] = []
        questions = _rep_questions_before(call, context)
        previous = _rep_turn_before(call, context)
        for utterance in role_utterances(call, context.roles, "prospect"):
            text = utterance.text
            asked = questions.get(utterance.id, ())
            matches = [
                m
                for m in stall_matches(lexicon, text)
                if m.category in wanted
                and not (unsure and _BARE_UNSURE.fullmatch(m.text))
                and not (pass_object and _passes_something(m, text))
            ]
            seen: list[tuple[int, int]] = []
            quoted: list[_Quote] = []
            for index, match in enumerate(matches):
                # "send me the deck and I'll mull it over" is one put-off; a different kind
                # of stall later in a run-on sentence ("… I'd have to ask our CFO") is another.
                following = next(
                    (
                        m.start
                        for m in matches[index + 1 :]
                        if m.category not in (match.category, "think-about-it")
                    ),
                    None,
                )
                span = _clause(text, match.start, match.end, following)
                if any(a <= match.start < b for a, b in seen):
                    cut = _clause_cut(text, quoted, match) if split else None
                    if cut is None:
                        continue  # this phrase is inside a stall already quoted
                    index_q, comma, begin = cut
                    held = quoted[index_q]
                    # the first clause keeps its sentence start: a bare refusal before it
                    # still joins it ("We can't sign. It goes to the board, and …")
                    quoted[index_q] = _Quote((held.span[0], comma), held.match, held.whole)
                    seen = [(a, comma) if (a, b) == held.span else (a, b) for a, b in seen]
                    span = (begin, held.span[1])  # the second clause, checked as any quote
                # Two stalls in one run-on sentence: the second quote starts after the first.
                span = (max([span[0], *(b for _, b in seen if b <= match.start)]), span[1])
                seen.append(span)
                if vetoed(urgency, text[span[0] : span[1]], match.category):
                    continue
                if (
                    match.category == "authority"
                    and any(_WH_WORD.search(q) and _PROCESS_QUESTION.search(q) for q in asked)
                    and _DEFERRING.search(text[span[0] : span[1]]) is None
                ):
                    continue  # "who signs off?" "Our director signs off on it.": an answer
                if _BARE_HEDGE.match(match.text) and not _answers_a_question(
                    asked, previous.get(utterance.id)
                ):
                    continue  # "I might, I might." to a story about someone's father
                if match.category not in ASKED_KINDS and asks(
                    text[slice(*sentence_span(text, match.start, match.end))]
                ):
                    continue  # "Is it too expensive for a team our size?" asks; it does not stall
                whole = span == sentence_span(text, match.start, match.end)
                quoted.append(_Quote(span, match, whole))
            groups = _adjacent_sentences(text, quoted)
            starts = [g[0].span[0] for g in groups]
            for index, group in enumerate(groups):
                first = group[0].match
                kind = next((q.match.category for q in group if q.match.category != "other"), None)
                end = _with_reason(text, group, starts[index + 1 :], urgency)
                findings.append(
                    self.finding(
                        "stall",
                        [Evidence.of(utterance, group[0].span[0], end)],
                        max(KINDS.get(q.match.category, 0.7) for q in group),
                        kind=kind or first.category,
                        phrase=first.text,
                        speaker_role="prospect",
                    )
                )
        return findings


# A bare "I'm not sure" (round 21, ``unsure_fact``): the phrase alone, with at most an
# adverb of degree; "not sure yet", "not sure about this" and "not sure if we …" are longer
# matches and stay put-offs.
_BARE_UNSURE = re.compile(
    r"(?:i['’]?m|i am|im) not (?:so |too |quite |really |entirely |100 percent )?(?:sure|certain)",
    re.IGNORECASE,
)


# "pass" with an object (round 23, ``pass_no_object``): a count going past a number, or a
# thing handed on ("it", "the message", "your thanks" … "on" / "along" / "over") with no one
# named after it ("to our director" keeps the relay: a decider may be its stall).
_PASS_END = re.compile(r"\bpass$", re.IGNORECASE)
_NUMBER = (
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|"
    r"a (?:hundred|thousand|million|billion|dozen)|half a)\b"
)
_PASS_OBJECT = re.compile(
    r"\s+(?:(?:the |a |an |over |past |beyond )?" + _NUMBER + "|"
    r"(?:it|this|that|them|these|those|the|your|my|our|his|her|their|a|an|some|all|everything)"
    r"\b(?:\s+[\w'’-]+){0,3}?\s+(?:on|along|over|back)\b(?!\s+to\b))",
    re.IGNORECASE,
)


def _passes_something(match: PhraseMatch, text: str) -> bool:
    """Whether ``match`` ends in "pass" and the words after it give "pass" an object: a
    number passed or a thing passed on (``pass_no_object``)."""
    return (
        match.category == "other"
        and _PASS_END.search(match.text) is not None
        and _PASS_OBJECT.match(text, match.end) is not None
    )


# A clause boundary inside a sentence (round 25, ``clause_split``): a comma or semicolon
# followed by "and" or "then", or a bare semicolon.
_CLAUSE_BOUNDARY = re.compile(r"(?:[,;]\s+(?:and\s+then|and|then)|;)\s+", re.IGNORECASE)


def _clause_cut(text: str, quoted: list[_Quote], match: PhraseMatch) -> tuple[int, int, int] | None:
    """Where a quote already made must be cut so that ``match``, a phrase of another kind
    inside it, starts a quote of its own (``clause_split``): (the quote's index, the end of
    its first clause, the start of the second), or None when no clause boundary lies between
    the quote's phrase and ``match`` or the kinds are the same."""
    for index, quote in enumerate(quoted):
        a, b = quote.span
        if not a <= match.start < b:
            continue
        if quote.match.category == match.category or quote.match.end > match.start:
            return None
        boundaries = list(_CLAUSE_BOUNDARY.finditer(text, quote.match.end, match.start))
        if not boundaries:
            return None
        last = boundaries[-1]
        return index, last.start(), last.end()
    return None


def _one_kind_per_turn(findings: list[Finding]) -> list[Finding]:
    """``findings`` less each one whose kind an earlier finding of the same utterance has
    (round 21, ``one_kind_per_turn``)."""
    seen: set[tuple[str, object]] = set()
    kept = []
    for finding in findings:
        key = (finding.evidence[0].utterance_id, finding.attributes.get("kind"))
        if key in seen:
            continue
        seen.add(key)
        kept.append(finding)
    return kept


# (utterance, start, end, sentence text) of a prospect sentence the head may read.
_Candidate = tuple[Utterance, int, int, str]
# A sentence longer than this with no punctuation inside is split into sentence-like units
# by the boundary model first (ASR text): one stall is a clause, not a whole run-on turn.
_LONG_WORDS = 20


def head_candidates(call: Call, context: DetectionContext, min_words: int) -> list[_Candidate]:
    """The prospect's sentences the head may add as stalls: at least ``min_words`` words (a
    two-word reply carries too little for a sentence embedding to judge), not a question
    about the offer (``asks``) and without an urgency or other veto (``stall_not.yaml``)."""
    urgency = load_lexicon("stall_not")
    spans: list[tuple[Utterance, int, int]] = []
    long: list[tuple[Utterance, int, int]] = []
    for utterance in role_utterances(call, context.roles, "prospect"):
        for start, end in split_sentences(utterance.text):
            words = len(utterance.text[start:end].split())
            (long if words > _LONG_WORDS else spans).append((utterance, start, end))
    units = split_unpunctuated_many([u.text[a:b] for u, a, b in long])
    for (utterance, start, _), pieces in zip(long, units, strict=True):
        spans += [(utterance, start + a, start + b) for a, b in pieces]
    candidates = []
    for utterance, start, end in sorted(spans, key=lambda s: (s[0].index, s[1])):
        text = utterance.text[start:end]
        if len(text.split()) >= min_words and not asks(text) and not vetoed(urgency, text, "any"):
            candidates.append((utterance, start, end, text))
    return candidates


# The rep names the offer's price or terms (round 9, ``head_after_offer``): a price word, an
# amount of money, a price per period or per seat, a discount, a contract or a proposal.
_OFFER_NAMED = re.compile(
    r"\b(?:price|pricing|priced|quote|quoted|proposal|discount|promo|subscription|contract|"
    r"fee|fees|investment|per (?:month|year|user|seat|site|licen[cs]e)|sign(?:ed)? "
    r"(?:up|today|by|before)|\d[\d,.]* (?:dollars|euros?|pounds|bucks|grand|thousand|rand|"
    r"ringgit|rupees))\b|[$€£]\s?\d|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand)[- a-z]* (?:a|per) (?:month|year|seat|user)\b",
    re.IGNORECASE,
)


def offer_named_after(call: Call, context: DetectionContext) -> set[str]:
    """The ids of the prospect utterances after the rep first names the offer's price or
    terms (``_OFFER_NAMED``)."""
    named = False
    after: set[str] = set()
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        if role == "rep" and _OFFER_NAMED.search(utterance.text):
            named = True
        elif named and role == "prospect":
            after.add(utterance.id)
    return after


def answers_offer(call: Call, context: DetectionContext) -> set[str]:
    """The ids of the prospect utterances that answer a rep turn naming the offer's price or
    terms (``_OFFER_NAMED`` in the rep's utterances since the prospect last spoke): the
    prospect's whole turn, up to the rep's next utterance (round 24)."""
    out: set[str] = set()
    rep_turn: list[str] = []
    answering = False
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        if role == "rep":
            if answering:
                rep_turn, answering = [], False
            rep_turn.append(utterance.text)
        elif role == "prospect":
            if rep_turn:
                answering = any(_OFFER_NAMED.search(t) for t in rep_turn)
                rep_turn = []
            if answering:
                out.add(utterance.id)
    return out


# The rep asks for a commitment or a next step (round 13, ``head_after_ask``): a question
# that proposes to go ahead, book, sign, start, or asks how the offer lands. Written as
# general forms, not from any call's wording.
_COMMIT_ASK = re.compile(
    r"\b(?:move forward|moving forward|go ahead|get (?:you |things |this )?(?:started|going|"
    r"signed|booked)|sign(?:ed)? (?:up|off|today|the)|book (?:a|the|in|it)|schedule|set up (?:a|the"
    r"|some)|lock (?:in|it)|next steps?|does (?:that|this|it) (?:work|sound)|how does (?:that|"
    r"this) sound|what do you think|shall (?:we|i)|ready to|happy to (?:go|proceed|start)|"
    r"proceed|commit|kick off|start (?:a|the|with)|trial|pilot|proposal|contract|purchase order|"
    r"decision|decide|on board|put (?:you|it) down|send (?:over )?the (?:agreement|paperwork|"
    r"invite|order form)|are we good|can we (?:do|get|put|lock|book|set|start))\b",
    re.IGNORECASE,
)


def asked_to_commit(call: Call, context: DetectionContext) -> set[str]:
    """The ids of the prospect utterances that answer a rep turn ending in an ask for a
    commitment or a next step: a question sentence of the rep's turn just before
    (``_rep_questions_before``) with a ``_COMMIT_ASK`` form, or, in a turn without sentence
    punctuation (ASR text), its last 25 words with one."""
    out: set[str] = set()
    questions = _rep_questions_before(call, context)
    for utterance_id, previous in _rep_turn_before(call, context).items():
        asked = questions.get(utterance_id, ())
        if _SENTENCE_MARK.search(previous) is None:
            asked = (" ".join(previous.split()[-25:]),)
        if any(_COMMIT_ASK.search(q) for q in asked):
            out.add(utterance_id)
    return out


# Kinds that put off a decision, which needs an offer to decide on (``min_position``); a
# brush-off (send-info, status-quo, authority) can end a call before anything is offered.
_DECISION_KINDS = frozenset({"timing", "think-about-it", "price", "other"})


def _early_put_off(
    call: Call, finding: Finding, share: float, offered: set[str] | None = None
) -> bool:
    """Whether ``finding`` puts off a decision within the first ``share`` of the call's
    utterances (round 15's ``min_position``); with ``offered`` (the prospect utterances after
    the rep named the offer), only one said before the offer."""
    if finding.attributes.get("kind") not in _DECISION_KINDS:
        return False
    if offered is not None and finding.evidence[0].utterance_id in offered:
        return False
    first = int(share * len(call.utterances))
    ids = [u.id for u in call.utterances[:first]]
    return finding.evidence[0].utterance_id in ids


def _holds_phrase(lexicon: Lexicon, call: Call, finding: Finding) -> bool:
    """Whether a phrase of ``lexicon`` starts inside ``finding``'s quote."""
    ev = finding.evidence[0]
    text = next((u.text for u in call.utterances if u.id == ev.utterance_id), "")
    end = len(text) if ev.char_end is None else ev.char_end
    return any(ev.char_start <= m.start < end for m in stall_matches(lexicon, text))


_HANDLING = frozenset({"probed", "reframed", "accepted"})


def _handled_replies(call: Call, context: DetectionContext) -> set[str]:
    """The ids of the prospect utterances whose reply (the other speaker's next turn, as the
    reply head reads it) probes, reframes or accepts a put-off (round 15's
    ``head_reply_handled``)."""
    lexicon = load_lexicon("stall_response")
    return {
        uid
        for uid, reply in _turn_after(call, context).items()
        if any(m.category in _HANDLING for m in lexicon.finditer(reply))
    }


def answers_rep_question(call: Call, context: DetectionContext) -> set[str]:
    """The ids of the prospect utterances right after a rep turn whose last sentence asks a
    question (round 14's ``head_not_after_question``)."""
    out: set[str] = set()
    for utterance_id, previous in _rep_turn_before(call, context).items():
        last = re.split(r"(?<=[.!?])\s+", previous.strip())[-1]
        if "?" in last:
            out.add(utterance_id)
    return out


def _quoted_texts(call: Call, findings: list[Finding]) -> list[str]:
    """The text each finding quotes, in full (an evidence quote may be shortened)."""
    texts = {u.id: u.text for u in call.utterances}
    return [
        texts[e.utterance_id][e.char_start : e.char_end].strip()
        for e in (f.evidence[0] for f in findings)
    ]


def _context(turn: str) -> str:
    """The rep's turn as the pair head reads it: its last ``_CONTEXT_WORDS`` words."""
    return " ".join(turn.split()[-_CONTEXT_WORDS:])


def _default_embedder() -> Embedder:
    from callcoach.nlp.embeddings import default_embedder

    return default_embedder()


# The rep asked how the buyer decides ("who else is involved?", "what does your approval
# process look like?"): the prospect's description of who signs off answers it. It is a stall
# only when the speaker defers to that person ("I'd have to check with her first").
_PROCESS_QUESTION = re.compile(
    r"\b(?:who|whom|approv\w*|process|decide[sd]?|deciding|decision|sign(?:s|ed|ing)?[- ]off|"
    r"sign(?:s|ed)?|signature|involved|buying|purchas\w*|procure\w*)\b",
    re.IGNORECASE,
)
# Only an open question asks how they decide; "would you sign off on that?" asks for the
# decision itself.
_WH_WORD = re.compile(r"\b(?:who|whom|what|how|which|walk me|tell me)\b", re.IGNORECASE)
_DEFERRING = re.compile(
    r"\b(?:(?:i|we)(?:['’]d|['’]ll|\s+would|\s+will|\s+need|\s+have|\s+must|\s+gotta|"
    r"\s+got to|\s+should|\s+can['’]t|\s+cannot)|i['’]?m not|we['’]?re not|let me|let us|"
    r"let['’]?s|first|before|until|till|want|wants|need|needs|have to|has to|hasn['’]t|"
    r"haven['’]t|will|won['’]t|['’]ll)\b",
    re.IGNORECASE,
)


def _turn_after(call: Call, context: DetectionContext) -> dict[str, str]:
    """For each prospect utterance, the first ``_CONTEXT_WORDS`` words of the next turn by
    another speaker (consecutive utterances of that speaker joined), as the reply head reads
    it; absent when nobody speaks after it."""
    utterances = call.utterances
    after: dict[str, str] = {}
    nxt = ""
    # walk backwards: ``nxt`` is the turn that starts after the current speaker's run
    turn_words: list[str] = []
    turn_speaker: str | None = None
    for index in range(len(utterances) - 1, -1, -1):
        utterance = utterances[index]
        if utterance.speaker != turn_speaker:
            if turn_speaker is not None:
                nxt = " ".join(turn_words[:_CONTEXT_WORDS])
            turn_speaker, turn_words = utterance.speaker, []
        turn_words = utterance.text.split() + turn_words
        if nxt and context.roles.role_of(utterance.speaker) == "prospect":
            after[utterance.id] = nxt
    return after


def _rep_questions_before(call: Call, context: DetectionContext) -> dict[str, tuple[str, ...]]:
    """For each prospect utterance that follows a rep's utterance, that utterance's question
    sentences (what the prospect is answering)."""
    answers: dict[str, tuple[str, ...]] = {}
    for utterance_id, previous in _rep_turn_before(call, context).items():
        questions = tuple(q for q in re.split(r"(?<=[.!])\s+", previous) if "?" in q)
        if questions:
            answers[utterance_id] = questions
    return answers


def _rep_turn_before(call: Call, context: DetectionContext) -> dict[str, str]:
    """For each prospect utterance that follows a rep's utterance, that utterance's text."""
    before: dict[str, str] = {}
    previous: str | None = None
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        if role == "rep":
            previous = utterance.text
        elif role == "prospect":
            if previous is not None:
                before[utterance.id] = previous
            previous = None
    return before


# A bare hedge ("I might.", "maybe we will.") puts off a decision only as the answer to an
# ask: after "would you donate?" it is a stall, after a story or a remark it is chat
# ("Ah, you wouldn't know him." "I might, I might."). Unpunctuated text cannot show the
# question, so there the hedge stands (round 5).
_BARE_HEDGE = re.compile(r"(?:i|we) (?:might|may)$|maybe (?:i|we)\b", re.IGNORECASE)
_SENTENCE_MARK = re.compile(r"[.?!]")


def _answers_a_question(asked: tuple[str, ...], previous: str | None) -> bool:
    """Whether the prospect's utterance answers a rep question: the rep's turn just before it
    asks one, or has no sentence punctuation to tell (ASR text), or there is no such turn."""
    return bool(asked) or previous is None or _SENTENCE_MARK.search(previous) is None


# A stall is said, not asked: a question holding a stall phrase ("would we need the board to
# sign off on that?", "is that too much for a team our size?") asks about the offer. Only a
# request for material ("can you just send me something?") and a counter-offer ("how about
# fifty?") put off the decision in the form of a question.
ASKED_KINDS = frozenset({"send-info", "price"})


def asks(sentence: str) -> bool:
    """Whether ``sentence`` is a question about the offer; "can we revisit this in spring?"
    and "why don't we park it?" propose the put-off, so they do not just ask."""
    sentence = sentence.strip()
    return sentence.endswith("?") and _PROPOSING.match(sentence) is None


# A question that proposes a put-off: "can we…", "could I…", "can you…", "why don't we…",
# "would it be okay if…", "how about we…" (after an optional "so", "okay", "look" …).
_PROPOSING = re.compile(
    r"(?:(?:so|okay|ok|well|look|listen|honestly|um|uh|yeah|right|and|but)[,\s]+)*"
    r"(?:(?:can|could|may|might|shall) (?:we|i)\b|(?:can|could|will) you\b|"
    r"why don['’]?t (?:we|i|you)\b|"
    r"(?:would|is) it (?:be )?(?:ok|okay|alright|all right|possible|fine)|do you mind if|"
    r"how about (?:we|i)\b|what if (?:we|i)\b|let['’]?s\b)",
    re.IGNORECASE,
)


# A put-off this short ("Not right now.", "I can't sign it.") is quoted with the sentence
# that follows it in the same turn, the reason or the decision maker it names ("I can't sign
# it. It goes to our owners."), unless that sentence is a question, is long, states urgency or
# is a stall quoted on its own.
_SHORT_WORDS = 6
_REASON_WORDS = 25


def vetoed(vetoes: Lexicon, sentence: str, kind: str) -> bool:
    """Whether ``sentence`` states urgency, a pledge, fact-finding, an answer, the cost of the
    problem, a next step or history (``lexicons/stall_not.yaml``); a contrast ("works okay for
    small orders but breaks on big ones") only vetoes a status-quo stall, and history only
    when nothing in the sentence puts the decision off now ("we had a budget cut last month,
    so we can't do it right now" is a stall told with its cause)."""
    return any(
        (veto.category != "contrast" or kind == "status-quo")
        and (veto.category != "history" or _DEFERS_NOW.search(sentence) is None)
        for veto in vetoes.finditer(sentence)
    )


# What makes a sentence about the past a put-off today: "now", "until", a modal or a negation
# of the present ("can't", "won't"), a next period.
_DEFERS_NOW = re.compile(
    r"\b(?:now|right now|at the moment|currently|today|this (?:year|quarter|month|half)|until|"
    r"till|next|yet|will|won['’]?t|can['’]?t|cannot|going to|gonna|have to|has to|need to|"
    r"needs to|want to|['’]ll|['’]d|would|should)\b",
    re.IGNORECASE,
)


def _with_reason(text: str, group: list[_Quote], later_starts: list[int], urgency: Lexicon) -> int:
    """Where the quote of ``group`` ends: its last sentence, or the next one (see above)."""
    start, end = group[0].span[0], group[-1].span[1]
    if not all(q.whole for q in group) or len(text[start:end].split()) > _SHORT_WORDS:
        return end
    following = [(a, b) for a, b in split_sentences(text) if a >= end]
    if not following or text[end : following[0][0]].strip():
        return end
    a, b = following[0]
    reason = text[a:b].rstrip()
    if (
        reason.endswith("?")
        or len(reason.split()) > _REASON_WORDS
        or any(a <= s < b for s in later_starts)
        or vetoed(urgency, reason, "any")
    ):
        return end
    return a + len(reason)


@dataclass(frozen=True)
class _Quote:
    span: tuple[int, int]
    match: PhraseMatch
    whole: bool  # the span is the match's whole sentence (not a piece of a run-on)


# A refusal this short is bare ("Look, I'm not going to decide anything today."); a longer one
# carries its own reason.
_BARE_WORDS = 8


def _bare_refusal(text: str, last: _Quote, quote: _Quote) -> bool:
    """Whether one of two adjacent stall sentences of different kinds is a bare refusal
    ("I can't sign it.", eight words or fewer) that the other gives the reason for. A refusal
    that states its own reason ("I can't sign anything, that's the owners, they're up
    north.") is a moment of its own beside a put-off of another kind (round 5)."""
    return any(
        q.match.category == "other" and len(text[q.span[0] : q.span[1]].split()) <= _BARE_WORDS
        for q in (last, quote)
    )


def _adjacent_sentences(text: str, quoted: list[_Quote]) -> list[list[_Quote]]:
    """Stall sentences grouped into one moment when they follow each other with nothing in
    between and say the same put-off: one kind twice, or a bare refusal beside a specific
    stall ("It's not my call. The board decides that.", "We can't sign this. It would have to
    go to the owners."). A coach sees one stall there, not two. Two kinds of objection ("let
    me think it over. Also it's too expensive.") stay two moments, and so do pieces of a
    run-on sentence (ASR text)."""
    groups: list[list[_Quote]] = []
    for quote in quoted:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.whole
            and quote.whole
            and last.span[1] <= quote.span[0]
            and not text[last.span[1] : quote.span[0]].strip()
            and (last.match.category == quote.match.category or _bare_refusal(text, last, quote))
        ):
            groups[-1].append(quote)
        else:
            groups.append([quote])
    return groups
