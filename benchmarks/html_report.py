"""HTML report of a 1-hour call: file size and time to render in Debian chromium.

Run: ``python -m benchmarks.html_report [--calls 3] [--out docs/benchmarks.md]``.

For each synthetic 1-hour call (``benchmarks/generate.py``) the full pipeline runs with the
expert-not-friend rubric, the report is written, and chromium (Playwright) opens it; the time
is from navigation start to the end of the load event, as the page itself measures it. The
baseline, in the same run, is a bare page holding the same transcript as plain paragraphs, so
the ratio says what the scorecard, charts and highlights cost. Targets: < 2 s and < 1 MB.
"""

from __future__ import annotations

import argparse
import html
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.generate import write_calls
from benchmarks.ingest_metrics import machine, write_section
from callcoach.report.browser import launch

TARGET_SECONDS = 2.0
TARGET_BYTES = 1_000_000


@dataclass(frozen=True)
class Result:
    utterances: int
    findings: int
    report_bytes: int
    report_ms: float
    baseline_bytes: int
    baseline_ms: float


def _reports(calls: int, workdir: Path) -> list[tuple[Path, Path, int, int]]:
    import callcoach
    from callcoach.report import build_report
    from callcoach.report import html as html_report

    out = []
    for generated in write_calls(workdir / "calls", calls, formats=("json",), seed=500):
        path = generated.paths["json"]
        call = callcoach.load_call(path)
        analysis = callcoach.analyze(
            call, rep=list(generated.reps["json"]), rubric="expert-not-friend"
        )
        report = build_report(analysis)
        page = workdir / f"{path.stem}.html"
        page.write_text(html_report.render_call(report), encoding="utf-8")
        plain = workdir / f"{path.stem}.plain.html"
        paragraphs = "".join(
            f"<p>{html.escape(u.speaker or '')}: {html.escape(u.text)}</p>" for u in call.utterances
        )
        plain.write_text(f"<!DOCTYPE html><meta charset=utf-8><body>{paragraphs}", "utf-8")
        count = sum(len(f) for f in analysis.findings.values())
        out.append((page, plain, len(call.utterances), count))
    return out


def _load_ms(page: Any, path: Path) -> float:
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    timing: float = page.evaluate(
        "() => { const t = performance.getEntriesByType('navigation')[0];"
        " return t.loadEventEnd - t.startTime; }"
    )
    return timing


def run(calls: int, repeats: int) -> list[Result]:
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        for report, plain, utterances, findings in _reports(calls, Path(tmp)):
            _load_ms(page, report)  # warm the renderer once per file
            report_ms = statistics.median(_load_ms(page, report) for _ in range(repeats))
            baseline_ms = statistics.median(_load_ms(page, plain) for _ in range(repeats))
            results.append(
                Result(
                    utterances,
                    findings,
                    report.stat().st_size,
                    report_ms,
                    plain.stat().st_size,
                    baseline_ms,
                )
            )
        browser.close()
    return results


def markdown(results: Sequence[Result], info: dict[str, str]) -> str:
    rows = [
        f"| {r.utterances} | {r.findings} | {r.report_bytes / 1024:.0f} KiB | {r.report_ms:.0f} ms "
        f"| {r.baseline_bytes / 1024:.0f} KiB | {r.baseline_ms:.0f} ms "
        f"| {r.report_ms / r.baseline_ms:.1f}× |"
        for r in results
    ]
    worst_ms = max(r.report_ms for r in results)
    worst_bytes = max(r.report_bytes for r in results)
    met = worst_ms < TARGET_SECONDS * 1000 and worst_bytes < TARGET_BYTES
    return "\n".join(
        [
            "## HTML report",
            "",
            "`python -m benchmarks.html_report`: synthetic 1-hour calls analysed with every "
            "detector and the expert-not-friend rubric, rendered to one self-contained HTML "
            "file each and opened in Debian chromium (headless, Playwright). Load = navigation "
            "start → end of the load event (median of repeats, after one warm-up). Baseline: "
            "the same transcript as bare paragraphs, loaded in the same run.",
            "",
            f"Machine: {info['cpu']}, nproc {info['nproc']}, Python {info['python']}; "
            f"{info['date']}, commit {info['commit']}.",
            "",
            "| utterances | findings | report size | report load | plain size | plain load "
            "| report / plain |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Targets: load < {TARGET_SECONDS:g} s and size < 1 MB (worst above: "
            f"{worst_ms:.0f} ms, {worst_bytes / 1024:.0f} KiB): **{'met' if met else 'not met'}**.",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    section = markdown(run(args.calls, args.repeats), machine())
    print(section)
    if not args.no_write:
        write_section(args.out, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
