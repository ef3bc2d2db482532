"""phrase_index: the word index kept on disk is what _patterns computes, or it is not used."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from callcoach.detectors import _patterns
from callcoach.nlp import phrase_index
from callcoach.nlp.phrase_index import Index, PhraseIndexCache
from callcoach.nlp.regex_cache import ENV

PHRASES = ["(no|not) budget", "let me (think|check)", "we (would|'d) (need|want) to"]


class _Counting:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, phrase: str) -> Index:
        self.asked.append(phrase)
        return tuple(_patterns._required_words(phrase)), _patterns._first_words(phrase)


def _fill(path: Path, stamp: str = "code 1") -> PhraseIndexCache:
    cache = PhraseIndexCache(path, stamp)
    for phrase in PHRASES:
        cache.get(phrase, _Counting())
    assert cache.save()
    return cache


def test_a_new_process_reads_the_stored_entries_instead_of_computing_them(
    tmp_path: Path,
) -> None:
    first = _fill(tmp_path / "index.bin")
    again = PhraseIndexCache(tmp_path / "index.bin", "code 1")
    compute = _Counting()
    got = [again.get(phrase, compute) for phrase in PHRASES]
    assert got == [first.get(phrase, _Counting()) for phrase in PHRASES]
    assert compute.asked == PHRASES[:1]  # only the first read is checked against a fresh one
    assert again.hits == 3 and again.misses == 0
    assert not again.save()  # nothing new


def test_entries_from_other_code_or_a_damaged_file_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    _fill(path)
    other = PhraseIndexCache(path, "code 2")
    compute = _Counting()
    other.get(PHRASES[0], compute)
    assert compute.asked == PHRASES[:1] and other.misses == 1
    data = bytearray(path.read_bytes())
    data[-3] ^= 0xFF
    path.write_bytes(bytes(data))
    damaged = PhraseIndexCache(path, "code 1")
    compute = _Counting()
    for phrase in PHRASES:
        damaged.get(phrase, compute)
    assert compute.asked == PHRASES and damaged.hits == 0


def test_a_stored_entry_that_disagrees_turns_the_file_off(tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    wrong = PhraseIndexCache(path, "code 1")
    for phrase in PHRASES:
        wrong.get(phrase, lambda p: ((frozenset({"wrong"}),), None))
    assert wrong.save()
    cache = PhraseIndexCache(path, "code 1")
    compute = _Counting()
    got = [cache.get(phrase, compute) for phrase in PHRASES]
    assert got == [_Counting()(phrase) for phrase in PHRASES]
    assert not cache.enabled and cache.hits == 0
    assert not cache.save()  # a disabled cache writes nothing


def test_the_cache_file_sits_beside_the_phrase_cache_and_follows_its_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "regex.bin"))
    path = phrase_index._path("code 1")
    assert path is not None and path.parent == tmp_path
    assert path.name.startswith("regex-index-") and path.suffix == ".bin"
    monkeypatch.setenv(ENV, "off")
    assert phrase_index._path("code 1") is None


def test_two_versions_of_the_code_keep_their_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout switching branches runs two versions from one install in turn: neither
    discards the other's entries (a file of other code is not read, so one shared file
    was rewritten by each in turn)."""
    monkeypatch.setenv(ENV, str(tmp_path / "regex.bin"))
    one, two = phrase_index._path("code 1"), phrase_index._path("code 2")
    assert one is not None and two is not None and one != two
    _fill(one, "code 1")
    _fill(two, "code 2")
    for path, stamp in ((one, "code 1"), (two, "code 2")):
        again = PhraseIndexCache(path, stamp)
        counting = _Counting()
        for phrase in PHRASES:
            again.get(phrase, counting)
        assert again.hits == len(PHRASES) and counting.asked == PHRASES[:1]  # the check


def test_index_files_of_old_versions_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "regex.bin"))
    (tmp_path / "regex-modules.bin").write_bytes(b"not an index file")
    paths = []
    for version in range(phrase_index._MAX_FILES + 3):
        path = phrase_index._path(f"code {version}")
        assert path is not None
        _fill(path, f"code {version}")
        paths.append(path)
    left = sorted(tmp_path.glob("regex-index-*.bin"))
    assert len(left) == phrase_index._MAX_FILES
    assert paths[-1] in left
    assert (tmp_path / "regex-modules.bin").exists()  # only index files are removed


def test_shipped_lexicons_compile_to_the_same_index_from_a_warm_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = resources.files("callcoach.detectors").joinpath("lexicons")
    lexicons = {
        entry.name[: -len(".yaml")]: yaml.safe_load(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".yaml")
    }
    stamp = phrase_index._stamp(Path(_patterns.__file__))

    def compiled(cache: PhraseIndexCache) -> dict[str, _patterns.Lexicon]:
        monkeypatch.setattr(phrase_index, "phrase_index_cache", lambda source: cache)
        monkeypatch.setattr(_patterns, "phrase_index_cache", lambda source: cache)
        return {
            name: _patterns.compile_phrases(name, {str(k): v for k, v in raw.items()}, lazy=True)
            for name, raw in lexicons.items()
        }

    fresh = compiled(PhraseIndexCache(None, stamp))
    writer = PhraseIndexCache(tmp_path / "index.bin", stamp)
    assert compiled(writer) == fresh
    assert writer.save()
    reader = PhraseIndexCache(tmp_path / "index.bin", stamp)
    assert compiled(reader) == fresh
    assert reader.misses == 0 and reader.hits > 1000


def test_a_file_grown_too_large_keeps_what_the_saving_process_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "index.bin"
    _fill(path)
    monkeypatch.setattr(phrase_index, "_MAX_ENTRIES", 2)
    cache = PhraseIndexCache(path, "code 1")
    cache.get("a new phrase", _Counting())
    assert cache.save()
    again = PhraseIndexCache(path, "code 1")
    compute = _Counting()
    again.get("a new phrase", compute)
    again.get(PHRASES[0], compute)
    assert compute.asked == ["a new phrase", PHRASES[0]]  # checked once, then dropped
