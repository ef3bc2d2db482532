"""candor: rep statements of limits, poor fit, or plain talk up front."""

from __future__ import annotations

import pytest

from callcoach.detectors.candor import CandorDetector
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

CANDOR = [
    ("Honestly, we don't do payroll; you'd keep ADP for that.", "limit"),
    ("We're probably not a fit if you need on-prem hosting.", "not_fit"),
    ("I'll be straight with you, the mobile app is weak.", "transparency"),
    ("That's not something we're good at.", "limit"),
    ("I don't think you need us for that.", "not_fit"),
    ("To be honest we can't integrate with SAP today.", "limit"),
    ("I can't promise that feature will ship this year.", "transparency"),
]

CANDOR += [
    ("Full disclosure: the offline mode is an add-on, it's not in the base tier.", "limit"),
    (
        "We don't sync with the legacy scheduler, so your team would still do those by hand.",
        "limit",
    ),
    ("I'm not going to knock the price down just to match their quote.", "not_fit"),
    ("Honestly the smaller plan would be plenty for a team of eight.", "not_fit"),
    ("Fair warning, your people will feel it during the first month of rollout.", "cost"),
]

NOT_CANDOR = [
    "Honestly, this is a great fit for you.",
    "Honestly, I love how your team runs.",
    "We're a great fit for mid-market teams.",
    "We don't have time today to cover pricing.",
    "We do support SAP out of the box.",
    "To be fair that was a busy week for everyone.",
]


def _candor(text: str, speaker: str = "Rep") -> list[Finding]:
    call = build_call([("Prospect", "Can you handle payroll too?"), (speaker, text)])
    return CandorDetector().detect(call, build_context(call))


@pytest.mark.parametrize(("text", "kind"), CANDOR)
def test_candor(text: str, kind: str) -> None:
    for variant in (text, strip_punctuation(text)):
        found = _candor(variant)
        assert [f.label for f in found] == ["candor"], variant
    # The last phrase in a sentence decides its kind ("honestly, … you'd keep ADP").
    assert _candor(text)[0].attributes["kind"] in {kind, "limit", "transparency"}


def test_kind_of_a_single_phrase_sentence() -> None:
    assert _candor("We're probably not a fit if you need on-prem.")[0].attributes["kind"] == (
        "not_fit"
    )


@pytest.mark.parametrize("text", NOT_CANDOR)
def test_not_candor(text: str) -> None:
    assert _candor(text) == []
    assert _candor(strip_punctuation(text)) == []


def test_only_the_rep_is_scored() -> None:
    assert _candor("Honestly, we don't have the budget.", speaker="Prospect") == []


def test_an_announcement_points_at_the_candid_sentence_after_it() -> None:
    [found] = _candor("I'll be straight with you. We don't cover the warehouse scanners.")
    assert found.evidence[0].quote == "We don't cover the warehouse scanners."


@pytest.mark.parametrize(
    "text",
    [
        "And just so you know, we also have some really cool features for expense cards.",
        "You won't have to install anything on the shop floor.",
        "If it turns out we're not a fit, I'll say so.",
    ],
)
def test_pitches_phrased_as_candor_are_not(text: str) -> None:
    assert _candor(text) == []


def _rules(turns: list[tuple[str, str]], off: frozenset[str] = frozenset()) -> list[str]:
    rules = type("Rules", (CandorDetector,), {"rules_off": CandorDetector.rules_off | off})
    call = build_call(turns)
    return [f.evidence[0].quote for f in rules().detect(call, build_context(call))]


@pytest.mark.parametrize(
    ("rule", "turns"),
    [
        (
            "reassure",
            [
                ("Prospect", "What about signal out in the fields? We lose it past the barns."),
                (
                    "Rep",
                    "Honestly, signal is never a problem, the collar stores everything and "
                    "sends it when it's back in range.",
                ),
            ],
        ),
        (
            "reassure",
            [
                ("Prospect", "And is there anything on top of the monthly price?"),
                ("Rep", "There's a small card fee, but honestly you won't even notice it."),
            ],
        ),
        (
            "agenda",
            [
                ("Prospect", "Sure, go ahead."),
                (
                    "Rep",
                    "I'd like to hear how you plan routes today, and at the end I'll tell you "
                    "honestly whether we can help or not.",
                ),
            ],
        ),
    ],
)
def test_a_worry_waved_away_or_a_promised_verdict_is_not_candor(
    rule: str, turns: list[tuple[str, str]]
) -> None:
    """candor 1.12.0: "honestly, X is never a problem" plays a risk down (``reassure``), and "at the
    end I'll tell you honestly whether …" only promises candor later (``agenda``); each was
    found (``honest``) before its rule."""
    assert _rules(turns, frozenset({rule, "quote-core"})) == [turns[-1][1]]
    assert _rules(turns) == []


