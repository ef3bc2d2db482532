"""The findings digest changes when any part of a finding changes, and --compare names the
calls that differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import callcoach
from benchmarks.findings_digest import _digest, _finding_rows, compare, main

TEXT = (
    "Dana: How do you close the books today?\n"
    "Sam: Spreadsheets, mostly. It takes nine days.\n"
    "Dana: Would it help to see how others cut that to two?\n"
)


def _rows() -> list[str]:
    call = callcoach.load_text(TEXT, source="t.txt")
    analysis = callcoach.analyze(call, rep="Dana", detectors=["question"])
    return _finding_rows(analysis.findings)


def test_rows_carry_detector_version_label_confidence_spans_and_attributes() -> None:
    rows = [json.loads(row) for row in _rows()]
    assert rows, "the sample call has questions"
    detector, version, label, confidence, spans, attributes = rows[0]
    assert detector == "question" and version and label
    assert len(confidence.split(".")[1]) == 6  # confidence to 6 decimals
    assert spans and isinstance(attributes, dict)
    assert _digest(_rows()) == _digest(_rows())  # deterministic


def test_compare_names_the_calls_that_differ(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = {"x/1": {"digest": "aa", "findings": 3}, "x/2": {"digest": "bb", "findings": 1}}
    b = {**a, "x/2": {"digest": "cc", "findings": 1}}
    assert compare(a, dict(a)) == 0
    assert "identical" in capsys.readouterr().out
    assert compare(a, b) == 1
    assert "DIFFERS x/2" in capsys.readouterr().out
    (tmp_path / "a.json").write_text(json.dumps(a), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(b), encoding="utf-8")
    assert main(["--compare", str(tmp_path / "a.json"), str(tmp_path / "b.json")]) == 1


def test_batches_named_in_order_and_extras_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callcoach.eval.salescalls as salescalls
    from benchmarks import findings_digest
    from callcoach.eval.lexicon_loco import READ_BATCHES

    folders: list[str] = []

    def fake_eval(folder: str) -> tuple[None, list[object]]:
        folders.append(folder)
        return None, []

    monkeypatch.setattr(salescalls, "evaluate_salescalls", fake_eval)
    assert findings_digest.digests(["open2", "dev"], extras=False) == {}
    assert folders == [READ_BATCHES["open2"], READ_BATCHES["dev"]]
    seen: list[tuple[object, bool]] = []
    monkeypatch.setattr(
        findings_digest, "digests", lambda batches, extras: seen.append((batches, extras)) or {}
    )
    assert main([str(tmp_path / "d.json"), "--batches", "dev,open", "--no-extras"]) == 0
    assert seen == [(["dev", "open"], False)]
