"""The close heads (need, recommendation, next_step, next_step_accept) trained on invented
rows plus the labelled sentences of other writers' blind calls, judged leave-one-batch-out.

    python scripts/lobo_close_heads.py sentences [--labels need,recommendation] [--test open21]
    python scripts/lobo_close_heads.py detector --variant need_pair [--grid none,0.7,0.8]
                                                [--test open21] [--json]
    python scripts/lobo_close_heads.py train --label need --batches open,...,open20
                                             [--context 1]
    python scripts/lobo_close_heads.py gates --batches dev,open,...,open7
    python scripts/lobo_close_heads.py why --batches dev,open,...,open8 [--show]
    python scripts/lobo_close_heads.py recgate --batches open,...,open9 [--context 2]
    python scripts/lobo_close_heads.py recwhy --batches dev,open,...,open15 [--show]
                                              [--rec-params '{"pitch_picks": false}']

The opened blind calls (``callcoach.eval.moment_rows.sentence_rows``) give sentences that
seven writers labelled. A head trained on them is judged on a writer it never saw: for
each blind batch, the head is fitted on the invented rows of ``training/heads/<label>.jsonl``
plus the rows of the *other* blind batches, and scored on the held-out batch. The dev calls
are never training rows (they are the issue's evaluation data); ``detector`` scores them as
one more held-out fold.

- ``sentences``: the head alone on the held-out batch's sentences of the label's side
  (need, next_step_accept: the buyer's; recommendation: the rep's; next_step: both), against
  the head trained on the invented rows alone: average precision, and P/R/F1 at the
  threshold chosen on the other batches (each scored by a head trained without it).
- ``detector``: the detector with the fold's head on the held-out batch (dev included),
  against the shipped detector, for each threshold of the grid; the threshold scored on a
  batch is chosen on the other batches (their own fold heads: nested, so no batch is
  scored by a head trained on it; ties go to the head off). Variants: ``need`` (the need
  head, one sentence), ``need_pair`` (the two-turn need head: the buyer's sentence with the
  turn before it, trained on the writers' rows alone), ``next_step`` (the step head),
  ``next_step_accept`` (the acceptance head; shipped at 0.7), ``next_step_pair`` (the
  two-turn step head: each candidate with the other speaker's next turn, trained on the
  writers' rows alone; shipped on at 0.9 in 2.8) and ``next_step_accept_pair`` (the
  acceptance head read with the rep's turn before the reply; measured, not shipped).
  ``--step-params`` passes more detector parameters as JSON (``{"step_head_rep_only":
  false}``).
- ``--context N``: two-turn heads read only the last ``N`` sentences of the turn before
  (``needs_coverage.turn_tail``; the head's JSON records ``"context_sentences"``);
  ``--head-words N``: the detector's need head reads buyer sentences of ``N`` words or more
  (``need_head_words``). Both measured in docs/evaluation/needs_coverage.md 1.9.1.
- ``--test B``: heads trained on every batch of ``--batches`` score batch ``B`` only (the
  fresh check of a batch not yet read).
- ``train``: fits the two-turn head ``--label`` on the writers' rows of ``--batches`` and
  writes it (``--out``, default the package's models folder), its JSON naming the batches.
- ``gates``: gate recall per batch of ``--batches`` (``dev`` may be one) for need,
  recommendation, next_step and next_step_accept: the share of gold moments that some
  candidate of each gate covers (the README's matching rule), the ceiling of any head or
  rule that decides among them, with the candidates counted. Shipped gates and wider ones
  (the need head's candidates, the rep's reply to a stated need, the step head's candidates,
  every buyer reply).

- ``why``: per batch, the gold next steps the shipped detector misses, by the gate that
  covers them (a rule step the decision dropped, a step-head candidate, none) and by
  structure (rep or buyer, near the end or not, a day/time/length or not, the form of a
  commitment, two sentences, after a step, the rep's recap), and its false steps tagged
  the same way; ``--show`` prints each quote to stderr (for reading, never for a file).
  docs/evaluation/next_step.md, tenth round.

- ``recgate``: the proposal gate for recommendations (``recommendation_candidates``: rep
  statements in proposal form after the buyer said something of substance) on the writers'
  rows: gold rows inside it per batch, and leave one batch out of a one-sentence head
  (invented rows plus the other writers' gate rows) and a two-turn head (the buyer's turn
  before) deciding among them. The detector with that head (variants ``recommendation`` and
  ``recommendation_pair``, the ``recommendation_head`` option) was measured at commit
  b42ea1c and removed (docs/evaluation/needs_coverage.md, tenth round).
- ``recwhy``: per batch, tp/fp/fn of ``recommendation`` and ``need`` for
  ``NeedsCoverageDetector`` alone with ``--rec-params`` over its defaults; ``--show`` prints
  each missed and false recommendation to stderr with the end of the turn before it and how
  many other findings its turn holds (for reading, never for a file).
  docs/evaluation/needs_coverage.md, 1.14. ``why`` reads ``--step-params`` too, and with
  ``--show`` prints the right steps as well (``TP``).
- ``detector --fixed``: each fold's head at every threshold of the grid, no nested choice
  (a tenth of the work; "chosen" is then the grid's first value).

``--batches`` names the blind batches that may train and be held out (default: open …
open6). The rows are read through ``sentence_rows`` at run time and never written anywhere.
Vectors are cached between runs in ``CACHE`` (a scratch file outside the repository, the
package's ``CachedEmbedder``).
The recommendation-head, need-veto and step-veto variants of the eighth round were measured
at commit 090ca7a (docs/evaluation/needs_coverage.md 1.9, next_step.md 2.7); the ninth
round's recommendation head on the rep's reply to a stated need (variants
``recommendation`` and ``need_pair_recommendation``) at commit 4fbaa20 (1.10).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.nlp.embedding_cache import CachedEmbedder

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training" / "heads"
SIDES = {"need": "buyer", "next_step_accept": "buyer", "recommendation": "rep", "next_step": "any"}
C = 1.0
CACHE = Path(os.environ.get("LOBO_HEADS_CACHE", "/tmp/close/embeddings.sqlite"))


@cache
def embedder() -> CachedEmbedder:
    """The shipped embedder behind the package's persistent cache at ``CACHE``."""
    return CachedEmbedder.minilm(CACHE)


