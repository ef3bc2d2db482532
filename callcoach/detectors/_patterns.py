"""Phrase lexicons for the rule-based detectors, and a base class for the simplest ones.

A lexicon is a YAML file in ``callcoach/detectors/lexicons/`` mapping a category to a list
of phrases. A phrase is a regular-expression fragment written the way people talk, with
two conveniences so one entry covers punctuated and ASR-like text:

- a space matches any run of spaces and light punctuation ("honestly, we" == "honestly we"),
  or nothing at a word boundary (so a space before an optional group may vanish);
- an apostrophe is optional and may be curly ("don't" == "dont" == "don’t").

Every phrase is anchored at word edges and compiled once (case-insensitive), the first time
a text could match it. A scan does not run every phrase: each is indexed by a word it
requires and tried only where one of its possible first words starts, so a 120-phrase
lexicon costs a few microseconds per sentence.

Start-up: the compiled programs are kept on disk between processes
(``callcoach.nlp.regex_cache``), so a process with a warm cache rebuilds them in
microseconds instead of ~0.35 s. Compiling them: a character class holding a character
above U+00FF costs ``re`` a 64k-entry table at every occurrence, and the gap and
apostrophe classes occur several times in every phrase (~0.3 s for the shipped
lexicons). So the phrases are compiled with Latin-1 stand-ins (``_FOLD``) and matched
against the text with its dashes, ellipsis and curly apostrophe folded to them, one
character for one, so offsets are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import yaml

from callcoach.detectors.base import DetectionContext, Detector, role_utterances
from callcoach.errors import DetectorError
from callcoach.model import Call, Evidence, Finding
from callcoach.nlp.phrase_index import phrase_index_cache
from callcoach.nlp.regex_cache import default_regex_cache
from callcoach.nlp.sentences import sentence_spans
from callcoach.nlp.yaml_cache import load_yaml

__all__ = [
    "Lexicon",
    "LexiconDetector",
    "PhraseMatch",
    "compile_phrases",
    "load_lexicon",
    "sentence_span",
    "vetoes_of",
]

# A word gap is punctuation/space, or a bare word boundary so that a gap before an optional
# group may be empty at the end of a text ("not ready (yet)?") and "i 'll" matches "i'll".
_GAP = r"(?:[\s,;:.\-\x80-\x82]+|\b)"
_APOSTROPHE = r"['\x83]?"
# Text as the compiled phrases read it: en dash, em dash and ellipsis become the gap
# stand-ins \x80-\x82, the curly apostrophe \x83. Those four C1 controls, should a text
# hold them, become \x00, which like them is no word, gap or apostrophe character; so a
# phrase (plain ASCII) matches the folded text exactly where its unfolded form (with
# "[\s,;:.\-–—…]" gaps and "['’]" apostrophes) matches the text.
_FOLD = str.maketrans({
    "–": "\x80", "—": "\x81", "…": "\x82", "’": "\x83",
    "\x80": "\x00", "\x81": "\x00", "\x82": "\x00", "\x83": "\x00",
})  # fmt: skip
# A phrase is anchored at word edges: it may not start or end inside a word. A phrase that
# starts or ends with punctuation ("\?" vetoes a question) needs no edge there: "look at?"
# holds the "?" although a letter comes right before it.
_WORD_START = r"(?:(?<!\w)|(?=\W))"
_WORD_END = r"(?:(?!\w)|(?<=\W))"
_MEMO_SIZE = 4096
# "I'll be straight with you, the app is weak": words after an announcement that make the
# sentence its own content (fewer, and the content is the next sentence).
_ANNOUNCED_MIN_WORDS = 5
_SPACE_IN_CLASS = re.compile(r"\[[^\]]* [^\]]*\]")
_PAREN_IN_CLASS = re.compile(r"\[[^\]]*[()][^\]]*\]")
_PAREN = re.compile(r"[()]")
_OPTIONAL_END = re.compile(r"\)(?:[?*]|\{0,)")
# Glued after a phrase, so that its last word or group is not taken for a whole word.
_GLUED = "\x00"
_TEXT_WORD = re.compile(r"[\w'’]+")
_PART = re.compile(r"\w+")
# An apostrophe and the part after it ("'s" of "it's", "'ll" of "we'll"): a phrase word that
# opens with an apostrophe may start matching at the apostrophe (see ``_word_starts``).
_APOSTROPHE_PART = re.compile(r"['’](\w+)")
_CONTRACTION = re.compile(r"'([a-z]+)")
_PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_OPTIONAL_APOSTROPHE = re.compile(r"[a-z]+'\?[a-z]+")
_OPTIONAL_PLURAL = re.compile(r"[a-z]+s\?")
# A word ending in a group of letter endings: "deliver(y|ies)", "congrat(s|ulations)",
# "shop(ping)?". The group closes the token, so the forms are whole words of the text.
_SUFFIX_GROUP = re.compile(r"([a-z]+)\(([a-z]+(?:\|[a-z]+)*)\)(\?)?")
# After a phrase's first word: an optional or required comma, or a required hyphen and
# what follows it ("drag-and-drop"); an optional hyphen ("auto-?renew") may join the words.
_LEADING_PUNCTUATION = re.compile(r"(?:,\??|-(?![?*{]).*)$")

# Words so common that indexing a phrase by them would run it on nearly every sentence.
_COMMON = frozenset((
    "i", "we", "you", "it", "that", "this", "the", "a", "an", "to", "and", "is", "are", "be",
    "do", "go", "so", "of", "in", "on", "for", "my", "our", "your", "me", "us", "im", "ill",
    "id", "ive", "were", "well", "weve", "wed", "youre", "youll", "thats", "its", "not", "no",
    "can", "will", "would", "could"
))  # fmt: skip


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """One phrase found in a text: its category and character span."""

    category: str
    start: int
    end: int
    text: str


def fold(text: str) -> str:
    """``text`` as the compiled phrases read it (see ``_FOLD``; same length and offsets).
    Every character ``_FOLD`` maps is outside ASCII, so an ASCII text is its own fold."""
    return text if text.isascii() else text.translate(_FOLD)


@cache
def _compile(lexicon: str, phrase: str) -> re.Pattern[str]:
    """The regex of one phrase (compiled once per process, on first use)."""
    source = rf"{_WORD_START}(?:{_phrase_regex(phrase)}){_WORD_END}"
    try:
        return default_regex_cache().compile(source, re.IGNORECASE)
    except re.error as exc:
        raise DetectorError(f"lexicon {lexicon!r}: invalid phrase {phrase!r}: {exc}") from None


@dataclass(frozen=True, slots=True)
class _Phrase:
    order: int  # position in the file: an earlier phrase wins a tie at the same start
    category: str
    lexicon: str
    phrase: str  # as written in the lexicon
    also_requires: tuple[frozenset[str], ...]  # checked before the regex runs
    first_words: frozenset[str] | None  # the regex is only tried where one of these starts
    # A phrase with no usable word runs on the whole text; then one of these strings (its
    # alternatives' opening letters) must occur in the lower-cased text (None: no check).
    literals: tuple[str, ...] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled phrase; it reads folded text (``fold``), as ``finditer`` passes it."""
        return _compile(self.lexicon, self.phrase)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every non-overlapping match in ``text``, without the word index."""
        return self.regex.finditer(fold(text))

    def matches(self, text: str, starts: Mapping[str, tuple[int, ...]]) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of this phrase in ``text`` (folded; ``starts``: word
        positions of the text)."""
        regex = self.regex
        if self.first_words is None:
            yield from regex.finditer(text)
            return
        positions = sorted(p for w in self.first_words & starts.keys() for p in starts[w])
        end = 0
        for position in positions:
            match = regex.match(text, position) if position >= end else None
            if match is not None:
                end = match.end()
                yield match


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Categories of phrases, each phrase compiled once and indexed by a word it requires.

    Scanning a text runs only the phrases whose required word occurs in it, which keeps a
    hundred-phrase lexicon at a few microseconds per sentence; phrases with no usable
    required word (rare) run on every text.
    """

    name: str
    categories: tuple[str, ...]
    phrases: tuple[_Phrase, ...]
    index: Mapping[str, tuple[int, ...]]
    always: tuple[int, ...]

    # Detectors scan an utterance and then its sentences, often the same text: remember the
    # last few thousand answers. Results depend only on the text, so this stays deterministic.
    _memo: dict[str, tuple[PhraseMatch, ...]] = field(default_factory=dict, compare=False)
    # Each phrase's compiled regex by its position, once a text has reached it (``_compile``
    # answers the same; a lookup by position is cheaper than its two-string key).
    _regexes: dict[int, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, left to right (an earlier phrase wins a tie)."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = self._scan(text)
        return iter(found)

    def _scan(self, text: str) -> tuple[PhraseMatch, ...]:
        starts = _word_starts(text)
        index = self.index
        candidates = set(self.always)
        for word in starts.keys() & index.keys():
            candidates.update(index[word])
        if not candidates:
            return ()
        # The loop of ``_Phrase.matches`` inlined: this runs ~25,000 times per 1-hour call.
        found: list[tuple[int, int, int, str]] = []
        folded: str | None = None
        # A set, so that ``isdisjoint`` looks up the few required words in it instead of
        # walking every word of the text (as it does for a mapping).
        in_text: frozenset[str] | None = None
        lowered: str | None = None
        phrases = self.phrases
        regexes = self._regexes
        for i in candidates:
            phrase = phrases[i]
            if phrase.also_requires:
                if in_text is None:
                    in_text = frozenset(starts)
                missing = False
                for required in phrase.also_requires:  # a loop: no generator per phrase
                    if required.isdisjoint(in_text):
                        missing = True
                        break
                if missing:
                    continue
            if folded is None:
                folded = fold(text)
            regex = regexes.get(i)
            if regex is None:
                regex = regexes[i] = _compile(phrase.lexicon, phrase.phrase)
            order, category = phrase.order, phrase.category
            if phrase.first_words is None:
                literals = phrase.literals
                if literals is not None:
                    if lowered is None:
                        lowered = _lowered(text)
                    for literal in literals:  # a loop: no generator per phrase and text
                        if literal in lowered:
                            break
                    else:
                        continue
                found.extend((m.start(), order, m.end(), category) for m in regex.finditer(folded))
                continue
            words = phrase.first_words & starts.keys()
            if len(words) == 1:
                positions: Iterable[int] = starts[next(iter(words))]  # ascending already
            else:
                positions = sorted(p for w in words for p in starts[w])
            end = 0
            for position in positions:
                if position >= end:
                    match = regex.match(folded, position)
                    if match is not None:
                        end = match.end()
                        found.append((position, order, end, category))
        kept: list[PhraseMatch] = []
        position = 0
        for start, _, end, category in sorted(found):
            if start >= position:
                position = max(end, start + 1)
                kept.append(PhraseMatch(category, start, end, text[start:end]))
        return tuple(kept)

    def search(self, text: str) -> PhraseMatch | None:
        """The leftmost match, or None."""
        return next(self.finditer(text), None)


def _phrase_regex(phrase: str) -> str:
    # Spaces and apostrophes are rewritten everywhere, groups included, which is why
    # compile_phrases rejects a literal space inside a character class.
    return re.sub(r" +", lambda _: _GAP, phrase.strip()).replace("'", _APOSTROPHE)


def _normal(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


# The four characters that ``re.IGNORECASE`` matches with an ASCII letter but that do not
# lower-case to it: the word index reads them as that letter, as the compiled phrases do.
_INDEX_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _lowered(text: str) -> str:
    """``text`` lower-cased as the word index reads it: every character that a phrase's ASCII
    letter, digit or escaped punctuation matches (case-insensitively) becomes that character."""
    return (text if text.isascii() else text.translate(_INDEX_FOLD)).lower()


# Opening literal characters of a phrase: letters and digits, or an escaped punctuation mark.
_LITERAL_ATOM = re.compile(r"[A-Za-z0-9]|\\[^\w\s]")


def _opening_literal(alternative: str) -> str | None:
    """The characters every match of ``alternative`` (no top-level ``|``) starts with, or
    None when it does not start with a literal ("errors?" -> "error"; "(a|b)c" -> None)."""
    atoms: list[str] = []
    position = 0
    while (atom := _LITERAL_ATOM.match(alternative, position)) is not None:
        atoms.append(atom.group()[-1].lower())
        position = atom.end()
    if alternative[position : position + 1] in ("?", "*", "{"):
        atoms = atoms[:-1]  # the last character is optional
    return "".join(atoms) or None


def _literals(phrase: str) -> tuple[str, ...] | None:
    """Strings of which a text must hold one (lower-cased, see ``_lowered``) for ``phrase``
    to match anywhere in it, or None when that cannot be told.

    Read from the phrase's opening: each top-level alternative's opening letters, or, for an
    alternative that opens with a required group of plain alternatives ("(budget|money)'s"),
    each of that group's. A letter stands for itself only: a space or an apostrophe (a gap
    or an optional mark when compiled) ends the string. Phrases with a character class or an
    escaped parenthesis or bar are not read (None).
    """
    if "[" in phrase or "\\(" in phrase or "\\)" in phrase or "\\|" in phrase:
        return None
    found: set[str] = set()
    for alternative in _split_alternatives(phrase):
        if alternative.startswith("("):
            close = _group_end(alternative)
            body = alternative[1:close]
            if close >= len(alternative) or body.startswith("?"):
                return None
            openings = [_opening_literal(part) for part in _split_alternatives(body)]
            after = alternative[close + 1 : close + 2]
            if after == "?":
                # "(the )?timing": the match may also start after the optional group
                rest = _literals(alternative[close + 2 :].lstrip(" "))
                if rest is None:
                    return None
                openings.extend(rest)
            elif after in ("*", "{"):
                return None
        else:
            openings = [_opening_literal(alternative)]
        if any(opening is None for opening in openings):
            return None
        found.update(o for o in openings if o is not None)
    return tuple(sorted(found)) or None


@lru_cache(maxsize=8192)
def _word_starts(text: str) -> Mapping[str, tuple[int, ...]]:
    """Normalised word -> its start offsets. Cached: every lexicon asks about the same texts.

    The index must hold every word a phrase can start matching at, or the scan would miss
    what the full regex scan finds. A word with apostrophes ("I'd", "we've", "wife's",
    "'cause") is indexed as a whole without them ("id", at its first letter), and each part
    between apostrophes at its own offset ("i", "d"; "wife", "s"; "cause"), and each two
    neighbouring parts joined ("y'all'd": "yall"): a phrase word holds at most one
    apostrophe, and "(i|we) need" may start at the "we" of "we've".
    """
    starts: dict[str, list[int]] = {}
    if not text.isascii():
        text = text.translate(_INDEX_FOLD)
    lowered = text.lower()
    # Lower-casing can change the length of a few non-ASCII texts; offsets must stay true.
    source = lowered if len(lowered) == len(text) else text
    for token in _TEXT_WORD.finditer(source):
        word = token.group()
        if "'" not in word and "’" not in word:
            starts.setdefault(word if source is lowered else word.lower(), []).append(token.start())
            continue
        offset = token.start()
        parts = [(offset + part.start(), part.group().lower()) for part in _PART.finditer(word)]
        if not parts:
            continue
        seen = {(parts[0][0], "".join(w for _, w in parts))}
        seen.update(parts)
        seen.update((a, wa + wb) for (a, wa), (_, wb) in pairwise(parts))
        # "'s" at the apostrophe of "it's": where "(is|'s) not" can start matching.
        seen.update(
            (offset + part.start(), "'" + part.group(1).lower())
            for part in _APOSTROPHE_PART.finditer(word)
        )
        for position, part_word in sorted(seen):
            starts.setdefault(part_word, []).append(position)
    # Offsets come in ascending order: tokens left to right, each token's parts sorted.
    return MappingProxyType({word: tuple(offsets) for word, offsets in starts.items()})


def _split_alternatives(body: str) -> list[str]:
    """``body`` split at the ``|`` that are not inside a nested group."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(body):
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(body[start:position])
            start = position + 1
    return [*parts, body[start:]]


