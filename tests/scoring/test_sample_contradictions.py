"""The bundled sample calls carry none of the contradictions reported in issue 9.

Each test holds one contradiction a sales manager saw in the sample reports. Those the
scoring layer controls must pass; those that need a detector fix are marked
``xfail(strict=False)`` with the detector's owner, so they flip to passing when it lands.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pytest
import yaml

import callcoach
from callcoach.api import Analysis
from callcoach.manifest import load_manifest
from callcoach.model import Call, Evidence, Finding, Metric, RoleAssignment
from callcoach.roster import load_roster
from callcoach.scoring import load_rubric, score_call
from callcoach.testing import make_call
from tests.conftest import EXAMPLES

ENTRIES = [
    e
    for e in yaml.safe_load((EXAMPLES / "manifest.yaml").read_text(encoding="utf-8"))["calls"]
    if not str(e["file"]).endswith(".whisper.json")  # no speakers: nothing is scored
]
_WORD = re.compile(r"[\w']+")
FILLERS = {"so", "um", "uh", "yeah", "okay", "oh", "well", "and", "but", "right", "like"}


def _analyse(file: str) -> Analysis:
    path = EXAMPLES / file
    info = load_manifest(EXAMPLES / "manifest.yaml").for_file(path)
    assert info is not None
    call = callcoach.load_call(path, call_date=info.date, speaker_names=info.speaker_labels)
    # As a user runs it: the call type is guessed, not given.
    return callcoach.analyze(
        call, roster=load_roster(EXAMPLES / "team.yaml"), rubric="expert-not-friend"
    )


@pytest.fixture(scope="module")
def samples() -> dict[str, tuple[str, Analysis]]:
    return {str(e["file"]): (str(e["style"]), _analyse(str(e["file"]))) for e in ENTRIES}


def _spans(findings: Sequence[Finding]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for f in findings:
        for e in f.evidence:
            out.setdefault(e.utterance_id, []).append((e.char_start, e.char_end or 10**9))
    return out


def _inside(e: Evidence, spans: Mapping[str, list[tuple[int, int]]]) -> bool:
    end = e.char_end or 10**9
    return any(s < end and e.char_start < t for s, t in spans.get(e.utterance_id, ()))


def _content_words(text: str) -> int:
    return sum(w not in FILLERS for w in _WORD.findall(text.casefold()))


# ---- the scoring layer controls these ----


def test_strengths_are_never_evidenced_by_small_talk(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (_, a) in samples.items():
        card = a.scorecard
        assert card is not None
        small_talk = _spans(a.findings.get("small_talk", ()))
        for strength in card.strengths:
            criterion = card.criterion(strength)
            assert criterion.score is not None and criterion.score >= 4, (file, strength)
            assert criterion.evidence, (file, strength)
            chatty = [e.quote for e in criterion.evidence if _inside(e, small_talk)]
            if strength == "discovery":
                assert not chatty, (file, chatty)


def test_discovery_evidence_is_the_reps_business_questions_only(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        discovery = a.scorecard.criterion("discovery")
        personal = _spans(
            [f for f in a.findings.get("question_topic", ()) if f.label != "business"]
        )
        for e in discovery.evidence:
            assert a.roles.role_of(e.speaker) == "rep", (file, e.quote)
            assert not _inside(e, personal), (file, e.quote)
            assert _content_words(e.quote) >= 5, (file, e.quote)  # no "Sound good?", "See?"


def test_strong_discovery_questions_are_open_business_questions(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    checkins = {"sound good?", "see?", "how are you today?", "would you want to see a demo?"}
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        opened = _spans([f for f in a.findings.get("question_type", ()) if f.label == "open"])
        for moment in a.scorecard.key_moments:
            if moment.kind != "best_question":
                continue
            quote = moment.evidence.quote
            assert quote.casefold() not in checkins, (file, quote)
            assert _inside(moment.evidence, opened), (file, quote)
            assert _content_words(quote) >= 5, (file, quote)


def test_a_small_talk_tip_quotes_small_talk(samples: dict[str, tuple[str, Analysis]]) -> None:
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        tip = a.scorecard.criterion("discovery").tip or ""
        if "which is small talk" not in tip:
            continue
        quote = tip.split("“", 1)[1].split("”", 1)[0]
        chatter = " ".join(e.quote for f in a.findings.get("small_talk", ()) for e in f.evidence)
        assert quote in chatter, (file, quote)


def test_the_expert_sample_is_never_told_a_business_question_is_small_talk(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    _, a = samples["01-northwind-discovery-expert.vtt"]
    assert a.scorecard is not None
    for criterion in a.scorecard.criteria:
        assert "date that matters" not in (criterion.tip or ""), criterion.id


def test_no_recommendation_4_without_discovery_or_stated_needs(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        rec = a.scorecard.criterion("recommendation")
        values = {m.id: m.value for m in rec.measures}
        if (values["discovery_questions"] or 0) < 2 or not values["needs_stated"]:
            assert rec.score is not None and rec.score <= 2, (file, rec.derivation)


def test_a_recommendation_4_never_sits_next_to_0_percent_of_needs_covered(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    # The negotiation sample said "your recommendation covered 0% of their needs" under a 4.
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        rec = a.scorecard.criterion("recommendation")
        covered = next(m for m in rec.measures if m.id == "needs_covered")
        if rec.score is not None and rec.score >= 4:
            assert covered.value, (file, rec.derivation)


def test_friend_and_expert_samples_are_far_apart(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    overall = {
        f: (s, a.scorecard.overall if a.scorecard else None) for f, (s, a) in samples.items()
    }
    friends = [v for s, v in overall.values() if s == "friend" and v is not None]
    experts = [v for s, v in overall.values() if s == "expert" and v is not None]
    assert max(friends) <= 2.5, overall
    assert min(experts) >= 3.0, overall
    assert min(experts) - max(friends) >= 1.5, overall


LINES = [("Rep", "Thanks for making the time."), ("Prospect", "Sure, glad to.")]
ROLES = RoleAssignment({"Rep": "rep", "Prospect": "prospect"}, 1.0, "explicit")


def _listening(call: Call, talk: float, call_type: str | None) -> tuple[int | None, str]:
    metric = Metric("talk_ratio_time", talk, "%", "rep share of talk time")
    # A timed call: its longest monologue is known (an untimed one caps listening at 4).
    monologue = Metric("longest_monologue", 30.0, "s", "longest rep monologue")
    card = score_call(
        load_rubric("expert-not-friend"), call, ROLES, (metric, monologue), {}, call_type
    )
    return card.criterion("listening").score, card.call_type_reason


def test_a_rep_who_talks_little_is_not_scored_as_a_bad_listener() -> None:
    call = make_call(LINES)
    for call_type in ("discovery", "demo"):
        score, _ = _listening(call, 24.0, call_type)
        assert score is not None and score >= 4, call_type


def test_demo_targets_are_not_applied_to_a_low_confidence_guess() -> None:
    # Demo and discovery cues nearly balanced: "demo" wins, but only as a guess.
    call = make_call(
        [
            ("Rep", "Let me show you the main page. Tell me about your week."),
            ("Prospect", "Busy."),
            ("Rep", "You can see here the totals. Walk me through your week."),
            ("Prospect", "Sure."),
            ("Rep", "Noted."),
            ("Prospect", "Okay."),
            ("Rep", "Click here to save."),
            ("Prospect", "Fine."),
            ("Rep", "Thanks."),
        ]
    )
    score, reason = _listening(call, 66.0, None)
    assert "default targets" in reason
    given, _ = _listening(call, 66.0, "demo")
    assert score is not None and given is not None and score < given
    # The scorecard's listening evidence says which targets were used.
    card = score_call(
        load_rubric("expert-not-friend"),
        call,
        ROLES,
        (Metric("talk_ratio_time", 66.0, "%", "rep share of talk time"),),
        {},
    )
    derivation = card.criterion("listening").derivation
    assert "target 43–55%" in derivation and "targets for any call type" in derivation


def test_without_a_confident_call_type_the_talk_target_suits_every_type() -> None:
    # 50% is right for a demo and near enough for discovery: no penalty while the type is
    # unknown; a call given as discovery is held to 43%.
    call = make_call(LINES)
    unknown, _ = _listening(call, 50.0, None)
    discovery, _ = _listening(call, 50.0, "discovery")
    assert unknown == 5 and discovery is not None and discovery < 5


_PROPOSES = re.compile(r"\b(?:i|we)(?:'d| would)? (?:recommend|suggest|propose)\b", re.I)


def test_a_recommendation_lead_in_is_never_summary_evidence(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    # "Based on what you've told me, here's what I'd recommend…" proposes; it plays nothing
    # back (summarize 1.8.2; the invented cases are in tests/detectors/test_summarize.py).
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        for e in a.scorecard.criterion("summarize").evidence:
            assert not _PROPOSES.search(e.quote), (file, e.quote)
        for f in a.findings.get("summarize", ()):
            if f.label == "summarize":
                assert not _PROPOSES.search(f.evidence[0].quote), (file, f.evidence[0].quote)


def test_the_listening_card_quotes_only_follow_up_questions(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    # Its quotes carry no label, so they are the behaviour it praises (questions that pick
    # up the prospect's words), never the longest monologue, the rep's longest turns or an
    # interruption (those are quoted, labelled, under findings and conversation metrics).
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        listening = a.scorecard.criterion("listening")
        follow_ups = next(m for m in listening.measures if m.id == "follow_ups")
        asked = {(e.utterance_id, e.char_start) for e in follow_ups.evidence}
        faults = {
            (e.utterance_id, e.char_start)
            for m in listening.measures
            if m.id in {"talk_ratio", "monologue", "interruptions"}
            for e in m.evidence
        }
        for e in listening.evidence:
            assert (e.utterance_id, e.char_start) in asked, (file, e.quote)
            assert (e.utterance_id, e.char_start) not in faults or e.quote.endswith("?"), file


def test_no_card_quotes_a_fault_as_its_evidence() -> None:
    # An interruption and a feature nobody asked for are counted against the rep: they are
    # not shown as the evidence of "Truly listen" or "Recommend what they said they need".
    call = make_call(
        [
            ("Prospect", "Our month-end close takes six days because approvals sit in email."),
            ("Rep", "What slows the approvals down the most?"),
            ("Prospect", "The CFO travels, so approvals wait for her."),
        ]
    )
    rep = next(u for u in call.utterances if u.speaker == "Rep")
    cut = Finding("listening", "1", "interruption", 0.8, (Evidence.of(rep),))
    pitch = Finding(
        "needs_coverage", "1", "recommendation", 0.8, (Evidence.of(rep),), {}, {"unrequested": True}
    )
    card = score_call(
        load_rubric("expert-not-friend"),
        call,
        ROLES,
        (Metric("talk_ratio_time", 45.0, "%", "rep share", evidence=(Evidence.of(rep),)),),
        {"listening": [cut], "needs_coverage": [pitch], "question": []},
        "discovery",
    )
    assert not card.criterion("listening").evidence
    assert not card.criterion("recommendation").evidence


def _talk_tip(call: Call, talk: float, call_type: str | None) -> str | None:
    metric = Metric("talk_ratio_time", talk, "%", "rep share of talk time")
    monologue = Metric("longest_monologue", 30.0, "s", "longest rep monologue")
    card = score_call(
        load_rubric("expert-not-friend"), call, ROLES, (metric, monologue), {}, call_type
    )
    return card.criterion("listening").to_improve


DEMO_CUES = [
    ("Rep", "Let me share my screen and show you the dashboard."),
    ("Prospect", "Sure."),
    ("Rep", "You can see here the totals, and if I click here it opens the detail. Let me "
            "show you the report builder."),
    ("Prospect", "Okay, nice."),
    ("Rep", "Here on the screen you can see the demo data. Let me walk you through the "
            "approval screen."),
    ("Prospect", "Looks clean."),
    ("Rep", "And this is the mobile view, let me show you how it looks on a phone."),
    ("Prospect", "Good."),
]  # fmt: skip


def test_the_talk_share_tip_names_one_band_and_the_call_type_it_is_for() -> None:
    # Not "53% (target 43%)": one band to aim for, that of the call type scored; a guessed
    # type says it is a guess; without a confident type the band suits any call type.
    call = make_call(LINES)
    given = _talk_tip(call, 62.0, "discovery")
    assert given == "Rep share of talk time: 62% now — aim for about 38–48% for a discovery call."
    unknown = _talk_tip(call, 75.0, None)
    assert unknown is not None and "38–60%" in unknown and "not known" in unknown
    guessed = _talk_tip(make_call(DEMO_CUES), 75.0, None)
    assert guessed is not None and "48–62% for a demo call" in guessed
    assert "guess" in guessed
    for tip in (given, unknown, guessed):
        assert "target" not in tip and "bring it" not in tip


def test_the_samples_talk_share_tips_read_as_one_band(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        for c in a.scorecard.criteria:
            for text in (c.to_improve or "", c.tip or ""):
                assert "(target " not in text, (file, c.id, text)
                assert "57% of the time" not in text, (file, c.id, text)


# ---- these need detector fixes (owners in the reason) ----


def test_check_ins_and_offers_are_not_business_questions(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    bad = {"how are you today?", "would you want to see a demo?", "sound good?", "see?"}
    for file, (_, a) in samples.items():
        business = [f for f in a.findings.get("question_topic", ()) if f.label == "business"]
        for f in business:
            assert f.evidence[0].quote.casefold() not in bad, (file, f.evidence[0].quote)


def test_a_past_event_is_not_a_stall_and_the_probed_stall_scores_5(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    _, a = samples["01-northwind-discovery-expert.vtt"]
    quotes = [e.quote for f in a.findings.get("stall", ()) for e in f.evidence]
    assert not any("pushed to next year" in q for q in quotes), quotes
    assert a.scorecard is not None and a.scorecard.criterion("stalls").score == 5


def test_the_length_of_the_meeting_is_not_quantified_pain(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (_, a) in samples.items():
        for f in a.findings.get("quantified_pain", ()):
            quote = f.evidence[0].quote
            assert "minutes we booked" not in quote and "thirty minutes on your" not in quote, (
                file,
                quote,
            )


def test_friend_samples_do_not_close_on_a_concrete_next_step(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    for file, (style, a) in samples.items():
        if style == "friend":
            assert a.scorecard is not None
            assert (a.scorecard.criterion("next_step").score or 0) <= 2, file


def test_accepting_a_stall_is_not_a_summary(samples: dict[str, tuple[str, Analysis]]) -> None:
    for file, (style, a) in samples.items():
        if style == "friend":
            assert a.scorecard is not None
            assert (a.scorecard.criterion("summarize").score or 0) <= 2, file


def test_the_recommendation_card_quotes_no_stated_need(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    # The expert sample's "Recommend what they said they need" card listed the buyer's
    # stated needs, unlabelled, as if they were the rep's recommendations (rubric 2.7.2:
    # the needs stay, labelled "stated need", under the findings).
    for file, (_, a) in samples.items():
        assert a.scorecard is not None
        needs = _spans([f for f in a.findings.get("needs_coverage", ()) if f.label == "need"])
        rec = a.scorecard.criterion("recommendation")
        assert not any(_inside(e, needs) for e in rec.evidence), file
        assert all(e.speaker in a.roles.reps for e in rec.evidence), file


def test_a_card_quotes_a_recommendation_tied_to_a_need_not_the_need() -> None:
    call = make_call(
        [
            ("Prospect", "Our drivers re-key every delivery docket by hand at the depot."),
            ("Rep", "I'd recommend the docket scanner, so nobody re-keys a docket again."),
        ]
    )
    need_u, rec_u = call.utterances
    need = Finding(
        "needs_coverage", "1", "need", 0.9, (Evidence.of(need_u),), {}, {"covered": True}
    )
    rec = Finding(
        "needs_coverage", "1", "recommendation", 0.9, (Evidence.of(rec_u),), {},
        {"unrequested": False},
    )  # fmt: skip
    card = score_call(
        load_rubric("expert-not-friend"),
        call,
        ROLES,
        (),
        {"needs_coverage": [need, rec]},
        "discovery",
    )
    criterion = card.criterion("recommendation")
    assert [e.utterance_id for e in criterion.evidence] == [rec_u.id]
    covered = next(m for m in criterion.measures if m.id == "needs_covered")
    assert covered.value == 100.0


def test_the_expert_samples_recommendation_is_tied_to_their_needs(
    samples: dict[str, tuple[str, Analysis]],
) -> None:
    _, a = samples["01-northwind-discovery-expert.vtt"]
    assert a.scorecard is not None
    rec = a.scorecard.criterion("recommendation")
    values = {m.id: m.value for m in rec.measures}
    assert values["unrequested"] == 0, rec.derivation
    assert values["needs_covered"], rec.derivation
