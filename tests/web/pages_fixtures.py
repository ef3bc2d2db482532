"""Stored calls for the page tests: two sample calls and one invented call full of markup.

Not a conftest: the API tests beside these keep their own fixtures, and neither overrides the
other's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined

from callcoach.report import words
from callcoach.roster import load_roster
from callcoach.storage.commands import import_paths
from callcoach.web.views.urls import Urls
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"
TEMPLATES = ROOT / "callcoach" / "web" / "templates"
XSS = '<script>alert("x")</script>'
# Names cannot hold '<' or '>' (ingest refuses them); quotes and '&' they can.
XSS_REP = 'Eve "onmouseover=alert(1)" O\'Hara & Co'

# Used only where the real base layout (callcoach.web, the server's) is not there yet.
_FALLBACK_BASE = """<!doctype html><html><head><title>{% block title %}{% endblock %}</title>
{% block head %}{% endblock %}</head><body><main>{% block content %}{% endblock %}</main>
{% block scripts %}{% endblock %}</body></html>"""


def markup_call(folder: Path) -> Path:
    """An invented call whose names and words are HTML and script."""
    lines = [
        (XSS_REP, f"Hi, thanks for joining. {XSS} What does month-end close cost you today?"),
        ("Pat Buyer", "About six days of overtime each month, roughly 40,000 dollars."),
        (XSS_REP, "How do you decide on a tool like <b>this</b>, and who signs off on it?"),
        ("Pat Buyer", "I need to think about it. <a href='javascript:alert(2)'>link</a>"),
        (XSS_REP, "What would you need to see to decide by Friday the 14th?"),
        ("Pat Buyer", "A demo for our controller. Let's book Thursday at 10."),
    ]
    payload: dict[str, Any] = {
        "title": f"Markup {XSS} call",
        "date": "2026-11-20",
        "participants": [
            {"name": XSS_REP, "email": "eve@seller.example", "role": "rep"},
            {"name": "Pat Buyer", "email": "pat@buyer.example", "role": "prospect"},
        ],
        "segments": [
            {"start": 6.0 * i, "end": 6.0 * i + 5.0, "speaker": who, "text": text}
            for i, (who, text) in enumerate(lines)
        ],
    }
    path = folder / "markup-call.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def build_db(folder: Path) -> str:
    """A SQLite file with the sample calls 01 and 08 and the markup call, all scored."""
    db = str(folder / "pages.db")
    files = [
        EXAMPLES / "01-northwind-discovery-expert.vtt",
        EXAMPLES / "08-quarryhill-negotiation-expert.json",
        markup_call(folder),
    ]
    summary = import_paths(
        files, db, roster=load_roster(EXAMPLES / "team.yaml"), rubric="expert-not-friend"
    )
    assert not summary.failed, summary.failed
    return db


def environment() -> Environment:
    """The pages' templates with autoescaping on and undefined names an error, as served."""
    return Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(TEMPLATES)), DictLoader({"base.html.j2": _FALLBACK_BASE})]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    env = environment()
    env.globals["static"] = lambda path: "/static/" + str(path).lstrip("/")
    values: dict[str, Any] = {
        "urls": Urls(),
        "w": words,
        "csrf_token": lambda: "test-csrf-token",
        "user": None,
        "comment_limit": 2000,
        "can_delete": False,
    }
    values.update(context)
    return env.get_template(name).render(**values)
