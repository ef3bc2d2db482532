"""Leave-one-batch-out for the dialogue-structure role model (issue 9, ninth stop).

    python scripts/lobo_roles_structure.py [--folds dev,open,...] [--c 1.0] [--per-call]
        [--inputs all|structure|...] [--per-call-weight] [--integrated both --margin 2.0
        --relations off,decide --passes 2]

For each held-out batch of ``--folds`` it fits ``callcoach.eval.roles_structure.fit`` (one
row per speaker) on the *other* trainable batches of ``--folds`` (the dev calls are never
fitted: they are scored with a model fitted on every blind batch of ``--folds``), and scores
the held-out calls:

- how well the model ranks the speakers within a call (top speaker a seller; every seller
  above every buyer);
- the decision a user sees, right / refused / wrong (buyer as rep), for a grid of refusal
  margins, for the model alone, and joined with the rules (``roles`` with ``STRUCTURE``
  off): the model *vetoes* a rules' decision it contradicts with at least the margin, and
  *decides* a call the rules refused when every speaker clears the margin (``both``, the
  shipped mode; ``--integrated`` runs it through ``resolve_roles`` itself, with
  ``roles.RELATIONS`` set by ``--relations off,refuse,decide`` and ``RELATION_PASSES`` by
  ``--passes``: the close speakers placed by who answers and introduces whom, tenth stop).

Vectors for the seller-voice score are cached in ``reports/roles_vectors.sqlite``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from callcoach import roles
from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.moment_rows import TRAINABLE
from callcoach.eval.roles_structure import StructCall, fit, load_calls
from callcoach.eval.salescalls import _same_speaker, guess_outcome
from callcoach.nlp import embeddings as _embeddings
from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.roles import STRUCTURE_EXTRA, STRUCTURE_FEATURES, STRUCTURE_RATES

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "reports" / "roles_vectors.sqlite"
DESIGN = DESIGN_BATCHES  # every read batch but the fresh check
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)


def outcome(sellers: set[str] | None, item: StructCall) -> tuple[str, bool]:
    """(right / refused / wrong, a buyer among ``sellers``)."""
    if sellers is None:
        return "refused", False
    buyer = any(_same_speaker(s, p) for s in sellers for p in item.gold.prospects)
    right = len(sellers) == len(item.gold.reps) and all(
        any(_same_speaker(s, g) for s in sellers) for g in item.gold.reps
    )
    return ("right" if right else "wrong"), buyer


def decide(logits: dict[str, float], margin: float) -> set[str] | None:
    """The model's sellers (logit above 0), or None when a speaker is within ``margin`` of
    the boundary or everyone is on one side."""
    if any(abs(v) < margin for v in logits.values()):
        return None
    sellers = {s for s, v in logits.items() if v > 0}
    if not sellers or len(sellers) == len(logits):
        return None
    return sellers


def contradicts(logits: dict[str, float], sellers: set[str], margin: float) -> bool:
    """The model puts a speaker on the other side than ``sellers`` with at least ``margin``."""
    return any(
        (v >= margin and s not in sellers) or (v <= -margin and s in sellers)
        for s, v in logits.items()
    )


def combine(
    mode: str, logits: dict[str, float], reps: set[str] | None, margin: float
) -> set[str] | None:
    """The sellers a joined rule names (None: refused).

    ``alone``: the model at ``margin``; ``both``: the shipped guess unless the model
    contradicts it by ``margin``, the model where the shipped guess refused; ``strict``: the
    model at ``margin`` first, else the shipped guess when the model's sign agrees on every
    speaker."""
    mine = decide(logits, margin)
    if mode == "alone":
        return mine
    if mode == "both":
        if reps is not None:
            return None if contradicts(logits, reps, margin) else reps
        return mine
    if mine is not None:
        return mine
    return reps if reps is not None and not contradicts(logits, reps, 0.0) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", default=",".join(DESIGN))
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument(
        "--inputs",
        default="all",
        help="input sets separated by ';': all, structure, rates, all+rates, or comma lists",
    )
    parser.add_argument("--per-call-weight", action="store_true")
    parser.add_argument("--per-call", action="store_true")
    parser.add_argument(
        "--integrated",
        default="",
        help="also run roles.STRUCTURE in these modes (comma-separated: both, alone) with each "
        "fold's model and the margin --margin, through the shipped resolve_roles",
    )
    parser.add_argument("--margin", type=float, default=0.5)
    parser.add_argument("--passes", default="1", help="roles.RELATION_PASSES runs, e.g. 1,2")
    parser.add_argument(
        "--relations",
        default="off",
        help="roles.RELATIONS for --integrated, comma-separated runs of: off, refuse, decide",
    )
    args = parser.parse_args(argv)
    folds = args.folds.split(",")
    embedder = CachedEmbedder.minilm(CACHE)
    _embeddings.default_embedder = lambda: embedder  # type: ignore[assignment]
    calls = load_calls(folds)
    # The baseline is the rules without the model (the shipped model saw every blind batch).
    roles.STRUCTURE = None
    shipped: dict[str, tuple[set[str] | None, str, bool]] = {}
    for item in calls:
        out = guess_outcome(item.call, item.gold)
        reps = None if out.outcome == "refused" else set(out.guessed_reps)
        shipped[item.gold.id] = (reps, out.outcome, out.buyer_as_rep)
    named = {
        "all": STRUCTURE_FEATURES + STRUCTURE_EXTRA,
        "structure": STRUCTURE_FEATURES,
        "rates": STRUCTURE_FEATURES + STRUCTURE_RATES,
        "all+rates": STRUCTURE_FEATURES + STRUCTURE_RATES + STRUCTURE_EXTRA,
    }
    for spec in args.inputs.split(";"):
        inputs = named.get(spec) or tuple(spec.split(","))
        print(f"\n## inputs {spec}")
        report(calls, folds, inputs, shipped, args)
    for mode in [m for m in args.integrated.split(",") if m]:
        for relations in args.relations.split(","):
            for passes in args.passes.split(","):
                roles.RELATIONS = None if relations == "off" else relations
                roles.RELATION_PASSES = int(passes)
                print(f"relations {relations}, passes {passes}:")
                integrated(calls, folds, mode, args)
    return 0


def integrated(
    calls: Sequence[StructCall], folds: Sequence[str], mode: str, args: argparse.Namespace
) -> None:
    """``roles.STRUCTURE = mode`` with each held-out batch's model, through resolve_roles."""
    counts: Counter[str] = Counter()
    per_batch: dict[str, Counter[str]] = {}
    roles.STRUCTURE = mode
    try:
        for fold in folds:
            train = [c for c in calls if c.batch != fold and c.batch in TRAINABLE]
            model = fit(train, STRUCTURE_FEATURES + STRUCTURE_EXTRA, args.c, args.margin)
            setattr(roles, "load_structure_model", lambda _m=model: _m)  # noqa: B010
            for item in calls:
                if item.batch == fold:
                    out = guess_outcome(item.call, item.gold)
                    counts[out.outcome] += 1
                    counts["buyer"] += out.buyer_as_rep
                    cell = per_batch.setdefault(fold, Counter())
                    cell[out.outcome] += 1
                    cell["buyer"] += out.buyer_as_rep
                    if args.per_call:
                        print(f"  {mode} {item.gold.id[:30]:30} {out.outcome}")
    finally:
        roles.STRUCTURE = None
    print(
        f"integrated {mode} (margin {args.margin}, C {args.c}): "
        f"{counts['right']}/{counts['refused']}/{counts['wrong']} ({counts['buyer']}) | "
        + " ".join(
            f"{b} {c['right']}/{c['refused']}/{c['wrong']}({c['buyer']})"
            for b, c in per_batch.items()
        )
    )


