"""The opt-in int8 runtime (``CALLCOACH_EMBEDDINGS=int8``): built once, checked, close to
float32, never mixed with float32 vectors in the persistent cache."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from callcoach.errors import DetectorError
from callcoach.nlp import quantized
from callcoach.nlp.embeddings import (
    MODEL_SHA256,
    MiniLMEmbedder,
    default_embedder,
    file_sha256,
    locate_model_files,
)
from callcoach.nlp.quantized import INT8_RECIPE, PRECISION_ENV, int8_model, precision

# Invented sentences of ordinary call talk.
TEXTS = [
    "We lose about two days every month-end chasing approvals from regional managers.",
    "Can you walk me through how your team handles a disputed invoice today?",
    "Did you catch the game last night?",
    "So if I heard you right, the close takes four days and approvals are the bottleneck.",
    "I can send over the order form this afternoon and we can sign by Friday.",
    "Honestly the budget is already spoken for until the next fiscal year.",
]


def test_precision_defaults_to_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRECISION_ENV, raising=False)
    assert precision() == "float32"
    assert precision("INT8") == "int8"
    monkeypatch.setenv(PRECISION_ENV, "int8")
    assert precision() == "int8"
    assert precision("exact") == "float32"
    with pytest.raises(DetectorError, match="expected float32 or int8"):
        precision("int4")


def test_default_embedder_is_float32_with_the_model_as_vector_id() -> None:
    model = default_embedder()
    assert model.precision == "float32"
    assert model.vector_id == MODEL_SHA256


def test_missing_onnx_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_onnx(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "onnx" or name.startswith("onnxruntime.quantization"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnx)
    with pytest.raises(DetectorError, match=r"pip install 'callcoach\[int8\]'"):
        int8_model(locate_model_files().model, MODEL_SHA256, tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("onnx")
    folder = tmp_path_factory.mktemp("int8")
    return int8_model(locate_model_files().model, MODEL_SHA256, folder)


def test_built_once_then_reused_and_rebuilt_when_damaged(built: Path) -> None:
    stamp = json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))
    assert stamp["recipe"] == INT8_RECIPE and stamp["source_sha256"] == MODEL_SHA256
    before = built.stat().st_mtime_ns
    assert int8_model(locate_model_files().model, MODEL_SHA256, built.parent) == built
    assert built.stat().st_mtime_ns == before  # reused, not rebuilt
    data = bytearray(built.read_bytes())
    data[len(data) // 2] ^= 0xFF
    built.write_bytes(bytes(data))
    assert int8_model(locate_model_files().model, MODEL_SHA256, built.parent) == built
    assert file_sha256(built) == stamp["sha256"]  # the damaged file was replaced


def test_int8_vectors_are_close_to_float32_and_named_apart(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quantized, "_cache_dir", lambda: built.parent)
    fast = MiniLMEmbedder(precision="int8", threads=1)
    assert fast.precision == "int8"
    assert fast.vector_id == f"{MODEL_SHA256}+{INT8_RECIPE}"
    exact = default_embedder().encode(TEXTS)
    approx = fast.encode(TEXTS)
    assert approx.shape == exact.shape and approx.dtype == np.float32
    assert np.allclose(np.linalg.norm(approx, axis=1), 1.0, atol=1e-5)
    cosines = np.einsum("ij,ij->i", exact, approx)
    # measured 0.977-1.0 over 400 sentences of realistic calls (docs/benchmarks.md)
    assert cosines.min() > 0.95
    assert not np.array_equal(exact, approx)
    # A text's vector depends on its own tokens only: alone, or batched (and padded) with
    # other texts in another order, it is the same (per-token activation scales).
    fast.cache_clear()
    alone = np.stack([fast.encode([text])[0] for text in TEXTS])
    fast.cache_clear()
    reordered = fast.encode(TEXTS[::-1])[::-1]
    assert np.array_equal(alone, approx)
    assert np.array_equal(reordered, approx)


def test_persistent_cache_keys_int8_vectors_apart(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callcoach.app import executors
    from callcoach.app.options import AnalysisOptions

    monkeypatch.setattr(quantized, "_cache_dir", lambda: built.parent)
    monkeypatch.setenv(PRECISION_ENV, "int8")
    monkeypatch.setattr(executors, "_WORKER", None)
    cached = executors.embedder_for(AnalysisOptions(embedding_cache=tmp_path / "e.sqlite"))
    assert cached._model == f"{MODEL_SHA256}+{INT8_RECIPE}"
    monkeypatch.setattr(executors, "_WORKER", None)


def test_quantized_matmul_is_the_per_token_arithmetic() -> None:
    """The rewritten graph computes, bit for bit, what the recipe says: each token's row
    scaled by its own largest magnitude / 127, rounded half to even, shifted to uint8 around
    128; an exact integer product with the per-column int8 weights; then x row scale x column
    scale, in that order. A row's result does not depend on the other rows (batch-mates)."""
    onnx = pytest.importorskip("onnx")
    import onnxruntime as ort

    rng = np.random.default_rng(7)
    width, columns = 16, 5
    # Large products of one sign side by side: AVX2's u8 x s8 kernel would add such pairs
    # in int16 and saturate (2 x 255 x 127 > 32767); the u8 x u8 product must be exact.
    weight = np.abs(rng.normal(size=(width, columns))).astype(np.float32)
    weight[0] = weight[0].max() * 2
    model = _one_matmul(width, columns, weight)
    quantized._quantize_per_token(model)
    onnx.checker.check_model(model)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    x = (rng.normal(size=(3, 4, width)) * rng.uniform(0.01, 50, size=(3, 4, 1))).astype(np.float32)
    x[0, 0, :2] = np.abs(x[0, 0]).max()  # two largest activations side by side
    x[1, 2] = 0.0  # an all-zero row (padding-like): scale floored, result 0
    got = session.run(["y"], {"x": x})[0]

    w_scale = (np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127.0).astype(np.float32)
    w_int = np.clip(np.round(weight / w_scale), -127, 127).astype(np.int32)
    scale = np.maximum(np.abs(x).max(axis=-1, keepdims=True), np.float32(1e-12)) / np.float32(127)
    x_int = np.rint(x / scale).astype(np.int32)  # half to even, as QuantizeLinear rounds
    expected = (x_int @ w_int).astype(np.float32) * scale * w_scale
    assert got.shape == (3, 4, columns) and got.dtype == np.float32
    assert np.array_equal(got, expected)
    assert np.array_equal(got[1, 2], np.zeros(columns, np.float32))
    alone = session.run(["y"], {"x": x[2:3, 1:2]})[0]
    assert np.array_equal(alone[0, 0], got[2, 1])


