"""The lexicon word index of every phrase, kept on disk between processes.

A lexicon scans a text only with the phrases whose words occur in it: for each phrase,
``detectors/_patterns`` works out from its source which words a match needs and which it
can start with (``_required_words``, ``_first_words``). That reading costs ~0.08-0.1 s of
CPU per process for the ~1,700 phrases a call reaches, the largest part of a first call's
set-up. This module keeps the result per phrase in one file beside the compiled-phrase
cache (``regex_cache``), so a new process reads it instead.

Why a stale or damaged file can never change which phrases a text is scanned with:

- The key is the phrase's exact (lower-cased) source: an edited phrase is a new key.
- The file is tied to the code that computed it (``stamp``: the SHA-256 of the module that
  reads phrases, which passes its own source, and the interpreter version); any other
  version ignores it and writes its own.
- The payload carries its SHA-256 and is never unmarshalled unless the checksum holds;
  entries of the wrong shape are dropped.
- The first phrase read from the file in a process is also computed afresh and compared;
  a mismatch turns the file off for the process.

``CALLCOACH_REGEX_CACHE`` governs this file too: ``off`` turns it off, a path puts it
beside that path (``<stem>-index-<code><suffix>``: one file per version of the code that
computes the index, at most ``_MAX_FILES``, so versions that run in turn keep theirs).
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callcoach.nlp.regex_cache import default_cache_path, read_stamped, write_stamped

__all__ = ["Index", "PhraseIndexCache", "phrase_index_cache", "save_phrase_index"]

# What ``_patterns`` knows of a phrase: the word sets a match needs (most selective first)
# and the words it can start with (None: cannot be told).
Index = tuple[tuple[frozenset[str], ...], frozenset[str] | None]

_MAGIC = b"callcoach-phrase-index 1\n"
_MAX_ENTRIES = 6_000


class PhraseIndexCache:
    """Per-phrase index entries read from ``path`` (None: memory only, this process).

    ``get`` never raises for a cache problem; ``hits`` and ``misses`` count entries read
    from the file or computed here.
    """

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path = path
        self.stamp = stamp
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, Index] = {}
        self._stored: set[str] = set()  # keys read from the file
        self._used: set[str] = set()  # keys asked for in this process
        self._checked = False
        self._dirty = False
        self._loaded = path is None
        self._enabled = True
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False once a stored entry disagreed with a fresh computation."""
        return self._enabled

    def get(self, phrase: str, compute: Callable[[str], Index]) -> Index:
        """The index entry of ``phrase``: stored, or ``compute(phrase)`` (then stored)."""
        with self._lock:
            if not self._loaded:
                self._load()
            entry = self._entries.get(phrase) if self._enabled else None
            if entry is not None and phrase in self._stored and not self._checked:
                self._checked = True
                if compute(phrase) != entry:  # written by other code: not to be trusted
                    self._enabled = False
                    self._entries.clear()
                    self._stored.clear()
                    entry = None
            self._used.add(phrase)
            if entry is not None:
                self.hits += 1
                return entry
            fresh = compute(phrase)
            self.misses += 1
            if self._enabled:
                self._entries[phrase] = fresh
                self._dirty = True
            return fresh

    def save(self) -> bool:
        """Write new entries to ``path`` (merged with what is there); True when a file was
        written. Errors are ignored: the cache is an optimisation."""
        with self._lock:
            if self.path is None or not self._dirty or not self._enabled:
                return False
            entries = {**self._read(), **self._entries}
            if len(entries) > _MAX_ENTRIES:  # phrases edited over many versions
                entries = {key: entries[key] for key in self._used if key in entries}
            new_file = not self.path.exists()
            if not write_stamped(self.path, _MAGIC, self.stamp, entries):
                return False
            self._dirty = False
        if new_file:
            _prune_files(self.path)
        return True

    def _load(self) -> None:
        self._loaded = True
        stored = self._read()
        self._entries = {**stored, **self._entries}
        self._stored = set(stored)

    def _read(self) -> dict[str, Index]:
        """The well-formed entries in ``path``; empty for a missing, damaged or foreign file."""
        if self.path is None:
            return {}
        stored = read_stamped(self.path, _MAGIC)
        if stored is None or stored[0] != self.stamp:
            return {}
        return {k: v for k, v in stored[1].items() if _well_formed(k, v)}


def _well_formed(key: Any, entry: Any) -> bool:
    if not isinstance(key, str) or not isinstance(entry, tuple) or len(entry) != 2:
        return False
    required, first = entry
    return (
        isinstance(required, tuple)
        and all(_words(s) for s in required)
        and (first is None or _words(first))
    )


def _words(value: Any) -> bool:
    return isinstance(value, frozenset) and all(isinstance(w, str) for w in value)


_CACHES: dict[Path, PhraseIndexCache] = {}
_CACHES_LOCK = threading.Lock()


def phrase_index_cache(source: Path) -> PhraseIndexCache:
    """The process-wide cache for the index computed by the module at ``source`` (its
    file, whose SHA-256 stamps the entries)."""
    with _CACHES_LOCK:
        cache = _CACHES.get(source)
        if cache is None:
            stamp = _stamp(source)
            cache = PhraseIndexCache(_path(stamp), stamp)
            _CACHES[source] = cache
        return cache


def save_phrase_index() -> None:
    """Write what this process computed (``pipeline.run`` calls it after each call; a no-op
    when nothing is new). Never raises."""
    with _CACHES_LOCK:
        caches = list(_CACHES.values())
    for cache in caches:
        try:
            cache.save()
        except Exception:
            continue


def _stamp(source: Path) -> str:
    try:
        code = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        code = f"unreadable {source}"  # no file to tie entries to: never matches a stored one
    return "|".join((sys.implementation.cache_tag or sys.implementation.name, sys.version, code))


def _path(stamp: str) -> Path | None:
    """``<stem>-index-<code>.bin`` beside the phrase cache: one file per version of the code
    that computes the index (``stamp``), so two versions that run in turn from one install
    (a checkout switching branches) keep both their files instead of each discarding the
    other's (a file stamped by other code is not read)."""
    try:
        base = default_cache_path()
    except Exception:
        return None
    if base is None:
        return None
    code = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    return base.with_name(f"{base.stem}-index-{code}{base.suffix}")


# Index files (code versions) kept beside one phrase cache; writing a new one removes the
# least recently written beyond this many.
_MAX_FILES = 4


def _prune_files(path: Path) -> None:
    """Remove the oldest index files of other code versions beside ``path`` beyond
    ``_MAX_FILES`` (``path`` itself is kept)."""
    stem, _, _ = path.stem.rpartition("-")
    try:
        others = sorted(
            (
                (entry.stat().st_mtime, entry)
                for entry in path.parent.glob(f"{stem}-*{path.suffix}")
                if entry != path and entry.stem.rpartition("-")[0] == stem
            ),
            reverse=True,
        )
    except OSError:
        return
    for _, entry in others[_MAX_FILES - 1 :]:
        try:
            entry.unlink(missing_ok=True)
        except OSError:  # removed or locked by another process: left for a later save
            continue
