"""Screenshots of the HTML reports for the README (docs/img/*.png), taken in Debian chromium.

    python scripts/screenshots.py

Analyzes the bundled sample calls exactly as scripts/demo.sh does and photographs one call
report and the team report; then runs the SYNTHETIC demo CRM flow (import, crm import,
insights --html) and photographs the insights page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from callcoach.report.browser import launch

ROOT = Path(__file__).resolve().parents[1]
SHOTS = {
    "01-northwind-discovery-expert.html": "call-report.png",
    "team.html": "team-report.png",
    "insights.html": "insights-report.png",
}


def _callcoach(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "callcoach", *args], cwd=ROOT, check=True)


def _reports(folder: Path) -> None:
    _callcoach(
        "analyze", "examples/", "--rep-roster", "examples/team.yaml",
        "--manifest", "examples/manifest.yaml", "--rubric", "expert-not-friend",
        "--format", "html", "--out", str(folder),
    )  # fmt: skip
    db = str(folder / "demo.db")
    _callcoach("import", "examples/demo-crm/calls", "--db", db, "--rubric", "expert-not-friend")
    deals = "examples/demo-crm/deals_salesforce.csv"
    _callcoach("crm", "import", deals, "--source", "salesforce", "--db", db)
    _callcoach("insights", "--db", db, "--html", str(folder / "insights.html"))


def main() -> int:
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        _reports(Path(tmp))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            for html, png in SHOTS.items():
                page.goto((Path(tmp) / html).as_uri())
                page.screenshot(path=str(out / png))
                print(f"wrote {out / png}")
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
