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
    """The rules' findings (``rule_findings``): this file tests the rules; since 1.10
    candor's learned head is on by default and is tested in test_stance_heads.py."""
    call = build_call([("Prospect", buyer), ("Rep", rep)])
    return detector.rule_findings(call, build_context(call))


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
    # candor 1.22.0 (``quote-core``): the quote starts after the opening "Honestly,"
    assert found[0].evidence[0].quote == rep.removeprefix("Honestly, ")


def test_questions_and_claims() -> None:
    assert is_question("Does it sync overnight?")
    assert is_question("does it sync overnight")
    assert not is_question("It syncs overnight.")
    assert is_claim("We'll hire two more clerks, that fixes it.")
    assert is_claim("Raj is already rewriting the rules.")
    assert not is_claim("What would you change?")
    assert not is_claim("Sure. Can you send it?")


_STANCE_DATA = Path(__file__).resolve().parents[1] / "data" / "stance"


def _set_texts(paths: list[Path]) -> list[str]:
    return [
        json.loads(line)[key]
        for path in paths
        for line in path.open(encoding="utf-8")
        for key in ("prev", "text")
    ]


def test_word_index_finds_what_brute_force_finds() -> None:
    """The forms are compiled with the lexicons' word index; it must not hide a match
    (a contraction is indexed by its parts too: "we're" starts "we")."""
    paths = [p for p in _STANCE_DATA.glob("*.jsonl") if p.stem != "heldout_k"]
    _index_matches_brute_force(_set_texts(paths))


def test_word_index_finds_what_brute_force_finds_on_set_k() -> None:
    _index_matches_brute_force(_set_texts([_STANCE_DATA / "heldout_k.jsonl"]))


def _index_matches_brute_force(texts: list[str]) -> None:
    texts = texts + [t.lower().replace(",", "").replace(".", "").replace("?", "") for t in texts]
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


# 1.5: doubts about the buyer's cause, challenging questions, plain evidence about the
# buyer's world after a direct claim (each exchange invented)
CHALLENGES_15 = [
    (
        "Our churn is all about price, the big chains undercut us.",
        "I'm not convinced price is the real reason they leave.",
        "doubt",
    ),
    (
        "The new hires quit because the work is boring.",
        "I'd actually argue they're leaving before they ever get to the boring part.",
        "doubt",
    ),
    (
        "Our drivers are careful, the accidents are just bad luck.",
        "If it's luck, why do four of the five claims come from the night shift?",
        "question",
    ),
    (
        "We'll hire two more dispatchers, the phones are the problem.",
        "In the depots we've audited, two thirds of the calls your dispatchers take are "
        "customers asking where the driver is.",
        "evidence-plain",
    ),
    (
        # a pattern in the buyer's own numbers; "saves" is the buyer's word, not a pitch
        "We'll cut the delivery slots to save on drivers.",
        "Your cancellations jump the week after every slot cut, and each one costs you more "
        "than the driver hour saves.",
        "evidence",
    ),
]

NOT_CHALLENGES_15 = [
    # polite disagreement with no insight, a discovery question after a claim, agreement
    # that quotes the buyer, plain evidence after an answer to the rep's own question
    (
        "We think the timing is wrong for this.",
        "I see it a little differently, but it's your call of course.",
    ),
    ("Our drivers are careful, accidents are bad luck.", "What does one accident cost you?"),
    (
        "Turnover is our biggest problem, the pay is too low.",
        "Like you said, pay is most of it, and the other chains pay more than you do.",
    ),
]


@pytest.mark.parametrize(("buyer", "rep", "rule"), CHALLENGES_15)
def test_challenge_forms_15(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in challenge_hits(rep, buyer)}
    retired = ChallengeDetector.RETIRED_1_13
    if rule in retired:  # 1.13.0: the ``evidence`` rule is retired; switched on it still reads
        on = type("On", (ChallengeDetector,), {"rules_off": ChallengeDetector.rules_off - retired})
        assert [f.label for f in _run(on(), buyer, rep)] == ["challenge"]
        assert _run(ChallengeDetector(), buyer, rep) == []
        return
    assert [f.label for f in _run(ChallengeDetector(), buyer, rep)] == ["challenge"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CHALLENGES_15)
def test_not_challenge_15(buyer: str, rep: str) -> None:
    assert _run(ChallengeDetector(), buyer, rep) == []


def test_plain_evidence_needs_the_claim_just_before() -> None:
    rep = (
        "In the depots we've audited, two thirds of the calls your dispatchers take are "
        "customers asking where the driver is."
    )
    claim = "We'll hire two more dispatchers, the phones are the problem."
    answer = "About forty calls an hour at peak, and most of them land on two dispatchers."
    assert challenge_hits(rep, claim)
    # the claim was earlier; the buyer's last turn answered the rep's question
    assert challenge_hits(rep, answer, [claim]) == []


