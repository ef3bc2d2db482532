"""Sentence splitting that returns character spans into the original text.

``split_sentences`` is a fast regex splitter for punctuated text; punctuation-free (ASR)
text comes back from it as one span. ``split_unpunctuated`` cuts such run-on text into
sentence-like units with a small boundary model (hashed features of the two words either
side of each gap, logistic regression trained on MRDA, CC BY 4.0, lower-cased without
punctuation; see scripts/train_question_segments.py and the model's metadata for its
training-data hash and cross-validated scores). All gaps of a call are scored in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

__all__ = [
    "BOUNDARY_MODEL",
    "asr_text",
    "boundary_features",
    "sentence_spans",
    "sentences",
    "split_sentences",
    "split_unpunctuated",
    "split_unpunctuated_many",
]

BOUNDARY_MODEL = "sentence_boundary"
_PUNCT = re.compile(r"[^\w\s']|(?<!\w)'|'(?!\w)|_")
_SPACES = re.compile(r"\s+")


def asr_text(text: str) -> str:
    """ASR-like text: lower case, no punctuation, single spaces (apostrophes in words
    kept); how the models for text without punctuation were trained.

    >>> asr_text("So, you're in Dallas?")
    "so you're in dallas"
    """
    return _SPACES.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


_WORD_SPAN = re.compile(r"[\w'’]+")
_EDGE = 6

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


def _word_before(text: str, end: int) -> str:
    r"""The run of word characters and periods that ends at ``end`` (before a newline that
    ends ``text[:end]``), or "": what ``re.search(r"([\w.]+)$", text[:end])`` finds, walked
    backwards from ``end`` (a forward search rescans the text from its start for every
    period, quadratic in a long turn). ``\w`` is ``str.isalnum`` or "_"."""
    if end > 0 and text[end - 1] == "\n":
        end -= 1
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    return text[start:end]


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period ending at ``end`` belongs to an abbreviation or an initial."""
    if text[end - 1] != ".":
        return False
    word = _word_before(text, end - 1).lower()
    if not word:
        return False
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

    The detectors split the same texts many times per call (~4,900 splits of ~900
    distinct texts in a realistic 1-hour call), so the spans are memoized per text (they
    depend on nothing else); each caller gets its own list.
    """
    return list(sentence_spans(text))


@lru_cache(maxsize=8192)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``split_sentences`` as the memoized tuple itself, for callers that only read it."""
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
    return tuple(spans)


def sentences(text: str) -> list[str]:
    """The sentence strings of ``text`` (see ``split_sentences``)."""
    return [text[a:b] for a, b in split_sentences(text)]


def _feature_word(word: str) -> str:
    return word.lower().replace("’", "'")


def boundary_features(words: Sequence[str], gap: int) -> str:
    """The feature text of the gap before ``words[gap]`` (1 <= gap < len(words)): the two
    words either side, their pairs, and how far the gap is from the start and end of the
    text (capped), as tokens for a hashed bag-of-words model.

    >>> boundary_features(["so", "okay", "what", "is", "it"], 2)
    'a1_okay b1_what a2_so b2_is ab_okay_what aa_so_okay bb_what_is abb_okay_what_is s_2 e_3'
    """

    def word(i: int) -> str:
        if i < 0:
            return "xxstart"
        if i >= len(words):
            return "xxend"
        return _feature_word(words[i])

    a2, a1, b1, b2 = word(gap - 2), word(gap - 1), word(gap), word(gap + 1)
    return (
        f"a1_{a1} b1_{b1} a2_{a2} b2_{b2} ab_{a1}_{b1} aa_{a2}_{a1} bb_{b1}_{b2} "
        f"abb_{a1}_{b1}_{b2} s_{min(gap, _EDGE)} e_{min(len(words) - gap, _EDGE)}"
    )


def split_unpunctuated_many(
    texts: Sequence[str], threshold: float | None = None, min_words: int = 4
) -> list[list[tuple[int, int]]]:
    """``split_unpunctuated`` for many texts at once (one model batch for all gaps).

    Texts of fewer than ``min_words`` words stay whole; ``threshold`` defaults to the one
    stored with the model.
    """
    from callcoach.nlp.linear import load_model

    tokens = [[(m.start(), m.end()) for m in _WORD_SPAN.finditer(text)] for text in texts]
    features: list[str] = []
    owners: list[tuple[int, int]] = []
    for index, (text, spans) in enumerate(zip(texts, tokens, strict=True)):
        if len(spans) < min_words:
            continue
        words = [text[a:b] for a, b in spans]
        for gap in range(1, len(words)):
            features.append(boundary_features(words, gap))
            owners.append((index, gap))
    cuts: dict[int, list[int]] = {}
    if features:
        model = load_model(BOUNDARY_MODEL)
        cut = float(threshold if threshold is not None else model.metadata["threshold"])
        probabilities = model.predict_proba(features)[:, model.classes.index("yes")]
        for (index, gap), probability in zip(owners, probabilities, strict=True):
            if probability >= cut:
                cuts.setdefault(index, []).append(gap)
    result: list[list[tuple[int, int]]] = []
    for index, spans in enumerate(tokens):
        if not spans:
            result.append([])
            continue
        starts = [0, *cuts.get(index, [])]
        ends = [*cuts.get(index, []), len(spans)]
        result.append([(spans[a][0], spans[b - 1][1]) for a, b in zip(starts, ends, strict=True)])
    return result


def split_unpunctuated(
    text: str, threshold: float | None = None, min_words: int = 4
) -> list[tuple[int, int]]:
    """Character spans of the sentence-like units of unpunctuated ``text``.

    >>> text = "thanks for the time today so how many people are on the team right now"
    >>> [text[a:b] for a, b in split_unpunctuated(text)]
    ['thanks for the time today', 'so how many people are on the team right now']
    """
    return split_unpunctuated_many([text], threshold, min_words)[0]
