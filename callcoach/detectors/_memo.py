"""A one-entry memo for work a detector does twice on the same call.

``pipeline.run`` asks an embedding detector for the texts it will embed
(``Detector.embedding_texts``) and then for its findings (``detect``); both start from the
same candidates (``summarize`` plans its restatements, ``needs_coverage`` finds its
statements). ``LastCall`` keeps the last result so the second asks for it instead of
redoing it. The call and the roles are compared by identity (both are frozen, and the memo
holds them, so an identity is never reused while the entry lives); everything else that
decides the result is compared by value. One entry per memo: a long-running process holds
at most the last call it analysed. A pure speed-up: the result is what recomputing gives.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

__all__ = ["LastCall"]

T = TypeVar("T")


class LastCall(Generic[T]):
    """The result of ``make`` for the last (``same``, ``equal``) asked for.

    ``same``: the objects compared by identity (the call, the roles, a lexicon); ``equal``:
    the other inputs, compared with ``==``. The cached value is returned as it is, so
    callers must not mutate it.
    """

    def __init__(self) -> None:
        self._entry: tuple[tuple[object, ...], Hashable, T] | None = None
        self._lock = threading.Lock()

    def get(self, same: Sequence[object], equal: Hashable, make: Callable[[], T]) -> T:
        """The remembered value for these inputs, or ``make()`` (then remembered)."""
        with self._lock:
            entry = self._entry
        if entry is not None:
            last_same, last_equal, value = entry
            if (
                len(last_same) == len(same)
                and all(a is b for a, b in zip(last_same, same, strict=True))
                and last_equal == equal
            ):
                return value
        value = make()
        with self._lock:
            self._entry = (tuple(same), equal, value)
        return value

    def clear(self) -> None:
        """Forget the remembered value."""
        with self._lock:
            self._entry = None
