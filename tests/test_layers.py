"""Dependencies point one way: a test reads every module's imports and fails on an upward one.

The table is the architecture (docs/architecture.md draws it). A module belongs to the
layer of the longest prefix that names it; it may import its own layer and the ones below,
never one above. Imports inside functions and under ``TYPE_CHECKING`` count too: a lazy
import is still a dependency. A new top-level module or package must be placed here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "callcoach"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("errors", "plugins", "escape", "yamlspec", "model")),
    ("call", ("ingest", "nlp", "detectors", "roles", "roster", "manifest", "asr")),
    ("pipeline", ("pipeline", "metrics")),
    ("scoring", ("scoring",)),
    ("api", ("", "api", "testing")),  # "": the package itself, the public API
    ("rooms", ("schema", "report", "storage", "crm", "insights", "eval", "drills")),
    ("app", ("app",)),
    ("surfaces", ("cli", "web", "__main__", "drills.cli")),
)
RANK = {
    ("callcoach." + name).rstrip("."): rank
    for rank, (_, names) in enumerate(LAYERS)
    for name in names
}
# Rooms that store, render, link and count: they run no analysis (app/ does).
PURE = ("callcoach.storage", "callcoach.crm", "callcoach.insights", "callcoach.report")
RUNNERS = (
    "callcoach.pipeline",
    "callcoach.app",
    "callcoach.ingest.loader",
    "callcoach.ingest.files",
)
RUNNING = {"analyze", "load_call", "load_text", "find_transcripts", "resolve_roles", "build"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _layer(module: str) -> int | None:
    """The layer of the longest table entry that is ``module`` or a package holding it (the
    package itself, ``callcoach``, names only its ``__init__``)."""
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        rank = RANK.get(".".join(parts[:end]))
        if rank is not None:
            return rank
    return RANK["callcoach"] if module == "callcoach" else None


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, imported callcoach module) of ``path``."""
    module = _module(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if path.name == "__init__.py" else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}".rstrip(".")
            targets = [
                f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "callcoach" or target.startswith("callcoach."):
                yield node.lineno, target


FILES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    unplaced = sorted({_module(f) for f in FILES if _layer(_module(f)) is None})
    assert not unplaced, f"place these modules in tests/test_layers.py LAYERS: {unplaced}"


@pytest.mark.parametrize("path", FILES, ids=[_module(f) for f in FILES])
def test_no_module_imports_a_higher_layer(path: Path) -> None:
    module = _module(path)
    own = _layer(module)
    assert own is not None
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {target} "
        f"({LAYERS[rank][0]} is above {LAYERS[own][0]})"
        for line, target in _imports(path)
        if (rank := _layer(target)) is not None and rank > own
    ]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize(
    "path",
    [f for f in FILES if _module(f).startswith(PURE)],
    ids=[_module(f) for f in FILES if _module(f).startswith(PURE)],
)
def test_storage_crm_insights_and_report_run_no_analysis(path: Path) -> None:
    # They may name an analysis's types; loading, resolving roles and analysing are app/'s.
    runs = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("callcoach"):
            names = {alias.name for alias in node.names}
            if (node.module or "").startswith(RUNNERS) or names & RUNNING:
                runs.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.module}")
        elif isinstance(node, ast.Import):
            runs += [
                f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {alias.name}"
                for alias in node.names
                if alias.name.startswith(RUNNERS)
            ]
    assert not runs, "\n".join(runs)


def test_only_the_app_layer_opens_engines() -> None:
    # make_engine / ensure_schema are storage's; opening and disposing them is app/'s.
    allowed = ("callcoach.app", "callcoach.storage")
    callers = [
        f"{path.relative_to(PACKAGE.parent)}"
        for path in FILES
        if not _module(path).startswith(allowed)
        and any(
            isinstance(node, ast.Name | ast.Attribute)
            and (node.id if isinstance(node, ast.Name) else node.attr)
            in ("make_engine", "ensure_schema")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert not callers, callers


def test_the_app_layer_neither_prints_nor_parses_arguments() -> None:
    # The CLI and the web app both call app/: it returns values and raises errors.
    offenders = []
    for path in FILES:
        if not _module(path).startswith("callcoach.app"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                names.append(getattr(node, "module", None) or "")
                if any(n.split(".")[0] in ("typer", "rich", "click") for n in names):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, offenders


def test_the_table_is_the_one_in_the_docs() -> None:
    text = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    for name, members in LAYERS:
        assert f"**{name}**" in text, name
        for member in members:
            if member:
                assert f"`{member}" in text, (name, member)
