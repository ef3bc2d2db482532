"""Markdown transcripts, Fathom exports and ``[mm:ss - mm:ss] Name: text`` lines.

Every transcript here is invented for the test; none is copied from an evaluation corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.ingest import load_call, load_text, sniff
from callcoach.ingest.files import find_transcripts
from callcoach.ingest.markdown import parse

SALESCALLS = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "salescalls"

BOLD_PARAGRAPHS = """# Harbor Freight Tools – fleet renewal

Date: 2025-11-04
Participants: Priya Natarajan, Oskar Lindqvist

## Transcript

**Priya Natarajan:** Morning, Oskar. Did the spreadsheet I sent make it through?

**Oskar Lindqvist:** It did. I printed it, which tells you how old-fashioned we still are.

**Priya Natarajan:** Paper is fine. Which column worried you most?

**Oskar Lindqvist:** The maintenance line.
It doubled since spring and nobody can say why.

**Priya Natarajan:** Let's dig into that first, then.
"""

FATHOM = """# Pilot review

**Priya Natarajan** `00:00:03`
> Thanks for joining, everyone.
> Shall we start with the pilot numbers?

**Oskar Lindqvist** [00:00:09](https://fathom.example/share/abc?t=9)
> Sure. Tickets dropped by a third in week two.

**Priya Natarajan** `00:00:16`
> That's better than we hoped.

**Oskar Lindqvist** `00:01:02`
> Agreed, but the night shift never logged in.
"""

BRACKET_RANGES = """[00:01 - 00:04] Lena Park: Hi Marco, thanks for picking up.
[00:05 - 00:11] Marco Rossi: No problem. I have ten minutes before standup.
[00:12 - 00:30] Lena Park: Then I'll be quick. How do you track vendor invoices today?
[00:31 - 01:02] Marco Rossi: A shared inbox and a lot of hope, honestly.
[01:03 - 01:05] Lena Park: Hope is not a process.
"""


def test_bold_label_paragraphs_load_with_speakers_title_and_date() -> None:
    call = load_text(BOLD_PARAGRAPHS, source="renewal.md")
    assert call.format == "markdown"
    assert [s.name for s in call.speakers] == ["Priya Natarajan", "Oskar Lindqvist"]
    assert [u.speaker for u in call.utterances] == ["Priya Natarajan", "Oskar Lindqvist"] * 2 + [
        "Priya Natarajan"
    ]
    assert call.title == "Harbor Freight Tools – fleet renewal"
    assert str(call.date) == "2025-11-04"
    assert call.metadata["participants"] == "Priya Natarajan, Oskar Lindqvist"
    assert call.utterances[0].text.startswith("Morning, Oskar.")
    assert call.utterances[3].text == (
        "The maintenance line. It doubled since spring and nobody can say why."
    )
    assert call.utterances[0].line == 8
    assert call.warnings == ()


@pytest.mark.parametrize(
    "line",
    ["**Ana Ruiz:** Hello there.", "**Ana Ruiz**: Hello there.", "__Ana Ruiz:__ Hello there.",
     "- **Ana Ruiz:** Hello there.", "> **Ana Ruiz:** Hello there."],
)  # fmt: skip
def test_bold_label_variants(line: str) -> None:
    text = f"{line}\n\n**Tom Berg:** Hi.\n\n{line}\n"
    segments = parse(text, source="x.md").segments
    assert [(s.speaker, s.text) for s in segments] == [
        ("Ana Ruiz", "Hello there."),
        ("Tom Berg", "Hi."),
        ("Ana Ruiz", "Hello there."),
    ]


def test_fathom_export_headers_and_quoted_text() -> None:
    call = load_text(FATHOM, source="pilot.md")
    assert [(u.speaker, u.start, u.end) for u in call.utterances] == [
        ("Priya Natarajan", 3.0, 9.0),
        ("Oskar Lindqvist", 9.0, 16.0),
        ("Priya Natarajan", 16.0, 62.0),
        ("Oskar Lindqvist", 62.0, 65.2),  # the last end is estimated (8 words), with a warning
    ]
    assert call.utterances[0].text == (
        "Thanks for joining, everyone. Shall we start with the pilot numbers?"
    )
    assert call.title == "Pilot review"
    assert call.has_timestamps
    assert [w.line for w in call.warnings] == [13]


def test_bracketed_time_ranges_keep_start_and_end() -> None:
    call = load_text(BRACKET_RANGES, source="ranges.txt")
    assert call.format == "text"
    assert [(u.speaker, u.start, u.end) for u in call.utterances] == [
        ("Lena Park", 1.0, 4.0),
        ("Marco Rossi", 5.0, 11.0),
        ("Lena Park", 12.0, 30.0),
        ("Marco Rossi", 31.0, 62.0),
        ("Lena Park", 63.0, 65.0),
    ]
    assert call.warnings == ()


@pytest.mark.parametrize(
    "opening",
    ["[00:00:01 - 00:00:04] Lena Park:", "00:00:01 - 00:00:04 Lena Park:",
     "(00:01 – 00:04) Lena Park:", "[0:01-0:04] Lena Park:"],
)  # fmt: skip
def test_time_range_variants(opening: str) -> None:
    text = f"{opening} Hi.\n[00:05 - 00:09] Marco Rossi: Hello.\n"
    segments = load_text(text, source="x.txt").utterances
    assert [(u.speaker, u.start, u.end) for u in segments] == [
        ("Lena Park", 1.0, 4.0),
        ("Marco Rossi", 5.0, 9.0),
    ]


def test_a_range_that_ends_before_it_starts_keeps_only_the_start() -> None:
    text = "[00:09 - 00:02] Lena Park: Hi.\n[00:10 - 00:12] Marco Rossi: Hello.\n"
    call = load_text(text, source="x.txt")
    assert [(u.start, u.end) for u in call.utterances] == [(9.0, 10.0), (10.0, 12.0)]


def test_organizer_header_line_is_metadata_not_a_speaker() -> None:
    text = "Organizer: Lena Park\n" + BRACKET_RANGES
    call = load_text(text, source="x.txt")
    assert [s.name for s in call.speakers] == ["Lena Park", "Marco Rossi"]
    assert call.metadata["host"] == "Lena Park"


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [("**Ana:** hi\n", None, "markdown"), ("Ana: hi\n", "call.md", "markdown"),
     ("Ana: hi\n", "call.txt", "text"), ("> **Ana** `00:01`\n> hi\n", None, "markdown"),
     ("Some **bold** words: here\n", None, "text")],
)  # fmt: skip
def test_sniffing_markdown(text: str, name: str | None, expected: str) -> None:
    assert sniff(text, name) == expected


def test_markdown_aliases() -> None:
    assert load_text("**Ana:** hi\n", format="md").format == "markdown"
    assert load_text("Ana: hi\nBo: yo\n", format="markdown").format == "markdown"


def test_front_matter_and_fenced_transcript() -> None:
    text = (
        "---\ntitle: Weekly sync\ndate: 2025-02-03\n---\n\n```\nAna: Ready?\nBo: Yes.\n"
        "Ana: Go.\n```\n"
    )
    call = load_text(text, source="x.md")
    assert call.title == "Weekly sync"
    assert [u.speaker for u in call.utterances] == ["Ana", "Bo", "Ana"]
    assert call.utterances[0].line == 7


def test_a_folder_scan_finds_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BOLD_PARAGRAPHS)
    (tmp_path / "b.markdown").write_text(FATHOM)
    assert [p.name for p in find_transcripts([tmp_path])] == ["a.md", "b.markdown"]


@pytest.mark.corpus
@pytest.mark.skipif(not SALESCALLS.exists(), reason="../shared/data/salescalls is not present")
@pytest.mark.parametrize(
    "labels",
    sorted(SALESCALLS.glob("*.labels.json")) if SALESCALLS.exists() else [],
    ids=lambda p: p.name.split(".")[0],
)
def test_every_annotated_sales_call_loads_with_its_speakers_and_turns(labels: Path) -> None:
    gold = json.loads(labels.read_text(encoding="utf-8"))
    call = load_call(SALESCALLS / gold["file"])
    assert sorted(s.name for s in call.speakers) == sorted(gold["reps"] + gold["prospects"])
    assert len(call.utterances) == len(gold["turns"])
    assert [u.speaker for u in call.utterances] == [t["speaker"] for t in gold["turns"]]


def test_a_host_who_speaks_first_is_not_a_header() -> None:
    text = "Host: Welcome, everyone.\n" + BRACKET_RANGES
    call = load_text(text, source="x.txt")
    # Said once without a time in a timed file: kept as text, with a warning naming line 1.
    assert call.utterances[0].text == "Host: Welcome, everyone."
    assert "host" not in call.metadata
    assert call.warnings[0].line == 1


def test_speaker_headings_with_times() -> None:
    text = (
        "# Weekly sync\n\n## Lena Park (00:00:02)\nAre we on track?\n\n"
        "## Marco Rossi (00:00:06)\nMostly. Two tickets slipped.\n\n"
        "## Lena Park (00:00:15)\nWhich two?\n"
    )
    call = load_text(text, source="sync.md")
    assert [(u.speaker, u.start, u.text) for u in call.utterances] == [
        ("Lena Park", 2.0, "Are we on track?"),
        ("Marco Rossi", 6.0, "Mostly. Two tickets slipped."),
        ("Lena Park", 15.0, "Which two?"),
    ]
    assert call.title == "Weekly sync"


def test_repeated_speaker_headings_without_times() -> None:
    turns = [("Lena Park", "Hi."), ("Marco Rossi", "Hello."), ("Lena Park", "Bye.")]
    turns.append(("Marco Rossi", "Bye."))
    text = "".join(f"### {name}\n{said}\n\n" for name, said in turns)
    call = load_text(text, source="x.md")
    assert [u.speaker for u in call.utterances] == ["Lena Park", "Marco Rossi"] * 2


def test_italic_labels() -> None:
    text = "*Lena Park:* Hi.\n\n*Marco Rossi:* Hello. *laughs*\n\n*Lena Park:* Bye.\n"
    call = load_text(text, source="x.md")
    assert [(u.speaker, u.text) for u in call.utterances] == [
        ("Lena Park", "Hi."),
        ("Marco Rossi", "Hello. *laughs*"),
        ("Lena Park", "Bye."),
    ]