def _word_forms(token: str) -> frozenset[str] | None:
    """The normalised words a phrase token stands for ("errors?" -> error, errors), or None."""
    if _PLAIN_WORD.fullmatch(token):
        return frozenset({_normal(token)})
    if _OPTIONAL_APOSTROPHE.fullmatch(token):
        return frozenset({token.replace("'?", "")})
    if _OPTIONAL_PLURAL.fullmatch(token):
        return frozenset({token[:-2], token[:-1]})
    suffixed = _SUFFIX_GROUP.fullmatch(token)
    if suffixed is not None:
        stem, endings, optional = suffixed.groups()
        return frozenset(
            {stem + ending for ending in endings.split("|")} | ({stem} if optional else set())
        )
    return None


def _leading_forms(alternatives: list[str]) -> frozenset[str] | None:
    """Union of the forms of each alternative's first word; None if any is not a plain word.

    An alternative that opens with a group ("(your|the) price") starts with that group's
    words (``_first_words``); a first word followed by a comma ("sorry,? no") or by a
    hyphen that must be there ("drag-and-drop") is that word: neither joins the next
    letters into one word of the text.
    """
    words: set[str] = set()
    for alternative in alternatives:
        if alternative.startswith("("):
            forms = _first_words(alternative)
        else:
            token = _LEADING_PUNCTUATION.sub("", alternative.split(" ")[0])
            forms = _word_forms(token) or _contraction_forms(token)
        if forms is None:
            return None
        words |= forms
    return frozenset(words)


