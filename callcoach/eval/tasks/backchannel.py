"""Task ``backchannel``: is this utterance a backchannel (listening signal)?

Gold mapping (tables below, quoted in docs/evaluation/listening.md):

- SwDA (``da:``; evaluation only, NC): b (acknowledge/backchannel), bk (response
  acknowledgement, "oh, okay") and bh (backchannel in question form, "oh, really?") are
  "yes". ba (appreciation, "wow", "that's great") is an assessment rather than a
  continuer and counts as "no", as do aa (agree/accept "yeah, exactly"), ny (yes-answers)
  and everything else.
- MRDA (``da-full:``): b (continuer), bk (acknowledge-answer) and bh (rhetorical-question
  backchannel, "yeah?"; 19 dev rows) are "yes", as in SwDA; everything else is "no".

A row is predicted "yes" when a ``backchannel`` listening finding covers it.
"""

from __future__ import annotations

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

SWDA_BACKCHANNEL_TAGS: frozenset[str] = frozenset({"b", "bk", "bh"})
MRDA_BACKCHANNEL_TAGS: frozenset[str] = frozenset({"b", "bk", "bh"})

_LAYERS = {"swda": ("da:", SWDA_BACKCHANNEL_TAGS), "mrda": ("da-full:", MRDA_BACKCHANNEL_TAGS)}


def gold(row: CorpusUtterance) -> str | None:
    """yes / no for a SwDA or MRDA row; None when the row has no tag of the layer."""
    prefix, positive = _LAYERS[row.dataset]
    tags = [label[len(prefix) :] for label in row.labels if label.startswith(prefix)]
    if not tags:
        return None
    return "yes" if any(tag in positive for tag in tags) else "no"


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """yes when a backchannel finding covers the row."""
    return "yes" if any(f.label == "backchannel" for f in findings) else "no"


TASK = register_task(
    EvalTask(
        name="backchannel",
        detector="listening",
        datasets=("swda", "mrda"),
        gold=gold,
        predict=predict,
        positive="yes",
        needs_context=False,
        description="backchannels (F1 of 'yes')",
    )
)
