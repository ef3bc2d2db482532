"""k-fold cross-validation over whole conversations of a corpus's train+dev rows.

Numbers tuned on dev overstate test, so the protocol that predicts test is: put every
conversation of train and dev in one of ``k`` folds (deterministically, by a hash of its
dataset and id), and for each fold choose the task's tunable parameters (``EvalTask.grid``)
on the other folds, then score the fold with them. The mean and spread of the held-out
scores are what a user can expect on unseen conversations; the in-sample score of the
chosen parameters on the training folds shows how much tuning flatters.

Detectors run once per parameter combination over all conversations; the folds then only
re-count rows, so k costs nothing extra. ``limit`` keeps a deterministic sample of
conversations (those with the smallest hashes, spread over train and dev), which bounds the
runtime on big corpora (SwDA train has 192k rows).
"""

from __future__ import annotations

import hashlib
import itertools
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from callcoach.errors import EvalError
from callcoach.eval.corpus import CorpusConversation, CorpusUtterance, load_corpus
from callcoach.eval.runner import Prediction, evaluate, predictions, select_tasks
from callcoach.eval.scoring import point_scores
from callcoach.eval.task import EvalTask

__all__ = [
    "CV_SPLITS",
    "candidates",
    "cross_validate",
    "cross_validate_task",
    "cv_summary",
    "fold_of",
    "sample",
]

# The splits that cross-validation may see; test stays withheld.
CV_SPLITS = ("train", "dev")

#: Typed chat corpora whose train+dev messages a shipped model may learn from (permissive
#: licences: their rows may train a model; SwDA and the other evaluation-only corpora never).
CHAT_CORPORA: Mapping[str, str] = {"casino": "CC BY 4.0", "persuasionforgood": "Apache-2.0"}


def chat_messages(corpora: Sequence[str]) -> Iterable[str]:
    """The text of every train+dev message of ``corpora`` (each one of ``CHAT_CORPORA``;
    EvalError names one that is not), for the extra rows of a model's training set."""
    for corpus in corpora:
        if corpus not in CHAT_CORPORA:
            raise EvalError(f"{corpus}: not one of the chat corpora {', '.join(CHAT_CORPORA)}")
    for corpus in corpora:
        for conv in load_corpus(corpus, None):
            if conv.split in CV_SPLITS:
                yield from (row.text for row in conv.utterances)


Label = TypeVar("Label")


def _digest(conv: CorpusConversation) -> int:
    key = f"{conv.dataset}/{conv.conversation_id}".encode()
    return int.from_bytes(hashlib.sha1(key).digest()[:8], "big")


def fold_of(conv: CorpusConversation, k: int) -> int:
    """The fold (0 … k-1) of a conversation; the same on every machine and run."""
    return _digest(conv) % k


def labelled_texts(
    conversations: Iterable[CorpusConversation],
    gold: Callable[[CorpusUtterance], Label | None],
) -> tuple[list[str], list[Label]]:
    """The texts and labels of the rows ``gold`` labels (empty texts left out), in corpus
    order: the training rows of a model refitted on the design folds."""
    texts: list[str] = []
    labels: list[Label] = []
    for conv in conversations:
        for row in conv.utterances:
            label = gold(row)
            if label is not None and row.text.strip():
                texts.append(row.text)
                labels.append(label)
    return texts, labels


def sample(
    conversations: Sequence[CorpusConversation], limit: int | None
) -> list[CorpusConversation]:
    """``limit`` conversations chosen by hash (deterministic, spread over the corpus), in
    corpus order; all of them when ``limit`` is None."""
    if limit is None or limit >= len(conversations):
        return list(conversations)
    if limit < 1:
        raise EvalError(f"limit must be at least 1 conversation, not {limit}")
    keep = set(sorted(range(len(conversations)), key=lambda i: _digest(conversations[i]))[:limit])
    return [conv for i, conv in enumerate(conversations) if i in keep]


def candidates(task: EvalTask) -> list[dict[str, Any]]:
    """Every combination of the task's grid, the defaults (first values) first."""
    names = list(task.grid)
    return [
        dict(zip(names, values, strict=True)) for values in itertools.product(*task.grid.values())
    ]


def _load(data: str) -> list[CorpusConversation]:
    conversations = [c for c in load_corpus(data, None) if c.split in CV_SPLITS]
    if not conversations:
        raise EvalError(f"{data}: no train or dev conversations to cross-validate on")
    return conversations


@dataclass(frozen=True, slots=True)
class _Rows:
    """The scored rows of one parameter combination, with each row's fold."""

    gold: list[str]
    pred: list[str]
    folds: NDArray[np.int64]

    def score(self, mask: NDArray[np.bool_], positive: str | None) -> tuple[float, float, float]:
        index = np.flatnonzero(mask)
        return point_scores([self.gold[i] for i in index], [self.pred[i] for i in index], positive)


def _rows(found: Sequence[Prediction], fold: Mapping[tuple[str, str], int]) -> _Rows:
    return _Rows(
        gold=[p.gold for p in found],
        pred=[p.pred for p in found],
        folds=np.fromiter(
            (fold[(p.row.dataset, p.row.conversation_id)] for p in found), dtype=np.int64
        ),
    )


