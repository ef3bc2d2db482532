"""needs_coverage: prospect needs matched to rep recommendations (hand-written sales cases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from callcoach.detectors import DetectionContext, create, names
from callcoach.detectors._patterns import load_lexicon
from callcoach.detectors.needs_coverage import NeedsCoverageDetector
from callcoach.model import Finding, RoleAssignment
from callcoach.nlp.embeddings import default_embedder
from callcoach.testing import RecordingEmbedder, make_call

ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")
SNIPPETS = Path(__file__).resolve().parents[1] / "data" / "needs" / "snippets.json"


def _detect(lines: list[tuple[str, str]]) -> list[Finding]:
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    return NeedsCoverageDetector().detect(make_call(lines), context)


def _utterance(statement_id: str) -> int:
    return int(statement_id.split(":")[0][1:])


def test_registered() -> None:
    assert "needs_coverage" in names()
    assert create("needs_coverage").needs_embeddings


def test_covered_need_and_unrequested_feature() -> None:
    found = _detect(
        [
            (
                "Prospect",
                "We need a faster way to approve invoices, because approvals stall for days.",
            ),
            (
                "Rep",
                "I'd recommend our approval workflows, so invoices get approved in hours instead.",
            ),
            ("Rep", "We also have a mobile app with a dark mode."),
            ("Rep", "And I'd also recommend our premium brand-design package."),
        ]
    )
    (need,) = [f for f in found if f.label == "need"]
    assert need.attributes["covered"] is True
    assert [_utterance(c["id"]) for c in need.attributes["covered_by"]] == [1]
    recs = {f.evidence[0].utterance_id: f for f in found if f.label == "recommendation"}
    assert recs["u0001"].attributes["unrequested"] is False
    # A feature mentioned for no stated need is a tour (self talk), not a recommendation;
    # an explicit recommendation that answers no need is "unrequested".
    assert "u0002" not in recs
    assert recs["u0003"].attributes["unrequested"] is True
    assert recs["u0003"].attributes["explicit"] is True


def test_a_feature_dump_without_discovery_recommends_nothing_right_on() -> None:
    found = _detect(
        [
            ("Prospect", "Sure, go ahead."),
            ("Rep", "Our dashboard tracks every login in real time."),
            ("Rep", "Our scheduler lets you drag shifts between locations."),
            ("Rep", "So I'd recommend our Enterprise bundle for you."),
        ]
    )
    recs = [f for f in found if f.label == "recommendation"]
    assert [f.attributes["unrequested"] for f in recs] == [True]


def test_uncovered_need() -> None:
    found = _detect(
        [
            ("Prospect", "Our biggest challenge is that candidates fall through the cracks."),
            ("Rep", "Our platform includes a beautiful theme editor for your portal."),
        ]
    )
    (need,) = [f for f in found if f.label == "need"]
    assert need.attributes["covered"] is False
    assert need.attributes["covered_by"] == ()


def test_small_talk_has_no_needs() -> None:
    assert _detect([("Prospect", "The weather was lovely."), ("Rep", "Glad to hear it.")]) == []


def test_hand_labelled_snippets_links() -> None:
    """The tuning snippets: every gold link found, no more than one missed. Since 1.6 a
    rep's reply to a need just stated is linked to it by its place (cosine at least
    ``answer_link_threshold`` 0.1): the snippets' labels link three such replies ("every
    pick updates stock" after "we're losing orders", an activity capture after "forecasting
    is guesswork", a job planner after "dispatch is a whiteboard") to other needs only, and
    one (a plan pick after "security needs SSO") is a wrong link; at most four."""
    wrong = missing = 0
    for snippet in json.loads(SNIPPETS.read_text(encoding="utf-8"))["snippets"]:
        found = _detect([(s, t) for s, t in snippet["turns"]])
        predicted = {
            (_utterance(f.attributes["need_id"]), _utterance(c["id"]))
            for f in found
            if f.label == "need"
            for c in f.attributes["covered_by"]
        }
        gold = {(int(n), r) for n, recs in snippet["needs"].items() for r in recs}
        wrong += len(predicted - gold)
        missing += len(gold - predicted)
    assert wrong <= 4
    assert missing <= 1


def test_call_logistics_are_not_needs() -> None:
    found = _detect([("Prospect", "We have to wrap up by two, I need to leave early today.")])
    assert [f for f in found if f.label == "need"] == []


BLIND = Path(__file__).resolve().parents[1] / "data" / "needs" / "blind_needs.json"


def _need_lines(lines: list[str]) -> set[int]:
    from callcoach.detectors.needs_coverage import find_statements

    call = make_call([("Prospect", t) for t in lines])
    ids = [u.id for u in call.utterances]
    return {ids.index(s.utterance.id) for s in find_statements(call, ROLES) if s.kind == "need"}


# (key in blind_needs.json, needs found at least, false alarms at most): each set scored once
# blind (docs/evaluation/needs_coverage.md). Round 1 was written for v1.2 (11/20, 1 false
# alarm then); round 2 before v1.3 (34/40, 4 at its blind look; 35/40 after the
# contraction fix it revealed); round 3 after v1.3 was frozen (12/20, 2).
BLIND_FLOORS = [("", 13, 1), ("round2", 35, 4), ("round3", 12, 2)]


@pytest.mark.parametrize(("key", "least", "most"), BLIND_FLOORS)
def test_blind_invented_needs_floor(key: str, least: int, most: int) -> None:
    data = json.loads(BLIND.read_text(encoding="utf-8"))
    data = data[key] if key else data
    lines = data["need"] + data["not_need"]
    found = _need_lines(lines)
    tp = len(found & set(range(len(data["need"]))))
    fp = len(found) - tp
    assert tp >= least and fp <= most, (tp, fp)


def test_stalls_and_questions_worded_as_needs_are_not_needs() -> None:
    lines = [
        "We really need to think it over before we commit.",
        "I'll have to run it by our owner first.",
        "Just send me something we can look at.",
        "Do we still need the old scanner after this?",
        "That isn't really our problem at the moment.",
        "Our staff need a way to log parts from the van.",
    ]
    assert _need_lines(lines) == {5}


def test_a_sentence_that_stalls_is_not_a_need_whatever_its_need_words() -> None:
    # 1.8: the stall lexicon's sentences belong to the stall label (invented lines).
    lines = [
        "Anything new, I can't sign off on it before the summer.",
        "We can't keep re-keying every delivery note by hand.",
    ]
    assert _need_lines(lines) == {1}


def test_requirements_goals_and_problems_told_as_they_happen_are_needs() -> None:
    lines = [
        "Whatever we choose has to sync with the booking system.",
        "Our owner wants a weekly margin report by job.",
        "Nobody updates the stock sheet after a delivery.",
        "Refund requests just sit on the shared inbox for days.",
        "I want to see every open ticket on one screen.",
    ]
    assert _need_lines(lines) == {0, 1, 2, 3, 4}


def test_a_veto_counts_wherever_it_sits() -> None:
    # The stakeholder phrase starts first and overlaps the paperwork veto: still vetoed.
    lines = [
        "And she'll want a PO number on it.",
        "I've got to be honest, the demo was good.",
        "I'd like to know how this talks to our booking system.",
        "We've got to go in five minutes, sorry.",
    ]
    assert _need_lines(lines) == set()


def test_contracted_subjects_state_needs() -> None:
    lines = [
        "I'd love for the drivers to close out stops from the cab.",
        "We've got to have this running before the spring rush.",
        "I'd like one view of every open repair.",
    ]
    assert _need_lines(lines) == {0, 1, 2}


def test_a_need_told_over_consecutive_sentences_is_one_need() -> None:
    from callcoach.detectors.needs_coverage import find_statements

    call = make_call(
        [
            (
                "Prospect",
                "The problem is our members don't renew. Most never come back after a year. "
                "We're based in Leeds. Our biggest headache is the front desk queue.",
            )
        ]
    )
    needs = [s.text for s in find_statements(call, ROLES) if s.kind == "need"]
    assert needs == [
        "The problem is our members don't renew. Most never come back after a year.",
        "Our biggest headache is the front desk queue.",
    ]


def test_unpunctuated_turns_are_cut_into_units() -> None:
    from callcoach.detectors.needs_coverage import find_statements

    text = (
        "yeah so we moved offices last spring and honestly the phones are a mess "
        "half the calls go to voicemail"
    )
    call = make_call([("Rep", "how are the phones working for you"), ("Prospect", text)])
    (need,) = [s for s in find_statements(call, ROLES) if s.kind == "need"]
    assert need.start > 0  # the move is not part of it
    assert "voicemail" in need.text or "mess" in need.text


def test_only_pairs_sharing_a_topic_word_are_embedded() -> None:
    lines = [
        ("Prospect", "Um, so it takes us a week every month to push invoice approvals through."),
        ("Prospect", "Our biggest headache is the parking lot."),
        # The rep's first sentences after the needs (answers, compared with them whatever
        # their words) are an acknowledgement here.
        ("Rep", "Thanks, that helps a lot. Good to know the context."),
        ("Rep", "I'd recommend our approval workflows, so invoices route automatically."),
        ("Rep", "We also have a theme editor with a dark mode."),
    ]
    call = make_call(lines)
    recorder = RecordingEmbedder()
    # the phrases' statements only (the need head's texts: tests/detectors/test_needs_head.py;
    # need_ties' texts, a superset of what it compares: the test of need_ties below)
    detector = NeedsCoverageDetector(need_head=None, need_ties=None)
    context = DetectionContext(roles=ROLES, embedder=recorder)
    announced = detector.embedding_texts(call, context)
    found = detector.detect(call, context)
    assert recorder.texts == announced
    # Openers dropped; the parking lot and the theme editor share no topic word with the
    # other side, so neither is embedded.
    assert announced == [
        "It takes us a week every month to push invoice approvals through.",
        "I'd recommend our approval workflows, so invoices route automatically.",
    ]
    needs = {f.evidence[0].utterance_id: f for f in found if f.label == "need"}
    assert needs["u0000"].attributes["covered"] is True
    assert needs["u0001"].attributes["covered"] is False
    # Without the gate every statement is embedded, and the findings are the same here.
    ungated = NeedsCoverageDetector(lexical_gate=False, need_head=None)
    assert len(ungated.embedding_texts(call, context)) == 4
    assert [f.attributes for f in ungated.detect(call, context)] == [f.attributes for f in found]


def test_playbacks_and_next_steps_are_not_capabilities() -> None:
    from callcoach.detectors.needs_coverage import find_statements

    call = make_call(
        [
            ("Rep", "Let me play back what I heard: the approvals stall and it costs you."),
            ("Rep", "Next step on our side is a short security review; I'll send it today."),
            ("Rep", "Our approval app routes each invoice to the right manager."),
        ]
    )
    kinds = [(s.utterance.id, s.kind) for s in find_statements(call, ROLES)]
    assert kinds == [("u0002", "capability")]


def _statements(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    from callcoach.detectors.needs_coverage import find_statements

    return [(s.kind, s.text) for s in find_statements(make_call(lines), ROLES)]


def test_an_announced_proposal_quotes_its_actions_not_the_lead_in() -> None:
    # Invented lines: the recommendation is what follows the announcement.
    assert _statements(
        [
            (
                "Rep",
                "So here's what I'd suggest, and then what we can't do for you. First, a scale "
                "on each packing line, so short weights are caught before the pallet leaves. "
                "Second, the label printer reads the scale, so nobody types a weight again.",
            )
        ]
    ) == [
        (
            "recommendation",
            "First, a scale on each packing line, so short weights are caught before the "
            "pallet leaves.",
        ),
        (
            "recommendation",
            "Second, the label printer reads the scale, so nobody types a weight again.",
        ),
    ]
    assert _statements(
        [
            (
                "Rep",
                "Then here's what I'd recommend. Skip the other depots for now. Fit the two "
                "chilled trailers first, for one season. That's about nine thousand.",
            )
        ]
    ) == [
        (
            "recommendation",
            "Skip the other depots for now. Fit the two chilled trailers first, for one season.",
        )
    ]
    assert _statements(
        [("Rep", "Here's my suggestion: keep the handhelds you have and add the app.")]
    ) == [("recommendation", "keep the handhelds you have and add the app.")]


def test_a_lead_in_tied_to_what_the_buyer_said_still_only_announces() -> None:
    # Invented lines: "given what you've told me, here's what I'd suggest" ties the lead-in to
    # the buyer; the recommendations are still the actions after it (1.12).
    assert _statements(
        [
            (
                "Rep",
                "Given what you've told me about the night shift, here's what I'd suggest, and "
                "only that. First, move the pick lists onto the handhelds. Second, keep the "
                "paper tickets for the freezer aisle until the signal is fixed.",
            )
        ]
    ) == [
        ("recommendation", "First, move the pick lists onto the handhelds."),
        (
            "recommendation",
            "Second, keep the paper tickets for the freezer aisle until the signal is fixed.",
        ),
    ]


def test_an_announced_numbered_proposal_is_one_recommendation_per_item_not_an_agenda() -> None:
    announced = (
        "Here's what I'd recommend. First, route the returns to one desk, so they stop "
        "piling up. Second, the portal texts the customer when the refund is sent."
    )
    assert [kind for kind, _ in _statements([("Rep", announced)])] == [
        "recommendation",
        "recommendation",
    ]
    agenda = (
        "So here's what I'd suggest. First, I'll ask a few questions about your depots. "
        "Second, I'll show you the app if it fits."
    )
    assert _statements([("Rep", agenda)]) == []
    today = "So here's what I'd suggest for today: you tell me how returns work now."
    assert _statements([("Rep", today)]) == []
    # A list nobody announced may be a feature tour: read sentence by sentence.
    tour = "First, the home screen. Second, the settings page with its colour themes."
    assert _statements([("Rep", tour)]) == []


def test_advice_to_buy_less_or_wait_is_a_recommendation() -> None:
    for line in (
        "I wouldn't replace the scanners, they still do the job.",
        "Honestly I'd just wait on the second site until the first one is running.",
        "Forget the second printer for now, the one you have will do.",
        "I'd get the scrap numbers for a month before you order the big package.",
    ):
        assert _statements([("Rep", line)]) == [("recommendation", line)], line


def test_a_business_case_for_the_approver_is_a_recommendation() -> None:
    # Invented lines: a payback or business case built for the buyer's approver.
    for line in (
        "I'll bring a payback model built on your scrap and overtime figures.",
        "Sam will have the business case to you Thursday, built on your meter data.",
    ):
        assert _statements([("Rep", line)]) == [("recommendation", line)], line
    # A deck and case studies sent after the call are not a recommendation.
    assert _statements([("Rep", "I'll email you the deck and a couple of case studies.")]) == []


def test_a_proposal_announced_at_the_end_of_a_turn_is_quoted_from_the_next() -> None:
    lines = [
        ("Rep", "Okay, I think I've got it. So here's what I'd suggest."),
        ("Prospect", "Sure, go on."),
        ("Rep", "Fit the two chilled trailers first. Leave the depot for next year."),
    ]
    assert _statements(lines) == [
        ("recommendation", "Fit the two chilled trailers first. Leave the depot for next year.")
    ]
    # The prospect said more than an aside, or the rep asks something: no proposal.
    longer = [lines[0], ("Prospect", "Hold on, before that, what does it cost?"), lines[2]]
    assert _statements(longer) == []
    asked = [lines[0], lines[1], ("Rep", "Actually, can I ask one more thing first?")]
    assert _statements(asked) == []


def test_a_capability_tied_back_to_what_the_buyer_said_is_a_recommendation() -> None:
    lines = [
        (
            "Rep",
            "And the returns desk, since you mentioned it. Refunds go out the day the parcel "
            "is scanned back in.",
        )
    ]
    assert _statements(lines) == [
        ("recommendation", "Refunds go out the day the parcel is scanned back in.")
    ]
    for line in (
        "Since you said the weekend rota is the pain, I'd start with the shift swaps.",
        "For your case I'd set it up so each site sees only its own stock.",
        "Duplicate invoices are caught before payment, which is your audit concern.",
    ):
        assert _statements([("Rep", line)]) == [("recommendation", line)], line


def test_a_capability_answering_the_need_just_stated_is_a_recommendation() -> None:
    need = (
        "Prospect",
        "Our problem is the drivers forget to log the fridge temperature at each stop.",
    )
    answer = ("Rep", "Our van sensor logs the fridge temperature every five minutes on its own.")
    aside = [("Rep", "Got it, thanks for walking me through that."), ("Prospect", "Sure.")]
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    # With the capability gate shut, only the answer rule can report the capability.
    gated = NeedsCoverageDetector(capability_threshold=1.01)
    right_after = gated.detect(make_call([need, answer]), context)
    recs = [f for f in right_after if f.label == "recommendation"]
    assert [f.evidence[0].quote for f in recs] == [answer[1]]
    assert recs[0].attributes["unrequested"] is False
    # The same capability after other talk is not an answer: a feature tour.
    later = gated.detect(make_call([need, *aside, answer]), context)
    assert [f.label for f in later] == ["need"]


def test_needs_told_as_conditions_deadlines_and_stories() -> None:
    lines = [
        "Our finance director won't sign anything over two years.",
        "It has to pay for itself within a year or it won't get through.",
        "We need a payback inside twelve months, that's the rule here.",
        "Whatever we buy has got to be running before the new vans come in.",
        "We're paying a fortune in agency fees every weekend.",
        "We've been paying late fees on invoices nobody saw.",
        "One of our drivers was using the card for his own car for months before we noticed.",
        "Our customers keep ringing us asking where their delivery is.",
        "We can never cover the Sunday shifts.",
        "The auditors want a complete history of every reading.",
    ]
    assert _need_lines(lines) == set(range(len(lines)))


def test_figures_of_speech_authority_and_attendees_are_not_needs() -> None:
    lines = [
        "I can't sign it myself though.",
        "The night crew, I couldn't tell you.",
        "Some of the older drivers, not so much.",
        "This is where I have to be the bad guy.",
        "And I want our ops lead in the room next time.",
        "I had to explain the numbers to the board.",
    ]
    assert _need_lines(lines) == set()


def test_the_answer_to_what_an_approver_needs_to_see_is_a_need() -> None:
    lines = [
        ("Rep", "What would your CFO need to see to say yes?"),
        ("Prospect", "A one-page cost comparison with the current vendor."),
        ("Rep", "Does anyone else need to see this before you sign?"),
        ("Prospect", "No, Dana signs and Lee does the paperwork."),
    ]
    assert _statements(lines) == [("need", "A one-page cost comparison with the current vendor.")]


def test_a_recommendation_tied_to_what_the_buyer_said_is_not_unrequested() -> None:
    found = _detect(
        [
            ("Rep", "I'll bring a payback model built on your fuel and repair numbers."),
            ("Rep", "And the returns desk, since you mentioned it. Refunds go out the same day."),
            ("Rep", "Honestly, I'd recommend the premium support package as well."),
        ]
    )
    recs = [(f.evidence[0].quote, f.attributes["unrequested"]) for f in found]
    assert recs == [
        ("I'll bring a payback model built on your fuel and repair numbers.", False),
        ("Refunds go out the same day.", False),
        ("Honestly, I'd recommend the premium support package as well.", True),
    ]


def test_advice_in_the_reps_own_voice_is_a_recommendation() -> None:
    for line in (
        "If I were you, I'd run the pilot on the night shift only.",
        "What I'd do is move the two small sites over first.",
        "The right place to start for you is the returns desk.",
        "It would make sense to start with the chilled vans.",
        "You'll want to start with the warehouse team, they feel it most.",
    ):
        assert _statements([("Rep", line)]) == [("recommendation", line)], line


def test_a_capability_told_as_what_happens_is_a_capability() -> None:
    for line in (
        "The driver just taps the card and the receipt goes straight into the app.",
        "Open jobs get posted to the board and the nearest tech can take them.",
        "Yes, it does, the tablet keeps working without signal and syncs later.",
    ):
        assert _statements([("Rep", line)]) == [("capability", line)], line


def test_a_proposal_announced_at_a_turn_end_may_open_with_a_count() -> None:
    lines = [
        ("Rep", "So here's what I'd actually recommend, and then what we don't do."),
        ("Prospect", "Okay."),
        (
            "Rep",
            "Two pieces. First, scanning. Every delivery note is read on arrival, so nobody "
            "types it. Second, the pallet count goes straight to the stock sheet.",
        ),
    ]
    assert _statements(lines) == [
        (
            "recommendation",
            "First, scanning. Every delivery note is read on arrival, so nobody types it.",
        ),
        ("recommendation", "Second, the pallet count goes straight to the stock sheet."),
    ]


def test_explicit_recommendations_in_other_words() -> None:
    for line in (
        "We usually recommend the annual plan for a team your size.",
        "Your best bet is the starter tier until the second site opens.",
        "You might want to start with the warehouse before the shop floor.",
        "What makes the most sense for you is the two-site package.",
    ):
        assert _statements([("Rep", line)]) == [("recommendation", line)], line


def test_one_pick_said_twice_in_a_turn_is_one_recommendation() -> None:
    turn = (
        "For a clinic your size I'd recommend the Plus plan. It's ninety a seat. "
        "Honestly, Plus is what I'd go with, it has the reminders built in."
    )
    assert _statements([("Rep", turn)]) == [
        ("recommendation", "For a clinic your size I'd recommend the Plus plan.")
    ]


def test_a_colleague_who_takes_over_answers_the_need() -> None:
    # Invented lines: the first rep hands over, the second rep's first sentences answer.
    need = (
        "Prospect",
        "The problem is the pickers write the lot numbers on paper and we retype them.",
    )
    handover = (
        "Rep",
        "Right, that's really Priya's area. She set the same thing up for a bakery. Priya?",
    )
    answer = (
        "Priya",
        "Sure. Each pallet is scanned at the dock and it's logged against the order, "
        "so nobody has to retype the sheet.",
    )
    roles = RoleAssignment(
        roles={"Rep": "rep", "Priya": "rep", "Prospect": "prospect"}, confidence=1.0, method="x"
    )
    context = DetectionContext(roles=roles, embedder=default_embedder())
    # With the capability gate shut, only the answer rule can report the capability.
    gated = NeedsCoverageDetector(capability_threshold=1.01, answer_threshold=0.2)
    found = gated.detect(make_call([need, handover, answer]), context)
    recs = [f for f in found if f.label == "recommendation"]
    assert [f.evidence[0].quote for f in recs] == [
        "Each pallet is scanned at the dock and it's logged against the order, "
        "so nobody has to retype the sheet."
    ]
    assert recs[0].attributes["unrequested"] is False
    # The same rep going on is not a second answer window.
    alone = gated.detect(
        make_call([need, handover, ("Rep", "Anyway. " + answer[1].split(". ", 1)[1])]), context
    )
    assert [f.label for f in alone] == ["need"]


def test_a_process_told_as_what_happens_counts_only_as_an_answer() -> None:
    process = (
        "Rep",
        "The tenant taps the photo in the app, and then it's filed against the unit.",
    )
    need = ("Prospect", "Our problem is repair requests come in by text and get lost.")
    # In answer to the need just stated: a capability that answers it.
    assert ("capability", process[1]) in _statements([need, process])
    # Out of the blue it is a feature told, not a capability to report.
    assert _statements([process]) == []


def test_needs_told_as_habits_neglect_and_deadlines() -> None:
    lines = [
        "Our members were waiting three days for a reply from the front desk.",
        "The backup scripts haven't been tested since we installed them.",
        "In practice, half the orders still come in by phone and nobody logs them.",
        "My installers are not going to read a manual on their phone.",
        "Honestly the dead mileage is the killer for us.",
        "That last migration was an absolute nightmare.",
        "So we'd want it live before the busy season, by May at the latest.",
        "Our landlord told us they want a signed log for every inspection.",
        "I end up chasing the site leads for their timesheets every Friday.",
        "Nobody had told us the licence had lapsed.",
    ]
    assert _need_lines(lines) == set(range(len(lines)))


def test_the_answer_to_what_an_approver_waits_for_is_a_need() -> None:
    lines = [
        ("Rep", "When your board sits on a decision, what are they usually waiting to see?"),
        ("Prospect", "Proof it saves the night shift money."),
    ]
    assert _statements(lines) == [("need", "Proof it saves the night shift money.")]


def test_pitch_claims_and_other_customers_habits_are_not_recommendations() -> None:
    need = ("Prospect", "Our problem is the weekend orders sit in the inbox until Monday.")
    for line in (
        "Yeah, we hear that all the time, and that's exactly what we solve.",
        "Right, and that's where the order hub comes in.",
        "Most bakeries switch the weekend rules on in their first week.",
        "Our onboarding team handles all of that, you won't even have to think about it.",
    ):
        assert _statements([need, ("Rep", line)]) == [("need", need[1])], line


def test_a_buyer_confirming_the_reps_playback_states_no_new_need() -> None:
    lines = [
        ("Prospect", "Our problem is the night crew keeps missing the freezer checks."),
        (
            "Rep",
            "Let me play it back. The night crew misses the freezer checks. Is that it?",
        ),
        ("Prospect", "That's it. Maybe add that the auditors hate the paper log, but yes."),
    ]
    assert [k for k, _ in _statements(lines)] == ["need"]
    # Without the playback the same reply adds a need.
    lines[1] = ("Rep", "How often does that happen?")
    assert [k for k, _ in _statements(lines)].count("need") == 2


def test_which_to_do_first_is_a_recommendation() -> None:
    line = "Honestly, I'd do the loading bays first."
    assert _statements([("Rep", line)]) == [("recommendation", line)]


def test_the_product_named_as_the_answer_and_the_system_doing_the_chore() -> None:
    # needs_coverage 1.7 (invented lines): capabilities in more words; still reported as a
    # recommendation only when they answer a stated need.
    for line in (
        "With Tallyo you just scan the pallet and the count updates itself.",
        "That is exactly what the scheduler does, every booking in one calendar.",
        "That's exactly the owner's dashboard, every open job and who has it.",
        "The system writes the inspection report per batch with the photos.",
        "You type in the filing date and it calculates the deadline for you.",
    ):
        assert _statements([("Rep", line)]) == [("capability", line)], line
    for line in (
        "That's exactly what Priya will ask about.",  # agreeing, not a capability
        "With Sunil we had a different arrangement.",
    ):
        assert _statements([("Rep", line)]) == [], line


def test_an_explicit_recommendation_in_the_prospects_words_is_not_unrequested() -> None:
    # 1.8 "whose words" (shipped off): the pick reuses words the prospect brought into the
    # call (invented lines).
    pick = "What I'd suggest is giving the chiller vans their own slot at the loading bay."
    plan = "And I'd recommend our Premium plan as well."
    lines = [
        ("Rep", "How do the deliveries reach the cold rooms today?"),
        ("Prospect", "The chiller vans queue at the loading bay for an hour most mornings."),
        ("Rep", pick),
        ("Rep", plan),
    ]
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    found = NeedsCoverageDetector(prospect_words=2).detect(make_call(lines), context)
    recs = {f.evidence[0].quote: f for f in found if f.label == "recommendation"}
    assert recs[pick].attributes["unrequested"] is False
    assert "chiller" in recs[pick].attributes["prospect_words"]
    assert recs[plan].attributes["unrequested"] is True
    default = {f.evidence[0].quote: f for f in _detect(lines) if f.label == "recommendation"}
    assert default[pick].attributes["unrequested"] is True


def test_an_answer_to_a_need_told_over_two_sentences_answers_the_whole_need() -> None:
    # 1.10: the reply's ``answers`` name the need as joined, not its first sentence alone
    need = (
        "Prospect",
        "Our problem is the drivers forget to log the fridge temperature at each stop. "
        "We also lose the paper sheets they fill in by hand.",
    )
    answer = ("Rep", "Our van sensor logs the fridge temperature every five minutes on its own.")
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    gated = NeedsCoverageDetector(capability_threshold=1.01)
    found = gated.detect(make_call([need, answer]), context)
    needs = [f for f in found if f.label == "need"]
    recs = [f for f in found if f.label == "recommendation"]
    assert len(needs) == 1 and needs[0].evidence[0].quote == need[1]
    assert [f.evidence[0].quote for f in recs] == [answer[1]]
    assert recs[0].attributes["unrequested"] is False


def test_claims_that_propose_no_fix_are_vetoed_only_with_the_switch() -> None:
    # Invented lines (thirteenth round, ``claim_vetoes``, off by default): none proposes a
    # fix for what the buyer said.
    from callcoach.detectors.needs_coverage import find_statements

    need = ("Prospect", "Our problem is the pallet labels peel off in the cold store.")

    def kinds(line: str, claim_vetoes: bool) -> list[tuple[str, str]]:
        call = make_call([need, ("Rep", line)])
        found = find_statements(call, ROLES, claim_vetoes=claim_vetoes)
        return [(s.kind, s.text) for s in found]

    for line in (
        "Honestly, that's just what we run into at every frozen site.",
        "Sure, and that's exactly what the label checker is for.",
        "The freezer add-on I wouldn't buy, your pickers already scan twice.",
        "To be fair, I'd not do all twelve warehouses.",
        "The doors belong to the landlord; not much I could do about those.",
        "Your current scanners are fine, and I'd keep them.",
        "Then I'd keep the Belgian depot for later.",
    ):
        assert kinds(line, True) == [("need", need[1])], line
    # Off (shipped), advice not to buy or to keep what they have is still a recommendation.
    line = "The freezer add-on I wouldn't buy, your pickers already scan twice."
    assert ("recommendation", line) in kinds(line, False)
    # On, advice to wait or to start small is still one.
    line = "I'd just wait on the handhelds until the labels are fixed."
    assert ("recommendation", line) in kinds(line, True)
    assert not NeedsCoverageDetector.default_params()["claim_vetoes"]


def test_a_pick_and_an_advice_to_hold_back_are_two_with_mixed_picks() -> None:
    # Invented lines (stop 36, ``mixed_picks``, on since 1.13): the two share "scanners".
    from callcoach.detectors.needs_coverage import find_statements

    need = ("Prospect", "Our problem is the pallet labels peel off in the cold store.")
    pick = "I'd start with the two depots that already have scanners."
    hold = "I'd hold off on new scanners until the labels are sorted."
    between = "Those two are where the peeling costs you most."
    call = make_call([need, ("Rep", f"{pick} {between} {hold}")])

    def recommendations(mixed: bool) -> list[str]:
        found = find_statements(call, ROLES, mixed_picks=mixed)
        return [s.text for s in found if s.kind == "recommendation"]

    assert recommendations(False) == [pick]
    assert recommendations(True) == [pick, hold]
    # Two picks sharing a word stay one pick said twice, with the switch on too.
    again = make_call(
        [
            need,
            ("Rep", "I'd recommend the Plus plan. It covers both sites. Plus is what I'd go with."),
        ]
    )
    found = find_statements(again, ROLES, mixed_picks=True)
    assert [s.text for s in found if s.kind == "recommendation"] == ["I'd recommend the Plus plan."]
    assert NeedsCoverageDetector.default_params()["mixed_picks"]  # on since 1.13


def test_picks_with_an_adverb_are_read_with_pick_forms() -> None:
    # Invented lines (stop 36, ``pick_forms``, on since 1.13).
    from callcoach.detectors.needs_coverage import _with_picks

    shipped = load_lexicon("recommendations")
    for line in (
        "For a shop like yours I'd honestly go straight for the Pro tier.",
        "I'd really throw in the reporting add-on.",
        "I'd also encourage the mobile app for your drivers.",
        "The yearly tier, which is what I'd go for, honestly.",
        "Where I'd go is the fleet package.",
    ):
        categories = {m.category for m in _with_picks().finditer(line)}
        assert "recommendation" in categories, line
        assert "recommendation" not in {m.category for m in shipped.finditer(line)}, line
    for line in ("I'd really go through it with your manager.", "I'd just go back to the list."):
        assert "recommendation" not in {m.category for m in _with_picks().finditer(line)}, line
    assert NeedsCoverageDetector.default_params()["pick_forms"]  # on since 1.13


def test_the_detector_reports_an_adverb_pick_since_1_13() -> None:
    # Invented lines: the shipped detector reads the pick forms; 1.12's switches off do not.
    lines = [
        ("Prospect", "We run four vans and the paper route sheets keep going missing."),
        ("Rep", "Got it, thanks for walking me through the vans."),
        ("Rep", "With four vans I'd honestly go straight for the route planner tier."),
    ]
    pick = lines[2][1]
    quotes = [f.evidence[0].quote for f in _detect(lines) if f.label == "recommendation"]
    assert pick in quotes
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    # 1.21's action forms also read "I'd … go straight for": off here, as in 1.12
    old = NeedsCoverageDetector(mixed_picks=False, pick_forms=False, action_picks=False).detect(
        call, context
    )
    assert pick not in [f.evidence[0].quote for f in old if f.label == "recommendation"]


def test_a_tier_pitched_by_what_others_take_is_read_with_pitch_picks() -> None:
    # Invented lines (stop 37, ``pitch_picks``, on since 1.14).
    from callcoach.detectors._patterns import merged_lexicon

    pitch = merged_lexicon("recommendations", "recommendation_picks", "recommendation_pitch")
    shipped = load_lexicon("recommendations")
    for line in (
        "Honestly most of the firms your size go straight for premium.",
        "Pretty much everyone goes for the full suite.",
        "It's an add-on, but everybody takes it.",
        "The yearly bundle's the better deal.",
        "The suite works out cheaper than buying the parts.",
    ):
        assert "recommendation" in {m.category for m in pitch.finditer(line)}, line
        assert "recommendation" not in {m.category for m in shipped.finditer(line)}, line
    for line in ("Most of our customers go live in a week.", "Everyone goes with it in the end."):
        assert "recommendation" not in {m.category for m in pitch.finditer(line)}, line
    assert NeedsCoverageDetector.default_params()["pitch_picks"]  # on since 1.14


def test_a_pitch_beside_an_explicit_pick_is_not_a_second_pick() -> None:
    # Invented lines: the pitch backs up the pick said in the same turn; alone, it is one.
    lines = [
        ("Prospect", "We have six vans and the route sheets keep going missing."),
        (
            "Rep",
            "Most shops your size go with the fleet bundle. It covers every van you run. "
            "I'd put you on the fleet bundle.",
        ),
        ("Prospect", "And what does the app cost on its own?"),
        ("Rep", "It's an add-on, but honestly everybody takes it."),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    found = NeedsCoverageDetector(pitch_picks=True).detect(call, context)
    quotes = [f.evidence[0].quote for f in found if f.label == "recommendation"]
    assert "I'd put you on the fleet bundle." in quotes
    assert "Most shops your size go with the fleet bundle." not in quotes
    assert "It's an add-on, but honestly everybody takes it." in quotes
    off = NeedsCoverageDetector(pitch_picks=False).detect(call, context)
    assert "It's an add-on, but honestly everybody takes it." not in [
        f.evidence[0].quote for f in off if f.label == "recommendation"
    ]


def test_carry_reports_the_sentences_after_a_pick_in_its_turn() -> None:
    # Invented lines (stop 37, ``carry``: measured, off).
    lines = [
        ("Prospect", "The bins overflow at the bars and we only find out when someone rings."),
        (
            "Rep",
            "I'd start with sensors on the bar bins. Each evening the plan then redraws itself "
            "from the sensor readings. Does that make sense?",
        ),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    carried = "Each evening the plan then redraws itself from the sensor readings."
    on = NeedsCoverageDetector(carry=1).detect(call, context)
    assert carried in [f.evidence[0].quote for f in on if f.label == "recommendation"]
    off = NeedsCoverageDetector().detect(call, context)
    assert carried not in [f.evidence[0].quote for f in off if f.label == "recommendation"]


def test_a_module_said_to_fit_the_problem_is_read_with_fit_claims() -> None:
    # Invented lines (stop 38, ``fit_claims``, on since 1.15).
    lines = [
        ("Prospect", "Every Monday the drivers ring in sick and nobody knows who covers."),
        ("Rep", "Right. The shift swap module would be perfect for that."),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    pick = "The shift swap module would be perfect for that."
    found = NeedsCoverageDetector().detect(call, context)
    assert pick in [f.evidence[0].quote for f in found if f.label == "recommendation"]
    off = NeedsCoverageDetector(fit_claims=False).detect(call, context)
    assert pick not in [f.evidence[0].quote for f in off if f.label == "recommendation"]
    assert NeedsCoverageDetector.default_params()["fit_claims"]


def test_need_words_that_are_a_stall_s_own_words_are_not_needs_with_stall_words() -> None:
    # Invented lines (stop 38, ``stall_words``): the need phrase ("I cannot", "too much") is
    # part of the stall phrase; a need phrase elsewhere keeps the sentence a need.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        "I cannot promise you anything before the audit is over.",
        "Honestly it is too much for the shop this month.",
        "We can't keep re-keying every delivery note by hand.",
        "We need one list of stops, but I cannot promise you anything before the audit.",
    ]
    call = make_call([("Prospect", t) for t in lines])
    ids = [u.id for u in call.utterances]

    def needs(stall_words: bool) -> set[int]:
        found = find_statements(call, ROLES, stall_words=stall_words)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == {0, 1, 2, 3}
    assert needs(True) == {2, 3}


def test_a_need_that_only_announces_reaches_over_the_next_sentence_with_need_announce() -> None:
    # Invented lines (stop 38, ``need_announce``): the buyer announces the need and says it
    # in the next sentence; a question after the announcement is not taken, nor is a need
    # stated in full.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        "Honestly, the real problem is this. Half the vans leave the yard without a check.",
        "Our biggest issue is the rota. Who covers the weekend?",
        "We keep losing whole mornings to the paper dockets. It adds up fast.",
    ]
    call = make_call([("Prospect", t) for t in lines])

    def needs(need_announce: bool) -> list[str]:
        found = find_statements(call, ROLES, need_announce=need_announce)
        return [s.text for s in found if s.kind == "need"]

    off, on = needs(False), needs(True)
    assert "Honestly, the real problem is this." in off
    assert "Honestly, the real problem is this. Half the vans leave the yard without a check." in on
    assert "Our biggest issue is the rota." in on
    assert [t for t in off if t.startswith("We keep")] == [t for t in on if t.startswith("We keep")]
    assert NeedsCoverageDetector.default_params()["need_announce"]


def test_a_need_said_inside_small_talk_is_not_a_need_with_small_talk_needs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Invented lines (stop 39, ``small_talk_needs``): a buyer's complaint inside a span the
    # small_talk detector reports (a sunburn after a regatta) is rapport, not a need; the
    # span's last utterance, where the chat turns to business, keeps its need, and so does
    # the business talk after the span. The span is fixed here (the small_talk model has
    # its own tests).
    from callcoach.detectors.small_talk import SmallTalkDetector
    from callcoach.model import Evidence

    call = make_call(
        [
            ("Rep", "Hi Dana, how was the regatta?"),
            ("Prospect", "We came third, but the problem is I got sunburnt."),
            ("Rep", "Ouch, well done though."),
            ("Prospect", "Thanks. Honestly the problem is the Friday stock count."),
            ("Rep", "Tell me how the warehouse counts stock today."),
            ("Prospect", "The problem is we count every pallet by hand."),
        ]
    )
    span = Finding(
        detector="small_talk",
        version=SmallTalkDetector.version,
        label="small_talk",
        evidence=tuple(Evidence.of(u) for u in call.utterances[:4]),
        confidence=0.9,
    )
    monkeypatch.setattr(SmallTalkDetector, "detect", lambda self, call, context: [span])
    context = DetectionContext(roles=ROLES, embedder=default_embedder())

    def needs(on: bool) -> list[str]:
        found = NeedsCoverageDetector(small_talk_needs=on).detect(call, context)
        return [f.evidence[0].quote for f in found if f.label == "need"]

    assert needs(True) == [
        "Honestly the problem is the Friday stock count.",
        "The problem is we count every pallet by hand.",
    ]
    assert needs(False)[0] == "We came third, but the problem is I got sunburnt."
    assert len(needs(False)) == 3
    assert NeedsCoverageDetector.default_params()["small_talk_needs"]


def test_a_pick_answering_an_earlier_need_in_other_words_is_tied_with_need_ties() -> None:
    # Invented lines (stop 40, ``need_ties``): the pick shares no topic word with the need
    # the buyer stated two turns before (so no link reaches it), but says the same thing in
    # other words; it is tied (not unrequested) and names no need. A pick on another topic
    # stays unrequested.
    pick = "What I'd suggest is automatic text alerts to each family the moment the lab is done."
    plan = "And I'd recommend the annual plan as well."
    lines = [
        ("Rep", "Where does the morning go for your vets?"),
        (
            "Prospect",
            "Our vets lose the first hour every day phoning owners back about test results.",
        ),
        ("Rep", "How many clinics do you run?"),
        ("Prospect", "Three, all in the same county."),
        ("Rep", pick),
        ("Rep", plan),
    ]
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    for ties, tied in ((None, False), (0.3, True)):
        found = NeedsCoverageDetector(need_ties=ties).detect(make_call(lines), context)
        recs = {f.evidence[0].quote: f for f in found if f.label == "recommendation"}
        assert recs[pick].attributes["unrequested"] is not tied, ties
        assert recs[pick].attributes["addresses"] == ()
        assert recs[plan].attributes["unrequested"] is True
        need = next(f for f in found if f.label == "need")
        assert need.attributes["covered"] is False  # a tie names no need


def test_need_ties_announces_the_texts_it_compares() -> None:
    lines = [
        (
            "Prospect",
            "Our vets lose the first hour every day phoning owners back about test results.",
        ),
        (
            "Rep",
            "What I'd suggest is automatic text alerts to each family the moment the lab is done.",
        ),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    texts = NeedsCoverageDetector(need_ties=0.3).embedding_texts(call, context)
    assert (
        "What I'd suggest is automatic text alerts to each family the moment the lab is done."
        in texts
    )


def test_a_put_off_is_no_need_with_put_offs() -> None:
    # Invented lines (stop 40, ``put_offs``): a refusal to commit, to change anything now or
    # to take on something new is no need when its need words are the put-off's own; a
    # need phrase elsewhere in the sentence keeps it a need, and so does a need told with
    # "can't" that refuses nothing.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        "I can't promise you a thing before the trustees meet in May.",
        "We can't be changing anything now, the harvest is on.",
        "During lambing we have no time to learn a new app.",
        "We don't want to be buying anything before the harvest.",
        "We need the vans tracked by June, and I'm not changing anything over Easter.",
        "We can't see which orders the depot has picked.",
        "We cannot sign off the quarter without the fuel receipts.",
    ]
    call = make_call([("Prospect", t) for t in lines])
    ids = [u.id for u in call.utterances]

    def needs(put_offs: bool) -> set[int]:
        found = find_statements(call, ROLES, put_offs=put_offs)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) >= {0, 1, 2, 3, 4, 5, 6}
    assert needs(True) == {4, 5, 6}
    assert NeedsCoverageDetector.default_params()["put_offs"]


def test_we_dont_have_what_was_pitched_is_no_need_with_pitch_reactions() -> None:
    # Invented lines (stop 40, ``pitch_reactions``): "we don't have <X>" right after the
    # rep named X answers the pitch; the same words about something the rep never named,
    # a longer sentence, or a pronoun ("that") stay as the need phrases read them.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "The Gold plan adds drone surveys and tracks every forklift on site."),
        ("Prospect", "We don't have forklifts."),
        ("Rep", "How do you see where each crew is today?"),
        ("Prospect", "We don't have one screen for the crews, I ring round every morning."),
        ("Rep", "It's four hundred a month for the year."),
        ("Prospect", "I don't have that in the plan for the spring."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(pitch_reactions: bool) -> set[int]:
        found = find_statements(call, ROLES, pitch_reactions=pitch_reactions)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    off, on = needs(False), needs(True)
    assert 1 in off and 1 not in on
    assert off - {1} == on
    assert NeedsCoverageDetector.default_params()["pitch_reactions"]


def test_a_cost_told_in_answer_to_the_reps_question_is_no_need_with_cost_answers() -> None:
    # Invented lines (stop 41, ``cost_answers``): asked what a problem cost or whether it
    # ever happened, a buyer's "we lost …", "it took us …", "it takes them …" is the
    # pain's number, not a need; another need phrase in the sentence keeps it, so do the
    # ongoing form ("we're losing …") and the same story told unasked.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "What did the flood at the print shop cost you, all in?"),
        ("Prospect", "We lost four days of orders and about nine grand of paper."),
        ("Rep", "Has the boiler ever failed in the winter?"),
        ("Prospect", "It took us two weeks to get a part, and I hate that we can't plan for it."),
        ("Rep", "What does a late delivery cost you?"),
        ("Prospect", "We're losing two clients a month over it."),
        ("Rep", "Tell me about the bakery side."),
        ("Prospect", "We lost three wholesale accounts last spring."),
        ("Rep", "How long does the stock count take?"),
        ("Prospect", "It takes them two full days every month."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(cost_answers: bool) -> set[int]:
        found = find_statements(call, ROLES, cost_answers=cost_answers)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == {1, 3, 5, 7, 9}
    assert needs(True) == {3, 5, 7}
    assert NeedsCoverageDetector.default_params()["cost_answers"]


def test_a_change_to_the_buyers_set_up_is_read_with_action_picks() -> None:
    # Invented lines (stop 41, ``action_picks``, on since 1.21).
    from callcoach.detectors._patterns import merged_lexicon

    names = (
        "recommendations",
        "recommendation_picks",
        "recommendation_pitch",
        "recommendation_fit",
    )
    actions = merged_lexicon(*names, "recommendation_actions")
    before = merged_lexicon(*names)
    for line in (
        "We switch on the shift alerts for the two night crews.",
        "And turn on the mileage log for the sales cars.",
        "We can raise the stock alarm so the buyers only hear about real gaps.",
        "I'd put those routes on the weekly plan.",
        "I'd renew the twelve licences and let the rest lapse.",
        "For the new depot I'd do a bundle, scanners and labels.",
        "Honestly, I'd go straight for the fleet tier.",
        "Move to the unlimited seats tier before the spring intake.",
        "What some clinics do is let one nurse check the list each morning.",
    ):
        assert "recommendation" in {m.category for m in actions.finditer(line)}, line
        assert "recommendation" not in {m.category for m in before.finditer(line)}, line
    for line in (
        "Let me turn on my screen share.",
        "We turned on the old system in March and nobody used it.",
        "Most clinics switch on the reminders in their first week.",
    ):
        categories = {m.category for m in actions.finditer(line)}
        assert "recommendation" not in categories or "not_recommendation" in categories, line
    assert NeedsCoverageDetector.default_params()["action_picks"]  # on since 1.21


def test_the_detector_reports_a_feature_switched_on_for_the_buyer_since_1_21() -> None:
    # Invented lines: the shipped detector reads the action forms; 1.20 (off) does not.
    lines = [
        ("Prospect", "Our pharmacists keep missing the repeat orders that come in by fax."),
        ("Rep", "Okay, that's a common one."),
        ("Rep", "We switch on the fax inbox for your three branches from next month."),
    ]
    pick = lines[2][1]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    on = NeedsCoverageDetector().detect(call, context)
    assert pick in [f.evidence[0].quote for f in on if f.label == "recommendation"]
    off = NeedsCoverageDetector(action_picks=False).detect(call, context)
    assert pick not in [f.evidence[0].quote for f in off if f.label == "recommendation"]


def test_the_buyers_diary_at_a_clock_time_is_no_need_with_meeting_times() -> None:
    # Invented lines (stop 42, ``meeting_times``): the buyer's own diary at a clock time
    # ("I've got to be in the yard at ten", "I have to be at the quarry by half nine") gives
    # the meeting's length, no need; a habit ("every morning"), a crew's deadline and a
    # need phrase elsewhere in the sentence keep it a need.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        "I've got to be in the weighbridge office at ten, so we have twenty minutes.",
        "I have to be down at the quarry by half nine for the blast, sorry.",
        "I have to be at the depot at five every morning to hand out the routes.",
        "We have to have the new scales certified by April.",
        "I have to be in the yard at ten, and the real headache is the missing tickets.",
    ]
    call = make_call([("Prospect", t) for t in lines])
    ids = [u.id for u in call.utterances]

    def needs(meeting_times: bool) -> set[int]:
        found = find_statements(call, ROLES, meeting_times=meeting_times)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == {0, 1, 2, 3, 4}
    assert needs(True) == {2, 3, 4}
    assert NeedsCoverageDetector.default_params()["meeting_times"]


def test_seeing_the_offer_or_the_approvers_say_is_no_need_with_approval_sees() -> None:
    # Invented lines (stop 42, ``approval_sees``): a need phrase whose object is the offer
    # itself or what the approver says ("my partner will want to see it too", "I must see
    # what he says", "I need to read that before we go to the trustees", "I have to show my
    # board the figure first") is the decision path; a content to see or know ("see that
    # every pallet is traced", "know if the driver came") keeps it a need, and so does the
    # answer to "what would she need to see?".
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "That's the yearly price with the second site included."),
        ("Prospect", "My business partner will want to see it too."),
        ("Rep", "I'll send the draft tonight."),
        ("Prospect", "I must see what my brother says."),
        ("Rep", "And the audit log comes with every plan."),
        ("Prospect", "I need to read that before we go to the trustees."),
        ("Rep", "The bundle is cheaper over three years."),
        ("Prospect", "I have to show my board the figure first, they decide."),
        ("Rep", "The tags go on at the packhouse."),
        ("Prospect", "The retailer wants to see that every pallet is traced to the orchard."),
        ("Rep", "The driver app logs each drop."),
        ("Prospect", "All I need to know is if the driver came."),
        ("Rep", "What would the trustees need to see to say yes?"),
        ("Prospect", "They'll want to see it in writing."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(approval_sees: bool) -> set[int]:
        found = find_statements(call, ROLES, approval_sees=approval_sees)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == {1, 3, 5, 7, 9, 11, 13}
    assert needs(True) == {9, 11, 13}
    assert NeedsCoverageDetector.default_params()["approval_sees"]


def test_a_consequences_steps_asked_for_are_no_need_with_consequence_steps() -> None:
    # Invented lines (stop 42, ``consequence_steps``): asked what happens or how many, the
    # buyer's bare obligation to act ("we have to recall the batch", "I've got to send the
    # van back out") tells the consequence's steps, no need; a requirement ("have to be
    # live"), a deadline ("by May"), another need phrase, or the same words unasked keep it.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "What happens when a label goes out with the wrong allergen?"),
        ("Prospect", "We have to recall the batch and phone every shop."),
        ("Rep", "How many failed drops do you get in a week?"),
        ("Prospect", "Maybe ten, and I've got to send the van back out each time."),
        ("Rep", "What happens if the inspector finds a gap?"),
        ("Prospect", "We have to fix every gap by May or we lose the licence."),
        ("Rep", "How many sites would go first?"),
        ("Prospect", "We have to be live at both bakeries before the summer."),
        ("Rep", "Tell me about the packing room."),
        ("Prospect", "We have to repack every crate the forklift drivers drop."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(consequence_steps: bool) -> set[int]:
        found = find_statements(call, ROLES, consequence_steps=consequence_steps)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == {1, 3, 5, 7, 9}
    assert needs(True) == {5, 7, 9}
    assert NeedsCoverageDetector.default_params()["consequence_steps"]


def test_two_picks_in_consecutive_sentences_are_two_with_split_picks() -> None:
    # Invented lines (stop 42, ``split_picks``, on since 1.23): two different picks said one
    # after the other were one advice told over two sentences; an advice that holds back
    # and its reason stay one.
    from callcoach.detectors.needs_coverage import find_statements

    need = ("Prospect", "Our pickers lose an hour a day hunting for pallets in the yard.")
    first = "I'd recommend the Pro tier for the main warehouse."
    second = "I'd also suggest the cycle-count add-on for the night shift."
    call = make_call([need, ("Rep", f"{first} {second}")])

    def recommendations(call: object, split: bool) -> list[str]:
        found = find_statements(call, ROLES, split_picks=split)  # type: ignore[arg-type]
        return [s.text for s in found if s.kind == "recommendation"]

    assert recommendations(call, False) == [f"{first} {second}"]
    assert recommendations(call, True) == [first, second]
    keep = "I wouldn't replace the handheld scanners this year. I'd just keep them as spares."
    held = make_call([need, ("Rep", keep)])
    assert recommendations(held, True) == [keep]
    assert NeedsCoverageDetector.default_params()["split_picks"]  # on since 1.23


def test_a_pick_an_earlier_capability_phrase_overlaps_is_read_with_hidden_picks() -> None:
    # Invented lines (stop 42, ``hidden_picks``, on since 1.23): "the shift-swap module is"
    # reads as a capability and overlapped the fit phrase "is a must for you".
    from callcoach.detectors._patterns import merged_lexicon
    from callcoach.detectors.needs_coverage import find_statements

    lexicon = merged_lexicon("recommendations", "recommendation_fit")
    line = "So the shift-swap module is a must for your crews."
    call = make_call(
        [
            ("Prospect", "Half my weekend staff swap shifts by text and nobody knows who's in."),
            ("Rep", line),
        ]
    )

    def kinds(hidden: bool) -> list[str]:
        found = find_statements(call, ROLES, recommendations=lexicon, hidden_picks=hidden)
        return [s.kind for s in found if s.text == line]

    assert kinds(False) == ["capability"]
    assert kinds(True) == ["recommendation"]
    assert NeedsCoverageDetector.default_params()["hidden_picks"]  # on since 1.23


def test_offers_counts_and_verdicts_are_read_with_offer_picks() -> None:
    # Invented lines (stop 42, ``offer_picks``, on since 1.23).
    from callcoach.detectors._patterns import merged_lexicon

    names = (
        "recommendations",
        "recommendation_picks",
        "recommendation_pitch",
        "recommendation_fit",
        "recommendation_actions",
    )
    offers = merged_lexicon(*names, "recommendation_offers")
    before = merged_lexicon(*names)
    for line in (
        "You can turn on the late fee for weekend rentals.",
        "You could switch the waiting list on for the summer camps.",
        "Frankly, each trailer should have one.",
        "Every kiosk should have its own, so the queues split.",
        "For the older presses I'd tell you frankly, don't buy it.",
    ):
        assert "recommendation" in {m.category for m in offers.finditer(line)}, line
        assert "recommendation" not in {m.category for m in before.finditer(line)}, line
    for line in (
        "Every driver should have told us by now.",
        "I'd say don't worry about the login screen.",
        "You turned on the reminders last spring.",
    ):
        assert "recommendation" not in {m.category for m in offers.finditer(line)}, line
    assert NeedsCoverageDetector.default_params()["offer_picks"]  # on since 1.23


def test_the_detector_reports_a_verdict_against_buying_since_1_23() -> None:
    # Invented lines: the shipped detector reads the offer forms; 1.22 (switches off) does not.
    lines = [
        (
            "Prospect",
            "The new presses log their own faults, it's the three old ones that worry me.",
        ),
        ("Rep", "Right, the old ones are the gap."),
        ("Rep", "For the new presses I'd say honestly, don't get the vibration kit."),
    ]
    pick = lines[2][1]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    on = NeedsCoverageDetector().detect(call, context)
    assert pick in [f.evidence[0].quote for f in on if f.label == "recommendation"]
    old = NeedsCoverageDetector(split_picks=False, hidden_picks=False, offer_picks=False)
    assert pick not in [
        f.evidence[0].quote for f in old.detect(call, context) if f.label == "recommendation"
    ]


def test_a_requirement_with_its_date_is_a_need_with_dated_requirements() -> None:
    # Invented lines (stop 42, ``dated_requirements``): an obligation or a party's demand
    # with a calendar date and no need phrase ("from October every pallet must carry a lot
    # code", "the wholesaler wants the labels in French by the autumn") is a need; the past
    # ("last March"), the decision path ("it goes to the board in June", "the owner must
    # agree") and "you have to" said to the rep stay none, and so does an obligation with
    # no date.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "How do the lot codes work today?"),
        ("Prospect", "From October every pallet must carry a printed lot code."),
        ("Rep", "And the labels?"),
        ("Prospect", "The wholesaler wants the labels in French by the autumn."),
        ("Rep", "Has that happened before?"),
        ("Prospect", "Last March the inspector said every tank must be logged."),
        ("Rep", "Who else looks at this?"),
        (
            "Prospect",
            "The trustees meet in June, so this goes to the board then and they must see it.",
        ),
        ("Rep", "Is the owner involved?"),
        ("Prospect", "The owner must agree and he is abroad until January."),
        ("Rep", "Fair enough."),
        ("Prospect", "You have to understand, the foreman left us in the spring."),
        ("Rep", "And the cleaning rota?"),
        ("Prospect", "Every tank must be rinsed twice a shift."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(dated_requirements: bool) -> set[int]:
        found = find_statements(call, ROLES, dated_requirements=dated_requirements)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == set()
    assert needs(True) == {1, 3}
    assert NeedsCoverageDetector.default_params()["dated_requirements"]


def test_a_dated_requirement_promotes_no_capability_since_1_24() -> None:
    # Invented lines: the need is reported, but like the head's needs it opens no answer
    # position, so the rep's feature talk after it stays unreported as a recommendation.
    lines = [
        ("Prospect", "From October every pallet must carry a printed lot code."),
        ("Rep", "Our printer prints a lot code on each pallet label."),
    ]
    call = make_call(lines)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    on = NeedsCoverageDetector().detect(call, context)
    assert [f.evidence[0].quote for f in on if f.label == "need"] == [lines[0][1]]
    old = NeedsCoverageDetector(dated_requirements=False).detect(call, context)
    assert not [f for f in old if f.label == "need"]
    assert [f for f in on if f.label == "recommendation"] == [
        f for f in old if f.label == "recommendation"
    ]


def test_the_field_the_product_works_in_is_a_need_with_field_limits() -> None:
    # Invented lines (stop 42, ``field_limits``): no signal where the work is done, or staff
    # who don't read the product's language, is a need; a run-on question about the signal
    # ("… does it still work there") and a sentence about something else stay none.
    from callcoach.detectors.needs_coverage import find_statements

    lines = [
        ("Rep", "Where do the crews log the readings?"),
        ("Prospect", "Out on the moorland there's no mobile signal for miles."),
        ("Rep", "And the pickers?"),
        ("Prospect", "Half the pickers don't read English, most are from Romania."),
        ("Rep", "Anything else?"),
        ("Prospect", "Down in the cellars there's no signal at all does it still work there"),
        ("Rep", "How's the season going?"),
        ("Prospect", "The signal for the start of harvest is the first frost."),
    ]
    call = make_call(lines)
    ids = [u.id for u in call.utterances]

    def needs(field_limits: bool) -> set[int]:
        found = find_statements(call, ROLES, field_limits=field_limits)
        return {ids.index(s.utterance.id) for s in found if s.kind == "need"}

    assert needs(False) == set()
    assert needs(True) == {1, 3}
    assert NeedsCoverageDetector.default_params()["field_limits"]
