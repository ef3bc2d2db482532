"""SubRip subtitles (parser: ``ingest/subrip.py``)."""

from __future__ import annotations

from callcoach.ingest.formats._cues import first_timing, has_cues
from callcoach.ingest.registry import TranscriptFormat, lazy_parser, register


def sniff(head: str, named: bool) -> float:
    """Cue timings among the first lines; WebVTT outbids it for ``00:01.000`` times unless the
    file is named ``.srt``."""
    if named and has_cues(head):
        return 0.6
    return 0.3 if first_timing(head) is not None else 0.0


FORMAT = register(
    TranscriptFormat(
        name="srt",
        description="SubRip subtitles, speakers from 'Name:' or '[Name]' in the cue text",
        suffixes=(".srt",),
        aliases=("subrip",),
        sniff=sniff,
        parse=lazy_parser("callcoach.ingest.subrip"),
        example=(
            "1\n00:00:01,000 --> 00:00:04,000\n"
            "Dana: Thanks for joining. What made you look now?\n\n"
            "2\n00:00:04,500 --> 00:00:08,000\nSam: Our month-end close takes nine days.\n"
        ),
        rank=20,
    )
)
