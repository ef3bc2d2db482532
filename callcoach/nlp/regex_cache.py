"""Compiled regular expressions kept on disk between processes.

Compiling the lexicon phrases a 1-hour call reaches (~700 patterns, ``detectors/_patterns``)
costs ``re``'s pure-Python parser and compiler ~0.35 s of CPU in every new process, more
than the rest of start-up. A ``re.Pattern`` cannot be pickled as compiled (it pickles as its
source and recompiles), but what ``re`` builds is only a list of integers (the ``_sre``
program) plus the group table, and ``_sre.compile`` turns that into a pattern in
microseconds. This module stores those programs in one file, keyed by the exact pattern
source and flags, and rebuilds patterns from it.

Why a stale or damaged cache can never change a finding:

- The key is the pattern's full source text and flags: a changed lexicon phrase is a new
  key (a miss, compiled normally), never an old program.
- The file is tied to the interpreter that wrote it (``sys.version``, ``_sre.MAGIC`` and
  ``CODESIZE``, and the SHA-256 of ``re``'s parser and compiler sources); any other
  interpreter ignores it and writes its own.
- The payload carries its SHA-256: a truncated or corrupted file is ignored (and replaced
  at the next save), and it is never unmarshalled unless the checksum holds.
- On load one stored program is rebuilt and compared with what ``re.compile`` makes of the
  same source (``Pattern.__eq__`` compares the programs); a mismatch discards the file and
  turns the cache off for the process.
- Anything unexpected (no ``_sre.compile``, a different internal signature) turns the cache
  off: patterns then come from ``re.compile`` as before, only slower.

Module-level patterns: the detectors, roles and the libraries the command line uses
(typer, rich, pydantic) compile ~550 patterns with ``re.compile`` as they are imported
and as a first call begins (~0.2 s of CPU). A second file of the same format
(``module_pattern_cache``) stores the patterns ``re`` held once the first call of a process
began (``remember_module_patterns``); ``import callcoach`` hands them to ``re``'s own
in-process cache (``prime_module_patterns``), so that those ``re.compile`` calls find
their pattern there instead of compiling it. A primed pattern is rebuilt from a checked
program for the exact source and flags, so it equals what ``re.compile`` would return;
where ``re`` keeps no such cache (another interpreter) priming does nothing. A process
that primes lets ``re``'s cache hold what it primed and some room beside it
(``re._MAXCACHE``, 512 by default, is widened, never narrowed): a one-call ``analyze``
needs more than 512 module patterns, and at 512 ``re`` evicted primed patterns that
were then compiled again in every process.

``CALLCOACH_REGEX_CACHE`` overrides the file (a path) or turns the cache off (``off``).
By default it is ``regex-<python tag>.bin`` in this install's own folder of the user cache
directory (``start-up/<install key>/``, see ``partition``: two checkouts or installs never
rewrite each other's files); the module patterns are kept beside it, in
``regex-<python tag>-modules.bin``, and so are the other start-up caches (``yaml_cache``,
``phrase_index``).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # re's C engine: no type stubs
import functools
import hashlib
import importlib
import marshal
import os
import re
import sys
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "ENV",
    "RegexCache",
    "default_cache_path",
    "default_regex_cache",
    "environment_key",
    "install_key",
    "module_pattern_cache",
    "noting_module_patterns",
    "partition",
    "prime_module_patterns",
    "remember_module_patterns",
    "save_module_patterns",
]

ENV = "CALLCOACH_REGEX_CACHE"
_MAGIC = b"callcoach-regex-cache 2\n"
_DIGEST = 32  # SHA-256 of the payload, right after the magic line


def read_stamped(path: Path, magic: bytes) -> tuple[Any, dict[Any, Any]] | None:
    """(stamp, entries) marshalled in ``path`` after ``magic`` and the payload's SHA-256;
    None for a missing, damaged or foreign file (a cache is an optimisation: never an error)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(magic)
    payload = data[head + _DIGEST :]
    if data[:head] != magic or data[head : head + _DIGEST] != hashlib.sha256(payload).digest():
        return None
    try:
        stamp, entries = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return (stamp, entries) if isinstance(entries, dict) else None


