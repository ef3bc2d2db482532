"""scripts/lobo_close_heads.py: which rows train a fold head, and the head swap it scores with."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from tests.scripts import load_script


def _script() -> ModuleType:
    return load_script("lobo_close_heads")


def test_the_dev_calls_never_become_training_rows() -> None:
    script = _script()
    with pytest.raises(ValueError, match="only opened blind batches"):
        script.pair_pool("need", ["dev"])


def test_writer_rows_are_the_labels_side_with_the_turn_before() -> None:
    script = _script()
    data, contexts = script.pair_pool("need", ["open"])
    assert set(data.batches) == {"open"}
    assert len(contexts) == len(data.texts) and all(contexts)
    assert 0 < int(data.labels.sum()) < len(data.texts)
    # need rows are the buyer's sentences, recommendation rows the rep's
    from callcoach.eval.moment_rows import sentence_rows

    rows = sentence_rows(["open"])
    rec, _ = script.pair_pool("recommendation", ["open"])
    assert len(data.texts) == sum(not r.is_rep for r in rows)
    assert len(rec.texts) == sum(r.is_rep for r in rows)


def test_a_fold_head_replaces_the_shipped_one_only_inside_the_block() -> None:
    import callcoach.nlp.heads as heads

    script = _script()
    original = heads.load_head
    stand_in = object()
    with script.heads_replaced({"need": stand_in}):
        assert heads.load_head("need") is stand_in
        assert heads.load_head("next_step") is original("next_step")
    assert heads.load_head is original


def test_prf_counts() -> None:
    script = _script()
    y = np.array([1, 1, 0, 0])
    hit = np.array([True, False, True, False])
    assert script.prf(y, hit) == (1, 1, 1, 0.5)


def test_gate_recall_is_counted_per_batch_and_a_wider_gate_covers_more() -> None:
    script = _script()
    out = script.gates(["open"])
    assert set(out) == {"need", "recommendation", "next_step", "next_step_accept"}

    def hits(label: str, gate: str) -> int:
        return int(out[label][gate]["open"].split("/")[0])

    assert hits("need", "+ head candidates >= 8 words") >= hits("need", "phrases (shipped)")
    assert hits("need", "+ head candidates >= 4 words") >= hits(
        "need", "+ head candidates >= 8 words"
    )
    assert hits("next_step", "+ step-head candidates") >= hits("next_step", "rule steps (shipped)")
    assert out["need"]["phrases (shipped)"]["all"] == out["need"]["phrases (shipped)"]["open"]


def test_the_reply_to_a_stated_need_is_the_reps_first_sentences_after_it() -> None:
    from callcoach.model import RoleAssignment
    from callcoach.testing import make_call

    script = _script()
    roles = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")
    call = make_call(
        [
            ("Prospect", "We lose a whole day every month chasing timesheets."),
            ("Rep", "Got it. Our app reminds each crew lead on Friday at noon. Does that fit?"),
            ("Rep", "It also locks the sheet once the manager signs it off."),
            ("Rep", "Anyway, the weather here has been awful this week."),
        ]
    )
    found = script._answer_position(call, roles, {call.utterances[0].id}, 2)
    assert [u.text[a:b] for u, a, b in found] == [
        "Our app reminds each crew lead on Friday at noon.",
        "It also locks the sheet once the manager signs it off.",
    ]


def test_the_proposal_gate_reads_proposals_after_the_buyer_has_spoken() -> None:
    from callcoach.model import RoleAssignment
    from callcoach.testing import make_call

    script = _script()
    assert script.proposal_form("For your two depots I'd start with the handheld scanners.")
    assert script.proposal_form("Start with the night shift and leave the day crew for now.")
    assert not script.proposal_form("It was a long drive up from the coast this morning.")
    roles = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")
    call = make_call(
        [
            ("Rep", "You could start wherever suits you best today."),
            ("Prospect", "Our drivers keep missing the loading window at the second depot."),
            ("Rep", "Is that every night? I'd put the window alerts on that depot first."),
            ("Rep", "It was a long drive up from the coast this morning."),
        ]
    )
    found = script.recommendation_candidates(call, roles)
    # nothing before the buyer said something of substance, no question, no small talk
    assert [u.text[a:b] for u, a, b in found] == ["I'd put the window alerts on that depot first."]
