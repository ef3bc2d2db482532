from __future__ import annotations

from collections.abc import Sequence

import pytest

from callcoach.metrics import NO_TIMESTAMPS, compute_metrics
from callcoach.model import Call, Evidence, Finding, Metric, RoleAssignment, Utterance
from callcoach.roles import resolve_roles

Row = tuple[str | None, str, float | None, float | None]

# Rita (rep) and Paul (prospect); Paul speaks first. Hand-computed values in the tests.
ROWS: list[Row] = [
    ("Paul", "Hi, is this Dana?", 0.0, 5.0),  # 4 words
    ("Rita", "Yes, thanks for taking the time.", 5.5, 15.0),  # 6
    ("Paul", "Of course, happy to chat.", 16.0, 20.0),  # 5
    ("Rita", "Let me walk you through what we found.", 21.0, 40.0),  # 8
    ("Paul", "Mm-hm.", 40.0, 41.0),  # 2: a backchannel, does not break the monologue
    ("Rita", "So the first thing is the reporting delay.", 41.5, 70.0),  # 8
    ("Paul", "Wait, which report?", 70.0, 72.0),  # 3: breaks it
    ("Rita", "The monthly close report.", 72.5, 80.0),  # 4
    (
        "Paul",
        "Got it. Our close takes nine days and we lose a lot of time on reconciliations.",
        81.0,
        101.0,
    ),  # 16
    ("Rita", "Nine days?", 100.5, 105.0),  # 2, overlaps Paul by 0.5 s
    ("Paul", "Yes.", 105.0, 106.0),  # 1
    ("Rita", "That's long.", 106.5, 110.0),  # 2
]
ROLES = RoleAssignment({"Rita": "rep", "Paul": "prospect"}, 1.0, "explicit")


def make_call(rows: Sequence[Row]) -> Call:
    utterances = tuple(
        Utterance(f"u{i:04d}", i, speaker, text, start, end)
        for i, (speaker, text, start, end) in enumerate(rows)
    )
    return Call("test", "<test>", "text", utterances, ())


def untimed(rows: Sequence[Row]) -> list[Row]:
    return [(speaker, text, None, None) for speaker, text, _, _ in rows]


def metrics_of(call: Call, roles: RoleAssignment = ROLES, **kwargs: object) -> dict[str, Metric]:
    return {m.name: m for m in compute_metrics(call, roles, **kwargs)}  # type: ignore[arg-type]


def test_talk_ratio_by_time_and_by_words() -> None:
    m = metrics_of(make_call(ROWS))
    # rep: 9.5 + 19 + 28.5 + 7.5 + 4.5 + 3.5 = 72.5 s; prospect: 5+4+1+2+20+1 = 33 s
    assert m["talk_ratio_time"].value == pytest.approx(100 * 72.5 / 105.5, abs=0.05)
    assert m["talk_ratio_time"].unit == "%"
    assert m["talk_ratio_time"].details["seconds"] == {"Paul": 33.0, "Rita": 72.5}
    # rep words 6+8+8+4+2+2 = 30, prospect 4+5+2+3+16+1 = 31
    assert m["talk_ratio_words"].value == pytest.approx(100 * 30 / 61, abs=0.05)
    assert m["talk_ratio_words"].details["words"] == {"Paul": 31, "Rita": 30}


def test_longest_monologue_skips_backchannels_and_breaks_on_interjections() -> None:
    monologue = metrics_of(make_call(ROWS))["longest_monologue"]
    assert monologue.value == pytest.approx(49.0)  # 21.0 → 70.0, through Paul's "Mm-hm."
    assert monologue.details["utterance_ids"] == ["u0003", "u0005"]
    assert monologue.details["backchannel_ids"] == ["u0004"]
    assert (monologue.details["start"], monologue.details["end"]) == (21.0, 70.0)
    assert monologue.details["word_count"] == 16
    assert [e.utterance_id for e in monologue.evidence] == ["u0003", "u0005"]
    assert monologue.evidence[0].quote.startswith("Let me walk you")


def test_longest_customer_story_uses_the_same_rule() -> None:
    story = metrics_of(make_call(ROWS))["longest_customer_story"]
    # 81.0 → 106.0: Rita's two-word "Nine days?" does not interrupt Paul.
    assert story.value == pytest.approx(25.0)
    assert story.details["utterance_ids"] == ["u0008", "u0010"]
    assert story.details["backchannel_ids"] == ["u0009"]


def test_interactivity_and_patience() -> None:
    m = metrics_of(make_call(ROWS))
    assert m["interactivity"].value == pytest.approx(11 / (110 / 60))
    assert m["interactivity"].details["switches_without_backchannels"] == 6
    patience = m["patience"]
    # replies after u0 (0.5 s), u2 (1.0), u6 (0.5), u8 (-0.5 → 0); u4 and u10 are backchannels
    assert patience.value == pytest.approx(0.5)
    assert patience.details["overlaps_clipped"] == 1
    assert patience.details["backchannels_skipped"] == 2
    assert patience.details["longest"] == {"gap": 1.0, "utterance_id": "u0003"}


