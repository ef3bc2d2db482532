"""callcoach: local-first, evidence-backed coaching from recorded sales conversations.

>>> import callcoach
>>> call = callcoach.load_call("examples/01-northwind-discovery-expert.vtt")  # doctest: +SKIP
>>> analysis = callcoach.analyze(call, rep="Dana Whitfield")  # doctest: +SKIP

The public API is this module's ``__all__``; everything else may change between versions.
Heavy pieces (onnxruntime, scikit-learn) load on first use, so importing stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callcoach.errors import (
    CallcoachError,
    DetectorError,
    EvalError,
    IngestError,
    RoleError,
    RubricError,
    StorageError,
)
from callcoach.ingest import load_call, load_text
from callcoach.model import (
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
