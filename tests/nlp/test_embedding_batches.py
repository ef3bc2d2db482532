"""Embedding cost control: padding-bounded batches, one pass per call, device choice."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from callcoach import pipeline, testing
from callcoach.detectors import DetectionContext, Detector, Embedder
from callcoach.errors import DetectorError
from callcoach.model import Call, Finding, RoleAssignment
from callcoach.nlp import embeddings
from callcoach.nlp.call_embeddings import CallEmbeddings
from callcoach.nlp.embeddings import (
    CPU_POLICY,
    CPU_PROVIDER,
    CUDA_PROVIDER,
    BatchPolicy,
    MiniLMEmbedder,
    plan_batches,
    select_providers,
)


@given(st.lists(st.integers(min_value=1, max_value=128), max_size=300))
@settings(max_examples=200, deadline=None)
def test_batches_cover_every_text_once_within_the_policy(lengths: list[int]) -> None:
    batches = plan_batches(lengths, CPU_POLICY)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        width = max(lengths[i] for i in batch)
        real = sum(lengths[i] for i in batch)
        assert len(batch) <= CPU_POLICY.max_texts
        assert len(batch) == 1 or width * len(batch) <= CPU_POLICY.max_tokens
        if len(batch) > CPU_POLICY.min_texts:
            assert width * len(batch) - real <= CPU_POLICY.max_padding * real


def test_batches_keep_padding_small_on_mixed_lengths() -> None:
    lengths = [8] * 40 + [120] * 3 + [30] * 20
    padded = sum(max(lengths[i] for i in b) * len(b) for b in plan_batches(lengths))
    assert padded <= 1.1 * sum(lengths)


def test_a_fixed_batch_size_still_caps_batches() -> None:
    policy = BatchPolicy(max_texts=2, min_texts=2)
    assert all(len(b) <= 2 for b in plan_batches([5] * 7, policy))


def test_vectors_do_not_depend_on_batch_company() -> None:
    """The attention mask keeps padding out: a text's vector is the same in any batch."""
    text = "we lose two days at every month-end close"
    long = "a much longer sentence about approvals that wait on the controller " * 3
    alone = MiniLMEmbedder().encode([text])[0]
    batched = MiniLMEmbedder(batch_size=8).encode([long, text, "ok"])[1]
    assert np.allclose(alone, batched, atol=1e-6)


def test_stats_count_real_and_padded_tokens() -> None:
    embedder = MiniLMEmbedder()
    embedder.encode(["short", "a somewhat longer sentence here", "short"])
    assert embedder.stats.texts == 2  # the repeat comes from the cache
    assert embedder.stats.padded_tokens >= embedder.stats.tokens > 0
    assert embedder.stats.padding_ratio >= 1.0


def test_texts_with_the_same_tokens_run_once() -> None:
    """The model is uncased: texts the tokenizer reads as the same ids share one run and
    get the vector each would get alone."""
    texts = ["Yes, that works.", "a longer sentence about the month-end close", "yes, that works."]
    embedder = MiniLMEmbedder()
    vectors = embedder.encode(texts)
    assert embedder.stats.texts == 2
    assert np.array_equal(vectors[0], vectors[2])
    alone = MiniLMEmbedder().encode([texts[2]])[0]
    assert np.array_equal(vectors[2], alone)


