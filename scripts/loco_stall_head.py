"""Choose how the stall rules and the learned stall heads combine, leave-one-batch-out.

    python scripts/loco_stall_head.py [--fresh open6] [--batch dev --batch open ...]

Two heads never saw a sales call: the sentence head (``models/stall.head.*``, invented
sentences, ``training/heads/stall.jsonl``) and, since stall 2.9, the two-turn head
(``models/stall_pair.head.*``: the rep's turn before and the buyer's sentence, invented
exchanges, ``training/heads/stall_pair.jsonl``). How they combine with the phrase rules is a
choice, made here by leave-one-batch-out (LOBO) over the read batches
(``callcoach.eval.lexicon_loco.READ_BATCHES``, one batch per writer), on the README's
moment-level matching rule. The grid:

- the rules alone;
- ``head_veto`` (the sentence head drops a rule hit it scores below it): 0.1, 0.2, 0.3;
- ``pair_veto`` (the two-turn head drops a rule hit it scores below it): 0.1 … 0.5;
- ``pair_add`` (a prospect sentence no rule covers is a stall when the two-turn head scores
  it at or above it): 0.8, 0.9, 0.95, alone and with each ``pair_veto``.

With ``--batch-strict`` the rules themselves are made blind to each call's writer first: a call
is scored with the lexicon less every phrase that finds a gold stall only in its own batch (the
forms written from that writer's misses), so the rules stand where they would on a new writer
(fresh sb41–48: stall 0.60 while the read calls score 0.97 in-sample) and a head has misses to
find. Phrases that fire nowhere stay (general forms written without a miss).

For each held-out batch the setting with the best pooled stall F1 on the other batches is
chosen (ties: fewer flagged moments, then the earlier setting, the rules alone first) and the
held-out batch is scored with it; the held-out counts are summed. ``--fresh SET`` names a batch
not read yet (SALES_RULES: open6 before reading): it takes no part in any choice, and only the
rules' and the setting chosen on all design batches are printed for it, pooled. The script
also prints every setting's pooled counts over the design batches and stall_response (which
answers the stalls found). Sealed folders are refused (``prepare_read_calls``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from callcoach.detectors._patterns import Lexicon, fold, load_lexicon
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stall import StallDetector, without_fillers
from callcoach.detectors.stall_response import StallResponseDetector
from callcoach.eval.lexicon_loco import (
    READ_BATCHES,
    PreparedCall,
    _raw_lexicon,
    _Scorer,
    batch_of,
    prepare_read_calls,
)
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Finding
from callcoach.nlp.embeddings import default_embedder

Params = tuple[tuple[str, object], ...]  # detector parameters, hashable
VETOES = (0.1, 0.2, 0.3)
PAIR_VETOES = (0.1, 0.2, 0.3)
PAIR_ADDS = (0.6, 0.65, 0.7, 0.75)


def grid() -> list[Params]:
    settings: list[Params] = [()]
    settings += [(("head_veto", v),) for v in VETOES]
    settings += [(("pair_veto", v),) for v in PAIR_VETOES]
    settings += [(("pair_add", a),) for a in PAIR_ADDS]
    settings += [(("pair_veto", v), ("pair_add", a)) for a in PAIR_ADDS for v in PAIR_VETOES]
    return settings


def name(params: Params) -> str:
    return ", ".join(f"{k}={v}" for k, v in params) or "rules alone"


def stall_scores(
    stall: StallDetector, c: PreparedCall, context: DetectionContext
) -> tuple[LabelScore, LabelScore]:
    """One call's stall and stall_response scores with ``stall`` and the shipped responder."""
    stalls = stall.detect(c.call, context)
    replies = StallResponseDetector().detect(
        c.call, DetectionContext(c.roles, {"stall": tuple(stalls)})
    )
    found = {"stall": stalls, "stall_response": replies}
    stall_score, response_score = (
        score_label(label, c.gold.moments, predicted_moments(found, c.roles, c.alignment, [label]))
        for label in ("stall", "stall_response")
    )
    return stall_score, response_score


class Scores:
    """stall and stall_response counts per (call, params), computed once each."""

    def __init__(
        self, calls: Sequence[PreparedCall], lexicons: Sequence[Lexicon | None] | None = None
    ) -> None:
        self.calls = calls
        self.embedder = default_embedder()
        self.lexicons = lexicons or [None] * len(calls)
        self._memo: dict[tuple[int, Params], tuple[LabelScore, LabelScore]] = {}

    def of(self, index: int, params: Params) -> tuple[LabelScore, LabelScore]:
        key = (index, params)
        if key not in self._memo:
            c = self.calls[index]
            stall = _narrowed(self.lexicons[index])(**dict(params))
            self._memo[key] = stall_scores(
                stall, c, DetectionContext(c.roles, embedder=self.embedder)
            )
        return self._memo[key]

    def pooled(self, indices: Sequence[int], params: Params, which: int = 0) -> LabelScore:
        return LabelScore.total(
            ("stall", "stall_response")[which], [self.of(i, params)[which] for i in indices]
        )


def _narrowed(lexicon: Lexicon | None) -> type[StallDetector]:
    if lexicon is None:
        return StallDetector

    class Narrowed(StallDetector):
        def phrases(self) -> Lexicon:
            return lexicon

    return Narrowed


