"""Opening reports in a real browser: Debian chromium driven by Playwright.

Used by the browser tests, the HTML benchmark and the README screenshots. Playwright is a dev
dependency and is imported by the caller; nothing here downloads a browser.
"""

from __future__ import annotations

import shutil
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags chromium tries to reach Google's hosts at start.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def launch(playwright: Any) -> Any:
    """A headless Debian chromium from a started ``sync_playwright()``."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=list(LAUNCH_ARGS)
    )
