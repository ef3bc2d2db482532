"""A name → item registry whose built-in items register themselves when their package's
modules are imported, on first lookup (no central list to edit). Detectors and evaluation
tasks both use it."""

from __future__ import annotations

import pkgutil
from collections.abc import Collection
from importlib import import_module
from typing import Generic, TypeVar

from callcoach.errors import CallcoachError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(
        self,
        kind: str,
        package: str,
        error: type[CallcoachError],
        skip: Collection[str] = (),
        plural: str | None = None,
    ) -> None:
        self._kind = kind
        self._plural = plural or f"{kind}s"
        self._package = package
        self._error = error
        self._skip = frozenset(skip)
        self._items: dict[str, T] = {}
        self._loaded = False

    def register(self, name: str, item: T) -> T:
        existing = self._items.get(name)
        if existing is not None and existing is not item:
            raise self._error(f"two {self._kind}s are registered as {name!r}")
        self._items[name] = item
        return item

    def unregister(self, name: str) -> None:
        """Forget ``name`` (a test's own item); unknown names are ignored."""
        self._items.pop(name, None)

    def values(self) -> list[T]:
        """Every registered item, in registration order."""
        self._load_builtins()
        return list(self._items.values())

    def names(self) -> list[str]:
        self._load_builtins()
        return sorted(self._items)

    def get(self, name: str) -> T:
        self._load_builtins()
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items))
            raise self._error(
                f"unknown {self._kind} {name!r}; known {self._plural}: {known}"
            ) from None

    def _load_builtins(self) -> None:
        if self._loaded:
            return
        package = import_module(self._package)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name not in self._skip and not info.name.startswith("_") and not info.ispkg:
                import_module(f"{self._package}.{info.name}")
        self._loaded = True
