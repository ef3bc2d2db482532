"""The conformance battery accepts a well-behaved detector and names what a bad one breaks."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest

from callcoach.detectors import DetectionContext, Detector
from callcoach.ingest import TranscriptFormat, registry
from callcoach.ingest.base import ParsedTranscript, RawSegment
from callcoach.model import Call, Evidence, Finding
from callcoach.testing import HashingEmbedder, check_detector, check_format, conformance_calls


class _Questions(Detector):
    name: ClassVar[str] = "test-questions"
    version: ClassVar[str] = "1"

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {"mark": "?"}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        return [
            self.finding("q", [Evidence.of(u, 0, u.text.index(self.params["mark"]) + 1)], 0.9)
            for u in call.utterances
            if self.params["mark"] in u.text
        ]


class _BadSpan(_Questions):
    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        return [
            Finding(self.name, self.version, "q", 0.5, (Evidence.of(u, 0, 10_000),), self.params)
            for u in call.utterances[:1]
        ]


class _Random(_Questions):
    counter: ClassVar[list[int]] = [0]

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        self.counter[0] += 1
        return [
            self.finding("q", [Evidence.of(u)], 0.5) for u in call.utterances[: self.counter[0] % 3]
        ]


class _WrongVersion(_Questions):
    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        return [
            Finding(self.name, "0", "q", 0.5, (Evidence.of(u),), self.params)
            for u in call.utterances[:1]
        ]


def test_good_detector_passes() -> None:
    report = check_detector(_Questions())
    assert report.detector == _Questions.name
    assert set(report.cpu_seconds) == set(conformance_calls())
    assert all(t >= 0.0 for t in report.cpu_seconds.values())


def test_timing_is_reported_never_failed() -> None:
    """A case over the limit is listed, not failed: timings depend on machine load."""
    report = check_detector(_Questions(), max_seconds_long_call=-1.0)
    assert set(report.slow) == set(conformance_calls())


@pytest.mark.parametrize(
    ("detector", "message"),
    [
        (_BadSpan(), "outside"),
        (_Random(), "disagree"),
        (_WrongVersion(), "version"),
    ],
)
def test_bad_detectors_fail_with_a_clear_message(detector: Detector, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_detector(detector)


def test_battery_covers_the_awkward_cases() -> None:
    cases = conformance_calls()
    assert {"empty call", "one speaker", "no timestamps", "unicode", "five-hour call"} <= set(cases)
    long_call, _ = cases["five-hour call"]
    assert long_call.duration is not None and long_call.duration >= 5 * 3600 - 60
    assert not cases["no timestamps"][0].has_timestamps


def test_hashing_embedder_is_normalised_and_deterministic() -> None:
    embedder = HashingEmbedder()
    first = embedder.encode(["how many reps", "how many reps", ""])
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(first, embedder.encode(["how many reps", "how many reps", ""]))


def _toy_format(**changes: Any) -> TranscriptFormat:
    def parse(text: str, *, source: str) -> ParsedTranscript:
        rows = [line.split("|", 1) for line in text.split("\n")[1:] if "|" in line]
        return ParsedTranscript(tuple(RawSegment(t, s) for s, t in rows), (), {})

    fields: dict[str, Any] = {
        "name": "pipes",
        "description": "speaker|text rows under a PIPES line",
        "suffixes": (".pipes",),
        "sniff": lambda head, named: 0.9 if head.startswith("PIPES\n") else 0.0,
        "parse": parse,
        "example": "PIPES\nAna|Shall we start?\nBo|Yes, go ahead.\n",
    }
    return TranscriptFormat(**{**fields, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, None),
        ({"sniff": lambda head, named: 1.0}, "claims the vtt example"),
        ({"sniff": lambda head, named: 0.05}, "its example is sniffed as text"),
        ({"example": "PIPES\nAna|Hi\nAna|Again\n"}, "two speakers"),
    ],
)
def test_check_format_accepts_a_good_format_and_names_what_a_bad_one_breaks(
    changes: dict[str, Any], message: str | None
) -> None:
    fmt = _toy_format(**changes)
    registry.register(fmt)
    try:
        if message is None:
            check_format(fmt)
        else:
            with pytest.raises(AssertionError, match=message):
                check_format(fmt)
    finally:
        registry.unregister(fmt.name)
