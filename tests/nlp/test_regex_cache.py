"""regex_cache: compiled programs on disk are the patterns re.compile makes, or not used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from callcoach.detectors import _patterns
from callcoach.detectors._patterns import load_lexicon
from callcoach.nlp import regex_cache
from callcoach.nlp.regex_cache import ENV, RegexCache

LEXICONS = Path(__file__).resolve().parents[2] / "callcoach" / "detectors" / "lexicons"
SOURCES = [
    r"(?:(?<!\w)|(?=\W))(?:not (right )?now)(?:(?!\w)|(?<=\W))",
    r"(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>k|m|percent|%)",
    r"['\x83]?(?:[\s,;:.\-\x80-\x82]+|\b)we'?re (just )?looking",
]


def _filled(path: Path) -> RegexCache:
    cache = RegexCache(path)
    for source in SOURCES:
        cache.compile(source, re.IGNORECASE)
    assert cache.save()
    return cache


def test_patterns_equal_re_compile_cold_and_warm(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    cold = _filled(path)
    assert (cold.hits, cold.misses) == (0, len(SOURCES))
    warm = RegexCache(path)
    for source in SOURCES:
        pattern = warm.compile(source, re.IGNORECASE)
        # Pattern equality compares flags, source and the compiled program itself.
        assert pattern == re.compile(source, re.IGNORECASE)
        assert pattern.groupindex == re.compile(source, re.IGNORECASE).groupindex
    assert (warm.hits, warm.misses) == (len(SOURCES), 0)
    assert not warm.save()  # nothing new: no write


def test_every_shipped_phrase_rebuilt_from_the_cache_equals_re_compile(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    sources = []
    for file in sorted(LEXICONS.glob("*.yaml")):
        for phrase in load_lexicon(file.stem).phrases:
            sources.append(phrase.regex.pattern)
    first = RegexCache(path)
    for source in sources:
        first.compile(source, re.IGNORECASE)
    first.save()
    second = RegexCache(path)
    for source in sources:
        assert second.compile(source, re.IGNORECASE) == re.compile(source, re.IGNORECASE)
    assert second.misses == 0


def test_a_changed_phrase_is_a_miss_never_an_old_program(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    _filled(path)
    cache = RegexCache(path)
    edited = SOURCES[0].replace("now", "today")
    pattern = cache.compile(edited, re.IGNORECASE)
    assert pattern == re.compile(edited, re.IGNORECASE)
    assert pattern.search("not today") and not pattern.search("not now")
    assert (cache.hits, cache.misses) == (0, 1)
    other_flags = cache.compile(SOURCES[0], 0)  # same source, other flags: its own entry
    assert other_flags == re.compile(SOURCES[0]) and cache.misses == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-10] + bytes(10),  # payload altered: checksum fails
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_ignored_and_rebuilt(tmp_path: Path, damage: object) -> None:
    path = tmp_path / "regex.bin"
    _filled(path)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    cache = RegexCache(path)
    for source in SOURCES:
        assert cache.compile(source, re.IGNORECASE) == re.compile(source, re.IGNORECASE)
    assert cache.misses == len(SOURCES)
    assert cache.save()
    rebuilt = RegexCache(path)
    for source in SOURCES:
        rebuilt.compile(source, re.IGNORECASE)
    assert rebuilt.hits == len(SOURCES)


def test_another_interpreter_s_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "regex.bin"
    monkeypatch.setattr(regex_cache, "environment_key", lambda: "some other python")
    _filled(path)
    monkeypatch.undo()
    cache = RegexCache(path)
    cache.compile(SOURCES[0], re.IGNORECASE)
    assert (cache.hits, cache.misses) == (0, 1)


def test_a_wrong_program_under_a_valid_checksum_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulates an interpreter whose re compiles differently under the same key: the file
    # holds programs for other sources under these keys. The spot check catches it.
    path = tmp_path / "regex.bin"
    real = regex_cache._program
    monkeypatch.setattr(regex_cache, "_program", lambda source, flags: real("wrong", flags))
    cache = RegexCache(path)
    for source in SOURCES:
        flags = int(re.IGNORECASE)
        cache._entries[source, flags] = regex_cache._program(source, flags)
    cache._dirty = True
    assert cache.save()
    monkeypatch.undo()
    reader = RegexCache(path)
    for source in SOURCES:
        assert reader.compile(source, re.IGNORECASE) == re.compile(source, re.IGNORECASE)
    assert not reader.enabled and reader.hits == 0


def test_invalid_regex_still_raises_re_error(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        RegexCache(tmp_path / "regex.bin").compile("(unclosed", 0)


def test_unwritable_location_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = RegexCache(blocker / "sub" / "regex.bin")  # parent is a file: cannot mkdir
    assert cache.compile(SOURCES[0]) == re.compile(SOURCES[0])
    assert not cache.save()


def test_memory_only_cache_and_env_switch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cache = RegexCache(None)
    assert cache.compile(SOURCES[1]) == re.compile(SOURCES[1])
    assert not cache.save()
    monkeypatch.setenv(ENV, "off")
    assert regex_cache._default_path() is None
    monkeypatch.setenv(ENV, str(tmp_path / "x.bin"))
    assert regex_cache._default_path() == tmp_path / "x.bin"


def test_lexicon_findings_are_the_same_with_and_without_a_warm_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Honestly, we're not ready right now — maybe next quarter, we don’t have budget."
    results = []
    for _ in range(2):  # cold file, then warm file
        monkeypatch.setattr(regex_cache, "_DEFAULT", RegexCache(tmp_path / "regex.bin"))
        _patterns._compile.cache_clear()
        load_lexicon.cache_clear()
        found = []
        for name in ("stall", "candor", "next_step"):
            found.append([(m.category, m.start, m.end) for m in load_lexicon(name).finditer(text)])
        results.append(found)
        regex_cache.default_regex_cache().save()
    _patterns._compile.cache_clear()
    load_lexicon.cache_clear()
    assert results[0] == results[1]
    assert any(results[0])


def test_each_install_has_its_own_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts (or installs) of one user never rewrite each other's cache files."""
    monkeypatch.setattr(regex_cache, "_TOUCHED", set())
    root = tmp_path / "start-up"
    one = regex_cache.partition(root, Path("/somewhere/one/callcoach"))
    two = regex_cache.partition(root, Path("/somewhere/two/callcoach"))
    assert one != two and one.parent == two.parent == root
    assert one == regex_cache.partition(root, Path("/somewhere/one/callcoach"))
    assert (one / "install.txt").read_text(encoding="utf-8").strip() == "/somewhere/one/callcoach"
    _filled(one / "regex.bin")
    _filled(two / "regex.bin")
    again = RegexCache(one / "regex.bin")
    for source in SOURCES:
        again.compile(source, re.IGNORECASE)
    assert again.hits == len(SOURCES) and again.misses == 0