def write_stamped(path: Path, magic: bytes, stamp: Any, entries: dict[Any, Any]) -> bool:
    """Write what ``read_stamped`` reads, atomically (a temporary file renamed over
    ``path``); False when it cannot be written (a read-only cache directory)."""
    try:
        payload = marshal.dumps((stamp, entries))
    except ValueError:  # not plain data (cannot happen for what the caches store)
        return False
    data = magic + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


# A file that grows past this many entries (lexicons edited over many versions) keeps only
# what the saving process used. One version's lexicons reach ~1,700 phrases (~2.7 KB each
# stored); every process reads the whole file.
_MAX_ENTRIES = 6_000
# The same for the module-pattern file, of which a process primes only the first
# ``_MAX_PRIMED``: the rest are other commands' and older versions' patterns.
_MAX_MODULE_ENTRIES = 1_000

# Most module patterns handed to ``re``'s cache: room is left for the patterns a program
# compiles itself. A one-call ``analyze`` of a one-hour call held ~436 module patterns when
# its call began; with room for 400 it compiled the ~36 others in every process (~35 ms of
# CPU before the analysis began: each process put its misses first and pushed others out of
# the window). Primed patterns are the oldest in ``re``'s cache, so they are the first it
# evicts: the patterns a program compiles as it runs keep the room they had.
_MAX_PRIMED = 960
# ``re`` keeps at most ``re._MAXCACHE`` patterns (512 in CPython 3.11-3.13) and evicts its
# oldest on a miss. By stop 41 a one-call ``analyze`` needed more module patterns than that
# before its call began (its cache was full, ~33 compiled again in every process, ~20-40 ms
# of CPU on the start-up's critical path), so a process that primes widens ``re``'s cache to
# hold what it primed and this much room beside it (a few hundred compiled patterns more
# in memory, ~1 MB at most; nothing else about ``re`` changes).
_RE_ROOM = 64

# One stored program: (flags, code, groups - 1, groupindex, indexgroup), the arguments
# ``re._compiler.compile`` hands to ``_sre.compile``; the code as the bytes of an unsigned
# int array (a fifth of marshal's size for a list of ints, and ten times faster to read).
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_CODE_TYPE = "I"
_Key = tuple[str, int]


@functools.cache
def environment_key() -> str:
    """What the stored programs depend on: the interpreter and its ``re`` implementation."""

    digest = hashlib.sha256()
    for name in ("_parser", "_compiler", "_constants", "_casefix"):
        module = sys.modules.get(f"re.{name}")
        source = getattr(module, "__file__", None)
        try:
            digest.update(Path(source).read_bytes() if source else name.encode())
        except OSError:
            digest.update(name.encode())
    return "|".join(
        (
            sys.implementation.cache_tag or sys.implementation.name,
            sys.version,
            str(getattr(_sre, "MAGIC", "")),
            str(getattr(_sre, "CODESIZE", "")),
            str(array(_CODE_TYPE).itemsize),
            digest.hexdigest(),
        )
    )


def _program(source: str, flags: int) -> _Entry:
    """What ``re._compiler.compile`` computes for ``source`` before calling ``_sre``."""
    _parser: Any = importlib.import_module("re._parser")
    _compiler: Any = importlib.import_module("re._compiler")

    parsed = _parser.parse(source, flags)
    code = array(_CODE_TYPE, [int(op) for op in _compiler._code(parsed, flags)]).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))  # fmt: skip


def _build(source: str, entry: _Entry) -> re.Pattern[str]:

    flags, code, groups, groupindex, indexgroup = entry
    program = array(_CODE_TYPE)
    program.frombytes(code)
    pattern: re.Pattern[str] = _sre.compile(
        source, flags, program.tolist(), groups, groupindex, indexgroup
    )
    return pattern


