"""Vendor and generic JSON transcripts: shapes, speakers, times, errors, round trip, speed."""

from __future__ import annotations

import contextlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.errors import IngestError
from callcoach.ingest import load_text
from callcoach.ingest._json_access import ShapeError, speaker_name
from callcoach.ingest._json_participants import participants_from_metadata, participants_metadata
from callcoach.ingest.vendor_json import detect_vendor, parse, to_generic_json
from callcoach.model import Call

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest" / "json"

# The six turns every word-level fixture holds (see the fixtures in tests/data/ingest/json).
TURNS = (
    "Thanks for making time today, Tom. How are you handling invoice approvals right now?",
    "Honestly, it's mostly email. We process about four thousand invoices a month, "
    "and approvals take nine days on average.",
    "What does that delay cost you?",
    "Late fees, mainly. Roughly twelve thousand dollars last quarter.",
    "So if I heard you right, nine-day approvals are costing you about twelve thousand "
    "a quarter in late fees?",
    "That's right.",
)


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def load(name: str) -> Call:
    return load_text(read(name), source=name, format="json")


@pytest.mark.parametrize(
    ("name", "vendor", "rep", "prospect"),
    [
        ("aws_speaker_labels.json", "aws-transcribe", "spk_0", "spk_1"),
        ("aws_audio_segments.json", "aws-transcribe", "spk_0", "spk_1"),
        ("deepgram_words.json", "deepgram", "Speaker 0", "Speaker 1"),
        ("deepgram_utterances.json", "deepgram", "Speaker 0", "Speaker 1"),
        ("assemblyai.json", "assemblyai", "A", "B"),
        ("assemblyai_words_only.json", "assemblyai", "A", "B"),
        ("rev.json", "rev", "Maria Lopez", "Speaker 1"),
    ],
)
def test_word_level_vendors_give_the_same_six_turns(
    name: str, vendor: str, rep: str, prospect: str
) -> None:
    call = load(name)
    assert call.metadata["vendor"] == vendor
    assert [u.text for u in call.utterances] == list(TURNS)
    assert [u.speaker for u in call.utterances] == [rep, prospect] * 3
    assert call.utterances[0].start == pytest.approx(0.5)
    assert call.utterances[0].end == pytest.approx(5.74)
    assert call.utterances[-1].end == pytest.approx(29.64)
    assert call.warnings == ()


def test_vendor_is_detected_from_shape_not_file_name() -> None:
    call = load_text(read("rev.json"), source="export-from-aws.txt")
    assert call.format == "json"
    assert call.metadata["vendor"] == "rev"


def test_aws_punctuation_without_times_attaches_to_previous_word() -> None:
    segments = parse(read("aws_speaker_labels.json"), source="aws").segments
    assert segments[0].text == "Thanks for making time today, Tom."
    assert segments[0].end == pytest.approx(2.7)  # the "." item has no time of its own
    assert all(isinstance(s.start, float) for s in segments)


def test_aws_metadata_uses_job_name_and_language() -> None:
    call = load("aws_speaker_labels.json")
    assert call.title == "northwind-discovery-2024-03-05"
    assert call.metadata["language"] == "en-US"


def test_aws_times_that_are_not_numbers_name_the_item() -> None:
    doc = json.loads(read("aws_speaker_labels.json"))
    doc["results"]["items"][3]["start_time"] = "soon"
    with pytest.raises(IngestError, match=r"results\.items\[3\]\.start_time: expected a number"):
        parse(json.dumps(doc), source="aws.json")


def test_aws_items_with_their_own_speaker_labels() -> None:
    doc = json.loads(read("aws_audio_segments.json"))
    del doc["results"]["audio_segments"]
    call = load_text(json.dumps(doc), source="aws.json")
    assert [u.text for u in call.utterances] == list(TURNS)
    assert [u.speaker for u in call.utterances] == ["spk_0", "spk_1"] * 3


