"""The ``callcoach`` command line.

Exit codes: 0 all good, 1 some input failed (each failure is listed), 2 usage error.
No command shows a traceback for a problem with the input: it names the file, line and reason.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from callcoach.errors import CallcoachError
from callcoach.report.fit import fitted

if TYPE_CHECKING:
    from callcoach.manifest import Manifest
    from callcoach.report import AnalysisReport
    from callcoach.roster import Roster
    from callcoach.scoring import Rubric


class _Argument(typer.core.TyperArgument):
    """Help names an argument by its metavar (FILE, PATH...), never by a Python type."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def _rich_display_name(self) -> str:
        return self.display_name_raw.upper()

    def _usage_display_name(self) -> str:
        name = self.display_name_raw.upper()
        name = name if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")


class _Group(typer.core.TyperGroup):
    """Plain help for every command (also ones added later): metavars such as FILE or NAME
    instead of typer's type names ("<bool>", "<list[Path]>"), whole command summaries."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any | None:
        command = super().get_command(ctx, cmd_name)
        if type(command) is typer.core.TyperGroup:  # a sub-app made elsewhere (drills)
            command.__class__ = _Group
        for param in command.params if command is not None else ():
            if type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument
            elif isinstance(param, typer.core.TyperOption) and not param.is_flag:
                longest = max(param.opts, key=len).lstrip("-") if param.opts else "value"
                param.metavar = param.metavar or longest.upper().replace("-", "_")
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# "-h" works like "--help" everywhere; help is plain text, folded at the terminal's width.
HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    cls=_Group,
    name="callcoach",
    help="Evidence-backed coaching from recorded sales conversations. Calls never leave "
    "this machine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=HELP,
    rich_markup_mode=None,
)
# No console markup: file names, speakers and titles hold square brackets ("a[bold]b.srt",
# "o[/x]") that must print literally; styles are given as Text/Table styles instead.
out = Console(markup=False)
# Messages name files and lines: never wrap them at the terminal's width (a wrapped path
# cannot be copied, and tests must not depend on the width).
err = Console(stderr=True, soft_wrap=True, markup=False)


class OutputFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    html = "html"


SUFFIX = {OutputFormat.md: ".md", OutputFormat.json: ".json", OutputFormat.html: ".html"}


class UsageError(CallcoachError):
    """A problem with how the command was called (exit code 2)."""


@contextmanager
def _user_errors() -> Iterator[None]:
    try:
        yield
    except UsageError as exc:
        err.print(Text(f"error: {exc}", style="red"))
        raise typer.Exit(2) from None
    except CallcoachError as exc:
        err.print(Text(f"error: {exc}", style="red"))
        raise typer.Exit(1) from None
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        if os.environ.get("CALLCOACH_DEBUG"):
            raise
        err.print(
            Text(
                f"internal error: {exc!r} (a bug in callcoach; set CALLCOACH_DEBUG=1 "
                "to see the traceback and please report it)",
                style="red",
            )
        )
        raise typer.Exit(1) from None


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--call-date {value!r} is not a date like 2026-11-23") from None
    if not 1900 <= parsed.year <= 2999:
        raise UsageError(f"--call-date {value!r} is outside the years 1900–2999")
    return parsed


PathsArgument = Annotated[
    list[Path], typer.Argument(help="Transcript files and/or folders.", metavar="PATH")
]
RepOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rep",
        metavar="NAME",
        help="The rep's name as in the transcript (repeat for AE + SE).",
    ),
]
RosterOption = Annotated[
    Path | None,
    typer.Option("--rep-roster", metavar="FILE", help="YAML/CSV roster of the sales team."),
]
RecursiveOption = Annotated[
    bool, typer.Option("--recursive", "-r", help="Also read transcripts in subfolders.")
]
ManifestOption = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        metavar="FILE",
        help="YAML call sheet: per file date, call type, reps, speaker names.",
    ),
]
MinConfidenceOption = Annotated[
    float, typer.Option("--min-confidence", metavar="0-1", help="Needed to guess roles.")
]


@app.command()
def speakers(
    file: Annotated[Path, typer.Argument(help="A transcript file.", metavar="FILE")],
    input_format: Annotated[
        str | None,
        typer.Option("--input-format", metavar="FORMAT", help="vtt, srt, json, text or markdown."),
    ] = None,
    min_confidence: MinConfidenceOption = 0.6,
) -> None:
    """List the speakers of a call: talk share, words, first line and the role analyze would use."""
    from callcoach.ingest import load_call
    from callcoach.roles import resolve_roles, speaker_summaries

    with _user_errors():
        if not file.is_file():
            raise UsageError(
                f"{file}: " + ("a folder, not a file" if file.is_dir() else "no such file")
            )
        call = load_call(file, format=input_format)
        # The same decision `analyze` makes without --rep (same confidence floor).
        roles = resolve_roles(call, min_confidence=min_confidence, required=False)
        table = Table(title=f"{file} — {len(call.speakers)} speaker(s)", title_justify="left")
        for column in ("speaker", "talk share (time)", "talk share (words)", "words", "role"):
            table.add_column(column, justify="left" if column in ("speaker", "role") else "right")
        table.add_column("first line", overflow="fold")
        for s in speaker_summaries(call, roles):
            time_share = "n/a" if s.time_share is None else f"{s.time_share:.0%}"
            table.add_row(
                Text(s.name),
                time_share,
                f"{s.word_share:.0%}",
                str(s.word_count),
                s.guessed_role,
                Text(s.first_line),
            )
        out.print(fitted(table))
        if roles.available:
            out.print(Text(f"roles: {roles.method}, {roles.confidence:.0%} sure"), soft_wrap=True)
        elif call.has_speakers:
            out.print(
                Text(
                    f"roles: not decided ({roles.unavailable_reason}); analyze needs "
                    "--rep NAME or --rep-roster FILE for this call"
                ),
                soft_wrap=True,
            )


@dataclass(frozen=True)
class _Outcome:
    file: Path
    written: tuple[Path, ...]
    summary: str
    error: str | None = None
    report: AnalysisReport | None = None


@app.command()
def analyze(
    paths: PathsArgument,
    rep: RepOption = None,
    rep_roster: RosterOption = None,
    fmt: Annotated[
        list[OutputFormat] | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="table, md, json or html (repeat for several)."
        ),
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="Output folder (or a .md/.json/.html file for one call).",
        ),
    ] = None,
    detectors: Annotated[
        str | None,
        typer.Option("--detectors", metavar="NAMES", help="Comma-separated detector names."),
    ] = None,
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", metavar="FORMAT", help="Force vtt, srt, json, text or markdown."
        ),
    ] = None,
    call_date: Annotated[
        str | None, typer.Option("--call-date", metavar="DATE", help="Call date (YYYY-MM-DD).")
    ] = None,
    min_confidence: MinConfidenceOption = 0.6,
    recursive: RecursiveOption = False,
    manifest: ManifestOption = None,
    rubric: Annotated[
        str | None,
        typer.Option(
            "--rubric",
            metavar="RUBRIC",
            help="Score with a rubric: a built-in name or a YAML file.",
        ),
    ] = None,
    call_type: Annotated[
        str | None,
        typer.Option(
            "--call-type",
            metavar="TYPE",
            help="discovery, demo, negotiation, follow-up, cold-call (else guessed).",
        ),
    ] = None,
) -> None:
    """Analyze calls: metrics and findings (and a scorecard with --rubric), all with evidence.

    With several calls, a rubric and --out, a team report (team.md/.json/.html) is written too.
    """
    with _user_errors():
        formats = list(dict.fromkeys(fmt or [OutputFormat.table]))
        files = collect_transcripts(paths, recursive)
        batch = len(files) > 1 or any(p.is_dir() for p in paths)
        job = _Job(
            rep=tuple(rep or ()),
            roster=_roster(rep_roster),
            formats=tuple(formats),
            target=_target(out_path, formats, batch),
            detectors=_names(detectors),
            input_format=input_format,
            call_date=_parse_date(call_date),
            min_confidence=min_confidence,
            rubric=_rubric(rubric, call_type),
            call_type=call_type,
            manifest=_manifest(manifest),
        )
        if not batch:
            _run_single(job, files[0])
            return
        outcomes = _run_batch(job, files)
        _write_team(job, outcomes)
    _print_summary(outcomes)
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


@app.command()
def report(
    paths: PathsArgument,
    out_path: Annotated[Path, typer.Option("--out", "-o", metavar="FOLDER", help="Output folder.")],
    rubric: Annotated[
        str,
        typer.Option("--rubric", metavar="RUBRIC", help="A built-in rubric name or a YAML file."),
    ] = "expert-not-friend",
    rep: RepOption = None,
    rep_roster: RosterOption = None,
    fmt: Annotated[
        list[OutputFormat] | None,
        typer.Option(
            "--format", "-f", metavar="FORMAT", help="html, md or json (repeat for several)."
        ),
    ] = None,
    recursive: RecursiveOption = False,
    manifest: ManifestOption = None,
    min_confidence: MinConfidenceOption = 0.6,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="DB",
            help="Add behaviour-vs-revenue insights from this database's deals.",
        ),
    ] = None,
) -> None:
    """Team view: score every call with a rubric and aggregate per rep (team.html and per call)."""
    with _user_errors():
        formats = [
            f for f in dict.fromkeys(fmt or [OutputFormat.html]) if f is not OutputFormat.table
        ]
        if not formats:
            raise UsageError("report writes files: choose --format html, md or json")
        db = _existing_db(db)
        files = collect_transcripts(paths, recursive)
        job = _Job(
            rep=tuple(rep or ()),
            roster=_roster(rep_roster),
            formats=tuple(formats),
            target=_target(out_path, formats, batch=True),
            detectors=None,
            input_format=None,
            call_date=None,
            min_confidence=min_confidence,
            rubric=_rubric(rubric, None),
            call_type=None,
            manifest=_manifest(manifest),
        )
        outcomes = _run_batch(job, files)
        _write_team(job, outcomes, always=True, insights_db=db)
    _print_summary(outcomes)
    if any(o.error for o in outcomes):
        raise typer.Exit(1)


def _existing_db(db: str | None) -> str | None:
    """A --db that names an SQLite file must exist: reading a typo must not create a database."""
    if db is None:
        return None
    path = db.removeprefix("sqlite:///") if db.startswith("sqlite:///") else db
    if "://" not in path and not Path(path).is_file():
        raise UsageError(f"no such database: {db} (create one with: callcoach import … --db {db})")
    return db


def _run_single(job: _Job, file: Path) -> None:
    outcome = job.run_one(file, single=True)
    if outcome.error:
        raise CallcoachError(outcome.error)
    for path in outcome.written:
        err.print(f"wrote {path}")


def _manifest(path: Path | None) -> Manifest | None:
    if path is None:
        return None
    from callcoach.manifest import load_manifest

    return load_manifest(path)


def _rubric(name: str | None, call_type: str | None) -> Rubric | None:
    if name is None:
        if call_type is not None:
            raise UsageError("--call-type needs --rubric")
        return None
    from callcoach.errors import RubricError
    from callcoach.scoring import load_rubric

    try:
        loaded = load_rubric(name)
    except RubricError as exc:  # a rubric that does not exist or does not parse: bad argument
        raise UsageError(f"--rubric: {exc}") from None
    if call_type is not None and call_type not in loaded.call_types:
        known = ", ".join(loaded.call_types)
        raise UsageError(f"--call-type {call_type!r}: rubric {loaded.id!r} knows {known}")
    return loaded


def _write_team(
    job: _Job, outcomes: Sequence[_Outcome], always: bool = False, insights_db: str | None = None
) -> None:
    """team.<format> beside the call reports, when calls were scored with a rubric."""
    if job.rubric is None or job.target is None:
        return
    reports = [o.report for o in outcomes if o.report is not None]
    if not reports or (len(reports) < 2 and not always):
        return
    from callcoach.report import team

    links = {
        o.report.call.source: p.name
        for o in outcomes
        if o.report is not None
        for p in o.written
        if p.suffix == ".html"
    }
    summary = team.build_team_report(reports, links)
    insights = None
    if insights_db is not None:
        from callcoach.insights.commands import load_insights

        insights = load_insights(insights_db, job.rubric.id)
    for fmt in job.formats:
        if fmt is OutputFormat.table:
            continue
        text = {
            OutputFormat.json: lambda: summary.model_dump_json(indent=2),
            OutputFormat.md: lambda: team.render_markdown(summary),
            OutputFormat.html: lambda: team.render_html(summary, insights),
        }[fmt]()
        path = job.target / f"team{SUFFIX[fmt]}"
        _write_atomic(path, text)
        err.print(f"wrote {path}")


def _write_atomic(path: Path, text: str) -> None:
    from callcoach.report.output import write_atomic

    write_atomic(path, text)


def _names(detectors: str | None) -> tuple[str, ...] | None:
    if detectors is None:
        return None
    return tuple(n.strip() for n in detectors.split(",") if n.strip())


def _roster(path: Path | None) -> Roster | None:
    if path is None:
        return None
    from callcoach.roster import load_roster

    return load_roster(path)


def collect_transcripts(paths: Sequence[Path], recursive: bool = False) -> list[Path]:
    """``find_transcripts``, with a bad path reported as a usage error (exit code 2)."""
    from callcoach.errors import IngestError
    from callcoach.ingest.files import find_transcripts

    try:
        return find_transcripts(paths, recursive)
    except IngestError as exc:
        raise UsageError(str(exc)) from None


def _target(out_path: Path | None, formats: Sequence[OutputFormat], batch: bool) -> Path | None:
    writes_files = any(f is not OutputFormat.table for f in formats)
    if batch and writes_files and out_path is None:
        raise UsageError("several calls with --format md/json/html need --out FOLDER")
    from callcoach.errors import OutputError
    from callcoach.report.output import check_output_file, check_output_folder

    if out_path is None or out_path.suffix not in SUFFIX.values():
        if out_path is not None and writes_files:
            try:
                check_output_folder(out_path)
            except OutputError as exc:
                raise UsageError(str(exc)) from None
        return out_path
    if batch or len(formats) != 1 or SUFFIX.get(formats[0]) != out_path.suffix:
        raise UsageError(
            f"--out {out_path} is a file; use it for one call and the matching --format"
        )
    try:
        check_output_file(out_path)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
    return out_path


@dataclass(frozen=True)
class _Job:
    rep: tuple[str, ...]
    roster: Roster | None
    formats: tuple[OutputFormat, ...]
    target: Path | None
    detectors: tuple[str, ...] | None
    input_format: str | None
    call_date: date | None
    min_confidence: float
    rubric: Rubric | None = None
    call_type: str | None = None
    manifest: Manifest | None = None

    def run_one(self, file: Path, single: bool = False, stem: str | None = None) -> _Outcome:
        from callcoach.app.analyze_file import analyze_file
        from callcoach.report import build_report

        try:
            analysis = analyze_file(
                file,
                info=self.manifest.for_file(file) if self.manifest else None,
                rep=self.rep,
                roster=self.roster,
                detectors=self.detectors,
                min_confidence=self.min_confidence,
                rubric=self.rubric,
                call_type=self.call_type,
                call_date=self.call_date,
                input_format=self.input_format,
            )
        except CallcoachError as exc:
            return _Outcome(file, (), "", str(exc))
        report = build_report(
            analysis.call, analysis.roles, analysis.metrics, analysis.findings, analysis.scorecard
        )
        try:
            written = tuple(self._emit(report, single, stem or file.stem))
        except CallcoachError as exc:  # e.g. OutputError: disk full, a folder in the way
            return _Outcome(file, (), "", str(exc))
        return _Outcome(file, written, _one_line(report), report=report)

    def _emit(self, report: AnalysisReport, single: bool, stem: str) -> Iterator[Path]:
        for fmt in self.formats:
            if fmt is OutputFormat.table:
                if single:
                    from callcoach.report import terminal

                    out.print(terminal.render(report))
                continue
            if fmt is OutputFormat.json:
                text = report.model_dump_json(indent=2)
            elif fmt is OutputFormat.md:
                from callcoach.report import markdown

                text = markdown.render(report)
            else:
                from callcoach.report import html

                text = html.render_call(report)
            if self.target is None:
                sys.stdout.write(text + "\n")
                continue
            path = self.target if self.target.suffix else self.target / f"{stem}{SUFFIX[fmt]}"
            _write_atomic(path, text)
            yield path


def _one_line(report: AnalysisReport) -> str:
    values = {m.name: m.value for m in report.metrics}
    reps = ", ".join(s.name for s in report.speakers if s.role == "rep") or "?"
    ratio = values.get("talk_ratio_time")
    if ratio is None:
        ratio = values.get("talk_ratio_words")
    questions = values.get("rep_questions")
    parts = [f"rep {reps}"]
    if report.scorecard is not None and report.scorecard.overall is not None:
        parts.append(f"score {report.scorecard.overall:.1f}/5 ({report.scorecard.call_type})")
    if ratio is not None:
        parts.append(f"rep talk {ratio:.0f}%")
    if questions is not None:
        parts.append(f"{questions:.0f} rep questions")
    return "; ".join(parts)


def _stems(files: Sequence[Path]) -> dict[Path, str]:
    from callcoach.report.output import unique_stems

    return unique_stems(files, reserved=("team",))


def _run_batch(job: _Job, files: Sequence[Path]) -> list[_Outcome]:
    stems = _stems(files)
    outcomes: list[_Outcome] = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyzing", total=len(files))
        for file in files:
            progress.update(task, description=escape(f"analyzing {file.name}"))
            try:
                outcome = job.run_one(file, stem=stems[file])
            except Exception as exc:  # one broken file must never stop the batch
                if os.environ.get("CALLCOACH_DEBUG"):
                    raise
                outcome = _Outcome(file, (), "", f"{file}: internal error: {exc!r}")
            outcomes.append(outcome)
            progress.advance(task)
    return outcomes


def _print_summary(outcomes: Sequence[_Outcome]) -> None:
    done = [o for o in outcomes if not o.error]
    failed = [o for o in outcomes if o.error]
    if done:
        table = Table(title="callcoach — analyzed", title_justify="left")
        table.add_column("file", overflow="fold")
        table.add_column("result", overflow="fold")
        table.add_column("written", overflow="fold")
        for o in done:
            kinds = ", ".join(p.suffix.lstrip(".") for p in o.written)
            table.add_row(Text(o.file.name), Text(o.summary), Text(kinds))
        err.print(fitted(table))
    for o in failed:
        # Name the file unless the message already does.
        error = o.error or ""
        where = "" if str(o.file) in error else f"{o.file}: "
        err.print(Text(f"FAILED {where}{error}", style="red"))
    err.print(f"{len(done)} analyzed, {len(failed)} failed")
    folders = sorted({str(p.parent) for o in done for p in o.written})
    if folders:
        err.print(f"reports written to {', '.join(folders)}")


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="DB",
        help="Database URL or SQLite file (default: $CALLCOACH_DB_URL, else user data dir).",
    ),
]


@app.command("import")
def import_calls(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Transcript files, folders, or callcoach export dumps.", metavar="PATH"
        ),
    ],
    db: DbOption = None,
    rep: RepOption = None,
    rep_roster: RosterOption = None,
    rubric: Annotated[
        str | None,
        typer.Option("--rubric", metavar="RUBRIC", help="Also store a scorecard with this rubric."),
    ] = None,
    recursive: RecursiveOption = False,
) -> None:
    """Store calls (analysed) in the database: idempotent, one transaction per call."""
    from callcoach.storage.commands import import_paths

    with _user_errors():
        files = collect_transcripts(paths, recursive)
        _rubric(rubric, None)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("importing", total=len(files))

            def advance(outcome: object, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = import_paths(
                files, db, rep=rep, roster=_roster(rep_roster), rubric=rubric, progress=advance
            )
    for failed in summary.failed:
        err.print(Text(f"FAILED {failed.source}: {failed.reason}", style="red"))
    err.print(
        f"{len(summary.added)} added, {len(summary.skipped)} already stored (skipped), "
        f"{len(summary.failed)} failed"
    )
    if summary.failed:
        raise typer.Exit(1)


@app.command("export")
def export_calls(
    out_path: Annotated[
        Path, typer.Option("--out", "-o", metavar="FILE", help="The JSON Lines dump to write.")
    ],
    db: DbOption = None,
) -> None:
    """Write every stored call to a JSON Lines dump (callcoach import reads it back)."""
    from callcoach.storage.commands import export_dump

    with _user_errors():
        count = export_dump(_existing_db(db), out_path)
    err.print(f"exported {count} calls to {out_path}")


db_app = typer.Typer(
    cls=_Group, rich_markup_mode=None, help="The database: schema upgrades.", no_args_is_help=True
)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Upgrade the database schema to this version of callcoach."""
    from callcoach.storage.commands import upgrade

    with _user_errors():
        message = upgrade(db)
    out.print(Text(message), soft_wrap=True)


