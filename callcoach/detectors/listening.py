"""Listening signals: backchannels ("mm-hm", "got it") and interruptions.

A backchannel is a short standalone response made only of continuer/acknowledgement
phrases (``lexicons/listening_backchannels.txt``) to something another speaker said. A
"yeah" whose speaker is answering the other speaker's latest utterance, a question, is an
answer, not a backchannel; an "okay" before anyone else has spoken acknowledges nothing.
A reaction in question form that the question detector labels ``echo`` ("Oh, is that
right?") is a backchannel too, and so is a bare "yes" after which the other speaker simply
goes on. A "yeah" that its speaker follows with an agreement ("That's so true.", "It
is.") agreed, and so does a whole "oh, sure"; an "okay" followed by a farewell closes the
call: none of them is a continuer. "uh" beside a continuer is a hesitation ("yeah, uh").

An interruption needs timestamps: an utterance that starts more than ``overlap_s``
seconds before the previous other-speaker utterance ended, and that is not itself a
backchannel (talking over someone with "mm-hm" is listening, not interrupting). A shorter
overlap, more than ``cut_overlap_s`` seconds, counts when the utterance talked over stops
mid-sentence (no ".", "?" or "!" at its end): it was cut off.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.question import ASKING_LABELS, spoken_end
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Bracketed annotations such as "<laughter>" or "[noise]" are not words the speaker said.
_ANNOTATION = re.compile(r"<[^>]*>|\[[^\]]*\]")


def words(text: str) -> list[str]:
    """Lower-case spoken words of ``text`` (apostrophes and hyphens kept inside words;
    bracketed annotations and a transcriber's "*note" at the end left out)."""
    cleaned = _ANNOTATION.sub(" ", text[: spoken_end(text)].lower()).replace("’", "'")
    return _WORD.findall(cleaned)


@lru_cache(maxsize=1)
def backchannel_phrases() -> tuple[tuple[str, ...], ...]:
    """The backchannel lexicon as word tuples, longest first (for greedy matching)."""
    text = (
        resources.files("callcoach.detectors")
        .joinpath("lexicons/listening_backchannels.txt")
        .read_text(encoding="utf-8")
    )
    phrases = {tuple(words(line)) for line in text.splitlines() if line.strip() and line[0] != "#"}
    return tuple(sorted(phrases, key=len, reverse=True))


def is_backchannel_text(text: str, max_words: int) -> bool:
    """True when ``text`` is at most ``max_words`` words, all of them backchannel phrases."""
    tokens = words(text)
    if not tokens or len(tokens) > max_words:
        return False
    tokens = _without_hesitations(tokens)
    if not tokens:
        return False
    phrases = backchannel_phrases()
    i = 0
    while i < len(tokens):
        for phrase in phrases:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            return False
    return True


# "uh" alone holds the floor (see the lexicon), but beside a continuer it is only a
# hesitation: "yeah, uh", "uh, uh-huh", "uh, okay" (SwDA train+dev: 16 of 22, 12 of 14, 9 of
# 12 continuers). Not before "yeah"/"yes": "uh, yeah" is a considered answer or agreement
# more often than a continuer (50 of 138).
_HESITATION = "uh"
_CONSIDERED = frozenset({"yeah", "yes"})


def _without_hesitations(tokens: list[str]) -> list[str]:
    """``tokens`` without the hesitations beside a continuer (all of them when only
    hesitations are left, or when one comes right before "yeah"/"yes")."""
    if any(a == _HESITATION and b in _CONSIDERED for a, b in itertools.pairwise(tokens)):
        return tokens
    return [t for t in tokens if t != _HESITATION]


@register
class ListeningDetector(Detector):
    """Backchannels per utterance and (with timestamps) interruptions."""

    name = "listening"
    version = "1.7.0"
    description = "Backchannels ('mm-hm', 'got it') and interruptions of the other speaker."
    requires = ("question",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # cut_overlap_s: chosen by leave-one-batch-out over the writers from 0.5 (off), 0.45,
        # 0.4, 0.35, 0.3 (docs/evaluation/listening.md, listening 1.7).
        return {"max_words": 4, "overlap_s": 0.5, "cut_overlap_s": 0.4}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        questions = {
            uid
            for f in context.of("question")
            if f.label in ASKING_LABELS
            for uid in f.utterance_ids
        }
        # Utterances that are nothing but a reaction in question form ("Oh, is that
        # right?", "You did?"): the question detector labels them "echo".
        echoes = {
            f.utterance_ids[0]
            for f in context.of("question")
            if f.label == "echo"
            and f.evidence
            and f.evidence[0].char_start == 0
            and len(f.utterance_ids) == 1
        }
        max_words = int(self._params["max_words"])
        findings: list[Finding] = []
        previous: Utterance | None = None
        # The latest utterance of each speaker, to find whom an utterance talks over.
        latest: dict[str, Utterance] = {}
        turns = call.utterances
        for index, utterance in enumerate(turns):
            following = turns[index + 1] if index + 1 < len(turns) else None
            backchannel = (
                (
                    is_backchannel_text(utterance.text, max_words)
                    or (utterance.id in echoes and len(words(utterance.text)) <= max_words)
                    or _floor_kept_yes(utterance, following)
                )
                and _acknowledges(utterance, previous, latest, questions)
                and not _agrees_or_closes(utterance, following)
            )
            if backchannel:
                findings.append(
                    self.finding(
                        "backchannel", [Evidence.of(utterance)], 0.9, speaker=utterance.speaker
                    )
                )
            else:
                interruption = self._interruption(utterance, latest)
                if interruption is not None:
                    findings.append(interruption)
            previous = utterance
            if utterance.speaker is not None:
                latest[utterance.speaker] = utterance
        return findings

    def _interruption(self, utterance: Utterance, latest: dict[str, Utterance]) -> Finding | None:
        interrupted = _previous_other_speaker(utterance, latest)
        if interrupted is None or utterance.start is None or interrupted.end is None:
            return None
        overlap = interrupted.end - utterance.start
        if overlap <= float(self._params["overlap_s"]) and (
            overlap <= float(self._params["cut_overlap_s"]) or _ends_sentence(interrupted.text)
        ):
            return None
        own_latest = latest.get(utterance.speaker or "")
        if _answers_or_returns(utterance, interrupted, own_latest, overlap):
            return None
        return self.finding(
            "interruption",
            [Evidence.of(utterance), Evidence.of(interrupted)],
            0.8,
            interrupter=utterance.speaker,
            interrupted=interrupted.speaker,
            overlap_s=round(overlap, 3),
        )


# The end of a finished sentence: ".", "?", "!" or "…", maybe inside closing quotes or
# brackets or before a transcriber's bracketed note.
_SENTENCE_END = re.compile(r"[.?!…][\"'’”)\]]*$")


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (a cut-off one ends in a dash or a bare word)."""
    return bool(_SENTENCE_END.search(_ANNOTATION.sub(" ", text).rstrip()))


def _acknowledges(
    utterance: Utterance,
    previous: Utterance | None,
    latest: dict[str, Utterance],
    questions: set[str],
) -> bool:
    """Whether a backchannel-shaped ``utterance`` acknowledges someone else's talk.

    It does not when nobody else has spoken yet (an opening "okay" acknowledges no one)
    or when the other speaker's latest utterance is a question: then "yeah" is an answer,
    even after a filler of one's own ("uh, yeah").
    """
    if utterance.speaker is None:
        # Unknown speaker: only the row just before can be told apart from oneself.
        other = previous if previous is not None and previous.speaker is not None else None
    else:
        other = _previous_other_speaker(utterance, latest)
        if other is None:
            return False
    return other is None or not (other.id in questions or other.text.rstrip().endswith("?"))


# What the same speaker says right after "yeah" / "right" shows it agreed ("Yeah." "That's
# so true."), and a farewell by anyone right after "okay" shows it closed the call ("Okay."
# "Bye now."): neither is a continuer.
_AGREEMENT = re.compile(
    r"^(?:(?:oh|well|yeah|yes|uh|um)\W+)*(?:exactly|absolutely|definitely|true|that's true|"
    r"that is true|that's so true|i agree|i'd agree|i would agree|agreed|me too|same here|"
    r"so do i|me neither|neither do i|that's for sure|for sure|you're right|you are right|"
    r"i think so)\b"
)
_CLOSING = re.compile(
    r"^(?:(?:oh|well|yeah|uh|um|okay|ok|all right|alright)\W+)*(?:bye|bye-bye|good-bye|goodbye|"
    r"talk to you|nice talking|take care|have a (?:good|nice|great)|see you|"
    r"thanks for (?:calling|the call)|thank you for (?:calling|the call))\b"
)


# A bare "yes" is an answer or an agreement more often than a continuer, unless the other
# speaker simply goes on after it.
_BARE_YES = re.compile(r"^\W*(?:oh\W+)?yes\W*$")


def _floor_kept_yes(utterance: Utterance, following: Utterance | None) -> bool:
    """A bare "yes" after which the other speaker goes on: it let them keep the floor."""
    return (
        following is not None
        and following.speaker is not None
        and following.speaker != utterance.speaker
        and bool(_BARE_YES.match(utterance.text.lower()))
    )


# "Yeah." "It is." / "Right." "They do.": the same speaker confirms the other's claim with
# an elliptical clause (pronoun and auxiliary, nothing else), so the "yeah" agreed with it
# rather than let them go on (SwDA train+dev: 26 continuers among 194 such "yeah"s; SwDA
# tags the rest ``aa``). "You too." after a farewell closes. Whole-utterance matches only:
# "I know" (40 of 82) and "That's right" (62 of 125) are left alone.
_ELLIPTICAL_CONFIRMATION = re.compile(
    r"^(?:(?:oh|well|yeah|yes)\s)*(?:it|they|he|she|we|i|you|there|those|these)\s"
    r"(?:(?:really|sure|certainly|definitely|surely|still|always)\s)?"
    r"(?:is|was|does|do|did|are|were|has|have|had|can|could|will|would|am)"
    r"(?:\s(?:too|not|though|either|now))?$"
    r"|^(?:(?:oh|well|yeah|and)\s)*(?:you too|same to you)$"
)
# A whole "oh, sure" / "oh, yes" agrees (SwDA train+dev: 15 of 65 and 19 of 56 continuers).
_EMPHATIC_AGREEMENT = frozenset({("oh", "sure"), ("oh", "yes")})


def _agrees_or_closes(utterance: Utterance, following: Utterance | None) -> bool:
    """Whether a backchannel-shaped ``utterance`` was an agreement ("oh, sure", or the same
    speaker goes on agreeing: "That's so true.", "It is.") or part of a farewell, as the
    utterance after it shows."""
    if tuple(words(utterance.text)) in _EMPHATIC_AGREEMENT:
        return True
    if following is None:
        return False
    text = following.text.lower().replace("’", "'").lstrip()
    if _CLOSING.match(text):
        return True
    return following.speaker == utterance.speaker and bool(
        _AGREEMENT.match(text) or _ELLIPTICAL_CONFIRMATION.match(" ".join(words(text)))
    )


def _previous_other_speaker(utterance: Utterance, latest: dict[str, Utterance]) -> Utterance | None:
    """The most recent earlier utterance by someone else (None when the speaker is unknown)."""
    if utterance.speaker is None:
        return None
    others = [u for speaker, u in latest.items() if speaker != utterance.speaker]
    return max(others, key=lambda u: u.index, default=None)


# A turn that overlaps a complete utterance and answers or returns it is not an interruption
# a coach would name: "It would." over the tail of "... Would that help?", or "Hi Gwen!"
# over "Hello, Gwen speaking.". Greetings and farewells, said by both sides in turn.
_GREETING = re.compile(
    r"^(?:(?:oh|well|and|okay|ok|yeah|yes|great)\s)*(?:hi|hello|hey|hiya|morning|afternoon|"
    r"evening|good (?:morning|afternoon|evening|day)|bye|bye-bye|goodbye|good-bye|thanks|"
    r"thank you|cheers|take care|talk soon|talk to you|see you|have a (?:good|nice|great)|"
    r"you too|same to you|nice to meet you|nice talking|pleasure)\b"
)
# A greeting or farewell that is the whole utterance: at most this many words.
_GREETING_MAX_WORDS = 8
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def _answers_or_returns(
    utterance: Utterance,
    interrupted: Utterance,
    own_latest: Utterance | None,
    overlap: float,
) -> bool:
    """Whether ``utterance``, overlapping ``interrupted`` by ``overlap`` seconds, is the first
    reply of its speaker to a complete utterance: ``interrupted`` ends in a question ("?")
    and the reply started no earlier than that last sentence (the overlap is at most the last
    sentence's share of the utterance's time, by characters), or ``interrupted`` is a greeting
    or farewell of at most 8 words and the reply opens with one too (it returns it)."""
    if own_latest is not None and own_latest.index > interrupted.index:
        return False
    text = interrupted.text.strip()
    if text.endswith("?"):
        if interrupted.start is None or interrupted.end is None:
            return False
        last = _SENTENCE_BREAK.split(text)[-1]
        duration = interrupted.end - interrupted.start
        return duration > 0 and overlap <= duration * len(last) / len(text)
    return (
        len(words(text)) <= _GREETING_MAX_WORDS
        and bool(_GREETING.match(" ".join(words(text))))
        and bool(_GREETING.match(" ".join(words(utterance.text))))
    )
