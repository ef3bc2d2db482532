"""Sentence rows of the read blind calls, for training a head on what other writers labelled.

The blind calls under ``tests/data/salescalls_blind/`` were written and annotated by the
project's own writers, one batch per writer. Once a batch's open half has been scored as a
fresh measure and opened (``lexicon_loco.READ_BATCHES``), its labelled moments may train a
head, provided the head is judged leave-one-batch-out (train on the other writers, score the
held-out one) and on batches still unread. The dev calls (``../shared``, evaluation data of
the issue), the sealed halves and unopened batches never become rows: ``TRAINABLE`` names the
only batches this module reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from callcoach.eval.lexicon_loco import READ_BATCHES, check_read_folder
from callcoach.eval.moments import MIN_OVERLAP, words
from callcoach.eval.salescalls import GoldCall, load_gold, resolve_salescalls
from callcoach.nlp.sentences import split_sentences

#: The opened blind batches (every read batch but the dev calls), in writing order.
TRAINABLE: tuple[str, ...] = tuple(name for name in READ_BATCHES if name != "dev")


@dataclass(frozen=True, slots=True)
class SentenceRow:
    """One sentence of a gold turn with the gold labels whose moments cover it."""

    batch: str
    call: str
    turn: int
    speaker: str
    is_rep: bool
    text: str
    labels: frozenset[str]
    #: The nearest earlier and later turns by another speaker ("" at the call's edges), for
    #: heads that read an exchange rather than a sentence.
    previous: str
    following: str


def _covers(span: tuple[int, int], moment_span: tuple[int, int]) -> bool:
    """The eval's matching rule: shared words ≥ half of the shorter span."""
    shared = min(span[1], moment_span[1]) - max(span[0], moment_span[0])
    shorter = min(span[1] - span[0], moment_span[1] - moment_span[0])
    return shared > 0 and shared >= MIN_OVERLAP * shorter


def _other_speaker_turn(gold: GoldCall, i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(gold.turns):
        if gold.turns[j].speaker != gold.turns[i].speaker:
            return gold.turns[j].text
        j += step
    return ""


def call_rows(gold: GoldCall, batch: str) -> list[SentenceRow]:
    """Every sentence of every turn of ``gold``, labelled by the moments that cover it."""
    rows = []
    for turn in gold.turns:
        moments = [m for m in gold.moments if m.turn == turn.i]
        previous = _other_speaker_turn(gold, turn.i, -1)
        following = _other_speaker_turn(gold, turn.i, 1)
        for a, b in split_sentences(turn.text):
            first = len(words(turn.text[:a]))
            span = (first, first + len(words(turn.text[a:b])))
            if span[0] == span[1]:
                continue
            labels = frozenset(m.label for m in moments if _covers(span, (m.start, m.end)))
            rows.append(
                SentenceRow(
                    batch,
                    gold.id,
                    turn.i,
                    turn.speaker,
                    turn.speaker in gold.reps,
                    turn.text[a:b],
                    labels,
                    previous,
                    following,
                )
            )
    return rows


@cache
def _batch_rows(batch: str) -> tuple[SentenceRow, ...]:
    folder = READ_BATCHES[batch]
    check_read_folder(folder)
    calls = load_gold(resolve_salescalls(folder))
    return tuple(row for gold in calls for row in call_rows(gold, batch))


def sentence_rows(batches: Iterable[str] = TRAINABLE) -> list[SentenceRow]:
    """The sentence rows of ``batches`` (each must be in ``TRAINABLE``), in call order."""
    chosen: Sequence[str] = list(batches)
    for batch in chosen:
        if batch not in TRAINABLE:
            raise ValueError(
                f"{batch}: only opened blind batches train a head ({', '.join(TRAINABLE)})"
            )
    return [row for batch in chosen for row in _batch_rows(batch)]