def _contraction_forms(token: str) -> frozenset[str] | None:
    """A first word that opens with an apostrophe ("'s", "'ll", "'d"): the compiled phrase
    starts matching at the apostrophe ("it's": the index's "'s") or, the apostrophe being
    optional there, at the bare part ("s" of "it's", or a word "s"); None for other tokens."""
    contraction = _CONTRACTION.fullmatch(token)
    if contraction is None:
        return None
    return frozenset({token, contraction.group(1)})


def _group_end(phrase: str) -> int:
    """Index of the parenthesis closing the group that opens ``phrase``."""
    depth = 0
    for position, char in enumerate(phrase):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return position
    return len(phrase)


def _first_words(phrase: str) -> frozenset[str] | None:
    """The words a match of ``phrase`` can start with, or None when they cannot be told."""
    if not phrase.startswith("("):
        return _leading_forms([phrase])
    if "\\(" in phrase or "\\)" in phrase or _PAREN_IN_CLASS.search(phrase):
        return None  # escaped or bracketed parentheses: the groups cannot be told
    close = _group_end(phrase)
    body, after = phrase[1:close], phrase[close + 1 : close + 2]
    if body.startswith(("?<!", "?<=")):
        # A lookbehind reads before the match and consumes nothing: the match starts with
        # what follows it.
        return _first_words(phrase[close + 1 :])
    # A letter glued after the group changes the word ("(mon|tues)day"); a comma or an
    # exclamation mark does not.
    if body.startswith("?") or after not in ("", " ", "?", ",", "!"):
        return None
    words = _leading_forms(_split_alternatives(body))
    if words is None or after != "?":
        return words
    # An optional opening group ("(the )?next step"): the words after it can start a match too.
    rest = _first_words(phrase[close + 2 :].lstrip(" "))
    return None if rest is None else words | rest


