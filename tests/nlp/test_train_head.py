"""scripts/train_head.py: reading training rows, choosing the threshold, grouped CV."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn (the dev extra)")

from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def _script() -> ModuleType:
    return load_script("train_head")


train_head = _script()


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rows_are_read_and_duplicates_kept_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "h.jsonl",
        [
            {"text": "We have to ask finance.", "label": 1, "group": "a"},
            {"text": "We  have to ask finance.", "label": 1, "group": "b"},
            {"text": "Friday works.", "label": 0, "group": "b", "note": "acceptance"},
        ],
    )
    rows = train_head.read_rows(path)
    assert rows.texts == ("We have to ask finance.", "Friday works.")
    assert rows.labels.tolist() == [1, 0]
    assert rows.groups == ("a", "b")
    assert len(rows.sha256) == 64


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{oops", "h.jsonl:2: not JSON"),
        ('["a list"]', "h.jsonl:2: expected an object"),
        ('{"text": "", "label": 1, "group": "a"}', "'text' must be a non-empty string"),
        ('{"text": "Hi.", "label": 2, "group": "a"}', "'label' must be 0 or 1"),
        ('{"text": "Hi.", "label": true, "group": "a"}', "'label' must be 0 or 1"),
        ('{"text": "Hi.", "label": 1}', "'group' must be a non-empty string"),
        ('{"text": "Friday works.", "label": 1, "group": "a"}', "labelled 0 on line 1"),
        ('{"text": "Hi.", "label": 1, "group": "a", "weight": 0}', "'weight' must be a positive"),
        ('{"text": "Hi.", "label": 1, "group": "a", "weight": "3"}', "'weight' must be a positive"),
        ('{"text": "Hi.", "label": 1, "group": "a", "context": 3}', "'context' must be a string"),
    ],
)
def test_a_bad_line_names_file_line_and_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text('{"text": "Friday works.", "label": 0, "group": "a"}\n' + line + "\n")
    with pytest.raises(train_head.TrainingDataError, match=reason):
        train_head.read_rows(path)


def test_one_class_only_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.jsonl", [{"text": "Hi.", "label": 0, "group": "a"}])
    with pytest.raises(train_head.TrainingDataError, match="needs rows labelled 1 and 0"):
        train_head.read_rows(path)


def test_main_reports_a_bad_file_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text("{oops\n")
    assert train_head.main(["h", "--data", str(path), "--dry-run"]) == 2
    assert "h.jsonl:1: not JSON" in capsys.readouterr().err


def test_threshold_maximizes_f1_or_meets_a_precision_floor() -> None:
    y = np.array([1, 1, 1, 0, 0, 0])
    p = np.array([0.9, 0.8, 0.4, 0.7, 0.3, 0.1])
    cut, f1 = train_head.best_threshold(y, p, None)
    assert (cut, round(f1, 3)) == (0.4, 0.857)
    cut, _ = train_head.best_threshold(y, p, 1.0)
    assert cut == 0.8


def test_grouped_cross_validation_never_splits_a_group() -> None:
    rng = np.random.default_rng(0)
    groups = tuple(f"g{i // 4}" for i in range(40))
    labels = np.array([i % 2 for i in range(40)], dtype=np.int64)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors[:, 0] += labels * 3.0
    rows = train_head.Rows(tuple(f"t{i}" for i in range(40)), labels, groups, "0" * 64)
    chosen = train_head.cross_validate(vectors, rows, (0.1, 1.0), folds=5, min_precision=None)
    assert chosen["C"] in (0.1, 1.0)
    assert chosen["cv"]["folds"] == 5
    assert chosen["cv"]["f1_pooled"] > 0.8


# -- 1.9: per-row weights and the buyer's turn before the sentence ---------------------------


def test_weights_and_contexts_are_optional(tmp_path: Path) -> None:
    """Rows without ``weight`` or ``context`` read as before (both None); with them, every
    row gets one (weight 1, context "" where a row has none)."""
    plain = _write(
        tmp_path / "p.jsonl",
        [
            {"text": "We have to ask finance.", "label": 1, "group": "a"},
            {"text": "Friday works.", "label": 0, "group": "b"},
        ],
    )
    rows = train_head.read_rows(plain)
    assert rows.weights is None and rows.contexts is None
    extra = _write(
        tmp_path / "e.jsonl",
        [
            {"text": "That won't fix it.", "label": 1, "group": "a", "context": "We'll hire."},
            {"text": "Friday works.", "label": 0, "group": "b", "weight": 3},
        ],
    )
    rows = train_head.read_rows(extra)
    assert rows.weights is not None and rows.weights.tolist() == [1.0, 3.0]
    assert rows.contexts == ("We'll hire.", "")


def test_a_weighted_row_counts_more_in_the_fit() -> None:
    """Weighing the rows changes the fit; weights of 1 fit exactly as no weights."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(60, 4)).astype(np.float32)
    y = (x[:, 0] + rng.normal(scale=1.0, size=60) > 0).astype(np.int64)
    plain = train_head._fit(x, y, 1.0)
    ones = train_head._fit(x, y, 1.0, np.ones(60))
    assert np.allclose(plain.coef_, ones.coef_)
    heavy = np.where(y == 0, 5.0, 1.0)
    assert not np.allclose(plain.coef_, train_head._fit(x, y, 1.0, heavy).coef_)
