"""Leave-one-batch-out of a candor / challenge head retrained on seven writers' labels (1.12).

    python scripts/stance_rows_lobo.py [--detector candor] [--batches open,...,open6]
        [--fresh open7] [--weights 1,3] [--gates shipped,plain,number] [--strict]
    python scripts/stance_rows_lobo.py --detector candor --batches ... --save DIR

The shipped heads were trained on rows one helper invented, in one voice. Here a head is
trained on those invented rows **plus** the labelled rep sentences of the opened blind calls
(``moment_rows.sentence_rows``: a sentence is positive when a gold moment of the label
covers it, every other rep sentence is a negative; group = call), and judged on a writer it
did not see:

- for each blind batch of ``--batches`` held out, the head is fitted on the invented rows and
  the other batches' rows, and the held-out batch is scored with the detector (its rules
  joined with that head in ``or`` mode through its gate);
- the threshold (and the weight of a call row against an invented row) is chosen *inside*
  the folds: for an outer batch, each inner batch is scored with a head fitted without it
  (and without the outer one), and the choice with the best pooled F1 over the inner batches
  scores the outer batch;
- the 12 dev calls are one more scored fold: never training rows, scored with a head fitted
  on every batch of ``--batches`` and the choice made on the LOBO folds;
- ``--fresh NAME`` scores one more blind batch the same way (a batch before it is read: only
  its aggregate counts are printed).

Every fold is also scored with the rules alone and with the shipped head (``main``), so the
candidate is compared on the same folds. ``--gates`` names the gates the head's additions
pass (``shipped``: ``head_gate`` as shipped; ``plain``: for candor, no negation or limit
word required, so a lead time or a limit said plainly can be added; the sentence must still
not be the speaker's own wants, a reassurance, an offer, or the price or terms asked for).
``--strict`` takes each read call's rules as the strict rule LOCO keeps them. ``--pair``
trains a two-turn head ([buyer turn; sentence; product]: the invented
``<name>_exchange.jsonl`` rows and each call row with the other speaker's turn before it),
read at run time with ``stance.head_context``. ``--save DIR`` only fits the sentence head on
the invented rows and every ``--batches`` row and writes it, recording those batches in its
JSON (``call_rows``). Never a sealed set; the dev calls never train.

1.13: ``--gate-recall`` prints, per fold, each gate's ceiling (the detector with every
candidate its gate passes added: the share of gold moments any candidate covers) and how many
texts per call-hour it passes; gate ``structure`` (candor) passes what ``stance.
structural_candor`` reads as candor's place in the dialogue (the answer to a question about the
offer, a money amount or a duration, or the shipped gate's marker); ``--extra FILE,...`` adds
invented row files (``candor_plain.jsonl``); ``--domain`` fits the head only on the rows
the structure gate could pass.

1.14: ``--veto`` lets the candidate head only remove rule findings (thresholds
``VETO_THRESHOLDS``, chosen inside the folds like the addition threshold); ``--convention
dev`` relabels the blind writers' candor rows that are plain answers to an asked price or time
(``stance.plain_asked_answer``) as negatives, as the dev writer labels them; ``--aside`` sets
those gold moments aside when scoring (neither a hit nor a miss).

1.15: ``--rule-lobo`` (challenge or candor) chooses, for each held-out blind batch, which named
grammar rules to switch off from the *other* writers alone: a rule (``Finding.attributes
["rule"]``; the lexicon's findings are never switched off) goes off when it made at least
``RULE_MIN`` findings on the other blind batches and their precision is below half the
detector's F1 on those batches (removing a set of findings raises F1 exactly when their
precision is below F1 / 2). The dev fold and ``--fresh`` are scored with the rules chosen on
every blind batch of ``--batches``. ``--pair --reply``: the two-turn head reads the other
speaker's turn *after* the sentence (the buyer's reaction) instead of the one before.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors import registry
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.stance import (
    Gate,
    HeadSentence,
    StanceHeadDetector,
    head_candidates,
    head_context,
)
from callcoach.eval.lexicon_loco import FRESH_CHECK, READ_BATCHES, PreparedCall, prepare_read_calls
from callcoach.eval.moment_rows import TRAINABLE, sentence_rows
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments
from callcoach.model import Finding
from callcoach.nlp.embeddings import default_embedder
from callcoach.nlp.heads import load_head, pair_features

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_head import TRAINING_DIR, _fit, read_rows  # noqa: E402

THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
VETO = 0.02
#: 1.14 ``--veto``: the head only removes rule findings, at these thresholds (a finding
#: whose sentences all score below the threshold is dropped; ``combine_head``'s ``veto``)
VETO_THRESHOLDS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
MODE = "or"  # ``--veto``: "veto"
#: 1.14 ``--convention dev``: blind call rows that are plain answers to an asked price or
#: time (``stance.plain_asked_answer``) train as negatives, as the dev writer labels them
CONVENTION = "blind"
#: 1.14 ``--aside``: those gold moments are set aside when scoring (neither a hit nor a miss)
ASIDE = False
C = 3.0  # the shipped candor head's grouped-CV choice
#: 1.16 ``--calibrate``: how a candidate's head score is read before the veto threshold,
#: per call so that one threshold may hold across writers whose score scale differs:
#: ``none`` (the probability), ``center`` (the logit less the median logit of the call's
#: candidates, back through the sigmoid: 0.5 is the call's median sentence), ``rank`` (the
#: share of the call's candidates scored below it)
CALIBRATE = "none"
#: 1.16 ``--cap K``: the veto removes at most K rule findings per call (the lowest-scored
#: ones below the threshold); 0 = no cap
CAP = 0
#: 1.17 ``--on-main``: the candidate reads the shipped detector's findings (``detect``: for
#: candor its rules joined with its head, for challenge its rules less the reply veto's), so
#: the ``rules`` row is the shipped detector
ON_MAIN = False
#: 1.17 ``--add-cap K`` (``or`` mode): the head adds at most K findings per call (the
#: best-scored of those its threshold and gate pass); 0 = no cap
ADD_CAP = 0
RANK_THRESHOLDS = (0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass
class ScoredCall:
    """One read call: its rules' findings and the head's candidate sentences, embedded."""

    prepared: PreparedCall
    context: DetectionContext
    found: list[Finding]
    candidates: list[HeadSentence]
    vectors: NDArray[np.float32]
    #: what the candidate head reads: ``vectors``, or the two-turn features with ``--pair``
    features: NDArray[np.float32]
    main: list[float] = field(default_factory=list)
    #: 1.14: gold candor moments that are plain answers to an asked price or time
    aside: frozenset[tuple[int, int, int]] = frozenset()


class Texts:
    """Embeddings by text, computed once."""

    def __init__(self) -> None:
        self.embedder = default_embedder()
        self.vectors: dict[str, NDArray[np.float32]] = {}

    def matrix(self, texts: Sequence[str]) -> NDArray[np.float32]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if todo:
            for t, v in zip(todo, self.embedder.encode(todo), strict=True):
                self.vectors[t] = v
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self.vectors[t] for t in texts])


@dataclass(frozen=True)
class Training:
    """Training rows: features, labels, and the batch each call row is from."""

    x: NDArray[np.float32]
    y: NDArray[np.int64]
    batch: tuple[str, ...]  # "" for an invented row
    #: the row sits where the ``structure`` gate could pass it (``candid_structure``)
    structure: NDArray[np.bool_] | None = None


NO_TURN = "(no earlier turn)"  # the context a two-turn head reads when the buyer has not spoken


def training_rows(name: str, batches: Sequence[str], texts: Texts, pair: bool = False) -> Training:
    """The invented rows (``<name>.jsonl``; with ``pair`` the two-turn ``<name>_exchange.jsonl``,
    read as [context; sentence; product]) and the rep sentences of ``batches``."""
    exchange = pair and not REPLY  # 1.15 ``--reply``: the invented sentence rows, no turn
    # 1.17: candor has no invented exchange rows; its turn-before head reads the sentence
    # rows with no turn (as ``--reply`` does) and the call rows with the turn before
    exchange = exchange and (TRAINING_DIR / f"{name}_exchange.jsonl").exists()
    invented = read_rows(TRAINING_DIR / f"{name}{'_exchange' if exchange else ''}.jsonl")
    extra_texts: list[str] = []
    extra_labels: list[int] = []
    for path in EXTRA:  # ``--extra``: more invented rows (1.13: ``candor_plain.jsonl``)
        more = read_rows(path)
        extra_texts += list(more.texts)
        extra_labels += more.labels.tolist()
    rows = [r for r in sentence_rows(batches) if r.is_rep]
    all_texts = list(invented.texts) + extra_texts + [r.text for r in rows]
    row_labels = [int(name in r.labels) for r in rows]
    if name == "candor" and CONVENTION == "dev":
        from callcoach.detectors.stance import plain_asked_answer

        at: dict[tuple[str, int], int] = {}
        for i, r in enumerate(rows):
            index = at.get((r.call, r.turn), 0)
            at[(r.call, r.turn)] = index + 1
            if row_labels[i] and plain_asked_answer(r.text, r.previous, index):
                row_labels[i] = 0
    labels = list(invented.labels.tolist()) + extra_labels + row_labels
    source = ("",) * (len(invented.texts) + len(extra_texts)) + tuple(r.batch for r in rows)
    x = texts.matrix(all_texts)
    if pair:
        contexts = list(invented.contexts or ("",) * len(invented.texts))
        if REPLY:
            contexts = [""] * len(invented.texts)
        contexts += [""] * len(extra_texts)
        contexts += [r.following if REPLY else r.previous for r in rows]
        x = pair_features(texts.matrix([c or NO_TURN for c in contexts]), x)
    structure = None
    if name == "candor":
        from callcoach.detectors.stance import candid_structure

        contexts = list(invented.contexts or ("",) * len(invented.texts))
        flags = [
            candid_structure(t, c or "", 0 if c else None)
            for t, c in zip(invented.texts, contexts, strict=True)
        ]
        flags += [candid_structure(t, "", None) for t in extra_texts]
        place: dict[tuple[str, int], int] = {}
        for r in rows:
            index = place.get((r.call, r.turn), 0)
            place[(r.call, r.turn)] = index + 1
            flags.append(candid_structure(r.text, r.previous, index))
        structure = np.asarray(flags, dtype=bool)
    return Training(x, np.asarray(labels, dtype=np.int64), source, structure)


#: 1.15 ``--reply`` (with ``--pair``): the two-turn head reads the other speaker's turn
#: *after* the rep's sentence (how the buyer took it: a challenge is pushed back on, weighed
#: or conceded), not the turn before; invented rows are the sentence rows with no turn
REPLY = False


def reply_turn(call: Any, context: DetectionContext, sentence: HeadSentence) -> str:
    """The next turn by another speaker after ``sentence``'s utterance ("" at the call's
    end), as ``moment_rows`` gives a training row's ``following``."""
    after = False
    for utterance in call.utterances:
        if after and utterance.speaker != sentence.utterance.speaker:
            return str(utterance.text)
        after = after or utterance.id == sentence.utterance.id
    return ""


