"""The grammar-level forms of challenge and candor (callcoach.detectors.stance).

Every exchange here is invented; none is a sentence of the annotated sales calls. Each
positive is a rep turn that the phrase lexicons alone miss, so the test shows that the
form, read with the buyer's turn before it, finds it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.detectors import stance
from callcoach.detectors.candor import CandorDetector
from callcoach.detectors.challenge import ChallengeDetector
from callcoach.detectors.stance import candor_hits, challenge_hits, is_claim, is_question
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

# (buyer's turn, rep's turn, the rule that should find it)
CHALLENGES = [
    (
        "We'll put two more people on the returns desk, that should clear the pile.",
        "Two more people will open boxes faster, sure. But your parcels come back because the "
        "addresses on file are old, and that happens before anyone opens a box.",
        "concession",
    ),
    (
        "Our renewals slip because the clients forget the date.",
        "When we pulled renewal data for agencies your size, most of the late ones had a "
        "billing dispute open, not a forgotten date.",
        "correction",
    ),
    (
        "We'll add a weekend shift to catch up on the orders.",
        "A weekend shift still runs the same two packing stations, so the orders wait at "
        "the same place, just on Saturday.",
        "plan",
    ),
    (
        "Our vendors are just slow, that's why invoices get paid late.",
        "In the audits we've done for firms like yours, the invoices sat in approval for "
        "eight days before anyone paid them, which has nothing to do with the vendors.",
        "evidence",
    ),
    (
        "We're planning to wait for the new budget year before we change anything.",
        "The thing with waiting for the new year is that the penalties keep landing every "
        "month until then.",
        "premise",
    ),
]

# 1.4: a negated belief about the buyer's fix, and two parallel clauses
CHALLENGES += [
    (
        "We'll buy a faster label printer, that's why the dock is behind.",
        "I don't think a faster printer fixes that, the trucks wait on the pick list.",
        "premise",
    ),
    (
        "We'll only inspect the big shipments from now on.",
        "Inspecting the big shipments misses most of the damage, it happens on the small "
        "mixed pallets.",
        "plan",
    ),
]

# 1.4 round 2: the cheap part sped up, "that's the expensive part"
CHALLENGES += [
    (
        "We'll add a second oven to get the orders out faster.",
        "The oven takes ten minutes and the packing takes forty, so you'd be speeding up the "
        "short part.",
        "premise",
    ),
    (
        "Manual counts have never cost us a sale.",
        "They cost your team a day every month hunting for the missing pallet, and that's "
        "the expensive part.",
        "premise",
    ),
]

NOT_CHALLENGES = [
    # agreement, pitches with a contrast, questions, small talk, the buyer's own pushback
    ("We'll add a second line to double output.", "You're right, a second line is the way."),
    (
        "We'll switch suppliers to save money.",
        "It's not just a supplier portal, it's a whole platform.",
    ),
    ("Our team is slow because the old tool crashes.", "Ours runs locally, so it never crashes."),
    ("We'll hire more drivers for the holidays.", "How many drivers do you have today?"),
    ("It's been raining all week here.", "Same here, the garden's a swamp."),
    ("We need a bigger ad budget.", "Makes sense. What did you spend last quarter?"),
]

CANDORS = [
    (
        "Does it handle the bilingual forms?",
        "Not yet, the French version is on the roadmap.",
        "answer",
    ),
    (
        "Can the app book the ferry tickets too?",
        "It doesn't book tickets, it only shows the timetable.",
        "limitation",
    ),
    (
        "So the reports are automatic?",
        "They are, but someone on your side still has to approve each one.",
        "burden",
    ),
    (
        "What's the price for the pilot?",
        "Four hundred a month, and the scanners are billed separately.",
        "price",
    ),
    ("Should we take the premium tier?", "For a shop of five, I'd skip the premium tier.", "less"),
    ("When will we see the savings?", "Realistically, not in the first quarter.", "realism"),
]

# 1.4: general forms of time, effort and cost realism, and the plan that is enough
CANDORS += [
    (
        "Can you have the kiosks in all twelve branches for the spring launch?",
        "Six weeks isn't enough for twelve branches, we could do the flagship by then.",
        "realism",
    ),
    (
        "When would the warehouse feel the difference?",
        "The first couple of weeks your pickers won't see much change, the slotting has "
        "to settle first.",
        "realism",
    ),
    ("Is phone support included?", "Chat and email only.", "limitation"),
    (
        "Which plan should the clinic take?",
        "The starter plan might honestly be enough for three chairs.",
        "less",
    ),
    (
        "So the parking comes with the lease?",
        "It doesn't, parking is a separate monthly pass through the landlord.",
        "price",
    ),
]

CANDORS += [
    (
        "Can we cancel if the merger goes through?",
        "It's a three-year term with no break clause in the first year.",
        "price",
    ),
    (
        "Is the reporting good?",
        "Reporting is the weakest bit of the product, it works but it's clunky.",
        "limitation",
    ),
]

NOT_CANDORS = [
    # a no to a burden question, benefits phrased with a negation, competitors' limits,
    # logistics, praise
    ("Is it hard to install?", "Not at all, it takes ten minutes."),
    ("Are there setup fees?", "No, there are no setup fees and no contract."),
    ("Will it slow our laptops?", "It won't slow anything down."),
    ("Do the others do offline mode?", "They don't, and that's why teams switch to us."),
    ("Can you do Thursday?", "I can't do Thursday, but Friday at ten works."),
    ("Was the demo useful?", "Honestly, your team asked great questions."),
    ("Can we keep our own logins?", "You don't need to change anything, your logins stay."),
]

NOT_CANDORS += [
    # 1.4: non-sales talk that the forms read as a limit before (each turn is our own)
    ("Is there any damage on the frame?", "No, it's in great condition, barely ridden."),
    ("Are you going to the reunion?", "No, I'm not, I have a work trip that week."),
    ("Will the storm hit the coast?", "I hope it doesn't reach us before the weekend."),
    ("How's the camping trip going?", "We don't have much water left, to be fair."),
    ("Why did you move cities?", "To be honest, I wanted to live closer to my sister."),
    ("Could we get a faster courier?", "There's an extra fiver in it for you if he's early."),
    ("How long is the drive?", "Not too long, about forty minutes."),
    ("Do they accept clothes?", "No, today it's just the food bank collecting."),
]


def _run(detector: ChallengeDetector | CandorDetector, buyer: str, rep: str) -> list[Finding]:
    call = build_call([("Prospect", buyer), ("Rep", rep)])
    return detector.detect(call, build_context(call))


@pytest.mark.parametrize(("buyer", "rep", "rule"), CHALLENGES)
def test_challenge_forms(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in challenge_hits(rep, buyer)}
    assert [f.label for f in _run(ChallengeDetector(), buyer, rep)] == ["challenge"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CHALLENGES)
def test_not_challenge(buyer: str, rep: str) -> None:
    assert challenge_hits(rep, buyer) == []
    assert _run(ChallengeDetector(), buyer, rep) == []


@pytest.mark.parametrize(("buyer", "rep", "rule"), CANDORS)
def test_candor_forms(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CANDORS)
def test_not_candor(buyer: str, rep: str) -> None:
    assert candor_hits(rep, buyer) == []
    assert _run(CandorDetector(), buyer, rep) == []


def test_a_challenge_needs_a_claim_to_answer() -> None:
    rep = "A weekend shift still runs the same two packing stations, so the orders just wait."
    assert challenge_hits(rep, "We'll add a weekend shift to catch up.")
    # the same sentence after a question is an answer, not a challenge
    assert challenge_hits(rep, "What would a weekend shift change?") == []


def test_the_claim_may_be_a_turn_back() -> None:
    rep = "A weekend shift still runs the same two packing stations, so the orders just wait."
    earlier = ["We'll add a weekend shift to catch up."]
    assert challenge_hits(rep, "Yeah, mostly.", earlier)


def test_rule_and_kind_are_on_the_finding() -> None:
    found = _run(CandorDetector(), "Can it export to the old ledger?", "Not directly, no.")
    assert found[0].attributes["rule"] == "answer"
    assert found[0].attributes["kind"] == "limit"
    assert found[0].evidence[0].quote == "Not directly, no."


def test_an_adjacent_sentence_extends_the_finding() -> None:
    rep = (
        "Honestly, we don't do payroll. Someone on your team would still run it in the old system."
    )
    found = _run(CandorDetector(), "Does it cover payroll?", rep)
    assert len(found) == 1
    assert found[0].evidence[0].quote == rep


def test_questions_and_claims() -> None:
    assert is_question("Does it sync overnight?")
    assert is_question("does it sync overnight")
    assert not is_question("It syncs overnight.")
    assert is_claim("We'll hire two more clerks, that fixes it.")
    assert is_claim("Raj is already rewriting the rules.")
    assert not is_claim("What would you change?")
    assert not is_claim("Sure. Can you send it?")


def test_word_index_finds_what_brute_force_finds() -> None:
    """The forms are compiled with the lexicons' word index; it must not hide a match
    (a contraction is indexed as one word: "we're" is not a start of "we")."""
    data = Path(__file__).resolve().parents[1] / "data" / "stance"
    texts = [
        json.loads(line)[key]
        for path in data.glob("*.jsonl")
        for line in path.open(encoding="utf-8")
        for key in ("prev", "text")
    ]
    texts += [t.lower().replace(",", "").replace(".", "").replace("?", "") for t in texts]
    for name in stance._FORMS:
        lexicon = stance._forms(name)
        for text in texts:
            indexed = [(m.start, m.end) for m in lexicon.finditer(text)]
            brute = sorted(
                (m.start(), p.order, m.end()) for p in lexicon.phrases for m in p.finditer(text)
            )
            kept, position = [], 0
            for start, _, end in brute:
                if start >= position:
                    position = max(end, start + 1)
                    kept.append((start, end))
            assert indexed == kept, (name, text)
