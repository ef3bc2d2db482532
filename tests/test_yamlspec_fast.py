"""Shipped specs are parsed by libyaml; they must give what the pure-Python parser gives."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from callcoach import yamlspec

SHIPPED = [
    (package, folder, name)
    for package, folder in (("callcoach.scoring", "rubrics"), ("callcoach.drills", "scenarios"))
    for name in sorted(
        p.name for p in (resources.files(package) / folder).iterdir() if p.name.endswith(".yaml")
    )
]


@pytest.mark.parametrize(("package", "folder", "name"), SHIPPED)
def test_shipped_specs_parse_the_same_with_libyaml(package: str, folder: str, name: str) -> None:
    text = (resources.files(package) / folder / name).read_text(encoding="utf-8")
    specs = yamlspec.YamlSpecs(
        "spec", package, folder, shipped="-", fields="-", error=ValueError, parse=lambda t, s: t
    )
    assert specs.mapping(text, f"{yamlspec.BUILTIN}{name}>") == yaml.safe_load(text)


def test_a_users_file_keeps_the_pure_python_parser_and_its_messages() -> None:
    specs = yamlspec.YamlSpecs(
        "rubric", "callcoach.scoring", "rubrics", shipped="-", fields="id", error=ValueError,
        parse=lambda t, s: t,
    )  # fmt: skip
    with pytest.raises(
        ValueError, match=r"mine\.yaml:3: not valid YAML: expected ',' or '\]', but got"
    ):
        specs.mapping("id: x\ntitle: [unclosed\n", "mine.yaml")
