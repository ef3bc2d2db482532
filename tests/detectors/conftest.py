"""Shared fixtures for detector tests.

``make_call([("Rep", "How many reps do you have?"), ("Prospect", "About forty.")])`` builds
a Call with one utterance per pair (ids ``u0000``, ``u0001``, …; ``timestamps=True`` adds
5-second slots). ``make_context(call, rep="Rep", findings=None)`` gives a DetectionContext
in which ``rep`` (a name or a list of names) is the rep and every other speaker a prospect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach import testing
from callcoach.detectors import DetectionContext
from callcoach.model import Call, Finding, Role, RoleAssignment

MakeCall = Callable[..., Call]
MakeContext = Callable[..., DetectionContext]


def build_call(lines: Sequence[tuple[str, str]], timestamps: bool = False) -> Call:
    """A Call with one utterance per (speaker, text) pair (5-second slots when timed)."""
    return testing.make_call(lines, timestamps, call_id="test-call", slot=5.0, speaking=4.5)


def precision_recall(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float]:
    """Precision and recall of per-row yes/no predictions (0 when nothing was predicted)."""
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def build_context(
    call: Call,
    rep: str | Sequence[str] = "Rep",
    findings: Mapping[str, Sequence[Finding]] | None = None,
) -> DetectionContext:
    """A context where ``rep`` is the rep and every other speaker of ``call`` a prospect."""
    reps = {rep} if isinstance(rep, str) else set(rep)
    roles: dict[str, Role] = {
        s.name: "rep" if s.name in reps else "prospect" for s in call.speakers
    }
    return DetectionContext(
        roles=RoleAssignment(roles=roles, confidence=1.0, method="explicit"),
        findings={name: tuple(found) for name, found in (findings or {}).items()},
    )


@pytest.fixture
def make_call() -> MakeCall:
    return build_call


@pytest.fixture
def make_context() -> MakeContext:
    return build_context


class Zero:
    """Every text is the zero vector; records what it was asked to embed."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        self.asked += list(texts)
        return np.zeros((len(texts), 384), dtype=np.float32)
