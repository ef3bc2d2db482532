"""Which files to read: the paths given, and the transcripts in folders among them.

A folder scan also says what it left out and why (an ``.mp3``, a ``.docx``, a README), so a
call is never skipped without a word; hidden and ``_private`` names are left out silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from callcoach.errors import IngestError
from callcoach.ingest import registry

AUDIO_SUFFIXES = frozenset(
    {".mp3", ".wav", ".m4a", ".aac", ".flac", ".ogg", ".oga", ".opus", ".wma", ".aif", ".aiff",
     ".amr", ".3gp", ".caf", ".webm", ".mp4", ".m4v", ".mov", ".mkv", ".avi", ".wmv", ".mpg",
     ".mpeg"}
)  # fmt: skip
DOCUMENT_SUFFIXES = frozenset(
    {".docx", ".doc", ".pdf", ".rtf", ".odt", ".pages", ".html", ".htm", ".xlsx", ".xls"}
)
# Documentation that sits beside transcripts in a folder: read only when named explicitly.
_DOC_STEMS = frozenset(
    {"readme", "changelog", "changes", "history", "contributing", "license", "licence",
     "notice", "authors", "security", "code_of_conduct", "todo", "install"}
)  # fmt: skip

AUDIO_HINT = (
    "callcoach reads transcripts; transcribe it first (Zoom/Teams captions, Otter, or "
    "Whisper → .json/.vtt); reading audio directly (an 'asr' extra) is not available yet"
)
DOCUMENT_HINT = "export or save the transcript as .txt, .vtt, .srt or .md and give that file"


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file a folder scan left out, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class TranscriptScan:
    """What ``scan_transcripts`` found: the files to read and the ones it left out."""

    files: tuple[Path, ...]
    skipped: tuple[SkippedFile, ...] = ()

    def skipped_lines(self, shown: int = 5) -> list[str]:
        """One line per reason: ``skipped a.mp3, b.wav — audio or video: …``."""
        return summarize_skipped(self.skipped, shown)


def scan_transcripts(paths: Sequence[Path], recursive: bool = False) -> TranscriptScan:
    """Files given as they are, plus the transcript files in folders (in subfolders too when
    ``recursive``), skipping hidden and ``_private`` names; duplicates once, in order.

    Raises ``IngestError`` for a path that does not exist or a folder without transcripts
    (naming what it skipped there).
    """
    files: list[Path] = []
    skipped: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            found, left_out = _scan_folder(path, recursive)
            if not found:
                reasons = "; ".join(summarize_skipped(left_out))
                raise IngestError(
                    path,
                    f"no transcript files ({', '.join(registry.suffixes())})"
                    + (f"; {reasons}" if reasons else ""),
                )
            files.extend(found)
            skipped.extend(left_out)
        elif path.exists():
            files.append(path)
        else:
            raise IngestError(path, "no such file or folder")
    return TranscriptScan(tuple(dict.fromkeys(files)), tuple(skipped))


def find_transcripts(paths: Sequence[Path], recursive: bool = False) -> list[Path]:
    """The files of ``scan_transcripts`` (what it skipped is not reported)."""
    return list(scan_transcripts(paths, recursive).files)


def skip_reason(path: Path) -> str | None:
    """Why a folder scan leaves ``path`` out; None when it is a transcript file to read.

    The transcript suffixes are those of the registered formats (``registry.suffixes()``),
    so a file read on its own is also found in a folder.

    >>> skip_reason(Path("calls/acme.md")) is None, skip_reason(Path("calls/README.md"))
    (True, 'documentation, not a call (give it by name to read it anyway)')
    """
    suffix = path.suffix.lower()
    if suffix in AUDIO_SUFFIXES:
        return f"audio or video: {AUDIO_HINT}"
    if suffix in DOCUMENT_SUFFIXES:
        return f"{suffix.lstrip('.').upper()} file, which callcoach cannot read: {DOCUMENT_HINT}"
    if registry.by_suffix(suffix) is None:
        return f"not a transcript file ({', '.join(registry.suffixes())})"
    if path.stem.lower().replace("-", "_") in _DOC_STEMS:
        return "documentation, not a call (give it by name to read it anyway)"
    return None


def summarize_skipped(skipped: Iterable[SkippedFile], shown: int = 5) -> list[str]:
    by_reason: dict[str, list[Path]] = {}
    for item in skipped:
        by_reason.setdefault(item.reason, []).append(item.path)
    lines = []
    for reason, paths in by_reason.items():
        names = ", ".join(p.name for p in paths[:shown])
        more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
        lines.append(f"skipped {names}{more} — {reason}")
    return lines


def _scan_folder(folder: Path, recursive: bool) -> tuple[list[Path], list[SkippedFile]]:
    candidates = folder.rglob("*") if recursive else folder.iterdir()
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    for path in sorted(candidates):
        if any(part.startswith((".", "_")) for part in path.relative_to(folder).parts):
            continue
        if not path.is_file():
            continue
        reason = skip_reason(path)
        if reason is None:
            found.append(path)
        else:
            skipped.append(SkippedFile(path, reason))
    return found, skipped
