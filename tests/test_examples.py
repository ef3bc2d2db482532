"""The sample calls in examples/: each one loads, has its speakers and times, and matches
its manifest entry; and the committed files are exactly what their sources render to."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from callcoach.ingest import load_call
from callcoach.model import Call
from callcoach.roster import load_roster
from tests.scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MANIFEST: list[dict[str, Any]] = yaml.safe_load(
    (EXAMPLES / "manifest.yaml").read_text(encoding="utf-8")
)["calls"]
NOT_CALLS = {"manifest.yaml", "team.yaml", "README.md"}

# Formats whose files carry no speaker labels, or no times at all.
WITHOUT_SPEAKERS = {"whisper"}
WITHOUT_TIMES = {"text"}
# Formats that give a start per turn but no end (the last turn's end is unknown).
START_ONLY = {"text-timestamped", "otter"}


def _entry_id(entry: dict[str, Any]) -> str:
    return str(entry["file"])


def _speaker_for(entry: dict[str, Any], person: str) -> str:
    """The label a person carries in the file: their name, or a diarization label."""
    labels: dict[str, str] = entry.get("speaker_labels", {})
    return next((label for label, name in labels.items() if name == person), person)


def _has_speaker(call: Call, label: str) -> bool:
    # Parsers may spell a bare diarization label as "Speaker 0" / "Speaker A".
    return any(s.name == label or s.name.split()[-1] == label for s in call.speakers)


def _build_module() -> ModuleType:
    return load_script("build_examples")


def test_manifest_lists_every_example_file() -> None:
    on_disk = {p.name for p in EXAMPLES.iterdir() if p.is_file() and p.name not in NOT_CALLS}
    assert on_disk == {e["file"] for e in MANIFEST}


def test_mix_of_styles_formats_and_call_shapes() -> None:
    styles = [e["style"] for e in MANIFEST]
    assert styles.count("expert") >= 4
    assert styles.count("friend") >= 4
    assert 1 <= styles.count("mixed") <= 2
    assert len({e["format"] for e in MANIFEST}) >= 12
    assert any(len(e["reps"]) >= 2 for e in MANIFEST)
    assert any(len(e["prospects"]) >= 2 for e in MANIFEST)
    assert any(e["asr_text"] for e in MANIFEST)


@pytest.mark.parametrize("entry", MANIFEST, ids=_entry_id)
def test_example_loads_with_speakers_and_times(entry: dict[str, Any]) -> None:
    call = load_call(EXAMPLES / entry["file"])
    assert 6.0 <= entry["minutes"] <= 15.0
    if entry["format"] in WITHOUT_SPEAKERS:
        # With no labels every segment has the same (unknown) speaker, so turns merge.
        assert not call.has_speakers
        assert sum(len(u.segments) for u in call.utterances) >= entry["turns"] // 2
    else:
        assert len(call.utterances) >= entry["turns"] - 2
        assert len(call.speakers) == len(entry["reps"]) + len(entry["prospects"])
        for rep in entry["reps"]:
            assert _has_speaker(call, _speaker_for(entry, rep)), (rep, call.speakers)
    if entry["format"] in START_ONLY:
        assert all(u.start is not None for u in call.utterances)
    elif entry["format"] not in WITHOUT_TIMES:
        assert call.has_timestamps
        assert call.duration is not None and call.duration / 60 >= 5.5


def test_team_roster_holds_every_rep() -> None:
    roster = load_roster(EXAMPLES / "team.yaml")
    names = {m.name for m in roster.members}
    for entry in MANIFEST:
        assert set(entry["reps"]) <= names, entry["file"]


def test_committed_examples_match_their_sources(tmp_path: Path) -> None:
    _build_module().build_all(tmp_path)
    for built in tmp_path.iterdir():
        committed = EXAMPLES / built.name
        assert built.read_bytes() == committed.read_bytes(), (
            f"{built.name} differs from its source; run scripts/build_examples.py"
        )
