"""yaml_cache: parsed YAML kept on disk is what yaml.load returns for that exact text, or it
is not used."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from callcoach.nlp import yaml_cache
from callcoach.nlp.regex_cache import ENV
from callcoach.nlp.yaml_cache import YamlCache

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEXT = """\
asks-for-time:
  - let me sleep on (it|the offer)
  - circle back after the (offsite|board review)
not-asks-for-time:
  - sleep on the couch
weights: {ask: 0.75, veto: -1, strict: true, note: null}
"""


def _filled(path: Path, stamp: str = "stamp 1") -> YamlCache:
    cache = YamlCache(path, stamp)
    assert cache.load(TEXT, LOADER) == yaml.load(TEXT, Loader=LOADER)
    assert cache.save()
    return cache


def test_a_new_process_reads_the_parsed_text_instead_of_parsing_it(tmp_path: Path) -> None:
    first = _filled(tmp_path / "yaml.bin")
    assert (first.hits, first.misses) == (0, 1)
    again = YamlCache(tmp_path / "yaml.bin", "stamp 1")
    value = again.load(TEXT, LOADER)
    assert (again.hits, again.misses) == (1, 0)
    assert value == yaml.load(TEXT, Loader=LOADER)
    assert list(value) == list(yaml.load(TEXT, Loader=LOADER))  # the keys' order too
    assert not again.save()  # nothing new: the file is not rewritten


def test_each_read_gives_fresh_objects(tmp_path: Path) -> None:
    cache = _filled(tmp_path / "yaml.bin")
    cache.load(TEXT, LOADER)["asks-for-time"].append("changed by a caller")
    assert cache.load(TEXT, LOADER) == yaml.load(TEXT, Loader=LOADER)


def test_an_edited_text_another_loader_or_stamp_is_parsed_again(tmp_path: Path) -> None:
    _filled(tmp_path / "yaml.bin")
    edited = TEXT.replace("offsite", "retreat")
    cache = YamlCache(tmp_path / "yaml.bin", "stamp 1")
    assert cache.load(edited, LOADER) == yaml.load(edited, Loader=LOADER)
    assert cache.load(TEXT, yaml.SafeLoader) == yaml.load(TEXT, Loader=yaml.SafeLoader)
    other = YamlCache(tmp_path / "yaml.bin", "stamp 2")
    assert other.load(TEXT, LOADER) == yaml.load(TEXT, Loader=LOADER)
    assert (cache.misses, other.misses, other.hits) == (2, 1, 0)


def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "yaml.bin"
    _filled(path)
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    cache = YamlCache(path, "stamp 1")
    assert cache.load(TEXT, LOADER) == yaml.load(TEXT, Loader=LOADER)
    assert (cache.hits, cache.misses) == (0, 1)


def test_what_marshal_cannot_rebuild_is_parsed_every_time(tmp_path: Path) -> None:
    dated = "kickoff: 2026-03-02\nlimit: .nan\n"
    cache = YamlCache(tmp_path / "yaml.bin", "stamp 1")
    first = cache.load(dated, LOADER)
    assert str(first["kickoff"]) == "2026-03-02"
    assert not cache.save()  # nothing storable
    cache.load(dated, LOADER)
    assert cache.misses == 2


def test_yaml_errors_are_raised_as_yaml_raises_them(tmp_path: Path) -> None:
    cache = YamlCache(tmp_path / "yaml.bin", "stamp 1")
    with pytest.raises(yaml.YAMLError):
        cache.load("phrases: [unclosed\n", LOADER)


def test_every_shipped_lexicon_reads_back_as_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "regex.bin"))
    monkeypatch.setattr(yaml_cache, "_CACHE", None)
    folder = resources.files("callcoach.detectors").joinpath("lexicons")
    texts = [f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".yaml")]
    assert texts
    for text in texts:
        yaml_cache.load_yaml(text, LOADER)
    yaml_cache.save_yaml_cache()
    assert (tmp_path / "regex-yaml.bin").is_file()
    monkeypatch.setattr(yaml_cache, "_CACHE", None)
    for text in texts:
        assert yaml_cache.load_yaml(text, LOADER) == yaml.load(text, Loader=LOADER)
    cache = yaml_cache.yaml_cache()
    assert cache is not None and (cache.hits, cache.misses) == (len(texts), 0)


def test_off_parses_every_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "off")
    monkeypatch.setattr(yaml_cache, "_CACHE", None)
    assert yaml_cache.yaml_cache() is None
    assert yaml_cache.load_yaml(TEXT, LOADER) == yaml.load(TEXT, Loader=LOADER)
    yaml_cache.save_yaml_cache()  # a no-op