@dataclass(frozen=True)
class Pool:
    """Texts with labels, group (scenario or call) and source batch ("invented" for ours)."""

    texts: tuple[str, ...]
    labels: NDArray[np.int64]
    batches: tuple[str, ...]

    def where(self, keep: Callable[[str], bool]) -> NDArray[np.bool_]:
        return np.array([keep(b) for b in self.batches], dtype=bool)


def _side_ok(label: str, is_rep: bool) -> bool:
    side = SIDES[label]
    return side == "any" or (side == "rep") == is_rep


def pool(label: str, batches: Sequence[str]) -> Pool:
    """The invented rows of ``label`` plus the writers' rows of ``batches`` (the label's side)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_head import read_rows

    from callcoach.eval.moment_rows import sentence_rows

    invented = read_rows(TRAINING / f"{label}.jsonl")
    texts = list(invented.texts)
    labels = [int(y) for y in invented.labels]
    origin = ["invented"] * len(texts)
    for row in sentence_rows(batches):
        if not _side_ok(label, row.is_rep):
            continue
        texts.append(" ".join(row.text.split()))
        labels.append(int(label in row.labels))
        origin.append(row.batch)
    return Pool(tuple(texts), np.asarray(labels, dtype=np.int64), tuple(origin))


def pair_pool(
    label: str, batches: Sequence[str], context: int | None = None, following: bool = False
) -> tuple[Pool, list[str]]:
    """The writers' rows of ``batches`` (the label's side) with the other speaker's turn
    before each sentence (its last ``context`` sentences when given, as the detector reads
    them: ``turn_tail``), for a two-turn head (the invented rows have no such turn)."""
    from callcoach.detectors.needs_coverage import turn_tail
    from callcoach.eval.moment_rows import sentence_rows

    texts, labels, origin, contexts = [], [], [], []
    for row in sentence_rows(batches):
        if not _side_ok(label, row.is_rep):
            continue
        texts.append(" ".join(row.text.split()))
        if following:  # the other speaker's next turn (the two-turn step head, 2.8)
            contexts.append(" ".join(row.following.split()) or ".")
        else:
            contexts.append(turn_tail(" ".join(row.previous.split()) or ".", context))
        labels.append(int(label in row.labels))
        origin.append(row.batch)
    return Pool(tuple(texts), np.asarray(labels, dtype=np.int64), tuple(origin)), contexts


def fit(x: NDArray[np.float32], y: NDArray[np.int64]) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=17).fit(
        x, y
    )


def prf(y: NDArray[np.int64], hit: NDArray[np.bool_]) -> tuple[int, int, int, float]:
    tp = int(np.sum(hit & (y == 1)))
    fp = int(np.sum(hit & (y == 0)))
    fn = int(np.sum(~hit & (y == 1)))
    return tp, fp, fn, (2 * tp / (2 * tp + fp + fn) if tp else 0.0)


def _best_cut(y: NDArray[np.int64], p: NDArray[np.float64]) -> float:
    best = (0.5, -1.0)
    for cut in np.arange(0.3, 0.96, 0.05):
        f = prf(y, p >= cut)[3]
        if f > best[1]:
            best = (float(cut), f)
    return best[0]


def sentences(label: str, batches: Sequence[str], tests: Sequence[str] = ()) -> dict[str, Any]:
    """Sentence-level leave-one-batch-out of the head alone (see the module docstring);
    with ``tests``, heads trained on every batch of ``batches`` score those batches only."""
    from sklearn.metrics import average_precision_score

    data = pool(label, [*batches, *tests])
    x = embedder().encode(list(data.texts))
    y = data.labels
    out: dict[str, Any] = {}
    pooled: dict[str, list[Any]] = {"invented": [], "writers": []}
    for held in tests or batches:
        test = data.where(lambda b, h=held: b == h)
        row: dict[str, Any] = {"positives": int(y[test].sum()), "sentences": int(test.sum())}
        for name, train in (
            ("invented", data.where(lambda b: b == "invented")),
            ("writers", data.where(lambda b, h=held: b != h and b not in tests)),
        ):
            model = fit(x[train], y[train])
            # the threshold: best F1 on the other writers' batches, each scored by a head
            # trained without it (the invented rows are always in)
            inner_p, inner_y = [], []
            for other in batches:
                if other == held:
                    continue
                inner_test = data.where(lambda b, o=other: b == o)
                inner_train = (
                    data.where(lambda b: b == "invented")
                    if name == "invented"
                    else data.where(lambda b, h=held, o=other: b not in (h, o, *tests))
                )
                inner = fit(x[inner_train], y[inner_train])
                inner_p.append(inner.predict_proba(x[inner_test])[:, 1])
                inner_y.append(y[inner_test])
            cut = _best_cut(np.concatenate(inner_y), np.concatenate(inner_p))
            p = model.predict_proba(x[test])[:, 1]
            tp, fp, fn, f1 = prf(y[test], p >= cut)
            row[name] = {
                "ap": round(float(average_precision_score(y[test], p)), 3),
                "cut": round(cut, 2),
                "tp/fp/fn": [tp, fp, fn],
                "f1": round(f1, 3),
            }
            pooled[name].append((y[test], p, p >= cut))
        out[held] = row
    for name, parts in pooled.items():
        yy = np.concatenate([a for a, _, _ in parts])
        pp = np.concatenate([b for _, b, _ in parts])
        hit = np.concatenate([c for _, _, c in parts])
        tp, fp, fn, f1 = prf(yy, hit)
        out[f"pooled_{name}"] = {
            "ap": round(float(average_precision_score(yy, pp)), 3),
            "tp/fp/fn": [tp, fp, fn],
            "f1": round(f1, 3),
        }
    return out


def fold_head(
    label: str,
    data: Pool,
    x: NDArray[np.float32],
    keep: Callable[[str], bool],
    context: int | None = None,
) -> Any:
    """An ``EmbeddingHead`` named ``label`` fitted on the rows whose batch ``keep`` accepts."""
    from callcoach.nlp.embeddings import DIMENSIONS, MODEL_SHA256
    from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead

    train = data.where(keep)
    model = fit(x[train], data.labels[train])
    meta: dict[str, Any] = {"embedding_model_sha256": MODEL_SHA256}
    if x.shape[1] > DIMENSIONS:
        meta["features"] = PAIR_FEATURES
        if context is not None:
            meta["context_sentences"] = context
    return EmbeddingHead(
        label,
        np.asarray(model.coef_[0], dtype=np.float32),
        float(model.intercept_[0]),
        0.5,
        meta,
    )


@contextmanager
def heads_replaced(replacement: dict[str, Any]) -> Iterator[None]:
    """``callcoach.nlp.heads.load_head`` answers ``replacement[name]`` for the names given
    (the detectors import it at call time)."""
    import callcoach.nlp.heads as heads

    original = heads.load_head

    def load(name: str, directory: Any = None) -> Any:
        if name in replacement:
            return replacement[name]
        return original(name) if directory is None else original(name, directory)

    heads.load_head = load  # type: ignore[assignment]
    try:
        yield
    finally:
        heads.load_head = original


HEAD_WORDS: int | None = None  # ``--head-words``: the need head's fewest words
# ``--fixed``: no nested threshold choice (each fold's head at every threshold of the grid
# only; "chosen" is then the grid's first): a tenth of the work, for a first look.
FIXED = False


def _need(t: float | None) -> Any:
    from callcoach.detectors.needs_coverage import NeedsCoverageDetector

    return NeedsCoverageDetector(need_head=t, need_head_words=HEAD_WORDS)


STEP_PARAMS: dict[str, Any] = {}  # ``--step-params``: more NextStepDetector parameters


def _step(t: float | None) -> Any:
    from callcoach.detectors.next_step import NextStepDetector

    return NextStepDetector(**{**STEP_PARAMS, "step_head": t})


def _accept(t: float | None) -> Any:
    from callcoach.detectors.next_step import NextStepDetector

    return NextStepDetector(**{"step_head": None, **STEP_PARAMS, "accept_head": t})


GRID = (None, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# variant → (head name, detector by threshold, labels scored: the first two are the objective)
VARIANTS: dict[str, tuple[str, Callable[[float | None], Any], tuple[str, ...]]] = {
    "need": ("need", _need, ("need", "recommendation")),
    "need_pair": ("need", _need, ("need", "recommendation")),
    "next_step": ("next_step", _step, ("next_step", "next_step_accept")),
    "next_step_pair": ("next_step", _step, ("next_step", "next_step_accept")),
    "next_step_accept": ("next_step_accept", _accept, ("next_step_accept", "next_step")),
    "next_step_accept_pair": ("next_step_accept", _accept, ("next_step_accept", "next_step")),
}


def detector(
    variant: str,
    batches: Sequence[str],
    grid: Sequence[Any],
    tests: Sequence[str] = (),
    context: int | None = None,
) -> dict[str, Any]:
    """Leave-one-batch-out of the detector with fold heads (module docstring)."""
    from callcoach.detectors.base import DetectionContext
    from callcoach.eval.lexicon_loco import READ_BATCHES, batch_of, prepare_read_calls
    from callcoach.eval.moments import LabelScore, score_label
    from callcoach.eval.salescalls import predicted_moments

    head_name, make, labels = VARIANTS[variant]
    encoder = embedder()
    if variant.endswith("_pair"):
        from callcoach.nlp.heads import pair_features

        data, contexts = pair_pool(
            head_name, [*batches, *tests], context, following=variant == "next_step_pair"
        )
        x = pair_features(encoder.encode(contexts), encoder.encode(list(data.texts)))
    else:
        data = pool(head_name, [*batches, *tests])
        x = encoder.encode(list(data.texts))
    folds = ["dev", *batches]
    calls = prepare_read_calls(READ_BATCHES["dev"], [READ_BATCHES[b] for b in [*batches, *tests]])
    by_batch: dict[str, list[Any]] = {b: [] for b in [*folds, *tests]}
    for c in calls:
        by_batch[batch_of(c.gold.id)].append(c)

    done: dict[tuple[int, str, float | None], dict[str, LabelScore]] = {}

    def run(head: Any, batch: str, t: float | None) -> dict[str, LabelScore]:
        key = (id(head), batch, t)
        if key in done:
            return done[key]
        det = make(t)
        scores: dict[str, list[LabelScore]] = {label: [] for label in labels}
        with heads_replaced({} if head is None else {head_name: head}):
            for c in by_batch[batch]:
                found = det.detect(c.call, DetectionContext(c.roles, embedder=encoder))
                pred = predicted_moments({det.name: found}, c.roles, c.alignment, list(labels))
                for label in labels:
                    scores[label].append(score_label(label, c.gold.moments, pred))
        done[key] = {label: LabelScore.total(label, s) for label, s in scores.items()}
        return done[key]

    heads: dict[frozenset[str], Any] = {}

    def head_without(*held: str) -> Any:
        """The fold head trained on every batch but ``held`` (and the invented rows)."""
        key = frozenset(held)
        if key not in heads:
            heads[key] = fold_head(head_name, data, x, lambda b: b not in key, context)
        return heads[key]

    def objective(s: dict[str, LabelScore]) -> float:
        return sum(v.f1 for v in s.values())

    out: dict[str, Any] = {}
    # the shipped setting: the acceptance head is on at 0.7, every other head off
    shipped = 0.7 if variant.startswith("next_step_accept") else None
    if tests:
        # heads trained on every batch of ``batches`` (never on ``tests``), scored on tests
        for test in tests:
            head = head_without(*tests)
            out[test] = {
                "main": {k: v.counts() for k, v in run(None, test, shipped).items()},
                **{
                    str(t): {k: v.counts() for k, v in run(head, test, t).items()}
                    for t in grid
                    if t is not None
                },
            }
        return out
    held_main: dict[str, list[LabelScore]] = {label: [] for label in labels}
    held_cand: dict[str, list[LabelScore]] = {label: [] for label in labels}
    held_fixed: dict[Any, dict[str, list[LabelScore]]] = {
        t: {label: [] for label in labels} for t in grid
    }
    for h in folds:
        inner: dict[Any, list[dict[str, LabelScore]]] = {t: [] for t in grid}
        for g in folds:
            if g == h or FIXED:
                continue
            head = head_without(h, g)
            for t in grid:
                inner[t].append(run(head, g, t))

        def pooled(parts: list[dict[str, LabelScore]]) -> dict[str, LabelScore]:
            return {label: LabelScore.total(label, [p[label] for p in parts]) for label in labels}

        best = (
            grid[0]
            if FIXED
            else max(grid, key=lambda t: (round(objective(pooled(inner[t])), 9), str(t)))
        )
        head = head_without(h)
        main = run(None, h, shipped)
        cand = run(head, h, best)
        print(h, best, {k: v.counts() for k, v in cand.items()}, file=sys.stderr, flush=True)
        for t in grid:
            r = run(head, h, t)
            for label in labels:
                held_fixed[t][label].append(r[label])
        out[h] = {
            "fixed": {
                str(t): {k: v.counts()["f1"] for k, v in run(head, h, t).items()} for t in grid
            },
            "fixed_counts": {
                str(t): {k: (v.tp, v.fp, v.fn) for k, v in run(head, h, t).items()} for t in grid
            },
            "chosen": best,
            "main": {k: v.counts() for k, v in main.items()},
            "candidate": {k: v.counts() for k, v in cand.items()},
        }
        for label in labels:
            held_main[label].append(main[label])
            held_cand[label].append(cand[label])
    out["pooled_main"] = {k: LabelScore.total(k, v).counts() for k, v in held_main.items()}
    out["pooled_candidate"] = {k: LabelScore.total(k, v).counts() for k, v in held_cand.items()}
    out["pooled_fixed"] = {
        str(t): {k: LabelScore.total(k, v).counts() for k, v in per.items()}
        for t, per in held_fixed.items()
    }
    return out


def train_pair(
    label: str, batches: Sequence[str], out: Path, context: int | None = None
) -> dict[str, Any]:
    """Fit the two-turn ``label`` head on the writers' rows of ``batches`` and write it to
    ``out`` (``<label>.head.npz`` / ``.json``), recording which batches trained it and the
    leave-one-batch-out numbers of the head alone on those rows."""
    import hashlib

    import sklearn
    from sklearn.metrics import average_precision_score

    from callcoach.nlp.embeddings import MODEL_SHA256
    from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead, pair_features

    # the step head reads the other speaker's next turn (2.8), the others the turn before
    following = label == "next_step"
    data, contexts = pair_pool(label, batches, context, following=following)
    encoder = embedder()
    x = pair_features(encoder.encode(contexts), encoder.encode(list(data.texts)))
    y = data.labels
    oof = np.zeros(len(y))
    for held in batches:
        test = data.where(lambda b, h=held: b == h)
        oof[test] = fit(x[~test], y[~test]).predict_proba(x[test])[:, 1]
    by_batch = {
        b: round(
            float(
                average_precision_score(
                    y[data.where(lambda v, b=b: v == b)], oof[data.where(lambda v, b=b: v == b)]
                )
            ),
            3,
        )
        for b in batches
    }
    model = fit(x, y)
    digest = hashlib.sha256(
        "\n".join(
            f"{label_}\t{c}\t{t}"
            for label_, c, t in zip(y.tolist(), contexts, data.texts, strict=True)
        ).encode("utf-8")
    ).hexdigest()
    tp, fp, fn, f1 = prf(y, oof >= 0.7)
    head = EmbeddingHead(
        label,
        np.asarray(model.coef_[0], dtype=np.float32),
        float(model.intercept_[0]),
        0.7,
        {
            "features": PAIR_FEATURES,
            **({} if context is None else {"context_sentences": context}),
            "C": C,
            "embedding_model_sha256": MODEL_SHA256,
            "sklearn_version": sklearn.__version__,
            "trained_by": "scripts/lobo_close_heads.py train",
            "training_data": (
                "writers' sentence rows of the opened blind batches, read at training time "
                "through callcoach.eval.moment_rows.sentence_rows (never copied into a file): "
                f"{'every speaker' if SIDES[label] == 'any' else 'the ' + SIDES[label]}'s "
                "sentences, each with the other speaker's turn "
                + ("after" if following else "before")
                + " it"
            ),
            **({"context_turn": "following"} if following else {}),
            "training_batches": list(batches),
            "training_rows_sha256": digest,
            "rows": len(y),
            "positives": int(y.sum()),
            "lobo": {
                "grouped_by": "blind batch (one writer each)",
                "average_precision_pooled": round(float(average_precision_score(y, oof)), 4),
                "average_precision_by_batch": by_batch,
                "at_0.7": {"tp": tp, "fp": fp, "fn": fn, "f1": round(f1, 4)},
            },
        },
    )
    head.save(out)
    return {"rows": len(y), "positives": int(y.sum()), "lobo": head.metadata["lobo"]}


# ---- the proposal gate for recommendations (tenth round; measured, not shipped) ----

# A rep sentence framed as a proposal: the rep speaking of what they or the buyer would,
# could or should do ("I'd …", "we could …", "you'd want …", "let's …", "for your team …",
# "start with …", "go with …"), or an imperative. The modal or second-person frame of a
# proposal, not the wording of any call.
_PROPOSAL_FORM = re.compile(
    r"\b(?:i'?d|i would|we'?d|we would|we could|we can|i can|you could|you can|you'?d|"
    r"you would|you'?ll|you will|you should|you might|you may|you want|you need|let'?s|"
    r"for you|for your|start (?:with|by|on)|go with|begin with|my (?:advice|suggestion|"
    r"recommendation)|what (?:i'?d|we'?d|i would|we would))\b",
    re.IGNORECASE,
)
# The fewest words of a buyer statement after which the rep's proposals are read (the need
# head's candidates): the buyer has said something of substance.
_HEARD_WORDS = 8


def proposal_form(sentence: str) -> bool:
    """A rep sentence framed as a proposal (``_PROPOSAL_FORM``) or an imperative
    (``needs_coverage._imperative``: not opened by a pronoun, article or conjunction)."""
    from callcoach.detectors.needs_coverage import _imperative

    text = sentence.replace("\u2019", "'")
    return _PROPOSAL_FORM.search(text) is not None or _imperative(text)


def recommendation_candidates(call: Any, roles: Any, min_words: int = 4) -> list[Any]:
    """(utterance, start, end) of the rep sentences in the proposal gate: said after the
    buyer's first statement of ``_HEARD_WORDS`` words or more, of at least ``min_words``
    words, not questions, in proposal form, with no rep veto phrase (a playback, the next
    step). The sentences the tenth round's recommendation head read (b42ea1c)."""
    from callcoach.detectors._patterns import load_lexicon
    from callcoach.detectors.needs_coverage import _sentence_spans, _vetoes

    vetoes = _vetoes(load_lexicon("recommendations"))
    spoken = [u for u in call.utterances if roles.role_of(u.speaker) in ("rep", "prospect")]
    out, heard = [], False
    for utterance, spans in zip(spoken, _sentence_spans(spoken), strict=True):
        if roles.role_of(utterance.speaker) == "prospect":
            heard = heard or any(
                len(utterance.text[a:b].split()) >= _HEARD_WORDS
                and not utterance.text[a:b].rstrip().endswith("?")
                for a, b in spans
            )
            continue
        if not heard:
            continue
        for start, end in spans:
            sentence = utterance.text[start:end]
            if (
                len(sentence.split()) < min_words
                or sentence.rstrip().endswith("?")
                or not proposal_form(sentence)
                or (vetoes is not None and vetoes.search(sentence) is not None)
            ):
                continue
            out.append((utterance, start, end))
    return out


