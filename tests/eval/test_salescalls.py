"""The sales-call harness on an invented two-call folder, LOCO, and (when present) the dev set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from callcoach.errors import EvalError
from callcoach.eval.salescalls import (
    evaluate_salescalls,
    is_salescalls,
    labels_for,
    leave_one_call_out,
    load_gold,
    spearman,
    summarize_results,
)

from .conftest import SHARED_DATA, needs_shared_data

TURNS = [
    ("Riley Park", "Thanks for making the time, Sam. How is the week going?"),
    ("Sam Ortiz", "Busy but fine. We are buried in month-end work."),
    ("Riley Park", "How does month-end close work for your team today?"),
    ("Sam Ortiz", "It takes us nine days and two people full time."),
    ("Riley Park", "Could we book Tuesday at 2pm with your controller?"),
    ("Sam Ortiz", "Yes, Tuesday works."),
]


def _write_call(folder: Path, call_id: str, style: str, overall: float) -> None:
    (folder / f"{call_id}.txt").write_text(
        "\n".join(f"{s}: {t}" for s, t in TURNS) + "\n", encoding="utf-8"
    )
    moments: list[dict[str, Any]] = [
        {
            "turn": 0,
            "speaker": "Riley Park",
            "quote": "How is the week going?",
            "label": "question",
            "attrs": {"type": "open", "topic": "personal"},
        },
        {
            "turn": 2,
            "speaker": "Riley Park",
            "quote": "How does month-end close work for your team today?",
            "label": "question",
            "attrs": {"type": "open", "topic": "business"},
        },
        {
            "turn": 4,
            "speaker": "Riley Park",
            "quote": "Could we book Tuesday at 2pm with your controller?",
            "label": "question",
            "attrs": {"type": "closed", "topic": "logistics"},
        },
        {
            "turn": 3,
            "speaker": "Sam Ortiz",
            "quote": "nine days and two people full time",
            "label": "quantified_pain",
            "attrs": {"amount": "nine days"},
        },
    ]
    labels = {
        "id": call_id,
        "file": f"{call_id}.txt",
        "format": "plain-txt",
        "call_type": "discovery",
        "style": style,
        "reps": ["Riley Park"],
        "prospects": ["Sam Ortiz"],
        "turns": [
            {"i": i, "speaker": s, "start": None, "end": None, "text": t}
            for i, (s, t) in enumerate(TURNS)
        ],
        "moments": moments,
        "criteria": {"discovery": {"score": 3, "why": "invented"}, "stalls": None},
        "overall": overall,
    }
    (folder / f"{call_id}.labels.json").write_text(json.dumps(labels), encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    _write_call(tmp_path, "t1_invented_friend", "friend", 2.0)
    _write_call(tmp_path, "t2_invented_expert", "expert", 4.0)
    return tmp_path


def test_folder_is_recognised(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert is_salescalls(str(folder))
    assert not is_salescalls(str(tmp_path_factory.mktemp("empty")))


def test_gold_moments_become_word_spans(folder: Path) -> None:
    gold = load_gold(folder)
    assert [g.id for g in gold] == ["t1_invented_friend", "t2_invented_expert"]
    first = gold[0].moments[0]
    assert (first.turn, first.start, first.end) == (0, 6, 11)
    assert gold[0].criteria == {"discovery": 3, "stalls": None}


def test_question_detector_on_invented_calls(folder: Path) -> None:
    _, results = evaluate_salescalls(str(folder), detector="question")
    assert all(r.loaded for r in results)
    assert results[0].coverage == 1.0 and results[0].speaker_agreement == 1.0
    question = results[0].labels["question"]
    assert question.tp == 3 and question.fn == 0
    summary = summarize_results(results)
    assert summary["labels"]["question"]["recall"] == 1.0
    assert set(summary["labels"]) == {"question"}
    assert summary["attributes"]["question_type"]["n"] == 6


def test_detector_names_pick_their_labels() -> None:
    assert labels_for("next_step") == ["next_step", "next_step_accept"]
    assert labels_for("question_type") == ["question"]
    assert labels_for("stall_response") == ["stall_response"]
    assert len(labels_for(None)) == 14
    with pytest.raises(EvalError, match="no sales-call label"):
        labels_for("mindset")


def test_bad_labels_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.labels.json").write_text('{"id": "x"}', encoding="utf-8")
    with pytest.raises(EvalError, match=r"x\.labels\.json"):
        load_gold(tmp_path)


def test_unknown_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match=r"labels\.json"):
        evaluate_salescalls(str(tmp_path / "nothing"))


def test_leave_one_call_out_never_sees_the_held_out_call() -> None:
    calls = [1.0, 2.0, 3.0, 10.0]
    seen: list[tuple[float, ...]] = []

    def objective(train: list[float], threshold: float) -> float:
        seen.append(tuple(train))
        return -sum(abs(x - threshold) for x in train)

    result = leave_one_call_out(calls, [1.0, 2.0, 3.0], objective, lambda c, t: abs(c - t))
    assert [f.chosen for f in result.folds] == [3.0, 3.0, 2.0, 2.0]
    for fold in result.folds:
        assert all(calls[fold.held_out] not in train for train in seen[fold.held_out * 3 :][:3])
    assert result.spread(lambda r: r)["n"] == 4
    with pytest.raises(EvalError):
        leave_one_call_out(calls, [], objective, lambda c, t: 0.0)


def test_spearman_handles_ties_and_degenerate_input() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3], [3, 2, 1]) == -1.0
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1, 2], [1, 2]) is None


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_dev_salescalls_run_end_to_end() -> None:
    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    gold, results = evaluate_salescalls(str(folder))
    assert len(results) == len(gold) == 12
    summary = summarize_results(results)
    assert summary["roles"]["buyer_as_rep"] == 0
    for r in results:
        if r.loaded:
            assert r.coverage > 0.95, r.id
            assert r.speaker_agreement > 0.9, r.id
    assert all(not g.unplaced for g in gold)


@needs_shared_data
@pytest.mark.corpus
def test_cli_scores_one_detector_as_json() -> None:
    from typer.testing import CliRunner

    from callcoach.cli import app

    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    result = CliRunner().invoke(
        app, ["eval", "--data", str(folder), "--detector", "stall", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["labels"]) == {"stall"}
    assert {"precision", "recall", "f1", "per_call_f1"} <= set(report["labels"]["stall"])
    assert set(report["misses"]["stall"]) == {"misses", "false_alarms"}
    assert "scorecard" not in report and "roles" not in report
