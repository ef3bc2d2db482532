"""The runner and the ``callcoach eval`` command on a small hand-written corpus."""

from __future__ import annotations

import json

import pytest

from callcoach.cli import run_eval
from callcoach.errors import EvalError
from callcoach.eval.corpus import load_corpus
from callcoach.eval.runner import evaluate, misses, predictions
from tests.eval.conftest import WriteCorpus


def test_evaluate_scores_the_question_task(write_corpus: WriteCorpus) -> None:
    results = evaluate(str(write_corpus()), detector="question")
    scores = results["question"]
    assert scores["n"] == 8 and scores["dataset"] == "swda" and scores["split"] == "dev"
    assert scores["f1"] == 1.0  # every question found; "Oh, really?" (bh) is not one
    assert scores["ci"][0] <= scores["f1"] <= scores["ci"][1]


def test_strip_punct_and_limit(write_corpus: WriteCorpus) -> None:
    results = evaluate(str(write_corpus()), strip_punct=True, limit=1)
    assert results["question"]["n"] == 4 and results["question"]["strip_punct"] is True
    with pytest.raises(EvalError, match="limit"):
        evaluate(str(write_corpus()), limit=0)


def test_predictions_and_misses(write_corpus: WriteCorpus) -> None:
    path = str(write_corpus())
    rows = predictions("question", load_corpus(path))
    asked = [p.row.text for p in rows if p.pred == "yes"]
    assert "do you track that in a spreadsheet" in asked
    assert all(p.findings for p in rows if p.pred == "yes")
    assert misses(path, "question") == []


def test_unknown_detector_and_uncovered_dataset(write_corpus: WriteCorpus) -> None:
    with pytest.raises(EvalError, match="unknown detector or task 'nope'"):
        evaluate(str(write_corpus()), detector="nope")
    records = [{"conversation_id": "x", "turn": 0, "text": "hi", "split": "dev"}]
    with pytest.raises(EvalError, match="no evaluation task covers dataset"):
        evaluate(str(write_corpus(records)))


def test_run_eval_json(write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_eval(str(write_corpus()), detector="question", as_json=True) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["question"]) >= {"precision", "recall", "f1", "ci", "n"}


def test_run_eval_table(write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_eval(str(write_corpus()), strip_punct=True) == 0
    out = capsys.readouterr().out
    assert "question" in out and "95% CI" in out and "no punct." in out


def test_run_eval_error_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_eval("/nonexistent/utterances.jsonl") == 1
    captured = capsys.readouterr()
    assert "error:" in captured.err and "no corpus found" in captured.err
    assert "Traceback" not in captured.err
