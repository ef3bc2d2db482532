"""The ``question`` detector on hand-written sales lines, punctuated and ASR-style."""

from __future__ import annotations

import pytest

from callcoach.detectors import create
from callcoach.detectors.question import (
    inner_question,
    question_cue,
    question_rule,
    question_starts,
    reaction_kind,
    spoken_end,
)
from tests.detectors.conftest import MakeCall, MakeContext

QUESTIONS = [
    # ASR style: no "?" and no capitals.
    ("do you use salesforce today", "aux-inversion"),
    ("are they on board with the rollout", "aux-inversion"),
    ("can we meet on tuesday", "aux-inversion"),
    ("how does that work for your team", "wh"),
    ("what's your budget for this", "wh"),
    ("you use excel right", "tag"),
    ("it's working fine for you isn't it", "tag"),
    ("so you're using excel today", "declarative"),
    # Punctuated.
    ("How many reps are on the team?", "wh"),
    ("And you're happy with that?", "punct"),
    ("You handle the renewals yourself, right?", "tag"),
    # Requests to explain are questions in coaching terms.
    ("Tell me about your process.", "imperative-prompt"),
    ("so walk me through how approvals work", "imperative-prompt"),
    ("I'm curious how you handle renewals today.", "indirect"),
    # Unpunctuated: an inverted opening is enough without the model.
    ("well have you looked at other vendors", "aux-inversion"),
    ("and what kind of budget do you have", "wh"),
    ("you could move it to march huh", "tag"),
    ("why", "wh"),
    ("okay cool and you know what made you look at other vendors", "wh"),
    ("and then what about your current vendor", "wh"),
    ("Well, you know, tell me about when you first noticed it.", "imperative-prompt"),
    ("I'm just wondering how the team took the news.", "indirect"),
    ("Okay. Any questions before we wrap up.", "imperative-prompt"),
    ("so how important is it to get this live by march", "wh"),
    ("and what were you up to", "wh"),
    # 1.13: prompts to explain with "talk to me … about" and "say a bit more".
    ("Talk to me a bit about how the rollout went.", "imperative-prompt"),
    ("so talk to us more about the renewal", "imperative-prompt"),
    ("Okay, say a bit more about the budget side.", "imperative-prompt"),
    # Without punctuation nothing shows a memory search: asked.
    ("and what was his name", "wh"),
]

NOT_QUESTIONS = [
    "you know",
    "I mean",
    "i know what you mean",
    "we use excel for most of it",
    "that's right",
    "Oh, really?",
    "I'm not sure how that works.",
    "so do we",
    "she's like, what are you digging for?",
    "and he goes do you want a demo",
    "how shall I say it,",
    "That feels right.",
    "Ha, that sounds about right.",
    "Oh, tell me about it.",
    "They talk to me about pricing every quarter.",
    "If the price moves, just call the office and talk to us about the options.",
    "So let me make sure I heard you right.",
    "the people who are the decision makers sit in boston",
    # Searching one's own memory asks nobody.
    "Uh, what was the name of it.",
    "Um, what are they called.",
    "What else.",
    "What else did I put on the list.",
]


def _asked(make_call: MakeCall, make_context: MakeContext, text: str) -> list[str]:
    # The lexical rules and their cues; without punctuation the default detector lets the
    # context model decide instead (tested below).
    call = make_call([("Rep", text), ("Prospect", "okay")])
    findings = create("question", context=False).detect(call, make_context(call))
    return [f.attributes["cue"] for f in findings if f.label == "question"]


def test_the_context_model_decides_questions_in_text_without_punctuation(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "do you use salesforce today"),
        ("Prospect", "we do for the pipeline"),
        ("Rep", "okay and then what about your current vendor"),
        ("Prospect", "we're with them till june"),
        ("Rep", "you could move it to march huh"),
        ("Prospect", "no we can't"),
        ("Rep", "we use excel for most of the reporting and the rest lives in email"),
        ("Prospect", "right"),
        ("Rep", "so walk me through how approvals work"),
        ("Prospect", "sure"),
    ]
    call = make_call(lines)
    findings = create("question").detect(call, make_context(call))
    quotes = [f.evidence[0].quote for f in findings if f.label == "question"]
    assert quotes[0] == "do you use salesforce today"
    assert any(q.endswith("what about your current vendor") for q in quotes)
    assert "you could move it to march huh" in quotes
    assert "so walk me through how approvals work" in quotes
    assert not any("excel" in q for q in quotes)
    # The context model's probability is the confidence.
    assert all(0.0 < f.confidence <= 1.0 for f in findings)


