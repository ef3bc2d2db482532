"""Analyse one transcript file, with what a call sheet (manifest) says about it.

The CLI's ``analyze``/``report`` and ``batch`` workers both start here, so a manifest entry
means the same everywhere: its date, title and speaker names go to ingest, its reps and
call type to the analysis, and anything given on the command line wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this before it knows it will analyse anything
    from callcoach.api import Analysis
    from callcoach.detectors import Embedder
    from callcoach.manifest import CallInfo
    from callcoach.roster import Roster
    from callcoach.scoring import Rubric

__all__ = ["analyze_file"]


def analyze_file(
    file: Path,
    *,
    info: CallInfo | None = None,
    rep: Sequence[str] = (),
    roster: Roster | None = None,
    detectors: Sequence[str] | None = None,
    min_confidence: float = 0.6,
    rubric: Rubric | None = None,
    call_type: str | None = None,
    call_date: date | None = None,
    input_format: str | None = None,
    embedder: Embedder | None = None,
) -> Analysis:
    """Load ``file`` and analyse it; raises the library's errors (IngestError, RoleError …)."""
    from callcoach.api import analyze
    from callcoach.ingest import load_call

    call = load_call(
        file,
        format=input_format,
        call_date=call_date or (info.date if info else None),
        title=info.title if info else None,
        speaker_names=info.speaker_labels if info else None,
    )
    return analyze(
        call,
        rep=list(rep or (info.reps if info else ())) or None,
        roster=roster,
        detectors=detectors,
        min_confidence=min_confidence,
        embedder=embedder,
        rubric=rubric,
        call_type=call_type or (info.call_type if info else None),
    )
