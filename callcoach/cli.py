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
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from callcoach.app.outputs import SUFFIX, OutputFormat
from callcoach.errors import CallcoachError, UsageError
from callcoach.report.fit import fitted

if TYPE_CHECKING:
    from callcoach.app.options import AnalysisOptions
    from callcoach.app.reports import CallReport
    from callcoach.insights.report import InsightsReport
    from callcoach.manifest import Manifest
    from callcoach.roster import Roster


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
WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers", "-j", metavar="N", help="Worker processes for many calls (default 1)."
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
    from callcoach.app.analyze import speakers_of

    with _user_errors():
        if not file.is_file():
            raise UsageError(
                f"{file}: " + ("a folder, not a file" if file.is_dir() else "no such file")
            )
        found = speakers_of(file, input_format, min_confidence)
        call, roles = found.call, found.roles
        table = Table(title=f"{file} — {len(call.speakers)} speaker(s)", title_justify="left")
        for column in ("speaker", "talk share (time)", "talk share (words)", "words", "role"):
            table.add_column(column, justify="left" if column in ("speaker", "role") else "right")
        table.add_column("first line", overflow="fold")
        for s in found.speakers:
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
    workers: WorkersOption = 1,
) -> None:
    """Analyze calls: metrics and findings (and a scorecard with --rubric), all with evidence.

    With several calls, a rubric and --out, a team report (team.md/.json/.html) is written too.
    """
    with _user_errors():
        formats = list(dict.fromkeys(fmt or [OutputFormat.table]))
        files = collect_transcripts(paths, recursive)
        batch = len(files) > 1 or any(p.is_dir() for p in paths)
        target = _target(out_path, formats, batch)
        options = _options(
            rep=rep,
            rep_roster=rep_roster,
            rubric=rubric,
            call_type=call_type,
            detectors=detectors,
            min_confidence=min_confidence,
            manifest=manifest,
            input_format=input_format,
            call_date=call_date,
        )
        if not batch:
            _run_single(options, formats, target, files[0])
            return
        reports = _run_many(options, formats, target, files, team=None, workers=_workers(workers))
    _print_summary(reports)
    if any(r.error for r in reports):
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
    workers: WorkersOption = 1,
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
        target = _target(out_path, formats, batch=True)
        options = _options(
            rep=rep,
            rep_roster=rep_roster,
            rubric=rubric,
            min_confidence=min_confidence,
            manifest=manifest,
        )
        reports = _run_many(
            options, formats, target, files, team=True, insights_db=db, workers=_workers(workers)
        )
    _print_summary(reports)
    if any(r.error for r in reports):
        raise typer.Exit(1)


def _existing_db(db: str | None) -> str | None:
    """A --db that names an SQLite file must exist: reading a typo must not create a database."""
    from callcoach.app.database import require_database

    require_database(db)
    return db


def _options(
    *,
    rep: list[str] | None,
    rep_roster: Path | None,
    rubric: str | None,
    call_type: str | None = None,
    detectors: str | None = None,
    min_confidence: float = 0.6,
    manifest: Path | None = None,
    input_format: str | None = None,
    call_date: str | None = None,
) -> AnalysisOptions:
    """The options of ``analyze``, ``report``, ``import`` and ``batch``, each file read once."""
    from callcoach.app.options import AnalysisOptions, detector_names, resolve_rubric

    return AnalysisOptions(
        rep=tuple(rep or ()),
        roster=_roster(rep_roster),
        rubric=resolve_rubric(rubric, call_type),
        detectors=detector_names(detectors),
        min_confidence=min_confidence,
        call_type=call_type,
        manifest=_manifest(manifest),
        input_format=input_format,
        call_date=_parse_date(call_date),
    )


