"""Print ``callcoach eval --data salescalls`` results: tables for people, JSON for tools."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from callcoach.eval.moments import Moment
from callcoach.eval.salescalls import CallResult, summarize_results

__all__ = ["misses_of", "print_salescalls", "salescalls_json"]


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _moment(call_id: str, m: Moment) -> dict[str, Any]:
    return {"call": call_id, "turn": m.turn, "quote": m.quote}


def misses_of(results: Sequence[CallResult]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Per label: gold moments nothing matched ("misses") and unmatched predictions."""
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for r in results:
        for label, s in r.labels.items():
            entry = out.setdefault(label, {"misses": [], "false_alarms": []})
            entry["misses"].extend(_moment(r.id, m) for m in s.misses)
            entry["false_alarms"].extend(_moment(r.id, m) for m in s.false_alarms)
    return out


def salescalls_json(results: Sequence[CallResult], with_misses: bool = True) -> dict[str, Any]:
    summary = summarize_results(results)
    loco = loco_summary(results)
    if loco is not None:
        summary["scorecard_loco"] = loco
    if with_misses:
        summary["misses"] = misses_of(results)
    return summary


def loco_summary(results: Sequence[CallResult]) -> dict[str, Any] | None:
    """Scorecard numbers with the rubric's thresholds chosen on the other calls (LOCO)."""
    from callcoach.eval.rubric_tuning import loco_scorecards

    items = [r.analysed for r in results if r.analysed is not None and r.criteria]
    if len(items) < 3:
        return None
    loco = loco_scorecards(items)
    out: dict[str, Any] = loco.summary()["loco"]
    out["chosen"] = [
        {"call": item.gold.id, **{c: list(k) for c, k in chosen.items()}}
        for item, chosen in zip(items, loco.chosen, strict=True)
    ]
    out["per_call"] = [
        {"call": r.id, "overall": r.overall, "criteria": dict(r.criteria)} for r in loco.results
    ]
    return out


def print_salescalls(
    results: Sequence[CallResult], as_json: bool = False, show_misses: bool = False
) -> None:
    if as_json:
        sys.stdout.write(json.dumps(salescalls_json(results), indent=2, sort_keys=True) + "\n")
        return
    s = summarize_results(results)
    out = Console()
    out.print(f"salescalls: {s['loaded']} of {s['calls']} calls loaded")
    for call_id, why in s["load_failures"].items():
        out.print(f"  {call_id}: {why}")
    table = Table(title="moments (pooled over calls; per-call F1 mean ± sd)")
    for col in ("label", "P", "R", "F1", "tp/fp/fn", "per-call F1", "our findings"):
        table.add_column(col, justify="left" if col in ("label", "our findings") else "right")
    for label, r in s["labels"].items():
        pc = r["per_call_f1"]
        per_call = "—" if pc["mean"] is None else f"{pc['mean']:.2f} ± {pc['sd']:.2f} (n={pc['n']})"
        table.add_row(
            label + (" (turns)" if r["by_turns"] else ""),
            _f(r["precision"]),
            _f(r["recall"]),
            _f(r["f1"]),
            f"{r['tp']}/{r['fp']}/{r['fn']}",
            per_call,
            r["source"],
        )
    out.print(table)
    attrs = Table(title="attributes on matched moments")
    for col in ("attribute", "accuracy", "n"):
        attrs.add_column(col, justify="left" if col == "attribute" else "right")
    for key, a in s["attributes"].items():
        attrs.add_row(key, _f(a["accuracy"]), str(a["n"]))
    out.print(attrs)
    if "scorecard" in s:
        _print_scorecard(out, s["scorecard"], loco_summary(results))
    if "roles" in s:
        r = s["roles"]
        out.print(
            f"roles without --rep: {r['right']} right, {r['refused']} refused, {r['wrong']} wrong"
            f" ({r['buyer_as_rep']} with a buyer as rep), {r['not_loaded']} not loaded,"
            f" of {r['n']} calls"
        )
    if show_misses:
        for label, entry in misses_of(results).items():
            for kind in ("misses", "false_alarms"):
                for m in entry[kind]:
                    out.print(
                        f"{label} {kind[:-2] if kind == 'misses' else 'false alarm'}: "
                        f"{m['call']} turn {m['turn']}: {m['quote']}",
                        soft_wrap=True,
                    )


def _print_scorecard(out: Console, card: Mapping[str, Any], loco: Mapping[str, Any] | None) -> None:
    table = Table(title="scorecard vs the expert's ratings (shipped rubric | LOCO-tuned)")
    for col in ("criterion", "MAE", "Spearman", "MAE LOCO", "Spearman LOCO", "n", "not scored"):
        table.add_column(col, justify="left" if col == "criterion" else "right")
    for name, c in card["criteria"].items():
        lc = (loco or {}).get("criteria", {}).get(name, {})
        table.add_row(
            name,
            _f(c["mae"]),
            _f(c["spearman"]),
            _f(lc.get("mae")),
            _f(lc.get("spearman")),
            str(c["n"]),
            str(c["not_scored"]),
        )
    out.print(table)
    for label, s in (("shipped rubric", card), ("LOCO-tuned", loco)):
        if s is None:
            continue
        out.print(
            f"{label}: criterion MAE {_f(s['criterion_mae'])}; overall Spearman "
            f"{_f(s['overall_spearman'])}; every friend-style call below every expert call: "
            f"{'yes' if s['friend_below_expert'] else 'no'}"
        )
