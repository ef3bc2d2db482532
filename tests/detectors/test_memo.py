"""The one-entry memo detectors use for work done twice per call (issue 16)."""

from __future__ import annotations

from dataclasses import dataclass

from callcoach.detectors import _memo
from callcoach.detectors.needs_coverage import find_statements
from callcoach.detectors.summarize import CandidateRules, find_restatements, restatement_texts
from callcoach.model import RoleAssignment
from callcoach.testing import make_call


@dataclass(frozen=True)
class _Thing:
    name: str


def test_same_objects_and_equal_key_reuse_the_value() -> None:
    memo: _memo.LastCall[list[int]] = _memo.LastCall()
    made: list[int] = []

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    call, roles = _Thing("call"), _Thing("roles")
    assert memo.get((call, roles), ("a", 1), make) == [1]
    assert memo.get((call, roles), ("a", 1), make) == [1]
    assert len(made) == 1


def test_an_equal_but_different_object_or_another_key_recomputes() -> None:
    memo: _memo.LastCall[int] = _memo.LastCall()
    count = iter(range(100))
    call = _Thing("call")
    assert memo.get((call,), 1, lambda: next(count)) == 0
    assert memo.get((_Thing("call"),), 1, lambda: next(count)) == 1  # equal, not the same
    assert memo.get((_Thing("call"),), 1, lambda: next(count)) == 2
    first = _Thing("x")
    assert memo.get((first,), 1, lambda: next(count)) == 3
    assert memo.get((first,), 2, lambda: next(count)) == 4  # another key
    assert memo.get((first, first), 2, lambda: next(count)) == 5  # another arity
    memo.clear()
    assert memo.get((first, first), 2, lambda: next(count)) == 6


_LINES = [
    ("Rep", "Thanks for joining. What is slowing the month-end close for your team?"),
    (
        "Prospect",
        "We lose two days every month on reconciling invoices by hand. We need an automated "
        "invoice matching step before the auditors arrive.",
    ),
    (
        "Rep",
        "So you lose two days every month reconciling invoices by hand. I'd recommend starting "
        "with the automated invoice matching module for the reconciliation.",
    ),
    ("Prospect", "That sounds right."),
]
ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")


def test_announced_texts_and_findings_come_from_one_plan_and_stay_correct() -> None:
    call, roles = make_call(_LINES), ROLES
    texts = restatement_texts(call, roles, CandidateRules(), None)
    assert texts  # the rep's playback and the prospect turn it is compared with
    again = restatement_texts(call, roles, CandidateRules(), None)
    assert texts == again
    other = make_call(_LINES)  # an equal call, another object
    assert other is not call
    assert restatement_texts(other, roles, CandidateRules(), None) == texts

    class Lengths:
        def encode(self, batch: list[str]) -> object:
            import numpy as np

            rows = np.ones((len(batch), 3), dtype=np.float32)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    found = find_restatements(call, roles, Lengths())  # type: ignore[arg-type]
    assert found
    assert [r.utterance.id for r in found] == [
        r.utterance.id
        for r in find_restatements(other, roles, Lengths())  # type: ignore[arg-type]
    ]


def test_statements_follow_the_lexicon_passed_not_the_memo() -> None:
    from callcoach.detectors._patterns import compile_phrases

    call, roles = make_call(_LINES), ROLES
    shipped = find_statements(call, roles)
    assert any(s.kind == "need" for s in shipped)
    assert find_statements(call, roles) == shipped
    nothing = compile_phrases("needs", {"need": ["zebra crossing"]}, lazy=True)
    assert not any(s.kind == "need" for s in find_statements(call, roles, 4, nothing))
    assert find_statements(call, roles) == shipped
    result = find_statements(call, roles)
    result.clear()  # a caller's list is its own
    assert find_statements(call, roles) == shipped


# -- work two detectors do on one call, done once (issue 16, round 26) ------------------------

_CHAT_LINES = [
    ("Rep", "Morning Priya, good to see you again. How was the sailing regatta on Saturday?"),
    ("Prospect", "Windy! We capsized twice but the kids thought it was the best day ever."),
    ("Rep", "Ha, that sounds like a proper adventure for them."),
    (
        "Prospect",
        "Anyway, our warehouse pickers lose an hour a shift hunting for bins. We need a "
        "scanner workflow that tells them the next bin.",
    ),
    ("Rep", "I'd recommend the guided picking module with the handheld scanner workflow."),
    ("Prospect", "Good. Let's book the pilot for next Tuesday."),
]


class _CountingEmbedder:
    """The shipped embedder, counting the texts it was asked for."""

    def __init__(self) -> None:
        from callcoach.nlp.embeddings import default_embedder

        self.inner = default_embedder()
        self.asked = 0

    def encode(self, texts: list[str]) -> object:
        self.asked += len(texts)
        return self.inner.encode(texts)


