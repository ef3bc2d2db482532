"""Task ``question_topic``: business discovery vs personal questions.

Gold comes from Persuasion For Good annotated inquiry labels (persuader ``strategy:`` and
persuadee ``persuadee:`` layers alike). source-related-inquiry ("have you heard of Save
the Children?") asks about the organisation itself and has no sales counterpart in the
two classes, so those rows are left out. A row is predicted "personal" when a ``personal``
question_topic finding covers it and "business" when a ``business`` one does. An inquiry the
detector leaves unlabelled (the question detector found no question in it, or the topic is
"other") counts as an error in either class: predicting "business" by default would score
every missed business inquiry as a hit.
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
    """personal / business from the covering findings (personal wins); unlabelled is wrong."""
    labels = {f.label for f in findings}
    if "personal" in labels:
        return "personal"
    if "business" in labels:
        return "business"
    return "personal" if gold(row) == "business" else "business"


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
