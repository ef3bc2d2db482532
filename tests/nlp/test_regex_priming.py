"""Module-level patterns handed to ``re``'s cache are the patterns ``re.compile`` makes."""

from __future__ import annotations

import re
import threading
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
    monkeypatch.setattr(regex_cache, "_FIRST", [])
    monkeypatch.setattr(regex_cache, "_LATER", threading.Event())
    monkeypatch.setattr(re, "_MAXCACHE", re._MAXCACHE)  # type: ignore[attr-defined]  # restored after
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
    size = re._MAXCACHE  # type: ignore[attr-defined]
    assert RegexCache(fresh).prime() == 0  # re.compile does not read the cache
    assert held == before
    widened = re._MAXCACHE  # type: ignore[attr-defined]
    assert widened == size  # not widened either


def test_re_keeps_what_was_primed_and_room_beside_it(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More module patterns than ``re`` keeps by default (512; 12 here): priming widens its
    cache, so patterns compiled afterwards do not push primed ones out to be compiled again."""
    monkeypatch.setattr(re, "_MAXCACHE", 12)
    stored = _sources(30)
    _stored_in_order(fresh, stored)
    re.purge()
    assert RegexCache(fresh).prime() == len(stored) - 1  # one compiled by the file's check
    widened = re._MAXCACHE  # type: ignore[attr-defined]
    assert widened == len(re._cache) + regex_cache._RE_ROOM  # type: ignore[attr-defined]
    for source in _sources(regex_cache._RE_ROOM):  # what the program compiles as it runs
        re.compile(source)
    held = re._cache  # type: ignore[attr-defined]
    assert all((str, source, 0) in held for source in stored)
    for source in stored:  # served from re's cache: what priming handed over
        assert re.compile(source) is held[str, source, 0]


def test_priming_never_narrows_re_s_cache(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(re, "_MAXCACHE", 100_000)
    _stored_in_order(fresh, _sources(3))
    re.purge()
    assert RegexCache(fresh).prime() == 2
    kept = re._MAXCACHE  # type: ignore[attr-defined]
    assert kept == 100_000


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


def _next_process(monkeypatch: pytest.MonkeyPatch) -> int:
    """What a new process does at ``import callcoach``: re's cache empty, the module cache
    read afresh and primed; the number primed."""
    re.purge()
    monkeypatch.setattr(regex_cache, "_MODULES", None)
    monkeypatch.setattr(regex_cache, "_NOTED", None)
    return regex_cache.prime_module_patterns()


def _stored_in_order(path: Path, sources: list[str]) -> None:
    writer = RegexCache(path)
    writer.remember([(source, 0) for source in sources])
    assert writer.save()


def test_patterns_a_process_compiled_itself_are_primed_first_next_time(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file whose first entries (another command's, an older version's) fill the primed
    # window, and a command that needs patterns stored after them.
    monkeypatch.setattr(regex_cache, "_MAX_PRIMED", 20)
    others, needed = _sources(20), _sources(regex_cache._REORDER_MISSES + 2)
    _stored_in_order(fresh, [*others, *needed])

    _next_process(monkeypatch)
    primed = regex_cache._MODULES.primed  # type: ignore[union-attr]
    # (the reader's check of the file compiles one stored pattern itself)
    assert sum((source, 0) not in primed for source in needed) > regex_cache._REORDER_MISSES
    for source in needed:  # as the command's modules are imported
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()  # the order of priority changed: rewritten

    _next_process(monkeypatch)
    primed = regex_cache._MODULES.primed  # type: ignore[union-attr]
    assert all((source, 0) in primed for source in needed)
    for source in needed:
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert not regex_cache.save_module_patterns()  # all primed: nothing written
    stored = RegexCache(fresh)
    stored.prime(limit=0)
    assert {(s, 0) for s in [*others, *needed]} <= set(stored._entries)  # nothing lost


def test_a_few_misses_do_not_rewrite_the_file(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_cache, "_MAX_PRIMED", 20)
    others, needed = _sources(20), _sources(regex_cache._REORDER_MISSES - 1)
    _stored_in_order(fresh, [*others, *needed])
    written = fresh.stat().st_mtime_ns

    _next_process(monkeypatch)
    for source in needed:
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert not regex_cache.save_module_patterns()
    assert fresh.stat().st_mtime_ns == written


def test_a_second_note_stores_what_the_report_compiles(fresh: Path) -> None:
    first, call, report, later = (_sources(2) for _ in range(4))
    for source in first:
        re.compile(source)
    regex_cache.remember_module_patterns()  # as the first call begins
    for source in call:
        re.compile(source)  # the call's own patterns
    assert regex_cache.save_module_patterns()  # as the call ends
    named = rf"\b(?:dear) {re.escape('Zoë-Ann')}\b"
    with regex_cache.noting_module_patterns(private=["Zoë-Ann Quillfeather"]):
        for source in [*report, named]:  # a template engine's patterns, as it first runs
            re.compile(source)
    with regex_cache.noting_module_patterns():  # once per process
        for source in later:
            re.compile(source)
    re.purge()  # "the next process"
    stored = RegexCache(fresh).keys()
    assert stored == [(source, 0) for source in [*first, *report]]
    assert RegexCache(fresh).prime() == len(stored) - 1  # one compiled by the file's check
    assert all(re.compile(source) is re.compile(source) for source in report)


def test_a_second_note_out_of_priming_reach_is_written_first(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "_MAX_PRIMED", 4)
    others, first, report = _sources(4), _sources(2), _sources(2)
    older = RegexCache(fresh)
    older.remember((source, 0) for source in others)  # other commands' patterns, stored first
    assert older.save()
    for source in first:
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()  # 2 misses: too few to reorder the file
    assert RegexCache(fresh).keys()[:4] == [(source, 0) for source in others]
    with regex_cache.noting_module_patterns():
        for source in report:
            re.compile(source)
    stored = RegexCache(fresh).keys()
    assert stored[:4] == [(source, 0) for source in [*first, *report]]
    assert sorted(stored[4:]) == sorted((source, 0) for source in others)


def test_a_second_note_without_an_analysis_keeps_the_file_s_order(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "_MAX_PRIMED", 2)
    others, report = _sources(3), _sources(2)
    older = RegexCache(fresh)
    older.remember((source, 0) for source in others)
    assert older.save()
    with regex_cache.noting_module_patterns():
        for source in report:
            re.compile(source)
    assert RegexCache(fresh).keys() == [(source, 0) for source in [*others, *report]]


def test_a_second_note_never_rewrites_a_window_the_first_note_fills(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "_MAX_PRIMED", 2)
    first, report = _sources(3), _sources(2)
    for source in first:
        re.compile(source)
    regex_cache.remember_module_patterns()
    assert regex_cache.save_module_patterns()
    with regex_cache.noting_module_patterns():
        for source in report:
            re.compile(source)
    stored = RegexCache(fresh).keys()
    assert stored == [(source, 0) for source in [*first[:2], *report]]  # appended only
