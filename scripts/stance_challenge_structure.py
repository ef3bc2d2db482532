"""What the buyer said before a challenge finding: does dialogue structure separate hits from
false alarms on writers the rules were not designed on? (1.15, issue 9)

    python scripts/stance_challenge_structure.py [--batches dev,open,...,open9]

For every finding of the shipped challenge detector on the read batches, whether it matches a
gold challenge (half the shorter span's words shared, as the eval matches) and the structural
readings of the buyer's turns before it:

- ``claim1``: ``stance.follows_claim`` (the buyer's last turn states a belief or plan, or a
  short reply hands the floor back to one);
- ``claim3``: any of the buyer's last three turns states one (``is_claim``);
- ``sim1`` / ``sim3``: cosine of the finding's quote with ``head_context`` / the best of the
  buyer's last three turns (the shipped MiniLM embedding);
- ``shared3``: content words the quote shares with the buyer's last three turns;
- ``first``: the finding opens its rep turn (no earlier challenge finding in the turn).

Per batch and pooled, each reading's keep-rate on hits and on false alarms, and what a gate
"keep only findings where the reading holds" would score (F1 with the misses of the
rules). Aggregates only for a ``--fresh`` batch. Never a sealed set; reads only read batches.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stance import (
    _SHORT_REPLY,
    _content,
    _words,
    buyer_turns_before,
    follows_claim,
    is_claim,
)
from callcoach.eval.lexicon_loco import DESIGN_BATCHES, READ_BATCHES, prepare_read_calls
from callcoach.eval.moments import match_moments
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Call, Finding
from callcoach.nlp.embeddings import default_embedder

HISTORY = 3


def readings(
    call: Call, context: DetectionContext, finding: Finding, quote: str, embed: Any
) -> dict[str, Any]:
    buyer = buyer_turns_before(call, context, finding)
    last = buyer[-HISTORY:]
    ctx = ""
    for turn in reversed(last):
        if len(_words(turn)) > _SHORT_REPLY:
            ctx = turn
            break
    if not ctx and buyer:
        ctx = buyer[-1]
    q = embed(quote)
    sims = [float(q @ embed(t)) for t in last] if last else [0.0]
    qc = _content(_words(quote))
    shared = len(qc & set().union(*[_content(_words(t)) for t in last])) if last else 0
    return {
        "claim1": follows_claim(call, context, finding),
        "claim3": any(is_claim(t) for t in last),
        "sim1": float(q @ embed(ctx)) if ctx else 0.0,
        "sim3": max(sims),
        "shared3": shared,
    }


def run(batches: Sequence[str]) -> dict[str, Any]:
    embedder = default_embedder()
    cache: dict[str, np.ndarray] = {}

    def embed(text: str) -> np.ndarray:
        if text not in cache:
            v = embedder.encode([text])[0]
            cache[text] = v / (np.linalg.norm(v) or 1.0)
        return cache[text]

    detector = registry.get("challenge")()
    rows: list[dict[str, Any]] = []
    misses: dict[str, int] = {}
    for b in batches:
        misses[b] = 0
        for c in prepare_read_calls(READ_BATCHES[b]):
            context = DetectionContext(c.roles, embedder=embedder)
            found = detector.detect(c.call, context)
            gold = [m for m in c.gold.moments if m.label == "challenge"]
            pred = predicted_moments({"challenge": found}, c.roles, c.alignment, ["challenge"])
            pairs = match_moments(gold, pred)
            hit = {id(m.pred) for m in pairs}
            misses[b] += len(gold) - len(pairs)
            seen_turns: set[int] = set()
            for m in sorted(pred, key=lambda m: (m.turn, m.start)):
                f = m.source
                r = readings(c.call, context, f, m.quote or "", embed)
                r["first"] = m.turn not in seen_turns
                seen_turns.add(m.turn)
                r.update(batch=b, call=c.gold.id, hit=id(m) in hit, rule=f.attributes.get("rule"))
                rows.append(r)
    return {"rows": rows, "misses": misses}


def summary(rows: list[dict[str, Any]], misses: int) -> dict[str, Any]:
    tp = sum(r["hit"] for r in rows)
    fp = len(rows) - tp

    def f1(t: int, f: int) -> str:
        p = t / (t + f) if t + f else 0.0
        rr = t / (tp + misses) if tp + misses else 0.0
        return f"{2 * p * rr / (p + rr) if p + rr else 0.0:.2f} ({t}/{f}/{tp + misses - t})"

    out: dict[str, Any] = {"rules": f1(tp, fp)}
    gates = {
        "claim1": lambda r: r["claim1"],
        "claim3": lambda r: r["claim3"],
        "first": lambda r: r["first"],
        **{f"sim1>={t}": (lambda r, t=t: r["sim1"] >= t) for t in (0.1, 0.2, 0.3, 0.4)},
        **{f"sim3>={t}": (lambda r, t=t: r["sim3"] >= t) for t in (0.1, 0.2, 0.3, 0.4)},
        **{f"shared3>={n}": (lambda r, n=n: r["shared3"] >= n) for n in (1, 2, 3)},
    }
    for name, keep in gates.items():
        t = sum(1 for r in rows if r["hit"] and keep(r))
        f = sum(1 for r in rows if not r["hit"] and keep(r))
        out[name] = f1(t, f)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ",".join(DESIGN_BATCHES)
    parser.add_argument("--batches", default=default)
    parser.add_argument("--fresh", help="one more read batch, aggregates only")
    parser.add_argument("--rows", action="store_true", help="print each finding's readings")
    args = parser.parse_args(argv)
    batches = [b for b in args.batches.split(",") if b]
    result = run(batches)
    rows, misses = result["rows"], result["misses"]
    out: dict[str, Any] = {
        "pooled (blind)": summary(
            [r for r in rows if r["batch"] != "dev"],
            sum(v for k, v in misses.items() if k != "dev"),
        ),
        "pooled (all)": summary(rows, sum(misses.values())),
    }
    for b in batches:
        out[b] = summary([r for r in rows if r["batch"] == b], misses[b])
    if args.fresh:
        fresh = run([args.fresh])
        out[f"{args.fresh} (fresh, aggregates)"] = summary(
            fresh["rows"], fresh["misses"][args.fresh]
        )
    if args.rows:
        out["rows"] = [{k: v for k, v in r.items()} for r in rows]
    sys.stdout.write(json.dumps(out, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
