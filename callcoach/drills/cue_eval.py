"""Precision of the live cues on replies labelled by hand (docs/evaluation/drills.md).

Each item is a prospect line and a trainee reply, labelled with every cue a careful coach
would accept. The cue engine runs on the two-line call; a cue counts as correct when it is in
the item's labels. *Shown* cues are the (up to) two in the one-line cue the trainee sees.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from callcoach.detectors import Embedder
from callcoach.drills.cues import CUES, Cue, assess
from callcoach.errors import CallcoachError
from callcoach.model import Call, RoleAssignment, Speaker, Utterance

__all__ = ["CueItem", "CueResult", "CueScores", "evaluate", "load_items"]

_KNOWN = {spec.signal for spec in CUES}
_ROLES = RoleAssignment({"You": "rep", "Prospect": "prospect"}, 1.0, "explicit")


@dataclass(frozen=True, slots=True)
class CueItem:
    id: str
    prospect: tuple[str, ...]
    reply: str
    labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class CueResult:
    item: CueItem
    cues: tuple[Cue, ...]
    shown: tuple[Cue, ...]


@dataclass(frozen=True, slots=True)
class CueScores:
    results: tuple[CueResult, ...]

    def _counts(self, shown_only: bool) -> tuple[Counter[str], Counter[str]]:
        emitted: Counter[str] = Counter()
        correct: Counter[str] = Counter()
        for r in self.results:
            for cue in r.shown if shown_only else r.cues:
                emitted[cue.signal] += 1
                correct[cue.signal] += cue.signal in r.item.labels
        return emitted, correct

    def precision(self, shown_only: bool = True) -> float:
        emitted, correct = self._counts(shown_only)
        total = sum(emitted.values())
        return sum(correct.values()) / total if total else 0.0

    def per_cue(self, shown_only: bool = True) -> dict[str, tuple[int, int]]:
        """cue -> (correct, emitted)."""
        emitted, correct = self._counts(shown_only)
        return {k: (correct[k], emitted[k]) for k in sorted(emitted)}

    def first_cue_precision(self) -> float:
        firsts = [r for r in self.results if r.shown]
        return sum(r.shown[0].signal in r.item.labels for r in firsts) / len(firsts)

    def recall(self) -> float:
        """Share of labelled cues that the engine produced (shown or not)."""
        wanted = sum(len(r.item.labels) for r in self.results)
        found = sum(len(r.item.labels & {c.signal for c in r.cues}) for r in self.results)
        return found / wanted if wanted else 0.0


def load_items(path: Path) -> list[CueItem]:
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CallcoachError(f"{path}: cannot read cue labels: {exc}") from None
    items = []
    for n, entry in enumerate(raw or []):
        labels = frozenset(entry.get("cues") or ())
        unknown = labels - _KNOWN
        if unknown:
            raise CallcoachError(
                f"{path}: item {n} ({entry.get('id')}): unknown cue(s) {sorted(unknown)}"
            )
        prospect = entry["prospect"]
        lines = (prospect,) if isinstance(prospect, str) else tuple(prospect)
        items.append(CueItem(str(entry["id"]), lines, str(entry["reply"]), labels))
    return items


def _call(item: CueItem) -> Call:
    lines = [("Prospect", text) for text in item.prospect] + [("You", item.reply)]
    utterances = tuple(
        Utterance(id=f"u{i:04d}", index=i, speaker=who, text=text, start=None, end=None)
        for i, (who, text) in enumerate(lines)
    )
    return Call(
        id=item.id,
        source=f"<cue item {item.id}>",
        format="drill",
        utterances=utterances,
        speakers=(Speaker("Prospect"), Speaker("You")),
    )


def evaluate(
    items: Sequence[CueItem], embedder: Embedder | None = None, shown: int = 2
) -> CueScores:
    results = []
    for item in items:
        call = _call(item)
        found = assess(call, _ROLES, call.utterances[-1].id, embedder=embedder)
        results.append(CueResult(item, found.cues, found.cues[:shown]))
    return CueScores(tuple(results))