def test_aws_channel_identification_uses_channel_labels_in_time_order() -> None:
    def item(word: str, start: float) -> dict[str, Any]:
        return {
            "type": "pronunciation",
            "start_time": str(start),
            "end_time": str(start + 0.4),
            "alternatives": [{"content": word}],
        }

    punct = {"type": "punctuation", "alternatives": [{"content": "?"}]}
    doc = {
        "results": {
            "channel_labels": {
                "channels": [
                    {"channel_label": "ch_0", "items": [item("Budget", 0.0), punct]},
                    {"channel_label": "ch_1", "items": [item("Approved", 1.0)]},
                ]
            }
        }
    }
    segments = parse(json.dumps(doc), source="aws").segments
    assert [(s.speaker, s.text) for s in segments] == [("ch_0", "Budget?"), ("ch_1", "Approved")]


def test_aws_without_items_falls_back_to_the_transcript() -> None:
    doc = {"results": {"transcripts": [{"transcript": "We need SOC 2 first."}], "items": []}}
    segments = parse(json.dumps(doc), source="aws").segments
    assert [(s.text, s.speaker, s.start) for s in segments] == [
        ("We need SOC 2 first.", None, None)
    ]


def test_deepgram_prefers_punctuated_word_over_word() -> None:
    call = load("deepgram_words.json")
    assert call.utterances[0].text.startswith("Thanks for making time today, Tom.")
    assert call.date == date(2024, 3, 5)
    assert call.metadata["language"] == "en"


def test_deepgram_without_punctuation_uses_word_and_splits_on_pauses() -> None:
    words = [
        {"word": "pricing", "start": 0.0, "end": 0.4, "speaker": 1},
        {"word": "works", "start": 0.5, "end": 0.9, "speaker": 1},
        {"word": "next", "start": 3.0, "end": 3.3, "speaker": 1},
        {"word": "step", "start": 3.4, "end": 3.7, "speaker": 0},
    ]
    doc = {"results": {"channels": [{"alternatives": [{"transcript": "", "words": words}]}]}}
    segments = parse(json.dumps(doc), source="dg").segments
    assert [(s.speaker, s.text, s.start, s.end) for s in segments] == [
        ("Speaker 1", "pricing works", 0.0, 0.9),
        ("Speaker 1", "next", 3.0, 3.3),
        ("Speaker 0", "step", 3.4, 3.7),
    ]


def test_deepgram_multichannel_without_diarization_names_channels() -> None:
    def channel(word: str, start: float) -> dict[str, Any]:
        return {"alternatives": [{"words": [{"word": word, "start": start, "end": start + 1}]}]}

    doc = {"results": {"channels": [channel("later", 2.0), channel("first", 0.0)]}}
    segments = parse(json.dumps(doc), source="dg").segments
    assert [(s.speaker, s.text) for s in segments] == [
        ("Channel 1", "first"),
        ("Channel 0", "later"),
    ]


def test_assemblyai_times_are_milliseconds() -> None:
    segments = parse(read("assemblyai.json"), source="aai").segments
    assert (segments[1].start, segments[1].end) == (6.42, 13.56)


def test_rev_spaces_are_elements_and_unknown_tags_are_dropped() -> None:
    call = load("rev.json")
    assert "<inaudible>" not in " ".join(u.text for u in call.utterances)
    assert "  " not in call.utterances[1].text


def test_whisper_verbose_json_has_no_speakers_and_strips_leading_spaces() -> None:
    parsed = parse(read("whisper_verbose.json"), source="w")
    assert parsed.metadata == {"vendor": "whisper", "language": "english"}
    assert [s.speaker for s in parsed.segments] == [None, None, None]
    assert parsed.segments[1].text == "Honestly, it's mostly email."
    assert (parsed.segments[1].start, parsed.segments[1].end) == (4.9, 9.6)


def test_plain_whisper_json_is_one_untimed_segment() -> None:
    call = load("whisper_plain.json")
    assert len(call.utterances) == 1
    assert call.utterances[0].text.startswith("Thanks for making time today")
    assert not call.has_timestamps


