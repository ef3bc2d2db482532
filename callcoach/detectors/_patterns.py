"""Phrase lexicons compiled into one regex each, matched over sentence spans.

A lexicon is a YAML file in ``callcoach/detectors/lexicons/`` mapping a category to a list
of phrases. A phrase is a regular-expression fragment written the way people talk, with
two conveniences so one entry covers punctuated and ASR-like text:

- a space matches any run of spaces and light punctuation ("honestly, we" == "honestly we"),
  or nothing at a word boundary (so a space before an optional group may vanish);
- an apostrophe is optional and may be curly ("don't" == "dont" == "don’t").

Every phrase is anchored at word edges and the whole file becomes one case-insensitive
alternation, so scanning an utterance costs one regex pass however many phrases there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, ClassVar

import yaml

from callcoach.detectors.base import DetectionContext, Detector, role_utterances
from callcoach.errors import DetectorError
from callcoach.model import Call, Evidence, Finding
from callcoach.nlp.sentences import split_sentences

__all__ = [
    "Lexicon",
    "LexiconDetector",
    "PhraseMatch",
    "compile_phrases",
    "load_lexicon",
    "sentence_span",
]

# A word gap is punctuation/space, or a bare word boundary so that a gap before an optional
# group may be empty at the end of a text ("not ready (yet)?") and "i 'll" matches "i'll".
_GAP = r"(?:[\s,;:.\-–—…]+|\b)"
_APOSTROPHE = r"['’]?"
_SPACE_IN_CLASS = re.compile(r"\[[^\]]* [^\]]*\]")


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One phrase found in a text: its category and character span."""

    category: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Categories of phrases compiled into a single alternation with one group per category."""

    name: str
    categories: tuple[str, ...]
    regex: re.Pattern[str]

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, left to right."""
        for match in self.regex.finditer(text):
            group = match.lastgroup
            if group is None:
                continue
            category = self.categories[int(group[1:])]
            yield PhraseMatch(category, match.start(), match.end(), match.group())

    def search(self, text: str) -> PhraseMatch | None:
        """The leftmost match, or None."""
        return next(self.finditer(text), None)


def _phrase_regex(phrase: str) -> str:
    # Spaces and apostrophes are rewritten everywhere, groups included, which is why
    # compile_phrases rejects a literal space inside a character class.
    return re.sub(r" +", lambda _: _GAP, phrase.strip()).replace("'", _APOSTROPHE)


def compile_phrases(name: str, phrases: Mapping[str, list[str]]) -> Lexicon:
    """Compile ``{category: [phrase, ...]}`` into a ``Lexicon`` (DetectorError if invalid)."""
    categories = tuple(phrases)
    parts = []
    for index, category in enumerate(categories):
        entries = phrases[category]
        if not entries or not all(isinstance(p, str) and p.strip() for p in entries):
            raise DetectorError(f"lexicon {name!r}: category {category!r} needs non-empty phrases")
        spaced_class = next((p for p in entries if _SPACE_IN_CLASS.search(p)), None)
        if spaced_class is not None:
            raise DetectorError(
                f"lexicon {name!r}: write \\s, not a space, inside [...] in {spaced_class!r}"
            )
        body = "|".join(_phrase_regex(p) for p in entries)
        parts.append(rf"(?P<c{index}>(?<!\w)(?:{body})(?!\w))")
    try:
        regex = re.compile("|".join(parts), re.IGNORECASE)
    except re.error as exc:
        raise DetectorError(f"lexicon {name!r}: invalid phrase pattern: {exc}") from None
    return Lexicon(name, categories, regex)


@cache
def load_lexicon(name: str) -> Lexicon:
    """The lexicon ``lexicons/<name>.yaml``, compiled once per process."""
    resource = resources.files("callcoach.detectors").joinpath("lexicons", f"{name}.yaml")
    try:
        raw: Any = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DetectorError(f"lexicon file lexicons/{name}.yaml is missing") from None
    except yaml.YAMLError as exc:
        raise DetectorError(f"lexicons/{name}.yaml is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise DetectorError(f"lexicons/{name}.yaml must map each category to a list of phrases")
    return compile_phrases(name, {str(k): v for k, v in raw.items()})


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]`` (the whole text if unsplit)."""
    for a, b in split_sentences(text):
        if a <= start < b:
            return a, max(b, min(end, len(text)))
    return 0, len(text)


class LexiconDetector(Detector):
    """A detector that reports every sentence of one role holding a phrase of its lexicon.

    Subclasses set ``lexicon`` (a file in ``lexicons/``), ``role`` ("rep", "prospect" or None
    for everyone) and ``confidence`` per category. Categories whose name starts with ``not-``
    are vetoes: a sentence that matches one is skipped ("push back the meeting" is not a
    challenge). When a sentence holds several phrases the last one decides, as the stance
    usually comes after the contrast ("relationships matter, but I start from the problem").
    The finding's label is ``label`` or, when that is None, the category.
    """

    lexicon: ClassVar[str]
    role: ClassVar[str | None] = None
    label: ClassVar[str | None] = None
    confidence: ClassVar[Mapping[str, float]] = {}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        lexicon = load_lexicon(self.lexicon)
        utterances = (
            call.utterances
            if self.role is None
            else role_utterances(call, context.roles, self.role)
        )
        findings: list[Finding] = []
        for utterance in utterances:
            for start, end in split_sentences(utterance.text):
                matches = list(lexicon.finditer(utterance.text[start:end]))
                if not matches or any(m.category.startswith("not-") for m in matches):
                    continue
                last = matches[-1]
                findings.append(
                    self.finding(
                        self.label or last.category,
                        [Evidence.of(utterance, start, end)],
                        self.confidence.get(last.category, 0.7),
                        kind=last.category,
                        phrase=last.text,
                        speaker_role=context.roles.role_of(utterance.speaker),
                    )
                )
        return findings