@pytest.mark.parametrize(("text", "cue"), QUESTIONS)
def test_questions_are_found_with_their_cue(
    make_call: MakeCall, make_context: MakeContext, text: str, cue: str
) -> None:
    assert _asked(make_call, make_context, text) == [cue]


@pytest.mark.parametrize("text", NOT_QUESTIONS)
def test_fillers_statements_and_backchannels_are_not_questions(
    make_call: MakeCall, make_context: MakeContext, text: str
) -> None:
    assert _asked(make_call, make_context, text) == []


def test_one_finding_per_question_sentence_with_span_and_role(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    text = "Thanks for that. How many reps do you have? And who signs off on budget?"
    call = make_call([("Prospect", "Hi."), ("Rep", text)])
    findings = create("question").detect(call, make_context(call))
    quotes = [f.evidence[0].quote for f in findings]
    assert quotes == ["How many reps do you have?", "And who signs off on budget?"]
    first = findings[0]
    span = first.evidence[0]
    assert call.utterance(span.utterance_id).text[span.char_start : span.char_end] == quotes[0]
    assert first.label == "question" and first.attributes["speaker_role"] == "rep"
    assert 0.0 <= first.confidence <= 1.0


def test_prospect_questions_are_counted_too(make_call: MakeCall, make_context: MakeContext) -> None:
    call = make_call(
        [("Rep", "We integrate with Salesforce."), ("Prospect", "How long does setup take?")]
    )
    (finding,) = create("question").detect(call, make_context(call))
    assert finding.attributes["speaker_role"] == "prospect"


def test_a_question_inside_unpunctuated_text_is_quoted_from_where_it_starts(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    text = "thats great to hear okay cool what are your plans for the rollout"
    call = make_call([("Rep", text), ("Prospect", "we start in may")])
    (finding,) = create("question").detect(call, make_context(call))
    assert finding.evidence[0].quote == "what are your plans for the rollout"
    assert finding.attributes["cue"] == "wh"


def test_an_unpunctuated_statement_answered_yes_was_a_question(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    call = make_call([("Rep", "so you're on the enterprise plan"), ("Prospect", "yes we are")])
    (finding,) = create("question", context=False).detect(call, make_context(call))
    assert finding.attributes["cue"] == "answered"
    punctuated = make_call([("Rep", "So you're on the enterprise plan."), ("Prospect", "Yes.")])
    assert not create("question").detect(punctuated, make_context(punctuated))


def test_thresholds_are_params(make_call: MakeCall, make_context: MakeContext) -> None:
    call = make_call([("Rep", "we use excel for most of it.")])
    strict = create("question", threshold=0.0)
    assert strict.detect(call, make_context(call))  # every sentence passes a 0 threshold


def test_inner_questions_skip_relative_clauses_and_word_searches() -> None:
    assert inner_question("the people who are the decision makers sit in boston") is None
    assert inner_question("if you get what is it the enterprise tier that covers it") is None
    assert inner_question("that's hard are you on track what kind of budget do you have") == 29
    # 1.13: "talk to us about" asks only where it opens a sentence, not after "and".
    assert inner_question("if the price moves call the office and talk to us about it") is None


def test_cue_helper() -> None:
    assert question_cue("so um what's the timeline") == "wh"
    assert question_cue("you know") is None


def test_an_hour_long_call_is_read_whole(make_call: MakeCall, make_context: MakeContext) -> None:
    lines = [
        ("Rep", "So how does your team handle renewals today? Got it. Who owns that?"),
        ("Prospect", "mostly me and we use a spreadsheet which is fine i guess"),
    ] * 350  # 700 utterances, 1,050 sentences
    call = make_call(lines)
    # Speed is measured by benchmarks/detectors.py, not asserted here (machine load).
    findings = create("question").detect(call, make_context(call))
    asked = {f.utterance_ids[0] for f in findings if f.label == "question"}
    assert len(asked) == 350  # every rep turn asks; no prospect turn does


def _labelled(
    make_call: MakeCall, make_context: MakeContext, lines: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    call = make_call(lines)
    return [
        (f.label, f.evidence[0].quote) for f in create("question").detect(call, make_context(call))
    ]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Oh, really?", "echo"),
        ("You did?", "echo"),
        ("Is that right?", "echo"),
        ("Oh, are they?", "echo"),
        ("Sorry?", "repair"),
        ("Pardon?", "repair"),
        ("What?", "repair"),
        ("Is that, uh,", "fragment"),
        ("You moved it to what?", "repair"),
        ("The what?", "repair"),
        ("And how did", "fragment"),
        # A whole "you know?" asks for a nod, not an answer.
        ("You know?", "rhetorical"),
        ("Uh, you know what I mean?", "rhetorical"),
    ],
)
def test_reactions_and_fragments_get_their_own_label(
    make_call: MakeCall, make_context: MakeContext, text: str, label: str
) -> None:
    lines = [("Rep", "We moved the team to the new tool last week."), ("Prospect", text)]
    call = make_call(lines)
    # The context model may lift an unterminated fragment (tested below); the form alone
    # labels it a fragment.
    detector = create("question", context_unterminated=None)
    found = [(f.label, f.evidence[0].quote) for f in detector.detect(call, make_context(call))]
    assert found == [(label, text)]


def test_an_unterminated_sentence_is_decided_by_the_context_model(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    # No end mark: the transcriber decided nothing, so the context model (as in text
    # without punctuation) may ask an opening cut off at a comma.
    lines = [("Rep", "We moved the team over last week."), ("Prospect", "Is that, uh,")]
    call = make_call(lines)
    found = create("question").detect(call, make_context(call))
    assert [(f.label, f.attributes["cue"]) for f in found] == [("question", "context")]
    assert 0.5 <= found[0].confidence <= 1.0
    # A sentence already asked keeps its own cue; a closed statement is never lifted.
    lines = [
        ("Rep", "Did they like it,"),
        ("Prospect", "Yeah, mostly."),
        ("Rep", "So that is the plan."),
    ]
    call = make_call(lines)
    found = create("question").detect(call, make_context(call))
    assert [(f.label, f.attributes["cue"], f.evidence[0].quote) for f in found] == [
        ("question", "aux-inversion", "Did they like it,")
    ]


def test_question_mark_decides_and_full_stop_or_exclamation_say_statement(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "The pilot starts in two weeks for the whole region?"),
        ("Prospect", "What a week it has been!"),
        ("Rep", "Why we picked the vendor is a long story."),
    ]
    assert _labelled(make_call, make_context, lines) == [
        ("question", "The pilot starts in two weeks for the whole region?")
    ]


def test_own_side_uptalk_and_mid_turn_checks_are_not_questions(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Prospect", "We switched payroll vendors in the spring? It was a mess."),
        ("Rep", "The report refreshes nightly. Does that make sense? Then it goes to finance."),
        ("Rep", "So that's the plan. Does that make sense?"),
    ]
    assert _labelled(make_call, make_context, lines) == [("question", "Does that make sense?")]


def test_questions_inside_a_long_unpunctuated_turn_are_quoted_on_their_own(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    text = (
        "yeah so we looked at the numbers last week and the pipeline is thin in the west "
        "how many reps do you have out there right now and who owns the forecast "
        "anyway we can get into that later"
    )
    found = _labelled(make_call, make_context, [("Rep", text), ("Prospect", "about twelve")])
    quotes = [quote for label, quote in found if label == "question"]
    assert any(q.startswith("how many reps do you have") for q in quotes), found
    assert all(len(q.split()) < 16 for q in quotes), found


def test_back_to_back_questions_in_asr_text_are_quoted_apart(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "morning dana how's it going can you see my slides okay"),
        ("Prospect", "yep all good"),
    ]
    quotes = [q for label, q in _labelled(make_call, make_context, lines) if label == "question"]
    assert quotes == ["how's it going", "can you see my slides okay"], quotes


def test_continuers_run_together_ask_nothing(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "so we moved the whole team over to the new board in the spring"),
        ("Prospect", "uh huh right"),
        ("Rep", "and the reporting came with it"),
        ("Prospect", "yeah yeah okay"),
    ]
    assert [
        q for label, q in _labelled(make_call, make_context, lines) if label == "question"
    ] == []


def test_an_inverted_question_without_a_mark_is_found_inside_a_long_turn(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    text = (
        "we cover the install and the training for the first month and after that "
        "support is included do you already have someone in house who manages the "
        "phones for the clinics"
    )
    lines = [("Rep", text), ("Prospect", "not really no it's mostly me")]
    quotes = [q for label, q in _labelled(make_call, make_context, lines) if label == "question"]
    assert any(q.startswith("do you already have someone") for q in quotes), quotes


def test_uptalk_that_ends_in_a_question_is_still_asked(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Prospect", "We never needed a second approver before, did we?"),
        ("Prospect", "I need the numbers for Thursday, can you get them to me?"),
        ("Prospect", "We moved the close to day five last quarter?"),
    ]
    found = _labelled(make_call, make_context, lines)
    assert ("question", "We never needed a second approver before, did we?") in found
    assert [q for _, q in found if q.startswith("We moved")] == []


@pytest.mark.parametrize(
    "text",
    [
        "Could you send me the slides after the call?",
        "Can you hold on a second?",
        "Would you mind forwarding that email to Priya?",
        "can I borrow you for five more minutes",
        "Can you please loop in your IT lead?",
    ],
)
def test_requests_for_a_deed_are_labelled_request(
    make_call: MakeCall, make_context: MakeContext, text: str
) -> None:
    assert _labelled(make_call, make_context, [("Rep", text)]) == [("request", text)]


@pytest.mark.parametrize(
    "text",
    [
        "Could you walk me through how approvals work today?",
        "Can you give me a rough idea of the volume?",
        "Could you take me through a typical month-end?",
        "Can you get me a ballpark on the seat count?",
        "Can you show me how your team logs a ticket today?",
        "Can you see my screen?",
        "Would you say the close is the bigger problem?",
    ],
)
def test_requests_for_information_stay_questions(
    make_call: MakeCall, make_context: MakeContext, text: str
) -> None:
    assert _labelled(make_call, make_context, [("Rep", text)]) == [("question", text)]


def test_a_tag_after_ones_own_statement_is_asked_not_an_echo(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "We moved the team to the new tool last week."),
        ("Prospect", "Oh, did you?"),
        ("Rep", "The old one never had the reports. Did it?"),
        ("Prospect", "Or what?"),
    ]
    assert _labelled(make_call, make_context, lines) == [
        ("echo", "Oh, did you?"),
        ("question", "Did it?"),
        ("question", "Or what?"),
    ]


def test_a_tag_in_the_speakers_next_utterance_is_asked_not_an_echo(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    # The same speaker goes on in a new utterance and tags their own statement; after the
    # other side's statement the same words are an echo.
    lines = [
        ("Rep", "I think the office opens at nine on Saturdays."),
        ("Rep", "Does it?"),
        ("Prospect", "It does, yes."),
        ("Rep", "Oh, does it?"),
    ]
    assert _labelled(make_call, make_context, lines) == [
        ("question", "Does it?"),
        ("echo", "Oh, does it?"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # An inverted question the transcriber left open at a comma or without a mark.
        "Did you ever get the roof fixed,",
        "Have you tried the new bakery on the corner",
        # A negative tag after a comma asks even with a full stop.
        "Pretty cold out there, isn't it.",
        "You keep the receipts for that, don't you.",
        # "do you like, …" asks; it does not report what someone was like.
        "Do you like, do you ride the bus to work?",
    ],
)
def test_open_inversions_and_negative_tags_are_asked(
    make_call: MakeCall, make_context: MakeContext, text: str
) -> None:
    lines = [("Rep", "We had a long winter here."), ("Prospect", text)]
    assert _labelled(make_call, make_context, lines) == [("question", text)]


@pytest.mark.parametrize(
    "text",
    [
        # A question put to oneself or to someone in a story.
        "And I just thought, why would anyone buy that?",
        "She would always say, are you sure about that?",
        # "right." after a statement is said, not asked.
        "It was a long winter, right.",
        # A reaction in question form said flat asks nothing.
        "Oh, were they.",
        "Is that right.",
        "Well, how about that.",
    ],
)
def test_cut_off_inversions_and_questions_in_stories_are_not_asked(
    make_call: MakeCall, make_context: MakeContext, text: str
) -> None:
    lines = [("Rep", "We had a long winter here."), ("Prospect", text)]
    call = make_call(lines)
    detector = create("question", context_unterminated=None)
    assert [f for f in detector.detect(call, make_context(call)) if f.label == "question"] == []


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("Did you ever get the roof fixed,", "always"),
        # Cut off on a function word, or restarted right after the subject: the model
        # decides (with the lower threshold of a question opening).
        ("And could we get it sort of you know it,", "cue"),
        ("Were they would just send the forms,", "cue"),
        # A full stop after an inversion: the transcriber heard a statement.
        ("Did you ever get the roof fixed.", "cue"),
    ],
)
def test_only_a_whole_open_inversion_decides_on_its_own(text: str, needs: str) -> None:
    assert question_rule(text).needs == needs


