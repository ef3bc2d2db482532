"""Partly timed calls: time metrics over the timed part (with the reason), every renderer works.

Crashes found by the adversarial campaign of issue 12 are kept here as regression cases.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from callcoach.cli import app
from callcoach.model import Call, RoleAssignment, Utterance
from callcoach.model.call import MAX_ABS_SECONDS, Segment, usable_time
from tests.test_metrics import Row, make_call, metrics_of

runner = CliRunner()
ROLES = RoleAssignment({"Rita": "rep", "Paul": "prospect"}, 1.0, "explicit")
TIME_METRICS = (
    "talk_ratio_time",
    "longest_monologue",
    "longest_customer_story",
    "interactivity",
    "patience",
    "rep_question_rate",
    "words_per_minute_rep",
    "words_per_minute_prospect",
)

# The first four turns are timed, the last two are not (an invented call).
PARTLY: list[Row] = [
    ("Rita", "Thanks for making time, how does your team plan stock today?", 0.0, 6.0),
    ("Paul", "Mostly spreadsheets, and the weekly update takes a whole day.", 7.0, 13.0),
    ("Rita", "What happens when the forecast is wrong?", 14.0, 17.0),
    ("Paul", "We overbuy and pay for storage we did not need for months.", 18.0, 24.0),
    ("Rita", "Roughly what does that storage cost per quarter?", None, None),
    ("Paul", "Something like twelve thousand dollars, maybe more in winter.", None, None),
]


def test_time_metrics_cover_the_timed_part_and_say_so() -> None:
    metrics = metrics_of(make_call(PARTLY), ROLES)
    for name in TIME_METRICS:
        metric = metrics[name]
        assert metric.value is not None, (name, metric.reason)
        assert metric.reason is not None and "partly timed" in metric.reason
        assert "4 of 6" in metric.reason
    # Over the timed part: Rita 6 + 3 = 9 s of 21 s.
    assert metrics["talk_ratio_time"].value == pytest.approx(100 * 9 / 21)
    assert metrics["words_per_minute_rep"].details["seconds"] == pytest.approx(9.0)
    # Only the timed questions count for the rate: 2 questions over 24 s.
    assert metrics["rep_question_rate"].value == pytest.approx(600 * 2 / 24)
    assert metrics["rep_questions"].value == 3
    assert metrics["patience"].details["replies"] == 1  # the untimed reply is not measured
    # Word-based metrics are unaffected and carry no note.
    assert metrics["talk_ratio_words"].reason is None


def test_fully_timed_and_untimed_calls_get_no_partial_note() -> None:
    timed = [(s, t, float(i), float(i) + 0.9) for i, (s, t, _, _) in enumerate(PARTLY)]
    for name, metric in metrics_of(make_call(timed), ROLES).items():
        assert not (metric.reason or "").startswith("partly"), name
    untimed = [(s, t, None, None) for s, t, _, _ in PARTLY]
    assert metrics_of(make_call(untimed), ROLES)["talk_ratio_time"].value is None


def test_a_timed_part_with_one_side_only_gives_no_talk_ratio() -> None:
    rows = [
        (s, t, (0.0 if s == "Paul" else None), (5.0 if s == "Paul" else None))
        for s, t, _, _ in PARTLY
    ]
    metric = metrics_of(make_call(rows), ROLES)["talk_ratio_time"]
    assert metric.value is None and "partly timed" in (metric.reason or "")


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, 1e308, -1e308, 2 * MAX_ABS_SECONDS]
)
def test_times_beyond_any_call_are_dropped(value: float) -> None:
    assert usable_time(value) is None
    assert Utterance("u", 0, "A", "hi", value, value).timed is False
    assert Segment("hi", value, 1.0).start is None


def test_usable_times_are_kept() -> None:
    assert usable_time(5e-324) == 5e-324
    assert usable_time(1_700_000_000.5) == 1_700_000_000.5  # epoch seconds
    assert usable_time(None) is None


EXTREME: list[list[Row]] = [
    [("Rita", "What matters most?", 1e308, -1e308), ("Paul", "Cost.", 5e-324, 5e-324)],
    [("Rita", "What matters most this year?", 0.0, 5e-324), ("Paul", "Our cost base.", 0.0, 0.0)],
    [("Rita", "What matters most?", -1e308, 1e308), ("Paul", "Cost and time.", 0.0, 1e-300)],
    [
        ("Rita", "Why now?", MAX_ABS_SECONDS, MAX_ABS_SECONDS),
        ("Paul", "Audit.", -MAX_ABS_SECONDS, 0.0),
    ],
]


@pytest.mark.parametrize("rows", EXTREME)
def test_extreme_times_never_overflow(rows: list[Row]) -> None:
    for metric in metrics_of(make_call(rows), ROLES).values():
        assert metric.value is None or math.isfinite(metric.value), metric


def _write_partial(folder: Path) -> list[Path]:
    generic = {
        "segments": [
            {"speaker": "Rita", "text": t, "start": a, "end": b}
            if a is not None
            else {"speaker": s, "text": t}
            for s, t, a, b in PARTLY
        ]
    }
    for segment, (speaker, _, _, _) in zip(generic["segments"], PARTLY, strict=True):
        segment["speaker"] = speaker
    folder.mkdir(parents=True, exist_ok=True)
    a = folder / "generic.json"
    a.write_text(json.dumps(generic), encoding="utf-8")
    b = folder / "lines.txt"
    b.write_text(
        "Rita: How do you plan stock today?\n"
        "[00:00:09] Paul: Spreadsheets, and the weekly update takes a whole day.\n"
        "Rita: What does a wrong forecast cost you?\n"
        "[00:00:20] Paul: Storage we do not need, about twelve thousand a quarter.\n"
        "[00:00:31] Rita: Which of those costs hurts most?\n"
        "[00:00:36] Paul: The storage, clearly.\n",
        encoding="utf-8",
    )
    c = folder / "extreme.json"
    c.write_text(
        json.dumps(
            {
                "segments": [
                    {
                        "speaker": "Rita",
                        "text": "What matters most to you?",
                        "start": 1e308,
                        "end": -1e308,
                    },
                    {
                        "speaker": "Paul",
                        "text": "Getting reporting under control.",
                        "start": 5e-324,
                        "end": 5e-324,
                    },
                    {
                        "speaker": "Rita",
                        "text": "How long does it take today?",
                        "start": 0,
                        "end": 5e-324,
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    return [a, b, c]


@pytest.mark.parametrize("fmt", ["json", "md", "html", "table"])
def test_every_renderer_handles_partly_timed_calls(tmp_path: Path, fmt: str) -> None:
    for source in _write_partial(tmp_path / "calls"):
        args = ["analyze", str(source), "--rep", "Rita", "--format", fmt]
        if fmt != "table":
            args += ["--out", str(tmp_path / f"{source.stem}.{fmt}")]
        result = runner.invoke(app, args)
        assert "internal error" not in result.output and "Traceback" not in result.output
        if source.name == "extreme.json":  # ingest refuses times of ±1e308 with the JSON path
            assert result.exit_code == 0 or "out of range" in result.output, result.output
            continue
        assert result.exit_code == 0, (source.name, result.output)
    assert not list(tmp_path.glob("*.tmp"))


def test_partly_timed_json_report_warns_and_keeps_time_metrics(tmp_path: Path) -> None:
    source = _write_partial(tmp_path / "calls")[0]
    out = tmp_path / "r.json"
    result = runner.invoke(
        app, ["analyze", str(source), "--rep", "Rita", "-f", "json", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert any(w.startswith("partly timed") for w in report["call"]["warnings"])
    talk = next(m for m in report["metrics"] if m["name"] == "talk_ratio_time")
    assert talk["value"] is not None and "partly timed" in talk["reason"]


def test_a_batch_with_team_report_survives_partly_timed_calls(tmp_path: Path) -> None:
    folder = tmp_path / "calls"
    _write_partial(folder)
    out = tmp_path / "out"
    args = ["analyze", str(folder), "--rep", "Rita", "--rubric", "expert-not-friend"]
    args += ["-f", "json", "-f", "md", "-f", "html", "--out", str(out)]
    result = runner.invoke(app, args)
    failed = [line for line in result.output.splitlines() if line.startswith("FAILED")]
    # Only extreme.json may fail: ingest refuses times of ±1e308 with a clear error.
    assert all("extreme.json" in line and "out of range" in line for line in failed), failed
    assert "internal error" not in result.output
    names = {p.name for p in out.iterdir()}
    assert {"team.html", "team.md", "team.json"} <= names
    assert not [n for n in names if n.endswith(".tmp")]
    page = (out / "generic.html").read_text(encoding="utf-8")
    assert 'id="warnings"' in page and "time-based metrics cover the timed part" in page


def test_call_properties_for_partly_timed_calls() -> None:
    call = make_call(PARTLY)
    assert isinstance(call, Call)
    assert not call.has_timestamps and call.duration is None
    assert len(call.timed_utterances) == 4 and call.timed_duration == 24.0


def test_rubric_rates_cover_the_timed_part() -> None:
    from callcoach.model import Evidence, Finding
    from callcoach.scoring.measures import measure
    from callcoach.scoring.rubric import FindingFilter, Measure

    call = make_call(PARTLY)
    spec = Measure(
        id="q", description="questions", kind="rate", findings=FindingFilter(detector="question")
    )
    findings = {
        "question": [
            Finding("question", "1", "question", 1.0, (Evidence.of(u),))
            for u in call.utterances
            if u.speaker == "Rita"
        ]
    }
    value = measure(spec, call, ROLES, (), findings)
    assert value.value == pytest.approx(2 / (24 / 60) * 10)  # 2 timed questions in 24 s
    assert value.reason is not None and "2 of 3 counted" in value.reason
    timed = make_call([(s, t, float(i), i + 0.5) for i, (s, t, _, _) in enumerate(PARTLY)])
    assert measure(spec, timed, ROLES, (), findings).reason is None