class _Counting:
    """An embedder that records every batch of texts it is asked for."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, hash(text) % 4] = 1.0
        return out


def test_call_store_embeds_announced_and_new_texts_in_one_pass() -> None:
    inner = _Counting()
    store = CallEmbeddings(inner)
    store.request(["a", "b", "a"])
    first = store.encode(["c", "a"])
    again = store.encode(["b", "a", "c"])
    assert inner.calls == [["a", "b", "c"]]
    assert store.passes == 1 and store.embedded == 3
    assert np.array_equal(first[1], again[1])
    assert store.encode([]).shape == (0, 4)


def test_call_store_loads_a_lazy_embedder_only_when_needed() -> None:
    made: list[_Counting] = []

    def factory() -> _Counting:
        made.append(_Counting())
        return made[-1]

    store = CallEmbeddings(factory)
    store.request(["x"])
    assert made == []
    store.encode(["x"])
    assert len(made) == 1


def test_pipeline_embeds_once_per_call_with_identical_findings() -> None:
    lines = [
        ("Rep", "How are you today?"),
        ("Pat", "Good. Our biggest problem is that invoices wait two weeks for approval."),
        ("Rep", "What happens when the approvals are late, and who signs off on them?"),
        ("Pat", "We need a faster way to route approvals to the controller every month."),
        ("Rep", "So your team waits on approvals and that pushes invoices past the deadline."),
        ("Rep", "I'd recommend routing invoices by amount so the controller sees only big ones."),
        ("Pat", "What would you do differently if you were in my shoes?"),
    ]
    call = testing.make_call(lines, True, call_id="c", slot=5.0, speaking=4.5)
    roles = RoleAssignment(
        roles={"Rep": "rep", "Pat": "prospect"}, confidence=1.0, method="explicit"
    )
    detectors = pipeline.build()
    inner = _CountingMiniLM()
    one_pass = pipeline.run(call, roles, detectors, embedder=inner)
    assert len(inner.calls) == 1  # every detector's texts, together
    assert list(one_pass) == [d.name for d in detectors]  # the order given
    # The same findings as each detector embedding on its own, one after the other.
    separate: dict[str, tuple[Finding, ...]] = {}
    model = embeddings.default_embedder()
    for detector in detectors:
        context = _context(roles, separate, detector, model)
        separate[detector.name] = tuple(detector.detect(call, context))
    assert one_pass == separate


class _CountingMiniLM:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        return embeddings.default_embedder().encode(texts)


def _context(
    roles: RoleAssignment,
    found: Mapping[str, tuple[Finding, ...]],
    detector: Detector,
    model: Embedder,
) -> DetectionContext:
    return DetectionContext(
        roles=roles, findings={r: found[r] for r in detector.requires}, embedder=model
    )


@pytest.mark.parametrize(
    ("available", "device", "expected"),
    [
        ([CPU_PROVIDER], None, [CPU_PROVIDER]),
        (["AzureExecutionProvider", CPU_PROVIDER], "auto", [CPU_PROVIDER]),
        ([CUDA_PROVIDER, CPU_PROVIDER], None, [CUDA_PROVIDER, CPU_PROVIDER]),
        ([CUDA_PROVIDER, CPU_PROVIDER], "cpu", [CPU_PROVIDER]),
        ([CUDA_PROVIDER, CPU_PROVIDER], "gpu", [CUDA_PROVIDER, CPU_PROVIDER]),
    ],
)
def test_provider_selection(
    available: list[str], device: str | None, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(embeddings.DEVICE_ENV, raising=False)
    assert select_providers(available, device) == expected


def test_provider_selection_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embeddings.DEVICE_ENV, "cpu")
    assert select_providers([CUDA_PROVIDER, CPU_PROVIDER]) == [CPU_PROVIDER]
    monkeypatch.setenv(embeddings.DEVICE_ENV, "tpu")
    with pytest.raises(DetectorError, match="expected auto, cpu or gpu"):
        select_providers([CPU_PROVIDER])


def test_asking_for_a_gpu_without_cuda_is_a_clear_error() -> None:
    with pytest.raises(DetectorError, match=r"callcoach\[gpu\]"):
        select_providers([CPU_PROVIDER], "gpu")


def test_embedder_uses_the_cuda_provider_when_onnxruntime_offers_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With onnxruntime-gpu present the session is asked for CUDA first, and larger batches
    are used when the session reports it runs there (mocked: no GPU in CI)."""
    import onnxruntime as ort

    asked: list[list[str]] = []
    real_session = ort.InferenceSession

    class FakeSession:
        def __init__(self, path: str, sess_options: object, providers: list[str]) -> None:
            asked.append(providers)
            self._real = real_session(path, sess_options=sess_options, providers=[CPU_PROVIDER])

        def get_providers(self) -> list[str]:
            return [CUDA_PROVIDER, CPU_PROVIDER]

        def run(self, *args: object, **kwargs: object) -> object:
            return self._real.run(*args, **kwargs)

    monkeypatch.delenv(embeddings.DEVICE_ENV, raising=False)
    monkeypatch.setattr(ort, "get_available_providers", lambda: [CUDA_PROVIDER, CPU_PROVIDER])
    monkeypatch.setattr(ort, "InferenceSession", FakeSession)
    embedder = MiniLMEmbedder()
    assert asked == [[CUDA_PROVIDER, CPU_PROVIDER]]
    assert embedder.providers[0] == CUDA_PROVIDER
    assert embedder.policy == embeddings.GPU_POLICY
    assert embedder.encode(["still works"]).shape == (1, embeddings.DIMENSIONS)


