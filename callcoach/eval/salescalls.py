"""Evaluate callcoach on the annotated sales calls (``../shared/data/salescalls``).

For each call: load the transcript file through the normal ingest, align our utterances
to the labelled turns word by word, run the pipeline with the gold reps (``--rep``), turn
findings into moments with ``callcoach.eval.salescall_labels`` and score them with the
README's rule (``callcoach.eval.moments``). Also: attribute accuracy on matched moments
(question type/topic, stall handling, next-step concrete/accepted), the scorecard against
the expert's ratings, and the role guess without ``--rep``.

Leave-one-call-out: ``leave_one_call_out`` chooses a parameter set on 11 calls and scores
the 12th, for any tunable thing; fixed rules report per-call mean and spread.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from callcoach.errors import CallcoachError, EvalError
from callcoach.eval.corpus import data_root
from callcoach.eval.moments import LabelScore, Moment, find_span, score_label, score_turns, words
from callcoach.eval.salescall_labels import LABELS, QUESTION_TOPICS, LabelSource
from callcoach.model import Call, Evidence, Finding, RoleAssignment, Scorecard
from callcoach.roster import normalize_name

__all__ = [
    "CRITERIA",
    "AnalysedCall",
    "AttrAccuracy",
    "CallResult",
    "GoldCall",
    "GoldTurn",
    "LocoFold",
    "LocoResult",
    "RoleOutcome",
    "align",
    "evaluate_call",
    "evaluate_salescalls",
    "guess_outcome",
    "is_salescalls",
    "labels_for",
    "leave_one_call_out",
    "load_gold",
    "predicted_moments",
    "resolve_salescalls",
    "spearman",
    "summarize_results",
]

CRITERIA = (
    "discovery",
    "quantify",
    "challenge",
    "listening",
    "summarize",
    "candor",
    "recommendation",
    "stalls",
    "next_step",
)
RUBRIC = "expert-not-friend"


# ---- gold ----


@dataclass(frozen=True, slots=True)
class GoldTurn:
    i: int
    speaker: str
    text: str


@dataclass(frozen=True)
class GoldCall:
    id: str
    path: Path  # the transcript file
    format: str
    call_type: str
    style: str
    reps: tuple[str, ...]
    prospects: tuple[str, ...]
    turns: tuple[GoldTurn, ...]
    moments: tuple[Moment, ...]
    criteria: Mapping[str, int | None]
    overall: float | None
    unplaced: tuple[str, ...] = ()  # moments whose quote is not in their turn (label file bug)


def is_salescalls(data: str) -> bool:
    """True for the name "salescalls" or a folder holding ``*.labels.json`` files."""
    if data == "salescalls":
        return True
    path = Path(data).expanduser()
    return path.is_dir() and any(path.glob("*.labels.json"))


def resolve_salescalls(data: str) -> Path:
    """The folder of the annotated sales calls for "salescalls" or a path."""
    path = Path(data).expanduser()
    if path.is_dir() and any(path.glob("*.labels.json")):
        return path
    if data == "salescalls":
        folder = data_root() / "salescalls"
        if folder.is_dir() and any(folder.glob("*.labels.json")):
            return folder
        raise EvalError(f"salescalls: no annotated sales calls in {folder}")
    raise EvalError(f"{data}: not a folder of <id>.labels.json files with their transcripts")


def load_gold(folder: Path) -> list[GoldCall]:
    """Every ``*.labels.json`` in ``folder`` (sorted by id), with moments as word spans."""
    calls = []
    for labels_path in sorted(folder.glob("*.labels.json")):
        try:
            raw = json.loads(labels_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvalError(f"{labels_path}: cannot read labels: {exc}") from None
        calls.append(_gold_call(labels_path, raw))
    if not calls:
        raise EvalError(f"{folder}: no *.labels.json files")
    return calls


def _gold_call(labels_path: Path, raw: Mapping[str, Any]) -> GoldCall:
    try:
        turns = tuple(
            GoldTurn(int(t["i"]), str(t["speaker"]), str(t["text"])) for t in raw["turns"]
        )
        moments, unplaced = [], []
        for m in raw["moments"]:
            turn = int(m["turn"])
            span = find_span(turns[turn].text, str(m["quote"])) if turn < len(turns) else None
            if span is None:
                unplaced.append(f"turn {turn} {m['label']}: {m['quote']!r}")
                continue
            moments.append(
                Moment(turn, str(m["label"]), *span, str(m["quote"]), m.get("attrs") or {})
            )
        criteria = {
            name: (int(c["score"]) if c and c.get("score") is not None else None)
            for name, c in (raw.get("criteria") or {}).items()
        }
        return GoldCall(
            id=str(raw["id"]),
            path=labels_path.parent / str(raw["file"]),
            format=str(raw.get("format", "")),
            call_type=str(raw.get("call_type", "")),
            style=str(raw.get("style", "")),
            reps=tuple(raw["reps"]),
            prospects=tuple(raw["prospects"]),
            turns=turns,
            moments=tuple(moments),
            criteria=criteria,
            overall=float(raw["overall"]) if raw.get("overall") is not None else None,
            unplaced=tuple(unplaced),
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise EvalError(f"{labels_path}: labels do not follow the schema: {exc!r}") from None


# ---- alignment of our utterances to the labelled turns ----


@dataclass(frozen=True)
class Alignment:
    """Where each word of each utterance sits among the gold turns' words."""

    # utterance id -> list of (char_start, char_end, turn or -1, word index in turn)
    positions: Mapping[str, tuple[tuple[int, int, int, int], ...]]
    coverage: float  # share of gold words matched by some word of ours
    speaker_agreement: float  # share of matched words whose speakers agree (names normalised)

    def span(self, evidence: Evidence) -> tuple[int, int, int] | None:
        """(turn, start, end) word span of a quote, in the turn most of its words fall in."""
        start = evidence.char_start
        end = evidence.char_end if evidence.char_end is not None else 10**9
        hits = [
            (turn, idx)
            for cs, ce, turn, idx in self.positions.get(evidence.utterance_id, ())
            if turn >= 0 and ce > start and cs < end
        ]
        if not hits:
            return None
        counts: dict[int, int] = {}
        for turn, _ in hits:
            counts[turn] = counts.get(turn, 0) + 1
        best = max(counts, key=lambda t: (counts[t], -t))
        idxs = [i for t, i in hits if t == best]
        return best, min(idxs), max(idxs) + 1


