"""callcoach.eval.roles_voice: the seller-voice head fitted on the invented rows plus the blind
writers' gold roles (judged by scripts/lobo_roles_voice.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.eval.roles_voice import blind_rows, invented_rows, writers_head
from callcoach.nlp.voice import MIN_WORDS


class _Hashed:
    """A stand-in embedder: a fixed pseudo-random unit vector per text (no model needed)."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).normal(size=384)
            rows.append(v / np.linalg.norm(v))
        return np.asarray(rows, dtype=np.float32)


def test_the_dev_calls_and_unread_batches_never_train() -> None:
    for refused in ("dev", "sealed", "sealed21", "open22"):
        with pytest.raises(ValueError, match="only opened blind batches"):
            blind_rows([refused])


def test_blind_rows_are_the_sentences_the_voice_reads_labelled_by_side() -> None:
    texts, labels = blind_rows(["open"])
    assert texts and len(texts) == len(labels)
    assert all(len(t.split()) >= MIN_WORDS for t in texts)
    assert set(labels) == {0, 1}


def test_the_head_records_what_trained_it() -> None:
    inv_texts, _ = invented_rows()
    head = writers_head(_Hashed(), ["open"], c=1.0, name="seller_voice_test")
    assert head.name == "seller_voice_test"
    assert head.dimensions == 384
    assert head.metadata["blind_batches"] == ["open"]
    assert head.metadata["invented_rows"] == len(inv_texts)
    assert head.metadata["rows"] == len(inv_texts) + len(blind_rows(["open"])[0])
    alone = writers_head(_Hashed(), [], c=1.0)
    assert alone.metadata["blind_rows"] == 0 and alone.metadata["rows"] == len(inv_texts)
