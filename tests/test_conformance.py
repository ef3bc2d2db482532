"""The contracts of every registered plug-in, checked once over each registry.

A new detector or transcript format is covered here by registering it: no test file has to
remember to call ``check_detector`` or to list the format's samples.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from callcoach.detectors import Embedder, registry
from callcoach.errors import DetectorConfigError, DetectorError
from callcoach.ingest import registry as format_registry
from callcoach.ingest.vendor_json import SUPPORTED_SHAPES, VENDORS
from callcoach.testing import HashingEmbedder, check_detector, check_format

DETECTORS = registry.names()
FORMATS = format_registry.names()


def _json_form(value: Any) -> Any:
    """``value`` as JSON would give it back: tuples are lists."""
    if isinstance(value, tuple | list):
        return [_json_form(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_form(v) for k, v in value.items()}
    return value


def _embedder(needs_embeddings: bool) -> Embedder:
    if not needs_embeddings:
        return HashingEmbedder()
    # Embedding detectors carry weights fitted to MiniLM's vectors (question_topic), so the
    # battery runs them on the real, bundled model, as the pipeline does.
    from callcoach.nlp.embeddings import default_embedder

    return default_embedder()


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_declares_name_version_and_existing_requirements(name: str) -> None:
    cls = registry.get(name)
    assert cls.name == name
    assert isinstance(cls.version, str) and cls.version.strip(), f"{name}: no version"
    assert cls.description.strip(), f"{name}: no description (shown by `callcoach detectors`)"
    missing = [r for r in cls.requires if r not in DETECTORS]
    assert not missing, f"{name} requires unregistered detector(s) {missing}"
    assert name not in cls.requires


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_params_are_json_safe_and_rebuild_the_detector(name: str) -> None:
    cls = registry.get(name)
    params = cls().get_params()
    assert all(isinstance(key, str) for key in params)
    # Findings carry these params into JSON reports and the database: they must be written
    # without a fallback (no NaN either) and, read back, make the same detector again.
    text = json.dumps(params, allow_nan=False, sort_keys=True)
    loaded = json.loads(text)
    assert loaded == _json_form(params), f"{name}: params change through JSON"
    assert _json_form(cls(**loaded).get_params()) == loaded


@pytest.mark.parametrize("name", DETECTORS)
def test_detector_passes_the_conformance_battery(name: str) -> None:
    cls = registry.get(name)
    check_detector(cls(), embedder=_embedder(cls.needs_embeddings))


@pytest.mark.parametrize("name", DETECTORS)
def test_an_unknown_parameter_is_a_detector_error_listing_the_valid_ones(name: str) -> None:
    cls = registry.get(name)
    with pytest.raises(DetectorConfigError, match="unknown parameter 'no_such_param'") as info:
        cls(no_such_param=1)
    assert isinstance(info.value, DetectorError)
    for param in cls.default_params():
        assert param in str(info.value)


def test_a_misspelt_parameter_gets_a_suggestion() -> None:
    with pytest.raises(DetectorConfigError) as info:
        registry.create("question_topic", treshold=0.4)
    assert str(info.value) == (
        "question_topic: unknown parameter 'treshold' (did you mean 'threshold'?); "
        "valid parameters: follow_up_context, follow_up_words, threshold"
    )


def test_a_detector_without_parameters_says_so() -> None:
    with pytest.raises(DetectorConfigError, match="mindset takes no parameters"):
        registry.create("mindset", threshold=0.5)


def test_analyze_refuses_params_for_an_unknown_detector() -> None:
    import callcoach

    call = callcoach.load_text("Dana: How does close work?\nSam: Slowly.\n", source="t")
    with pytest.raises(DetectorError, match="unknown detector 'questoin'"):
        callcoach.analyze(call, rep="Dana", detector_params={"questoin": {"threshold": 0.5}})
    with pytest.raises(
        DetectorConfigError, match="valid parameters: cut_overlap_s, max_words, overlap_s"
    ):
        callcoach.analyze(call, rep="Dana", detector_params={"listening": {"max_word": 3}})


@pytest.mark.parametrize("name", FORMATS)
def test_format_passes_the_conformance_checks(name: str) -> None:
    check_format(format_registry.get(name))


def test_no_two_formats_share_a_name_alias_or_suffix() -> None:
    claimed = [
        key
        for fmt in format_registry.formats()
        for key in {fmt.name, *fmt.aliases, *(s.lstrip(".") for s in fmt.suffixes)}
    ]
    assert len(claimed) == len(set(claimed)), sorted(k for k in claimed if claimed.count(k) > 1)


def test_json_vendors_have_unique_keys_and_listed_shapes() -> None:
    keys = [vendor.key for vendor in VENDORS]
    assert len(keys) == len(set(keys))
    assert {vendor.shape for vendor in VENDORS} == set(SUPPORTED_SHAPES)


def test_every_input_format_option_names_every_built_in_format() -> None:
    import typer

    from callcoach.cli import app

    def options(command: Any) -> list[Any]:
        found = [p for p in command.params if p.name == "input_format"]
        for sub in getattr(command, "commands", {}).values():
            found.extend(options(sub))
        return found

    helps = [getattr(option, "help", "") or "" for option in options(typer.main.get_command(app))]
    assert helps, "no command has --input-format any more; drop this test"
    for text in helps:
        assert all(name in text for name in FORMATS), f"--input-format help: {text!r}"
