"""Markdown transcripts: ``**Name:** text`` paragraphs, Fathom exports, notes tools' pages.

The Markdown is taken apart line by line into what the plain-text parser reads (same line
numbers), which then finds speakers, times, paragraphs and trailing notes exactly as for a
``.txt`` file:

- ``# Title`` (the first heading above the first turn) → ``metadata["title"]``; every
  heading and rule (``---``) ends a paragraph, and one after the last turn starts notes
  that are left out with a warning (``## Analysis``, ``## Action items``).
- ``**Name:** text``, ``**Name**: text``, ``__Name:__ text`` → ``Name: text``.
- ``**Name** `00:01:02``` and ``**Name** [00:01:02](https://…)`` (Fathom) → a turn header
  ``Name 00:01:02``; the ``> text`` lines below it are the turn's text.
- ``> text`` (block quotes) → ``text``; a list bullet before a bold label is dropped.
- ``**Date:** …``/``Participants: …`` lines and YAML front matter above the first turn →
  metadata (see ``plaintext._HEADER_KEYS``).
"""

from __future__ import annotations

import re

from callcoach.ingest.base import ParsedTranscript
from callcoach.ingest.plaintext import parse_lines

__all__ = ["parse"]

_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT_OR_RULE = re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$|^[ \t]{0,3}=+[ \t]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+(?=\*\*|__)")
# **Name:** rest | **Name**: rest | **Name** rest — the label is at most 80 characters.
_BOLD_LABEL = re.compile(r"^(?:\*\*([^*\n]{1,80}?)\*\*|__([^_\n]{1,80}?)__)[ \t]*(.*)$")
# After a bold name: `00:01:02`, [00:01:02](link), (00:01:02), · 00:01:02, - 00:01:02.
_TIME_AFTER_NAME = re.compile(
    r"^(?:[·•|–—-][ \t]*)?[`\[(]?[ \t]*((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[ \t]*[`\])]?"
    r"(?:\([^)\s]{0,2000}\))?[ \t]*$"
)
_HTML_COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
_FRONT_MATTER_MAX_LINES = 60


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse a Markdown transcript; ``IngestError`` only when there is no text at all.

    >>> parsed = parse("# Renewal\\n\\n**Ana:** Hi Tom.\\n\\n**Tom:** Hi.", source="x")
    >>> [(s.speaker, s.text) for s in parsed.segments], parsed.metadata["title"]
    ([('Ana', 'Hi Tom.'), ('Tom', 'Hi.')], 'Renewal')
    """
    lines = text.split("\n")
    metadata: dict[str, str] = {}
    breaks: dict[int, str] = {}
    out = list(lines)
    _front_matter(out, metadata)
    in_fence = False
    for index, line in enumerate(out):
        if _FENCE.match(line):
            in_fence = not in_fence
            out[index] = ""
            continue
        if in_fence or not line.strip():
            continue
        out[index] = _line(index, line, metadata, breaks)
    return parse_lines(out, source=source, metadata=metadata, section_breaks=breaks)


def _line(index: int, line: str, metadata: dict[str, str], breaks: dict[int, str]) -> str:
    heading = _HEADING.match(line)
    if heading is not None:
        title = heading.group(2).strip("*_ \t")
        if heading.group(1) == "#" and "title" not in metadata and not breaks and title:
            metadata["title"] = title
        breaks[index + 1] = title or line.strip()
        return ""
    if _SETEXT_OR_RULE.match(line) or _HTML_COMMENT.match(line):
        breaks[index + 1] = line.strip()
        return ""
    quote = _QUOTE.match(line)
    if quote is not None:
        line = line[quote.end() :]
    line = _BULLET.sub("", line, count=1)
    if line.startswith(("**", "__")):
        return _bold_label(line)
    return line


def _bold_label(line: str) -> str:
    """``**Name:** text`` → ``Name: text``; ``**Name** `0:05``` → ``Name 0:05``."""
    match = _BOLD_LABEL.match(line)
    if match is None:
        return line
    label, rest = (match.group(1) or match.group(2)).strip(), match.group(3)
    if label.endswith((":", "：")):
        return f"{label} {rest}".rstrip()
    if rest.startswith((":", "：")):
        return f"{label}{rest}"
    timed = _TIME_AFTER_NAME.match(rest)
    if timed is not None:
        return f"{label} {timed.group(1)}"
    if not rest:
        return label  # "**Name**" alone: a header if a timestamp follows, else plain text
    return line


def _front_matter(lines: list[str], metadata: dict[str, str]) -> None:
    """YAML front matter (``---`` … ``---`` at the top): simple ``key: value`` pairs."""
    if not lines or lines[0].strip() != "---":
        return
    for end in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return
    for index in range(1, end):
        key, colon, value = lines[index].partition(":")
        value = value.strip().strip("\"'")
        if colon and key.strip() and value and not key.startswith((" ", "\t", "-")):
            metadata.setdefault(key.strip().casefold().replace(" ", "_"), value)
    for index in range(end + 1):
        lines[index] = ""