def rec_rows(batches: Sequence[str], least: int = 4) -> list[tuple[Any, bool, int]]:
    """The rep's sentence rows of ``batches`` with (row, in the proposal gate, place in the
    rep's turn): the gate is a statement of ``least`` words or more, not a question, in
    proposal form (``proposal_form``), said after a buyer statement of 8 words or more."""
    from callcoach.detectors._patterns import load_lexicon
    from callcoach.detectors.needs_coverage import _vetoes
    from callcoach.eval.moment_rows import sentence_rows

    vetoes = _vetoes(load_lexicon("recommendations"))
    out: list[tuple[Any, bool, int]] = []
    heard: set[str] = set()
    place: dict[tuple[str, int], int] = {}
    for row in sentence_rows(batches):
        text = " ".join(row.text.split())
        statement = len(text.split()) >= least and not text.endswith("?")
        if not row.is_rep:
            if len(text.split()) >= _HEARD_WORDS and not text.endswith("?"):
                heard.add(row.call)
            continue
        n = place.get((row.call, row.turn), 0)
        place[(row.call, row.turn)] = n + 1
        vetoed = vetoes is not None and vetoes.search(text) is not None
        gate = statement and row.call in heard and proposal_form(text) and not vetoed
        out.append((row, gate, n))
    return out


