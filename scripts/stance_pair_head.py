"""Offline check of a two-turn (context) stance head against sentence heads (issue 9, 1.9).

    python scripts/stance_pair_head.py [--also PATH ...] [--weight W] [--json]

Trains, on the invented two-turn exchange sets written by earlier rounds
(``tests/data/stance``: design, heldout, F–J; never K), a challenge and a candor head on
the rep sentence alone and on [buyer turn; sentence; product] (``train_head.py --pair``),
with the sets' ``none`` rows weighed ``--weight`` times (hard negatives). Each head then
scores the candidate rep sentences of the read sales calls (``stance.head_candidates``,
the buyer's turn before each as context); a candidate is positive when, quoted alone, it
matches a gold moment of the label. Prints each head's candidate AUC beside the shipped
sentence head's. Nothing is written to the package: this is the measurement behind
docs/evaluation/stance.md's two-turn section. Pass the open blind folders with ``--also``
(28 calls: dev, open, open2, open3, open4); never a sealed folder.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stance import head_candidates
from callcoach.eval.lexicon_loco import PreparedCall, prepare_read_calls
from callcoach.eval.moments import score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Evidence, Finding
from callcoach.nlp.embeddings import default_embedder
from callcoach.nlp.heads import EmbeddingHead, load_head, pair_features

ROOT = Path(__file__).resolve().parents[1]
SETS = ("design", "heldout", "heldout_f", "heldout_g", "heldout_h", "heldout_i", "heldout_j")


def _train_head_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_head", ROOT / "scripts" / "train_head.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_head"] = module
    spec.loader.exec_module(module)
    return module


def _set_rows(label: str, weight: float) -> list[dict[str, Any]]:
    """The sets' rep rows as training rows (group: the set and its industry)."""
    rows = []
    for name in SETS:
        for line in (ROOT / "tests" / "data" / "stance" / f"{name}.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row.get("speaker") != "rep":
                continue
            positive = row["label"] == label
            out: dict[str, Any] = {
                "text": row["text"],
                "label": int(positive),
                "group": f"{name}:{row.get('industry', '')}",
                "context": row.get("prev", ""),
            }
            if row["label"] == "none" and weight != 1.0:
                out["weight"] = weight
            rows.append(out)
    return rows


def _candidates(
    calls: list[PreparedCall], label: str
) -> tuple[list[str], list[str], NDArray[np.int64]]:
    """Every candidate sentence of the calls, the buyer's turn before it, and whether it
    matches a gold ``label`` moment when quoted alone."""
    texts: list[str] = []
    contexts: list[str] = []
    gold: list[int] = []
    for c in calls:
        context = DetectionContext(c.roles)
        buyer = ""
        last_buyer: dict[str, str] = {}
        for u in c.call.utterances:
            last_buyer[u.id] = buyer
            if c.roles.role_of(u.speaker) == "prospect":
                buyer = u.text
        for s in head_candidates(c.call, context):
            finding = Finding(
                detector=label,
                version="0",
                label=label,
                confidence=1.0,
                evidence=(Evidence.of(s.utterance, s.start, s.end),),
            )
            pred = predicted_moments({label: [finding]}, c.roles, c.alignment, [label])
            texts.append(s.text)
            contexts.append(last_buyer[s.utterance.id])
            gold.append(int(score_label(label, c.gold.moments, pred).tp > 0))
    return texts, contexts, np.asarray(gold, dtype=np.int64)


def _auc(y: NDArray[np.int64], p: NDArray[np.float64]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="salescalls")
    parser.add_argument("--also", action="append", default=[])
    parser.add_argument("--weight", type=float, default=3.0, help="weight of the none rows")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        calls = prepare_read_calls(args.data, args.also)
    except ValueError as error:
        parser.error(str(error))
    train_head = _train_head_module()
    embedder = default_embedder()
    out: dict[str, Any] = {}
    for label in ("challenge", "candor"):
        texts, contexts, y = _candidates(calls, label)
        sent = embedder.encode(texts)
        ctx = embedder.encode([c or " " for c in contexts])
        result: dict[str, Any] = {"candidates": len(texts), "positives": int(y.sum())}
        result["shipped sentence head"] = _auc(y, load_head(label).predict_proba(sent))
        for weight in (1.0, args.weight):
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{label}.jsonl"
                rows = _set_rows(label, weight)
                path.write_text("".join(json.dumps(r) + "\n" for r in rows))
                for pair in (False, True):
                    head: EmbeddingHead = train_head.train(label, path, pair=pair)
                    features = pair_features(ctx, sent) if pair else sent
                    key = f"sets {'pair' if pair else 'sentence'} head, none ×{weight:g}"
                    result[key] = _auc(y, head.predict_proba(features))
                    result[key + " (CV F1 on the sets)"] = head.metadata["cv"]["f1_pooled"]
        out[label] = result
    if args.json:
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    for label, result in out.items():
        print(f"{label}: {result['candidates']} candidates, {result['positives']} gold")
        for key, value in result.items():
            if key not in ("candidates", "positives"):
                print(f"  {key:48s} {value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
