"""Task ``summarize``: does this rep utterance restate what the other party said?

Gold mapping (tables below, quoted in docs/evaluation/summarize.md); both corpora are
evaluation only:

- AnnoMI (``mi:``; no license file): therapist utterances labelled
  ``mi:reflection-simple`` or ``mi:reflection-complex`` (or the coarse ``mi:reflection``)
  are "yes", every other therapist utterance "no"; client rows are excluded (the
  therapist is the rep).
- SwDA (``da:``; NC): ``bf`` (summarize/reformulate) is "yes", every other tagged row
  "no". SwDA has no roles, so each speaker is scored from the run where they are the rep.

A row is predicted "yes" when a ``summarize`` or ``reflection`` finding covers it (AnnoMI
labels reflections; the detector keeps ``summarize`` for playbacks of earlier turns).
"""

from __future__ import annotations

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

ANNOMI_REFLECTION_LABELS: frozenset[str] = frozenset(
    {"mi:reflection", "mi:reflection-simple", "mi:reflection-complex"}
)
ANNOMI_REP_ROLE = "therapist"
SWDA_SUMMARY_TAGS: frozenset[str] = frozenset({"bf"})
RESTATEMENT_LABELS: frozenset[str] = frozenset({"summarize", "reflection"})


def gold(row: CorpusUtterance) -> str | None:
    """yes / no for an AnnoMI therapist row or a SwDA row; None for rows not scored."""
    if row.dataset == "annomi":
        if row.role != ANNOMI_REP_ROLE:
            return None
        return "yes" if ANNOMI_REFLECTION_LABELS & set(row.labels) else "no"
    tags = {label[len("da:") :] for label in row.labels if label.startswith("da:")}
    if not tags:
        return None
    return "yes" if tags & SWDA_SUMMARY_TAGS else "no"


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """yes when a summarize or reflection finding covers the row."""
    return "yes" if any(f.label in RESTATEMENT_LABELS for f in findings) else "no"


TASK = register_task(
    EvalTask(
        name="summarize",
        detector="summarize",
        datasets=("annomi", "swda"),
        gold=gold,
        predict=predict,
        positive="yes",
        needs_context=True,
        description="rep restatements of the other party (F1 of 'yes')",
    )
)
