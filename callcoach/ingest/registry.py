"""Transcript formats by name, registered like detectors.

Each built-in format is one small module in ``callcoach/ingest/formats/`` that declares a
``TranscriptFormat`` (name, aliases, file suffixes, a content sniffer, its parser and an
example) and registers it; they register themselves on first lookup. The sniffer
(``detect.sniff``), the loader's ``format=`` names and the folder scan's suffixes are all read
from here, so no table of formats is written out twice. ``docs/formats.md`` ("Adding a
format") gives the steps for a new one.

>>> get("vtt").suffixes
('.vtt',)
>>> resolve("WebVTT").name, resolve(".md").name
('vtt', 'markdown')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from callcoach.errors import FormatError
from callcoach.ingest.base import ParsedTranscript
from callcoach.plugins import Registry

__all__ = [
    "Parser",
    "Sniffer",
    "TranscriptFormat",
    "by_suffix",
    "formats",
    "get",
    "lazy_parser",
    "names",
    "register",
    "resolve",
    "suffixes",
    "unregister",
]


class Parser(Protocol):
    """``parse(text, *, source)``: decoded text → raw segments; raises only ``IngestError``."""

    def __call__(self, text: str, *, source: str) -> ParsedTranscript: ...


# (head, named) → 0.0 (not this format) … 1.0 (certainly this format). ``head`` is the decoded
# text without a BOM and leading blank lines; ``named`` is True when the file's suffix is one
# of the format's own. The highest score wins; see ``detect.sniff``.
Sniffer = Callable[[str, bool], float]

_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_SUFFIX = re.compile(r"\.[a-z0-9][a-z0-9_.-]*")


@dataclass(frozen=True, slots=True)
class TranscriptFormat:
    """One transcript format: everything the loader, the sniffer and the folder scan need.

    ``example`` is a short invented transcript in this format: the conformance test checks
    that the format's sniffer picks it (and no other format's does) and that it loads into a
    ``Call`` with speakers. ``rank`` orders formats in lists and messages, and breaks a tie
    between equal sniff scores (lower first).
    """

    name: str
    description: str
    suffixes: tuple[str, ...]
    sniff: Sniffer
    parse: Parser
    example: str
    aliases: tuple[str, ...] = ()
    rank: int = 100

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise FormatError(f"format name {self.name!r} must be lower-case letters and digits")
        for suffix in self.suffixes:
            if not _SUFFIX.fullmatch(suffix):
                raise FormatError(f"{self.name}: suffix {suffix!r} must look like '.ext'")
        for alias in self.aliases:
            if not _NAME.fullmatch(alias):
                raise FormatError(f"{self.name}: alias {alias!r} must be lower-case")
        if not self.example.strip():
            raise FormatError(f"{self.name}: needs an example transcript")


_FORMATS: Registry[TranscriptFormat] = Registry(
    "format", "callcoach.ingest.formats", FormatError, plural="formats"
)


def register(fmt: TranscriptFormat) -> TranscriptFormat:
    """Make ``fmt`` readable: by ``load_call``/``load_text``, the sniffer and folder scans."""
    return _FORMATS.register(fmt.name, fmt)


def unregister(name: str) -> None:
    """Remove a registered format (for tests that register one of their own)."""
    _FORMATS.unregister(name)


def formats() -> tuple[TranscriptFormat, ...]:
    """Every registered format, by rank then name. ``FormatError`` if two claim one name."""
    found = sorted(_FORMATS.values(), key=lambda f: (f.rank, f.name))
    owners: dict[str, str] = {}
    for fmt in found:
        for key in (fmt.name, *fmt.aliases, *fmt.suffixes):
            owner = owners.setdefault(key, fmt.name)
            if owner != fmt.name:
                raise FormatError(f"formats {owner!r} and {fmt.name!r} both claim {key!r}")
    return tuple(found)


def names() -> tuple[str, ...]:
    """Names of the registered formats, by rank."""
    return tuple(f.name for f in formats())


def get(name: str) -> TranscriptFormat:
    """The format registered as ``name`` exactly; ``FormatError`` naming the known ones."""
    return _FORMATS.get(name)


def resolve(name: str) -> TranscriptFormat | None:
    """The format a user means by ``name``: its name, an alias or a suffix, any case."""
    key = name.strip().lower()
    for fmt in formats():
        if key.lstrip(".") in (fmt.name, *fmt.aliases) or key in fmt.suffixes:
            return fmt
    return None


def by_suffix(suffix: str) -> TranscriptFormat | None:
    """The format whose files end in ``suffix`` (``".vtt"``), if any."""
    suffix = suffix.lower()
    return next((f for f in formats() if suffix in f.suffixes), None)


def suffixes() -> tuple[str, ...]:
    """Every transcript file suffix, by format rank: what a folder scan reads."""
    return tuple(s for f in formats() for s in f.suffixes)


def lazy_parser(module: str, attribute: str = "parse") -> Parser:
    """A parser that imports ``module`` on first use, so that reading an SRT file never loads
    the JSON machinery and importing callcoach stays fast."""

    def parse(text: str, *, source: str) -> ParsedTranscript:
        function: Parser = getattr(import_module(module), attribute)
        return function(text, source=source)

    parse.__qualname__ = f"lazy_parser({module!r})"
    return parse