class CrmSource(StrEnum):
    salesforce = "salesforce"
    hubspot = "hubspot"
    generic = "generic"


crm_app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    help="CRM deals: import exports and link them to calls.",
    no_args_is_help=True,
)
app.add_typer(crm_app, name="crm")


@crm_app.command("import")
def crm_import(
    file: Annotated[
        Path, typer.Argument(help="A CSV export of deals / opportunities.", metavar="FILE")
    ],
    source: Annotated[
        CrmSource,
        typer.Option(
            "--source",
            metavar="salesforce|hubspot|generic",
            help="Which CRM's column names the file uses.",
        ),
    ] = CrmSource.generic,
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping", metavar="FILE", help="YAML column mapping for other CRMs (docs/crm.md)."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Store deals (bad rows reported with row number and reason) and link stored calls."""
    from callcoach.crm.commands import crm_import as run_crm_import

    with _user_errors():
        summary = run_crm_import(file, source.value, mapping, db)
    for line in summary.lines():
        out.print(Text(line), soft_wrap=True)


@app.command("insights")
def insights(
    db: DbOption = None,
    rubric: Annotated[
        str | None,
        typer.Option("--rubric", metavar="RUBRIC", help="Only scorecards of this rubric id."),
    ] = None,
    min_closed_deals: Annotated[
        int,
        typer.Option(
            "--min-closed-deals", metavar="N", help="Below this, no conclusions are drawn."
        ),
    ] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_markdown: Annotated[
        bool, typer.Option("--markdown", "--md", help="Print Markdown.")
    ] = False,
    html_path: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Also write a self-contained HTML page."),
    ] = None,
) -> None:
    """Which behaviours go with won revenue: win rates by band, odds ratios, revenue vs vanity."""
    from callcoach.insights.commands import load_insights, run_insights

    with _user_errors():
        db = _existing_db(db)
        code = run_insights(db, rubric, min_closed_deals, as_json, as_markdown=as_markdown)
        if html_path is not None:
            from callcoach.report.insights_html import render_insights

            _write_atomic(html_path, render_insights(load_insights(db, rubric, min_closed_deals)))
            err.print(f"wrote {html_path}")
    if code:
        raise typer.Exit(code)