EXTRA: list[Path] = []  # ``--extra``: invented row files added to ``<name>.jsonl``
DOMAIN = False  # ``--domain``: fit only on the rows the ``structure`` gate could pass


def fit(train: Training, use: Sequence[str], weight: float) -> tuple[NDArray[np.float64], float]:
    """Coefficients and intercept of a head on the invented rows and ``use``'s call rows
    (with ``--domain``, only those where ``candid_structure`` holds: the head then learns
    which of the gate's candidates are candid, not which rep sentence is)."""
    keep = np.asarray([b == "" or b in use for b in train.batch])
    if DOMAIN and train.structure is not None:
        keep &= train.structure
    w = np.asarray([1.0 if b == "" else weight for b in train.batch])[keep]
    model = _fit(train.x[keep], train.y[keep], C, None if weight == 1.0 else w)
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def probabilities(sc: ScoredCall, head: tuple[NDArray[np.float64], float]) -> list[float]:
    coef, intercept = head
    if not sc.candidates:
        return []
    z = sc.features.astype(np.float64) @ coef + intercept
    return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).tolist()


def gate_detectors(name: str) -> dict[str, StanceHeadDetector]:
    """The detector with each gate of ``--gates``."""
    from callcoach.detectors.stance import (
        against_sale,
        answers_price_question,
        answers_terms_question,
        marks_against_sale,
        names_number,
        offered,
        structural_candor,
    )

    def quote(finding: Finding) -> str:
        return " ".join(e.quote for e in finding.evidence)

    base = registry.get(name)
    shipped = base()
    assert isinstance(shipped, StanceHeadDetector)
    out: dict[str, StanceHeadDetector] = {"shipped": shipped}
    if name == "candor":

        def plain_gate(self: Any, call: Any, context: Any) -> Gate:
            return lambda added: [
                f
                for f in added
                if not answers_price_question(call, context, f)
                and not answers_terms_question(call, context, f)
                and against_sale(call, f, marker=False)
                and not offered(call, f)
            ]

        def number_gate(self: Any, call: Any, context: Any) -> Gate:
            plain = plain_gate(self, call, context)
            return lambda added: [
                f for f in plain(added) if marks_against_sale(quote(f)) or names_number(quote(f))
            ]

        def structure_gate(self: Any, call: Any, context: Any) -> Gate:
            # 1.13: no candour word needed where the structure says candor may sit (the
            # opening of an answer to a question about the offer, a money amount or a
            # duration); the price asked for is not refused (both conventions label it)
            return lambda added: [
                f
                for f in added
                if against_sale(call, f, marker=False)
                and not offered(call, f)
                and structural_candor(call, context, f)
            ]

        for gate, method in (
            ("plain", plain_gate),
            ("number", number_gate),
            ("structure", structure_gate),
        ):
            detector = type(f"{gate.title()}GateCandor", (base,), {"head_gate": method})()
            assert isinstance(detector, StanceHeadDetector)
            out[gate] = detector
    return out


