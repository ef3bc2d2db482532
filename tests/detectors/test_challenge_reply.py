"""The challenge reply veto (1.16): a two-turn head reads each rule finding's sentences with
the other speaker's next turn and may remove at most ``reply_cap`` findings per call.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.detectors.challenge import ChallengeDetector, reasoned_push_back
from callcoach.detectors.stance import reply_texts, reply_turn, reply_veto
from callcoach.model import Call, Evidence, Finding
from tests.detectors.conftest import build_call, build_context

FIRST = "Most teams who add clerks find the backlog just moves to approvals."
SECOND = "In our data a second shift rarely fixes a queue that starts at intake."


def _call() -> Call:
    return build_call(
        [
            ("Prospect", "We're going to hire two more clerks, that should fix the backlog."),
            ("Rep", f"Okay. {FIRST}"),
            ("Prospect", "Hm, fair, we never looked at approvals that way."),
            ("Prospect", "We might add a second shift too."),
            ("Rep", SECOND),
            ("Prospect", "Right, okay."),
        ]
    )


def _findings(call: Call) -> list[Finding]:
    detector = ChallengeDetector()
    first = call.utterances[1]
    start = first.text.index(FIRST)
    return [
        detector.finding("challenge", [Evidence.of(first, start, start + len(FIRST))]),
        detector.finding("challenge", [Evidence.of(call.utterances[4])]),
    ]


class _Head:
    """A stand-in reply head: P(yes) by sentence; records the turns it read."""

    def __init__(self, p: dict[str, float]) -> None:
        self.p = p
        self.read: list[tuple[str, str]] = []

    def pair_probabilities(
        self, contexts: Sequence[str], texts: Sequence[str], embedder: Any
    ) -> NDArray[np.float64]:
        self.read += list(zip(contexts, texts, strict=True))
        return np.asarray([self.p[t] for t in texts], dtype=np.float64)


@pytest.fixture
def head(monkeypatch: pytest.MonkeyPatch) -> _Head:
    stand_in = _Head({FIRST: 0.05, SECOND: 0.01})
    monkeypatch.setattr("callcoach.nlp.heads.load_head", lambda name: stand_in)
    return stand_in


def test_the_reply_is_the_other_speakers_next_turn_and_none_at_the_end() -> None:
    call = _call()
    assert reply_turn(call, call.utterances[1]).startswith("Hm, fair")
    assert reply_turn(call, call.utterances[4]) == "Right, okay."
    assert reply_turn(call, call.utterances[5]) == ""
    texts = reply_texts(call, build_context(call), _findings(call))
    assert texts == [FIRST, call.utterances[2].text, SECOND, "Right, okay."]


def test_the_cap_removes_only_the_lowest_scored_finding_below_the_threshold(head: _Head) -> None:
    call = _call()
    context = build_context(call)
    first, second = _findings(call)
    assert reply_veto(call, context, [first, second], "x", 0.1, 1) == [first]
    assert reply_veto(call, context, [first, second], "x", 0.1, 2) == []
    assert reply_veto(call, context, [first, second], "x", 0.03, 1) == [first]
    assert reply_veto(call, context, [first, second], "x", 0.005, 1) == [first, second]
    assert ("Right, okay.", SECOND) in head.read


def test_a_finding_the_head_cannot_read_is_kept(head: _Head) -> None:
    call = build_call(
        [("Prospect", "We'll just hire."), ("Rep", "Not so fast."), ("Prospect", "Why?")]
    )
    context = build_context(call)
    short = ChallengeDetector().finding("challenge", [Evidence.of(call.utterances[1])])
    assert reply_veto(call, context, [short], "x", 0.9, 1) == [short]


def test_the_reply_veto_is_a_parameter_and_embeds_nothing_when_off() -> None:
    call = _call()
    context = build_context(call)
    off = ChallengeDetector(reply_veto=0.0)
    assert off.embedding_texts(call, context) == []
    assert off.detect(call, context) == off.rule_findings(call, context)


def test_the_shipped_reply_head_is_a_two_turn_head_trained_on_eleven_writers() -> None:
    from callcoach.nlp.heads import PAIR_FEATURES, load_head

    head = load_head("challenge_reply")
    assert head.features == PAIR_FEATURES and head.metadata["context"] == "reply"
    batches = head.metadata["call_rows"]["batches"]
    assert len(batches) == 11 and "open11" in batches
    assert not any(b.startswith(("sealed", "dev")) or b in ("open12", "open13") for b in batches)
    detector = ChallengeDetector()
    assert detector.params["reply_veto"] == head.threshold == 0.15
    assert detector.params["reply_cap"] == 1 and detector.needs_embeddings


def test_with_the_veto_on_the_detector_announces_what_it_reads(head: _Head) -> None:
    call = _call()
    context = build_context(call)
    detector = ChallengeDetector()
    found = detector.rule_findings(call, context)
    assert detector.embedding_texts(call, context) == reply_texts(call, context, found)


# -- 1.15.0: the weak forms' veto and reasoned push-backs -------------------------------------

PLAN_A = "Two more drivers only cover the routes you already run late on."
PLAN_B = "A bigger van still leaves the same three stops waiting on the depot."
LENS = "Most of the opticians we supply see the reorders bunch on Mondays."
PUSH = "I'd push back on the press first, though."
REASON = "If the dies still take a day to change, a faster press just waits longer."


def _weak_call() -> Call:
    return build_call(
        [
            ("Prospect", "We're hiring two more drivers and a bigger van for the spring."),
            ("Rep", f"{PLAN_A} {PLAN_B}"),
            ("Prospect", "Sure, we'll see."),
            ("Rep", LENS),
            ("Prospect", "Okay, noted."),
            ("Rep", f"{PUSH} {REASON}"),
            ("Prospect", "Fine, tell me more about the dies."),
        ]
    )


def _weak_findings(call: Call, detector: ChallengeDetector) -> list[Finding]:
    turn, lens, push = call.utterances[1], call.utterances[3], call.utterances[5]
    b = turn.text.index(PLAN_B)
    return [
        detector.finding(
            "challenge", [Evidence.of(turn, 0, len(PLAN_A))], kind="reframe", rule="plan"
        ),
        detector.finding(
            "challenge", [Evidence.of(turn, b, b + len(PLAN_B))], kind="reframe", rule="plan"
        ),
        detector.finding("challenge", [Evidence.of(lens)], kind="reframe", rule="field"),
        detector.finding("challenge", [Evidence.of(push)], kind="disagreement"),
    ]


@pytest.fixture
def weak_head(monkeypatch: pytest.MonkeyPatch) -> _Head:
    stand_in = _Head({PLAN_A: 0.3, PLAN_B: 0.2, LENS: 0.1, PUSH: 0.05, REASON: 0.05})
    monkeypatch.setattr("callcoach.nlp.heads.load_head", lambda name: stand_in)
    return stand_in


def _detected(monkeypatch: pytest.MonkeyPatch, **params: Any) -> tuple[list[str], list[str]]:
    call = _weak_call()
    detector = ChallengeDetector(**params)
    found = _weak_findings(call, detector)
    monkeypatch.setattr(detector, "_before_reply", lambda call, context: list(found))
    kept = detector.detect(call, build_context(call))
    return [f.evidence[0].quote for f in found], [f.evidence[0].quote for f in kept]


def test_the_weak_forms_go_below_their_threshold_whatever_the_cap(
    weak_head: _Head, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ``plan`` findings score under 0.40 and go, though the cap of one per call was
    spent on the lowest-scored finding the veto reads (the field sentence, 0.10); the
    push-back runs on over its reason and the veto does not read it."""
    quotes, kept = _detected(monkeypatch)
    assert kept == [quotes[3]]
    assert quotes[3] == f"{PUSH} {REASON}"