def test_a_short_challenge_runs_on_over_its_reason() -> None:
    rep = (
        "I doubt it's the night crew. Your shrink jumps every time a delivery lands after "
        "six, which points at receiving."
    )
    found = _run(ChallengeDetector(), "We lose stock because the night crew steals it.", rep)
    assert len(found) == 1
    assert found[0].evidence[0].quote == rep


def test_a_rule_can_be_switched_off() -> None:
    class NoQuestions(ChallengeDetector):
        rules_off = frozenset({"question"})

    buyer, rep, _ = CHALLENGES_15[2]
    assert _run(NoQuestions(), buyer, rep) == []
    assert set(ChallengeDetector.NEW_RULES) >= {"doubt", "question", "evidence-plain", "lead-in"}


CANDORS_15 = [
    (
        "When could the new site be live?",
        "Onboarding takes a full quarter, and I'd rather you hear that now.",
        "meta",
    ),
    (
        "Can we change plans later?",
        "Once you sign, you can't downgrade the plan mid-year.",
        "terms",
    ),
    (
        "Does it import the old stock list?",
        "Partly. You'd be re-labelling the older stock by hand.",
        "doing",
    ),
    ("Does it handle multi-currency?", "For euros? No.", "answer-echo"),
    (
        "Do we need the enterprise plan?",
        "Probably not, the standard one covers your volume.",
        "answer-upsell",
    ),
]

NOT_CANDORS_15 = [
    # a no to a burden question, a condition, an announcement with nothing after it
    ("Do we need new laptops?", "No, it runs in the browser on what you have."),
    ("Can you meet Monday?", "If you can't make it Monday, just call me."),
    (
        "What's next?",
        "I'll walk you through the plan, and then I'll tell you the thing we don't do.",
    ),
]


@pytest.mark.parametrize(("buyer", "rep", "rule"), CANDORS_15)
def test_candor_forms_15(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CANDORS_15)
def test_not_candor_15(buyer: str, rep: str) -> None:
    assert _run(CandorDetector(), buyer, rep) == []


def test_a_price_asked_for_is_an_answer_not_candor() -> None:
    asked = "Roughly what would this cost us?"
    plain = "About forty a seat a month, plus a one-time setup fee of two thousand."
    assert _run(CandorDetector(), asked, plain) == []
    caveat = "About forty a seat a month, which is a bit more than you pay now."
    assert _run(CandorDetector(), asked, caveat)
    # the same fee, volunteered when the buyer asked about something else, is candor
    assert _run(CandorDetector(), "And the mobile app?", plain)


def test_a_candid_passage_is_one_moment() -> None:
    cases = [
        # a limit, then what the buyer's team does about it
        (
            "Does it reconcile the fuel cards?",
            "We don't reconcile fuel cards. Your bookkeeper would still match those by hand.",
        ),
        # a short lead-in before the limit
        (
            "So we can let the bookkeeper go?",
            "I'd keep her. We don't reconcile bank feeds and we don't file returns.",
        ),
        # a limit, then a pointer to another provider
        (
            "Do you ship to Alaska?",
            "We don't ship to Alaska. For Alaska you'd want a regional carrier, I can give "
            "you a name.",
        ),
    ]
    for buyer, rep in cases:
        found = _run(CandorDetector(), buyer, rep)
        assert [f.evidence[0].quote for f in found] == [rep], rep


def test_a_topic_label_after_an_announcement_is_no_moment() -> None:
    rep = "Now, the one gap we have. Multi-site. It runs one warehouse per account."
    found = _run(CandorDetector(), "What else should we know?", rep)
    assert all(f.evidence[0].quote != "Multi-site." for f in found)


# -- 1.6 ----------------------------------------------------------------------------------

CHALLENGES_16 = [
    # the seller's own field as evidence, with any verb, and no contrast word
    (
        "We'll swap the old freezers out this spring, that's where the spoilage comes from.",
        "Across the bakeries we insure, most spoilage claims start at the loading bay, "
        "before anything reaches the freezers.",
        "field",
    ),
    # the buyer's own data, sent by a third party
    (
        "We'll put LED lights in the yard, the lights are what drive the night bill.",
        "The meter readings from your landlord show the yard drawing ninety kilowatts at "
        "night, and the lights are maybe ten of that.",
        "field",
    ),
    # the buyer's option weighed as a multiple of another
    (
        "We'll re-tile the roof first, that's the quick win on heating.",
        "The draughty loading doors are probably worth three times that on the gas bill.",
        "compare",
    ),
    (
        "We're going to buy a second kiln, we just don't have the capacity.",
        "Fixing the glazing queue costs about a tenth of that and frees the same hours.",
        "compare",
    ),
    # the buyer's own records, every case we have seen, a generalisation about their trade
    (
        "We're going to buy a second kiln, we just don't have the capacity.",
        "Your own firing logs show the kiln cold a third of every week.",
        "field",
    ),
    (
        "We're going to buy a second kiln, we just don't have the capacity.",
        "Every pottery we've consulted for had a kiln sitting cold while the glazing queue grew.",
        "field",
    ),
    (
        "We're going to buy a second kiln, we just don't have the capacity.",
        "In most small potteries the kiln waits on the glazing bench, so a second kiln waits too.",
        "field",
    ),
]

