"""next_step: concrete rep-led next steps with date, owner and commitment; vague ones flagged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from callcoach.detectors.next_step import NextStepDetector, When, _time_keys, find_when
from callcoach.eval.corpus import strip_punctuation
from callcoach.model import Finding
from tests.detectors.conftest import build_call, build_context

MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "words", "iso"),
    [
        ("Does next Tuesday at 2pm work?", "next Tuesday at 2pm", "2026-12-01T14:00"),
        ("How about Thursday?", "Thursday", "2026-11-26"),
        ("I'll send it tomorrow at 10am.", "tomorrow at 10am", "2026-11-24T10:00"),
        ("By end of the month.", "end of the month", "2026-11-30"),
        ("Let's regroup in two weeks.", "in two weeks", "2026-12-07"),
        ("We'll meet on December 3rd.", "December 3rd", "2026-12-03"),
        ("Let's say the 15th of January.", "15th of January", "2027-01-15"),
        ("next week works", "next week", "2026-11-30"),
        ("Friday at noon", "Friday at noon", "2026-11-27T12:00"),
        ("Grab 45 minutes on the 3rd?", "the 3rd", "2026-12-03"),
    ],
)
def test_dates_resolve_against_the_call_date(text: str, words: str, iso: str) -> None:
    assert find_when(text, MONDAY) == When(words, iso)
    assert find_when(text, None) == When(words, None)


@pytest.mark.parametrize(
    "text", ["Let's talk at length.", "version 2 is out", "We have 3 people.", "nothing"]
)
def test_no_date(text: str) -> None:
    assert find_when(text, MONDAY) is None


def _steps(text: str, speaker: str = "Rep", call_date: date | None = MONDAY) -> list[Finding]:
    call = replace(build_call([("Prospect", "Sounds good."), (speaker, text)]), date=call_date)
    return NextStepDetector().detect(call, build_context(call))


@pytest.mark.parametrize(
    ("text", "owner", "committed", "iso"),
    [
        ("I'll send the proposal by Thursday.", "rep", False, "2026-11-26"),
        ("Could you send me the security questionnaire tomorrow?", "prospect", False, "2026-11-24"),
        ("Let's book 30 minutes next Wednesday to walk through pricing.", "both", False, None),
        ("Can we lock in Friday at 10am for the demo?", "both", True, "2026-11-27T10:00"),
        ("Does Tuesday at 2 work for a follow-up with your CFO?", "both", True, None),
        ("I'll email you the recap and a calendar invite. Does that work?", "rep", True, None),
    ],
)
def test_concrete_next_steps(text: str, owner: str, committed: bool, iso: str | None) -> None:
    found = _steps(text)
    assert [f.label for f in found][:1] == ["next_step"], text
    step = found[0].attributes
    assert (step["owner"], step["committed"]) == (owner, committed)
    if iso is not None:
        assert step["date"] == iso


def test_action_words_and_relative_date_without_call_date() -> None:
    [step] = _steps("I'll put together the business case and share it Monday.", call_date=None)
    assert step.attributes["action"] == "put together the business case and share it"
    assert step.attributes["date"] is None
    assert step.attributes["date_text"] == "Monday"


def test_next_step_in_asr_text() -> None:
    [step] = _steps(strip_punctuation("I'll send the proposal by Thursday at 3pm."))
    assert step.attributes["date"] == "2026-11-26T15:00"
    assert step.attributes["owner"] == "rep"


@pytest.mark.parametrize(
    "text",
    [
        "Let's touch base soon.",
        "I'll circle back soon.",
        "Let's catch up sometime.",
        "I'll ring you in a fortnight or so to see how it lands.",
        "Maybe we can get your ops lead on a call at some point.",
        "just get back to me whenever you're ready",
        "I'll be in touch.",
    ],
)
def test_vague_next_steps(text: str) -> None:
    found = _steps(text)
    assert [f.label for f in found] == ["vague_next_step"], text
    assert found[0].attributes["date"] is None


@pytest.mark.parametrize(
    "text",
    [
        "Last Tuesday we launched a new feature.",
        "What tools are you using today?",
        "The report runs every Monday morning.",
        "I had a meeting with another client yesterday.",
        "Who signs the contract on your side?",
    ],
)
def test_not_next_steps(text: str) -> None:
    assert _steps(text) == []


def test_the_prospect_proposes_next_steps_too() -> None:
    [step] = _steps("I'll send you the signed order form on Thursday.", speaker="Prospect")
    assert step.label == "next_step"
    assert step.attributes["owner"] == "prospect"
    assert step.attributes["accepted"] is True  # their own proposal


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Could you send me the login list by Friday?", "rep"),
        ("Can we do Wednesday at 11 instead?", "both"),
    ],
)
def test_prospect_steps_owner(text: str, owner: str) -> None:
    [step] = _steps(text, speaker="Prospect")
    assert step.attributes["owner"] == owner


def test_a_named_colleague_of_the_prospect_owns_the_step_the_rep_asks_for() -> None:
    [step] = _steps("Could Priya pull the aging report before we meet?")
    assert step.attributes["owner"] == "prospect"


@pytest.mark.parametrize(
    "text",
    [
        "Talk soon!",
        "Okay, talk soon, Priya.",
        "At the end we can see together whether a next step makes sense.",
        "By the end of the call I'd like us to agree on the agenda.",
        "Give me a second to share my screen.",
        "You can schedule exports to run every Monday.",
        "Let's talk about your renewal process first.",
        "Owners rarely log in, but you could definitely export a report and send it on.",
    ],
)
def test_agenda_closers_and_features_are_not_steps(text: str) -> None:
    assert _steps(text) == []


def _dialogue(*lines: tuple[str, str]) -> list[Finding]:
    call = replace(build_call(list(lines)), date=MONDAY)
    return NextStepDetector().detect(call, build_context(call))


def test_acceptance_is_found_and_linked_to_the_step() -> None:
    found = _dialogue(
        ("Rep", "Let's get your controller on a call. Would Thursday at 3 work?"),
        ("Prospect", "Yes, Thursday at 3 is good for the two of us. Please send an invite."),
    )
    steps = [f for f in found if f.label == "next_step"]
    accepts = [f for f in found if f.label == "next_step_accept"]
    # The ask for a time belongs to the step before it; the buyer naming the time is a step
    # as well as the acceptance (the labels' convention); "send an invite" is its logistics.
    assert len(steps) == 2
    assert steps[0].evidence[0].quote.startswith("Let's get your controller")
    assert steps[0].attributes["accepted"] is True
    assert steps[0].attributes["committed"] is True
    assert steps[1].evidence[0].quote == "Yes, Thursday at 3 is good for the two of us."
    assert steps[1].attributes["owner"] == "both"
    assert steps[1].attributes["accepted"] is True
    [accept] = accepts
    assert accept.evidence[0].quote == "Yes, Thursday at 3 is good for the two of us."
    assert accept.attributes["step_utterance"] == steps[0].evidence[0].utterance_id


def test_a_counter_proposal_is_not_an_acceptance() -> None:
    found = _dialogue(
        ("Rep", "How's Tuesday at ten?"),
        ("Prospect", "Tuesday is out. Could we do Wednesday at two?"),
        ("Rep", "Wednesday at two is fine. I'll send the invite this afternoon."),
    )
    first = found[0]
    assert first.attributes["accepted"] is False
    assert not [f for f in found if f.label == "next_step_accept"]
    quotes = [f.evidence[0].quote for f in found if f.label == "next_step"]
    # The rep agreeing ("Wednesday at two is fine.") is not a step of its own.
    assert quotes == [
        "How's Tuesday at ten?",
        "Could we do Wednesday at two?",
        "I'll send the invite this afternoon.",
    ]


def test_a_vague_promise_after_a_brush_off_ranks_below_a_booked_meeting() -> None:
    vague = _dialogue(
        ("Prospect", "Mail me a brochure and I'll have a look."),
        ("Rep", "No problem, I'll check in with you at some point."),
    )
    assert [f.label for f in vague] == ["vague_next_step"]
    assert vague[0].attributes["concrete"] is False
    consolation = _dialogue(
        ("Prospect", "Honestly, could you email me an overview?"),
        ("Rep", "Sure thing, I'll mail the whole packet over this evening."),
    )
    assert consolation[0].attributes["answers_stall"] is True
    booked = _dialogue(
        ("Rep", "Let's book Tuesday at 2 with your CFO."), ("Prospect", "Sounds good.")
    )
    assert booked[0].label == "next_step"
    assert booked[0].attributes["concrete"] is True
    assert booked[0].attributes["answers_stall"] is False
    assert booked[1].label == "next_step_accept"


def test_a_brush_off_request_is_a_stall_not_a_step() -> None:
    assert _steps("Could you email us the brochure?", speaker="Prospect") == []


def test_a_buyer_who_checks_the_calendar_then_confirms_the_time_accepts() -> None:
    found = _dialogue(
        (
            "Rep",
            "Let's put the three of us in a room with your auditor. Would Wednesday at 11 work?",
        ),
        (
            "Prospect",
            "Hang on, pulling up her diary. Hmm. Right. She has a gap then. "
            "OK, Wednesday at 11 works for us.",
        ),
    )
    steps = [f for f in found if f.label == "next_step"]
    [accept] = [f for f in found if f.label == "next_step_accept"]
    # The confirmation is the acceptance of the rep's step, and naming the day it is a
    # step too (the labels' convention).
    assert len(steps) == 2 and steps[0].attributes["accepted"] is True
    assert steps[1].evidence[0].quote == "OK, Wednesday at 11 works for us."
    assert accept.evidence[0].quote == "OK, Wednesday at 11 works for us."


def test_a_different_or_refused_time_later_in_the_reply_is_no_acceptance() -> None:
    for reply in (
        "Let me see. Hmm. Not sure. Friday at 11 works better.",
        "Let me see. Hmm. Not sure. No, Wednesday doesn't work for us.",
    ):
        found = _dialogue(("Rep", "Can we meet Wednesday at 11?"), ("Prospect", reply))
        assert not [f for f in found if f.label == "next_step_accept"], reply


def test_agreement_after_a_question_about_the_step_counts() -> None:
    found = _dialogue(
        ("Rep", "What I'd suggest is a forty-minute working session with your planner."),
        ("Prospect", "What would she need to prepare for that?"),
        ("Rep", "Nothing much, a list of the routes that ran late last month."),
        ("Prospect", "Alright, let's do it."),
    )
    [accept] = [f for f in found if f.label == "next_step_accept"]
    assert accept.evidence[0].quote == "Alright, let's do it."
    assert accept.evidence[1].quote.startswith("What I'd suggest")
    # Not when the rep's answer put a new step on the table: that one gets the yes.
    found = _dialogue(
        ("Rep", "What I'd suggest is a forty-minute working session with your planner."),
        ("Prospect", "What would she need to prepare for that?"),
        ("Rep", "I'll send her a short checklist tomorrow."),
        ("Prospect", "Alright, let's do it."),
    )
    [accept] = [f for f in found if f.label == "next_step_accept"]
    assert accept.evidence[1].quote == "I'll send her a short checklist tomorrow."


def test_todays_agenda_with_an_ok_is_not_a_time_on_the_table() -> None:
    found = _dialogue(
        ("Rep", "I'll walk through just the two reports today, not billing, is that okay?"),
        ("Prospect", "Yes, perfect."),
    )
    assert not [f for f in found if f.label == "next_step"]
    # A clock time today is one.
    found = _dialogue(("Rep", "Could we pick this up today at 4, is that okay?"))
    assert [f.label for f in found] == ["next_step"]


def test_a_named_colleagues_dated_deliverable_is_a_step_of_the_rep_side() -> None:
    [step] = _steps("Tomasz will have the migration plan to you by Wednesday.")
    assert step.label == "next_step"
    assert step.attributes["owner"] == "rep"
    assert step.attributes["date_text"] == "Wednesday"
    # undated, or a pronoun: a claim about the product, not a step
    assert _steps("Tomasz will get you sorted, he's great.") == []
    assert _steps("It will send you an alert by Wednesday.") == []


def test_a_vague_catch_up_is_a_step_but_not_concrete() -> None:
    for text in (
        "Maybe we regroup in a few weeks once finance has looked at it?",
        "I'll just check back with you sometime next quarter.",
    ):
        [step] = _steps(text)
        assert step.label == "vague_next_step", text
        assert step.attributes["concrete"] is False


def test_a_generic_weekday_is_no_date() -> None:
    # "on a Saturday" is any Saturday: no step, and no date read from it
    assert _steps("The only cover I can get on a Saturday is agency staff.", "Prospect") == []
    assert find_when("alerts when someone refuels on a Saturday", MONDAY) is None
    assert find_when("We'll meet on December 3rd.", MONDAY) == When("December 3rd", "2026-12-03")


def test_two_steps_in_one_unpunctuated_run_are_two_moments() -> None:
    found = _steps(
        "sure i'll get the pricing over to you tomorrow and then maybe we catch up "
        "sometime next month and see how it landed"
    )
    assert [f.label for f in found] == ["next_step", "vague_next_step"]
    assert found[0].evidence[0].quote == "sure i'll get the pricing over to you tomorrow"
    assert found[1].evidence[0].quote.startswith("maybe we catch up")


def test_a_buyer_taking_on_the_reps_request_accepts_it() -> None:
    found = _dialogue(
        ("Rep", "Could you send me last quarter's churn export before we meet?"),
        ("Prospect", "I'll get Marguerite to pull it. Probably Tuesday."),
    )
    assert [f.label for f in found] == ["next_step", "next_step_accept"]
    assert found[0].attributes["accepted"] is True
    assert found[1].evidence[0].quote == "I'll get Marguerite to pull it."


def test_a_rep_who_agrees_and_takes_a_deliverable_on_proposes_a_step() -> None:
    found = _dialogue(
        ("Rep", "Could we get forty minutes with your ops lead?"),
        ("Prospect", "Friday at 9 works for the two of us. Shoot me the invite."),
        ("Rep", "Will do, I'll send the invite and a short recap right after we hang up."),
    )
    steps = [f.evidence[0].quote for f in found if f.label == "next_step"]
    assert steps == [
        "Could we get forty minutes with your ops lead?",
        "Friday at 9 works for the two of us.",
        "Will do, I'll send the invite and a short recap right after we hang up.",
    ]


def test_sending_everything_after_a_brush_off_is_a_consolation() -> None:
    found = _dialogue(
        ("Prospect", "I won't decide anything now. Just send me some material to look at."),
        ("Rep", "Of course! I'll email you the whole pack tonight."),
    )
    [step] = [f for f in found if f.label == "next_step"]
    assert step.attributes["answers_stall"] is True


# next_step 2.3 (issue 9): acceptances without "yes" or "works", read from the turn right
# after the other side's proposed step. Invented exchanges.
@pytest.mark.parametrize(
    ("step", "reply", "quote"),
    [
        (
            "Could we get half an hour with your plant manager instead of a slide deck?",
            "That would be a far better plan than me presenting it. She's around next week.",
            "That would be a far better plan than me presenting it.",
        ),
        (
            "Shall we book forty minutes next Monday to go through the rollout?",
            "Send me the invite and I'll clear the morning.",
            "Send me the invite and I'll clear the morning.",
        ),
        (
            "Why don't we set up a working session with your two dispatchers?",
            "Pop it in my calendar, any afternoon is fine.",
            "Pop it in my calendar, any afternoon is fine.",
        ),
        (
            "Could you share the carrier invoices from March before we meet?",
            "We'll dig them out of the billing system on Thursday.",
            "We'll dig them out of the billing system on Thursday.",
        ),
        (
            "I'll email you the sizing sheet and both price options tonight.",
            "Brilliant, send it over to the shared inbox.",
            "Brilliant, send it over to the shared inbox.",
        ),
        (
            "I'll put the draft order form together by Wednesday.",
            "Go ahead, Wednesday's fine.",
            "Go ahead, Wednesday's fine.",
        ),
    ],
)
def test_acceptances_without_yes(step: str, reply: str, quote: str) -> None:
    found = _dialogue(("Rep", step), ("Prospect", reply))
    [accept] = [f for f in found if f.label == "next_step_accept"]
    assert accept.evidence[0].quote == quote
    assert found[0].attributes["accepted"] is True


@pytest.mark.parametrize(
    ("step", "reply"),
    [
        # an appraisal of something else
        (
            "Could we take an hour with your finance lead next week?",
            "That's a good question, honestly.",
        ),
        ("Shall we book a call with your ops team on Friday?", "That's good to know, but no."),
        # a promise to think first is no taking-on
        ("Could you send me the usage export before Tuesday?", "I'll need to ask our admin."),
        ("Could you send me the usage export before Tuesday?", "I'll think about it."),
        ("Could we take an hour with your finance lead next week?", "I'll leave it for now."),
        # "send it over" only answers a step the rep takes on
        ("Could we set up a call with your IT lead on Thursday?", "Send it over first."),
    ],
)
def test_no_acceptance_without_agreeing(step: str, reply: str) -> None:
    found = _dialogue(("Rep", step), ("Prospect", reply))
    assert [f for f in found if f.label == "next_step_accept"] == []


def test_asking_for_time_together_is_a_step() -> None:
    [step] = _steps("Could we take twenty minutes with your controller to check the numbers?")
    assert step.label == "next_step"
    assert step.attributes["owner"] == "both"


def test_two_promises_in_one_unpunctuated_run_are_two_moments() -> None:
    found = _steps(
        "no bother at all i'll send you the catalogue tomorrow and i'll give you a ring "
        "after the trade show to see how you got on"
    )
    assert [f.label for f in found] == ["next_step", "vague_next_step"]
    assert found[1].evidence[0].quote.startswith("i'll give you a ring")


def test_a_proposal_after_a_comma_is_a_second_step() -> None:
    found = _steps(
        "I'll send the spec sheet this afternoon, and how about we catch up in the spring "
        "once your budget is set?"
    )
    assert [f.label for f in found] == ["next_step", "vague_next_step"]
    assert found[0].evidence[0].quote == "I'll send the spec sheet this afternoon"


def test_a_joint_step_put_as_a_question_asks_for_commitment() -> None:
    [asked] = _steps("Could we take forty minutes with your plant manager on Thursday?")
    assert asked.attributes["committed"] is True
    [told] = _steps("What I'd suggest is forty minutes with your plant manager on Thursday.")
    assert told.attributes["committed"] is False
    # the buyer's question is theirs to answer, not a commitment the rep asked for
    [theirs] = _steps("Could we take forty minutes on Thursday?", "Prospect")
    assert theirs.attributes["committed"] is False


@pytest.mark.parametrize(
    "reply",
    [
        "Sure thing.",
        "Of course, the controller will want to be there.",
        "Fine by me.",
        "That's fine, mornings are quieter.",
        "Wednesday's good for both of us.",
        "Makes sense, let's do it.",
        "Okay, book it.",
        "Put us down for it.",
        "We'll be there.",
        "No problem, I'll tell the team.",
    ],
)
def test_plain_agreement_accepts_a_proposed_meeting(reply: str) -> None:
    found = _dialogue(
        ("Rep", "Could we book forty minutes on Wednesday at 11 with your ops lead?"),
        ("Prospect", reply),
    )
    assert [f.label for f in found][:2] == ["next_step", "next_step_accept"], reply


@pytest.mark.parametrize(
    "reply",
    ["Okay.", "Hmm, maybe.", "I'm not sure.", "Wednesday's tricky.", "It's fine, we'll pass."],
)
def test_no_agreement_is_no_acceptance(reply: str) -> None:
    found = _dialogue(
        ("Rep", "Could we book forty minutes on Wednesday at 11 with your ops lead?"),
        ("Prospect", reply),
    )
    assert "next_step_accept" not in [f.label for f in found], reply


def test_a_date_in_a_reply_that_agrees_is_no_counter_proposal() -> None:
    found = _dialogue(
        (
            "Rep",
            "I'll send the invite to both of you today. Could you send me the March "
            "returns export before Thursday?",
        ),
        ("Prospect", "I'll pull it from the warehouse system on Wednesday."),
    )
    invite, export = [f for f in found if f.label == "next_step"]
    assert export.attributes["accepted"] is True
    assert invite.attributes["accepted"] is None  # not False: the day answers the export


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("I'll have the revised rollout plan in your inbox by Friday.", "rep"),
        ("You'll have the pilot plan from me by end of day tomorrow.", "rep"),
        ("Should I send the order form over now so you can sign this week?", "rep"),
        ("Why don't I put a placeholder in your calendar for next Tuesday?", "rep"),
        ("We'll get the signed order over to your finance team by Thursday.", "rep"),
        ("Happy to set up a sandbox for your team by Friday.", "rep"),
        ("Can I grab twenty minutes with you and your controller on Monday?", "both"),
    ],
)
def test_more_ways_to_promise_or_propose_a_step(text: str, owner: str) -> None:
    [step] = _steps(text)
    assert step.label == "next_step", text
    assert step.attributes["owner"] == owner, text


@pytest.mark.parametrize(
    "text",
    [
        "Can I share what we've seen elsewhere, and you tell me if it fits?",
        "We'll get there eventually, most teams do.",
        "Happy to answer anything else you've got.",
    ],
)
def test_conversation_is_no_step(text: str) -> None:
    assert [f for f in _steps(text) if f.label == "next_step"] == []


# ---- next_step 2.5 (issue 9, fifth round): dates and times in words, more step forms ----


@pytest.mark.parametrize(
    ("text", "words", "iso"),
    [
        ("The files will be with you by the fourteenth.", "the fourteenth", "2026-12-14"),
        ("We go live on the second of February.", "the second of February", "2027-02-02"),
        ("How about January the ninth?", "January the ninth", "2027-01-09"),
        ("Say the twenty-third, at two?", "the twenty-third, at two", "2026-11-23T14:00"),
        ("Tuesday, three o'clock?", "Tuesday, three o'clock", "2026-11-24T15:00"),
        ("Wednesday, half past nine.", "Wednesday, half past nine", "2026-11-25T09:30"),
        ("Friday then, half ten at the depot.", "Friday then, half ten", "2026-11-27T10:30"),
        ("Monday at quarter to four.", "Monday at quarter to four", "2026-11-30T15:45"),
        ("Thursday at eleven works.", "Thursday at eleven", "2026-11-26T11:00"),
    ],
)
def test_dates_and_times_said_in_words(text: str, words: str, iso: str) -> None:
    assert find_when(text, MONDAY) == When(words, iso)


@pytest.mark.parametrize(
    "text",
    [
        "The third option is cheaper.",
        "She was the first to complain.",
        "Our office is on the fifth floor.",
        "We're at two sites now.",
        "It took half an hour.",
        "At one point we had eleven vans.",
    ],
)
def test_ordinals_and_numbers_that_are_no_date(text: str) -> None:
    assert find_when(text, MONDAY) is None


@pytest.mark.parametrize(
    ("text", "speaker", "owner"),
    [
        ("I'll pop the revised quote over this afternoon.", "Rep", "rep"),
        ("I'll fire the contract across tonight.", "Rep", "rep"),
        ("i go send you the rate card on whatsapp today", "Rep", "rep"),
        ("Imma send you the order form tomorrow.", "Rep", "rep"),
        ("Leila will email you the install checklist.", "Rep", "rep"),
        ("I'll dig the old invoices out for you.", "Prospect", "prospect"),
        ("Could you come out one morning and walk the warehouse with us?", "Prospect", "rep"),
        ("Then the three of us sit down with your owner on Thursday.", "Rep", "both"),
        ("On the sixteenth, could we write up the results for your board?", "Rep", "both"),
        ("Wednesday I can do.", "Prospect", "both"),
    ],
)
def test_more_ways_to_propose_a_step(text: str, speaker: str, owner: str) -> None:
    found = _steps(text, speaker=speaker)
    assert [f.label for f in found][:1] == ["next_step"], text
    assert found[0].attributes["owner"] == owner, text


@pytest.mark.parametrize(
    "text",
    [
        "we go talk again after the holidays",
        "I'll WhatsApp you sometime next month to see how it's going.",
        "Have a word with your finance lead and let us know.",
        "We can pick it up from there once the audit is done.",
    ],
)
def test_more_vague_steps(text: str) -> None:
    assert [f.label for f in _steps(text)] == ["vague_next_step"], text


@pytest.mark.parametrize(
    "text",
    [
        "It will email you a summary every Friday.",  # the product, not a person
        "Our team will come out of it stronger.",
        "That's exactly what we're after.",
    ],
)
def test_still_not_steps(text: str) -> None:
    assert _steps(text) == []


def test_a_recap_names_each_side_s_step() -> None:
    found = _steps(
        "So I'll send the order form today, Tomas will email you the setup guide, and we'll "
        "see you at the depot on the fourteenth."
    )
    quotes = [f.evidence[0].quote for f in found if f.label == "next_step"]
    assert quotes[:2] == [
        "So I'll send the order form today",
        "Tomas will email you the setup guide",
    ]


# ---- 2.6 (issue 9, sixth round): general forms, not phrases ----


def test_a_time_question_carries_the_plan_it_dates() -> None:
    """ "Would Friday at nine work for that?" dates the plan told just before it: the step
    is the plan and its time together, not the question alone."""
    call = replace(
        build_call(
            [
                ("Prospect", "That makes sense to me."),
                (
                    "Rep",
                    "Once your fitters have read the meters, we'll compare the figures with "
                    "both of you against last winter's bills. Would Friday at nine work for that?",
                ),
                ("Prospect", "Friday at nine is fine."),
            ]
        ),
        date=MONDAY,
    )
    found = NextStepDetector().detect(call, build_context(call))
    steps = [f for f in found if f.label == "next_step"]
    assert steps[0].evidence[0].quote.startswith("Once your fitters have read the meters")
    assert steps[0].evidence[0].quote.endswith("Would Friday at nine work for that?")
    assert "next_step_accept" in [f.label for f in found]


def test_a_time_question_after_small_talk_stays_alone() -> None:
    found = _steps("The drive up was lovely. How's Thursday at ten?")
    assert [f.evidence[0].quote for f in found] == ["How's Thursday at ten?"]


def _late_turns(rep: str, reply: str) -> list[Finding]:
    """``rep`` and ``reply`` as the last turns of a call, after some discovery."""
    lines = [("Rep", "How do you schedule the crews today?"), ("Prospect", "On a whiteboard.")]
    call = replace(build_call([*lines * 3, ("Rep", rep), ("Prospect", reply)]), date=MONDAY)
    return NextStepDetector().detect(call, build_context(call))


def test_an_agreement_implies_a_proposal() -> None:
    """A plan no phrase reads as a step ("then we come down and run it with your
    foreman") is one when the buyer agrees to it."""
    found = _late_turns(
        "So here's the idea. Then we come down to the yard and run it with your foreman.",
        "Yes, let's do that.",
    )
    assert [f.label for f in found] == ["next_step", "next_step_accept"]
    assert (
        found[0].evidence[0].quote == "Then we come down to the yard and run it with your foreman."
    )
    assert found[0].attributes["accepted"] is True


@pytest.mark.parametrize(
    ("rep", "reply"),
    [
        # a bare acknowledgement is not an agreement
        ("Then we come down to the yard and run it with your foreman.", "Yeah."),
        # an ability or a hypothetical with no day is no commitment
        ("You can always start with one crew and see how it goes.", "Yes, let's do that."),
        ("And we'd tidy up your booking page too.", "Sounds good."),
        # asking leave to suggest something is not the step
        ("Can I suggest something here?", "Sure, go ahead."),
        # showing something on this call
        ("Let me show you the crew board.", "Sounds good."),
    ],
)
def test_no_implied_proposal(rep: str, reply: str) -> None:
    assert [f.label for f in _late_turns(rep, reply)] == []


def test_implied_proposals_can_be_switched_off() -> None:
    lines = [("Rep", "How do you schedule the crews today?"), ("Prospect", "On a whiteboard.")]
    call = build_call(
        [
            *lines * 3,
            ("Rep", "Then we come down to the yard and run it with your foreman."),
            ("Prospect", "Yes, let's do that."),
        ]
    )
    assert NextStepDetector(agreed_plans=False).detect(call, build_context(call)) == []


def test_a_dated_commitment_late_in_the_call_is_a_step_whatever_its_verb() -> None:
    """No phrase names "walk the line", but in a turn that proposes a step, a commitment
    with a day late in the call is a step too; the same words early in the call, or with no
    day, are not."""
    lines = [("Rep", "How do you plan the crews today?"), ("Prospect", "On a whiteboard.")]
    late = (
        "I'll send the rota template today. "
        "Then you'd walk the line with Tariq on Thursday, once he's filled it in."
    )
    call = replace(build_call([*lines * 3, ("Rep", late)]), date=MONDAY)
    found = NextStepDetector().detect(call, build_context(call))
    assert [f.label for f in found] == ["next_step", "next_step"]
    assert found[1].evidence[0].quote.startswith("Then you'd walk the line with Tariq")
    assert found[1].attributes["concrete"] is True
    assert found[1].attributes["date"] == "2026-11-26"
    early = replace(build_call([("Rep", late), *lines * 3]), date=MONDAY)
    assert len(NextStepDetector().detect(early, build_context(early))) == 1
    undated = late.replace(" on Thursday", "")
    call2 = replace(build_call([*lines * 3, ("Rep", undated)]), date=MONDAY)
    assert len(NextStepDetector().detect(call2, build_context(call2))) == 1
    off = NextStepDetector(dated_commitments=False)
    assert len(off.detect(call, build_context(call))) == 1


def test_the_lobo_script_refuses_a_sealed_folder() -> None:
    """scripts/loco_next_step.py pools read folders only (``prepare_read_calls``): a sealed
    blind set is scored in aggregate, never tuned on, even by leaving it out."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "loco_next_step.py"
    spec = importlib.util.spec_from_file_location("loco_next_step", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(ValueError, match="sealed"):
        module.main(["--lobo", "--also", "tests/data/salescalls_blind/sealed5"])


def _accepts(found: list[Finding]) -> list[str]:
    return [f.evidence[0].quote for f in found if f.label == "next_step_accept"]


def test_a_second_buyer_taking_their_part_on_accepts_in_the_next_turn() -> None:
    # 2.7: the buyer's next turns are read, not only the first reply.
    found = _dialogue(
        ("Rep", "Could you send me the pump logs by Wednesday?"),
        ("Prospect", "Our ops director would want to see what comes of it."),
        ("Mandla", "I'll pull the logs out of the SCADA export this week."),
    )
    assert "I'll pull the logs out of the SCADA export this week." in _accepts(found)
    step = next(f for f in found if f.label == "next_step")
    assert step.attributes["accepted"] is True


@pytest.mark.parametrize(
    "reply",
    [
        "Do it at both depots.",
        "Go ahead then, we're all in.",
        "Make it the twelfth instead, same time.",
        "Put it in for three, the whole team can come.",
        "Rukmini will send you the floor plans.",
        "Eleven o'clock at the Leeds office, I'll meet you in reception.",
    ],
)
def test_go_aheads_parts_taken_on_and_the_time_said_back_accept(reply: str) -> None:
    found = _dialogue(
        ("Rep", "Let's book a review with your ops team on Friday at eleven."),
        ("Prospect", reply),
    )
    [accept] = _accepts(found)
    assert reply.startswith(accept)


@pytest.mark.parametrize(
    "reply",
    [
        "Let me look. Our finance lead is in Manchester on Friday.",
        "Send me something in writing and I'll look at it after the audit.",
        "I'll have to think about it, honestly.",
        "Let's just put a call in for the week after, and Ama can tell you then.",
        "Could we do it next month?",
    ],
)
def test_deferrals_facts_and_counter_proposals_do_not_accept(reply: str) -> None:
    found = _dialogue(
        ("Rep", "Let's book a review with your ops team on Friday at eleven."),
        ("Prospect", reply),
    )
    assert _accepts(found) == []


def test_the_window_closes_at_the_reps_next_step() -> None:
    found = _dialogue(
        ("Rep", "I'll send the proposal over today."),
        ("Prospect", "Hmm, we'll see."),
        ("Rep", "And could we book thirty minutes with your partner on Thursday at two?"),
        ("Prospect", "I'll get her to look at her diary."),
    )
    # "I'll get her to look at her diary" answers the second step, not the first.
    accepts = [f for f in found if f.label == "next_step_accept"]
    assert all("Thursday" in a.evidence[1].quote for a in accepts)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Maybe we catch up again once the board has met in March.", "both"),
        ("Then we'll touch base after the school holidays.", "both"),
        ("Great. You'll have the revised quote from me by Friday.", "rep"),
        (
            "If your site lead can send me the meter readings by Friday, I'll build the model on"
            " them.",
            "prospect",
        ),
    ],
)
def test_the_owner_follows_the_sentence_grammar(text: str, owner: str) -> None:
    found = _dialogue(("Prospect", "We'd want to see the numbers first."), ("Rep", text))
    steps = [f for f in found if f.label in ("next_step", "vague_next_step")]
    assert steps, text
    assert steps[0].attributes["owner"] == owner


_PLAN_TURN = (
    "Here's what I'd suggest. We pull last quarter's tickets into a sandbox for you. "
    "We sit down with you and Dana on the twelfth and go through what it would have caught. "
    "Would ten o'clock work?"
)


@pytest.mark.parametrize(
    "reply",
    [
        "The twelfth is good, ten o'clock.",
        "Yes, let's do that.",
        "Ten o'clock on the twelfth is fine.",
    ],
)
def test_a_plan_the_buyer_confirms_is_a_step_whatever_its_grammar(reply: str) -> None:
    """2.9: a plan told in the plain present ("we sit down with you on the twelfth") in a
    late rep turn that puts a time on the table is a step when the buyer's reply confirms
    it; each plan sentence of the turn is one."""
    found = _late_turns(_PLAN_TURN, reply)
    quotes = [f.evidence[0].quote for f in found if f.label == "next_step"]
    assert "We pull last quarter's tickets into a sandbox for you." in quotes
    assert any(q.startswith("We sit down with you and Dana on the twelfth") for q in quotes)
    assert "Here's what I'd suggest." not in quotes


@pytest.mark.parametrize(
    ("rep", "reply"),
    [
        # the buyer does not confirm: a refusal, a question, a bare acknowledgement
        (_PLAN_TURN, "The twelfth is tricky, I'm away that week."),
        (_PLAN_TURN, "Hmm, what would Dana need to bring?"),
        (_PLAN_TURN, "Okay."),
        # no day or time on the table: in-call work, not a step
        ("We put your tags on and send the serial list across.", "Perfect, thanks."),
        # a state or a past event in the plain present form
        ("We have a sandbox for that on Thursday.", "Great, yes."),
        ("We switched them over on Monday.", "Good, yes."),
    ],
)
def test_no_confirmed_plan_without_a_confirmation_and_a_time(rep: str, reply: str) -> None:
    found = _late_turns(rep, reply)
    assert not [
        f
        for f in found
        if f.label == "next_step" and f.evidence[0].quote.startswith(("We pull", "We sit", "We "))
    ], found


def test_confirmed_plans_only_late_and_switchable() -> None:
    lines = [("Rep", "How do you schedule the crews today?"), ("Prospect", "On a whiteboard.")]
    turns = [
        ("Rep", "Then the two of us walk the site with your foreman on Thursday."),
        ("Prospect", "Thursday works, yes."),
    ]
    late = replace(build_call([*lines * 3, *turns]), date=MONDAY)
    quotes = [f.evidence[0].quote for f in NextStepDetector().detect(late, build_context(late))]
    assert "Then the two of us walk the site with your foreman on Thursday." in quotes
    # (``proposal_quotes`` off too: it quotes the buyer's confirmation on the same sentence)
    off = NextStepDetector(confirmed_plans=False, proposal_quotes=False).detect(
        late, build_context(late)
    )
    assert "Then the two of us walk the site with your foreman on Thursday." not in [
        f.evidence[0].quote for f in off
    ]
    early = replace(build_call([*turns, *lines * 3]), date=MONDAY)
    detector = NextStepDetector(proposal_quotes=False)
    quotes = [f.evidence[0].quote for f in detector.detect(early, build_context(early))]
    assert "Then the two of us walk the site with your foreman on Thursday." not in quotes


def _more_steps(text: str, more_forms: bool = True) -> list[Finding]:
    """``text`` said by the rep after a short reply, with 2.10's ``more_forms`` switch."""
    call = replace(build_call([("Prospect", "Sounds good."), ("Rep", text)]), date=MONDAY)
    return NextStepDetector(more_forms=more_forms).detect(call, build_context(call))


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Our winter rate is a tenth off if you sign by the 12th of December.", "2026-12-12"),
        ("Sign by the fourth of December and the install is on us.", "2026-12-04"),
        ("If we can get it signed by Friday, I'll drop the setup charge.", "2026-11-27"),
    ],
)
def test_a_deadline_offer_with_a_day_is_the_buyers_step(text: str, iso: str) -> None:
    """2.10 (``more_forms``, off): a deadline offer with a day one can put in a calendar is a
    concrete step owned by the buyer (the labels of seven of nine blind writers)."""
    steps = [f for f in _more_steps(text) if f.label == "next_step"]
    assert len(steps) == 1, text
    assert steps[0].attributes["owner"] == "prospect"
    assert steps[0].attributes["concrete"] is True
    assert steps[0].attributes["date"] == iso
    assert steps[0].attributes["deadline_offer"] is True