def test_the_weak_veto_and_the_reasoned_push_back_are_parameters(
    weak_head: _Head, monkeypatch: pytest.MonkeyPatch
) -> None:
    quotes, kept = _detected(monkeypatch, reply_weak_veto=0.0, reply_keep_reasoned=False)
    assert kept == quotes[:3]  # 1.14: the cap removes the lowest-scored finding only
    quotes, kept = _detected(monkeypatch, reply_weak_veto=0.25)
    assert kept == [quotes[0], quotes[3]]  # 0.30 stays above a 0.25 threshold
    quotes, kept = _detected(monkeypatch, reply_weak_rules="evidence")
    assert kept == [quotes[0], quotes[1], quotes[3]]  # plan no longer a weak form
    params = ChallengeDetector().params
    assert params["reply_weak_veto"] == 0.4 and params["reply_weak_rules"] == "evidence,plan"
    assert params["reply_keep_reasoned"] is True


def test_a_reasoned_push_back_runs_on_over_its_reason() -> None:
    call = build_call([("Prospect", "We'll buy the press."), ("Rep", f"{PUSH} {REASON}")])
    rep = call.utterances[1]
    detector = ChallengeDetector()
    both = detector.finding("challenge", [Evidence.of(rep)], kind="disagreement")
    alone = detector.finding("challenge", [Evidence.of(rep, 0, len(PUSH))], kind="disagreement")
    field = detector.finding("challenge", [Evidence.of(rep)], kind="reframe", rule="field")
    assert reasoned_push_back(both)
    assert not reasoned_push_back(alone)  # the push-back alone: the veto still reads it
    assert not reasoned_push_back(field)  # a grammar form is no lexicon push-back


def test_the_lexicon_runs_a_short_push_back_on_over_its_reason() -> None:
    call = build_call(
        [("Prospect", "We'll buy the faster press this spring."), ("Rep", f"{PUSH} {REASON}")]
    )
    found = ChallengeDetector(reply_veto=0.0).detect(call, build_context(call))
    assert [f.evidence[0].quote for f in found] == [f"{PUSH} {REASON}"]
    assert reasoned_push_back(found[0])


def test_a_reasoned_push_back_is_not_embedded_for_the_reply_veto(
    weak_head: _Head, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: the veto never reads a reasoned push-back, so its sentences and the turn
    after them are not announced for the pass; the veto reads only what is announced, and
    what it keeps is the same (the push-back stays)."""
    call = _weak_call()
    context = build_context(call)
    detector = ChallengeDetector()
    found = _weak_findings(call, detector)
    monkeypatch.setattr(detector, "_before_reply", lambda call, context: list(found))
    texts = detector.embedding_texts(call, context)
    assert texts == reply_texts(call, context, found[:3])
    assert PUSH not in texts and REASON not in texts
    assert call.utterances[6].text not in texts
    kept = detector.detect(call, context)
    assert [f.evidence[0].quote for f in kept] == [f"{PUSH} {REASON}"]
    assert {t for pair in weak_head.read for t in pair} <= set(texts)
    # without ``reply_keep_reasoned`` the veto reads the push-back, so it is announced
    plain = ChallengeDetector(reply_keep_reasoned=False)
    monkeypatch.setattr(plain, "_before_reply", lambda call, context: list(found))
    assert plain.embedding_texts(call, context) == reply_texts(call, context, found)