def test_a_plain_no_with_honestly_is_still_candor() -> None:
    text = "Honestly, no, it doesn't read the older scanners, you'd need to replace those."
    turns = [("Prospect", "Does it work with our scanners?"), ("Rep", text)]
    # 1.22.0 (``quote-core``): the quote starts after the announcement
    assert _rules(turns) == [text.removeprefix("Honestly, ")]
    assert _rules(turns, frozenset({"quote-core"})) == [text]


@pytest.mark.parametrize(
    ("turns", "content"),
    [
        (
            [
                ("Prospect", "Will it read the older freezers in the back hall?"),
                (
                    "Rep",
                    "Not all of them, and I'd rather you learn it now than later. The walk-in "
                    "ones from the nineties don't have a data port. The chest freezers in the "
                    "cellar are the same, the cellar gets no reception, so they stay on paper.",
                ),
            ],
            "The walk-in ones from the nineties don't have a data port.",
        ),
        (
            [
                ("Prospect", "That's the whole list from our side."),
                (
                    "Rep",
                    "Before you sign anything, I need to be straight about the rollout. Our "
                    "kiosks talk to the office over the shop's Wi-Fi. In the cold store there's "
                    "usually no Wi-Fi at all, so those readings wait until a kiosk is carried "
                    "back out.",
                ),
            ],
            "In the cold store there's usually no Wi-Fi at all, so those readings wait until a "
            "kiosk is carried back out.",
        ),
    ],
)
def test_an_announcement_quotes_the_candid_sentence_it_announces(
    turns: list[tuple[str, str]], content: str
) -> None:
    """candor 1.13.0 (``announced``): an announcement alone, or one pointing at a plain
    description of the product, quotes the next sentence of the turn that says something
    against the sale; before it the finding quoted the announcement or the description.
    (1.18.0: a sentence after it may be a moment of its own, "so they stay on paper".)"""
    assert content in _rules(turns)
    assert content not in _rules(turns, frozenset({"announced"}))


def test_an_announcement_before_a_cost_comparison_keeps_its_sentence() -> None:
    """A cost compared ("ends up costing you more") is the announced content itself."""
    content = "If volumes double, the per-parcel plan ends up costing you more than a flat fee."
    turns = [
        ("Prospect", "So which plan would you put us on?"),
        ("Rep", f"Let me be straight with you here. {content} At four hundred a week it adds up."),
    ]
    assert _rules(turns) == _rules(turns, frozenset({"announced"}))


@pytest.mark.parametrize(
    "text",
    [
        "The planner fills the rota from the bookings, so you'd check it and post it.",
        "Once the pumps report, you'll have your own figures to take to the board.",
    ],
)
def test_work_on_the_buyers_side_that_costs_nothing_is_not_candor(text: str) -> None:
    """candor 1.13's ``burden-effort`` (shipped off): the ``burden`` form ("so you'd …")
    with no effort named and nothing against the sale describes the product at work."""
    turns = [("Prospect", "And how does the monthly report get to the council?"), ("Rep", text)]
    assert _rules(turns) == [text]  # shipped off (``OFF_1_13``)
    assert _on_1_13(turns) == []


def _on_1_13(turns: list[tuple[str, str]]) -> list[str]:
    on = type("On", (CandorDetector,), {"rules_off": frozenset()})
    call = build_call(turns)
    return [f.evidence[0].quote for f in on().detect(call, build_context(call))]


def test_work_on_the_buyers_side_with_its_effort_is_still_candor() -> None:
    text = "The export covers the readings, but you'd still have to add the hand counts each month."
    turns = [("Prospect", "And how does the monthly report get to the council?"), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _on_1_13(turns) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "I'd leave our rota module out, you've got a rota tool your managers are happy with.",
        "Leave the route planner out for now.",
        "My advice would be to leave the kiosk bundle out until the second site opens.",
        "I'd leave it out, your spreadsheet does that job today.",
    ],
)
def test_advice_to_leave_our_module_out_is_candor(text: str) -> None:
    """candor 1.14 (``leave-out``): the rep advises leaving one of our modules out of the
    order, even where the reason praises what the buyer already has."""
    turns = [("Prospect", "So what would you put in the order for us?"), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({"leave-out"})) == []


