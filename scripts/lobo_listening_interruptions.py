"""Would the gold interruptions help the listening criterion? (issue 9, stop 37, oracle).

    python scripts/lobo_listening_interruptions.py --cache DIR [--batches dev,open,...]
    python scripts/lobo_listening_interruptions.py --cache DIR --grid [--fresh BATCH]

Read calls only (``tune_rubric._analysed``, gold reps). Per call: the gold interruptions a
rep made on a prospect (a gold ``interruption`` moment on a rep's turn whose previous
other-speaker turn is a prospect's) and the ones we found (listening ``interruption``
findings with a rep interrupter and a prospect interrupted), as counts and per 10 minutes.
Prints each one's Spearman with the expert's listening rating (pooled, and the number of
batches where it is negative within the batch, as fewer interruptions should rate higher),
then the listening criterion as written with our findings and with the gold interruptions
put in their place (the oracle): listening MAE / Spearman and the overall Spearman. Nothing
is fitted (the rubric's interruption thresholds are used as written), so LOBO is the pooled
number. Nothing is written.

``--grid``: the listening detector run again on the cached calls with ``cut_overlap_s`` from
the grid named before scoring (``CUTS``: 0.5 = off, 0.45, 0.4, 0.35, 0.3); the interruption
label (judged by the set of turns, as ``callcoach eval``) per batch, pooled tp/fp/fn per grid
value, and leave-one-batch-out: per held batch the value with the best F1 on the other
batches (ties: the larger, more cautious value). ``--fresh BATCH`` then prints an unread
batch's aggregate tp/fp/fn with the value as written before (0.5) and the one chosen on all
``--batches``; nothing per call.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rubric import _analysed

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.listening import ListeningDetector
from callcoach.eval.lexicon_loco import DESIGN_BATCHES
from callcoach.eval.moments import score_turns
from callcoach.eval.rubric_tuning import score_with
from callcoach.eval.salescalls import CRITERIA, align, predicted_moments, spearman
from callcoach.model import Evidence
from callcoach.scoring import load_rubric


def gold_rep_interruptions(item: Any) -> list[int]:
    """Turn indexes of the gold interruptions by a rep on a prospect."""
    gold = item.gold
    reps = set(gold.reps)
    turns = {t.i: t for t in gold.turns}
    out = []
    for m in gold.moments:
        if m.label != "interruption" or turns[m.turn].speaker not in reps:
            continue
        prev = [t for t in gold.turns if t.i < m.turn and t.speaker != turns[m.turn].speaker]
        if prev and prev[-1].speaker not in reps:
            out.append(m.turn)
    return sorted(set(out))


def found_rep_interruptions(item: Any) -> int:
    reps = set(item.roles.reps)
    return sum(
        1
        for f in item.findings.get("listening", ())
        if f.label == "interruption"
        and f.attributes.get("interrupter") in reps
        and f.attributes.get("interrupted") not in reps
    )


def minutes(item: Any) -> float | None:
    times = [t for u in item.call.utterances for t in (u.start, u.end) if t is not None]
    return (max(times) - min(times)) / 60 if len(times) >= 2 else None


def oracle_item(item: Any) -> Any:
    """``item`` with its listening interruption findings replaced by the gold rep-on-prospect
    ones (each on the first utterance aligned to the gold turn)."""
    aligned = align(item.call, item.gold.turns)
    first: dict[int, Any] = {}
    for u in item.call.utterances:
        placed = aligned.span(Evidence.of(u))
        if placed is not None and placed[0] not in first:
            first[placed[0]] = u
    det = ListeningDetector()
    kept = [f for f in item.findings.get("listening", ()) if f.label != "interruption"]
    for turn in gold_rep_interruptions(item):
        u = first.get(turn)
        if u is None:
            continue
        kept.append(det.finding("interruption", [Evidence.of(u)], 1.0, interrupter=u.speaker))
    findings = dict(item.findings)
    findings["listening"] = tuple(kept)
    return dataclasses.replace(item, findings=findings)


CUTS = (0.5, 0.45, 0.4, 0.35, 0.3)


def interruption_counts(items: list[Any], cut: float) -> tuple[int, int, int]:
    """Pooled tp/fp/fn of the interruption label with the detector at ``cut_overlap_s``."""
    det = ListeningDetector(cut_overlap_s=cut)
    tp = fp = fn = 0
    for item in items:
        found = tuple(det.detect(item.call, DetectionContext(item.roles, item.findings)))
        findings = dict(item.findings)
        findings["listening"] = found
        pred = predicted_moments(
            findings, item.roles, align(item.call, item.gold.turns), ["interruption"]
        )
        s = score_turns("interruption", item.gold.moments, pred)
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
    return tp, fp, fn


def f1(c: tuple[int, int, int]) -> float:
    return 2 * c[0] / (2 * c[0] + c[1] + c[2]) if c[0] else 0.0


def fmt(c: tuple[int, int, int]) -> str:
    return f"{c[0]}/{c[1]}/{c[2]} (F1 {f1(c):.3f})"


def grid(batches: list[str], cache: str, fresh: str | None) -> int:
    per = {b: {cut: interruption_counts(_analysed(b, cache), cut) for cut in CUTS} for b in batches}
    total = {cut: tuple(sum(per[b][cut][i] for b in batches) for i in range(3)) for cut in CUTS}
    print("| cut_overlap_s | pooled tp/fp/fn |")
    print("|---|---|")
    for cut in CUTS:
        print(f"| {cut} | {fmt(total[cut])} |")  # type: ignore[arg-type]
    lobo = [0, 0, 0]
    chosen = []
    for held in batches:
        train = {
            cut: tuple(sum(per[b][cut][i] for b in batches if b != held) for i in range(3))
            for cut in CUTS
        }
        best = max(CUTS, key=lambda c: (f1(train[c]), c))  # type: ignore[arg-type]
        chosen.append(best)
        lobo = [lobo[i] + per[held][best][i] for i in range(3)]
    print(f"LOBO: before {fmt(total[0.5])} -> after {fmt(tuple(lobo))}")  # type: ignore[arg-type]
    print(f"chosen per fold: {dict(zip(batches, chosen, strict=True))}")
    if fresh:
        best = max(CUTS, key=lambda c: (f1(total[c]), c))  # type: ignore[arg-type]
        items = _analysed(fresh, cache)
        before, after = interruption_counts(items, 0.5), interruption_counts(items, best)
        print(f"fresh {fresh}: 0.5 {fmt(before)} -> {best} {fmt(after)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    parser.add_argument("--cache", required=True, metavar="DIR")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--fresh", metavar="BATCH")
    args = parser.parse_args(argv)
    if args.grid:
        return grid(args.batches.split(","), args.cache, args.fresh)
    rubric = load_rubric("expert-not-friend")
    rows = []
    for b in args.batches.split(","):
        for item in _analysed(b, args.cache):
            gold = item.gold.criteria.get("listening")
            if gold is None:
                continue
            mins = minutes(item)
            g, f = len(gold_rep_interruptions(item)), found_rep_interruptions(item)
            ours, orc = score_with(rubric, item), score_with(rubric, oracle_item(item))
            rows.append(
                {
                    "batch": b,
                    "gold": float(gold),
                    "gold_n": float(g),
                    "found_n": float(f),
                    "gold_rate": None if not mins else 10 * g / mins,
                    "found_rate": None if not mins else 10 * f / mins,
                    "ours": ours,
                    "oracle": orc,
                }
            )
    print(f"{len(rows)} calls with a listening rating")
    timed = [r for r in rows if r["gold_rate"] is not None]
    print(
        f"timed calls: {len(timed)}; gold rep-on-prospect interruptions "
        f"{sum(r['gold_n'] for r in rows):.0f}, found {sum(r['found_n'] for r in rows):.0f}"
    )
    print(
        f"calls with a gold one: {sum(r['gold_n'] > 0 for r in rows)}, "
        f"with a found one: {sum(r['found_n'] > 0 for r in rows)}"
    )
    print("| signal | Spearman with gold listening (n) | batches with within-batch rho < 0 / > 0 |")
    print("|---|---:|---|")
    for name in ("gold_n", "found_n", "gold_rate", "found_rate"):
        ps = [(r[name], r["gold"]) for r in rows if r[name] is not None]
        rho = spearman([p for p, _ in ps], [g for _, g in ps])
        neg = pos = 0
        for b in {r["batch"] for r in rows}:
            bp = [(r[name], r["gold"]) for r in rows if r["batch"] == b and r[name] is not None]
            br = spearman([p for p, _ in bp], [g for _, g in bp])
            neg += br is not None and br < 0
            pos += br is not None and br > 0
        print(f"| {name} | {rho if rho is None else round(rho, 3)} ({len(ps)}) | {neg} / {pos} |")
    for key in ("ours", "oracle"):
        pairs = [
            (r[key].criteria["listening"], r["gold"])
            for r in rows
            if r[key].criteria.get("listening") is not None
        ]
        mae = statistics.fmean(abs(p - g) for p, g in pairs)
        rho = spearman([p for p, _ in pairs], [g for _, g in pairs])
        errs = [
            abs(r[key].criteria[c] - r[key].gold_criteria[c])
            for r in rows
            for c in CRITERIA
            if r[key].criteria.get(c) is not None and r[key].gold_criteria.get(c) is not None
        ]
        ov = [(r[key].overall, r["ours"].gold_overall) for r in rows]
        ov = [(p, g) for p, g in ov if p is not None and g is not None]
        orho = spearman([p for p, _ in ov], [g for _, g in ov])
        print(
            f"{key}: listening MAE {mae:.3f} Spearman {rho:.3f} (n {len(pairs)}); "
            f"all-criteria MAE {statistics.fmean(errs):.3f}; overall Spearman {orho:.3f}"
        )
    changed = sum(
        r["ours"].criteria.get("listening") != r["oracle"].criteria.get("listening") for r in rows
    )
    print(f"calls whose listening score the oracle moves: {changed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
