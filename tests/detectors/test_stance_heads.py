"""The learned challenge and candor heads and how they join the rules (``stance``).

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import ModuleType

import pytest

from callcoach.detectors.candor import CandorDetector
from callcoach.detectors.challenge import ChallengeDetector
from callcoach.detectors.stance import (
    HeadSentence,
    combine_head,
    follows_claim,
    head_candidates,
    head_context,
    head_texts,
)
from callcoach.errors import DetectorConfigError
from callcoach.model import Call, Evidence
from callcoach.nlp.heads import load_head
from tests.detectors.conftest import build_call, build_context
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _builder() -> ModuleType:
    return load_script("build_stance_heads")


@pytest.mark.parametrize("name", ["challenge", "candor"])
def test_shipped_head_was_trained_on_the_committed_rows(name: str) -> None:
    head = load_head(name)
    rows = ROOT / "training" / "heads" / f"{name}.jsonl"
    assert head.metadata["training_sha256"] == hashlib.sha256(rows.read_bytes()).hexdigest()
    assert head.metadata["rows"] == len(rows.read_text(encoding="utf-8").splitlines())
    assert 0.0 < head.threshold < 1.0
    assert head.metadata["cv"]["grouped_by"] == "group"


def test_training_rows_are_built_from_their_one_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert _builder().main(["--check"]) == 0
    out = capsys.readouterr().out
    assert "challenge:" in out and "candor:" in out


def test_a_malformed_source_line_names_file_and_line(tmp_path: Path) -> None:
    builder = _builder()
    source = tmp_path / "stance.txt"
    source.write_text("## g1 | US | x\nC reframe | fine sentence here\nQ oops | bad tag\n")
    with pytest.raises(SystemExit, match=r"stance\.txt:3: expected"):
        builder.parse(source)


def _call() -> Call:
    return build_call(
        [
            ("Prospect", "We're going to hire two more clerks, that should fix the backlog."),
            ("Rep", "Okay. Most teams who add clerks find the backlog just moves to approvals."),
            ("Prospect", "Does it connect to our ERP?"),
            ("Rep", "Yes, it connects natively to the ERP you use today. Sure?"),
            ("Prospect", "Great."),
            ("Rep", "Short one here."),
        ]
    )


def test_candidates_are_the_reps_declarative_sentences_of_six_words_or_more() -> None:
    call = _call()
    texts = head_texts(call, build_context(call))
    assert texts == [
        "Most teams who add clerks find the backlog just moves to approvals.",
        "Yes, it connects natively to the ERP you use today.",
    ]
    no_roles = build_context(call, rep="Nobody")
    assert head_candidates(call, no_roles) == []


def _scored(call: Call, probability: dict[str, float]) -> list[tuple[HeadSentence, float]]:
    return [(s, probability.get(s.text, 0.0)) for s in head_candidates(call, build_context(call))]


def test_rules_mode_is_the_rules_and_embeds_nothing() -> None:
    call = _call()
    context = build_context(call)
    # the sentence head's mode alone (1.11's reply veto, on by default, is its own test)
    detector = ChallengeDetector(reply_veto=0.0)
    assert detector.params["head_mode"] == "rules"
    assert detector.detect(call, context) == detector.rule_findings(call, context)
    assert detector.embedding_texts(call, context) == []
    assert ChallengeDetector(head_mode="or", reply_veto=0.0).embedding_texts(
        call, context
    ) == head_texts(call, context)


def test_or_adds_what_the_head_is_sure_of_through_the_gates() -> None:
    call = _call()
    context = build_context(call)
    detector = ChallengeDetector()
    sure = {
        "Most teams who add clerks find the backlog just moves to approvals.": 0.99,
        "Yes, it connects natively to the ERP you use today.": 0.99,
    }
    found = detector.with_head(call, context, [], _scored(call, sure), "or", 0.95, 0.0)
    # the answer to the buyer's question is no challenge, whatever the head says
    assert [f.evidence[0].quote for f in found] == [
        "Most teams who add clerks find the backlog just moves to approvals."
    ]
    assert found[0].attributes["rule"] == "head" and found[0].confidence == 0.99
    unsure = detector.with_head(
        call, context, [], _scored(call, dict.fromkeys(sure, 0.9)), "or", 0.95, 0.0
    )
    assert unsure == []


def test_follows_claim_reads_the_buyers_turn_before() -> None:
    call = _call()
    context = build_context(call)
    detector = ChallengeDetector()
    first, second = (
        detector.finding("challenge", [Evidence.of(u)])
        for u in (call.utterances[1], call.utterances[3])
    )
    assert follows_claim(call, context, first)
    assert not follows_claim(call, context, second)


def test_veto_drops_a_rule_finding_the_head_scores_low_and_keeps_one_it_cannot_read() -> None:
    call = _call()
    detector = CandorDetector()
    rep = call.utterances[3]
    read = detector.finding("candor", [Evidence.of(rep, 0, 51)])
    unread = detector.finding("candor", [Evidence.of(call.utterances[5], 0, 15)])
    scored = _scored(call, {"Yes, it connects natively to the ERP you use today.": 0.01})
    kept = combine_head(detector, call, [read, unread], scored, "veto", 1.0, 0.02, list)
    assert kept == [unread]
    assert combine_head(detector, call, [read, unread], scored, "veto", 1.0, 0.005, list) == [
        read,
        unread,
    ]


def test_an_added_sentence_next_to_a_rule_finding_extends_it() -> None:
    call = build_call(
        [
            ("Prospect", "We'll just buy the bigger plan, it should cover everything."),
            (
                "Rep",
                "Honestly we don't support the payroll export. "
                "Your finance team would still key those hours in by hand every month.",
            ),
        ]
    )
    rep = call.utterances[1]
    detector = CandorDetector()
    rule = detector.finding("candor", [Evidence.of(rep, 0, 46)])
    scored = _scored(
        call, {"Your finance team would still key those hours in by hand every month.": 0.99}
    )
    [joined] = combine_head(detector, call, [rule], scored, "or", 0.95, 0.0, list)
    assert joined.evidence[0].quote == rep.text
    assert joined.attributes == rule.attributes


def test_a_wrong_head_mode_is_a_clear_error() -> None:
    call = _call()
    with pytest.raises(DetectorConfigError, match="head_mode must be one of rules, head, or"):
        ChallengeDetector(head_mode="maybe").detect(call, build_context(call))


def test_the_shipped_heads_read_invented_moves() -> None:
    from callcoach.nlp.embeddings import default_embedder

    embedder = default_embedder()
    challenge, candor = load_head("challenge"), load_head("candor")
    p = challenge.probabilities(
        [
            "I'd push back on adding headcount, because in most plants the delay sits with "
            "the sign-off, not with the people doing the work.",
            "Did you have a good weekend with the family?",
        ],
        embedder,
    )
    assert p[0] >= challenge.threshold > p[1]
    q = candor.probabilities(
        [
            "We don't support multi-currency invoices yet, so your export team would keep "
            "those in the old system for now.",
            "Sorry, my camera seems to be frozen, give me a second.",
        ],
        embedder,
    )
    assert q[0] >= candor.threshold > q[1]


@pytest.mark.parametrize("mode", ["head", "or-veto"])
@pytest.mark.parametrize("cls", [ChallengeDetector, CandorDetector])
def test_every_head_mode_passes_the_conformance_battery(
    cls: type[ChallengeDetector | CandorDetector], mode: str
) -> None:
    from callcoach.nlp.embeddings import default_embedder
    from callcoach.testing import check_detector

    check_detector(cls(head_mode=mode), embedder=default_embedder())


def test_candor_head_adds_only_what_is_said_against_the_sale() -> None:
    """1.10: candor's head in "or" at 0.85 (on by default since 1.11); a passage it adds
    (its adjacent sentences of one turn, one moment) must carry a negation, a limit, a contrast or a
    candour marker (``against_sale``) and must not offer a discount: a price or a
    timeline said plainly is candor's topic, not its stance."""
    call = build_call(
        [
            ("Prospect", "Tell me how the rollout would go for the three depots."),
            ("Rep", "Most depots are live in about six weeks from signing."),
            ("Prospect", "And the scanners we have?"),
            ("Rep", "The handhelds won't read the old barcodes until you relabel the racks."),
            ("Prospect", "What would it cost?"),
            ("Rep", "It's twenty percent off if you sign this month, a good saving."),
        ]
    )
    context = build_context(call)
    assert CandorDetector().params["head_mode"] == "or"
    assert CandorDetector.needs_embeddings
    assert CandorDetector(head_mode="rules").embedding_texts(call, context) == []
    detector = CandorDetector(head_mode="or")
    assert detector.params["head_add"] == 0.85
    # Only the sentence the gate could keep is embedded (``head_sentences``): the head's
    # score of the other two is never read.
    assert detector.embedding_texts(call, context) == [
        "The handhelds won't read the old barcodes until you relabel the racks."
    ]
    sure = dict.fromkeys(head_texts(call, context), 0.97)
    found = detector.with_head(call, context, [], _scored(call, sure), "or", 0.85, 0.0)
    assert [f.evidence[0].quote for f in found] == [
        "The handhelds won't read the old barcodes until you relabel the racks."
    ]


