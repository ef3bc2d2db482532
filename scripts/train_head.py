"""Train a learned head (callcoach/nlp/heads.py) on invented, labelled sentences.

The training file is JSON Lines, one sentence per line::

    {"text": "We'd have to run it past procurement first.", "label": 1, "group": "fleet-03"}

``label`` is 1 (the sentence is what the head detects) or 0 (it is not: write hard
negatives, sentences that share words with the label but are not it); ``group`` names the
invented scenario the sentence belongs to, so cross-validation never splits a scenario
between training and scoring; ``note`` and any other key are kept for the reader only.
Two optional keys (1.9, issue 9): ``weight``, a positive number that weighs the row in the
fit (a hard negative from ordinary call talk can count three times; default 1), and
``context``, the buyer's turn before the sentence, read by a two-turn head (``--pair``:
features [context; sentence; context × sentence], ``callcoach.nlp.heads.pair_features``).
Training data must be written by us: never copy evaluation sentences (sales calls,
SwDA, AnnoMI, DailyDialog, RESPER …) into it.

Each text is embedded with the shipped MiniLM model. A class-balanced logistic regression
is cross-validated over groups (GroupKFold) for each C of the grid; the C with the best
out-of-fold F1 wins (ties: the smaller C), and the threshold is the one that maximizes
out-of-fold F1 (or, with ``--min-precision``, the lowest whose out-of-fold precision
reaches it). The final head is fitted on every row with that C and written as
``<out>/<name>.head.npz`` + ``.head.json``, which records the training file's SHA-256,
row counts and the cross-validated numbers (mean and spread over folds at the chosen
threshold). A malformed file stops with the file, line and reason.

Usage: python scripts/train_head.py NAME [--data training/heads/NAME.jsonl] [--out DIR]
       [--folds 5] [--c 0.1,0.3,1,3,10] [--min-precision P] [--pair] [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead, pair_features
from callcoach.nlp.linear import MODELS_DIR

ROOT = Path(__file__).resolve().parents[1]
TRAINING_DIR = ROOT / "training" / "heads"
SEED = 17
DEFAULT_C = (0.1, 0.3, 1.0, 3.0, 10.0)


class TrainingDataError(ValueError):
    """A training file that cannot be used, with the file, line and reason in its message."""


@dataclass(frozen=True)
class Rows:
    texts: tuple[str, ...]
    labels: NDArray[np.int64]
    groups: tuple[str, ...]
    sha256: str
    # 1.9: per-row weights (None: every row weighs 1) and the buyer's turn before each
    # sentence (None: no row has one)
    weights: NDArray[np.float64] | None = None
    contexts: tuple[str, ...] | None = None


def read_rows(path: Path) -> Rows:
    """The rows of ``path``; the same text twice must carry the same label (kept once)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TrainingDataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    seen: dict[str, tuple[int, int]] = {}  # text (or context and text) → line, label
    texts: list[str] = []
    labels: list[int] = []
    groups: list[str] = []
    weights: list[float] = []
    contexts: list[str | None] = []
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingDataError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise TrainingDataError(f"{where}: expected an object with text, label and group")
        text, label, group = row.get("text"), row.get("label"), row.get("group")
        if not isinstance(text, str) or not text.strip():
            raise TrainingDataError(f"{where}: 'text' must be a non-empty string")
        if label not in (0, 1) or isinstance(label, bool):
            raise TrainingDataError(f"{where}: 'label' must be 0 or 1, got {label!r}")
        if not isinstance(group, str) or not group.strip():
            raise TrainingDataError(f"{where}: 'group' must be a non-empty string")
        weight = row.get("weight", 1)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not np.isfinite(weight)
            or weight <= 0
        ):
            raise TrainingDataError(f"{where}: 'weight' must be a positive number, got {weight!r}")
        context = row.get("context")
        if context is not None and not isinstance(context, str):
            raise TrainingDataError(f"{where}: 'context' must be a string, got {context!r}")
        key = " ".join(text.split())
        # a two-turn row is its context and sentence: one answer can be a stall after an
        # ask and no stall after a discovery question (no shipped head has contexts yet)
        seen_key = key if context is None else " ".join(context.split()) + "\n" + key
        if seen_key in seen:
            first_line, first_label = seen[seen_key]
            if first_label != label:
                raise TrainingDataError(
                    f"{where}: the same text is labelled {first_label} on line {first_line}"
                )
            continue
        seen[seen_key] = (number, label)
        texts.append(key)
        labels.append(label)
        groups.append(group.strip())
        weights.append(float(weight))
        contexts.append(None if context is None else " ".join(context.split()))
    if not texts:
        raise TrainingDataError(f"{path}: no rows")
    found = set(labels)
    if found != {0, 1}:
        raise TrainingDataError(f"{path}: needs rows labelled 1 and 0, found only {found}")
    digest = hashlib.sha256(raw).hexdigest()
    return Rows(
        tuple(texts),
        np.asarray(labels, dtype=np.int64),
        tuple(groups),
        digest,
        None if all(w == 1.0 for w in weights) else np.asarray(weights, dtype=np.float64),
        None if all(c is None for c in contexts) else tuple(c or "" for c in contexts),
    )


