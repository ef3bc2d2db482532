"""Conversation detectors. Each module defines one detector and registers it by name."""

from callcoach.detectors.base import DetectionContext, Detector, Embedder, role_utterances
from callcoach.detectors.registry import create, get, names, register

__all__ = [
    "DetectionContext",
    "Detector",
    "Embedder",
    "create",
    "get",
    "names",
    "register",
    "role_utterances",
]