class RegexCache:
    """Patterns compiled from programs stored in ``path`` (None: memory only, this process).

    ``compile`` never raises for a cache problem: it falls back to ``re.compile``.
    ``hits`` and ``misses`` count patterns rebuilt from the file or compiled here.
    """

    def __init__(self, path: Path | None, max_entries: int = _MAX_ENTRIES) -> None:
        self.path = path
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self._entries: dict[_Key, _Entry] = {}
        self._used: set[_Key] = set()
        # Keys ``save`` writes first (``put_first``): ``prime`` hands over the file's first
        # entries, so the order of the file is the order of priority.
        self._first: list[_Key] = []
        #: The keys ``prime`` found in ``re``'s cache: handed over, or there already.
        self.primed: set[_Key] = set()
        self._dirty = False
        self._loaded = path is None
        self._enabled = True
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """False once a check failed: every pattern then comes from ``re.compile``."""
        return self._enabled

    def compile(self, source: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(source, flags)``, from the stored program when there is one."""
        flags = int(flags)
        with self._lock:
            if not self._loaded:
                self._load()
            if not self._enabled:
                return re.compile(source, flags)
            key = (source, flags)
            entry = self._entries.get(key)
            if entry is not None:
                try:
                    pattern = _build(source, entry)
                except Exception:  # a damaged entry: compile it afresh
                    entry = None
                else:
                    self.hits += 1
                    self._used.add(key)
                    return pattern
            try:
                entry = _program(source, flags)
                pattern = _build(source, entry)
            except re.error:
                raise
            except Exception:  # the private API moved: behave exactly like re
                self._enabled = False
                return re.compile(source, flags)
            self.misses += 1
            self._entries[key] = entry
            self._used.add(key)
            self._dirty = True
            return pattern

    def prime(self, limit: int | None = None) -> int:
        """Hand up to ``limit`` (default ``_MAX_PRIMED``) stored patterns, the file's first, to
        ``re``'s in-process cache, so that ``re.compile`` of the same source and flags returns
        them without compiling. The number handed over; 0 when this interpreter's ``re`` does
        not read such a cache."""
        limit = _MAX_PRIMED if limit is None else limit
        with self._lock:
            if not self._loaded:
                self._load()
            if not self._enabled:
                return 0
            entries = list(self._entries.items())[:limit]
        target = getattr(re, "_cache", None)
        if not isinstance(target, dict):
            return 0
        self.primed.update(_held_keys(target))
        primed = 0
        for (source, flags), entry in entries:
            key = (str, source, flags)
            if key in target:
                continue
            try:
                pattern = _build(source, entry)
            except Exception:  # a damaged entry: re compiles it when asked
                continue
            target[key] = pattern
            primed += 1
            if primed == 1 and re.compile(source, flags) is not pattern:
                target.pop(key, None)  # re looks elsewhere: leave it alone
                return 0
            self.primed.add((source, flags))
        if primed:
            _widen_re_cache(len(target) + _RE_ROOM)
        return primed

    def remember(self, keys: Iterable[tuple[str, int]]) -> int:
        """Store the programs of patterns ``re`` compiled itself (``(source, flags)``), to be
        written by the next ``save``; the number that were new."""
        added = 0
        with self._lock:
            if not self._loaded:
                self._load()
            if not self._enabled or self.path is None:
                return 0
            for key in keys:
                if key in self._entries:
                    self._used.add(key)
                    continue
                try:
                    entry = _program(*key)
                    _build(key[0], entry)
                except Exception:  # not one re.compile would make: skip it
                    continue
                self._entries[key] = entry
                self._used.add(key)
                self._dirty = True
                added += 1
        return added

    def keys(self) -> list[_Key]:
        """The stored keys in the file's order (what ``prime`` hands over first comes first);
        with this process's new ones at the end, as ``save`` writes them."""
        with self._lock:
            if not self._loaded:
                self._load()
            return list(self._entries)

    def put_first(self, keys: Iterable[_Key]) -> None:
        """Write ``keys`` (those stored) first at the next ``save``, in this order: they are
        what the next ``prime`` hands over."""
        with self._lock:
            if not self._loaded:
                self._load()
            if not self._enabled or self.path is None:
                return
            first = [key for key in keys if key in self._entries]
            if first and first != list(self._entries)[: len(first)]:
                self._first = first
                self._dirty = True

    def save(self) -> bool:
        """Write newly compiled programs to ``path`` (merged with what is there); True when
        a file was written. Errors (a read-only cache directory) are ignored: the cache is
        an optimisation."""
        with self._lock:
            if self.path is None or not self._dirty or not self._enabled:
                return False
            entries = {**self._read(self.path), **self._entries}
            if len(entries) > self.max_entries:
                entries = {key: entry for key, entry in entries.items() if key in self._used}
            if self._first:
                entries = {**{k: entries[k] for k in self._first if k in entries}, **entries}
            if not write_stamped(self.path, _MAGIC, environment_key(), entries):
                return False
            self._entries = entries
            self._first = []
            self._dirty = False
            return True

    def _load(self) -> None:
        self._loaded = True
        if self.path is None:
            return
        entries = self._read(self.path)
        if entries and not self._spot_check(entries):
            self._enabled = False
            return
        self._entries = entries

    @staticmethod
    def _read(path: Path) -> dict[_Key, _Entry]:
        """The valid entries stored in ``path``; empty for a missing, damaged or foreign file."""
        stored = read_stamped(path, _MAGIC)
        if stored is None or stored[0] != environment_key():
            return {}
        return {k: v for k, v in stored[1].items() if _well_formed(k, v)}

    @staticmethod
    def _spot_check(entries: dict[_Key, _Entry]) -> bool:
        """One stored program rebuilt equals what ``re.compile`` makes of its source."""
        source, flags = min(entries, key=lambda key: (len(entries[key][1]), key))
        try:
            return bool(_build(source, entries[source, flags]) == re.compile(source, flags))
        except Exception:
            return False


def _widen_re_cache(size: int) -> None:
    """Let ``re`` keep ``size`` patterns before it evicts one (never fewer than it keeps)."""
    current = getattr(re, "_MAXCACHE", None)
    if isinstance(current, int) and current < size:
        setattr(re, "_MAXCACHE", size)  # noqa: B010  # a private name, no stub for it


def _well_formed(key: Any, entry: Any) -> bool:
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and isinstance(key[1], int)
        and isinstance(entry, tuple)
        and len(entry) == 5
        and isinstance(entry[0], int)
        and isinstance(entry[1], bytes)
        and isinstance(entry[2], int)
        and isinstance(entry[3], dict)
        and isinstance(entry[4], tuple)
    )