def recgate(batches: Sequence[str], context: int | None = 2) -> dict[str, Any]:
    """Gate recall of the proposal gate on the writers' rows, and leave one batch out of a
    recommendation head deciding among the gate's rows: a one-sentence head (invented rows
    plus the other writers' gate rows) and a two-turn head (the buyer's turn before, its
    last ``context`` sentences; writers' rows alone)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from sklearn.metrics import average_precision_score
    from train_head import read_rows

    from callcoach.detectors.needs_coverage import turn_tail
    from callcoach.nlp.heads import pair_features

    rows = rec_rows(batches)
    gated = [(r, n) for r, g, n in rows if g]
    out: dict[str, Any] = {}
    for b in batches:
        pos = [r for r, _, _ in rows if r.batch == b and "recommendation" in r.labels]
        inside = [r for r, g, _ in rows if g and r.batch == b and "recommendation" in r.labels]
        size = sum(1 for r, g, _ in rows if g and r.batch == b)
        out[b] = {"gold rows": len(pos), "in gate": len(inside), "gate rows": size}
    invented = read_rows(TRAINING / "recommendation.jsonl")
    enc = embedder()
    texts = [" ".join(r.text.split()) for r, _ in gated]
    ctx = [turn_tail(" ".join(r.previous.split()) or ".", context) for r, _ in gated]
    y = np.asarray([int("recommendation" in r.labels) for r, _ in gated], dtype=np.int64)
    origin = np.asarray([r.batch for r, _ in gated])
    xs = enc.encode(texts)
    xi = enc.encode(list(invented.texts))
    yi = np.asarray(invented.labels, dtype=np.int64)
    xp = pair_features(enc.encode(ctx), xs)
    for name in ("sentence", "pair"):
        probs = np.zeros(len(y))
        hits = np.zeros(len(y), dtype=bool)
        for held in batches:
            test = origin == held
            if not test.any():
                continue

            def train(keep: NDArray[np.bool_], name: str = name) -> Any:
                if name == "sentence":
                    return fit(np.vstack([xi, xs[keep]]), np.concatenate([yi, y[keep]]))
                return fit(xp[keep], y[keep])

            x = xs if name == "sentence" else xp
            inner_p, inner_y = [], []
            for other in batches:
                if other == held or not (origin == other).any():
                    continue
                m = train((origin != held) & (origin != other))
                inner_p.append(m.predict_proba(x[origin == other])[:, 1])
                inner_y.append(y[origin == other])
            cut = _best_cut(np.concatenate(inner_y), np.concatenate(inner_p))
            probs[test] = train(~test).predict_proba(x[test])[:, 1]
            hits[test] = probs[test] >= cut
            tp, fp, fn, f1 = prf(y[test], hits[test])
            out[held][name] = {"cut": round(cut, 2), "tp/fp/fn": [tp, fp, fn], "f1": round(f1, 3)}
        tp, fp, fn, f1 = prf(y, hits)
        out[f"pooled_{name}"] = {
            "ap": round(float(average_precision_score(y, probs)), 3),
            "tp/fp/fn": [tp, fp, fn],
            "f1": round(f1, 3),
            "base rate": round(float(y.mean()), 3),
        }
    return out


# ---- gate recall: the share of gold moments any candidate covers (the ceiling) ----


def _moments(label: str, alignment: Any, spans: Sequence[tuple[Any, int, int]]) -> list[Any]:
    """``(utterance, start, end)`` spans as predicted moments of ``label`` (deduplicated)."""
    from callcoach.eval.moments import Moment
    from callcoach.model import Evidence

    out, seen = [], set()
    for utterance, a, b in spans:
        if (utterance.id, a, b) in seen:
            continue
        seen.add((utterance.id, a, b))
        placed = alignment.span(Evidence.of(utterance, a, b))
        if placed is not None:
            out.append(Moment(placed[0], label, placed[1], placed[2]))
    return out


def _sentences_of(call: Any, roles: Any, role: str | None, least: int = 1) -> list[Any]:
    """Every sentence (utterance, start, end) of ``role`` (None: a known side) with at
    least ``least`` words, in call order."""
    from callcoach.nlp.sentences import split_sentences

    out = []
    for u in call.utterances:
        side = roles.role_of(u.speaker)
        if side not in ("rep", "prospect") or (role is not None and side != role):
            continue
        for a, b in split_sentences(u.text):
            if len(u.text[a:b].split()) >= least:
                out.append((u, a, b))
    return out


def _answer_position(call: Any, roles: Any, needs: Any, first: int) -> list[Any]:
    """Rep sentences (not questions, four words or more) among the first ``first`` of the
    rep's reply to a prospect turn that holds a need (``needs``: utterance ids)."""
    from callcoach.nlp.sentences import split_sentences

    out, open_, said = [], False, 0
    for u in call.utterances:
        side = roles.role_of(u.speaker)
        if side == "prospect":
            if u.id in needs:
                open_, said = True, 0
            continue
        if side != "rep" or not open_:
            continue
        for a, b in split_sentences(u.text):
            s = u.text[a:b]
            if len(s.split()) < 4 or s.rstrip().endswith("?"):
                continue
            if said < first:
                out.append((u, a, b))
            said += 1
        if said >= first:
            open_ = False
    return out


