"""Task ``question_topic``: business discovery vs personal questions.

Gold comes from Persuasion For Good annotated inquiry labels (persuader ``strategy:`` and
persuadee ``persuadee:`` layers alike). source-related-inquiry ("have you heard of Save
the Children?") asks about the organisation itself and has no sales counterpart in the
two classes, so those rows are left out. A row is predicted "personal" when a
``personal`` question_topic finding covers it and "business" otherwise ("other" and
questions the question detector missed count as not personal).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

P4G_TOPICS: Mapping[str, str] = MappingProxyType(
    {"task-related-inquiry": "business", "personal-related-inquiry": "personal"}
)


def gold(row: CorpusUtterance) -> str | None:
    """business / personal for an inquiry row; None for every other row (or both labels)."""
    found = {
        P4G_TOPICS[label.partition(":")[2]]
        for label in row.labels
        if label.partition(":")[2] in P4G_TOPICS
    }
    return found.pop() if len(found) == 1 else None


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """personal when any covering finding is personal, else business."""
    return "personal" if any(f.label == "personal" for f in findings) else "business"


TASK = register_task(
    EvalTask(
        name="question_topic",
        detector="question_topic",
        datasets=("persuasionforgood_annotated",),
        gold=gold,
        predict=predict,
        positive=None,
        needs_context=False,
        description="business vs personal inquiries (macro-F1)",
    )
)
