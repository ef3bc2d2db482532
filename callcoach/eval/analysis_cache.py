"""Analysed calls kept on disk between runs of the LOBO scripts (``--cache DIR``), keyed by
everything the analysis depends on.

The rubric scripts (``scripts/tune_rubric.py`` and the ``lobo_*`` scripts that import its
``_analysed``) run every detector once per call and pickle each batch's ``AnalysedCall``
list under ``--cache DIR``. Until stop 42 the pickle was named after the batch alone
(``dev.pkl``): a folder built by an older checkout, or shared by two worktrees, was reused
silently, and its findings (older detector versions) scored as if they were this code's.
Two runs of "the same code" over the 92 design calls then gave all-criteria MAE 0.4201 and
0.4063: a cache folder built at 23:35 of stop 42, before the stop's detector merges
(candor 1.20, stall 2.14, next_step 2.21, ...), scores exactly 0.4063 / 0.926 under commit
0b46444's rubric, whose own detectors score 0.3925 / 0.926 on a fresh analysis. The
findings of one code version are the same on every run, under load, with 1 to 16
onnxruntime threads and with the caches cold or warm (docs/benchmarks.md, "Determinism").

Now the file is ``<batch>-<key>.pkl`` and holds its key, which is the SHA-256 of
(``analysis_key``):

- every file of the installed ``callcoach`` package (code, lexicons, rubrics, models; not
  ``__pycache__``): any edit to any detector, lexicon or the roles code is a new key;
- every registered detector's name, version and default parameters (a plugin's too);
- the embedder's model, precision and device settings and the onnxruntime, numpy and
  tokenizers versions;
- every file of the batch's data folder (transcripts and labels: the gold is pickled too);
- ``FORMAT``, bumped when ``AnalysedCall`` changes shape.

A file whose stored key differs (or that cannot be read) is analysed afresh and rewritten;
an old ``<batch>.pkl`` is never read. Writes go through a temporary file and a rename, so
two processes sharing a folder never read half a file.
"""

from __future__ import annotations

import copyreg
import hashlib
import json
import os
import pickle
import sys
import tempfile
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "analysis_key", "cache_path", "cached_analyses", "tree_digest"]

#: Bumped when what a cache file holds changes shape.
FORMAT = 1

#: Environment variables that change the vectors or the device the embedder runs on.
_EMBEDDER_ENV = ("CALLCOACH_EMBEDDINGS", "CALLCOACH_DEVICE")


def tree_digest(root: Path) -> str:
    """SHA-256 over every file under ``root`` (relative path and bytes, in path order),
    ``__pycache__`` folders and ``.pyc`` files left out."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _package_digest() -> str:
    """This process's ``callcoach`` files (once per process: the scripts ask per batch)."""
    return tree_digest(_package_root())


def _package_root() -> Path:
    import callcoach

    return Path(callcoach.__file__).resolve().parent


def _detectors() -> list[tuple[str, str, str]]:
    from callcoach.detectors import registry

    rows = []
    for name in registry.names():
        cls = registry.get(name)
        params = json.dumps(cls.default_params(), sort_keys=True, default=repr)
        rows.append((name, str(cls.version), params))
    return rows


def _version(*packages: str) -> str:
    for package in packages:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return "absent"


def _embedder() -> list[str]:
    from callcoach.nlp.embeddings import MODEL_SHA256, TOKENIZER_SHA256

    return [
        MODEL_SHA256,
        TOKENIZER_SHA256,
        *(f"{name}={os.environ.get(name, '')}" for name in _EMBEDDER_ENV),
        f"onnxruntime {_version('onnxruntime', 'onnxruntime-gpu')}",
        f"numpy {_version('numpy')}",
        f"tokenizers {_version('tokenizers')}",
        f"python {sys.version_info[:3]}",
    ]


def analysis_key(
    data: Path,
    *,
    package: Path | None = None,
    detectors: Iterable[tuple[str, str, str]] | None = None,
    embedder: Sequence[str] | None = None,
) -> str:
    """The SHA-256 (hex) of what analysing the calls of folder ``data`` depends on (see the
    module docstring); ``package``, ``detectors`` and ``embedder`` default to this process's
    (given only by tests)."""
    parts = {
        "format": FORMAT,
        "package": tree_digest(package) if package is not None else _package_digest(),
        "detectors": [list(row) for row in (detectors if detectors is not None else _detectors())],
        "embedder": list(embedder if embedder is not None else _embedder()),
        "data": tree_digest(data),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode("utf-8")).hexdigest()


def _as_dict(mapping: Mapping[Any, Any]) -> Any:
    """How a read-only mapping pickles: as the plain dict it shows."""
    return (dict, (dict(mapping),))


def cache_path(cache: Path, name: str, key: str) -> Path:
    """Where batch ``name`` analysed under ``key`` is kept in folder ``cache``."""
    return cache / f"{name}-{key[:16]}.pkl"


def cached_analyses(
    name: str,
    data: Path,
    cache: str | Path | None,
    analyse: Callable[[], list[Any]],
    *,
    key: str | None = None,
) -> list[Any]:
    """``analyse()`` for batch ``name`` (folder ``data``), read from or written to folder
    ``cache`` under ``key`` (default ``analysis_key(data)``); no cache: always analysed."""
    if cache is None:
        return analyse()
    key = key or analysis_key(data)
    path = cache_path(Path(cache), name, key)
    if path.exists():
        try:
            stored = pickle.loads(path.read_bytes())
        except Exception:  # a damaged or foreign file: analyse afresh and replace it
            stored = None
        if isinstance(stored, dict) and stored.get("key") == key:
            items: list[Any] = stored["items"]
            return items
    items = analyse()
    # findings carry read-only attribute maps; pickle them as plain dicts
    copyreg.pickle(types.MappingProxyType, _as_dict)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps({"key": key, "items": items}))
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return items