def test_candor_embeds_only_the_runs_its_gate_could_keep_and_finds_the_same() -> None:
    """The candor head in "or" mode scores only the runs of rep sentences that say something
    against the sale or touch a rule finding (``runs_that_can_count``); every finding is what
    scoring every candidate gives, whatever the head says, including a passage of adjacent
    sentences joined around a marked one and a rule finding extended by its neighbour."""
    call = build_call(
        [
            ("Prospect", "Walk me through the first month with the new routing tool."),
            (
                "Rep",
                "The first two weeks go on mapping your current routes with your planners. "
                "After that the drivers get the app on their own phones for the pilot. "
                "The honest catch is that it won't handle refrigerated loads this year.",
            ),
            ("Prospect", "Fine, and the price for forty vans?"),
            ("Rep", "Forty vans come to eleven thousand a year on the standard plan today."),
            ("Prospect", "Okay."),
            (
                "Rep",
                "We don't do on-site training in your region at all right now. "
                "Our team would run every session over video calls with your dispatchers.",
            ),
        ]
    )
    context = build_context(call)
    detector = CandorDetector()
    found = detector.rule_findings(call, context)
    every = head_texts(call, context)
    kept = detector.embedding_texts(call, context)
    assert set(kept) < set(every)
    assert "Forty vans come to eleven thousand a year on the standard plan today." not in kept
    for level in (0.97, 0.5):
        for favoured in [None, *every]:
            probabilities = {t: (level if favoured in (None, t) else 0.1) for t in every}
            whole = detector.with_head(call, context, found, _scored(call, probabilities))
            cut = [(s, p) for s, p in _scored(call, probabilities) if s.text in kept]
            assert detector.with_head(call, context, found, cut) == whole


