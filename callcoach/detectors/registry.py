"""Detectors by name. Built-in detector modules register themselves on first lookup."""

from __future__ import annotations

import pkgutil
from importlib import import_module
from typing import Any, TypeVar

from callcoach.detectors.base import Detector
from callcoach.errors import DetectorError

_REGISTRY: dict[str, type[Detector]] = {}
_NOT_DETECTORS = {"base", "registry"}
_loaded = False

D = TypeVar("D", bound=type[Detector])


def register(cls: D) -> D:
    """Class decorator: make a detector available by its ``name``."""
    existing = _REGISTRY.get(cls.name)
    if existing is not None and existing is not cls:
        raise DetectorError(f"two detectors are registered as {cls.name!r}")
    _REGISTRY[cls.name] = cls
    return cls


def _load_builtins() -> None:
    global _loaded
    if _loaded:
        return
    import callcoach.detectors as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in _NOT_DETECTORS and not info.name.startswith("_") and not info.ispkg:
            import_module(f"{package.__name__}.{info.name}")
    _loaded = True


def names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def get(name: str) -> type[Detector]:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise DetectorError(
            f"unknown detector {name!r}; known detectors: {', '.join(sorted(_REGISTRY))}"
        ) from None


def create(name: str, **params: Any) -> Detector:
    return get(name)(**params)
