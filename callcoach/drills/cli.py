"""``callcoach drill list|run`` and ``callcoach screen``: registered on the main app by
``register(app)``. Heavy imports happen inside the commands, so ``callcoach --help`` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from callcoach.drills import engine as engine_types
    from callcoach.drills.engine import DrillState
    from callcoach.drills.report import DrillReport
    from callcoach.drills.screen import ScreenReport
    from callcoach.scoring import Rubric

__all__ = ["drill_app", "read_replies", "register", "screen"]

drill_app = typer.Typer(
    help="Training drills: role-play a prospect, get a live cue after each reply and a "
    "scorecard at the end.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    html = "html"


_SUFFIX = {ReportFormat.md: ".md", ReportFormat.json: ".json", ReportFormat.html: ".html"}

FormatOption = Annotated[
    ReportFormat, typer.Option("--format", "-f", help="table (terminal), md, json or html.")
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write the report to this file (else to the terminal)."),
]


def register(app: typer.Typer) -> None:
    """Add ``drill`` and ``screen`` to the main ``callcoach`` app."""
    app.add_typer(drill_app, name="drill")
    app.command("screen")(screen)


def _check_out(fmt: ReportFormat, out_path: Path | None) -> None:
    from callcoach.errors import UsageError

    if out_path is None:
        return
    if fmt is ReportFormat.table:
        raise UsageError("--out writes a file: choose --format md, json or html")
    if out_path.suffix and out_path.suffix != _SUFFIX[fmt]:
        raise UsageError(f"--out {out_path} does not match --format {fmt.value}")


def _emit(text: str, out_path: Path | None) -> None:
    from callcoach.cli import _write_atomic, err

    if out_path is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    _write_atomic(out_path, text)
    err.print(Text(f"wrote {out_path}"))


@drill_app.command("list")
def drill_list() -> None:
    """List the shipped scenarios."""
    from callcoach.cli import out
    from callcoach.drills.scenario import builtin_scenarios, load_scenario

    table = Table(title="drill scenarios", title_justify="left")
    names = builtin_scenarios()
    # The name is what `drill run` takes: never cut it, whatever the terminal's width.
    table.add_column("name", no_wrap=True, min_width=max(map(len, names), default=4))
    for column in ("prospect", "call type", "situation"):
        table.add_column(column, overflow="fold")
    for name in names:
        s = load_scenario(name)
        prospect = f"{s.persona.name}, {s.persona.role}"
        table.add_row(name, Text(prospect), s.call_type, Text(" ".join(s.summary.split())))
    out.print(table)


@drill_app.command("check")
def drill_check(
    file: Annotated[Path, typer.Argument(help="A scenario YAML file.")],
) -> None:
    """Validate a scenario file: its fields, its graph, and that its stall lines read as stalls."""
    from callcoach.cli import _user_errors, err, out
    from callcoach.drills.cues import check_stall_lines
    from callcoach.drills.scenario import load_scenario

    with _user_errors():
        scenario = load_scenario(file)
        problems = check_stall_lines(scenario)
    for problem in problems:
        err.print(Text(f"{file}: {problem}", style="red"))
    if problems:
        raise typer.Exit(1)
    ends = sorted({n.end for n in scenario.nodes.values() if n.end})
    stalls = sum(n.stall is not None for n in scenario.nodes.values())
    out.print(
        Text(
            f"{file}: ok — {scenario.id}, {len(scenario.nodes)} nodes, endings "
            f"{', '.join(ends)}, {stalls} stall line(s) checked"
        ),
        soft_wrap=True,
    )


def read_replies(path: Path) -> list[str]:
    """One reply per line; blank lines and lines starting with ``#`` are skipped."""
    from callcoach.errors import UsageError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such replies file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read replies: {exc}") from None
    replies = [line.strip() for line in text.splitlines()]
    replies = [r for r in replies if r and not r.startswith("#")]
    if not replies:
        raise UsageError(f"{path}: no replies (one reply per line; # starts a comment)")
    return replies


def _typed_replies(stream: TextIO, console: Console) -> Iterator[str]:
    """Replies typed at the prompt; an empty line, Ctrl-D or Ctrl-C ends the drill."""
    while True:
        console.print(Text("You: ", style="bold"), end="")
        try:
            line = stream.readline()
        except KeyboardInterrupt:
            console.print()
            return
        if not line:
            console.print()
            return
        reply = line.strip()
        if not stream.isatty():
            console.print(Text(reply), soft_wrap=True)  # piped input is not echoed
        if not reply:
            return
        yield reply


