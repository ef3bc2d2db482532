"""Invented two-turn exchanges for the stance detectors (challenge, candor), scored like calls.

Each row of a set (``tests/data/stance/*.jsonl``) is one exchange: the buyer's turn
(``prev``, after optional earlier turns, ``history``) and the next turn (``text``, said by
the rep, or by the prospect for a hard negative), with the gold ``label`` (``challenge``,
``candor`` or ``none``) and, for a positive, the exact ``quote`` that carries it. All rows
of a set are played as one call (buyer, rep, buyer, rep, …), so a detector sees each rep
turn right after the buyer turn it answers, and the findings are scored with the
sales-call matching rule (``callcoach.eval.moments``: same turn, words overlapping by at
least half of the shorter span, one to one). A finding on a row whose label is another one
is a false alarm.

The sets are our own writing, never sentences of the annotated sales calls.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from callcoach import pipeline, testing
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.eval.corpus import default_roles, load_corpus, to_call
from callcoach.eval.moments import LabelScore, Moment, find_span, score_label, words
from callcoach.model import Call, Finding, RoleAssignment

__all__ = [
    "NON_SALES",
    "SELECTION_SETS",
    "SETS",
    "CorpusRate",
    "StanceRow",
    "corpus_rate",
    "load_rows",
    "score_rows",
    "stance_call",
]

# The sets in tests/data/stance, in the order they were written. Every set before K may be
# used to choose rules; K is scored once at the end and never used to choose.
SELECTION_SETS = (
    "design",
    "heldout",
    "heldout_f",
    "heldout_g",
    "heldout_h",
    "heldout_i",
    "heldout_j",
)
SETS = (*SELECTION_SETS, "heldout_k")

_BUYER, _REP = "Buyer", "Seller"


@dataclass(frozen=True, slots=True)
class StanceRow:
    """One invented exchange: the buyer's turn, then ``text`` by ``speaker``."""

    id: str
    prev: str
    text: str
    label: str  # challenge | candor | none
    speaker: str = "rep"  # rep | prospect
    quote: str = ""
    industry: str = ""
    history: tuple[tuple[str, str], ...] = ()  # earlier turns: ("buyer" | "rep", text)


def load_rows(path: Path) -> list[StanceRow]:
    """The rows of one JSONL set (a ValueError names the line of a bad row)."""
    rows: list[StanceRow] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        row = StanceRow(
            id=raw["id"],
            prev=raw["prev"],
            text=raw["text"],
            label=raw["label"],
            speaker=raw.get("speaker", "rep"),
            quote=raw.get("quote", ""),
            industry=raw.get("industry", ""),
            history=tuple((who, said) for who, said in raw.get("history", ())),
        )
        if row.label != "none" and find_span(row.text, row.quote) is None:
            raise ValueError(f"{path}:{number}: quote is not in the text")
        rows.append(row)
    return rows


def stance_call(rows: Sequence[StanceRow]) -> tuple[Call, list[int]]:
    """The rows as one call, and the index of each row's scored turn in it: a row's
    ``history`` (earlier turns), then the buyer's turn, then the scored turn (a
    prospect-spoken row has the seller say ``prev``)."""
    lines: list[tuple[str | None, str]] = []
    scored: list[int] = []
    for row in rows:
        rep_turn = row.speaker == "rep"
        for who, said in row.history:
            lines.append((_REP if who == "rep" else _BUYER, said))
        lines.append((_BUYER if rep_turn else _REP, row.prev))
        scored.append(len(lines))
        lines.append((_REP if rep_turn else _BUYER, row.text))
    return testing.make_call(lines, timestamps=False, call_id="stance-set"), scored


def score_rows(
    detector: str, label: str, rows: Sequence[StanceRow], variant: Detector | None = None
) -> LabelScore:
    """Moment-level counts of ``detector``'s findings against the rows' ``label`` moments
    (``variant``: an instance to run instead of the registered detector, e.g. with rules
    switched off; it must need no other detector's findings)."""
    call, scored = stance_call(rows)
    roles = RoleAssignment(
        roles={_REP: "rep", _BUYER: "prospect"}, confidence=1.0, method="explicit"
    )
    if variant is not None:
        found: Sequence[Finding] = variant.detect(call, DetectionContext(roles))
    else:
        found = pipeline.run(call, roles, pipeline.build([detector]))[detector]
    gold: list[Moment] = []
    for index, row in enumerate(rows):
        span = find_span(row.text, row.quote) if row.label == label else None
        if span is not None:
            gold.append(Moment(scored[index], label, *span, quote=row.quote, source=row))
    pred: list[Moment] = []
    for finding in found:
        if finding.label != label:
            continue
        evidence = finding.evidence[0]
        utterance = call.utterances[int(evidence.utterance_id[1:])]
        text = utterance.text
        start = len(words(text[: evidence.char_start]))
        end = start + len(words(text[evidence.char_start : evidence.char_end]))
        pred.append(
            Moment(utterance.index, label, start, end, quote=evidence.quote, source=finding)
        )
    return score_label(label, gold, pred)


# Dialogue that is not a sales call, for the false-alarm rate: (corpus, split). Where the
# corpus has roles, the persuader or seller is the rep; otherwise every speaker is the rep
# in turn (``default_roles``), so each turn is read once as the rep's.
NON_SALES: tuple[tuple[str, str], ...] = (
    ("dailydialog", "dev"),
    ("swda", "dev"),
    ("casino", "train"),
    ("persuasionforgood", "train"),
    ("craigslistbargain", "train"),
)


@dataclass(frozen=True, slots=True)
class CorpusRate:
    """Findings of one detector on the first ``turns`` rep turns of a corpus split."""

    corpus: str
    detector: str
    turns: int
    findings: int
    quotes: tuple[str, ...]  # "[rule] quote", for inspection only: corpus text, never to be copied

    @property
    def per_1000(self) -> float:
        return 1000.0 * self.findings / self.turns if self.turns else 0.0


def corpus_rate(
    corpus: str, split: str, detectors: Sequence[str], max_turns: int = 3000
) -> dict[str, CorpusRate]:
    """Per detector, its findings per 1,000 rep turns on the first conversations of
    ``corpus``/``split`` (whole conversations, until ``max_turns`` rep turns are read).
    On dialogue that is not a sales call every finding is an upper bound on a false alarm:
    real candor and reframes occur there too, so read the quotes before calling it noise."""
    built = pipeline.build(list(detectors))
    turns = 0
    found: dict[str, list[str]] = {name: [] for name in detectors}
    for conv in load_corpus(corpus, split):
        if turns >= max_turns:
            break
        call = to_call(conv)
        for roles in default_roles(conv):
            turns += sum(roles.role_of(u.speaker) == "rep" for u in call.utterances)
            result = pipeline.run(call, roles, built)
            for name in detectors:
                found[name].extend(_tagged(f) for f in result[name] if f.evidence)
    return {
        name: CorpusRate(corpus, name, turns, len(quotes), tuple(quotes))
        for name, quotes in found.items()
    }


def _tagged(finding: Finding) -> str:
    """``[form RULE] quote`` for a grammar-level form, ``[lexicon KIND] quote`` otherwise."""
    rule = finding.attributes.get("rule")
    tag = f"form {rule}" if rule else f"lexicon {finding.attributes.get('kind', '')}"
    return f"[{tag}] {finding.evidence[0].quote}"
