"""Detector ``question``: one finding per sentence that asks something.

Works on punctuated text and on ASR text without "?" or capitals. Each sentence gets a
probability from a small linear model (hashed word n-grams, trained on MRDA; see
scripts/train_question.py) and a lexical cue that explains the call: "punct" (ends with
"?"), "wh" ("how does", "what's"), "aux-inversion" ("do you", "can we"), "tag"
("…, right?"), "declarative" ("so you're using Excel today") or "model" (no lexical cue).
Rhetorical fillers ("you know", "I mean") are never questions.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding
from callcoach.nlp.linear import load_model
from callcoach.nlp.sentences import split_sentences

__all__ = ["QuestionDetector", "question_cue"]

# Discourse openers skipped before looking for a question word ("so um what's …").
_OPENER = r"(?:(?:so|and|but|okay|ok|well|um+|uh+|oh|alright|all right|now|then|yeah|right)\W+)*"
_WH = re.compile(
    rf"^{_OPENER}(?:what|what's|whats|how|how's|why|where|where's|when|who|who's|whom|whose|"
    r"which)\b"
)
_AUX = (
    r"(?:do|does|did|don't|doesn't|didn't|are|aren't|is|isn't|was|wasn't|were|weren't|"
    r"can|can't|could|couldn't|will|won't|would|wouldn't|should|shouldn't|have|haven't|"
    r"has|hasn't|had|may|might|shall)"
)
_SUBJECT = r"(?:you|we|they|i|he|she|it|that|this|there|your|anyone|anybody|everyone|someone)"
_AUX_INVERSION = re.compile(rf"^{_OPENER}{_AUX}\s+(?:n't\s+)?{_SUBJECT}\b")
# "…, right?" / "…, isn't it" / "…, didn't she": a confirmation asked for after a statement
# of at least two words ("that's right" and "all right" are answers, not tags).
_TAG = re.compile(
    r"^(?!(?:that's|that is|all|you're|you are|exactly|alright|yeah|yes|okay|ok)\s)"
    r"\w[\w']*\s+\w.*?[\s,]\s*(?:(?:right|correct|huh|eh|yeah|no|okay|ok|true)\s*\?"
    r"|(?<!that's )(?<!all )(?<!you're )(?<!it's )(?<!quite )(?<! it )(?<! that )"
    r"(?<!exactly )(?<!just )(?<! do )(?<! get )(?<! got )(?<!done )(?:right|correct)"
    r"|(?:do|does|did|is|are|was|were|can|could|would|will|wo|should|have|has|had|ai)n't"
    r"\s+(?:you|we|they|i|he|she|it|there)"
    r"|(?:is that right|does that make sense|am i right|is that correct))\W*$"
)
# "so you're using …", "you're saying …": a statement offered back for confirmation. Kept
# narrow: "so you can …" or "so you know" are explanations, not questions.
_DECLARATIVE = re.compile(
    r"^(?:(?:and|but|okay|ok|well|um+|uh+|oh|right|yeah)\W+)*"
    r"(?:so\W+(?:um+\W+|uh+\W+)?(?:you're|you are|you guys are|your team is)\s+\w+ing\b"
    r"|so\W+(?:you|your team|you guys)\s+(?:currently\s+|still\s+|mostly\s+)?"
    r"(?:use|rely on|run|track)\b"
    r"|(?:so\W+)?(?:you're saying|you are saying|you mean|sounds like you|"
    r"it sounds like you)\b)"
)
# Promoted cues need a statement of bounded length: long monologues end in "right" too.
_MAX_PROMOTED_WORDS = 25
# Phrases that look like questions but are fillers or hedges, not requests for an answer.
_FILLER = re.compile(
    r"^(?:(?:um|uh|and|so|but|like|well|oh)\s+)*(?:you know|i mean|you see|know what i mean|"
    r"you know what i mean|if you will|mind you)\W*$"
)
_OPENING_CUES = frozenset({"wh", "aux-inversion"})
# Forms the MRDA-trained model rarely sees without a "?" but that are questions anyway.
PROMOTING_CUES = frozenset({"tag", "declarative"})
_WORDS = re.compile(r"[^\w'\s]+")
# Reactions that end in "?" but ask for nothing ("Oh, really?", "What?"): backchannels and
# signals of non-understanding, not questions a coach would count.
_BACKCHANNELS = frozenset(
    {
        "really",
        "oh really",
        "is it really",
        "really now",
        "yeah",
        "oh yeah",
        "huh",
        "what",
        "pardon",
        "sorry",
        "excuse me",
        "oh",
        "wow",
        "uh huh",
        "hmm",
        "is it",
        "oh is it",
        "did you",
        "oh did you",
        "do you",
        "oh do you",
        "does it",
        "was it",
        "have you",
        "oh have you",
        "you did",
        "oh you did",
        "is that so",
        "oh is that so",
        "no",
        "yes",
    }
)


def _normalise(sentence: str) -> str:
    """Lower case, punctuation other than "?" and apostrophes turned into spaces."""
    text = sentence.lower().replace("’", "'")
    text = re.sub(r"[^\w'?\s]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def is_filler(sentence: str) -> bool:
    """Whether ``sentence`` is only a rhetorical filler such as "you know" or "I mean"."""
    return bool(_FILLER.match(_WORDS.sub(" ", sentence.lower()).strip()))


def is_reaction(sentence: str) -> bool:
    """Whether ``sentence`` is a one-word utterance or a backchannel such as "Oh, really?"."""
    words = _normalise(sentence).replace("?", " ").split()
    if " ".join(words) in _BACKCHANNELS:
        return True
    return len(words) == 1 and not sentence.rstrip().endswith("?")


def is_question(
    sentence: str, probability: float, threshold: float, cue_threshold: float
) -> tuple[bool, str]:
    """Decision and cue for one sentence given the model's question probability.

    A sentence that opens like a question ("what …", "do you …") needs only
    ``cue_threshold``: the model under-rates such sentences when they lack a "?".
    """
    if is_filler(sentence) or is_reaction(sentence):
        return False, "none"
    cue = question_cue(sentence)
    if cue in PROMOTING_CUES and len(sentence.split()) <= _MAX_PROMOTED_WORDS:
        return True, cue
    needed = cue_threshold if cue in _OPENING_CUES else threshold
    if probability < needed:
        return False, "none"
    return True, cue or "model"


def question_cue(sentence: str) -> str | None:
    """The lexical cue that marks ``sentence`` as a question, or None.

    >>> question_cue("so how does your team track that")
    'wh'
    """
    text = _normalise(sentence)
    if not text or is_filler(sentence):
        return None
    if _WH.match(text):
        return "wh"
    if _AUX_INVERSION.match(text):
        return "aux-inversion"
    if _TAG.search(text):
        return "tag"
    if _DECLARATIVE.match(text):
        return "declarative"
    if text.endswith("?"):
        return "punct"
    return None


def is_punctuated(call: Call) -> bool:
    """Whether the transcript uses sentence punctuation (so a missing "?" means something)."""
    return any(mark in u.text for u in call.utterances for mark in ".?!")


@register
class QuestionDetector(Detector):
    """Questions asked by anyone; ``speaker_role`` says whether the rep or prospect asked."""

    name: ClassVar[str] = "question"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "Sentences that ask a question (punctuated or ASR text)."

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # None = the thresholds calibrated on MRDA dev, stored with the model.
        return {"model": "question", "threshold": None, "threshold_unpunctuated": None}

    def _thresholds(self, punctuated: bool) -> tuple[float, float]:
        """(threshold, threshold for sentences that open like a question).

        ASR text (no sentence punctuation anywhere) lacks the "?" the model leans on, so it
        gets the lower unpunctuated threshold, and so do sentences opening with "what …" or
        "do you …" in punctuated text (their "?" is often missing in transcripts).
        """
        stored = load_model(self.params["model"]).metadata["thresholds"]
        punct, unpunct = (
            float(self.params[param] if self.params[param] is not None else stored[key])
            for key, param in (
                ("punctuated", "threshold"),
                ("unpunctuated", "threshold_unpunctuated"),
            )
        )
        return (punct, min(punct, unpunct)) if punctuated else (unpunct, unpunct)

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        spans = [
            (utterance, start, end)
            for utterance in call.utterances
            for start, end in split_sentences(utterance.text)
        ]
        if not spans:
            return []
        model = load_model(self.params["model"])
        texts = [u.text[start:end] for u, start, end in spans]
        # One batch for the whole call: vectorising sentence by sentence is ~50x slower.
        probabilities = model.predict_proba(texts)[:, model.classes.index("yes")]
        threshold, cue_threshold = self._thresholds(is_punctuated(call))
        findings = []
        for (utterance, start, end), text, probability in zip(
            spans, texts, probabilities, strict=True
        ):
            asked, cue = is_question(text, float(probability), threshold, cue_threshold)
            if not asked:
                continue
            findings.append(
                self.finding(
                    "question",
                    [Evidence.of(utterance, start, end)],
                    float(probability),
                    speaker_role=context.roles.role_of(utterance.speaker),
                    cue=cue,
                )
            )
        return findings
