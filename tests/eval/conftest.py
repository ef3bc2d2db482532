"""Fixtures for evaluation tests: small hand-written corpora in the shared JSONL schema."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.exists(),
    reason="../shared/data not present (evaluation corpora live beside the checkout)",
)

# Hand-written rows labelled like SwDA (da: prefix), so the question task applies to them.
TOY_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("c1", "A", "How many people are on your team?", "qw"),
    ("c1", "B", "About forty, spread over two offices.", "sd"),
    ("c1", "A", "do you track that in a spreadsheet", "qy"),
    ("c1", "B", "Yeah.", "aa"),
    ("c2", "A", "We moved to the new system last spring.", "sd"),
    ("c2", "B", "Oh, really?", "bh"),
    ("c2", "A", "Is it working for you?", "qy"),
    ("c2", "B", "I mean, mostly.", "sv"),
)

WriteCorpus = Callable[..., Path]


def toy_records(split: str = "dev") -> list[dict[str, Any]]:
    turns: dict[str, int] = {}
    records = []
    for conversation, speaker, text, tag in TOY_ROWS:
        turn = turns.get(conversation, 0)
        turns[conversation] = turn + 1
        records.append(
            {
                "dataset": "swda",
                "conversation_id": conversation,
                "turn": turn,
                "speaker": speaker,
                "role": None,
                "text": text,
                "labels": [f"da:{tag}"],
                "split": split,
            }
        )
    return records


@pytest.fixture
def write_corpus(tmp_path: Path) -> WriteCorpus:
    """Write records (default: the toy corpus) as utterances.jsonl(.gz); returns the path."""

    def write(
        records: Sequence[dict[str, Any]] | None = None,
        gz: bool = False,
        lines: Sequence[str] | None = None,
    ) -> Path:
        body = (
            "\n".join(lines)
            if lines is not None
            else "\n".join(
                json.dumps(r) for r in (records if records is not None else toy_records())
            )
        ) + "\n"
        path = tmp_path / ("utterances.jsonl.gz" if gz else "utterances.jsonl")
        if gz:
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                handle.write(body)
        else:
            path.write_text(body, encoding="utf-8")
        return path

    return write
