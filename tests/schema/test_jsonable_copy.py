"""``jsonable`` copies plain values itself; it must return what the JSON round trip returns."""

from __future__ import annotations

import enum
import json
import math
from datetime import date
from types import MappingProxyType
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from callcoach.schema.base import _plain, jsonable


def _round_trip(value: Any) -> Any:
    return json.loads(json.dumps(dict(value), default=_plain))


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


class _Level(enum.IntEnum):
    HIGH = 2


class _Kind(str, enum.Enum):  # noqa: UP042  (str() differs from StrEnum: a case to test)
    NEED = "need"


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
    st.sampled_from([date(2026, 1, 2), _Level.HIGH, _Kind.NEED, np.float64(0.25), np.int64(7)]),
    st.frozensets(st.integers(), max_size=3),
)
_KEYS = st.one_of(st.text(max_size=4), st.integers(-3, 3), st.booleans())
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.text(max_size=4), inner, max_size=3),
        st.dictionaries(_KEYS, inner, max_size=3).map(MappingProxyType),
    ),
    max_leaves=12,
)


@given(st.dictionaries(_KEYS, _VALUES, max_size=4))
def test_jsonable_is_the_json_round_trip(value: dict[Any, Any]) -> None:
    assert _same(jsonable(value), _round_trip(value))


def test_plain_attributes_are_copied_not_shared() -> None:
    inner = {"ids": ["u1", "u2"]}
    out = jsonable(MappingProxyType({"covered_by": (inner,), "share": 0.5}))
    assert out == {"covered_by": [{"ids": ["u1", "u2"]}], "share": 0.5}
    assert out["covered_by"][0] is not inner


def test_deep_nesting_falls_back_to_json() -> None:
    deep: Any = "leaf"
    for _ in range(100):
        deep = [deep]
    assert jsonable({"deep": deep}) == _round_trip({"deep": deep})
