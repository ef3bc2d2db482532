"""Plain text: ``Name: text`` lines, timestamped variants, Otter-style headers (parser:
``ingest/plaintext.py``)."""

from __future__ import annotations

from callcoach.ingest.registry import TranscriptFormat, lazy_parser, register


def sniff(head: str, named: bool) -> float:
    """Anything can be read as plain text: the fallback when no other format claims a file."""
    return 0.1


FORMAT = register(
    TranscriptFormat(
        name="text",
        description="plain text: 'Name: text', '[00:01] Name: text', Otter/Zoom headers",
        suffixes=(".txt",),
        aliases=("txt", "plain", "plaintext"),
        sniff=sniff,
        parse=lazy_parser("callcoach.ingest.plaintext"),
        example=(
            "Dana: Thanks for joining. What made you look at this now?\n"
            "Sam: Our month-end close takes nine days.\n"
        ),
        rank=40,
    )
)