def _after_need(call: Any, roles: Any, needs: Any, least: int = 4) -> list[Any]:
    """Rep statements (not questions, ``least`` words or more) in proposal form said after
    the first prospect turn holding a need (``needs``: utterance ids), anywhere later."""
    from callcoach.nlp.sentences import split_sentences

    out, heard = [], False
    for u in call.utterances:
        side = roles.role_of(u.speaker)
        if side == "prospect":
            heard = heard or u.id in needs
            continue
        if side != "rep" or not heard:
            continue
        for a, b in split_sentences(u.text):
            s = u.text[a:b]
            if len(s.split()) >= least and not s.rstrip().endswith("?") and proposal_form(s):
                out.append((u, a, b))
    return out


def gate_spans(c: Any) -> dict[str, dict[str, list[Any]]]:
    """label → gate name → candidate spans of one prepared call (see ``gates``)."""
    from callcoach.detectors.base import DetectionContext
    from callcoach.detectors.needs_coverage import find_statements, need_candidates
    from callcoach.detectors.next_step import NextStepDetector

    call, roles = c.call, c.roles
    st = find_statements(call, roles)
    phrase_needs = [(s.utterance, s.start, s.end) for s in st if s.kind == "need"]
    reps = [(s.utterance, s.start, s.end) for s in st if s.kind != "need"]
    head4 = need_candidates(call, roles, 4)
    head8 = need_candidates(call, roles, 8)
    need_turns = {u.id for u, _, _ in phrase_needs}
    cand_turns = need_turns | {u.id for u, _, _ in head8}
    ctx = DetectionContext(roles)
    rules = NextStepDetector(accept_head=None)
    steps = rules._rule_steps(call, ctx)
    step_spans = [(s.utterance, *s.span) for s in steps]
    wide = NextStepDetector(accept_head=0.7, step_head=0.5, step_head_rep_only=False)
    step_cands = [(u, *span) for _, u, span, _ in wide._step_candidates(call, ctx, steps)]
    replies = [(r, *span) for _, r, span in wide._reply_candidates(call, ctx, steps, True)]
    replies_wide = [(r, *span) for _, r, span in wide._reply_candidates(call, ctx, steps, False)]
    found = NextStepDetector().detect(call, DetectionContext(roles, embedder=embedder()))
    accepts = [
        (u, e.char_start, e.char_end)
        for f in found
        if f.label == "next_step_accept"
        for e in f.evidence
        for u in call.utterances
        if u.id == e.utterance_id and e.char_end is not None
    ]
    buyer_first: list[Any] = []  # the first three sentences of every buyer turn after a rep's
    from callcoach.nlp.sentences import split_sentences

    previous = None
    for u in call.utterances:
        side = roles.role_of(u.speaker)
        if side == "prospect" and previous == "rep":
            buyer_first += [(u, a, b) for a, b in split_sentences(u.text)[:3]]
        if side in ("rep", "prospect"):
            previous = side
    return {
        "need": {
            "phrases (shipped)": phrase_needs,
            "+ head candidates >= 8 words": phrase_needs + head8,
            "+ head candidates >= 4 words": phrase_needs + head4,
            "every buyer sentence": _sentences_of(call, roles, "prospect"),
        },
        "recommendation": {
            "rep statements (shipped)": reps,
            "+ answer position after a phrase need, 3": reps
            + _answer_position(call, roles, need_turns, 3),
            "+ answer position after a need candidate, 3": reps
            + _answer_position(call, roles, cand_turns, 3),
            "+ answer position after a need candidate, 6": reps
            + _answer_position(call, roles, cand_turns, 6),
            "+ proposal form in answer position after a need candidate, 6": reps
            + [
                (u, a, b)
                for u, a, b in _answer_position(call, roles, cand_turns, 6)
                if proposal_form(u.text[a:b])
            ],
            "+ proposal form after a need candidate, anywhere": reps
            + _after_need(call, roles, cand_turns),
            "+ proposal form after a phrase need, anywhere": reps
            + _after_need(call, roles, need_turns),
            "+ the proposal gate (recgate)": reps + recommendation_candidates(call, roles),
            "every rep sentence": _sentences_of(call, roles, "rep"),
        },
        "next_step": {
            "rule steps (shipped)": step_spans,
            "+ step-head candidates": step_spans + step_cands,
            "every sentence": _sentences_of(call, roles, None),
        },
        "next_step_accept": {
            "acceptances + head replies (shipped)": accepts + replies,
            "+ replies to step candidates": accepts + replies_wide,
            "+ first 3 sentences of every buyer reply": accepts + replies_wide + buyer_first,
            "every buyer sentence": _sentences_of(call, roles, "prospect"),
        },
    }


