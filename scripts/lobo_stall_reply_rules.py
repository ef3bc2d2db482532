"""The stall_response detector's switched reply rules, leave-one-batch-out.

    python scripts/lobo_stall_reply_rules.py [--fresh open21]

Round 19. ``stall_response``'s ``lead_in`` (an announced question is a probe whatever its
form; a first reply's announced offer is a reframe, each quoted with the sentence announced)
and ``then_reframe`` (a "then" statement drawing a consequence is a reframe) are rules with no
fitted number, so a fold's only choice is which rules are on. For every design call (dev +
every opened blind batch but ``--fresh``) the stalls are found with the call's batch-strict
lexicon (``loco_stall_head.batch_strict_lexicons``: ``stall.yaml`` less the phrases only its
own batch supports) and the replies are scored under each setting of the grid ``GRID``. For a
held-out batch the setting is chosen on the other batches: pooled stall_response F1, then the
handling accuracy on matched stalls, then fewer rules. Printed per batch and pooled: the
stall_response tp / fp / fn and the handling right / matched. ``--fresh SET`` (an opened batch
nobody designed on) prints main's and each setting's pooled counts on main's stall lexicon.
Sealed and unopened sets are refused (``prepare_read_calls``). Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from callcoach.detectors._patterns import Lexicon
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stall import StallDetector
from callcoach.detectors.stall_response import StallResponseDetector
from callcoach.eval.lexicon_loco import (
    FRESH_CHECK,
    READ_BATCHES,
    PreparedCall,
    batch_of,
    prepare_read_calls,
)
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments

Setting = tuple[str, ...]
GRID: tuple[Setting, ...] = ((), ("lead_in",), ("then_reframe",), ("lead_in", "then_reframe"))


class Reply:
    """One call's stall_response score and handling (right, matched) per setting."""

    def __init__(self, c: PreparedCall, lexicon: Lexicon | None) -> None:
        self.c = c
        if lexicon is None:
            detector = StallDetector()
        else:

            class Narrowed(StallDetector):
                def phrases(self) -> Lexicon:
                    return lexicon

                def base_phrases(self) -> Lexicon:
                    return lexicon

            detector = Narrowed()
        self.stalls = tuple(detector.detect(c.call, DetectionContext(c.roles)))
        self.memo: dict[Setting, tuple[LabelScore, int, int]] = {}

    def of(self, setting: Setting) -> tuple[LabelScore, int, int]:
        if setting not in self.memo:
            c = self.c
            params = {rule: True for rule in setting}
            replies = StallResponseDetector(**params).detect(
                c.call, DetectionContext(c.roles, {"stall": self.stalls})
            )
            found = {"stall_response": replies}
            pred = predicted_moments(found, c.roles, c.alignment, ["stall_response"])
            score = score_label("stall_response", c.gold.moments, pred)
            right = sum(
                m.gold.attrs.get("handling") == m.pred.attrs.get("handling") for m in score.matches
            )
            self.memo[setting] = (score, right, len(score.matches))
        return self.memo[setting]


def pooled(calls: Sequence[Reply], setting: Setting) -> tuple[LabelScore, int, int]:
    parts = [r.of(setting) for r in calls]
    return (
        LabelScore.total("stall_response", [p[0] for p in parts]),
        sum(p[1] for p in parts),
        sum(p[2] for p in parts),
    )


def line(part: tuple[LabelScore, int, int]) -> str:
    score, right, matched = part
    return (
        f"{score.precision:.3f}/{score.recall:.3f}/{score.f1:.3f} "
        f"({score.tp}/{score.fp}/{score.fn}) handling {right}/{matched}"
    )


def choose(calls: Sequence[Reply]) -> Setting:
    def key(s: Setting) -> tuple[float, int, int]:
        score, right, _ = pooled(calls, s)
        return (round(score.f1, 9), right, -len(s))

    return max(GRID, key=key)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--fresh", help="an opened batch nobody designed on: pooled counts only")
    args = parser.parse_args(argv)
    if args.fresh is not None and args.fresh not in READ_BATCHES:
        raise ValueError(f"{args.fresh}: not an opened batch; sealed sets are aggregate only")
    design = [b for b in READ_BATCHES if b != (args.fresh or FRESH_CHECK)]
    calls = [c for b in design for c in prepare_read_calls(READ_BATCHES[b])]
    import loco_stall_head  # a script beside this one

    lexicons = loco_stall_head.batch_strict_lexicons(calls)
    replies = [Reply(c, lex) for c, lex in zip(calls, lexicons, strict=True)]
    batches = [batch_of(c.gold.id) for c in calls]
    print(f"design batches {design}; {len(calls)} calls; grid {GRID}")
    held_rows: dict[str, list[tuple[LabelScore, int, int]]] = {"choice": []}
    held_rows.update({"+".join(s) or "rules": [] for s in GRID})
    for held in design:
        inner = [r for r, b in zip(replies, batches, strict=True) if b != held]
        outer = [r for r, b in zip(replies, batches, strict=True) if b == held]
        s = choose(inner)
        held_rows["choice"].append(pooled(outer, s))
        for g in GRID:
            held_rows["+".join(g) or "rules"].append(pooled(outer, g))
        print(
            f"  {held:6} choice {'+'.join(s) or 'rules'}: rules {line(pooled(outer, ()))}"
            f" -> {line(pooled(outer, s))}",
            flush=True,
        )
    print("LOBO (held-out batches pooled), stall_response:")
    for name, parts in held_rows.items():
        total = (
            LabelScore.total("stall_response", [p[0] for p in parts]),
            sum(p[1] for p in parts),
            sum(p[2] for p in parts),
        )
        print(f"  {name:22} {line(total)}")
    if args.fresh:
        fresh = [Reply(c, None) for c in prepare_read_calls(READ_BATCHES[args.fresh])]
        print(f"fresh batch {args.fresh} (main's stall lexicon; design choice {choose(replies)}):")
        for g in GRID:
            print(f"  {'+'.join(g) or 'rules':22} {line(pooled(fresh, g))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
