"""Role guess without ``--rep`` per read batch (leave-one-batch-out view, issue 9).

    python scripts/lobo_roles.py [--batches dev,open,...] [--per-call] [--json OUT] [--lead-side]
        [--structure off|both|alone] [--relations off|refuse|decide] [--agree X|off]
        [--lean X|off] [--overrule on|off] [--same-side on|off]
        [--lean-voice on|off] [--lean-stated on|off] [--witness-voice on|off]
        [--overrule-relations on|off] [--lean-relations N|off] [--relation-lean X|off]
        [--says-both on|off] [--addressed-four on|off] [--split-check off|refuse|place]
        [--handoff-from both|sellers|buyers]

The read sales calls come in batches by different writers
(``callcoach.eval.lexicon_loco.READ_BATCHES``; never a sealed set, which
``check_read_folder`` refuses). The role guess has no fitted parameter, so each batch's
numbers are already out of sample for any rule not designed on that batch; the table
gives right / refused / wrong (buyer as rep) per batch and pooled, so a candidate is judged
batch by batch against main. ``--per-call`` lists each call's outcome, guessed reps and
the first lines of the reasons (read calls only).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from callcoach import roles
from callcoach.eval.lexicon_loco import DESIGN_BATCHES, READ_BATCHES, check_read_folder
from callcoach.eval.roles_switches import (
    add_on_off,
    add_split_check,
    apply_on_off,
    apply_split_check,
)
from callcoach.eval.salescalls import _load, guess_outcome, load_gold, resolve_salescalls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batches",
        default=",".join(DESIGN_BATCHES),
        help=f"comma-separated read batches, of {tuple(READ_BATCHES)} (default: all but the"
        " fresh check)",
    )
    parser.add_argument("--per-call", action="store_true", help="each call's outcome")
    parser.add_argument("--json", help="write the per-call outcomes here")
    parser.add_argument(
        "--lead-side", action="store_true", help="switch roles.LEAD_SIDE on (shipped off)"
    )
    parser.add_argument(
        "--structure",
        choices=("off", "both", "alone"),
        default=roles.STRUCTURE or "off",
        help=f"roles.STRUCTURE (shipped: {roles.STRUCTURE or 'off'})",
    )
    parser.add_argument(
        "--relations",
        choices=("off", "refuse", "decide"),
        default=roles.RELATIONS or "off",
        help=f"roles.RELATIONS (shipped: {roles.RELATIONS or 'off'})",
    )
    parser.add_argument(
        "--agree",
        default="off" if roles.AGREE is None else str(roles.AGREE),
        help=f"roles.AGREE, log-odds or off (shipped: {roles.AGREE})",
    )
    parser.add_argument("--witness", default=roles.WITNESS, choices=("phrases", "statements"))
    parser.add_argument(
        "--lean",
        default="off" if roles.LEAN is None else str(roles.LEAN),
        help=f"roles.LEAN, log-odds or off (shipped: {roles.LEAN})",
    )
    add_on_off(parser)
    parser.add_argument(
        "--lean-relations",
        default="off" if roles.LEAN_RELATIONS is None else str(roles.LEAN_RELATIONS),
        help=f"roles.LEAN_RELATIONS, votes or off (shipped: {roles.LEAN_RELATIONS})",
    )
    parser.add_argument(
        "--relation-lean",
        default="off" if roles.RELATION_LEAN is None else str(roles.RELATION_LEAN),
        help=f"roles.RELATION_LEAN, log-odds or off (shipped: {roles.RELATION_LEAN})",
    )
    add_split_check(parser)
    args = parser.parse_args()
    apply_on_off(args)
    apply_split_check(args)
    roles.RELATION_LEAN = None if args.relation_lean == "off" else float(args.relation_lean)
    roles.LEAN_RELATIONS = None if args.lean_relations == "off" else int(args.lean_relations)
    roles.WITNESS = args.witness
    roles.LEAN = None if args.lean == "off" else float(args.lean)
    roles.AGREE = None if args.agree == "off" else float(args.agree)
    roles.RELATIONS = None if args.relations == "off" else args.relations
    roles.LEAD_SIDE = args.lead_side
    roles.STRUCTURE = None if args.structure == "off" else args.structure
    rows: dict[str, dict[str, object]] = {}
    table: dict[str, Counter[str]] = {}
    for batch in args.batches.split(","):
        folder = READ_BATCHES[batch]
        check_read_folder(folder)
        counts: Counter[str] = Counter()
        for gold in load_gold(resolve_salescalls(folder)):
            call, _error = _load(gold)
            if call is None:
                counts["not_loaded"] += 1
                continue
            out = guess_outcome(call, gold)
            counts[out.outcome] += 1
            counts["buyer_as_rep"] += out.buyer_as_rep
            speakers = len({u.speaker for u in call.utterances if u.speaker is not None})
            rows[gold.id] = {
                "batch": batch,
                "outcome": out.outcome,
                "guessed": list(out.guessed_reps),
                "gold": list(gold.reps),
                "buyer_as_rep": out.buyer_as_rep,
                "speakers": speakers,
                "reason": out.reason,
            }
            if args.per_call:
                print(
                    f"{batch:6} {gold.id:40} {speakers} spk {out.outcome:8}"
                    f" guessed={list(out.guessed_reps)} gold={list(gold.reps)}"
                    f"{' BUYER' if out.buyer_as_rep else ''} | {out.reason[:160]}"
                )
        table[batch] = counts
    total: Counter[str] = Counter()
    print("| batch | right | refused | wrong | buyer as rep |")
    print("|---|---|---|---|---|")
    for batch, c in table.items():
        total.update(c)
        print(f"| {batch} | {c['right']} | {c['refused']} | {c['wrong']} | {c['buyer_as_rep']} |")
    print(
        f"| **all** | {total['right']} | {total['refused']} | {total['wrong']} |"
        f" {total['buyer_as_rep']} |"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(rows, fh, indent=1)


if __name__ == "__main__":
    main()