def test_signed_weights_only_on_an_x86_cpu_with_vnni(monkeypatch: pytest.MonkeyPatch) -> None:
    import platform

    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    for flags, signed in [
        ({"avx2", "fma"}, False),  # AVX2 alone: its u8 x s8 kernel saturates
        ({"avx2", "avx512f", "avx512bw"}, False),  # AVX-512 without VNNI saturates too
        ({"avx2", "avx512f", "avx512_vnni"}, True),
        ({"avx2", "avx_vnni"}, True),
        (set(), False),  # unreadable: the uint8 weights, exact everywhere
    ]:
        monkeypatch.setattr(quantized, "_cpu_flags", lambda f=flags: frozenset(f))
        assert quantized.signed_weights() is signed
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")
    monkeypatch.setattr(quantized, "_cpu_flags", lambda: frozenset({"avx512_vnni"}))
    assert quantized.signed_weights() is False


def _one_matmul(width: int, columns: int, weight: Any) -> Any:
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm")],
        "one_matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "tokens", width])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "tokens", columns])],
        [numpy_helper.from_array(weight, "w")],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def test_signed_weights_store_the_same_integers() -> None:
    """The int8 weights are the uint8 ones minus 128 with zero point 0: the same integer
    product, so on a VNNI CPU (the only one the signed file is built for) the two graphs
    agree bit for bit, large same-sign products side by side included."""
    onnx = pytest.importorskip("onnx")
    import onnxruntime as ort
    from onnx import numpy_helper

    rng = np.random.default_rng(11)
    width, columns = 24, 6
    weight = rng.normal(size=(width, columns)).astype(np.float32)
    unsigned = _one_matmul(width, columns, weight)
    quantized._quantize_per_token(unsigned)
    signed = _one_matmul(width, columns, weight)
    quantized._quantize_per_token(signed)
    quantized._sign_weights(signed)
    onnx.checker.check_model(signed)
    inits_u = {i.name: numpy_helper.to_array(i) for i in unsigned.graph.initializer}
    inits_s = {i.name: numpy_helper.to_array(i) for i in signed.graph.initializer}
    (name,) = [n.input[1] for n in signed.graph.node if n.op_type == "MatMulInteger"]
    assert inits_u[name].dtype == np.uint8 and inits_s[name].dtype == np.int8
    assert np.array_equal(inits_u[name].astype(np.int32) - 128, inits_s[name].astype(np.int32))
    assert [n.input[3] for n in signed.graph.node if n.op_type == "MatMulInteger"] == ["pt_zero_s8"]
    if not quantized.signed_weights():
        pytest.skip("AVX2's u8 x s8 kernel may saturate: the signed file is built only with VNNI")
    x = rng.normal(size=(2, 5, width)).astype(np.float32)
    x[0, 0, :2] = np.abs(x[0, 0]).max()  # large products of one sign side by side
    run = {
        label: ort.InferenceSession(m.SerializeToString(), providers=["CPUExecutionProvider"]).run(
            ["y"], {"x": x}
        )[0]
        for label, m in (("u8", unsigned), ("s8", signed))
    }
    assert np.array_equal(run["u8"], run["s8"])


def test_signed_file_is_kept_apart_and_gives_the_same_vectors(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quantized, "_cache_dir", lambda: built.parent)
    source = locate_model_files().model
    signed = int8_model(source, MODEL_SHA256, built.parent, signed=True)
    unsigned = int8_model(source, MODEL_SHA256, built.parent, signed=False)
    assert signed.name == unsigned.name.replace(".onnx", "-s8.onnx")
    stamp = json.loads(signed.with_suffix(".json").read_text(encoding="utf-8"))
    assert stamp["weights"] == "s8" and stamp["recipe"] == INT8_RECIPE
    assert "weights" not in json.loads(unsigned.with_suffix(".json").read_text(encoding="utf-8"))
    assert built in (signed, unsigned)  # what this CPU is given
    if not quantized.signed_weights():
        pytest.skip("bit-identical only where the u8 x s8 kernel is exact (VNNI)")
    monkeypatch.setattr(quantized, "signed_weights", lambda: False)
    unsigned_vectors = MiniLMEmbedder(precision="int8", threads=1).encode(TEXTS)
    monkeypatch.setattr(quantized, "signed_weights", lambda: True)
    fast = MiniLMEmbedder(precision="int8", threads=1)
    assert fast.vector_id == f"{MODEL_SHA256}+{INT8_RECIPE}"  # the same vectors, one key
    assert np.array_equal(fast.encode(TEXTS), unsigned_vectors)
