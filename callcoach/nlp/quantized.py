"""An opt-in int8 runtime of the shipped MiniLM: integer MatMuls, ~1.2x (AVX2) to 2x (VNNI) faster.

The shipped ONNX file stores int8 weights, but onnxruntime folds them back to float32 and
runs float32 ``MatMul``s, which on a CPU without bfloat16 or VNNI are at the core's float
peak (issue 16, rounds 4-5). Quantizing the *activations* as well (``MatMulInteger``: 8-bit
weights with one scale per output column, each token's activations with its own scale)
makes the embedding pass ~1.2x cheaper on AVX2, but the vectors move (cosine to the
float32 vector 0.978-1.0, mean 0.996), so the detectors' similarities, heads and thresholds
see slightly different numbers and a few findings change. ``CALLCOACH_EMBEDDINGS=int8``
opts in; the default stays the exact float32 runtime. What it changes on the read calls is
measured in ``docs/benchmarks.md`` (rounds 8-9). A text's int8 vector, like its float32
one, depends on its own tokens only, never on the texts batched with it, and its integer
products are exact on every CPU (``_quantize_per_token``).

On a CPU with VNNI (x86 ``avx512_vnni`` or ``avx_vnni``) the weights are stored as int8
instead of uint8 around 128 (``signed_weights``): the same integers, so the same exact
products and bit-identical vectors, but onnxruntime's u8 x s8 VNNI kernel runs the
``MatMulInteger``s ~1.6x faster than its u8 x u8 kernel (issue 16, round 25). Without VNNI
that kernel saturates, so there the uint8 file stays.

The int8 file is derived from the shipped (SHA-256-checked) model once per machine and kept
in the user cache directory with a checksum; nothing is downloaded. Building it needs the
``onnx`` package (``pip install 'callcoach[int8]'``); loading a built file does not.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from callcoach.errors import DetectorError
from callcoach.nlp.embeddings import file_sha256

__all__ = ["INT8_RECIPE", "PRECISION_ENV", "int8_model", "precision", "signed_weights"]

PRECISION_ENV = "CALLCOACH_EMBEDDINGS"
# Bump when the way the file is derived changes: it names the file and the vectors' identity
# (the persistent embedding cache keys vectors by it, so int8 and float32 never mix).
INT8_RECIPE = "int8-pertoken-u8-2"


def precision(value: str | None = None) -> str:
    """``"float32"`` (default, exact) or ``"int8"``, from ``value`` or ``$CALLCOACH_EMBEDDINGS``."""
    chosen = (value or os.environ.get(PRECISION_ENV) or "float32").strip().lower()
    if chosen in ("float32", "fp32", "exact"):
        return "float32"
    if chosen == "int8":
        return "int8"
    raise DetectorError(f"{PRECISION_ENV}={chosen!r}: expected float32 or int8")


#: CPU flags (Linux ``/proc/cpuinfo``) of an x86 core whose u8 x s8 integer dot product
#: (VNNI ``vpdpbusd``) adds each product into int32 without saturating.
_VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})


def _cpu_flags() -> frozenset[str]:
    """This machine's CPU flags as Linux lists them; empty elsewhere or when unreadable."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def signed_weights() -> bool:
    """Whether this CPU multiplies uint8 activations by int8 weights exactly (VNNI), so the
    int8 file may store its weights signed: the same vectors, a faster kernel. Unknown CPUs
    (no ``/proc/cpuinfo``, another architecture) keep the uint8 weights, exact everywhere."""
    import platform

    if platform.machine().lower() not in ("x86_64", "amd64"):
        return False
    return bool(_cpu_flags() & _VNNI_FLAGS)


def _cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("callcoach"))