_WORD = re.compile(r"[\w'\u2019]+")


def _word_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) per word, folded exactly as ``moments.words`` folds them."""
    return [
        (m.start(), m.end(), m.group().casefold().replace("\u2019", "'"))
        for m in _WORD.finditer(text)
    ]


def _same_speaker(ours: str | None, gold: str) -> bool:
    if ours is None:
        return False
    a, b = normalize_name(ours), normalize_name(gold)
    return a == b or a.split()[-1:] == b.split() or b.split()[-1:] == a.split()


def align(call: Call, turns: Sequence[GoldTurn]) -> Alignment:
    """Word-level alignment (difflib on lower-cased words) of ``call`` to ``turns``."""
    gold_words: list[str] = []
    gold_pos: list[tuple[int, int]] = []
    for t in turns:
        for idx, w in enumerate(words(t.text)):
            gold_words.append(w)
            gold_pos.append((t.i, idx))
    our_words: list[str] = []
    our_pos: list[tuple[str, int, int]] = []
    for u in call.utterances:
        for cs, ce, w in _word_offsets(u.text):
            our_words.append(w)
            our_pos.append((u.id, cs, ce))
    mapped = [-1] * len(our_words)
    matcher = difflib.SequenceMatcher(None, our_words, gold_words, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapped[block.a + k] = block.b + k
    positions: dict[str, list[tuple[int, int, int, int]]] = {}
    speaker_of = {u.id: u.speaker for u in call.utterances}
    agree = total = 0
    for k, (uid, cs, ce) in enumerate(our_pos):
        g = mapped[k]
        turn, idx = gold_pos[g] if g >= 0 else (-1, -1)
        positions.setdefault(uid, []).append((cs, ce, turn, idx))
        if g >= 0:
            total += 1
            agree += _same_speaker(speaker_of[uid], turns[turn].speaker)
    coverage = total / len(gold_words) if gold_words else 0.0
    return Alignment(
        {k: tuple(v) for k, v in positions.items()},
        round(coverage, 4),
        round(agree / total, 4) if total else 0.0,
    )


# ---- findings → moments ----


def _quotes(source: LabelSource, finding: Finding) -> tuple[Evidence, ...]:
    if not finding.evidence:
        return ()
    if source.evidence == "first":
        return (finding.evidence[0],)
    if source.evidence == "last":
        if source.label == "stall_response" and len(finding.evidence) < 2:
            return ()  # a stall with no reply quoted: no response moment
        return (finding.evidence[-1],)
    return finding.evidence


def predicted_moments(
    findings: Mapping[str, Sequence[Finding]],
    roles: RoleAssignment,
    alignment: Alignment,
    labels: Iterable[str] | None = None,
) -> list[Moment]:
    """Our findings as moments of the gold labels (``labels``: all mapped labels when None)."""
    wanted = list(LABELS) if labels is None else list(labels)
    types = _by_span(findings.get("question_type", ()))
    topics = _by_span(findings.get("question_topic", ()))
    out: list[Moment] = []
    for label in wanted:
        source = LABELS.get(label)
        if source is None:
            continue
        for finding in findings.get(source.detector, ()):
            if source.finding_labels is not None and finding.label not in source.finding_labels:
                continue
            for ev in _quotes(source, finding):
                if source.role is not None and roles.role_of(ev.speaker) != source.role:
                    continue
                placed = alignment.span(ev)
                if placed is None:
                    continue
                attrs = dict(source.attrs(finding))
                if label == "question":
                    key = (ev.utterance_id, ev.char_start)
                    attrs["type"] = types.get(key)
                    topic = topics.get(key)
                    attrs["topic"] = QUESTION_TOPICS.get(topic, topic) if topic else None
                out.append(Moment(placed[0], label, placed[1], placed[2], ev.quote, attrs, finding))
    return out


def _by_span(findings: Iterable[Finding]) -> dict[tuple[str, int], str]:
    return {
        (f.evidence[0].utterance_id, f.evidence[0].char_start): f.label
        for f in findings
        if f.evidence
    }


# ---- roles ----


@dataclass(frozen=True, slots=True)
class RoleOutcome:
    """``outcome``: right | refused | wrong; ``buyer_as_rep``: a prospect was made the rep;
    ``kind``: for a wrong guess, what kind (``wrong_kind``), else empty."""

    outcome: str
    guessed_reps: tuple[str, ...]
    buyer_as_rep: bool
    confidence: float
    reason: str
    kind: str = ""


def lead_seller(call: Call, gold: GoldCall) -> str | None:
    """The gold seller who says the most words: the one who runs the call (the AE), when a
    sales engineer, manager or director joins."""
    words: Counter[str] = Counter()
    for u in call.utterances:
        if u.speaker and any(_same_speaker(u.speaker, g) for g in gold.reps):
            words[u.speaker] += len(u.text.split())
    return words.most_common(1)[0][0] if words else None


def wrong_kind(reps: Sequence[str], gold: GoldCall, lead: str | None) -> str:
    """What kind of wrong guess ``reps`` is: ``buyer`` (a prospect taken as the rep, the
    worst), ``lead missed`` (the seller who runs the call left out: a specialist taken for
    the rep), ``second seller missed`` (the lead found, a quieter seller left with the
    buyers) or ``other`` (a seller too many)."""
    if any(_same_speaker(r, p) for r in reps for p in gold.prospects):
        return "buyer"
    if lead is not None and not any(_same_speaker(r, lead) for r in reps):
        return "lead missed"
    return "second seller missed" if len(reps) < len(gold.reps) else "other"


def guess_outcome(call: Call, gold: GoldCall, min_confidence: float = 0.6) -> RoleOutcome:
    """The role guess without ``--rep`` (as ``analyze`` makes it) against the gold reps."""
    from callcoach.roles import resolve_roles

    try:
        roles = resolve_roles(call, min_confidence=min_confidence, required=False)
    except CallcoachError as exc:
        return RoleOutcome("refused", (), False, 0.0, str(exc).splitlines()[0])
    if not roles.available:
        return RoleOutcome("refused", (), False, 0.0, roles.unavailable_reason or "no roles")
    reps = roles.reps
    buyer = any(_same_speaker(r, p) for r in reps for p in gold.prospects)
    right = len(reps) == len(gold.reps) and all(
        any(_same_speaker(r, g) for r in reps) for g in gold.reps
    )
    if right:
        return RoleOutcome("right", reps, buyer, roles.confidence, roles.method)
    kind = wrong_kind(reps, gold, lead_seller(call, gold))
    return RoleOutcome("wrong", reps, buyer, roles.confidence, roles.method, kind)


# ---- one call ----


@dataclass(frozen=True)
class AnalysedCall:
    """One call analysed with the gold reps: what a rubric needs to score it again."""

    gold: GoldCall
    call: Call
    roles: RoleAssignment
    metrics: tuple[Any, ...]
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class AttrAccuracy:
    correct: int
    total: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: AttrAccuracy) -> AttrAccuracy:
        return AttrAccuracy(self.correct + other.correct, self.total + other.total)


@dataclass(frozen=True)
class CallResult:
    id: str
    style: str
    call_type: str
    error: str | None = None  # why the call could not be loaded or analysed
    labels: Mapping[str, LabelScore] = field(default_factory=dict)
    attributes: Mapping[str, AttrAccuracy] = field(default_factory=dict)
    criteria: Mapping[str, int | None] = field(default_factory=dict)  # ours
    gold_criteria: Mapping[str, int | None] = field(default_factory=dict)
    overall: float | None = None
    gold_overall: float | None = None
    guessed_call_type: str | None = None
    roles: RoleOutcome | None = None
    coverage: float = 0.0
    speaker_agreement: float = 0.0
    scorecard: Scorecard | None = None
    analysed: AnalysedCall | None = None  # for rescoring (leave-one-call-out rubric tuning)

    @property
    def loaded(self) -> bool:
        return self.error is None


def _load(gold: GoldCall) -> tuple[Call | None, str | None]:
    from callcoach.ingest import load_call

    try:
        call = load_call(gold.path)
    except CallcoachError as exc:
        return None, f"load failure: {str(exc).splitlines()[0]}"
    if not call.has_speakers:
        return None, f"load failure: {gold.path.name} ({gold.format}) loads with no speakers"
    return call, None


def evaluate_call(
    gold: GoldCall,
    detector: str | None = None,
    embedder: Any = None,
    rubric: Any = RUBRIC,
    analysis_hook: Callable[[GoldCall, Any], None] | None = None,
) -> CallResult:
    """Score one call. ``detector`` limits the run to that detector (no scorecard, no roles)."""
    from callcoach.api import analyze

    call, error = _load(gold)
    if call is None:
        return _failed(gold, error or "load failure")
    aligned = align(call, gold.turns)
    labels = labels_for(detector)
    detectors = None if detector is None else _detectors_for(labels)
    try:
        analysis = analyze(
            call,
            rep=list(gold.reps),
            detectors=detectors,
            embedder=embedder,
            rubric=rubric if detector is None else None,
        )
    except CallcoachError as exc:
        return _failed(gold, f"analysis failure: {str(exc).splitlines()[0]}")
    if analysis_hook is not None:
        analysis_hook(gold, analysis)
    pred = predicted_moments(analysis.findings, analysis.roles, aligned, labels)
    scores: dict[str, LabelScore] = {}
    for label in labels:
        rule = score_turns if LABELS[label].by_turns else score_label
        scores[label] = rule(label, gold.moments, pred)
    card = analysis.scorecard
    criteria: dict[str, int | None] = {}
    if card is not None:
        for name in CRITERIA:
            try:
                criteria[name] = card.criterion(name).score
            except KeyError:
                criteria[name] = None
    return CallResult(
        id=gold.id,
        style=gold.style,
        call_type=gold.call_type,
        labels=scores,
        attributes=_attribute_accuracy(scores),
        criteria=criteria,
        gold_criteria=gold.criteria,
        overall=card.overall if card is not None else None,
        gold_overall=gold.overall,
        guessed_call_type=card.call_type if card is not None else None,
        roles=guess_outcome(call, gold) if detector is None else None,
        coverage=aligned.coverage,
        speaker_agreement=aligned.speaker_agreement,
        scorecard=card,
        analysed=AnalysedCall(
            gold, call, analysis.roles, tuple(analysis.metrics), dict(analysis.findings)
        ),
    )


def _failed(gold: GoldCall, error: str) -> CallResult:
    return CallResult(
        id=gold.id,
        style=gold.style,
        call_type=gold.call_type,
        error=error,
        gold_criteria=gold.criteria,
        gold_overall=gold.overall,
    )


# The question label's attributes come from these detectors.
_QUESTION_PARTS = ("question_type", "question_topic")


def labels_for(detector: str | None) -> list[str]:
    """The gold labels scored for ``--detector`` (a detector or a label name; all when None)."""
    if detector is None:
        return list(LABELS)
    labels = [
        name
        for name, s in LABELS.items()
        if detector in (name, s.detector) or (name == "question" and detector in _QUESTION_PARTS)
    ]
    if not labels:
        known = ", ".join(sorted(set(LABELS) | {s.detector for s in LABELS.values()}))
        raise EvalError(
            f"no sales-call label is scored for {detector!r}; detectors and labels: {known}"
        )
    return labels


def _detectors_for(labels: Sequence[str]) -> list[str]:
    names = {LABELS[name].detector for name in labels}
    if "question" in labels:
        names |= set(_QUESTION_PARTS)
    return sorted(names)


def _attribute_accuracy(scores: Mapping[str, LabelScore]) -> dict[str, AttrAccuracy]:
    def acc(label: str, key: str, same: Callable[[Any, Any], bool] | None = None) -> AttrAccuracy:
        result = scores.get(label)
        if result is None:
            return AttrAccuracy(0, 0)
        pairs = [(m.gold.attrs.get(key), m.pred.attrs.get(key)) for m in result.matches]
        pairs = [(g, p) for g, p in pairs if g is not None]
        check = same or (lambda g, p: bool(g == p))
        return AttrAccuracy(sum(bool(check(g, p)) for g, p in pairs), len(pairs))

    def engaged(g: Any, p: Any) -> bool:  # probed or reframed vs accepted
        return bool((g == "accepted") == (p == "accepted"))

    return {
        "question_type": acc("question", "type"),
        "question_topic": acc("question", "topic"),
        "stall_handling": acc("stall_response", "handling"),
        "stall_handling_2way": acc("stall_response", "handling", engaged),
        "next_step_concrete": acc("next_step", "concrete"),
        "next_step_accepted": acc("next_step", "accepted"),
    }


# ---- statistics ----


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho (average ranks for ties); None with fewer than 3 pairs or no spread."""
    if len(xs) != len(ys) or len(xs) < 3:
        return None
    from scipy.stats import spearmanr

    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    rho = spearmanr(xs, ys).statistic
    return None if rho is None or math.isnan(float(rho)) else round(float(rho), 4)