def test_openai_word_timestamps_without_segments() -> None:
    words = [
        {"word": "Send", "start": 0.0, "end": 0.3},
        {"word": "the", "start": 0.3, "end": 0.4},
        {"word": "MSA", "start": 0.4, "end": 0.9},
    ]
    doc = {"task": "transcribe", "text": "Send the MSA", "words": words}
    segments = parse(json.dumps(doc), source="w").segments
    assert [(s.text, s.start, s.end) for s in segments] == [("Send the MSA", 0.0, 0.9)]


def test_whisperx_speakers_labels_and_missing_speakers() -> None:
    segments = parse(read("whisperx.json"), source="wx").segments
    assert [s.speaker for s in segments] == [
        "SPEAKER_00",
        "SPEAKER_01",
        "SPEAKER_00",  # no segment speaker: the words' majority speaker
        None,  # neither the segment nor its words have one
        "SPEAKER_00",
    ]
    assert segments[0].text == "Thanks for making time today, Tom."


def test_whisperx_file_with_an_added_title() -> None:
    doc = json.loads(read("whisperx.json"))
    doc["title"] = "Northwind discovery"
    parsed = parse(json.dumps(doc), source="wx")
    assert parsed.metadata == {"vendor": "whisperx", "title": "Northwind discovery"}


def test_generic_form_reads_metadata_and_optional_fields() -> None:
    call = load("generic.json")
    assert call.title == "Northwind Logistics – AP automation discovery"
    assert call.date == date(2024, 3, 5)
    assert call.metadata["participants"] == (
        "Maria Lopez <maria.lopez@ledgerly.example>, Tom Becker <tbecker@northwind.example>"
    )
    assert call.metadata["participant_roles"] == "Maria Lopez: rep, Tom Becker: prospect"
    speakers = [u.speaker for u in call.utterances]
    assert speakers == ["Maria Lopez", "Tom Becker", "Maria Lopez", "Tom Becker", None]
    assert call.utterances[1].text.endswith("a month, and approvals take nine days on average.")
    assert call.utterances[3].start is None


def test_participants_metadata_round_trip() -> None:
    people = [
        {"name": "Maria Lopez", "email": "maria.lopez@ledgerly.example", "role": "rep"},
        {"name": "Tom Becker"},
        {"name": "Ana Ruiz", "role": "champion"},
    ]
    metadata = participants_metadata(people)
    assert metadata["participants"] == (
        "Maria Lopez <maria.lopez@ledgerly.example>, Tom Becker, Ana Ruiz"
    )
    assert participants_from_metadata(metadata) == people


def test_generic_form_diarization_labels_become_names() -> None:
    call = load("generic_minimal.json")
    assert [s.name for s in call.speakers] == ["Speaker 0", "Speaker 1", "A"]


@pytest.mark.parametrize(
    ("label", "name"),
    [(0, "Speaker 0"), ("1", "Speaker 1"), ("A", "A"), ("SPEAKER_00", "SPEAKER_00"),
     ("spk_0", "spk_0"), (" Tom Becker ", "Tom Becker"), ("", None), (None, None)],
)  # fmt: skip
def test_speaker_name_normalises_diarization_labels(label: object, name: str | None) -> None:
    assert speaker_name(label, "x") == name


def test_speaker_name_rejects_other_types() -> None:
    with pytest.raises(ShapeError, match="expected a string or integer speaker, got boolean"):
        speaker_name(True, "segments[0].speaker")


