"""The stall detector's learned head: the shipped files, and how it vetoes or adds findings.

The encoder here maps each invented text to a vector along (or against) the head's own
weights, so what the head decides is known without the embedding model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.detectors.stall import (
    HEAD,
    REPLY_HEAD,
    StallDetector,
    _turn_after,
    answers_rep_question,
    asked_to_commit,
    head_candidates,
)
from callcoach.model import Finding
from callcoach.nlp.heads import load_head
from tests.detectors.conftest import build_call, build_context

TRAINING = Path(__file__).resolve().parents[2] / "training" / "heads" / "stall.jsonl"


class Along:
    """Puts every text on the head's weight vector: ``stalls`` far along it (P near 1),
    every other text far against it (P near 0). Records what it was asked to embed."""

    def __init__(self, stalls: Sequence[str] = ()) -> None:
        coef = load_head(HEAD).coef.astype(np.float32)
        self.unit = coef / np.linalg.norm(coef)
        self.stalls = set(stalls)
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.asked += list(texts)
        rows = [self.unit * (40.0 if t in self.stalls else -40.0) for t in texts]
        return np.stack(rows).astype(np.float32)


def _detect(turns: list[tuple[str, str]], encoder: Along, **params: float) -> list[Finding]:
    call = build_call(turns)
    context = build_context(call)
    context = type(context)(context.roles, context.findings, encoder)
    return StallDetector(**params).detect(call, context)


def test_the_shipped_head_was_trained_on_the_training_file_as_it_is() -> None:
    head = load_head(HEAD)
    assert head.metadata["training_sha256"] == hashlib.sha256(TRAINING.read_bytes()).hexdigest()
    assert head.metadata["cv"]["f1_pooled"] >= 0.7  # grouped 5-fold CV on invented scenarios


def test_training_rows_are_well_formed_and_varied() -> None:
    rows = [json.loads(line) for line in TRAINING.read_text(encoding="utf-8").splitlines()]
    assert all(set(r) >= {"text", "label", "group"} and r["label"] in (0, 1) for r in rows)
    assert len({r["text"] for r in rows}) == len(rows)
    assert len(rows) >= 300 and 0.25 <= sum(r["label"] for r in rows) / len(rows) <= 0.5
    assert len({r["group"] for r in rows}) >= 50
    unpunctuated = [r for r in rows if r["text"] == r["text"].lower() and "." not in r["text"]]
    assert len(unpunctuated) >= 0.15 * len(rows)


def test_off_by_default_and_then_nothing_is_embedded() -> None:
    encoder = Along()
    found = _detect([("Rep", "Shall we book it?"), ("Prospect", "Let me sleep on it.")], encoder)
    assert [f.attributes["kind"] for f in found] == ["think-about-it"]
    assert encoder.asked == []


def test_the_veto_drops_a_rule_hit_the_head_scores_low() -> None:
    turns = [("Rep", "Shall we book it?"), ("Prospect", "Let me sleep on it.")]
    assert _detect(turns, Along(["Let me sleep on it."]), head_veto=0.5)
    assert _detect(turns, Along(), head_veto=0.5) == []


def test_the_head_adds_a_sentence_the_rules_missed() -> None:
    put_off = "The whole thing is on ice while the warehouse move happens."
    turns = [("Rep", "Can we get the pilot started?"), ("Prospect", f"Hmm. {put_off}")]
    assert _detect(turns, Along([put_off])) == []
    found = _detect(turns, Along([put_off]), head_add=0.9)
    assert [(f.evidence[0].quote, f.attributes["source"]) for f in found] == [(put_off, "head")]
    assert found[0].attributes["kind"] == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Would the whole thing be on ice during the move?",  # a question about the offer
        "Not this week.",  # too short for the head
        "We need this live before the move in March, no later.",  # urgency
    ],
)
def test_questions_short_replies_and_urgency_are_not_candidates(text: str) -> None:
    call = build_call([("Rep", "Can we get the pilot started?"), ("Prospect", text)])
    assert head_candidates(call, build_context(call), 5) == []


def test_a_long_unpunctuated_turn_is_read_clause_by_clause() -> None:
    text = (
        "yeah so the team has been flat out with the move and honestly the whole thing "
        "is on ice until the new warehouse opens so we will pick it up after that i think"
    )
    call = build_call([("Rep", "so where are we"), ("Prospect", text)])
    candidates = head_candidates(call, build_context(call), 5)
    assert len(candidates) >= 2
    assert all(len(c[3].split()) <= 20 for c in candidates)


def test_after_offer_the_head_adds_only_once_the_rep_named_the_price() -> None:
    # round 9 (``head_after_offer``): before the rep names a price or terms there is no
    # decision to put off, so the head's additions wait for the offer
    early = "The whole thing is on ice while the warehouse move happens."
    late = "We will have to park it until the new financial year starts."
    turns = [
        ("Rep", "How do orders reach the warehouse today?"),
        ("Prospect", early),
        ("Rep", "For three sites it comes to $1,200 a month on a one-year contract."),
        ("Prospect", late),
    ]
    both = _detect(turns, Along([early, late]), head_add=0.9)
    assert [f.evidence[0].quote for f in both] == [early, late]
    gated = _detect(turns, Along([early, late]), head_add=0.9, head_after_offer=True)
    assert [f.evidence[0].quote for f in gated] == [late]


# Round 10: the reply head reads a prospect sentence with the other speaker's next turn.
REPLY = Path(__file__).resolve().parents[2] / "callcoach" / "detectors" / "models"


class AlongReply:
    """Puts a sentence of ``stalls`` far along the reply head's sentence weights (P near 1);
    every other text (the replies read as context, other sentences) embeds as zeros, so the
    head's intercept alone scores it (P well below 0.9)."""

    def __init__(self, stalls: Sequence[str] = ()) -> None:
        coef = load_head(REPLY_HEAD).coef.astype(np.float32)
        third = coef.shape[0] // 3
        sentence = coef[third : 2 * third]
        self.unit = sentence / np.linalg.norm(sentence)
        self.stalls = set(stalls)
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.asked += list(texts)
        rows = [self.unit * (60.0 if t in self.stalls else 0.0) for t in texts]
        return np.stack(rows).astype(np.float32)