NOT_CHALLENGES_16 = [
    # a pitch inside a field frame
    (
        "We'll swap the old freezers out this spring, that's where the spoilage comes from.",
        "In the bakeries we insure, our sensors are the favourite part of the package.",
    ),
    # advice against buying now is candor, not a challenge
    (
        "We'll sign once the board is back, the budget is frozen till then.",
        "If it only works with a discount, it's not the right time for you.",
    ),
]


@pytest.mark.parametrize(("buyer", "rep", "rule"), CHALLENGES_16)
def test_challenge_forms_16(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in challenge_hits(rep, buyer)}
    assert [f.label for f in _run(ChallengeDetector(), buyer, rep)] == ["challenge"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CHALLENGES_16)
def test_not_challenge_16(buyer: str, rep: str) -> None:
    assert challenge_hits(rep, buyer) == []
    assert _run(ChallengeDetector(), buyer, rep) == []


def test_a_next_step_is_never_a_challenge() -> None:
    """A scheduling line says "…isn't the hold-up" on the way: no challenge (the phrase
    lexicon reads "isn't the bottleneck" as a reframe), while the same words outside a
    next step still are one."""
    buyer = "Procurement takes two weeks on any new vendor form."
    step = (
        "Then let's send the vendor form to your procurement lead this afternoon, in "
        "parallel with the pilot, so procurement isn't the bottleneck."
    )
    assert _run(ChallengeDetector(), buyer, step) == []
    reframe = "Procurement isn't the bottleneck, the sign-off after it is."
    assert _run(ChallengeDetector(), buyer, reframe)

    class KeepSteps(ChallengeDetector):
        rules_off = frozenset({"next-step"})

    assert _run(KeepSteps(), buyer, step)


def test_what_usually_happens_once_the_buyer_asked_to_hear_it() -> None:
    """A generalisation about the buyer's world counts in an invited turn only; the
    request for leave is no finding itself."""
    claim = "The answer is a second kiln, we just don't have the kiln capacity."
    general = "Most of the time the kiln sits waiting on the glazing bench."
    lines = [
        ("Prospect", claim),
        ("Rep", "Mind if I share what we usually see?"),
        ("Prospect", "Please."),
        ("Rep", general),
    ]
    call = build_call(lines)
    found = ChallengeDetector().detect(call, build_context(call))
    assert [(f.evidence[0].quote, f.attributes.get("rule")) for f in found] == [
        (general, "invited")
    ]
    plain = build_call([("Prospect", claim), ("Rep", general)])
    assert ChallengeDetector().detect(plain, build_context(plain)) == []


def test_a_challenge_the_buyer_agreed_to_hear() -> None:
    """ "Can I push on that?" – "Sure." – the rep's next turn answers the buyer's plan from
    several turns back, which the last-three-turns reading no longer reaches."""
    lines = [
        ("Prospect", "My plan is to replace the two forklifts, they break down every week."),
        ("Rep", "How old are they?"),
        ("Prospect", "Nine years, both of them."),
        ("Rep", "And who services them?"),
        ("Prospect", "A local firm, once a year."),
        ("Rep", "What does a breakdown cost you?"),
        ("Prospect", "Half a shift of loading, roughly."),
        ("Rep", "Can I push on the forklift plan a little?"),
        ("Prospect", "Sure, go ahead."),
        (
            "Rep",
            "Forklifts serviced once a year break down about as often at two years old as "
            "at nine, so new forklifts on the same schedule would break down just the same.",
        ),
    ]
    call = build_call(lines)
    context = build_context(call)
    assert list(stance.invited_turns(call, context)) == [call.utterances[-1].id]
    found = ChallengeDetector().detect(call, context)
    assert [f.attributes.get("rule") for f in found] == ["invited"]

    class NotInvited(ChallengeDetector):
        rules_off = frozenset({"invited"})

    assert NotInvited().detect(call, context) == []
    # a refusal closes the leave
    refused = build_call([*lines[:8], ("Prospect", "No, let me finish first."), lines[9]])
    assert stance.invited_turns(refused, build_context(refused)) == {}


