"""Dump the challenge and candor rules' findings and misses on read calls, for offline work.

    python scripts/stance_dump.py --out /tmp/stance.json [--data salescalls] [--also PATH ...]

One record per rule finding (``tp`` true when it matched a gold moment) and per missed gold
moment (``tp`` None), each with its call, batch (the folder), the quote, the whole rep turn
and the buyer's turn before it: what ``scripts/stance_veto.py`` trains and scores vetoes
on, batch by batch. Read calls only (``prepare_read_calls`` refuses a sealed folder).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext
from callcoach.eval.lexicon_loco import prepare_read_calls
from callcoach.eval.moments import score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Finding


def _buyer_before_gold(turns: Any, index: int, reps: tuple[str, ...]) -> str:
    for turn in reversed(turns[:index]):
        if turn.speaker not in reps:
            return str(turn.text)
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[])
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if any("sealed" in part for part in Path(args.data).parts):
        parser.error(f"{args.data}: the sealed blind calls are scored in aggregate only")
    try:
        calls = prepare_read_calls(args.data, args.also)
    except ValueError as error:
        parser.error(str(error))
    records: list[dict[str, Any]] = []
    for c in calls:
        batch = Path(c.gold.path).parent.name
        context = DetectionContext(c.roles)
        texts = {u.id: u.text for u in c.call.utterances}
        order = [u.id for u in c.call.utterances]
        for name in ("challenge", "candor"):
            detector = registry.get(name)()
            found: list[Finding] = detector.rule_findings(c.call, context)  # type: ignore[attr-defined]
            pred = predicted_moments({name: found}, c.roles, c.alignment, [name])
            score = score_label(name, c.gold.moments, pred)
            matched = {id(m.pred.source) for m in score.matches}
            for f in found:
                ev = f.evidence[0]
                i = order.index(ev.utterance_id)
                prev = ""
                for uid in reversed(order[:i]):
                    u = next(x for x in c.call.utterances if x.id == uid)
                    if c.roles.role_of(u.speaker) == "prospect":
                        prev = u.text
                        break
                records.append(
                    {
                        "label": name,
                        "call": c.gold.id,
                        "batch": batch,
                        "tp": id(f) in matched,
                        "rule": str(f.attributes.get("rule", f.attributes.get("kind", ""))),
                        "quote": ev.quote,
                        "turn": texts[ev.utterance_id],
                        "prev": prev,
                    }
                )
            for m in score.misses:
                turns = c.gold.turns
                records.append(
                    {
                        "label": name,
                        "call": c.gold.id,
                        "batch": batch,
                        "tp": None,
                        "rule": "",
                        "quote": m.quote,
                        "turn": turns[m.turn].text,
                        "prev": _buyer_before_gold(turns, m.turn, c.gold.reps),
                    }
                )
    Path(args.out).write_text(json.dumps(records, indent=1), encoding="utf-8")
    print(f"{len(calls)} calls, {len(records)} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
