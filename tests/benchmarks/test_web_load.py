"""The web load benchmark: a tiny run end to end (2 clients, 1 s) and its report section."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.web_load import Result, main, percentile, section

pytest.importorskip("uvicorn")
pytest.importorskip("argon2")


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) in (50.0, 51.0)
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.99) == 3.0


def test_section_reports_errors_and_the_shared_machine() -> None:
    results = [
        Result("call list", 100, 0, 10.0, 20.0, 40.0, 60.0, 90.0),
        Result("call page", 100, 2, 10.0, 30.0, 50.0, 70.0, 99.0),
    ]
    text = section(results, clients=50, seconds=30, wall=10.0, cpu=4.0, calls=194)
    assert text.startswith("## Web load\n")
    assert "| call page | 100 | 2 | 10.0 | 30 ms | 50 ms | 70 ms | 99 ms |" in text
    assert "shared with other jobs" in text
    assert "Errors: 2 of 200 (0 expected): **not met**" in text


@pytest.mark.slow
def test_a_short_load_on_a_real_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.web.pages_fixtures import build_db

    db = build_db(tmp_path)
    code = main(["--clients", "2", "--seconds", "1", "--db", db, "--no-write"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "| call list |" in out and "| call page |" in out
    assert "Errors: 0 of" in out