def thresholds() -> tuple[float, ...]:
    """The thresholds tried: the head's addition threshold, or with ``--veto`` its veto."""
    if MODE == "veto":
        return VETO_THRESHOLDS if CALIBRATE == "none" else RANK_THRESHOLDS
    return THRESHOLDS


def calibrated(p: Sequence[float]) -> list[float]:
    """The call's candidate scores read as ``CALIBRATE`` says (1.16)."""
    if CALIBRATE == "none" or not len(p):
        return list(p)
    a = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
    if CALIBRATE == "center":
        z = np.log(a / (1 - a))
        return (1.0 / (1.0 + np.exp(-(z - np.median(z))))).tolist()
    # rank: the share of the call's candidates below (ties count half)
    below = (a[None, :] < a[:, None]).sum(1) + 0.5 * ((a[None, :] == a[:, None]).sum(1) - 1)
    return (below / max(len(a) - 1, 1)).tolist()


def veto_capped(
    found: Sequence[Finding], scored: Sequence[tuple[HeadSentence, float]], veto: float
) -> list[Finding]:
    """``combine_head``'s veto with at most ``CAP`` findings removed per call (1.16): a
    finding whose overlapping sentences all score below ``veto`` is a veto candidate; the
    lowest-scored ``CAP`` of them go."""
    from callcoach.detectors.stance import _overlaps

    low: list[tuple[float, int]] = []
    for i, finding in enumerate(found):
        over = [p for s, p in scored if _overlaps(s, finding)]
        if over and max(over) < veto:
            low.append((max(over), i))
    gone = {i for _, i in sorted(low)[: CAP if CAP > 0 else len(low)]}
    return [f for i, f in enumerate(found) if i not in gone]


def add_capped(
    found: Sequence[Finding], out: Sequence[Finding], scored: Sequence[tuple[HeadSentence, float]]
) -> list[Finding]:
    """``out`` with at most ``ADD_CAP`` of the head's additions per call (1.17): the
    findings of kind ``head`` not in ``found`` (a rule finding a head sentence extends
    stays), ranked by their sentences' best score, the top ones kept."""
    from callcoach.detectors.stance import _overlaps

    added = [
        (max((p for s, p in scored if _overlaps(s, f)), default=0.0), i)
        for i, f in enumerate(out)
        if f.attributes.get("kind") == "head" and not any(f is g for g in found)
    ]
    gone = {i for _, i in sorted(added, reverse=True)[ADD_CAP:]}
    return [f for i, f in enumerate(out) if i not in gone]


