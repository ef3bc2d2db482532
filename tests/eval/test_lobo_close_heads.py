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
