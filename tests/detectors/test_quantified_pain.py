"""quantified_pain: costs in money, time, headcount, percent or risk; amounts parsed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callcoach.detectors.quantified_pain import QuantifiedPainDetector, find_amounts, word_number
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context


@pytest.mark.parametrize(
    ("words", "value"),
    [("forty", 40), ("forty five", 45), ("two hundred forty", 240), ("a couple of", 2),
     ("a dozen", 12), ("three thousand", 3000), ("half", 0.5), ("sixty-two", 62)],
)  # fmt: skip
def test_word_numbers(words: str, value: float) -> None:
    assert word_number(words) == value


@pytest.mark.parametrize(
    ("text", "kind", "amount"),
    [
        ("we lose about 40 hours a month", "time", {"value": 40, "unit": "hour", "per": "month"}),
        ("it costs us roughly $9k", "money", {"value": 9000, "unit": "USD", "per": None}),
        ("$1.2 million a year", "money", {"value": 1200000, "unit": "USD", "per": "year"}),
        ("about 20 grand a quarter", "money", {"value": 20000, "unit": "USD", "per": "quarter"}),
        ("500 euros per week", "money", {"value": 500, "unit": "EUR", "per": "week"}),
        ("forty hours every week", "time", {"value": 40, "unit": "hour", "per": "week"}),
        ("two people full time", "headcount", {"value": 2, "unit": "person", "per": None}),
        ("3 FTEs", "headcount", {"value": 3, "unit": "person", "per": None}),
        ("15% of invoices", "percent", {"value": 15, "unit": "percent", "per": None}),
        ("eight percent churn", "percent", {"value": 8, "unit": "percent", "per": None}),
        ("three days monthly", "time", {"value": 3, "unit": "day", "per": "month"}),
    ],
)
def test_amounts_are_parsed(text: str, kind: str, amount: dict[str, Any]) -> None:
    [found] = find_amounts(text)
    assert (found.kind, found.as_dict()) == (kind, amount)


@pytest.mark.parametrize(
    "text",
    [
        "call me at 2pm on March 3",
        "my number is 555-123-4567",
        "we're on version 2",
        "we go live in two weeks",
        "I joined 5 years ago",
        "the building is 20 years old",
        "back in 2021",
    ],
)
def test_numbers_that_are_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def _asr(text: str) -> str:
    """Lower-cased, without sentence punctuation; ASR keeps "$9,000" and "15%" as such."""
    return re.sub(r"[?!]|[.,](?!\d)", "", text.lower())


def _pain(text: str, speaker: str = "Prospect") -> list[Finding]:
    call = build_call([("Rep", "Tell me more."), (speaker, text)])
    return QuantifiedPainDetector().detect(call, build_context(call))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We lose about 40 hours a month just reconciling invoices.", "time"),
        ("Honestly it costs us roughly $9k every month in overtime.", "money"),
        ("We have two people full time doing nothing but chasing approvals.", "headcount"),
        ("About 15% of invoices come back with errors.", "percent"),
        ("Last quarter we paid a $50,000 penalty after the audit.", "risk"),
    ],
)
def test_stated_by_the_prospect(text: str, kind: str) -> None:
    for variant in (text, _asr(text)):
        [found] = _pain(variant)
        assert found.label == "quantified_pain"
        assert (found.attributes["kind"], found.attributes["source"]) == (kind, "stated")
        assert found.attributes["amount"] is not None


def test_quantified_by_the_rep_one_finding_per_clause() -> None:
    found = _pain("So that's roughly $9k a month, over a hundred grand a year?", speaker="Rep")
    assert [f.attributes["source"] for f in found] == ["quantified_by_rep"] * 2
    assert [f.attributes["amounts"] for f in found] == [
        [{"value": 9000, "unit": "USD", "per": "month"}],
        [{"value": 100000, "unit": "USD", "per": "year"}],
    ]
    assert [f.evidence[0].quote for f in found] == [
        "So that's roughly $9k a month",
        "over a hundred grand a year?",
    ]


def test_every_pain_number_of_a_playback_is_labelled() -> None:
    call = build_call([
        ("Rep", "How long do approvals sit?"),
        ("Prospect", "About a week, and we lose the early-pay discount on most of them."),
        ("Rep", "Let me play back what I heard. Approvals sit about a week, a quarter of "
                "invoices get re-keyed, and your two clerks do twenty hours of overtime a month."),
    ])  # fmt: skip
    found = QuantifiedPainDetector().detect(call, build_context(call))
    quotes = [f.evidence[0].quote for f in found if f.label == "quantified_pain"]
    assert len(quotes) == 4
    assert quotes[0] == "About a week"


@pytest.mark.parametrize(
    "text",
    [
        "I have us down for forty-five minutes today.",
        "Sorry, I'm like five minutes late, my last meeting ran over.",
        "We've been customers of theirs for six years.",
        "Our team of three does about 12 webinars a month for clients.",
        "They approve anything over ten grand, which is fine.",
    ],
)
def test_numbers_that_are_not_the_problem(text: str) -> None:
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == []


def test_the_reps_price_and_pitch_numbers_are_not_pain() -> None:
    for text in (
        "It's ninety dollars per seat, billed annually, with a one-time setup fee.",
        "We process about two billion dollars of invoices a year for companies like yours.",
        "Clients see their bookings go up forty percent in the first quarter.",
    ):
        assert [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"] == []


def test_an_answer_to_a_number_question_is_pain() -> None:
    call = build_call([
        ("Rep", "How many orders a day slip past the cutoff?"),
        ("Prospect", "Maybe thirty orders a day."),
    ])  # fmt: skip
    [found] = QuantifiedPainDetector().detect(call, build_context(call))
    assert found.label == "quantified_pain"
    assert found.attributes["amount"] == {"value": 30, "unit": "order", "per": "day"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("What does that cost you?", "money"),
        ("How many hours does that take each month?", "time"),
        ("what percentage of deals slip because of it", "percent"),
        ("How many people are involved in fixing those?", "headcount"),
        ("What happens if that audit fails?", "risk"),
    ],
)
def test_elicited_by_the_rep(text: str, kind: str) -> None:
    [found] = _pain(text, speaker="Rep")
    # A question asks for a number; it is not a quantified pain itself.
    assert found.label == "pain_question"
    assert (found.attributes["kind"], found.attributes["source"]) == (kind, "elicited")
    assert found.attributes["amount"] is None


@pytest.mark.parametrize(
    "text",
    [
        "We have about 40 employees in the Denver office.",
        "Our revenue was $12 million last year.",
        "Can you call me back at 2pm on March 3?",
        "We want to go live in two weeks.",
        "The team grew 20 percent this year and everyone is happy.",
        "What does your team do?",
    ],
)
def test_numbers_without_pain_are_not_pain(text: str) -> None:
    assert _pain(text) == []
    assert _pain(text, speaker="Rep") == []


def test_a_prospect_question_is_not_elicitation() -> None:
    assert _pain("What does that cost?") == []


def test_the_premise_of_a_calculation_is_not_a_second_pain_number() -> None:
    text = "So if 3% of your four million in orders ships late, that's about $120,000 a year."
    found = [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"]
    assert [f.evidence[0].quote for f in found] == ["that's about $120,000 a year."]


@pytest.mark.parametrize(
    "text",
    [
        "Something like one in five invoices comes back with an error.",
        "Roughly 3 out of every 10 claims get denied the first time.",
        "We had three techs quit this year over the scheduling mess.",
        "We missed two big bids because the estimate wasn't ready.",
        "Our close drags on for three weeks every month.",
        # 1.8: a count of anything lost, and revenue that was never billed.
        "We lost four franchisees to a competitor last year over the reporting.",
        "About thirty thousand dollars of freight was never invoiced last year.",
        "Something like eighteen grand in call-outs went unbilled.",
    ],
)
def test_ratios_counts_of_what_went_wrong_and_dragging_processes(text: str) -> None:
    for variant in (text, _asr(text)):
        assert [f.label for f in _pain(variant)] == ["quantified_pain"], variant


@pytest.mark.parametrize(
    "text",
    [
        "One in five of our staff has been here over ten years.",
        "We opened two new clinics and hired three nurses.",
        "I left two voicemails for your assistant.",
        "I lost five kilos over the summer.",
        "We never charged for setup on the first three sites, that was the deal.",
    ],
)
def test_ratios_and_counts_without_a_problem_are_not_pain(text: str) -> None:
    assert not _pain(text)


# quantified_pain 1.4: numbers that are not the problem's cost, and pain numbers written
# the way people say them (every example invented).


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("we were out maybe twelve hundred a week", {"value": 1200, "unit": "USD", "per": "week"}),
        ("Like 3,500 a month.", {"value": 3500, "unit": "USD", "per": "month"}),
        (
            "a four hundred thousand a year contract",
            {"value": 400000, "unit": "USD", "per": "year"},
        ),
        ("a couple of hours a day", {"value": 2, "unit": "hour", "per": "day"}),
        ("a few days a month", {"value": 3, "unit": "day", "per": "month"}),
        ("most of his Monday", {"value": 0.75, "unit": "day", "per": None}),
        ("their whole week", {"value": 1, "unit": "week", "per": None}),
        ("nine of them broke in the first year", {"value": 9, "unit": "item", "per": None}),
    ],
)
def test_spoken_amounts(text: str, amount: dict[str, Any]) -> None:
    [found] = find_amounts(text)
    assert found.as_dict() == amount


@pytest.mark.parametrize(
    "text",
    ["someone walks the floor every three hours", "half the time nobody answers", "a nurse"],
)
def test_spoken_numbers_that_are_no_amounts(text: str) -> None:
    assert find_amounts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Honestly we bleed about eleven hundred a month on spoiled stock.",
        "we lost maybe two grand a week in returns last spring",
        "It eats most of her Thursday, every single week, reconciling the logs.",
        "Twelve of them died on the techs this quarter, right on site.",
        "A driver was padding his mileage for like five months before anyone noticed.",
        "About ninety thousand of stock got scrapped after the freezer failed.",
        "The late charges were about forty thousand last year.",
        "The Harlow job, we went with another supplier and lost a two hundred grand order.",
    ],
)
def test_pain_numbers_as_people_say_them(text: str) -> None:
    for variant in (text, _asr(text)):
        assert [f.label for f in _pain(variant)] == ["quantified_pain"], variant


@pytest.mark.parametrize(
    "text",
    [
        "Our customers usually see a twenty percent drop in fuel costs in year one.",
        "Most clients save around 30% on their licence spend.",
        "The payback is usually under nine months, about $40k a year back.",
        "It's drag and drop, so every column is a day and every row is a driver.",
        "Our fee is two percent of what we recover, so on that it's about eight grand.",
        "I'd hold off a couple of months before you spend forty thousand on it.",
    ],
)
def test_vendor_claims_and_prices_are_not_pain(text: str) -> None:
    assert [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"] == []


def test_numbers_after_an_offer_are_its_price() -> None:
    text = (
        "Here's what I'd suggest. Start with the two depots, about thirty vans, for one "
        "quarter. That's around twelve thousand all in."
    )
    assert [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"] == []


def test_a_playback_after_mentioning_the_proposal_still_counts() -> None:
    text = (
        "I want to walk through the proposal. First, you said the re-keying costs you "
        "about twenty hours a week."
    )
    found = [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"]
    assert [f.attributes["amount"]["value"] for f in found] == [20]


@pytest.mark.parametrize(
    "text",
    [
        "Three hours and ten minutes, and my calves are still complaining.",
        "We got snowed in by the storm and lost power for like two days, it was a mess.",
        "The install needs each site offline for about three hours while the crew fits it.",
        "Approvals over twenty grand go to the board, it's a pain.",
        "On a total payroll of four million we're fine.",
    ],
)
def test_small_talk_logistics_and_thresholds_are_not_pain(text: str) -> None:
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == []


def test_an_answer_about_the_size_of_the_business_is_not_pain() -> None:
    for question, answer in (
        ("How many vans are you running these days?", "About forty vans, and ninety drivers."),
        ("And how much of your spend goes through the card?", "Around $3 million a year."),
    ):
        call = build_call([("Rep", question), ("Prospect", answer)])
        assert QuantifiedPainDetector().detect(call, build_context(call)) == [], question


def test_a_follow_up_on_the_number_is_answered_with_pain() -> None:
    call = build_call([
        ("Rep", "What did the write-offs come to last year?"),
        ("Prospect", "About $30,000 in write-offs."),
        ("Rep", "Is that number going up?"),
        ("Prospect", "It was maybe $18,000 the year before."),
    ])  # fmt: skip
    found = QuantifiedPainDetector().detect(call, build_context(call))
    assert [f.evidence[0].utterance_id for f in found if f.label == "quantified_pain"] == [
        call.utterances[1].id,
        call.utterances[3].id,
    ]


def test_people_times_hours_is_one_number() -> None:
    [found] = _pain("The billing team is three people, and they spend most of their week on it.")
    assert [a["unit"] for a in found.attributes["amounts"]] == ["person", "week"]


def test_a_share_of_spend_lost_is_pain_but_a_share_of_spend_is_not() -> None:
    assert [f.label for f in _pain("We lose about four percent of spend to billing errors.")] == [
        "quantified_pain"
    ]
    assert _pain("Freight is maybe nine percent of spend.") == []


@pytest.mark.parametrize(
    "text",
    [
        "So is that costing you something like twenty hours a week?",
        "Would it be fair to say you lose about $5k a month on that?",
        "That's what, forty grand a year in penalties?",
    ],
)
def test_a_number_the_rep_puts_on_the_problem_for_the_buyer_to_confirm(text: str) -> None:
    call = build_call([
        ("Prospect", "We re-key every order by hand and it's a mess."),
        ("Rep", text),
        ("Prospect", "Yeah, about that."),
    ])  # fmt: skip
    found = QuantifiedPainDetector().detect(call, build_context(call))
    assert [(f.label, f.attributes["source"]) for f in found] == [
        ("quantified_pain", "quantified_by_rep")
    ]


def test_a_question_for_the_cost_of_a_day_stays_a_question() -> None:
    [found] = _pain("What does a day of downtime cost you?", speaker="Rep")
    assert found.label == "pain_question"


@pytest.mark.parametrize(
    "text",
    [
        "We've got 14 sites and about 900 employees.",
        "Revenue's around forty million a year.",
        "I've got thirty minutes, I have a hard stop at 2.",
        "Our budget for this is about fifty grand.",
        "Your quote was $48,000 a year, right?",
        "The other vendor quoted us $30 per user per month.",
        "We're a forty million dollar business.",
        "We hired 20 people last quarter.",
    ],
)
def test_size_budget_quotes_and_time_boxes_beside_a_problem_are_not_pain(text: str) -> None:
    # The turn names a problem, so every number in it would otherwise read as its cost.
    found = _pain(text + " Honestly the paperwork is a nightmare for us.")
    assert [f for f in found if f.label == "quantified_pain"] == []


def test_a_size_clause_with_its_own_pain_stays() -> None:
    found = _pain("We've got two people full time chasing unsigned delivery notes.")
    assert [f.label for f in found] == ["quantified_pain"]


def test_an_answer_to_a_size_request_is_not_pain() -> None:
    call = build_call([
        ("Rep", "Give me a rough idea of revenue per month, so I know the scale."),
        ("Prospect", "Around four million a month. The refunds are the headache though."),
    ])  # fmt: skip
    assert QuantifiedPainDetector().detect(call, build_context(call)) == []


def test_pounds_as_quid() -> None:
    [found] = _pain("Each missed delivery costs us about two hundred quid.")
    assert found.attributes["amount"] == {"value": 200, "unit": "GBP", "per": None}


def test_the_reps_answer_to_a_price_question_is_the_price_1_5() -> None:
    """After "and what would that run us?" the rep's numbers are the price and how it
    compares, even with a cost word (invented lines)."""
    call = build_call([
        ("Prospect", "Makes sense. And the cost, roughly?"),
        ("Rep", "For your three depots, about thirty thousand a year plus a setup of five. "
                "That's more than a shared spreadsheet would cost you, I know."),
        ("Prospect", "Okay. Meanwhile we're losing about four grand a month on missed slots."),
    ])  # fmt: skip
    found = QuantifiedPainDetector().detect(call, build_context(call))
    assert [f.evidence[0].utterance_id for f in found if f.label == "quantified_pain"] == ["u0002"]


@pytest.mark.parametrize(
    "text",
    [
        "Our finance director will want to sit on it for a quarter, she always does.",
        "Procurement freezes new vendors for a quarter after year end, so spring at best.",
    ],
)
def test_a_quarter_as_a_period_is_no_share_1_5(text: str) -> None:
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == []


@pytest.mark.parametrize(
    "text",
    [
        "We had to bring in an outside firm to clean up the data, that was twelve thousand "
        "dollars.",
        "The builder charged us forty thousand in damages because we handed the site over late.",
        "Last winter our wait times went up to fifty minutes on Mondays.",
    ],
)
def test_forced_outlays_damages_and_rising_waits_are_pain_1_5(text: str) -> None:
    assert [f.label for f in _pain(text)] == ["quantified_pain"]


def test_vendor_results_with_cut_are_a_claim_not_pain_1_5() -> None:
    text = "Our customers typically cut their rework by around a fifth in the first year."
    assert [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"] == []


def test_a_loss_named_in_the_price_answer_is_still_pain_1_5() -> None:
    call = build_call([
        ("Prospect", "What would all of this cost us?"),
        ("Rep", "About thirty thousand a year. Against the sixty thousand a year you're losing "
                "in missed slots, it pays for itself."),
    ])  # fmt: skip
    found = QuantifiedPainDetector().detect(call, build_context(call))
    assert [f.evidence[0].quote for f in found if f.label == "quantified_pain"] == [
        "Against the sixty thousand a year you're losing in missed slots"
    ]


def test_over_a_quarter_of_them_is_a_share_1_5() -> None:
    [found] = _pain("Over a quarter of our deliveries miss the window.")
    assert found.attributes["amount"] == {"value": 25, "unit": "percent", "per": None}


@pytest.mark.parametrize(
    "text",
    [
        "Here's my offer. If, after nine months, you haven't saved at least eighty thousand "
        "in freight claims, you can cancel the rest of the term with no penalty.",
        "If the pilot doesn't find at least $50k in duplicate payments, you owe us nothing.",
        "We guarantee a 25% cut in claim handling time in year one.",
        "if you're not saving forty hours a month by month three you can walk away",
    ],
)
def test_offer_terms_are_not_pain(text: str) -> None:
    """A guarantee or exit clause in the rep's offer states the deal's conditions."""
    assert [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"] == []


def test_a_rep_if_sum_about_the_problem_still_counts() -> None:
    text = "So if nothing changes, the penalties cost you about $300k a year."
    found = [f for f in _pain(text, speaker="Rep") if f.label == "quantified_pain"]
    assert [f.attributes["amount"]["value"] for f in found] == [300000]


@pytest.mark.parametrize(
    "text",
    [
        "After the hail storm in April our claims tripled and we paid about $400k in overtime.",
        "When the flights got cancelled we lost around 60 bookings in a week.",
    ],
)
def test_a_business_event_is_not_a_personal_story(text: str) -> None:
    found = [f for f in _pain(text) if f.label == "quantified_pain"]
    assert found


def test_a_personal_event_story_is_still_vetoed() -> None:
    text = "The storm knocked our power out at home for about two days, the kids loved it."
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == []


def test_the_head_vetoes_by_default_reading_only_the_finding_1_12() -> None:
    text = "We lose about 40 hours a month just reconciling invoices."
    [plain] = [f for f in _pain(text) if f.label == "quantified_pain"]
    assert plain.attributes["head"] >= 0.2  # the clause veto < 0.2 is on since 1.12
    call = build_call([("Rep", "Tell me more."), ("Prospect", text)])
    assert QuantifiedPainDetector().embedding_texts(call, build_context(call)) == [text]
    off = QuantifiedPainDetector(head_veto=0.0)
    [rules] = [f for f in off.detect(call, build_context(call)) if f.label == "quantified_pain"]
    assert "head" not in rules.attributes
    assert off.embedding_texts(call, build_context(call)) == []


@pytest.mark.parametrize("unit", ["clause", "sentence", "either"])
def test_the_head_veto_reads_the_rule_findings(unit: str) -> None:
    text = "We lose about 40 hours a month just reconciling invoices. We have 40 people."
    call = build_call([("Rep", "Tell me more."), ("Prospect", text)])
    context = build_context(call)
    on = QuantifiedPainDetector(head_veto=0.01, head_unit=unit)
    [kept] = [f for f in on.detect(call, context) if f.label == "quantified_pain"]
    assert 0.0 < kept.attributes["head"] <= 1.0
    # Only the rule finding's text is read when the head adds nothing.
    assert on.embedding_texts(call, context)[0].startswith("We lose about 40 hours a month")
    assert len(on.embedding_texts(call, context)) == 1  # one clause: the sentence itself
    strict = QuantifiedPainDetector(head_veto=1.0, head_unit=unit)
    assert [f for f in strict.detect(call, context) if f.label == "quantified_pain"] == []


def test_the_head_can_add_what_the_rules_passed_over() -> None:
    text = "Honestly it's forty hours a month we never get back."
    call = build_call([("Rep", "Tell me more."), ("Prospect", text)])
    context = build_context(call)
    added = QuantifiedPainDetector(head_add=0.0).detect(call, context)
    found = [f for f in added if f.label == "quantified_pain"]
    assert found and all(f.attributes.get("head") is not None for f in found)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("about three hundred ringgit an hour", {"value": 300, "unit": "MYR", "per": "hour"}),
        ("twelve thousand rand a month", {"value": 12000, "unit": "ZAR", "per": "month"}),
        ("fifty thousand rupees", {"value": 50000, "unit": "INR", "per": None}),
        ("forty thousand shillings a week", {"value": 40000, "unit": "SHILLING", "per": "week"}),
    ],
)
def test_money_in_other_currencies(text: str, amount: dict[str, Any] | None) -> None:
    found = [a for a in find_amounts(text) if a.kind == "money"]
    assert [a.as_dict() for a in found] == ([amount] if amount else []), text


def test_a_ratio_with_a_hedge_is_a_share() -> None:
    [found] = find_amounts("thirty out of about two hundred")
    assert (found.kind, found.value) == ("percent", 15.0)


def test_a_loss_in_local_currency_is_pain() -> None:
    found = _pain("An idle bay costs us about four hundred rand an hour.")
    assert [f.label for f in found] == ["quantified_pain"]


# quantified_pain 1.8: a time said as a point or a lead, and a goal, are no cost (invented).


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The app nudges the client at ninety days, thirty days and a week so nothing slips.",
            "Rep",
        ),
        ("A text two days before the visit hardly changes the missed ones.", "Prospect"),
        ("The problem slots are the ones booked more than eight weeks out.", "Prospect"),
        ("The ministry wants twelve percent off the losses by June.", "Prospect"),
        (
            "Our auditors expect us to cut the error rate by half by the end of the year.",
            "Prospect",
        ),
    ],
)
def test_time_points_leads_and_goals_are_not_pain(text: str, speaker: str) -> None:
    assert [f for f in _pain(text, speaker) if f.label == "quantified_pain"] == []


@pytest.mark.parametrize(
    "text",
    [
        "We lose two days before anyone even notices the error.",
        "We're still losing twelve percent of orders to picking errors.",
        "The reconciliation eats three days of my week, every week.",
    ],
)
def test_spans_lost_stay_pain(text: str) -> None:
    assert [f.label for f in _pain(text)] == ["quantified_pain"], text


@pytest.mark.parametrize(
    "text",
    [
        "Every warranty redo costs us about a hundred and sixty in parts and labour.",
        "We had to write off about nine hundred on damaged stock.",
        "We refunded about four grand over the outage.",
        "Last season we gave maybe seven thousand dollars in credits to keep clients.",
        "we gave her a credit of twelve hundred so she would stay",
    ],
)
def test_a_sum_left_without_its_unit_after_a_loss_verb_is_money(text: str) -> None:
    # 1.9: "costs us a hundred and sixty", "wrote off eleven thousand", credits given back
    assert [f for f in _pain(text) if f.label == "quantified_pain"], text


@pytest.mark.parametrize(
    "text",
    [
        "Our credit terms are thirty days.",
        "It costs about four hundred users to license the lot.",
        "The new licence would cost four hundred users a fortnight of training.",
    ],
)
def test_the_unit_less_sum_stays_narrow(text: str) -> None:
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Once the manager signs, we run the supplier payments twice a week. The approvals are "
        "the painful bit.",
        "we do a stock count once a month and honestly the handover is a mess",
        "Then we send the statements out three times a year, and the chasing is the headache.",
    ],
)
def test_a_routine_frequency_is_no_cost_1_10(text: str) -> None:
    # 1.10: how often a process runs costs nothing; a pain word elsewhere in the turn no
    # longer ties it to the problem
    assert [f for f in _pain(text) if f.label == "quantified_pain"] == [], text


@pytest.mark.parametrize(
    "text",
    [
        "The scanner crashes twice a week and we lose the morning each time.",
        "We get hit with a late fee about twice a month.",
    ],
)
def test_a_frequency_of_the_problem_stays_pain_1_10(text: str) -> None:
    assert [f for f in _pain(text) if f.label == "quantified_pain"], text


def test_a_frequency_answering_the_reps_question_stays_pain_1_10() -> None:
    call = build_call(
        [
            ("Rep", "How often does a delivery get rejected at the dock?"),
            ("Prospect", "Twice a week."),
        ]
    )
    found = QuantifiedPainDetector().detect(call, build_context(call))
    assert [f.label for f in found] == ["quantified_pain"]


def test_the_routine_rule_can_be_switched_off_1_10() -> None:
    call = build_call(
        [
            ("Rep", "Tell me more."),
            ("Prospect", "We pay suppliers twice a week. It is a nightmare."),
        ]
    )
    on = QuantifiedPainDetector().detect(call, build_context(call))
    off = QuantifiedPainDetector(frequency_needs_pain=False).detect(call, build_context(call))
    assert [f.label for f in on] == []
    assert [f.label for f in off] == ["quantified_pain"]


def test_the_demo_calls_payment_run_is_no_quantified_pain_1_10() -> None:
    # The bundled expert sample: a payment run's frequency beside a pain story was shown as
    # quantified pain; the numbers tied to the cost of the problem stay.
    import callcoach
    from callcoach.detectors.base import DetectionContext
    from callcoach.roles import resolve_roles
    from tests.conftest import EXAMPLES

    call = callcoach.load_call(EXAMPLES / "01-northwind-discovery-expert.vtt")
    roles = resolve_roles(call, rep="Dana")
    found = QuantifiedPainDetector().detect(call, DetectionContext(roles))
    quotes = [f.evidence[0].quote for f in found if f.label == "quantified_pain"]
    assert not any("twice a week" in q for q in quotes), quotes
    assert any("twenty-four thousand a month" in q for q in quotes), quotes


# ---- round 9 (1.11): loose counts, a bare rate beside a sum, other companies' results ----


def _exchange(params: dict[str, Any], *turns: tuple[str, str]) -> list[str]:
    call = build_call(list(turns))
    found = QuantifiedPainDetector(**params).detect(call, build_context(call))
    return [f.evidence[0].quote for f in found if f.label == "quantified_pain"]


@pytest.mark.parametrize(
    "text",
    [
        "Right now we've got about thirty orders stuck at the border.",
        "we had forty-odd pallets thrown away after the freezer failed",
        "There are nineteen hundred tickets still overdue in the queue.",
    ],
)
def test_a_loose_count_of_the_problem_is_pain_with_counts(text: str) -> None:
    turns = (("Rep", "Tell me more."), ("Prospect", text))
    assert _exchange({"counts": True, "count_nouns": True}, *turns)
    assert not _exchange({"counts": True, "count_nouns": False}, *turns)
    assert not _exchange({}, *turns)  # both off as shipped


def test_items_still_open_count_without_the_noun_switch() -> None:
    turns = (("Rep", "Where does it hurt?"), ("Prospect", "We've got forty-odd still overdue."))
    assert _exchange({"counts": True}, *turns)
    assert not _exchange({}, *turns)


@pytest.mark.parametrize(
    "text",
    [
        "We run fourteen depots across the north and two more in Wales.",
        "It's me and two of the lads in a room with three laptops.",
        "There were sixty guests at the wedding, it was lovely.",
        "Tuesday at eleven works for me.",
    ],
)
def test_a_loose_count_without_the_problem_is_no_pain(text: str) -> None:
    params = {"counts": True, "count_nouns": True}
    assert not _exchange(params, ("Rep", "Tell me more."), ("Prospect", text))


def test_a_number_said_alone_answers_a_question_for_the_problems_count() -> None:
    asked = ("Rep", "How many claims are stuck in the backlog right now?")
    assert _exchange({"counts": True}, asked, ("Prospect", "Sixty, maybe seventy."))
    # the same reply to a question about the size of the business is no pain
    size = ("Rep", "How many drivers do you have on the road?")
    assert not _exchange({"counts": True}, size, ("Prospect", "Sixty, maybe seventy."))


def test_the_rep_count_is_no_loose_pain() -> None:
    turns = (("Prospect", "It's a mess."), ("Rep", "Two problems, then, and both are fixable."))
    assert not _exchange({"counts": True, "count_nouns": True}, *turns)


def test_a_bare_rate_of_things_is_volume_but_a_sum_stays_money() -> None:
    volume = (
        "Prospect",
        "Orders come in through three portals, roughly six thousand a month. "
        "Matching them is where it all gets stuck.",
    )
    assert not any(
        "six thousand" in q
        for q in _exchange({"bare_rate_needs_pain": True}, ("Rep", "Walk me through it."), volume)
    )
    assert any(
        "six thousand" in q
        for q in _exchange({"bare_rate_needs_pain": False}, ("Rep", "Walk me through it."), volume)
    )
    total = ("Rep", "So that's nearly two thousand a month you could be getting back.")
    assert _exchange({"bare_rate_needs_pain": True}, ("Prospect", "Okay."), total)


def test_other_companies_results_told_by_the_rep_are_a_claim() -> None:
    claim = (
        "Rep",
        "Clinics that move their reminders over to text messages cut no-shows to under "
        "four percent.",
    )
    assert not _exchange({}, ("Prospect", "We lose a lot to no-shows."), claim)


def test_the_demo_calls_invoice_volume_and_vendor_claim_are_no_pain_1_11() -> None:
    # The bundled expert sample: "about four thousand a month" (invoices arriving) and the
    # rep's "teams that route exceptions … cut that to under two days" were quantified pain.
    import callcoach
    from callcoach.detectors.base import DetectionContext
    from callcoach.roles import resolve_roles
    from tests.conftest import EXAMPLES

    call = callcoach.load_call(EXAMPLES / "01-northwind-discovery-expert.vtt")
    roles = resolve_roles(call, rep="Dana")
    found = QuantifiedPainDetector().detect(call, DetectionContext(roles))
    quotes = [f.evidence[0].quote for f in found if f.label == "quantified_pain"]
    assert not any("about four thousand a month" in q for q in quotes), quotes
    assert not any(q.lower().startswith("teams that") for q in quotes), quotes
    assert any("twelve thousand a month" in q for q in quotes), quotes


# 1.13: spoken amounts parsed whole; an answer to "what did it come to?" is the problem's sum.


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("roughly three million two hundred thousand kronor each quarter", 3_200_000, "KRONA"),
        ("nine lakh rupees lost on couriers", 900_000, "INR"),
        ("about seven hundred US dollars down the drain", 700, "USD"),
        ("some five thousand kroner in fees", 5_000, "KRONE"),
        ("two crore a year", 20_000_000, "USD"),
        ("a few hundred hours", 300, "hour"),
        ("four hundred thousand", 400_000, "USD"),
    ],
)
def test_spoken_amounts_are_read_whole_1_13(text: str, value: float, unit: str) -> None:
    [found] = find_amounts(text)
    assert (found.value, found.unit) == (value, unit)


def test_money_in_a_named_currency_is_pain_beside_a_pain_word_1_13() -> None:
    assert [
        f for f in _pain("That mistake cost us nine lakh rupees.") if f.label == "quantified_pain"
    ]


@pytest.mark.parametrize(
    "question",
    [
        "What did those two outages come to, all in?",
        "And what was that lost account worth to you?",
    ],
)
def test_an_answer_to_what_the_problem_came_to_is_pain_1_13(question: str) -> None:
    asked = ("Rep", question)
    answer = ("Prospect", "Roughly forty thousand euro.")
    assert _exchange({"asks_sum": True}, asked, answer) == ["Roughly forty thousand euro."]
    assert _exchange({}, asked, answer) == []  # off: 48 sealed +0 hits, +2 false alarms


@pytest.mark.parametrize(
    "question",
    [
        "What did the other vendor's quote come to?",
        "What would a plan like that be worth to your team?",
        "How did the audit go?",
    ],
)
def test_a_quote_or_a_hypothetical_value_is_no_pain_question_1_13(question: str) -> None:
    answer = ("Prospect", "About twelve thousand dollars.")
    assert _exchange({"asks_sum": True}, ("Rep", question), answer) == []


def test_switches_tried_in_1_13_stay_off() -> None:
    defaults = QuantifiedPainDetector.default_params()
    tried = ("neighbour_pain", "prior_turn_pain", "rise_by", "asks_sum")
    assert [defaults[name] for name in tried] == [False] * len(tried)


@pytest.mark.parametrize(
    ("params", "turns"),
    [
        (
            {"neighbour_pain": True},
            [("Rep", "Those breakdowns are costing you money. Last month it was nineteen hours.")],
        ),
        (
            {"prior_turn_pain": True},
            [("Rep", "Those missed pickups sound painful."), ("Prospect", "About eight hours.")],
        ),
        (
            {"rise_by": True},
            [
                ("Rep", "What happened to it?"),
                ("Prospect", "It rose by twenty-six percent over the summer."),
            ],
        ),
    ],
)
def test_context_switches_find_more_when_on_1_13(
    params: dict[str, Any], turns: list[tuple[str, str]]
) -> None:
    assert len(_exchange(params, *turns)) > len(_exchange({}, *turns))


# ---- stop 34 (1.14): a number said again in the same turn, or in apposition, is one moment ----


def test_a_number_repeated_for_emphasis_is_one_finding_with_repeat_once() -> None:
    turn = (
        "Prospect",
        "The pump sat broken for eleven days before anyone noticed. Eleven days. "
        "It cost us about sixty thousand in lost product.",
    )
    once = _exchange({"repeat_once": True}, ("Rep", "What happened?"), turn)
    twice = _exchange({"repeat_once": False}, ("Rep", "What happened?"), turn)
    assert len(twice) == len(once) + 1
    assert not any(q.strip(". ") == "Eleven days" for q in once), once


def test_repeat_once_keeps_the_same_number_in_another_turn() -> None:
    # the rep's playback of the buyer's number is a moment of its own
    turns = [
        ("Prospect", "The pump sat broken for eleven days and it cost us sixty thousand."),
        ("Rep", "So eleven days down cost you sixty thousand."),
    ]
    on, off = _exchange({"repeat_once": True}, *turns), _exchange({"repeat_once": False}, *turns)
    assert len(on) == len(off) == 2


def test_an_amount_in_apposition_widens_the_finding_with_apposition() -> None:
    turn = ("Prospect", "Our packing line was down for three days, roughly eighty grand.")
    wide = _exchange({"apposition": True}, ("Rep", "And then?"), turn)
    assert len(wide) == 1, wide
    assert "eighty grand" in wide[0] and "three days" in wide[0]


def test_apposition_leaves_a_clause_with_its_own_words() -> None:
    turn = (
        "Prospect",
        "The outage cost us forty thousand dollars, and the fines were another twelve thousand.",
    )
    assert len(_exchange({"apposition": True}, ("Rep", "And?"), turn)) == len(
        _exchange({"apposition": False}, ("Rep", "And?"), turn)
    )


def test_apposition_off_makes_two_findings() -> None:
    turn = ("Prospect", "Our packing line was down for three days, roughly eighty grand.")
    assert len(_exchange({"apposition": False}, ("Rep", "And then?"), turn)) == 2


def test_one_moment_per_number_is_on_and_asks_sum_with_counts_stays_off_1_14() -> None:
    defaults = QuantifiedPainDetector.default_params()
    assert defaults["repeat_once"] and defaults["apposition"]
    # asks_sum + counts together: design +5 hits / +1 false alarm, 52 sealed +1 / +2
    assert not defaults["asks_sum"] and not defaults["counts"]


def test_apposition_keeps_a_sum_per_another_period_apart() -> None:
    turn = ("Prospect", "The rework runs us about six thousand a month, seventy thousand a year.")
    assert len(_exchange({"apposition": True}, ("Rep", "And the cost?"), turn)) == 2


def test_repeat_once_keeps_the_same_figure_for_another_thing() -> None:
    turn = (
        "Prospect",
        "The rework costs us two hours a day. And another two hours a day go on chasing parts.",
    )
    on = _exchange({"repeat_once": True}, ("Rep", "Where does the time go?"), turn)
    assert len(on) == len(
        _exchange({"repeat_once": False}, ("Rep", "Where does the time go?"), turn)
    )


# ---- stop 35 (1.15): what the number counts; the rep saying the buyer's number again ----


def test_a_bare_large_number_before_a_plural_noun_is_a_count_with_noun_count() -> None:
    turns = (
        ("Rep", "Tell me about the yards."),
        (
            "Prospect",
            "The scanners keep failing and it is costing us. "
            "We stock about six thousand pallets across the two yards.",
        ),
    )
    assert any("six thousand" in q for q in _exchange({"noun_count": False}, *turns))
    assert not any("six thousand" in q for q in _exchange({"noun_count": True}, *turns))


def test_noun_count_keeps_a_count_lost_to_the_problem() -> None:
    turns = (
        ("Rep", "What happened in the spring?"),
        ("Prospect", "We lost about six thousand cartons to the leak."),
    )
    assert _exchange({"noun_count": True}, *turns)


def test_noun_count_leaves_money_alone() -> None:
    turns = (
        ("Rep", "And the write-off?"),
        ("Prospect", "We wrote off about six thousand dollars of stock after the leak."),
    )
    assert _exchange({"noun_count": True}, *turns) == _exchange({"noun_count": False}, *turns)


@pytest.mark.parametrize(
    "text",
    [
        "Head office wants four percent less on every contract next year.",
        "Our board trimmed the IT budget by eight percent for next year.",
    ],
)
def test_a_goal_or_a_budget_change_is_no_pain_with_plan_words(text: str) -> None:
    turns = (
        ("Rep", "What else is going on?"),
        ("Prospect", "The late deliveries are costing us. " + text),
    )
    words = text.split()[2]
    assert any(words in q for q in _exchange({"plan_words": False}, *turns))
    assert not any(words in q for q in _exchange({"plan_words": True}, *turns))


@pytest.mark.parametrize(
    "text", ["Our last renewal was forty-eight thousand.", "That is about half the price."]
)
def test_a_renewal_or_a_share_of_the_price_is_no_pain_with_price_terms(text: str) -> None:
    turns = (
        ("Rep", "What does the current tool cost?"),
        ("Prospect", "The downtime is costing us a lot. " + text),
    )
    assert len(_exchange({"price_terms": True}, *turns)) < len(
        _exchange({"price_terms": False}, *turns)
    )


@pytest.mark.parametrize(
    "text",
    [
        "You lose nothing there, and it is nine hundred a depot a month.",
        "The update takes the scanners off for about two hours, so nothing is lost.",
        "They key it in the app and we check twelve months of loss history in minutes.",
    ],
)
def test_the_reps_product_doing_the_work_is_no_pain_with_rep_product(text: str) -> None:
    turns = (("Prospect", "We keep losing stock."), ("Rep", text))
    assert _exchange({"rep_product": False}, *turns)
    assert not _exchange({"rep_product": True}, *turns)


def test_rep_product_keeps_the_buyers_own_time_rate() -> None:
    turns = (
        ("Prospect", "Our clerk retypes the sheets."),
        ("Rep", "So your clerk loses a day a week retyping sheets."),
    )
    assert _exchange({"rep_product": True}, *turns)


def test_the_rep_saying_the_buyers_number_again_is_pain_with_echo() -> None:
    turns = (
        ("Rep", "What did the spring cost?"),
        ("Prospect", "The leak cost us about thirty-two thousand last spring."),
        ("Rep", "Thirty-two thousand in one spring."),
    )
    on, off = _exchange({"echo": True}, *turns), _exchange({"echo": False}, *turns)
    assert len(on) == len(off) + 1


def test_echo_leaves_a_share_said_again() -> None:
    turns = (
        ("Rep", "How many arrive late?"),
        ("Prospect", "About a third of the loads are late and it costs us."),
        ("Rep", "And a third of your drivers are new."),
    )
    assert _exchange({"echo": True}, *turns) == _exchange({"echo": False}, *turns)


def test_the_four_guards_are_on_and_echo_is_on_since_1_19() -> None:
    defaults = QuantifiedPainDetector.default_params()
    assert all(defaults[p] for p in ("noun_count", "plan_words", "price_terms", "rep_product"))
    # echo (1.19, with its premise and own-side guards): 18 design batches 282/70/185 ->
    # 297/73/170, open18 before reading 11/1/13 -> 14/1/10, 72 sealed 169/78/150 -> 175/83/144
    assert defaults["echo"] and defaults["echo_not_ours"]
    assert QuantifiedPainDetector.version == "1.22.0"


def test_an_echo_in_a_premise_is_a_hypothetical() -> None:
    turns = (
        ("Rep", "What did the flood cost the depot?"),
        ("Prospect", "The flood cost us about ninety thousand in spoiled feed."),
        ("Rep", "If ninety thousand goes on new racking and the roof still leaks, it's gone."),
    )
    # the head off, so that the rule alone is read
    assert not any("racking" in q for q in _exchange({"echo": True, "head_veto": 0.0}, *turns))
    plain = (*turns[:2], ("Rep", "Ninety thousand goes on new racking and the roof still leaks."))
    assert any("racking" in q for q in _exchange({"echo": True, "head_veto": 0.0}, *plain))


def test_an_echo_on_the_reps_own_side_is_the_offer_with_echo_not_ours() -> None:
    turns = (
        ("Rep", "How long were the kiosks down?"),
        ("Prospect", "The kiosks were down for two weeks and we lost takings."),
        ("Rep", "We run the new kiosks in one branch for two weeks."),
    )
    on = _exchange({"echo": True, "echo_not_ours": True, "head_veto": 0.0}, *turns)
    off = _exchange({"echo": True, "echo_not_ours": False, "head_veto": 0.0}, *turns)
    assert not any("branch" in q for q in on)
    assert any("branch" in q for q in off)


def test_echo_not_ours_keeps_the_buyers_number_said_again() -> None:
    turns = (
        ("Rep", "How long were the kiosks down?"),
        ("Prospect", "The kiosks were down for two weeks and we lost takings."),
        ("Rep", "Two weeks with the kiosks dark."),
    )
    assert any("Two weeks" in q for q in _exchange({"echo": True, "echo_not_ours": True}, *turns))


def test_a_switched_veto_off_hides_no_shipped_veto() -> None:
    # "a seat a month" is both a shipped pitch veto and a switched per-unit price
    turns = (
        ("Prospect", "We keep losing deals to slow quotes."),
        ("Rep", "It is forty dollars a seat a month, and you stop losing those deals."),
    )
    assert _exchange({"rep_product": False}, *turns) == _exchange({"rep_product": True}, *turns)


# 1.16: an announced playback states the problem's numbers (``playback``), guarded


def test_a_number_in_the_reps_announced_playback_is_pain_with_playback() -> None:
    turns = (
        ("Prospect", "The night shift rekeys every pallet label by hand."),
        (
            "Rep",
            "Let me play that back and tell me where I'm off. "
            "Each label check is forty minutes when it goes well.",
        ),
    )
    on = _exchange({"playback": True}, *turns)
    off = _exchange({"playback": False}, *turns)
    assert len(on) == len(off) + 1
    assert any("forty minutes" in quote for quote in on)


def test_playback_leaves_a_plan_or_a_requirement_out() -> None:
    turns = (
        ("Prospect", "Mostly the paperwork, honestly."),
        (
            "Rep",
            "So, if I have this right, the auditor wants every batch traced inside a day, "
            "and the plan is sixty thousand on a new scanner line.",
        ),
    )
    assert _exchange({"playback": True}, *turns) == _exchange({"playback": False}, *turns)


def test_playback_needs_the_announcement() -> None:
    turns = (
        ("Prospect", "Mostly the paperwork, honestly."),
        ("Rep", "Each label check is forty minutes when it goes well."),
    )
    assert _exchange({"playback": True}, *turns) == _exchange({"playback": False}, *turns)


def test_playback_sums_reads_a_large_bare_sum_per_period_as_money() -> None:
    turns = (
        ("Prospect", "The rejects pile up at the end of every quarter."),
        (
            "Rep",
            "Here's what I've heard, stop me if I'm wrong: "
            "the relabelling side runs around forty thousand a quarter.",
        ),
    )
    with_sums = _exchange({"playback": True, "playback_sums": True}, *turns)
    without = _exchange({"playback": True, "playback_sums": False}, *turns)
    assert len(with_sums) == len(without) + 1


def test_playback_leaves_a_count_of_things_out() -> None:
    turns = (
        ("Prospect", "Mostly the paperwork, honestly."),
        ("Rep", "Let me play that back: you run forty vans out of three depots."),
    )
    assert _exchange({"playback": True}, *turns) == _exchange({"playback": False}, *turns)


def test_and_split_makes_two_numbers_joined_by_and_two_findings() -> None:
    turns = (
        ("Rep", "What did the flood cost you?"),
        ("Prospect", "We lost nine days of picking and paid forty thousand dollars in penalties."),
    )
    on = _exchange({"and_split": True}, *turns)
    off = _exchange({"and_split": False}, *turns)
    assert len(on) == len(off) + 1, (on, off)


def test_the_playback_and_clause_switches_stay_off_1_15() -> None:
    defaults = QuantifiedPainDetector.default_params()
    # playback (+ playback_sums): design +9 / +0, open15 +1 / +0, but 60 sealed +1 / +3
    assert not defaults["playback"] and not defaults["playback_sums"]
    # and_split: design +3 / +4; clause_start: design -1 hit
    assert not defaults["and_split"] and not defaults["clause_start"]


# Perf round 22: each amount pattern runs only on a text holding one of its words. The
# pre-check must never lose an amount: every text the pattern matches holds one of them.
_PRECHECKED = {
    "_FRACTION": "_FRACTION_WORDS",
    "_FREQUENCY": "_FREQUENCY_WORDS",
    "_COMPOUND": "_COMPOUND_WORDS",
    "_COUNT_PER": "_PER_WORDS",
    "_BARE_PER": "_PER_WORDS",
    "_COUNT_EVENT": "_EVENT_WORDS",
    "_COST_OBJECT": "_COST_OBJECT_WORDS",
    "_SHARE_OF_TIME": "_SHARE_OF_TIME_WORDS",
    "_BARE_LARGE": "_BARE_LARGE_WORDS",
    "_CHANGE": "_CHANGE_WORDS",
}
# Invented sentences, with capitals and the non-ASCII letters that match ASCII ones
# case-insensitively (dotless i, dotted capital I, long s, Kelvin sign).
_AMOUNT_TEXTS = [
    "A third of the crates come back damaged",
    "half the drivers never check in",
    "We audit it twice a week and three times a month",
    "a nine-day close and a two-WEEK backlog",
    "forty parcels a day go to the wrong depot",
    "one in five invoices bounces",
    "Seven techs QUIT last spring",
    "two of them already cancelled",
    "we missed about three big tenders",
    "that comes to roughly fifteen hundred a month",
    "every recall sets us back around a hundred and forty",
    "we wrote off twelve thousand last year",
    "it eats most of her Friday and my whole afternoon",
    "four hundred thousand in stock is sitting idle",
    "fourteen lakh rupees went unbilled",
    "churn went from four percent to nearly seven",
    "it used to take a day, now it takes three",
    "Three ſhipments expıred on the dock",
    "İt coſts us ſix thouſand a month",
    "We loſe TWENTY hours a weeK",
    "a twice-a-day check",
    "nothing here has a number",
]


@pytest.mark.parametrize("pattern", sorted(_PRECHECKED))
def test_an_amount_pattern_matches_only_a_text_holding_one_of_its_words(pattern: str) -> None:
    from callcoach.detectors import quantified_pain as qp
    from callcoach.detectors._patterns import _lowered

    regex, words = getattr(qp, pattern), getattr(qp, _PRECHECKED[pattern])
    matched = 0
    for text in _AMOUNT_TEXTS:
        for variant in (text, text.upper(), text.lower()):
            if regex.search(variant):
                matched += 1
                assert qp._holds(_lowered(variant), words), (pattern, variant)
    assert matched  # each pattern is exercised by at least one sentence above


def test_the_pre_checks_leave_the_amounts_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    from callcoach.detectors import quantified_pain as qp

    texts = [v for t in _AMOUNT_TEXTS for v in (t, t.upper(), t.swapcase())]
    fast = [
        (qp._other_amounts(t), qp._change_amounts(t), qp._change_amounts(t, True)) for t in texts
    ]
    monkeypatch.setattr(qp, "_holds", lambda lowered, words: True)
    every = [
        (qp._other_amounts(t), qp._change_amounts(t), qp._change_amounts(t, True)) for t in texts
    ]
    assert fast == every
    assert sum(bool(found[0]) for found in fast) >= 15


_TOKENS = (  # noqa: SIM905
    "a an one two three five twenty forty hundred thousand million grand lakh crore half third "
    "quarter tenth once twice times day days week weeks month year hour morning afternoon "
    "friday of in out every per each us about over it that's comes to used now from to up "
    "went gone rose quit left cancelled failed got were lost missed costs cost wrote off paid "
    "gave credit refunds them those crates invoices techs bids the my her whole most 12 4,000 "
    "9.5 \u017fix \u0130n thou\u017fand wee\u212a"
).split()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=12),
    st.sampled_from([" ", "-", ", "]),
    st.booleans(),
)
def test_no_amount_pattern_matches_a_text_its_pre_check_skips(
    words: list[str], joiner: str, upper: bool
) -> None:
    from callcoach.detectors import quantified_pain as qp
    from callcoach.detectors._patterns import _lowered

    text = joiner.join(words)
    text = text.upper() if upper else text
    lowered = _lowered(text)
    for pattern, literals in _PRECHECKED.items():
        if getattr(qp, pattern).search(text):
            assert qp._holds(lowered, getattr(qp, literals)), (pattern, text)


def test_look_alike_letters_in_a_frequency_or_a_fraction_do_not_crash() -> None:
    # "twice" with a dotless i, "HALF"/"TWİCE" in capitals: the case-insensitive patterns
    # match them, and the value lookup must read them as the word index does
    assert [a.value for a in find_amounts("The line stops tw\u0131ce a week.")] == [2.0]
    assert [a.value for a in find_amounts("It fails TW\u0130CE a month.")] == [2.0]
    assert [a.value for a in find_amounts("We redo a HALF of the orders.")] == [50.0]


# 1.16 (stop 37): the greeting's numbers are small talk (``opening``, on); the buyer's own
# number in the rep's playback (``playback_recur``) and time spent per period
# (``time_per_period``) measured and left off


def test_playback_recur_takes_the_buyers_own_number_said_back() -> None:
    turns = (
        ("Prospect", "Our pickers walk the cold aisle about fifty minutes each round."),
        ("Rep", "Okay."),
        (
            "Rep",
            "Let me play that back. Each round is fifty minutes in the cold aisle.",
        ),
    )
    on = _exchange({"playback_recur": True}, *turns)
    off = _exchange({"playback_recur": False}, *turns)
    assert len(on) == len(off) + 1
    assert any("fifty minutes in the cold aisle" in quote for quote in on)


def test_playback_recur_leaves_the_reps_own_numbers_out() -> None:
    # a number the buyer never said (the rep's own figure) is not taken
    turns = (
        ("Prospect", "Our pickers walk the cold aisle every round."),
        ("Rep", "Let me play that back. Each round is fifty minutes in the cold aisle."),
    )
    assert _exchange({"playback_recur": True}, *turns) == _exchange(
        {"playback_recur": False}, *turns
    )


def test_playback_recur_needs_the_announcement_and_skips_plans_and_routines() -> None:
    said = ("Prospect", "We pack twice a week and budget seventy thousand, fifty minutes a round.")
    plain = ("Rep", "Each round is fifty minutes in the cold aisle.")
    plan = ("Rep", "So if I have this right, the plan is seventy thousand on new racking.")
    routine = ("Rep", "So if I have this right, you pack twice a week.")
    for rep in (plain, plan, routine):
        turns = (said, rep)
        assert _exchange({"playback_recur": True}, *turns) == _exchange(
            {"playback_recur": False}, *turns
        ), rep


@pytest.mark.parametrize(
    "text",
    [
        "Sorting the returns is maybe six hours a week for Dana.",
        "Retyping the forms is two hours every morning for Priya.",
    ],
)
def test_time_per_period_makes_the_buyers_time_spent_pain(text: str) -> None:
    turns = (("Rep", "Walk me through the returns."), ("Prospect", text))
    assert _exchange({"time_per_period": True}, *turns)
    assert not _exchange({"time_per_period": False}, *turns)


@pytest.mark.parametrize(
    "turns",
    [
        # a schedule in days, the rep's time, a time with no period
        (("Rep", "Who covers the desk?"), ("Prospect", "Marta does, four days a week.")),
        (("Prospect", "Go on."), ("Rep", "Our onboarding needs about two hours a week from you.")),
        (("Rep", "How long is the drive?"), ("Prospect", "It is three hours to the coast.")),
    ],
)
def test_time_per_period_leaves_schedules_and_the_reps_time_out(
    turns: tuple[tuple[str, str], ...],
) -> None:
    assert _exchange({"time_per_period": True}, *turns) == _exchange(
        {"time_per_period": False}, *turns
    )


_GREETING = (
    ("Rep", "Morning! How's the week treating you?"),
    ("Prospect", "Rough, we lost power for about five hours on Sunday, ruined the barbecue."),
    ("Rep", "Oh no. So, tell me about the warehouse."),
    ("Prospect", "Fine. Where do you want to start?"),
)
_REST_OF_CALL = (
    ("Rep", "What does a mis-pick cost you?"),
    ("Prospect", "Every mis-pick costs us about forty dollars in reshipping."),
    *((("Rep", "Right."), ("Prospect", "Yes.")) * 3),
)


def test_opening_drops_the_greetings_numbers_in_a_whole_call() -> None:
    turns = (*_GREETING, *_REST_OF_CALL)
    assert len(turns) >= 12
    on = _exchange({"opening": True}, *turns)
    off = _exchange({"opening": False}, *turns)
    assert any("five hours" in quote for quote in off)
    assert not any("five hours" in quote for quote in on)
    assert any("forty dollars" in quote for quote in on)


def test_opening_leaves_a_short_excerpt_alone() -> None:
    turns = (*_GREETING, *_REST_OF_CALL[:2])
    assert _exchange({"opening": True}, *turns) == _exchange({"opening": False}, *turns)


def test_opening_is_on_and_the_recall_switches_stay_off_1_16() -> None:
    defaults = QuantifiedPainDetector.default_params()
    # opening: design 264/82/162 -> 264/78/162, open16 -1 false alarm, 64 sealed -4
    assert defaults["opening"]
    # playback_recur + time_per_period: design +12 / +0, open16 +0 / +0, 64 sealed +0 / +2
    assert not defaults["playback_recur"]


# 1.20 (stop 39, qp3): ``time_per_period`` on, measured alone on top of 1.19: 18 design
# batches 297/73/170 -> 300/73/167, open18 before reading 14/1/10 -> 15/1/9, 72 sealed
# identical (175/83/144)


def test_time_per_period_is_on_since_1_20() -> None:
    assert QuantifiedPainDetector.default_params()["time_per_period"]
    assert QuantifiedPainDetector.version == "1.22.0"


@pytest.mark.parametrize(
    "text",
    [
        "Matching the delivery notes is about three hours a week for Tomas.",
        "Counting the till floats is ninety minutes each Friday.",
        "Updating the price labels is twenty minutes every morning for Ines.",
        "Filing the permits is a couple of hours a month for our foreman.",
    ],
)
def test_the_buyers_time_lost_per_period_is_found_by_default(text: str) -> None:
    turns = (("Rep", "Where does the week go?"), ("Prospect", text))
    # no pain word of its own: only the time per period makes it the problem's cost
    assert _exchange({}, *turns)
    assert _exchange({"time_per_period": False}, *turns) == []


@pytest.mark.parametrize(
    "turns",
    [
        # a schedule in days, the rep's own hours, a span with no period, a time of day
        (("Rep", "Who opens the kiosk?"), ("Prospect", "Lena does, three days a week.")),
        (
            ("Prospect", "Tell me more."),
            ("Rep", "The setup takes about one hour a week from your admin."),
        ),
        (
            ("Rep", "How far is the depot?"),
            ("Prospect", "The drive to the depot is about two hours."),
        ),
        (("Rep", "When do you open?"), ("Prospect", "We open at seven every morning.")),
    ],
)
def test_time_per_period_on_by_default_leaves_schedules_and_spans_out(
    turns: tuple[tuple[str, str], ...],
) -> None:
    assert _exchange({}, *turns) == _exchange({"time_per_period": False}, *turns)


# 1.17 candidate (stop 37, branch qp2): a spending threshold or a sign-off rule said with a
# word between (``threshold_wide``), measured and left off


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Rep", "Who else signs?"),
            ("Prospect", "Nothing over about eight thousand gets spent here without the trustees."),
        ),
        (
            ("Prospect", "And what does the reporting module cost?"),
            ("Rep", "The reporting module is seven thousand a year."),
            (
                "Prospect",
                "Okay. Anything new over six thousand goes to the trustees, and they sit in May.",
            ),
        ),
    ],
)
def test_threshold_wide_drops_a_sign_off_rule(turns: tuple[tuple[str, str], ...]) -> None:
    # 1.17's ``after_price`` drops the second one too (the buyer's sum right after a price)
    assert _exchange({"threshold_wide": False, "after_price": False}, *turns)
    assert not _exchange({"threshold_wide": True, "after_price": False}, *turns)


@pytest.mark.parametrize(
    "text",
    [
        "We lost about forty thousand dollars on spoiled stock last spring.",
        "Nothing got shipped for three weeks and it cost us twenty grand.",
    ],
)
def test_threshold_wide_leaves_a_cost_alone(text: str) -> None:
    turns = (("Rep", "What happened?"), ("Prospect", text))
    found = _exchange({"threshold_wide": True}, *turns)
    assert found and found == _exchange({"threshold_wide": False}, *turns)


def test_threshold_wide_is_off_1_16() -> None:
    # design 264/78/162 unchanged (no design false alarm has the shape), open16 (read) 8 -> 6
    # false alarms, one writer: the brief's three-writer gate is not met
    assert not QuantifiedPainDetector.default_params()["threshold_wide"]


# ---- 1.17 (stop 38): the rep's story of another customer, the price and the buyer's sums
# after it (``rep_story``, ``price_clause``, ``after_price``) ----


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Prospect", "We keep losing stock to breakage."),
            (
                "Rep",
                "We worked with a brewery in Cardiff that had the same trouble, and their"
                " overtime bill dropped by thirty percent.",
            ),
        ),
        (
            ("Prospect", "The no-shows are killing us."),
            (
                "Rep",
                "What we see at clinics your size is much the same. About a quarter of the"
                " no-shows are the same patients again.",
            ),
        ),
        (
            ("Prospect", "Tell me."),
            (
                "Rep",
                "There's a dairy up in Galway, same setup, and their vet costs fell by a fifth.",
            ),
        ),
    ],
)
def test_rep_story_drops_another_customers_numbers(turns: tuple[tuple[str, str], ...]) -> None:
    assert _exchange({"rep_story": False}, *turns)
    assert not _exchange({"rep_story": True}, *turns)


def test_rep_story_ends_where_the_rep_turns_to_the_buyer() -> None:
    turns = (
        ("Prospect", "The no-shows are killing us."),
        (
            "Rep",
            "Practices like yours usually lose about ten percent of slots to no-shows. So for"
            " you that's about forty thousand dollars a year lost.",
        ),
    )
    on = _exchange({"rep_story": True}, *turns)
    assert len(_exchange({"rep_story": False}, *turns)) == 2
    assert on == ["So for you that's about forty thousand dollars a year lost."]


def test_rep_story_leaves_a_playback_alone() -> None:
    turns = (
        ("Prospect", "We redo about a fifth of the orders by hand."),
        ("Rep", "So you're losing about twelve hours a week on rework, is that fair?"),
    )
    found = _exchange({"rep_story": True}, *turns)
    assert found and found == _exchange({"rep_story": False}, *turns)


def test_price_clause_drops_the_price_the_buyer_asked_for() -> None:
    asks = ("Prospect", "And what would the pilot cost us?")
    price = ("Rep", "Six thousand for the quarter, credited against the licence if you carry on.")
    assert _exchange({"price_clause": False}, asks, price) == ["Six thousand for the quarter"]
    assert not _exchange({"price_clause": True}, asks, price)
    # a clause that puts the buyer's own loss beside the price stays
    compare = (
        "Rep",
        "Six thousand for the quarter, against the forty thousand you lose each winter.",
    )
    assert _exchange({"price_clause": True}, asks, compare) == [
        "against the forty thousand you lose each winter."
    ]


@pytest.mark.parametrize(
    "turns",
    [
        (
            (
                "Rep",
                "Before you see the quote: the scanners are forty dollars more each this year.",
            ),
            ("Prospect", "Forty bucks more, fine, I can live with that."),
        ),
        (
            ("Prospect", "So what does the add-on cost?"),
            ("Rep", "The add-on is three thousand two hundred a year."),
            ("Prospect", "So about six and a half thousand over two years, fine."),
        ),
    ],
)
def test_after_price_drops_the_buyers_sums_on_the_price(turns: tuple[tuple[str, str], ...]) -> None:
    # ``rep_numbers`` (1.21) also drops the first (the rep's price said back): off here
    assert _exchange({"after_price": False, "rep_numbers": False}, *turns)
    assert not _exchange({"after_price": True, "rep_numbers": False}, *turns)
    assert not _exchange({}, *turns)


def test_after_price_keeps_a_loss_said_after_the_price() -> None:
    turns = (
        ("Rep", "Before you see the quote: the scanners are forty dollars more each this year."),
        ("Prospect", "Fine, but remember we lost twelve thousand dollars on the old ones."),
    )
    found = _exchange({"after_price": True}, *turns)
    assert found and found == _exchange({"after_price": False}, *turns)


def test_whose_number_guards_are_on_1_17() -> None:
    defaults = QuantifiedPainDetector.default_params()
    # 17 design batches 275/86/172 -> 275/75/172, open17 before reading 6/3/14 -> 6/2/14,
    # 68 sealed 163/79/143 -> 162/76/144
    assert defaults["rep_story"] and defaults["price_clause"] and defaults["after_price"]
    assert QuantifiedPainDetector.version >= "1.17.0"


# ---- 1.18 (stop 39): a share said as a fraction word needs the problem's words in its own
# clause (``fraction_needs_pain``), as a count per period or a routine's frequency does ----


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Rep", "How do the tenants pay today?"),
            ("Prospect", "The arrears are a headache. About half of them still post a cheque."),
        ),
        (
            ("Rep", "Tell me about the fleet."),
            ("Prospect", "Fuel is killing us, and a third of the vans are diesel."),
        ),
        (
            ("Rep", "Where do the orders come from?"),
            ("Prospect", "The re-keying costs us, and a quarter of them still arrive by fax."),
        ),
    ],
)
def test_fraction_needs_pain_drops_a_share_that_is_no_cost(
    turns: tuple[tuple[str, str], ...],
) -> None:
    assert _exchange({"fraction_needs_pain": False}, *turns)
    assert not _exchange({"fraction_needs_pain": True}, *turns)


@pytest.mark.parametrize(
    "turns",
    [
        # a pain word in the fraction's own clause
        (("Rep", "Tell me more."), ("Prospect", "Roughly a third of the crates arrive late.")),
        (("Rep", "Go on."), ("Prospect", "and half of the seed stock got wasted in the flood")),
        # the answer to the rep's question for the number
        (("Rep", "What share of the claims get rejected?"), ("Prospect", "Maybe a quarter.")),
    ],
)
def test_fraction_needs_pain_keeps_a_share_of_the_problem(
    turns: tuple[tuple[str, str], ...],
) -> None:
    found = _exchange({"fraction_needs_pain": True}, *turns)
    assert found and found == _exchange({"fraction_needs_pain": False}, *turns)


def test_fraction_needs_pain_leaves_the_reps_playback_alone() -> None:
    turns = (
        ("Prospect", "The forms eat our week."),
        ("Rep", "It's all wasted time, and half your growers still use fax."),
    )
    found = _exchange({"fraction_needs_pain": True}, *turns)
    assert found and found == _exchange({"fraction_needs_pain": False}, *turns)


def test_fraction_needs_pain_leaves_a_percentage_alone() -> None:
    turns = (
        ("Rep", "How do the tenants pay today?"),
        ("Prospect", "The arrears are a headache. About 40% of them still post a cheque."),
    )
    found = _exchange({"fraction_needs_pain": True}, *turns)
    assert found and found == _exchange({"fraction_needs_pain": False}, *turns)


def test_fraction_amounts_are_marked() -> None:
    assert [a.fraction for a in find_amounts("a third of the pallets and 12% of the rest")] == [
        True,
        False,
    ]


@pytest.mark.parametrize(
    "text",
    [
        # "nobody showed up" is a no-show (1.18's lexicon)
        "The parents' evening is a mess, a fifth of the slots nobody showed up for.",
        # "was late" about the business is pain, not call logistics (1.18's lexicon)
        "The customs paperwork was late and the port fined us nine hundred pounds.",
    ],
)
def test_no_shows_and_late_paperwork_are_pain_1_18(text: str) -> None:
    assert _exchange({}, ("Rep", "Tell me more."), ("Prospect", text))


def test_running_late_to_the_call_is_still_logistics() -> None:
    assert not _exchange({}, ("Rep", "Hi there."), ("Prospect", "Sorry, I was ten minutes late."))


def test_fraction_needs_pain_is_on_1_18() -> None:
    # 18 design batches 281/77/186 -> 282/70/185 (lexicon +1 hit, the switch -7 false alarms),
    # chosen in every LOBO fold
    assert QuantifiedPainDetector.default_params()["fraction_needs_pain"]


# ---- 1.21 (stop 40, qp): numbers that are not the buyer's cost — another party's result
# (``third_party``), the rep's discount (``discount``), call logistics past
# ``not-logistics`` (``logistics_wide``) and the buyer saying back the rep's own number
# (``rep_numbers``); invented sentences ----


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Prospect", "Our spoiled batches are a real problem."),
            (
                "Rep",
                "The Northgate dairies cut their spoilage losses by thirty percent last spring.",
            ),
        ),
        (
            ("Prospect", "The waiting list is the problem."),
            (
                "Rep",
                "Their waiting list dropped from eleven weeks to four, and they lost no"
                " members over it.",
            ),
        ),
    ],
)
def test_third_party_drops_another_partys_result(turns: tuple[tuple[str, str], ...]) -> None:
    assert _exchange({"third_party": False}, *turns)
    assert not _exchange({"third_party": True}, *turns)


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Prospect", "The drivers keep missing the slot."),
            ("Rep", "So your drivers lose two hours a day because their scanners drop out."),
        ),
        (
            ("Prospect", "We lose about nine pallets a week to damage."),
            ("Rep", "So they cost you about six thousand a month in write-offs?"),
        ),
    ],
)
def test_third_party_leaves_a_playback_to_the_buyer_alone(
    turns: tuple[tuple[str, str], ...],
) -> None:
    found = _exchange({"third_party": True}, *turns)
    assert found and found == _exchange({"third_party": False}, *turns)


def test_discount_drops_the_reps_price_cut() -> None:
    turns = (
        ("Prospect", "Our spend is frozen and another supplier came in lower."),
        ("Rep", "We can take twelve percent off year one, no problem."),
    )
    assert _exchange({"discount": False}, *turns)
    assert not _exchange({"discount": True}, *turns)


def test_discount_leaves_the_buyers_numbers_and_a_playback_alone() -> None:
    turns = (
        ("Rep", "What share goes wrong?"),
        ("Prospect", "Honestly about fifteen percent of our boxes go out short, it is a mess."),
        ("Rep", "So fifteen percent of your boxes go out short, that is a real problem."),
    )
    found = _exchange({"discount": True}, *turns)
    assert len(found) == 2 and found == _exchange({"discount": False}, *turns)


@pytest.mark.parametrize(
    "turns",
    [
        (
            ("Rep", "Is now a bad time?"),
            ("Prospect", "I got maybe ten minutes, we had a problem on the press."),
        ),
        (
            ("Prospect", "The losses on the press are the thing."),
            (
                "Rep",
                "Could we take your finance lead through the losses, twenty minutes, Wednesday"
                " afternoon?",
            ),
        ),
    ],
)
def test_logistics_wide_drops_the_calls_own_minutes(turns: tuple[tuple[str, str], ...]) -> None:
    assert _exchange({"logistics_wide": False}, *turns)
    assert not _exchange({"logistics_wide": True}, *turns)


def test_logistics_wide_leaves_minutes_lost_alone() -> None:
    turns = (
        ("Rep", "Where does the time go?"),
        ("Prospect", "We lose forty minutes every Monday re-keying the orders, it's a waste."),
    )
    found = _exchange({"logistics_wide": True}, *turns)
    assert found and found == _exchange({"logistics_wide": False}, *turns)


def test_rep_numbers_drops_the_buyer_saying_back_the_reps_number() -> None:
    turns = (
        ("Rep", "Set-up takes about six weeks, since we load every supplier record."),
        ("Prospect", "Six weeks, fine. The real headache is the re-keying every night."),
    )
    assert _exchange({"rep_numbers": False}, *turns) == ["Six weeks"]
    assert not _exchange({"rep_numbers": True}, *turns)


def test_rep_numbers_keeps_the_buyers_own_number_said_back() -> None:
    turns = (
        ("Prospect", "We lose three days a month to the recount, it's a pain."),
        ("Rep", "Three days."),
        ("Prospect", "Three days, yes, and the overtime on top hurts."),
    )
    found = _exchange({"rep_numbers": True}, *turns)
    assert len(found) >= 2 and found == _exchange({"rep_numbers": False}, *turns)


def test_the_not_the_cost_guards_are_on_1_21() -> None:
    defaults = QuantifiedPainDetector.default_params()
    # 19 design batches (84 calls, LOBO chosen in every fold) 315/74/176 -> 315/67/176
    assert defaults["third_party"] and defaults["discount"]
    assert defaults["logistics_wide"] and defaults["rep_numbers"]


def test_the_veto_embeds_only_the_units_it_reads() -> None:
    """Issue 16: with the veto alone (``head_add`` above 1) the head's score is read only
    for the units holding a ``quantified_pain`` rule finding; a candidate whose only finding
    is a pain question is not embedded, and the findings are those of scoring every unit."""
    question = "How many hours a week does the crew lose to re-surveys?"
    lines = [
        ("Rep", question),
        ("Prospect", "Every re-survey costs us about 3 days of charter income."),
        ("Prospect", "Last season the broken winch cost us roughly 9,000 euros in refunds."),
    ]
    call = build_call(lines)
    context = build_context(call)
    detector = QuantifiedPainDetector()
    texts = detector.embedding_texts(call, context)
    assert question not in texts and len(texts) == 2
    found = detector.detect(call, context)
    assert [f.label for f in found] == ["pain_question", "quantified_pain", "quantified_pain"]

    class EveryUnit(QuantifiedPainDetector):
        def _scored(self, candidates: Any, units: Any) -> list[str]:
            return list(dict.fromkeys(t for unit in units for _, _, t in unit))

    every = EveryUnit()
    assert question in every.embedding_texts(call, context)
    assert every.detect(call, context) == found
    # a head that adds findings reads every unit, the question's too
    assert question in QuantifiedPainDetector(head_add=0.99).embedding_texts(call, context)


# ---- 1.22 (stop 42, qp): spoken decimals, halves and ranges read as one number; a
# stoppage's length, a sum already paid out and money handed back are pain words.
# Invented sentences.


@pytest.mark.parametrize(
    ("words", "value"),
    [("four point two", 4.2), ("one point five million", 1_500_000),
     ("three and a half million", 3_500_000), ("two and a half thousand", 2_500),
     ("twelve and a half", 12.5), ("sixty and seventy", 70), ("four five", 5),
     ("twenty thirty", 30), ("a hundred and forty", 140), ("two hundred forty", 240),
     ("forty one thousand", 41_000), ("a hundred and sixty five", 165),
     ("one thousand nine hundred", 1_900), ("two million four hundred thousand", 2_400_000)],
)  # fmt: skip
def test_spoken_decimals_halves_and_ranges_1_22(words: str, value: float) -> None:
    assert word_number(words) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value", "said"),
    [
        ("the recall set us back one point eight million a year", 1_800_000,
         "one point eight million a year"),
        ("we scrapped three and a half thousand euros of resin", 3_500,
         "three and a half thousand euros"),
        ("somewhere between forty and fifty pallets a week", 50,
         "forty and fifty pallets a week"),
        ("it costs the night nurse like two three hours every shift", 3, "two three hours"),
    ],
)  # fmt: skip
def test_a_spoken_number_is_read_whole_1_22(text: str, value: float, said: str) -> None:
    [amount] = find_amounts(text)
    assert amount.value == pytest.approx(value)
    assert text[amount.start : amount.end] == said


@pytest.mark.parametrize(
    "text",
    [
        "Our kiln was down fourteen hours after the burner tripped.",
        "The ticketing site went down six hours on a Saturday morning.",
        "We paid roughly twelve thousand to the harbour authority last spring.",
        "We had to hand twelve people their money back.",
        "After the flood we paid back the fees to nine people.",
    ],
)
def test_a_stoppage_and_a_sum_paid_out_are_pain_1_22(text: str) -> None:
    [finding] = _pain(text)
    assert finding.label == "quantified_pain"


def test_a_present_payment_is_no_pain_word_1_22() -> None:
    # what the buyer pays a supplier now is a price as often as a loss
    assert _pain("We pay the cleaning firm nine hundred a month.") == []


def test_the_version_is_1_22() -> None:
    assert QuantifiedPainDetector.version == "1.22.0"