def test_the_default_file_sits_in_this_install_s_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regex_cache, "_TOUCHED", set())
    path = regex_cache._default_path()
    assert path is not None
    assert path.parent == tmp_path / "callcoach" / "start-up" / regex_cache.install_key()
    assert path.parent.is_dir() and path.name.startswith("regex-")


def test_install_folders_are_bounded_least_recently_used_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.setattr(regex_cache, "_TOUCHED", set())
    root = tmp_path / "start-up"
    folders = []
    for n in range(regex_cache._MAX_PARTITIONS):
        folder = regex_cache.partition(root, Path(f"/install/{n}"))
        os.utime(folder, (1_000_000 + n, 1_000_000 + n))  # older installs first
        folders.append(folder)
    # The oldest is used again: it becomes the most recent.
    monkeypatch.setattr(regex_cache, "_TOUCHED", set())
    regex_cache.partition(root, Path("/install/0"))
    new = regex_cache.partition(root, Path("/install/new"))
    left = {entry for entry in root.iterdir()}
    assert len(left) == regex_cache._MAX_PARTITIONS
    assert new in left and folders[0] in left and folders[1] not in left


def _save_many(path: str, worker: int) -> None:
    for round_ in range(15):
        cache = RegexCache(Path(path))
        cache.compile(rf"worker{worker} round{round_} \w+", re.IGNORECASE)
        cache.compile(SOURCES[round_ % len(SOURCES)], re.IGNORECASE)
        cache.save()


def test_concurrent_workers_never_leave_a_damaged_file(tmp_path: Path) -> None:
    """Saves are atomic (a temporary file renamed over the file): workers saving at once
    may drop each other's new entries (compiled again later), never damage the file."""
    from concurrent.futures import ProcessPoolExecutor

    path = tmp_path / "regex.bin"
    with ProcessPoolExecutor(3) as pool:
        list(pool.map(_save_many, [str(path)] * 3, range(3)))
    stored = regex_cache.read_stamped(path, regex_cache._MAGIC)
    assert stored is not None and stored[1]
    assert not list(tmp_path.glob("*.tmp"))
    again = RegexCache(path)
    for source in SOURCES:
        assert again.compile(source, re.IGNORECASE) == re.compile(source, re.IGNORECASE)
    assert again.enabled


def test_a_file_past_its_cap_keeps_what_the_saving_process_used(tmp_path: Path) -> None:
    path = tmp_path / "regex.bin"
    _filled(path)
    cache = RegexCache(path, max_entries=2)
    cache.compile(SOURCES[1], re.IGNORECASE)
    cache.compile(r"a new \w+ pattern", re.IGNORECASE)
    assert cache.save()
    stored = regex_cache.read_stamped(path, regex_cache._MAGIC)
    assert stored is not None
    assert set(stored[1]) == {(SOURCES[1], re.IGNORECASE), (r"a new \w+ pattern", re.IGNORECASE)}
