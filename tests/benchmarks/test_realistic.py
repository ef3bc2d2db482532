"""The realistic benchmark calls: an hour of varied talk, deterministic."""

from __future__ import annotations

from pathlib import Path

from benchmarks.realistic import realistic_call, write_realistic_calls
from callcoach import load_call


def test_an_hour_is_about_nine_thousand_words_in_400_to_800_turns() -> None:
    for seed in (0, 3):
        call = realistic_call(seed)
        words = sum(len(turn.text.split()) for turn in call.turns)
        assert 8_000 <= words <= 10_000
        assert 400 <= len(call.turns) <= 800
        assert 55 * 60 <= call.duration <= 65 * 60
        assert len({turn.speaker for turn in call.turns}) >= 2


def test_sentences_are_varied_not_templated() -> None:
    turns = [t.text for t in realistic_call(1).turns if len(t.text.split()) > 6]
    assert len(set(turns)) / len(turns) > 0.9


def test_same_seed_same_call_and_files_load(tmp_path: Path) -> None:
    assert realistic_call(5, minutes=5) == realistic_call(5, minutes=5)
    assert realistic_call(5, minutes=5) != realistic_call(6, minutes=5)
    [(path, reps)] = write_realistic_calls(tmp_path, 1, seed=2, minutes=5)
    call = load_call(path)
    assert set(reps) <= {s.name for s in call.speakers}