def _outside_groups(phrase: str) -> str:
    """``phrase`` with every group replaced by "#", so words glued to a group are not plain."""
    kept: list[str] = []
    depth = 0
    for char in phrase:
        if char == "(":
            if depth == 0:
                kept.append("#")
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def _standalone_groups(phrase: str) -> Iterator[str]:
    """Bodies of the depth-0 groups that stand as whole words: required, not glued to text."""
    depth, start = 0, 0
    for position, char in enumerate(phrase):
        if char == "(":
            if depth == 0:
                start = position + 1
            depth += 1
        elif char == ")":
            depth -= 1
            before = phrase[start - 2 : start - 1]
            after = phrase[position + 1 : position + 2]
            if depth == 0 and before in ("", " ") and after in ("", " "):
                yield phrase[start:position]


def _without_optional_words(phrase: str) -> str:
    """``phrase`` without its optional groups of whole words ("(have to )?", "((just|really)
    )*", "(\\w+ ){0,3}", a final "( on it)?"): the words around such a group are required all
    the same and stand as whole words, so "(i'll|we'll) (have to )?(pass|decline)" is indexed
    by "pass"/"decline", not "i". Only the index reads this; a phrase with escaped or
    bracketed parentheses is left whole."""
    if "\\(" in phrase or "\\)" in phrase or _PAREN_IN_CLASS.search(phrase):
        return phrase
    if _OPTIONAL_END.search(phrase) is None:
        return phrase
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    for paren in _PAREN.finditer(phrase):
        position = paren.start()
        if paren.group() == "(":
            opened.append(position)
        elif opened:
            start = opened.pop()
            after = phrase[position + 1 : position + 4]
            if phrase[start + 1] == "?" or not (after[:1] in ("?", "*") or after == "{0,"):
                continue  # a lookaround or special group, or a required one
            stop = phrase.index("}", position) + 1 if after == "{0," else position + 2
            # Whole words: the group ends with a space and stands after a space, or it starts
            # with a space and what follows it starts a word ("(pass)( on it)?" at the end).
            before_ok = phrase[position - 1] == " " and phrase[start - 1 : start] in ("", " ")
            after_ok = phrase[start + 1] == " " and phrase[stop : stop + 1] in ("", " ")
            if before_ok or after_ok:
                spans.append((start, stop))
    kept, end = [], 0
    for start, stop in sorted(spans):
        if start >= end:  # an optional group inside a removed one goes with it
            kept.append(phrase[end:start])
            end = stop
    shorter = "".join([*kept, phrase[end:]])
    # "((just|really) )*(have to )?(pass)": the second group stands on a space once the first
    # is gone.
    return shorter if shorter == phrase else _without_optional_words(shorter)