CANDORS_16 = [
    (
        "It's the discount that would get this signed.",
        "I won't cut the price to win this.",
        "refuse",
    ),
    (
        "And the old boilers?",
        "I'm not going to tell you the boilers are fine, that's for your engineer to judge.",
        "refuse",
    ),
    (
        "We're under a spending freeze till spring.",
        "Then honestly this isn't the right quarter for it.",
        "not-now",
    ),
    (
        "And the money side?",
        "I'll be straight, that's more than a set of paper logs would cost you.",
        "price-compare",
    ),
    (
        "Anything we'd need on our side?",
        "The gateway needs a data point in the server room, which means an electrician for "
        "a morning.",
        "means",
    ),
    (
        "What's not in it?",
        "The pilot doesn't include the fleet reports.",
        "limitation",
    ),
    # plain words: longer than hoped, never done before, a slow stretch, what customers
    # complain about, a partial catch, a binding term, downtime, keep your money
    ("How long is onboarding?", "Onboarding runs eight weeks, not three.", "plain"),
    (
        "Have you done a port this size?",
        "We've never rolled out at a port, you'd be the first.",
        "plain",
    ),
    (
        "Will the crews notice?",
        "Expect a couple of weeks where dispatch feels slower before it speeds up.",
        "plain",
    ),
    (
        "Is the mobile app any good?",
        "The offline mode is the part our users complain about most.",
        "plain",
    ),
    (
        "Will it stop the billing errors?",
        "It'll flag most of them, but not the ones where the contract itself is wrong.",
        "plain",
    ),
    ("Any lock-in?", "It's a two year term, with no exit before month twelve.", "plain"),
    (
        "What does the install involve?",
        "The fit-out will take both loading bays offline for a morning.",
        "plain",
    ),
]

NOT_CANDORS_16 = [
    # the buyer's plan falling short is a challenge, not our limit
    (
        "The new rooms will sort the alarms out.",
        "They don't touch the part your auditor flagged.",
    ),
    # a competitor's partial catch is not our limit
    (
        "What about the other vendor?",
        "They catch most of them, but not the ones where the contract itself is wrong.",
    ),
    # a hyphenated noun after "your" is not work left to the buyer
    (
        "What will you bring next time?",
        "I'll bring a payback built on your write-off figures.",
    ),
]


@pytest.mark.parametrize(("buyer", "rep", "rule"), CANDORS_16)
def test_candor_forms_16(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]


@pytest.mark.parametrize(("buyer", "rep"), NOT_CANDORS_16)
def test_not_candor_16(buyer: str, rep: str) -> None:
    assert _run(CandorDetector(), buyer, rep) == []


def test_a_further_point_is_its_own_moment() -> None:
    """Two limits in one turn, the second opened with "And the …", are two moments."""
    rep = (
        "Two things. We don't track the vans' own chillers, only the crates. And the crate "
        "tags need a reader at the depot, which means an electrician for a day."
    )
    found = _run(CandorDetector(), "What don't you do?", rep)
    assert len(found) == 2, [f.evidence[0].quote for f in found]


# -- 1.7 ------------------------------------------------------------------------------------


def test_a_challenge_never_answers_the_buyers_question() -> None:
    """A rep turn that answers the buyer's question is an answer, whatever it says on the
    way; the same words after the buyer's claim are a challenge. A question that asks for
    the rep's view of the buyer's plan invites one, and an unsure answer ("maybe forty?")
    is no question."""
    rep = (
        "More scanners won't fix that. In the depots we audit, most of the lost time is "
        "the walk to the cage, not the scan."
    )
    claim = "We'll buy four more scanners, the queue at the cage is the problem."
    assert _run(ChallengeDetector(), claim, rep)
    asked = "Do your scanners work with gloves on? The cage is cold."
    assert _run(ChallengeDetector(), asked, rep) == []
    view = "We'll buy four more scanners. Am I wrong to think that's the fix?"
    assert _run(ChallengeDetector(), view, rep)
    proposal = "What if we just buy four more scanners?"
    assert _run(ChallengeDetector(), proposal, rep)
    unsure = "Um, maybe forty? Four more scanners should do it."
    assert _run(ChallengeDetector(), unsure, rep)

    class Answers(ChallengeDetector):
        rules_off = frozenset({"answer"})

    assert _run(Answers(), asked, rep)


CANDORS_17 = [
    # refusing to promise what the rep cannot stand behind
    (
        "When will the Android app be out?",
        "It's planned, but I couldn't give you a firm date for it.",
        "refuse",
    ),
    (
        "So the batch export lands this spring?",
        "That's the plan on paper, and I wouldn't budget around it yet.",
        "refuse",
    ),
]


@pytest.mark.parametrize(("buyer", "rep", "rule"), CANDORS_17)
def test_candor_forms_17(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]


def test_refusing_to_spin_is_candid_as_said() -> None:
    """ "I won't pretend …" negates what follows: the announcement is never empty."""
    rep = "I won't pretend the licence is cheap, a spreadsheet costs you nothing."
    found = _run(CandorDetector(), "What's the damage per year?", rep)
    assert [f.label for f in found] == ["candor"]

    class Before(CandorDetector):
        # 1.19.0's ``no-oversell`` reads the same refusal as a rule of its own
        rules_off = frozenset({"refuse", "no-oversell"})

    assert _run(Before(), "What's the damage per year?", rep) == []


