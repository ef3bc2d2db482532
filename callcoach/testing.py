"""Conformance checks every detector must pass (like scikit-learn's ``check_estimator``).

``check_detector(detector)`` runs the detector on a battery of awkward calls (empty, one
speaker, no speaker labels, no timestamps, unicode, a five-hour call) and checks that it
is deterministic, that its findings carry valid evidence, and that they are stamped with
its name, version and params. ``check_format(fmt)`` does the same for a transcript format
(its sniffer, example, names and suffixes). Failures raise ``AssertionError`` naming the case.
Timings are reported (``ConformanceReport``), never asserted: they depend on machine load.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from callcoach import pipeline
from callcoach.detectors import DetectionContext, Detector, Embedder
from callcoach.errors import IngestError
from callcoach.ingest import registry as formats
from callcoach.ingest.detect import sniff
from callcoach.ingest.files import scan_transcripts
from callcoach.ingest.loader import load_call, load_text
from callcoach.ingest.registry import TranscriptFormat
from callcoach.model import Call, Finding, Role, RoleAssignment, Speaker, Utterance

__all__ = [
    "ConformanceReport",
    "HashingEmbedder",
    "RecordingEmbedder",
    "check_detector",
    "check_format",
    "conformance_calls",
    "make_call",
]

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


class RecordingEmbedder:
    """The shipped embedder, remembering every text it was asked to embed (``texts``), for
    tests of what a detector announces to the embedding pass or embeds itself."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        from callcoach.nlp.embeddings import default_embedder  # the model loads only when used

        self.texts.extend(texts)
        return default_embedder().encode(texts)


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


@dataclass(frozen=True, slots=True)
class ConformanceReport:
    """What ``check_detector`` measured: CPU seconds of the first run on each case.

    Timings are reported, never asserted: they depend on the machine and its load, so a slow
    case is listed in ``slow`` for a person to look at and fails nothing."""

    detector: str
    cpu_seconds: Mapping[str, float]
    slow_after: float  # a case over this many CPU seconds is listed in ``slow``

    @property
    def slow(self) -> tuple[str, ...]:
        return tuple(case for case, t in self.cpu_seconds.items() if t > self.slow_after)


def check_detector(
    detector: Detector,
    embedder: Embedder | None = None,
    max_seconds_long_call: float = 20.0,
) -> ConformanceReport:
    """Run the conformance battery on ``detector``; AssertionError says what failed.

    ``embedder`` defaults to ``HashingEmbedder`` so the battery runs without the real model.
    The returned report holds the CPU time of each case; a case over
    ``max_seconds_long_call`` CPU seconds is listed in its ``slow``, which fails nothing.

    >>> from callcoach.detectors import create
    >>> report = check_detector(create("question"))
    >>> "five-hour call" in report.cpu_seconds
    True
    """
    embedder = embedder or HashingEmbedder()
    clone = type(detector)(**detector.get_params())
    cpu_seconds: dict[str, float] = {}
    for case, (call, roles) in conformance_calls().items():
        started = time.process_time()
        try:
            first = _detect(detector, call, roles, embedder)
        except Exception as exc:
            raise AssertionError(f"{detector.name} / {case}: raised {exc!r}") from exc
        cpu_seconds[case] = time.process_time() - started
        _check_findings(detector, case, call, first)
        if case == "empty call":
            assert first == [], f"{detector.name} / {case}: findings on a call with no text"
        if case == "five-hour call":
            continue  # determinism is checked on the short cases; this one is slow enough
        again = _detect(clone, call, roles, embedder)
        assert first == again, (
            f"{detector.name} / {case}: two runs (or a clone from get_params) disagree"
        )
    return ConformanceReport(detector.name, cpu_seconds, max_seconds_long_call)


# Inputs every parser must turn into a Call or an IngestError, never anything else.
_AWKWARD_TEXTS = ("", "\n\n", "\ufeff", "\x00\x01\x02", "{", "-->", "**", "é" * 3, "a: " * 500)


def check_format(fmt: TranscriptFormat) -> None:
    """Check a registered transcript format's contract; AssertionError says what failed.

    Its sniffer picks its own ``example`` (named or not) over every other registered format,
    and scores the others' examples below their own formats; the example loads into a
    ``Call`` with speakers and text, by name and by sniffing; its names, aliases and suffixes
    resolve to it; a folder scan finds a file of each suffix; awkward input raises nothing
    but ``IngestError``.

    >>> from callcoach.ingest import registry
    >>> check_format(registry.get("srt"))
    """
    name = fmt.name
    assert formats.resolve(name) is fmt, f"{name}: not registered (registry.register(...))"
    others = [other for other in formats.formats() if other.name != name]
    own = fmt.sniff(_head(fmt.example), False)
    assert 0.0 < own <= 1.0, f"{name}: sniff scores its own example {own}"
    assert sniff(fmt.example) == name, f"{name}: its example is sniffed as {sniff(fmt.example)}"
    for suffix in fmt.suffixes:
        assert sniff(fmt.example, f"call{suffix}") == name, f"{name}: not sniffed as call{suffix}"
    for other in others:
        theirs = other.sniff(_head(fmt.example), False)
        assert theirs < own, f"{name}: {other.name} scores its example {theirs} >= {own}"
        mine = fmt.sniff(_head(other.example), False)
        assert mine < other.sniff(_head(other.example), False), (
            f"{name}: claims the {other.name} example (score {mine})"
        )
    for text in (fmt.example, *_AWKWARD_TEXTS):
        score = fmt.sniff(_head(text), False)
        assert 0.0 <= score <= 1.0, f"{name}: sniff score {score} outside 0..1"
        assert score == fmt.sniff(_head(text), False), f"{name}: sniff is not deterministic"
    for key in (*fmt.aliases, *fmt.suffixes, name.upper()):
        assert formats.resolve(key) is fmt, f"{name}: {key!r} does not resolve to it"
    call = load_text(fmt.example, source=f"<{name} example>", format=name)
    _check_call(name, call)
    assert load_text(fmt.example).format == name, f"{name}: the sniffed load differs"
    for text in _AWKWARD_TEXTS:
        try:
            load_text(text, source="<awkward>", format=name)
        except IngestError:
            pass
        except Exception as exc:
            raise AssertionError(f"{name}: {text[:20]!r} raised {exc!r}") from exc
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder, f"call{suffix}") for suffix in fmt.suffixes]
        for file in files:
            file.write_text(fmt.example, encoding="utf-8")
        found = scan_transcripts([Path(folder)]).files
        assert sorted(found) == sorted(files), f"{name}: a folder scan found {found}"
        for file in files:
            assert load_call(file).format == name, f"{name}: {file.name} loads as another format"


def _head(text: str) -> str:
    return text.lstrip("\ufeff \t\r\n")


def _check_call(name: str, call: Call) -> None:
    where = f"{name} example"
    assert call.format == name, f"{where}: format is {call.format!r}"
    assert call.utterances, f"{where}: no utterances"
    assert all(u.text.strip() for u in call.utterances), f"{where}: an empty utterance"
    assert [u.index for u in call.utterances] == list(range(len(call.utterances)))
    assert len({u.id for u in call.utterances}) == len(call.utterances), f"{where}: ids repeat"
    speakers = {s.name for s in call.speakers}
    assert len(speakers) >= 2, f"{where}: the example should have two speakers ({speakers})"
    assert {u.speaker for u in call.utterances} <= speakers, f"{where}: unlisted speaker"
