"""The blind sales calls (tests/data/salescalls_blind): data integrity and a regression guard.

Twenty-four frozen batches of eight calls: sb01-08 (sets ``open`` and ``sealed``), sb09-16 (sets
``open2`` and ``sealed2``), sb17-24 (sets ``open3`` and ``sealed3``), sb25-32 (sets ``open4``
and ``sealed4``), sb33-40 (sets ``open5`` and ``sealed5``), sb41-48 (sets ``open6`` and
``sealed6``), sb49-56 (sets ``open7`` and ``sealed7``), sb57-64 (sets ``open8`` and
``sealed8``), sb65-72 (sets ``open9`` and ``sealed9``), sb73-80 (sets ``open10`` and
``sealed10``), sb81-88 (sets ``open11`` and ``sealed11``), sb89-96 (sets ``open12`` and
``sealed12``), sb97-104 (sets ``open13`` and ``sealed13``), sb105-112 (sets ``open14`` and
``sealed14``), sb113-120 (sets ``open15`` and ``sealed15``), sb121-128 (sets ``open16``
and ``sealed16``), sb129-136 (sets ``open17`` and ``sealed17``), sb137-144 (sets ``open18``
and ``sealed18``), sb145-152 (sets ``open19`` and ``sealed19``), sb153-160 (sets
``open20`` and ``sealed20``), sb161-168 (sets ``open21`` and ``sealed21``), sb169-176
(sets ``open22`` and ``sealed22``), sb177-184 (sets ``open23`` and ``sealed23``) and sb185-192
(sets ``open24`` and ``sealed24``). The
floors sit a little below the numbers measured once on each of the first two frozen batches
(docs/evaluation/blind-salescalls.md). They are a guard against regressions on calls nobody
tuned on, not a target: do not tune on these calls to move them (see the folder's README).
The third to twenty-fourth batches have integrity checks only: no detector runs on them in the
tests, so that their numbers stay one-off measurements.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from callcoach.eval.salescalls import (
    CRITERIA,
    CallResult,
    evaluate_salescalls,
    load_gold,
    summarize_results,
)
from callcoach.ingest import load_call

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "tests" / "data" / "salescalls_blind"
SETS = (
    "open",
    "sealed",
    "open2",
    "sealed2",
    "open3",
    "sealed3",
    "open4",
    "sealed4",
    "open5",
    "sealed5",
    "open6",
    "sealed6",
    "open7",
    "sealed7",
    "open8",
    "sealed8",
    "open9",
    "sealed9",
    "open10",
    "sealed10",
    "open11",
    "sealed11",
    "open12",
    "sealed12",
    "open13",
    "sealed13",
    "open14",
    "sealed14",
    "open15",
    "sealed15",
    "open16",
    "sealed16",
    "open17",
    "sealed17",
    "open18",
    "sealed18",
    "open19",
    "sealed19",
    "open20",
    "sealed20",
    "open21",
    "sealed21",
    "open22",
    "sealed22",
    "open23",
    "sealed23",
    "open24",
    "sealed24",
)
# Batches with integrity checks only: no detector runs on them in the tests.
BATCHES = {"sb01-08": ("open", "sealed"), "sb09-16": ("open2", "sealed2")}
LATER_SETS = [name for name in SETS if not any(name in pair for pair in BATCHES.values())]

# Pooled F1 over sb01-08, measured at the freeze, minus a margin (0.05-0.10).
F1_FLOORS = {
    "question": 0.88,
    "small_talk": 0.60,
    "quantified_pain": 0.45,
    "candor": 0.45,
    "challenge": 0.05,
    "summarize": 0.40,
    "stall": 0.40,
    "stall_response": 0.20,
    "next_step": 0.50,
    "next_step_accept": 0.30,
    # needs_coverage 1.5: measured 0.55 / 0.51 (open calls in-sample for its forms)
    "need": 0.45,
    "recommendation": 0.40,
    "self_talk": 0.28,
    "interruption": 0.70,
}

# Pooled F1 over sb09-16, measured once after their freeze (f54b642) at main 9d001d7,
# minus a margin (0.05-0.10).
F1_FLOORS_2 = {
    "question": 0.84,
    "small_talk": 0.64,
    "quantified_pain": 0.58,
    "candor": 0.33,
    "challenge": 0.20,
    "summarize": 0.25,
    "stall": 0.55,
    "stall_response": 0.42,
    "next_step": 0.57,
    "next_step_accept": 0.25,
    "need": 0.32,
    "recommendation": 0.30,
    "self_talk": 0.45,
    "interruption": 0.70,
}
# Scorecard and roles guards per batch: MAE ceiling, Spearman floor, roles right floor.
CARD_GUARDS = {"sb01-08": (1.20, 0.75, 6), "sb09-16": (1.00, 0.80, 4)}


def test_blind_files_are_built_from_their_sources() -> None:
    script = ROOT / "scripts" / "build_blind_salescalls.py"
    run = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def test_scripts_know_every_set_and_score_later_batches_only_when_named() -> None:
    """The builder and the scoring script cover every folder; sb17-32 are never scored by
    default, nor are sb33-40 (open5/sealed5), sb41-48 (open6/sealed6), sb49-56
    (open7/sealed7), sb57-64 (open8/sealed8), sb65-72 (open9/sealed9), sb73-80
    (open10/sealed10), sb81-88 (open11/sealed11), sb89-96 (open12/sealed12), sb97-104
    (open13/sealed13), sb105-112 (open14/sealed14), sb113-120 (open15/sealed15), sb121-128
    (open16/sealed16), sb129-136 (open17/sealed17), sb137-144 (open18/sealed18), sb145-152
    (open19/sealed19), sb153-160 (open20/sealed20), sb161-168 (open21/sealed21), sb169-176
    (open22/sealed22), sb177-184 (open23/sealed23) or sb185-192 (open24/sealed24), so nobody
    reads their numbers by accident."""
    folders = {p.name for p in BLIND.iterdir() if p.is_dir() and p.name != "src"}
    assert set(SETS) == folders
    assert set(_script("build_blind_salescalls").SETS) == folders
    scoring = _script("blind_salescalls")
    assert set(scoring.SETS) == folders
    assert not set(LATER_SETS) & set(scoring.DEFAULT_SETS)
    assert scoring.PAIRS["sb33-40"] == ("open5", "sealed5")
    assert scoring.PAIRS["sb41-48"] == ("open6", "sealed6")
    assert scoring.PAIRS["sb49-56"] == ("open7", "sealed7")
    assert scoring.PAIRS["sb57-64"] == ("open8", "sealed8")
    assert scoring.PAIRS["sb65-72"] == ("open9", "sealed9")
    assert scoring.PAIRS["sb73-80"] == ("open10", "sealed10")
    assert scoring.PAIRS["sb81-88"] == ("open11", "sealed11")
    assert scoring.PAIRS["sb89-96"] == ("open12", "sealed12")
    assert scoring.PAIRS["sb97-104"] == ("open13", "sealed13")
    assert scoring.PAIRS["sb105-112"] == ("open14", "sealed14")
    assert scoring.PAIRS["sb113-120"] == ("open15", "sealed15")
    assert scoring.PAIRS["sb121-128"] == ("open16", "sealed16")
    assert scoring.PAIRS["sb129-136"] == ("open17", "sealed17")
    assert scoring.PAIRS["sb137-144"] == ("open18", "sealed18")
    assert scoring.PAIRS["sb145-152"] == ("open19", "sealed19")
    assert scoring.PAIRS["sb153-160"] == ("open20", "sealed20")
    assert scoring.PAIRS["sb161-168"] == ("open21", "sealed21")
    assert scoring.PAIRS["sb169-176"] == ("open22", "sealed22")
    assert scoring.PAIRS["sb177-184"] == ("open23", "sealed23")
    assert scoring.PAIRS["sb185-192"] == ("open24", "sealed24")


@pytest.mark.parametrize("name", SETS)
def test_blind_labels_match_what_ingest_produces(name: str) -> None:
    calls = load_gold(BLIND / name)
    assert len(calls) == 4
    for gold in calls:
        assert not gold.unplaced, gold.id  # every quote is in its turn
        raw = json.loads((BLIND / name / f"{gold.id}.labels.json").read_text(encoding="utf-8"))
        names: dict[str, str] = raw.get("speaker_names") or {}
        assert {t.speaker for t in gold.turns} == set(gold.reps) | set(gold.prospects)
        turns: list[tuple[str, list[str]]] = []
        for u in load_call(gold.path).utterances:
            if turns and turns[-1][0] == u.speaker:
                turns[-1][1].append(u.text)
            else:
                turns.append((u.speaker or "", [u.text]))
        assert len(turns) == len(gold.turns), gold.id
        for (speaker, texts), g in zip(turns, gold.turns, strict=True):
            assert speaker in (g.speaker, names.get(g.speaker)), (gold.id, g.i)
            assert " ".join(texts) == g.text, (gold.id, g.i)


def _labels(name: str) -> list[dict[str, Any]]:
    folder = BLIND / name
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.labels.json"))
    ]


@pytest.mark.parametrize("name", SETS)
def test_blind_quotes_are_exact_substrings_of_their_turns(name: str) -> None:
    for raw in _labels(name):
        turns = raw["turns"]
        assert [t["i"] for t in turns] == list(range(len(turns))), raw["id"]
        for m in raw["moments"]:
            turn = turns[m["turn"]]
            assert m["quote"] and m["quote"] in turn["text"], (raw["id"], m["turn"], m["quote"])
            assert m["speaker"] == turn["speaker"], (raw["id"], m["turn"])


@pytest.mark.parametrize("name", LATER_SETS)
def test_blind_ratings_are_complete(name: str) -> None:
    """Every criterion rated 1-5 with a reason (stalls null exactly when nobody stalled)."""
    for raw in _labels(name):
        criteria = raw["criteria"]
        assert set(criteria) == set(CRITERIA), raw["id"]
        stalled = any(m["label"] == "stall" for m in raw["moments"])
        for crit, rating in criteria.items():
            assert rating["why"].strip(), (raw["id"], crit)
            if crit == "stalls" and not stalled:
                assert rating["score"] is None, raw["id"]
            else:
                assert rating["score"] in (1, 2, 3, 4, 5), (raw["id"], crit)
        assert 1.0 <= raw["overall"] <= 5.0, raw["id"]
        assert raw["notes"].strip(), raw["id"]


@pytest.mark.parametrize("name", LATER_SETS)
def test_blind_moment_attributes_are_consistent(name: str) -> None:
    """Links between moments point at what they name; roles say who may carry a label."""
    for raw in _labels(name):
        reps, prospects = set(raw["reps"]), set(raw["prospects"])
        moments = raw["moments"]
        at = {(m["turn"], m["label"]) for m in moments}
        needs = {m["attrs"]["id"] for m in moments if m["label"] == "need"}
        for m in moments:
            label, attrs, where = m["label"], m["attrs"], (raw["id"], m["turn"], m["label"])
            if label in ("challenge", "candor", "summarize", "recommendation", "self_talk"):
                assert m["speaker"] in reps, where
            if label in ("stall_response",):
                assert m["speaker"] in reps and (attrs["stall_turn"], "stall") in at, where
                assert attrs["handling"] in ("probed", "accepted", "reframed"), where
            if label in ("need", "stall", "next_step_accept"):
                assert m["speaker"] in prospects, where
            if label == "next_step_accept":
                assert (attrs["step_turn"], "next_step") in at, where
            if label == "recommendation":
                assert attrs.get("unrequested") or set(attrs["needs"]) <= needs, where
            if label == "question":
                assert attrs["type"] in ("open", "closed"), where
                assert attrs["topic"] in ("business", "personal", "logistics"), where
            if label == "next_step":
                assert attrs["owner"] in ("rep", "prospect", "both"), where
            if label == "summarize":
                assert all(t < m["turn"] for t in attrs["covers_turns"]), where


@pytest.fixture(scope="module")
def blind_summaries() -> dict[str, dict[str, Any]]:
    """Each frozen batch of eight calls scored once, pooled over its two sets."""
    out: dict[str, dict[str, Any]] = {}
    for batch, names in BATCHES.items():
        results: list[CallResult] = []
        for name in names:
            _, found = evaluate_salescalls(str(BLIND / name))
            results.extend(found)
        assert all(r.loaded and r.coverage == 1.0 for r in results), batch
        out[batch] = summarize_results(results)
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("batch", "floors"), [("sb01-08", F1_FLOORS), ("sb09-16", F1_FLOORS_2)])
def test_blind_label_f1_stays_above_its_floor(
    blind_summaries: dict[str, dict[str, Any]], batch: str, floors: dict[str, float]
) -> None:
    labels = blind_summaries[batch]["labels"]
    low = {
        label: labels[label]["f1"] for label, floor in floors.items() if labels[label]["f1"] < floor
    }
    assert not low, f"{batch} below the blind floors {floors}: {low}"


@pytest.mark.slow
@pytest.mark.parametrize("batch", list(BATCHES))
def test_blind_scorecard_and_roles_do_not_regress(
    blind_summaries: dict[str, dict[str, Any]], batch: str
) -> None:
    max_mae, min_spearman, min_right = CARD_GUARDS[batch]
    card = blind_summaries[batch]["scorecard"]
    assert card["criterion_mae"] <= max_mae
    assert card["overall_spearman"] >= min_spearman
    assert card["friend_below_expert"]
    roles = blind_summaries[batch]["roles"]
    assert roles["right"] >= min_right
    assert roles["buyer_as_rep"] == 0
