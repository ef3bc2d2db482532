"""Evaluation tasks: which detector, on which corpora, against which gold labels.

Each task lives in its own module under ``callcoach/eval/tasks/`` and calls
``register_task`` at import; ``tasks()`` imports them all (no central list to edit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from callcoach.errors import EvalError
from callcoach.eval.corpus import CorpusUtterance
from callcoach.model import Finding
from callcoach.plugins import Registry

__all__ = ["EvalTask", "get_task", "register_task", "tasks"]

GoldFn = Callable[[CorpusUtterance], str | None]
PredictFn = Callable[[CorpusUtterance, tuple[Finding, ...]], str]


@dataclass(frozen=True)
class EvalTask:
    """One detector scored against one kind of gold label.

    ``gold`` maps a corpus row to its gold class (None excludes the row); ``predict`` maps
    the row and the findings whose evidence covers it to the predicted class. ``positive``
    is the positive class of a binary task, or None for macro-F1 over all classes.
    ``grid`` declares the detector parameters that cross-validation may tune: for each
    name, the candidate values (the first is the default and wins ties); each fold picks
    the combination that scores best on the other folds (see ``callcoach.eval.crossval``).
    ``needs_context`` False says the detector's output does not depend on who the rep is,
    so one run per conversation suffices instead of one per role assignment.
    """

    name: str
    detector: str
    datasets: tuple[str, ...]
    gold: GoldFn
    predict: PredictFn
    positive: str | None = "yes"
    params: Mapping[str, Any] = field(default_factory=dict)
    grid: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    needs_context: bool = True
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        grid = {name: tuple(values) for name, values in self.grid.items()}
        empty = [name for name, values in grid.items() if not values]
        if empty:
            raise EvalError(f"task {self.name!r}: no candidate values for {', '.join(empty)}")
        object.__setattr__(self, "grid", MappingProxyType(grid))


_TASKS: Registry[EvalTask] = Registry(
    "evaluation task", "callcoach.eval.tasks", EvalError, plural="tasks"
)


def register_task(task: EvalTask) -> EvalTask:
    """Make ``task`` known to the runner; returns it so modules can keep a reference."""
    return _TASKS.register(task.name, task)


def tasks() -> list[EvalTask]:
    """All registered tasks, sorted by name."""
    return [_TASKS.get(name) for name in _TASKS.names()]


def get_task(name: str) -> EvalTask:
    """The task called ``name``; EvalError lists the known ones otherwise."""
    return _TASKS.get(name)