def test_a_step_with_a_signature_and_no_price_cut_is_no_deadline_offer() -> None:
    steps = _more_steps("Could you sign the data agreement by Thursday so we can start?")
    assert [f.attributes["deadline_offer"] for f in steps if f.label == "next_step"] == [False]


@pytest.mark.parametrize(
    "text",
    [
        # urgency with no day: talk, not a step
        "If you sign before the end of the month, the onboarding is free.",
        "There's a discount if you sign before the end of January.",
        # the buyer's refusal and a buyer's rule are no rep offer
        "We can't sign before the board meets, and that is months away.",
    ],
)
def test_urgency_without_a_day_is_no_deadline_step(text: str) -> None:
    assert not [f for f in _more_steps(text) if f.label == "next_step"], text


def test_a_time_together_asked_of_a_group_is_a_step_with_a_day_only() -> None:
    """2.10 (``more_forms``, off): "could the three of us …" with a day or a time proposes a
    joint meeting; the switch off leaves it to the rules of 2.9."""
    found = _more_steps("Could the three of us go through the numbers on Tuesday at ten?")
    steps = [f for f in found if f.label == "next_step"]
    assert len(steps) == 1
    assert (steps[0].attributes["owner"], steps[0].attributes["committed"]) == ("both", True)
    assert not [
        f
        for f in _more_steps("Could the three of us go through the numbers sometime?")
        if f.label == "next_step"
    ]


