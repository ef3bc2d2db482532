"""Which of ``more_forms``' lines to keep, chosen by writers, leave-one-batch-out.

    python scripts/lobo_stall_forms.py [--fresh open21] [--extra stall_more2]
        [--candidate 3,0 ...] [--per-form]

Round 18. ``lexicons/stall_more.yaml`` (round 17) lifts leave-one-batch-out recall but on the
sealed calls adds as many false stalls as hits. Here each of its lines is judged by the
writers it helps and hurts: for every design call (dev + every opened blind batch but
``--fresh``) the detector runs with the batch-strict lexicon of that call (``stall.yaml`` less
the phrases that find a gold stall only in the call's own batch, ``loco_stall_head``) and with
that lexicon plus one extra line; the line's hits and false alarms are the tp and fp it adds,
counted per batch. A setting ``W,F`` keeps, for a held-out batch, the lines whose hits come from
``W`` or more OTHER batches and whose false alarms on the other batches number ``F`` or fewer;
the held-out batch is then scored with its batch-strict lexicon plus those lines. The setting
itself is chosen per held-out batch by pooled F1 on the other batches (each inner batch scored
with the lines its own other batches choose). ``rules`` (no extra line) and ``all`` (every line
not supported by the held-out batch alone: round 17's batch-strict measure) are printed beside
it. ``--fresh SET`` (an unread batch) prints only pooled counts: main's rules, ``all``, the
setting chosen on every design batch and each ``--candidate``. Sealed folders are refused
(``prepare_read_calls``). Nothing is written. ``--rules`` sets detector parameters under
every setting (``more_min_position=0.4``: an extra line's stall said early is dropped).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loco_stall_head import stall_scores

from callcoach.detectors._patterns import (
    Lexicon,
    _compile,
    _lexicon_phrases,
    compile_phrases,
    fold,
    load_lexicon,
)
from callcoach.detectors.base import DetectionContext
from callcoach.detectors.stall import StallDetector, without_fillers
from callcoach.eval.lexicon_loco import READ_BATCHES, PreparedCall, batch_of, prepare_read_calls
from callcoach.eval.moments import LabelScore

Setting = tuple[int, int]  # (writers W, false alarms F)
GRID: tuple[Setting, ...] = ((2, 0), (2, 1), (3, 0), (3, 1))


def _setting(text: str) -> Setting:
    w, f = text.split(",")
    return int(w), int(f)


class Forms:
    def __init__(
        self,
        calls: Sequence[PreparedCall],
        extra: Sequence[str],
        batch: str | None = None,
        params: dict[str, Any] | None = None,
        gated: Sequence[str] = (),
    ) -> None:
        """``batch`` None: design calls, each on its batch-strict lexicon, each line's
        evidence counted; else every call is of that (fresh) batch, on main's lexicon."""
        self.calls = calls
        self.params: dict[str, Any] = dict(params or {})
        self.batches = [batch or batch_of(c.gold.id) for c in calls]
        import loco_stall_head  # a script beside this one (run as ``python scripts/...``)

        self.base: list[Lexicon | None] = (
            loco_stall_head.batch_strict_lexicons(calls)
            if batch is None
            else [load_lexicon("stall")] * len(calls)
        )
        self.lines: list[tuple[str, str]] = [
            (cat, p) for name in extra for cat, ps in _lexicon_phrases(name).items() for p in ps
        ]
        # lines of a ``gated`` file count only in a reply to the offer (``offer_reply_forms``)
        self.gated = frozenset(
            i
            for i, name in enumerate(
                n for n in extra for ps in _lexicon_phrases(n).values() for _ in ps
            )
            if name in gated
        )
        regexes = [_compile("stall-forms", p) for _, p in self.lines]
        self.fires = [
            frozenset(
                i
                for i, rx in enumerate(regexes)
                for u in c.call.utterances
                if c.roles.role_of(u.speaker) == "prospect"
                and any(rx.search(fold(t)) for t in (u.text, without_fillers(u.text)))
            )
            for c in calls
        ]
        self._memo: dict[tuple[int, frozenset[int]], tuple[LabelScore, LabelScore]] = {}
        self.alone = [
            [
                self._delta(k, i) if batch is None and i in self.fires[k] else (0, 0)
                for i in range(len(self.lines))
            ]
            for k in range(len(calls))
        ]

    def _lexicon(self, index: int, keep: frozenset[int]) -> Lexicon:
        base = self.base[index]
        assert base is not None
        chosen: dict[str, list[str]] = {}
        for phrase in base.phrases:
            chosen.setdefault(phrase.category, []).append(phrase.phrase)
        for i in sorted(keep):
            cat, p = self.lines[i]
            chosen.setdefault(cat, []).append(p)
        return compile_phrases("stall-forms", chosen, lazy=True)

    def scores(self, index: int, keep: frozenset[int]) -> tuple[LabelScore, LabelScore]:
        key = (index, keep & self.fires[index])
        if key not in self._memo:
            c = self.calls[index]
            lexicon = self._lexicon(index, key[1])
            ungated = self._lexicon(index, key[1] - self.gated) if self.gated else lexicon
            stall = _detector(lexicon, self.base[index], ungated)(**self.params)
            self._memo[key] = stall_scores(stall, c, DetectionContext(c.roles))
        return self._memo[key]

    def _delta(self, index: int, line: int) -> tuple[int, int]:
        with_line = self.scores(index, frozenset({line}))[0]
        without = self.scores(index, frozenset())[0]
        return with_line.tp - without.tp, with_line.fp - without.fp

    def evidence(self, batches: set[str], line: int) -> tuple[set[str], set[str], int, int]:
        """(batches it adds a hit on, batches it adds a false alarm on, hits, false alarms)."""
        hit_b, fa_b, hits, fas = set(), set(), 0, 0
        for k, b in enumerate(self.batches):
            if b in batches:
                tp, fp = self.alone[k][line]
                if tp > 0:
                    hit_b.add(b)
                    hits += tp
                if fp > 0:
                    fa_b.add(b)
                    fas += fp
        return hit_b, fa_b, hits, fas

    def chosen(self, batches: set[str], setting: Setting | str | None) -> frozenset[int]:
        if setting is None or setting == "rules":
            return frozenset()
        out = set()
        for i in range(len(self.lines)):
            hit_b, _, _, fas = self.evidence(batches, i)
            if setting == "all":
                # round 17's batch-strict measure: a line is dropped only where the held-out
                # batch alone supports it (``batches`` is every design batch but that one)
                own = self.evidence(set(self.batches) - batches, i)[0]
                if hit_b or not own:
                    out.add(i)
            elif isinstance(setting, tuple) and len(hit_b) >= setting[0] and fas <= setting[1]:
                out.add(i)
        return frozenset(out)

    def pooled(
        self, batches: set[str], keep_of: dict[str, frozenset[int]], which: int = 0
    ) -> LabelScore:
        label = ("stall", "stall_response")[which]
        return LabelScore.total(
            label,
            [self.scores(k, keep_of[b])[which] for k, b in enumerate(self.batches) if b in batches],
        )


