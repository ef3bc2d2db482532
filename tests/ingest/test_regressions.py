"""Every transcript input that ever crashed, hung or lost text, kept as an explicit case.

Sizes are those of the original reports where they stay fast now (a quadratic regression
would make this file take minutes); `benchmarks/ingest_pathological.py` times 1 MB versions.
The inputs are synthetic; none is copied from an evaluation corpus.
"""

from __future__ import annotations

import pytest

from callcoach.errors import IngestError
from callcoach.ingest import load_text


def _vtt(payload: str) -> str:
    return f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{payload}\n"


def _srt(payload: str) -> str:
    return f"1\n00:00:01,000 --> 00:00:02,000\n{payload}\n"


_NO_BLANKS = "WEBVTT\n\n" + "".join(
    f"00:{i // 60 % 60:02d}:{i % 60:02d}.000 --> 00:{i // 60 % 60:02d}:{i % 60:02d}.500\n"
    f"{('Ana', 'Bo')[i % 2]}: point {i}\n"
    for i in range(3600)
)

# (name, format or None to sniff, input, expected: number of turns or an error substring)
CASES: list[tuple[str, str | None, str, int | str]] = [
    # Hangs: super-linear regular expressions (9.6 s, 3.6 s, 9.2 s, 45 s, 16 s before).
    ("vtt-voice-tags", "vtt", _vtt("<v " * 10000), 1),
    ("vtt-class-tags", "vtt", _vtt("<c " * 10000), 1),
    ("srt-font-tags", "srt", _srt("<font " * 10000), 1),
    ("srt-an8", "srt", _srt("{\\an8" * 40000), 1),
    ("vtt-participants-header", "vtt",
     "WEBVTT\nParticipants: a" + " " * 40000 + "b\n\n00:01.000 --> 00:02.000\nAna: hi\n", 1),
    ("vtt-no-blank-lines", "vtt", _NO_BLANKS, 3600),
    ("text-spaces-before-colon", "text", "A" + " " * 200_000 + ": hi\n", 1),
    # Crashes.
    ("vtt-numeric-reference", "vtt", _vtt("&#" + "9" * 5000 + ";"), 1),
    ("json-1e400", "json", '{"segments": [{"text": "x", "start": 1e400}]}', "finite"),
    ("json-long-int", "json",
     '{"segments": [{"text": "x", "start": ' + "9" * 5000 + "}]}", "finite"),
    ("json-int-beyond-float", "json",
     '{"segments": [{"text": "x", "start": ' + "9" * 400 + "}]}", "finite"),
    ("json-huge-time", "json", '{"segments": [{"text": "x", "start": 1e300}]}', "out of range"),
    # Lost or misattributed text.
    ("md-bold-labels", None, "**Ana Ruiz:** Hi.\n\n**Bo Lind:** Hello.\n\n**Ana Ruiz:** Bye.\n", 3),
    ("md-fathom", None, "**Ana Ruiz** `00:00:01`\n> Hi.\n\n**Bo Lind** `00:00:04`\n> Hello.\n", 2),
    ("text-time-ranges", None,
     "[00:01 - 00:03] Ana Ruiz: Hi.\n[00:04 - 00:06] Bo Lind: Hello.\n"
     "[00:07 - 00:09] Ana Ruiz: Bye.\n", 3),
    ("text-decomposed-accents", "text",
     "Zoe\u0308 Mu\u0308ller: Hi.\nBo: Hello.\nZoë Müller: Bye.\nBo: Bye.\n", 4),
    ("text-zero-width-space", "text", "Ana\u200b: Hi.\nBo: Hello.\nAna: Bye.\nBo: Bye.\n", 4),
    ("text-chinese-names", "text", "王伟: 你好.\n李娜: 你好.\n王伟: 再见.\n李娜: 再见.\n", 4),
    ("text-hebrew-names", "text", "דוד: שלום.\nשרה: שלום.\nדוד: ביי.\nשרה: ביי.\n", 4),
    ("text-arabic-names", "text", "أحمد: مرحبا.\nفاطمة: أهلا.\nأحمد: وداعا.\nفاطمة: وداعا.\n", 4),
    ("vtt-cue-without-timing", "vtt",
     "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: One.\n\nCaption text #2\n\n"
     "00:03.000 --> 00:04.000\nBo: Three.\n", 2),
    ("vtt-minutes-of-60", "vtt",
     "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: One.\n\n00:60.000 --> 01:02.000\nBo: Two.\n\n"
     "01:03.000 --> 01:04.000\nBo: Three.\n", 2),
    # Found by the round-trip property test.
    ("text-third-person-once-timed", "text",
     "[00:00:01] Ana: Hi.\n[00:00:04] Bo: Hello.\n[00:00:07] Ana: So.\n[00:00:09] Bo: Yes.\n"
     "[00:00:12] Cy Dee: Me too.\n", 5),
    ("text-third-person-once-colon", "text",
     "Ana: Hi.\nBo: Hello.\nAna: So.\nBo: Yes.\nCy: Me.\n", 5),
    ("md-fathom-time-in-text", None,
     "**Ana Ruiz** `00:00:01`\n> Hi.\n\n**Bo Lind** `00:00:04`\n> 10:30 Tuesday.\n", 2),
    ("text-organizer-header", "text",
     "Organizer: Ana Ruiz\n[00:01 - 00:03] Ana Ruiz: Hi.\n[00:04 - 00:06] Bo Lind: Hello.\n", 2),
]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_regression(fmt: str | None, text: str, expected: int | str) -> None:
    if isinstance(expected, str):
        with pytest.raises(IngestError, match=expected):
            load_text(text, source="regression", format=fmt)
        return
    call = load_text(text, source="regression", format=fmt)
    assert len(call.utterances) == expected


def test_trailing_analysis_does_not_go_to_the_last_speaker() -> None:
    turns = "".join(f"{('Ana', 'Bo')[i % 2]}: turn {i} words here.\n" for i in range(10))
    call = load_text(turns + "\nAnalysis\n" + "The rep talked a lot. " * 100, source="x.txt")
    assert call.utterances[-1].text == "turn 9 words here."


def test_untimed_preamble_and_open_last_end_keep_the_times() -> None:
    text = "Weekly pipeline review\n[00:00:02] Ana: Hi.\n[00:00:05] Bo: Hello there.\n"
    call = load_text(text, source="x.txt")
    assert [u.start for u in call.utterances] == [None, 2.0, 5.0]
    assert call.utterances[-1].end is not None


def test_json_lone_surrogate_escapes_become_replacement_marks() -> None:
    # A speaker "Ana\ud800" later broke the HTML report (UnicodeEncodeError).
    doc = (
        '{"title": "t\\ud800", '
        '"segments": [{"speaker": "Ana\\ud800", "text": "hi \\ud83d\\ude00"}]}'
    )
    call = load_text(doc, source="x.json")
    assert call.utterances[0].speaker == "Ana?"
    assert call.utterances[0].text == "hi \U0001f600"
    assert call.title == "t?"


def test_manifest_names_match_labels_in_any_normalisation_form() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nZoe\u0308: Hi.\n\n00:03.000 --> 00:04.000\nBo: Yo.\n"
    call = load_text(text, source="x.vtt", speaker_names={"Zoë": "Zoë Müller"})
    assert [s.name for s in call.speakers] == ["Zoë Müller", "Bo"]