def _spread(values: Sequence[float]) -> dict[str, float]:
    return {
        "mean": round(statistics.fmean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def cross_validate_task(
    task: EvalTask,
    conversations: Sequence[CorpusConversation],
    k: int,
    strip_punct: bool = False,
    merge_turns: bool = False,
) -> dict[str, Any]:
    """Cross-validated scores of one task on ``conversations`` (see ``cross_validate``)."""
    mine = [c for c in conversations if c.dataset in task.datasets]
    fold = {(c.dataset, c.conversation_id): fold_of(c, k) for c in mine}
    combos = candidates(task)
    runs = [
        _rows(predictions(task, mine, strip_punct, params=combo, merge_turns=merge_turns), fold)
        for combo in combos
    ]
    folds: list[dict[str, Any]] = []
    scores: list[tuple[float, float, float, float]] = []
    for held_out in range(k):
        test_mask = runs[0].folds == held_out
        if not test_mask.any():
            continue
        train_mask = ~test_mask
        train_f1 = [run.score(train_mask, task.positive)[2] for run in runs]
        best = int(np.argmax(train_f1))  # first maximum: the default wins ties
        precision, recall, f1 = runs[best].score(test_mask, task.positive)
        scores.append((precision, recall, f1, train_f1[best]))
        folds.append(
            {
                "fold": held_out,
                "conversations": sum(1 for f in fold.values() if f == held_out),
                "n": int(test_mask.sum()),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "train_f1": round(train_f1[best], 4),
                "params": combos[best],
            }
        )
    if not folds:
        raise EvalError(f"task {task.name!r}: no scored rows to cross-validate")
    every = np.ones(len(runs[0].gold), dtype=bool)
    overall = [run.score(every, task.positive)[2] for run in runs]
    held_out_f1 = _spread([s[2] for s in scores])
    in_sample = statistics.fmean(s[3] for s in scores)
    return {
        "k": k,
        "folds": folds,
        "f1": held_out_f1,
        "precision": _spread([s[0] for s in scores]),
        "recall": _spread([s[1] for s in scores]),
        # What the chosen parameters scored where they were chosen, and how far the
        # held-out mean fell from it.
        "train_f1": round(in_sample, 4),
        "optimism": round(in_sample - held_out_f1["mean"], 4),
        "params": combos[int(np.argmax(overall))],
        "grid": {name: list(values) for name, values in task.grid.items()},
        "n": len(runs[0].gold),
        "conversations": len(mine),
        "dataset": ",".join(dict.fromkeys(c.dataset for c in mine)),
        "strip_punct": strip_punct,
        "merge_turns": merge_turns,
    }


def cross_validate(
    data: str,
    k: int = 5,
    detector: str | None = None,
    strip_punct: bool = False,
    limit: int | None = None,
    with_dev: bool = True,
    merge_turns: bool = False,
) -> dict[str, dict[str, Any]]:
    """Cross-validated scores per task name for the tasks covering the corpus.

    Each entry has ``folds`` (per fold: conversations, n, precision, recall, f1, the
    parameters chosen on the other folds and their in-sample ``train_f1``), ``f1`` /
    ``precision`` / ``recall`` as mean, sd, min and max over folds, ``optimism`` (in-sample
    minus held-out mean F1), ``params`` (the combination best on all folds together),
    ``n``, ``conversations``, ``limit``, and with ``with_dev`` the plain ``dev`` scores of
    ``evaluate`` (default parameters, whole dev split) for comparison.
    """
    if k < 2:
        raise EvalError(f"cross-validation needs at least 2 folds, not {k}")
    conversations = sample(_load(data), limit)
    datasets = list(dict.fromkeys(c.dataset for c in conversations))
    results: dict[str, dict[str, Any]] = {}
    for task in select_tasks(datasets, detector):
        result = cross_validate_task(task, conversations, k, strip_punct, merge_turns)
        result["limit"] = limit
        if with_dev:
            try:
                result["dev"] = evaluate(
                    data, "dev", task.name, strip_punct, merge_turns=merge_turns
                )[task.name]
            except EvalError:
                result["dev"] = None
        results[task.name] = result
    return results


def cv_summary(results: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """Rows (task, dataset, k, n, CV F1 mean ± sd, min–max, optimism, dev F1) for a table."""
    rows: list[tuple[str, ...]] = []
    for name, r in results.items():
        f1 = r["f1"]
        dev = r.get("dev")
        rows.append(
            (
                name,
                str(r["dataset"])
                + (" (no punct.)" if r["strip_punct"] else "")
                + (" (merged turns)" if r.get("merge_turns") else ""),
                str(r["k"]),
                str(r["n"]),
                f"{f1['mean']:.3f} ± {f1['sd']:.3f}",
                f"{f1['min']:.3f}–{f1['max']:.3f}",
                f"{r['optimism']:+.3f}",
                f"{dev['f1']:.3f}" if dev else "—",
            )
        )
    return rows
