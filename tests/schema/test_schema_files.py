"""The committed JSON Schema files are what the output models generate, one per version."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from callcoach.schema import JSON_DIR, OUTPUTS, json_schema, schema_file

ROOT = Path(__file__).resolve().parents[2]
FIX = "regenerate with: python scripts/regenerate_schemas.py"


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_committed_schema_equals_the_models(name: str) -> None:
    path = schema_file(name)
    assert path.is_file(), f"{path.name} is missing; {FIX}"
    assert json.loads(path.read_text(encoding="utf-8")) == json_schema(name), FIX


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_schema_names_its_output_and_version(name: str) -> None:
    output = OUTPUTS[name]
    schema = json_schema(name)
    assert schema["$id"] == f"urn:callcoach:schema:{name}:{output.version()}"
    assert schema["title"] == output.model
    model = getattr(importlib.import_module(output.module), output.model)
    assert model.model_fields["schema_version"].default == output.version()
    assert schema_file(name).name == f"{name}.v{output.version()}.json"


def test_every_committed_file_is_an_output_version() -> None:
    names = sorted(p.name for p in JSON_DIR.glob("*.json"))
    pattern = re.compile(r"^(?P<name>[a-z]+)\.v\d+(\.\d+)?\.json$")
    for file in names:
        match = pattern.match(file)
        assert match and match["name"] in OUTPUTS, file
    assert {schema_file(n).name for n in OUTPUTS} <= set(names)


def test_documented_analysis_schema_is_the_committed_one() -> None:
    documented = ROOT / "docs" / "schema" / "analysis.schema.json"
    assert json.loads(documented.read_text(encoding="utf-8")) == json_schema("analysis"), FIX


def test_regenerate_script_check_passes() -> None:
    script = ROOT / "scripts" / "regenerate_schemas.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