def int8_model(
    source: Path, source_sha256: str, directory: Path | None = None, *, signed: bool | None = None
) -> Path:
    """The int8 file derived from ``source`` (already verified): built once, then reused.

    ``signed``: store the weights as int8 (the VNNI kernel; ``signed_weights()`` when None)
    rather than uint8 around 128; the two files give the same vectors on a VNNI CPU and are
    kept under different names, so a cache folder shared by machines with and without VNNI
    hands each the file its CPU runs exactly.

    A stamp file beside it holds the recipe, the source's SHA-256, the onnxruntime version
    that built it and the file's own SHA-256; a file whose stamp or checksum does not match
    is rebuilt, so a damaged or stale cache never loads."""
    import onnxruntime as ort

    if signed is None:
        signed = signed_weights()
    folder = directory or _cache_dir()
    weights = "s8" if signed else "u8"
    name = f"minilm-{INT8_RECIPE}-{source_sha256[:16]}-ort{ort.__version__}"
    if signed:
        name += "-s8"  # the uint8 file keeps its earlier name
    path = folder / f"{name}.onnx"
    stamp_path = folder / f"{name}.json"
    wanted = {"recipe": INT8_RECIPE, "source_sha256": source_sha256, "ort": ort.__version__}
    if signed:
        wanted["weights"] = weights
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        if {k: stamp.get(k) for k in wanted} == wanted and file_sha256(path) == stamp.get("sha256"):
            return path
    except (OSError, ValueError, AttributeError):
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=folder, prefix="int8-build-") as scratch:
            built = _build(source, Path(scratch), signed=signed)
            os.replace(built, path)
        stamp_text = json.dumps({**wanted, "sha256": file_sha256(path)}, indent=1)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(stamp_text)
        os.replace(temporary, stamp_path)
    except OSError as exc:
        raise DetectorError(f"{folder}: cannot write the int8 embedding model: {exc}") from None
    return path


def _build(source: Path, scratch: Path, *, signed: bool = False) -> Path:
    try:
        import onnx
    except ImportError:
        raise DetectorError(
            f"{PRECISION_ENV}=int8 builds its model once with the 'onnx' package, which is not "
            "installed (pip install 'callcoach[int8]'), or unset it for the float32 model"
        ) from None
    import onnxruntime as ort

    # onnxruntime's basic optimisation folds the stored int8 weights into float32 constants:
    # the graph the float32 runtime runs, which is what gets quantized.
    folded = scratch / "folded.onnx"
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(folded)
    ort.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    model = onnx.load(str(folded))
    _quantize_per_token(model)
    if signed:
        _sign_weights(model)
    out = scratch / "int8.onnx"
    onnx.save(model, str(out))
    return out


