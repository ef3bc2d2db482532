"""The blind sales calls (tests/data/salescalls_blind): data integrity and a regression guard.

Two frozen batches of eight calls: sb01-08 (sets ``open`` and ``sealed``) and sb09-16 (sets
``open2`` and ``sealed2``). The floors sit a little below the numbers measured once on each
frozen batch (docs/evaluation/blind-salescalls.md). They are a guard against regressions on
calls nobody tuned on, not a target: do not tune on these calls to move them (see the
folder's README).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from callcoach.eval.salescalls import CallResult, evaluate_salescalls, load_gold, summarize_results
from callcoach.ingest import load_call

ROOT = Path(__file__).resolve().parents[2]
BLIND = ROOT / "tests" / "data" / "salescalls_blind"
SETS = ("open", "sealed", "open2", "sealed2")
BATCHES = {"sb01-08": ("open", "sealed"), "sb09-16": ("open2", "sealed2")}

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