def _mean_sd(values: Sequence[float]) -> dict[str, float | int | None]:
    if not values:
        return {"mean": None, "sd": None, "min": None, "max": None, "n": 0}
    return {
        "mean": round(statistics.fmean(values), 4),
        "sd": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": round(min(values), 4),
        "max": round(max(values), 4),
        "n": len(values),
    }


def summarize_results(results: Sequence[CallResult]) -> dict[str, Any]:
    """Pooled and per-call numbers (mean/spread over calls), scorecard and roles."""
    loaded = [r for r in results if r.loaded]
    out: dict[str, Any] = {
        "calls": len(results),
        "loaded": len(loaded),
        "load_failures": {r.id: r.error for r in results if not r.loaded},
        "labels": {},
        "attributes": {},
    }
    labels = list(dict.fromkeys(name for r in loaded for name in r.labels))
    for label in labels:
        pooled: LabelScore | None = None
        per_call: list[float] = []
        for r in loaded:
            s = r.labels[label]
            pooled = s if pooled is None else pooled + s
            if s.defined:
                per_call.append(s.f1)
        assert pooled is not None
        out["labels"][label] = {
            "precision": round(pooled.precision, 4),
            "recall": round(pooled.recall, 4),
            "f1": round(pooled.f1, 4),
            "tp": pooled.tp,
            "fp": pooled.fp,
            "fn": pooled.fn,
            "by_turns": pooled.by_turns,
            "per_call_f1": _mean_sd(per_call),
            "source": _source_text(LABELS[label]),
        }
    for key in dict.fromkeys(k for r in loaded for k in r.attributes):
        total = AttrAccuracy(0, 0)
        for r in loaded:
            total = total + r.attributes[key]
        out["attributes"][key] = {
            "accuracy": None if total.accuracy is None else round(total.accuracy, 4),
            "correct": total.correct,
            "n": total.total,
        }
    scored = [r for r in loaded if r.criteria]
    if scored:
        out["scorecard"] = scorecard_summary(scored)
    with_roles = [r for r in results if r.roles is not None or not r.loaded]
    if any(r.roles is not None for r in results):
        out["roles"] = _roles_summary(with_roles)
    out["calls_detail"] = {
        r.id: {
            "style": r.style,
            "call_type": r.call_type,
            "error": r.error,
            "alignment_coverage": r.coverage,
            "speaker_agreement": r.speaker_agreement,
            "guessed_call_type": r.guessed_call_type,
            "overall": r.overall,
            "gold_overall": r.gold_overall,
            "criteria": dict(r.criteria),
            "gold_criteria": dict(r.gold_criteria),
            "roles": None
            if r.roles is None
            else {
                "outcome": r.roles.outcome,
                "guessed_reps": list(r.roles.guessed_reps),
                "buyer_as_rep": r.roles.buyer_as_rep,
                "wrong_kind": r.roles.kind or None,
                "confidence": r.roles.confidence,
                "reason": r.roles.reason,
            },
            "f1": {name: round(s.f1, 4) for name, s in r.labels.items() if s.defined},
        }
        for r in results
    }
    return out


