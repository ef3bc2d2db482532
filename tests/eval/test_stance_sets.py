"""Challenge and candor on our invented exchanges (tests/data/stance), scored like calls.

Each set is rows of (earlier turns, buyer's turn, the next turn, gold label and quote), all
our own writing: none is a sentence of the annotated sales calls. ``design`` was used to
write the grammar-level forms (``callcoach/detectors/stance.py``); ``heldout`` (written in
the same sitting), ``heldout_f``, ``heldout_g`` and ``heldout_h`` (each written later, in
another style: the claim a turn or two back, long mixed turns, ASR text) were each scored
blind once, after rounds 1, 1, 2 and 3 of the forms; F and G were then used for rounds 2
and 3, H for 1.4. ``heldout_i`` and ``heldout_j`` (1.4, two more voices) were each frozen
before the round they were first scored after: I was scored blind before and after round 1
and used for round 2, J was scored blind after rounds 1 and 2 and never used by 1.4; 1.5
read the misses of I and J (both are now used). ``heldout_k`` (1.5: Indian, British,
Australian and US English, ASR run-ons, more hard negatives) was frozen before 1.5 changed
anything and scored once, after the 1.5 rules were final.
docs/evaluation/lexical.md and docs/evaluation/stance.md have the blind numbers; the
floors below pin the current ones, so a change that loses precision or recall on them
fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from callcoach.detectors import registry
from callcoach.detectors.base import Detector
from callcoach.eval.lexicon_loco import lexicon_loco, prepare_calls
from callcoach.eval.salescalls import load_gold, resolve_salescalls
from callcoach.eval.stance_sets import StanceRow, load_rows, score_rows, stance_call

from .conftest import SHARED_DATA, needs_shared_data

DATA = Path(__file__).resolve().parents[1] / "data" / "stance"

FLOORS = [
    # (set, detector, precision, recall)
    ("design", "challenge", 0.9, 0.8),
    ("design", "candor", 0.85, 0.9),
    ("heldout", "challenge", 0.8, 0.7),
    ("heldout", "candor", 0.9, 0.95),
    ("heldout_f", "challenge", 0.85, 0.7),
    ("heldout_f", "candor", 0.85, 0.85),
    ("heldout_g", "challenge", 0.95, 0.8),
    ("heldout_g", "candor", 0.9, 0.95),
    ("heldout_h", "challenge", 0.95, 0.85),
    ("heldout_h", "candor", 0.85, 0.7),
    ("heldout_i", "challenge", 0.95, 0.85),
    ("heldout_i", "candor", 0.85, 0.75),
    ("heldout_j", "challenge", 0.95, 0.7),
    ("heldout_j", "candor", 0.85, 0.95),
    # K: frozen before 1.5, scored once after it (its blind score pinned, never tuned on)
    ("heldout_k", "challenge", 0.7, 0.5),
    ("heldout_k", "candor", 0.85, 0.75),
]


def _rules(detector: str) -> Detector:
    """The detector with its learned head off: the floors guard the rules (1.11: candor's
    head is on; what it adds on these sets is guarded by the test below). Challenge 1.11's
    reply veto is off too: it reads the buyer's reply to the rep's turn, and these sets have
    none (the turn after a row's rep turn is the next row's opening, another exchange), so
    on them it can only remove the lowest-scored finding of the set at random
    (docs/evaluation/stance.md, 1.16)."""
    if detector == "challenge":
        return registry.get(detector)(head_mode="rules", reply_veto=0.0)
    return registry.get(detector)(head_mode="rules")


@pytest.mark.parametrize(("split", "detector", "precision", "recall"), FLOORS)
def test_stance_set_floor(split: str, detector: str, precision: float, recall: float) -> None:
    score = score_rows(detector, detector, load_rows(DATA / f"{split}.jsonl"), _rules(detector))
    assert score.precision >= precision and score.recall >= recall, (
        score.precision,
        score.recall,
    )


def test_sets_are_balanced_and_well_formed() -> None:
    for path in sorted(DATA.glob("*.jsonl")):
        rows = load_rows(path)
        labels = {row.label for row in rows}
        assert labels == {"challenge", "candor", "none"}, path
        assert len({row.id for row in rows}) == len(rows), path


def test_a_prospect_row_is_never_a_finding() -> None:
    row = StanceRow("p1", "We can cut your costs in half.", "I don't think so.", "none", "prospect")
    call, scored = stance_call([row])
    assert call.utterances[scored[0]].speaker == "Buyer"
    assert score_rows("candor", "candor", [row]).fp == 0


def test_a_quote_that_is_not_in_the_text_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "x", "prev": "Ok.", "text": "We don\'t do that.", "label": "candor", '
        '"quote": "something else"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        load_rows(bad)


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_dev_salescalls_leave_one_call_out_floors() -> None:
    """The 12 dev calls: in-sample and leave-one-call-out (strict: a phrase must find a gold
    moment on another call) F1 of challenge and candor; the numbers of
    docs/evaluation/stance.md (1.5), less a margin. The grammar-level forms are fixed
    rules, so the strict protocol keeps them on every held-out call."""
    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    calls = prepare_calls(load_gold(resolve_salescalls(str(folder))))
    # in-sample, strict LOCO; challenge 1.11's reply veto (on by default, so in this harness
    # too) costs the dev writer's calls 2 hits for 2 false alarms: in-sample 0.86 -> 0.80,
    # strict 0.67 (docs/evaluation/stance.md, 1.16)
    floors = {"challenge": (0.75, 0.65), "candor": (0.88, 0.8)}
    for name, (in_sample, strict) in floors.items():
        result = lexicon_loco(name, name, calls)
        assert result.in_sample.f1 >= in_sample, (name, result.summary())
        assert result.strict.f1 >= strict, (name, result.summary())


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_new_rules_chosen_by_leave_one_call_out() -> None:
    """1.5's rules, chosen for each held-out call on the other 11 and the earlier invented
    sets: candor's false alarms on the dev calls fall (14 → 4 in-sample) with no moment
    lost, and challenge keeps its dev numbers (docs/evaluation/stance.md)."""
    from callcoach.eval.stance_loco import rule_loco

    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    calls = prepare_calls(load_gold(resolve_salescalls(str(folder))))
    sets = {n: load_rows(DATA / f"{n}.jsonl") for n in ("heldout_i", "heldout_j")}
    candor = rule_loco("candor", "candor", calls, sets)
    assert candor.loco.fn == candor.baseline.fn and candor.loco.fp < candor.baseline.fp
    assert candor.loco.precision >= 0.8, candor.summary()
    challenge = rule_loco("challenge", "challenge", calls, sets)
    assert challenge.loco.f1 >= challenge.baseline.f1 - 1e-9, challenge.summary()


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_rules_chosen_on_the_16_calls() -> None:
    """1.6: the rule LOCO pooled over the 12 dev calls and the 4 open blind calls (16
    folds, the earlier invented sets alongside; never the sealed calls). The strict score
    counts a rule on a held-out call only when it helps on another call or set; the
    numbers of docs/evaluation/stance.md (1.6) less a margin. Challenge before 1.6's
    rules: 0.67 with every new rule off."""
    from callcoach.eval.stance_loco import rule_loco

    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    blind = Path(__file__).resolve().parents[1] / "data" / "salescalls_blind" / "open"
    calls = prepare_calls(load_gold(resolve_salescalls(str(folder))))
    calls += prepare_calls(load_gold(blind))
    sets = {n: load_rows(DATA / f"{n}.jsonl") for n in ("heldout_i", "heldout_j")}
    challenge = rule_loco("challenge", "challenge", calls, sets)
    assert challenge.strict.f1 >= 0.78 and challenge.strict.f1 > challenge.baseline.f1, (
        challenge.summary()
    )
    candor = rule_loco("candor", "candor", calls, sets)
    assert candor.strict.f1 >= 0.82 and candor.strict.precision >= 0.8, candor.summary()


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_rules_chosen_on_the_20_calls() -> None:
    """1.7: the strict rule LOCO pooled over the 12 dev calls and the 8 open blind calls
    (open, open2; 20 folds, the invented selection sets alongside; never the sealed
    calls), as ``scripts/loco_stance_rules.py --also … --also …`` prints it: challenge
    0.83 → 0.89, candor 0.77 → 0.84 with 1.7 (docs/evaluation/stance.md), less a margin."""
    from callcoach.eval.stance_loco import rule_loco
    from callcoach.eval.stance_sets import SELECTION_SETS

    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    blind = Path(__file__).resolve().parents[1] / "data" / "salescalls_blind"
    calls = prepare_calls(load_gold(resolve_salescalls(str(folder))))
    for name in ("open", "open2"):
        calls += prepare_calls(load_gold(blind / name))
    sets = {n: load_rows(DATA / f"{n}.jsonl") for n in SELECTION_SETS}
    challenge = rule_loco("challenge", "challenge", calls, sets)
    assert challenge.strict.f1 >= 0.86 and challenge.strict.precision >= 0.8, challenge.summary()
    candor = rule_loco("candor", "candor", calls, sets)
    assert candor.strict.f1 >= 0.81 and candor.strict.precision >= 0.77, candor.summary()


@pytest.mark.slow
def test_the_candor_head_adds_at_most_one_false_alarm_on_each_invented_set() -> None:
    """1.11: the shipped candor (head on, "or" at 0.85) against its rules alone on every
    set: it loses no right finding and adds at most one false alarm per set (measured: one
    on heldout, F and I, none on the others; K: one right and one wrong more)."""
    added = 0
    for split in dict.fromkeys(split for split, *_ in FLOORS):
        rows = load_rows(DATA / f"{split}.jsonl")
        on = score_rows("candor", "candor", rows)
        off = score_rows("candor", "candor", rows, _rules("candor"))
        assert on.tp >= off.tp and on.fp - off.fp <= 1, (split, on.counts(), off.counts())
        added += on.fp - off.fp
    assert added <= 4


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_non_sales_dialogue_rarely_holds_challenge_or_candor() -> None:
    """Findings per 1,000 rep turns on dialogue that is not a sales call (NON_SALES, ~3,000
    turns each): 1.5 measured challenge 3.6 and candor 9.8 over all five (1.4: 3.6 / 9.9,
    1.3: 17.5 for candor); the ceilings leave a margin. Each finding there is an upper
    bound on a false alarm. 1.11 (candor's head on, round-4 rows, for-sale gate): 11.8
    (10.0 with the rules alone); the ceiling is unchanged."""
    from callcoach.eval.stance_sets import NON_SALES, corpus_rate

    found = {"challenge": 0, "candor": 0}
    turns = 0
    for corpus, split in NON_SALES:
        if not (SHARED_DATA / corpus).is_dir():
            pytest.skip(f"../shared/data/{corpus} not present")
        rates = corpus_rate(corpus, split, list(found), 3000)
        turns += rates["candor"].turns
        for name in found:
            found[name] += rates[name].findings
    assert 1000 * found["challenge"] / turns <= 5.0, found
    assert 1000 * found["candor"] / turns <= 12.0, found


@needs_shared_data
@pytest.mark.corpus
@pytest.mark.slow
def test_the_heads_join_as_the_24_call_leave_one_call_out_chose() -> None:
    """1.8: ``scripts/loco_stance_heads.py`` over the 24 read calls (dev, open, open2,
    open3) chooses the rules alone on every fold for both moves; the heads alone score
    0.34 / 0.22 there (docs/evaluation/stance.md). Challenge ships that choice; candor
    1.11 ships "or" at 0.85, measured on open5 and open6 before they were read and on the
    sealed aggregates, which the LOCO over calls its rules were written from picked on 2
    of 24 folds, and (candor 1.20.0's ``upsell-pitch`` gate) picks on 22."""
    import importlib.util
    import sys

    from callcoach.detectors.candor import CandorDetector
    from callcoach.detectors.challenge import ChallengeDetector

    folder = SHARED_DATA / "salescalls"
    if not folder.is_dir():
        pytest.skip("../shared/data/salescalls not present")
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "loco_stance_heads", root / "scripts" / "loco_stance_heads.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    sys.modules["loco_stance_heads"] = script
    spec.loader.exec_module(script)
    blind = root / "tests" / "data" / "salescalls_blind"
    calls = prepare_calls(load_gold(resolve_salescalls(str(folder))))
    for name in ("open", "open2", "open3"):
        calls += prepare_calls(load_gold(blind / name))
    for name, head_alone in (("challenge", 0.3), ("candor", 0.2)):
        result = script.head_loco(name, calls)
        chosen = list(result["chosen"].values())
        if name == "challenge":
            assert set(chosen) == {"rules"}
            assert result["loco"].f1 == result["in_sample"]["rules"].f1
        else:
            # 1.11's head (round 4 rows) had the rules on 22 of the 24 folds, "or" at 0.85
            # on 2 (these calls' rules were written from them); it ships on because it
            # helped the calls nobody designed on (open6 before reading, 24 sealed). Since
            # candor 1.20.0 the head's gate drops a recommendation of a bigger plan
            # (``upsell-pitch``), the head's one dev false alarm here: "or" at 0.85, as
            # shipped, on 22 folds, "or" at 0.8 on 1, the rules on 1
            assert chosen.count("or add>=0.85") >= 22, chosen
        assert result["in_sample"]["head"].f1 >= head_alone, result["in_sample"]["head"].counts()
    assert ChallengeDetector.HEAD_MODE == "rules"
    assert CandorDetector.HEAD_MODE == "or"
    assert CandorDetector.HEAD_ADD == 0.85
