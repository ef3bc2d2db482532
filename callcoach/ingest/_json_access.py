"""Typed reads from decoded JSON that name the JSON path of anything malformed.

Vendor parsers read through these helpers so that a wrong type anywhere in a file becomes
one clear message such as ``segments[12].start: expected a number, got string``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from callcoach.model import IngestWarning

JsonObject = Mapping[str, Any]

_DIGITS = re.compile(r"\d+")
# No call lasts a year; a larger time is corruption and would overflow time arithmetic.
MAX_TIME_S = 1e7


class ShapeError(Exception):
    """A value at ``path`` has the wrong type; ``vendor_json.parse`` reports it as IngestError."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def join(path: str, key: str | int) -> str:
    """``join("segments", 3) == "segments[3]"``; ``join("segments[3]", "start")`` adds a dot."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def type_name(value: object) -> str:
    """The JSON name of a decoded value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def as_object(value: object, path: str) -> JsonObject:
    if not isinstance(value, dict):
        raise ShapeError(path, f"expected an object, got {type_name(value)}")
    return value


def as_array(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise ShapeError(path, f"expected an array, got {type_name(value)}")
    return value


def get_object(parent: JsonObject, key: str, path: str) -> JsonObject | None:
    """The object at ``parent[key]``; None when the key is missing or null."""
    value = parent.get(key)
    return None if value is None else as_object(value, join(path, key))


def get_array(parent: JsonObject, key: str, path: str) -> list[Any]:
    """The array at ``parent[key]``; empty when the key is missing or null."""
    value = parent.get(key)
    return [] if value is None else as_array(value, join(path, key))


def get_str(parent: JsonObject, key: str, path: str, *, required: bool = False) -> str | None:
    value = parent.get(key)
    if value is None:
        if required:
            raise ShapeError(join(path, key), "missing (a string is required)")
        return None
    if not isinstance(value, str):
        raise ShapeError(join(path, key), f"expected a string, got {type_name(value)}")
    return value


def get_time(
    parent: JsonObject, key: str, path: str, *, per_second: int = 1, strings: bool = False
) -> float | None:
    """A time in seconds (``value / per_second``); None when missing or null.

    ``strings`` accepts numbers written as JSON strings, which is how AWS Transcribe
    writes every time.
    """
    value = parent.get(key)
    if value is None:
        return None
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value) / per_second
    elif strings and isinstance(value, str):
        try:
            seconds = float(value) / per_second
        except ValueError:
            raise ShapeError(join(path, key), f"expected a number, got {value!r}") from None
    else:
        raise ShapeError(join(path, key), f"expected a number, got {type_name(value)}")
    # json.loads accepts NaN and Infinity; no time arithmetic downstream survives them.
    if not math.isfinite(seconds):
        raise ShapeError(join(path, key), f"expected a finite number, got {_short(value)}")
    if abs(seconds) > MAX_TIME_S:
        raise ShapeError(
            join(path, key),
            f"time {_short(value)} is out of range (more than {MAX_TIME_S:.0e} seconds)",
        )
    return seconds


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def get_span(
    parent: JsonObject,
    path: str,
    warnings: list[IngestWarning],
    *,
    keys: tuple[str, str] = ("start", "end"),
    per_second: int = 1,
    strings: bool = False,
) -> tuple[float | None, float | None]:
    """(start, end) of a record; a reversed pair is kept with a warning naming the path."""
    start = get_time(parent, keys[0], path, per_second=per_second, strings=strings)
    end = get_time(parent, keys[1], path, per_second=per_second, strings=strings)
    if start is not None and end is not None and end < start:
        warnings.append(
            IngestWarning(f"{path}: ends ({end:.3f}s) before it starts ({start:.3f}s); kept as is")
        )
    return start, end


def speaker_name(value: object, path: str) -> str | None:
    """A diarization label as a speaker name.

    Integers and digit strings become ``"Speaker 0"``; any other string (AssemblyAI's ``A``,
    ``SPEAKER_00``, ``spk_0``, a real name) is kept as written, stripped, so a label reads the
    same as in the file and in ``--rep``/manifests. Null and blank strings mean "no speaker".
    """
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"Speaker {value}"
    if not isinstance(value, str):
        raise ShapeError(path, f"expected a string or integer speaker, got {type_name(value)}")
    label = value.strip()
    if not label:
        return None
    if _DIGITS.fullmatch(label):
        return f"Speaker {label}"
    return label