rubric_app = typer.Typer(
    cls=_Group,
    rich_markup_mode=None,
    help="Rubrics: list the built-in ones, check your own.",
    no_args_is_help=True,
)
app.add_typer(rubric_app, name="rubric")


@rubric_app.command("list")
def rubric_list() -> None:
    """List the built-in rubrics."""
    from callcoach.scoring import builtin_rubrics, load_rubric

    table = Table(title="rubrics", title_justify="left")
    for column in ("id", "title", "version", "criteria", "call types"):
        table.add_column(column, overflow="fold")
    for name in builtin_rubrics():
        r = load_rubric(name)
        table.add_row(r.id, r.title, r.version, str(len(r.criteria)), ", ".join(r.call_types))
    out.print(fitted(table))


@rubric_app.command("check")
def rubric_check(
    file: Annotated[Path, typer.Argument(help="A rubric YAML file.", metavar="FILE")],
) -> None:
    """Validate a rubric file: its schema, and that every detector it reads exists."""
    from callcoach.scoring import load_rubric
    from callcoach.scoring.rubric import check_references

    with _user_errors():
        rubric = load_rubric(file)
        check_references(rubric, source=str(file))
    weights = sum(c.weight for c in rubric.criteria)
    out.print(
        Text(
            f"{file}: ok — {rubric.id} v{rubric.version}, {len(rubric.criteria)} criteria "
            f"(total weight {weights:g}), call types {', '.join(rubric.call_types)}"
        ),
        soft_wrap=True,
    )