def gates(batches: Sequence[str]) -> dict[str, Any]:
    """Gate recall per batch and label: the gold moments some candidate of each gate covers
    (the README's matching rule, one to one), with the candidates per call."""
    from callcoach.eval.lexicon_loco import READ_BATCHES, batch_of, prepare_read_calls
    from callcoach.eval.moments import score_label

    calls = prepare_read_calls(READ_BATCHES[batches[0]], [READ_BATCHES[b] for b in batches[1:]])
    out: dict[str, Any] = {}
    for c in calls:
        batch = batch_of(c.gold.id)
        for label, by_gate in gate_spans(c).items():
            for gate, spans in by_gate.items():
                pred = _moments(label, c.alignment, spans)
                s = score_label(label, c.gold.moments, pred)
                row = out.setdefault(label, {}).setdefault(gate, {}).setdefault(batch, [0, 0, 0])
                row[0] += s.tp
                row[1] += s.tp + s.fn
                row[2] += len(pred)
    for by_gate in out.values():
        for per in by_gate.values():
            total = [sum(v[i] for v in per.values()) for i in range(3)]
            per["all"] = total
            for key, (hit, gold, n) in list(per.items()):
                per[key] = f"{hit}/{gold} = {hit / gold:.2f} ({n} cand.)" if gold else "-"
    return out