def _required_words(phrase: str) -> list[frozenset[str]]:
    """Sets of words of which each must meet a text the phrase matches, most selective first.

    A set is a plain word outside all groups, or the first words of a required group's
    alternatives; sets made of common function words come last. Optional groups of whole
    words are looked past (``_without_optional_words``), but a word that the phrase then
    ends with does not count: in the text it may go on after an apostrophe ("let" in
    "let's" is the word "lets").
    """
    options = _word_sets(phrase)
    stripped = _without_optional_words(phrase)
    if stripped != phrase:
        options += [words for words in _word_sets(stripped + _GLUED) if words not in options]
    return sorted(options, key=lambda words: (sum(w in _COMMON for w in words), len(words)))


def _word_sets(phrase: str) -> list[frozenset[str]]:
    options: list[frozenset[str]] = []
    for token in _outside_groups(phrase).split():
        forms = _word_forms(token)
        if forms is not None:
            options.append(forms)
    for body in _standalone_groups(phrase):
        forms = None if body.startswith("?") else _leading_forms(_split_alternatives(body))
        if forms is not None:
            options.append(forms)
    return options


def _index(phrase: str) -> tuple[tuple[frozenset[str], ...], frozenset[str] | None]:
    """``_required_words`` and ``_first_words`` of a lower-cased phrase, kept on disk between
    processes (``callcoach.nlp.phrase_index``, stamped with this file's SHA-256)."""
    return phrase_index_cache(_SOURCE).get(
        phrase, lambda p: (tuple(_required_words(p)), _first_words(p))
    )