_DEFAULT: RegexCache | None = None
_DEFAULT_LOCK = threading.Lock()


def default_regex_cache() -> RegexCache:
    """The process-wide cache: ``$CALLCOACH_REGEX_CACHE`` (a file, or ``off``), else
    ``regex-<python tag>.bin`` in the user cache directory."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = RegexCache(_default_path())
        return _DEFAULT


_MODULES: RegexCache | None = None
_NOTED: list[tuple[str, int]] | None = None
# Whether enough noted patterns were compiled in this process instead of primed that the
# file's order of priority is rewritten (``save_module_patterns``). A few misses are left:
# the file cannot tell which primed patterns a command used, so when the patterns it needs
# fill the primed window, putting each process's misses first would only rotate the window
# and rewrite the file every time (a few patterns compile in ~1 ms each; a rewrite costs
# more).
_MISSED = False
_REORDER_MISSES = 16


def module_pattern_cache() -> RegexCache | None:
    """The process-wide cache of module-level patterns (beside the phrase cache); None when
    the cache is off."""
    global _MODULES
    with _DEFAULT_LOCK:
        if _MODULES is None:
            path = _default_path()
            if path is None:
                return None
            _MODULES = RegexCache(
                path.with_name(f"{path.stem}-modules{path.suffix}"), _MAX_MODULE_ENTRIES
            )
        return _MODULES


def prime_module_patterns() -> int:
    """Hand the module-level patterns stored by an earlier process to ``re``'s cache (see the
    module docstring); the number handed over. Never raises: the cache is an optimisation."""
    try:
        cache = module_pattern_cache()
        return cache.prime() if cache is not None else 0
    except Exception:
        return 0


def remember_module_patterns(private: Iterable[str] = ()) -> None:
    """Note which patterns ``re`` holds now, once per process (``pipeline.run`` calls it as
    its first call begins: by then the command line, the detectors and what they import have
    compiled theirs, and a call's own patterns are still to come); ``save_module_patterns``
    stores them. A pattern whose source holds a word of ``private`` (the call's speaker
    names: ``roles`` compiles patterns from them) is left out, so no person's name is written
    to the cache file.

    The patterns ``re`` compiled in this process (held, but not primed) come first: the next
    process primes them. Otherwise a file grown past ``_MAX_PRIMED`` patterns (other
    commands, an older version's patterns) keeps priming its oldest entries while the
    patterns this command needs are compiled again in every process."""
    global _NOTED, _MISSED
    if _NOTED is not None:
        return
    held = getattr(re, "_cache", None)
    try:
        keys = _held_keys(held) if isinstance(held, dict) else []
    except RuntimeError:  # changed by another thread meanwhile: note nothing this time
        return
    names = _name_words(private)
    keys = [key for key in keys if not _holds_any(key[0], names)]
    primed = _MODULES.primed if _MODULES is not None else set()
    missed = [key for key in keys if key not in primed]
    _MISSED = len(missed) >= _REORDER_MISSES
    _NOTED = [*missed, *(key for key in keys if key in primed)][:_MAX_PRIMED]


def _held_keys(held: dict[Any, Any]) -> list[_Key]:
    """The (source, flags) of the ``str`` patterns in ``re``'s cache, oldest first."""
    return [
        (key[1], key[2])
        for key in tuple(held)
        if isinstance(key, tuple)
        and len(key) == 3
        and key[0] is str
        and isinstance(key[1], str)
        and isinstance(key[2], int)
    ]


def _name_words(names: Iterable[str]) -> tuple[str, ...]:
    """Each word of the names (lower-cased, two letters or more) and its escaped form."""
    words = {w for name in names for w in re.findall(r"\w+", name.lower()) if len(w) > 1}
    return tuple(sorted(words | {re.escape(w) for w in words}))


def _holds_any(source: str, words: tuple[str, ...]) -> bool:
    lowered = source.lower()
    return any(word in lowered for word in words)


# The keys of the first note once saved (the patterns a command needs as its first call
# begins), and whether the second note (``noting_module_patterns``) was taken.
_FIRST: list[_Key] = []
_LATER = threading.Event()


@contextmanager
def noting_module_patterns(private: Iterable[str] = ()) -> Iterator[None]:
    """A second note, once per process, around code that runs after a call's analysis and
    compiles patterns of its own as it first runs: the HTML report (jinja2's lexer rules,
    the modules it imports then, the report's wording patterns: 26 patterns, ~5 ms of CPU
    in every process, never primed because ``remember_module_patterns`` notes what
    ``re`` holds as the first call begins). What ``re`` compiled during the block is stored
    in the module-pattern file and saved at once (``pipeline.run`` saved the first note
    already); a pattern holding a word of ``private`` (the call's speaker names) is left
    out, as there. Only what is new in ``re``'s cache during the block is noted, so the
    call's own patterns (compiled before it) never are.

    When one of them is stored where ``prime`` does not reach (past the first
    ``_MAX_PRIMED`` entries of a file grown with other commands' patterns), the first note
    and these are written first, in that order, if that brings one of them into reach;
    otherwise the file's order is kept (no rewrite per process: not when the first note
    alone fills the window, as in ``report`` of many calls, nor in a process that analysed
    no call, whose order would push the analysis's patterns back). Never raises; does
    nothing where ``re`` keeps no such cache."""
    held = getattr(re, "_cache", None)
    if _LATER.is_set() or not isinstance(held, dict):
        yield
        return
    _LATER.set()
    try:
        before = set(_held_keys(held))
    except RuntimeError:
        yield
        return
    yield
    try:
        new = [key for key in _held_keys(held) if key not in before]
        names = _name_words(private)  # after: its own pattern is not the block's
        new = [key for key in new if not _holds_any(key[0], names)]
        cache = module_pattern_cache() if new else None
        if cache is None:
            return
        cache.remember(new)
        stored = cache.keys()
        reach, kept = set(stored[:_MAX_PRIMED]), set(stored)
        order = [*_FIRST, *(key for key in new if key not in _FIRST)][:_MAX_PRIMED]
        first = set(order) if _FIRST else set()
        # only when that brings one of them into reach: else a rewrite would gain nothing
        if any(key in kept and key not in reach and key in first for key in new):
            cache.put_first(order)
        cache.save()
    except Exception:
        return


def save_module_patterns() -> bool:
    """Write the noted module-level patterns the file does not hold yet, once per process,
    and, when some were compiled here instead of primed, the noted ones first in the file (a
    no-op when the file holds them all and primed them); True when a file was written.
    Never raises."""
    global _NOTED
    noted = _NOTED
    if not noted:
        return False
    _NOTED = []  # noted and handled: later calls of this process have nothing to add
    _FIRST[:] = noted
    try:
        cache = module_pattern_cache()
        if cache is None:
            return False
        cache.remember(noted)
        if _MISSED:
            cache.put_first(noted)
        return cache.save()
    except Exception:
        return False


def default_cache_path() -> Path | None:
    """Where the process-wide compiled-phrase cache lives (None when the cache is off); the
    other caches of start-up work (module patterns, the phrase word index) sit beside it."""
    return _default_path()


def _default_path() -> Path | None:
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in ("off", "0", "no", "false", "none"):
        return None
    if setting:
        return Path(setting).expanduser()
    from platformdirs import user_cache_dir

    tag = sys.implementation.cache_tag or sys.implementation.name
    return partition(Path(user_cache_dir("callcoach")) / PARTITIONS) / f"regex-{tag}.bin"


# The folder of the user cache directory that holds one folder per install (``partition``).
PARTITIONS = "start-up"
# Installs whose start-up caches are kept side by side; a new one removes the least recently
# used beyond this many (each holds ~10 MB at most: the files' own caps).
_MAX_PARTITIONS = 8
_PACKAGE = Path(__file__).resolve().parent.parent
_TOUCHED: set[Path] = set()


def install_key(package: Path | None = None) -> str:
    """A short name for the install whose code runs (by default this package's folder):
    every checkout, virtual environment or installed copy gets its own start-up caches."""
    where = _PACKAGE if package is None else package
    return hashlib.sha256(os.fsencode(where)).hexdigest()[:16]


def partition(root: Path, package: Path | None = None) -> Path:
    """The folder under ``root`` for this install's start-up cache files (``install_key``).

    Installs never rewrite each other's files, so two checkouts (or two versions installed
    side by side) that run in turn both keep warm caches; before, every install of a user
    shared one set of files and each rewrote what the other had stored. The first time a
    process asks (once per process and folder), the folder's time is set to now, and a
    folder that does not exist yet is created with a note of the install it serves, and the
    least recently used folders past ``_MAX_PARTITIONS`` are removed: the whole is bounded.
    Never raises (a cache is an optimisation: a folder that cannot be made is a write that
    fails later, quietly)."""
    where = _PACKAGE if package is None else package
    folder = root / install_key(where)
    if folder in _TOUCHED:
        return folder
    _TOUCHED.add(folder)
    try:
        os.utime(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "install.txt").write_text(f"{where}\n", encoding="utf-8")
        except OSError:
            return folder
        _prune_partitions(root, keep=folder)
    except OSError:
        pass
    return folder


def _prune_partitions(root: Path, keep: Path) -> None:
    """Remove the least recently used install folders under ``root`` beyond
    ``_MAX_PARTITIONS`` (never ``keep``). A process still using a removed folder only misses:
    its next save makes the folder again."""
    import shutil

    try:
        folders = [entry for entry in os.scandir(root) if entry.is_dir(follow_symlinks=False)]
        ages = sorted(
            ((entry.stat(follow_symlinks=False).st_mtime, entry.path) for entry in folders),
            reverse=True,
        )
    except OSError:
        return
    kept = 1
    for _, path in ages:
        if Path(path) == keep:
            continue
        if kept < _MAX_PARTITIONS:
            kept += 1
            continue
        shutil.rmtree(path, ignore_errors=True)