def test_invalid_json_reports_its_line() -> None:
    with pytest.raises(IngestError, match="invalid JSON") as error:
        load_text(read("truncated.json"), source="truncated.json", format="json")
    assert error.value.line == 13
    assert str(error.value).startswith("truncated.json:13: invalid JSON")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("wrong_type_start.json", r"segments\[1\]\.start: expected a number, got string"),
        ("wrong_type_text.json", r"segments\[1\]\.text: expected a string, got array"),
    ],
)
def test_wrong_types_name_the_json_path(name: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        load(name)


@pytest.mark.parametrize(
    "text",
    [
        '{"segments": [{"start": 1}]}',
        '{"segments": [{"text": "Hi", "start": NaN}]}',
        '{"segments": [{"text": "Hi", "speaker": {"id": 1}}]}',
        '{"segments": "none"}',
        '{"segments": [], "participants": [{"email": "a@b.example"}]}',
        '{"segments": [], "participants": [{"name": "Lopez, Maria"}]}',
    ],
)
def test_malformed_generic_documents_are_ingest_errors(text: str) -> None:
    with pytest.raises(IngestError, match=r"generic JSON: (segments|participants)\[0\]|segments:"):
        parse(text, source="g.json")


@pytest.mark.parametrize("text", [read("unknown_shape.json"), "[1, 2]", '"hello"', "{}"])
def test_unknown_shapes_list_the_supported_ones(text: str) -> None:
    with pytest.raises(IngestError, match=r"supported: .*AWS Transcribe.*Rev"):
        parse(text, source="u.json")


def test_reversed_times_are_kept_with_a_warning_naming_the_path() -> None:
    call = load("reversed_times.json")
    assert (call.utterances[0].start, call.utterances[0].end) == (4.0, 2.0)
    assert any("segments[0]: ends" in str(w) for w in call.warnings)


def test_bad_generic_date_is_ignored_with_a_warning() -> None:
    parsed = parse('{"date": "next Tuesday", "segments": [{"text": "Hi"}]}', source="g")
    assert "date" not in parsed.metadata
    assert "not an ISO date" in str(parsed.warnings[0])


@pytest.mark.parametrize("name", ["generic.json", "deepgram_words.json", "whisperx.json"])
def test_generic_json_round_trip_keeps_utterances(name: str) -> None:
    original = load(name)
    again = load_text(to_generic_json(original), source="again.json")
    assert again.metadata["vendor"] == "callcoach"
    assert utterance_view(again) == utterance_view(original)
    assert (again.title, again.date) == (original.title, original.date)
    for key in ("participants", "participant_roles"):
        assert again.metadata.get(key) == original.metadata.get(key)


def test_round_trip_from_plain_text(timed_call_text: str) -> None:
    original = load_text(timed_call_text, source="call.txt")
    again = load_text(to_generic_json(original), source="call.json")
    assert utterance_view(again) == utterance_view(original)


def utterance_view(call: Call) -> list[tuple[str | None, str, float | None, float | None]]:
    return [(u.speaker, u.text, u.start, u.end) for u in call.utterances]


def test_detect_vendor_names() -> None:
    assert detect_vendor(json.loads(read("whisper_verbose.json"))) == "whisper"
    assert detect_vendor(json.loads(read("whisperx.json"))) == "whisperx"
    assert detect_vendor(json.loads(read("generic.json"))) == "callcoach"
    assert detect_vendor([]) is None


def hour_long_deepgram(words: int = 9000) -> str:
    items = []
    for i in range(words):
        start = i * 0.4
        text = "pricing" if i % 13 else "pricing."
        items.append(
            {"word": "pricing", "punctuated_word": text, "start": start, "end": start + 0.3,
             "confidence": 0.9, "speaker": (i // 13) % 2}
        )  # fmt: skip
    return json.dumps({"results": {"channels": [{"alternatives": [{"words": items}]}]}})


def hour_long_generic(segments: int = 700) -> str:
    rows = [
        {"start": i * 5.0, "end": i * 5.0 + 4.5, "speaker": f"S{i % 2}", "text": "word " * 13}
        for i in range(segments)
    ]
    return json.dumps({"segments": rows})


@pytest.mark.parametrize("make", [hour_long_deepgram, hour_long_generic])
def test_an_hour_long_call_parses_whole(make: Any) -> None:
    # Speed is measured by benchmarks/ingest_metrics.py, not asserted here (machine load).
    parsed = parse(make(), source="hour.json")
    assert len(parsed.segments) >= 690


# Keys of every supported shape, so that random documents reach deep into each parser.
KEYS = (
    "segments", "words", "text", "start", "end", "speaker", "results", "items", "channels",
    "alternatives", "utterances", "transcripts", "speaker_labels", "speaker_label", "type",
    "content", "start_time", "end_time", "audio_segments", "transcript", "monologues",
    "elements", "value", "ts", "end_ts", "punctuated_word", "word", "participants", "name",
    "task", "seek", "channel_labels", "channel_label", "date", "title",
)  # fmt: skip
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=5))
def test_any_json_gives_a_transcript_or_an_ingest_error(doc: dict[str, Any]) -> None:
    try:
        parsed = parse(json.dumps(doc), source="fuzz.json")
    except IngestError:
        return
    assert all(isinstance(s.text, str) for s in parsed.segments)


FIXTURES = [
    "aws_speaker_labels.json", "aws_audio_segments.json", "deepgram_words.json",
    "deepgram_utterances.json", "assemblyai.json", "assemblyai_words_only.json", "rev.json",
    "whisper_verbose.json", "whisperx.json", "generic.json",
]  # fmt: skip


def containers(value: Any) -> list[Any]:
    """Every dict and list inside ``value``, outermost first."""
    found = [value]
    children = value.values() if isinstance(value, dict) else value
    for child in children:
        if isinstance(child, dict | list):
            found.extend(containers(child))
    return found


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FIXTURES), st.integers(min_value=0), st.integers(min_value=0), JSON_VALUES)
def test_a_corrupted_vendor_file_gives_a_transcript_or_an_ingest_error(
    name: str, which: int, slot: int, replacement: Any
) -> None:
    doc = json.loads(read(name))
    target = containers(doc)[which % len(containers(doc))]
    if not target:
        return
    key = list(target)[slot % len(target)] if isinstance(target, dict) else slot % len(target)
    target[key] = replacement
    with contextlib.suppress(IngestError):
        parse(json.dumps(doc), source=name)