def _run_single(
    options: AnalysisOptions, formats: Sequence[OutputFormat], target: Path | None, file: Path
) -> None:
    """One call: tables to the terminal, files to ``target`` (or stdout without --out)."""
    from callcoach.app.analyze import report_file
    from callcoach.app.outputs import render_report, write_reports

    _, report = report_file(file, options)
    for fmt in formats:
        if fmt is OutputFormat.table:
            from callcoach.report import terminal

            out.print(terminal.render(report))
        elif target is None:
            sys.stdout.write(render_report(report, fmt) + "\n")
        else:
            for path in write_reports(report, (fmt,), target, file.stem):
                err.print(f"wrote {path}")


def _workers(count: int) -> int:
    if count < 1:
        raise UsageError("--workers must be at least 1")
    return count


def _manifest(path: Path | None) -> Manifest | None:
    if path is None:
        return None
    from callcoach.manifest import load_manifest

    return load_manifest(path)


def _run_many(
    options: AnalysisOptions,
    formats: Sequence[OutputFormat],
    target: Path | None,
    files: Sequence[Path],
    *,
    team: bool | None,
    insights_db: str | None = None,
    workers: int = 1,
) -> tuple[CallReport, ...]:
    """Many calls through the batch loop, with a progress bar; then the team files."""
    # Only runs of many calls draw a progress bar: a one-call analyze does not import it.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from callcoach.app.reports import report_calls

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analyzing", total=len(files))

        def advance(report: CallReport, done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        run = report_calls(
            files,
            options,
            formats,
            target,
            team=team,
            insights_db=insights_db,
            workers=workers,
            progress=advance,
        )
    for path in run.team:
        err.print(f"wrote {path}")
    return run.calls


def _write_atomic(path: Path, text: str) -> None:
    from callcoach.report.output import write_atomic

    write_atomic(path, text)


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


def _print_summary(reports: Sequence[CallReport]) -> None:
    done = [r for r in reports if not r.error]
    failed = [r for r in reports if r.error]
    if done:
        table = Table(title="callcoach — analyzed", title_justify="left")
        table.add_column("file", overflow="fold")
        table.add_column("result", overflow="fold")
        table.add_column("written", overflow="fold")
        for r in done:
            kinds = ", ".join(p.suffix.lstrip(".") for p in r.written)
            table.add_row(Text(r.file.name), Text(r.summary), Text(kinds))
        err.print(fitted(table))
    for r in failed:
        # Name the file unless the message already does.
        error = r.error or ""
        where = "" if str(r.file) in error else f"{r.file}: "
        err.print(Text(f"FAILED {where}{error}", style="red"))
    err.print(f"{len(done)} analyzed, {len(failed)} failed")
    folders = sorted({str(p.parent) for r in done for p in r.written})
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
    manifest: ManifestOption = None,
    detectors: Annotated[
        str | None,
        typer.Option("--detectors", metavar="NAMES", help="Comma-separated detector names."),
    ] = None,
    min_confidence: MinConfidenceOption = 0.6,
    workers: WorkersOption = 1,
) -> None:
    """Store calls (analysed) in the database: idempotent, one transaction per call."""
    from callcoach.app.imports import import_calls as run_import

    with _user_errors():
        files = collect_transcripts(paths, recursive)
        options = _options(
            rep=rep,
            rep_roster=rep_roster,
            rubric=rubric,
            manifest=manifest,
            detectors=detectors,
            min_confidence=min_confidence,
        )
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("importing", total=len(files))

            def advance(outcome: object, done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            summary = run_import(files, db, options, advance, workers=_workers(workers))
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
    from callcoach.app.database import export_dump

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
    from callcoach.app.database import upgrade

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
    from callcoach.app.crm import crm_import as run_crm_import
    from callcoach.app.database import require_database

    with _user_errors():
        # Deals link to stored calls: a database that does not exist yet is a typo in --db
        # (or calls not imported yet), never a reason to create an empty one.
        require_database(db, default_too=True)
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
    from callcoach.app.insights import load_insights

    with _user_errors():
        db = _existing_db(db)
        found = load_insights(db, rubric, min_closed_deals)
        print_insights(found, as_json, as_markdown=as_markdown)
        if html_path is not None:
            from callcoach.report.insights_html import render_insights

            _write_atomic(html_path, render_insights(found))
            err.print(f"wrote {html_path}")


def print_insights(
    found: InsightsReport,
    as_json: bool = False,
    *,
    as_markdown: bool = False,
    console: Console | None = None,
) -> None:
    """Print an insights report as rich tables, JSON or Markdown."""
    from callcoach.insights.report import render_terminal, to_markdown

    console = console or out  # no markup: CRM owner names may hold "[...]"
    if as_json:
        console.print_json(json.dumps(found.model_dump(mode="json")))
    elif as_markdown:
        console.print(
            to_markdown(found), markup=False, highlight=False, emoji=False, soft_wrap=True
        )
    else:
        render_terminal(found, console)


def run_insights(
    db_url: str | None,
    rubric_id: str | None = None,
    min_closed_deals: int = 100,
    as_json: bool = False,
    *,
    as_markdown: bool = False,
    console: Console | None = None,
) -> int:
    """Print the insights for the database at ``db_url``; returns the exit code (0)."""
    from callcoach.app.insights import load_insights

    found = load_insights(db_url, rubric_id, min_closed_deals)
    print_insights(found, as_json, as_markdown=as_markdown, console=console)
    return 0


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
    from callcoach.app.evaluation import eval_kind

    with _user_errors():
        kind = eval_kind(data)  # an unknown corpus is a usage error (exit code 2)
        if cv is not None:
            _print_cv(data, cv, detector, strip_punct, as_json, limit, merge_turns)
        elif kind == "salescalls":
            _print_salescalls(data, detector, as_json, show_misses)
        else:
            _print_eval(data, split, detector, strip_punct, as_json, limit, merge_turns)


_EVAL_COLUMNS = ("task", "dataset", "n", "P", "R", "F1", "95% CI")
_CV_COLUMNS = ("task", "dataset", "k", "n", "CV F1 ± sd", "min–max", "optimism", "dev F1")


def _eval_failed(exc: CallcoachError) -> int:
    """One message on stderr for a failed evaluation; exit code 1."""
    err.print(Text.assemble(("error: ", "bold red"), str(exc)))
    return 1


def run_eval(
    data: str,
    split: str = "dev",
    detector: str | None = None,
    strip_punct: bool = False,
    as_json: bool = False,
    limit: int | None = None,
    show_misses: bool = False,
    merge_turns: bool = False,
) -> int:
    """Evaluate and print the scores; returns the process exit code (0 ok, 1 error).

    JSON output is ``{task: {"precision", "recall", "f1", "ci": [lo, hi], "n", "dataset",
    "split", "strip_punct"}}``. Errors (unknown corpus, bad line, unknown detector) are
    printed as one message on stderr.
    """
    from callcoach.app.evaluation import eval_kind

    try:
        if eval_kind(data) == "salescalls":
            _print_salescalls(data, detector, as_json, show_misses)
        else:
            _print_eval(data, split, detector, strip_punct, as_json, limit, merge_turns)
    except CallcoachError as exc:
        return _eval_failed(exc)
    return 0


def run_cv(
    data: str,
    k: int,
    detector: str | None = None,
    strip_punct: bool = False,
    as_json: bool = False,
    limit: int | None = None,
    merge_turns: bool = False,
) -> int:
    """Cross-validate (k folds over train+dev conversations) and print; exit code as
    ``run_eval``. JSON output is ``cross_validate``'s dictionary per task."""
    try:
        _print_cv(data, k, detector, strip_punct, as_json, limit, merge_turns)
    except CallcoachError as exc:
        return _eval_failed(exc)
    return 0


def _print_eval(
    data: str,
    split: str,
    detector: str | None,
    strip_punct: bool,
    as_json: bool,
    limit: int | None,
    merge_turns: bool,
) -> None:
    from callcoach.eval.runner import evaluate, summary

    results = evaluate(data, split, detector, strip_punct, limit, merge_turns)
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2, sort_keys=True) + "\n")
        return
    table = Table(title=f"{data} ({split})")
    for column in _EVAL_COLUMNS:
        table.add_column(column, justify="left" if column in ("task", "dataset") else "right")
    for row in summary(results):
        table.add_row(*row)
    out.print(fitted(table))  # folds (or stacks) at any width, never cuts


