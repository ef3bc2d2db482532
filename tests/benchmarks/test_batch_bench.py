"""The batch benchmark's report section and its process sampler."""

from __future__ import annotations

from pathlib import Path

from benchmarks.batch import SECTION, Result, Sampler, markdown
from benchmarks.ingest_metrics import write_section


def test_section_is_written_in_place(tmp_path: Path) -> None:
    results = [
        Result("one process", 4, 0, 40.0, 38.0, 500.0),
        Result("local pool, 2 workers", 4, 0, 25.0, 45.0, 1000.0),
    ]
    section = markdown(results, calls=4, minutes=60, workers=2)
    assert section.startswith(SECTION + "\n")
    assert "| one process | 4 | 0 | 40.0 | 38.0 | 6.0 |" in section
    assert "GPU path: not built and untested" in section
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
