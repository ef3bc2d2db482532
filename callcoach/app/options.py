"""How calls are analysed: one options object for ``analyze``, ``import`` and ``batch``.

The command line and the web app resolve what the user gave (a rubric name, a roster file,
a call sheet) once, into an ``AnalysisOptions``; every use case and every batch worker
reads the same object, so a call is analysed the same way whichever door it came in by.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from callcoach.errors import RubricError, UsageError

if TYPE_CHECKING:  # the CLI imports this before it knows it will analyse anything
    from callcoach.manifest import CallInfo, Manifest
    from callcoach.roster import Roster
    from callcoach.scoring import Rubric

__all__ = ["AnalysisOptions", "detector_names", "resolve_rubric"]


@dataclass(frozen=True, slots=True)
class AnalysisOptions:
    """What to analyse a call with, and how the analysing process embeds sentences.

    ``rep`` names the rep(s) as in the transcript (AE + SE); a manifest entry's reps are
    used for a call when ``rep`` is empty, its call type when ``call_type`` is None and its
    date when ``call_date`` is None: what the command line says wins.
    """

    rep: tuple[str, ...] = ()
    roster: Roster | None = None
    rubric: Rubric | None = None
    detectors: tuple[str, ...] | None = None
    min_confidence: float = 0.6
    call_type: str | None = None
    manifest: Manifest | None = None
    input_format: str | None = None
    call_date: date | None = None
    # Where sentence vectors are cached (SQLite; None: no cache).
    embedding_cache: Path | None = None
    # onnxruntime threads per worker; None = the cores divided among the workers.
    threads: int | None = None

    def entry(self, file: Path) -> CallInfo | None:
        """The call sheet's entry for ``file``, if there is a call sheet and it lists it."""
        return self.manifest.for_file(file) if self.manifest is not None else None


def resolve_rubric(name: str | Path | None, call_type: str | None = None) -> Rubric | None:
    """The rubric a user named (built-in name or YAML file), loaded once, with ``call_type``
    checked against it. Raises ``UsageError`` for an unknown or invalid rubric, a call type
    the rubric does not know, or a call type without a rubric."""
    if name is None:
        if call_type is not None:
            raise UsageError("--call-type needs --rubric")
        return None
    from callcoach.scoring import load_rubric

    try:
        loaded = load_rubric(name)
    except RubricError as exc:  # a rubric that does not exist or does not parse: bad argument
        raise UsageError(f"--rubric: {exc}") from None
    if call_type is not None and call_type not in loaded.call_types:
        known = ", ".join(loaded.call_types)
        raise UsageError(f"--call-type {call_type!r}: rubric {loaded.id!r} knows {known}")
    return loaded


def detector_names(text: str | None) -> tuple[str, ...] | None:
    """``"question, stall"`` → ``("question", "stall")``; None means every detector."""
    if text is None:
        return None
    return tuple(n.strip() for n in text.split(",") if n.strip())
