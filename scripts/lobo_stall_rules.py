"""Rule settings of the stall detector judged by batch (no head: nothing is embedded).

    python scripts/lobo_stall_rules.py --settings 'min_position=0.25;min_position=0.4'
        [--fresh open14] [--candidate min_position=0.4] [--batch-strict]

Round 16: the sales-call rules (``min_position``) are rule parameters, so their
leave-one-batch-out needs no head and no embedding. Each design batch (the dev calls and each
opened blind batch but ``--fresh``) is held out in turn; the setting (the rules alone or one of
``--settings``) is chosen by pooled F1 on the other design batches, and the held-out counts
are pooled and compared with main's rules. ``--batch-strict`` scores each call with the
lexicon less the phrases only its own batch supports (``loco_stall_head``). ``--fresh SET``
(an unread batch) prints only the pooled counts of the rules, the choice made on every design
batch and each ``--candidate`` declared before scoring. Sealed folders are refused
(``prepare_read_calls``); nothing is written.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from lobo_blind_heads import Params, Scorer, _value, line, name_of

from callcoach.eval.lexicon_loco import READ_BATCHES
from callcoach.eval.moments import LabelScore


def _params(text: str) -> Params:
    return tuple((k, _value(v)) for k, v in (item.split("=") for item in text.split(",") if item))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--settings", required=True, help="';'-separated rule settings")
    parser.add_argument("--fresh", help="an unread batch: scored with the choice only")
    parser.add_argument("--candidate", action="append", default=[], help="declared setting")
    parser.add_argument("--rules", default="", help="rule parameters under every setting")
    parser.add_argument("--batch-strict", action="store_true")
    args = parser.parse_args(argv)
    label = "stall"
    design = [b for b in READ_BATCHES if b != args.fresh]
    settings: list[Params] = [()] + [_params(t) for t in args.settings.split(";") if t]
    scorer = Scorer(label, None, "stall")  # type: ignore[arg-type]  # no head, no embedder
    base: dict[str, Any] = dict(_params(args.rules))
    scorer.base = base
    for b in design:
        scorer.load(b)
    if args.batch_strict:
        import loco_stall_head as module  # a script beside this one

        ordered = [c for b in design for c in scorer.calls[b]]
        strict = module.batch_strict_lexicons(ordered)
        scorer._stall_module = module
        scorer.lexicons = {c.gold.id: lex for c, lex in zip(ordered, strict, strict=True)}

    def choose(held: str | None) -> Params:
        others = [b for b in design if b != held]
        best, best_value = settings[0], -1.0
        for p in settings:
            pooled = LabelScore.total(label, [scorer.score("", None, b, p) for b in others])
            value = pooled.f1 - 1e-6 * (pooled.tp + pooled.fp)
            if value > best_value + 1e-12:
                best, best_value = p, value
        return best

    print(f"design batches {design}; settings {[name_of(p) for p in settings]}; base {base}")
    rules_all: list[LabelScore] = []
    chosen_all: list[LabelScore] = []
    for held in design:
        p = choose(held)
        rules, chosen = scorer.score("", None, held, ()), scorer.score("", None, held, p)
        rules_all.append(rules)
        chosen_all.append(chosen)
        print(f"  {held:6} rules {line(rules)} | {name_of(p)} -> {line(chosen)}", flush=True)
    print(f"LOBO rules (main)  {line(LabelScore.total(label, rules_all))}")
    print(f"LOBO choice        {line(LabelScore.total(label, chosen_all))}")
    print("each setting fixed, held-out batches pooled (diagnostic, not a choice):")
    for q in settings:
        fixed = LabelScore.total(label, [scorer.score("", None, b, q) for b in design])
        print(f"  {name_of(q):48} {line(fixed)}")
    if args.fresh:
        scorer.load(args.fresh)
        p = choose(None)
        print(f"fresh batch {args.fresh} (designed without it; choice {name_of(p)}):")
        print(f"  rules (main) {line(scorer.score('', None, args.fresh, ()))}")
        print(f"  choice       {line(scorer.score('', None, args.fresh, p))}")
        for text in args.candidate:
            print(f"  {text:12} {line(scorer.score('', None, args.fresh, _params(text)))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