def test_more_forms_are_off_by_default() -> None:
    text = "Could you ask Priya to join for the second half on Thursday?"
    assert [f.label for f in _more_steps(text)] == ["next_step"]
    assert NextStepDetector.default_params()["more_forms"] is False
    assert not [f for f in _more_steps(text, more_forms=False) if f.label == "next_step"]


def test_the_switch_is_read_when_the_same_call_is_detected_twice() -> None:
    call = replace(
        build_call(
            [("Prospect", "Sounds good."), ("Rep", "Sign by the fourth of December, it's 10% off.")]
        ),
        date=MONDAY,
    )
    on = NextStepDetector(more_forms=True).detect(call, build_context(call))
    off = NextStepDetector().detect(call, build_context(call))
    assert [f.label for f in on] == ["next_step"]
    assert not [f for f in off if f.label == "next_step"]


def test_the_calls_opening_sets_an_agenda_not_a_step() -> None:
    # Invented call (2.11, ``opening_share``): the rep's plan for today, said in the first
    # turns, is done in the call; the same sentence later in the call is a step.
    agenda = "So today I'll walk you through the planner, and then we'll talk pricing."
    talk = [("Prospect", "Okay."), ("Rep", "How many crews do you run?")] * 10
    call = replace(build_call([("Rep", agenda), *talk]), date=MONDAY)
    found = NextStepDetector().detect(call, build_context(call))
    assert [f for f in found if f.label == "next_step"] == []
    switched_off = NextStepDetector(opening_share=None).detect(call, build_context(call))
    assert any(f.label == "next_step" for f in switched_off)
    late = replace(build_call([*talk, ("Rep", agenda)]), date=MONDAY)
    found = NextStepDetector().detect(late, build_context(late))
    assert len([f for f in found if f.label == "next_step"]) == 1
    # A short exchange (under 20 turns) has no opening to tell apart.
    short = replace(build_call([("Rep", agenda), *talk[:6]]), date=MONDAY)
    found = NextStepDetector().detect(short, build_context(short))
    assert len([f for f in found if f.label == "next_step"]) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Pop the figures in an email and we'll be in touch.",
        "Email me the figures and I'll have a look over the holidays.",
        "Just mail the brochure and we will circle back once the board has met.",
    ],
)
def test_a_buyers_undated_brush_off_is_not_a_step(text: str) -> None:
    # Invented (2.12, ``brush_offs``): the buyer puts the rep off with no day or time.
    found = [f for f in _steps(text, speaker="Prospect") if "next_step" in f.label]
    assert found == []
    call = replace(build_call([("Rep", "Sounds good."), ("Prospect", text)]), date=MONDAY)
    off = NextStepDetector(brush_offs=False).detect(call, build_context(call))
    assert [f for f in off if "next_step" in f.label]