def test_a_bare_reaction_without_punctuation_is_an_echo_not_a_question(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "we moved the whole team over to the new tool in march"),
        ("Prospect", "oh are they"),
        ("Rep", "yeah all of them and the reports are faster now"),
        ("Prospect", "sorry what"),
        ("Rep", "the reports are faster"),
        ("Prospect", "are they using the mobile app as well"),
        ("Rep", "yes most of them"),
    ]
    found = _labelled(make_call, make_context, lines)
    assert ("echo", "oh are they") in found
    assert ("repair", "sorry what") in found
    assert ("question", "are they using the mobile app as well") in found


def test_announced_questions_and_verb_ing_wh_questions_are_found_inside_a_turn(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        (
            "Rep",
            "i saw the photos from the trade show last spring and i have to ask is that "
            "your booth with the big red forklift out front",
        ),
        ("Prospect", "yeah that was ours we had a good week"),
        (
            "Rep",
            "nice we skipped it this year and went to the one in denver what were they "
            "showing on the main stage",
        ),
        ("Prospect", "mostly warehouse robots"),
    ]
    quotes = [q for label, q in _labelled(make_call, make_context, lines) if label == "question"]
    assert any(q.startswith("is that your booth") for q in quotes), quotes
    assert "what were they showing on the main stage" in quotes, quotes