def score_calls(
    detector: StanceHeadDetector,
    calls: Sequence[ScoredCall],
    scores: Sequence[Sequence[float]],
    add: float | None,
    rules: bool = True,
) -> LabelScore:
    """The calls scored with the rules (``add`` None) or rules + head at ``add`` (without
    ``rules``: what the head adds through its gate, alone)."""
    label = detector.label or detector.name
    per_call = []
    for sc, p in zip(calls, scores, strict=True):
        c = sc.prepared
        found = sc.found if rules else []
        if add is None:
            out = list(found)
        else:
            scored = list(zip(sc.candidates, p, strict=True))
            if MODE == "veto" and (CAP or CALIBRATE != "none"):
                scored = list(zip(sc.candidates, calibrated(p), strict=True))
                out = veto_capped(found, scored, add)
            elif MODE == "veto":
                out = detector.with_head(c.call, sc.context, found, scored, "veto", 1.0, add)
            else:
                out = detector.with_head(c.call, sc.context, found, scored, "or", add, VETO)
                if ADD_CAP:
                    out = add_capped(found, out, scored)
        pred = predicted_moments({detector.name: out}, c.roles, c.alignment, [label])
        per_call.append(set_aside(score_label(label, c.gold.moments, pred), sc.aside))
    return LabelScore.total(label, per_call)


def set_aside(score: LabelScore, aside: frozenset[tuple[int, int, int]]) -> LabelScore:
    """``score`` without the gold moments ``aside`` (with ``--aside``): a finding on one is
    no hit and no false alarm, a miss of one no miss."""
    if not ASIDE or not aside:
        return score
    hit = sum((m.gold.turn, m.gold.start, m.gold.end) in aside for m in score.matches)
    missed = sum((m.turn, m.start, m.end) in aside for m in score.misses)
    return LabelScore(score.label, score.tp - hit, score.fp, score.fn - missed)


def plain_gold(gold: Any, label: str) -> frozenset[tuple[int, int, int]]:
    """The gold ``label`` moments of ``gold`` that are plain answers to an asked price or
    time (``stance.plain_asked_answer``, read on the moment's quote, its place in the turn
    and the other speaker's turn before)."""
    from callcoach.detectors.stance import _sentences, plain_asked_answer

    out = set()
    for m in gold.moments:
        if m.label != label:
            continue
        turn = gold.turns[m.turn]
        previous = ""
        for j in range(m.turn - 1, -1, -1):
            if gold.turns[j].speaker != turn.speaker:
                previous = gold.turns[j].text
                break
        at = turn.text.find(m.quote) if m.quote else -1
        index = sum(1 for a, _, _ in _sentences(turn.text) if a <= at) - 1 if at >= 0 else None
        if plain_asked_answer(m.quote, previous, index):
            out.add((m.turn, m.start, m.end))
    return frozenset(out)


def prepare(
    name: str,
    batch: str,
    texts: Texts,
    rules_for: dict[str, Detector] | None = None,
    pair: bool = False,
) -> list[ScoredCall]:
    detector = registry.get(name)()
    assert isinstance(detector, StanceHeadDetector)
    main = load_head(name)
    out = []
    for c in prepare_read_calls(READ_BATCHES[batch]):
        context = DetectionContext(c.roles, embedder=texts.embedder)
        rules = (rules_for or {}).get(c.gold.id, detector)
        assert isinstance(rules, StanceHeadDetector)
        found = rules.rule_findings(c.call, context)
        candidates = head_candidates(c.call, context)
        vectors = texts.matrix([s.text for s in candidates])
        features = vectors
        if pair and candidates:
            read = reply_turn if REPLY else head_context
            turns = [read(c.call, context, s) or NO_TURN for s in candidates]
            features = pair_features(texts.matrix(turns), vectors)
        sc = ScoredCall(c, context, found, candidates, vectors, features)
        sc.aside = plain_gold(c.gold, detector.label or name)
        sc.main = main.predict_proba(vectors).tolist() if candidates else []
        if ON_MAIN:
            # 1.17 ``--on-main``: what the candidate reads is the shipped detector's output
            # (candor: its rules joined with its head; challenge: its rules less the reply
            # veto's finding), not the rules alone
            sc.found = list(detector.detect(c.call, context))
        out.append(sc)
    return out


def auc(
    detector: StanceHeadDetector, calls: Sequence[ScoredCall], scores: Sequence[Sequence[float]]
) -> float | None:
    """Rank AUC of the candidate sentences (positive: the sentence quoted alone matches a
    gold moment of the label)."""
    from stance_head_lobo import _candidate_positive

    label = detector.label or detector.name
    pos: list[float] = []
    neg: list[float] = []
    for sc, p in zip(calls, scores, strict=True):
        c = sc.prepared
        for s, score in zip(sc.candidates, p, strict=True):
            hit = _candidate_positive(label, c, s, c.roles, detector)
            (pos if hit else neg).append(score)
    if not pos or not neg:
        return None
    a, b = np.asarray(pos)[:, None], np.asarray(neg)[None, :]
    return float(((a > b).sum() + 0.5 * (a == b).sum()) / (len(pos) * len(neg)))