def best_threshold(
    y: NDArray[np.int64], p: NDArray[np.float64], min_precision: float | None
) -> tuple[float, float]:
    """The threshold and its F1 over ``p`` (see the module docstring for the rule)."""
    best = (0.5, -1.0)
    for cut in np.unique(np.round(p, 4)):
        predicted = p >= cut
        tp = int(np.sum(predicted & (y == 1)))
        if tp == 0:
            continue
        precision = tp / int(np.sum(predicted))
        recall = tp / int(np.sum(y == 1))
        f1 = 2 * precision * recall / (precision + recall)
        if min_precision is not None:
            if precision >= min_precision and (best[1] < 0 or cut < best[0]):
                best = (float(cut), f1)
        elif f1 > best[1]:
            best = (float(cut), f1)
    return best


def prf(y: NDArray[np.int64], predicted: NDArray[np.bool_]) -> tuple[float, float, float]:
    tp = int(np.sum(predicted & (y == 1)))
    precision = tp / int(np.sum(predicted)) if predicted.any() else 0.0
    recall = tp / int(np.sum(y == 1)) if (y == 1).any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def cross_validate(
    vectors: NDArray[np.float32],
    rows: Rows,
    c_grid: Sequence[float],
    folds: int,
    min_precision: float | None,
) -> dict[str, object]:
    """Out-of-fold probabilities per C; the winning C, threshold and per-fold numbers."""
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(rows.groups))
    if n_groups < 2:
        raise TrainingDataError("cross-validation needs rows from at least two groups")
    splitter = GroupKFold(n_splits=min(folds, n_groups))
    splits = list(splitter.split(vectors, rows.labels, groups=list(rows.groups)))
    y = rows.labels
    results = []
    for c in c_grid:
        oof = np.zeros(len(y), dtype=np.float64)
        for train, test in splits:
            weights = None if rows.weights is None else rows.weights[train]
            model = _fit(vectors[train], y[train], c, weights)
            oof[test] = model.predict_proba(vectors[test])[:, 1]
        cut, f1 = best_threshold(y, oof, min_precision)
        results.append((f1, -c, c, cut, oof))
    f1, _, c, cut, oof = max(results, key=lambda r: (r[0], r[1]))
    per_fold = [prf(y[test], oof[test] >= cut) for _, test in splits]
    precision, recall, _ = prf(y, oof >= cut)
    f1s = [f for _, _, f in per_fold]
    return {
        "C": c,
        "threshold": cut,
        "cv": {
            "folds": len(splits),
            "grouped_by": "group",
            "f1_pooled": round(f1, 4),
            "precision_pooled": round(precision, 4),
            "recall_pooled": round(recall, 4),
            "f1_fold_mean": round(float(np.mean(f1s)), 4),
            "f1_fold_sd": round(float(np.std(f1s)), 4),
            "f1_fold_min": round(float(np.min(f1s)), 4),
            "f1_by_c": {str(r[2]): round(r[0], 4) for r in results},
            "threshold_rule": (
                "max out-of-fold F1"
                if min_precision is None
                else f"lowest with out-of-fold precision >= {min_precision}"
            ),
        },
    }


