"""Quantified pain: a problem's cost put in money, time, headcount, percentage or risk.

Three ways it shows up in a call, all reported with ``label="quantified_pain"``:

- ``source="elicited"``: the rep asks for the number ("what does that cost you?");
- ``source="stated"``: the prospect gives one ("we lose about 40 hours a month");
- ``source="quantified_by_rep"``: the rep puts the number on it ("so that's roughly $9k").

A number counts only with a unit (money, time span, people, percent) *and* a pain or cost
word in the same sentence (``lexicons/quantified_pain.yaml``), which leaves out dates,
phone numbers, versions and times of day ("call me at 2", "version 2", "March 3").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from callcoach.detectors._patterns import load_lexicon
from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding
from callcoach.nlp.sentences import split_sentences

__all__ = ["Amount", "QuantifiedPainDetector", "find_amounts", "word_number"]

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
_SCALES = {
    "hundred": 100,
    "dozen": 12,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
_VAGUE = {"a couple of": 2.0, "a couple": 2.0, "a few": 3.0, "half a": 0.5, "half": 0.5}
_SHORT_SCALES = {"k": 1_000, "grand": 1_000, "m": 1_000_000, "mm": 1_000_000, "bn": 1e9}
_SHORT_SCALES |= {name: float(value) for name, value in _SCALES.items()}

_WORD = "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))
_WORDNUM = (
    rf"(?:a couple(?: of)?|a few|half(?: a)?|(?:{_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_WORD}))*)"
)
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SCALE = r"k|grand|mm|m|bn|million|thousand|billion|hundred"
_NUM = rf"(?P<num>{_DIGITS}|{_WORDNUM})(?:\s?(?P<scale>{_SCALE})\b)?"
_SPAN = r"hours?|hrs?|minutes?|mins?|days?|weeks?|months?|years?"
_CURRENCY = {"$": "USD", "€": "EUR", "£": "GBP", "dollar": "USD", "buck": "USD", "usd": "USD"}
_CURRENCY |= {"euro": "EUR", "eur": "EUR", "pound": "GBP", "gbp": "GBP"}
_PEOPLE = (
    r"people|persons|reps|engineers|analysts|accountants|staff|employees|ftes?|heads|folks|"
    r"agents|developers|clerks|bookkeepers|full[- ]timers|hires|team members|people full[- ]time"
)
_PERIOD = (
    r"(?:\s*(?:a|an|per|each|every|/)\s*(?P<per>hour|day|week|month|quarter|year))\b"
    r"|\s*(?P<per_adj>daily|weekly|monthly|quarterly|annually|yearly)\b"
)
_AMOUNT = re.compile(
    rf"""(?<![\w.])(?P<cur>[$€£])?\s?{_NUM}\s?(?:
        (?P<curword>dollars?|bucks?|usd|euros?|eur|pounds?|gbp)\b
      | (?P<pct>%|percent\b|per\ cent\b)
      | (?:full[- ]time\s+)?(?P<people>{_PEOPLE})\b
      | (?:(?:more|extra|full|whole|additional)\s+)?(?P<span>{_SPAN})\b
    )?(?:{_PERIOD})?""",
    re.IGNORECASE | re.VERBOSE,
)
# A time span that is a deadline, age or tenure, not a cost ("in two weeks", "5 years ago").
_NOT_COST_BEFORE = re.compile(r"\b(?:in|within|next|past|last|for the next|after)\s*$", re.I)
_NOT_COST_AFTER = re.compile(r"\s*(?:ago|old|of experience|in business|contract|from now)\b", re.I)
_ADJ_PERIOD = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}
_ADJ_PERIOD |= {"annually": "year", "yearly": "year"}


@dataclass(frozen=True, slots=True)
class Amount:
    """A parsed quantity: ``{"value": 40, "unit": "hour", "per": "month"}``."""

    kind: str  # money / time / headcount / percent
    value: float
    unit: str
    per: str | None
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if self.value == int(self.value) else self.value
        return {"value": value, "unit": self.unit, "per": self.per}


def word_number(text: str) -> float | None:
    """The value of a spelled-out number ("two hundred forty" -> 240), or None.

    >>> word_number("forty five"), word_number("a couple of"), word_number("two hundred forty")
    (45.0, 2.0, 240.0)
    """
    text = text.lower().strip()
    if text in _VAGUE:
        return _VAGUE[text]
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", text):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in ("hundred", "dozen"):
            current = max(current, 1.0) * (100 if word == "hundred" else 12)
        elif word in _SCALES:
            total += max(current, 1.0) * _SCALES[word]
            current = 0.0
        else:
            return None
    return total + current if total + current > 0 else None


def _value(match: re.Match[str]) -> float | None:
    raw = match.group("num")
    value = float(raw.replace(",", "")) if raw[0].isdigit() else word_number(raw)
    if value is None:
        return None
    scale = (match.group("scale") or "").lower()
    return value * _SHORT_SCALES.get(scale, 1.0)


def _unit(match: re.Match[str]) -> tuple[str, str] | None:
    """(kind, unit) of an amount match; None for a bare number without a unit."""
    if match.group("cur") or match.group("curword"):
        word = (match.group("cur") or match.group("curword")).lower().rstrip("s")
        return "money", _CURRENCY.get(word, "USD")
    if match.group("scale") and match.group("scale").lower() in ("k", "grand"):
        return "money", "USD"
    if match.group("pct"):
        return "percent", "percent"
    if match.group("people"):
        return "headcount", "person"
    if not match.group("span"):
        return None
    span = match.group("span").lower()
    unit = {"hrs": "hour", "hr": "hour", "mins": "minute", "min": "minute"}.get(span, span)
    return "time", unit.rstrip("s")


def find_amounts(text: str) -> list[Amount]:
    """Quantities with a unit in ``text`` (money, time, headcount, percent), left to right.

    >>> [a.as_dict() for a in find_amounts("it costs us roughly $9k a month")]
    [{'value': 9000, 'unit': 'USD', 'per': 'month'}]
    """
    amounts: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        kind_unit = _unit(match)
        value = _value(match)
        if kind_unit is None or value is None:
            continue
        kind, unit = kind_unit
        if kind == "time" and (
            _NOT_COST_BEFORE.search(text, 0, match.start())
            or _NOT_COST_AFTER.match(text, match.end())
        ):
            continue
        per = match.group("per") or _ADJ_PERIOD.get((match.group("per_adj") or "").lower())
        amounts.append(Amount(kind, value, unit, per, match.start(), match.end()))
    return amounts


def _sentence(sentence: str, role: str) -> tuple[float, dict[str, Any]] | None:
    """Confidence and attributes when ``sentence`` quantifies or asks for a cost."""
    lexicon = load_lexicon("quantified_pain")
    attributes: dict[str, Any]
    cues = {m.category: m for m in lexicon.finditer(sentence)}
    elicit = next((m for c, m in cues.items() if c.startswith("elicit-")), None)
    amounts = find_amounts(sentence) if "pain" in cues or "risk" in cues else []
    if amounts:
        kind = "risk" if "risk" in cues else amounts[0].kind
        source = "quantified_by_rep" if role == "rep" else "stated"
        attributes = {
            "kind": kind,
            "source": source,
            "amount": amounts[0].as_dict(),
            "amounts": [a.as_dict() for a in amounts],
            "speaker_role": role,
        }
        return 0.8 if amounts[0].per else 0.7, attributes
    if elicit is not None and role != "prospect":
        attributes = {
            "kind": elicit.category.removeprefix("elicit-"),
            "source": "elicited",
            "amount": None,
            "amounts": [],
            "speaker_role": role,
            "phrase": elicit.text,
        }
        return 0.75, attributes
    return None


@register
class QuantifiedPainDetector(Detector):
    """A problem's cost in money/time/headcount/percent/risk: elicited, stated or quantified."""

    name: ClassVar[str] = "quantified_pain"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Problem costs in money, time, headcount, percentage or risk, elicited by the rep, "
        "stated by the prospect, or quantified by the rep; amounts parsed."
    )

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        findings: list[Finding] = []
        for utterance in call.utterances:
            # One indexed scan of the utterance rules most of them out before any splitting.
            if load_lexicon("quantified_pain").search(utterance.text) is None:
                continue
            role = context.roles.role_of(utterance.speaker)
            for start, end in split_sentences(utterance.text):
                found = _sentence(utterance.text[start:end], role)
                if found is not None:
                    confidence, attributes = found
                    evidence = [Evidence.of(utterance, start, end)]
                    findings.append(
                        self.finding("quantified_pain", evidence, confidence, **attributes)
                    )
        return findings
