"""Writing report files atomically: a file is complete or absent, never a ``.tmp`` left over.

The text is encoded before anything is opened (an unencodable character fails before a file
exists), written to a uniquely named temporary file in the target folder, flushed to disk and
renamed over the target. Any failure (disk full, a folder where the file should go, permission)
removes the temporary file and raises ``OutputError`` naming the file.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from callcoach.errors import OutputError

__all__ = ["check_output_file", "check_output_folder", "unique_stems", "write_atomic"]


def check_output_folder(folder: Path, option: str = "--out") -> None:
    """Fail early when ``folder`` exists but is not a folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{option} {folder}: exists and is not a folder")


def check_output_file(path: Path, option: str = "--out") -> None:
    """Fail early when ``path`` names a folder (or its parent is a file)."""
    if path.is_dir():
        raise OutputError(
            f"{option} {path}: is a folder; give a file name, or a folder without a suffix"
        )
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"{option} {path}: {parent} is not a folder")


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically (see the module docstring)."""
    data = text.encode("utf-8", errors="replace")  # lone surrogates become "?", never a crash
    if path.is_dir():
        raise OutputError(f"{path}: cannot write the report: a folder of that name exists")
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(handle, 0o666 & ~_umask())  # as a plain open() would (mkstemp makes 0600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{path}: cannot write the report: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def unique_stems(files: Sequence[Path], reserved: Sequence[str] = ()) -> dict[Path, str]:
    """A report name per input file, unique even on case-insensitive file systems.

    The file's stem when that is unique; else its name (``call.vtt``/``call.json``); else its
    path below the folders all inputs share (``east__call``, ``west__call``); a name that is
    still taken, or ``reserved`` (``team``), gets ``-2``, ``-3``, ….
    """
    stems = Counter(f.stem.casefold() for f in files)
    names = Counter(f.name.casefold() for f in files)
    parents = [str(f.absolute().parent) for f in files]
    common = Path(os.path.commonpath(parents)) if parents else Path()
    taken = {r.casefold() for r in reserved}
    result: dict[Path, str] = {}
    for f in files:
        if stems[f.stem.casefold()] == 1:
            wanted = f.stem
        elif names[f.name.casefold()] == 1:
            wanted = f.name
        else:
            relative = f.absolute().relative_to(common)
            wanted = "__".join((*relative.parent.parts, f.stem)) or f.stem
        candidate, n = wanted, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{wanted}-{n}"
        taken.add(candidate.casefold())
        result[f] = candidate
    return result
