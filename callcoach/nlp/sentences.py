"""Fast regex sentence splitting that returns character spans into the original text.

Punctuation-free (ASR) text comes back as one span: without punctuation there is no
reliable boundary, and detectors that need finer units look inside the span.
"""

from __future__ import annotations

import re

__all__ = ["sentences", "split_sentences"]

# A boundary is the end of a run of terminal punctuation (plus closing quotes/brackets)
# that is followed by whitespace, or glued to a capitalised word ("far.Can you").
_BOUNDARY = re.compile(
    r"""[.?!…]+["'”’)\]]*(?=\s)"""
    r"""|(?<=[a-z])[.?!]+(?=[A-Z][a-z])"""
)
# Abbreviations whose period is not a sentence end.
_ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "e.g", "i.e", "approx", "dept"]
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period ending at ``end`` belongs to an abbreviation or an initial."""
    if text[end - 1] != ".":
        return False
    match = _WORD_BEFORE.search(text, 0, end - 1)
    if match is None:
        return False
    word = match.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word.isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text``, whitespace trimmed.

    >>> text = "Great. How many reps do you have? we use excel"
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['Great.', 'How many reps do you have?', 'we use excel']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start() + 1):
            continue
        span = _trim(text, start, end)
        if span is not None:
            spans.append(span)
        start = end
    span = _trim(text, start, len(text))
    if span is not None:
        spans.append(span)
    return spans


def sentences(text: str) -> list[str]:
    """The sentence strings of ``text`` (see ``split_sentences``)."""
    return [text[a:b] for a, b in split_sentences(text)]
