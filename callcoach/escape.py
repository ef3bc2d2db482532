"""The one Markdown escaper for user text (titles, names, quotes, rubric titles, file names).

Text from transcripts, CRM exports, rubric files and file names must never become Markdown or
HTML structure in a rendered report: no ``<script>``, no ``![tracking](http://…)`` image, no
link, no table cell break. ``&``, ``<`` and ``>`` become entities (so ``&lt;`` in the source
stays visible as written), Markdown's inline punctuation is backslash-escaped and line breaks
become spaces (a report line stays one line).
"""

from __future__ import annotations

import re

__all__ = ["markdown_text"]

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Backslash-escaped: emphasis, code, links/images, table cells, strikethrough, the escape itself.
_SPECIAL = re.compile(r"[&<>\\`*_\[\]|~]")
# Line breaks (and tabs, which would start an indented code block) become one space.
_BREAKS = re.compile("[\t\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    return _ENTITIES.get(char) or "\\" + char


def markdown_text(text: str) -> str:
    """``text`` as inline Markdown that renders literally, on one line.

    >>> markdown_text("<img src=x onerror=alert(1)> ![t](http://e.x/p.png) a|b")
    '&lt;img src=x onerror=alert(1)&gt; !\\\\[t\\\\](http://e.x/p.png) a\\\\|b'
    """
    return _SPECIAL.sub(_replace, _BREAKS.sub(" ", text))