def cell(score: LabelScore) -> str:
    c = score.counts(2)
    counts = f"({c['tp']}/{c['fp']}/{c['fn']})"
    return f"P {c['precision']:.2f} R {c['recall']:.2f} F1 {c['f1']:.2f} {counts}"


def run(
    name: str,
    batches: Sequence[str],
    fresh: str | None,
    weights: Sequence[float],
    gates: Sequence[str],
    strict: bool,
    pair: bool = False,
) -> dict[str, Any]:
    texts = Texts()
    label = registry.get(name).label or name
    train = training_rows(name, batches, texts, pair)
    rules_for: dict[str, Detector] | None = None
    folds = {b: None for b in [*batches, "dev", *([fresh] if fresh else [])]}
    if strict:
        from callcoach.eval.stance_loco import strict_detectors
        from callcoach.eval.stance_sets import SELECTION_SETS, load_rows

        sets_dir = ROOT / "tests" / "data" / "stance"
        sets = {n: load_rows(sets_dir / f"{n}.jsonl") for n in SELECTION_SETS}
        read = [c for b in [*batches, "dev"] for c in prepare_read_calls(READ_BATCHES[b])]
        rules_for = strict_detectors(name, read, sets)
    calls = {b: prepare(name, b, texts, rules_for if b != fresh else None, pair) for b in folds}
    detectors = gate_detectors(name)
    gates = [g for g in gates if g in detectors]
    main_detector = detectors["shipped"]
    shipped_add = float(main_detector.default_params()["head_add"])

    def table(train_on: Sequence[str], scored: Sequence[str]) -> dict[tuple, LabelScore]:
        """Every (weight, gate, threshold) on ``scored`` batches, heads fitted on ``train_on``
        minus the scored batch, one at a time."""
        out: dict[tuple, list[LabelScore]] = {}
        for b in scored:
            use = [u for u in train_on if u != b]
            for w in weights:
                head = fit(train, use, w)
                p = [probabilities(sc, head) for sc in calls[b]]
                for g in gates:
                    for t in thresholds():
                        out.setdefault((w, g, t), []).append(
                            score_calls(detectors[g], calls[b], p, t)
                        )
        return {k: LabelScore.total(label, v) for k, v in out.items()}

    def best(tab: dict[tuple, LabelScore]) -> tuple:
        # ties: the higher addition threshold, the lower veto threshold (the smaller change)
        return max(
            tab, key=lambda k: (tab[k].f1, tab[k].precision, -k[2] if MODE == "veto" else k[2])
        )

    result: dict[str, Any] = {"detector": name, "folds": {}}
    pooled: dict[str, list[LabelScore]] = {
        "rules": [],
        "main": [],
        "candidate": [],
        "main head alone": [],
        "candidate head alone": [],
    }
    lobo_tables: dict[str, dict[tuple, LabelScore]] = {}
    for b in batches:
        inner = [o for o in batches if o != b]
        tab = table(inner, inner) if len(inner) > 1 else {}
        choice = best(tab) if tab else (weights[0], gates[0], 0.85)
        lobo_tables[b] = table(list(batches), [b])
        w, g, t = choice
        head = fit(train, inner, w)
        p = [probabilities(sc, head) for sc in calls[b]]
        rules = score_calls(main_detector, calls[b], [sc.main for sc in calls[b]], None)
        main = score_calls(main_detector, calls[b], [sc.main for sc in calls[b]], shipped_add)
        cand = score_calls(detectors[g], calls[b], p, t)
        pooled["rules"].append(rules)
        pooled["main"].append(main)
        pooled["candidate"].append(cand)
        main_alone = score_calls(
            main_detector, calls[b], [sc.main for sc in calls[b]], shipped_add, rules=False
        )
        cand_alone = score_calls(detectors[g], calls[b], p, t, rules=False)
        pooled["main head alone"].append(main_alone)
        pooled["candidate head alone"].append(cand_alone)
        result["folds"][b] = {
            "choice (weight, gate, threshold)": list(choice),
            "rules": cell(rules),
            "main": cell(main),
            "candidate": cell(cand),
            "head alone, main / candidate": [cell(main_alone), cell(cand_alone)],
            "AUC main / candidate": [
                _r(auc(main_detector, calls[b], [sc.main for sc in calls[b]])),
                _r(auc(main_detector, calls[b], p)),
            ],
        }
    # one choice for the dev fold and the fresh batch: the best pooled over the LOBO folds
    keys = next(iter(lobo_tables.values())).keys()
    pooled_tab = {k: LabelScore.total(label, [t[k] for t in lobo_tables.values()]) for k in keys}
    choice = best(pooled_tab)
    result["pooled LOBO, every (weight, gate, threshold)"] = {
        f"w={k[0]} {k[1]} >= {k[2]}": cell(v) for k, v in pooled_tab.items()
    }
    result["LOBO pooled"] = {k: cell(LabelScore.total(label, v)) for k, v in pooled.items()}
    w, g, t = choice
    head = fit(train, list(batches), w)
    for extra in ["dev", *([fresh] if fresh else [])]:
        p = [probabilities(sc, head) for sc in calls[extra]]
        rules = score_calls(main_detector, calls[extra], [sc.main for sc in calls[extra]], None)
        main = score_calls(
            main_detector, calls[extra], [sc.main for sc in calls[extra]], shipped_add
        )
        cand = score_calls(detectors[g], calls[extra], p, t)
        every = {
            f"{gg} >= {tt}": cell(score_calls(detectors[gg], calls[extra], p, tt))
            for gg in gates
            for tt in thresholds()
        }
        result["folds"][extra] = {
            "choice (weight, gate, threshold)": list(choice),
            "rules": cell(rules),
            "main": cell(main),
            "candidate": cell(cand),
            "AUC main / candidate": [
                _r(auc(main_detector, calls[extra], [sc.main for sc in calls[extra]])),
                _r(auc(main_detector, calls[extra], p)),
            ],
            "every gate and threshold (same head)": every,
        }
        main_alone = score_calls(
            main_detector, calls[extra], [sc.main for sc in calls[extra]], shipped_add, False
        )
        cand_alone = score_calls(detectors[g], calls[extra], p, t, rules=False)
        result["folds"][extra]["head alone, main / candidate"] = [
            cell(main_alone),
            cell(cand_alone),
        ]
        if extra == "dev":
            pooled["main head alone"].append(main_alone)
            pooled["candidate head alone"].append(cand_alone)
            pooled["rules"].append(rules)
            pooled["main"].append(main)
            pooled["candidate"].append(cand)
    result["LOBO + dev pooled"] = {k: cell(LabelScore.total(label, v)) for k, v in pooled.items()}
    return result


