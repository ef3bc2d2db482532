"""Detector ``question``: one finding per sentence that asks something.

Works on punctuated text and on ASR text without "?" or capitals. Each sentence gets a
probability from a small linear model (hashed word n-grams, trained on MRDA; see
scripts/train_question.py) and lexical rules (``question_rule``) that decide first where
the form is clear and name the cue: "punct" (ends with "?"), "wh" ("how does", "what's",
"what about …"), "aux-inversion" ("do you", "can we"), "tag" ("…, right?", "…, huh"),
"declarative" ("so you're using Excel today"), "imperative-prompt" ("tell me about …",
"walk me through …", "any questions"), "indirect" ("I'm curious how …", "I don't know if
you've seen …"), "answered" (unpunctuated text only: a short statement about the listener
that the next speaker answers with yes or no) or "model" (no lexical cue). In text without
punctuation an inverted opening decides on its own, and a question may start inside an
utterance ("okay cool what are your plans …"; the evidence then starts there).
Rhetorical fillers ("you know", "I mean"), backchannels ("Oh, really?"), agreements ("so do
I"), word searches ("how shall I say it") and reported questions ("he goes, do you want …")
are never questions; a whole utterance "You know?" is labelled "rhetorical" (it asks for a
nod, not an answer; the dialogue-act corpora count it, the coaching metrics do not).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.registry import register
from callcoach.model import Call, Evidence, Finding, Utterance
from callcoach.nlp.dense import load_dense
from callcoach.nlp.linear import load_model
from callcoach.nlp.sentences import asr_text, split_sentences, split_unpunctuated_many

__all__ = [
    "ASKING_LABELS",
    "QuestionDetector",
    "Rule",
    "is_question",
    "question_cue",
    "question_rule",
]

# Discourse openers skipped before looking for a question word ("so um what's …").
_OPENER = (
    r"(?:(?:so|and|but|okay|ok|well|um+|uh+|oh|alright|all right|now|then|yeah|right|"
    r"you know|i mean|i guess)\W+)*"
)
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
# An auxiliary that does not agree with the pronoun after it opens no question: "do it
# yourself", "do that again" (a verb and its object), "is they …" and "are it …" (a
# restart). English inverts only an agreeing pair ("does it", "are they").
_DISAGREEING = (
    r"(?:(?:do|don't)\s+(?:it|he|she|that|this|someone|anyone|anybody|everyone)"
    r"|(?:does|doesn't|is|isn't|has|hasn't)\s+(?:you|we|they|i)"
    r"|(?:are|aren't|were|weren't|have|haven't)\s+(?:it|he|she|that|this))(?![\w'])"
)
# "(?![\w'])": "is i'll get …" is a restart, not "is I".
_AUX_INVERSION = re.compile(rf"^{_OPENER}(?!{_DISAGREEING}){_AUX}\s+(?:n't\s+)?{_SUBJECT}(?![\w'])")
# A wh-word followed by an inverted auxiliary and a subject ("what do you …", "how many reps
# does your team …"): a question even without "?", unlike a bare wh-opening ("what i did was
# …", "when we got there …", which are statements as often as not).
_WH_SUBJECT = (
    r"(?:you|we|they|i|he|she|it|that|this|there|your|my|his|her|their|our|the|these|"
    r"those|people|y'all|anyone|anybody|everyone|someone|some|any|all|most|things|"
    r"something|anything)"
)
_WH_INVERSION = re.compile(
    rf"^{_OPENER}(?:(?:what|how|why|where|when|who|which)"
    r"(?:\s+(?:kind|sort|type|kinds|sorts|types)\s+of\s+[\w']+"
    r"|\s+(?:much|many|long|often|old|far|big|soon)(?:\s+[\w']+)?|\s+else)?"
    rf"\s+{_AUX}\s+(?:n't\s+)?{_WH_SUBJECT}(?![\w'])"
    # "how important is it …", "how confident are you …"
    rf"|how\s+[\w']+\s+{_AUX}\s+(?:you|it|that|this|they|we)(?![\w'])"
    # "what's your …", "how'd it go", "what about your …", "what if they …", and questions
    # about the subject itself ("what made you …", "what happened").
    r"|(?:what's|how's|where's|who's|what're|how're|where're|how'd|what'd|where'd|why'd|"
    rf"who'd|how've|what've)\s+(?:{_WH_SUBJECT}|something|going|been|happening|next)(?![\w'])"
    r"|(?:what|how) about\s+(?:your|you|the|that|this|it|them|those|[\w']+ing)\b|what if\s+\w+"
    r"|(?:what|who)\s+(?:made|makes|brings|brought|led|leads|caused|causes|keeps|kept|"
    r"worries|worried|concerns|concerned|helps|helped|stops|stopped)\s+(?:you|your)\b"
    r"|what happened\b)"
)
# Agreement, not a question: "so do I", "neither can we", "and so was she".
_AGREEMENT = re.compile(
    rf"^(?:(?:and|oh|well|yeah)\s+)*(?:so|neither|nor)\s+{_AUX}\s+{_SUBJECT}(?:\s+(?:too|either))?$"
)
# Hedges that a speaker asks themself while searching for a word: "how shall I say it",
# "what do you call it".
_HEDGE = re.compile(
    rf"^{_OPENER}(?:how (?:shall|should|do|can|would) (?:i|you|we) "
    r"(?:say|put|describe) (?:it|this|that)"
    r"|what (?:do|did) (?:you|they|we) call (?:it|them|that|those)|what's the word"
    r"|what is the word|what's it called|what is it called|what am i trying to say)\b"
)
# In punctuated text, a speaker searching their own memory without a "?" asks nobody:
# "what are they called,", "what was his name.", "what else did I get in there,".
# (Without punctuation the same words may well be asked.)
_MEMORY_SEARCH = re.compile(
    rf"^{_OPENER}(?:what(?:'s| is| was| are| were) (?:they|it|those|that|he|she) called"
    r"|what(?:'s| is| was) (?:his|her|their|its) name"
    r"|what(?:'s| is| was) the name of (?:it|that|them|the)"
    r"|what else (?:have|did|do|can|could|should) i)\b(?!.*\?)"
)
# Whole questions of one or two words that the reaction filter would otherwise drop.
_SHORT_QUESTIONS = frozenset(
    {
        "how",
        "why",
        "how so",
        "why not",
        "why is that",
        "like what",
        "why now",
        "how about you",
        "what about you",
        "how's it going",
        "how is it going",
        "how are you",
        "how are you doing",
        "how you doing",
    }
)
# A question someone else asked, reported: "she's like, what are you digging for?", "he
# goes, do you want to dance", "I asked, is there …".
_REPORTED = re.compile(
    r"(?:\b(?:he|she|they|i|we|you|it|people|everybody|somebody|someone|he's|she's|i'm|"
    r"they're|you're|it's)\s+(?:is\s+|was\s+|were\s+|are\s+|am\s+|kept\s+|just\s+)?like"
    r"|\b(?:said|says|goes|went|asked|asks|asking)"
    # "they just go, oh, how do you …", "I say, did you …" (not "you go where?", nor "from
    # what people say when …")
    r"|(?<!what\s)(?<!that\s)(?<!as\s)\b(?:he|she|they|i|we|people|everybody)\s+"
    r"(?:just\s+)?(?:go|say))\s+"
    r"(?:(?:um|uh|well|oh|you know|like)\s+)*"
    rf"(?:(?:what|how|why|where|when|who|which)\b|{_AUX}\s+{_SUBJECT}(?![\w']))"
)
# "…, right?" / "…, isn't it" / "…, didn't she": a confirmation asked for after a statement
# of at least two words ("that's right" and "all right" are answers, not tags).
_TAG = re.compile(
    r"^(?!(?:that's|that is|all|you're|you are|exactly|alright|yeah|yes|okay|ok)\s)"
    r"\w[\w']*\s+\w.*?[\s,]\s*(?:(?:right|correct|huh|eh|yeah|no|okay|ok|true)\s*\?"
    r"|(?<!that's )(?<!all )(?<!you're )(?<!it's )(?<!quite )(?<! it )(?<! that )"
    r"(?<!exactly )(?<!just )(?<! do )(?<! get )(?<! got )(?<!done )(?<! you )(?<!feels )"
    r"(?<!sounds )(?<!looks )(?<!seems )(?<!feel )(?<!sound )(?<!look )(?<!seem )(?<!about )"
    r"(?:right|correct)"
    r"|(?<!uh )(?<!um )(?<!mm )huh"
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
# A request to explain ("tell me about …", "walk me through …"): a question in sales
# coaching and in AnnoMI (open question), though SwDA tags it ``ad`` (action directive) and
# DailyDialog ``directive``. The question eval scores it on AnnoMI only.
_PROMPT_VERB = (
    r"(?:please\W+)?(?:tell me|tell us|(?:walk|talk|take) (?:me|us) through|"
    r"describe|explain|help me understand|help us understand|"
    r"give me (?:a |an )?(?:rough |quick |ballpark |brief |high level )?"
    r"(?:sense|idea|feel|picture|overview|ballpark|rundown)|say more|share with me|"
    # Invitations to add: "any questions?", "anything else?".
    r"any (?:questions|other questions|thoughts|concerns)|anything else)\b"
)
_PROMPT = re.compile(rf"^{_OPENER}{_PROMPT_VERB}")
# 1.13: "talk to me (a bit) (more) about …" and "say a bit / something more …" ask to
# explain when they open the sentence; inside one ("… call the office and talk to us about
# the options") they do not, so ``inner_question`` does not read them.
_PROMPT_OPENING = re.compile(
    rf"^{_OPENER}(?:please\W+)?(?:talk to (?:me|us) (?:a (?:little )?bit |a little )?(?:more )?"
    r"about|say (?:a (?:little )?bit|a little|something|some) more)\b"
)
# The same request after a comma: "well, I mean, you know, tell me about …".
_PROMPT_IN_CLAUSE = re.compile(rf"[,;:]\s*(?:(?:you know|i mean)\W+)*{_OPENER}{_PROMPT_VERB}")
# Questions asked as statements of not knowing: "I don't know if you've seen it", "I'm
# curious what …", "I was wondering if …".
_INDIRECT = re.compile(
    rf"^{_OPENER}(?:i don't know if you|i do not know if you|"
    r"i'm curious (?:about|what|how|why|whether|if|to)|i am curious (?:about|what|how|why)|"
    r"(?:i was|i'm|i am)(?: just)? wondering (?:if|whether|what|how|why)|i wondered if|"
    r"(?:i'd|i would) (?:like|love) to (?:know|understand|hear) (?:if|whether|what|how|why|"
    r"about|more)|i was (?:gonna|going to) ask (?:if|whether|about|you)|"
    r"i'm (?:curious|interested) to (?:know|hear|understand))\b"
)
# A short statement about the listener ("so you're in a church there", "you have one at
# work") that the other speaker answers with yes or no was asked for confirmation: SwDA's
# declarative questions, found by their answer since intonation is not in the transcript.
_ABOUT_LISTENER = re.compile(
    rf"^{_OPENER}(?:you(?! know\b)|you're|you've|your|you'd|you'll)\b(?:\s+\S+){{0,10}}$"
)
_YES_NO_ANSWER = re.compile(
    r"^(?:(?:oh|well|uh|um)\W+)*(?:yes|yep|yup|nope|no|(?:yeah|right)\W+(?:i|we|it|that|they))\b"
)
# Promoted cues need a statement of bounded length: long monologues end in "right" too.
_MAX_PROMOTED_WORDS = 25
# Phrases that look like questions but are fillers or hedges, not requests for an answer.
_FILLER = re.compile(
    r"^(?:(?:um|uh|and|so|but|like|well|oh)\s+)*(?:you know|i mean|you see|know what i mean|"
    r"you know what i mean|if you will|mind you)\W*$"
)
# "You know?" / "You know what I mean?" as a whole utterance, with its "?": the speaker asks
# for a nod, not an answer (label "rhetorical", not a question asked). SwDA tags 20 of 22
# such rows and MRDA nearly all of them as questions, so the corpora count the label.
_RHETORICAL = re.compile(
    r"^(?:(?:um|uh|and|so|but|well|oh)\s+)*(?:you know|know what i mean|you know what i mean)"
    r"\s*\?$"
)
_OPENING_CUES = frozenset({"wh", "aux-inversion"})
# Forms the MRDA-trained model rarely sees without a "?" but that are questions anyway.
PROMOTING_CUES = frozenset({"tag", "declarative", "imperative-prompt", "indirect"})
# Without punctuation an inverted auxiliary is the only syntax left of a question, and the
# MRDA model (whose unpunctuated questions are mostly fragments) under-rates it.
# Words after which a new question may start inside an unpunctuated utterance ("okay cool
# what are your plans …"): ASR text has no sentence boundary to split on.
_INNER_START = re.compile(
    r"\b(?:okay|ok|so|and|but|well|oh|yeah|right|alright|cool|great|good|now|sure|anyway|"
    r"um+|uh+|hmm+|mhm|wow|perfect|gotcha|interesting)\b"
)
# Inside a sentence "who", "which", "where" and "when" open relative clauses as often as
# questions ("the people who are the dealers"); "what/how/why + auxiliary + subject" rarely
# does.
_INNER_WH = re.compile(
    r"\b(?:what|how|why)(?:\s+(?:kind|sort|type)\s+of\s+[\w']+|\s+(?:much|many|long|often)"
    rf"(?:\s+[\w']+)?)?\s+{_AUX}\s+(?:n't\s+)?{_WH_SUBJECT}(?![\w'])"
    rf"|\bhow\s+[\w']+\s+{_AUX}\s+(?:you|it|that|this|they|we)(?![\w'])"
)
# Mid-sentence, "what is it" searches for a word ("if you get what is it seclor …"); a verb
# in -ing after it asks ("… what were they doing over there").
_WORD_SEARCH = re.compile(
    r"^what (?:is|was|are|were) (?:it|that|they|those)\b"
    r"(?!\s+(?!(?:some|any|no|every)?thing\b|bring\b)\w{2,}ing\b)"
)
# A sentence that stops on one of these words was abandoned ("is it uh", "do you think the").
_TRAILING = re.compile(
    r"\b(?:the|a|an|to|of|and|or|but|uh|um|that|is|are|was|were|with|for|in|on|like|your|"
    r"my|his|her|their|our|this|these|those|if|because|so)$"
)
# A wh-question may end on its preposition ("what were you up to", "who did you talk to").
_TRAILING_WH = re.compile(
    r"\b(?:the|a|an|and|or|but|uh|um|is|are|was|were|like|your|my|his|her|their|our|"
    r"these|those|if|because|so)$"
)
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
        # The idiom of agreement, not a request to explain.
        "tell me about it",
        "oh tell me about it",
    }
)


# Requests to repeat ("Sorry?", "Pardon?", "What?"): a signal of not having heard, asked as a
# question. Reported with label "repair", never counted as a question the speaker asked.
_REPAIRS = frozenset(
    {
        "what",
        "huh",
        "pardon",
        "pardon me",
        "sorry",
        "i'm sorry",
        "sorry what",
        "excuse me",
        "come again",
        "say again",
        "say that again",
        "what was that",
        "what's that",
        "sorry say again",
        "beg your pardon",
        "i beg your pardon",
    }
)
# 1.15, with "?" only and after the echo check ("Hmm?" and "Uh-huh?" stay echoes): a
# hesitation sound asked ("Um?", "Hm?") and plain requests to repeat. A repair may open
# with interjections or an apology ("Uh, pardon?", "Sorry, what did you say?").
_ASKED_REPAIRS = frozenset(
    {
        "um",
        "uh",
        "hm",
        "what did you say",
        "what'd you say",
        "what did you just say",
        "is that what you said",
        "i didn't hear you",
        "i couldn't hear you",
        "i didn't catch that",
    }
)
# Interjections before a request to repeat ("Uh, pardon?", "Oh, oh, excuse me?").
_REPAIR_LEAD = re.compile(r"^(?:(?:oh|uh|um|ah|well|sorry|i'm sorry)\s+)+(?=\S)")
# A request to repeat one word the listener missed: "You're now in what?", "He's got
# what?", "The what?" (not "… or what?", "you know what?", "like what?", "so what?").
_REPAIR_WHAT = re.compile(
    r"^(?!(?:.*\s)?(?:or|know|guess|so|and|but|like|then|for|with|about)\s+what$)"
    r"(?:[\w']+\s+){1,4}what$"
)
# Echo backchannels: a reaction in question form ("Oh, really?", "You did?", "Is that
# right?", "Oh, are they?") that asks for no information. Label "echo".
_ECHO = re.compile(
    rf"^(?:(?:oh|ah|well|wow|really|no|yeah|hm+|huh)\s+)*(?:"
    rf"{_AUX}(?:n't)?\s+(?:you|we|they|i|he|she|it|that|there)"
    rf"|(?:you|we|they|i|he|she|it|that|there)\s+{_AUX}(?:n't)?"
    r"|is (?:that|it) (?:right|true|so|correct|a fact)|really|seriously|no way|"
    r"you're kidding|are you serious|is that so|oh yeah|yeah|oh|wow|no|yes|right|"
    r"you think so|do you think so)(?:\s+(?:really|now|too|already))?$"
)

_PUNCT_CHAR = re.compile(r"[^\w'?\s]")


def _spaced(sentence: str) -> str:
    """Lower case, punctuation other than "?" and apostrophes turned into spaces; offsets
    stay those of ``sentence``."""
    return _PUNCT_CHAR.sub(" ", sentence.lower().replace("’", "'"))


# The rules look at the same sentence several times; a call repeats short sentences too.
@functools.lru_cache(maxsize=4096)
def _normalise(sentence: str) -> str:
    """``_spaced`` text with runs of whitespace collapsed and the ends trimmed."""
    return " ".join(_spaced(sentence).split())


def is_filler(sentence: str) -> bool:
    """Whether ``sentence`` is only a rhetorical filler such as "you know" or "I mean"."""
    return bool(_FILLER.match(_normalise(sentence).replace("?", " ").strip()))


def is_reaction(sentence: str) -> bool:
    """Whether ``sentence`` is a one-word utterance, a backchannel such as "Oh, really?" or an
    agreement such as "so do we"."""
    words = _normalise(sentence).replace("?", " ").split()
    if " ".join(words) in _BACKCHANNELS or _AGREEMENT.match(" ".join(words)):
        return True
    return len(words) == 1 and not sentence.rstrip().endswith("?")


def reaction_kind(sentence: str) -> str | None:
    """ "repair" for a request to repeat, "echo" for a reaction in question form, when
    ``sentence`` ends with "?"; None otherwise (without "?" a reaction asks nothing).

    >>> reaction_kind("Sorry?"), reaction_kind("Oh, you did?"), reaction_kind("You did.")
    ('repair', 'echo', None)
    """
    if not sentence.rstrip().endswith("?"):
        return None
    words = " ".join(_normalise(sentence).replace("?", " ").split())
    if words in _REPAIRS or _REPAIR_WHAT.match(words):
        return "repair"
    if _ECHO.match(words) or words in _BACKCHANNELS:
        return "echo"
    bare = _REPAIR_LEAD.sub("", words)
    if bare in _REPAIRS or bare in _ASKED_REPAIRS:
        return "repair"
    return None


def _bare_reaction_kind(sentence: str) -> str | None:
    """ "repair" or "echo" for a reaction or request to repeat written without "?" (text
    without punctuation); None otherwise."""
    words = " ".join(_normalise(sentence).replace("?", " ").split())
    if not words:
        return None
    if words in _REPAIRS or _REPAIR_WHAT.match(words):
        return "repair"
    if _ECHO.match(words) or words in _BACKCHANNELS:
        return "echo"
    return None


def is_reported(sentence: str) -> bool:
    """Whether ``sentence`` reports someone's question ("he goes, do you want to dance") or
    a question put to oneself ("and I thought, why bother?")."""
    text = _normalise(sentence)
    match = _REPORTED.search(text)
    if match is not None and not _ASKED_ABOUT.search(text, 0, match.start()):
        return True
    lowered = sentence.lower().replace("’", "'")
    match = _THOUGHT.search(lowered)
    return (
        match is not None
        and not _ASKED_ABOUT.search(lowered, 0, match.start())
        and len(sentence[match.end() :].split()) >= 2
    )


# "do you like …", "what do you think, …": the saying or liking is itself asked about.
_ASKED_ABOUT = re.compile(rf"\b{_AUX}(?:n't)?\W+$")
# A question the speaker put to themself or to someone in a story, set off by a comma:
# "and I just thought, why bother?", "you tell yourself, is it worth it?", "she would say,
# how did you do that?".
_THOUGHT = re.compile(
    r"\b(?:i|you|he|she|they|we|people)(?:\s+(?:just|always|would|keep|kept|still|kind of|"
    r"sort of|then))*\s+(?:think|thought|say|said|tell|telling|told)(?:\s+(?:her|him|them|"
    r"me|myself|yourself|himself|herself|themselves|to myself|to yourself|to himself|"
    r"to herself|to themselves))?\s*,\s*(?:(?:look|well|oh|gee|now|hey|okay)\W+)*"
    rf"(?:what|how|why|where|when|who|{_AUX})\b"
)


@dataclass(frozen=True, slots=True)
class Rule:
    """How one sentence is decided before its model probability is known.

    ``needs`` is "never" (filler, backchannel, reported speech), "always" (its form alone
    makes it a question), "cue" (opens like a question: the lower threshold applies) or
    "model" (the model's threshold decides). ``offset`` is where the question starts in
    the sentence (non-zero for a question found inside unpunctuated text). ``label`` is
    the finding's label: "question", or what a question-shaped sentence is instead:
    "echo" (backchannel in question form), "repair" (request to repeat), "fragment"
    (a question abandoned after its opening words) or "rhetorical" (a whole "You know?").
    """

    needs: str
    cue: str
    offset: int = 0
    label: str = "question"

    def asks(self, probability: float, threshold: float, cue_threshold: float) -> bool:
        """Whether the sentence is a question given its model probability."""
        if self.needs in ("always", "never"):
            return self.needs == "always"
        return probability >= (cue_threshold if self.needs == "cue" else threshold)


# Requests for an action asked as yes/no questions ("Could you send me the deck?", "Can I
# borrow your pen?", "Would you mind holding for a second?"): the answer is a deed, not
# information. Label "request", not counted as a question asked; a request to explain
# ("could you tell me / walk me through …") stays a question.
_REQUEST_VERB = (
    # not a request for facts: "give me a rough idea", "give us an example", "take long"
    r"(?:send|(?:give|get)(?!\s+(?:me|us)\s+(?:a\s+|an\s+|some\s+)?(?:rough\s+|quick\s+|"
    r"brief\s+)?(?:idea|example|sense|picture|overview|ballpark|estimate|number|feel|rundown)\b)"
    r"|pass|bring|hold|call|ring|email|e-mail|text|forward|take(?!\s+long\b|\s+(?:me|us)\s+"
    r"through\b)|put|show(?!\s+(?:me|us)\s+(?:how|what|where|why|which)\b)|open|"
    r"close|shut|turn|move|wait|come|make|do me|check|fill|sign|lend|pick|drop|let|join|"
    r"book|reserve|leave|speak|repeat|spell|keep|stop|step|sit|write|print|change|fix|mail|"
    r"fax|hand|lower|raise|order|deliver|wrap|cancel|arrange|clean|drive|carry|fetch|lift|"
    r"clear|set up|pour|cut|hang on|hang up|connect|transfer|introduce|meet me|help me with|"
    r"help me (?:carry|move|find|get|fix|lift)|help us with|lock|unlock|switch|plug|mute|"
    r"unmute|share (?:your|the|my) screen|speak up|slow down|go ahead|hurry)"
)
_REQUEST = re.compile(
    rf"^{_OPENER}(?:please\s+)?(?:"
    r"(?:can|could|would|will|won't|can't|couldn't)\s+(?:you|ya)\s+(?:please\s+|kindly\s+|just\s+|"
    rf"maybe\s+|possibly\s+)?{_REQUEST_VERB}\b"
    r"|(?:can|could|would|will)\s+(?:you|ya)\b.*\bplease\b"
    r"|(?:can|could|may)\s+(?:i|we)\s+(?:please\s+|just\s+)?(?:have|get|borrow|use|speak|"
    r"try|pay|leave|sit|come in|take|see your|put you on hold|call you back)\b"
    r"|(?:would|do)\s+you\s+mind\s+(?!if\s+i\s+ask)"
    r")"
)
# Labels of findings that ask the listener for something (an answer or a deed): what
# question_type, question_topic and the backchannel logic read. Only "question" counts as a
# question asked in the metrics.
ASKING_LABELS: frozenset[str] = frozenset({"question", "request"})
_NEVER = Rule("never", "none")
# A story about the speaker's own side in the past tense that ends in "?" is told with a
# rising tone, not asked ("we tried a vendor two years ago?", "our bank sent a letter?").
_UPTALK = re.compile(
    rf"^{_OPENER}(?:i|we|our|my|me and)(?:\s+[\w']+)?\s+(?:just\s+|also\s+|actually\s+)?"
    r"(?:(?!need\b|feed\b|speed\b)[\w']+ed|had|did|got|went|sent|found|made|took|saw|built|"
    r"bought|lost|ran|gave|told|brought|began|wrote|spent|paid|hit)\b"
)
# ... unless a question follows inside the sentence ("I don't need a visa, do I?", "we
# talked about it, did you get a chance to look?"): the story was only its lead-in.
_ASKED_LATER = re.compile(
    rf"\b{_AUX}(?:n't)?\s+(?:you|we|they|i|he|she|it|that|there|anyone|anybody)\b"
    r"|\b(?:what|how|why|where|when|who|which)\b"
)
_STATEMENT_END = re.compile(r"[.!]\W*$")
# A sentence the transcriber closed (with ".", "?" or "!", perhaps before a quote).
_TERMINATED = re.compile(r"[.?!][\"')\]\s]*$")


# An inverted question the transcriber left open ("Did you ever get the roof fixed,") was
# cut off when it stops on a function word ("… could we get it sort of you know it") or
# restarts right after its subject ("do you but you could try …", "were they would …"):
# then only the model decides.
_CUT_OFF = re.compile(
    r"\b(?:it|about|as|than|of|at|from|by|you|we|they|i|he|she|would|could|can|will|"
    r"should|be|been|have|has|had|do|does|did|not|more|some|any|very|really|just|all)$"
    rf"|^{_OPENER}{_AUX}\s+(?:n't\s+)?{_SUBJECT}\s+(?:(?:you know|i mean|uh|um|but|or|and)\s+)*"
    rf"(?:{_SUBJECT}\s+)?(?:{_AUX}|would|could|can|will)\b"
)
# A negative tag after a comma asks for confirmation even when the transcriber wrote a full
# stop ("Pretty cold out there, isn't it.", "You keep the receipts, don't you."); "huh."
# and "right." after a statement are mostly said, not asked.
_NEGATIVE_TAG = re.compile(
    r",\s*(?:do|does|did|is|are|was|were|can|could|would|will|wo|should|have|has|had)n't"
    r"\s+(?:you|we|they|i|he|she|it|there)$"
)


# "How about that." said flat marvels at what was said; it suggests nothing.
_MARVEL = re.compile(r"^(?:(?:oh|well|wow|boy|gee)\s+)*how about that$")


def _flat_reaction(text: str) -> bool:
    """Whether normalised ``text`` (no "?") is a reaction in question form said without a
    question mark ("Is that right.", "Are they.", "How about that.")."""
    words = " ".join(text.rstrip(".,;:!- ").split())
    return bool(_MARVEL.match(words)) or (len(words.split()) >= 2 and bool(_ECHO.match(words)))


# An exclamation said without "!" ("Oh, how lovely.", "what a mess", "how odd that is"): a
# wh-word opens it, so text without punctuation read it as a question. "how" + one word is
# an exclamation unless the word asks for a degree or a way ("how long", "how come", "how
# about you"); "what a …" with at most three words after it is one always. "How about that"
# stays out: said flat it marvels (``_MARVEL``), but after an offer it proposes ("we add the
# training, how about that"), and without punctuation nothing tells the two apart. 1.14
# (issue 10): SwDA train+dev without punctuation, 87 such rows asked by 1.13, 1 of them a
# question. ``_HOW_ASKS``: "how" before these asks for a degree or a way ("how
# long", "how come"), or opens a question or an abandoned opening ("how you doing", "how are
# the pilots", "how uh").
_HOW_ASKS = (
    r"(?:about|about's|come|else|so|much|many|long|old|far|often|soon|big|small|tall|large|"
    r"high|low|deep|wide|fast|quick|quickly|early|late|bad|good|well|heavy|hot|cold|warm|"
    r"expensive|cheap|sure|serious|close|near|hard|easy|these|those|y'all|my|his|her|their|"
    r"our|how|what|who|when|where|why|which|uh|um|yeah|you're|it's|that's|they're|we're|"
    rf"{_SUBJECT}|{_AUX}(?:n't)?)"
)
_EXCLAMATIVE = re.compile(
    r"^(?:(?:oh|ah|well|wow|gosh|boy|gee|golly|and|but|so|uh|um|yeah|man)\s+)*"
    rf"(?:how\s+(?!{_HOW_ASKS}$|{_HOW_ASKS}\s)[a-z']+(?:\s+(?:that|it)(?:\s+(?:is|was)|'s))?"
    r"|what\s+an?(?:\s+[a-z']+){1,3})(?:\s+(?:huh|too))?$"
)

# A wh-cleft opens a statement: "what we do is we …", "what they did was …" ("what" + a
# subject + a verb, then "is" / "was" and more words). 1.14 (issue 10): SwDA train+dev
# without punctuation, 31 such rows asked by 1.13, 1 a question.
_PSEUDO_CLEFT = re.compile(
    r"^(?:(?:oh|well|and|but|so|uh|um|yeah|now|see|because)\s+)*what\s+"
    r"(?:i|we|you|they|he|she|people|(?:my|the|our|your|their)\s+[a-z']+)"
    r"(?:\s+[a-z']+){1,5}\s+(?:is|was|are|were)\s+\S"
)


def _exclamative(text: str) -> bool:
    """Whether normalised ``text`` (no "?") is an exclamation ("oh how lovely", "what a
    mess"), not a question: "how" + a degree or manner word ("how long", "how come") and
    "how" before a verb or a pronoun ("how are you", "how you doing") still ask."""
    return bool(_EXCLAMATIVE.match(" ".join(text.rstrip(".,;:!- ").split())))


# A unit made only of continuers: a run-on turn (or an ASR segment) joins a listener's
# "uh huh" and "right" into one unit, where "right" at the end reads like a tag.
_CONTINUERS = re.compile(
    r"^(?:(?:uh huh|uhhuh|um hum|mm hm+|mhm|hm+|yeah|yep|yes|right|okay|ok|oh|sure|i see|"
    r"all right|alright|uh|um)(?:\s+|$))+$"
)


# A lone wh-word the speaker trails off after ("How,", "So, what, what, uh,"): an opening
# abandoned before it asked anything. "Why," is kept: alone it asks ("Why?").
_LONE_WH = re.compile(
    rf"^{_OPENER}(how|what|which|where|who|when)(?:\s+(?:\1|uh|um|you know|i mean))*$"
)
_TRAILS_OFF = re.compile(r"[,;:-]\s*$")


def _lone_wh_trailing(sentence: str) -> bool:
    """Whether punctuated ``sentence`` is a lone wh-word trailing off ("How,"): no context
    decides it either, unlike other openings left without an end mark."""
    return bool(_TRAILS_OFF.search(sentence)) and bool(_LONE_WH.match(_normalise(sentence)))


# In punctuated text a tag "right" / "correct" without "?" is set off by a comma ("…, right,");
# run into its clause it is the adjective ("here's what's right", "it's done right"): SwDA
# train+dev, 1 question in 29 such sentences, against 11 in 18 with the comma.
_UNMARKED_RIGHT = re.compile(r"[^\W\d_]\s+(?:right|correct)[\s,.;:-]*$", re.IGNORECASE)


def _sentence_rule(sentence: str, punctuated: bool) -> Rule:
    text = _normalise(sentence)
    if punctuated and _lone_wh_trailing(sentence):
        return _NEVER
    if _strip_opener(text.rstrip("? ")) in _SHORT_QUESTIONS:
        return Rule("always", "wh")
    if not punctuated and _TAIL_CHECK.match(text):
        return Rule("always", "tag")
    if not punctuated and _CONTINUERS.match(text):
        return _NEVER  # "uh huh right", "yeah yeah okay": continuers run together
    if (
        not punctuated
        and _reverse_tag(text)
        and len(text.split()) <= _MAX_PROMOTED_WORDS
        and not is_reported(sentence)
    ):
        return Rule("always", "tag")
    reaction = reaction_kind(sentence) if punctuated else None
    if reaction is not None:
        return Rule("always", reaction, label=reaction)
    if is_filler(sentence) or is_reaction(sentence) or is_reported(sentence) or _HEDGE.match(text):
        return _NEVER
    if punctuated and _MEMORY_SEARCH.match(text):
        return _NEVER
    if punctuated and not text.endswith("?") and _flat_reaction(text):
        return _NEVER  # "Are they." / "How about that.": a reaction said flat asks nothing
    if not text.endswith("?") and _exclamative(text):
        return _NEVER  # "Oh, how lovely." / "what a mess": an exclamation asks nothing
    if not text.endswith("?") and _PSEUDO_CLEFT.match(text):
        return _NEVER  # "what we do is we …": a wh-cleft opens a statement
    cue = question_cue(sentence)
    if punctuated and text.endswith("?"):
        if (
            cue in (None, "punct")
            and _UPTALK.match(text)
            and not _ASKED_LATER.search(text, _UPTALK.match(text).end())  # type: ignore[union-attr]
        ):
            return _NEVER  # "We had that outage in March?": the speaker's own story
        # The transcriber heard a question: "?" decides on its own.
        return Rule("always", cue or "punct")
    if punctuated and sentence.rstrip().endswith("!"):
        return _NEVER  # an exclamation ("How strange!", "What a day!")
    if punctuated and _STATEMENT_END.search(sentence):
        if _strip_opener(text.rstrip(". ")) in (
            "what else",
            "what else now",
            "let's see what else",
        ):
            return _NEVER  # "What else." told to oneself, holding the floor
        if (
            cue in ("imperative-prompt", "indirect")
            and len(sentence.split()) <= _MAX_PROMOTED_WORDS
        ):
            return Rule("always", cue)  # "Tell me about …." asks whatever its stop says
        # ... and a full stop says they heard a statement: only the model overrules, with
        # the lower threshold where the words are inverted like a question ("do you …").
        inverted = cue in _OPENING_CUES and _inverted(text.rstrip(". "))
        if cue == "tag" and _NEGATIVE_TAG.search(sentence.lower().rstrip(". ")):
            return Rule("always", cue)
        return Rule("cue" if inverted else "model", cue or "model")
    if punctuated and cue == "tag" and _UNMARKED_RIGHT.search(sentence):
        cue = None  # "… they were raised right,": an adjective, not a tag
    if punctuated and cue == "declarative":
        # "Sounds like you …," / "You mean …" left open by the transcriber: a summary or a
        # restart far more often than a check (SwDA 4 questions in 22, MRDA 6 in 24).
        return Rule("model", cue)
    if cue in PROMOTING_CUES and len(sentence.split()) <= _MAX_PROMOTED_WORDS:
        return Rule("always", cue)
    if cue in _OPENING_CUES:
        if punctuated:
            if _abandoned(text):
                return Rule("always", cue, label="fragment")
            if (
                cue == "aux-inversion"
                and _inverted(text.rstrip(",-; "))
                and not _CUT_OFF.search(text.rstrip(",-; "))
            ):
                # "Did you ever get the roof fixed,": an inverted question the
                # transcriber did not close; with a full stop they heard a statement.
                return Rule("always", cue)
            return Rule("cue", cue)
        # Without punctuation a wh-word that is not followed by an inversion ("where they
        # go …", "which is …") opens statements as often as questions.
        inverted = _inverted(text)
        return Rule("always" if inverted else "model", cue)
    if cue == "punct":
        return Rule("cue", cue)
    return Rule("model", cue or "model")


def question_rule(sentence: str, punctuated: bool = True) -> Rule:
    """The rule that decides ``sentence``; see ``Rule``.

    A sentence that opens like a question ("what …", "do you …") needs only the lower
    threshold: the model under-rates such sentences when they lack a "?". In a transcript
    without punctuation an inverted opening ("do you …", "what are you …") is enough on its
    own, and so is one inside the sentence after a discourse word ("okay cool what are …").
    """
    rule = _sentence_rule(sentence, punctuated)
    if not punctuated and rule.needs != "always" and not is_reported(sentence):
        offset = inner_question(sentence)
        if offset is not None:
            inner = _sentence_rule(sentence[offset:], punctuated)
            if inner.needs == "always":
                rule = Rule("always", inner.cue, offset)
    if (
        rule.label == "question"
        and rule.needs != "never"
        and _REQUEST.match(_normalise(sentence[rule.offset :]))
    ):
        return Rule(rule.needs, "request", rule.offset, label="request")
    return rule


def is_question(
    sentence: str,
    probability: float,
    threshold: float,
    cue_threshold: float,
    punctuated: bool = True,
) -> tuple[bool, str]:
    """Decision and cue for one sentence given the model's question probability (echoes,
    repairs and fragments are not questions)."""
    rule = question_rule(sentence, punctuated)
    if rule.label != "question" or not rule.asks(probability, threshold, cue_threshold):
        return False, "none"
    return True, rule.cue


_OPENER_RE = re.compile(rf"^(?:(?:you know|i mean)\W+)*{_OPENER}(?:(?:you know|i mean)\W+)*")


def _strip_opener(text: str) -> str:
    return text[_OPENER_RE.match(text).end() :]  # type: ignore[union-attr]


def _abandoned(text: str) -> bool:
    """Whether normalised ``text`` (no "?") stops right after its question opening ("is
    that", "how did", "do you think the"): an abandoned question."""
    rest = _strip_opener(text).split()
    if len(rest) <= 2:
        return True
    trailing = _TRAILING_WH if _WH.match(text) else _TRAILING
    return len(rest) <= 6 and bool(trailing.search(text))


def _inverted(text: str) -> bool:
    """Whether normalised ``text`` opens with an inversion of some length and does not trail
    off ("but do you know" and "is it uh" are abandoned)."""
    if len(_strip_opener(text).split()) <= 3:
        return False
    if _WH_INVERSION.match(text):
        return not _TRAILING_WH.search(text)
    return not _TRAILING.search(text) and bool(_AUX_INVERSION.match(text))


def inner_question(sentence: str) -> int | None:
    """Offset in ``sentence`` (unpunctuated text) where an inverted question starts, or None.

    >>> inner_question("oh cool what are your plans after school")
    8
    """
    spaced = _spaced(sentence)
    for match in _INNER_START.finditer(spaced):
        rest = " ".join(spaced[match.end() :].split())
        if _inverted(rest) or _PROMPT.match(rest):
            return len(sentence) - len(spaced[match.end() :].lstrip())
    # A wh-word with an inverted auxiliary needs no discourse word before it ("that's hard
    # work are you doing well what kind of grades do you get").
    for match in _INNER_WH.finditer(spaced, 1):
        rest = " ".join(spaced[match.start() :].split())
        if _inverted(rest) and not _WORD_SEARCH.match(rest):
            return match.start()
    return None


# Words after which an inverted clause is embedded, not asked ("i don't know if you can",
# "that's what we did", "the question is do we …" stays whole too).
_EMBEDDING_WORDS = frozenset(
    [
        "if",
        "whether",
        "that",
        "what",
        "how",
        "when",
        "where",
        "who",
        "whom",
        "why",
        "which",
        "because",
        "than",
        "as",
        "know",
        "knows",
        "knew",
        "wonder",
        "wondering",
        "wondered",
        "see",
        "ask",
        "asked",
        "asking",
        "tell",
        "told",
        "sure",
        "idea",
        "is",
        "was",
        "matter",
        "care",
        "decide",
        "decided",
        "figure",
        "to",
        "i",
        "you",
        "we",
        "they",
        "he",
        "she",
        "it",
        "there",
        "this",
        "do",
        "does",
        "did",
        "don't",
        "doesn't",
        "didn't",
        "is",
        "isn't",
        "are",
        "aren't",
        "was",
        "wasn't",
        "were",
        "weren't",
        "can",
        "can't",
        "could",
        "couldn't",
        "will",
        "won't",
        "would",
        "wouldn't",
        "should",
        "shouldn't",
        "have",
        "has",
        "had",
        "may",
        "might",
        "must",
        "shall",
        "'ll",
        "goes",
        "go",
        "went",
        "said",
        "says",
        "say",
        "like",
        "wondered",
    ]
)
# "what we do is we …", "if i had your …": an inverted-looking clause that agreement or a
# possessive subject shows is not a question.
_NOT_ASKED = re.compile(
    r"^(?:is|was|isn't|wasn't)\s+(?:we|you|they|i)\b|^(?:is|was)\s+that\s+(?:it's|it|you|we|"
    r"they|there|i|he|she)\b|^(?:have|has|had)\s+(?!(?:you|we|they|he|she|i|anyone|anybody)\b)"
)
_OPENER_WORDS = frozenset(
    [
        "so",
        "and",
        "but",
        "okay",
        "ok",
        "well",
        "um",
        "uh",
        "oh",
        "alright",
        "now",
        "then",
        "yeah",
        "right",
    ]
)
_WORD_START = re.compile(r"[\w']+")
# Mid-turn, who/which/where/when open relative clauses more often than questions.
_RELATIVE_START = re.compile(r"(?:who|which|whose|whom|where|when)\b")
# Checks that close a turn in ASR text, where no "?" marks them ("… then we go from there
# sound good"): a question when they end the utterance.
_TAIL_CHECK = re.compile(
    r"(?:^|\s)((?:(?:so|and|okay|ok)\s+)?(?:sound good|sounds good|sound fair|"
    r"is that (?:all right|alright|okay|ok|fair)|does that (?:work|make sense|sound good)|"
    r"how about you|what about you|make sense|fair enough|"
    # "… sam you there", "… you still with me": not "see you there", "with you there"
    r"(?:are\s+)?(?<!see\s)(?<!meet\s)(?<!get\s)(?<!take\s)(?<!bring\s)(?<!send\s)"
    r"(?<!put\s)(?<!with\s)(?<!of\s)(?<!to\s)(?<!for\s)(?<!at\s)(?<!thank\s)(?<!and\s)"
    r"you (?:still )?(?:there|with me)))$"
)


# "i gotta ask | is that …", "let me ask you | do you …": a direct question announced, not
# embedded ("i asked if …", "ask them whether …" stay whole).
_ASK_DIRECT = re.compile(
    r"\b(?:to|gotta|wanna|let me|lemme|can i|could i|may i|must|just|i'll)\s+ask"
    r"(?:\s+(?:you|ya))?(?:\s+(?:real quick|quickly|this|something))?$"
)
# last words of an announcement that are also embedding words
_ASK_WORDS = frozenset({"ask", "you", "this"})
# A reversed tag ("… are you", "… did they") followed by a new clause ("i swear …").
_TAG_THEN_CLAUSE = re.compile(
    r"^((?:are|is|was|were|do|does|did|have|has|had|can|could|will|would|should)\s+"
    r"(?:you|we|they|he|she|it|there))\s+(?:i|we|they|he|she|i'm|we're|they're|it's|that's|"
    r"i've|we've|i'd)\s+\w"
)
_NEGATED = re.compile(r"(?:\bnot|\bnever|n't)\b")
# "you're not the one who ran it are you", "they haven't called yet have they": a positive
# tag after a negated statement asks for confirmation (text without punctuation).
_REVERSE_TAG = re.compile(
    r"\s(?:are|is|was|were|do|does|did|have|has|had|can|could|will|would|should)\s+"
    r"(you|we|they|he|she|it|there)$"
)


def _negated_by(text: str, start: int, end: int, pronoun: str) -> bool:
    """Whether ``text[start:end]`` negates a clause whose subject is ``pronoun`` ("you're
    not", "it didn't", "they never"): the statement a reversed tag with that pronoun
    closes ("i didn't do it" has no tag)."""
    subject = re.compile(rf"\b{pronoun}(?:'re|'s|'ve|'d|'ll|'m)?(?:\s+[\w']+){{0,2}}\s*$")
    return any(
        subject.search(text, start, negation.start())
        for negation in _NEGATED.finditer(text, start, end)
    )


def _reverse_tag(text: str) -> bool:
    """Whether normalised ``text`` is a negated statement closed by a positive tag."""
    tag = _REVERSE_TAG.search(text)
    return tag is not None and _negated_by(text, 0, tag.start(), tag.group(1))


# A turn that only accepts ("okay sounds good", "fair enough"): an answer, though the same
# words closing one's own proposal check whether it suits ("… sound good").
_ACCEPTANCE = re.compile(
    r"^(?:(?:oh|okay|ok|yeah|yes|yep|alright|all right|great|perfect|cool|sure|well|"
    r"that|um|uh)\s+)*(?:sounds good|sounds great|sounds fair|fair enough)$"
)


def _at(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with its start anchors ("^") dropped, to match at a position of a longer
    string (``.match(text, pos, endpos)``) instead of on a copied slice. Only for patterns
    whose "^" stand at the start of top-level alternatives."""
    return re.compile(pattern.pattern.removeprefix("^").replace("|^", "|"))


_OPENER_AT = _at(_OPENER_RE)
_WH_AT = _at(_WH)
_AUX_INVERSION_AT = _at(_AUX_INVERSION)
_WH_INVERSION_AT = _at(_WH_INVERSION)
_TAG_THEN_CLAUSE_AT = _at(_TAG_THEN_CLAUSE)
_WORD_SEARCH_AT = _at(_WORD_SEARCH)
_NOT_ASKED_AT = _at(_NOT_ASKED)
_OPENER_AUX_AT = re.compile(rf"{_OPENER}{_AUX}\b")
# At least four whitespace-separated words from a position on.
_FOUR_WORDS = re.compile(r"\s*\S+\s+\S+\s+\S+\s+\S")
_TOKEN = re.compile(r"\S+")


# A copula and a pronoun right after a content word go on the statement before them when
# that statement names what it specifies ("the trouble with it | is that the shelves …",
# "the nice part | is it has …", "what i liked | was that …"): a specifying "is that", not
# an inverted question. Without such a word in the eight before it, "is that …" after a
# content word is a new question more often (typed chat, run-on turns: "we run three
# depots is that the same for you"); after a discourse word ("so is that …"), "or" (an
# alternative question) or an announcement ("let me ask you is that …") it always is.
_COPULA_PRONOUN = re.compile(r"(?:is|was|are|were)\s+(?:that|it|there|this)\b")
_SPECIFIED = frozenset(
    [
        "thing",
        "things",
        "problem",
        "problems",
        "trouble",
        "issue",
        "issues",
        "point",
        "part",
        "catch",
        "difference",
        "reason",
        "question",
        "idea",
        "fact",
        "truth",
        "news",
        "worry",
        "concern",
        "hope",
        "impression",
        "opinion",
        "feeling",
        "theory",
        "rule",
        "answer",
        "result",
        "goal",
        "key",
        "danger",
        "risk",
        "beauty",
        "irony",
        "evidence",
        "trick",
        "thought",
        "argument",
        "guess",
        "bet",
        "plan",
        "reality",
        "downside",
        "upside",
        "drawback",
        "benefit",
        "advantage",
        "disadvantage",
        "interesting",
        "funny",
        "strange",
        "odd",
        "sad",
        "scary",
        "nice",
        "best",
        "worst",
        "hardest",
        "easiest",
        "only",
    ]
)
_SPECIFIED_WINDOW = 8


def question_starts(sentence: str, copula_veto: bool = True) -> list[int]:
    """Offsets in unpunctuated ``sentence`` (after its first word) where an inverted
    question begins: "hey how's it going can you hear me" -> the offset of "can". A
    discourse word right before it ("and did you …") starts the question; after a word
    that embeds a clause ("if", "what", "know" …) nothing starts, unless the question was
    announced ("i gotta ask | is that …"). After a reversed tag that closes a negated
    statement ("you're not the one who called are you | i swear …") the offset is that of
    the clause after the tag: the statement and its tag stay one unit.

    Linear in the length of ``sentence``: the rules read the whitespace-collapsed text at
    each word's position rather than copies of the rest of it.

    >>> text = "we tried that last year did you try it on the phones"
    >>> [text[i:] for i in question_starts(text)]
    ['did you try it on the phones']
    """
    spaced = _spaced(sentence)
    words = [(m.start(), m.group(0)) for m in _WORD_START.finditer(spaced)]
    # ``norm`` is ``spaced`` with whitespace collapsed and trimmed; ``at[i]`` is where the
    # i-th word starts in it, so ``norm[at[i]:]`` is the rest of the text from that word.
    norm = " ".join(spaced.split())
    at: list[int] = []
    tokens = iter(_TOKEN.finditer(spaced))
    token = next(tokens, None)
    shift = 0 if token is None else token.start()  # spaced offset minus norm offset
    for start, _ in words:
        while token is not None and token.end() <= start:
            following = next(tokens, None)
            if following is not None:
                # one space in ``norm`` stands for the whitespace between two tokens
                shift += following.start() - token.end() - 1
            token = following
        at.append(start - shift)
    trailing = bool(_TRAILING.search(norm))
    trailing_wh = bool(_TRAILING_WH.search(norm))
    starts: list[int] = []
    opened = 0  # norm offset of the last question start (or of the text)
    for index in range(1, len(words)):
        start, _ = words[index]
        previous = words[index - 1][1]
        announced = previous in _ASK_WORDS and bool(
            _ASK_DIRECT.search(" ".join(w for _, w in words[max(0, index - 6) : index]))
        )
        if previous in _EMBEDDING_WORDS and not announced:
            continue
        pos = at[index]
        if (
            copula_veto
            and previous not in _OPENER_WORDS
            and previous != "or"
            and not announced
            and _COPULA_PRONOUN.match(norm, pos)
            and any(w in _SPECIFIED for _, w in words[max(0, index - _SPECIFIED_WINDOW) : index])
        ):
            continue  # "the trouble with it | is that the shelves …": a statement goes on
        tag = _TAG_THEN_CLAUSE_AT.match(norm, pos)
        if tag is not None:
            # "you're not the one who … are you | i swear …": a reversed tag closes the
            # statement before it; the unit is cut after the tag, not before it.
            if _negated_by(spaced, starts[-1] if starts else 0, start, tag.group(1).split()[1]):
                after = words[index + 2][0]  # the clause after the two-word tag
                if not starts or after > starts[-1]:
                    starts.append(after)
                    opened = at[index + 2]
            continue
        wh = _WH_INVERSION_AT.match(norm, pos) is not None
        if not (wh or _AUX_INVERSION_AT.match(norm, pos)):
            continue
        # ``_inverted`` on the rest: more than three words after the opener, not trailing off
        bare_at = _OPENER_AT.match(norm, pos).end()  # type: ignore[union-attr]
        if not _FOUR_WORDS.match(norm, bare_at):
            continue
        if trailing_wh if wh else (trailing or not _AUX_INVERSION_AT.match(norm, pos)):
            continue
        if (
            _WORD_SEARCH_AT.match(norm, pos)
            or _NOT_ASKED_AT.match(norm, pos)
            or _RELATIVE_START.match(norm, pos)
        ):
            continue
        # Still inside a question that opened just before ("how important | is it …").
        # A complete inverted question of three words before it ("how's it going | can
        # you hear me") has closed, though.
        stop = pos - 1 if pos > opened and norm[pos - 1] == " " else pos
        bare = _OPENER_AT.match(norm, opened, stop).end()  # type: ignore[union-attr]
        short = not _FOUR_WORDS.match(norm, bare, stop)
        complete = (
            short
            and len(norm[bare:stop].split()) == 3
            and bool(_WH_INVERSION_AT.match(norm, bare, stop))
        )
        if (
            short
            and (_WH_AT.match(norm, opened, stop) or _OPENER_AUX_AT.match(norm, opened, stop))
            and not complete
        ):
            continue
        begin = words[index - 1][0] if previous in _OPENER_WORDS and index > 1 else start
        if not starts or begin > starts[-1]:
            starts.append(begin)
            opened = at[index - 1] if begin != start else pos
    return starts


def tail_check(sentence: str) -> int | None:
    """Offset of a closing check ("… sound good", "… is that all right") in unpunctuated
    ``sentence``, or None."""
    match = _TAIL_CHECK.search(" ".join(_spaced(sentence).split()))
    if match is None:
        return None
    phrase = match.group(1)
    at = sentence.lower().rfind(phrase.split()[0])
    return at if at >= 0 else None


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
    if (
        _PROMPT.match(text)
        or _PROMPT_OPENING.match(text)
        or _PROMPT_IN_CLAUSE.search(sentence.lower())
    ):
        return "imperative-prompt"
    if _INDIRECT.match(text):
        return "indirect"
    if text.endswith("?"):
        return "punct"
    return None


# A transcriber's note runs from an asterisk that nothing closes to the end of the line
# ("I was there in May. *listen: two utts?", "… across the * spelling: dragged"): it is
# not speech, and its "?" asks nobody (SwDA train+dev: 52 false alarms in 247 rows with a
# note). "*really*" is emphasis, closed on the same line.
_NOTE = re.compile(r"(?:^|(?<=\s))\*(?=\s?\w)(?!.*\*)")


def spoken_end(text: str) -> int:
    """Where the spoken words of ``text`` end: at a transcriber's note, else at its end."""
    note = _NOTE.search(text) if "*" in text else None
    return note.start() if note else len(text)


def _own_statement_before(text: str) -> bool:
    """Whether ``text`` (what the speaker said before a sentence, in the same utterance)
    holds a statement of their own rather than only a reaction ("Oh.", "Yeah, wow.")."""
    return any(
        not is_reaction(text[a:b]) and not is_filler(text[a:b]) and len(text[a:b].split()) >= 3
        for a, b in split_sentences(text)
    )


def _own_row_before(call: Call, utterance: Utterance) -> bool:
    """Whether the utterance right before ``utterance`` is the same speaker's and holds a
    statement of their own (the speaker goes on, then tags it: "I think it opens at nine."
    "Does it?")."""
    index = utterance.index
    if not 0 < index < len(call.utterances) or call.utterances[index] is not utterance:
        return False
    before = call.utterances[index - 1]
    return (
        before.speaker is not None
        and before.speaker == utterance.speaker
        and _own_statement_before(before.text)
    )


def _answered(call: Call) -> frozenset[str]:
    """Ids of utterances that the next speaker answers with yes or no."""
    turns = call.utterances
    return frozenset(
        this.id
        for this, following in itertools.pairwise(turns)
        if following.speaker != this.speaker and _YES_NO_ANSWER.match(_normalise(following.text))
    )


# Comprehension checks that a speaker tosses into their own talk: questions only when they
# wait for the answer, i.e. end the utterance.
_CHECKS = frozenset(
    {
        "does that make sense",
        "make sense",
        "makes sense",
        "you know what i mean",
        "know what i mean",
        "see",
        "you see",
        "right",
        "okay",
        "ok",
        "you with me",
        "with me so far",
        "are you with me",
        "follow me",
        "you follow",
        "got it",
        "does that help",
        "fair",
        "cool",
    }
)


def is_check(sentence: str) -> bool:
    """Whether ``sentence`` is a comprehension check ("Does that make sense?", "See?")."""
    return " ".join(_normalise(sentence).replace("?", " ").split()) in _CHECKS


def is_punctuated(call: Call) -> bool:
    """Whether the transcript uses sentence punctuation (so a missing "?" means something)."""
    return any(mark in u.text for u in call.utterances for mark in ".?!")


def _glue_single_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Units with a one-word unit joined to the one before it (a closing "right" or "huh"
    is the tag of the question before it; a lone "so" asks nothing), and so is a unit that
    opens with who/which/where/when: mid-turn, that is a relative clause ("the people who
    run it") more often than a question."""
    glued: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        if glued and (len(piece.split()) == 1 or _RELATIVE_START.match(piece.lower())):
            glued[-1] = (glued[-1][0], end)
        else:
            glued.append((start, end))
    return glued


# The second stage (model ``question_context``, trained by scripts/train_question_context.py
# on MRDA, CC BY 4.0, lower-cased without punctuation; since 1.6 it decides unterminated
# sentences of punctuated text, and ``question_asr_context`` below text without it):
# the text model's probability, the lexical rule's verdict and cue, and the context a
# transcript without "?" still has — where the unit sits in its turn, whether the same
# speaker goes on, and how the next speaker starts (an answer "yes", "no", a backchannel).
CONTEXT_MODEL = "question_context"
# Text without punctuation is decided by a newer pair (scripts/train_question_asr.py): a
# text model over the *units* of MRDA text without punctuation (``question_asr``) and a
# context model of the same features fitted on its out-of-fold logits
# (``question_asr_context``). The 1.4 pair above (``question`` + ``question_context``) still
# decides unterminated sentences in punctuated text, where it was chosen by CV.
ASR_MODEL = "question_asr"
ASR_CONTEXT_MODEL = "question_asr_context"
_FORM_DECIDES = frozenset({"imperative-prompt", "indirect"})
_CONTEXT_CUES = (
    "wh",
    "aux-inversion",
    "tag",
    "declarative",
    "imperative-prompt",
    "indirect",
    "request",
    "model",
)
_REPLY_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "yes",
        re.compile(r"^(?:(?:oh|well|uh|um)\s+)*(?:yes|yep|yup|yeah|yea|sure|definitely|correct)\b"),
    ),
    ("no", re.compile(r"^(?:(?:oh|well|uh|um)\s+)*(?:no|nope|nah|not really)\b")),
    ("backchannel", re.compile(r"^(?:uh huh|uhhuh|mm hmm|mhm|mm|hmm|right|okay|ok|oh)$")),
    ("filler", re.compile(r"^(?:um+|uh+|well|so|and|but)\b")),
    ("pronoun", re.compile(r"^(?:i|we|it|they|that|it's|that's|there's|i'm|we're)\b")),
)
CONTEXT_FEATURES: tuple[str, ...] = (
    "logit",
    "needs_always",
    "needs_cue",
    *(f"cue_{cue}" for cue in _CONTEXT_CUES),
    "inverted",
    "about_listener",
    "trailing",
    "first_unit",
    "last_unit",
    "next_same",
    "next_other",
    *(f"reply_{kind}" for kind, _ in _REPLY_KINDS),
    "reply_short",
    "words_1",
    "words_2",
    "words_3",
    "words_4_6",
    "words_7_12",
    "words_13",
    "turn_words_13",
    "turn_words_40",
)
_FEATURE_INDEX = {name: i for i, name in enumerate(CONTEXT_FEATURES)}


def _reply_kind(text: str) -> str | None:
    for kind, pattern in _REPLY_KINDS:
        if pattern.match(text):
            return kind
    return None


def context_features(
    call: Call,
    units: Sequence[tuple[Utterance, int, int]],
    probabilities: Sequence[float] | NDArray[np.float32],
    rules: Sequence[Rule],
) -> NDArray[np.float64]:
    """One row of ``CONTEXT_FEATURES`` per unit of an unpunctuated call."""
    following: dict[str, Utterance | None] = {
        u.id: (call.utterances[i + 1] if i + 1 < len(call.utterances) else None)
        for i, u in enumerate(call.utterances)
    }
    features = np.zeros((len(units), len(CONTEXT_FEATURES)), dtype=np.float64)
    for row, ((utterance, start, end), probability, rule) in enumerate(
        zip(units, probabilities, rules, strict=True)
    ):

        def on(name: str, value: float = 1.0, row: int = row) -> None:
            features[row, _FEATURE_INDEX[name]] = value

        p = min(max(float(probability), 1e-4), 1 - 1e-4)
        on("logit", float(np.log(p / (1 - p))))
        if rule.needs in ("always", "cue"):
            on(f"needs_{rule.needs}")
        cue = rule.cue if rule.label != "request" else "request"
        if cue in _CONTEXT_CUES:
            on(f"cue_{cue}")
        text = _normalise(utterance.text[start + rule.offset : end])
        if _inverted(text):
            on("inverted")
        if _ABOUT_LISTENER.match(text):
            on("about_listener")
        if _TRAILING.search(text):
            on("trailing")
        if start == 0:
            on("first_unit")
        if end >= len(utterance.text.rstrip()):
            on("last_unit")
            nxt = following[utterance.id]
            if nxt is not None and nxt.speaker == utterance.speaker:
                on("next_same")
            elif nxt is not None:
                on("next_other")
                reply = _normalise(nxt.text)
                kind = _reply_kind(reply)
                if kind is not None:
                    on(f"reply_{kind}")
                if len(reply.split()) <= 3:
                    on("reply_short")
        words = len(text.split())
        bucket = (
            "words_1"
            if words <= 1
            else "words_2"
            if words == 2
            else "words_3"
            if words == 3
            else "words_4_6"
            if words <= 6
            else "words_7_12"
            if words <= 12
            else "words_13"
        )
        on(bucket)
        turn_words = len(utterance.text.split())
        if turn_words >= 13:
            on("turn_words_13")
        if turn_words >= 40:
            on("turn_words_40")
    return features


@register
class QuestionDetector(Detector):
    """Questions asked by anyone; ``speaker_role`` says whether the rep or prospect asked."""

    name: ClassVar[str] = "question"
    version: ClassVar[str] = "1.15"
    description: ClassVar[str] = "Sentences that ask a question (punctuated or ASR text)."

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        # None = the thresholds calibrated on MRDA dev, stored with the model.
        # segment: cut unpunctuated utterances into units with the boundary model.
        return {
            "model": "question",
            "threshold": None,
            "threshold_unpunctuated": None,
            "segment": True,
            "segment_threshold": None,
            "segment_min_words": 4,
            # 1.15: a copula and a pronoun right after a content word ("the trouble with it
            # is that the …") do not start a question inside an unpunctuated unit.
            "copula_veto": True,
            # Without punctuation: decide with the context model (question_asr_context).
            "context": True,
            "context_threshold": None,
            # Text without punctuation: the text model and the context model reading its
            # logit (trained together).
            "model_unpunctuated": ASR_MODEL,
            "context_model": ASR_CONTEXT_MODEL,
            # Punctuated text: a sentence the transcriber left without an end mark ("so
            # you have a boat or,") is also asked when the context model's probability
            # reaches this (None: off). 0.5 from 5-fold CV on SwDA (flat over 0.45-0.6).
            "context_unterminated": 0.5,
        }

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

    def _text_model(self, punctuated: bool) -> str:
        """The text model: the context model reads its own (``model_unpunctuated``)."""
        if punctuated or not self.params["context"]:
            return str(self.params["model"])
        return str(self.params["model_unpunctuated"])

    def _units(self, call: Call, punctuated: bool) -> list[tuple[Utterance, int, int]]:
        """(utterance, start, end) of every sentence; without punctuation, of every unit
        the boundary model cuts a run-on utterance into."""
        if punctuated or not self.params["segment"]:
            result = []
            for utterance in call.utterances:
                spoken = spoken_end(utterance.text)
                for start, end in split_sentences(utterance.text):
                    end = start + len(utterance.text[start : min(end, spoken)].rstrip())
                    if end > start:
                        result.append((utterance, start, end))
            return result
        min_words = int(self.params["segment_min_words"])
        units = split_unpunctuated_many(
            [u.text for u in call.utterances], self.params["segment_threshold"], min_words
        )
        result = []
        for utterance, spans in zip(call.utterances, units, strict=True):
            if len(spans) == 1 and len(utterance.text.split()) < min_words:
                # A short utterance is already one unit: looking for a question start
                # inside it finds restarts ("i don't i don't …") more often than questions.
                result.append((utterance, *spans[0]))
                continue
            for start, end in _glue_single_words(utterance.text, spans):
                text = utterance.text[start:end]
                cuts = [
                    start + offset
                    for offset in question_starts(text, bool(self.params["copula_veto"]))
                ]
                tail = tail_check(text) if end == len(utterance.text.rstrip()) else None
                if tail is not None and start + tail > (cuts[-1] if cuts else start):
                    cuts.append(start + tail)
                bounds = [start, *cuts, end]
                # a unit cut before a question start ends at its last word, not the space
                result.extend(
                    (utterance, a, a + len(utterance.text[a:b].rstrip()))
                    for a, b in itertools.pairwise(bounds)
                    if utterance.text[a:b].strip()
                )
        return result

    def unit_rules(
        self, call: Call, punctuated: bool
    ) -> tuple[list[tuple[Utterance, int, int]], NDArray[np.float32], list[Rule]]:
        """The units of ``call``, their text-model probabilities and their lexical rules
        (without punctuation, a yes/no-answered statement about the listener is promoted to
        ``answered`` unless the context model decides)."""
        spans = self._units(call, punctuated)
        if not spans:
            return [], np.zeros(0, dtype=np.float32), []
        texts = [u.text[start:end] for u, start, end in spans]
        model = load_model(self._text_model(punctuated))
        # One batch for the whole call: vectorising sentence by sentence is ~50x slower.
        probabilities = model.predict_proba(texts)[:, model.classes.index("yes")]
        rules = [question_rule(text, punctuated) for text in texts]
        if punctuated:
            for index, ((utterance, start, end), text) in enumerate(zip(spans, texts, strict=True)):
                if (
                    start == 0
                    and end >= len(utterance.text[: spoken_end(utterance.text)].rstrip())
                    and _RHETORICAL.match(_normalise(text))
                ):
                    rules[index] = Rule("always", "rhetorical", label="rhetorical")
        if not punctuated:
            for index, (utterance, _, _) in enumerate(spans):
                if rules[index].cue == "tag" and _ACCEPTANCE.match(_normalise(utterance.text)):
                    # "yeah sounds good" as a whole turn accepts what the other side said
                    rules[index] = _NEVER
            # A whole utterance that is only a reaction in question form ("oh are they",
            # "you did", "is that right") or a request to repeat ("sorry what"): without
            # "?" its mark cannot tell, but such words alone are an echo or repair more
            # often than an asked question.
            for index, ((utterance, start, end), text) in enumerate(zip(spans, texts, strict=True)):
                kind = _bare_reaction_kind(text)
                if (
                    kind is not None
                    and rules[index].needs != "never"
                    and start == 0
                    and end >= len(utterance.text.rstrip())
                ):
                    rules[index] = Rule("always", kind, label=kind)
        return spans, probabilities, rules

    def _unterminated(
        self,
        call: Call,
        spans: Sequence[tuple[Utterance, int, int]],
        rules: Sequence[Rule],
        threshold: float,
    ) -> dict[int, float]:
        """Index and probability of every sentence that ends without ".", "?" or "!" (cut off,
        trailing into a comma) that the context model, deciding as in text without
        punctuation (a yes/no reply, the unit's place in its turn), finds asked. The
        transcriber marked nothing, so context is all there is."""
        open_units = [
            i
            for i, ((utterance, start, end), rule) in enumerate(zip(spans, rules, strict=True))
            # an abandoned opening ("how did you,") may have been the whole question
            if (rule.label == "fragment" or (rule.label == "question" and rule.needs != "always"))
            and not _TERMINATED.search(utterance.text[start:end])
            and not _lone_wh_trailing(utterance.text[start:end])
        ]
        if not open_units:
            return {}
        texts = [asr_text(spans[i][0].text[spans[i][1] : spans[i][2]]) for i in open_units]
        model = load_model(self.params["model"])
        probabilities = model.predict_proba(texts)[:, model.classes.index("yes")]
        # Offsets of a question start inside the unit refer to the stripped text: dropped.
        bare = [question_rule(text, punctuated=False) for text in texts]
        bare = [Rule(rule.needs, rule.cue, 0, rule.label) for rule in bare]
        scores = load_dense(CONTEXT_MODEL).predict_proba(
            context_features(call, [spans[i] for i in open_units], probabilities, bare)
        )
        return {
            i: float(score)
            for i, rule, score in zip(open_units, bare, scores, strict=True)
            if rule.needs != "never" and rule.label == "question" and score >= threshold
        }

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        punctuated = is_punctuated(call)
        spans, probabilities, rules = self.unit_rules(call, punctuated)
        if not spans:
            return []
        threshold, cue_threshold = self._thresholds(punctuated)
        use_context = not punctuated and bool(self.params["context"])
        if use_context:
            stage = load_dense(self.params["context_model"])
            chosen = self.params["context_threshold"]
            context_threshold = stage.threshold if chosen is None else float(chosen)
            scores = stage.predict_proba(context_features(call, spans, probabilities, rules))
        # Without punctuation a statement answered with yes/no may have been asked; with
        # punctuation the missing "?" says the transcriber heard a statement.
        answers = frozenset() if punctuated or use_context else _answered(call)
        lifted: dict[int, float] = {}
        if (
            punctuated
            and self.params["context"]
            and self.params["context_unterminated"] is not None
        ):
            lifted = self._unterminated(
                call, spans, rules, float(self.params["context_unterminated"])
            )
        findings = []
        for index, ((utterance, start, end), probability, rule) in enumerate(
            zip(spans, probabilities, rules, strict=True)
        ):
            text = utterance.text[start:end]
            confidence = float(probability)
            if use_context:
                if rule.needs == "never":
                    continue
                # Requests to explain and indirect questions ("tell me about …", "i'm
                # wondering if …") are rare in meetings; their form decides, as before.
                if scores[index] < context_threshold and not (
                    rule.needs == "always" and rule.cue in _FORM_DECIDES
                ):
                    continue
                confidence = float(scores[index])
            else:
                if (
                    rule.needs == "model"
                    and utterance.id in answers
                    and end == len(utterance.text.rstrip())
                    and _ABOUT_LISTENER.match(_normalise(text))
                ):
                    rule = Rule("always", "answered")
                asked = rule.asks(float(probability), threshold, cue_threshold)
                if index in lifted and (rule.label == "fragment" or not asked):
                    rule, confidence = Rule("always", "context"), lifted[index]
                elif not asked:
                    continue
            if rule.label == "echo" and (
                _own_statement_before(utterance.text[:start])
                or (not utterance.text[:start].strip() and _own_row_before(call, utterance))
            ):
                # "It's not in Dallas. Is it?": a tag on the speaker's own statement asks
                # for confirmation; only a reaction to the other side is an echo.
                rule = Rule("always", "tag")
            if rule.label == "question" and is_check(text) and end < len(utterance.text.rstrip()):
                continue  # "…, does that make sense? So the next screen …": no pause
            findings.append(
                self.finding(
                    rule.label,
                    [Evidence.of(utterance, start + rule.offset, end)],
                    confidence,
                    speaker_role=context.roles.role_of(utterance.speaker),
                    cue=rule.cue,
                )
            )
        return findings