def test_generic_form_keeps_deal_id_account_and_metadata() -> None:
    doc = {
        "deal_id": "006A1",
        "account": "Northwind",
        "metadata": {"hubspot_deal_id": 42, "meeting": "weekly", "bad": [1]},
        "segments": [{"speaker": "Ana", "text": "Hi."}, {"speaker": "Tom", "text": "Hello."}],
    }
    call = load_text(json.dumps(doc), source="g.json")
    assert call.metadata["deal_id"] == "006A1"
    assert call.metadata["account"] == "Northwind"
    assert call.metadata["hubspot_deal_id"] == "42"
    assert "bad" not in call.metadata


def _aws_doc(
    *, item_labels: bool, label_items: bool, audio_segments: bool, numbers: bool = False
) -> dict[str, object]:
    """An invented AWS Transcribe job: two speakers, two sentences each way."""
    words = [
        ("spk_0", "Morning", 0.5, 0.9), ("spk_0", "Lars", 1.0, 1.4),
        ("spk_1", "Hi", 2.0, 2.2), ("spk_1", "there", 2.3, 2.6),
        ("spk_0", "Ready", 3.5, 3.9), ("spk_1", "Yes", 4.5, 4.8),
    ]  # fmt: skip
    items: list[dict[str, object]] = []
    for i, (label, word, start, end) in enumerate(words):
        item: dict[str, object] = {
            "id": i,
            "type": "pronunciation",
            "alternatives": [{"confidence": "0.99", "content": word}],
            "start_time": start if numbers else f"{start:.3f}",
            "end_time": end if numbers else f"{end:.3f}",
        }
        if item_labels:
            item["speaker_label"] = label
        items.append(item)
    runs = [(0, 2), (2, 4), (4, 5), (5, 6)]
    segments = []
    for first, stop in runs:
        label = words[first][0]
        segment: dict[str, object] = {
            "speaker_label": label,
            "start_time": f"{words[first][2]}",  # "0.5": not spelled like the items' "0.500"
            "end_time": f"{words[stop - 1][3]}",
        }
        if label_items:
            segment["items"] = [
                {"speaker_label": label, "start_time": f"{w[2]}", "end_time": f"{w[3]}"}
                for w in words[first:stop]
            ]
        segments.append(segment)
    results: dict[str, object] = {
        "transcripts": [{"transcript": " ".join(w[1] for w in words)}],
        "speaker_labels": {"speakers": 2, "segments": segments},
        "items": items,
    }
    if audio_segments:
        results["audio_segments"] = [
            {
                "id": n,
                "transcript": " ".join(w[1] for w in words[first:stop]),
                "start_time": f"{words[first][2]:.3f}",
                "end_time": f"{words[stop - 1][3]:.3f}",
                "items": list(range(first, stop)),
            }
            for n, (first, stop) in enumerate(runs)
        ]
    return {"jobName": "invented", "results": results}


