"""A real browser for the HTML report tests: Debian chromium driven by Playwright.

Chromium is installed by scripts/test.sh (as root). Where it is missing the browser tests
skip with the reason — except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class PageVisit:
    """A page opened from a file, with every request and console error it caused."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser(chromium: Any) -> Any:
    return chromium  # tests/conftest.py: one chromium for the whole session


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts = []

    def _open(path: Path) -> PageVisit:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        contexts.append(context)
        page = context.new_page()
        visit = PageVisit(page=page, url=path.resolve().as_uri())
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on(
            "console",
            lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: visit.console_errors.append(str(exc)))

        def _dialog(dialog: Any) -> None:
            visit.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", _dialog)
        page.goto(visit.url)
        page.wait_for_load_state("load")
        return visit

    yield _open
    for context in contexts:
        context.close()


def screenshot(visit: PageVisit, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    visit.page.screenshot(path=str(path), full_page=True)
    return path
