"""Collection settings for the whole repository (tests/conftest.py holds the test fixtures).

``pytest`` also runs the docstring examples of the callcoach package (``--doctest-modules``,
see pyproject.toml); they run from the repository root so they can read ``examples/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent

# Alembic's env.py runs a migration when imported; it is not a module to import on its own.
collect_ignore = ["callcoach/storage/migrations/env.py"]


@pytest.fixture(autouse=True)
def _doctests_run_from_the_root(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    if request.node.path.is_relative_to(ROOT / "callcoach"):
        monkeypatch.chdir(ROOT)
