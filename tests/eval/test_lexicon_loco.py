"""Leave-one-call-out phrase selection on an invented three-call folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.eval.lexicon_loco import lexicon_loco, prepare_calls, prepare_read_calls
from callcoach.eval.salescalls import load_gold
from tests.scripts import load_script

TURNS = [
    (
        "Riley Park",
        "Thanks for the time. We don't integrate with your billing tool, so exports stay manual.",
    ),
    ("Sam Ortiz", "Okay, noted."),
    # an announcement the gold does not mark (candor 1.5 drops one with nothing candid
    # after it, so this one carries a negative)
    ("Riley Park", "Just so you know, our office is not open on the holiday Monday."),
    ("Sam Ortiz", "Good to hear."),
]
LIMIT = "We don't integrate with your billing tool, so exports stay manual."


def _write(folder: Path, call_id: str) -> None:
    (folder / f"{call_id}.txt").write_text(
        "\n".join(f"{s}: {t}" for s, t in TURNS) + "\n", encoding="utf-8"
    )
    labels = {
        "id": call_id,
        "file": f"{call_id}.txt",
        "format": "plain-txt",
        "call_type": "discovery",
        "style": "expert",
        "reps": ["Riley Park"],
        "prospects": ["Sam Ortiz"],
        "turns": [
            {"i": i, "speaker": s, "start": None, "end": None, "text": t}
            for i, (s, t) in enumerate(TURNS)
        ],
        "moments": [{"turn": 0, "speaker": "Riley Park", "quote": LIMIT, "label": "candor"}],
        "criteria": {},
        "overall": 4.0,
    }
    (folder / f"{call_id}.labels.json").write_text(json.dumps(labels), encoding="utf-8")


def test_a_phrase_that_only_hurts_the_other_calls_is_dropped(tmp_path: Path) -> None:
    for name in ("t1_a_expert", "t2_b_expert", "t3_c_expert"):
        _write(tmp_path, name)
    calls = prepare_calls(load_gold(tmp_path))
    assert len(calls) == 3
    result = lexicon_loco("candor", "candor", calls)
    assert (result.in_sample.tp, result.in_sample.fp, result.in_sample.fn) == (3, 3, 0)
    # Held out, each call is scored with the phrases chosen on the other two: the
    # announcement that produced only false alarms there is gone, the limit phrase stays.
    assert (result.lenient.tp, result.lenient.fp, result.lenient.fn) == (3, 0, 0)
    assert (result.strict.tp, result.strict.fp, result.strict.fn) == (3, 0, 0)
    dropped = {phrase for _, phrase in result.dropped_lenient["t1_a_expert"]}
    assert any("just so you know" in phrase for phrase in dropped)
    assert result.summary()["loco_lenient"]["f1"] == 1.0


def test_a_sealed_blind_folder_is_never_pooled_into_a_loco() -> None:
    for folder in ("tests/data/salescalls_blind/sealed", "tests/data/salescalls_blind/sealed4"):
        with pytest.raises(ValueError, match="aggregate only"):
            prepare_read_calls("salescalls", [folder])


def test_an_unopened_blind_batch_is_never_pooled_into_a_loco() -> None:
    with pytest.raises(ValueError, match="not opened yet"):
        prepare_read_calls("salescalls", ["tests/data/salescalls_blind/open22"])


@pytest.mark.parametrize(
    ("script", "extra"),
    [
        ("loco_needs_coverage", []),
        ("loco_evidence_rules", []),
        ("loco_evidence_heads", []),
        ("loco_lexicons", []),
        ("loco_stall_head", []),
        ("cv_stall", ["--loco"]),
    ],
)
@pytest.mark.parametrize(
    ("folder", "reason"),
    [("sealed5", "aggregate only"), ("sealed", "aggregate only"), ("open22", "not opened yet")],
)
def test_every_loco_script_refuses_a_blind_folder_it_may_not_read(
    script: str, extra: list[str], folder: str, reason: str
) -> None:
    module = load_script(script)
    with pytest.raises(ValueError, match=reason):
        module.main([*extra, "--also", f"tests/data/salescalls_blind/{folder}"])


def test_read_batches_are_the_opened_halves_one_per_writer() -> None:
    from callcoach.eval.lexicon_loco import READ_BATCHES, UNOPENED, batch_of, check_read_folder

    assert list(READ_BATCHES) == [
        "dev",
        "open",
        "open2",
        "open3",
        "open4",
        "open5",
        "open6",
        "open7",
        "open8",
        "open9",
        "open10",
        "open11",
        "open12",
        "open13",
        "open14",
        "open15",
        "open16",
        "open17",
        "open18",
        "open19",
        "open20",
        "open21",
    ]
    assert not set(READ_BATCHES) & set(UNOPENED)
    for folder in READ_BATCHES.values():
        check_read_folder(folder)
    assert (
        batch_of("sc07_demo"),
        batch_of("sb03_x"),
        batch_of("sb42_x"),
        batch_of("sb50_x"),
        batch_of("sb58_x"),
        batch_of("sb66_x"),
        batch_of("sb74_x"),
        batch_of("sb82_x"),
        batch_of("sb90_x"),
        batch_of("sb98_x"),
        batch_of("sb106_x"),
        batch_of("sb114_x"),
        batch_of("sb122_x"),
        batch_of("sb130_x"),
        batch_of("sb138_x"),
        batch_of("sb146_x"),
        batch_of("sb154_x"),
        batch_of("sb162_x"),
    ) == (
        "dev",
        "open",
        "open6",
        "open7",
        "open8",
        "open9",
        "open10",
        "open11",
        "open12",
        "open13",
        "open14",
        "open15",
        "open16",
        "open17",
        "open18",
        "open19",
        "open20",
        "open21",
    )
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb46_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb54_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb78_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb62_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb70_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb86_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb94_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb102_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb110_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb118_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb126_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb134_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb142_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb150_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb158_x")
    with pytest.raises(ValueError, match="sealed"):
        batch_of("sb166_x")


def test_read_batch_calls_loads_each_named_batch_in_order() -> None:
    from callcoach.eval.lexicon_loco import read_batch_calls

    calls = read_batch_calls(["open", "open2"])
    assert [batch for batch, _, _ in calls] == ["open"] * 4 + ["open2"] * 4
    assert all(gold.id.startswith("sb") and call.utterances for _, gold, call in calls)


def test_three_digit_blind_ids_belong_to_their_own_batch() -> None:
    from callcoach.eval.lexicon_loco import batch_of

    assert batch_of("sb97_x") == "open13"
    assert batch_of("sb100_x") == "open13"
    assert batch_of("sb105_x") == batch_of("sb108_x") == "open14"
    assert batch_of("sb113_x") == batch_of("sb116_x") == "open15"
    assert batch_of("sb121_x") == batch_of("sb124_x") == "open16"
    assert batch_of("sb129_x") == batch_of("sb132_x") == "open17"
    assert batch_of("sb137_x") == batch_of("sb140_x") == "open18"
    assert batch_of("sb145_x") == batch_of("sb148_x") == "open19"
    assert batch_of("sb153_x") == batch_of("sb156_x") == "open20"
    assert batch_of("sb161_x") == batch_of("sb164_x") == "open21"
    assert batch_of("sb169_x") == batch_of("sb172_x") == "open22"
    assert batch_of("sb177_x") == batch_of("sb180_x") == "open23"
    assert batch_of("sb185_x") == batch_of("sb188_x") == "open24"
    for sealed in ("sb101_x", "sb104_x"):
        with pytest.raises(ValueError, match="sealed"):
            batch_of(sealed)


def test_the_fresh_check_is_read_but_left_out_of_the_design_batches() -> None:
    from callcoach.eval.lexicon_loco import DESIGN_BATCHES, FRESH_CHECK, READ_BATCHES, UNOPENED

    assert FRESH_CHECK in READ_BATCHES
    assert FRESH_CHECK not in UNOPENED
    assert FRESH_CHECK not in DESIGN_BATCHES
    assert set(DESIGN_BATCHES) | {FRESH_CHECK} == set(READ_BATCHES)
    assert list(DESIGN_BATCHES) == [b for b in READ_BATCHES if b != FRESH_CHECK]  # order kept