def test_a_reversed_tag_closes_its_statement_and_is_asked(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    text = (
        "oh wait you're not the marta who ran the bake sale for the school last fall "
        "are you i think my sister bought half of it"
    )
    lines = [("Rep", text), ("Prospect", "ha yes that was me")]
    quotes = [q for label, q in _labelled(make_call, make_context, lines) if label == "question"]
    assert any(q.endswith("last fall are you") for q in quotes), quotes
    assert not any("sister" in q for q in quotes), quotes


def test_a_turn_that_only_accepts_is_no_check(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "i'll send the pricing sheet tonight and we can go through it friday sound good"),
        ("Prospect", "yeah sounds good"),
    ]
    quotes = [q for label, q in _labelled(make_call, make_context, lines) if label == "question"]
    assert "sound good" in quotes, quotes
    assert "yeah sounds good" not in quotes and "sounds good" not in quotes, quotes


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("we met at the expo i just wanted to ask do you still run the night shift", ["do you"]),
        ("she asked is it worth it and he laughed", []),
        ("if you get what is it the blue thing", []),
        ("they never called back did they i figured as much", ["i figured"]),
    ],
)
def test_question_starts_for_announced_questions_and_reversed_tags(
    text: str, starts: list[str]
) -> None:
    found = [text[i:] for i in question_starts(text)]
    assert [next((s for s in starts if f.startswith(s)), f) for f in found] == starts, found


