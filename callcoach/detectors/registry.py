"""Detectors by name. Built-in detector modules register themselves on first lookup."""

from __future__ import annotations

from typing import Any, TypeVar

from callcoach.detectors.base import Detector
from callcoach.errors import DetectorError
from callcoach.plugins import Registry

_DETECTORS: Registry[type[Detector]] = Registry(
    "detector", "callcoach.detectors", DetectorError, skip={"base", "registry"}
)

D = TypeVar("D", bound=type[Detector])


def register(cls: D) -> D:
    """Class decorator: make a detector available by its ``name``."""
    _DETECTORS.register(cls.name, cls)
    return cls


def names() -> list[str]:
    return _DETECTORS.names()


def get(name: str) -> type[Detector]:
    return _DETECTORS.get(name)


def create(name: str, **params: Any) -> Detector:
    return get(name)(**params)
