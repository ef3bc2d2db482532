"""Markdown: ``**Name:** text`` paragraphs, Fathom exports, notes tools' pages (parser:
``ingest/markdown.py``)."""

from __future__ import annotations

import re

from callcoach.ingest.registry import TranscriptFormat, lazy_parser, register

# A bold label at the start of a line: **Name:** text, **Name**: text, **Name** `0:05`.
_LABEL = re.compile(
    r"^[ \t]*(?:[-*+>][ \t]*)?(?:\*\*[^*\n]{1,80}?(?:[:：]\*\*|\*\*[ \t]*(?:[:：`\[(·]|\d))"
    r"|__[^_\n]{1,80}?(?:[:：]__|__[ \t]*[:：]))",
    re.MULTILINE,
)
_HEAD_CHARS = 8000


def sniff(head: str, named: bool) -> float:
    """A ``.md`` name or a bold speaker label in the first 8,000 characters; cue timings
    (SRT, WebVTT) outbid it."""
    return 0.2 if named or _LABEL.search(head[:_HEAD_CHARS]) else 0.0


FORMAT = register(
    TranscriptFormat(
        name="markdown",
        description="Markdown: '**Name:** text' paragraphs, Fathom and notes-tool exports",
        suffixes=(".md", ".markdown"),
        aliases=("md",),
        sniff=sniff,
        parse=lazy_parser("callcoach.ingest.markdown"),
        example=(
            "# Discovery call\n\n"
            "**Dana:** Thanks for joining. What made you look at this now?\n\n"
            "**Sam:** Our month-end close takes nine days.\n"
        ),
        rank=50,
    )
)
