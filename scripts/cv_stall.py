"""Cross-validate the stall lexicon and keep only the phrases that earn their place.

Protocol (issue 10): k-fold over whole conversations on train+dev of RESPER P4G and RESPER
CB (evaluation-only corpora: they choose phrases, nothing is trained on them), plus
leave-one-call-out on the annotated sales calls. A phrase is a rule; a rule stays only if
dropping it does not raise the cross-validated score.

1. Every prospect row (corpus) or prospect turn (sales call) is scanned once per phrase: a
   phrase "fires" on a row when it matches in a sentence that no veto of
   ``lexicons/stall_not.yaml`` applies to (``stall.vetoed``) and that is not a question about
   the offer (``stall.asks``), as the detector does (its answer-to-a-process-question gate
   needs the rep's turn, so it is left out here). A row
   is predicted a stall when any kept phrase fires.
2. Selection = greedy backward elimination: drop the phrase whose removal raises the
   objective (F1 on P4G + F1 on CB + F1 on sales-call turns) most, until none does.
3. Nested estimate: for each of K outer folds, select on the other folds and score the held-out
   fold (corpora: ``sha1(conversation_id)`` mod K; sales calls: one call per fold). The
   spread of the held-out scores is what to expect on unseen data.
4. Held-out split: select on the train split of both corpora (and the sales calls) and score
   the dev split, which selection never sees (``always reported). Dev stands in
   for the withheld test split: phrases are written from train misses only.
5. In-sample: select on all of train+dev and score the same rows. The distance from this
   number to the nested mean is how far the estimate moves from what was tuned.
6. The last lines print the phrases dropped on all data (to be removed from the lexicon).

With ``--loco``: moment-level leave-one-call-out on the sales calls instead (the README's
matching rule, as ``callcoach eval``), for the stall phrases and for the stall_response
cues, with ``callcoach.eval.lexicon_loco``: lenient (phrases that hurt the other calls are
dropped) and strict (also dropped: phrases that found no gold moment on another call).

Usage: python scripts/cv_stall.py [--folds 5] [--data ../shared/data] [--also FOLDER] [--loco]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from callcoach.detectors._patterns import _word_starts, fold, load_lexicon, sentence_span
from callcoach.detectors.stall import ASKED_KINDS, asks, vetoed, without_fillers
from callcoach.eval.corpus import data_root, load_corpus
from callcoach.eval.lexicon_loco import check_read_folder
from callcoach.eval.tasks.stall import gold
from callcoach.model import Finding

CORPORA = ("resper_p4g", "resper_cb")
SALES = "salescalls"
# The least gain in summed F1 for which a phrase is dropped: with no margin, elimination
# chases noise in the design folds and loses on the held-out fold.
MARGIN = 0.01


@dataclass(frozen=True)
class Row:
    source: str  # corpus name or "salescalls"
    group: str  # conversation id (corpora) or call id (sales calls)
    positive: bool
    fired: frozenset[int]  # phrase indices that fire on this row
    split: str = "train"  # corpus split ("train" or "dev"); sales calls count as train


def fired_phrases(text: str) -> frozenset[int]:
    """Indices of the phrases that fire on ``text``, found as the detector finds them: through
    the lexicon's word index (a phrase is tried only where one of its first words starts)."""
    lexicon = load_lexicon("stall")
    urgency = load_lexicon("stall_not")
    fired: set[int] = set()
    # As the detector does: the text as written, and the text with its fillers blanked.
    for variant in {text, without_fillers(text)}:
        folded, starts = fold(variant), _word_starts(variant)
        for index, phrase in enumerate(lexicon.phrases):
            if index in fired or any(r.isdisjoint(starts) for r in phrase.also_requires):
                continue
            for match in phrase.matches(folded, starts):
                start, end = sentence_span(text, match.start(), match.end())
                sentence = text[start:end]
                if not vetoed(urgency, sentence, phrase.category) and (
                    phrase.category in ASKED_KINDS or not asks(sentence)
                ):
                    fired.add(index)
                    break
    return frozenset(fired)


def corpus_rows(name: str) -> list[Row]:
    rows = []
    for split in ("train", "dev"):
        for conv in load_corpus(name, split):
            for utterance in conv.utterances:
                label = gold(utterance)
                if label is not None:
                    rows.append(
                        Row(
                            name,
                            conv.conversation_id,
                            label == "yes",
                            fired_phrases(utterance.text),
                            split,
                        )
                    )
    return rows