def _source_text(source: LabelSource) -> str:
    labels = "any" if source.finding_labels is None else "/".join(source.finding_labels)
    role = f", {source.role} only" if source.role else ""
    return f"{source.detector}: {labels}{role}"


def scorecard_summary(results: Sequence[CallResult]) -> dict[str, Any]:
    """Per-criterion MAE and Spearman, overall Spearman and the friend < expert check."""
    per: dict[str, Any] = {}
    errors_all: list[float] = []
    for name in CRITERIA:
        pairs = [
            (r.criteria.get(name), r.gold_criteria.get(name))
            for r in results
            if r.gold_criteria.get(name) is not None
        ]
        both = [(float(p), float(g)) for p, g in pairs if p is not None and g is not None]
        errors = [abs(p - g) for p, g in both]
        errors_all.extend(errors)
        per[name] = {
            "mae": round(statistics.fmean(errors), 4) if errors else None,
            "spearman": spearman([p for p, _ in both], [g for _, g in both]),
            "n": len(both),
            "not_scored": len(pairs) - len(both),
        }
    overall = [(r.overall, r.gold_overall) for r in results]
    both_o = [(p, g) for p, g in overall if p is not None and g is not None]
    friend = [r.overall for r in results if r.style == "friend" and r.overall is not None]
    expert = [r.overall for r in results if r.style == "expert" and r.overall is not None]
    return {
        "criteria": per,
        "criterion_mae": round(statistics.fmean(errors_all), 4) if errors_all else None,
        "overall_spearman": spearman([p for p, _ in both_o], [g for _, g in both_o]),
        "overall_mae_on_1_5": round(statistics.fmean(abs(p - g) for p, g in both_o), 4)
        if both_o
        else None,
        "friend_below_expert": bool(friend and expert and max(friend) < min(expert)),
        "friend_overall": friend,
        "expert_overall": expert,
        "n": len(both_o),
    }


