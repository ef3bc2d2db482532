"""``callcoach eval``: which corpus a user named, checked before anything is evaluated."""

from __future__ import annotations

from typing import Literal

from callcoach.errors import EvalError, UsageError

__all__ = ["EvalKind", "eval_kind"]

# salescalls: the annotated sales calls (moments, scorecards, roles); corpus: utterances.jsonl.
EvalKind = Literal["salescalls", "corpus"]


def eval_kind(data: str) -> EvalKind:
    """What ``--data`` names: the annotated sales calls or a dialogue corpus.

    Raises ``UsageError`` (a bad argument, not a bad file) when it names neither a bundled
    corpus, a folder of ``*.labels.json`` calls nor an utterances file.
    """
    from callcoach.eval.corpus import resolve_corpus
    from callcoach.eval.salescalls import is_salescalls

    if is_salescalls(data):
        return "salescalls"
    try:
        resolve_corpus(data)
    except EvalError as exc:
        raise UsageError(f"--data {exc}") from None
    return "corpus"
