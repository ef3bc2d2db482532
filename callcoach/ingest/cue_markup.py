"""Cue text markup (WebVTT and SRT) → plain text and voice changes, in one linear pass.

One tokenizer for every tag instead of a regular expression per tag: ``<v Name>``,
``<c.class>``, ``<b>``, ``<i>``, ``<u>``, ``<lang xx>``, ``<ruby>``/``<rt>``, karaoke
timestamps ``<00:01.500>`` (WebVTT); ``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font …>`` in any
case and ``{\\an8}``-style overrides (SRT); character references (WebVTT only).

Linear time whatever the input: every ``<``/``{`` looks for its closing character once,
the position of the next closer is remembered (so ``"<v " * 10000`` costs what its length
costs), a candidate that holds another opener before its closer is text, and a tag is at
most ``MAX_TAG_CHARS`` long. Anything that is not a well-formed known tag stays as text:
nothing is dropped, so ``x < y`` survives.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["MAX_TAG_CHARS", "Voice", "plain_text", "tokens", "unescape"]

Dialect = Literal["vtt", "srt"]

MAX_TAG_CHARS = 1024
_VTT_TAGS = frozenset({"c", "i", "b", "u", "v", "lang", "ruby", "rt"})
_SRT_TAGS = frozenset({"i", "b", "u", "s", "font"})
_KARAOKE = re.compile(r"(?:\d{1,4}:)?\d{2}:\d{2}\.\d{3}")
_KARAOKE_MAX = 16
# A character reference: named (at most 32 characters) or numeric (at most 8 digits, so a
# reference of 5,000 digits is text instead of an int() that Python refuses).
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
_NAME_END = " \t.\f"


@dataclass(frozen=True, slots=True)
class Voice:
    """A ``<v Name>`` (``name`` the annotation, None when blank) or, with ``end``, a ``</v>``."""

    name: str | None = None
    end: bool = False


Token = str | Voice


def tokens(raw: str, dialect: Dialect) -> list[Token]:
    """Split ``raw`` (one cue line) into text runs and voice changes; other tags vanish.

    >>> tokens("<v Ana>Hi <b>there</b></v> &amp; bye", "vtt")
    [Voice(name='Ana', end=False), 'Hi ', 'there', Voice(name=None, end=True), ' & bye']
    """
    if "<" not in raw and "{" not in raw:
        return [unescape(raw) if dialect == "vtt" else raw] if raw else []
    out: list[Token] = []
    find = _Finder(raw)
    position = 0  # start of the pending text run
    scan = 0  # where to look for the next opener
    openers: tuple[str, ...] = ("<", "{") if dialect == "srt" else ("<",)
    pairs = {"<": ">", "{": "}"}
    while True:
        start = min(find.next(o, scan) for o in openers)
        if start >= len(raw):
            break
        opener = raw[start]
        end = find.next(pairs[opener], start + 1)
        inner = find.next(opener, start + 1)
        if end >= len(raw):
            # No closer anywhere after this: every later opener of this kind is text.
            openers = tuple(o for o in openers if o != opener)
            if not openers:
                break
            scan = start + 1
            continue
        if inner < end or end - start > MAX_TAG_CHARS:
            scan = start + 1  # no closer, or "<a <b>": this opener is text
            continue
        token = _tag(raw[start + 1 : end], opener, dialect)
        if token is None:
            scan = start + 1
            continue
        _add_text(out, raw[position:start], dialect)
        if isinstance(token, Voice):
            out.append(token)
        position = scan = end + 1
    _add_text(out, raw[position:], dialect)
    return out


class _Finder:
    """``str.find`` with memory: positions only move forward, so each character of the
    line is searched at most once per character kind (``len(raw)`` means "none")."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.found: dict[str, int] = {}

    def next(self, char: str, start: int) -> int:
        cached = self.found.get(char, -1)
        if cached >= start:
            return cached
        position = self.raw.find(char, start)
        self.found[char] = position if position >= 0 else len(self.raw)
        return self.found[char]


def plain_text(raw: str, dialect: Dialect) -> str:
    """The text of ``raw`` with tags (and, in WebVTT, voice spans) removed, spaces collapsed."""
    if "<" not in raw and "{" not in raw and "&" not in raw:
        return " ".join(raw.split())
    return " ".join("".join(t for t in tokens(raw, dialect) if isinstance(t, str)).split())


def unescape(text: str) -> str:
    """WebVTT character references (``&amp;``, ``&lt;``, ``&#233;``) → characters."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _add_text(out: list[Token], text: str, dialect: Dialect) -> None:
    if text:
        out.append(unescape(text) if dialect == "vtt" else text)


def _tag(inner: str, opener: str, dialect: Dialect) -> Token | None:
    """What a candidate tag means: ``""`` (strip), a ``Voice``, or None (it is text)."""
    if opener == "{":
        return "" if inner.startswith("\\") else None
    if dialect == "vtt" and len(inner) <= _KARAOKE_MAX and _KARAOKE.fullmatch(inner):
        return ""
    closing = inner.startswith("/")
    body = inner[1:].strip() if closing else inner
    name, annotation = _split_name(body)
    if dialect == "srt":
        return "" if name.lower() in _SRT_TAGS and not (closing and annotation) else None
    if name not in _VTT_TAGS or (closing and annotation):
        return None
    if name == "v":
        if closing:
            return Voice(end=True)
        voice = " ".join(unescape(annotation).split())
        return Voice(voice or None)
    return ""


def _split_name(body: str) -> tuple[str, str]:
    """``"v.loud Ana Ruiz"`` → ``("v", "Ana Ruiz")``; classes are dropped."""
    cut = len(body)
    for index, char in enumerate(body):
        if char in _NAME_END:
            cut = index
            break
    name = body[:cut]
    rest = body[cut:]
    if rest.startswith("."):
        # Classes run to the first space: "<c.a.b text>" has none, "<v.x Ana>" has "Ana".
        space = min((p for p in (rest.find(" "), rest.find("\t")) if p >= 0), default=len(rest))
        rest = rest[space:]
    return name, rest.strip()