# ---- why: the structure of the gold steps the decision loses, and of its false steps ----

# The share of the call's turns after which a step counts as said "near the end".
LATE = 0.8


def _when_in(text: str) -> bool:
    from callcoach.detectors.next_step import _DAY_RE, _DURATION, _TIME_RE

    return any(r.search(text) is not None for r in (_DAY_RE, _TIME_RE, _DURATION))


def _kind(gold: Any, m: Any, steps_before: bool) -> list[str]:
    """Structural tags of one gold or predicted next_step moment (``m``) in ``gold``."""
    from callcoach.detectors.next_step import _commitment
    from callcoach.eval.moments import words
    from callcoach.nlp.sentences import split_sentences

    turn = gold.turns[m.turn]
    text = " ".join(words(turn.text)[m.start : m.end])
    tags = ["rep" if turn.speaker in gold.reps else "buyer"]
    tags.append("late" if m.turn >= LATE * len(gold.turns) else "early")
    tags.append("time" if _when_in(text) else "no-time")
    tags.append("commit-form" if _commitment(text) else "no-form")
    if text.rstrip().endswith("?"):
        tags.append("question")
    starts = [len(words(turn.text[:a])) for a, _ in split_sentences(turn.text)]
    if sum(1 for s in starts if m.start < s < m.end) >= 1:
        tags.append("two-sentences")
    if tags[0] == "buyer" and steps_before:
        tags.append("after-a-rep-step")
    if tags[0] == "rep" and tags[1] == "late" and steps_before:
        tags.append("recap?")
    return tags


def why(batches: Sequence[str], show: bool = False) -> dict[str, Any]:
    """Per batch, the gold next steps the shipped detector misses, split by the gate that
    covers them (a rule step the decision dropped, a step-head candidate, none) and tagged
    by structure (``_kind``); and its false steps, tagged the same way."""
    from collections import Counter

    from callcoach.detectors.base import DetectionContext
    from callcoach.detectors.next_step import NextStepDetector
    from callcoach.eval.lexicon_loco import READ_BATCHES, batch_of, prepare_read_calls
    from callcoach.eval.moments import match_moments, words
    from callcoach.eval.salescalls import predicted_moments

    calls = prepare_read_calls(READ_BATCHES[batches[0]], [READ_BATCHES[b] for b in batches[1:]])
    out: dict[str, Any] = {}
    for c in calls:
        batch = batch_of(c.gold.id)
        row = out.setdefault(batch, {"fn": Counter(), "fp": Counter(), "tp": 0, "gold": 0})
        found = NextStepDetector(**STEP_PARAMS).detect(
            c.call, DetectionContext(c.roles, embedder=embedder())
        )
        pred = predicted_moments({"next_step": found}, c.roles, c.alignment, ["next_step"])
        gold = [m for m in c.gold.moments if m.label == "next_step"]
        pairs = match_moments(gold, pred)
        hit_gold = {id(p.gold) for p in pairs}
        hit_pred = {id(p.pred) for p in pairs}
        spans = gate_spans(c)["next_step"]
        covered = {
            gate: {
                id(p.gold)
                for p in match_moments(gold, _moments("next_step", c.alignment, spans[gate]))
            }
            for gate in ("rule steps (shipped)", "+ step-head candidates")
        }
        step_turns = sorted({p.turn for p in pred} | {g.turn for g in gold})
        row["tp"] += len(pairs)
        row["gold"] += len(gold)
        for m in gold:
            if id(m) in hit_gold:
                continue
            if id(m) in covered["rule steps (shipped)"]:
                gate = "gate:rule-step-dropped"
            elif id(m) in covered["+ step-head candidates"]:
                gate = "gate:head-candidate"
            else:
                gate = "gate:none"
            tags = [gate, *_kind(c.gold, m, any(t < m.turn for t in step_turns))]
            row["fn"][" ".join(tags)] += 1
            if show:
                quote = " ".join(words(c.gold.turns[m.turn].text)[m.start : m.end])
                print("FN", c.gold.id, m.turn, len(c.gold.turns), tags, quote, file=sys.stderr)
        for p in pred:
            if id(p) in hit_pred:
                if show:
                    tags = _kind(c.gold, p, any(t < p.turn for t in step_turns))
                    quote = " ".join(words(c.gold.turns[p.turn].text)[p.start : p.end])
                    print("TP", c.gold.id, p.turn, len(c.gold.turns), tags, quote, file=sys.stderr)
                continue
            tags = _kind(c.gold, p, any(t < p.turn for t in step_turns))
            accepted = any(
                m.label == "next_step_accept" and m.turn == p.turn for m in c.gold.moments
            )
            if accepted:
                tags.append("gold-accept-in-turn")
            row["fp"][" ".join(tags)] += 1
            if show:
                quote = " ".join(words(c.gold.turns[p.turn].text)[p.start : p.end])
                print("FP", c.gold.id, p.turn, len(c.gold.turns), tags, quote, file=sys.stderr)
    total: dict[str, Any] = {"fn": Counter(), "fp": Counter(), "tp": 0, "gold": 0}
    for row in out.values():
        for key in ("fn", "fp"):
            total[key].update(row[key])
        total["tp"] += row["tp"]
        total["gold"] += row["gold"]
    out["all"] = total
    return {
        b: {k: (dict(v.most_common()) if isinstance(v, Counter) else v) for k, v in r.items()}
        for b, r in out.items()
    }


