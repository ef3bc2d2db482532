"""Train the sentence-boundary model that cuts unpunctuated (ASR) turns into units.

Data: MRDA (CC BY 4.0) only. Consecutive rows of one speaker form a run-on "turn"; every
row is lower-cased with its punctuation removed (as ASR text arrives), and the gap after a
row that the speaker continues past is a boundary ("yes"); every other gap between two
words is "no". Features: ``callcoach.nlp.sentences.boundary_features`` (words either side
of the gap, hashed). SwDA, DailyDialog and AnnoMI are NC-licensed or unlicensed and are
never used here.

Protocol: k-fold cross-validation over whole conversations of MRDA train+dev (folds by
``callcoach.eval.crossval.fold_of``): each fold's model is trained on the other folds and
scored on it; the decision threshold is the one with the best F1 over the pooled
out-of-fold probabilities, and the per-fold F1 at that threshold is stored with the model.
The shipped model is then trained on MRDA train (dev stays out, like the question model).

With ``--extra casino --extra persuasionforgood`` the model also learns from typed chat
(CC BY 4.0 and Apache-2.0): in every train+dev message whose writer ended each sentence
with ".", "?" or "!", lower-cased and stripped like ASR text, the gap after a sentence that
the message goes on past is a boundary and every other gap is not. The chat gaps join every
fit (the CV folds' too) and are never scored: the CV and the threshold stay on MRDA gaps.

Usage: python scripts/train_question_segments.py [--data ../shared/data] [--k 5]
       [--extra casino --extra persuasionforgood] [--extra-weight W]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from callcoach.errors import EvalError
from callcoach.eval.corpus import CorpusConversation, load_corpus, resolve_corpus, strip_punctuation
from callcoach.eval.crossval import CHAT_CORPORA, chat_messages, fold_of
from callcoach.nlp.linear import (
    MODELS_DIR,
    FeatureConfig,
    LinearTextModel,
    featurize,
    sha256_file,
)
from callcoach.nlp.sentences import BOUNDARY_MODEL, asr_text, boundary_features, sentences

SEED = 13
C = 1.0
CONFIG = FeatureConfig(word_ngrams=(1, 1), char_ngrams=None, n_features=2**18)
# Typed chat whose licence allows training: a writer who ends every sentence of a message
# with a mark shows where its sentences end; stripped, the message is a run-on turn.
EXTRA_CORPORA = CHAT_CORPORA
_END_MARKS = ("?", ".", "!")


def message_gaps(text: str) -> list[tuple[str, str]]:
    """(feature text, label) of every gap of one typed message, stripped like ASR text,
    or [] when a sentence of it has no end mark (its writer did not show where it ends).

    >>> [label for _, label in message_gaps("Hi there! How are you?")]
    ['no', 'yes', 'no', 'no']
    >>> message_gaps("hi there how are you")
    []
    """
    parts = sentences(text)
    if not parts or any(not part.rstrip("\"')”’ ").endswith(_END_MARKS) for part in parts):
        return []
    run = [words for words in (asr_text(part).split() for part in parts) if words]
    words = [w for segment in run for w in segment]
    boundaries = set(itertools.accumulate(len(segment) for segment in run[:-1]))
    return [
        (boundary_features(words, gap), "yes" if gap in boundaries else "no")
        for gap in range(1, len(words))
    ]


def chat_gaps(corpora: Sequence[str]) -> tuple[list[str], list[str]]:
    """Feature texts and labels of every gap of the end-marked train+dev messages of
    ``corpora`` (typed chat; see ``CHAT_CORPORA``)."""
    texts: list[str] = []
    labels: list[str] = []
    try:
        for message in chat_messages(corpora):
            for feature, label in message_gaps(message):
                texts.append(feature)
                labels.append(label)
    except EvalError as exc:
        raise SystemExit(f"--extra {exc}") from None
    return texts, labels


def fit(
    texts: Sequence[str], labels: Sequence[str], extra: tuple[Any, list[str], float] | None
) -> LinearTextModel:
    """The boundary model on MRDA gaps, plus the chat gaps (weighted) when given."""
    if extra is None:
        return LinearTextModel.fit(texts, labels, CONFIG, c=C, seed=SEED)
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    matrix, extra_labels, weight = extra
    weights = np.concatenate([np.ones(len(texts)), np.full(len(extra_labels), weight)])
    classifier = LogisticRegression(C=C, max_iter=2000, random_state=SEED, solver="liblinear")
    classifier.fit(
        vstack([featurize(texts, CONFIG), matrix]).tocsr(),
        [*labels, *extra_labels],
        sample_weight=weights,
    )
    return LinearTextModel(
        config=CONFIG,
        coef=classifier.coef_.astype(np.float32),
        intercept=classifier.intercept_.astype(np.float32),
        classes=tuple(str(label) for label in classifier.classes_),
        metadata={},
    )


def gaps(conversations: Sequence[CorpusConversation]) -> tuple[list[str], list[str], list[int]]:
    """Feature texts, labels and owning-conversation index of every gap in every run."""
    texts: list[str] = []
    labels: list[str] = []
    owners: list[int] = []
    for index, conv in enumerate(conversations):
        runs: list[list[list[str]]] = []
        speaker = None
        for row in conv.utterances:
            words = strip_punctuation(row.text).split()
            if not words:
                continue
            if row.speaker != speaker or not runs:
                runs.append([])
                speaker = row.speaker
            runs[-1].append(words)
        for run in runs:
            words = [w for segment in run for w in segment]
            boundaries = set(itertools.accumulate(len(s) for s in run[:-1]))
            for gap in range(1, len(words)):
                texts.append(boundary_features(words, gap))
                labels.append("yes" if gap in boundaries else "no")
                owners.append(index)
    return texts, labels, owners


def f1_at(
    probabilities: np.ndarray, gold: np.ndarray, threshold: float
) -> tuple[float, float, float]:
    pred = probabilities >= threshold
    tp = float(np.sum(pred & gold))
    precision = tp / max(1.0, float(pred.sum()))
    recall = tp / max(1.0, float(gold.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        help=f"add a typed chat corpus' end-marked messages: {', '.join(EXTRA_CORPORA)}",
    )
    parser.add_argument("--extra-weight", type=float, default=1.0, help="weight of a chat gap")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data

    pool = [c for c in load_corpus("mrda", None) if c.split in ("train", "dev")]
    texts, labels, owners = gaps(pool)
    gold = np.asarray([label == "yes" for label in labels])
    folds = np.asarray([fold_of(pool[i], args.k) for i in owners])
    extra: tuple[Any, list[str], float] | None = None
    extra_texts: list[str] = []
    extra_labels: list[str] = []
    if args.extra:
        extra_texts, extra_labels = chat_gaps(args.extra)
        extra = (featurize(extra_texts, CONFIG), extra_labels, args.extra_weight)
        print(f"{len(extra_texts)} chat gaps, {extra_labels.count('yes')} boundaries", flush=True)
    out_of_fold = np.zeros(len(texts), dtype=np.float64)
    started = time.process_time()
    for fold in range(args.k):
        train = np.flatnonzero(folds != fold)
        model = fit([texts[i] for i in train], [labels[i] for i in train], extra)
        held = np.flatnonzero(folds == fold)
        probs = model.predict_proba([texts[i] for i in held])[:, model.classes.index("yes")]
        out_of_fold[held] = probs
        print(f"fold {fold}: {len(held)} gaps", flush=True)
    grid = [float(t) for t in np.round(np.arange(0.2, 0.81, 0.05), 2)]
    threshold = max(grid, key=lambda t: (f1_at(out_of_fold, gold, t)[2], -abs(t - 0.5)))
    per_fold = [f1_at(out_of_fold[folds == f], gold[folds == f], threshold) for f in range(args.k)]
    cv = {
        "k": args.k,
        "unit": "gap between two words of one speaker's run of MRDA rows",
        "f1_per_fold": [round(f, 4) for _, _, f in per_fold],
        "f1_mean": round(statistics.fmean(f for _, _, f in per_fold), 4),
        "f1_sd": round(statistics.stdev(f for _, _, f in per_fold), 4),
        "precision_mean": round(statistics.fmean(p for p, _, _ in per_fold), 4),
        "recall_mean": round(statistics.fmean(r for _, r, _ in per_fold), 4),
        "threshold_chosen_on": "pooled out-of-fold probabilities, max F1",
    }

    train_pool = [c for c in pool if c.split == "train"]
    train_texts, train_labels, _ = gaps(train_pool)
    digest = hashlib.sha256(
        "\n".join(f"{y}\t{x}" for y, x in zip(train_labels, train_texts, strict=True)).encode()
    ).hexdigest()
    model = fit(train_texts, train_labels, extra)
    path = model.save(
        args.out,
        BOUNDARY_MODEL,
        {
            "task": "sentence boundary in unpunctuated speech",
            "labels": "yes = an MRDA row ends here and the same speaker goes on",
            "corpus": "mrda",
            "corpus_license": "CC BY 4.0",
            "train_split": "train",
            "train_gaps": len(train_texts),
            "train_file_sha256": sha256_file(resolve_corpus("mrda")),
            "train_data_sha256": digest,
            "seed": SEED,
            "C": C,
            "threshold": threshold,
            "cross_validation": cv,
            **(
                {
                    "extra_corpora": {name: EXTRA_CORPORA[name] for name in args.extra},
                    "extra_rows": "gaps of train+dev messages whose every sentence ends in"
                    " '?', '.' or '!' (yes = a sentence ends there), lower-cased without"
                    " punctuation",
                    "extra_gaps": len(extra_texts),
                    "extra_boundaries": extra_labels.count("yes"),
                    "extra_weight": args.extra_weight,
                    "extra_data_sha256": hashlib.sha256(
                        "\n".join(
                            f"{y}\t{x}" for y, x in zip(extra_labels, extra_texts, strict=True)
                        ).encode()
                    ).hexdigest(),
                }
                if extra is not None
                else {}
            ),
            "cpu_seconds": round(time.process_time() - started, 1),
        },
    )
    print(f"wrote {path}: threshold {threshold}, cv {cv}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
