"""Analyse one transcript file with the options a user chose and its call-sheet entry.

``analyze``/``report``, ``import``, ``batch`` and the web app's uploads all start here, so a
manifest entry means the same everywhere: its date, title and speaker names go to ingest,
its reps and call type to the analysis, and anything given explicitly wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from callcoach.app.heap import end_start_up, start_up_open
from callcoach.app.options import AnalysisOptions

if TYPE_CHECKING:  # the CLI imports this before it knows it will analyse anything
    from callcoach.api import Analysis
    from callcoach.detectors import Embedder
    from callcoach.manifest import CallInfo
    from callcoach.model import Call, RoleAssignment
    from callcoach.report import AnalysisReport
    from callcoach.roles import SpeakerSummary

__all__ = [
    "Speakers",
    "analyze_call",
    "analyze_file",
    "analyze_text",
    "report_file",
    "report_of",
    "speakers_of",
]


def analyze_call(
    call: Call,
    options: AnalysisOptions,
    *,
    info: CallInfo | None = None,
    embedder: Embedder | None = None,
) -> Analysis:
    """Analyse a loaded call: the options' reps and call type, else the call sheet's."""
    from callcoach.api import analyze

    if start_up_open():  # the command line's first call: build its pipeline in the window
        from callcoach import pipeline

        pipeline.build(options.detectors)  # analyze builds it again (~0.1 ms: imports done)
        end_start_up()
    return analyze(
        call,
        rep=list(options.rep or (info.reps if info else ())) or None,
        roster=options.roster,
        detectors=options.detectors,
        min_confidence=options.min_confidence,
        embedder=embedder,
        rubric=options.rubric,
        call_type=options.call_type or (info.call_type if info else None),
    )


def analyze_file(
    file: Path,
    options: AnalysisOptions,
    *,
    info: CallInfo | None = None,
    embedder: Embedder | None = None,
) -> Analysis:
    """Load ``file`` and analyse it; raises the library's errors (IngestError, RoleError …).

    ``info`` is the file's call-sheet entry; without it, ``options.entry(file)`` is used.
    """
    _preload_model(options, embedder)
    from callcoach.ingest import load_call

    if info is None:
        info = options.entry(file)
    call = load_call(
        file,
        format=options.input_format,
        call_date=options.call_date or (info.date if info else None),
        title=info.title if info else None,
        speaker_names=info.speaker_labels if info else None,
    )
    return analyze_call(call, options, info=info, embedder=embedder)


def _preload_model(options: AnalysisOptions, embedder: Embedder | None) -> None:
    """Start loading the process-wide model now (all detectors run, so some embed): the load
    releases the GIL and overlaps the imports, ingest and rule-based detectors that come
    before the first vector is needed (``pipeline.run`` would start it only later)."""
    if embedder is None and options.detectors is None:
        from callcoach.nlp.embeddings import preload_default_embedder

        preload_default_embedder()


def analyze_text(
    data: bytes | str,
    source: str,
    options: AnalysisOptions,
    *,
    info: CallInfo | None = None,
    embedder: Embedder | None = None,
) -> Analysis:
    """Like ``analyze_file`` for a transcript held in memory (an upload) named ``source``
    (its file name: never opened, used in messages and to find its call-sheet entry)."""
    from callcoach.ingest import load_text

    if info is None:
        info = options.entry(Path(source))
    call = load_text(
        data,
        source=source,
        format=options.input_format,
        call_date=options.call_date or (info.date if info else None),
        title=info.title if info else None,
        speaker_names=info.speaker_labels if info else None,
    )
    return analyze_call(call, options, info=info, embedder=embedder)


def report_of(analysis: Analysis) -> AnalysisReport:
    """The report (the ``analyze --format json`` form) of an analysis."""
    from callcoach.report import build_report

    return build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )


def report_file(
    file: Path,
    options: AnalysisOptions,
    *,
    info: CallInfo | None = None,
    embedder: Embedder | None = None,
) -> tuple[Analysis, AnalysisReport]:
    """``analyze_file`` and the report of the result."""
    analysis = analyze_file(file, options, info=info, embedder=embedder)
    return analysis, report_of(analysis)


@dataclass(frozen=True, slots=True)
class Speakers:
    """Who speaks in a call and the roles ``analyze`` would use (``callcoach speakers``)."""

    call: Call
    roles: RoleAssignment
    speakers: tuple[SpeakerSummary, ...]


def speakers_of(
    file: Path, input_format: str | None = None, min_confidence: float = 0.6
) -> Speakers:
    """Load ``file`` and make the role decision ``analyze`` would make without ``--rep``
    (same confidence floor), without failing when it cannot decide."""
    from callcoach.ingest import load_call
    from callcoach.roles import resolve_roles, speaker_summaries

    call = load_call(file, format=input_format)
    roles = resolve_roles(call, min_confidence=min_confidence, required=False)
    return Speakers(call, roles, tuple(speaker_summaries(call, roles)))