#: 1.15 ``--rule-lobo``: the fewest findings on the other writers a rule is judged on
RULE_MIN = 3


def rule_counts(
    name: str, calls: Sequence[PreparedCall]
) -> tuple[LabelScore, dict[str, list[int]]]:
    """The shipped detector on ``calls``: its score, and per named rule [hits, false alarms]
    (a finding's moments, matched one to one as the eval does)."""
    from callcoach.eval.moments import match_moments

    detector = registry.get(name)()
    label = detector.label or name
    per_rule: dict[str, list[int]] = {}
    scores = []
    for c in calls:
        found = detector.detect(c.call, DetectionContext(c.roles))
        pred = predicted_moments({name: found}, c.roles, c.alignment, [label])
        gold = [m for m in c.gold.moments if m.label == label]
        hit = {id(m.pred) for m in match_moments(gold, pred)}
        for m in pred:
            rule = m.source.attributes.get("rule") if m.source is not None else None
            if rule and rule != "head":  # the head is switched by ``head_mode``, not here
                per_rule.setdefault(str(rule), [0, 0])[0 if id(m) in hit else 1] += 1
        scores.append(score_label(label, c.gold.moments, pred))
    return LabelScore.total(label, scores), per_rule


def rules_to_switch_off(
    scores: Sequence[LabelScore], counts: Sequence[dict[str, list[int]]]
) -> list[str]:
    """The rules whose pooled precision over ``counts`` (at least ``RULE_MIN`` findings) is
    below half the pooled F1 of ``scores``: switching them off raises that F1."""
    f1 = LabelScore.total(scores[0].label, scores).f1
    pooled: dict[str, list[int]] = {}
    for per_rule in counts:
        for rule, (tp, fp) in per_rule.items():
            pooled.setdefault(rule, [0, 0])
            pooled[rule][0] += tp
            pooled[rule][1] += fp
    return sorted(
        rule for rule, (tp, fp) in pooled.items() if tp + fp >= RULE_MIN and tp / (tp + fp) < f1 / 2
    )


def rule_lobo(name: str, batches: Sequence[str], fresh: str | None) -> dict[str, Any]:
    """Leave-one-batch-out of switching named rules off (1.15, ``--rule-lobo``)."""
    base = registry.get(name)
    label = base().label or name
    folds = [*batches, "dev", *([fresh] if fresh else [])]
    calls = {b: prepare_read_calls(READ_BATCHES[b]) for b in folds}
    counted = {b: rule_counts(name, calls[b]) for b in folds}

    def variant(off: Sequence[str]) -> Detector:
        rules_off = frozenset(getattr(base, "rules_off", frozenset())) | frozenset(off)
        return type(f"RuleLobo{base.__name__}", (base,), {"rules_off": rules_off})()

    def score(detector: Detector, b: str) -> LabelScore:
        out = []
        for c in calls[b]:
            found = detector.detect(c.call, DetectionContext(c.roles))
            pred = predicted_moments({name: found}, c.roles, c.alignment, [label])
            out.append(score_label(label, c.gold.moments, pred))
        return LabelScore.total(label, out)

    result: dict[str, Any] = {"detector": name, "rule_min": RULE_MIN, "folds": {}}
    pooled: dict[str, list[LabelScore]] = {"main": [], "candidate": []}
    for b in folds:
        others = [o for o in batches if o != b]
        off = rules_to_switch_off([counted[o][0] for o in others], [counted[o][1] for o in others])
        main = counted[b][0]
        cand = score(variant(off), b) if off else main
        row: dict[str, Any] = {"off": off, "main": cell(main), "candidate": cell(cand)}
        if b != fresh:
            row["rules (hits, false alarms)"] = counted[b][1]
            pooled["main"].append(main)
            pooled["candidate"].append(cand)
        result["folds"][b] = row
    blind = [i for i, b in enumerate(folds) if b in batches]
    result["LOBO pooled (blind)"] = {
        k: cell(LabelScore.total(label, [v[i] for i in blind])) for k, v in pooled.items()
    }
    result["LOBO + dev pooled"] = {k: cell(LabelScore.total(label, v)) for k, v in pooled.items()}
    return result


