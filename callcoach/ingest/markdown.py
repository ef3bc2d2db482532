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
from collections import Counter

from callcoach.ingest._text_labels import looks_like_speaker, opening
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
# *Name:* text (italic, the colon inside): a label; "*laughs*" has no colon and stays text.
_ITALIC_LABEL = re.compile(r"^(?:\*([^*\n]{1,80}?[:：])\*|_([^_\n]{1,80}?[:：])_)[ \t]*(.*)$")
# After a bold name: `00:01:02`, [00:01:02](link), (00:01:02), · 00:01:02, - 00:01:02.
_TIME_AFTER_NAME = re.compile(
    r"^(?:[·•|–—-][ \t]*)?[`\[(]?[ \t]*((?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)[ \t]*[`\])]?"
    r"(?:\([^)\s]{0,2000}\))?[ \t]*$"
)
_HTML_COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
_FRONT_MATTER_MAX_LINES = 60
# Lines starting with anything else are plain text to the Markdown layer.
_SPECIAL_FIRST = frozenset("#-*_=<>+0123456789")


def parse(text: str, *, source: str) -> ParsedTranscript:
    """Parse a Markdown transcript; ``IngestError`` only when there is no text at all.

    >>> parsed = parse("# Renewal\\n\\n**Ana:** Hi Tom.\\n\\n**Tom:** Hi.", source="x")
    >>> [(s.speaker, s.text) for s in parsed.segments], parsed.metadata["title"]
    ([('Ana', 'Hi Tom.'), ('Tom', 'Hi.')], 'Renewal')
    """
    lines = text.split("\n")
    metadata: dict[str, str] = {}
    breaks: dict[int, str] = {}
    strong: set[int] = set()
    out = list(lines)
    _front_matter(out, metadata)
    headings = Counter(
        _heading_title(match)
        for line in out
        if line.lstrip()[:1] == "#" and (match := _HEADING.match(line)) is not None
    )
    speaker_headings = {
        title for title, count in headings.items() if count > 1 and looks_like_speaker(title)
    }
    in_fence = False
    for index, line in enumerate(out):
        first = line.lstrip()[:1]
        if first in "`~" and _FENCE.match(line):
            in_fence = not in_fence
            out[index] = ""
            continue
        if in_fence or not first or first not in _SPECIAL_FIRST:
            continue  # plain text: no Markdown to take apart
        out[index], is_label = _line(index, line, first, metadata, breaks, speaker_headings)
        if is_label:
            strong.add(index + 1)
    return parse_lines(
        out,
        source=source,
        metadata=metadata,
        section_breaks=breaks,
        strong_lines=frozenset(strong),
    )


def _line(
    index: int,
    line: str,
    first: str,
    metadata: dict[str, str],
    breaks: dict[int, str],
    speaker_headings: set[str],
) -> tuple[str, bool]:
    """The line as plain text, and whether it opens with a bold label (or speaker heading)."""
    heading = _HEADING.match(line) if first == "#" else None
    if heading is not None:
        title = _heading_title(heading)
        if title in speaker_headings:
            return f"{title}:", True  # "## Ana Ruiz" over each turn
        found = opening(title) if len(heading.group(1)) > 1 else None
        if found is not None and found.name and found.start is not None and not found.text:
            return title, True  # "## Ana Ruiz (00:01:02)" over each turn
        if heading.group(1) == "#" and "title" not in metadata and not breaks and title:
            metadata["title"] = title
        breaks[index + 1] = title or line.strip()
        return "", False
    if (first in "-*_=" and _SETEXT_OR_RULE.match(line)) or (
        first == "<" and _HTML_COMMENT.match(line)
    ):
        breaks[index + 1] = line.strip()
        return "", False
    if first == ">":
        quote = _QUOTE.match(line)
        if quote is not None:
            line = line[quote.end() :]
    if line.lstrip()[:1] in "-*+0123456789":
        line = _BULLET.sub("", line, count=1)
    if line.startswith(("**", "__")):
        converted = _bold_label(line)
        return converted, converted is not line
    if line.startswith(("*", "_")):
        italic = _ITALIC_LABEL.match(line)
        if italic is not None:
            label = italic.group(1) or italic.group(2)
            return f"{label} {italic.group(3)}".rstrip(), True
    return line, False


def _heading_title(match: re.Match[str]) -> str:
    return match.group(2).strip("*_ \t")


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