_SOURCE = Path(__file__)


def compile_phrases(name: str, phrases: Mapping[str, list[str]], *, lazy: bool = False) -> Lexicon:
    """Compile ``{category: [phrase, ...]}`` into a ``Lexicon`` (DetectorError if invalid).

    With ``lazy`` a phrase's regex is compiled when a text first reaches it, and an
    invalid one raises then (the shipped lexicons are compiled eagerly by the tests).
    """
    compiled: list[_Phrase] = []
    index: dict[str, list[int]] = {}
    always: list[int] = []
    for category, entries in phrases.items():
        if not entries or not all(isinstance(p, str) and p.strip() for p in entries):
            raise DetectorError(f"lexicon {name!r}: category {category!r} needs non-empty phrases")
        for phrase in entries:
            if _SPACE_IN_CLASS.search(phrase):
                raise DetectorError(
                    f"lexicon {name!r}: write \\s, not a space, inside [...] in {phrase!r}"
                )
            if not lazy:
                _compile(name, phrase)
            required, first_words = _index(phrase.lower())
            for word in required[0] if required else ():
                index.setdefault(word, []).append(len(compiled))
            if not required:
                always.append(len(compiled))
            compiled.append(
                _Phrase(
                    len(compiled),
                    category,
                    name,
                    phrase,
                    required[1:],
                    first_words,
                    None if first_words is not None else _literals(phrase),
                )
            )
    return Lexicon(
        name,
        tuple(phrases),
        tuple(compiled),
        MappingProxyType({word: tuple(ids) for word, ids in index.items()}),
        tuple(always),
    )


