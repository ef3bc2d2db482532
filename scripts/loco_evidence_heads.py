"""Leave-one-call-out choice of how the evidence detectors combine rules and learned heads.

    python scripts/loco_evidence_heads.py [--data PATH] [--also PATH ...] [--detector NAME]

The heads (``callcoach/detectors/models/<name>.head.*``) are trained only on invented
sentences (``training/heads/``), so the annotated calls are an external test of them. For
each detector a grid of head settings is scored on every call: rules alone, the head alone
(at its own cross-validated threshold and at a few others), the head as a veto on rule
findings, the head adding what the rules passed over, and both. For each held-out call the
setting with the best pooled F1 on the other calls is chosen (the earlier, simpler setting
wins a tie) and the held-out call is scored with it. Prints, per detector, every setting's
in-sample score, the head alone, and the leave-one-call-out choice with how often each
setting was picked.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors import quantified_pain, summarize
from callcoach.detectors._memo import LastCall
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.self_talk import SelfTalkDetector
from callcoach.eval.lexicon_loco import PreparedCall, prepare_read_calls
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.nlp.embeddings import default_embedder
from callcoach.nlp.heads import load_head


class CachingEmbedder:
    """The shipped embedder with every vector kept, so a grid embeds each text once."""

    def __init__(self) -> None:
        self._inner = default_embedder()
        self._cache: dict[str, NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            self._cache.update(zip(todo, self._inner.encode(todo), strict=True))
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def _grid(detector: str, own: float) -> list[tuple[str, dict[str, Any]]]:
    """(name, params) settings, simplest first: rules, veto, add, both, head alone."""
    if detector == "quantified_pain":
        lo, hi = "head_veto", "head_add"
    elif detector == "summarize":
        lo, hi = "head_demote", "head_promote"
    else:
        lo, hi = "head_veto", "head_add"
    vetoes = (0.1, 0.2, 0.3, 0.4, 0.5)
    if detector == "self_talk":  # the head only vetoes self_talk moments
        return [("rules", {"head_veto": 0.0})] + [
            (f"veto<{v}", {"head_veto": v}) for v in (*vetoes, 0.6, round(own, 4))
        ]
    adds = (0.95, 0.9, 0.8, 0.7, 0.6)
    grid: list[tuple[str, dict[str, Any]]] = [("rules", {})]
    grid += [(f"veto<{v}", {lo: v}) for v in vetoes]
    grid += [(f"add>={a}", {hi: a}) for a in adds]
    grid += [(f"veto<{v}+add>={a}", {lo: v, hi: a}) for v in vetoes for a in adds if a > v]
    for t in sorted({round(own, 4), 0.3, 0.4, 0.5, 0.6, 0.7}):
        grid.append((f"head-only@{t}", {lo: t, hi: t}))
    # Every setting names every switch (the shipped defaults may have the head on).
    off = {lo: 0.0, hi: 1.01}
    if detector == "summarize":  # 1.8: uncued echoes are confirmed by the head too
        off["head_add"] = 1.01
    if detector == "quantified_pain":  # this script judges the invented-rows head (1.12)
        off["head_name"] = quantified_pain.HEAD_NAME
    grid = [(name, off | params) for name, params in grid]
    if detector == "quantified_pain":
        base = grid[1:]
        grid = [(n + " /sentence", {**p, "head_unit": "sentence"}) for n, p in grid]
        grid[0] = ("rules", grid[0][1])
        for unit in ("clause", "either"):
            grid += [(f"{n} /{unit}", {**p, "head_unit": unit}) for n, p in base]
    return grid


def _detector(detector: str, params: dict[str, Any]) -> Detector:
    if detector == "quantified_pain":
        return quantified_pain.QuantifiedPainDetector(**params)
    if detector == "summarize":
        return summarize.SummarizeDetector(**params)
    return SelfTalkDetector(**params)


def setting_scores(
    detector: str, calls: Sequence[PreparedCall], embedder: CachingEmbedder
) -> list[tuple[str, list[LabelScore]]]:
    own = load_head(detector).threshold
    out = []
    for name, params in _grid(detector, own):
        det = _detector(detector, params)
        per_call = []
        for c in calls:
            summarize._LAST_PLAN = LastCall()
            found = det.detect(c.call, DetectionContext(c.roles, embedder=embedder))
            pred = predicted_moments({detector: found}, c.roles, c.alignment, [detector])
            per_call.append(score_label(detector, c.gold.moments, pred))
        out.append((name, per_call))
    return out


def loco(scores: list[tuple[str, list[LabelScore]]], label: str) -> dict[str, Any]:
    chosen: list[LabelScore] = []
    picks: Counter[str] = Counter()
    n = len(scores[0][1])
    for held in range(n):
        best_name, best_scores, best_f1 = "", scores[0][1], -1.0
        for name, per_call in scores:
            f1 = LabelScore.total(label, [s for i, s in enumerate(per_call) if i != held]).f1
            if f1 > best_f1 + 1e-9:
                best_name, best_scores, best_f1 = name, per_call, f1
        chosen.append(best_scores[held])
        picks[best_name] += 1
    return {"loco": LabelScore.total(label, chosen).counts(), "picks": dict(picks.most_common())}


def _line(name: str, c: dict[str, Any]) -> str:
    return (
        f"  {name:22} P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f}"
        f"  ({c['tp']}/{c['fp']}/{c['fn']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[], metavar="PATH")
    parser.add_argument(
        "--detector", action="append", choices=["quantified_pain", "summarize", "self_talk"]
    )
    args = parser.parse_args(argv)
    calls = prepare_read_calls(args.data, args.also)
    embedder = CachingEmbedder()
    for detector in args.detector or ["quantified_pain", "summarize"]:
        scores = setting_scores(detector, calls, embedder)
        print(f"{detector} ({len(calls)} calls; head threshold {load_head(detector).threshold})")
        for name, per_call in scores:
            print(_line(name, LabelScore.total(detector, per_call).counts()))
        result = loco(scores, detector)
        print(_line("LOCO choice", result["loco"]))
        print(f"  picked: {result['picks']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
