"""Per-speaker rows for the dialogue-structure role model, and its leave-one-batch-out fit.

One row per speaker of a read call: ``callcoach.roles.speaker_features`` plus the
phrase score and the seller-voice score the role guess already computes (each relative to
the call's mean), and the gold side. Each speaker is one row and one unit of weight, however
much they talk (the eighth stop's sentence head learned 92 talkative people's topics).
Only opened blind batches train (``moment_rows.TRAINABLE``); the dev calls are scored, never
fitted. Rows are built at run time from the read calls and never written to a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from callcoach import roles
from callcoach.eval.lexicon_loco import read_batch_calls
from callcoach.eval.moment_rows import TRAINABLE
from callcoach.eval.salescalls import GoldCall, _same_speaker
from callcoach.model import Call
from callcoach.nlp.voice import speaker_voice
from callcoach.roles import STRUCTURE_EXTRA, STRUCTURE_FEATURES, StructureModel, structure_values

__all__ = ["SpeakerRow", "StructCall", "call_values", "fit", "load_calls"]

SEED = 17


@dataclass
class SpeakerRow:
    speaker: str
    is_rep: bool
    values: dict[str, float]


@dataclass
class StructCall:
    batch: str
    gold: GoldCall
    call: Call
    rows: list[SpeakerRow] = field(default_factory=list)


def call_values(call: Call, speakers: Sequence[str]) -> dict[str, dict[str, float]]:
    """Every input of the structure model, per speaker, for one call (as ``roles`` has it)."""
    scores = roles._heuristic_scores(call, speakers)
    voice = speaker_voice([(u.speaker, u.text) for u in call.utterances if u.speaker is not None])
    return structure_values(
        call, speakers, scores.phrases or {}, scores.seller_only or {}, dict(voice.scores)
    )


def load_calls(batches: Sequence[str]) -> list[StructCall]:
    """The read calls of ``batches`` with one row per speaker (gold side attached)."""
    out = []
    for batch, gold, call in read_batch_calls(batches):
        speakers = list(dict.fromkeys(u.speaker for u in call.utterances if u.speaker))
        values = call_values(call, speakers)
        item = StructCall(batch, gold, call)
        for s in speakers:
            rep = any(_same_speaker(s, g) for g in gold.reps)
            item.rows.append(SpeakerRow(s, rep, values[s]))
        out.append(item)
    return out


def fit(
    calls: Sequence[StructCall],
    inputs: Sequence[str] = STRUCTURE_FEATURES + STRUCTURE_EXTRA,
    c: float = 1.0,
    margin: float = 0.0,
    per_call: bool = False,
) -> StructureModel:
    """A class-balanced logistic model over ``inputs``, one row per speaker of ``calls``
    (opened blind batches only). ``per_call`` weighs every call as one unit (its speakers
    share it) instead of every speaker."""
    from sklearn.linear_model import LogisticRegression

    for item in calls:
        if item.batch not in TRAINABLE:
            raise ValueError(f"{item.gold.id}: only opened blind batches train the model")
    x = np.array([[r.values[f] for f in inputs] for item in calls for r in item.rows])
    y = np.array([int(r.is_rep) for item in calls for r in item.rows])
    w = np.array([1.0 / len(item.rows) if per_call else 1.0 for item in calls for _ in item.rows])
    pos = w[y == 1].sum()
    neg = w[y == 0].sum()
    w = np.where(y == 1, w * (pos + neg) / (2 * pos), w * (pos + neg) / (2 * neg))
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED)
    model.fit(x, y, sample_weight=w)
    coef = {f: round(float(v), 5) for f, v in zip(inputs, model.coef_[0], strict=True)}
    return StructureModel(
        coef,
        round(float(model.intercept_[0]), 5),
        margin,
        {
            "C": c,
            "speakers": len(y),
            "sellers": int(y.sum()),
            "calls": len(calls),
            "batches": sorted({item.batch for item in calls}),
            "per_call": per_call,
        },
    )
