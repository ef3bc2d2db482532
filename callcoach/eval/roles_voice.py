"""The seller-voice head trained on seven writers: its rows and its fit (issue 9, eighth stop).

The shipped ``seller_voice`` head (``callcoach/nlp/voice.py``) was trained on one helper's
invented sentences (``training/heads/seller_voice.jsonl``). The opened blind batches give
every sentence of every call with its speaker's gold side (``moment_rows.sentence_rows``,
``is_rep``), written by other writers. ``writers_head`` fits a head on the invented rows plus
the blind rows of the batches it is given, read at training time and never copied into a
file; ``scripts/lobo_roles_voice.py`` judges it leave-one-batch-out and
``scripts/train_roles_voice.py`` writes it as ``seller_voice_writers`` (not shipped: it took
buyers as the rep on the sealed calls; ``docs/evaluation/roles-voice.md``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from callcoach.eval.moment_rows import TRAINABLE, sentence_rows
from callcoach.nlp.heads import EmbeddingHead, Encoder
from callcoach.nlp.voice import MIN_WORDS

__all__ = ["INVENTED", "SEED", "blind_rows", "invented_rows", "writers_head"]

INVENTED = Path(__file__).resolve().parents[2] / "training" / "heads" / "seller_voice.jsonl"
SEED = 17
WRITERS_C = 10.0  # the shipped head's C; LOBO gave the same role guesses at 3, 10 and 30


def invented_rows(path: Path = INVENTED) -> tuple[list[str], list[int]]:
    """The invented training rows (text, 1 = a seller said it), first copy of each text."""
    texts: list[str] = []
    labels: list[int] = []
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            key = " ".join(str(row["text"]).split())
            if key not in seen:
                seen.add(key)
                texts.append(key)
                labels.append(int(row["label"]))
    return texts, labels


def blind_rows(batches: Sequence[str]) -> tuple[list[str], list[int]]:
    """The sentences of ``batches`` (opened blind batches only) the voice would read (at least
    ``MIN_WORDS`` words), labelled 1 when a gold rep said them."""
    for batch in batches:
        if batch not in TRAINABLE:
            raise ValueError(f"{batch}: only opened blind batches train a head")
    texts: list[str] = []
    labels: list[int] = []
    for row in sentence_rows(batches):
        if len(row.text.split()) >= MIN_WORDS:
            texts.append(row.text)
            labels.append(int(row.is_rep))
    return texts, labels


def writers_head(
    embedder: Encoder,
    batches: Sequence[str],
    c: float = WRITERS_C,
    name: str = "seller_voice",
    invented: bool = True,
) -> EmbeddingHead:
    """A class-balanced logistic head on the invented rows (unless ``invented`` is False)
    plus the blind rows of ``batches``."""
    from sklearn.linear_model import LogisticRegression

    texts, labels = invented_rows() if invented else ([], [])
    b_texts, b_labels = blind_rows(batches)
    texts, labels = texts + b_texts, labels + b_labels
    x = embedder.encode(texts)
    model = LogisticRegression(
        C=c, class_weight="balanced", max_iter=5000, random_state=SEED, solver="lbfgs"
    )
    model.fit(x, np.asarray(labels))
    return EmbeddingHead(
        name,
        np.asarray(model.coef_[0], dtype=np.float32),
        float(model.intercept_[0]),
        0.5,
        {
            "C": c,
            "rows": len(texts),
            "positives": int(sum(labels)),
            "invented_rows": len(texts) - len(b_texts),
            "blind_rows": len(b_texts),
            "blind_batches": list(batches),
        },
    )