def gate_recall(
    name: str, batches: Sequence[str], fresh: str | None, gates: Sequence[str], strict: bool
) -> dict[str, Any]:
    """Per fold, the ceiling of each gate (1.13): the detector with every head candidate
    that its gate passes added (as if the head said yes to all), so recall is the share of
    gold moments any candidate covers; with the rules alone for comparison, and how many
    candidate sentences per call-hour the gate passes (each one a text the head embeds)."""
    from callcoach.model import Evidence

    texts = Texts()
    label = registry.get(name).label or name
    folds = [*batches, "dev", *([fresh] if fresh else [])]
    rules_for: dict[str, Detector] | None = None
    if strict:
        from callcoach.eval.stance_loco import strict_detectors
        from callcoach.eval.stance_sets import SELECTION_SETS, load_rows

        sets_dir = ROOT / "tests" / "data" / "stance"
        sets = {n: load_rows(sets_dir / f"{n}.jsonl") for n in SELECTION_SETS}
        read = [c for b in [*batches, "dev"] for c in prepare_read_calls(READ_BATCHES[b])]
        rules_for = strict_detectors(name, read, sets)
    detectors = gate_detectors(name)
    gates = [g for g in gates if g in detectors]
    out: dict[str, Any] = {"detector": name, "strict": strict, "folds": {}}
    pooled: dict[str, list[LabelScore]] = {"rules": [], **{g: [] for g in gates}}
    passed_total = {g: 0 for g in gates}
    hours_total = 0.0
    for b in folds:
        calls = prepare(name, b, texts, rules_for if b != fresh else None)
        hours = (
            sum(max((u.end or u.start or 0.0) for u in sc.prepared.call.utterances) for sc in calls)
            / 3600
        )
        ones = [[1.0] * len(sc.candidates) for sc in calls]
        row: dict[str, Any] = {"hours": round(hours, 2)}
        rules = score_calls(detectors["shipped"], calls, ones, None)
        row["rules"] = cell(rules)
        for g in gates:
            det = detectors[g]
            score = score_calls(det, calls, ones, 0.5)
            passed = 0
            for sc in calls:
                gate = det.head_gate(sc.prepared.call, sc.context)
                for s in sc.candidates:
                    f = det.finding(
                        label, [Evidence.of(s.utterance, s.start, s.end)], 1.0, kind="head"
                    )
                    passed += len(gate([f]))
            row[g] = {"ceiling": cell(score), "texts per call-hour": round(passed / hours)}
            if b != fresh:
                pooled[g].append(score)
                passed_total[g] += passed
        if b != fresh:
            pooled["rules"].append(rules)
            hours_total += hours
        out["folds"][b] = row
    out["pooled (read folds)"] = {
        k: cell(LabelScore.total(label, v)) for k, v in pooled.items() if v
    }
    out["texts per call-hour (read folds)"] = {
        g: round(passed_total[g] / hours_total) for g in gates
    }
    return out


def save_head(
    name: str,
    batches: Sequence[str],
    weight: float,
    threshold: float,
    out: Path,
    pair: bool = False,
    lobo: dict[str, Any] | None = None,
) -> Path:
    """The head fitted on the invented rows and every call row of ``batches``, written to
    ``out`` with the batches that trained it (the candidate a fold's head stands for). With
    ``--pair --reply`` (1.16) the two-turn reply head ``<name>_reply``, and ``lobo`` (the
    leave-one-batch-out numbers that chose it) in its JSON."""
    import sklearn

    from callcoach.nlp.embeddings import MODEL_SHA256
    from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead

    texts = Texts()
    train = training_rows(name, batches, texts, pair)
    coef, intercept = fit(train, batches, weight)
    two_turn: dict[str, Any] = {}
    if pair:
        two_turn = {
            "features": PAIR_FEATURES,
            "context": "reply" if REPLY else "before",
            "no_turn": NO_TURN,
            "cv": lobo or {},
        }
    invented = TRAINING_DIR / f"{name}.jsonl"
    rows = read_rows(invented)
    calls = [b for b in train.batch if b]
    head = EmbeddingHead(
        f"{name}_reply" if pair and REPLY else f"{name}_exchange" if pair else name,
        coef.astype(np.float32),
        intercept,
        threshold,
        {
            "C": C,
            "cv": load_head(name).metadata["cv"],  # the invented rows' grouped CV
            "embedding_model_sha256": MODEL_SHA256,
            "sklearn_version": sklearn.__version__,
            "training_data": str(invented.relative_to(ROOT)),
            "training_sha256": rows.sha256,
            "rows": len(rows.texts),
            "positives": int(rows.labels.sum()),
            "groups": len(set(rows.groups)),
            # 1.13: more invented rows (``--extra``), each file with its SHA-256
            "extra_training_data": {
                str(path.relative_to(ROOT)): read_rows(path).sha256 for path in EXTRA
            },
            "call_rows": {
                "source": "callcoach.eval.moment_rows.sentence_rows (rep sentences)",
                "batches": list(batches),
                "rows": len(calls),
                "positives": int(sum(y for y, b in zip(train.y, train.batch, strict=True) if b)),
                "weight": weight,
            },
            "trained_by": "scripts/stance_rows_lobo.py --save",
            **two_turn,
        },
    )
    return head.save(out)[1]


