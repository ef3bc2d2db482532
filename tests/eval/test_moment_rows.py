from __future__ import annotations

import pytest

from callcoach.eval.moment_rows import TRAINABLE, sentence_rows


def test_only_opened_blind_batches_train_a_head() -> None:
    assert "dev" not in TRAINABLE
    assert not any("sealed" in name for name in TRAINABLE)
    for refused in ("dev", "sealed", "open22"):
        with pytest.raises(ValueError, match="only opened blind batches"):
            sentence_rows([refused])


def test_rows_carry_the_labels_that_cover_them() -> None:
    rows = sentence_rows(["open"])
    assert {row.batch for row in rows} == {"open"}
    assert len({row.call for row in rows}) == 4
    labelled = [row for row in rows if row.labels]
    assert labelled and len(labelled) < len(rows)
    assert any(row.is_rep for row in labelled) and any(not row.is_rep for row in labelled)
    assert all(row.text.strip() for row in rows)
    first_turns = [row for row in rows if row.turn == 0]
    assert all(row.previous == "" for row in first_turns)