def _roles_summary(results: Sequence[CallResult]) -> dict[str, Any]:
    counts = {"right": 0, "refused": 0, "wrong": 0, "not_loaded": 0}
    buyer = 0
    kinds: Counter[str] = Counter()
    for r in results:
        if r.roles is None:
            counts["not_loaded"] += 1
            continue
        counts[r.roles.outcome] += 1
        buyer += r.roles.buyer_as_rep
        kinds[r.roles.kind] += 1
    n = len(results)
    return {
        **counts,
        "buyer_as_rep": buyer,
        # the kinder wrong guesses, so that a wrong count says which it was
        "lead_missed": kinds["lead missed"],
        "second_seller_missed": kinds["second seller missed"],
        "n": n,
        "right_share": round(counts["right"] / n, 4) if n else None,
    }


# ---- leave one call out ----

T = TypeVar("T")
P = TypeVar("P")
R = TypeVar("R")


@dataclass(frozen=True)
class LocoFold(Generic[P, R]):
    held_out: int
    chosen: P
    train_objective: float
    result: R


@dataclass(frozen=True)
class LocoResult(Generic[P, R]):
    folds: tuple[LocoFold[P, R], ...]

    @property
    def results(self) -> list[R]:
        return [f.result for f in self.folds]

    def spread(self, value: Callable[[R], float | None]) -> dict[str, float | int | None]:
        """Mean, standard deviation, min and max of ``value`` over the held-out calls."""
        values = [v for v in (value(f.result) for f in self.folds) if v is not None]
        return _mean_sd(values)