def test_question_starts_keep_offsets_of_the_original_text() -> None:
    """Runs of spaces and tabs do not move the offsets off the question's first word."""
    text = "  we  switched\tvendors in spring   so do you \t track renewals in a sheet today"
    assert [text[i:].split()[:3] for i in question_starts(text)] == [["so", "do", "you"]]


def test_question_starts_in_a_very_long_run_on_turn() -> None:
    """An hour-long ASR turn (thousands of words) is cut at every question in it, the same
    as each part alone (the rules read the text in place, in time linear in its length)."""
    part = (
        "we moved the team to the new plan in march and it went fine mostly "
        "so do you track renewals in a spreadsheet today "
        "okay cool and how many reps does your team have right now "
    )
    one = [part[i:].split()[:2] for i in question_starts(part)]
    assert one == [["so", "do"], ["and", "how"]]
    text = part * 400
    found = question_starts(text)
    assert len(found) == 2 * 400
    assert all(text[i:].split()[:2] in one for i in found)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a lone wh-word the speaker trails off after opens nothing (question 1.8) …
        ("How,", False),
        ("So, uh, what, what,", False),
        ("And where, um,", False),
        # … but alone "why" asks, and so does a wh-word with its "?" or a longer opening
        ("Why,", True),
        ("How?", True),
        ("How so,", True),
        # a question retold with "go" or "say" (question 1.8) is reported, not asked …
        ("And then my boss just goes, oh, do we even need this?", False),
        ("They go, oh, how do you sync the calendars?", False),
        ("So I say, did you check the invoice folder?", False),
        # … unlike "you go where?" or what people say about something
        ("You go where?", True),
        ("Is there any data on what people say when they cancel?", True),
    ],
)
def test_lone_trailing_wh_words_and_retold_questions(text: str, asks: bool) -> None:
    assert (question_rule(text).needs != "never") is asks