def test_the_reply_head_records_the_writers_that_trained_it() -> None:
    head = load_head(REPLY_HEAD)
    assert head.features == "pair"
    # round 13: retrained on the eleven opened writers (open11 after its scoring before reading)
    assert sorted(head.metadata["blind_batches"], key=lambda b: int(b[4:] or 1)) == [
        "open", "open2", "open3", "open4", "open5", "open6", "open7", "open8", "open9",
        "open10", "open11",
    ]  # fmt: skip
    assert "dev" not in head.metadata["blind_batches"]  # the dev calls are never rows
    assert head.metadata["context"].startswith("first 40 words")
    assert (REPLY / "stall_reply.head.json").exists()


def test_the_reply_head_is_off_by_default_and_embeds_nothing() -> None:
    encoder = AlongReply()
    turns = [("Rep", "Shall we book it?"), ("Prospect", "The whole thing is on ice for now.")]
    assert _detect(turns, encoder) == []  # type: ignore[arg-type]
    assert encoder.asked == []


def test_the_turn_after_is_the_next_speakers_whole_turn() -> None:
    call = build_call(
        [
            ("Prospect", "We are on ice."),
            ("Prospect", "Nothing moves till spring."),
            ("Rep", "Totally fair."),
            ("Rep", "What would need to change?"),
            ("Prospect", "Budget."),
        ]
    )
    after = _turn_after(call, build_context(call))
    ids = [u.id for u in call.utterances]
    assert after[ids[0]] == after[ids[1]] == "Totally fair. What would need to change?"
    assert ids[4] not in after  # nobody speaks after the last turn: nothing to read


def test_the_reply_head_adds_only_a_sentence_someone_answers() -> None:
    put_off = "The whole thing is on ice while the warehouse move happens."
    answered = [
        ("Rep", "Can we get the pilot started?"),
        ("Prospect", f"Hmm. {put_off}"),
        ("Rep", "Understood, when does the move finish?"),
    ]
    found = _detect(answered, AlongReply([put_off]), reply_add=0.9)  # type: ignore[arg-type]
    assert [(f.evidence[0].quote, f.attributes["source"]) for f in found] == [(put_off, "head")]
    last = answered[:2]  # the call ends on it: no reply to read
    assert _detect(last, AlongReply([put_off]), reply_add=0.9) == []  # type: ignore[arg-type]


# Round 13: a per-call cap on the reply head's additions, and a gate on the rep's ask.
class ScaledReply(AlongReply):
    """Like ``AlongReply``, each stall sentence at its own distance along the weights, so
    the head is surer of some than of others."""

    def __init__(self, scales: dict[str, float]) -> None:
        super().__init__(list(scales))
        self.scales = scales

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.asked += list(texts)
        rows = [self.unit * self.scales.get(t, 0.0) for t in texts]
        return np.stack(rows).astype(np.float32)


def test_the_cap_keeps_the_additions_the_reply_head_is_surest_of() -> None:
    first = "The whole thing is on ice while the warehouse move happens."
    second = "We will have to park it until the new financial year starts."
    turns = [
        ("Rep", "Can we get the pilot started?"),
        ("Prospect", first),
        ("Rep", "Understood. And the budget side?"),
        ("Prospect", second),
        ("Rep", "Fair enough, I will check back in April."),
    ]
    encoder = ScaledReply({first: 0.6, second: 1.2})  # P about 0.98 and 0.99998
    both = _detect(turns, encoder, reply_add=0.9)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in both] == [first, second]
    capped = _detect(turns, encoder, reply_add=0.9, reply_cap=1)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in capped] == [second]


