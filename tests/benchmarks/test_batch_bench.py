"""The batch benchmark's report section and its process sampler."""

from __future__ import annotations

from pathlib import Path

from benchmarks.batch import (
    QUICK_SECTION,
    SECTION,
    Cost,
    Quick,
    Result,
    Sampler,
    linear_fit,
    markdown,
    quick_markdown,
)
from benchmarks.detectors import EMBEDDING, CallTiming
from benchmarks.detectors import Cost as CallCost
from benchmarks.ingest_metrics import write_section


def test_section_is_written_in_place(tmp_path: Path) -> None:
    results = [
        Result("one process", 4, 0, 40.0, 38.0, 500.0, "abc"),
        Result("local pool, 2 workers", 4, 0, 25.0, 45.0, 1000.0, "abc"),
    ]
    lengths = [
        Result("one process", 1, 0, 3.0, 2.0, 400.0, "x", 10.0),
        Result("one process", 1, 0, 9.0, 8.0, 400.0, "y", 240.0),
    ]
    section = markdown(results, calls=[4], minutes=60, workers=2, lengths=lengths)
    assert section.startswith(SECTION + "\n")
    assert "| 4 | one process | 0 | 40.0 | 38.0 | 9.5 | 6.0 |" in section
    assert "4 call(s): identical" in section
    assert "| 240 | 9.0 | 8.0 | 400 |" in section
    assert "untested on a GPU" in section
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Other\n\ntext\n", encoding="utf-8")
    write_section(doc, section)
    write_section(doc, section)
    text = doc.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1 and "## Other" in text


def test_sampler_sees_this_process() -> None:
    with Sampler(interval=0.01) as sampler:
        sum(i * i for i in range(200_000))
    assert sampler.peak > 0
    assert sampler.cpu_s >= 0


def test_linear_fit() -> None:
    intercept, slope, r2 = linear_fit([1, 2, 3], [3.0, 5.0, 7.0])
    assert (round(intercept, 6), round(slope, 6), round(r2, 6)) == (1.0, 2.0, 1.0)


def test_sampler_reports_memory_per_half_of_the_run() -> None:
    with Sampler(interval=0.01) as sampler:
        sum(i * i for i in range(300_000))
    first, second = sampler.halves_mib()
    assert first > 0 and second >= 0
    assert max(first, second) <= sampler.peak / 2**20 + 1e-9


def test_quick_section_judges_every_target() -> None:
    info = {"cpu": "c", "nproc": "2", "python": "3.11", "date": "d", "commit": "x", "load": "0"}
    timing = CallTiming(
        "realistic", 430, 9000, CallCost(1.2, 2.0), CallCost(5.0, 5.0), CallCost(3.0, 3.0),
        250, 6000, 6200, 550, 9800, {EMBEDDING: 1.5}, CallCost(6.0, 6.0), 11000,
    )  # fmt: skip
    result = Quick(
        info,
        info,
        3,
        Cost(0.02, 0.02),
        {
            "imports": Cost(0.3, 0.3),
            "pipeline build": Cost(0.05, 0.05),
            "model load": Cost(0.3, 0.3),
            "first-call setup": Cost(0.05, 0.05),
        },
        Cost(2.0, 3.5),
        [
            Result("local pool, 2 workers", 100, 0, 90.0, 170.0, 1100.0, "abc", 60.0, 1000, 1050),
            Result("Dask LocalCluster, 2 workers", 100, 0, 95.0, 180.0, 1000.0, "abc", 60.0),
        ],
        timing,
        2,
    )
    section = quick_markdown(result, 100)
    assert section.startswith(QUICK_SECTION + "\n")
    assert "| 0.42 | 0.42 | **met** (model load 0.30 s wall" in section
    assert "| 2.00 | 3.50 | **not met** |" in section
    assert "| 1.20 | 2.00 | **not met** |" in section
    assert "| 90.0 | 170.0 (1.70 per call) | **not met**: 67 calls/min" in section
    assert "**met**: digests abc / abc" in section
    assert "**not met**: 2.5× / 3.0× (the embedding pass alone" in section
    assert "3.3× / 4.0×" in section
    assert "| 3.00 vs the pipeline's 2.00 | **met**: 1.50× |" in section
