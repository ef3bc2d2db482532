"""Run detectors over a call in dependency order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import Any

from callcoach.detectors import DetectionContext, Detector, Embedder, registry
from callcoach.errors import DetectorError
from callcoach.model import Call, Finding, RoleAssignment


def build(
    names: Iterable[str] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Detector]:
    """Detectors for ``names`` (all registered when None) plus what they require, sorted."""
    params = params or {}
    for name in params:
        registry.get(name)  # parameters for a detector that does not exist are a typo
    wanted = list(names) if names is not None else registry.names()
    graph: dict[str, set[str]] = {}
    queue = list(wanted)
    while queue:
        name = queue.pop()
        if name in graph:
            continue
        requires = set(registry.get(name).requires)
        graph[name] = requires
        queue.extend(requires)
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise DetectorError(f"detectors require each other in a cycle: {exc.args[1]}") from None
    return [registry.create(name, **dict(params.get(name, {}))) for name in order]


def run(
    call: Call,
    roles: RoleAssignment,
    detectors: Sequence[Detector],
    embedder: Embedder | None = None,
) -> dict[str, tuple[Finding, ...]]:
    """Findings per detector name. ``detectors`` must be in dependency order (see ``build``)."""
    if embedder is None and any(d.needs_embeddings for d in detectors):
        from callcoach.nlp.embeddings import default_embedder

        embedder = default_embedder()
    findings: dict[str, tuple[Finding, ...]] = {}
    for detector in detectors:
        missing = [r for r in detector.requires if r not in findings]
        if missing:
            raise DetectorError(f"{detector.name} needs {missing} to run first")
        context = DetectionContext(
            roles=roles,
            findings={r: findings[r] for r in detector.requires},
            embedder=embedder,
        )
        findings[detector.name] = tuple(detector.detect(call, context))
    return findings