def test_a_limit_inside_a_wh_clause_is_not_stated() -> None:
    """ "…will walk you through what we don't cover" names no limit; "we don't cover
    boilers" does."""
    pointer = "After lunch Priya will walk you through what we don't cover."
    assert _run(CandorDetector(), "Sounds good.", pointer) == []
    stated = "We don't cover the boilers, only the pipework after them."
    assert _run(CandorDetector(), "What about the boilers?", stated)
    relative = "You'd sign in with Okta, which we don't support yet."
    assert _run(CandorDetector(), "How do people log in?", relative)
    named = "Payroll is something we don't do."
    assert _run(CandorDetector(), "And payroll?", named)
    rival = "We can start Monday, and we deliver on Saturdays, which they don't do."
    assert _run(CandorDetector(), "How soon could you start?", rival) == []

    class Before(CandorDetector):
        rules_off = frozenset({"embedded"})

    assert _run(Before(), "Sounds good.", pointer)


def test_contract_terms_asked_for_are_an_answer() -> None:
    """The term the buyer asked about is an answer; a catch in it (no exit) stays candid."""
    asked = "How long is the contract, and can we get out early?"
    plain = "It's a three year term, with a break at the first anniversary."
    assert _run(CandorDetector(), asked, plain) == []
    catch = "It's a three year term, and there's no exit before month twenty-four."
    assert _run(CandorDetector(), asked, catch)
    volunteered = "Sounds fine so far."
    assert _run(CandorDetector(), volunteered, plain)


# -- 1.9 ------------------------------------------------------------------------------------


def _off(base: type[ChallengeDetector] | type[CandorDetector], *rules: str) -> Finding | object:
    return type("Off", (base,), {"rules_off": frozenset(rules)})()


def test_advice_against_the_plan_just_stated_is_also_a_challenge() -> None:
    """Advice to buy less is candor; aimed at the plan the buyer has just stated, it
    disputes that plan too (``advice-plan``). Advice with no such plan stays candor only."""
    plan = "My plan was to put a tracker on all four hundred trailers before spring."
    rep = "I wouldn't buy trackers for all four hundred trailers."
    assert "advice-plan" in {h.rule for h in challenge_hits(rep, plan)}
    assert [f.label for f in _run(ChallengeDetector(), plan, rep)] == ["challenge"]
    assert [f.label for f in _run(CandorDetector(), plan, rep)] == ["candor"]
    assert challenge_hits(rep, "How many trailers do you cover?") == []
    assert challenge_hits(rep, "Sounds good, the budget is there.") == []
    # a smaller option named instead of the plan is candor's "less", not a dispute of it
    smaller = "The basic plan covers trackers for your trailers, the fleet tier is for hauliers."
    assert challenge_hits(smaller, plan) == []
    assert _run(_off(ChallengeDetector, "advice-plan"), plan, rep) == []  # type: ignore[arg-type]


def test_a_playback_turn_is_never_a_challenge() -> None:
    """Playing the buyer's words back restates their view (``playback``)."""
    buyer = "We'll hire two more dispatchers, the phones are the bottleneck."
    rep = (
        "Let me play back what I heard. The phones are the bottleneck, so two more "
        "dispatchers only move the queue to the yard, and it has to be fixed by May. "
        "Did I miss anything?"
    )
    assert _run(ChallengeDetector(), buyer, rep) == []
    assert _run(_off(ChallengeDetector, "playback"), buyer, rep)  # type: ignore[arg-type]
    same = rep.replace("Let me play back what I heard. ", "").replace(" Did I miss anything?", "")
    assert _run(ChallengeDetector(), buyer, same)


def test_evidence_must_say_what_it_shows() -> None:
    """ "That's what we see too." has the evidence frame and nothing it shows: agreement
    (``evidence-content``)."""
    buyer = "We see most no-shows on the recall bookings, so we need more reminder calls."
    rep = "That's what we see too."
    off = _off(ChallengeDetector, "evidence-content")
    assert "evidence-plain" in {h.rule for h in challenge_hits(rep, buyer)}
    assert _run(off, buyer, rep)  # type: ignore[arg-type]
    assert _run(ChallengeDetector(), buyer, rep) == []


def test_our_own_limit_is_candor_not_a_challenge() -> None:
    """A finding whose every sentence states a limit of ours is candor (``own-limit``)."""
    finding = stance.own_limit
    call = build_call(
        [
            ("Prospect", "We'll roll it out to the night shift next."),
            ("Rep", "It doesn't sync offline, so the night shift would wait for the wifi."),
        ]
    )
    utterance = call.utterances[1]
    from callcoach.model import Evidence

    made = ChallengeDetector().finding(
        "challenge", [Evidence.of(utterance, 0, len(utterance.text))], 0.6
    )
    assert finding(call, made)
    other = build_call(
        [
            ("Prospect", "We'll roll it out to the night shift next."),
            ("Rep", "The night shift is where the errors start, not the day team."),
        ]
    )
    u = other.utterances[1]
    made = ChallengeDetector().finding("challenge", [Evidence.of(u, 0, len(u.text))], 0.6)
    assert not finding(other, made)