def test_lone_trailing_wh_words_and_retold_questions_in_a_call(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "We moved the rollout to the spring."),
        ("Prospect", "So, how,"),
        ("Rep", "The trainers were booked until March."),
        ("Prospect", "Right. And my boss just goes, oh, do we even need this?"),
        ("Rep", "Why,"),
        ("Prospect", "Budget, mostly."),
    ]
    call = make_call(lines)
    findings = create("question").detect(call, make_context(call))
    quotes = [f.evidence[0].quote for f in findings if f.label == "question"]
    assert quotes == ["Why,"]


def test_a_transcribers_note_is_not_speech(make_call: MakeCall, make_context: MakeContext) -> None:
    lines = [
        ("Rep", "We moved the office in May. *listen: one utterance or two?"),
        ("Prospect", "Did the move go *really* smoothly? *typo in the next line"),
    ]
    assert _labelled(make_call, make_context, lines) == [
        ("question", "Did the move go *really* smoothly?")
    ]
    assert spoken_end("Fine. *sd") == len("Fine. ")
    assert spoken_end("Is it 3*4?") == len("Is it 3*4?")


def test_right_run_into_its_clause_is_no_tag() -> None:
    # "…, right," is a tag; "it was done right," is the adjective.
    assert question_rule("So you moved the whole team to Denver, right,").cue == "tag"
    assert question_rule("and the install was done right,").cue == "model"
    assert question_rule("You kept the old server running right?").cue == "tag"


@pytest.mark.parametrize(
    ("text", "inverted"),
    [
        # an auxiliary and a pronoun that agree open a question
        ("so does it still sync with the old crm", True),
        ("are they still on the annual plan", True),
        ("were there many complaints after the switch", True),
        # ones that do not agree are a verb and its object, or a restart
        ("do it for the whole team next quarter", False),
        ("and do that on a full time basis", False),
        ("is they were going to renew anyway", False),
        ("are it the same people as last year", False),
    ],
)
def test_an_inversion_needs_an_auxiliary_that_agrees_with_its_subject(
    text: str, inverted: bool
) -> None:
    assert (question_cue(text) == "aux-inversion") is inverted


