"""On the sample calls, every expert-style rep outscores every friend-style rep, for reasons.

This is the product's promise in one test: the scorecard separates the two styles, and every
point deducted is explained by a derivation and, where something was observed, evidence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import callcoach
from callcoach.manifest import load_manifest
from callcoach.model import Scorecard
from callcoach.roster import load_roster
from callcoach.scoring import load_rubric
from tests.conftest import EXAMPLES

RUBRIC = load_rubric("expert-not-friend")
MANIFEST = yaml.safe_load((EXAMPLES / "manifest.yaml").read_text(encoding="utf-8"))["calls"]


def _score(entry: dict[str, object]) -> Scorecard:
    path = EXAMPLES / str(entry["file"])
    info = load_manifest(EXAMPLES / "manifest.yaml").for_file(path)
    assert info is not None
    call = callcoach.load_call(path, call_date=info.date, speaker_names=info.speaker_labels)
    analysis = callcoach.analyze(
        call,
        roster=load_roster(EXAMPLES / "team.yaml"),
        rubric="expert-not-friend",
        call_type=info.call_type,
    )
    assert analysis.scorecard is not None
    return analysis.scorecard


@pytest.fixture(scope="module")
def cards() -> dict[str, tuple[str, Scorecard]]:
    labelled = [e for e in MANIFEST if not str(e["file"]).endswith(".whisper.json")]
    return {str(e["file"]): (str(e["style"]), _score(e)) for e in labelled}


def test_every_expert_call_outscores_every_friend_call(
    cards: dict[str, tuple[str, Scorecard]],
) -> None:
    experts = {f: c.overall for f, (style, c) in cards.items() if style == "expert"}
    friends = {f: c.overall for f, (style, c) in cards.items() if style == "friend"}
    assert len(experts) >= 4 and len(friends) >= 4
    assert all(v is not None for v in [*experts.values(), *friends.values()])
    lowest_expert = min(experts.items(), key=lambda kv: kv[1] or 0)
    highest_friend = max(friends.items(), key=lambda kv: kv[1] or 0)
    assert (lowest_expert[1] or 0) > (highest_friend[1] or 0), (lowest_expert, highest_friend)


def test_every_deducted_point_is_explained(cards: dict[str, tuple[str, Scorecard]]) -> None:
    for file, (_, card) in cards.items():
        assert card.overall_derivation
        for criterion in card.criteria:
            assert criterion.derivation, (file, criterion.id)
            if criterion.score is None or criterion.score == 5:
                continue
            assert criterion.to_improve, (file, criterion.id)
            # Measures shown for context only (e.g. personal questions under discovery) are
            # never a criterion's evidence: a deduction needs a supporting measure observed.
            # A measure scored lower-is-better or against a target (the talk share, a
            # monologue) quotes faults, which the card does not list unlabelled (rubric
            # 2.7.1): such a deduction is explained by "To score higher", naming the measure.
            spec = next(c for c in RUBRIC.criteria if c.id == criterion.id)
            faults = {
                r.measure
                for r in spec.score.rules
                if r.target is not None or not r.higher_is_better
            }
            supporting = {m.id for m in spec.measures if m.evidence and m.id not in faults}
            # A moment counted against the rep is not shown through another measure either
            # (an unrequested pitch is also a recommendation; rubric 2.7.2 quotes no stated
            # need under Recommend): such a measure supports nothing on the card.
            against = {
                (e.utterance_id, e.char_start)
                for m in criterion.measures
                if m.id in faults
                for e in m.evidence
            }
            observed = [
                m
                for m in criterion.measures
                if m.value
                and m.id in supporting
                and any((e.utterance_id, e.char_start) not in against for e in m.evidence)
            ]
            if observed:
                assert criterion.evidence, f"{file}: {criterion.id} deducted without evidence"
            else:
                named = {m.description.casefold() for m in criterion.measures}
                assert any(n in criterion.to_improve.casefold() for n in named), (
                    file,
                    criterion.id,
                )


def test_friend_calls_are_told_what_to_work_on(cards: dict[str, tuple[str, Scorecard]]) -> None:
    for file, (style, card) in cards.items():
        if style == "friend":
            assert card.focus is not None, file
            focus = card.criterion(card.focus)
            assert focus.tip, file


def test_manifest_paths_exist() -> None:
    for entry in MANIFEST:
        assert Path(EXAMPLES / str(entry["file"])).exists()


def test_the_one_thing_to_work_on_is_measured_not_a_possible_miss(
    cards: dict[str, tuple[str, Scorecard]],
) -> None:
    # A score raised by an absence floor ("the detector may have missed it") is the focus
    # only when nothing measured is below 5: the expert negotiation sample (talk share 77%)
    # was told to summarize more (report 2.8.2).
    for file, (_, card) in cards.items():
        if card.focus is None:
            continue
        focus = card.criterion(card.focus)
        measured_below_5 = [
            c
            for c in card.criteria
            if c.score is not None and c.score < 5 and "; at least " not in c.derivation
        ]
        if measured_below_5:
            assert "; at least " not in focus.derivation, (file, card.focus)
    assert cards["08-quarryhill-negotiation-expert.json"][1].focus == "listening"
