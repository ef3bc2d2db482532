"""The detector contract (borrowed from spaCy components and scikit-learn estimators).

A detector stores its constructor parameters and does no work in ``__init__``;
``detect`` is a pure, deterministic function of the call, the roles, and the findings
of the detectors named in ``requires``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, Protocol

import numpy as np
from numpy.typing import NDArray

from callcoach.model import Call, Evidence, Finding, RoleAssignment, Utterance


class Embedder(Protocol):
    """Sentence embeddings: one L2-normalised float32 row per text."""

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]: ...


@dataclass(frozen=True)
class DetectionContext:
    roles: RoleAssignment
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    embedder: Embedder | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "findings", MappingProxyType(dict(self.findings)))

    def of(self, detector: str) -> tuple[Finding, ...]:
        """Findings of a required detector (empty when it found nothing)."""
        return self.findings.get(detector, ())


class Detector(ABC):
    name: ClassVar[str]
    version: ClassVar[str]
    description: ClassVar[str] = ""
    requires: ClassVar[tuple[str, ...]] = ()
    needs_embeddings: ClassVar[bool] = False

    def __init__(self, **params: Any) -> None:
        defaults = self.default_params()
        unknown = set(params) - set(defaults)
        if unknown:
            raise TypeError(f"{self.name}: unknown parameter(s) {sorted(unknown)}")
        self._params: dict[str, Any] = {**defaults, **params}

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {}

    def get_params(self) -> dict[str, Any]:
        return dict(self._params)

    @property
    def params(self) -> Mapping[str, Any]:
        return MappingProxyType(self._params)

    @abstractmethod
    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        """Return findings for ``call``; never mutate anything."""

    def embedding_texts(self, call: Call, context: DetectionContext) -> Sequence[str]:
        """Texts ``detect`` will embed for ``call`` (default: none announced).

        ``pipeline.run`` collects them from every embedding detector before running any,
        so one pass of the model serves them all; a text not announced here is still
        embedded when ``detect`` asks for it, only in a pass of its own.
        """
        return ()

    def finding(
        self,
        label: str,
        evidence: Sequence[Evidence],
        confidence: float = 1.0,
        **attributes: Any,
    ) -> Finding:
        """A ``Finding`` stamped with this detector's name, version and params."""
        return Finding(
            detector=self.name,
            version=self.version,
            label=label,
            confidence=round(float(confidence), 4),
            evidence=tuple(evidence),
            params=self._params,
            attributes=attributes,
        )

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in sorted(self._params.items()))
        return f"{type(self).__name__}({args})"


def role_utterances(call: Call, roles: RoleAssignment, role: str) -> list[Utterance]:
    """Utterances spoken by a speaker with ``role`` ("rep" or "prospect")."""
    return [u for u in call.utterances if roles.role_of(u.speaker) == role]
