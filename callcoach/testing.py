"""Conformance checks every detector must pass (like scikit-learn's ``check_estimator``).

``check_detector(detector)`` runs the detector on a battery of awkward calls (empty, one
speaker, no speaker labels, no timestamps, unicode, a five-hour call) and checks that it
is deterministic, that its findings carry valid evidence, and that they are stamped with
its name, version and params. Failures raise ``AssertionError`` naming the case.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from callcoach import pipeline
from callcoach.detectors import DetectionContext, Detector, Embedder
from callcoach.model import Call, Finding, Role, RoleAssignment, Speaker, Utterance

__all__ = ["HashingEmbedder", "check_detector", "conformance_calls", "make_call"]

_SALES_SCRIPT: tuple[tuple[str, str], ...] = (
    ("Rep", "Hi Dana, thanks for making the time today. How's your week going?"),
    ("Prospect", "Busy, but good. We just closed the quarter."),
    ("Rep", "Congrats. So what prompted you to take this call?"),
    ("Prospect", "Our reps spend about six hours a week updating the CRM by hand."),
    ("Rep", "Six hours each? And how many reps do you have?"),
    ("Prospect", "Forty, so that's roughly two hundred forty hours a week."),
    ("Rep", "So if I heard you right, manual entry costs you about 240 hours weekly."),
    ("Prospect", "Yeah, that's right. I mean, you know, it adds up."),
    ("Rep", "what tools are you using today"),
    ("Prospect", "mostly excel and some salesforce reports"),
    ("Rep", "are you the one who signs off on budget for this"),
    ("Prospect", "I'll need to check with my VP before we go any further."),
    ("Rep", "Understood. Could we book thirty minutes with your VP on Tuesday at 2pm?"),
    ("Prospect", "Let me think about it and get back to you."),
    ("Rep", "Sure. I'll send the recap and a calendar invite today."),
)

_UNICODE_SCRIPT: tuple[tuple[str, str], ...] = (
    ("Zoë", "¿Cómo están? Ça va — très bien 😀. Tell me about München?"),
    ("Jürgen", "Wir nutzen Excel… 数据很多。 Is that «normal»?"),
    ("Zoë", "\u200bzero-width\u200b and e\u0301 combining; tab\there?"),
    ("Jürgen", ""),
)

_WORD = re.compile(r"\w+")


def make_call(
    lines: Sequence[tuple[str | None, str]],
    timestamps: bool = True,
    call_id: str = "conformance",
    slot: float = 6.0,
    speaking: float = 5.0,
) -> Call:
    """A Call with one utterance per (speaker, text) pair; with ``timestamps`` utterance i
    starts at ``slot`` × i and lasts ``speaking`` seconds."""
    utterances = tuple(
        Utterance(
            id=f"u{index:04d}",
            index=index,
            speaker=speaker,
            text=text,
            start=slot * index if timestamps else None,
            end=slot * index + speaking if timestamps else None,
        )
        for index, (speaker, text) in enumerate(lines)
    )
    names = dict.fromkeys(speaker for speaker, _ in lines if speaker is not None)
    return Call(
        id=call_id,
        source=f"<{call_id}>",
        format="test",
        utterances=utterances,
        speakers=tuple(Speaker(name) for name in names),
    )


def _roles(call: Call, rep: str | None) -> RoleAssignment:
    if rep is None or not call.speakers:
        return RoleAssignment(
            roles={s.name: "unknown" for s in call.speakers},
            confidence=0.0,
            method="none",
            unavailable_reason="conformance case without a known rep",
        )
    roles: dict[str, Role] = {s.name: "rep" if s.name == rep else "prospect" for s in call.speakers}
    return RoleAssignment(roles=roles, confidence=1.0, method="explicit")


def conformance_calls() -> dict[str, tuple[Call, RoleAssignment]]:
    """The battery: case name -> (call, roles)."""
    sales = make_call(_SALES_SCRIPT, call_id="sales")
    # ~3,600 utterances at 5 s each: a five-hour call.
    long_lines = [_SALES_SCRIPT[i % len(_SALES_SCRIPT)] for i in range(3600)]
    cases: dict[str, tuple[Call, str | None]] = {
        "empty call": (make_call([], call_id="empty"), None),
        "sales call": (sales, "Rep"),
        "one speaker": (make_call([("Rep", t) for _, t in _SALES_SCRIPT], call_id="mono"), "Rep"),
        "no speaker labels": (
            make_call([(None, t) for _, t in _SALES_SCRIPT], call_id="anon"),
            None,
        ),
        "no timestamps": (make_call(_SALES_SCRIPT, timestamps=False, call_id="untimed"), "Rep"),
        "unicode": (make_call(_UNICODE_SCRIPT, call_id="unicode"), "Zoë"),
        "unknown roles": (sales, None),
        "five-hour call": (make_call(long_lines, call_id="long"), "Rep"),
    }
    return {name: (call, _roles(call, rep)) for name, (call, rep) in cases.items()}


class HashingEmbedder:
    """Deterministic stand-in for sentence embeddings: hashed bag of words, L2-normalised.

    Texts sharing words get similar vectors, which is enough to exercise a detector's
    plumbing without loading the real model.
    """

    def __init__(self, dimensions: int = 64) -> None:
        self.dimensions = dimensions

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dimensions] += 1.0
            out[row, 0] += 1e-3  # no zero rows, so every row can be normalised
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out


def _detect(
    detector: Detector, call: Call, roles: RoleAssignment, embedder: Embedder
) -> list[Finding]:
    """Run ``detector`` after the detectors it requires, as the pipeline would."""
    needed = [d for d in pipeline.build(detector.requires) if d.name != detector.name]
    upstream = pipeline.run(call, roles, needed, embedder=embedder) if needed else {}
    context = DetectionContext(
        roles=roles,
        findings={name: upstream.get(name, ()) for name in detector.requires},
        embedder=embedder,
    )
    return detector.detect(call, context)


def _check_findings(detector: Detector, case: str, call: Call, findings: object) -> None:
    assert isinstance(findings, list), f"{case}: detect() returned {type(findings).__name__}"
    texts = {u.id: u.text for u in call.utterances}
    for number, finding in enumerate(findings):
        where = f"{detector.name} / {case} / finding {number}"
        assert isinstance(finding, Finding), f"{where}: not a Finding ({finding!r})"
        assert finding.detector == detector.name, f"{where}: detector is {finding.detector!r}"
        assert finding.version == detector.version, f"{where}: version is {finding.version!r}"
        assert dict(finding.params) == detector.get_params(), f"{where}: params differ"
        assert finding.label, f"{where}: empty label"
        assert 0.0 <= finding.confidence <= 1.0, f"{where}: confidence {finding.confidence}"
        assert finding.evidence, f"{where}: no evidence"
        for evidence in finding.evidence:
            assert evidence.utterance_id in texts, (
                f"{where}: evidence points at unknown utterance {evidence.utterance_id!r}"
            )
            text = texts[evidence.utterance_id]
            end = len(text) if evidence.char_end is None else evidence.char_end
            assert 0 <= evidence.char_start <= end <= len(text), (
                f"{where}: char span {evidence.char_start}:{end} outside "
                f"{evidence.utterance_id} (length {len(text)})"
            )
            quoted = evidence.quote.rstrip("…")
            assert quoted in text[evidence.char_start : end], (
                f"{where}: quote {evidence.quote!r} is not the text at its span"
            )


def check_detector(
    detector: Detector,
    embedder: Embedder | None = None,
    max_seconds_long_call: float = 20.0,
) -> None:
    """Run the conformance battery on ``detector``; AssertionError says what failed.

    ``embedder`` defaults to ``HashingEmbedder`` so the battery runs without the real model.

    >>> from callcoach.detectors import create
    >>> check_detector(create("question"))  # doctest: +SKIP
    """
    embedder = embedder or HashingEmbedder()
    clone = type(detector)(**detector.get_params())
    for case, (call, roles) in conformance_calls().items():
        started = time.perf_counter()
        try:
            first = _detect(detector, call, roles, embedder)
        except Exception as exc:
            raise AssertionError(f"{detector.name} / {case}: raised {exc!r}") from exc
        elapsed = time.perf_counter() - started
        _check_findings(detector, case, call, first)
        if case == "empty call":
            assert first == [], f"{detector.name} / {case}: findings on a call with no text"
        if case == "five-hour call":
            assert elapsed <= max_seconds_long_call, (
                f"{detector.name} / {case}: took {elapsed:.1f} s (limit {max_seconds_long_call} s)"
            )
            continue  # determinism is checked on the short cases; this one is slow enough
        again = _detect(clone, call, roles, embedder)
        assert first == again, (
            f"{detector.name} / {case}: two runs (or a clone from get_params) disagree"
        )
