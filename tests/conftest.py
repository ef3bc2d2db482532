"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Property tests must not fail because the machine is busy: no per-example deadline and no
# "too slow" health check for the whole suite (a test may still ask for stricter settings).
settings.register_profile("callcoach", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("callcoach")

# The output of a test must not depend on the terminal that runs it. rich fixes a console's
# width at creation when COLUMNS is set, so drop the caller's value before callcoach.cli builds
# its consoles; every test then gets TEST_COLUMNS (see ``_fixed_terminal_width``), and tests
# that check wrapping set their own width.
for _name in ("COLUMNS", "LINES", "TERMINAL_WIDTH"):
    os.environ.pop(_name, None)
TEST_COLUMNS = 100

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _fixed_terminal_width(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every console (ours, typer's help, CliRunner's) sees the same width, whatever the
    terminal the suite runs in is: rich reads COLUMNS on each print when not fixed at start."""
    monkeypatch.setenv("COLUMNS", str(TEST_COLUMNS))
    monkeypatch.setenv("LINES", "50")
    yield


@pytest.fixture
def timed_call_text() -> str:
    """A short timed two-person call in the plain-text format."""
    return "\n".join(
        [
            "[00:00:00] Dana Reyes: Thanks for taking the time today, Sam.",
            "[00:00:04] Sam Patel: Happy to. We have about thirty minutes.",
            "[00:00:08] Dana Reyes: How does month-end close work for your team today?",
            "[00:00:14] Sam Patel: It takes us about nine days and two people full time.",
            "[00:00:25] Dana Reyes: What does that delay cost you?",
            "[00:00:30] Sam Patel: Roughly forty hours of overtime a month.",
            "[00:00:40] Dana Reyes: Could we book Tuesday at 2pm with your controller?",
            "[00:00:46] Sam Patel: Yes, Tuesday works.",
        ]
    )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Debian chromium (Playwright) for every browser test of the session:
    Playwright's sync API runs one instance per thread, so the report tests and the web app
    tests share this one. Skipped with the reason where chromium is missing (failed in CI)."""
    from callcoach.report.browser import CHROMIUM, launch

    if not Path(CHROMIUM).exists():
        message = f"chromium not found at {CHROMIUM} (scripts/test.sh installs it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()
