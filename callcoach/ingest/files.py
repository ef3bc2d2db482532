"""Which files to read: the paths given, and the transcripts in folders among them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from callcoach.errors import IngestError
from callcoach.ingest.detect import SUFFIXES

TRANSCRIPT_SUFFIXES = tuple(SUFFIXES)


def find_transcripts(paths: Sequence[Path], recursive: bool = False) -> list[Path]:
    """Files given as they are, plus the transcript files in folders (in subfolders too when
    ``recursive``), skipping hidden and ``_private`` names; duplicates once, in order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            candidates = path.rglob("*") if recursive else path.iterdir()
            found = sorted(
                p
                for p in candidates
                if p.is_file()
                and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
            )
            if not found:
                raise IngestError(path, f"no transcript files ({', '.join(TRANSCRIPT_SUFFIXES)})")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise IngestError(path, "no such file or folder")
    return list(dict.fromkeys(files))
