"""What every output model shares: frozen, strict about unknown fields, built from attributes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict

__all__ = ["FrozenModel", "JsonObject", "attributes", "jsonable", "timestamp"]


class FrozenModel(BaseModel):
    """An immutable output object. ``Model.model_validate(obj, from_attributes=True)`` builds
    it from a frozen dataclass of ``callcoach.model`` whose attributes carry the field names;
    ``Model.model_validate(json_dict)`` reads it back from the JSON it wrote."""

    model_config = ConfigDict(frozen=True, extra="forbid", from_attributes=True)


def attributes(obj: object, model: type[BaseModel], **derived: Any) -> dict[str, Any]:
    """``obj``'s attributes named as ``model``'s fields, with the ``derived`` values (the
    fields ``obj`` has no attribute for, or computes differently) put in."""
    values = {
        name: getattr(obj, name)
        for name in model.model_fields
        if name not in derived and hasattr(obj, name)
    }
    return {**values, **derived}


def timestamp(seconds: float | None) -> str | None:
    """``seconds`` as ``mm:ss`` (``h:mm:ss`` from an hour on), for people to read."""
    if seconds is None:
        return None
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def jsonable(value: Any) -> Any:
    """A mapping as a plain JSON object: tuples, dates, sets, numpy scalars in plain forms."""
    if not isinstance(value, Mapping):
        return value  # not a mapping: the dict validator says what is wrong
    try:
        return _copied(value, 0)
    except _NotPlain:
        return json.loads(json.dumps(dict(value), default=_plain))


class _NotPlain(Exception):
    """A value the JSON round trip would change (a key that is not a str, a number subclass,
    a date, a set …): that mapping goes through ``json`` instead."""


_SCALARS = (str, int, float, bool, type(None))
_DEPTH = 64


def _copied(value: Any, depth: int) -> Any:
    """What ``json.loads(json.dumps(value))`` returns, for values made only of mappings with
    str keys, lists, tuples and exact str/int/float/bool/None (a tenth of the round trip's
    time: a 1-hour call's report holds ~2,000 such mappings); else ``_NotPlain``."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if depth > _DEPTH:
        raise _NotPlain
    if kind is list or kind is tuple:
        return [_copied(item, depth + 1) for item in value]
    if isinstance(value, Mapping):
        copy = {}
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            copy[key] = _copied(item, depth + 1)
        return copy
    raise _NotPlain


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Mapping):
        return dict(value)
    return str(value)


# Free-form parameters, attributes and details: any JSON object.
JsonObject = Annotated[dict[str, Any], BeforeValidator(jsonable)]