def test_a_buyers_dated_get_back_is_still_a_step() -> None:
    found = _steps("I'll get back to you on Thursday with the board's answer.", "Prospect")
    assert [f.label for f in found] == ["next_step"]


@pytest.mark.parametrize(
    "text",
    [
        "What I'd suggest is the two-zone starter kit on the cold room first.",
        "If the board agrees, I'd suggest a pilot on one depot rather than all nine.",
    ],
)
def test_a_suggested_product_is_not_a_step(text: str) -> None:
    # Invented (2.12, ``suggestion_veto``): a recommendation put as a suggestion.
    assert [f for f in _steps(text) if "next_step" in f.label] == []
    call = replace(build_call([("Prospect", "Sounds good."), ("Rep", text)]), date=MONDAY)
    off = NextStepDetector(suggestion_veto=False).detect(call, build_context(call))
    assert [f for f in off if "next_step" in f.label]


@pytest.mark.parametrize(
    "text",
    [
        "What I'd suggest is forty minutes with you and your finance lead.",
        "What I'd suggest is we meet again on Thursday at 2 with the numbers.",
        "I'd suggest a short call with your ops manager next Tuesday.",
    ],
)
def test_a_suggested_meeting_is_still_a_step(text: str) -> None:
    assert len([f for f in _steps(text) if f.label in ("next_step", "vague_next_step")]) == 1


