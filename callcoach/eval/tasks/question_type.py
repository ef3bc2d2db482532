"""Task ``question_type``: open vs closed questions.

Gold comes from AnnoMI therapist labels (evaluation only: AnnoMI has no license):
``mi:question-open`` is "open", ``mi:question-closed`` is "closed"; every other row is
left out. MRDA gives a second, form-based view (``da-general:`` wh-question ``qw`` and
open-ended ``qo`` are "open"; yes-no ``qy``, or-question ``qr`` and or-clause ``qrr``
are "closed"; rhetorical ``qh`` is left out). MRDA counts every wh-question as open, while
the detector follows the MITI convention (who/which/when/where and "how many" ask for a
fact: closed), so MRDA scores measure form recognition plus that convention gap.

A row is predicted "open" when any ``open`` question_type finding covers it and "closed"
otherwise (a question the question detector missed counts as not open), scored as
macro-F1 over the two classes.
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


MRDA_QUESTION_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "da-general:qw": "open",
        "da-general:qo": "open",
        "da-general:qy": "closed",
        "da-general:qr": "closed",
        "da-general:qrr": "closed",
    }
)


def gold(row: CorpusUtterance) -> str | None:
    """open / closed for an AnnoMI or MRDA question row; None otherwise (or when both)."""
    table = MRDA_QUESTION_TYPES if row.dataset == "mrda" else ANNOMI_QUESTION_TYPES
    found = {table[label] for label in row.labels if label in table}
    return found.pop() if len(found) == 1 else None


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """open when any covering question_type finding is open, else closed."""
    return "open" if any(f.label == "open" for f in findings) else "closed"


TASK = register_task(
    EvalTask(
        name="question_type",
        detector="question_type",
        datasets=("annomi", "mrda"),
        gold=gold,
        predict=predict,
        positive=None,
        needs_context=False,
        description="open vs closed questions (macro-F1)",
    )
)
