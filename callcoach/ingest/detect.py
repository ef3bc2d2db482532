"""Which format is this text? Decided from the content; the file extension only breaks ties."""

from __future__ import annotations

import re
from pathlib import PurePath

FORMATS = ("vtt", "srt", "json", "text", "markdown")

_WEBVTT = re.compile(r"WEBVTT(?:[ \t\n]|$)")
# "{" then a key or "}", or "[" then a JSON value; "[Alice] hi" and "[00:01] …" are text.
_JSON_START = re.compile(
    r"""(?:\{\s*(?:"|\})|\[\s*(?:[{\["\]]|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,\]]|true\b|false\b|null\b))"""
)
_TIMING = re.compile(
    r"^[ \t]*(?:(\d{1,3}):)?\d{1,2}:\d{2}(?:([.,])\d{1,3})?[ \t]*-->[ \t]*\S", re.MULTILINE
)
# The one table of transcript file suffixes: sniffing's tie-breaks and the folder scan
# (``files.find_transcripts``) both read it.
SUFFIXES: dict[str, str] = {
    ".vtt": "vtt",
    ".srt": "srt",
    ".json": "json",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}
_SNIFF_LINES = 8
_HINT_CHARS = 2000
# A bold label at the start of a line: **Name:** text, **Name**: text, **Name** `0:05`.
_MARKDOWN_LABEL = re.compile(
    r"^[ \t]*(?:[-*+>][ \t]*)?(?:\*\*[^*\n]{1,80}?(?:[:：]\*\*|\*\*[ \t]*(?:[:：`\[(·]|\d))"
    r"|__[^_\n]{1,80}?(?:[:：]__|__[ \t]*[:：]))",
    re.MULTILINE,
)
_MARKDOWN_HEAD_CHARS = 8000


def sniff(text: str, filename: str | None = None) -> str:
    """Return one of ``FORMATS`` for decoded ``text``.

    A BOM and leading blank lines are ignored. A ``WEBVTT`` first line means WebVTT; a JSON
    object or array means JSON; a cue timing line among the first lines means SRT, or WebVTT
    when its times use "." without hours (or the file is named ``.vtt``); anything else is
    plain text — or Markdown when the file is named ``.md`` or lines open with a bold label
    (``**Name:** text``) in its first 8,000 characters.

    >>> sniff("\\n\\n1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")
    'srt'
    """
    head = text.lstrip("\ufeff \t\r\n")
    if _WEBVTT.match(head):
        return "vtt"
    if _JSON_START.match(head):
        return "json"
    timing = _TIMING.search("\n".join(head.split("\n", _SNIFF_LINES)[:_SNIFF_LINES]))
    hinted = SUFFIXES.get(PurePath(filename).suffix.lower()) if filename else None
    if hinted in ("vtt", "srt") and (timing is not None or "-->" in head[:_HINT_CHARS]):
        return hinted
    if timing is None:
        if hinted == "markdown" or _MARKDOWN_LABEL.search(head[:_MARKDOWN_HEAD_CHARS]):
            return "markdown"
        return "text"
    hours, separator = timing.groups()
    return "vtt" if separator == "." and hours is None else "srt"