@pytest.mark.parametrize(
    ("ask", "gated"),
    [
        ("So shall we get the pilot booked in for March?", True),
        ("How does that sound as a next step?", True),
        ("so can we lock in the start date", True),  # ASR text: no punctuation to tell
        ("How many drivers do you run today?", False),  # a discovery question
        ("We go ahead with a pilot in March. Does your team use tablets?", False),
    ],
)
def test_asked_to_commit_reads_the_reps_ask_for_a_commitment(ask: str, gated: bool) -> None:
    call = build_call([("Rep", ask), ("Prospect", "We will have to see after the audit.")])
    assert (call.utterances[1].id in asked_to_commit(call, build_context(call))) is gated


def test_after_ask_the_head_adds_only_an_answer_to_the_reps_ask() -> None:
    early = "The whole thing is on ice while the warehouse move happens."
    late = "We will have to park it until the new financial year starts."
    turns = [
        ("Rep", "How do orders reach the warehouse today?"),
        ("Prospect", early),
        ("Rep", "Shall we get the pilot started next month?"),
        ("Prospect", late),
        ("Rep", "Fair enough."),
    ]
    both = _detect(turns, AlongReply([early, late]), reply_add=0.9)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in both] == [early, late]
    gated = _detect(
        turns,
        AlongReply([early, late]),  # type: ignore[arg-type]
        reply_add=0.9,
        head_after_ask=True,
    )
    assert [f.evidence[0].quote for f in gated] == [late]


def test_one_per_turn_adds_one_sentence_per_turn_and_none_beside_a_rule_hit() -> None:
    reason = "The whole thing is on ice while the warehouse move happens."
    detail = "We will have to park it until the new financial year starts."
    beside = "Something I can show the partners next week would be ideal."
    turns = [
        ("Rep", "Can we get the pilot started?"),
        ("Prospect", f"{reason} {detail}"),
        ("Rep", "Understood. Shall I put the numbers in writing?"),
        ("Prospect", f"{beside} Let me sleep on it."),
        ("Rep", "Of course."),
    ]
    encoder = ScaledReply({reason: 0.6, detail: 1.2, beside: 1.2})
    every = _detect(turns, encoder, reply_add=0.9)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in every] == [reason, detail, beside, "Let me sleep on it."]
    one = _detect(turns, encoder, reply_add=0.9, head_one_per_turn=True)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in one] == [detail, "Let me sleep on it."]


# Round 14: no head addition in the answer to a rep turn that ends in a question.
@pytest.mark.parametrize(
    ("before", "held"),
    [
        ("Who else would look at a change like this?", True),
        ("Thanks for that. And who signs the purchase orders?", True),
        ("Is that fair? Here is how the pricing works.", False),  # the turn ends on a statement
        ("so who else looks at this", False),  # ASR text: no punctuation to tell
    ],
)
def test_answers_rep_question_reads_the_last_sentence_of_the_reps_turn(
    before: str, held: bool
) -> None:
    call = build_call([("Rep", before), ("Prospect", "Our finance lead has the final word.")])
    assert (call.utterances[1].id in answers_rep_question(call, build_context(call))) is held


def test_not_after_question_keeps_the_heads_off_answers_to_a_rep_question() -> None:
    answer = "The regional manager looks at anything over five thousand."
    unprompted = "We will have to park it until the new financial year starts."
    turns = [
        ("Rep", "Who else would be involved in a decision like this?"),
        ("Prospect", answer),
        ("Rep", "Good to know. The pilot would start with two depots."),
        ("Prospect", unprompted),
        ("Rep", "Fair enough, I will check back in April."),
    ]
    both = _detect(turns, AlongReply([answer, unprompted]), reply_add=0.9)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in both] == [answer, unprompted]
    held = _detect(
        turns,
        AlongReply([answer, unprompted]),  # type: ignore[arg-type]
        reply_add=0.9,
        head_not_after_question=True,
    )
    assert [f.evidence[0].quote for f in held] == [unprompted]


# Round 15: ``head_reply_handled`` adds only a sentence whose reply probes, reframes or
# accepts a put-off (``lexicons/stall_response.yaml``).
def test_reply_handled_keeps_the_heads_to_sentences_the_rep_treats_as_a_put_off() -> None:
    handled = "We would rather park the whole thing until the spring intake."
    ignored = "The vans come back to the yard around six most evenings."
    turns = [
        ("Rep", "Here is how the pilot would run across both depots."),
        ("Prospect", handled),
        ("Rep", "Totally understand. What would need to be true by spring?"),
        ("Prospect", ignored),
        ("Rep", "Great, and the drivers log their hours on paper?"),
    ]
    both = _detect(turns, AlongReply([handled, ignored]), reply_add=0.9)  # type: ignore[arg-type]
    assert [f.evidence[0].quote for f in both] == [handled, ignored]
    held = _detect(
        turns,
        AlongReply([handled, ignored]),  # type: ignore[arg-type]
        reply_add=0.9,
        head_reply_handled=True,
    )
    assert [f.evidence[0].quote for f in held] == [handled]
