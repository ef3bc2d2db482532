"""One feature extractor: a stored call and a fresh analysis of it give identical features."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from callcoach.api import analyze
from callcoach.ingest import load_call
from callcoach.insights import features_from_analysis, fill_missing_counts
from callcoach.insights.features import Labelled, MetricValue, Span, call_features
from callcoach.model import Evidence, Finding
from callcoach.storage import Repository, ensure_schema, make_engine

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CALLS = [
    EXAMPLES / "demo-crm" / "calls" / "001-quarryhillfoods-1.json",
    EXAMPLES / "02-harborview-discovery-friend.vtt",  # much small talk
    EXAMPLES / "09-oakline-demo-friend.txt",  # no timestamps
]
REPS = {
    "02-harborview-discovery-friend.vtt": "Tyler Brooks",
    "09-oakline-demo-friend.txt": "Ryan Castillo",
}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.db'}")
    ensure_schema(engine)
    yield engine
    engine.dispose()


def test_stored_and_fresh_features_are_identical(engine: Engine) -> None:
    repository = Repository(engine)
    fresh = {}
    for path in CALLS:
        analysis = analyze(
            load_call(path),
            rep=REPS.get(path.name),
            detectors=["question", "small_talk", "next_step"],
            rubric="expert-not-friend",
        )
        repository.add_analysis(analysis)
        fresh[analysis.call.id] = features_from_analysis(analysis)
    stored = repository.call_features()
    assert stored == fill_missing_counts(fresh)
    assert all("score:overall" in features for features in stored.values())
    assert any((f.get("small_talk_minutes") or 0) > 0 for f in stored.values())
    assert any(f["duration_minutes"] is None for f in stored.values())


def _small_talk(*spans: tuple[str, float, float]) -> Finding:
    evidence = tuple(Evidence(u, "Rep", start, end, "nice weather") for u, start, end in spans)
    return Finding("small_talk", "1", "small_talk", 0.9, evidence)


def test_small_talk_counts_each_utterance_once() -> None:
    # Two overlapping spans quote u2: its 30 seconds are small talk once, not twice.
    findings = [
        _small_talk(("u1", 0.0, 30.0), ("u2", 30.0, 60.0)),
        _small_talk(("u2", 30.0, 60.0), ("u3", 60.0, 90.0)),
    ]
    features = call_features(
        metrics=[MetricValue("rep_questions", 3)],
        detectors=["small_talk"],
        findings=findings,
        scorecard=None,
        duration_seconds=600.0,
    )
    assert features["small_talk_minutes"] == pytest.approx(1.5)
    assert features["count:small_talk:small_talk"] == 2.0
    assert features["rep_questions"] == 3.0 and features["duration_minutes"] == 10.0


def test_labels_seen_elsewhere_count_zero_and_idle_detectors_are_absent() -> None:
    found = [Labelled("question", "open", (Span("u1", None, None),))]
    features = call_features(
        metrics=[],
        detectors=["question", "small_talk"],
        findings=found,
        scorecard=None,
        duration_seconds=None,
        labels={"question": {"open", "closed"}, "stall": {"stall"}},
    )
    assert features["count:question:open"] == 1.0
    assert features["count:question:closed"] == 0.0
    assert "count:stall:stall" not in features  # the stall detector did not run here
    assert features["small_talk_minutes"] is None  # ran, but no timestamps
    assert "score:overall" not in features
