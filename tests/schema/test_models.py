"""Output models built from the frozen dataclasses, and read back from the JSON they wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.api import analyze
from callcoach.ingest import load_call
from callcoach.model import Analysis, Evidence, RoleAssignment, Speaker, Utterance
from callcoach.schema.analysis import (
    AnalysisReport,
    EvidenceOut,
    SpeakerOut,
    UtteranceOut,
    build_report,
)
from callcoach.schema.team import TeamReport, build_team_report

ROLES = RoleAssignment({"Dana": "rep", "Pat": "prospect"}, 1.0, "explicit")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "01-northwind-discovery-expert.vtt"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyze(
        load_call(EXAMPLE), detectors=["question", "next_step"], rubric="expert-not-friend"
    )


def test_build_report_takes_the_analysis_or_its_parts(analysis: Analysis) -> None:
    report = build_report(analysis)
    parts = build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )
    assert report == parts
    assert report == AnalysisReport.model_validate(analysis, from_attributes=True)
    assert report.call.utterance_count == len(analysis.call.utterances)
    assert [s.role for s in report.speakers] == [
        analysis.roles.role_of(s.name) for s in analysis.call.speakers
    ]
    assert list(report.findings) == sorted(analysis.findings)
    with pytest.raises(TypeError):
        build_report(analysis, analysis.roles)  # type: ignore[call-overload]


def test_reports_read_back_from_their_json(analysis: Analysis) -> None:
    report = build_report(analysis)
    assert AnalysisReport.model_validate_json(report.model_dump_json()) == report
    team = build_team_report([report], {analysis.call.source: "call.html"})
    assert TeamReport.model_validate_json(team.model_dump_json()) == team
    assert team.calls[0].report == "./call.html"


def test_derived_fields_of_leaf_models() -> None:
    utterance = Utterance("u0001", 1, "Dana", "How long does the close take?", 3725.0, 3731.5)
    evidence = Evidence.of(utterance, 0, 8)
    out = EvidenceOut.model_validate(evidence, from_attributes=True)
    assert (out.timestamp, out.quote, out.char_end) == ("1:02:05", "How long", 8)
    context = {"roles": ROLES}
    assert (
        UtteranceOut.model_validate(utterance, from_attributes=True, context=context).role == "rep"
    )
    speaker = SpeakerOut.model_validate(Speaker("Pat"), from_attributes=True, context=context)
    assert speaker.role == "prospect"
    with pytest.raises(ValueError, match="role"):
        SpeakerOut.model_validate(Speaker("Pat"), from_attributes=True)