def test_candor_embeds_no_sentence_whose_score_combine_head_skips() -> None:
    """Issue 16: of the runs the gate could keep, a sentence inside a rule finding and a
    sentence holding a "not-" phrase are skipped by ``combine_head`` whatever the head
    says, so neither is embedded; every finding is what scoring every candidate gives."""
    call = build_call(
        [
            ("Prospect", "What should we know before the pilot on the night shift?"),
            (
                "Rep",
                "To be upfront, the scanner app won't work offline in the cold store yet. "
                "That part of the site would stay on paper until the spring release.",
            ),
            ("Prospect", "And if we want out after the pilot?"),
            ("Rep", "There's no long-term contract, so you never get stuck with the tool."),
            ("Prospect", "Good."),
            ("Rep", "We can't promise the label printer works with your old firmware either."),
        ]
    )
    context = build_context(call)
    detector = CandorDetector()
    found = detector.rule_findings(call, context)
    every = head_texts(call, context)
    kept = detector.embedding_texts(call, context)
    assert found, "a rule finding to overlap"
    inside = [
        t
        for t in every
        if any(
            f.evidence[0].quote and (t in f.evidence[0].quote or f.evidence[0].quote in t)
            for f in found
        )
    ]
    assert inside and not set(inside) & set(kept)
    assert "There's no long-term contract, so you never get stuck with the tool." not in kept
    for level in (0.97, 0.5):
        for favoured in [None, *every]:
            probabilities = {t: (level if favoured in (None, t) else 0.1) for t in every}
            whole = detector.with_head(call, context, found, _scored(call, probabilities))
            cut = [(s, p) for s, p in _scored(call, probabilities) if s.text in kept]
            assert detector.with_head(call, context, found, cut) == whole