def report(
    calls: Sequence[StructCall],
    folds: Sequence[str],
    inputs: Sequence[str],
    shipped: dict[str, tuple[set[str] | None, str, bool]],
    args: argparse.Namespace,
) -> None:
    logits: dict[str, dict[str, float]] = {}
    coefs = []
    for fold in folds:
        train = [c for c in calls if c.batch != fold and c.batch in TRAINABLE]
        model = fit(train, inputs, args.c, per_call=args.per_call_weight)
        coefs.append(model.coef)
        for item in calls:
            if item.batch == fold:
                logits[item.gold.id] = model.logits({r.speaker: r.values for r in item.rows})
    mean_coef = {f: float(np.mean([c[f] for c in coefs])) for f in inputs}
    print("mean coef: " + ", ".join(f"{f} {v:+.2f}" for f, v in mean_coef.items()))
    top = every = 0
    for item in calls:
        lg = logits[item.gold.id]
        gold_reps = [r.speaker for r in item.rows if r.is_rep]
        buyers = [r.speaker for r in item.rows if not r.is_rep]
        top += max(lg, key=lambda s: lg[s]) in gold_reps
        every += bool(gold_reps and buyers) and min(lg[s] for s in gold_reps) > max(
            lg[s] for s in buyers
        )
    print(f"ranking: top a seller {top}/{len(calls)}, every seller above every buyer {every}")
    base: Counter[str] = Counter()
    for item in calls:
        _, o, b = shipped[item.gold.id]
        base[o] += 1
        base["buyer"] += b
    print(
        f"rules (roles.STRUCTURE off): {base['right']}/{base['refused']}/{base['wrong']}"
        f" ({base['buyer']})"
        "   [right/refused/wrong (buyer as rep)]"
    )
    for m in MARGINS:
        alone: Counter[str] = Counter()
        veto: Counter[str] = Counter()
        fall: Counter[str] = Counter()
        both: Counter[str] = Counter()
        for item in calls:
            lg = logits[item.gold.id]
            reps, _, _ = shipped[item.gold.id]
            mine = decide(lg, m)
            o, b = outcome(mine, item)
            alone[o] += 1
            alone["buyer"] += b
            vetoed = None if reps is None or contradicts(lg, reps, m) else reps
            o, b = outcome(vetoed, item)
            veto[o] += 1
            veto["buyer"] += b
            filled = reps if reps is not None else mine
            o, b = outcome(filled, item)
            fall[o] += 1
            fall["buyer"] += b
            joined = vetoed if reps is not None else mine
            o, b = outcome(joined, item)
            both[o] += 1
            both["buyer"] += b
        cells = [
            f"{k} {c['right']}/{c['refused']}/{c['wrong']} ({c['buyer']})"
            for k, c in (("alone", alone), ("veto", veto), ("fallback", fall), ("both", both))
        ]
        print(f"margin {m:3.1f}: " + " | ".join(cells))
    for m in MARGINS:
        conf: Counter[str] = Counter()
        for item in calls:
            lg = logits[item.gold.id]
            reps, _, _ = shipped[item.gold.id]
            mine = decide(lg, m)
            if mine is None and reps is not None and not contradicts(lg, reps, 0.0):
                mine = reps
            o, b = outcome(mine, item)
            conf[o] += 1
            conf["buyer"] += b
        print(
            f"margin {m:3.1f}: model first, else shipped when the model's sign agrees "
            f"{conf['right']}/{conf['refused']}/{conf['wrong']} ({conf['buyer']})"
        )
    # The margin chosen leave one batch out too: for each held-out batch, the smallest grid
    # margin at which the model alone makes no wrong guess on the other batches.
    modes = ("alone", "both", "strict")
    nested: dict[str, Counter[str]] = {m: Counter() for m in modes}
    chosen = []
    for fold in folds:
        others = [c for c in calls if c.batch != fold]
        m_fold = next(
            (
                m
                for m in MARGINS
                if all(outcome(decide(logits[c.gold.id], m), c)[0] != "wrong" for c in others)
            ),
            MARGINS[-1],
        )
        chosen.append(f"{fold} {m_fold}")
        for item in calls:
            if item.batch != fold:
                continue
            for mode in modes:
                o, b = outcome(
                    combine(mode, logits[item.gold.id], shipped[item.gold.id][0], m_fold), item
                )
                nested[mode][o] += 1
                nested[mode]["buyer"] += b
    # The margin of the joined rule chosen by the joined rule itself: for each held-out batch,
    # the smallest grid margin at which "both" makes no wrong guess the shipped guess does
    # not make on the other batches (and no buyer as the rep).
    nested_both: Counter[str] = Counter()
    picked = []
    for fold in folds:
        others = [c for c in calls if c.batch != fold]

        def adds_no_wrong(m: float, group: Sequence[StructCall] = others) -> bool:
            for c in group:
                o, b = outcome(combine("both", logits[c.gold.id], shipped[c.gold.id][0], m), c)
                if b or (o == "wrong" and shipped[c.gold.id][1] != "wrong"):
                    return False
            return True

        m_fold = next((m for m in MARGINS if adds_no_wrong(m)), MARGINS[-1])
        picked.append(f"{fold} {m_fold}")
        for item in calls:
            if item.batch == fold:
                o, b = outcome(
                    combine("both", logits[item.gold.id], shipped[item.gold.id][0], m_fold), item
                )
                nested_both[o] += 1
                nested_both["buyer"] += b
    print(
        f"nested margin of 'both' ({', '.join(picked)}): {nested_both['right']}/"
        f"{nested_both['refused']}/{nested_both['wrong']} ({nested_both['buyer']})"
    )
    print(f"nested margin ({', '.join(chosen)}):")
    for mode, c in nested.items():
        print(f"  {mode:7} {c['right']}/{c['refused']}/{c['wrong']} ({c['buyer']})")
    if args.per_call:
        for item in calls:
            lg = logits[item.gold.id]
            shown = " ".join(
                f"{r.speaker[:14]}{'*' if r.is_rep else ''} {lg[r.speaker]:+.1f}" for r in item.rows
            )
            print(f"{item.batch:6} {item.gold.id[:34]:34} {shipped[item.gold.id][1]:8} {shown}")


if __name__ == "__main__":
    sys.exit(main())
