"""Parsed lexicon YAML kept on disk between processes.

A one-call ``analyze`` parses ~20 lexicon files (``detectors/_patterns.load_lexicon``) with
libyaml's safe loader during its first call: the C parser, but a Python constructor for
every node, ~0.02-0.05 s of CPU in every new process. ``marshal`` rebuilds the same plain
data (dicts, lists, strings, numbers, booleans, None) ~40x faster. This module keeps, per
exact text, the parsed result as marshal bytes in one file beside the compiled-phrase cache
(``regex_cache``), so a new process reads it instead of parsing.

Why a stale or damaged file can never change what a text parses to:

- The key is the SHA-256 of the loader's name and the text itself: an edited file is a new
  key (a miss, parsed normally), never an old result.
- The file is tied to what produced it (``stamp``: the interpreter, PyYAML's version and
  ``marshal``'s format); any other ignores it and writes its own.
- The payload carries its SHA-256 and is never unmarshalled unless the checksum holds;
  entries of the wrong shape are ignored.
- Only a result that ``marshal`` turns back into an equal value is stored (a YAML date, for
  one, is not plain data and is always parsed); each read unmarshals fresh objects, so a
  caller may change what it gets as it could change what ``yaml.load`` returned.

``CALLCOACH_REGEX_CACHE`` governs this file too: ``off`` turns it off (every text parsed),
a path puts it beside that path (``<stem>-yaml<suffix>``).
"""

from __future__ import annotations

import hashlib
import marshal
import sys
import threading
from pathlib import Path
from typing import Any

import yaml

from callcoach.nlp.regex_cache import default_cache_path, read_stamped, write_stamped

__all__ = ["YamlCache", "load_yaml", "save_yaml_cache", "yaml_cache"]

_MAGIC = b"callcoach-yaml-cache 1\n"
# Entries kept in the file: those this process read first, then the file's others (other
# versions of the lexicons) up to this many. Every process reads the whole file, so it
# stays small (~30 lexicon files of ~10 KB each for one version).
_MAX_ENTRIES = 96


class YamlCache:
    """Parsed YAML by text, read from ``path`` (None: memory only, this process).

    ``load`` never raises for a cache problem; ``hits`` and ``misses`` count texts read from
    the cache or parsed here.
    """

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path = path
        self.stamp = stamp
        self.hits = 0
        self.misses = 0
        self._entries: dict[bytes, bytes] = {}
        self._used: dict[bytes, None] = {}  # keys asked for in this process, in order
        self._dirty = False
        self._loaded = path is None
        self._lock = threading.Lock()

    def load(self, text: str, loader: Any) -> Any:
        """``yaml.load(text, Loader=loader)``, from the cache when this text was parsed before
        with a loader of the same name. YAML errors are raised as ``yaml.load`` raises them."""
        name = f"{getattr(loader, '__module__', '')}.{getattr(loader, '__qualname__', loader)}"
        key = hashlib.sha256(f"{name}\0{text}".encode()).digest()
        with self._lock:
            if not self._loaded:
                self._entries.update(self._read())
                self._loaded = True
            self._used[key] = None
            stored = self._entries.get(key)
        if stored is not None:
            try:
                value = marshal.loads(stored)
            except (ValueError, EOFError, TypeError):
                pass  # parsed below
            else:
                self.hits += 1
                return value
        value = yaml.load(text, Loader=loader)
        self.misses += 1
        try:
            blob = marshal.dumps(value)
            plain = marshal.loads(blob) == value
        except (ValueError, EOFError, TypeError):
            plain = False
        if plain:
            with self._lock:
                self._entries[key] = blob
                self._dirty = True
        return value

    def save(self) -> bool:
        """Write the entries to the file when some are new (the file's own entries of other
        texts are kept, up to ``_MAX_ENTRIES``); False when nothing was written."""
        if self.path is None:
            return False
        with self._lock:
            if not self._dirty:
                return False
            mine = {k: self._entries[k] for k in self._used if k in self._entries}
            others = {k: v for k, v in self._entries.items() if k not in mine}
            self._dirty = False
        for key, blob in self._read().items():  # what other processes stored meanwhile
            if key not in mine:
                others.setdefault(key, blob)
        entries = {**mine, **dict(list(others.items())[: max(0, _MAX_ENTRIES - len(mine))])}
        return write_stamped(self.path, _MAGIC, self.stamp, entries)

    def _read(self) -> dict[bytes, bytes]:
        if self.path is None:
            return {}
        stored = read_stamped(self.path, _MAGIC)
        if stored is None or stored[0] != self.stamp:
            return {}
        return {
            k: v
            for k, v in stored[1].items()
            if isinstance(k, bytes) and len(k) == 32 and isinstance(v, bytes)
        }


_CACHE: YamlCache | None = None
_CACHE_LOCK = threading.Lock()


def yaml_cache() -> YamlCache | None:
    """The process-wide cache; None when ``CALLCOACH_REGEX_CACHE`` turns the caches off."""
    global _CACHE
    with _CACHE_LOCK:
        if _CACHE is None:
            try:
                base = default_cache_path()
            except Exception:
                return None
            if base is None:
                return None
            _CACHE = YamlCache(base.with_name(f"{base.stem}-yaml{base.suffix}"), _stamp())
        return _CACHE


def load_yaml(text: str, loader: Any) -> Any:
    """``yaml.load(text, Loader=loader)``, through the process-wide cache when it is on."""
    cache = yaml_cache()
    if cache is None:
        return yaml.load(text, Loader=loader)
    return cache.load(text, loader)


def save_yaml_cache() -> None:
    """Write what this process parsed (``pipeline.run`` calls it after each call; a no-op when
    nothing is new). Never raises."""
    with _CACHE_LOCK:
        cache = _CACHE
    if cache is None:
        return
    try:
        cache.save()
    except Exception:
        return


def _stamp() -> str:
    return "|".join(
        (
            sys.implementation.cache_tag or sys.implementation.name,
            sys.version,
            f"yaml {yaml.__version__}",
            f"marshal {marshal.version}",
        )
    )