def test_a_speakers_own_wants_are_not_the_sellers_candour() -> None:
    """ "I don't need that much firewood." has a negation and nothing of the offering: the
    candor head adds no such sentence; with the offering or a candour marker it may."""
    call = build_call(
        [
            ("Prospect", "So how would the swap work for you?"),
            ("Rep", "Honestly I don't need that much firewood for the weekend trip."),
            ("Prospect", "And the app on site?"),
            ("Rep", "I don't think I can manage with just one bottle of water."),
        ]
    )
    context = build_context(call)
    sure = dict.fromkeys(head_texts(call, context), 0.97)
    found = CandorDetector(head_mode="or").with_head(
        call, context, [], _scored(call, sure), "or", 0.85, 0.0
    )
    assert [f.evidence[0].quote for f in found] == [
        "Honestly I don't need that much firewood for the weekend trip."
    ]


def test_a_burden_lifted_or_a_reassurance_is_said_for_the_sale() -> None:
    """1.11 (``against_sale``'s for-sale part): "you won't need to …", "no need to …",
    "don't worry, we'll look after you" carry a negation or a candour marker and are said
    for the sale; the candor head adds none of them, and still adds a limit of ours."""
    call = build_call(
        [
            ("Prospect", "What do we need on our side to get going?"),
            ("Rep", "You won't need to buy any new hardware for the warehouse at all."),
            ("Prospect", "And if the import goes wrong?"),
            ("Rep", "Honestly, don't worry about that part, our team will look after you."),
            ("Prospect", "Fine. And the old handhelds?"),
            ("Rep", "Our app doesn't run on the old handhelds, so those would need replacing."),
        ]
    )
    context = build_context(call)
    sure = dict.fromkeys(head_texts(call, context), 0.97)
    found = CandorDetector(head_mode="or").with_head(
        call, context, [], _scored(call, sure), "or", 0.85, 0.0
    )
    assert [f.evidence[0].quote for f in found] == [
        "Our app doesn't run on the old handhelds, so those would need replacing."
    ]


def test_a_two_turn_head_reads_the_claim_behind_a_short_reply() -> None:
    """1.11 (``head_context``): the buyer's turn a two-turn head reads is the last one, or,
    after a short reply that hands the floor back ("Sure, go on."), the longer turn before
    it: the belief or plan the rep's sentence answers."""
    call = build_call(
        [
            ("Prospect", "We're going to hire two more clerks, that should fix the backlog."),
            ("Rep", "Can I share what we usually see?"),
            ("Prospect", "Sure, go on."),
            ("Rep", "Most teams who add clerks find the backlog just moves to approvals."),
            ("Prospect", "Does it connect to our ERP system out of the box?"),
            ("Rep", "Yes, it connects natively to the ERP you use today."),
        ]
    )
    context = build_context(call)
    first, second = head_candidates(call, context)
    assert head_context(call, context, first) == (
        "We're going to hire two more clerks, that should fix the backlog."
    )
    assert head_context(call, context, second) == (
        "Does it connect to our ERP system out of the box?"
    )


def test_exchange_rows_are_built_from_their_one_source() -> None:
    module = load_script("build_stance_exchanges")
    assert module.main(["--check"]) == 0
    rows = module.rows()
    assert all(r["context"] for r in rows)
    assert {r["label"] for r in rows} == {0, 1}
