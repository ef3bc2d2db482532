"""Leave-one-call-out for phrase lexicons on the annotated sales calls.

A lexicon detector (``challenge``, ``candor``: ``callcoach.detectors._patterns``) is a
list of cue phrases; choosing that list after reading the calls is tuning. Here the list
is *chosen on 11 calls and scored on the 12th*, for each call in turn:

- **lenient**: backward elimination. Starting from every phrase, drop the phrase whose
  removal raises pooled F1 on the 11 training calls the most, until no removal helps.
  Phrases that hurt elsewhere are gone on the held-out call; phrases that never fire on
  the training calls stay (a general form written from first principles is not dropped
  for lack of evidence).
- **strict**: as lenient, and a phrase is also dropped unless it found a gold moment
  (a true positive) on at least one training call. A phrase supported by a single dev
  call therefore never counts on that call: with few moments per label this is the
  pessimistic bound.

Vetoes (``not-*``) stay as written. Moments are scored with the README's rule
(``callcoach.eval.moments``); P/R/F1 are pooled over the held-out calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

import yaml

from callcoach.detectors import registry
from callcoach.detectors._patterns import Lexicon, LexiconDetector, compile_phrases, fold
from callcoach.detectors.base import DetectionContext
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import (
    Alignment,
    GoldCall,
    _load,
    align,
    load_gold,
    predicted_moments,
    resolve_salescalls,
)
from callcoach.model import Call, Evidence, Finding, RoleAssignment

__all__ = [
    "LexiconLoco",
    "PreparedCall",
    "lexicon_loco",
    "needs_loco",
    "prepare_calls",
    "prepare_read_calls",
    "quantified_pain_loco",
    "read_batch_calls",
    "self_talk_loco",
]

Phrase = tuple[str, str]  # (category, phrase as written)


@dataclass(frozen=True)
class PreparedCall:
    """A loaded sales call with its alignment and the gold roles."""

    gold: GoldCall
    call: Call
    alignment: Alignment
    roles: RoleAssignment


def prepare_calls(gold: Sequence[GoldCall]) -> list[PreparedCall]:
    """Load and align every call that loads with speakers (roles from the gold reps)."""
    from callcoach.errors import CallcoachError
    from callcoach.ingest import load_call
    from callcoach.roles import resolve_roles

    out = []
    for g in gold:
        try:
            call = load_call(g.path)
        except CallcoachError:
            continue
        if not call.has_speakers:
            continue
        roles = resolve_roles(call, rep=list(g.reps))
        out.append(PreparedCall(g, call, align(call, g.turns), roles))
    return out


#: Open halves of blind batches that are still a fresh measure (not yet scored and opened).
UNOPENED = ("open22", "open23", "open24")

_BLIND = "tests/data/salescalls_blind/"

#: The read calls, one batch per writer, for leave-one-batch-out: batch name → data folder.
#: A batch joins when its open half is opened (removed from ``UNOPENED``).
READ_BATCHES: Mapping[str, str] = {
    "dev": "salescalls",
    **{
        name: _BLIND + name
        for name in (
            "open",
            "open2",
            "open3",
            "open4",
            "open5",
            "open6",
            "open7",
            "open8",
            "open9",
            "open10",
            "open11",
            "open12",
            "open13",
            "open14",
            "open15",
            "open16",
            "open17",
            "open18",
            "open19",
            "open20",
            "open21",
        )
    },
}

#: The open half opened last: helpers score it before reading it (their fresh check of the
#: stop), so the design tools leave it out of their default batches. Moves with each opening.
FRESH_CHECK = "open21"

#: The default design batches of the leave-one-batch-out tools: every read batch but the
#: fresh check.
DESIGN_BATCHES: tuple[str, ...] = tuple(b for b in READ_BATCHES if b != FRESH_CHECK)

#: First and last call number of each blind batch's open half (sbNN ids).
_OPEN_RANGES = {
    "open": (1, 4),
    "open2": (9, 12),
    "open3": (17, 20),
    "open4": (25, 28),
    "open5": (33, 36),
    "open6": (41, 44),
    "open7": (49, 52),
    "open8": (57, 60),
    "open9": (65, 68),
    "open10": (73, 76),
    "open11": (81, 84),
    "open12": (89, 92),
    "open13": (97, 100),
    "open14": (105, 108),
    "open15": (113, 116),
    "open16": (121, 124),
    "open17": (129, 132),
    "open18": (137, 140),
    "open19": (145, 148),
    "open20": (153, 156),
    "open21": (161, 164),
    "open22": (169, 172),
    "open23": (177, 180),
    "open24": (185, 188),
}


def batch_of(call_id: str) -> str:
    """The read batch a call belongs to: ``dev`` for the dev calls, else its open set.

    Raises ValueError for a sealed call (sb05-08, sb13-16 …), which is never read."""
    if not call_id.startswith("sb"):
        return "dev"
    # Ids grow to three digits from sb100; read every digit after 'sb', not a fixed width.
    digits = re.match(r"sb(\d+)", call_id)
    if digits is None:
        raise ValueError(f"{call_id}: not a blind call id (sbNN_...)")
    number = int(digits.group(1))
    for name, (first, last) in _OPEN_RANGES.items():
        if first <= number <= last:
            return name
    raise ValueError(f"{call_id}: a sealed blind call belongs to no read batch")


def check_read_folder(folder: str | Path) -> None:
    """Raise ValueError unless ``folder`` may be read for design (a LOCO, a LOBO, a CV).

    Refused: a sealed blind folder (``sealed``, ``sealed2`` …), scored in aggregate only and
    never tuned on, and a batch not yet opened (``UNOPENED``), whose open half stays as blind
    as its sealed half until it has been scored as a fresh measure."""
    parts = Path(folder).parts
    if any("sealed" in part for part in parts):
        raise ValueError(
            f"{folder}: the sealed blind calls are scored in aggregate only, never tuned on"
        )
    if any(part in UNOPENED for part in parts):
        raise ValueError(f"{folder}: this blind batch is not opened yet; it is a fresh measure")


def prepare_read_calls(data: str | Path, also: Sequence[str | Path] = ()) -> list[PreparedCall]:
    """``prepare_calls`` of ``data`` and every ``also`` folder pooled with it, for a LOCO.

    Every folder, ``data`` included, must pass ``check_read_folder``."""
    for folder in (data, *also):
        check_read_folder(folder)
    return [
        c for name in (data, *also) for c in prepare_calls(load_gold(resolve_salescalls(str(name))))
    ]


def read_batch_calls(batches: Sequence[str]) -> list[tuple[str, GoldCall, Call]]:
    """(batch, gold, call) for every call of the named ``READ_BATCHES`` that loads, in order.

    Every batch's folder must pass ``check_read_folder``; a call that does not load is left
    out (the scorecard reports those)."""
    out = []
    for batch in batches:
        folder = READ_BATCHES[batch]
        check_read_folder(folder)
        for gold in load_gold(resolve_salescalls(folder)):
            call, _ = _load(gold)
            if call is not None:
                out.append((batch, gold, call))
    return out


def _raw_lexicon(name: str) -> dict[str, list[str]]:
    resource = resources.files("callcoach.detectors").joinpath("lexicons", f"{name}.yaml")
    raw: Any = yaml.safe_load(resource.read_text(encoding="utf-8"))
    return {str(k): [str(p) for p in v] for k, v in raw.items()}


@dataclass(frozen=True)
class LexiconLoco:
    """In-sample and leave-one-call-out scores of one lexicon detector."""

    detector: str
    label: str
    in_sample: LabelScore
    lenient: LabelScore
    strict: LabelScore
    dropped_lenient: Mapping[str, tuple[Phrase, ...]]  # held-out call -> phrases dropped
    dropped_strict: Mapping[str, tuple[Phrase, ...]]
    n_phrases: int

    def summary(self) -> dict[str, Any]:
        return {
            "detector": self.detector,
            "label": self.label,
            "phrases": self.n_phrases,
            "in_sample": self.in_sample.counts(),
            "loco_lenient": self.lenient.counts(),
            "loco_strict": self.strict.counts(),
            "dropped_lenient": {k: [p for _, p in v] for k, v in self.dropped_lenient.items()},
            "dropped_strict_count": {k: len(v) for k, v in self.dropped_strict.items()},
        }


Run = Callable[[PreparedCall, Lexicon], Sequence[Finding]]


class _Scorer:
    """Scores a phrase selection on prepared calls, remembering each (call, selection).

    ``raw``: the lexicon as written; ``tunable``: which of its categories are selected
    (the others stay as written); ``role``: whose utterances the phrases read ("" for
    everyone's); ``run``:
    the detector's findings on a call with a given lexicon.
    """

    def __init__(
        self,
        detector: str,
        label: str,
        calls: Sequence[PreparedCall],
        raw: Mapping[str, list[str]],
        tunable: Callable[[str], bool],
        role: str,
        run: Run,
    ) -> None:
        self.detector = detector
        self.label = label
        self.calls = calls
        self.raw = raw
        self.tunable = tunable
        self.run = run
        self.phrases: list[Phrase] = [
            (cat, p) for cat, ps in raw.items() if tunable(cat) for p in ps
        ]
        compiled = compile_phrases("probe", {"x": [p for _, p in self.phrases]})
        # Which phrases can fire on which call at all (a phrase that cannot fire there
        # cannot change that call's score).
        self.fires: list[frozenset[int]] = []
        for c in calls:
            # Compiled phrases read folded text (``_patterns.fold``).
            texts = [
                fold(u.text)
                for u in c.call.utterances
                if not role or c.roles.role_of(u.speaker) == role
            ]
            self.fires.append(
                frozenset(
                    i
                    for i, ph in enumerate(compiled.phrases)
                    if any(ph.regex.search(t) for t in texts)
                )
            )
        self._memo: dict[tuple[int, frozenset[int]], LabelScore] = {}

    def _lexicon(self, keep: frozenset[int]) -> Lexicon:
        chosen: dict[str, list[str]] = {}
        for i, (cat, p) in enumerate(self.phrases):
            if i in keep:
                chosen.setdefault(cat, []).append(p)
        for cat, ps in self.raw.items():
            if not self.tunable(cat):
                chosen[cat] = ps
        return compile_phrases(f"{self.detector}-selection", chosen)

    def score(self, index: int, keep: frozenset[int]) -> LabelScore:
        relevant = keep & self.fires[index]
        key = (index, relevant)
        if key not in self._memo:
            c = self.calls[index]
            findings = self.run(c, self._lexicon(relevant))
            pred = predicted_moments({self.detector: findings}, c.roles, c.alignment, [self.label])
            self._memo[key] = score_label(self.label, c.gold.moments, pred)
        return self._memo[key]

    def pooled(self, indices: Sequence[int], keep: frozenset[int]) -> LabelScore:
        return LabelScore.total(self.label, [self.score(i, keep) for i in indices])

    def supported(self, indices: Sequence[int], keep: frozenset[int]) -> frozenset[int]:
        """Phrases of ``keep`` that, alone, find a gold moment on one of ``indices``."""
        out = set()
        for p in keep:
            if any(self.score(i, frozenset({p})).tp for i in indices if p in self.fires[i]):
                out.add(p)
        return frozenset(out)

    def eliminate(self, indices: Sequence[int], keep: frozenset[int]) -> frozenset[int]:
        """Backward elimination on ``indices``: drop phrases while pooled F1 rises."""
        current = self.pooled(indices, keep)
        while True:
            firing = {p for i in indices for p in self.fires[i]} & keep
            best, best_f1 = None, current.f1
            for p in sorted(firing):
                f1 = self.pooled(indices, keep - {p}).f1
                if f1 > best_f1 + 1e-9:
                    best, best_f1 = p, f1
            if best is None:
                return keep
            keep = keep - {best}
            current = self.pooled(indices, keep)


def lexicon_loco(
    detector: str,
    label: str,
    calls: Sequence[PreparedCall],
    progress: Callable[[str], None] | None = None,
) -> LexiconLoco:
    """In-sample, lenient and strict leave-one-call-out scores of ``detector`` on ``label``."""
    detector_cls = registry.get(detector)
    if not issubclass(detector_cls, LexiconDetector):
        raise TypeError(f"{detector} is not a lexicon detector")

    def run(c: PreparedCall, lexicon: Lexicon) -> Sequence[Finding]:
        class Narrowed(detector_cls):  # type: ignore[valid-type,misc]
            name: ClassVar[str] = detector_cls.name

            def phrases(self) -> Lexicon:
                return lexicon

        found: list[Finding] = Narrowed().detect(c.call, DetectionContext(c.roles))
        return found

    raw = _raw_lexicon(detector_cls.lexicon)
    s = _Scorer(detector, label, calls, raw, lambda cat: not cat.startswith("not-"), "rep", run)
    return _loco(s, calls, progress)


def needs_loco(
    calls: Sequence[PreparedCall], progress: Callable[[str], None] | None = None
) -> LexiconLoco:
    """As ``lexicon_loco`` for the ``need`` phrases of ``needs_coverage`` (the prospect's
    stated needs); its ``logistics`` and ``not_need`` vetoes stay as written."""
    from callcoach.detectors.needs_coverage import NeedsCoverageDetector, find_statements

    detector = NeedsCoverageDetector()
    min_words = int(detector.params["min_words"])

    def run(c: PreparedCall, lexicon: Lexicon) -> Sequence[Finding]:
        statements = find_statements(c.call, c.roles, min_words, lexicon)
        return [
            detector.finding("need", [Evidence.of(n.utterance, n.start, n.end)], 1.0)
            for n in statements
            if n.kind == "need"
        ]

    raw = _raw_lexicon("needs")
    s = _Scorer("needs_coverage", "need", calls, raw, lambda cat: cat == "need", "prospect", run)
    return _loco(s, calls, progress)


def quantified_pain_loco(
    calls: Sequence[PreparedCall], progress: Callable[[str], None] | None = None
) -> LexiconLoco:
    """As ``lexicon_loco`` for the cue phrases of ``quantified_pain`` (pain, risk, sum and
    elicit cues; every speaker): its ``not-*`` vetoes stay as written."""
    from callcoach.detectors.quantified_pain import QuantifiedPainDetector

    def run(c: PreparedCall, lexicon: Lexicon) -> Sequence[Finding]:
        class Narrowed(QuantifiedPainDetector):
            def phrases(self) -> Lexicon:
                return lexicon

        return Narrowed().detect(c.call, DetectionContext(c.roles))

    raw = _raw_lexicon("quantified_pain")
    s = _Scorer(
        "quantified_pain",
        "quantified_pain",
        calls,
        raw,
        lambda cat: not cat.startswith("not-"),
        "",
        run,
    )
    return _loco(s, calls, progress)


def self_talk_loco(
    calls: Sequence[PreparedCall], progress: Callable[[str], None] | None = None
) -> LexiconLoco:
    """As ``lexicon_loco`` for the ``self_talk`` moments of the self_talk detector (rep
    sentences about us): its ``not-*`` vetoes stay as written."""
    from callcoach.detectors.self_talk import SelfTalkDetector

    def run(c: PreparedCall, lexicon: Lexicon) -> Sequence[Finding]:
        class Narrowed(SelfTalkDetector):
            def phrases(self) -> Lexicon:
                return lexicon

        return Narrowed()._moments(c.call, c.roles)

    raw = _raw_lexicon("self_talk")
    s = _Scorer(
        "self_talk", "self_talk", calls, raw, lambda cat: not cat.startswith("not-"), "rep", run
    )
    return _loco(s, calls, progress)


def _loco(
    s: _Scorer, calls: Sequence[PreparedCall], progress: Callable[[str], None] | None
) -> LexiconLoco:
    every = frozenset(range(len(s.phrases)))
    all_calls = list(range(len(calls)))
    lenient, strict = [], []
    dropped_l: dict[str, tuple[Phrase, ...]] = {}
    dropped_s: dict[str, tuple[Phrase, ...]] = {}
    for held in all_calls:
        train = [i for i in all_calls if i != held]
        keep = s.eliminate(train, every)
        lenient.append(s.score(held, keep))
        kept_strict = s.eliminate(train, s.supported(train, keep))
        strict.append(s.score(held, kept_strict))
        name = calls[held].gold.id
        dropped_l[name] = tuple(s.phrases[p] for p in sorted(every - keep))
        dropped_s[name] = tuple(s.phrases[p] for p in sorted(every - kept_strict))
        if progress is not None:
            progress(f"{s.detector}: held out {name}")
    return LexiconLoco(
        detector=s.detector,
        label=s.label,
        in_sample=s.pooled(all_calls, every),
        lenient=LabelScore.total(s.label, lenient),
        strict=LabelScore.total(s.label, strict),
        dropped_lenient=dropped_l,
        dropped_strict=dropped_s,
        n_phrases=len(s.phrases),
    )