def _brief(state: DrillState, console: Console) -> None:
    s = state.scenario
    p = s.persona
    console.print(Text(f"Drill: {s.title}", style="bold"))
    console.print(Text(f"You are calling {p.name}, {p.role} at {p.company}."))
    console.print(Text(f"Goal: {s.goal}"))
    console.print(Text("Type your reply after “You:”; an empty line or Ctrl-D ends the drill."))
    console.print()


def _show_new(state: DrillState, shown: int, console: Console) -> int:
    for turn in state.turns[shown:]:
        if turn.role == "prospect":
            console.print(
                Text.assemble((f"{turn.speaker}: ", "cyan bold"), turn.text), soft_wrap=True
            )
        elif turn.cue_line:
            tone = turn.cues[0].tone if turn.cues else "info"
            style = {"good": "green", "warn": "yellow"}.get(tone, "dim")
            console.print(Text(f"  ↳ {turn.cue_line}", style=style), soft_wrap=True)
    return len(state.turns)


@drill_app.command("run")
def drill_run(
    scenario: Annotated[str, typer.Argument(help="A shipped scenario name or a YAML file.")],
    replies: Annotated[
        Path | None,
        typer.Option("--replies", help="Play these replies (one per line) instead of prompting."),
    ] = None,
    fmt: FormatOption = ReportFormat.table,
    out_path: OutOption = None,
    rubric: Annotated[
        str, typer.Option("--rubric", help="Score the drill with this rubric.")
    ] = "expert-not-friend",
    llm_url: Annotated[
        str | None,
        typer.Option(
            "--llm-url",
            help="Optional: an OpenAI-compatible API base (e.g. http://127.0.0.1:8080/v1) whose "
            "model plays the prospect free-form instead of the script. The drill's text is "
            "sent there. API key from $CALLCOACH_LLM_API_KEY.",
        ),
    ] = None,
    llm_model: Annotated[
        str,
        typer.Option("--llm-model", envvar="CALLCOACH_LLM_MODEL", help="Model name for --llm-url."),
    ] = "default",
) -> None:
    """Play a scenario: the prospect speaks, you reply, a cue follows each reply, and the
    drill's transcript is scored at the end."""
    from callcoach.cli import _user_errors, err, out
    from callcoach.errors import CallcoachError, UsageError

    with _user_errors():
        _check_out(fmt, out_path)
        from callcoach.drills import engine
        from callcoach.drills.scenario import builtin_scenarios, load_scenario
        from callcoach.scoring import load_rubric

        if scenario not in builtin_scenarios() and not Path(scenario).is_file():
            known = ", ".join(builtin_scenarios())
            raise UsageError(f"{scenario}: no such scenario file or shipped scenario ({known})")
        loaded = load_scenario(scenario)
        spec = load_rubric(rubric)
        given = read_replies(replies) if replies is not None else None
        # The play-by-play goes to stdout unless the report itself is written there.
        console = out if fmt is ReportFormat.table or out_path is not None else err
        prospect = _llm_prospect(llm_url, llm_model)
        state = engine.start(loaded)
        _brief(state, console)
        shown = _show_new(state, 0, console)
        lines = iter(given) if given is not None else _typed_replies(sys.stdin, console)
        used = 0
        failed = False
        for text in lines:
            if given is not None:
                console.print(Text.assemble(("You: ", "bold"), text), soft_wrap=True)
            try:
                state = engine.reply(state, text, prospect=prospect)
            except CallcoachError as exc:  # e.g. the model server failed: score what was said
                err.print(Text(f"error: {exc}; the drill stops here", style="red"))
                failed = True
                break
            except KeyboardInterrupt:  # Ctrl-C while the cue was computed: end, still score
                console.print()
                break
            used += 1
            shown = _show_new(state, shown, console)
            if state.finished:
                break
        state = engine.stop(state)
        if given is not None and used < len(given):
            err.print(Text(f"note: the drill ended; {len(given) - used} reply(s) not used"))
        report = _score(state, spec)
        _finish(report, fmt, out_path, console)
    if failed:
        raise typer.Exit(1)


def _llm_prospect(url: str | None, model: str) -> engine_types.Prospect | None:
    if url is None:
        return None
    import os

    from callcoach.drills.llm import LLMConfig, LLMProspect

    return LLMProspect(LLMConfig(url, model, os.environ.get("CALLCOACH_LLM_API_KEY") or None))


def _score(state: DrillState, rubric: Rubric) -> DrillReport:
    import callcoach
    from callcoach.drills import engine
    from callcoach.drills.report import build_drill_report

    call_type = state.scenario.call_type
    if call_type not in rubric.call_types:
        call_type = rubric.call_types[0]
    analysis = callcoach.analyze(
        engine.to_call(state),
        roles=engine.roles(state.scenario),
        rubric=rubric,
        call_type=call_type,
    )
    return build_drill_report(state, analysis)


