"""Every ``callcoach …`` command written in the README and docs exists, with its options.

Each command's ``--help`` is run, and an option the docs use that the command does not have
fails the test: the docs must never show a command that cannot work. An option written in
prose next to a command (`callcoach import` … `--manifest`, in the same paragraph or list
item) must exist in one of the commands named there.
"""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.core import TyperGroup
from typer.testing import CliRunner

from callcoach.cli import app
from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"```[a-z]*\n(.*?)```", re.S)
INLINE = re.compile(r"`(callcoach [a-z][a-z-]*(?: [^`]*)?)`")
TYPE_METAVAR = re.compile(r"<(bool|str|int|float|path|list\[|[a-z|]+\|)")
OPTION = re.compile(r"(?<![\w-])(--?[a-zA-Z][\w-]*)")


def _commands() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        name = str(doc.relative_to(ROOT))
        for block in FENCE.findall(text):
            for line in block.splitlines():
                line = line.split(" #", 1)[0].strip()
                if line.startswith("callcoach "):
                    found.append((name, line))
        for span in INLINE.findall(FENCE.sub("", text)):
            found.append((name, span))
    return found


COMMANDS = _commands()
BARE = re.compile(r"`([a-z][a-z-]*)`")
TOP = {c.name for c in typer.main.get_command(app).commands.values()}  # type: ignore[attr-defined]
PROSE_OPTION = re.compile(r"`(--?[a-zA-Z][\w-]*)")
BLOCK_START = re.compile(r"\n(?=\s*(?:[-*] |\d+\. |\|))")


def _prose_blocks() -> list[tuple[str, list[str], list[str]]]:
    """(doc, commands, options) of each paragraph or list item that names a command."""
    found = []
    for doc in DOCS:
        text = FENCE.sub("", doc.read_text(encoding="utf-8"))
        for paragraph in re.split(r"\n\s*\n", text):
            for block in BLOCK_START.split(paragraph):
                commands = INLINE.findall(block)
                options = PROSE_OPTION.findall(block)
                if commands and options:
                    # A command also named bare (`analyze`) lends its options to the block.
                    commands += [f"callcoach {w}" for w in BARE.findall(block) if w in TOP]
                    found.append((str(doc.relative_to(ROOT)), commands, options))
    return found


PROSE = _prose_blocks()


def _resolve(words: list[str]) -> tuple[list[str], set[str]]:
    """The subcommand path of ``words`` and the options that command accepts."""
    command = typer.main.get_command(app)
    path: list[str] = []
    ctx = typer.core._click.Context(command)
    for word in words:
        if not isinstance(command, TyperGroup):
            break
        sub = command.get_command(ctx, word)
        if sub is None:
            break
        command, path = sub, [*path, word]
    options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    return path, options | {"-h", "--help"}


def test_docs_show_commands() -> None:
    assert len(COMMANDS) >= 15
    assert any(line.startswith("callcoach analyze") for _, line in COMMANDS)


@pytest.mark.parametrize(("doc", "line"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_exists_with_its_options(doc: str, line: str) -> None:
    words = line.split()[1:]
    path, options = _resolve(words)
    assert path, f"{doc}: {line!r} names no callcoach command"
    unknown = sorted(set(OPTION.findall(line.split(">", 1)[0])) - options)
    assert not unknown, f"{doc}: {line!r} uses options that {' '.join(path)} does not have"
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert f"callcoach {' '.join(path)}" in result.output


def test_prose_shows_options_with_commands() -> None:
    assert len(PROSE) >= 5


@pytest.mark.parametrize(
    ("doc", "commands", "options"), PROSE, ids=[f"{d}: {' | '.join(c)}" for d, c, _ in PROSE]
)
def test_options_written_beside_a_command_exist(
    doc: str, commands: list[str], options: list[str]
) -> None:
    accepted: set[str] = set()
    for command in commands:
        path, known = _resolve(command.split()[1:])
        assert path, f"{doc}: {command!r} names no callcoach command"
        accepted |= known
    unknown = sorted(set(options) - accepted)
    assert not unknown, f"{doc}: {unknown} written beside {commands}, which do not have them"


def test_h_works_like_help_everywhere() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    ctx = typer.core._click.Context(root)
    paths: list[list[str]] = [[]]
    for name in root.list_commands(ctx):
        sub = root.get_command(ctx, name)
        if isinstance(sub, TyperGroup):
            paths += [[name, n] for n in sub.list_commands(ctx)]
        paths.append([name])
    for path in paths:
        short = CliRunner().invoke(app, [*path, "-h"])
        long = CliRunner().invoke(app, [*path, "--help"])
        assert short.exit_code == 0, (path, short.output)
        assert short.output == long.output
        assert not TYPE_METAVAR.search(long.output), long.output


def test_a_documented_file_path_exists_where_it_names_the_repository() -> None:
    # Commands that read the repository's own files (examples/…) must point at real files.
    for doc, line in COMMANDS:
        for word in line.split():
            if word.startswith("examples/"):
                assert (ROOT / word).exists(), f"{doc}: {line!r}: {word} does not exist"
