"""Which format is this text? Decided from the content; the file extension only breaks ties.

Every registered format (``callcoach.ingest.registry``) scores the text with its own sniffer
and the highest score wins; nothing here lists formats.
"""

from __future__ import annotations

from pathlib import PurePath

from callcoach.ingest import registry

# The built-in formats, in the order lists and messages use. A format registered later (a
# plug-in, a test) is read all the same; ``registry.names()`` lists every one.
FORMATS: tuple[str, ...] = registry.names()


def sniff(text: str, filename: str | None = None) -> str:
    """Return the name of the format of decoded ``text``.

    A BOM and leading blank lines are ignored. A ``WEBVTT`` first line means WebVTT; a JSON
    object or array means JSON; a cue timing line among the first lines means SRT, or WebVTT
    when its times use "." without hours (or the file is named ``.vtt``); anything else is
    plain text — or Markdown when the file is named ``.md`` or lines open with a bold label
    (``**Name:** text``) in its first 8,000 characters.

    >>> sniff("\\n\\n1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")
    'srt'
    >>> sniff("00:01.000 --> 00:02.000\\nHi\\n", "call.srt")
    'srt'
    >>> sniff("Dana: Hi there\\n"), sniff("Dana: Hi there\\n", "notes.md")
    ('text', 'markdown')
    """
    head = text.lstrip("\ufeff \t\r\n")
    suffix = PurePath(filename).suffix.lower() if filename else ""
    best, best_score = "text", 0.0
    for fmt in registry.formats():
        score = fmt.sniff(head, suffix in fmt.suffixes)
        if score > best_score:
            best, best_score = fmt.name, score
    return best
