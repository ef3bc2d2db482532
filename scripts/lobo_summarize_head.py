"""Leave-one-batch-out (LOBO) check of a summarize head retrained on seven writers' labels.

    python scripts/lobo_summarize_head.py [--train open,...,open20] [--score dev,open,...]
                                          [--features sentence,pair] [--only TEXT]
                                          [--save BATCHES]

The shipped summarize head (``summarize.head``) was trained on invented rows only. This
script retrains it on those rows **plus** the rep sentences of the opened blind calls
(``callcoach.eval.moment_rows.sentence_rows``, read at training time, never copied into a
file): a sentence is a positive when a gold ``summarize`` moment covers it. For each scored
batch the head is fitted without that batch (the dev calls are scored, never trained on),
the summarize detector is run on the batch's calls with that head, and the findings are
scored against the gold moments beside the shipped head on the same calls (gold roles).

``--features pair`` reads each sentence with the other speaker's turn before it
(``previous``: a summary plays back what the prospect just said; ``heads.pair_features``);
invented rows carry no such turn and are read with an empty one. Settings (``SETTINGS``):
the detector's shipped parameters, and reflections promoted to summaries at a head
probability (the head then decides between a restatement and a playback), and uncued
restatements (summarize 1.8.3, off as shipped) confirmed by the retrained head while every
other use keeps the shipped one; ``--only TEXT`` scores only the settings naming it. ``--save B``
fits the head on the listed batches and writes it to ``callcoach/detectors/models``,
recording the batches in the head's JSON. docs/evaluation/summarize.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from callcoach.detectors import summarize
from callcoach.detectors._memo import LastCall
from callcoach.detectors.base import DetectionContext
from callcoach.eval.lexicon_loco import READ_BATCHES, PreparedCall, prepare_read_calls
from callcoach.eval.moment_rows import TRAINABLE, sentence_rows
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.nlp.embeddings import MODEL_SHA256, default_embedder
from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead, load_head, pair_features

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import train_head  # noqa: E402  (a script beside this one: its cross-validation and fit)

LABEL = "summarize"
INVENTED = ROOT / "training" / "heads" / "summarize.jsonl"
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("shipped params", {}),
    ("promote>=0.9", {"head_promote": 0.9}),
    ("promote>=0.8", {"head_promote": 0.8}),
    ("echo add>=0.7", {"head_add": 0.7}),
    ("demote<0.1", {"head_demote": 0.1}),
    (
        "demote<0.1 promote>=0.7 echo add>=0.7",
        {"head_demote": 0.1, "head_promote": 0.7, "head_add": 0.7},
    ),
]
#: Uncued restatements (summarize 1.8.3, off as shipped) confirmed by the retrained head,
#: every other use of a head left to the shipped one (``run``).
SETTINGS += [
    (
        f"restate sim>={t} prospect>={x} head>={h}",
        {
            "restate_min_similarity": t,
            "restate_min_prospect": x,
            "restate_min_words": 6,
            "restate_head": h,
        },
    )
    for t in (0.4, 0.5)
    for x in (0.4, 0.5)
    for h in (0.5, 0.7, 0.8, 0.9)
]


def training_rows(
    batches: Sequence[str], pair: bool, invented_rows: bool = True
) -> tuple[train_head.Rows, list[str]]:
    """Invented rows (unless ``invented_rows`` is False) plus the rep sentences of
    ``batches`` (group = call id)."""
    invented = train_head.read_rows(INVENTED)
    texts, labels, groups = list(invented.texts), list(invented.labels), list(invented.groups)
    if not invented_rows:
        texts, labels, groups = [], [], []
    contexts = [""] * len(texts)
    digest = hashlib.sha256(invented.sha256.encode())
    for row in sentence_rows(batches):
        if not row.is_rep:
            continue
        texts.append(row.text)
        labels.append(int(LABEL in row.labels))
        groups.append(row.call)
        contexts.append(row.previous)
        digest.update(f"{row.call}\t{row.turn}\t{row.text}\t{int(LABEL in row.labels)}".encode())
    rows = train_head.Rows(
        tuple(texts),
        np.asarray(labels, dtype=np.int64),
        tuple(groups),
        digest.hexdigest(),
        None,
        tuple(contexts) if pair else None,
    )
    return rows, list(batches)


def fit(rows: train_head.Rows, pair: bool, cv: bool = False) -> EmbeddingHead:
    embedder = default_embedder()
    vectors = embedder.encode(list(rows.texts))
    if pair:
        assert rows.contexts is not None
        vectors = pair_features(embedder.encode(list(rows.contexts)), vectors)
    if cv:
        chosen = train_head.cross_validate(vectors, rows, train_head.DEFAULT_C, 5, None)
        c, cut, meta = float(chosen["C"]), float(chosen["threshold"]), chosen["cv"]  # type: ignore[arg-type]
    else:
        c, cut, meta = 1.0, 0.5, None
    model = train_head._fit(vectors, rows.labels, c)
    metadata: dict[str, Any] = {"C": c, "cv": meta}
    if pair:
        metadata["features"] = PAIR_FEATURES
    return EmbeddingHead(
        name="summarize",
        coef=np.asarray(model.coef_[0], dtype=np.float32),
        intercept=float(model.intercept_[0]),
        threshold=cut,
        metadata=metadata,
    )


def run(
    calls: Sequence[PreparedCall], head: EmbeddingHead, params: dict[str, Any]
) -> list[LabelScore]:
    embedder = default_embedder()
    original, original_restate = summarize.load_head, summarize._restate_head
    if "restate_head" in params:
        summarize._restate_head = lambda: head
    else:
        summarize.load_head = lambda name: head  # type: ignore[assignment]
    try:
        det = summarize.SummarizeDetector(**params)
        out = []
        for c in calls:
            summarize._LAST_PLAN = LastCall()
            found = det.detect(c.call, DetectionContext(c.roles, embedder=embedder))
            pred = predicted_moments({LABEL: found}, c.roles, c.alignment, [LABEL])
            out.append(score_label(LABEL, c.gold.moments, pred))
        return out
    finally:
        summarize.load_head = original
        summarize._restate_head = original_restate


def _cell(s: LabelScore) -> str:
    return f"{s.f1:.2f} P{s.precision:.2f} ({s.tp}/{s.fp}/{s.fn})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", default=",".join(TRAINABLE))
    parser.add_argument("--score", default="")
    parser.add_argument("--features", default="sentence,pair")
    parser.add_argument(
        "--calls-only",
        action="store_true",
        help="train on the blind calls' rows alone (the invented rows have no turn before them)",
    )
    parser.add_argument("--only", default="", help="score only the settings naming this")
    parser.add_argument("--save", default="", metavar="BATCHES")
    parser.add_argument("--save-features", default="sentence")
    args = parser.parse_args(argv)
    if args.save:
        pair = args.save_features == "pair"
        batches = [b for b in args.save.split(",") if b]
        rows, used = training_rows(batches, pair)
        head = fit(rows, pair, cv=True)
        meta = dict(head.metadata)
        meta.update(
            {
                "embedding_model_sha256": MODEL_SHA256,
                "sklearn_version": sklearn.__version__,
                "training_data": "training/heads/summarize.jsonl + sentence_rows("
                + ",".join(used)
                + ")",
                "training_batches": used,
                "training_sha256": rows.sha256,
                "rows": len(rows.texts),
                "positives": int(rows.labels.sum()),
                "groups": len(set(rows.groups)),
                "trained_by": "scripts/lobo_summarize_head.py",
            }
        )
        EmbeddingHead(head.name, head.coef, head.intercept, head.threshold, meta).save()
        print(json.dumps(meta, indent=1, default=str))
        return 0
    train = [b for b in args.train.split(",") if b]
    scored = [b for b in (args.score.split(",") if args.score else ["dev", *train]) if b]
    calls: dict[str, list[PreparedCall]] = {b: prepare_read_calls(READ_BATCHES[b]) for b in scored}
    shipped = load_head("summarize")
    table: dict[str, dict[str, list[LabelScore]]] = {}
    for b in scored:
        table[f"main/{b}"] = {"main": run(calls[b], shipped, {})}
    for features in args.features.split(","):
        pair = features == "pair"
        for b in scored:
            rows, _ = training_rows([t for t in train if t != b], pair, not args.calls_only)
            head = fit(rows, pair)
            for name, params in SETTINGS:
                if args.only and args.only not in name:
                    continue
                table.setdefault(f"{features} {name}", {})[b] = run(calls[b], head, params)
    main_row = {b: table[f"main/{b}"]["main"] for b in scored}
    rows_out: dict[str, dict[str, list[LabelScore]]] = {"main (shipped head)": main_row}
    rows_out.update({k: v for k, v in table.items() if not k.startswith("main/")})
    print("| setting | " + " | ".join(scored) + " | pooled |")
    print("|---|" + "---|" * (len(scored) + 1))
    for name, per in rows_out.items():
        cells = [_cell(LabelScore.total(LABEL, per[b])) for b in scored]
        pooled = LabelScore.total(LABEL, [s for b in scored for s in per[b]])
        print(f"| {name} | " + " | ".join(cells) + f" | {_cell(pooled)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
