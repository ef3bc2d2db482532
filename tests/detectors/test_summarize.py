"""summarize: rep restatements grounded in the prospect's turns (hand-written sales cases)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from callcoach.detectors import DetectionContext, create, names
from callcoach.detectors.summarize import (
    RestateRules,
    SummarizeDetector,
    _content_words,
    _excerpt,
    _restate_candidates,
    _restate_texts,
    find_restatements,
    restatement_texts,
)
from callcoach.eval.corpus import CorpusUtterance
from callcoach.eval.crossval import cross_validate
from callcoach.eval.runner import evaluate
from callcoach.eval.tasks import summarize as task
from callcoach.model import Finding, RoleAssignment
from callcoach.nlp.embeddings import default_embedder
from callcoach.testing import RecordingEmbedder, make_call

SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
# A little under the measured AnnoMI dev F1 (docs/evaluation/summarize.md); raise, never lower.
ANNOMI_DEV_F1_FLOOR = 0.58
# 5-fold cross-validated mean F1 on 40 AnnoMI train+dev conversations sampled by hash
# (measured 0.653, sd 0.064), less a margin: regressions fail, noise does not.
ANNOMI_CV_F1_FLOOR = 0.62

# Every use of the learned head switched off (1.8 demotes summaries and confirms echoes;
# 1.8.6 confirms framed recaps).
HEAD_OFF = {"head_demote": 0.0, "head_add": 1.01, "head_lead": 1.01, "head_framed": 1.01}
# The uncued candidates as shipped until 1.8.4 (1.8.5: the "So …" lead, echoes from head 0.7
# and only uncued candidates that tie back with "So"), for the tests of older mechanisms.
PRE_1_8_5 = {
    "so_lead": False,
    "uncued_so_only": False,
    "head_add": 0.8,
    "lead_min_prospect": 0.0,
    "lead_min_words": 15,
    "lead_min_covers": 2,
    "head_lead": 0.8,
}

ROLES = RoleAssignment(roles={"Rep": "rep", "Prospect": "prospect"}, confidence=1.0, method="x")

LINES = [
    ("Rep", "How does month-end close work today?"),
    ("Prospect", "It takes us four days because invoice approvals sit in the CFO's inbox."),
    ("Rep", "What does your approval process look like?"),
    ("Prospect", "Everything goes by email and people forget to reply."),
    ("Rep", "So if I heard you right, approvals by email drag the close out to four days."),
    ("Rep", "It sounds like a plan, we can golf on Tuesday."),
    ("Rep", "Your team probably loves the new stadium downtown."),
    ("Rep", "Four days of close because approvals wait on email, that's the core problem."),
    ("Rep", "Our platform has two hundred integrations."),
]


def _detect(lines: list[tuple[str, str]], **params: object) -> list[Finding]:
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    return SummarizeDetector(**params).detect(make_call(lines), context)


def test_registered_with_params() -> None:
    assert "summarize" in names()
    detector = create("summarize", threshold_explicit=0.3)
    assert detector.needs_embeddings
    assert detector.get_params()["threshold_explicit"] == 0.3


def test_grounded_restatements_are_found_with_their_sources() -> None:
    found = {f.evidence[0].utterance_id: f for f in _detect(LINES)}
    assert set(found) == {"u0004", "u0007"}
    playback = found["u0004"]
    assert (playback.label, playback.attributes["cue"]) == ("summarize", "playback")
    # A playback is grounded by the earlier prospect turns it covers: nothing is embedded.
    assert playback.attributes["grounding"] == "covers"
    assert playback.attributes["covers"] == ("u0001",)
    assert 0.0 < playback.attributes["overlap"] <= 1.0
    assert playback.evidence[0].quote.startswith("So if I heard you right")
    # An uncued echo is a reflection: listening, not the summary a coach asks for.
    assert (found["u0007"].label, found["u0007"].attributes["cue"]) == ("reflection", "statement")
    assert found["u0007"].attributes["grounding"] == "embedding"
    assert found["u0007"].attributes["grounded_in"][0]["utterance_id"] in ("u0001", "u0003")


def test_cue_phrase_without_grounding_is_not_a_summary() -> None:
    ids = {f.evidence[0].utterance_id for f in _detect(LINES)}
    assert "u0005" not in ids  # "sounds like a plan" about golf
    assert "u0002" not in ids  # a question, not a restatement


def test_nothing_before_the_prospect_speaks() -> None:
    assert _detect([("Rep", "So if I heard you right, you want faster approvals.")]) == []


def test_threshold_param_controls_grounding() -> None:
    assert (
        _detect(
            LINES,
            threshold_playback=0.99,
            threshold_explicit=0.99,
            threshold_statement=0.99,
            threshold_none=0.99,
        )
        == []
    )


def test_prospect_restating_is_not_a_rep_behaviour() -> None:
    lines = [
        ("Rep", "We cut close time in half for most customers."),
        ("Prospect", "So what you're saying is you cut close time in half."),
    ]
    assert _detect(lines) == []


def test_eval_gold_mapping() -> None:
    def row(dataset: str, role: str | None, labels: tuple[str, ...]) -> CorpusUtterance:
        return CorpusUtterance(dataset, "c", 0, "s", role, "text", labels)

    assert task.gold(row("annomi", "therapist", ("mi:reflection-complex",))) == "yes"
    assert task.gold(row("annomi", "therapist", ("mi:question-open",))) == "no"
    assert task.gold(row("annomi", "client", ("mi:client_talk-change",))) is None
    assert task.gold(row("swda", None, ("da:bf",))) == "yes"
    assert task.gold(row("swda", None, ("da:sd",))) == "no"
    assert task.gold(row("swda", None, ())) is None


def test_so_openings_restate_but_questions_and_transitions_do_not() -> None:
    pain = "Close takes us four days a month, mostly waiting on CFO approvals."
    lines = [
        ("Prospect", pain),
        ("Rep", "Okay, so four days of close, mostly waiting on the CFO."),
        ("Rep", "So, next steps: I'll send the deck about approvals."),
        ("Rep", "So given the four days, how well does this fix the approvals?"),
        ("Rep", "so what do you think about the approvals"),
    ]
    assert [f.evidence[0].utterance_id for f in _detect(lines)] == ["u0001"]


def test_explicit_cue_is_not_hidden_by_an_opening() -> None:
    lines = [
        ("Prospect", "We need the contract by Friday and legal must review it first."),
        ("Rep", "So to recap. Legal reviews the contract, and you need it by Friday."),
    ]
    (finding,) = _detect(lines)
    assert (finding.label, finding.attributes["cue"]) == ("summarize", "playback")


SALES_LINES = [
    ("Prospect", "Renewals slip because nobody owns the customer after onboarding."),
    ("Rep", "So, yeah."),
    ("Rep", "So first of all, great to finally meet you all."),
    ("Rep", "Sounds good, my friend."),
    ("Prospect", "And our churn report is a spreadsheet that finance rebuilds every month."),
    ("Rep", "So our platform ships with forty dashboards and a mobile app."),
    ("Rep", "Last time you told me renewals were the priority for the board."),
    ("Rep", "Let me play that back. Renewals slip because nobody owns the customer after "
            "onboarding, and finance rebuilds the churn spreadsheet every month. Did I miss "
            "anything?"),
]  # fmt: skip


def test_only_playbacks_of_this_calls_prospect_turns_are_summaries() -> None:
    summaries = [f for f in _detect(SALES_LINES) if f.label == "summarize"]
    assert [f.evidence[0].utterance_id for f in summaries] == ["u0007"]
    (summary,) = summaries
    assert summary.attributes["covers"] == ("u0000", "u0004")
    # The closing check is not part of the quote.
    assert summary.evidence[0].quote.endswith("every month.")


def test_eval_counts_reflections_and_summaries() -> None:
    def finding(label: str) -> Finding:
        return Finding("summarize", "1", label, 1.0, ())

    row = CorpusUtterance("annomi", "c", 0, "s", "therapist", "text", ())
    assert task.predict(row, (finding("reflection"),)) == "yes"
    assert task.predict(row, (finding("summarize"),)) == "yes"
    assert task.predict(row, ()) == "no"


def test_uncued_statement_about_the_prospect_restates_but_pitches_do_not() -> None:
    lines = [
        ("Prospect", "Honestly the approvals sit in email for days and the auditors complain."),
        ("Rep", "Approvals stuck in email for days, and the auditors noticing."),
        ("Rep", "You'll see that the dashboard flags every late approval."),
        ("Rep", "We built our workflow engine for exactly that."),
        ("Rep", "Approvals sit in email for days, really?"),
        ("Rep", "You need to move approvals out of email."),
        ("Rep", "So the platform flags approvals that sit in email for days."),
        ("Rep", "You're gonna love how approvals leave email behind."),
    ]
    (finding,) = _detect(lines)
    assert finding.evidence[0].utterance_id == "u0001"
    assert finding.attributes["cue"] == "statement"


@pytest.mark.skipif(
    not SHARED_DATA.exists(),
    reason="../shared/data not present (evaluation corpora live beside the checkout)",
)
def test_annomi_dev_f1_floor() -> None:
    scores = evaluate("annomi", "dev", detector="summarize")["summarize"]
    assert scores["f1"] >= ANNOMI_DEV_F1_FLOOR, scores


@pytest.mark.skipif(
    not SHARED_DATA.exists(),
    reason="../shared/data not present (evaluation corpora live beside the checkout)",
)
def test_annomi_cross_validated_f1_floor() -> None:
    result = cross_validate("annomi", 5, "summarize", limit=40, with_dev=False)["summarize"]
    assert result["f1"]["mean"] >= ANNOMI_CV_F1_FLOOR, result["f1"]


def test_relative_when_is_not_a_question_but_what_is() -> None:
    lines = [
        ("Prospect", "Close slips every month when the CFO travels and approvals stall."),
        ("Rep", "Close slips whenever the CFO travels, when approvals stall."),
        ("Rep", "what slips when the CFO travels"),
    ]
    (finding,) = _detect(lines)
    assert finding.evidence[0].utterance_id == "u0001"
    assert finding.attributes["cue"] == "statement"


ROUTES = [
    (
        "Prospect",
        "Our dispatchers spend about two hours every morning rebuilding the route plan by "
        "hand, and when a driver calls in sick the whole thing falls apart.",
    ),
    ("Rep", "Got it."),
    (
        "Prospect",
        "And customers get angry because the arrival windows are wrong, maybe ten "
        "complaints a week.",
    ),
]


@pytest.mark.parametrize(
    "playback",
    [
        "So what you're saying is the route plan gets rebuilt by hand every morning and a "
        "sick driver breaks it.",
        "Okay, in other words: two hours of manual route planning every morning, and the "
        "plan collapses when someone calls in sick.",
        "Sounds like the morning route rebuild is eating two hours, and the complaints come "
        "from wrong arrival windows.",
        "so basically your dispatchers lose two hours a morning on routes and you take ten "
        "complaints a week from bad arrival windows",
        "Just so I have it straight, the manual route planning and the sick calls drive the "
        "weekly complaints.",
    ],
)
def test_playbacks_in_other_words_are_summaries(playback: str) -> None:
    found = _detect([*ROUTES, ("Rep", playback)])
    assert [f.label for f in found if f.evidence[0].utterance_id == "u0003"] == ["summarize"]


def test_a_pitch_with_basically_is_not_a_summary() -> None:
    pitch = "But basically the idea is that routes, drivers and complaints live in one app."
    found = _detect([*ROUTES, ("Rep", pitch)])
    assert not [f for f in found if f.label == "summarize"]


LONG_LINES = [
    ("Prospect", "We run payroll for nine clinics and the numbers never match the ledger."),
    ("Rep", "Okay."),
    ("Prospect", "Our controller spends two days a month fixing payroll journal entries by hand. "
                 "The clinics each send a spreadsheet. Some arrive late, some have typos, and "
                 "nobody checks them before they reach the ledger. Honestly it wears everyone "
                 "out by the end of the quarter."),
    ("Rep", "Two days a month of hand fixes on payroll journal entries."),
    ("Rep", "That sounds exhausting for your controller."),
    ("Prospect", "It is, and the auditors asked about it last year."),
    ("Rep", "The auditors noticed the payroll mismatches."),
    ("Rep", "Let me play that back: nine clinics, spreadsheets that arrive late, and the "
            "controller fixing payroll journal entries by hand every month."),
]  # fmt: skip


def test_stopping_early_passes_the_same_candidates_as_comparing_every_turn() -> None:
    detector = SummarizeDetector(context_turns=3)
    rules, thresholds = detector._rules(), detector._thresholds()
    call = make_call(LONG_LINES)
    for scale in (0.0, 0.5, 1.0, 2.0, 3.0):
        scaled = {cue: t * scale for cue, t in thresholds.items()}
        every = RecordingEmbedder()
        full = find_restatements(call, ROLES, every, rules)
        early = RecordingEmbedder()
        lazy = find_restatements(call, ROLES, early, rules, scaled)
        passed_full = {(r.utterance.id, r.cue) for r in full if r.grounding >= scaled[r.cue]}
        passed_lazy = {
            (r.utterance.id, r.cue)
            for r in lazy
            if r.method == "covers" or r.grounding >= scaled[r.cue]
        }
        assert passed_lazy == passed_full
        assert len(set(early.texts)) < len(set(every.texts))
        # What the detector announces for the call's one embedding pass comes first.
        announced = restatement_texts(call, ROLES, rules, scaled)
        assert early.texts[: len(announced)] == announced


def test_covered_playbacks_embed_nothing_to_be_grounded() -> None:
    """A playback is grounded by the prospect turns it covers; with the head on (1.8
    default) its quote is embedded once, for the head alone, and no context turn is."""
    for params, head_texts in ((HEAD_OFF, 0), ({}, 1)):
        embedder = RecordingEmbedder()
        context = DetectionContext(roles=ROLES, embedder=embedder)
        found = SummarizeDetector(**params).detect(make_call(LONG_LINES), context)
        playback = next(f for f in found if f.label == "summarize")
        assert playback.attributes["grounding"] == "covers"
        assert playback.attributes["covers"] == ("u0000", "u0002")
        played = [t for t in embedder.texts if t.startswith("Let me play that back")]
        assert len(played) == head_texts


def test_long_context_turns_are_compared_by_their_closest_sentences() -> None:
    turn = LONG_LINES[2][1]
    own = _content_words("Two days a month of hand fixes on payroll journal entries.")
    excerpt = _excerpt(turn, own, 16)
    assert excerpt.startswith("Our controller spends two days")
    assert len(excerpt.split()) <= 16
    assert _excerpt(turn, own, 0) == turn  # 0: whole turns
    short = LONG_LINES[0][1]
    assert _excerpt(short, own, 16) == short
    # A long turn without sentence punctuation (ASR): the window sharing most words.
    flat = turn.replace(".", "").replace(",", "").lower()
    window = _excerpt(flat, own, 8)
    assert len(window.split()) == 8
    assert "payroll" in window and "journal" in window


def test_invented_blind_set_floor() -> None:
    """The invented blind set (tests/data/summarize, frozen before it was scored once with
    v1.4.1: P 1.00, R 0.71, F1 0.83; no "So, yeah.", greeting or pitch taken for a
    summary): a regression floor."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "scripts" / "eval_summarize_blind.py"
    spec = importlib.util.spec_from_file_location("eval_summarize_blind", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    total, _ = module.score()
    assert total.fp == 0
    assert total.f1 >= 0.75


# summarize 1.5: more ways to announce a playback, an uncued recap closed by a check, and
# recaps of the rep's own pitch or arithmetic that are not summaries (all invented).


@pytest.mark.parametrize(
    "playback",
    [
        "Just so I'm clear, the route plan gets rebuilt by hand every morning and a sick "
        "driver breaks it.",
        "If I'm following you, two hours of manual route planning every morning is the bottleneck.",
        "So, to play it back: manual route planning every morning, sick drivers breaking the "
        "plan, and ten complaints a week.",
        "Let me see if I understand. The morning route rebuild takes two hours and the "
        "complaints come from wrong arrival windows.",
        "You told me the complaints come from wrong arrival windows after the route rebuild.",
        "From what you've said, the route rebuild eats two hours and the arrival windows "
        "drive the complaints.",
        "Here's what I heard: manual route planning every morning, sick calls breaking it, "
        "ten complaints a week.",
        "So in summary, the route plan gets rebuilt by hand every morning and the arrival "
        "windows drive the complaints.",
        "Just to make sure I understood: two hours of route planning every morning, and the "
        "plan falls apart when a driver calls in sick.",
    ],
)
def test_more_announced_playbacks_are_summaries(playback: str) -> None:
    found = _detect([*ROUTES, ("Rep", playback)])
    assert [f.label for f in found if f.evidence[0].utterance_id == "u0003"] == ["summarize"]


def test_an_uncued_recap_closed_by_a_check_is_a_summary() -> None:
    recap = (
        "Okay. Three things, then. Routes get rebuilt by hand every morning, a sick driver "
        "breaks the plan, and the wrong arrival windows bring about ten complaints a week. "
        "Is that fair?"
    )
    [found] = [f for f in _detect([*ROUTES, ("Rep", recap)], **PRE_1_8_5) if f.label == "summarize"]
    assert found.attributes["cue"] == "recap"
    # 1.8.5: an uncued recap ties back with "So" or is no summary.
    assert not [f for f in _detect([*ROUTES, ("Rep", recap)]) if f.label == "summarize"]
    tied = recap.replace("Okay. Three things", "Okay. So, three things")
    [found] = [f for f in _detect([*ROUTES, ("Rep", tied)]) if f.label == "summarize"]
    assert found.attributes["cue"] == "recap"
    assert len(found.attributes["covers"]) >= 2
    assert found.evidence[0].quote.endswith("ten complaints a week.")


@pytest.mark.parametrize(
    "turn",
    [
        # the rep's own offer, closed by a check
        "So we'd rebuild the routes every morning for you, our app handles the sick calls "
        "and the arrival windows. Does that sound right?",
        # arithmetic for the buyer to check
        "Let me do the math out loud: two hours every morning across five dispatchers is "
        "about fifty hours a week of route planning. Does that sound right?",
        # announcing a recap of the pitch
        "So to sum up what we do: routes, drivers and complaints in one app, rebuilt every "
        "morning automatically.",
        "Let me recap what our platform does. It plans routes every morning and texts the "
        "arrival windows.",
        # a check that follows too little to be a recap
        "Routes every morning. Right?",
    ],
)
def test_recaps_of_the_reps_own_pitch_or_math_are_not_summaries(turn: str) -> None:
    found = _detect([*ROUTES, ("Rep", turn)])
    assert not [f for f in found if f.label == "summarize"], turn


def test_an_uncued_multi_point_recap_is_a_summary() -> None:
    recap = (
        "Okay. So you rebuild the route plan by hand every morning, a driver calling in sick "
        "makes the whole thing fall apart, the wrong arrival windows bring the customer "
        "complaints, and the contract renewal with the grocery chain is in March."
    )
    lines = [
        *ROUTES,
        ("Rep", "Anything else?"),
        ("Prospect", "Our contract renewal with the grocery chain comes up in March."),
        ("Rep", recap),
    ]
    [found] = [f for f in _detect(lines) if f.label == "summarize"]
    assert found.attributes["cue"] == "recap"


def test_a_multi_point_pitch_about_you_is_not_a_recap() -> None:
    pitch = (
        "So you get route planning every morning, our app handles the sick calls, and your "
        "customers see the arrival windows live."
    )
    found = _detect([*ROUTES, ("Rep", pitch)])
    assert not [f for f in found if f.label == "summarize"]


@pytest.mark.parametrize(
    "turn",
    [
        "Great. So to recap. I send the revised route plan to your ops lead tonight. You "
        "walk it past your finance director on Wednesday. We switch the first depot over on "
        "the 3rd.",
        "Just to confirm everything: I'll email the pilot terms tomorrow morning, and you'll "
        "loop in your dispatch manager by Friday.",
    ],
)
def test_a_recap_of_next_steps_is_not_a_summary_1_6(turn: str) -> None:
    """A recap of agreed actions, each with a when, plays back none of the prospect's
    words: neither a summary nor a reflection (v1.6; invented lines)."""
    lines = [
        *ROUTES,
        ("Rep", "Who else needs to see this?"),
        ("Prospect", "My finance director, Wednesday is our weekly meeting, and dispatch."),
        ("Rep", turn),
    ]
    found = _detect(lines)
    assert not [f for f in found if f.evidence[0].utterance_id == "u0005"], turn


def test_a_read_back_of_the_prospects_order_is_still_a_summary_1_6() -> None:
    lines = [
        ("Rep", "What do you need on the order?"),
        ("Prospect", "Twelve handheld scanners, four charging cradles, and the two-year "
                     "warranty, shipped to the Leeds depot."),
        ("Rep", "Anything else?"),
        ("Prospect", "Six of the scanners go to the Hull depot instead, sorry."),
        ("Rep", "Let me read that back. Twelve handheld scanners with the two-year warranty "
                "and four charging cradles, six scanners to Leeds and six to the Hull depot."),
    ]  # fmt: skip
    found = _detect(lines)
    assert [f.label for f in found if f.evidence[0].utterance_id == "u0004"] == ["summarize"]


def test_the_negotiation_samples_next_steps_recap_is_not_a_summary() -> None:
    import callcoach
    from callcoach.roles import resolve_roles
    from tests.conftest import EXAMPLES

    call = callcoach.load_call(EXAMPLES / "08-quarryhill-negotiation-expert.json")
    roles = resolve_roles(call, rep=["Marcus Reyes"])
    context = DetectionContext(roles=roles, embedder=default_embedder())
    for finding in SummarizeDetector().detect(call, context):
        assert "recap" not in finding.evidence[0].quote.lower(), finding.evidence[0].quote
        assert "Thursday" not in finding.evidence[0].quote, finding.evidence[0].quote


def test_the_head_only_relabels() -> None:
    """Demoting and promoting, the learned head relabels summaries and reflections; it
    never adds or removes a restatement, so what AnnoMI scores stays the same (1.8: on by
    default, demoting summaries it scores below 0.2). It reads only the quotes it could
    relabel: summaries to demote, reflections only while it may promote them."""
    assert SummarizeDetector().get_params()["head_demote"] == 0.2
    plain = _detect(LINES, **HEAD_OFF)
    assert all("head" not in f.attributes for f in plain)
    demoted = _detect(LINES, **{**HEAD_OFF, "head_demote": 1.0})
    promoted = _detect(LINES, **{**HEAD_OFF, "head_promote": 0.0})
    for found in (demoted, promoted):
        assert [f.evidence[0].quote for f in found] == [f.evidence[0].quote for f in plain]
    summaries = {f.evidence[0].quote for f in plain if f.label == "summarize"}
    assert summaries
    for f in demoted:
        assert ("head" in f.attributes) == (f.evidence[0].quote in summaries)
    assert all(0.0 <= f.attributes["head"] <= 1.0 for f in promoted)
    assert {f.label for f in demoted} == {"reflection"}
    # A reflection becomes a summary only when it covers an earlier prospect turn.
    assert {f.label for f in promoted if f.attributes["covers"]} == {"summarize"}


def test_the_head_announces_its_texts_only_when_on() -> None:
    call = make_call(LINES)
    context = DetectionContext(roles=ROLES)
    off = SummarizeDetector(**HEAD_OFF).embedding_texts(call, context)
    on = SummarizeDetector(**{**HEAD_OFF, "head_demote": 0.2}).embedding_texts(call, context)
    assert set(off) < set(on)
    assert any(t.startswith("So if I heard you right") for t in on)


# Issue 16: a candidate ``_finding`` turns down before reading its grounding or the head (an
# uncued echo, lead or recap that ties nothing back with "So", an uncued recap of one turn)
# is not announced for the head to read. Invented bakery lines.
BAKERY = [
    ("Rep", "How do the ovens get scheduled at the moment?"),
    ("Prospect", "Our bakers throw away about forty loaves every night because the ovens "
                 "run on a fixed schedule."),
    ("Rep", "And what happens on the weekend?"),
    ("Prospect", "Weekends are worse, the Saturday batch goes stale before noon and the shop "
                 "manager counts the waste by hand."),
]  # fmt: skip
BAKERY_ECHO = (
    "forty loaves binned every night from the fixed oven schedule, stale Saturday batches "
    "before noon, and the waste counted by hand."
)


def test_a_candidate_turned_down_before_any_vector_is_not_announced() -> None:
    plain = "Right. " + BAKERY_ECHO[0].upper() + BAKERY_ECHO[1:]
    call = make_call([*BAKERY, ("Rep", plain)])
    context = DetectionContext(roles=ROLES)
    span = plain.removeprefix("Right. ")
    # the echo is a candidate either way; without a "So" it can be no summary (1.8.5)
    assert span not in SummarizeDetector().embedding_texts(call, context)
    assert span in SummarizeDetector(uncued_so_only=False).embedding_texts(call, context)
    tied = "Right, so " + BAKERY_ECHO
    assert "so " + BAKERY_ECHO in SummarizeDetector().embedding_texts(
        make_call([*BAKERY, ("Rep", tied)]), context
    )
    # what the detector reads is still all announced, and the echo is no finding
    recorder = RecordingEmbedder()
    found = SummarizeDetector().detect(call, DetectionContext(roles=ROLES, embedder=recorder))
    assert recorder.texts
    assert set(recorder.texts) <= set(SummarizeDetector().embedding_texts(call, context))
    assert not [f for f in found if f.attributes.get("cue") == "echo"]


# summarize 1.8: whose words a playback repeats. Each content word is owned by whoever said
# it first in the call; a playback repeats mostly the prospect's words, a pitch recap the
# rep's own (all lines invented).

ROUTES_DEMO = [
    ("Rep", "So our planner rebuilds the schedule overnight, the driver app flags sick "
            "calls, and the tracking page shows customers a live arrival window."),
    ("Prospect", "Our dispatchers spend about two hours every morning rebuilding the route "
                 "plan by hand, and when a driver calls in sick the whole thing falls apart."),
    ("Rep", "And the complaints?"),
    ("Prospect", "Customers get angry because the arrival windows are wrong, maybe ten "
                 "complaints a week."),
]  # fmt: skip


def test_a_recap_of_the_reps_own_words_is_not_a_summary_1_8() -> None:
    pitch = (
        "So to recap: the planner rebuilds the schedule overnight, the driver app flags sick "
        "calls, the tracking page shows a live arrival window, everything in one place."
    )
    found = _detect([*ROUTES_DEMO, ("Rep", pitch)])
    [recap] = [f for f in found if f.evidence[0].utterance_id == "u0004"]
    assert recap.label == "reflection"
    assert recap.attributes["rep_words"] > recap.attributes["prospect_words"]


def test_a_playback_of_the_prospects_words_stays_a_summary_1_8() -> None:
    playback = (
        "So to recap: your dispatchers rebuild the route plan by hand for two hours every "
        "morning, a driver calling in sick breaks it, and the wrong arrival windows bring "
        "about ten complaints a week."
    )
    found = _detect([*ROUTES_DEMO, ("Rep", playback)])
    [summary] = [f for f in found if f.evidence[0].utterance_id == "u0004"]
    assert summary.label == "summarize"
    assert summary.attributes["prospect_words"] > summary.attributes["rep_words"]


def test_an_uncued_recap_in_the_reps_words_is_not_a_summary_1_8() -> None:
    """An uncued multi-point turn about "you" that covers the prospect's turns but is mostly
    new or the rep's words (an offer with a figure) is no recap."""
    offer = (
        "So for your dispatchers, with the planner, the driver app and the tracking page, "
        "you'd be looking at roughly nine hundred a month, and the arrival windows module is "
        "extra, sixty a van."
    )
    found = _detect([*ROUTES_DEMO, ("Rep", offer)])
    assert not [f for f in found if f.label == "summarize"]


def test_pointing_at_what_another_buyer_said_is_a_summary_1_8() -> None:
    roles = RoleAssignment(
        roles={"Rep": "rep", "Prospect": "prospect", "Manager": "prospect"},
        confidence=1.0,
        method="x",
    )
    lines = [
        *ROUTES,
        ("Manager", "I just need the complaints down before the grocery contract renews."),
        ("Rep", "From what Dana said, the route plan gets rebuilt by hand every morning and "
                "the wrong arrival windows drive the complaints."),
        ("Rep", "Like I said before, our planner does that overnight."),
    ]  # fmt: skip
    context = DetectionContext(roles=roles, embedder=default_embedder())
    found = SummarizeDetector().detect(make_call(lines), context)
    assert [f.label for f in found if f.evidence[0].utterance_id == "u0004"] == ["summarize"]
    assert not [
        f for f in found if f.evidence[0].utterance_id == "u0005" and f.label == "summarize"
    ]


def test_an_uncued_echo_needs_the_head_1_8() -> None:
    """Uncued echoes of several prospect turns are candidates only with ``head_add`` on, and
    then summaries only when the head scores them that high."""
    echo = (
        "Okay. Two hours of route rebuilding every morning by hand, sick drivers breaking "
        "the plan, and ten complaints a week from wrong arrival windows."
    )
    lines = [*ROUTES, ("Rep", echo)]
    off = _detect(lines, **PRE_1_8_5, echo_min_prospect=0.0)
    assert not [f for f in off if f.attributes.get("cue") == "echo"]
    on = _detect(lines, **{**PRE_1_8_5, "echo_min_prospect": 0.3, "head_add": 0.0})
    assert [f.attributes["cue"] for f in on if f.evidence[0].utterance_id == "u0003"] == ["echo"]
    never = _detect(lines, **{**PRE_1_8_5, "echo_min_prospect": 0.3, "head_add": 1.0})
    assert not [f for f in never if f.attributes.get("cue") == "echo"]


def test_a_playback_before_the_reps_offer_is_a_lead_candidate_1_9() -> None:
    """The sentences that play the prospect back before the rep moves on to their own
    offer or a question are a ``lead`` candidate (the whole turn is no echo: it says "we"),
    only with ``lead_min_prospect`` on, and a summary only when the head confirms it."""
    lead = (
        "Okay. So every morning your dispatchers lose two hours rebuilding the route plan by "
        "hand, a sick driver breaks the whole plan, and wrong arrival windows bring you ten "
        "complaints a week. What we'd do first is rebuild the plan overnight. Would that help?"
    )
    lines = [*ROUTES, ("Rep", lead)]
    off = _detect(lines, **PRE_1_8_5)
    assert not [f for f in off if f.attributes.get("cue") == "lead"]
    on = _detect(lines, **{**PRE_1_8_5, "lead_min_prospect": 0.5, "head_lead": 0.0})
    found = [f for f in on if f.evidence[0].utterance_id == "u0003"]
    assert [f.attributes["cue"] for f in found] == ["lead"]
    quote = lead[found[0].evidence[0].char_start : found[0].evidence[0].char_end]
    assert quote.startswith("So every morning") and quote.endswith("complaints a week.")
    never = _detect(lines, **{**PRE_1_8_5, "lead_min_prospect": 0.5, "head_lead": 1.0})
    assert not [f for f in never if f.attributes.get("cue") == "lead"]


def test_a_pitch_is_no_lead_1_9() -> None:
    """A lead must repeat the prospect's words: the rep's own feature list proposes nothing,
    and neither does a playback sentence too short to be a recap."""
    pitch = (
        "Right. The planner has a live map, a driver app with offline mode, and a customer "
        "tracking page with branded emails. Our team can set it up in a week."
    )
    short = "We can fix that. Two hours every morning by hand is a lot."
    for text in (pitch, short):
        params = {**PRE_1_8_5, "lead_min_prospect": 0.5, "head_lead": 0.0}
        found = _detect([*ROUTES, ("Rep", text)], **params)
        assert not [f for f in found if f.attributes.get("cue") == "lead"], text


def test_a_playback_after_the_reps_framing_sentence_is_a_lead_1_9() -> None:
    """The run of playback sentences after a framing sentence of the rep's ("before I say a
    word about us") and before a closing question is the lead."""
    text = (
        "Before we get to anything of ours, here is my list. Every morning two hours go on "
        "rebuilding the route plan by hand, and one sick driver breaks it. Wrong arrival "
        "windows cost you ten complaints a week. What have I left out?"
    )
    params = {**PRE_1_8_5, "lead_min_prospect": 0.5, "head_lead": 0.0}
    found = _detect([*ROUTES, ("Rep", text)], **params)
    leads = [f for f in found if f.attributes.get("cue") == "lead"]
    assert len(leads) == 1
    e = leads[0].evidence[0]
    assert text[e.char_start : e.char_end].startswith("Every morning")
    assert text[e.char_start : e.char_end].endswith("a week.")


def test_a_two_turn_head_reads_each_quote_with_the_turn_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A summarize head with pair features (lobo_summarize_head.py --features pair) is
    read with the other speaker's turn before each quote; every quote gets a score."""
    from callcoach.detectors import summarize
    from callcoach.nlp.heads import PAIR_FEATURES, EmbeddingHead

    seen: list[tuple[str, str]] = []

    class PairHead(EmbeddingHead):
        def pair_probabilities(
            self, contexts: Sequence[str], texts: Sequence[str], embedder: object
        ) -> NDArray[np.float64]:
            seen.extend(zip(contexts, texts, strict=True))
            return np.full(len(texts), 0.9)

    head = PairHead(
        "summarize", np.zeros(3 * 384, dtype=np.float32), 0.0, 0.5, {"features": PAIR_FEATURES}
    )
    monkeypatch.setattr(summarize, "load_head", lambda name: head)
    found = _detect(LINES, **{**HEAD_OFF, "head_demote": 0.2})
    read = [f for f in found if "head" in f.attributes]
    assert read and all(f.attributes["head"] == 0.9 for f in read)
    by_text = {u.text: u for u in make_call(LINES).utterances}
    prospect_turns = {t for s, t in LINES if s == "Prospect"}
    assert seen and all(context in prospect_turns for context, _ in seen)
    assert all(text not in by_text or by_text[text].speaker == "Rep" for _, text in seen)


@pytest.mark.parametrize(
    "turn",
    [
        "Based on what you've told me, here's what I'd recommend, and nothing more. First, the "
        "overnight planner, because your dispatchers rebuild the route plan by hand every "
        "morning. Second, live arrival windows, because wrong windows bring ten complaints a "
        "week.",
        "Going by what you've told me, I'd suggest the overnight planner for the two hours of "
        "route rebuilding every morning, and live arrival windows for the ten complaints a week.",
        "Given what you've described, my recommendation is the planner for the morning route "
        "rebuilding and the tracking page for the arrival window complaints.",
    ],
)
def test_a_recommendation_led_in_by_the_buyers_words_is_not_a_summary_1_8_2(turn: str) -> None:
    """A sentence that proposes ("based on what you've told me, I'd recommend…") points at
    the buyer's words to introduce the rep's advice; it plays nothing back."""
    found = _detect([*ROUTES, ("Rep", turn)])
    assert not [
        f for f in found if f.evidence[0].utterance_id == "u0003" and f.label == "summarize"
    ]


def test_a_playback_quote_ends_where_the_rep_starts_proposing_1_8_2() -> None:
    turn = (
        "Let me play back what I heard. Your dispatchers rebuild the route plan by hand every "
        "morning, and a sick driver breaks it. So here's what I'd recommend: the planner first."
    )
    found = _detect([*ROUTES, ("Rep", turn)])
    [summary] = [f for f in found if f.evidence[0].utterance_id == "u0003"]
    assert summary.label == "summarize"
    assert "sick driver breaks it" in summary.evidence[0].quote
    assert "recommend" not in summary.evidence[0].quote


# An invented bakery-supply call: the rep's second-to-last turn restates, uncued and inside a
# turn that also asks, what the buyer said two turns earlier; the last turn quotes a price.
FLOUR = [
    ("Rep", "Thanks for the time today, Priya."),
    ("Prospect", "Our flour deliveries arrive late twice a week and the night bakers sit idle."),
    ("Rep", "How long do they wait?"),
    ("Prospect", "Usually about three hours, and we throw out dough that overproofs."),
    (
        "Rep",
        "Okay. The flour deliveries arrive late twice a week and the night bakers sit idle "
        "for three hours. What happens to the morning orders then?",
    ),
    ("Prospect", "Some cafes get their bread after opening."),
    ("Rep", "Our plan is forty pounds a month per site, with setup included."),
]


def test_uncued_restatement_read_from_the_dialogue_1_8_3() -> None:
    """``restate_min_similarity`` (off by default): a rep sentence that asks nothing, pitches
    nothing, is mostly the buyer's words and is close to a sentence the buyer said earlier is
    a summary without any cue; the question after it stays out of the quote, the price quote
    does not count."""
    off = _detect(FLOUR)
    assert not [f for f in off if f.attributes.get("cue") == "restate"]
    on = _detect(FLOUR, restate_min_similarity=0.5)
    restated = [f for f in on if f.attributes.get("cue") == "restate"]
    assert [f.label for f in restated] == ["summarize"]
    evidence = restated[0].evidence[0]
    text = FLOUR[4][1]
    quote = text[evidence.char_start : evidence.char_end]
    assert quote.startswith("The flour deliveries") and "?" not in quote
    assert restated[0].attributes["restates"][0].startswith("Our flour deliveries")
    price = make_call(FLOUR).utterances[-1].id
    assert not [f for f in on if f.evidence[0].utterance_id == price and f.label == "summarize"]


def test_restate_candidates_embed_nothing_when_off_1_8_3() -> None:
    """Off by default, the restate step proposes and embeds nothing (issue 16); on, its
    sentences and the buyer sentences they are compared with join the call's one pass."""
    call = make_call(FLOUR)
    context = DetectionContext(roles=ROLES, embedder=default_embedder())
    assert _restate_candidates(call, ROLES, RestateRules()) == []
    pending = _restate_candidates(call, ROLES, RestateRules(min_similarity=0.5))
    assert [p[0].id for p in pending] == [call.utterances[4].id]
    on = SummarizeDetector(restate_min_similarity=0.5).embedding_texts(call, context)
    assert set(_restate_texts(pending)) <= set(on)


def test_were_and_well_are_not_the_reps_we_1_8_3() -> None:
    """An uncued recap in the past tense or with "as well" plays the buyer back: "were" is
    not "we're" nor "well" "we'll" (before 1.8.3 either word ruled a recap out as the rep's
    own pitch); "we'll" with its apostrophe still does."""
    depots = [
        ("Rep", "Where does the time go today?"),
        ("Prospect", "We run six depots across the north and each one does its own paperwork."),
        ("Rep", "And the drivers?"),
        ("Prospect", "Our drivers are re-keying every docket by hand at the end of the shift."),
        ("Rep", "What about fuel?"),
        ("Prospect", "The fuel cards get reconciled late, usually a month behind the spend."),
    ]
    recap = (
        "So you've got six depots across the north, the drivers were re-keying every docket "
        "by hand, and the fuel cards get reconciled late as well."
    )
    found = _detect([*depots, ("Rep", recap)])
    assert [(f.label, f.attributes["cue"]) for f in found if f.label == "summarize"] == [
        ("summarize", "recap")
    ]
    pitch = recap.replace("as well.", "and we'll fix that.")
    assert not [f for f in _detect([*depots, ("Rep", pitch)]) if f.label == "summarize"]


def test_arithmetic_on_the_buyers_numbers_is_no_uncued_summary_1_8_4() -> None:
    """An uncued recap that works a number out of the buyer's numbers ("six depots at forty
    dockets a shift is two hundred and forty dockets") is the rep's calculation, not a
    playback; the same recap without the sum still counts, and the veto can be switched off
    (``uncued_math_veto``)."""
    depots = [
        ("Rep", "Where does the time go today?"),
        ("Prospect", "We run six depots across the north and each one does its own paperwork."),
        ("Rep", "And the drivers?"),
        ("Prospect", "Our drivers are re-keying forty dockets by hand at the end of every shift."),
        ("Rep", "What about fuel?"),
        ("Prospect", "The fuel cards get reconciled late, usually a month behind the spend."),
    ]
    recap = (
        "So you've got six depots across the north, the drivers re-key forty dockets by hand "
        "every shift, and the fuel cards get reconciled a month late."
    )
    found = _detect([*depots, ("Rep", recap)])
    assert [f.attributes["cue"] for f in found if f.label == "summarize"] == ["recap"]
    sums = (
        "So your six depots across the north at forty dockets a shift is two hundred and forty "
        "dockets a shift, all re-keyed by hand at the end of the shift, and your fuel cards get "
        "reconciled a month late."
    )
    assert not [f for f in _detect([*depots, ("Rep", sums)]) if f.label == "summarize"]
    kept = _detect([*depots, ("Rep", sums)], uncued_math_veto=False)
    assert [f.attributes["cue"] for f in kept if f.label == "summarize"] == ["recap"]


@pytest.mark.parametrize(
    ("sentence", "computes"),
    [
        ("Twelve vans at three hours a day is thirty-six hours of driving.", True),
        ("So with nine vans you're around eleven thousand a year.", False),
        ("Nine vans at twelve hundred each, so you're around eleven thousand a year.", True),
        ("You lost two thousand litres twice last winter.", False),
        ("The depot is two miles away and the drive is twenty minutes.", False),
    ],
)
def test_what_counts_as_arithmetic_1_8_4(sentence: str, computes: bool) -> None:
    from callcoach.detectors.summarize import _computes

    assert _computes(sentence) is computes


def test_a_plain_like_you_said_is_a_reference_cue_only_when_switched_on() -> None:
    """A plain "like you said" with no time word after it ("like you said, the kilns…")
    points at the buyer's words: a ``reference`` cue with ``plain_reference`` on (off as
    shipped); the rep's own "as I said" never is, and the cue still needs the buyer's words."""
    kilns = [
        ("Rep", "What slows the firing schedule down?"),
        ("Prospect", "Our kilns sit idle because the glaze orders arrive late every week."),
        ("Rep", "Who chases those?"),
        ("Prospect", "Nobody really, the studio manager finds out when the shelf is empty."),
    ]
    pointer = "Like you said, the kilns sit idle because the glaze orders arrive late."
    shipped = _detect([*kilns, ("Rep", pointer)])
    assert not [f for f in shipped if f.attributes.get("cue") == "reference"]
    found = _detect([*kilns, ("Rep", pointer)], plain_reference=True)
    assert [f.attributes["cue"] for f in found if f.label == "summarize"] == ["reference"]
    own = "As I said, our scheduler books the kilns around the glaze orders for you."
    mine = _detect([*kilns, ("Rep", own)], plain_reference=True)
    assert not [f for f in mine if f.attributes.get("cue") == "reference"]
    unrelated = "Like you said, pricing is the next thing to settle with finance this month."
    other = _detect([*kilns, ("Rep", unrelated)], plain_reference=True)
    assert not [f for f in other if f.label == "summarize"]


def test_an_announced_restatement_of_several_buyer_turns_can_be_a_summary() -> None:
    """An announced "let me make sure …" over three or more earlier buyer turns, mostly in
    the buyer's words, is a summary when ``explicit_min_covers`` is set (0, never, as
    shipped); a one-turn "it sounds like" is never promoted by it."""
    barn = [
        ("Rep", "How do you track the lambing at the moment?"),
        ("Prospect", "The ewes get checked by torch every night and the notes go on a whiteboard."),
        ("Rep", "And when something goes wrong?"),
        ("Prospect", "We lost nine lambs in one week because the whiteboard was wiped."),
        ("Rep", "Who else needs those notes?"),
        ("Prospect", "The vet wants the notes every Friday and I retype the whiteboard for her."),
    ]
    heard = (
        "Let me make sure I follow: the ewes get checked by torch every night and the notes "
        "live on a whiteboard that got wiped when you lost nine lambs and you retype the "
        "whiteboard for the vet every Friday."
    )
    shipped = _detect([*barn, ("Rep", heard)])
    assert not [f for f in shipped if f.label == "summarize"]
    found = _detect([*barn, ("Rep", heard)], explicit_min_covers=3)
    assert [f.attributes["cue"] for f in found if f.label == "summarize"] == ["explicit"]
    short = "It sounds like the vet wants those notes every Friday."
    one = _detect([*barn, ("Rep", short)], explicit_min_covers=3)
    assert [f.label for f in one] == [f.label for f in _detect([*barn, ("Rep", short)])]
    assert not [f for f in one if f.attributes.get("cue") == "explicit" and f.label == "summarize"]


def test_a_short_so_restatement_needs_a_switch_to_pass_a_lower_head() -> None:
    """``head_add_so`` (off as shipped: 1.01) lowers the head's bar only for a one-sentence
    echo of 15 words or fewer that opens with "So"; a longer echo keeps ``head_add``."""
    from callcoach.detectors.summarize import _SHORT_SO

    assert _SHORT_SO.match("So the kilns sit idle while the glaze orders run late.")
    assert not _SHORT_SO.match("So the kilns sit idle. And the glaze orders run late.")
    assert not _SHORT_SO.match("Also the kilns sit idle while the glaze orders run late.")
    shipped = SummarizeDetector()
    assert shipped.get_params()["head_add_so"] > 1.0


def test_a_short_lead_that_addresses_the_buyer_stop_37() -> None:
    """With ``lead_you`` a lead must be about the buyer: "So your dispatchers rebuild the
    route plan by hand." before the rep moves on is a lead; the same words said of the rep's
    side ("I rebuild …", "we rebuild …"), or with no "you" at all, propose none; a sentence
    of advice ends the run. Off as shipped (``lead_you`` False, ``lead_min_prospect`` 0)."""
    params = {
        **PRE_1_8_5,
        "lead_min_prospect": 0.5,
        "lead_min_words": 6,
        "lead_min_covers": 1,
        "echo_min_prospect": 0.0,
    }
    lead = "So your dispatchers rebuild the route plan by hand. What does that cost you?"
    found = _detect([*ROUTES, ("Rep", lead)], **{**params, "head_lead": 0.0}, lead_you=True)
    leads = [f for f in found if f.attributes.get("cue") == "lead"]
    assert len(leads) == 1
    assert leads[0].evidence[0].quote.endswith("route plan by hand.")
    assert SummarizeDetector().get_params()["lead_you"] is False
    for text in (
        "So I rebuild the route plan by hand. What does that cost you?",
        "So we rebuild the route plan by hand for clients. What does that cost?",
        "So the dispatchers rebuild the route plan by hand. What does it cost?",
        "Your dispatchers should stop rebuilding the route plan by hand. Want to see how?",
    ):
        found = _detect([*ROUTES, ("Rep", text)], **{**params, "head_lead": 0.0}, lead_you=True)
        assert not [f for f in found if f.attributes.get("cue") == "lead"], text


def test_a_so_sentence_that_restates_the_buyer_is_a_lead_stop_37() -> None:
    """With ``so_lead`` the first sentence of a rep turn that opens with "So" and restates
    the prospect is a lead for the head to confirm (tried before the echo); the general lead
    is then off, and "So I …", "So next …" or a "So …" question propose none. On as shipped
    since 1.8.5."""
    params = {**PRE_1_8_5, "lead_min_prospect": 0.3, "lead_min_words": 6, "lead_min_covers": 1}
    text = "So the dispatchers rebuild the whole route plan by hand every morning. Is that it?"
    pre = _detect([*ROUTES, ("Rep", text)], **PRE_1_8_5)
    assert not [f for f in pre if f.attributes.get("cue") == "lead"]
    found = _detect([*ROUTES, ("Rep", text)], **{**params, "head_lead": 0.0, "so_lead": True})
    leads = [f for f in found if f.attributes.get("cue") == "lead"]
    assert len(leads) == 1
    assert leads[0].evidence[0].quote.endswith("by hand every morning.")
    assert SummarizeDetector().get_params()["so_lead"] is True
    for other in (
        "So I rebuild the whole route plan by hand every morning for clients.",
        "So next we look at the route plan your dispatchers rebuild by hand.",
        "So do the dispatchers rebuild the whole route plan by hand every morning?",
    ):
        found = _detect([*ROUTES, ("Rep", other)], **{**params, "head_lead": 0.0, "so_lead": True})
        assert not [f for f in found if f.attributes.get("cue") == "lead"], other


def test_an_echo_in_the_reps_own_voice_is_no_candidate_with_the_own_veto_stop_37() -> None:
    """``echo_own_veto`` (off as shipped): an uncued echo that says "I", "we" or "our"
    is no echo candidate; the same echo without them stays one."""
    mine = (
        "Two hours every morning on the route plan by hand, I get it, and ten complaints a "
        "week about wrong arrival windows."
    )
    told = (
        "Two hours every morning on the route plan by hand, and ten complaints a week about "
        "wrong arrival windows."
    )
    for text, kept in ((mine, False), (told, True)):
        params = {**PRE_1_8_5, "head_add": 0.0}
        found = _detect([*ROUTES, ("Rep", text)], **params, echo_own_veto=True)
        echoes = [f for f in found if f.attributes.get("cue") == "echo"]
        assert bool(echoes) is kept, text


def test_an_uncued_summary_must_tie_back_with_so_1_8_5() -> None:
    """``uncued_so_only`` (1.8.5, on as shipped): an uncued echo is a candidate only when
    one of its sentences opens with "So" (after fillers such as "Okay,"); the same echo
    without it is no echo (with the switch off it is one). Cued playbacks are not touched."""
    params = {"head_add": 0.0, "echo_min_prospect": 0.3, "echo_min_words": 8}
    told = (
        "Two hours every morning on the route plan by hand, and ten complaints a week about "
        "wrong arrival windows."
    )
    for text, kept in ((told, False), ("Okay, so " + told[0].lower() + told[1:], True)):
        found = _detect([*ROUTES, ("Rep", text)], **params, uncued_so_only=True)
        echoes = [f.label for f in found if f.attributes.get("cue") in ("echo", "lead")]
        assert echoes == (["summarize"] if kept else []), text
        plain = _detect([*ROUTES, ("Rep", text)], **params, uncued_so_only=False, so_lead=False)
        assert [f.label for f in plain if f.attributes.get("cue") == "echo"] == ["summarize"]
    assert SummarizeDetector().get_params()["uncued_so_only"] is True
    cued = "Let me play back what I heard: two hours every morning on the route plan by hand."
    for so_only in (False, True):
        found = _detect([*ROUTES, ("Rep", cued)], uncued_so_only=so_only)
        assert [f.label for f in found if f.attributes.get("cue") == "playback"] == ["summarize"]


@pytest.mark.parametrize(
    ("sentence", "announced"),
    [
        ("So, I'll read your order back.", True),
        ("Great, I'll quickly read that back to you.", True),
        ("Can I read everything back before I book it?", True),
        ("We read it back to the driver at the end of each shift.", False),
        ("She read that back to the board last week.", False),
        ("The baker sent the bread back twice.", False),
    ],
)
def test_what_counts_as_an_announced_read_back(sentence: str, announced: bool) -> None:
    """``_READ_BACK`` (stop 39, ``read_back``): a read-back the rep offers, as the lexicon's
    announcements are ("let me", "I'll" …), never one told of."""
    from callcoach.detectors.summarize import _READ_BACK

    assert bool(_READ_BACK.search(sentence)) is announced


def test_an_order_read_back_is_a_summary_only_when_switched_on() -> None:
    """An announced order read-back mostly repeats what the rep said first (the items and
    their prices), so the echo veto makes it a reflection as shipped; with ``read_back`` on
    (measured at stop 39 and left off) it is a summary of the turns it covers, and "read the
    order back" is a playback cue too."""
    chairs = [
        (
            "Rep",
            "For a reading room that size I'd take the Linden oak chairs with the felt glides "
            "and the matching Linden study tables.",
        ),
        ("Prospect", "Okay, forty chairs then, and ten tables."),
        (
            "Rep",
            "The Linden chair is eighty-five, the study table three hundred and ten, and we "
            "deliver and assemble for a flat two hundred.",
        ),
        ("Prospect", "Good. Deliver it to the east wing, before the term starts."),
    ]
    back = (
        "Lovely. Let me read it back. Forty Linden oak chairs with felt glides at eighty-five, "
        "ten Linden study tables at three hundred and ten, delivered and assembled for two "
        "hundred, east wing, before the term starts."
    )
    shipped = _detect([*chairs, ("Rep", back)])
    assert [(f.label, f.attributes["cue"]) for f in shipped] == [("reflection", "playback")]
    found = _detect([*chairs, ("Rep", back)], read_back=True)
    assert [(f.label, f.attributes["cue"]) for f in found] == [("summarize", "playback")]
    assert found[0].evidence[0].quote.startswith("Let me read it back.")
    tulips = [
        ("Rep", "What do you need for the wedding on Saturday?"),
        ("Prospect", "Sixty bunches of white tulips and a dozen tall glass vases for the chapel."),
        ("Rep", "The tulips are four twenty a bunch and the vases are nine each."),
        ("Prospect", "Fine. They have to reach the chapel on Friday before nine in the morning."),
    ]
    order = (
        "Great. Let me read your order back now. Sixty bunches of white tulips at four twenty, "
        "twelve tall glass vases at nine, delivered to the chapel on Friday before nine. "
        "Anything I missed?"
    )
    assert not [f for f in _detect([*tulips, ("Rep", order)]) if f.label == "summarize"]
    cued = _detect([*tulips, ("Rep", order)], read_back=True)
    assert [f.attributes["cue"] for f in cued if f.label == "summarize"] == ["playback"]


KENNELS = [
    ("Rep", "Where does the day go wrong for the front desk?"),
    (
        "Prospect",
        "Owners phone all afternoon asking whether their dog has been walked, and the two "
        "receptionists stop checking guests in to go look at the kennel sheet.",
    ),
    ("Rep", "And the paperwork side?"),
    (
        "Prospect",
        "Vaccination records come in as photos on email, so every booking gets checked by "
        "hand, and last month we took in a puppy whose kennel cough shot had lapsed.",
    ),
]
KENNEL_RECAP = (
    "Owners phone all afternoon about walks, and both receptionists leave the desk to read "
    "the kennel sheet. Vaccination records arrive as email photos, each booking gets checked "
    "by hand, and a puppy with a lapsed kennel cough shot got through last month."
)


@pytest.mark.parametrize(
    ("frame", "framed"),
    [
        ("Before I show you anything, here's what I've noted down.", True),
        ("Let me give you back what I've got.", True),
        ("Can I check I have the picture?", True),
        ("Okay, what I'm hearing is this.", True),
        ("Here's what I'd suggest, and tell me if I'm wrong.", False),
        ("Thanks, that's really useful.", False),
    ],
)
def test_what_frames_an_uncued_recap_stop_40(frame: str, framed: bool) -> None:
    """``_framed`` (1.8.6): a sentence before the recap that offers to give back or check
    what the rep heard or noted; an invitation to correct a proposal frames nothing."""
    from callcoach.detectors.summarize import _framed

    text = f"{frame} {KENNEL_RECAP}"
    assert _framed(text, len(frame) + 1) is framed


def test_a_framed_uncued_recap_is_a_summary_without_a_so_1_8_6() -> None:
    """``framed_lead`` (1.8.6, on as shipped): a recap of several buyer turns with no "So"
    and no playback cue of its own is a summary when an earlier sentence of the turn frames
    it as a playback ("here's what I've noted down") and the head confirms it; its quote is
    the recap alone, without the frame or the closing question. The same recap without the
    frame, or with the switch off, falls to the "So" rule (no summary)."""
    text = (
        f"Before I show you anything, here's what I've noted down. {KENNEL_RECAP} What did I miss?"
    )
    found = _detect([*KENNELS, ("Rep", text)], head_framed=0.0)
    summaries = [f for f in found if f.label == "summarize"]
    assert [f.attributes["cue"] for f in summaries] == ["framed"]
    e = summaries[0].evidence[0]
    assert text[e.char_start : e.char_end] == KENNEL_RECAP
    assert set(summaries[0].attributes["covers"]) == {"u0001", "u0003"}
    off = _detect([*KENNELS, ("Rep", text)], framed_lead=False, head_framed=0.0)
    assert not [f for f in off if f.label == "summarize"]
    bare = _detect([*KENNELS, ("Rep", f"{KENNEL_RECAP} What did I miss?")], head_framed=0.0)
    assert not [f for f in bare if f.label == "summarize"]
    never = _detect([*KENNELS, ("Rep", text)], head_framed=1.0)
    assert not [f for f in never if f.attributes.get("cue") == "framed"]
    params = SummarizeDetector().get_params()
    assert params["framed_lead"] is True and params["framed_min_words"] == 20


def test_a_framed_proposal_or_a_short_framed_line_is_no_summary_1_8_6() -> None:
    """The framed run must repeat the buyer: the rep's own offer after a frame ("we'd put
    the sheet on a tablet") breaks the run, and a framed line under ``framed_min_words`` is
    too short to be a recap."""
    pitch = (
        "Let me give you back what I've got. We'd put the kennel sheet on a tablet at the desk, "
        "and our app texts owners a photo after every walk, so the phones go quiet."
    )
    short = "Let me give you back what I've got. Walks and vaccination photos, checked by hand."
    for text in (pitch, short):
        found = _detect([*KENNELS, ("Rep", text)], head_framed=0.0)
        assert not [f for f in found if f.attributes.get("cue") == "framed"], text


def test_a_longer_so_restatement_is_a_lead_only_under_a_wider_bound_stop_41() -> None:
    """``so_lead_max_words`` (stop 41, 20 as shipped): a "So …" restatement of 23 words
    before a question is a lead only when the bound lets a sentence that long through."""
    params = {
        **PRE_1_8_5,
        "lead_min_prospect": 0.3,
        "lead_min_words": 6,
        "lead_min_covers": 1,
        "head_lead": 0.0,
        "so_lead": True,
    }
    text = (
        "So your dispatchers spend two hours every morning rebuilding the route plan by hand, "
        "and a single sick call makes it fall apart. What does that cost you?"
    )
    assert SummarizeDetector().get_params()["so_lead_max_words"] == 20
    for bound, kept in ((20, False), (25, True)):
        found = _detect([*ROUTES, ("Rep", text)], **params, so_lead_max_words=bound)
        leads = [f for f in found if f.attributes.get("cue") == "lead"]
        assert bool(leads) is kept, bound
    found = _detect([*ROUTES, ("Rep", text)], **params, so_lead_max_words=25)
    quote = next(f for f in found if f.attributes.get("cue") == "lead").evidence[0].quote
    assert quote.endswith("fall apart.")


KILNS = [
    ("Rep", "Thanks for making time, the proposal is ready to go through."),
    ("Prospect", "Sure, go ahead, the firing schedule is what worries us most."),
    (
        "Rep",
        "Before our proposal, let me play back what we heard at the site visit: the kilns run "
        "half empty on Mondays, glaze orders arrive late from the supplier, and nobody tracks "
        "breakage.",
    ),
]


def test_an_announced_playback_of_a_visit_with_one_rep_word_stop_41() -> None:
    """``echo_min_rep`` (stop 41, 0 as shipped): an announced playback of an earlier visit
    repeats no word of this call's buyer, and one word the rep said first ("proposal") makes
    the echo veto read it as the rep's own recap, a reflection; with the veto asking for a
    tenth of its words the rep's first it is a summary of the earlier meeting."""
    assert SummarizeDetector().get_params()["echo_min_rep"] == 0.0
    for share, label in ((0.0, "reflection"), (0.1, "summarize")):
        found = _detect(KILNS, head_demote=0.0, echo_min_rep=share)
        playbacks = [f for f in found if f.attributes.get("cue") == "playback"]
        assert [f.label for f in playbacks] == [label], share
        assert playbacks[0].attributes["prospect_words"] == 0.0
        assert 0.0 < playbacks[0].attributes["rep_words"] < 0.1


PRESSES = [
    ("Rep", "Morning, thanks for fitting this in before the shift change."),
    (
        "Prospect",
        "Happy to. Honestly the presses sit idle most Tuesdays, and the ink distributor keeps "
        "shipping late.",
    ),
    ("Rep", "Got it. And the spoilage, roughly where does that land?"),
    ("Prospect", "Spoilage runs near eight percent whenever the rush jobs stack up."),
]


def test_a_closing_summary_check_announces_the_recap_before_it_stop_42() -> None:
    """``summary_check`` (stop 42, off as shipped): a turn whose first cue is a closing "Is
    that a fair picture?" plays back the sentences before it; with the switch the playback
    is quoted from the turn's start to the check and, covering the buyer's turns, is a
    summary; without it only the check is a cue."""
    recap = (
        "Before anything else. Your presses sit idle on Tuesdays, the ink distributor ships "
        "late, and spoilage climbs to eight percent when rush jobs stack up. "
        "Is that a fair picture?"
    )
    assert SummarizeDetector().get_params()["summary_check"] is False
    on = _detect([*PRESSES, ("Rep", recap)], head_demote=0.0, summary_check=True)
    summaries = [f for f in on if f.label == "summarize"]
    assert [f.attributes["cue"] for f in summaries] == ["playback"]
    quote = summaries[0].evidence[0].quote
    assert quote.startswith("Before anything else.") and quote.endswith("stack up.")
    assert summaries[0].attributes["covers"]
    off = _detect([*PRESSES, ("Rep", recap)], head_demote=0.0)
    assert not any(f.evidence[0].quote.startswith("Before anything") for f in off)


def test_a_summary_check_after_the_reps_own_pitch_is_no_summary_stop_42() -> None:
    """A closing "fair summary?" after the rep's recap of the rep's own product is the rep's
    pitch played back: the echo veto makes it a reflection; a check that opens the turn is
    the plain reference cue it always was, quoted from itself to the turn's end."""
    lines = [
        *PRESSES,
        (
            "Rep",
            "Our scheduler books every press slot, the reorder module buys ink on a timer, and "
            "the dashboard charts waste by shift.",
        ),
        ("Prospect", "Okay."),
        (
            "Rep",
            "So the scheduler books every press slot, the reorder module buys ink on a timer, "
            "and the dashboard charts waste by shift. Is that a fair summary?",
        ),
    ]
    found = _detect(lines, head_demote=0.0, summary_check=True)
    assert not [
        f for f in found if f.label == "summarize" and f.evidence[0].utterance_id == "u0006"
    ]
    first = "Is that a fair picture? Your presses sit idle on Tuesdays and the ink ships late."
    found = _detect([*PRESSES, ("Rep", first)], head_demote=0.0, summary_check=True)
    assert [(f.attributes["cue"], f.evidence[0].quote[:23]) for f in found] == [
        ("reference", "Is that a fair picture?")
    ]


ORCHARD = [
    ("Rep", "Thanks both, the quote is in your inbox and we can walk through it after."),
    ("Prospect", "Good, the bruising numbers are what the board will ask about."),
    (
        "Rep",
        "Before the quote, let me play back what we heard on the packhouse tour: the graders "
        "sort by hand on the night shift, the cold store alarms go to a pager nobody carries, "
        "and export rejects doubled last season.",
    ),
]


def test_an_announced_playback_of_an_earlier_tour_is_spared_the_echo_veto_stop_42() -> None:
    """``earlier_max_rep`` (stop 42, 0 as shipped): an announced playback that covers no
    turn of this call repeats no word of this buyer's, and one word the rep said first
    ("quote") makes the echo veto read it as the rep's own recap; spared under a tenth of
    its words the rep's, it is a summary of the earlier meeting."""
    assert SummarizeDetector().get_params()["earlier_max_rep"] == 0.0
    for share, label in ((0.0, "reflection"), (0.1, "summarize")):
        found = _detect(ORCHARD, head_demote=0.0, earlier_max_rep=share)
        playbacks = [f for f in found if f.attributes.get("cue") == "playback"]
        assert [f.label for f in playbacks] == [label], share
        assert not playbacks[0].attributes["covers"]
        assert 0.0 < playbacks[0].attributes["rep_words"] < 0.1
