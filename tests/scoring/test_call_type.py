from callcoach.scoring.call_type import guess_call_type
from callcoach.testing import make_call

TYPES = ("discovery", "demo", "negotiation", "follow-up")


def test_demo_cues_win() -> None:
    call = make_call(
        [
            ("Rep", "Let me share my screen and walk you through the dashboard."),
            ("Prospect", "Sure."),
            ("Rep", "Let me show you how approvals work. Click on the invoice here."),
        ]
    )
    guess = guess_call_type(call, TYPES)
    assert guess.call_type == "demo" and guess.confidence > 0.5
    assert "demo" in guess.reason


def test_no_cues_falls_back_to_discovery_with_low_confidence() -> None:
    guess = guess_call_type(make_call([("Rep", "Hello."), ("Prospect", "Hi.")]), TYPES)
    assert guess.call_type == "discovery" and guess.confidence < 0.5


COLD = (*TYPES, "cold-call")


def test_a_call_that_opens_like_a_cold_call_is_one() -> None:
    call = make_call(
        [
            ("Prospect", "Facilities, Dana speaking."),
            ("Rep", "Hi Dana, Lee from Brightwell. You don't know me, I'll be quick."),
            ("Prospect", "Go on."),
            (
                "Rep",
                "The reason I'm calling is that hospitals your size lose beds to slow turnover.",
            ),
            ("Prospect", "Hm, what do you mean?"),
        ]
    )
    guess = guess_call_type(call, COLD)
    assert guess.call_type == "cold-call" and guess.confidence >= 0.6
    # Rubrics without the type never guess it.
    assert guess_call_type(call, TYPES).call_type != "cold-call"


def test_cold_call_words_late_in_a_call_do_not_count() -> None:
    lines = [("Rep", "Tell me about how intake works today."), ("Prospect", "Sure.")] * 4
    lines.append(("Rep", "The reason I'm calling it a quick win is the cost."))
    assert guess_call_type(make_call(lines), COLD).call_type == "discovery"


def test_a_cold_call_is_known_by_the_buyer_who_did_not_expect_it() -> None:
    # No "reason I'm calling": the buyer asks what it is about, the caller promises brevity.
    call = make_call(
        [
            ("Prospect", "Parts desk, this is Omar."),
            ("Rep", "Hey Omar, it's Kim with Tidewater Logistics, how's your morning?"),
            ("Prospect", "Fine. What is this about?"),
            ("Rep", "I'll be really quick. We move parts for repair shops, let me show you why."),
            ("Prospect", "Okay."),
        ]
    )
    guess = guess_call_type(call, COLD)
    # Right, but two cue phrases are little evidence: not sure enough to change targets.
    assert guess.call_type == "cold-call" and 0.5 < guess.confidence < 0.7


def test_confidence_grows_with_the_evidence_not_only_the_margin() -> None:
    from callcoach.scoring import load_rubric

    floor = load_rubric("expert-not-friend").call_type_min_confidence
    one = [("Rep", "Let me share my screen."), ("Prospect", "Okay.")] + [
        ("Rep", "Right."),
        ("Prospect", "Yes."),
    ] * 3
    weak = guess_call_type(make_call(one), TYPES)
    assert weak.call_type == "demo" and weak.confidence < floor  # one cue: not known
    many = [
        ("Rep", "Let me share my screen and walk you through the dashboard."),
        ("Prospect", "Okay."),
        ("Rep", "Let me show you the queue. Click on the first ticket here."),
        ("Prospect", "Got it."),
        ("Rep", "As you can see here, if I open the report it updates."),
    ]
    strong = guess_call_type(make_call(many), TYPES)
    assert strong.call_type == "demo" and strong.confidence >= floor


def test_a_booked_call_that_opens_politely_is_not_a_cold_call() -> None:
    call = make_call(
        [
            ("Rep", "Thanks for making the time today, I know you're busy."),
            ("Prospect", "Sure, happy to."),
            ("Rep", "Tell me a bit about how scheduling works today."),
            ("Prospect", "Mostly by phone."),
        ]
    )
    assert guess_call_type(call, COLD).call_type == "discovery"


def test_a_colleague_from_procurement_and_a_pricing_question_are_no_negotiation() -> None:
    # Invented: an order follow-up where the buyer brings a procurement colleague and asks
    # about the price list; nothing is negotiated.
    call = make_call(
        [
            ("Buyer", "Hi Sam, it's Jo, and I've got Ravi from procurement with me."),
            ("Rep", "Hi both. I've got your order from last month pulled up."),
            ("Ravi", "Which tier is that on? Your pricing page lists three."),
            ("Rep", "The middle one, same as the order you placed in March."),
            ("Jo", "Good. Can you add two more licences to it?"),
        ]
    )
    assert guess_call_type(call, TYPES).call_type != "negotiation"


def test_procurement_as_a_step_and_the_quote_still_mean_negotiation() -> None:
    call = make_call(
        [
            ("Rep", "Thanks for the time. Let's go through the quote line by line."),
            ("Buyer", "Procurement wants a discount before anything goes to legal review."),
            ("Rep", "Understood. What would the payment terms need to look like?"),
        ]
    )
    assert guess_call_type(call, TYPES).call_type == "negotiation"