def test_rep_questions_fallback_rule() -> None:
    m = metrics_of(make_call(ROWS))
    questions = m["rep_questions"]
    assert questions.value == 1
    assert [e.quote for e in questions.evidence] == ["Nine days?"]
    assert questions.details["thirds"] == [0, 0, 1]
    assert questions.details["thirds_by"] == "start time"
    assert "simple rule" in questions.details["method"]
    assert m["rep_question_rate"].value == pytest.approx(600 / 110)


def test_rep_questions_from_question_findings() -> None:
    call = make_call(ROWS)

    def question(utterance_id: str) -> Finding:
        evidence = Evidence.of(call.utterance(utterance_id))
        return Finding("question", "1", "question", 0.9, (evidence,))

    # u0006 is Paul's: not a rep question.
    findings = {"question": (question("u0003"), question("u0006"), question("u0011"))}
    questions = metrics_of(call, findings=findings)["rep_questions"]
    assert questions.value == 2
    assert questions.details["method"] == "question detector findings"
    assert questions.details["thirds"] == [1, 0, 1]
    empty = metrics_of(call, findings={"question": ()})["rep_questions"]
    assert empty.value == 0


def test_words_per_minute() -> None:
    m = metrics_of(make_call(ROWS))
    assert m["words_per_minute_rep"].value == pytest.approx(60 * 30 / 72.5)
    assert m["words_per_minute_prospect"].value == pytest.approx(60 * 31 / 33)


def test_filler_rate_rules() -> None:
    text = (
        "Um, I mean, we like, basically grew fast. What kind of tools do you use? "
        "I'd like a demo, you know. Do you know Kim? It's kind of slow."
    )
    call = make_call([("Rita", text, 0.0, 10.0), ("Paul", "Um, sure, like, whatever.", 10, 12)])
    filler = metrics_of(call)["filler_rate"]
    assert filler.details["by_filler"] == {
        "um": 1,
        "i mean": 1,
        "like": 1,
        "basically": 1,
        "you know": 1,
        "kind of": 1,
    }
    assert filler.value == pytest.approx(100 * 6 / filler.details["words"])
    assert [e.quote for e in filler.evidence][:3] == ["Um", "I mean", "like"]


def test_filler_spans_stay_aligned_with_unusual_letters() -> None:
    text = "İstanbul is, um, big. Don\u2019t you know?"
    call = make_call([("Rita", text, 0.0, 5.0), ("Paul", "Yes it is.", 5.0, 7.0)])
    filler = metrics_of(call)["filler_rate"]
    assert [e.quote for e in filler.evidence] == ["um"]


def test_missing_timestamps_are_none_with_a_reason_never_zero() -> None:
    m = metrics_of(make_call(untimed(ROWS)))
    for name in (
        "talk_ratio_time",
        "longest_monologue",
        "longest_customer_story",
        "interactivity",
        "patience",
        "rep_question_rate",
        "words_per_minute_rep",
        "words_per_minute_prospect",
    ):
        assert m[name].value is None, name
        assert m[name].reason == NO_TIMESTAMPS, name
    assert m["talk_ratio_words"].value == pytest.approx(100 * 30 / 61)
    by_words = m["longest_monologue"].details["by_words"]
    assert by_words["utterance_ids"] == ["u0003", "u0005"]
    assert by_words["word_count"] == 16
    assert m["longest_monologue"].evidence
    assert m["rep_questions"].details["thirds"] == [0, 0, 1]
    assert m["rep_questions"].details["thirds_by"] == "utterance order"


def test_unavailable_roles_make_role_metrics_unavailable() -> None:
    call = make_call([(None, "Hello there, thanks for the time.", 0.0, 3.0), *ROWS[1:3]])
    roles = resolve_roles(make_call([(None, "Hi.", None, None)]), required=False)
    m = metrics_of(call, roles)
    assert m["talk_ratio_time"].value is None
    assert m["talk_ratio_time"].reason == "the transcript has no speaker labels"
    assert m["talk_ratio_time"].details["seconds"]["Rita"] == pytest.approx(9.5)
    assert m["filler_rate"].reason == "the transcript has no speaker labels"
    assert m["interactivity"].value is not None


def test_every_metric_has_a_value_or_a_reason() -> None:
    for rows in (ROWS, untimed(ROWS), ROWS[:1]):
        for metric in compute_metrics(make_call(rows), ROLES):
            assert metric.value is not None or metric.reason


def test_one_hour_call_gives_the_same_metrics_cold_and_warm() -> None:
    # Speed is measured by benchmarks/ingest_metrics.py, never by a timed test: a shared CI
    # machine's load must not decide a test. This checks the cached second pass is the same.
    sentence = "So how does your team handle the month-end close, um, today? We use a tool."
    rows: list[Row] = [
        ("Rita" if i % 2 else "Paul", sentence, i * 5.0, i * 5.0 + 4.5) for i in range(720)
    ]
    call = make_call(rows)
    cold = compute_metrics(call, ROLES)
    warm = compute_metrics(call, ROLES)
    assert cold == warm
    assert len(cold) > 0