@app.command("detectors")
def list_detectors() -> None:
    """List the registered detectors with their version and parameters."""
    from callcoach.detectors import registry

    table = Table(title="detectors", title_justify="left")
    for column in ("name", "version", "requires", "parameters", "description"):
        table.add_column(column, overflow="fold")
    for name in registry.names():
        cls = registry.get(name)
        params = json.dumps(cls.default_params(), default=str)
        table.add_row(name, cls.version, ", ".join(cls.requires), params, cls.description)
    out.print(fitted(table))


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the output of analyze --format json."""
    from callcoach.report.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")


@app.command("eval")
def evaluate(
    data: Annotated[
        str,
        typer.Option(
            "--data", metavar="CORPUS", help="A bundled corpus name or a path to utterances.jsonl."
        ),
    ],
    split: Annotated[str, typer.Option("--split", metavar="SPLIT", help="train or dev.")] = "dev",
    detector: Annotated[
        str | None, typer.Option("--detector", metavar="NAME", help="Only tasks of this detector.")
    ] = None,
    strip_punct: Annotated[
        bool, typer.Option("--strip-punct", help="Lower-case and strip punctuation (ASR-like).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            metavar="N",
            help="Only the first N conversations (with --cv: N sampled by hash).",
        ),
    ] = None,
    merge_turns: Annotated[
        bool,
        typer.Option(
            "--merge-turns", help="Join a speaker's consecutive rows into one run-on turn."
        ),
    ] = False,
    cv: Annotated[
        int | None,
        typer.Option("--cv", help="K-fold cross-validation over train+dev conversations (K >= 2)."),
    ] = None,
    show_misses: Annotated[
        bool, typer.Option("--misses", help="salescalls: list every miss and false alarm.")
    ] = False,
) -> None:
    """Precision, recall and F1 (bootstrap 95% CIs) of the detectors on an annotated corpus.

    With `--data salescalls` (or a folder of *.labels.json calls): moment-level scores per
    label, scorecard against the expert's ratings and the role guess.
    """
    from callcoach.eval.command import run_cv, run_eval

    with _user_errors():
        if cv is not None:
            code = run_cv(data, cv, detector, strip_punct, as_json, limit, merge_turns)
        else:
            code = run_eval(
                data, split, detector, strip_punct, as_json, limit, show_misses, merge_turns
            )
    if code:
        raise typer.Exit(code)


@app.command("batch")
def batch_calls(
    paths: PathsArgument,
    db: DbOption = None,
    workers: Annotated[
        int | None, typer.Option("--workers", "-j", help="Worker processes (default: the cores).")
    ] = None,
    executor: Annotated[
        str, typer.Option("--executor", help="local (a process pool) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    ] = None,
    rep: RepOption = None,
    rep_roster: RosterOption = None,
    manifest: ManifestOption = None,
    rubric: Annotated[
        str | None, typer.Option("--rubric", help="Also store a scorecard with this rubric.")
    ] = None,
    detectors: Annotated[
        str | None, typer.Option("--detectors", help="Comma-separated detector names.")
    ] = None,
    min_confidence: MinConfidenceOption = 0.6,
    embedding_cache: Annotated[
        Path | None,
        typer.Option("--embedding-cache", help="SQLite file of cached sentence vectors."),
    ] = None,
    no_embedding_cache: Annotated[
        bool, typer.Option("--no-embedding-cache", help="Embed every sentence afresh.")
    ] = False,
    recursive: RecursiveOption = False,
) -> None:
    """Analyse and store many calls on every core (or a Dask cluster); rerun to resume."""
    from contextlib import ExitStack

    from callcoach.app.batch import BatchOptions, default_workers, local_executor, run_batch
    from callcoach.nlp.embedding_cache import default_cache_path
    from callcoach.storage.database import make_engine

    with _user_errors():
        if executor not in ("local", "dask"):
            raise UsageError(f"--executor {executor!r}: use local or dask")
        if scheduler and executor != "dask":
            raise UsageError("--scheduler needs --executor dask")
        if workers is not None and workers < 1:
            raise UsageError("--workers must be at least 1")
        files = collect_transcripts(paths, recursive)
        cache = None if no_embedding_cache else (embedding_cache or default_cache_path())
        options = BatchOptions(
            rep=tuple(rep or ()),
            roster=_roster(rep_roster),
            rubric=_rubric(rubric, None),
            detectors=_names(detectors),
            min_confidence=min_confidence,
            manifest=_manifest(manifest),
            embedding_cache=cache,
        )
        engine = make_engine(db)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        try:
            with ExitStack() as stack:
                if executor == "dask":
                    from callcoach.app.executors_dask import dask_executor

                    cluster = stack.enter_context(dask_executor(scheduler, workers))
                    pool = cluster.executor
                    window = 2 * max(1, cluster.workers)
                    if cluster.dashboard:
                        err.print(f"Dask dashboard: {cluster.dashboard}")
                else:
                    count = workers or default_workers()
                    pool = stack.enter_context(local_executor(options, count))
                    window = 2 * count
                progress = stack.enter_context(Progress(*columns, console=err, transient=True))
                task = progress.add_task("analysing", total=len(files))

                def advance(outcome: object, done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                summary = run_batch(engine, files, options, pool, window=window, progress=advance)
        finally:
            engine.dispose()
    for failed in summary.failed:
        err.print(Text(f"FAILED {failed.source}: {failed.reason}", style="red"))
    err.print(
        f"{summary.added} added, {summary.replaced} re-analysed (detectors changed), "
        f"{summary.skipped} already stored (skipped), {len(summary.failed)} failed"
    )
    if summary.failed:
        raise typer.Exit(1)


def main() -> None:
    app()


from callcoach.drills.cli import register as _register_drills  # noqa: E402

_register_drills(app)

from callcoach.web.cli import register as _register_web  # noqa: E402

_register_web(app)