@pytest.mark.parametrize(
    ("item_labels", "label_items", "audio_segments", "numbers"),
    [
        (False, True, False, False),  # speakers only in speaker_labels items, times spelled apart
        (False, False, False, False),  # speaker_labels segments without items: spans decide
        (False, True, False, True),  # items' times written as JSON numbers
        (False, True, True, False),  # audio_segments without speaker_label
        (False, False, True, False),
        (True, False, True, False),
    ],
)
def test_aws_speaker_labels_shapes_load_their_speakers(
    item_labels: bool, label_items: bool, audio_segments: bool, numbers: bool
) -> None:
    doc = _aws_doc(
        item_labels=item_labels,
        label_items=label_items,
        audio_segments=audio_segments,
        numbers=numbers,
    )
    call = load_text(json.dumps(doc), source="aws.json")
    assert [s.name for s in call.speakers] == ["spk_0", "spk_1"]
    assert [u.speaker for u in call.utterances] == ["spk_0", "spk_1", "spk_0", "spk_1"]
    assert call.utterances[1].text == "Hi there"


HUGE_NUMBERS = ["1e400", "-1e400", "9" * 5000, "9" * 400, "1e300", "-2e11"]


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_numbers_beyond_float_range_name_the_json_path(number: str) -> None:
    # Once ValueError (int of 4,300+ digits) or OverflowError (int beyond float) escaped.
    text = '{"segments": [{"speaker": "Ana", "text": "Hi.", "start": N, "end": 2}]}'
    text = text.replace("N", number)
    with pytest.raises(IngestError, match=r"segments\[0\]\.start: .*(finite|out of range)"):
        load_text(text, source="huge.json")


@pytest.mark.parametrize("number", HUGE_NUMBERS)
def test_huge_word_times_name_the_word(number: str) -> None:
    doc = '{"words": [{"text": "Hi", "start": N, "end": 900, "speaker": "A"}]}'
    with pytest.raises(IngestError, match=r"words\[0\]\.start"):
        load_text(doc.replace("N", number), source="aai.json")


def test_a_huge_integer_speaker_is_a_type_error_not_a_crash() -> None:
    text = '{"segments": [{"speaker": N, "text": "Hi."}]}'.replace("N", "7" * 5000)
    with pytest.raises(IngestError, match=r"segments\[0\]\.speaker"):
        load_text(text, source="x.json")


def test_aws_string_times_beyond_range_name_the_item() -> None:
    doc = json.loads(read("aws_speaker_labels.json"))
    doc["results"]["items"][0]["start_time"] = "1e300"
    with pytest.raises(IngestError, match=r"results\.items\[0\]\.start_time"):
        load_text(json.dumps(doc), source="aws.json")


def test_an_overlong_participant_name_names_the_path() -> None:
    doc = {"participants": [{"name": "a" + " " * 40000 + "b"}], "segments": [{"text": "Hi."}]}
    with pytest.raises(IngestError, match=r"participants\[0\]\.name: longer than 200"):
        load_text(json.dumps(doc), source="x.json")