def test_a_request_to_push_back_is_not_a_moment_of_its_own() -> None:
    """ "Can I push back on that?" before the challenge announces it (``announce``)."""
    buyer = "We're going to double the sensors, more coverage finds more faults."
    rep = (
        "Can I push back on that a little? We put sensors in for a water board last year. "
        "What we usually see is that crews already can't reach half of the alarms they get."
    )
    off = _run(_off(ChallengeDetector, "announce"), buyer, rep)  # type: ignore[arg-type]
    on = _run(ChallengeDetector(), buyer, rep)
    assert len(on) == len(off) - 1
    assert all("push back" not in f.evidence[0].quote for f in on)


CANDORS_19 = [
    # telling the buyer not to buy, on a condition
    (
        "Walk me through the payback.",
        "If those savings don't show up in the first quarter, you shouldn't buy it.",
        "not-buy",
    ),
    # the buyer's question, then its context; a partial answer after a candour marker
    (
        "Does the app work offline? A lot of our farms have no signal at all.",
        "Honestly, partly. Notes save offline, but the photos wait until you're back in range.",
        "asked-earlier",
    ),
    (
        "Does it export to our ledger? We close the books on the third.",
        "Not directly, no. Someone exports a file each night.",
        "asked-earlier",
    ),
]


def test_a_no_to_what_the_buyer_said_of_us_is_not_a_limit() -> None:
    """After "Does it do X? I thought you only did Y.", a no may answer the belief about us,
    not the question: ``asked-earlier`` reads only context about the buyer's own side."""
    rep = "No, it does connect to the booking system as well, since last year."
    assert (
        candor_hits(rep, "Does it connect to the booking system? I thought you only did tills.")
        == []
    )
    own = "Does it connect to the booking system? We take most bookings by phone."
    assert candor_hits("Not directly, no.", own)


@pytest.mark.parametrize(("buyer", "rep", "rule"), CANDORS_19)
def test_candor_forms_19(buyer: str, rep: str, rule: str) -> None:
    assert rule in {hit.rule for hit in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]


def test_a_candour_marker_before_a_partial_answer() -> None:
    """ "Honestly, partly." answers a capability question as "Partly." does (``answer-lead``)."""
    asked = "Does it work without signal?"
    assert "answer-lead" in {h.rule for h in candor_hits("Honestly, partly.", asked)}
    assert "answer-lead" not in {h.rule for h in candor_hits("Honestly, yes.", asked)}


def test_an_extra_charge_in_the_price_asked_for_is_a_caveat() -> None:
    """The price asked for is an answer, unless a charge is extra (``price-extra``)."""
    asked = "And what would all this cost us?"
    rep = "About thirty thousand a year, and the handheld scanners are extra."
    assert _run(CandorDetector(), asked, rep)
    assert _run(_off(CandorDetector, "price-extra"), asked, rep) == []  # type: ignore[arg-type]


def test_a_limit_played_down_is_reassurance() -> None:
    """ "…most of our clients don't even notice" reassures (``minimise``)."""
    buyer = "What about the Welsh language screens?"
    rep = "That's on the list for next year, and honestly most of our clients don't even notice."
    off = _off(CandorDetector, "minimise")
    assert _run(off, buyer, rep)  # type: ignore[arg-type]
    assert _run(CandorDetector(), buyer, rep) == []


# -- 1.10 -----------------------------------------------------------------------------------


def test_what_happened_to_others_who_did_the_plan_is_a_challenge() -> None:
    """A story of others who did what the buyer plans, and how it went (``story``); the
    same frame with no outcome, or after a question, is no challenge."""
    plan = "We'll put a tracker on every one of the forty vans, that way we know where they are."
    rep = (
        "We had a courier firm in Bristol that put trackers on every van. After six months "
        "the managers had stopped opening the map."
    )
    assert "story" in {h.rule for h in challenge_hits(rep, plan)}
    assert [f.label for f in _run(ChallengeDetector(), plan, rep)] == ["challenge"]
    assert _run(_off(ChallengeDetector, "story"), plan, rep) == []  # type: ignore[arg-type]
    no_outcome = "We had a courier firm in Bristol that put trackers on every van last spring."
    assert "story" not in {h.rule for h in challenge_hits(no_outcome, plan)}
    asked = "How do other couriers track their vans?"
    assert "story" not in {h.rule for h in challenge_hits(rep, asked)}


def test_the_opposite_of_what_the_buyer_expects_is_a_challenge() -> None:
    """The rep expected the same and saw the opposite (``opposite``)."""
    belief = "The older staff won't touch a tablet, they'd rather have paper."
    rep = "I'd have thought so too, but the opposite happened at the two homes we set up."
    assert "opposite" in {h.rule for h in challenge_hits(rep, belief)}
    assert [f.label for f in _run(ChallengeDetector(), belief, rep)] == ["challenge"]
    assert challenge_hits(rep, "Did the older staff take to the tablets?") == []