def test_leaving_our_module_out_after_a_limit_is_a_moment_of_its_own() -> None:
    """candor 1.14 (``leave-separate``): the advice after a limit is quoted on its own."""
    limit = "Honestly, we don't do certified noise readings; you'd keep your consultant for that."
    advice = "Leave noise out for now."
    turns = [("Prospect", "And the noise side?"), ("Rep", f"{limit} {advice}")]
    core = limit.removeprefix("Honestly, ")
    assert _rules(turns) == [core, advice]
    assert _rules(turns, frozenset({"leave-separate"})) == [f"{core} {advice}"]


@pytest.mark.parametrize(
    "text",
    [
        "We leave the sensors out in the yard all winter.",
        "Shall I leave the spare scanners out of the quote?",
    ],
)
def test_leaving_things_out_that_advises_nothing_is_not_candor(text: str) -> None:
    turns = [("Prospect", "How do the sensors cope with the cold?"), ("Rep", text)]
    assert _rules(turns) == []


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Will the reports come in Dutch?", "Our reports are in French only for now, I am sorry."),
        ("Can it book the vans too?", "Van booking is for our own depots only, for now."),
    ],
)
def test_a_limit_said_as_one_of_time_is_candor(question: str, text: str) -> None:
    """candor 1.15 (``for-now``): a limit of ours said with "only … for now" and no other
    limit word."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({"for-now"})) == []


@pytest.mark.parametrize(
    "text",
    [
        "We set the alerts up in a hurry last spring, and that is on us, not on your staff.",
        "We got the thresholds wrong when we set you up.",
    ],
)
def test_owning_a_mistake_of_ours_is_candor(text: str) -> None:
    """candor 1.15 (``on-us``): the rep owns a mistake of ours."""
    turns = [("Prospect", "Why did the alarms keep going off in March?"), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({"on-us"})) == []


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("Who pays for the delivery?", "The delivery is on us."),
        ("So that is our setup.", "Here is my summary, and correct me if I got it wrong."),
        ("Can we start in May?", "You do not need to decide that yet."),
    ],
)
def test_a_cost_we_carry_or_a_playback_is_not_a_mistake_owned(question: str, text: str) -> None:
    """A cost we carry ("… is on us"), an invitation to correct a playback and a decision
    the buyer need not make yet are not candid."""
    assert _rules([("Prospect", question), ("Rep", text)]) == []


@pytest.mark.parametrize(
    ("question", "text", "rule"),
    [
        (
            "When could the pickers start on it?",
            "Straight after the stocktake, and the first fortnight is going to be bumpy for them.",
            "rough-start",
        ),
        (
            "How soon do the figures improve?",
            "The numbers get worse before they get better, so warn the board.",
            "rough-start",
        ),
        (
            "Will my team cope with the switch?",
            "The go-live will be messy for a week or two.",
            "rough-rollout",
        ),
    ],
)
def test_a_hard_first_stretch_said_up_front_is_candor(question: str, text: str, rule: str) -> None:
    """candor 1.22 (``rough-start``, ``rough-rollout``): the rep says the first stretch with
    us will be hard."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({rule})) == []


def test_a_hard_first_stretch_after_a_price_question_is_not_a_price() -> None:
    """A hard first stretch is a limit, not a cost: the answer to a price question keeps it."""
    text = "Four hundred a month for the lot. The first few weeks of the rollout will be painful."
    turns = [("Prospect", "What would that run us per month?"), ("Rep", text)]
    assert any("first few weeks" in quote for quote in _rules(turns))
    assert not any("first few weeks" in q for q in _rules(turns, frozenset({"rough-start"})))


@pytest.mark.parametrize(
    "turns",
    [
        [("Prospect", "How was the holiday?"), ("Rep", "My first week back was rough.")],
        [
            ("Prospect", "Our launch last year was a mess."),
            ("Rep", "So the first month was rough."),
        ],
        [("Rep", "How did the old system go in?"), ("Prospect", "The first month will be rough.")],
    ],
)
def test_a_hard_time_had_or_the_buyers_own_is_not_candor(turns: list[tuple[str, str]]) -> None:
    """A hard time already had (small talk, the buyer's past) or said by the buyer is not the
    rep's candor."""
    assert _rules(turns) == []


