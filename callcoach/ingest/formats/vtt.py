"""WebVTT: Zoom, Microsoft Teams and YouTube captions (parser: ``ingest/vtt.py``)."""

from __future__ import annotations

import re

from callcoach.ingest.formats._cues import first_timing, has_cues, is_vtt_style
from callcoach.ingest.registry import TranscriptFormat, lazy_parser, register

_WEBVTT = re.compile(r"WEBVTT(?:[ \t\n]|$)")


def sniff(head: str, named: bool) -> float:
    """A ``WEBVTT`` first line is certain; cue timings in WebVTT's own style (or any cues in a
    ``.vtt`` file) are likely."""
    if _WEBVTT.match(head):
        return 1.0
    if named and has_cues(head):
        return 0.6
    timing = first_timing(head)
    return 0.4 if timing is not None and is_vtt_style(timing) else 0.0


FORMAT = register(
    TranscriptFormat(
        name="vtt",
        description="WebVTT captions (Zoom, Teams, YouTube), speakers from <v> or 'Name:'",
        suffixes=(".vtt",),
        aliases=("webvtt",),
        sniff=sniff,
        parse=lazy_parser("callcoach.ingest.vtt"),
        example=(
            "WEBVTT\n\n"
            "00:00:01.000 --> 00:00:04.000\n<v Dana>Thanks for joining. What made you look now?\n\n"
            "00:00:04.500 --> 00:00:08.000\n<v Sam>Our month-end close takes nine days.\n"
        ),
        rank=10,
    )
)
