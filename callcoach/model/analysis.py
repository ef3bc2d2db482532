"""The result of analysing one call: what ``callcoach.analyze`` returns, reports are built of."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from callcoach.model.call import Call
from callcoach.model.finding import Finding, Metric
from callcoach.model.roles import RoleAssignment
from callcoach.model.scorecard import Scorecard


@dataclass(frozen=True)
class Analysis:
    """Everything callcoach observed in one call: the call, who was who, the conversation
    metrics, the findings per detector name and, when a rubric was applied, the scorecard."""

    call: Call
    roles: RoleAssignment
    metrics: tuple[Metric, ...]
    findings: Mapping[str, tuple[Finding, ...]] = field(default_factory=dict)
    scorecard: Scorecard | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "metrics", tuple(self.metrics))
        object.__setattr__(
            self, "findings", MappingProxyType({k: tuple(v) for k, v in self.findings.items()})
        )

    def metric(self, name: str) -> Metric:
        for metric in self.metrics:
            if metric.name == name:
                return metric
        raise KeyError(name)
