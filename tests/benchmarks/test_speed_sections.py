"""The detector and start-up benchmarks' report sections (fabricated timings, no timing)."""

from __future__ import annotations

from benchmarks import call_profile, detectors, startup
from benchmarks.detectors import CallTiming, Cost

INFO = {
    "cpu": "test cpu",
    "nproc": "2",
    "python": "3.11",
    "date": "today",
    "commit": "abc",
    "load": "0 / 0 / 0",
}


def _timing(kind: str, cpu: float) -> CallTiming:
    return CallTiming(
        kind, 400, 9000, Cost(cpu, cpu), Cost(4.0, 4.0), Cost(3.0, 3.0), 300, 8000, 8600,
        550, 9800, {"summarize": 0.1, detectors.EMBEDDING: 2.0}, Cost(5.0, 5.0), 11000,
    )  # fmt: skip


def test_detectors_section_reports_both_baselines_and_padding() -> None:
    section = detectors.markdown([_timing("realistic", 2.0), _timing("synthetic", 1.0)], INFO, 1)
    assert section.startswith(detectors.SECTION + "\n")
    assert "| realistic (median of 1) | 400 | 9000 | 2.00 |" in section
    assert "| 4.00 / 5.00 | 3.00 | 2.0× / 2.5× | 1.50× | 300 | 8000 (8600) | 7.5% |" in section
    assert "550 / 9800 | 11000 |" in section
    assert "2.0× the per-utterance baseline with repeats from the cache, 2.5× with" in section
    assert "(target ≥ 10×: **NOT met**)" in section
    assert "(target > 1×: **met**)" in section


def test_startup_section_judges_the_critical_path() -> None:
    steps = [
        startup.Step("python -c pass", 0.02, 0.02),
        startup.Step("analyze phase: imports", 0.3, 0.3),
        startup.Step("analyze phase: model load", 0.3, 0.3),
        startup.Step("start-up, one phase after another (python + …)", 0.62, 0.62),
        startup.Step(startup.CRITICAL, 0.9, 0.32),
        startup.Step(startup.START_UP, 0.9, 0.6),
    ]
    section = startup.markdown(steps, INFO, 3)
    assert "critical path: 0.90 s wall, 0.32 s CPU — its CPU time meets the 0.5 s" in section
    assert "one phase after another: 0.62 s CPU (the model load, 0.30 s" in section


def test_call_profile_section_charges_every_phase_and_the_extra_texts() -> None:
    phases = [
        call_profile.Phase("import: analysis code", 0.2, 0.3),
        call_profile.Phase("detector: stall", 0.1, 0.1),
        call_profile.Phase("embedding: onnxruntime runs and pooling", 1.0, 1.2),
        call_profile.Phase("report: render html", 0.1, 0.2),
    ]
    profile = call_profile.Profile(
        phases,
        call_profile.Phase("python -c pass", 0.0, 0.02),
        call_profile.Phase("the whole command", 1.5, 2.0),
        180,
        3400,
        3500,
        24,
    )
    extra = [
        call_profile.Marginal("declared", 170, 3000, 1.0, 1),
        call_profile.Marginal("declared twice", 170, 3000, 1.0, 1),
        call_profile.Marginal("+ 100", 270, 4500, 1.5, 1),
    ]
    section = call_profile.markdown(profile, extra, INFO, 3)
    assert section.startswith(call_profile.SECTION + "\n")
    assert "| detector: stall | 0.100 | 7% | 0.10 |" in section
    assert "| **sum of the phases** | **1.400** | 100% | |" in section
    assert "Everything but the embedding pass: 0.40 s." in section
    assert "3400 real tokens (3500 fed with padding, 2.9%)" in section
    assert "| declared twice | 170 | 1 | 3000 | 1.000 | — | — |" in section
    assert "| + 100 | 270 | 1 | 4500 | 1.500 | 0.0050 | 0.33 |" in section