def test_you_know_after_a_statement_is_no_finding(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    # Only a whole utterance of "you know?" is labelled; after one's own statement it is a
    # filler (SwDA tags such rows as statements), and without "?" nothing says it was asked.
    for text in ("We never got the budget for it. You know?", "you know"):
        call = make_call([("Rep", "How did the pilot go?"), ("Prospect", text)])
        found = create("question").detect(call, make_context(call))
        assert [f for f in found if f.utterance_ids[0] == call.utterances[1].id] == []


def test_an_open_declarative_check_is_left_to_the_model_in_punctuated_text(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    # "Sounds like you …," left open by the transcriber is a summary more often than a
    # check: the model decides, where before its form alone asked. With "?" it is asked.
    text = "Well, sounds like you have your hands full there,"
    assert question_rule(text).needs == "model"
    assert question_rule("So you're on the enterprise plan?").needs == "always"
    call = make_call([("Prospect", "We run three sites now."), ("Rep", text)])
    detector = create("question", context_unterminated=None)
    assert not detector.detect(call, make_context(call))


@pytest.mark.parametrize(
    ("text", "punctuated", "asks"),
    [
        # an exclamation said without "!" asks nothing, with or without punctuation (1.14)
        ("oh how clever", False, False),
        ("what a relief", False, False),
        ("gosh what a tidy warehouse huh", False, False),
        ("how odd that was", False, False),
        ("how about that", False, True),  # proposes after an offer: left to the model
        ("Well, how thoughtful.", True, False),
        ("What a long quarter,", True, False),
        # … but "how" before a degree word, a verb or a pronoun still asks
        ("how soon", False, True),
        ("how come", False, True),
        ("how about you", False, True),
        ("how are the pilots going", False, True),
        ("how many seats", False, True),
        # and a "?" says the transcriber heard a question
        ("What a coincidence?", True, True),
    ],
)
def test_an_exclamation_without_its_mark_is_no_question(
    text: str, punctuated: bool, asks: bool
) -> None:
    assert (question_rule(text, punctuated).needs != "never") is asks


def test_an_exclamation_in_an_asr_call_is_no_finding(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Prospect", "we finally moved the dispatch team onto tablets last spring"),
        ("Rep", "oh how exciting"),
        ("Prospect", "and the drivers actually like them"),
        ("Rep", "what a change how long did the rollout take"),
    ]
    call = make_call(lines)
    found = create("question").detect(call, make_context(call))
    asked = {f.utterance_ids[0] for f in found if f.label == "question"}
    assert call.utterances[1].id not in asked
    assert call.utterances[3].id in asked


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # a wh-cleft opens a statement (1.14) …
        ("what we usually do is we batch the orders on friday", False),
        ("so what the clinic did was hire two more nurses", False),
        ("What our drivers want is shorter routes.", False),
        # … but not a wh-question, nor a question after the cleft
        ("what do you usually do on fridays", True),
        ("what your team needs is what exactly?", True),
    ],
)
def test_a_wh_cleft_opens_a_statement(text: str, asks: bool) -> None:
    punctuated = text[-1] in ".?"
    assert (question_rule(text, punctuated).needs != "never") is asks


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # a copula and a pronoun after a content word go on a statement that names what
        # it specifies (1.15) …
        ("the catch with the old scanners is that the batteries die by noon", []),
        ("the upside of the lease was that nobody owns the repairs", []),
        ("and the part our nurses love is it prints the chart right away", []),
        ("the odd part was there were no spare keys for the vans", []),
        # … without a word naming what is specified, after a discourse word, "or" or an
        # announcement the inversion still asks
        (
            "we run three depots out west is that the same setup you have",
            ["is that the same setup you have"],
        ),
        (
            "we moved billing in march so is that something your auditors check",
            ["so is that something your auditors check"],
        ),
        (
            "you keep the stock in the depot or is it at the client sites mostly",
            ["is it at the client sites mostly"],
        ),
        (
            "i have to ask you is there a budget set aside for the upgrade",
            ["is there a budget set aside for the upgrade"],
        ),
        # and any other inverted auxiliary after a content word still starts one
        (
            "we tried a pilot with the night shift did it cut the overtime at all",
            ["did it cut the overtime at all"],
        ),
    ],
)
def test_a_copula_after_a_content_word_starts_no_question(text: str, starts: list[str]) -> None:
    assert [text[i:] for i in question_starts(text)] == starts
    # the switch off gives back the 1.14 cut
    if not starts:
        assert question_starts(text, copula_veto=False)


def test_a_specifying_is_that_in_an_asr_call_is_no_finding(
    make_call: MakeCall, make_context: MakeContext
) -> None:
    lines = [
        ("Rep", "how are the new handhelds working out for the pickers"),
        ("Prospect", "the real problem for us is that the screens crack when they drop them"),
        ("Rep", "got it and the old ones or is it the same with those"),
    ]
    call = make_call(lines)
    found = create("question").detect(call, make_context(call))
    asked = {f.utterance_ids[0] for f in found if f.label == "question"}
    assert call.utterances[1].id not in asked
    before = create("question", copula_veto=False).detect(call, make_context(call))
    assert call.utterances[1].id in {f.utterance_ids[0] for f in before if f.label == "question"}
    assert all(f.params["copula_veto"] for f in found)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # requests to repeat after an interjection, and a hesitation asked (1.15)
        ("Uh, sorry?", "repair"),
        ("Oh, oh, pardon me?", "repair"),
        ("Hm?", "repair"),
        ("Um?", "repair"),
        ("Sorry, what did you say?", "repair"),
        ("What did you say?", "repair"),
        ("Is that what you said?", "repair"),
        # a question after the interjection is still a question
        ("Uh, what did the vendor say?", None),
        ("Um, what's the renewal date?", None),
        ("Oh, did you?", "echo"),
    ],
)
def test_requests_to_repeat_are_repairs(text: str, kind: str | None) -> None:
    assert reaction_kind(text) == kind
