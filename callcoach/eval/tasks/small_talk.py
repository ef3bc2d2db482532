"""Task ``small_talk``: is this utterance small talk?

Gold comes from CaSiNo strategy annotations: a row of an annotated dialogue is "yes" when
it carries ``strategy:small-talk`` (alone or with other strategies) and "no" when it
carries other strategies only. Rows without strategy labels (deal-protocol events,
unannotated dialogues, the three unaligned messages) are left out. A row is predicted
"yes" when a small_talk span finding covers it.
"""

from __future__ import annotations

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

CASINO_SMALL_TALK = "strategy:small-talk"
CASINO_STRATEGY_PREFIX = "strategy:"


def gold(row: CorpusUtterance) -> str | None:
    """yes / no for a strategy-annotated CaSiNo row; None otherwise."""
    if not any(label.startswith(CASINO_STRATEGY_PREFIX) for label in row.labels):
        return None
    return "yes" if CASINO_SMALL_TALK in row.labels else "no"


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """yes when a small_talk finding covers the row."""
    return "yes" if any(f.label == "small_talk" for f in findings) else "no"


TASK = register_task(
    EvalTask(
        name="small_talk",
        detector="small_talk",
        datasets=("casino",),
        gold=gold,
        predict=predict,
        positive="yes",
        needs_context=False,
        description="small-talk utterances (F1 of 'yes')",
    )
)