def _print_salescalls(data: str, detector: str | None, as_json: bool, show_misses: bool) -> None:
    """The annotated sales calls: moments, attributes, scorecard and roles (salescalls.md)."""
    from callcoach.eval.salescalls import evaluate_salescalls
    from callcoach.eval.salescalls_report import print_salescalls

    _, results = evaluate_salescalls(data, detector)
    print_salescalls(results, as_json, show_misses)


def _print_cv(
    data: str,
    k: int,
    detector: str | None,
    strip_punct: bool,
    as_json: bool,
    limit: int | None,
    merge_turns: bool,
) -> None:
    from callcoach.eval.crossval import cross_validate, cv_summary

    results = cross_validate(data, k, detector, strip_punct, limit, merge_turns=merge_turns)
    if as_json:
        sys.stdout.write(json.dumps(results, indent=2, sort_keys=True, default=str) + "\n")
        return
    sampled = f", {limit} conversations sampled" if limit is not None else ""
    table = Table(title=f"{data} ({k}-fold cross-validation on train+dev{sampled})")
    for column in _CV_COLUMNS:
        table.add_column(column, justify="left" if column in ("task", "dataset") else "right")
    for row in cv_summary(results):
        table.add_row(*row)
    out.print(table)


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
    from dataclasses import replace

    from callcoach.app.batch import default_workers, local_executor, run_batch
    from callcoach.app.database import open_engine
    from callcoach.nlp.embedding_cache import default_cache_path

    with _user_errors():
        if executor not in ("local", "dask"):
            raise UsageError(f"--executor {executor!r}: use local or dask")
        if scheduler and executor != "dask":
            raise UsageError("--scheduler needs --executor dask")
        if workers is not None and workers < 1:
            raise UsageError("--workers must be at least 1")
        files = collect_transcripts(paths, recursive)
        cache = None if no_embedding_cache else (embedding_cache or default_cache_path())
        options = _options(
            rep=rep,
            rep_roster=rep_roster,
            rubric=rubric,
            detectors=detectors,
            min_confidence=min_confidence,
            manifest=manifest,
        )
        options = replace(options, embedding_cache=cache)
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
        with ExitStack() as stack:
            engine = stack.enter_context(open_engine(db))
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
    for failed in summary.failed:
        err.print(Text(f"FAILED {failed.source}: {failed.reason}", style="red"))
    err.print(
        f"{summary.added} added, {summary.replaced} re-analysed (detectors changed), "
        f"{summary.skipped} already stored (skipped), {len(summary.failed)} failed"
    )
    if summary.failed:
        raise typer.Exit(1)


# Commands that analyse calls: their imports and first ``pipeline.build`` run with the
# collector off (app/heap.py's start-up window, closed by the first build in app/).
_ANALYSING = frozenset({"analyze", "report", "import", "batch"})


def _analyses(args: Sequence[str]) -> bool:
    command = next((arg for arg in args if not arg.startswith("-")), None)
    return command in _ANALYSING


def main() -> None:
    from callcoach.app import heap

    heap.tune_collector()  # fewer, larger young-generation passes: ~0.07 s less CPU per call
    if _analyses(sys.argv[1:]):
        heap.quiet_start_up()  # ~0.1 s less CPU before the first call (docs/benchmarks.md)
    try:
        app()
    finally:
        heap.end_start_up()  # if no pipeline was built


from callcoach.drills.cli import register as _register_drills  # noqa: E402

_register_drills(app)

from callcoach.web.cli import register as _register_web  # noqa: E402

_register_web(app)
