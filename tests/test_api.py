from __future__ import annotations

import pytest

import callcoach
from callcoach.errors import RoleError


def test_analyze_returns_metrics_and_findings_with_evidence(timed_call_text: str) -> None:
    call = callcoach.load_text(timed_call_text, source="call.txt")
    analysis = callcoach.analyze(call, rep="Dana")
    assert analysis.roles.reps == ("Dana Reyes",)
    assert analysis.roles.prospects == ("Sam Patel",)
    ratio = analysis.metric("talk_ratio_words")
    assert ratio.value is not None and 0 < ratio.value < 100
    assert analysis.findings, "the detectors ran"
    for findings in analysis.findings.values():
        for finding in findings:
            assert finding.evidence, f"{finding.detector} finding without evidence"
            for evidence in finding.evidence:
                call.utterance(evidence.utterance_id)


def test_analyze_can_run_a_subset_of_detectors(timed_call_text: str) -> None:
    call = callcoach.load_text(timed_call_text, source="call.txt")
    analysis = callcoach.analyze(call, rep="Dana Reyes", detectors=["question"])
    assert set(analysis.findings) == {"question"}
    assert analysis.metric("rep_questions").value == 3


def test_unknown_rep_is_a_role_error(timed_call_text: str) -> None:
    call = callcoach.load_text(timed_call_text, source="call.txt")
    with pytest.raises(RoleError):
        callcoach.analyze(call, rep="Nobody Here", detectors=[])
