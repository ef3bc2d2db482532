"""A call sheet: per transcript file, what the file itself doesn't say.

Transcripts from ASR vendors name speakers ``SPEAKER_00``; exports rarely carry the date or
the kind of call. A manifest (YAML) fills that in::

    calls:
      - file: 06-meridian-discovery-friend.deepgram.json
        date: 2026-10-14
        call_type: discovery
        reps: [Kelsey Moran]
        speaker_labels: {"Speaker 0": Kelsey Moran, "Speaker 1": Omar Haddad}

Other keys (style, company, description, …) are allowed and ignored.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from callcoach.errors import ManifestError


class CallInfo(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    file: str = Field(description="File name (or a path relative to the manifest).")
    date: dt.date | None = None
    call_type: str | None = None
    title: str | None = None
    reps: tuple[str, ...] = ()
    speaker_labels: dict[str, str] = Field(default_factory=dict)


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    calls: tuple[CallInfo, ...]

    def for_file(self, path: Path) -> CallInfo | None:
        """The entry whose ``file`` is this path's name (or its tail, e.g. ``calls/a.vtt``)."""
        text = path.as_posix()
        for info in self.calls:
            if path.name == info.file or text.endswith("/" + info.file.lstrip("./")):
                return info
        return None


def load_manifest(path: Path) -> Manifest:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read manifest: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ManifestError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if isinstance(data, list):
        data = {"calls": data}
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ManifestError(f"{path}: invalid manifest: {problems}") from None