@pytest.mark.parametrize(
    ("question", "text", "candid"),
    [
        (
            "Will it tell me which orders are late?",
            "I'll be honest, the dashboard won't show you that today.",
            "the dashboard won't show you that today.",
        ),
        (
            "Can two planners edit the same route?",
            "I should be honest, though, the planner doesn't lock a route yet.",
            "the planner doesn't lock a route yet.",
        ),
    ],
)
def test_a_promise_of_honesty_with_a_negative_right_after_it_is_candor(
    question: str, text: str, candid: str
) -> None:
    """candor 1.17.0 (``honest-said``): the speaker's own promise of honesty ("I'll be
    honest,") with a negative in the clause right after it, a contraction included; since
    1.22.0 (``quote-core``) the quote starts after the promise."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [candid]
    assert _rules(turns, frozenset({"quote-core"})) == [text]
    assert _rules(turns, frozenset({"honest-said"})) == []


@pytest.mark.parametrize(
    "text",
    [
        # the negative is far from the promise: an opinion about other people
        "I'll be honest, the bakeries that rushed their rollout last spring mostly regret "
        "that they didn't wait.",
        # no negative at all
        "I'll be honest, I think the route planner will fit your drivers well.",
    ],
)
def test_a_promise_of_honesty_alone_is_not_candor(text: str) -> None:
    turns = [("Prospect", "We run twelve vans out of the depot."), ("Rep", text)]
    assert _rules(turns) == _rules(turns, frozenset({"honest-said"}))


@pytest.mark.parametrize(
    ("question", "text", "rule"),
    [
        (
            "How does the counting work at the dock?",
            "The handheld readers need a signal at the dock, so where there's none they queue "
            "the scans.",
            "prereq",
        ),
        (
            "Can we start next month?",
            "The new scales need your router updated first, so plan a week for that.",
            "prereq",
        ),
        (
            "What about the kilns out back?",
            "So that kiln sensor needs a power point by the door, and that's another visit.",
            "prereq",
        ),
        (
            "Will it read the older presses too?",
            "The two older presses have no data port, so those stay on the clipboard.",
            "still-manual",
        ),
        (
            "Will it give me a count per shelf?",
            "For a per-shelf count you'd still be walking the aisles, the tags only say which "
            "aisle to start in.",
            "still-manual",
        ),
    ],
)
def test_a_prerequisite_or_work_left_as_it_is_said_unprompted_is_candor(
    question: str, text: str, rule: str
) -> None:
    """candor 1.18.0 (``prereq``, ``still-manual``): a part of what we sell needs something it
    does not bring, or part of the buyer's work stays as it is with us."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({rule})) == []


@pytest.mark.parametrize(
    "text",
    [
        # a person's need, not a thing's
        "They are a long way off, but the families there need your help this winter.",
        "There is one thing, I think that I might need some extra blankets, because it's cold.",
        # a reason, or the buyer's world asking for something
        "We'd start with the scales, because the spring audit needs the weights.",
        "The annual review needs the reports, so I'd start there.",
        # a burden lifted, or nothing on the buyer's side
        "The app just needs a login, so your team is set on day one.",
        "The courier needs a signed docket for any pallet over a tonne.",
        # the buyer's work without us is a pitch
        "Without the tags your team would still be counting by hand.",
        "It stays on paper right now, which is why we're talking.",
    ],
)
def test_a_persons_need_a_reason_or_work_without_us_is_not_a_prerequisite(text: str) -> None:
    turns = [("Prospect", "We run four depots across the county."), ("Rep", text)]
    assert _rules(turns) == _rules(turns, frozenset({"prereq", "still-manual"}))


