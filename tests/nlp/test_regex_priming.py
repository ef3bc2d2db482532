"""Module-level patterns handed to ``re``'s cache are the patterns ``re.compile`` makes."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from callcoach.nlp import regex_cache
from callcoach.nlp.regex_cache import ENV, RegexCache


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The process-wide caches reset and pointed at ``tmp_path``; re's own cache emptied."""
    monkeypatch.setenv(ENV, str(tmp_path / "regex.bin"))
    monkeypatch.setattr(regex_cache, "_DEFAULT", None)
    monkeypatch.setattr(regex_cache, "_MODULES", None)
    monkeypatch.setattr(regex_cache, "_NOTED", None)
    re.purge()
    return tmp_path / "regex-modules.bin"


def _sources(count: int) -> list[str]:
    # Sources no other code compiles, so that re's cache cannot hold them already.
    tag = uuid.uuid4().hex
    return [rf"(?P<word>\b{tag}{i}\w*)\s+(?:now|later)?" for i in range(count)]


def test_noted_patterns_are_stored_and_primed_in_the_next_process(fresh: Path) -> None:
    before = _sources(3)
    for source in before:
        re.compile(source, re.IGNORECASE)
    regex_cache.remember_module_patterns()  # as the first call begins
    after = _sources(1)[0]
    re.compile(after)  # a call's own pattern: not kept
    regex_cache.remember_module_patterns()  # once per process: notes nothing more
    assert regex_cache.save_module_patterns()
    assert fresh.is_file()
    assert not regex_cache.save_module_patterns()  # nothing new: no write

    re.purge()  # "the next process"
    reader = RegexCache(fresh)
    # One of them the reader compiled itself (its check of the file against re.compile).
    assert reader.prime() == len(before) - 1
    for source in before:
        primed = re.compile(source, re.IGNORECASE)
        assert primed is re.compile(source, re.IGNORECASE)  # served from re's cache
        text = "x " + source.split("\\b")[1].split("\\w")[0] + "7 later"
        re.purge()
        compiled = re.compile(source, re.IGNORECASE)
        assert primed is not compiled
        # Equal patterns: same source, flags and compiled program.
        assert primed == compiled
        assert primed.groupindex == compiled.groupindex
        assert primed.search(text) is not None
        assert primed.search(text).span() == compiled.search(text).span()  # type: ignore[union-attr]
    assert (after, 0) not in reader._entries


def test_priming_is_off_when_the_cache_is(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "off")
    re.compile(_sources(1)[0])
    regex_cache.remember_module_patterns()
    assert not regex_cache.save_module_patterns()
    assert regex_cache.prime_module_patterns() == 0
    assert not fresh.exists()


def test_a_damaged_file_primes_nothing(fresh: Path) -> None:
    for source in _sources(2):
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()
    data = bytearray(fresh.read_bytes())
    data[-10] ^= 0xFF
    fresh.write_bytes(bytes(data))
    re.purge()
    assert RegexCache(fresh).prime() == 0


def test_an_re_without_such_a_cache_is_left_alone(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for source in _sources(2):
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()
    monkeypatch.setattr(re, "_cache", None, raising=False)
    assert RegexCache(fresh).prime() == 0


def test_an_re_that_looks_elsewhere_gets_nothing_left_behind(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = _sources(2)
    for source in sources:
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()
    held = re._cache  # type: ignore[attr-defined]
    before = dict(held)
    fresh_compile = re._compiler.compile  # type: ignore[attr-defined]
    monkeypatch.setattr(re, "compile", lambda source, flags=0: fresh_compile(source, flags))
    assert RegexCache(fresh).prime() == 0  # re.compile does not read the cache
    assert held == before


def test_patterns_built_from_speaker_names_are_never_stored(fresh: Path) -> None:
    kept = _sources(1)[0]
    re.compile(kept)
    # As roles builds them: from a speaker's first name, escaped.
    named = rf"\b(?:our|my) (?:se|cfo),? {re.escape('Zoë-Ann')}\b"
    re.compile(named, re.IGNORECASE)
    regex_cache.remember_module_patterns(private=["Zoë-Ann Quillfeather", "Bob"])
    assert regex_cache.save_module_patterns()
    re.purge()
    reader = RegexCache(fresh)
    reader.prime()
    entries = reader._entries
    assert (kept, 0) in entries
    assert not any("zo" in source.lower() for source, _ in entries)