def _group_steps(text: str, group_time: bool = True) -> list[Finding]:
    """``text`` said by the rep after a short reply, with the stop-36 ``group_time`` switch."""
    call = replace(build_call([("Prospect", "Sounds good."), ("Rep", text)]), date=MONDAY)
    # group_length (on since 2.13) reads the length line too: off with group_time here
    found = NextStepDetector(group_time=group_time, group_length=group_time).detect(
        call, build_context(call)
    )
    return [f for f in found if f.label == "next_step"]


@pytest.mark.parametrize(
    "text",
    [
        "Could the three of us take forty-five minutes once your partner is back?",
        "Could the four of us grab half an hour with her ahead of the audit?",
        "Could the three of us talk it through on Tuesday at ten?",
    ],
)
def test_time_asked_of_a_group_is_a_step_with_group_time(text: str) -> None:
    """Stop 36 (``group_time``, off): a group asked for a length of time together, or
    asked to meet on a day, proposes a joint meeting; no deadline offers come with it."""
    steps = _group_steps(text)
    assert len(steps) == 1, text
    assert steps[0].attributes["owner"] == "both"
    assert steps[0].attributes["concrete"] is True
    assert not _group_steps(text, group_time=False), text


def test_group_time_reads_no_deadline_offer_and_no_undated_group_talk() -> None:
    for text in (
        "Sign by the fourth of December and the install is on us.",
        "Could the three of us talk about it sometime?",
        "The three of us had a long talk about pricing last year.",
    ):
        assert not _group_steps(text), text
    assert NextStepDetector.default_params()["group_time"] is False


def test_group_length_reads_the_length_line_alone() -> None:
    """Stop 37 (``group_length``): the group's length of time together is a joint step;
    the dated group line ("… talk it through on Tuesday") is left to ``group_time``."""

    def steps(text: str, on: bool) -> list[Finding]:
        call = replace(build_call([("Prospect", "Sounds good."), ("Rep", text)]), date=MONDAY)
        found = NextStepDetector(group_length=on).detect(call, build_context(call))
        return [f for f in found if f.label == "next_step"]

    asked = "Could the three of us take forty-five minutes once your partner is back?"
    assert len(steps(asked, True)) == 1
    assert steps(asked, True)[0].attributes["owner"] == "both"
    assert not steps(asked, False)
    assert not steps("Could the three of us talk it through on Tuesday at ten?", True)
    assert NextStepDetector.default_params()["group_length"] is True  # on since 2.13


def _echo_steps(reply: str, echo: bool) -> list[Finding]:
    call = replace(
        build_call(
            [
                ("Rep", "Could we book a call on Thursday at two with your finance lead?"),
                ("Prospect", reply),
            ]
        ),
        date=MONDAY,
    )
    found = NextStepDetector(echo_days=echo).detect(call, build_context(call))
    return [f for f in found if f.label == "next_step" and f.evidence[0].speaker == "Prospect"]


def test_a_buyer_repeating_the_reps_day_accepts_and_proposes_nothing_with_echo_days() -> None:
    """Stop 37 (``echo_days``, measured and off): "Thursday at two works." after the rep's
    Thursday at two is the acceptance; the buyer naming another day, or taking a task on,
    is as without the switch."""
    assert _echo_steps("Thursday at two works.", False)
    assert not _echo_steps("Thursday at two works.", True)
    assert not _echo_steps("Yes, Thursday is fine.", True)
    assert _echo_steps("Make it Friday at ten instead.", True) == _echo_steps(
        "Make it Friday at ten instead.", False
    )
    assert _echo_steps("I'll send the invite for Thursday today.", True) == _echo_steps(
        "I'll send the invite for Thursday today.", False
    )