def test_needs_coverage_reads_the_small_talk_spans_the_small_talk_detector_found(
    monkeypatch: object,
) -> None:
    import dataclasses

    import pytest

    from callcoach.detectors import small_talk
    from callcoach.detectors.needs_coverage import NeedsCoverageDetector
    from callcoach.detectors.small_talk import SmallTalkDetector
    from tests.detectors.conftest import build_context

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    call = make_call(_CHAT_LINES)
    context = dataclasses.replace(build_context(call), embedder=_CountingEmbedder())
    small_talk._LAST_SPANS.clear()
    fresh = SmallTalkDetector().detect(call, context)
    assert fresh  # the opening chat is a span
    runs: list[int] = []
    detect = SmallTalkDetector._detect

    def counted(self: SmallTalkDetector, *args: object) -> object:
        runs.append(1)
        return detect(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SmallTalkDetector, "_detect", counted)
    small_talk._LAST_SPANS.clear()
    found = SmallTalkDetector().detect(call, context)
    assert found == fresh
    chat = NeedsCoverageDetector()._chat(call, context)
    assert chat == frozenset(e.utterance_id for f in found for e in f.evidence[:-1])
    assert len(runs) == 1  # needs_coverage's small-talk read came from the memo
    # other params, another embedder, another call object: found again, not remembered
    SmallTalkDetector(threshold=0.99).detect(call, context)
    assert len(runs) == 2
    assert SmallTalkDetector().detect(call, build_context(call)) == fresh
    assert SmallTalkDetector().detect(make_call(_CHAT_LINES), context) == fresh
    assert len(runs) == 4
    listed = SmallTalkDetector().detect(call, context)
    listed.clear()  # a caller's list is its own
    assert SmallTalkDetector().detect(call, context) == fresh


def test_small_talk_texts_listed_once_for_both_detectors() -> None:
    from callcoach.detectors import small_talk
    from callcoach.detectors.small_talk import SmallTalkDetector
    from tests.detectors.conftest import build_context

    call = make_call(_CHAT_LINES)
    context = build_context(call)
    small_talk._LAST_TEXTS.clear()
    texts = SmallTalkDetector().embedding_texts(call, context)
    again = SmallTalkDetector().embedding_texts(call, context)
    assert again == texts and again is not texts
    small_talk._LAST_TEXTS.clear()
    assert SmallTalkDetector().embedding_texts(make_call(_CHAT_LINES), context) == texts
    assert SmallTalkDetector(seed_near=0).embedding_texts(call, context) == list(
        dict.fromkeys(u.text for u in call.utterances if u.text.strip())
    )


_CANDOR_LINES = [
    ("Prospect", "Can your routing tool plan deliveries across the islands by ferry?"),
    (
        "Rep",
        "To be straight with you, ferry legs are not something our planner handles today. "
        "The road legs it plans well, and the dispatch board shows every van.",
    ),
    ("Prospect", "What would the yearly licence come to for forty vans?"),
    ("Rep", "Honestly it won't be the cheapest option on your shortlist."),
]


def test_candor_finds_its_rules_once_for_the_pass_and_for_detect(monkeypatch: object) -> None:
    import pytest

    from callcoach.detectors import stance
    from callcoach.detectors.candor import CandorDetector
    from tests.detectors.conftest import build_context

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    call = make_call(_CANDOR_LINES)
    context = build_context(call)
    detector = CandorDetector()
    assert detector.params["head_mode"] == "or"
    stance._LAST_RULE_FINDINGS.clear()
    fresh_texts = detector.embedding_texts(call, context)
    fresh = detector.detect(call, context)
    assert detector.rule_findings(call, context)  # the invented call holds rule findings
    stance._LAST_RULE_FINDINGS.clear()
    runs: list[int] = []
    rules = CandorDetector.rule_findings

    def counted(self: CandorDetector, *args: object) -> object:
        runs.append(1)
        return rules(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(CandorDetector, "rule_findings", counted)
    assert detector.embedding_texts(call, context) == fresh_texts
    assert detector.detect(call, context) == fresh
    assert len(runs) == 1
    # another call object or other params: found again
    assert detector.detect(make_call(_CANDOR_LINES), context) == fresh
    CandorDetector(head_add=0.99).detect(call, context)
    assert len(runs) == 3
    # the rules mode reads the rules directly, never the memo
    assert CandorDetector(head_mode="rules").detect(call, context) == rules(
        CandorDetector(head_mode="rules"), call, context
    )


def test_fold_leaves_ascii_text_as_it_is_and_maps_dashes_and_curly_marks() -> None:
    from callcoach.detectors._patterns import _FOLD, fold

    plain = "We can't ship it -- not this quarter; maybe in May."
    assert fold(plain) == plain.translate(_FOLD) == plain
    curly = "We can’t ship it – not this quarter… maybe — in May.\x80"
    assert fold(curly) == curly.translate(_FOLD)
    assert fold(curly) == "We can\x83t ship it \x80 not this quarter\x82 maybe \x81 in May.\x00"
