"""Task "stall": the stall detector against RESPER resisting-strategy labels.

RESPER (Dutt et al., EACL 2021) labels resisting strategies in Persuasion For Good
(persuadee) and CraigslistBargain (buyer and seller). Its taxonomy has three families:
*Hesitance* (delaying or being unsure: a stall by definition), *Empowerment* (asserting one's
own choice, means or refusal: "I already give to another charity", "over my budget", "that is
too high for me", "I'll pay $150 cash") and *Contesting* (questioning the source or the
argument: "how do I know the money reaches the kids?", "does it have scratches?").

Our "stall" covers stalls and the prospect-side objections of a sales call (think-about-it,
send-info, timing, status-quo, authority, price, refusal), which are the Hesitance and
Empowerment families. Contesting rows are engagement with the pitch that the rep should
answer on the merits, not put-offs, so they count as "no", as does ``not-a-strategy`` and (in
CraigslistBargain) a buyer row without a label. Only the prospect's rows (persuadee, buyer)
are scored: the detector looks at the prospect only, and a seller's resistance to a buyer's
offer is not a prospect stall. Both corpora are evaluation-only (no license): never train on
them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.task import EvalTask, register_task
from callcoach.model import Finding

__all__ = ["PROSPECT_ROLES", "STALL_LABELS", "TASK"]

# RESPER label (verbatim, without the "resist:" prefix) -> is it a stall? Labels absent here
# (and unlabelled prospect rows) are "no".
STALL_LABELS: Mapping[str, bool] = MappingProxyType(
    {
        # resper_p4g (persuadee)
        "delay-tactic": True,  # Hesitance: "I will donate within 3 months"
        "hesitance": True,  # Hesitance: "im not to sure yet"
        "personal-choice": True,  # Empowerment: "I already donate to other charities"
        "self-pity": True,  # Empowerment: "I don't have much money right now"
        "direct-rejection": True,  # Empowerment (self-assertion): "sorry but not now"
        "organization-inquiry": False,  # Contesting (information inquiry)
        "attack-credibility": False,  # Contesting (source derogation)
        "deflect-responsibility": False,  # Contesting (counter-argument)
        "nitpicking": False,  # Contesting (counter-argument)
        "not-a-strategy": False,
        # resper_cb (buyer)
        "Hesitance-Hesitance": True,
        "Personal Choice-Empowerment": True,
        "Self Pity-Empowement": True,  # [sic] as in the source
        "Self Assertion-Empowerment": True,
        "Information Inquiry-Contesting": False,
        "Counter Argumentation-Contesting": False,
        "Source Derogation-Contesting": False,
    }
)

PROSPECT_ROLES = frozenset({"persuadee", "buyer"})


def gold(row: CorpusUtterance) -> str | None:
    """ "yes" when a prospect row carries a stall label, "no" for other prospect rows."""
    if row.role not in PROSPECT_ROLES:
        return None
    resist = [label.removeprefix("resist:") for label in row.labels if label.startswith("resist:")]
    return "yes" if any(STALL_LABELS.get(label, False) for label in resist) else "no"


def predict(row: CorpusUtterance, findings: tuple[Finding, ...]) -> str:
    """ "yes" when a stall finding covers the row."""
    return "yes" if any(f.label == "stall" for f in findings) else "no"


TASK = register_task(
    EvalTask(
        name="stall",
        detector="stall",
        datasets=("resper_p4g", "resper_cb"),
        gold=gold,
        predict=predict,
        positive="yes",
        # A donation chat or a haggle is no sales call: it opens with the ask, with no
        # discovery before it, so the stall detector's sales-call rules (``min_position``)
        # do not hold there (stall 2.10, docs/evaluation/stall.md, sixteenth round).
        params={"sales_call": False},
        description="Prospect stalls/objections vs RESPER Hesitance + Empowerment labels.",
    )
)
