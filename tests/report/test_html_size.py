"""A 1-hour call's HTML report stays under 1 MB (its render time is in benchmarks/html_report)."""

from __future__ import annotations

from pathlib import Path

import callcoach
from benchmarks.generate import write_calls
from callcoach.report import build_report, html


def test_one_hour_report_is_under_a_megabyte(tmp_path: Path) -> None:
    (generated,) = write_calls(tmp_path, 1, formats=("json",), seed=900)
    call = callcoach.load_call(generated.paths["json"])
    assert call.duration is not None and call.duration > 55 * 60
    analysis = callcoach.analyze(call, rep=list(generated.reps["json"]), rubric="expert-not-friend")
    report = build_report(
        analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
    )
    page = html.render_call(report)
    assert len(page.encode("utf-8")) < 1_000_000
    assert page.count('class="utt ') == len(call.utterances)
    # expert-not-friend's overall is a plain mean: a criterion's weight would mislead
    assert analysis.scorecard is not None and analysis.scorecard.overall_method == "mean"
    assert '<span class="muted">weight ' not in page
