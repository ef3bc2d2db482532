"""Whatever the input, the loader raises nothing but ``IngestError``.

Every format in ``FORMATS`` goes through ``load_text`` (so through the loader's own parser
lookup); a format whose parser module has not landed yet is skipped, not faked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcoach.errors import IngestError
from callcoach.ingest import FORMATS, load_text, registry

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
FIXTURES = sorted(p for sub in ("vtt", "srt", "misc") for p in (DATA / sub).iterdir())
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Pieces that steer parsers into their less travelled branches.
_TOKENS = st.sampled_from(
    [
        "WEBVTT", "WEBVTT - t\nKind: captions", "NOTE", "STYLE", "REGION", "-->", " --> ",
        "00:00:01.000", "00:01.000", "00:00:01,000", "99:99:99,999", "1", "0", "\n", "\n\n",
        "\r\n", "\r", "\ufeff", "<v Ana>", "</v>", "<v>", "<c.x>", "<00:00:01.500>", "&lt;",
        "&amp;", "&", "<", "Ana: ", "Dr. Chen: ", "[Bo] ", "[Music]", "{", "[", "}", "]", '"',
        "{\\an8}", " ", "\t", "x", "é", "\x00", "\x85", "\u2028",
        "**", "**Ana:** ", "**Bo** `00:01`", "> ", "# ", "## Analysis", "---", "```",
        "[00:01 - 00:05] ", "Participants: ", "王伟：", "Zoe\u0308", "\u200b", "<font ", "{\\",
    ]
)  # fmt: skip


def _has_parser(fmt: str) -> bool:
    return registry.resolve(fmt) is not None


def _require_parser(fmt: str) -> None:
    if not _has_parser(fmt):
        pytest.skip(f"the {fmt} format is not registered")


def _only_ingest_errors(data: bytes | str, fmt: str | None) -> None:
    try:
        load_text(data, source="fuzz", format=fmt)
    except IngestError as exc:
        assert exc.path == "fuzz"
        assert exc.reason


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes(fmt: str, data: bytes) -> None:
    _require_parser(fmt)
    _only_ingest_errors(data, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(text=st.text(max_size=300))
def test_random_text(fmt: str, text: str) -> None:
    _require_parser(fmt)
    _only_ingest_errors(text, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(pieces=st.lists(_TOKENS, max_size=40))
def test_random_cue_like_text(fmt: str, pieces: list[str]) -> None:
    _require_parser(fmt)
    _only_ingest_errors("".join(pieces), fmt)


@st.composite
def _mutated_fixture(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(FIXTURES)).read_bytes())
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut-line", "dup-line"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from([b"\n", b"-->", b":", b"<v ", b"\xff", b"0"]))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 12))]
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        else:
            start = data.rfind(b"\n", 0, at) + 1
            stop = data.find(b"\n", at)
            line = data[start : (len(data) if stop < 0 else stop + 1)]
            data[start:start] = b"" if action == "cut-line" else line
            if action == "cut-line":
                del data[start : start + len(line)]
    return bytes(data)


# Sniffing (format None) may pick any parser, so it joins in once they all exist.
_MUTATION_FORMATS: list[str | None] = ["vtt", "srt"]
if all(_has_parser(fmt) for fmt in FORMATS):
    _MUTATION_FORMATS.append(None)


@SETTINGS
@given(data=_mutated_fixture(), fmt=st.sampled_from(_MUTATION_FORMATS))
def test_mutated_fixtures(data: bytes, fmt: str | None) -> None:
    _only_ingest_errors(data, fmt)


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=8)
    | st.sampled_from(["0.5", "1e400", "9" * 40, "spk_0", "A", ""])
)
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)
_KEYS = st.sampled_from(
    ["text", "start", "end", "speaker", "words", "word", "start_time", "end_time", "speaker_label",
     "items", "alternatives", "content", "type", "transcript", "utterances", "elements", "ts"]
)  # fmt: skip
_RECORDS = st.dictionaries(_KEYS, _JSON_VALUES, max_size=5)


@st.composite
def _vendor_like(draw: st.DrawFn) -> str:
    """Documents shaped like the vendors' (so they reach the readers), with random values."""
    records = draw(st.lists(_RECORDS, max_size=5))
    shape = draw(st.sampled_from(["segments", "words", "utterances", "monologues", "aws", "dg"]))
    doc: object
    if shape == "aws":
        doc = {"results": {"items": records, "speaker_labels": {"segments": records}}}
    elif shape == "dg":
        doc = {"results": {"channels": [{"alternatives": [{"words": records}]}]}}
    else:
        doc = {shape: records}
    return json.dumps(doc)


@SETTINGS
@given(text=_vendor_like())
def test_vendor_shaped_json_with_random_values(text: str) -> None:
    _only_ingest_errors(text, "json")
