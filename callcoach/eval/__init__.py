"""Evaluation of detectors against annotated dialogue corpora (see docs/evaluation.md)."""

from callcoach.eval.corpus import (
    CorpusConversation,
    CorpusUtterance,
    default_roles,
    load_corpus,
    to_call,
)
from callcoach.eval.scoring import Scores, prf
from callcoach.eval.task import EvalTask, get_task, register_task, tasks

__all__ = [
    "CorpusConversation",
    "CorpusUtterance",
    "EvalTask",
    "Scores",
    "default_roles",
    "get_task",
    "load_corpus",
    "prf",
    "register_task",
    "tasks",
    "to_call",
]
