"""scripts/lobo_blind_heads.py: the training rows it reads from the opened blind batches."""

from __future__ import annotations

from callcoach.eval.moment_rows import sentence_rows
from tests.scripts import load_script


def test_stall_rows_are_the_prospects_sentences_with_their_labels() -> None:
    module = load_script("lobo_blind_heads")
    rows = module.blind_rows("stall", ["open"], "all", 1.0)
    source = [r for r in sentence_rows(["open"]) if not r.is_rep]
    assert len(rows) == len([r for r in source if " ".join(r.text.split())])
    assert sum(r.label for r in rows) == sum("stall" in r.labels for r in source) > 0
    assert {r.batch for r in rows} == {"open"}
    assert all(r.group.startswith("sb") for r in rows)  # grouped by call
    assert all(r.context is None for r in rows)


def test_pair_rows_read_what_came_before() -> None:
    module = load_script("lobo_blind_heads")
    rows = module.blind_rows("stall", ["open"], "all", 1.0, pair=True)
    assert all(r.context is not None and len(r.context.split()) <= 40 for r in rows)


def test_quantified_pain_rows_keep_both_sides_and_amount_negatives() -> None:
    module = load_script("lobo_blind_heads")
    every = module.blind_rows("quantified_pain", ["open"], "all", 1.0)
    amounts = module.blind_rows("quantified_pain", ["open"], "amount", 1.0)
    assert sum(r.label for r in every) == sum(r.label for r in amounts) > 0
    assert len(amounts) < len(every)


def test_the_grid_starts_with_the_rules_alone() -> None:
    module = load_script("lobo_blind_heads")
    for label in ("stall", "quantified_pain"):
        for pair in (False, True):
            settings = module.grid(label, pair)
            assert settings[0] == ()
            assert len(set(settings)) == len(settings)


def test_round_thirteen_grids_bound_the_reply_heads_additions() -> None:
    module = load_script("lobo_blind_heads")
    capped = module.grid("stall", False, reply=True, capped=True)
    one = module.grid("stall", False, reply=True, capped=True, one_per_turn=True)
    for settings in (capped, one):
        assert settings[0] == ()
        assert len(set(settings)) == len(settings)
    assert (("reply_add", 0.9), ("reply_cap", 1)) in capped
    assert (("head_after_ask", True), ("reply_add", 0.7)) in capped
    assert (("reply_add", 0.9), ("head_one_per_turn", True)) in one


def test_gate_recall_counts_what_each_gate_proposes() -> None:
    # the widest gate covers at least what the rules find (a gate only proposes)
    from callcoach.eval.lexicon_loco import READ_BATCHES, prepare_read_calls

    module = load_script("lobo_blind_heads")
    [call, *_] = prepare_read_calls(READ_BATCHES["open"])
    for label, wide in (("quantified_pain", "amounts"), ("stall", "sentences")):
        gold = [m for m in call.gold.moments if m.label == label]
        spans = module.gate_spans(label, call, {})
        assert module._covered(gold, spans[wide]) >= module._covered(gold, spans["rules"])
        assert module._covered(gold, spans[wide]) <= len(gold)
    stall_gates = module.gate_spans("stall", call, {})
    assert set(stall_gates) == {"rules", "sentences", "after offer", "after ask"}
    # answers to the rep's ask for a commitment are some of the prospect's sentences
    assert len(stall_gates["after ask"]) <= len(stall_gates["sentences"])
