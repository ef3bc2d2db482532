"""The pages' addresses, in one place: templates link with these, routes are declared with them."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["Urls"]


@dataclass(frozen=True, slots=True)
class Urls:
    """Links between pages; ``root`` is where the app is mounted ("" at the server's root)."""

    root: str = ""

    def calls(self) -> str:
        return f"{self.root}/calls"

    def call(self, call_id: str) -> str:
        return f"{self.root}/calls/{quote(call_id, safe='')}"

    def call_json(self, call_id: str) -> str:
        return f"{self.root}/api/v1/calls/{quote(call_id, safe='')}"

    def comment(self, call_id: str) -> str:
        return f"{self.call(call_id)}/comments"

    def delete(self, call_id: str) -> str:
        return f"{self.call(call_id)}/delete"

    def rep(self, name: str) -> str:
        # quote(safe=""): a name with "/" or "?" stays one path segment.
        return f"{self.root}/reps/{quote(name, safe='')}"

    def team(self) -> str:
        return f"{self.root}/team"

    def insights(self) -> str:
        return f"{self.root}/insights"

    def rubrics(self) -> str:
        return f"{self.root}/rubrics"

    def upload(self) -> str:
        return f"{self.root}/upload"

    def upload_page(self, job_id: str) -> str:
        return f"{self.root}/uploads/{quote(job_id, safe='')}"

    def upload_status(self, job_id: str) -> str:
        """The REST API's status of an upload (the upload page polls it)."""
        return f"{self.root}/api/v1/uploads/{quote(job_id, safe='')}"

    def report_css(self) -> str:
        """The HTML report's stylesheet, served as a file (the pages share its look)."""
        return f"{self.root}/assets/report.css"
