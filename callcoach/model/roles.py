"""Who is the rep and who is the prospect, with how sure we are and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

Role = Literal["rep", "prospect", "unknown"]


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    """Roles per speaker name. ``method`` is "explicit", "roster", "heuristic" or "none"."""

    roles: Mapping[str, Role]
    confidence: float
    method: str
    reasons: tuple[str, ...] = ()
    unavailable_reason: str | None = None
    speaker_scores: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", MappingProxyType(dict(self.roles)))
        object.__setattr__(self, "speaker_scores", MappingProxyType(dict(self.speaker_scores)))

    @property
    def reps(self) -> tuple[str, ...]:
        return tuple(name for name, role in self.roles.items() if role == "rep")

    @property
    def prospects(self) -> tuple[str, ...]:
        return tuple(name for name, role in self.roles.items() if role == "prospect")

    @property
    def available(self) -> bool:
        return bool(self.reps) and bool(self.prospects)

    def role_of(self, speaker: str | None) -> Role:
        if speaker is None:
            return "unknown"
        return self.roles.get(speaker, "unknown")
