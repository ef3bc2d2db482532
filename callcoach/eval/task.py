"""Evaluation tasks: which detector, on which corpora, against which gold labels.

Each task lives in its own module under ``callcoach/eval/tasks/`` and calls
``register_task`` at import; ``tasks()`` imports them all (no central list to edit).
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import MappingProxyType
from typing import Any

from callcoach.errors import EvalError
from callcoach.eval.corpus import CorpusUtterance
from callcoach.model import Finding

__all__ = ["EvalTask", "get_task", "register_task", "tasks"]

GoldFn = Callable[[CorpusUtterance], str | None]
PredictFn = Callable[[CorpusUtterance, tuple[Finding, ...]], str]


@dataclass(frozen=True)
class EvalTask:
    """One detector scored against one kind of gold label.

    ``gold`` maps a corpus row to its gold class (None excludes the row); ``predict`` maps
    the row and the findings whose evidence covers it to the predicted class. ``positive``
    is the positive class of a binary task, or None for macro-F1 over all classes.
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
    needs_context: bool = True
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


_TASKS: dict[str, EvalTask] = {}
_loaded = False


def register_task(task: EvalTask) -> EvalTask:
    """Make ``task`` known to the runner; returns it so modules can keep a reference."""
    existing = _TASKS.get(task.name)
    if existing is not None and existing is not task:
        raise EvalError(f"two evaluation tasks are registered as {task.name!r}")
    _TASKS[task.name] = task
    return task


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    import callcoach.eval.tasks as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def tasks() -> list[EvalTask]:
    """All registered tasks, sorted by name."""
    _load_builtins()
    return [_TASKS[name] for name in sorted(_TASKS)]


def get_task(name: str) -> EvalTask:
    """The task called ``name``; EvalError lists the known ones otherwise."""
    _load_builtins()
    try:
        return _TASKS[name]
    except KeyError:
        raise EvalError(
            f"unknown evaluation task {name!r}; known tasks: {', '.join(sorted(_TASKS))}"
        ) from None
