"""Heads trained on invented rows plus seven writers' labelled sentences, judged by batch.

    python scripts/lobo_blind_heads.py --label quantified_pain|stall [--fresh open21]
        [--blind-weight 1.0] [--negatives all|amount] [--no-invented]
        [--rules counts=True,...] [--after-offer] [--gate]

``--gate`` prints only the gate recall per batch: the share of gold moments that some
candidate of each gate covers (rules; every amount sentence and clause; every prospect
sentence; those after the rep named the offer), the ceiling of anything a head relabels.
``--rules`` sets rule parameters under every setting; ``--after-offer`` (stall) makes the
grid's additions wait for the offer (``head_after_offer``).

The opened blind batches were written and annotated by different writers
(``callcoach.eval.moment_rows.sentence_rows``: every sentence of every turn with the gold
labels covering it). A head trained on the invented rows of ``training/heads/<label>.jsonl``
*plus* the sentence rows of some blind batches is judged on a batch whose writer it never saw:

- **outer fold** (one per design batch: the 12 dev calls and each earlier blind batch): the
  head is trained on the invented rows and the blind batches other than the held-out one (the
  dev calls are never a training row) and the detector runs with it on the held-out batch;
- **inner choice**: the detector setting (rules alone, the head as a veto, the head adding
  what the rules passed over, at a few thresholds) is chosen on the *other* design batches,
  each scored with a head that was not trained on it either (trained without the held-out
  batch and without that one), so no threshold is chosen on a batch its head learned from;
- the held-out counts are pooled and compared with main's rules on the same folds.

``--fresh SET`` (open21 before reading): a batch that takes no part in training or choice; the
setting is chosen on the design batches as above (each scored with a head not trained on it),
the head is trained on every design blind batch, and only the rules' and the chosen setting's
pooled counts on it are printed. Sealed folders are refused (``prepare_read_calls``), and no
sentence of any call is written anywhere: rows are read in memory.

Embeddings are cached in ``--cache`` (default ``/tmp/callcoach_blind_heads.sqlite``, the
package's ``CachedEmbedder``), so a rerun embeds only new texts.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from callcoach.detectors import quantified_pain
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.quantified_pain import QuantifiedPainDetector, _clauses, find_amounts
from callcoach.detectors.stall import (
    StallDetector,
    asked_to_commit,
    head_candidates,
    offer_named_after,
)
from callcoach.detectors.stall_response import StallResponseDetector
from callcoach.eval.lexicon_loco import READ_BATCHES, PreparedCall, prepare_read_calls
from callcoach.eval.moment_rows import SentenceRow, sentence_rows
from callcoach.eval.moments import MIN_OVERLAP, LabelScore, Moment, overlap, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Evidence, Finding, Utterance
from callcoach.nlp import heads
from callcoach.nlp.embedding_cache import CachedEmbedder
from callcoach.nlp.heads import EmbeddingHead

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import train_head as TRAIN  # noqa: E402  (a script beside this one: its cross-validation and fit)

Params = tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Row:
    text: str
    label: int
    group: str
    batch: str  # "" for an invented row
    weight: float = 1.0
    context: str | None = None  # what a two-turn head reads before the sentence


def invented_rows(label: str, pair: bool, reply: bool = False) -> list[Row]:
    name = f"{label}_reply" if reply else f"{label}_pair" if pair else label
    path = ROOT / "training" / "heads" / f"{name}.jsonl"
    if reply and not path.exists():
        return []  # the reply head learns from the writers' exchanges alone
    rows = TRAIN.read_rows(path)
    weights = rows.weights if rows.weights is not None else np.ones(len(rows.texts))
    contexts = rows.contexts or (None,) * len(rows.texts)
    return [
        Row(t, int(y), "inv:" + g, "", float(w), c)
        for t, y, g, w, c in zip(
            rows.texts, rows.labels, rows.groups, weights, contexts, strict=True
        )
    ]


def _last_words(text: str, n: int = 40) -> str:
    return " ".join(text.split()[-n:])


def _first_words(text: str, n: int = 40) -> str:
    return " ".join(text.split()[:n])


def _keeps(label: str, row: SentenceRow, negatives: str) -> bool:
    if label == "stall" and row.is_rep:
        return False  # the stall head reads the prospect's sentences only
    if label in row.labels:
        return True
    if negatives == "amount":
        return bool(find_amounts(row.text))
    return True


def blind_rows(
    label: str,
    batches: Sequence[str],
    negatives: str,
    weight: float,
    pair: bool = False,
    reply: bool = False,
) -> list[Row]:
    """The sentence rows as training rows; a two-turn row reads, as the detector does, the
    other speaker's turn before it (stall) or the sentence before it in its turn, else the
    end of the turn before (quantified_pain); a reply row (stall, round 10) reads the first
    words of the other speaker's turn after it (a sentence nobody answers is left out: the
    detector never adds it)."""
    out = []
    earlier: dict[tuple[str, int], str] = {}
    for row in sentence_rows(batches):
        text = " ".join(row.text.split())
        before = earlier.get((row.call, row.turn))
        earlier[(row.call, row.turn)] = text
        if not text or not _keeps(label, row, negatives):
            continue
        context = None
        if reply:
            if not row.following.strip():
                continue
            context = _first_words(row.following)
        elif pair:
            context = before if label == "quantified_pain" and before else _last_words(row.previous)
        out.append(Row(text, int(label in row.labels), row.call, row.batch, weight, context))
    return out


def fit(
    name: str,
    rows: Sequence[Row],
    embedder: CachedEmbedder,
    c_grid: Sequence[float] = (0.3, 1.0, 3.0),
) -> EmbeddingHead:
    """A class-balanced logistic head, C and threshold chosen by grouped CV on ``rows``."""
    # the same text twice keeps its first label (a sentence said in two calls)
    seen: dict[tuple[str | None, str], Row] = {}
    for r in rows:
        seen.setdefault((r.context, r.text), r)
    kept = list(seen.values())
    pair = kept[0].context is not None
    texts = tuple(r.text for r in kept)
    y = np.asarray([r.label for r in kept], dtype=np.int64)
    w = np.asarray([r.weight for r in kept], dtype=np.float64)
    data = TRAIN.Rows(
        texts,
        y,
        tuple(r.group for r in kept),
        hashlib.sha256("\n".join(texts).encode()).hexdigest(),
        None if np.all(w == 1.0) else w,
        None,
    )
    x = embedder.encode(list(texts))
    if pair:
        x = heads.pair_features(embedder.encode([r.context or "" for r in kept]), x)
    chosen = TRAIN.cross_validate(x, data, tuple(c_grid), 5, None)
    model = TRAIN._fit(x, y, float(chosen["C"]), data.weights)
    return EmbeddingHead(
        name,
        np.asarray(model.coef_[0], dtype=np.float32),
        float(model.intercept_[0]),
        float(chosen["threshold"]),
        {
            "cv": chosen["cv"],
            "C": chosen["C"],
            "rows": len(texts),
            "positives": int(y.sum()),
            **({"features": heads.PAIR_FEATURES} if pair else {}),
        },
    )


_CURRENT: dict[str, EmbeddingHead] = {}
_ORIGINAL_LOAD = heads.load_head


def _load(name: str, directory: Path | None = None) -> EmbeddingHead:
    return _CURRENT[name] if name in _CURRENT else _ORIGINAL_LOAD(name)


def _install() -> None:
    """Make the detectors load the fold's head (``_CURRENT``) instead of the shipped one:
    quantified_pain imported ``load_head`` at module level, stall imports it inside detect."""
    setattr(quantified_pain, "load_head", _load)  # noqa: B010
    setattr(heads, "load_head", _load)  # noqa: B010


def grid(
    label: str,
    pair: bool,
    after_offer: bool = False,
    reply: bool = False,
    capped: bool = False,
    one_per_turn: bool = False,
) -> list[Params]:
    if reply and capped:
        # round 13: the reply head's additions capped per call, or only after the rep's ask
        # for a commitment (``head_after_ask``)
        capped_grid: list[Params] = [()]
        if one_per_turn:
            # round 13, second run: at most one addition per prospect utterance, none beside
            # a rule hit (``head_one_per_turn``)
            for one in (False, True):
                capped_grid += [
                    (("reply_add", a),) + ((("head_one_per_turn", True),) if one else ())
                    for a in (0.95, 0.9, 0.85, 0.8)
                ]
            return capped_grid
        for cap in (0, 1, 2):
            capped_grid += [
                (("reply_add", a),) + ((("reply_cap", cap),) if cap else ())
                for a in (0.95, 0.9, 0.85, 0.8, 0.7)
            ]
        capped_grid += [(("head_after_ask", True), ("reply_add", a)) for a in (0.8, 0.7, 0.6)]
        return capped_grid
    if reply:
        # round 10: the reply head (the sentence with the other speaker's next turn)
        out: list[Params] = [()]
        out += [(("reply_veto", v),) for v in (0.1, 0.2, 0.3)]
        out += [(("reply_add", a),) for a in (0.95, 0.9, 0.85, 0.8, 0.7, 0.6)]
        out += [(("reply_veto", 0.2), ("reply_add", a)) for a in (0.9, 0.8)]
        return out
    if after_offer and label == "stall":
        # round 9: additions only after the rep has named the offer (``head_after_offer``)
        key = "pair_add" if pair else "head_add"
        gate: Params = (("head_after_offer", True),)
        return [()] + [(*gate, (key, a)) for a in (0.95, 0.9, 0.85, 0.8, 0.7, 0.6)]
    settings: list[Params] = [()]
    if pair and label == "quantified_pain":
        on: Params = (("head_pair", True), ("head_unit", "clause"))
        settings += [(*on, ("head_veto", v)) for v in (0.1, 0.2, 0.3)]
        settings += [(*on, ("head_add", a)) for a in (0.95, 0.9, 0.8, 0.7)]
        return settings
    if pair:
        settings += [(("pair_veto", v),) for v in (0.1, 0.2, 0.3)]
        settings += [(("pair_add", a),) for a in (0.95, 0.9, 0.8, 0.7)]
        return settings
    if label == "quantified_pain":
        off: Params = (("head_veto", 0.0), ("head_add", 1.01), ("head_unit", "clause"))
        for unit in ("sentence", "clause"):
            u = (("head_unit", unit),)
            settings += [off[1:2] + u + (("head_veto", v),) for v in (0.2, 0.35, 0.5)]
            settings += [off[:1] + u + (("head_add", a),) for a in (0.95, 0.9, 0.8, 0.7)]
            settings += [(*u, ("head_veto", 0.3), ("head_add", a)) for a in (0.9, 0.8)]
        return settings
    settings += [(("head_veto", v),) for v in (0.1, 0.2, 0.3, 0.5)]
    settings += [(("head_add", a),) for a in (0.95, 0.9, 0.85, 0.8, 0.7)]
    settings += [(("head_veto", 0.2), ("head_add", a)) for a in (0.9, 0.8)]
    return settings


def _value(text: str) -> Any:
    if text in ("True", "False"):
        return text == "True"
    try:
        return float(text)
    except ValueError:
        return text


def name_of(params: Params) -> str:
    return ", ".join(f"{k}={v}" for k, v in params) or "rules alone"


class Scorer:
    def __init__(self, label: str, embedder: CachedEmbedder, head_name: str) -> None:
        self.label = label
        self.head_name = head_name
        self.embedder = embedder
        self._memo: dict[tuple[str, str, Params], LabelScore] = {}
        self.calls: dict[str, list[PreparedCall]] = {}
        # stall --batch-strict: each design call's lexicon less the phrases only its batch
        # supports (``loco_stall_head.batch_strict_lexicons``)
        self.lexicons: dict[str, Any] = {}
        self._stall_module: Any = None
        # rule parameters every setting starts from (``--rules``: a candidate's rules)
        self.base: dict[str, Any] = {}

    def load(self, batch: str) -> None:
        self.calls[batch] = prepare_read_calls(READ_BATCHES[batch])

    def score(self, head_key: str, head: EmbeddingHead | None, batch: str, p: Params) -> LabelScore:
        key = (head_key if p else "", batch, p)
        if key not in self._memo:
            _CURRENT.clear()
            if head is not None:
                _CURRENT[self.head_name] = head
            per_call = [self._one(c, dict(p)) for c in self.calls[batch]]
            self._memo[key] = LabelScore.total(self.label, per_call)
        return self._memo[key]

    def _one(self, c: PreparedCall, params: dict[str, Any]) -> LabelScore:
        params = {**self.base, **params}
        context = DetectionContext(c.roles, embedder=self.embedder)
        if self.label == "quantified_pain":
            found = {self.label: QuantifiedPainDetector(**params).detect(c.call, context)}
        else:
            detector: type[StallDetector] = StallDetector
            if c.gold.id in self.lexicons:
                detector = self._stall_module._narrowed(self.lexicons[c.gold.id])
            stalls = detector(**params).detect(c.call, context)
            replies = StallResponseDetector().detect(
                c.call, DetectionContext(c.roles, {"stall": tuple(stalls)})
            )
            found = {"stall": stalls, "stall_response": replies}
        pred = predicted_moments(found, c.roles, c.alignment, [self.label])
        return score_label(self.label, c.gold.moments, pred)


def _covered(gold: Sequence[Moment], spans: Sequence[Moment]) -> int:
    """How many gold moments some candidate span matches by the eval's rule (same turn,
    overlap of at least half the shorter span; not one to one: a gate only proposes)."""
    return sum(any(m.turn == g.turn and overlap(g, m) >= MIN_OVERLAP for m in spans) for g in gold)


def gate_spans(label: str, c: PreparedCall, params: dict[str, Any]) -> dict[str, list[Moment]]:
    """What each gate proposes in call ``c``, as word spans of the gold turns.

    quantified_pain: ``rules`` (the rule findings), ``amounts`` (every sentence and clause
    holding an amount: what a head may read). stall: ``rules``, ``sentences`` (the prospect
    sentences of ``head_candidates``), ``after offer`` (those said after the rep named the
    offer, ``head_after_offer``)."""
    context = DetectionContext(c.roles)
    by_id = {u.id: u for u in c.call.utterances}

    def placed(items: Sequence[tuple[Utterance, int, int]]) -> list[Moment]:
        out = []
        for u, a, b in items:
            p = c.alignment.span(Evidence.of(u, a, b))
            if p is not None:
                out.append(Moment(p[0], label, p[1], p[2]))
        return out

    def of_findings(found: Sequence[Finding]) -> list[Moment]:
        return placed(
            [
                (by_id[e.utterance_id], e.char_start, e.char_end or len(by_id[e.utterance_id].text))
                for e in (f.evidence[0] for f in found if f.label == label)
            ]
        )

    if label == "quantified_pain":
        detector = QuantifiedPainDetector(**params)
        candidates = detector._candidates(c.call, context)
        spans = []
        for cand in candidates:
            s = cand.sentence
            spans.append((cand.utterance, s.start, s.end))
            spans += [
                (cand.utterance, s.start + a, s.start + b)
                for a, b, _ in _clauses(cand.text, list(cand.amounts))
            ]
        return {
            "rules": of_findings([f for cand in candidates for f in cand.findings]),
            "amounts": placed(spans),
        }
    stalls = StallDetector(**params).detect(c.call, context)
    sentences = [(u, a, b) for u, a, b, _ in head_candidates(c.call, context, 5)]
    after = offer_named_after(c.call, context)
    answering = asked_to_commit(c.call, context)
    return {
        "rules": of_findings(stalls),
        "sentences": placed(sentences),
        "after offer": placed([x for x in sentences if x[0].id in after]),
        "after ask": placed([x for x in sentences if x[0].id in answering]),
    }


def print_gate_recall(label: str, batches: Sequence[str], params: dict[str, Any]) -> None:
    """Gate recall per batch: the share of gold moments some candidate of each gate covers
    (the ceiling of anything that relabels those candidates), with the candidate count."""
    pooled: dict[str, list[int]] = {}
    for batch in batches:
        counts: dict[str, list[int]] = {}
        for c in prepare_read_calls(READ_BATCHES[batch]):
            gold = [m for m in c.gold.moments if m.label == label]
            for name, spans in gate_spans(label, c, params).items():
                row = counts.setdefault(name, [0, 0, 0])
                row[0] += _covered(gold, spans)
                row[1] += len(gold)
                row[2] += len(spans)
        for name, (hit, total, n) in counts.items():
            row = pooled.setdefault(name, [0, 0, 0])
            row[0], row[1], row[2] = row[0] + hit, row[1] + total, row[2] + n
        print(
            f"  {batch:6} "
            + " | ".join(f"{k} {h}/{t} ({n} cand.)" for k, (h, t, n) in counts.items()),
            flush=True,
        )
    print(
        "  pooled "
        + " | ".join(
            f"{k} {h}/{t} = {h / max(t, 1):.2f} ({n} cand.)" for k, (h, t, n) in pooled.items()
        )
    )


def line(s: LabelScore) -> str:
    return f"P {s.precision:.2f} R {s.recall:.2f} F1 {s.f1:.3f} ({s.tp}/{s.fp}/{s.fn})"


def save_head(
    name: str,
    invented: Sequence[Row],
    blind: dict[str, list[Row]],
    embedder: CachedEmbedder,
    c_grid: Sequence[float],
    args: argparse.Namespace,
) -> None:
    """Fit the head on the invented rows and every design blind batch's rows (read in memory,
    never written) and save it with the batches that trained it."""
    from callcoach.nlp.embeddings import MODEL_SHA256

    rows = list(invented) + [r for b in sorted(blind) for r in blind[b]]
    head = fit(name, rows, embedder, c_grid)
    head.metadata.update(
        {
            "embedding_model_sha256": MODEL_SHA256,
            "trained_by": "scripts/lobo_blind_heads.py --save-head"
            + (" --reply" if args.reply else " --pair" if args.pair else ""),
            "blind_batches": sorted(blind),
            "invented_rows": len(invented),
            "training_data": "invented rows of training/heads/ plus the sentence rows of the "
            "blind batches named (callcoach.eval.moment_rows, read in memory)",
        }
    )
    if args.reply:
        head.metadata["context"] = "first 40 words of the other speaker's next turn"
    weights, meta = head.save()
    print(f"wrote {weights} and {meta}: {head.metadata['rows']} rows, CV {head.metadata['cv']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--label", required=True, choices=["quantified_pain", "stall"])
    parser.add_argument("--fresh", help="an unread batch: scored with the choice only")
    parser.add_argument("--batch", action="append", help="design batches (default: all read)")
    parser.add_argument("--blind-weight", type=float, default=1.0)
    parser.add_argument("--negatives", choices=["all", "amount"], default="all")
    parser.add_argument("--no-invented", action="store_true")
    parser.add_argument("--pair", action="store_true", help="the two-turn head")
    parser.add_argument(
        "--reply",
        action="store_true",
        help="stall: the reply head (the sentence with the other speaker's next turn)",
    )
    parser.add_argument(
        "--fresh-only",
        action="store_true",
        help="skip the LOBO table: score only the declared candidates on the fresh batch",
    )
    parser.add_argument(
        "--batch-strict",
        action="store_true",
        help="stall: rules less the phrases only the call's own batch supports",
    )
    parser.add_argument(
        "--candidate",
        action="append",
        default=[],
        help="a setting declared before scoring the fresh batch, e.g. head_veto=0.2,"
        "head_unit=sentence (printed too)",
    )
    parser.add_argument(
        "--after-offer",
        action="store_true",
        help="stall: the grid adds only after the rep named the offer (head_after_offer)",
    )
    parser.add_argument(
        "--rules",
        default="",
        help="rule parameters under every setting, e.g. counts=True,bare_rate_needs_pain=True",
    )
    parser.add_argument(
        "--capped",
        action="store_true",
        help="stall --reply: round 13's grid (reply_add with a per-call cap reply_cap, or only "
        "after the rep's ask for a commitment, head_after_ask)",
    )
    parser.add_argument(
        "--one-per-turn",
        action="store_true",
        help="with --reply --capped: the grid of reply_add with and without head_one_per_turn",
    )
    parser.add_argument(
        "--settings",
        help="the grid to choose from instead of the built-in one, ';'-separated, e.g. "
        "'reply_add=0.9,head_one_per_turn=True;reply_add=0.95,head_one_per_turn=True'",
    )
    parser.add_argument(
        "--guard",
        action="store_true",
        help="choose only among settings whose precision, on the batches choosing, falls by no "
        "more than their recall rises over the rules' (the brief's shipping rule, inside folds)",
    )
    parser.add_argument(
        "--head-cache",
        type=Path,
        help="a folder keeping each fold's fitted head (pickled, /tmp): reruns skip the fits",
    )
    parser.add_argument("--c", default="0.3,1,3", help="C grid of each fold's head")
    parser.add_argument(
        "--save-head",
        action="store_true",
        help="fit the head on the invented rows and every design blind batch, write it to "
        "callcoach/detectors/models (recording the batches) and stop",
    )
    parser.add_argument(
        "--head-name",
        help="with --save-head: the name to save under (quantified_pain_writers: round 12's "
        "writers' sentence head, which the detector reads with head_name=...)",
    )
    parser.add_argument("--no-blind", action="store_true", help="invented rows only (baseline)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/callcoach_blind_heads.sqlite"))
    parser.add_argument(
        "--gate",
        action="store_true",
        help="print only each gate's recall per batch (with --rules) and stop",
    )
    args = parser.parse_args(argv)
    base_rules = {
        k: _value(v) for k, v in (item.split("=") for item in args.rules.split(",") if item)
    }
    if args.gate:
        gated = [b for b in (args.batch or list(READ_BATCHES)) if b != args.fresh]
        print(f"{args.label} gate recall, rules {base_rules or 'as shipped'}:")
        print_gate_recall(args.label, gated, base_rules)
        return 0
    _install()
    label = args.label
    design = [b for b in (args.batch or list(READ_BATCHES)) if b != args.fresh]
    trainable = [b for b in design if b != "dev"]
    embedder = CachedEmbedder.minilm(args.cache)
    c_grid = [float(c) for c in args.c.split(",")]
    pair = args.pair or args.reply
    invented = [] if args.no_invented else invented_rows(label, pair, args.reply)
    blind = {
        b: (
            []
            if args.no_blind
            else blind_rows(label, [b], args.negatives, args.blind_weight, pair, args.reply)
        )
        for b in trainable
    }
    heads_by_excluded: dict[frozenset[str], EmbeddingHead] = {}

    def head_without(excluded: frozenset[str]) -> tuple[str, EmbeddingHead]:
        excluded = excluded & frozenset(trainable)
        if excluded not in heads_by_excluded:
            rows = invented + [r for b in trainable if b not in excluded for r in blind[b]]
            stored = None
            if args.head_cache is not None:
                tag = repr(
                    (
                        label,
                        args.pair,
                        args.reply,
                        args.no_invented,
                        args.no_blind,
                        args.negatives,
                        args.blind_weight,
                        c_grid,
                        sorted(trainable),
                        sorted(excluded),
                    )
                )
                stored = args.head_cache / (hashlib.sha256(tag.encode()).hexdigest() + ".pkl")
            if stored is not None and stored.exists():
                heads_by_excluded[excluded] = pickle.loads(stored.read_bytes())
            else:
                heads_by_excluded[excluded] = fit(label, rows, embedder, c_grid)
                if stored is not None:
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    stored.write_bytes(pickle.dumps(heads_by_excluded[excluded]))
            h = heads_by_excluded[excluded]
            print(
                f"  head without {sorted(excluded) or '-'}: {h.metadata['rows']} rows, "
                f"{h.metadata['positives']} pos, C {h.metadata['C']}, thr {h.threshold:.3f}, "
                f"CV F1 {h.metadata['cv']['f1_pooled']}",
                flush=True,
            )
        return ",".join(sorted(excluded)), heads_by_excluded[excluded]

    head_name = f"{label}_reply" if args.reply else f"{label}_pair" if args.pair else label
    if label == "quantified_pain" and not args.pair:
        # 1.12: the detector's sentence head is the writers' head; each fold's head stands in
        head_name = quantified_pain.WRITERS_HEAD_NAME
    if args.save_head:
        save_head(args.head_name or head_name, invented, blind, embedder, c_grid, args)
        return 0
    scorer = Scorer(label, embedder, head_name)
    # "rules alone" is the veto off (1.12 ships the clause veto on); --rules may override
    off: dict[str, Any] = {"head_veto": 0.0} if label == "quantified_pain" else {}
    scorer.base = off | base_rules
    for b in design:
        scorer.load(b)
    if args.batch_strict and label == "stall":
        import loco_stall_head as module  # a script beside this one

        ordered = [c for b in design for c in scorer.calls[b]]
        strict = module.batch_strict_lexicons(ordered)
        scorer._stall_module = module
        scorer.lexicons = {c.gold.id: lex for c, lex in zip(ordered, strict, strict=True)}
    settings = grid(label, args.pair, args.after_offer, args.reply, args.capped, args.one_per_turn)
    if args.settings:
        # a grid named on the command line (the rules alone always first)
        settings = [()] + [
            tuple((k, _value(v)) for k, v in (item.split("=") for item in text.split(",")))
            for text in args.settings.split(";")
        ]
    print(
        f"{label}: design batches {design}; {len(invented)} invented rows; blind rows "
        + ", ".join(f"{b} {len(blind[b])}/{sum(r.label for r in blind[b])}" for b in trainable)
    )

    def choose(held: str | None, guard: bool = False) -> Params:
        """The setting with the best pooled F1 on the design batches other than ``held``,
        each scored with a head trained without it (and without ``held``)."""
        others = [b for b in design if b != held]
        rules = LabelScore.total(label, [scorer.score("", None, b, ()) for b in others])
        best, best_value = settings[0], -1.0
        for p in settings:
            parts = []
            for b in others:
                key, head = head_without(frozenset({b, held or ""}))
                parts.append(scorer.score(key, head, b, p))
            pooled = LabelScore.total(label, parts)
            value = pooled.f1 - 1e-6 * (pooled.tp + pooled.fp)
            if (
                (guard or args.guard)
                and p
                and (rules.precision - pooled.precision > pooled.recall - rules.recall)
            ):
                continue  # the guard: precision may not fall by more than recall rises
            if value > best_value + 1e-12:
                best, best_value = p, value
        return best

    rules_all: list[LabelScore] = []
    chosen_all: list[LabelScore] = []
    guarded_all: list[LabelScore] = []  # the choice with the guard (printed beside)
    fixed: dict[Params, list[LabelScore]] = {p: [] for p in settings}
    print("leave-one-batch-out (held-out batch scored with a head never trained on it):")
    for held in [] if args.fresh_only else design:
        p = choose(held)
        key, head = head_without(frozenset({held}))
        rules = scorer.score("", None, held, ())
        chosen = scorer.score(key, head, held, p)
        for q in settings:
            fixed[q].append(scorer.score(key, head, held, q))
        rules_all.append(rules)
        chosen_all.append(chosen)
        g = choose(held, guard=True)
        guarded_all.append(scorer.score(key, head, held, g))
        print(
            f"  {held:6} rules {line(rules)} | {name_of(p)} -> {line(chosen)} | guarded "
            f"{name_of(g)} -> {line(guarded_all[-1])}",
            flush=True,
        )
    print(f"LOBO rules (main)  {line(LabelScore.total(label, rules_all))}")
    print(f"LOBO choice        {line(LabelScore.total(label, chosen_all))}")
    print(f"LOBO guarded choice {line(LabelScore.total(label, guarded_all))}")
    print("each setting fixed, held-out batches pooled (diagnostic, not a choice):")
    for q in settings:
        print(f"  {name_of(q):48} {line(LabelScore.total(label, fixed[q]))}")
    if args.fresh:
        scorer.load(args.fresh)
        p = () if args.fresh_only else choose(None)
        key, head = head_without(frozenset())
        print(f"fresh batch {args.fresh} (designed without it; setting {name_of(p)}):")
        print(f"  rules (main) {line(scorer.score('', None, args.fresh, ()))}")
        print(f"  candidate    {line(scorer.score(key, head, args.fresh, p))}")
        g = () if args.fresh_only else choose(None, guard=True)
        print(f"  guarded      {name_of(g)}: {line(scorer.score(key, head, args.fresh, g))}")
        for text in args.candidate:
            declared: Params = tuple(
                (k, _value(v)) for k, v in (item.split("=") for item in text.split(","))
            )
            print(f"  {text:12} {line(scorer.score(key, head, args.fresh, declared))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