def _step_labels(text: str, speaker: str, **params: bool) -> list[str]:
    other = "Prospect" if speaker == "Rep" else "Rep"
    call = replace(build_call([(other, "Sounds good."), (speaker, text)]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [f.label for f in found if "next_step" in f.label]


@pytest.mark.parametrize(
    "text",
    [
        "So I just wanted to catch up after the webinar and hear what your team thought.",
        "Let me share the dashboard and you stop me where it doesn't match your depot.",
        "Can I put your last month's invoices on the screen for a second?",
    ],
)
def test_what_the_rep_does_in_the_call_is_not_a_step(text: str) -> None:
    # Invented (stop 38, ``in_call``): why the rep rang, what the rep shows on the screen.
    assert _step_labels(text, "Rep") == []
    assert _step_labels(text, "Rep", in_call=False)


@pytest.mark.parametrize(
    "text",
    [
        "I just wanted to touch base next Tuesday about the quote.",
        "Let me send over the screen recording of the setup after this.",
    ],
)
def test_a_dated_or_sent_in_call_form_is_still_a_step(text: str) -> None:
    assert _step_labels(text, "Rep")


def test_a_buyers_question_how_soon_it_runs_is_not_a_step() -> None:
    # Invented (stop 38, ``timing_questions``).
    text = "How quick could we get it running for the first of March?"
    assert _step_labels(text, "Prospect") == []
    assert _step_labels(text, "Prospect", timing_questions=False) == ["next_step"]


def test_in_call_confirm_is_a_switch() -> None:
    # Invented (stop 38, ``in_call_confirm``): the rep asks a colleague for a figure in the call.
    text = "Priya, can you confirm what the current rate is?"
    assert _step_labels(text, "Rep", in_call_confirm=True) == []
    assert _step_labels(text, "Rep", in_call_confirm=False)
    dated = "Can you confirm the order numbers by Friday?"
    assert _step_labels(dated, "Rep", in_call_confirm=True)


def test_in_call_confirm_is_on_by_default() -> None:
    # 2.22 (stop 42): on; a request to confirm by a day, or one that sends something, stays.
    assert _step_labels("Marco, could you confirm how many vans are on lease?", "Rep") == []
    assert _step_labels("Could you confirm the headcount with payroll by Thursday?", "Rep")


@pytest.mark.parametrize(
    "text",
    [
        "So sorry, one sec, the other line is ringing, Tomas could you pick that up for me",
        "Sorry, just a second, Dana, could you call the courier back for me?",
        "Hang on, bear with me, tell the driver I'll call him back in ten.",
    ],
)
def test_a_buyers_aside_off_the_call_is_not_a_step(text: str) -> None:
    # Invented (stop 42, ``asides``): the buyer turns to somebody off the call.
    assert _step_labels(text, "Prospect") == []
    assert _step_labels(text, "Prospect", asides=False)


def test_a_dated_step_after_an_aside_cue_stays() -> None:
    text = "Hold on, let me look, yes, I'll send you the floor plans on Wednesday."
    assert _step_labels(text, "Prospect") == _step_labels(text, "Prospect", asides=False)
    assert _step_labels(text, "Prospect")


def test_the_reps_sentence_is_not_read_as_an_aside() -> None:
    text = "Hang on, I'll send you the revised tariff sheet right after we finish."
    assert _step_labels(text, "Rep") == _step_labels(text, "Rep", asides=False)
    assert _step_labels(text, "Rep")


def _accept_quotes(turns: list[tuple[str, str]], **params: bool) -> list[tuple[str, str]]:
    call = replace(build_call(turns), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [
        (f.evidence[0].speaker, f.evidence[0].quote) for f in found if f.label == "next_step_accept"
    ]


_PLANT_CALL = (
    "Here's my suggestion. Then the three of us and your plant manager on a call on "
    "Wednesday the 9th at eleven, forty minutes. Can you invite him?"
)


def test_the_acceptance_is_quoted_where_the_reply_first_agrees() -> None:
    """2.15 (stop 39, ``first_agreeing``): the buyer saying the rep's day back, then taking a
    task on, accepts in the first sentence; which replies accept does not change. Invented."""
    turns = [
        ("Rep", _PLANT_CALL),
        ("Prospect", "Wednesday at eleven I can do. I'll invite him today."),
    ]
    assert _accept_quotes(turns) == [("Prospect", "Wednesday at eleven I can do.")]
    # (``proposal_quotes`` off: with it the buyer's day said back is the step's own acceptance)
    assert _accept_quotes(turns, first_agreeing=False, proposal_quotes=False) == [
        ("Prospect", "I'll invite him today.")
    ]
    # a second buyer agreeing as well, then taking a part on
    turns = [
        ("Rep", "Shall we book the review for Thursday at three?"),
        ("Prospect", "Thursday at three works."),
        ("Prospect2", "Fine by me as well. I'll get the controller on it too."),
    ]
    assert _accept_quotes(turns)[1] == ("Prospect2", "Fine by me as well.")
    assert _accept_quotes(turns, first_agreeing=False)[1] == (
        "Prospect2",
        "I'll get the controller on it too.",
    )
    assert NextStepDetector.default_params()["first_agreeing"] is True


def test_a_question_first_keeps_the_acceptance_where_it_was() -> None:
    turns = [
        ("Rep", _PLANT_CALL),
        ("Prospect", "Is the engineer coming too? I'll invite him today."),
    ]
    assert _accept_quotes(turns) == _accept_quotes(turns, first_agreeing=False)


@pytest.mark.parametrize(
    ("reply", "first"),
    [
        ("Do it in Leeds and Hull. Send the setup notes to Priya.", True),
        ("Wednesday at eleven, yes. I will tell him tonight.", True),
        ("Okay. Send the setup notes to Priya.", False),  # a bare okay is a filler
        ("Wednesday won't work. Send the setup notes to Priya.", False),
        ("Friday at nine works. Send the setup notes to Priya.", False),  # not the rep's day
        ("Eleven is good. Send the setup notes to Priya.", True),  # the rep's hour said back
        ("Two is good. Send the setup notes to Priya.", False),  # not the rep's hour
    ],
)
def test_first_agreeing_sentence(reply: str, first: bool) -> None:
    from callcoach.detectors.next_step import _first_agreeing
    from callcoach.nlp.sentences import split_sentences

    spans = split_sentences(reply)
    assert len(spans) == 2
    expected = spans[0] if first else spans[1]
    assert _first_agreeing(reply, spans[1], _PLANT_CALL) == expected


_SMALL_TALK = [
    ("Rep", "How is the season treating you?"),
    ("Prospect", "Busy, the usual for December."),
    ("Rep", "Tell me about the bakery side."),
    ("Prospect", "Two ovens, three shifts."),
] * 2


def _bare_time_labels(rep: str, reply: str, **params: bool) -> list[tuple[str, str]]:
    turns = [
        *_SMALL_TALK,
        ("Rep", "So the pilot runs on one oven line first."),
        ("Prospect", "Fine."),
    ]
    call = replace(build_call([*turns, ("Rep", rep), ("Prospect", reply)]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [
        (f.label, f.evidence[0].quote)
        for f in found
        if f.evidence[0].utterance_id in {call.utterances[-2].id, call.utterances[-1].id}
    ]


def test_a_bare_time_put_and_confirmed_is_a_step_with_bare_times() -> None:
    """Stop 39 (``bare_times``, measured and off): a rep's question that only puts a day and
    an hour on the table late in the call, confirmed by the buyer, is a joint step. Invented."""
    asked = "Wednesday the 9th, ten in the morning your time?"
    assert _bare_time_labels(asked, "Ten is good.") == []
    assert _bare_time_labels(asked, "Ten is good.", bare_times=True) == [
        ("next_step", asked),
        ("next_step_accept", "Ten is good."),
    ]
    # refused, or a question back: no step
    assert _bare_time_labels(asked, "No, Wednesday is out.", bare_times=True) == []
    assert _bare_time_labels(asked, "Is that with your baker?", bare_times=True) == []
    # more than a time ("for the review") is left to the other rules
    other = "Wednesday the 9th at ten for the review with your owner?"
    assert _bare_time_labels(other, "Ten is good.", bare_times=True) == _bare_time_labels(
        other, "Ten is good."
    )


def _late_labels(speaker: str, text: str, **params: bool) -> list[tuple[str, str]]:
    """Findings on one late sentence of a call (after small talk), with the switches given."""
    turns = [
        *_SMALL_TALK,
        ("Rep", "So the pilot runs on one oven line first."),
        ("Prospect", "Fine."),
    ]
    other = "Prospect" if speaker == "Rep" else "Rep"
    call = replace(build_call([*turns, (speaker, text), (other, "Mm.")]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [
        (f.label, f.evidence[0].quote)
        for f in found
        if f.evidence[0].utterance_id == call.utterances[-2].id
    ]


@pytest.mark.parametrize(
    ("speaker", "text"),
    [
        ("Rep", "We'll revisit the fleet module in April."),
        ("Prospect", "We'll pick the rollout back up in February, after the audit."),
        ("Rep", "We'll take the training piece up again in the autumn."),
        ("Prospect", "Maybe we'll give you a buzz after Christmas and see where the budget lands."),
        ("Rep", "Then we talk again after Easter, when the grant is through."),
    ],
)
def test_a_catch_up_put_off_to_a_month_is_a_vague_step(speaker: str, text: str) -> None:
    """Stop 39 (``later_catchups``, on): a catch-up put off to a month, a season or the new
    year is a step, with no date one can put in a calendar. Invented."""
    assert _late_labels(speaker, text) == [("vague_next_step", text)]
    assert _late_labels(speaker, text, later_catchups=False) == []


@pytest.mark.parametrize(
    "text",
    [
        "We talked about this in January.",
        "We can look at the numbers in March of last year.",
        "I don't think we'll look at any of it till after Christmas.",
        "In March we'll show you the warehouse module.",
    ],
)
def test_no_later_catch_up(text: str) -> None:
    """A past talk, last year's figures, a put-off with a negation: no step. Invented."""
    assert _late_labels("Prospect", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "We'll give you a ring after the summer, once the harvest is in.",
        "Maybe we'll catch up after the holidays.",
        "Perhaps we'll pick the conveyor quote back up after the new year.",
    ],
)
def test_a_buyers_catch_up_at_a_stall_time_is_still_a_vague_step(text: str) -> None:
    """2.17: the buyer's own catch-up put off to a time the stall lexicon also lists ("after
    the summer", "after the holidays") is a vague step with ``later_catchups``, not a
    brush-off; with the switch off, ``brush_offs`` drops it as before. Invented."""
    assert _late_labels("Prospect", text) == [("vague_next_step", text)]
    assert _late_labels("Prospect", text, later_catchups=False) == []


@pytest.mark.parametrize(
    "text",
    [
        "Maybe we'll ring you after the holidays, we're too busy to think about it now.",
        "Honestly it's not a priority, maybe we'll ring you after the holidays.",
        "Send me the brochure and maybe we'll ring you after the holidays.",
    ],
)
def test_a_catch_up_beside_another_stall_stays_a_brush_off(text: str) -> None:
    """Another stall in the same sentence (too busy, not a priority, send me the brochure)
    keeps the buyer's catch-up a brush-off. Invented."""
    assert _late_labels("Prospect", text) == []


@pytest.mark.parametrize(
    ("text", "quotes"),
    [
        (
            "Zoë books the cold room for the tasting on Thursday and sends you the menu.",
            ["Zoë books the cold room for the tasting on Thursday and sends you the menu."],
        ),
        (
            "Małgorzata will send you the wiring diagram by Friday.",
            ["Małgorzata will send you the wiring diagram by Friday."],
        ),
        (
            "Can Søren join the walkthrough on Tuesday?",
            ["Can Søren join the walkthrough on Tuesday?"],
        ),
        (
            "I'll email the quote today, and Inês will ring your installer on Monday.",
            ["I'll email the quote today", "Inês will ring your installer on Monday."],
        ),
    ],
)
def test_a_colleague_with_an_accented_name_is_read_like_any_other(
    text: str, quotes: list[str]
) -> None:
    """2.17: the capitalised-name forms (the recap, a colleague's dated deliverable, asking a
    colleague to join, the cut before "<Name> will") read Latin letters with accents too,
    not only ASCII. Invented."""
    assert _late_labels("Rep", text) == [("next_step", quote) for quote in quotes]


@pytest.mark.parametrize(
    "text",
    [
        "Priya builds the forecast on your own figures by Thursday and sends it to you first.",
        "Marco sends a revised quote by Tuesday, three depots, the setup in two payments.",
        "So, to sum up: I send the pricing Friday, you loop in your finance lead, and we talk "
        "on the 12th.",
    ],
)
def test_a_recap_in_the_present_with_a_day_is_a_step(text: str) -> None:
    """Stop 39 (``recap_steps``, on): a closing recap of who does what, in the present, with a
    day or a time, is a concrete step. Invented."""
    assert _late_labels("Rep", text) == [("next_step", text)]
    assert _late_labels("Rep", text, recap_steps=False) == []


@pytest.mark.parametrize(
    "text",
    [
        "Usually Maria books the install for the third week, and I send a reminder on Friday.",
        "Last year Tom sent the numbers on the 12th and nothing happened.",
        "Our driver comes on Tuesday, so the crates are gone by Wednesday.",
    ],
)
def test_no_recap_step(text: str) -> None:
    """A routine, a past event, a delivery schedule: no recap step. Invented."""
    assert _late_labels("Rep", text) == []


def _closing(lines: list[tuple[str, str]], **params: bool) -> list[tuple[str, list[str]]]:
    """Every finding of a call that ends with ``lines`` (after small talk), with its quotes."""
    call = replace(build_call([*_SMALL_TALK, *lines]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [(f.label, [e.quote for e in f.evidence]) for f in found]


_QUOTE = "I'll send you the revised freight quote by Wednesday at noon."
_ROUTES = "And could we get your ops lead on a call Friday at ten to go through the routes?"
_BOOKED = [
    ("Rep", _QUOTE),
    ("Prospect", "Good, thanks."),
    ("Rep", _ROUTES),
    ("Prospect", "Friday at ten works."),
]


def test_a_recap_of_steps_already_found_is_evidence_for_them_not_new_steps() -> None:
    """2.18 (``recap_repeats``, on): a closing recap that names again the steps proposed
    before, at the same days and times and with the same words, is quoted as more evidence
    for each of them, not counted as another step. Invented."""
    recap = (
        "So to recap: I send the freight quote by noon Wednesday, and we go through the "
        "routes with your ops lead Friday at ten."
    )
    lines = [*_BOOKED, ("Rep", f"Great. {recap}"), ("Prospect", "Sounds right.")]
    steps = [quotes for label, quotes in _closing(lines) if label == "next_step"]
    assert [_QUOTE, recap] in steps
    assert [_ROUTES, recap] in steps
    assert [recap] not in steps
    off = [quotes for label, quotes in _closing(lines, recap_repeats=False) if label == "next_step"]
    assert [recap] in off
    assert [_QUOTE] in off


@pytest.mark.parametrize(
    "recap",
    [
        # a day no earlier step named
        "So to recap: I send the freight quote by noon Wednesday, and Dana walks your "
        "dispatchers through the portal on Thursday.",
        # the same day as an earlier step, but nothing of that step's words
        "So to recap, I'll also ring your warehouse manager on Wednesday about the pallet labels.",
    ],
)
def test_a_recap_with_something_new_stays_a_step(recap: str) -> None:
    """A recap sentence with a new day, or a new task on a day already named, is a step of its
    own. Invented."""
    lines = [*_BOOKED, ("Rep", f"Great. {recap}"), ("Prospect", "Sounds right.")]
    assert ("next_step", [recap]) in _closing(lines)


def test_asking_where_to_send_it_is_the_steps_logistics() -> None:
    """2.18: the rep asking who to send the step's deliverable to, right after the step, is
    part of that step, not another one. Invented."""
    step = "Let's get the draft contract over to your legal team today."
    lines = [("Rep", f"{step} Who's the best person to email it to?"), ("Prospect", "Ines.")]
    assert [q for label, q in _closing(lines) if label == "next_step"] == [[step]]


def test_a_rep_framing_then_lets_is_no_step() -> None:
    """2.18 (``framing_lets``, on): the rep's "Then let's <do something>" answering the
    buyer's point, with no weekday, clock time, meeting or contact verb, says how the rep
    means to go on; a "then let's" meeting with a day stays a step. Invented."""
    framing = "Okay, then let's put your own figures in front of the owner."
    lines = [("Prospect", "The owner decides."), ("Rep", framing), ("Prospect", "Mm.")]
    assert _closing(lines) == []
    assert _closing(lines, framing_lets=False) == [("vague_next_step", [framing])]
    meeting = "Then let's talk on Thursday at two with your owner."
    lines = [("Prospect", "The owner decides."), ("Rep", meeting), ("Prospect", "Mm.")]
    assert _closing(lines) == [("next_step", [meeting])]


def test_the_buyer_saying_the_step_is_what_they_would_like_accepts_it() -> None:
    """2.18 (``prefer_accepts``, on): "our director would love that" to a step already found
    is its acceptance; a wish ("I'd love it if you could …") is none. Invented."""
    step = "I'll bring the two cost sheets when I visit on Thursday."
    reply = "Our director would love that."
    lines = [("Rep", step), ("Prospect", reply)]
    assert ("next_step_accept", [reply, step]) in _closing(lines)
    assert "next_step_accept" not in [label for label, _ in _closing(lines, prefer_accepts=False)]
    wish = [("Rep", step), ("Prospect", "I'd love it if you could bring the cost sheets.")]
    assert "next_step_accept" not in [label for label, _ in _closing(wish)]


def test_a_bare_time_with_an_early_ordinal_after_the_weekday() -> None:
    """2.18 (``bare_times`` still off): "Tuesday the second at eleven, for an hour?" is read
    as a bare time too ("the first", "the second", "the third" after the weekday). Invented."""
    asked = "Tuesday the second at eleven, for an hour?"
    assert _bare_time_labels(asked, "Eleven is good.", bare_times=True) == [
        ("next_step", asked),
        ("next_step_accept", "Eleven is good."),
    ]


def _committed(lines: list[tuple[str, str]], **params: bool) -> list[tuple[str, bool]]:
    call = replace(build_call([*_SMALL_TALK, *lines]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [
        (f.evidence[0].quote, bool(f.attributes["committed"]))
        for f in found
        if f.label == "next_step"
    ]


_GRAZING = "I'll have the grazing plan to you by Tuesday."
_CO_OP = "Then your co-op board signs it off at their meeting on the ninth."


def test_a_commitment_question_closing_a_turn_of_steps_asks_it_for_them() -> None:
    """2.19 (``turn_asks``, on): a rep turn cut into caption cues whose last sentence asks
    for commitment ("Does that schedule work?") asks it for the turn's steps, not only for a
    step in the sentence just before it. Invented."""
    lines = [
        ("Prospect", "So what happens now?"),
        ("Rep", _GRAZING),
        ("Rep", _CO_OP),
        ("Rep", "Does that schedule work?"),
        ("Prospect", "Let me think about it."),
    ]
    assert _committed(lines) == [(_GRAZING, True)]
    assert _committed(lines, turn_asks=False) == [(_GRAZING, False)]


@pytest.mark.parametrize(
    "closing",
    [
        # a question about something else
        "How many paddocks do you run these days?",
        # a question that is a step of its own asks for that step only
        "Could we book Thursday at two to walk the fences together?",
    ],
)
def test_a_closing_question_that_is_not_about_the_steps_asks_nothing_for_them(
    closing: str,
) -> None:
    """2.19: the closing question counts only when it asks for commitment and is no step of
    its own. Invented."""
    lines = [
        ("Prospect", "So what happens now?"),
        ("Rep", _GRAZING),
        ("Rep", closing),
        ("Prospect", "Maybe."),
    ]
    assert (_GRAZING, False) in _committed(lines)


_LEASE = "I'll email the revised hangar lease by Thursday at nine."
_APRON = (
    "And could we get your facilities manager on a call Monday the fourth at two, to go over "
    "the apron plan?"
)
_SUM_UP = (
    "To sum up: I email the hangar lease Thursday at nine, and we go over the apron plan with "
    "your facilities manager Monday the fourth at two."
)


def _accepted(reply: str, **params: bool) -> list[object]:
    lines = [
        ("Rep", _LEASE),
        ("Prospect", "Noted."),
        ("Rep", _APRON),
        ("Prospect", "I'd have to see if he's around."),
        ("Rep", f"Okay. {_SUM_UP}"),
        ("Prospect", reply),
    ]
    call = replace(build_call([*_SMALL_TALK, *lines]), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    steps = [f for f in found if f.label == "next_step"]
    # the recap folds into both steps (``recap_repeats``)
    assert [[e.quote for e in f.evidence] for f in steps] == [[_LEASE, _SUM_UP], [_APRON, _SUM_UP]]
    return [f.attributes["accepted"] for f in steps]


def test_the_buyer_agreeing_to_a_recap_accepts_the_steps_it_repeats() -> None:
    """2.19 (``recap_agreed``, on): the buyer's "Sounds like a plan." to a closing recap
    whose sentences were folded into earlier steps accepts those steps; a reply that does not
    agree changes nothing. Invented."""
    assert _accepted("Sounds like a plan.") == [True, True]
    assert _accepted("Sounds like a plan.", recap_agreed=False) == [None, None]
    assert _accepted("Hmm, Monday is difficult.") == [None, None]


_COLLARS = "I'll come out to the yard on Thursday at two with the trial collars."


@pytest.mark.parametrize(
    ("step", "closing"),
    [
        (_GRAZING, "Sound good?"),
        (_GRAZING, "Does that sound right to you?"),
        (_GRAZING, "So, sounds like a plan?"),
        (_COLLARS, "Can you make that?"),
    ],
)
def test_a_sound_good_closing_a_turn_of_concrete_steps_asks_commitment(
    step: str, closing: str
) -> None:
    """2.20 (``closing_sounds``, on): "Sound good?", "Does that sound right?" or "Can you
    make that?" as the last sentence of the rep's turn asks commitment for the turn's steps
    (with ``turn_asks``); off, it asks nothing. Invented."""
    lines = [
        ("Prospect", "So what happens now?"),
        ("Rep", step),
        ("Rep", closing),
        ("Prospect", "Fine by me."),
    ]
    assert (step, True) in _committed(lines)
    assert (step, False) in _committed(lines, closing_sounds=False)


@pytest.mark.parametrize(
    "closing",
    [
        # not a commitment ask
        "Does that sound expensive?",
        # "sound good" inside a longer question about something else
        "Does the new collar sound good enough for your hill paddocks?",
    ],
)
def test_other_sound_questions_ask_nothing(closing: str) -> None:
    """2.20: only the whole closing sentence of the short forms asks. Invented."""
    lines = [("Prospect", "So what happens now?"), ("Rep", _GRAZING), ("Rep", closing)]
    assert (_GRAZING, False) in _committed([*lines, ("Prospect", "Maybe.")])


def test_sound_good_over_a_turn_with_a_vague_step_asks_nothing() -> None:
    """2.20: "Sound good?" over a turn that also holds a vague step ("we'll touch base after
    harvest") asks agreement to a loose plan, not commitment: the concrete step of that turn
    stays uncommitted (on the design calls, the pitchers' closes). Invented."""
    lines = [
        ("Prospect", "So what happens now?"),
        ("Rep", f"{_GRAZING} And we'll touch base sometime after harvest."),
        ("Rep", "Sound good?"),
        ("Prospect", "Sure."),
    ]
    assert (_GRAZING, False) in _committed(lines)


def test_a_time_before_to_and_a_verb_is_a_time_of_the_recap() -> None:
    """2.20 (``to_times``, on): "Friday at ten to go through the routes" names ten o'clock to
    the recap comparison, so a closing recap naming "Friday at ten" folds into that step even
    when the buyer never said the time back; "ten to four" stays no ten o'clock. Invented."""
    recap = (
        "So to recap: I send the freight quote by noon Wednesday, and your ops lead goes "
        "through the routes with us Friday at ten."
    )
    lines = [
        ("Rep", _QUOTE),
        ("Prospect", "Good, thanks."),
        ("Rep", _ROUTES),
        ("Prospect", "I'll check with him."),
        ("Rep", f"Great. {recap}"),
        ("Prospect", "Sounds right."),
    ]
    steps = [quotes for label, quotes in _closing(lines) if label == "next_step"]
    assert [_ROUTES, recap] in steps
    assert [recap] not in steps
    off = [quotes for label, quotes in _closing(lines, to_times=False) if label == "next_step"]
    assert [recap] in off
    assert _time_keys("a call Friday at ten to go through the routes", to_times=True) == {
        "fri",
        "10:00",
    }
    assert _time_keys("a call Friday at ten to go through the routes") == {"fri"}
    assert _time_keys("the van comes Friday at ten to four", to_times=True) == {"fri"}


def _findings(turns: list[tuple[str, str]], **params: bool) -> list[tuple[str, str, str]]:
    call = replace(build_call(turns), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    return [(f.label, f.evidence[0].speaker, f.evidence[0].quote) for f in found]


_ROTA_TURN = (
    "I'll draft the new rota tonight. "
    "You walk the night shift through it on Friday with the ward manager."
)


def test_a_confirmed_proposal_is_quoted_on_the_rep_proposal() -> None:
    """2.21 (stop 41, ``proposal_quotes``): the buyer's "Friday works." to a day the rep
    proposed in a sentence no rule made a step quotes the step on the rep's sentence, with
    the buyer's sentence as its acceptance. Invented (a hospital rota)."""
    turns = [("Rep", _ROTA_TURN), ("Prospect", "Friday works.")]
    walk = "You walk the night shift through it on Friday with the ward manager."
    found = _findings(turns)
    assert ("next_step", "Rep", walk) in found
    assert ("next_step_accept", "Prospect", "Friday works.") in found
    assert ("next_step", "Prospect", "Friday works.") not in found
    call = replace(build_call(turns), date=MONDAY)
    findings = NextStepDetector().detect(call, build_context(call))
    accept = next(f for f in findings if f.label == "next_step_accept")
    assert accept.evidence[1].quote == walk  # the acceptance names the step it accepts
    step = next(f for f in findings if f.evidence[0].quote == walk)
    assert step.attributes["accepted"] is True
    assert step.attributes["owner"] == "prospect"  # the buyer's walk-through
    assert step.attributes["answers_stall"] is False
    assert step.params["proposal_quotes"] is True
    # off: 2.20's quote, on the buyer's sentence
    off = _findings(turns, proposal_quotes=False)
    assert ("next_step", "Prospect", "Friday works.") in off
    assert ("next_step", "Rep", walk) not in off


def test_a_bare_time_the_buyer_confirms_is_quoted_on_the_rep_question() -> None:
    """``proposal_quotes``: the rep's bare day and time, confirmed by its hour ("Half eight is
    good."), is the step, asked as a question. Invented (a clinic)."""
    turns = [
        ("Rep", "Tuesday the first at half eight, for an hour?"),
        ("Prospect", "Half eight is good. I'll tell the charge nurse."),
    ]
    call = replace(build_call(turns), date=MONDAY)
    findings = NextStepDetector().detect(call, build_context(call))
    steps = [f for f in findings if f.label == "next_step"]
    assert [f.evidence[0].quote for f in steps] == ["Tuesday the first at half eight, for an hour?"]
    assert steps[0].attributes["committed"] is True
    accepts = [f.evidence[0].quote for f in findings if f.label == "next_step_accept"]
    assert accepts == ["Half eight is good."]


@pytest.mark.parametrize(
    "turns",
    [
        # the rep's own step named the day: the buyer's echo stays as it was (``echo_days``)
        [
            ("Rep", "Could we book Friday at ten for the walkthrough?"),
            ("Prospect", "Friday at ten works."),
        ],
        # a refusal moves nothing
        [("Rep", _ROTA_TURN), ("Prospect", "Friday doesn't work.")],
    ],
)
def test_proposal_quotes_leaves_echoes_and_refusals(turns: list[tuple[str, str]]) -> None:
    assert _findings(turns) == _findings(turns, proposal_quotes=False)


_TASTING = "Shall we do the tasting at the cellar door on Thursday the twelfth?"


def test_the_step_time_said_back_with_a_yes_accepts() -> None:
    """2.21 (``said_back``): the buyer naming the step's own day back and then assenting,
    with a condition after it, accepts the step. Invented (a winery)."""
    turns = [("Rep", _TASTING), ("Prospect", "Let me think. The twelfth, yes, only before lunch.")]
    found = _findings(turns)
    assert ("next_step_accept", "Prospect", "The twelfth, yes, only before lunch.") in found
    call = replace(build_call(turns), date=MONDAY)
    step = next(
        f for f in NextStepDetector().detect(call, build_context(call)) if f.label == "next_step"
    )
    assert step.attributes["accepted"] is True
    assert not [f for f in _findings(turns, said_back=False) if f[0] == "next_step_accept"]


@pytest.mark.parametrize(
    "reply",
    [
        "Hmm. The twelfth, yes, or the fifteenth.",  # another day on the table
        "Hmm. The twelfth, no, we're bottling.",  # a refusal
        "Hmm. The twelfth? Who else is coming?",  # a question
    ],
)
def test_a_time_said_back_without_assent_to_it_accepts_nothing(reply: str) -> None:
    found = _findings([("Rep", _TASTING), ("Prospect", reply)])
    assert not [f for f in found if f[0] == "next_step_accept"]


@pytest.mark.parametrize(
    "reply", ["March is fine.", "Okay, March, we'll talk then.", "march is okay by me"]
)
def test_the_month_of_a_catch_up_said_back_accepts_it(reply: str) -> None:
    """``said_back``: a month named alone counts as the step's time ("I'll give you a call in
    March" → "March is fine."), with the assent after it or leading it. Invented (a farm)."""
    turns = [
        ("Rep", "I'll give you a call in March once the lambing is done."),
        ("Prospect", reply),
    ]
    assert ("next_step_accept", "Prospect", reply) in _findings(turns)
    assert ("next_step_accept", "Prospect", reply) not in _findings(turns, said_back=False)


_BOILER_SEND = "I'll email you the service schedule for the three boilers this afternoon."


def _step_accepted(turns: list[tuple[str, str]], **params: bool) -> bool | None:
    call = replace(build_call(turns), date=MONDAY)
    found = NextStepDetector(**params).detect(call, build_context(call))
    assert not [f for f in found if f.label == "next_step_accept"]
    step = next(f for f in found if f.label == "next_step")
    accepted: bool | None = step.attributes["accepted"]
    return accepted


@pytest.mark.parametrize(
    "reply", ["Okay. Thanks, Marta.", "Good. I've got a delivery at the gate.", "Lovely."]
)
def test_a_bare_acknowledgement_lets_the_rep_step_stand(reply: str) -> None:
    """2.23 (stop 42, ``acknowledged``, measured and off): the buyer's reply opening on a bare
    "Okay." / "Good." to the rep's own step marks it accepted (the writers' flag: not
    refused), but quotes no acceptance: the word acknowledges as often as it agrees.
    Off by default (the rubric's agreed steps read the flag). Invented (a heating firm)."""
    turns = [("Rep", _BOILER_SEND), ("Prospect", reply)]
    assert _step_accepted(turns, acknowledged=True) is True
    assert _step_accepted(turns) is None


@pytest.mark.parametrize(
    "reply",
    [
        "Okay. We won't look at it before the spring.",  # a refusal
        "Okay. Which address are you sending it to?",  # a question
        "Right then, the landlord decides that.",  # no bare word: more follows it
        "Sorry?",  # no acknowledgement
    ],
)
def test_an_acknowledgement_with_a_refusal_or_question_marks_nothing(reply: str) -> None:
    turns = [("Rep", _BOILER_SEND), ("Prospect", reply)]
    assert _step_accepted(turns, acknowledged=True) is None
