"""The one cue-markup tokenizer shared by WebVTT and SRT: what it strips, what it keeps,
and the hostile inputs that once took seconds to minutes (kept as regression cases)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.ingest import load_text
from callcoach.ingest.cue_markup import MAX_TAG_CHARS, Voice, plain_text, tokens
from callcoach.ingest.subrip import parse as parse_srt


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<c.yellow>we</c> <b>spend</b> <i>hours</i>", "we spend hours"),
        ("<00:00:01.500>karaoke <01:02.250>words", "karaoke words"),
        ("<lang fr>merci</lang> <ruby>漢<rt>kan</rt></ruby>", "merci 漢kan"),
        ("&lt;b&gt;not a tag&lt;/b&gt; x < y &amp; z", "<b>not a tag</b> x < y & z"),
        ("a <unknown>tag</unknown> stays", "a <unknown>tag</unknown> stays"),
        ("&#233;t&eacute; &#x4E2D;", "été 中"),
        ("<b", "<b"),
        ("x > y", "x > y"),
    ],
)
def test_vtt_markup(raw: str, text: str) -> None:
    assert plain_text(raw, "vtt") == text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ('{\\an8}<font color="#fff">Hi</FONT> <I>there</I>', "Hi there"),
        ("<s>gone</s> &amp; stays", "gone &amp; stays"),
        ("{not an override} <c>not srt</c>", "{not an override} <c>not srt</c>"),
    ],
)
def test_srt_markup(raw: str, text: str) -> None:
    assert plain_text(raw, "srt") == text


def test_voice_tokens() -> None:
    assert tokens("<v.loud Dr. Chen>Hi</v> <v>x", "vtt") == [
        Voice("Dr. Chen"),
        "Hi",
        Voice(end=True),
        " ",
        Voice(None),
        "x",
    ]


def test_a_tag_longer_than_the_limit_is_text() -> None:
    raw = "<v " + "a" * MAX_TAG_CHARS + ">hi"
    assert plain_text(raw, "vtt") == raw


# Each of these took 3.6 s to over 2 minutes with one regular expression per tag; the
# tokenizer reads them in linear time. Sizes are kept modest: a quadratic regression would
# still take tens of seconds here, and benchmarks/ingest_pathological.py times them.
HOSTILE = [
    ("vtt", "<v " * 20000),
    ("vtt", "<c " * 20000),
    ("vtt", "<v " * 20000 + ">"),
    ("vtt", "<" * 20000 + ">" * 20000),
    ("vtt", "&#" + "9" * 5000 + ";"),  # html.unescape raised ValueError (int digit limit)
    ("srt", "<font " * 20000),
    ("srt", "{\\an8" * 20000),
    ("srt", "{" * 20000 + "<" * 20000 + "}"),
]


@pytest.mark.parametrize(("dialect", "raw"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_markup_is_read_as_text(dialect: str, raw: str) -> None:
    assert dialect in ("vtt", "srt")
    text = plain_text(raw, "vtt" if dialect == "vtt" else "srt")
    assert text  # nothing valid to strip: the characters stay


@pytest.mark.parametrize(("dialect", "raw"), HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_cues_load(dialect: str, raw: str) -> None:
    if dialect == "vtt":
        data = f"WEBVTT\n\n00:01.000 --> 00:02.000\n{raw}\n"
    else:
        data = f"1\n00:00:01,000 --> 00:00:02,000\n{raw}\n"
    call = load_text(data, source=f"hostile.{dialect}")
    assert len(call.utterances) == 1


def test_srt_cue_with_minutes_of_60_is_skipped_with_a_warning() -> None:
    # Changed: this used to refuse the whole file.
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAna: Fine.\n\n"
        "2\n00:00:02,000 --> 00:60:04,000\nAna: Broken.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nBo: Also fine.\n"
    )
    parsed = parse_srt(text, source="x.srt")
    assert [s.text for s in parsed.segments] == ["Fine.", "Also fine."]
    assert [str(w) for w in parsed.warnings] == [
        "line 6: 1 cue(s) with minutes or seconds of 60 or more skipped (line 6)"
    ]


_PIECES = st.sampled_from(
    ["<", ">", "</", "<v", "<v ", "<c.", "<b>", "</b>", "<00:01.000>", "{", "}", "{\\",
     "&", "&amp;", "&#", "&#x", ";", "Ana", " ", ".", "9", "\t"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=4), max_size=40), st.sampled_from(["vtt", "srt"]))
def test_tokens_never_invent_text(pieces: list[str], dialect: str) -> None:
    raw = "".join(pieces)
    out = tokens(raw, "vtt" if dialect == "vtt" else "srt")
    text = "".join(t for t in out if isinstance(t, str))
    if dialect == "srt":
        # SRT never unescapes: the text is the input with whole tags cut out, in order.
        iterator = iter(raw)
        assert all(char in iterator for char in text)
    assert len(text) <= len(raw)
