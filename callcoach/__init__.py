"""callcoach: local-first, evidence-backed coaching from recorded sales conversations.

>>> import callcoach
>>> call = callcoach.load_call("examples/01-northwind-discovery-expert.vtt")
>>> analysis = callcoach.analyze(call, rep="Dana Whitfield", detectors=["question", "next_step"])
>>> analysis.roles.role_of("Mark Chen")
'prospect'
>>> step = analysis.findings["next_step"][0]  # a finding: label, evidence, detector stamp
>>> step.detector, call.utterance(step.evidence[0].utterance_id).speaker
('next_step', 'Dana Whitfield')

The public API is this module's ``__all__``; everything else may change between versions.
Heavy pieces (onnxruntime, scikit-learn) load on first use, so importing stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# First, so that the patterns the modules below compile as they are imported come from the
# cache of an earlier process (callcoach.nlp.regex_cache; a no-op when there is none).
from callcoach.nlp.regex_cache import prime_module_patterns

prime_module_patterns()

from callcoach.errors import (  # noqa: E402
    CallcoachError,
    DetectorError,
    EvalError,
    IngestError,
    RoleError,
    RubricError,
    StorageError,
)
from callcoach.ingest import load_call, load_text  # noqa: E402
from callcoach.model import (  # noqa: E402
    Analysis,
    Call,
    Evidence,
    Finding,
    Metric,
    RoleAssignment,
    Segment,
    Speaker,
    Utterance,
)

if TYPE_CHECKING:
    from callcoach.api import analyze

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Call",
    "CallcoachError",
    "DetectorError",
    "EvalError",
    "Evidence",
    "Finding",
    "IngestError",
    "Metric",
    "RoleAssignment",
    "RoleError",
    "RubricError",
    "Segment",
    "Speaker",
    "StorageError",
    "Utterance",
    "__version__",
    "analyze",
    "load_call",
    "load_text",
]


def __getattr__(name: str) -> Any:
    # analyze() pulls in detectors and metrics; keep ``import callcoach`` light.
    if name == "analyze":
        from callcoach import api

        return getattr(api, name)
    raise AttributeError(f"module 'callcoach' has no attribute {name!r}")
