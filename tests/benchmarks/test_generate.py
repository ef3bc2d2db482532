"""The synthetic call generator is deterministic and its files load; the benchmark's report
section is written in place."""

from __future__ import annotations

from pathlib import Path

from benchmarks.generate import BENCH_FORMATS, synthetic_call, write_calls
from benchmarks.ingest_metrics import SECTION, markdown, run, write_section
from callcoach.ingest import load_call
from callcoach.roles import resolve_roles


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = write_calls(tmp_path / "a", 2, seed=3)
    second = write_calls(tmp_path / "b", 2, seed=3)
    for one, two in zip(first, second, strict=True):
        assert one.reps == two.reps
        for fmt in BENCH_FORMATS:
            assert one.paths[fmt].read_bytes() == two.paths[fmt].read_bytes()
    other = write_calls(tmp_path / "c", 1, seed=5)[0]
    assert other.paths["vtt"].read_bytes() != first[1].paths["vtt"].read_bytes()


def test_an_hour_of_about_700_cues_with_2_to_4_speakers() -> None:
    sizes = set()
    for seed in range(3):
        call = synthetic_call(seed)
        assert 59 * 60 <= call.duration <= 62 * 60
        assert 550 <= sum(len(turn.cues) for turn in call.turns) <= 900
        sizes.add(len(call.speaker_order()))
    assert sizes == {2, 3, 4}


def test_every_format_loads_with_its_speakers_times_and_rep(tmp_path: Path) -> None:
    for generated in write_calls(tmp_path, 2, seed=1):
        expected = len(synthetic_call(generated.seed).speaker_order())
        for fmt, path in generated.paths.items():
            call = load_call(path)
            assert len(call.speakers) == expected, fmt
            assert call.has_timestamps == (fmt != "text"), fmt
            roles = resolve_roles(call, rep=list(generated.reps[fmt]))
            assert len(roles.reps) == len(generated.reps[fmt]), fmt


def test_report_section_replaces_only_itself(tmp_path: Path) -> None:
    results = run(1, ["srt", "text"], seed=0, workdir=tmp_path / "calls")
    info = {"cpu": "test cpu", "nproc": "1", "python": "3", "date": "today", "commit": "abc"}
    info["load"] = "0.1 / 0.1 / 0.1"
    section = markdown(results, info, 1, with_metrics=True)
    assert section.startswith(SECTION) and "| srt |" in section and "| text |" in section
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Detectors\n\nkept\n", encoding="utf-8")
    write_section(doc, section)
    write_section(doc, section.replace("test cpu", "other cpu"))
    text = doc.read_text(encoding="utf-8")
    assert text.count(SECTION) == 1 and "other cpu" in text and "## Detectors\n\nkept" in text
