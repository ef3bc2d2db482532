"""Cue timing lines, shared by the WebVTT and SRT sniffers."""

from __future__ import annotations

import re

_TIMING = re.compile(
    r"^[ \t]*(?:(\d{1,3}):)?\d{1,2}:\d{2}(?:([.,])\d{1,3})?[ \t]*-->[ \t]*\S", re.MULTILINE
)
_SNIFF_LINES = 8
_HINT_CHARS = 2000


def first_timing(head: str) -> re.Match[str] | None:
    """The first ``start --> end`` line among the first 8 lines of ``head``."""
    return _TIMING.search("\n".join(head.split("\n", _SNIFF_LINES)[:_SNIFF_LINES]))


def has_cues(head: str) -> bool:
    """A timing line among the first lines, or at least an arrow near the top: enough to trust a
    ``.vtt``/``.srt`` suffix."""
    return first_timing(head) is not None or "-->" in head[:_HINT_CHARS]


def is_vtt_style(timing: re.Match[str]) -> bool:
    """``00:01.000 --> …``: "." before the milliseconds and no hours, as WebVTT writes."""
    hours, separator = timing.groups()
    return separator == "." and hours is None