def test_saying_it_would_not_pay_is_candid() -> None:
    """ "…, it isn't worth doing." tells the buyer the purchase may not pay (``not-worth``)."""
    buyer = "Walk me through what we'd get back."
    rep = "If the rework doesn't drop by a third in the first year, it isn't worth doing."
    assert "not-worth" in {h.rule for h in candor_hits(rep, buyer)}
    assert [f.label for f in _run(CandorDetector(), buyer, rep)] == ["candor"]
    assert candor_hits("It pays for itself inside a year, it's well worth it.", buyer) == []


def test_a_discount_offered_is_not_candor() -> None:
    """A discount announced is a pitch (``offer``); a refusal to discount and a fee named
    with the offer stay candid."""
    buyer = "It's a lot of money and I'll need to think about it."
    offer = "Just so you know, it's fifteen percent off if you sign before the end of the month."
    assert _run(CandorDetector(), buyer, offer) == []
    assert _run(_off(CandorDetector, "offer"), buyer, offer)  # type: ignore[arg-type]
    refusal = "Just so you know, I won't discount it, the price is the price."
    assert _run(CandorDetector(), buyer, refusal)
    fee = (
        "Just so you know, there's a setup fee of two thousand, though we discount it for schools."
    )
    assert _run(CandorDetector(), buyer, fee)


# -- 1.11 challenge: candor, playback and announcements are not challenges of their own ----
# (shipped switched off, ``ChallengeDetector.OFF_1_11``; ``rules_off=frozenset()`` has them)
_ON_1_11 = type("On", (ChallengeDetector,), {"rules_off": frozenset()})()


def test_the_1_11_vetoes_ship_off() -> None:
    """The 1.11 vetoes are named rules, off by default (open9 and the sealed calls did not
    confirm them)."""
    assert ChallengeDetector.OFF_1_11.issubset(ChallengeDetector.NEW_RULES)
    assert ChallengeDetector.rules_off == (
        ChallengeDetector.OFF_1_11
        | ChallengeDetector.OFF_1_12
        | ChallengeDetector.OFF_1_13
        | ChallengeDetector.RETIRED_1_13
        | ChallengeDetector.OFF_1_14
    )
    assert ChallengeDetector.OFF_1_13.issubset(ChallengeDetector.NEW_RULES)
    assert ChallengeDetector.OFF_1_14.issubset(ChallengeDetector.NEW_RULES)


def test_saying_it_back_is_a_playback_turn() -> None:
    """ "I'll say it back to you" plays the buyer's words back (``playback``, 1.11)."""
    call = build_call(
        [
            ("Prospect", "We lose a pallet a week because nobody logs the moves."),
            (
                "Rep",
                "I'll say it back to you and you stop me. Pallets go missing because the "
                "moves never get logged, not because the count is wrong.",
            ),
        ]
    )
    from callcoach.model import Evidence

    u = call.utterances[1]
    made = ChallengeDetector().finding("challenge", [Evidence.of(u, 0, len(u.text))], 0.6)
    assert stance.playback_turn(call, made, say=True)
    assert not stance.playback_turn(call, made)


def test_our_named_limit_is_candor_not_a_challenge() -> None:
    """A sentence that states a limit of ours in the first person ("it's our weak spot")
    makes the finding candor (``own-limit-named``); a limit of the buyer's plan does not."""
    from callcoach.model import Evidence

    def made(rep: str) -> tuple[object, Finding]:
        call = build_call([("Prospect", "Yeah, that's about right."), ("Rep", rep)])
        u = call.utterances[1]
        return call, ChallengeDetector().finding("challenge", [Evidence.of(u, 0, len(u.text))], 0.6)

    call, finding = made(
        "The mobile screens won't speed up the rota. They're slow, that's our weak "
        "spot, and we don't have a fix until the autumn."
    )
    assert stance.own_limit_named(call, finding)  # type: ignore[arg-type]
    call, finding = made(
        "Across the depots we serve, the rota is rarely the delay. We don't see the "
        "hold-up there; it's the handover."
    )
    assert not stance.own_limit_named(call, finding)  # type: ignore[arg-type]
    call, finding = made(
        "A second planner doesn't touch the handover, which is where the hours go."
    )
    assert not stance.own_limit_named(call, finding)  # type: ignore[arg-type]


def test_advice_to_skip_an_add_on_is_candor_not_a_challenge() -> None:
    """Advice to leave an add-on out, with no plan of the buyer's it disputes, is candor
    (``advice``), whichever rule found it; aimed at the buyer's plan it stays a challenge."""
    buyer = "Honestly the alerts at night drive me mad, I turn them off."
    rep = "And the fleet module I wouldn't buy, you don't run vans and it wouldn't touch that."
    assert _run(_off(ChallengeDetector, "advice"), buyer, rep)  # type: ignore[arg-type]
    assert _run(_ON_1_11, buyer, rep) == []
    plan = "My plan was to put a tracker on all four hundred trailers before spring."
    against = "I wouldn't buy trackers for all four hundred trailers."
    assert [f.label for f in _run(_ON_1_11, plan, against)] == ["challenge"]