def sales_rows(folder: Path) -> list[Row]:
    rows = []
    for path in sorted(folder.glob("*.labels.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        stalls = {m["turn"] for m in labels["moments"] if m["label"] == "stall"}
        for turn in labels["turns"]:
            if turn["speaker"] in labels["prospects"]:
                rows.append(
                    Row(SALES, labels["id"], turn["i"] in stalls, fired_phrases(turn["text"]))
                )
    return rows


def phrase_texts() -> list[str]:
    """The lexicon's phrases in file order (the index order of ``Lexicon.phrases``)."""
    path = resources.files("callcoach.detectors").joinpath("lexicons", "stall.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f"[{category}] {phrase}" for category, phrases in raw.items() for phrase in phrases]


@dataclass(frozen=True)
class Matrix:
    """Rows x phrases firing matrix with gold and source, for fast F1 arithmetic."""

    fired: np.ndarray  # bool, rows x phrases
    positive: np.ndarray  # bool, rows
    source: np.ndarray  # int, rows (index into ``sources``)
    sources: tuple[str, ...]

    @classmethod
    def of(cls, rows: Sequence[Row], phrases: int) -> Matrix:
        fired = np.zeros((len(rows), phrases), dtype=bool)
        for i, row in enumerate(rows):
            fired[i, list(row.fired)] = True
        sources = tuple(sorted({r.source for r in rows}))
        source = np.asarray([sources.index(r.source) for r in rows])
        return cls(fired, np.asarray([r.positive for r in rows]), source, sources)


def counts(m: Matrix, kept: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per source: true positives, predicted positives, gold positives."""
    predicted = (m.fired & kept).any(axis=1)
    n = len(m.sources)
    tp = np.bincount(m.source, weights=predicted & m.positive, minlength=n)
    pp = np.bincount(m.source, weights=predicted, minlength=n)
    gp = np.bincount(m.source, weights=m.positive, minlength=n)
    return tp, pp, gp


def f1s(tp: np.ndarray, pp: np.ndarray, gp: np.ndarray) -> np.ndarray:
    return np.asarray(2 * tp / np.maximum(1, pp + gp))


def select(m: Matrix, kept: np.ndarray) -> np.ndarray:
    """Backward elimination: drop phrases while dropping one raises the summed F1."""
    kept = kept.copy()
    onehot = np.eye(len(m.sources))[m.source]  # rows x sources
    while True:
        tp, pp, gp = counts(m, kept)
        best = f1s(tp, pp, gp).sum()
        firing = m.fired & kept
        only = firing & (firing.sum(axis=1) == 1)[:, None]  # rows lost if that phrase goes
        lost_tp = only.T.astype(float) @ (onehot * m.positive[:, None])  # phrases x sources
        lost_pp = only.T.astype(float) @ onehot
        scores = (2 * (tp - lost_tp) / np.maximum(1, pp - lost_pp + gp)).sum(axis=1)
        scores[~kept] = -np.inf
        drop = int(np.argmax(scores))
        if scores[drop] <= best + MARGIN:
            return kept
        kept[drop] = False


def fold_of(group: str, folds: int) -> int:
    return int(hashlib.sha1(group.encode("utf-8")).hexdigest(), 16) % folds


def score(rows: Sequence[Row], kept: np.ndarray, name: str) -> float:
    """F1 of the kept phrases on the rows of one source."""
    held = Matrix.of([r for r in rows if r.source == name], len(kept))
    return float(f1s(*counts(held, kept))[0])


def heldout_and_in_sample(rows: Sequence[Row], sales: Sequence[Row], phrases: int) -> None:
    """Print F1 on dev after selecting on train, and in-sample F1 after selecting on all."""
    everything = np.ones(phrases, dtype=bool)
    on_train = select(
        Matrix.of([r for r in rows if r.split == "train"] + list(sales), phrases), everything
    )
    on_all = select(Matrix.of(list(rows) + list(sales), phrases), everything)
    for name in CORPORA:
        dev = [r for r in rows if r.split == "dev"]
        print(
            f"{name:11s} dev (selected on train) F1 {score(dev, on_train, name):.3f} "
            f"(all phrases {score(dev, everything, name):.3f}); "
            f"in-sample train+dev F1 {score(rows, on_all, name):.3f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", help="folder with the shared corpora (sets CALLCOACH_DATA)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        type=Path,
        help="another folder of annotated sales calls pooled into leave-one-call-out "
        "(e.g. tests/data/salescalls_blind/open); repeatable",
    )
    parser.add_argument(
        "--loco", action="store_true", help="moment-level leave-one-call-out on the sales calls"
    )
    args = parser.parse_args(argv)
    if args.data:
        os.environ["CALLCOACH_DATA"] = args.data
    if args.loco:
        return sales_loco(args.also)
    rows = [row for name in CORPORA for row in corpus_rows(name)]
    sales = sales_rows(data_root() / SALES)
    for folder in args.also:
        check_read_folder(folder)
        sales += sales_rows(folder)
    texts = phrase_texts()
    everything = np.ones(len(texts), dtype=bool)
    report: dict[str, dict[str, list[float]]] = {
        name: {"all phrases": [], "selected": []} for name in CORPORA
    }
    for k in range(args.folds):
        design = Matrix.of(
            [r for r in rows if fold_of(r.group, args.folds) != k] + sales, len(texts)
        )
        kept = select(design, everything)
        for name in CORPORA:
            held = Matrix.of(
                [r for r in rows if r.source == name and fold_of(r.group, args.folds) == k],
                len(texts),
            )
            for setting, phrases in (("all phrases", everything), ("selected", kept)):
                report[name][setting].append(float(f1s(*counts(held, phrases))[0]))
    loco = {"all phrases": np.zeros(3), "selected": np.zeros(3)}
    for call in sorted({r.group for r in sales}):
        kept = select(
            Matrix.of(rows + [r for r in sales if r.group != call], len(texts)), everything
        )
        held = Matrix.of([r for r in sales if r.group == call], len(texts))
        for setting, phrases in (("all phrases", everything), ("selected", kept)):
            tp, pp, gp = counts(held, phrases)
            loco[setting] += np.asarray([tp[0], pp[0], gp[0]])
    for name in CORPORA:
        for setting, scores in report[name].items():
            print(
                f"{name:11s} {setting:12s} {args.folds}-fold F1 mean {statistics.mean(scores):.3f} "
                f"sd {statistics.stdev(scores):.3f} range [{min(scores):.3f}, {max(scores):.3f}]"
            )
    for setting, (hits, predicted, positives) in loco.items():
        print(
            f"salescalls  {setting:12s} LOCO turn-level F1 "
            f"{2 * hits / max(1, predicted + positives):.3f} "
            f"(tp {hits:.0f}, predicted {predicted:.0f}, gold {positives:.0f})"
        )
    heldout_and_in_sample(rows, sales, len(texts))
    final = select(Matrix.of(rows + sales, len(texts)), everything)
    for index in np.flatnonzero(~final):
        print(f"drop {texts[index]}")
    return 0


def sales_loco(also: Sequence[Path]) -> int:
    """Print moment-level LOCO of the stall phrases and of the stall_response cues."""
    from callcoach.detectors._patterns import Lexicon
    from callcoach.detectors.base import DetectionContext
    from callcoach.detectors.stall import StallDetector
    from callcoach.detectors.stall_response import StallResponseDetector
    from callcoach.eval.lexicon_loco import (
        PreparedCall,
        _loco,
        _raw_lexicon,
        _Scorer,
        prepare_read_calls,
    )

    calls = prepare_read_calls(SALES, also)

    def stalls(c: PreparedCall, lexicon: Lexicon) -> list[Finding]:
        class Narrowed(StallDetector):
            def phrases(self) -> Lexicon:
                return lexicon

        return Narrowed().detect(c.call, DetectionContext(c.roles))

    every_stall: dict[str, list[Finding]] = {}

    def responses(c: PreparedCall, lexicon: Lexicon) -> list[Finding]:
        class Narrowed(StallResponseDetector):
            def phrases(self) -> Lexicon:
                return lexicon

        if c.gold.id not in every_stall:
            every_stall[c.gold.id] = StallDetector().detect(c.call, DetectionContext(c.roles))
        context = DetectionContext(c.roles, {"stall": tuple(every_stall[c.gold.id])})
        return Narrowed().detect(c.call, context)

    for name, label, role, run in (
        ("stall", "stall", "prospect", stalls),
        ("stall_response", "stall_response", "rep", responses),
    ):
        scorer = _Scorer(name, label, calls, _raw_lexicon(name), lambda _: True, role, run)
        if name == "stall":
            # The detector also reads the text with its fillers blanked.
            compiled = load_lexicon("stall").phrases
            scorer.fires = [
                frozenset(
                    i
                    for i, phrase in enumerate(compiled)
                    for u in c.call.utterances
                    if c.roles.role_of(u.speaker) == role
                    and any(phrase.regex.search(fold(t)) for t in (u.text, without_fillers(u.text)))
                )
                for c in calls
            ]
        result = _loco(scorer, calls, None).summary()
        print(f"{name}: {len(calls)} calls, {result['phrases']} phrases")
        for key in ("in_sample", "loco_lenient", "loco_strict"):
            print(f"  {key:13s} {result[key]}")
        dropped = sorted({p for ps in result["dropped_lenient"].values() for p in ps})
        for phrase in dropped:
            print(f"  dropped (lenient, some fold): {phrase}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
