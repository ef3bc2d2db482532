"""Listening signals: backchannels ("mm-hm", "got it") and interruptions.

A backchannel is a short standalone response made only of continuer/acknowledgement
phrases (``lexicons/listening_backchannels.txt``) to something another speaker said. A
"yeah" whose speaker is answering the other speaker's latest utterance, a question, is an
answer, not a backchannel; an "okay" before anyone else has spoken acknowledges nothing.

An interruption needs timestamps: an utterance that starts more than ``overlap_s``
seconds before the previous other-speaker utterance ended, and that is not itself a
backchannel (talking over someone with "mm-hm" is listening, not interrupting).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.question import ASKING_LABELS
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Bracketed annotations such as "<laughter>" or "[noise]" are not words the speaker said.
_ANNOTATION = re.compile(r"<[^>]*>|\[[^\]]*\]")


def words(text: str) -> list[str]:
    """Lower-case words of ``text`` (apostrophes and hyphens kept inside words)."""
    cleaned = _ANNOTATION.sub(" ", text.lower()).replace("’", "'")
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


@register
class ListeningDetector(Detector):
    """Backchannels per utterance and (with timestamps) interruptions."""

    name = "listening"
    version = "1.3.0"
    description = "Backchannels ('mm-hm', 'got it') and interruptions of the other speaker."
    requires = ("question",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {"max_words": 4, "overlap_s": 0.5}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        questions = {
            uid
            for f in context.of("question")
            if f.label in ASKING_LABELS
            for uid in f.utterance_ids
        }
        max_words = int(self._params["max_words"])
        findings: list[Finding] = []
        previous: Utterance | None = None
        # The latest utterance of each speaker, to find whom an utterance talks over.
        latest: dict[str, Utterance] = {}
        for utterance in call.utterances:
            backchannel = is_backchannel_text(utterance.text, max_words) and _acknowledges(
                utterance, previous, latest, questions
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
        if overlap <= float(self._params["overlap_s"]):
            return None
        return self.finding(
            "interruption",
            [Evidence.of(utterance), Evidence.of(interrupted)],
            0.8,
            interrupter=utterance.speaker,
            interrupted=interrupted.speaker,
            overlap_s=round(overlap, 3),
        )


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


def _previous_other_speaker(utterance: Utterance, latest: dict[str, Utterance]) -> Utterance | None:
    """The most recent earlier utterance by someone else (None when the speaker is unknown)."""
    if utterance.speaker is None:
        return None
    others = [u for speaker, u in latest.items() if speaker != utterance.speaker]
    return max(others, key=lambda u: u.index, default=None)