def test_a_statement_that_only_names_the_move_announces_it() -> None:
    """ "I'd question that a little, if you'll let me." before the challenge announces it
    (``announce-statement``): one moment, the challenge itself."""
    buyer = "That's the plan, two more clerks and the backlog is gone by June."
    rep = (
        "I'd question that a little, if you'll let me. Every invoice over a thousand waits "
        "for Dana's sign-off. Two more clerks key faster, but you're still waiting on the "
        "same approvals, and that's where the backlog sits."
    )
    off = _run(_off(ChallengeDetector, "announce-statement"), buyer, rep)  # type: ignore[arg-type]
    on = _run(_ON_1_11, buyer, rep)
    assert len(on) == len(off) - 1
    assert all("if you'll let me" not in f.evidence[0].quote for f in on)


def test_a_plain_answer_to_an_asked_price_is_set_aside_by_the_convention() -> None:
    """``plain_asked_answer`` (1.14): the price or time the buyer just asked for, said
    plainly in the first sentences of the answer, is what the dev writer leaves unlabelled;
    a rise, an extra, work on the buyer's side or a caveat is candor in every writer's calls."""
    asked = "Okay and what does the standard plan cost per site?"
    plain = stance.plain_asked_answer
    assert plain("It's four hundred and twenty a month per site.", asked, 0)
    assert plain("Go-live is about five weeks from signature.", "How long to go live?", 0)
    assert not plain("It's four hundred a month, and the scanners are extra.", asked, 0)
    assert not plain("It's gone up to four hundred a month this year.", asked, 0)
    assert not plain("About five weeks, and your IT team has to do the firewall.", asked, 0)
    assert not plain("It's four hundred and twenty a month per site.", asked, 4)
    assert not plain("It's four hundred and twenty a month per site.", "We run nine sites.", 0)


# -- challenge 1.12 -------------------------------------------------------------------------


_ON_1_12 = type("On", (ChallengeDetector,), {"rules_off": ChallengeDetector.OFF_1_11})()


def test_the_consequence_of_the_buyers_plan_said_as_a_condition_is_a_challenge() -> None:
    """ "If you <the buyer's plan>, <what follows>" disputes the plan (``if-plan``); an offer
    said as a condition, a question, or an if-clause about something the buyer never said
    is no challenge."""
    plan = "We're going to hold off on the gauges until the new quarter starts in October."
    rep = "If you hold off until October, the first readings land after the summer leaks."
    assert "if-plan" in {h.rule for h in challenge_hits(rep, plan)}
    assert [f.label for f in _run(_ON_1_12, plan, rep)] == ["challenge"]
    assert _run(ChallengeDetector(), plan, rep) == []  # shipped off (``OFF_1_12``)
    unrelated = "If you like biscuits, the canteen downstairs has a whole shelf of them."
    assert "if-plan" not in {h.rule for h in challenge_hits(unrelated, plan)}
    offer = "If you hold off until October, we can give you our best price on the gauges."
    assert "if-plan" not in {h.rule for h in challenge_hits(offer, plan)}
    asked = "If you hold off until October, what happens to the summer leaks?"
    assert "if-plan" not in {h.rule for h in challenge_hits(asked, plan)}
    question = "When would you want the gauges in?"
    assert "if-plan" not in {h.rule for h in challenge_hits(rep, question)}


@pytest.mark.parametrize(
    ("sentence", "asks"),
    [
        ("Could I push back on the kiln plan?", True),
        ("Do you mind if I argue against it?", True),
        ("Could I push back on the second-kiln idea?", True),
        ("Can I tell you what we found at the other dairies?", True),
        ("May I be frank about this?", True),
        ("Can I be honest with you?", False),
        ("Can I go back to the vans for a second?", False),
        ("I'd gently push back there.", False),
        ("Can I push the call to Friday?", False),
    ],
)
def test_a_leave_request_asks_to_dispute_the_buyers_view(sentence: str, asks: bool) -> None:
    """challenge 1.14's ``leave-body`` reads the statements after such a request."""
    assert stance.leave_request(sentence) is asks


def test_a_push_back_statement_is_short_and_said() -> None:
    assert stance.pushes_back("I'd gently push back there.")
    assert stance.pushes_back("Fair enough on cost, though I'd argue against the second van.")
    assert not stance.pushes_back("Could I push back on that?")
    assert not stance.pushes_back(
        "I'd argue that the team who glazes every piece by hand is where the week goes, "
        "and a second kiln only lengthens the line in front of them every single day."
    )