_veto_memo: dict[tuple[int, tuple[str, ...] | None], tuple[Lexicon, Lexicon | None]] = {}


def vetoes_of(lexicon: Lexicon, categories: Iterable[str] | None = None) -> Lexicon | None:
    """The veto phrases of ``lexicon`` as a lexicon of their own (None without any): those
    of ``categories``, or of every ``not-*`` category when None.

    Matches do not overlap, so a veto that starts inside a longer positive match is not
    reported by ``lexicon.finditer``; a detector that must honour every veto scans this.
    """
    wanted = None if categories is None else tuple(categories)
    key = (id(lexicon), wanted)
    memo = _veto_memo.get(key)
    if memo is not None and memo[0] is lexicon:
        return memo[1]
    phrases: dict[str, list[str]] = {}
    for phrase in lexicon.phrases:
        if phrase.category.startswith("not-") if wanted is None else phrase.category in wanted:
            phrases.setdefault(phrase.category, []).append(phrase.phrase)
    vetoes = compile_phrases(f"{lexicon.name}-vetoes", phrases, lazy=True) if phrases else None
    if len(_veto_memo) >= 16:
        _veto_memo.clear()
    _veto_memo[key] = (lexicon, vetoes)
    return vetoes


# libyaml's safe loader when PyYAML was built with it (5-10x faster, the same result).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_lexicon(name: str) -> Lexicon:
    """The lexicon ``lexicons/<name>.yaml``, compiled once per process."""
    return compile_phrases(name, _lexicon_phrases(name), lazy=True)


@cache
def merged_lexicon(*names: str) -> Lexicon:
    """The lexicons ``lexicons/<name>.yaml`` read as one, compiled once per process: each
    category's phrases in the order the files are named (a switch's extra forms after the
    shipped ones, so that an earlier phrase still wins a tie)."""
    merged: dict[str, list[str]] = {}
    for name in names:
        for category, phrases in _lexicon_phrases(name).items():
            merged.setdefault(category, []).extend(phrases)
    return compile_phrases("+".join(names), merged, lazy=True)


