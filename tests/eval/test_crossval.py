"""k-fold cross-validation over conversations: folds, parameter choice per fold, output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from callcoach.cli import run_cv
from callcoach.errors import EvalError
from callcoach.eval.corpus import load_corpus
from callcoach.eval.crossval import (
    candidates,
    cross_validate,
    cross_validate_task,
    fold_of,
    sample,
)
from callcoach.eval.task import EvalTask, get_task
from tests.eval.conftest import WriteCorpus, toy_records


def _corpus(copies: int = 6) -> list[dict[str, Any]]:
    """The toy conversations repeated under new ids, half in train and half in dev."""
    records = []
    for copy in range(copies):
        for record in toy_records("train" if copy % 2 else "dev"):
            records.append({**record, "conversation_id": f"{record['conversation_id']}-{copy}"})
    return records


def test_folds_are_deterministic_and_cover_every_conversation(write_corpus: WriteCorpus) -> None:
    conversations = load_corpus(str(write_corpus(_corpus())), None)
    first = [fold_of(c, 3) for c in conversations]
    assert first == [fold_of(c, 3) for c in conversations]
    assert set(first) <= {0, 1, 2} and len(set(first)) > 1


def test_sample_is_a_deterministic_subset_in_corpus_order(write_corpus: WriteCorpus) -> None:
    conversations = load_corpus(str(write_corpus(_corpus())), None)
    picked = sample(conversations, 4)
    assert len(picked) == 4 and picked == sample(conversations, 4)
    order = [conversations.index(c) for c in picked]
    assert order == sorted(order)
    assert sample(conversations, None) == conversations
    with pytest.raises(EvalError, match="limit"):
        sample(conversations, 0)


def test_cross_validate_reports_folds_spread_and_dev(write_corpus: WriteCorpus) -> None:
    path = str(write_corpus(_corpus()))
    result = cross_validate(path, k=3, detector="question")["question"]
    assert result["k"] == 3 and result["conversations"] == 12 and result["n"] == 48
    assert sum(f["n"] for f in result["folds"]) == 48
    assert sum(f["conversations"] for f in result["folds"]) == 12
    spread = result["f1"]
    assert spread["min"] <= spread["mean"] <= spread["max"] and spread["sd"] >= 0
    assert result["dev"]["split"] == "dev" and result["dev"]["n"] == 24
    json.dumps(result)  # plain JSON types only


def test_each_fold_tunes_on_the_other_folds(write_corpus: WriteCorpus) -> None:
    # A grid whose second value makes the detector find nothing: never chosen, since the
    # default scores better on every training fold.
    task = EvalTask(
        **{
            **{f: getattr(get_task("question"), f) for f in ("name", "detector", "datasets")},
            "gold": get_task("question").gold,
            "predict": get_task("question").predict,
            "needs_context": False,
        },
        grid={"model": ("question",), "threshold": (None, 1.01)},
    )
    assert candidates(task) == [
        {"model": "question", "threshold": None},
        {"model": "question", "threshold": 1.01},
    ]
    conversations = load_corpus(str(write_corpus(_corpus())), None)
    result = cross_validate_task(task, conversations, k=3)
    assert all(f["params"]["threshold"] is None for f in result["folds"])
    assert result["optimism"] == pytest.approx(result["train_f1"] - result["f1"]["mean"], abs=1e-3)


def test_empty_grid_values_and_bad_k_are_errors(write_corpus: WriteCorpus) -> None:
    question = get_task("question")
    with pytest.raises(EvalError, match="no candidate values"):
        EvalTask("x", "question", ("swda",), question.gold, question.predict, grid={"t": ()})
    with pytest.raises(EvalError, match="at least 2 folds"):
        cross_validate(str(write_corpus(_corpus())), k=1)


def test_run_cv_json_and_table(
    write_corpus: WriteCorpus, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(write_corpus(_corpus()))
    assert run_cv(path, 3, detector="question", as_json=True, limit=4) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["question"]["conversations"] == 4 and out["question"]["limit"] == 4
    assert run_cv(path, 3, detector="question") == 0
    table = capsys.readouterr().out
    assert "3-fold" in table and "optimism" in table
    assert run_cv("no-such-corpus", 3) == 1
    assert "error:" in capsys.readouterr().err


def test_merged_turns_credit_every_row_a_finding_overlaps(write_corpus: WriteCorpus) -> None:
    from callcoach.eval.corpus import merged_call

    records = [
        {"conversation_id": "m", "turn": i, "speaker": s, "text": t, "labels": [f"da:{g}"]}
        | {"dataset": "swda", "split": "dev", "role": None}
        for i, (s, t, g) in enumerate(
            [
                ("A", "We moved offices in May.", "sd"),
                ("A", "How many people moved with you?", "qw"),
                ("B", "About forty.", "sd"),
            ]
        )
    ]
    (conv,) = load_corpus(str(write_corpus(records)))
    call, spans = merged_call(conv, strip_punct=True)
    assert [u.text for u in call.utterances] == [
        "we moved offices in may how many people moved with you",
        "about forty",
    ]
    _, start, end = spans[1]
    assert call.utterances[0].text[start:end] == "how many people moved with you"
    result = cross_validate(str(write_corpus(records)), k=2, strip_punct=True, merge_turns=True)
    assert result["question"]["merge_turns"] is True and result["question"]["n"] == 3