def _finish(
    report: DrillReport, fmt: ReportFormat, out_path: Path | None, console: Console
) -> None:
    from callcoach.drills.report import render_html, render_markdown

    _scorecard_table(report, console)
    if fmt is ReportFormat.table:
        return
    text = {
        ReportFormat.json: lambda: report.model_dump_json(indent=2),
        ReportFormat.md: lambda: render_markdown(report),
        ReportFormat.html: lambda: render_html(report),
    }[fmt]()
    _emit(text, out_path)


def _scorecard_table(report: DrillReport, console: Console) -> None:
    card = report.analysis.scorecard
    console.print()
    ending = f"Drill over: {report.ending} — {report.ending_reason}."
    console.print(Text(ending, style="bold"), soft_wrap=True)
    if card is None:
        return
    overall = "—" if card.overall is None else f"{card.overall:.1f} / 5"
    table = Table(title=f"scorecard ({card.rubric_id}): overall {overall}", title_justify="left")
    table.add_column("criterion")
    table.add_column("score", justify="right")
    table.add_column("tip", overflow="fold")
    for c in card.criteria:
        score = "n/o" if c.score is None else str(c.score)
        table.add_row(Text(c.title), score, Text(c.tip or ""))
    console.print(table)
    s = report.scenario
    console.print(Text(f"What {s.prospect} was hiding: {s.problem} Cost: {s.cost}"))


def _clock(value: str | None, option: str) -> float | None:
    from callcoach.errors import UsageError

    if value is None:
        return None
    parts = value.split(":")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    if not 1 <= len(numbers) <= 3 or any(n < 0 for n in numbers):
        raise UsageError(f"{option} {value!r} is not a time like 12:30 or 1:02:30")
    seconds = 0.0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


def screen(
    file: Annotated[Path, typer.Argument(help="An interview transcript (VTT, SRT, JSON, text).")],
    candidate: Annotated[
        str, typer.Option("--candidate", help="The candidate's speaker name (or a unique part).")
    ],
    fmt: FormatOption = ReportFormat.table,
    out_path: OutOption = None,
    roleplay_start: Annotated[
        str | None,
        typer.Option("--roleplay-start", help="Where the role-play starts (mm:ss); else found."),
    ] = None,
    roleplay_end: Annotated[
        str | None, typer.Option("--roleplay-end", help="Where the role-play ends (mm:ss).")
    ] = None,
) -> None:
    """Hiring mindset screen: relationship-first vs value-first, every statement quoted with
    its timestamp. A screen, not a verdict."""
    from callcoach.cli import _user_errors, out

    with _user_errors():
        _check_out(fmt, out_path)
        from callcoach.drills.screen import screen_call
        from callcoach.ingest import load_call

        start = _clock(roleplay_start, "--roleplay-start")
        end = _clock(roleplay_end, "--roleplay-end")
        call = load_call(file)
        report = screen_call(call, candidate, start, end)
        if fmt is ReportFormat.table:
            _screen_terminal(report, out)
            return
        from callcoach.drills.screen_render import render_html, render_markdown

        text = {
            ReportFormat.json: lambda: report.model_dump_json(indent=2),
            ReportFormat.md: lambda: render_markdown(report),
            ReportFormat.html: lambda: render_html(report),
        }[fmt]()
        _emit(text, out_path)


def _screen_terminal(report: ScreenReport, console: Console) -> None:
    headline = f"Mindset screen: {report.candidate} — lean: {report.lean}"
    console.print(Text(headline, style="bold"), soft_wrap=True)
    console.print(Text(report.summary))
    table = Table(title="statements", title_justify="left")
    for column in ("time", "stance", "quote"):
        table.add_column(column, overflow="fold")
    for s in report.statements:
        stance = "value" if s.stance == "problem_first" else "relationship"
        table.add_row(s.timestamp or s.utterance_id, stance, Text(f"“{s.quote}”"))
    console.print(table)
    if report.behaviours:
        rp = Table(title=f"role-play ({report.roleplay.how})", title_justify="left")
        for column in ("time", "behaviour", "quote"):
            rp.add_column(column, overflow="fold")
        for b in report.behaviours:
            rp.add_row(b.timestamp or b.utterance_id, Text(b.text), Text(f"“{b.quote}”"))
        console.print(rp)
    console.print(Text("Caveats:", style="bold"))
    for caveat in report.caveats:
        console.print(Text(f"- {caveat}"))