def _fit(  # type: ignore[no-untyped-def]
    x: NDArray[np.float32],
    y: NDArray[np.int64],
    c: float,
    weights: NDArray[np.float64] | None = None,
):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, random_state=SEED, solver="lbfgs"
    )
    # without weights the call is the one every shipped head was trained with
    return model.fit(x, y) if weights is None else model.fit(x, y, sample_weight=weights)


def train(
    name: str,
    data: Path,
    c_grid: Sequence[float] = DEFAULT_C,
    folds: int = 5,
    min_precision: float | None = None,
    pair: bool = False,
) -> EmbeddingHead:
    """The head fitted on every row of ``data``, with its cross-validated choice and numbers;
    with ``pair`` a two-turn head on [context; sentence; context × sentence]."""
    import sklearn

    from callcoach.nlp.embeddings import MODEL_SHA256, default_embedder

    rows = read_rows(data)
    embedder = default_embedder()
    vectors = embedder.encode(list(rows.texts))
    if pair:
        if rows.contexts is None:
            raise TrainingDataError(f"{data}: --pair needs a 'context' on the rows")
        vectors = pair_features(embedder.encode(list(rows.contexts)), vectors)
    chosen = cross_validate(vectors, rows, c_grid, folds, min_precision)
    model = _fit(vectors, rows.labels, float(chosen["C"]), rows.weights)  # type: ignore[arg-type]
    try:
        shown = str(data.resolve().relative_to(ROOT))
    except ValueError:
        shown = data.name
    metadata = {
        "C": chosen["C"],
        "cv": chosen["cv"],
        "embedding_model_sha256": MODEL_SHA256,
        "sklearn_version": sklearn.__version__,
        "training_data": shown,
        "training_sha256": rows.sha256,
        "rows": len(rows.texts),
        "positives": int(rows.labels.sum()),
        "groups": len(set(rows.groups)),
        "trained_by": "scripts/train_head.py",
    }
    # only heads that use the 1.9 options record them: every shipped head's JSON is unchanged
    if rows.weights is not None:
        metadata["weighted_rows"] = int(np.sum(rows.weights != 1.0))
    if pair:
        metadata["features"] = PAIR_FEATURES
    return EmbeddingHead(
        name=name,
        coef=np.asarray(model.coef_[0], dtype=np.float32),
        intercept=float(model.intercept_[0]),
        threshold=float(chosen["threshold"]),  # type: ignore[arg-type]
        metadata=metadata,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", help="head name: files <name>.head.npz/.json")
    parser.add_argument("--data", type=Path, help="training JSONL (training/heads/NAME.jsonl)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", default=",".join(str(c) for c in DEFAULT_C), help="C grid")
    parser.add_argument("--min-precision", type=float, default=None)
    parser.add_argument("--pair", action="store_true", help="two-turn head (rows need context)")
    parser.add_argument("--dry-run", action="store_true", help="cross-validate, write nothing")
    args = parser.parse_args(argv)
    data = args.data or TRAINING_DIR / f"{args.name}.jsonl"
    try:
        c_grid = tuple(float(c) for c in args.c.split(","))
        head = train(args.name, data, c_grid, args.folds, args.min_precision, args.pair)
    except (TrainingDataError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cv, meta = head.metadata["cv"], head.metadata
    print(
        f"{args.name}: {meta['rows']} rows ({meta['positives']} positive, "
        f"{meta['groups']} groups); C={meta['C']} threshold={head.threshold:.4f}\n"
        f"  grouped {cv['folds']}-fold CV: F1 {cv['f1_pooled']} pooled "
        f"(P {cv['precision_pooled']} R {cv['recall_pooled']}); per fold "
        f"{cv['f1_fold_mean']} ± {cv['f1_fold_sd']} (min {cv['f1_fold_min']}); "
        f"by C {cv['f1_by_c']}"
    )
    if not args.dry_run:
        for path in head.save(args.out):
            print(f"  wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