@pytest.mark.parametrize(
    ("question", "text", "rule"),
    [
        (
            "Will it cut our refunds in half?",
            "I'm not going to guarantee it halves them in the first quarter.",
            "no-oversell",
        ),
        (
            "And the old mixing tanks in hall two?",
            "On the older tanks I wouldn't guarantee that accuracy.",
            "no-oversell",
        ),
        (
            "So the weekend backlog goes away?",
            "It gets shorter, but I wouldn't tell you it disappears.",
            "no-oversell",
        ),
        (
            "Can you sign us up for three years?",
            "I'd not ask you to commit for longer than a season before you've tried it.",
            "no-oversell",
        ),
        (
            "Will the readers work in the cellar?",
            "I'd like one of our engineers in the cellar before we promise anything there.",
            "no-oversell",
        ),
        (
            "How do you compare on the payroll side?",
            "To be fair, their payroll module is better than us for shift allowances.",
            "rival-better",
        ),
        (
            "Do we need the whole platform for the audit?",
            "For one audit, an accountant for a fortnight would come out cheaper than us.",
            "rival-better",
        ),
    ],
)
def test_no_claim_beyond_what_we_stand_behind_or_a_rival_that_beats_us_is_candor(
    question: str, text: str, rule: str
) -> None:
    """candor 1.19.0 (``no-oversell``, ``rival-better``): the rep will not claim more than we
    can stand behind, or says another option beats us."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [text.removeprefix("To be fair, ")]
    call = build_call(turns)
    found = CandorDetector().detect(call, build_context(call))
    assert [f.attributes.get("rule") for f in found] == [rule]


@pytest.mark.parametrize(
    "text",
    [
        # a client we may not name, a pitch, a boast or a rival said not to beat us
        "One of the big chains uses us, I can't say who, and their queues halved.",
        "Nobody schedules crews better than us.",
        "They're not cheaper than us once you count the support hours.",
        "Some buyers think the big suites are better than us, until they see the price.",
        "We promise you a reply within the hour, every time.",
    ],
)
def test_a_confidential_client_a_boast_or_a_promise_kept_is_not_candor(text: str) -> None:
    turns = [("Prospect", "We run nine clinics across the region."), ("Rep", text)]
    assert _rules(turns) == _rules(turns, frozenset({"no-oversell", "rival-better"}))


def test_a_refusal_to_promise_after_a_limit_is_one_moment_with_it() -> None:
    """1.19.0: "So I wouldn't guarantee that there." right after a limit goes on with it."""
    limit = "Our tags don't read well on timber racks, about one in ten drops."
    refusal = "So I wouldn't guarantee that count there."
    turns = [("Prospect", "And the timber racks in the old shed?"), ("Rep", f"{limit} {refusal}")]
    assert _rules(turns) == [f"{limit} {refusal}"]
    assert _rules(turns, frozenset({"no-oversell"})) == [limit]


@pytest.mark.parametrize(
    "text",
    [
        "I'll book the walkthrough with your kitchen leads, and you'll email me the menu files.",
        "What would help: your planner would export last spring's rota onto one sheet.",
        "Once the trial ends, you'll email me the two depot addresses for the delivery.",
    ],
)
def test_a_step_of_the_plan_on_the_buyers_side_is_not_candor(text: str) -> None:
    """candor 1.20.0 (``burden-plan``): work on the buyer's side said as a step of the plan
    (the rep's own next action, a request to send something), naming no effort, is
    organising the sale."""
    turns = [("Prospect", "So what happens after today?"), ("Rep", text)]
    assert _rules(turns, frozenset({"burden-plan"})) == [text]
    assert _rules(turns) == []


def test_a_step_of_the_plan_that_names_the_effort_stays_candor() -> None:
    text = "I'll send the template, but someone on your side has to key in every old invoice."
    turns = [("Prospect", "So what happens after today?"), ("Rep", text)]
    assert _rules(turns) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "I'd put you on the Growth plan, so your managers would handle the rota from the app.",
        "For a fleet your size I'd take the Premium bundle, so your drivers would upload the "
        "logs themselves.",
    ],
)
def test_recommending_one_of_our_bigger_plans_is_not_candor(text: str) -> None:
    """candor 1.20.0 (``upsell-pitch``): recommending one of our plans with nothing that
    makes it the smaller choice is a pitch, whatever else the sentence carries."""
    turns = [("Prospect", "Which plan would you put us on?"), ("Rep", text)]
    assert _rules(turns, frozenset({"upsell-pitch"})) == [text]
    assert _rules(turns) == []


def test_recommending_the_smaller_plan_stays_candor() -> None:
    text = "Honestly, I'd put you on the Starter plan, you don't need the analytics yet."
    turns = [("Prospect", "Which plan would you put us on?"), ("Rep", text)]
    assert _rules(turns) == _rules(turns, frozenset({"upsell-pitch"})) != []


@pytest.mark.parametrize(
    ("question", "text", "core"),
    [
        (
            "Can the kiosk print in Welsh?",
            "I have to be blunt with you, the kiosk can't print receipts in Welsh.",
            "the kiosk can't print receipts in Welsh.",
        ),
        (
            "Will the trailers report their temperature?",
            "Straight answer: the older trailers have no sensor port, so those stay on paper.",
            "the older trailers have no sensor port, so those stay on paper.",
        ),
    ],
)
def test_the_quote_starts_after_a_candour_announcement(question: str, text: str, core: str) -> None:
    """candor 1.22.0 (``quote-core``): an announcement that opens the sentence ("I have to be
    blunt with you, …", "Straight answer: …") is not part of the candid point the quote
    shows; the finding is the same moment either way."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [core]
    assert _rules(turns, frozenset({"quote-core"})) == [text]


def test_a_short_answer_after_an_announcement_keeps_it() -> None:
    """Fewer than three words after the announcement ("Honestly, not yet.") are no point of
    their own: the quote stays whole."""
    turns = [("Prospect", "Does it do Welsh yet?"), ("Rep", "Honestly, not yet.")]
    assert _rules(turns) == _rules(turns, frozenset({"quote-core"})) == ["Honestly, not yet."]


def test_a_head_sentence_before_a_finding_does_not_extend_it() -> None:
    """candor 1.22.0 (``quote-core``): a sentence the head scores high right *before* a rule
    finding (the pitch the candid point turns against) does not widen its quote; one right
    after it still does (``combine_head``)."""
    from callcoach.detectors.stance import HeadSentence

    pitch = "We sell a weather module, and your readings already feed it."
    advice = "But I wouldn't buy it this season."
    reason = "Your co-op hasn't picked a report format yet."
    text = f"{pitch} {advice} {reason}"
    call = build_call([("Prospect", "And the weather data?"), ("Rep", text)])
    context = build_context(call)
    rep = call.utterances[1]
    scored = [
        (HeadSentence(rep, 0, len(pitch)), 0.95),
        (HeadSentence(rep, len(pitch) + len(advice) + 2, len(text)), 0.95),
    ]
    quotes = {}
    for name, off in (("on", frozenset()), ("off", frozenset({"quote-core"}))):
        detector = type("D", (CandorDetector,), {"rules_off": CandorDetector.rules_off | off})()
        found = detector.rule_findings(call, context)
        assert [f.evidence[0].quote for f in found] == [advice]
        joined = detector.with_head(call, context, found, scored, mode="or", add=0.85)
        quotes[name] = [f.evidence[0].quote for f in joined]
    assert quotes == {"on": [f"{advice} {reason}"], "off": [text]}


@pytest.mark.parametrize(
    ("question", "text"),
    [
        (
            "Will the scanners sort out the shrinkage at the gate?",
            "The tablets will log every pallet that leaves, but they won't fix the shrinkage "
            "at the gate.",
        ),
        (
            "Does it check the tyres as well?",
            "And the cameras don't read tyre pressure at all, so if tyres are the worry, we "
            "are not your answer for those.",
        ),
    ],
)
def test_a_limit_of_ours_in_a_challenges_words_is_candor(question: str, text: str) -> None:
    """candor 1.22.0 (``ours-reframe``): what it / they (what we sell) will not do, or a
    limit that names us, said in words the challenge lexicon reads as a reframe, is candor;
    before, the not-ours guard and the challenge claim dropped it."""
    turns = [("Prospect", question), ("Rep", text)]
    assert _rules(turns) == [text]
    assert _rules(turns, frozenset({"ours-reframe"})) == []


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("We're adding a second loading bay.", "A second loading bay won't fix the shrinkage."),
        (
            "We're hiring two more pickers.",
            "More pickers won't fix it, and they won't touch the mis-slots.",
        ),
        ("We're buying new fridges.", "They don't touch the part the inspector flagged."),
    ],
)
def test_the_buyers_plan_falling_short_stays_a_challenge(question: str, text: str) -> None:
    """The buyer's plan said to fall short (its own subject first, or a present-tense
    "they don't") is still no candor."""
    assert _rules([("Prospect", question), ("Rep", text)]) == []