def leave_one_call_out(
    calls: Sequence[T],
    candidates: Sequence[P],
    objective: Callable[[Sequence[T], P], float],
    score: Callable[[T, P], R],
) -> LocoResult[P, R]:
    """For each call: choose the candidate maximising ``objective`` on the other calls, then
    ``score`` the held-out call with it. Ties go to the earlier candidate (list defaults first).

    ``objective`` sees only the training calls; memoise inside it when a candidate's
    per-call value is expensive (e.g. a pipeline run).
    """
    if not candidates:
        raise EvalError("leave_one_call_out needs at least one candidate")
    if len(calls) < 2:
        raise EvalError("leave_one_call_out needs at least two calls")
    folds = []
    for i, held in enumerate(calls):
        train = [c for j, c in enumerate(calls) if j != i]
        best_value = -math.inf
        best = candidates[0]
        for cand in candidates:
            value = objective(train, cand)
            if value > best_value:
                best_value, best = value, cand
        folds.append(LocoFold(i, best, best_value, score(held, best)))
    return LocoResult(tuple(folds))


# ---- everything ----


def evaluate_salescalls(
    data: str = "salescalls",
    detector: str | None = None,
    embedder: Any = None,
    rubric: Any = RUBRIC,
) -> tuple[list[GoldCall], list[CallResult]]:
    """Gold calls and one ``CallResult`` per call of the folder named by ``data``."""
    labels_for(detector)  # an unknown detector fails before any call is loaded
    folder = resolve_salescalls(data)
    gold = load_gold(folder)
    if embedder is None and detector is None:
        from callcoach.nlp.embeddings import default_embedder

        embedder = default_embedder()
    return gold, [evaluate_call(g, detector, embedder, rubric) for g in gold]
