"""Annotated dialogue corpora in the shared JSONL schema, and their conversion to ``Call``.

A corpus is either a bundled name ("swda", "mrda", …) looked up in ``$CALLCOACH_DATA`` or
in ``../shared/data`` beside the checkout, or a path to any ``utterances.jsonl(.gz)`` (or
the folder holding it). Schema: one JSON object per line with ``dataset``,
``conversation_id``, ``turn``, ``speaker``, ``role``, ``text``, ``labels`` and ``split``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TextIO

from callcoach.errors import EvalError
from callcoach.model import Call, Role, RoleAssignment, Speaker, Utterance
from callcoach.nlp.sentences import asr_text

__all__ = [
    "CorpusConversation",
    "CorpusUtterance",
    "data_root",
    "default_roles",
    "load_corpus",
    "merged_call",
    "resolve_corpus",
    "strip_punctuation",
    "to_call",
]

_UTTERANCE_FILES = ("utterances.jsonl.gz", "utterances.jsonl")
_CONVERSATION_FILES = ("conversations.jsonl.gz", "conversations.jsonl")
_REQUIRED = ("conversation_id", "turn", "text")

# Normalised corpus roles -> callcoach roles. The persuader / therapist / seller is the
# party whose behaviour a coach would review, so it plays the rep.
ROLE_MAP: Mapping[str, Role] = MappingProxyType(
    {
        "persuader": "rep",
        "therapist": "rep",
        "seller": "rep",
        "persuadee": "prospect",
        "client": "prospect",
        "buyer": "prospect",
    }
)

# Punctuation that ASR output does not produce. Apostrophes inside words survive
# ("what's"), as most ASR engines keep contractions.


@dataclass(frozen=True, slots=True)
class CorpusUtterance:
    """One row of a corpus: the text as the source had it plus its verbatim labels."""

    dataset: str
    conversation_id: str
    turn: int
    speaker: str
    role: str | None
    text: str
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CorpusConversation:
    """The rows of one conversation in turn order, plus its outcome (may be empty)."""

    dataset: str
    conversation_id: str
    split: str
    utterances: tuple[CorpusUtterance, ...]
    outcome: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "outcome", MappingProxyType(dict(self.outcome)))


def data_root() -> Path:
    """Where bundled corpora live: ``$CALLCOACH_DATA`` or ``../shared/data`` beside the repo."""
    env = os.environ.get("CALLCOACH_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def resolve_corpus(name_or_path: str) -> Path:
    """The utterances file for a corpus name, a folder, or a file path."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_file():
        return candidate
    folders = [candidate] if candidate.is_dir() else []
    if "/" not in name_or_path and os.sep not in name_or_path:
        folders.append(data_root() / name_or_path)
    for folder in folders:
        for file_name in _UTTERANCE_FILES:
            if (folder / file_name).is_file():
                return folder / file_name
    root = data_root()
    known = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    hint = f"; corpora in {root}: {', '.join(known)}" if known else f" ({root} does not exist)"
    raise EvalError(
        f"{name_or_path}: no corpus found — expected a corpus name, a folder holding "
        f"utterances.jsonl(.gz), or a path to such a file{hint}"
    )


