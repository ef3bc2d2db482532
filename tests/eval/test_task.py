"""Task registry and the question task's gold mappings."""

from __future__ import annotations

import pytest

from callcoach.errors import EvalError
from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import get_task, register_task, tasks
from callcoach.eval.tasks.question import gold


def _row(dataset: str, *labels: str) -> CorpusUtterance:
    return CorpusUtterance(dataset, "c", 0, "A", None, "text", labels)


def test_question_task_is_discovered() -> None:
    assert "question" in [t.name for t in tasks()]
    task = get_task("question")
    assert task.detector == "question" and set(task.datasets) == {"swda", "mrda", "dailydialog"}


def test_unknown_task_lists_known_ones() -> None:
    with pytest.raises(EvalError, match=r"known tasks: .*question"):
        get_task("nope")


def test_registering_a_different_task_under_a_taken_name_fails() -> None:
    other = get_task("question").__class__(
        name="question", detector="x", datasets=(), gold=gold, predict=lambda r, f: "no"
    )
    with pytest.raises(EvalError, match="two evaluation tasks"):
        register_task(other)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (_row("swda", "da:qy"), "yes"),
        (_row("swda", "da:qy^d"), "yes"),
        (_row("swda", "da:^g"), "yes"),
        (_row("swda", "da:bh"), "no"),
        (_row("swda", "da:^q"), "no"),
        (_row("mrda", "da-basic:Q", "da-general:qw", "da-full:qw"), "yes"),
        (_row("mrda", "da-basic:Q", "da-general:fh", "da-full:fh"), "yes"),
        (_row("mrda", "da-basic:D", "da-general:qrr", "da-full:qrr"), "yes"),
        (_row("mrda", "da-basic:S", "da-general:s", "da-full:bu"), "no"),
        (_row("dailydialog", "act:question", "emotion:no emotion"), "yes"),
        (_row("dailydialog", "act:directive"), "no"),
        (_row("swda"), None),
        (_row("casino", "strategy:small-talk"), None),
    ],
)
def test_gold_mapping(row: CorpusUtterance, expected: str | None) -> None:
    assert gold(row) == expected
