"""The evidence detectors' learned heads: training rows, shipped weights, no copied wording."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from callcoach.nlp.heads import load_head

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"
HEADS = ("quantified_pain", "summarize", "self_talk")
# The readable annotated calls (the sealed sets are scored in aggregate only, never read).
READABLE = (
    SHARED_DATA / "salescalls",
    *(ROOT / "tests" / "data" / "salescalls_blind" / s for s in ("open", "open2", "open3")),
)
RUN = 8  # words: a shared run this long would be a copied wording


def _builder() -> ModuleType:
    path = ROOT / "scripts" / "build_evidence_heads.py"
    spec = importlib.util.spec_from_file_location("build_evidence_heads", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(head: str) -> list[dict[str, object]]:
    path = ROOT / "training" / "heads" / f"{head}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("head", HEADS)
def test_training_rows_are_built_from_their_sources(head: str) -> None:
    assert _builder().build(head) == _rows(head)


@pytest.mark.parametrize("head", HEADS)
def test_each_shipped_head_was_trained_on_the_shipped_rows(head: str) -> None:
    data = ROOT / "training" / "heads" / f"{head}.jsonl"
    loaded = load_head(head)
    assert loaded.metadata["training_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
    rows = _rows(head)
    assert 250 <= len(rows) <= 800
    positives = sum(1 for row in rows if row["label"] == 1)
    assert 0.3 <= positives / len(rows) <= 0.55
    assert len({row["group"] for row in rows}) >= 40


def test_asr_style_rows_read_like_asr() -> None:
    builder = _builder()
    text = builder.asr_style("We lose about $40k a month, on the 1st of every quarter.", 3)
    assert text == text.lower()
    assert not re.search(r"[\d$,.]", text)
    assert "forty k dollars" in text and "first" in text


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.corpus
@pytest.mark.skipif(
    not (SHARED_DATA / "salescalls").exists(),
    reason="../shared/data not present (the annotated sales calls live beside the checkout)",
)
def test_no_training_row_repeats_a_quote_of_the_readable_calls() -> None:
    runs: set[tuple[str, ...]] = set()
    for folder in READABLE:
        for path in sorted(folder.glob("*.labels.json")):
            labels = json.loads(path.read_text(encoding="utf-8"))
            for moment in labels["moments"]:
                words = _words(moment["quote"])
                runs.update(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))
    copied = [
        str(row["text"])
        for head in HEADS
        for row in _rows(head)
        if any(
            tuple(w[i : i + RUN]) in runs
            for w in [_words(str(row["text"]))]
            for i in range(len(w) - RUN + 1)
        )
    ]
    assert copied == [], f"training rows sharing {RUN} words with a gold quote: {copied}"
