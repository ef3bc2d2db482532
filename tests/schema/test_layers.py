"""schema/ sits just above the data model: it reads dataclasses and never the layers above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "callcoach"
# What each module may import of callcoach (its own package is always allowed).
ALLOWED = {
    "schema": ("callcoach.model", "callcoach.scoring.team"),
    "insights/features.py": (),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            names.update(
                arg.value for arg in node.args if isinstance(arg, ast.Constant) and arg.value
            )
    return {n for n in names if isinstance(n, str) and n.split(".")[0] == "callcoach"}


@pytest.mark.parametrize("area", sorted(ALLOWED))
def test_no_upward_imports(area: str) -> None:
    target = PACKAGE / area
    files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    own = "callcoach." + area.removesuffix(".py").replace("/", ".")
    allowed = (own, *ALLOWED[area])
    for file in files:
        for name in _imports(file):
            ok = name == "callcoach" or any(name == a or name.startswith(a + ".") for a in allowed)
            assert ok, f"{file.relative_to(PACKAGE.parent)} imports {name}"