def batch_strict_lexicons(calls: Sequence[PreparedCall]) -> list[Lexicon | None]:
    """For each call, the stall lexicon less the phrases supported only in its own batch."""

    def rules(c: PreparedCall, lexicon: Lexicon) -> list[Finding]:
        return _narrowed(lexicon)().detect(c.call, DetectionContext(c.roles))

    scorer = _Scorer(
        "stall", "stall", calls, _raw_lexicon("stall"), lambda _: True, "prospect", rules
    )
    compiled = load_lexicon("stall").phrases  # the detector also reads text without fillers
    scorer.fires = [
        frozenset(
            i
            for i, phrase in enumerate(compiled)
            for u in c.call.utterances
            if c.roles.role_of(u.speaker) == "prospect"
            and any(phrase.regex.search(fold(t)) for t in (u.text, without_fillers(u.text)))
        )
        for c in calls
    ]
    every = frozenset(range(len(scorer.phrases)))
    batches = [batch_of(c.gold.id) for c in calls]
    out: dict[str, Lexicon] = {}
    for batch in sorted(set(batches)):
        own = [i for i, b in enumerate(batches) if b == batch]
        others = [i for i, b in enumerate(batches) if b != batch]
        only_here = scorer.supported(own, every) - scorer.supported(others, every)
        out[batch] = scorer._lexicon(every - only_here)
        print(f"  {batch}: {len(only_here)} phrases supported only here are dropped for it")
    return [out[b] for b in batches]


def line(score: LabelScore) -> str:
    return f"{score.tp}/{score.fp}/{score.fn} F1 {score.f1:.3f}"


def choose(scores: Scores, train: Sequence[int], candidates: Sequence[Params]) -> Params:
    """The setting with the best pooled F1 on ``train``; ties: fewer flagged, then earlier."""
    best, best_value = candidates[0], -1.0
    for params in candidates:
        pooled = scores.pooled(train, params)
        value = pooled.f1 - 1e-6 * (pooled.tp + pooled.fp)
        if value > best_value + 1e-12:
            best, best_value = params, value
    return best


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--batch", action="append", help="design batches (default: all read)")
    parser.add_argument("--fresh", help="an unread batch, scored with the choice only")
    parser.add_argument(
        "--also", action="append", default=[], help="another read folder, as a batch of its own"
    )
    parser.add_argument(
        "--candidate",
        action="append",
        default=[],
        help="a setting to score on the fresh batch too, e.g. pair_add=0.7",
    )
    parser.add_argument(
        "--batch-strict", action="store_true", help="rules less the phrases only a batch supports"
    )
    parser.add_argument(
        "--settings",
        help="the grid to choose from instead of the built-in one, ';'-separated (the rules "
        "alone always first), e.g. 'min_position=0.25;min_position=0.4'",
    )
    args = parser.parse_args(argv)
    folders = dict(READ_BATCHES) | {str(f): str(f) for f in args.also}
    for folder in args.also:
        prepare_read_calls(folder)  # a sealed or unopened folder is refused before any work
    batches = [b for b in (args.batch or list(READ_BATCHES)) if b != args.fresh]
    batches += [str(f) for f in args.also]
    order = [*batches, *([args.fresh] if args.fresh else [])]
    calls: list[PreparedCall] = []
    spans: dict[str, list[int]] = {}
    for batch in order:
        loaded = prepare_read_calls(folders[batch])
        spans[batch] = list(range(len(calls), len(calls) + len(loaded)))
        calls += loaded
    lexicons = None
    if args.batch_strict:
        design_calls = [calls[i] for b in batches for i in spans[b]]
        strict = batch_strict_lexicons(design_calls)
        # a fresh batch was read by nobody: its rules are the lexicon as shipped
        lexicons = [*strict, *([None] * (len(calls) - len(design_calls)))]
    scores = Scores(calls, lexicons)
    design = [i for b in batches for i in spans[b]]
    candidates = grid()
    if args.settings:
        candidates = [()] + [
            tuple((k, float(v)) for k, v in (item.split("=") for item in text.split(",")))
            for text in args.settings.split(";")
        ]
    print(f"{len(design)} design calls in {len(batches)} batches: {', '.join(batches)}")
    print("\nevery setting, pooled over the design batches (in-sample): stall | stall_response")
    for params in candidates:
        print(
            f"  {name(params):34} {line(scores.pooled(design, params))} | "
            f"{line(scores.pooled(design, params, 1))}"
        )
    print("\nleave-one-batch-out:")
    held_rules: list[LabelScore] = []
    held_chosen: list[LabelScore] = []
    held_replies: list[LabelScore] = []
    for held in batches:
        train = [i for b in batches if b != held for i in spans[b]]
        params = choose(scores, train, candidates)
        rules, chosen = scores.pooled(spans[held], ()), scores.pooled(spans[held], params)
        held_rules.append(rules)
        held_chosen.append(chosen)
        held_replies.append(scores.pooled(spans[held], params, 1))
        print(f"  {held:6} rules {line(rules)} | chosen {name(params)} -> {line(chosen)}")
    print(f"LOBO rules alone     {line(LabelScore.total('stall', held_rules))}")
    print(f"LOBO choice          {line(LabelScore.total('stall', held_chosen))}")
    print(f"LOBO stall_response  {line(LabelScore.total('stall_response', held_replies))}")
    if args.fresh:
        params = choose(scores, design, candidates)
        fresh = spans[args.fresh]
        print(f"\nfresh batch {args.fresh} (setting chosen on the design batches: {name(params)}):")
        print(f"  rules alone {line(scores.pooled(fresh, ()))}")
        print(f"  chosen      {line(scores.pooled(fresh, params))}")
        for text in args.candidate:
            named: Params = tuple(
                (k, float(v)) for k, v in (item.split("=") for item in text.split(","))
            )
            print(f"  {name(named):11} {line(scores.pooled(fresh, named))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
