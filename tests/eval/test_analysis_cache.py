"""The LOBO scripts' analysis cache (``--cache DIR``) is keyed by what an analysis depends
on: a cache built by another code or detector version, or for other data, is never reused
(stop 42: a batch-named pickle from an older checkout was scored as this code's)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

from callcoach.eval import analysis_cache
from callcoach.eval.analysis_cache import analysis_key, cache_path, cached_analyses

from ..scripts import load_script
from .conftest import needs_shared_data

DETECTORS = [("stall", "2.15", '{"window": 3}'), ("candor", "1.22", "{}")]
EMBEDDER = ["model-sha", "CALLCOACH_EMBEDDINGS=", "onnxruntime 1.0"]


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _key(data: Path, package: Path, **changes: Any) -> str:
    parts: dict[str, Any] = {"detectors": DETECTORS, "embedder": EMBEDDER, **changes}
    return analysis_key(data, package=package, **parts)


@pytest.fixture
def trees(tmp_path: Path) -> tuple[Path, Path]:
    data = _tree(
        tmp_path / "calls",
        {"c1.txt": "Rep: hello\n", "c1.labels.json": '{"reps": ["Rep"]}'},
    )
    package = _tree(
        tmp_path / "pkg",
        {"detectors/stall.py": "VERSION = '2.15'\n", "lexicons/stall.yaml": "- later\n"},
    )
    return data, package


def test_key_is_stable_and_moves_with_each_input(trees: tuple[Path, Path]) -> None:
    data, package = trees
    key = _key(data, package)
    assert key == _key(data, package)
    bumped = [("stall", "2.16", '{"window": 3}'), DETECTORS[1]]
    other_params = [("stall", "2.15", '{"window": 4}'), DETECTORS[1]]
    assert _key(data, package, detectors=bumped) != key
    assert _key(data, package, detectors=other_params) != key
    assert _key(data, package, embedder=[*EMBEDDER[:1], "CALLCOACH_EMBEDDINGS=int8"]) != key
    (package / "lexicons" / "stall.yaml").write_text("- later\n- next quarter\n", "utf-8")
    edited_code = _key(data, package)
    assert edited_code != key
    (data / "c1.labels.json").write_text('{"reps": ["Rep", "Lead"]}', encoding="utf-8")
    assert _key(data, package) != edited_code


def test_compiled_files_do_not_move_the_key(trees: tuple[Path, Path]) -> None:
    data, package = trees
    key = _key(data, package)
    _tree(package, {"detectors/__pycache__/stall.cpython-312.pyc": "bytes"})
    assert _key(data, package) == key


def test_hit_under_the_same_key_miss_under_another(tmp_path: Path) -> None:
    calls: list[str] = []

    def analyse(tag: str) -> Any:
        def run() -> list[str]:
            calls.append(tag)
            return [tag]

        return run

    data = tmp_path / "calls"
    assert cached_analyses("dev", data, tmp_path, analyse("a"), key="k1" * 32) == ["a"]
    assert cached_analyses("dev", data, tmp_path, analyse("b"), key="k1" * 32) == ["a"]
    assert cached_analyses("dev", data, tmp_path, analyse("c"), key="k2" * 32) == ["c"]
    assert calls == ["a", "c"]
    assert cached_analyses("dev", data, None, analyse("d")) == ["d"]


def test_a_file_holding_another_key_or_garbage_is_analysed_afresh(tmp_path: Path) -> None:
    key = "ab" * 32
    path = cache_path(tmp_path, "open3", key)
    path.write_bytes(pickle.dumps({"key": "cd" * 32, "items": ["stale"]}))
    assert cached_analyses("open3", tmp_path, tmp_path, lambda: ["fresh"], key=key) == ["fresh"]
    assert pickle.loads(path.read_bytes()) == {"key": key, "items": ["fresh"]}
    path.write_bytes(b"not a pickle")
    assert cached_analyses("open3", tmp_path, tmp_path, lambda: ["again"], key=key) == ["again"]


@needs_shared_data
def test_tune_rubric_never_reads_a_cache_of_other_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scripts' ``_analysed``: a stop-41-style ``dev.pkl`` (named after the batch alone)
    is ignored, and a cache built under other detector versions is not reused."""
    tune_rubric = load_script("tune_rubric")
    runs: list[int] = []

    def fake_analyses(gold: Any, embedder: Any) -> list[str]:
        runs.append(len(gold))
        return [f"analysis {len(runs)}"]

    monkeypatch.setattr(tune_rubric, "analyses", fake_analyses)
    monkeypatch.setattr(tune_rubric, "default_embedder", lambda: None)
    (tmp_path / "dev.pkl").write_bytes(pickle.dumps(["built by older code"]))
    first = tune_rubric._analysed("dev", str(tmp_path))
    assert first == ["analysis 1"]
    assert tune_rubric._analysed("dev", str(tmp_path)) == first  # same code: reused
    older = [(name, version + ".old", params) for name, version, params in DETECTORS]
    monkeypatch.setattr(analysis_cache, "_detectors", lambda: older)
    assert tune_rubric._analysed("dev", str(tmp_path)) == ["analysis 2"]
    assert len(runs) == 2
