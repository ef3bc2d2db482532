"""Task ``question_type``: open vs closed questions.

Gold comes from AnnoMI therapist labels (evaluation only: AnnoMI has no license):
``mi:question-open`` is "open", ``mi:question-closed`` is "closed"; every other row is
left out. A row is predicted "open" when any ``open`` question_type finding covers it and
"closed" otherwise (a question the question detector missed counts as not open), scored
as macro-F1 over the two classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

ANNOMI_QUESTION_TYPES: Mapping[str, str] = MappingProxyType(
    {"mi:question-open": "open", "mi:question-closed": "closed"}
)


def gold(row: CorpusUtterance) -> str | None:
    """open / closed for an AnnoMI question row; None otherwise (or when both are given)."""
    found = {ANNOMI_QUESTION_TYPES[label] for label in row.labels if label in ANNOMI_QUESTION_TYPES}
    return found.pop() if len(found) == 1 else None


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """open when any covering question_type finding is open, else closed."""
    return "open" if any(f.label == "open" for f in findings) else "closed"


TASK = register_task(
    EvalTask(
        name="question_type",
        detector="question_type",
        datasets=("annomi",),
        gold=gold,
        predict=predict,
        positive=None,
        needs_context=False,
        description="open vs closed questions (macro-F1)",
    )
)
