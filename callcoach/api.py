"""The high-level entry point: a call in, metrics and findings with evidence out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from callcoach import pipeline
from callcoach.detectors import Embedder
from callcoach.metrics import compute_metrics
from callcoach.model import Call, RoleAssignment
from callcoach.model.analysis import Analysis
from callcoach.roles import resolve_roles
from callcoach.roster import Roster
from callcoach.scoring import Rubric, load_rubric, score_call

__all__ = ["Analysis", "analyze"]


def analyze(
    call: Call,
    *,
    rep: str | Sequence[str] | None = None,
    roster: Roster | None = None,
    roles: RoleAssignment | None = None,
    detectors: Iterable[str] | None = None,
    detector_params: Mapping[str, Mapping[str, Any]] | None = None,
    min_confidence: float = 0.6,
    embedder: Embedder | None = None,
    rubric: Rubric | str | None = None,
    call_type: str | None = None,
) -> Analysis:
    """Resolve roles, run the detectors and compute the conversation metrics.

    ``detectors`` names registered detectors (all of them when None). Raises ``RoleError``
    when the rep cannot be told apart with ``min_confidence`` and no ``rep``/``roster`` is given.
    With a ``rubric`` (a built-in name such as ``"expert-not-friend"``, a YAML path or a
    ``Rubric``) the analysis carries a scorecard; ``call_type`` is guessed when None.
    """
    if roles is None:
        # A transcript without speaker labels is still worth analysing: role metrics then
        # say "unavailable" with the reason. With labels, unsure roles stop and ask for --rep.
        roles = resolve_roles(
            call,
            rep=rep,
            roster=roster,
            min_confidence=min_confidence,
            required=call.has_speakers,
        )
    chain = pipeline.build(detectors, detector_params)
    findings = pipeline.run(call, roles, chain, embedder=embedder)
    metrics = compute_metrics(call, roles, findings)
    scorecard = None
    if rubric is not None:
        spec = load_rubric(rubric) if isinstance(rubric, str) else rubric
        scorecard = score_call(spec, call, roles, metrics, findings, call_type=call_type)
    return Analysis(call, roles, metrics, findings, scorecard)