def test_a_process_with_nothing_to_embed_exits_cleanly_while_the_model_loads() -> None:
    """pipeline.run starts loading the model in the background; a call that needs no
    vector must not leave onnxruntime half-initialised at exit (it aborted the process)."""
    import subprocess
    import sys

    code = (
        "import callcoach\n"
        "call = callcoach.load_text('Dana: Hi there.\\nSam: Hello.\\n', source='t.txt')\n"
        "callcoach.analyze(call, rep='Dana')\n"
        "print('done')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "done"


def test_prefetch_embeds_the_announced_texts_in_the_background_as_one_pass() -> None:
    inner = _Counting()
    store = CallEmbeddings(inner)
    store.prefetch()  # nothing announced: no thread, no pass
    store.request(["a", "b"])
    store.prefetch()
    store.prefetch()  # a second prefetch while one runs changes nothing
    vectors = store.encode(["b", "a"])
    store.wait()
    assert inner.calls == [["a", "b"]]
    assert vectors.shape == (2, 4)


class _Failing:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        raise DetectorError("model missing")


def test_a_failed_prefetch_is_raised_by_the_encode_that_needs_the_vectors() -> None:
    inner = _Failing()
    store = CallEmbeddings(inner)
    store.request(["a", "b"])
    store.prefetch()
    store.wait()
    with pytest.raises(DetectorError, match="model missing"):
        store.encode(["c"])
    # The announced texts were kept: the retry embeds the same pass, plus the new text.
    assert inner.calls == [["a", "b"], ["a", "b", "c"]]


def test_pipeline_starts_the_pass_before_the_last_rule_based_detector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [
        ("Rep", "How are you today?"),
        ("Pat", "Our biggest problem is that invoices wait two weeks for approval."),
        ("Rep", "So your team waits on approvals and that pushes invoices past the deadline."),
        ("Rep", "I'd recommend routing invoices by amount so the controller sees only big ones."),
    ]
    call = testing.make_call(lines, True, call_id="c", slot=5.0, speaking=4.5)
    roles = RoleAssignment(
        roles={"Rep": "rep", "Pat": "prospect"}, confidence=1.0, method="explicit"
    )
    detectors = pipeline.build()
    events = _record_order(monkeypatch, detectors)
    inner = _CountingMiniLM()
    pipeline.run(call, roles, detectors, embedder=inner)
    assert len(inner.calls) == 1  # still one pass
    started = events.index("prefetch")
    assert started < min(events.index(d.name) for d in detectors if d.needs_embeddings)
    # It overlaps rule-based detectors that run after it.
    assert any(events.index(d.name) > started for d in detectors if not d.needs_embeddings)


def _record_order(monkeypatch: pytest.MonkeyPatch, detectors: list[Detector]) -> list[str]:
    """The list that will hold, in order, "prefetch" for each background embedding pass
    started and each detector's name as it runs."""
    events: list[str] = []
    prefetch = CallEmbeddings.prefetch

    def recording(self: CallEmbeddings) -> None:
        events.append("prefetch")
        prefetch(self)

    monkeypatch.setattr(CallEmbeddings, "prefetch", recording)
    for detector in detectors:
        monkeypatch.setattr(detector, "detect", _recorded(detector, events))
    return events


def _recorded(detector: Detector, events: list[str]) -> object:
    detect = detector.detect

    def recorded(call: object, context: DetectionContext) -> object:
        events.append(detector.name)
        return detect(call, context)  # type: ignore[arg-type]

    return recorded


def test_a_text_declared_by_several_detectors_is_embedded_once() -> None:
    inner = _Counting()
    store = CallEmbeddings(inner)
    store.request(["a", "b"])
    store.request(["b", "a"])  # another detector declaring the same texts
    store.encode(["a"])
    store.request(["a", "b"])  # declared again after the pass: nothing to do
    store.encode(["b", "a"])
    assert inner.calls == [["a", "b"]]
    assert store.passes == 1 and store.embedded == 2


class _Held:
    """An embedder whose first pass waits until the test lets it go."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.inside = threading.Event()
        self.go = threading.Event()

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.calls.append(list(texts))
        if len(self.calls) == 1:
            self.inside.set()
            assert self.go.wait(10)
        return np.ones((len(texts), 4), dtype=np.float32)


def test_announcing_does_not_wait_for_a_running_pass_nor_repeat_its_texts() -> None:
    inner = _Held()
    store = CallEmbeddings(inner)
    store.request(["a", "b"])
    store.prefetch()
    assert inner.inside.wait(10)
    announcing = threading.Thread(target=store.request, args=(["b", "c"],))
    announcing.start()
    announcing.join(5)
    assert not announcing.is_alive()  # returned while the first pass still runs
    store.prefetch()  # a follow-up pass, queued behind the running one
    inner.go.set()
    vectors = store.encode(["a", "b", "c"])
    store.wait()
    assert inner.calls == [["a", "b"], ["c"]]  # "b" was in flight: not embedded again
    assert store.passes == 2 and store.embedded == 3
    assert vectors.shape == (3, 4)


class _Fixed(Detector):
    """A test detector that embeds fixed texts, optionally after another detector."""

    version = "0"

    def __init__(self, name: str, texts: Sequence[str], requires: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.name = name  # type: ignore[misc]
        self.requires = requires  # type: ignore[misc]
        self.needs_embeddings = bool(texts)  # type: ignore[misc]
        self.texts = list(texts)

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        if self.texts:
            assert context.embedder is not None
            context.embedder.encode(self.texts)
        return []

    def embedding_texts(self, call: Call, context: DetectionContext) -> Sequence[str]:
        return self.texts


def test_a_detector_ready_after_the_first_pass_is_embedded_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    call = testing.make_call([("Rep", "Hello there."), ("Pat", "Hi.")], True, call_id="c")
    roles = RoleAssignment(
        roles={"Rep": "rep", "Pat": "prospect"}, confidence=1.0, method="explicit"
    )
    detectors = [
        _Fixed("early", ["one", "two"]),
        _Fixed("late", ["two", "three"], requires=("early",)),
        _Fixed("after", [], requires=("early",)),
    ]
    events = _record_order(monkeypatch, detectors)
    inner = _Counting()
    pipeline.run(call, roles, detectors, embedder=inner)
    # The follow-up pass was started as soon as "late" could say what it needs, before the
    # rule-based detector that runs after "early"; "two" was embedded once.
    assert events == ["prefetch", "early", "prefetch", "after", "late"]
    assert sorted(map(sorted, inner.calls)) == [["one", "two"], ["three"]]