def _open_text(path: Path) -> TextIO:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with _open_text(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
                if not isinstance(row, dict):
                    raise EvalError(f"{path}:{number}: expected a JSON object per line")
                yield number, row
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise EvalError(f"{path}: cannot read ({exc})") from None


def _utterance(path: Path, number: int, row: Mapping[str, Any], dataset: str) -> CorpusUtterance:
    missing = [key for key in _REQUIRED if key not in row]
    if missing:
        raise EvalError(f"{path}:{number}: missing field(s) {', '.join(missing)}")
    labels = row.get("labels") or []
    if not isinstance(row["text"], str) or not isinstance(labels, list):
        raise EvalError(f"{path}:{number}: 'text' must be a string and 'labels' a list")
    try:
        turn = int(row["turn"])
    except (TypeError, ValueError):
        raise EvalError(f"{path}:{number}: 'turn' must be an integer") from None
    role = row.get("role")
    return CorpusUtterance(
        dataset=str(row.get("dataset") or dataset),
        conversation_id=str(row["conversation_id"]),
        turn=turn,
        speaker=str(row.get("speaker") if row.get("speaker") is not None else "?"),
        role=str(role) if role is not None else None,
        text=row["text"],
        labels=tuple(str(label) for label in labels),
    )


def _outcomes(folder: Path) -> dict[str, Mapping[str, Any]]:
    for file_name in _CONVERSATION_FILES:
        path = folder / file_name
        if path.is_file():
            return {
                str(row.get("conversation_id")): dict(row.get("outcome") or {})
                for _, row in _read_jsonl(path)
            }
    return {}


def load_corpus(name_or_path: str, split: str | None = "dev") -> list[CorpusConversation]:
    """Conversations of one split (all splits when ``split`` is None), in file order.

    >>> load_corpus("swda", "dev")[0].utterances[0].labels  # doctest: +SKIP
    ('da:sd',)
    """
    path = resolve_corpus(name_or_path)
    fallback = path.parent.name
    rows: dict[tuple[str, str], list[CorpusUtterance]] = {}
    splits: dict[tuple[str, str], str] = {}
    for number, row in _read_jsonl(path):
        row_split = str(row.get("split") or "")
        if split is not None and row_split != split:
            continue
        utterance = _utterance(path, number, row, fallback)
        key = (utterance.dataset, utterance.conversation_id)
        rows.setdefault(key, []).append(utterance)
        splits.setdefault(key, row_split)
    if not rows:
        raise EvalError(f"{path}: no utterances in split {split!r}")
    outcomes = _outcomes(path.parent)
    return [
        CorpusConversation(
            dataset=dataset,
            conversation_id=conversation_id,
            split=splits[(dataset, conversation_id)],
            utterances=tuple(sorted(utterances, key=lambda u: u.turn)),
            outcome=outcomes.get(conversation_id, {}),
        )
        for (dataset, conversation_id), utterances in rows.items()
    ]


def strip_punctuation(text: str) -> str:
    """ASR-like text: lower case, no punctuation, single spaces (apostrophes in words kept)."""
    return asr_text(text)


def utterance_id(turn: int) -> str:
    """The ``Utterance.id`` that ``to_call`` gives the corpus row with this ``turn``."""
    return f"u{turn:04d}"


def to_call(conv: CorpusConversation, strip_punct: bool = False) -> Call:
    """One ``Utterance`` per corpus row (rows are not merged), without timestamps."""
    utterances = tuple(
        Utterance(
            id=utterance_id(row.turn),
            index=index,
            speaker=row.speaker,
            text=strip_punctuation(row.text) if strip_punct else row.text,
            start=None,
            end=None,
        )
        for index, row in enumerate(conv.utterances)
    )
    speakers = tuple(
        Speaker(name) for name in dict.fromkeys(row.speaker for row in conv.utterances)
    )
    digest = hashlib.sha256(
        f"{conv.dataset}/{conv.conversation_id}/{strip_punct}".encode()
    ).hexdigest()
    return Call(
        id=digest,
        source=f"{conv.dataset}:{conv.conversation_id}",
        format="corpus",
        utterances=utterances,
        speakers=speakers,
        metadata={"dataset": conv.dataset, "split": conv.split},
    )


RowSpans = dict[int, tuple[str, int, int]]


def merged_call(conv: CorpusConversation, strip_punct: bool = False) -> tuple[Call, RowSpans]:
    """Like ``to_call``, but consecutive rows of one speaker form one utterance (as an ASR
    export writes a long turn), joined by single spaces. Returns the call and, per row
    ``turn``, the (utterance id, start, end) of its text inside the merged utterance."""
    runs: list[list[CorpusUtterance]] = []
    for row in conv.utterances:
        if runs and runs[-1][0].speaker == row.speaker:
            runs[-1].append(row)
        else:
            runs.append([row])
    utterances = []
    spans: RowSpans = {}
    for index, run in enumerate(runs):
        uid = utterance_id(run[0].turn)
        parts: list[str] = []
        length = 0
        for row in run:
            text = strip_punctuation(row.text) if strip_punct else row.text.strip()
            if parts:
                length += 1
            spans[row.turn] = (uid, length, length + len(text))
            parts.append(text)
            length += len(text)
        utterances.append(
            Utterance(
                id=uid,
                index=index,
                speaker=run[0].speaker,
                text=" ".join(parts),
                start=None,
                end=None,
            )
        )
    single = to_call(conv, strip_punct)
    return (
        Call(
            id=hashlib.sha256(f"{single.id}/merged".encode()).hexdigest(),
            source=single.source,
            format="corpus",
            utterances=tuple(utterances),
            speakers=single.speakers,
            metadata=single.metadata,
        ),
        spans,
    )


def default_roles(conv: CorpusConversation) -> list[RoleAssignment]:
    """Role assignments to run detectors under.

    Where the corpus has roles, one assignment from them. Otherwise one assignment per
    speaker in which that speaker is the rep and everyone else a prospect; an evaluation
    then reads each utterance's prediction from the run where its speaker is the rep.
    """
    speakers = list(dict.fromkeys(row.speaker for row in conv.utterances))
    corpus_roles = {
        row.speaker: ROLE_MAP[row.role]
        for row in conv.utterances
        if row.role is not None and row.role in ROLE_MAP
    }
    if corpus_roles:
        roles: dict[str, Role] = {name: corpus_roles.get(name, "unknown") for name in speakers}
        return [RoleAssignment(roles=roles, confidence=1.0, method="explicit")]
    return [
        RoleAssignment(
            roles={name: "rep" if name == rep else "prospect" for name in speakers},
            confidence=1.0,
            method="explicit",
            reasons=(f"evaluation run with {rep!r} as the rep",),
        )
        for rep in speakers
    ]