def reply_cost(batches: Sequence[str]) -> dict[str, Any]:
    """Texts per call-hour the challenge reply veto embeds (1.16): each rule finding's
    head-candidate sentences and the turns after them (``stance.reply_texts``), over
    ``batches`` (read calls; no embedding is run)."""
    from callcoach.detectors.stance import reply_texts

    detector = registry.get("challenge")()
    assert isinstance(detector, StanceHeadDetector)
    texts = 0
    hours = 0.0
    for b in batches:
        for c in prepare_read_calls(READ_BATCHES[b]):
            context = DetectionContext(c.roles)
            texts += len(reply_texts(c.call, context, detector.rule_findings(c.call, context)))
            hours += max((u.end or u.start or 0.0) for u in c.call.utterances) / 3600
    return {
        "batches": list(batches),
        "hours": round(hours, 2),
        "texts": texts,
        "texts per call-hour": round(texts / hours, 1) if hours else None,
    }


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detector", default="candor", choices=["challenge", "candor"])
    parser.add_argument("--batches", default=",".join(b for b in TRAINABLE if b != FRESH_CHECK))
    parser.add_argument("--fresh", help="one more blind batch, scored, never trained on")
    parser.add_argument("--weights", default="1", help="weights of a call row, comma-separated")
    parser.add_argument("--gates", default="shipped,plain,number")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument(
        "--pair", action="store_true", help="a two-turn head (buyer's turn + sentence)"
    )
    parser.add_argument(
        "--save", type=Path, help="only fit the head on every --batches row and write it here"
    )
    parser.add_argument(
        "--extra", help="more invented row files under training/heads/, comma-separated"
    )
    parser.add_argument(
        "--domain",
        action="store_true",
        help="candor: fit the head only on rows where candid_structure holds",
    )
    parser.add_argument(
        "--gate-recall",
        action="store_true",
        help="only each gate's ceiling per fold (every candidate it passes added)",
    )
    parser.add_argument("--threshold", type=float, default=0.5, help="the saved head's own")
    parser.add_argument(
        "--convention",
        default="blind",
        choices=["blind", "dev"],
        help="dev: plain answers to an asked price or time train as candor negatives",
    )
    parser.add_argument(
        "--aside",
        action="store_true",
        help="set aside gold moments that are plain answers to an asked price or time",
    )
    parser.add_argument(
        "--veto",
        action="store_true",
        help="the candidate head only vetoes rule findings (thresholds VETO_THRESHOLDS)",
    )
    parser.add_argument(
        "--reply",
        action="store_true",
        help="with --pair: the head reads the other speaker's turn after the sentence (1.15)",
    )
    parser.add_argument(
        "--rule-lobo",
        action="store_true",
        help="switch off the named rules the other writers' findings show harmful (1.15)",
    )
    parser.add_argument(
        "--calibrate",
        default="none",
        choices=["none", "center", "rank"],
        help="with --veto: read each call's head scores per call (1.16)",
    )
    parser.add_argument(
        "--cap", type=int, default=0, help="with --veto: remove at most K findings per call"
    )
    parser.add_argument(
        "--add-cap", type=int, default=0, help="the head adds at most K findings per call"
    )
    parser.add_argument(
        "--on-main",
        action="store_true",
        help="the candidate reads the shipped detector's findings, not its rules (1.17)",
    )
    parser.add_argument(
        "--lobo", help="with --save --pair: a JSON file of the numbers that chose the head"
    )
    parser.add_argument(
        "--reply-cost",
        action="store_true",
        help="only the texts per call-hour the challenge reply veto embeds (1.16)",
    )
    args = parser.parse_args(argv)
    batches = [b.strip() for b in args.batches.split(",") if b.strip()]
    for b in [*batches, *([args.fresh] if args.fresh else [])]:
        if b not in TRAINABLE:
            parser.error(f"{b}: not an opened blind batch ({', '.join(TRAINABLE)})")
    if args.fresh in batches:
        parser.error(f"{args.fresh}: the fresh batch is never trained on")
    if args.reply_cost:
        sys.stdout.write(json.dumps(reply_cost([*batches, "dev"]), indent=1) + "\n")
        return 0
    if args.rule_lobo:
        result = rule_lobo(args.detector, batches, args.fresh)
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
        return 0
    global DOMAIN, MODE, CONVENTION, ASIDE, REPLY, CALIBRATE, CAP, ON_MAIN, ADD_CAP
    ON_MAIN = args.on_main
    ADD_CAP = args.add_cap
    REPLY = args.reply
    CALIBRATE = args.calibrate
    CAP = args.cap
    DOMAIN = args.domain
    CONVENTION = args.convention
    ASIDE = args.aside
    MODE = "veto" if args.veto else "or"
    EXTRA[:] = [TRAINING_DIR / f for f in (args.extra or "").split(",") if f.strip()]
    if args.gate_recall:
        result = gate_recall(
            args.detector,
            batches,
            args.fresh,
            [g.strip() for g in args.gates.split(",")],
            args.strict,
        )
        sys.stdout.write(json.dumps(result, indent=1) + "\n")
        return 0
    if args.save is not None:
        weight = float(args.weights.split(",")[0])
        lobo = json.loads(Path(args.lobo).read_text()) if args.lobo else None
        path = save_head(args.detector, batches, weight, args.threshold, args.save, args.pair, lobo)
        print(path)
        return 0
    result = run(
        args.detector,
        batches,
        args.fresh,
        [float(w) for w in args.weights.split(",")],
        [g.strip() for g in args.gates.split(",")],
        args.strict,
        args.pair,
    )
    sys.stdout.write(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
