"""Rep-led next steps: action, date, owner, and whether the rep asked for a commitment.

A rep sentence is a next step when it names an action with an owner ("I'll send the
proposal", "you'll book the room", "let's meet") or asks the prospect to agree to a time
("does Tuesday at 2 work?"). Dates and times are read with small rules and resolved against
``call.date`` when the call has one ("next Tuesday" → ISO date); otherwise only the words are
kept. A follow-up with nothing concrete ("let's touch base soon") is ``vague_next_step``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from dateutil.relativedelta import relativedelta

from callcoach.detectors._patterns import PhraseMatch, load_lexicon
from callcoach.detectors.base import DetectionContext, Detector, role_utterances
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance
from callcoach.nlp.sentences import split_sentences

__all__ = ["NextStepDetector", "When", "find_when"]

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday",),
            ("tuesday", "tues"),
            ("wednesday",),
            ("thursday", "thurs"),
            ("friday",),
            ("saturday",),
            ("sunday",),
        ]
    )
    for name in names
}
_MONTHS = {
    name.lower(): index
    for index in range(1, 13)
    for name in (calendar.month_name[index], calendar.month_abbr[index])
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"a couple of": 2, "a couple": 2, "a few": 3}

_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_COUNT = r"\d+|a couple of|a couple|a few|an?|one|two|three|four|five|six"
_DAY_RE = re.compile(
    rf"""\b(?:
        (?P<rel>today|tomorrow|tonight)
      | (?P<eo>end\ of\ (?:the\ )?(?:day|week|month|quarter|year)|eod|eow|eom)
      | (?:(?P<wmod>next|this|on)\ )?(?P<wd>{_WEEKDAY})\b
      | (?P<nextunit>next|this)\ (?P<unit>week|month|quarter)
      | in\ (?P<count>{_COUNT})\ (?P<span>days?|weeks?|months?)
      | (?P<mon>{_MONTH})\.?\ (?P<mday>\d{{1,2}})(?:st|nd|rd|th)?\b
      | (?P<mday2>\d{{1,2}})(?:st|nd|rd|th)?\ of\ (?P<mon2>{_MONTH})\b
      | the\ (?P<mday3>\d{{1,2}})(?:st|nd|rd|th)\b(?!\ of\ )
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_TIME_RE = re.compile(
    r"\b(?:at\s+)?(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>[ap]m\b|[ap]\.m\.)"
    r"|\bat\s+(?P<h2>\d{1,2})(?::(?P<m2>\d{2}))?(?![\d%$])\b"
    r"|\b(?P<noon>noon)\b",
    re.IGNORECASE,
)
_LEXICONS = ("next_step", "next_step_vague", "next_step_commit")
# Objects that make an action concrete even without a date ("I'll send the proposal").
_CONCRETE = re.compile(
    r"\b(invite|invitation|proposal|contract|quote|pricing|demo|recap|summary|agenda|"
    r"meeting|call|session|trial|pilot|order form|sow|msa|nda|deck|workshop|walkthrough)s?\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,.;:?!]|\s(?:by|on|at|before|next|this|tomorrow|today)\b", re.I)
# Who-does-it words in front of the action ("I'll go ahead and", "can you", "let's").
_OWNER_LEAD = re.compile(
    r"^(?:(?:i|we|you)(?:['’]ll| will| can| could| should|['’]re going to| are going to|"
    r"['’]m going to| am going to|['’]d be happy to| would be happy to)?|let(?:['’]s| us| me)|"
    r"(?:can|could|would|will|shall) (?:you|we|i)|if you could|would you mind|"
    r"are you able to|you said you['’]d|go ahead and|have)\s+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class When:
    """A date/time mention: its words, and the ISO date(time) when it could be resolved."""

    text: str
    iso: str | None


def _weekday_date(call_date: date, weekday: int, modifier: str) -> date:
    ahead = (weekday - call_date.weekday()) % 7 or 7
    resolved = call_date + timedelta(days=ahead)
    # "next Tuesday" said on a Monday means the Tuesday of next week, not tomorrow.
    same_week = resolved.isocalendar()[1] == call_date.isocalendar()[1]
    if modifier == "next" and same_week:
        resolved += timedelta(days=7)
    return resolved


def _end_of(call_date: date, unit: str) -> date:
    if unit in ("day", "eod"):
        return call_date
    if unit in ("week", "eow"):
        return call_date + timedelta(days=(4 - call_date.weekday()) % 7)
    if unit in ("month", "eom"):
        return call_date.replace(day=calendar.monthrange(call_date.year, call_date.month)[1])
    if unit == "quarter":
        last = ((call_date.month - 1) // 3) * 3 + 3
        return date(call_date.year, last, calendar.monthrange(call_date.year, last)[1])
    return date(call_date.year, 12, 31)


def _month_day(call_date: date, month: int, day: int) -> date | None:
    try:
        resolved = date(call_date.year, month, day)
    except ValueError:
        return None
    # A date well before the call means next year ("January 5" said in December).
    return (
        resolved.replace(year=resolved.year + 1)
        if resolved < call_date - timedelta(30)
        else resolved
    )


def _resolve_day(match: re.Match[str], call_date: date) -> date | None:
    groups = {k: v.lower() for k, v in match.groupdict().items() if v}
    if "rel" in groups:
        return call_date + timedelta(days=0 if groups["rel"] in ("today", "tonight") else 1)
    if "eo" in groups:
        return _end_of(call_date, groups["eo"].split()[-1])
    if "wd" in groups:
        return _weekday_date(call_date, _WEEKDAYS[groups["wd"]], groups.get("wmod", ""))
    if "unit" in groups:
        step = {"week": relativedelta(weeks=1), "month": relativedelta(months=1)}
        start = call_date + step.get(groups["unit"], relativedelta(months=3))
        if groups["unit"] == "week":
            return start - timedelta(days=start.weekday())
        return start.replace(day=1)
    if "count" in groups:
        count = int(groups["count"]) if groups["count"].isdigit() else _NUMBERS[groups["count"]]
        unit = groups["span"].rstrip("s")
        if unit == "month":
            return call_date + relativedelta(months=count)
        return call_date + timedelta(days=count * (7 if unit == "week" else 1))
    if "mday3" in groups:
        # "the 3rd": this month's, or next month's once that day has passed.
        day = int(groups["mday3"])
        month_start = call_date.replace(day=1)
        if day < call_date.day:
            month_start += relativedelta(months=1)
        return _month_day(call_date, month_start.month, day)
    month = _MONTHS[groups.get("mon", groups.get("mon2", ""))]
    return _month_day(call_date, month, int(groups.get("mday", groups.get("mday2", "0"))))


def _clock(match: re.Match[str]) -> str:
    if match.group("noon"):
        return "12:00"
    hour = int(match.group("h") or match.group("h2"))
    minute = int(match.group("m") or match.group("m2") or 0)
    suffix = (match.group("ap") or "").lower()
    if suffix.startswith("p") and hour < 12:
        hour += 12
    elif not suffix and 1 <= hour <= 7:
        hour += 12  # "at 2" in a business call is 2 pm
    return f"{hour:02d}:{minute:02d}"


def find_when(text: str, call_date: date | None) -> When | None:
    """The first date/time mention in ``text``, resolved against ``call_date`` when given.

    >>> find_when("Does next Tuesday at 2pm work?", date(2026, 11, 23))
    When(text='next Tuesday at 2pm', iso='2026-12-01T14:00')
    """
    day = _DAY_RE.search(text)
    clock = next((m for m in _TIME_RE.finditer(text) if m.group("h2") is None or day), None)
    if day is None and clock is None:
        return None
    spans = [m.span() for m in (day, clock) if m is not None]
    words = text[min(s for s, _ in spans) : max(e for _, e in spans)].strip()
    if call_date is None or day is None:
        return When(words, None)
    try:
        resolved = _resolve_day(day, call_date)
    except (OverflowError, ValueError):  # "next week" said on 9999-12-31: beyond any date
        resolved = None
    if resolved is None:
        return When(words, None)
    iso = resolved.isoformat()
    return When(words, f"{iso}T{_clock(clock)}" if clock is not None else iso)


def _action(sentence: str, cue: PhraseMatch, when: When | None) -> str:
    """The action words: from the cue's verb to the end of the clause or the date words."""
    tail = sentence[cue.start :]
    while (lead := _OWNER_LEAD.match(tail)) is not None:
        tail = tail[lead.end() :]
    if when is not None and when.text in tail:
        tail = tail[: tail.index(when.text)]
    end = _CLAUSE_END.search(tail, 1)
    return " ".join((tail[: end.start()] if end else tail).split()[:8])


@register
class NextStepDetector(Detector):
    """Concrete next steps the rep proposes (and vague ones), with date and owner."""

    name: ClassVar[str] = "next_step"
    version: ClassVar[str] = "1.0.0"
    description: ClassVar[str] = (
        "Rep-led next steps with action, date (resolved against the call date), owner and "
        "whether the rep asked for a commitment; vague follow-ups flagged."
    )

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        findings: list[Finding] = []
        for utterance in role_utterances(call, context.roles, "rep"):
            # One indexed scan per lexicon rules most utterances out before any splitting.
            if not any(load_lexicon(name).search(utterance.text) for name in _LEXICONS):
                continue
            spans = split_sentences(utterance.text)
            for position, span in enumerate(spans):
                following = spans[position + 1] if position + 1 < len(spans) else None
                finding = self._sentence_finding(call, utterance, span, following)
                if finding is not None:
                    findings.append(finding)
        return findings

    def _sentence_finding(
        self,
        call: Call,
        utterance: Utterance,
        span: tuple[int, int],
        following: tuple[int, int] | None,
    ) -> Finding | None:
        sentence = utterance.text[span[0] : span[1]]
        cue = load_lexicon("next_step").search(sentence)
        vague = load_lexicon("next_step_vague").search(sentence)
        asks = load_lexicon("next_step_commit")
        # The ask for commitment often follows in the next sentence ("… Does that work?").
        after = utterance.text[following[0] : following[1]] if following else ""
        committed = asks.search(sentence) is not None or asks.search(after) is not None
        if cue is None and vague is None and not committed:
            return None
        when = find_when(sentence, call.date)
        evidence = [Evidence.of(utterance, *span)]
        concrete = when is not None or _CONCRETE.search(sentence) is not None
        if (cue is not None and concrete) or (committed and when is not None):
            return self.finding(
                "next_step",
                evidence,
                0.85 if when is not None else 0.65,
                action=_action(sentence, cue, when) if cue is not None else "meet",
                date=when.iso if when else None,
                date_text=when.text if when else None,
                owner=cue.category if cue is not None else "both",
                committed=committed,
            )
        if vague is None or when is not None:
            return None
        return self.finding(
            "vague_next_step",
            evidence,
            0.7,
            action=vague.text,
            date=None,
            date_text=None,
            owner="rep",
            committed=False,
        )
