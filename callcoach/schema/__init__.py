"""Every JSON output of callcoach as versioned pydantic models, each with a committed schema.

- ``analysis``: ``callcoach analyze --format json`` (``AnalysisReport``),
- ``team``: the ``team.json`` of a batch with a rubric (``TeamReport``),
- ``insights``: ``callcoach insights --json`` (``InsightsReport``),
- ``drill``: ``callcoach drill run --format json`` (``DrillReport``),
- ``screen``: ``callcoach screen --format json`` (``ScreenReport``).

``OUTPUTS`` names them; ``json_schema(name)`` generates an output's JSON Schema and
``schema_file(name)`` is the committed copy in ``callcoach/schema/json/`` (a test keeps the two
equal; ``python scripts/regenerate_schemas.py`` rewrites the files after a change). Output
models are built from the frozen dataclasses of ``callcoach.model`` with
``Model.model_validate(obj, from_attributes=True)``.

The modules load on first use, so ``callcoach --help`` does not import pydantic.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["OUTPUTS", "Output", "json_schema", "schema_file"]

JSON_DIR = Path(__file__).resolve().parent / "json"


@dataclass(frozen=True, slots=True)
class Output:
    """One JSON output: its name, the module of its models, the top-level model and version."""

    name: str
    module: str
    model: str
    version_name: str
    description: str

    def version(self) -> str:
        return str(getattr(importlib.import_module(self.module), self.version_name))


OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output(
            "analysis",
            "callcoach.schema.analysis",
            "AnalysisReport",
            "SCHEMA_VERSION",
            "callcoach analyze --format json: one analysed call",
        ),
        Output(
            "team",
            "callcoach.schema.team",
            "TeamReport",
            "TEAM_SCHEMA_VERSION",
            "team.json: the scorecards of many calls per rep",
        ),
        Output(
            "insights",
            "callcoach.schema.insights",
            "InsightsReport",
            "SCHEMA_VERSION",
            "callcoach insights --json: behaviour and revenue",
        ),
        Output(
            "drill",
            "callcoach.schema.drill",
            "DrillReport",
            "DRILL_SCHEMA_VERSION",
            "callcoach drill run --format json: a played sales drill",
        ),
        Output(
            "screen",
            "callcoach.schema.screen",
            "ScreenReport",
            "SCREEN_SCHEMA_VERSION",
            "callcoach screen --format json: a screened hiring interview",
        ),
    )
}


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of output ``name`` (see ``OUTPUTS``), with its version in ``$id``."""
    output = OUTPUTS[name]
    schema: dict[str, Any] = importlib.import_module(output.module).json_schema()
    return schema


def schema_file(name: str) -> Path:
    """The committed JSON Schema of output ``name`` at its current version."""
    return JSON_DIR / f"{name}.v{OUTPUTS[name].version()}.json"