# ---- recwhy: the recommendations the detector misses and the ones it adds ----


def recwhy(batches: Sequence[str], params: dict[str, Any], show: bool = False) -> dict[str, Any]:
    """Per batch, tp/fp/fn of ``recommendation`` and ``need`` for ``NeedsCoverageDetector``
    alone (``params`` over the shipped ones); ``--show`` prints each missed and false
    recommendation to stderr with the buyer's turn before it (for reading, never a file)."""
    from callcoach.detectors.base import DetectionContext
    from callcoach.detectors.needs_coverage import NeedsCoverageDetector
    from callcoach.eval.lexicon_loco import READ_BATCHES, batch_of, prepare_read_calls
    from callcoach.eval.moments import match_moments, words
    from callcoach.eval.salescalls import predicted_moments

    calls = prepare_read_calls(READ_BATCHES[batches[0]], [READ_BATCHES[b] for b in batches[1:]])
    det = NeedsCoverageDetector(**params)
    out: dict[str, Any] = {}
    for c in calls:
        batch = batch_of(c.gold.id)
        found = det.detect(c.call, DetectionContext(c.roles, embedder=embedder()))
        for label in ("recommendation", "need"):
            pred = predicted_moments({"needs_coverage": found}, c.roles, c.alignment, [label])
            gold = [m for m in c.gold.moments if m.label == label]
            pairs = match_moments(gold, pred)
            row = out.setdefault(label, {}).setdefault(batch, [0, 0, 0])
            row[0] += len(pairs)
            row[1] += len(pred) - len(pairs)
            row[2] += len(gold) - len(pairs)
            if not show or label != "recommendation":
                continue
            hit_gold = {id(p.gold) for p in pairs}
            hit_pred = {id(p.pred) for p in pairs}
            n = len(c.gold.turns)
            for kind, ms, hit in (("FN", gold, hit_gold), ("FP", pred, hit_pred)):
                for m in ms:
                    if id(m) in hit:
                        continue
                    turn = c.gold.turns[m.turn]
                    quote = " ".join(words(turn.text)[m.start : m.end])
                    before = c.gold.turns[m.turn - 1].text[-160:] if m.turn else ""
                    same = sum(1 for p in pred if p.turn == m.turn and p is not m)
                    print(
                        kind,
                        c.gold.id,
                        c.gold.style,
                        f"{m.turn}/{n}",
                        f"same-turn:{same}",
                        quote,
                        "|| BEFORE:",
                        before,
                        file=sys.stderr,
                    )
    for by_batch in out.values():
        by_batch["all"] = [sum(v[i] for v in by_batch.values()) for i in range(3)]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "mode", choices=("sentences", "detector", "train", "gates", "why", "recgate", "recwhy")
    )
    parser.add_argument("--label", default="need", help="train: the two-turn head to fit")
    parser.add_argument("--out", type=Path, default=None, help="train: models folder")
    parser.add_argument("--variant", default="need", choices=sorted(VARIANTS))
    parser.add_argument("--grid", default="none,0.7,0.8,0.9")
    parser.add_argument("--labels", default="need,recommendation,next_step,next_step_accept")
    parser.add_argument("--batches", default="open,open2,open3,open4,open5,open6")
    parser.add_argument("--test", default="", help="batches scored only (never trained on)")
    parser.add_argument(
        "--context",
        type=int,
        default=None,
        help="two-turn heads: read only the last N sentences of the turn before (default all)",
    )
    parser.add_argument(
        "--head-words",
        type=int,
        default=None,
        help="detector: the need head reads sentences of at least N words (default min_words)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--fixed", action="store_true", help="detector: fixed thresholds only (no nesting)"
    )
    parser.add_argument(
        "--step-params",
        default="{}",
        help='detector: NextStepDetector parameters as JSON ({"step_head_rep_only": false})',
    )
    parser.add_argument("--show", action="store_true", help="why: print each quote to stderr")
    parser.add_argument(
        "--rec-params", default="{}", help="recwhy: NeedsCoverageDetector parameters as JSON"
    )
    args = parser.parse_args(argv)
    batches = [b for b in args.batches.split(",") if b]
    global HEAD_WORDS, FIXED
    HEAD_WORDS = args.head_words
    FIXED = args.fixed
    STEP_PARAMS.update(json.loads(args.step_params))
    if args.mode == "gates":
        out = gates(batches)
    elif args.mode == "recwhy":
        out = recwhy(batches, json.loads(args.rec_params), args.show)
    elif args.mode == "recgate":
        out = recgate(batches, args.context)
    elif args.mode == "why":
        out = why(batches, args.show)
    elif args.mode == "train":
        from callcoach.nlp.linear import MODELS_DIR

        out = train_pair(args.label, batches, args.out or MODELS_DIR, args.context)
    elif args.mode == "detector":
        grid = [None if g == "none" else float(g) for g in args.grid.split(",")]
        out = detector(
            args.variant, batches, grid, [b for b in args.test.split(",") if b], args.context
        )
    else:
        tests = [b for b in args.test.split(",") if b]
        out = {label: sentences(label, batches, tests) for label in args.labels.split(",")}
    sys.stdout.write(json.dumps(out, indent=1 if args.json else None) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
