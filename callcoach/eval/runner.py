"""Run registered evaluation tasks on a corpus split and score them.

For each conversation the runner builds a ``Call`` (one utterance per corpus row), runs the
task's detector (and what it requires) under the corpus roles, collects the findings whose
evidence covers each row, and compares ``task.predict`` with ``task.gold`` per row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from callcoach import pipeline
from callcoach.detectors import Detector, registry
from callcoach.errors import EvalError
from callcoach.eval.corpus import (
    CorpusConversation,
    CorpusUtterance,
    RowSpans,
    default_roles,
    load_corpus,
    merged_call,
    to_call,
    utterance_id,
)
from callcoach.eval.scoring import prf
from callcoach.eval.task import EvalTask, get_task, tasks
from callcoach.model import Finding

__all__ = ["Prediction", "evaluate", "misses", "predictions", "select_tasks"]


@dataclass(frozen=True, slots=True)
class Prediction:
    """One scored corpus row: its gold class, the predicted class and the findings used."""

    task: str
    row: CorpusUtterance
    gold: str
    pred: str
    findings: tuple[Finding, ...]

    @property
    def correct(self) -> bool:
        return self.gold == self.pred


def select_tasks(datasets: Sequence[str], detector: str | None = None) -> list[EvalTask]:
    """Tasks that cover any of ``datasets``; ``detector`` narrows to a detector or task name."""
    if detector is not None and detector not in registry.names():
        known = {t.name for t in tasks()}
        if detector not in known:
            raise EvalError(
                f"unknown detector or task {detector!r}; detectors: "
                f"{', '.join(registry.names())}; tasks: {', '.join(sorted(known))}"
            )
    chosen = [
        task
        for task in tasks()
        if set(task.datasets) & set(datasets)
        and (detector is None or detector in (task.detector, task.name))
    ]
    if not chosen:
        covered = sorted({d for t in tasks() for d in t.datasets})
        which = f" for {detector!r}" if detector else ""
        raise EvalError(
            f"no evaluation task{which} covers dataset(s) {', '.join(datasets)}; "
            f"datasets with tasks: {', '.join(covered)}"
        )
    return chosen


def _covering(findings: Sequence[Finding]) -> dict[str, tuple[Finding, ...]]:
    by_utterance: dict[str, list[Finding]] = {}
    for finding in findings:
        for uid in dict.fromkeys(finding.utterance_ids):
            by_utterance.setdefault(uid, []).append(finding)
    return {uid: tuple(found) for uid, found in by_utterance.items()}


def _covering_rows(findings: Sequence[Finding], spans: RowSpans) -> dict[str, tuple[Finding, ...]]:
    """Findings per row id of a merged call: a row is covered where evidence overlaps it."""
    rows_of: dict[str, list[tuple[int, int, int]]] = {}
    for turn, (uid, start, end) in spans.items():
        rows_of.setdefault(uid, []).append((turn, start, end))
    by_row: dict[str, list[Finding]] = {}
    for finding in findings:
        covered: dict[int, None] = {}
        for evidence in finding.evidence:
            stop = evidence.char_end if evidence.char_end is not None else 1 << 30
            for turn, start, end in rows_of.get(evidence.utterance_id, ()):
                if evidence.char_start < end and stop > start:
                    covered[turn] = None
        for turn in covered:
            by_row.setdefault(utterance_id(turn), []).append(finding)
    return {uid: tuple(found) for uid, found in by_row.items()}


def _conversation_predictions(
    task: EvalTask,
    detectors: Sequence[Detector],
    conv: CorpusConversation,
    strip_punct: bool,
    merge_turns: bool = False,
) -> Iterator[Prediction]:
    if merge_turns:
        call, spans = merged_call(conv, strip_punct)
    else:
        call, spans = to_call(conv, strip_punct=strip_punct), None
    assignments = default_roles(conv)
    if not task.needs_context:
        assignments = assignments[:1]
    runs = []
    for roles in assignments:
        found = pipeline.run(call, roles, detectors)[task.detector]
        runs.append((roles, _covering(found) if spans is None else _covering_rows(found, spans)))
    for row in conv.utterances:
        gold = task.gold(row)
        if gold is None:
            continue
        # With one run per speaker-as-rep, a row is judged in the run where its speaker
        # is the rep; with corpus roles (or a role-blind task) there is only one run.
        covering = runs[0][1]
        for roles, by_utterance in runs:
            if roles.role_of(row.speaker) == "rep":
                covering = by_utterance
                break
        found = covering.get(utterance_id(row.turn), ())
        yield Prediction(task.name, row, gold, task.predict(row, found), found)


def predictions(
    task: EvalTask | str,
    conversations: Sequence[CorpusConversation],
    strip_punct: bool = False,
    params: Mapping[str, Any] | None = None,
    merge_turns: bool = False,
) -> list[Prediction]:
    """Per-row gold and prediction of ``task`` on the conversations of its datasets.

    ``params`` override the task's detector parameters (cross-validation tries its grid);
    ``merge_turns`` joins consecutive rows of a speaker into one utterance (run-on turns,
    as ASR exports them) and credits a finding to every row its evidence overlaps.
    """
    task = get_task(task) if isinstance(task, str) else task
    merged = {**task.params, **(params or {})}
    detectors = pipeline.build([task.detector], params={task.detector: merged})
    return [
        prediction
        for conv in conversations
        if conv.dataset in task.datasets
        for prediction in _conversation_predictions(task, detectors, conv, strip_punct, merge_turns)
    ]


def _load(data: str, split: str, limit: int | None) -> list[CorpusConversation]:
    conversations = load_corpus(data, split)
    if limit is not None:
        if limit < 1:
            raise EvalError(f"limit must be at least 1 conversation, not {limit}")
        conversations = conversations[:limit]
    return conversations


def evaluate(
    data: str,
    split: str = "dev",
    detector: str | None = None,
    strip_punct: bool = False,
    limit: int | None = None,
    merge_turns: bool = False,
) -> dict[str, dict[str, Any]]:
    """Scores per task name for every task covering the corpus (or the one asked for).

    ``data`` is a corpus name or a path to an ``utterances.jsonl(.gz)``; ``limit`` keeps the
    first N conversations. Each entry has precision, recall, f1, ci [lo, hi], n, dataset,
    split and strip_punct.
    """
    conversations = _load(data, split, limit)
    datasets = list(dict.fromkeys(c.dataset for c in conversations))
    results: dict[str, dict[str, Any]] = {}
    for task in select_tasks(datasets, detector):
        rows = predictions(task, conversations, strip_punct, merge_turns=merge_turns)
        scores = prf(
            [p.gold for p in rows],
            [p.pred for p in rows],
            task.positive,
            groups=[f"{p.row.dataset}/{p.row.conversation_id}" for p in rows],
        )
        results[task.name] = {
            "precision": round(scores.precision, 4),
            "recall": round(scores.recall, 4),
            "f1": round(scores.f1, 4),
            "ci": [round(scores.ci[0], 4), round(scores.ci[1], 4)],
            "n": scores.n,
            "dataset": ",".join(d for d in datasets if d in task.datasets),
            "split": split,
            "strip_punct": strip_punct,
            "merge_turns": merge_turns,
        }
    return results


def misses(
    data: str,
    task: str,
    split: str = "dev",
    strip_punct: bool = False,
    limit: int | None = None,
) -> list[Prediction]:
    """The rows ``task`` gets wrong (false negatives and false positives), in corpus order."""
    conversations = _load(data, split, limit)
    return [p for p in predictions(task, conversations, strip_punct) if not p.correct]


def summary(results: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, ...]]:
    """Rows (task, dataset, n, P, R, F1, CI) of ``evaluate`` results, formatted for a table."""
    return [
        (
            name,
            str(r["dataset"])
            + (" (no punct.)" if r["strip_punct"] else "")
            + (" (merged turns)" if r.get("merge_turns") else ""),
            str(r["n"]),
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
            f"{r['f1']:.3f}",
            f"[{r['ci'][0]:.3f}, {r['ci'][1]:.3f}]",
        )
        for name, r in results.items()
    ]