def _detector(
    lexicon: Lexicon, base: Lexicon | None, ungated: Lexicon | None = None
) -> type[StallDetector]:
    """The stall detector on ``lexicon``, its shipped phrases ``base`` (the batch-strict
    lexicon: a quote holding none of them was found by an extra line alone) and ``ungated``
    (``lexicon`` less the ``--gated`` lines: a quote holding none of them was found by a
    line that counts only in a reply to the offer)."""

    class Narrowed(StallDetector):
        def phrases(self) -> Lexicon:
            return lexicon

        def ungated_phrases(self) -> Lexicon:
            return ungated if ungated is not None else lexicon

        def base_phrases(self) -> Lexicon:
            return base if base is not None else super().base_phrases()

    return Narrowed


def line(score: LabelScore) -> str:
    return (
        f"{score.precision:.2f}/{score.recall:.2f}/{score.f1:.3f} "
        f"({score.tp}/{score.fp}/{score.fn})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--fresh", help="an unread batch: pooled counts only")
    parser.add_argument("--extra", action="append", help="lexicon files of lines to judge")
    parser.add_argument("--candidate", action="append", default=[], help="W,F declared")
    parser.add_argument("--per-form", action="store_true", help="each line's writers")
    parser.add_argument("--rules", default="", help="detector parameters, e.g. a=0.4,b=1")
    parser.add_argument(
        "--gated",
        action="append",
        default=[],
        help="an --extra file whose lines count only in a reply to the offer (offer_reply_forms)",
    )
    args = parser.parse_args(argv)
    params = {k: float(v) for k, v in (t.split("=") for t in args.rules.split(",") if t)}
    if args.fresh is not None and args.fresh not in READ_BATCHES:
        # a sealed or unopened set is never scored here (READ_BATCHES lists opened halves)
        raise ValueError(f"{args.fresh}: not an opened batch; sealed sets are aggregate only")
    extra = args.extra or ["stall_more"]
    design = [b for b in READ_BATCHES if b != args.fresh]
    calls = [c for b in design for c in prepare_read_calls(READ_BATCHES[b])]
    if args.gated:
        params["offer_reply_forms"] = 1.0
    forms = Forms(calls, extra, params=params, gated=args.gated)
    every = set(design)
    print(f"design batches {design}; {len(calls)} calls; {len(forms.lines)} lines; grid {GRID}")
    if args.per_form:
        print("each line alone on the batch-strict rules, all design calls (in-sample):")
        for i, (cat, p) in enumerate(forms.lines):
            hit_b, fa_b, hits, fas = forms.evidence(every, i)
            print(
                f"  [{i:2}] {cat:10} +{hits} tp from {len(hit_b)} batches {sorted(hit_b)};"
                f" +{fas} fp from {sorted(fa_b)} | {p[:70]}"
            )

    def keep_for(setting: Setting | str, held: str) -> dict[str, frozenset[int]]:
        """The lines the held-out batch is scored with: chosen on every other design batch."""
        return {held: forms.chosen(every - {held}, setting)}

    def inner_choice(outer: str) -> Setting:
        others = every - {outer}
        best, best_value = GRID[0], -1.0
        for s in GRID:
            keep = {b: forms.chosen(others - {b}, s) for b in others}
            pooled = forms.pooled(others, keep)
            value = pooled.f1 - 1e-6 * (pooled.tp + pooled.fp)
            if value > best_value + 1e-12:
                best, best_value = s, value
        return best

    rows: dict[str, list[LabelScore]] = {"rules": [], "all": [], "choice": []}
    rows.update({f"{s[0]},{s[1]}": [] for s in GRID})
    replies: dict[str, list[LabelScore]] = {k: [] for k in rows}
    for held in design:
        s = inner_choice(held)
        settings: dict[str, Setting | str] = {"rules": "rules", "all": "all", "choice": s}
        settings.update({f"{g[0]},{g[1]}": g for g in GRID})
        parts = []
        for name, setting in settings.items():
            keep = keep_for(setting, held)
            rows[name].append(forms.pooled({held}, keep))
            replies[name].append(forms.pooled({held}, keep, 1))
        kept = sorted(keep_for(s, held)[held])
        parts.append(f"rules {line(rows['rules'][-1])}")
        parts.append(f"all {line(rows['all'][-1])}")
        parts.append(f"choice {s} lines {kept} -> {line(rows['choice'][-1])}")
        print(f"  {held:6} " + " | ".join(parts), flush=True)
    print("LOBO (held-out batches pooled), stall | stall_response:")
    for name in rows:
        print(
            f"  {name:7} {line(LabelScore.total('stall', rows[name]))}"
            f" | {line(LabelScore.total('stall_response', replies[name]))}"
        )
    if args.fresh:
        fresh = Forms(
            prepare_read_calls(READ_BATCHES[args.fresh]), extra, args.fresh, params, args.gated
        )
        choice = inner_choice("")
        print(f"fresh batch {args.fresh} (designed without it; choice {choice}):")
        named: list[tuple[str, Setting | str]] = [("rules", "rules"), ("all", "all")]
        named += [("choice", choice)] + [(t, _setting(t)) for t in args.candidate]
        for name, setting in named:
            keep = (
                forms.chosen(every, setting)
                if setting != "all"
                else frozenset(range(len(forms.lines)))
            )
            score = fresh.pooled({args.fresh}, {args.fresh: keep})
            reply = fresh.pooled({args.fresh}, {args.fresh: keep}, 1)
            print(f"  {name:7} lines {sorted(keep)} {line(score)} | stall_response {line(reply)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
