"""How each speaker talks: like a seller or like a buyer, read by a learned head.

Phrase cues ("thanks for your time", "send me a proposal") find the rep when the rep says
one of the phrases someone wrote down; on calls worded differently they say little or the
wrong thing. The ``seller_voice`` head (``callcoach/nlp/heads.py``) reads every longer
sentence instead: asking about the other side's process and costs, offering to send or
show, describing customers and rollouts (seller) against describing one's own team,
budget, approvals and vendors (buyer). One sentence is a weak vote (grouped CV F1 ≈ 0.77
on the invented training set); a speaker's mean over dozens of sentences is a strong one.

The score of a speaker is the mean log-odds of "a seller said this" over up to
``MAX_SENTENCES`` of their sentences of at least ``MIN_WORDS`` words, spread evenly over the
call. Scores are only comparable within a call (a chatty call shifts everybody), so
``roles`` reads who is highest and who is lowest, never a fixed cut.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from callcoach.nlp.heads import Encoder, load_head
from callcoach.nlp.sentences import sentences

__all__ = [
    "MAX_SENTENCES",
    "MIN_SENTENCES",
    "MIN_WORDS",
    "VOICE_HEAD",
    "Voice",
    "describe",
    "speaker_voice",
]

VOICE_HEAD = "seller_voice"
MIN_WORDS = 5  # shorter sentences ("sounds good", "can you see my screen") are said by anyone
MIN_SENTENCES = 3  # a speaker with fewer has no score
MAX_SENTENCES = 40  # enough for a stable mean; keeps a 4-hour call's cost flat


@dataclass(frozen=True, slots=True)
class Voice:
    """Per speaker: the mean seller log-odds and how many sentences it rests on."""

    scores: Mapping[str, float]
    sentences: Mapping[str, int]

    @property
    def ranked(self) -> list[str]:
        """Scored speakers, most seller-like first."""
        return sorted(self.scores, key=lambda s: -self.scores[s])


def _sample(items: list[str], limit: int) -> list[str]:
    if len(items) <= limit:
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def speaker_voice(turns: Sequence[tuple[str, str]], embedder: Encoder | None = None) -> Voice:
    """Scores for the speakers of ``turns`` ((speaker, text) in call order)."""
    by_speaker: dict[str, list[str]] = {}
    for speaker, text in turns:
        for sentence in sentences(text):
            if len(sentence.split()) >= MIN_WORDS:
                by_speaker.setdefault(speaker, []).append(sentence)
    chosen = {
        s: _sample(texts, MAX_SENTENCES)
        for s, texts in by_speaker.items()
        if len(texts) >= MIN_SENTENCES
    }
    if not chosen:
        return Voice({}, {})
    if embedder is None:
        from callcoach.nlp.embeddings import default_embedder

        embedder = default_embedder()
    texts = [t for group in chosen.values() for t in group]
    vectors = embedder.encode(texts)
    p = np.clip(load_head(VOICE_HEAD).predict_proba(vectors), 1e-6, 1 - 1e-6)
    logits = np.log(p / (1 - p))
    scores: dict[str, float] = {}
    start = 0
    for speaker, group in chosen.items():
        scores[speaker] = round(float(np.mean(logits[start : start + len(group)])), 3)
        start += len(group)
    return Voice(scores, {s: len(g) for s, g in chosen.items()})


def describe(voice: Voice) -> str:
    """One line for a role decision's reasons."""
    shown = ", ".join(
        f"{s} {voice.scores[s]:+.2f} ({voice.sentences[s]} sentences)" for s in voice.ranked
    )
    return f"how they talk (seller-voice head, mean log-odds a seller said it): {shown}"
