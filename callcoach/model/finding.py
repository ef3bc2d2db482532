"""What detectors and metrics produce: always with evidence pointing back at the transcript."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from callcoach.model.call import Utterance


def _freeze(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Evidence:
    """A quote from one utterance: who said it, when, and where in the text."""

    utterance_id: str
    speaker: str | None
    start: float | None
    end: float | None
    quote: str
    char_start: int = 0
    char_end: int | None = None
    line: int | None = None

    @classmethod
    def of(
        cls,
        utterance: Utterance,
        char_start: int = 0,
        char_end: int | None = None,
        max_chars: int = 240,
    ) -> Evidence:
        """Evidence for ``utterance.text[char_start:char_end]``, shortened to ``max_chars``."""
        end = len(utterance.text) if char_end is None else char_end
        quote = utterance.text[char_start:end].strip()
        if len(quote) > max_chars:
            quote = quote[: max_chars - 1].rstrip() + "…"
        return cls(
            utterance_id=utterance.id,
            speaker=utterance.speaker,
            start=utterance.start,
            end=utterance.end,
            quote=quote,
            char_start=char_start,
            char_end=end,
            line=utterance.line,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation by one detector, reproducible from its name, version and params."""

    detector: str
    version: str
    label: str
    confidence: float
    evidence: tuple[Evidence, ...]
    params: Mapping[str, Any] = field(default_factory=dict)
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _freeze(self.params))
        object.__setattr__(self, "attributes", _freeze(self.attributes))

    @property
    def utterance_ids(self) -> tuple[str, ...]:
        return tuple(e.utterance_id for e in self.evidence)


@dataclass(frozen=True, slots=True)
class Metric:
    """A conversation metric. ``value`` is None when unavailable, and ``reason`` then says why."""

    name: str
    value: float | None
    unit: str
    description: str
    reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", _freeze(self.details))
        if self.value is None and not self.reason:
            raise ValueError(f"metric {self.name!r} has no value and no reason")

    @property
    def available(self) -> bool:
        return self.value is not None
