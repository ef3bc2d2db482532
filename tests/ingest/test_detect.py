"""Format sniffing from content, with the extension as a tie-breaker only."""

from __future__ import annotations

import pytest

from callcoach.ingest.detect import FORMATS, sniff

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHi\n"
VTT_BODY = "00:01.000 --> 00:02.000\nHi\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WEBVTT\n\n" + VTT_BODY, "vtt"),
        ("\ufeffWEBVTT - title\n\n" + VTT_BODY, "vtt"),
        ("\n\n  \nWEBVTT\n", "vtt"),
        ("WEBVTT", "vtt"),
        (SRT, "srt"),
        ("\ufeff" + SRT, "srt"),
        ("\n\n\n" + SRT, "srt"),
        ("00:00:01.000 --> 00:00:02.000\nHi\n", "srt"),
        (VTT_BODY, "vtt"),
        ('{"utterances": []}', "json"),
        ("  \n[\n  {", "json"),
        ('[{"text": "hi"}]', "json"),
        ("[1, 2]", "json"),
        ("[]", "json"),
        ("{}", "json"),
        ("[Alice] Good morning", "text"),
        ("[00:00:00] Dana Reyes: Hi", "text"),
        ("{laughs} anyway", "text"),
        ("WEBVTTX is not a header", "text"),
        ("Dana Reyes  0:01\nHello there.\n", "text"),
        ("Speaker 1: hi\nSpeaker 2: hello\n", "text"),
    ],
)
def test_sniff_by_content(text: str, expected: str) -> None:
    assert sniff(text) == expected
    assert expected in FORMATS


def test_extension_breaks_ties_only_when_there_are_cue_timings() -> None:
    assert sniff("00:00:01,000 --> 00:00:02,000\nHi\n", "a.vtt") == "vtt"
    assert sniff(VTT_BODY, "a.srt") == "srt"
    assert sniff("NOTE\n\n\n\n\n\n\n\n\n\n00:01.000 --> 00:02.000\nHi", "a.vtt") == "vtt"
    assert sniff("just words", "a.vtt") == "text"
    assert sniff(SRT, "a.txt") == "srt"
