"""The call-type guesser on the annotated sales calls: right, refused or wrong, held out.

The guesser (``callcoach.scoring.call_type``) has two knobs: ``PRIOR``, the pseudo-count of
cue hits its confidence is measured against, and the rubric's refusal floor
(``call_type_min_confidence``: a guess below it is "not known" and the default targets
apply). A wrong type is worse than none (it switches the talk target and the discovery
counts), so a guess scores +1 when right, 0 when refused and ``-WRONG_COST`` when wrong.
For each call both knobs are chosen on the other calls and the held-out call's guess is
judged with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from callcoach.eval.salescalls import leave_one_call_out
from callcoach.model import Call
from callcoach.scoring.call_type import PRIOR, CallTypeGuess, guess_call_type

__all__ = ["GOLD_TO_RUBRIC", "CallTypeLoco", "call_type_loco", "outcome"]

# The labels' call types as the expert-not-friend rubric names them.
GOLD_TO_RUBRIC = {
    "discovery": "discovery",
    "demo": "demo",
    "closing": "negotiation",
    "renewal_upsell": "negotiation",
    "follow_up": "follow-up",
    "cold_call": "cold-call",
}
TYPES = ("discovery", "demo", "negotiation", "follow-up", "cold-call")
WRONG_COST = 2
# The shipped values first: on a tie they are kept.
PRIORS: tuple[float, ...] = (PRIOR, 1.0, 2.0, 3.0, 6.0, 8.0)
FLOORS: tuple[float, ...] = (0.7, 0.5, 0.55, 0.6, 0.65, 0.75, 0.8, 0.85, 0.9)
Knobs = tuple[float, float]  # (prior, floor)


def outcome(guess: CallTypeGuess, floor: float, gold_type: str) -> int:
    """+1 right, 0 refused (below the floor, or no cue at all), -1 wrong."""
    if guess.confidence < floor or guess.reason.startswith("no call-type cues"):
        return 0
    return 1 if guess.call_type == GOLD_TO_RUBRIC.get(gold_type, gold_type) else -1


@dataclass(frozen=True)
class CallTypeLoco:
    """Held-out outcomes (one per call) and the knobs chosen in each fold."""

    ids: tuple[str, ...]
    outcomes: tuple[int, ...]
    chosen: tuple[Knobs, ...]
    shipped: tuple[int, ...]  # outcomes at the shipped knobs, every call (in-sample)

    def summary(self) -> dict[str, Any]:
        def counts(values: Sequence[int]) -> dict[str, int]:
            return {
                "right": sum(v == 1 for v in values),
                "refused": sum(v == 0 for v in values),
                "wrong": sum(v == -1 for v in values),
            }

        return {
            "loco": counts(self.outcomes),
            "shipped": counts(self.shipped),
            "chosen": [list(k) for k in self.chosen],
            "per_call": dict(zip(self.ids, self.outcomes, strict=True)),
        }


def call_type_loco(
    calls: Sequence[tuple[str, Call, str]],
    priors: Sequence[float] = PRIORS,
    floors: Sequence[float] = FLOORS,
    shipped: Knobs = (PRIOR, 0.7),
) -> CallTypeLoco:
    """``calls`` as (id, call, gold call type); leave one call out over (prior, floor)."""
    guesses = {
        (p, n): guess_call_type(c, TYPES, p) for p in priors for n, (_, c, _) in enumerate(calls)
    }
    knobs = [(p, f) for p in priors for f in floors]
    index = list(range(len(calls)))

    def value(n: int, k: Knobs) -> int:
        o = outcome(guesses[(k[0], n)], k[1], calls[n][2])
        return -WRONG_COST if o < 0 else o

    loco = leave_one_call_out(
        index,
        knobs,
        lambda train, k: float(sum(value(n, k) for n in train)),
        lambda n, k: outcome(guesses[(k[0], n)], k[1], calls[n][2]),
    )
    at_shipped = tuple(
        outcome(guess_call_type(c, TYPES, shipped[0]), shipped[1], t) for _, c, t in calls
    )
    return CallTypeLoco(
        tuple(i for i, _, _ in calls),
        tuple(f.result for f in loco.folds),
        tuple(f.chosen for f in loco.folds),
        at_shipped,
    )