def _quantize_per_token(model: Any) -> None:
    """Every MatMul by a weight matrix becomes an integer MatMul, in place.

    Weights: 8-bit, symmetric, one scale per output column. Activations: one scale per token
    (the row's largest magnitude / 127), shifted to uint8 around 128. onnxruntime's own
    dynamic quantization (``DynamicQuantizeLinear``) takes one scale for the whole input
    tensor: every text of a batch, padding included, so a text's vector would depend on the
    texts batched with it (measured: up to 0.027 per component), and results on which texts
    a cache already held. One scale per token keeps a vector a function of its own tokens.
    Attention's activation-by-activation MatMuls stay float32.

    The weights are stored as uint8 around 128 (the same integers), so onnxruntime multiplies
    u8 x u8, which is exact on every CPU. Recipe 1 stored them as int8: its u8 x s8 kernel on
    AVX2 CPUs without VNNI (this project's machines) adds pairs of products in int16 and
    saturates when both are large and of one sign, while CPUs with VNNI do not, so the same
    text got different vectors on different CPUs (cosine down to 0.962 between the two on
    realistic sentences; the exact product is also closer to float32: mean cosine 0.9963
    against 0.9952), at ~15 % more CPU for the pass (issue 16, round 9).

    The tokens are flattened to rows ([batch x tokens, width]) so that one per-axis
    ``QuantizeLinear`` (x / scale, rounded half to even, + 128, saturated) and one per-axis
    ``DequantizeLinear`` (int32 x scale) do what separate Div, Round, Add, Cast and
    Cast, Mul nodes did: the same arithmetic in the same order (bit-identical vectors on 690
    realistic sentences), ~5 % less CPU. An input shared by several MatMuls (attention's
    query, key and value) is quantized once."""
    import numpy as np
    from onnx import helper, numpy_helper

    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    constants: dict[str, Any] = {
        "pt_eps": np.array(1e-12, np.float32),
        "pt_127": np.array(127.0, np.float32),
        "pt_zero": np.array(128, np.uint8),
        "pt_zero_row": np.array([128], np.uint8),
        "pt_from": np.array([0], np.int64),
        "pt_to": np.array([-1], np.int64),  # every dimension but the last
    }
    added = [numpy_helper.from_array(value, name) for name, value in constants.items()]
    nodes: list[Any] = []
    quantized: dict[str, str] = {}  # activation -> the prefix of its quantized rows
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or len(weight.dims) != 2:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        width, columns = w.shape
        w_scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / 127.0
        w_int = np.clip(np.round(w / w_scale), -127, 127)
        w_u8 = (w_int + 128).astype(np.uint8)  # stored around 128: see the docstring
        p = f"{node.name}_pt"
        added += [
            numpy_helper.from_array(w_u8, f"{p}_wq"),
            numpy_helper.from_array(w_scale.astype(np.float32), f"{p}_ws"),
            numpy_helper.from_array(np.array([columns], np.int64), f"{p}_cols"),
        ]
        x = node.input[0]
        q = quantized.get(x)
        if q is None:
            q = quantized[x] = f"{p}_x"
            added.append(numpy_helper.from_array(np.array([-1, width], np.int64), f"{q}_rows"))
            nodes += [
                helper.make_node("Reshape", [x, f"{q}_rows"], [f"{q}_2d"]),
                helper.make_node("Abs", [f"{q}_2d"], [f"{q}_abs"]),
                helper.make_node("ReduceMax", [f"{q}_abs"], [f"{q}_max"], axes=[-1], keepdims=0),
                helper.make_node("Max", [f"{q}_max", "pt_eps"], [f"{q}_max2"]),
                helper.make_node("Div", [f"{q}_max2", "pt_127"], [f"{q}_scale"]),
                helper.make_node("Shape", [f"{q}_scale"], [f"{q}_n"]),
                helper.make_node("Expand", ["pt_zero_row", f"{q}_n"], [f"{q}_zp"]),
                helper.make_node(
                    "QuantizeLinear", [f"{q}_2d", f"{q}_scale", f"{q}_zp"], [f"{q}_q"], axis=0
                ),
                helper.make_node("Shape", [x], [f"{q}_shape"]),
                helper.make_node("Slice", [f"{q}_shape", "pt_from", "pt_to"], [f"{q}_lead"]),
            ]
        nodes += [
            helper.make_node(
                "MatMulInteger", [f"{q}_q", f"{p}_wq", "pt_zero", "pt_zero"], [f"{p}_y"]
            ),
            helper.make_node("DequantizeLinear", [f"{p}_y", f"{q}_scale"], [f"{p}_y1"], axis=0),
            helper.make_node("Mul", [f"{p}_y1", f"{p}_ws"], [f"{p}_y2"]),
            helper.make_node("Concat", [f"{q}_lead", f"{p}_cols"], [f"{p}_shape"], axis=0),
            helper.make_node("Reshape", [f"{p}_y2", f"{p}_shape"], [node.output[0]]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in graph.node for name in node.input}
    kept = [init for init in [*graph.initializer, *added] if init.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)


def _sign_weights(model: Any) -> None:
    """The weights of every ``MatMulInteger`` stored as int8 with zero point 0, in place.

    ``_quantize_per_token`` stores a weight w (an integer in [-127, 127]) as the uint8 w + 128
    with zero point 128; here it becomes the int8 w with zero point 0. The integer product
    sum((x - 128) * w) is the same, so on a CPU whose u8 x s8 kernel is exact (VNNI:
    ``signed_weights``) the vectors are bit-identical to the uint8 file's, and that kernel is
    onnxruntime's fastest integer GEMM on x86."""
    import numpy as np
    from onnx import numpy_helper

    graph = model.graph
    weights = {node.input[1] for node in graph.node if node.op_type == "MatMulInteger"}
    for init in graph.initializer:
        if init.name in weights:
            stored = numpy_helper.to_array(init).astype(np.int16) - 128
            init.CopyFrom(numpy_helper.from_array(stored.astype(np.int8), init.name))
    graph.initializer.append(numpy_helper.from_array(np.array(0, np.int8), "pt_zero_s8"))
    for node in graph.node:
        if node.op_type == "MatMulInteger":
            node.input[3] = "pt_zero_s8"