def _lexicon_phrases(name: str) -> dict[str, list[str]]:
    """Category -> phrases of ``lexicons/<name>.yaml``, checked (``DetectorError`` if not)."""
    resource = resources.files("callcoach.detectors").joinpath("lexicons", f"{name}.yaml")
    try:
        # parsed once per text, then read back from the start-up cache (same data)
        raw: Any = load_yaml(resource.read_text(encoding="utf-8"), _YAML_LOADER)
    except FileNotFoundError:
        raise DetectorError(f"lexicon file lexicons/{name}.yaml is missing") from None
    except yaml.YAMLError as exc:
        raise DetectorError(f"lexicons/{name}.yaml is not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise DetectorError(f"lexicons/{name}.yaml must map each category to a list of phrases")
    return {str(k): [str(p) for p in v] for k, v in raw.items()}


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]`` (the whole text if unsplit)."""
    for a, b in sentence_spans(text):
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

    Categories whose name starts with ``intro-`` announce what comes next ("I'll be straight
    with you.", "Here's the catch."): their finding spans the sentence and the next one of
    the same utterance, which is then not reported again, because the candid or
    contrarian content is usually the sentence after the announcement.
    """

    lexicon: ClassVar[str]
    role: ClassVar[str | None] = None
    label: ClassVar[str | None] = None
    confidence: ClassVar[Mapping[str, float]] = {}
    # Report back-to-back matching sentences of one utterance as one moment (a candid
    # passage of three sentences is one thing a coach would quote, not three).
    merge_adjacent: ClassVar[bool] = False

    def phrases(self) -> Lexicon:
        """The compiled lexicon this detector scans with (a subclass may narrow it; the
        leave-one-call-out evaluation does, to score a phrase selection)."""
        return load_lexicon(self.lexicon)

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        lexicon = self.phrases()
        utterances = (
            call.utterances
            if self.role is None
            else role_utterances(call, context.roles, self.role)
        )
        findings: list[Finding] = []
        for utterance in utterances:
            for start, end, match in self._moments(lexicon, utterance.text):
                findings.append(
                    self.finding(
                        self.label or match.category,
                        [Evidence.of(utterance, start, end)],
                        self.confidence.get(match.category, 0.7),
                        kind=match.category.removeprefix("intro-"),
                        phrase=match.text,
                        speaker_role=context.roles.role_of(utterance.speaker),
                    )
                )
        return findings

    def _moments(self, lexicon: Lexicon, text: str) -> list[tuple[int, int, PhraseMatch]]:
        """(start, end, deciding match) of each reported span of ``text``, left to right."""
        by_sentence: dict[tuple[int, int], list[PhraseMatch]] = {}
        for match in lexicon.finditer(text):
            by_sentence.setdefault(sentence_span(text, match.start, match.end), []).append(match)
        spans: list[tuple[int, int, PhraseMatch]] = []
        for (start, end), matches in sorted(by_sentence.items()):
            if any(m.category.startswith("not-") for m in matches):
                continue
            intro_end = max(m.end for m in matches)
            if (
                all(m.category.startswith("intro-") for m in matches)
                and len(_TEXT_WORD.findall(text, intro_end, end)) < _ANNOUNCED_MIN_WORDS
            ):
                # A bare announcement: the moment is the sentence it announces.
                announced = _announced(lexicon, text, end)
                if announced is None:
                    continue
                start, end = announced
            if spans and spans[-1][1] > start:
                continue  # already reported as announced content
            if self.merge_adjacent and spans and _adjacent(text, spans[-1][1], start):
                spans[-1] = (spans[-1][0], end, spans[-1][2])
            else:
                spans.append((start, end, matches[-1]))
        return spans


def _adjacent(text: str, end: int, start: int) -> bool:
    """True when only spaces separate ``text[:end]`` from ``text[start:]``."""
    return end <= start and not text[end:start].strip()


def _announced(lexicon: Lexicon, text: str, end: int) -> tuple[int, int] | None:
    """The sentence after the announcement ending at ``end``; None when there is none or
    it is itself an announcement (which then speaks for both: "That's the usual instinct.
    Here's the catch, though. …")."""
    following = next(((a, b) for a, b in sentence_spans(text) if a >= end), None)
    if following is None:
        return None
    a, b = following
    if any(m.category.startswith("intro-") for m in lexicon.finditer(text[a:b])):
        return None
    return following
