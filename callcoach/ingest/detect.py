"""Which format is this text? Decided from the content; the file extension only breaks ties."""

from __future__ import annotations

import re
from pathlib import PurePath

FORMATS = ("vtt", "srt", "json", "text")

_SRT_TIMING = re.compile(
    r"^\s*\d{1,2}:\d{2}:\d{2}(?:[,.]\d{1,3})?\s*-->\s*\d{1,2}:\d{2}:\d{2}", re.MULTILINE
)
_EXTENSIONS = {".vtt": "vtt", ".srt": "srt", ".json": "json", ".txt": "text", ".md": "text"}


def sniff(text: str, filename: str | None = None) -> str:
    """Return one of ``FORMATS`` for ``text`` (already decoded, BOM stripped)."""
    head = text.lstrip("\ufeff \t\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head[:1] in "{[":
        return "json"
    first_lines = "\n".join(head.split("\n", 6)[:6])
    if _SRT_TIMING.search(first_lines):
        return "srt"
    if filename is not None:
        hinted = _EXTENSIONS.get(PurePath(filename).suffix.lower())
        if hinted in ("vtt", "srt") and "-->" in head[:2000]:
            return hinted
    return "text"
