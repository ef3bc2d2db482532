"""Open vs closed questions.

Each question found by the ``question`` detector is labelled "open" (invites the other
person to explain: what/how/why, "tell me about …") or "closed" (answerable with yes/no,
a choice, or confirming a statement). ``subtype`` says which form was recognised:

- ``wh`` — what / why / who / where / when / which question ("what's driving that?")
- ``how`` — how question ("how does month-end close work today?")
- ``prompt`` — a request to explain ("tell me about …", "walk me through …")
- ``yes-no`` — starts with an auxiliary ("do you …", "is it …", "can we …")
- ``either-or`` — a yes-no frame offering alternatives ("is it a or b?")
- ``tag`` — a statement with a confirmation tag ("…, right?", "…, isn't it?")
- ``declarative`` — a statement asked as a question ("so you're on salesforce?")
- ``open-or`` — a question trailing off in "or?" / "or-" ("do you have a plan, or?"): open,
  the speaker leaves the alternatives to the other person
- ``scale`` — a scaling question ("on a scale of 1 to 10, how ready …?"): closed, it asks
  for a number

Rules only; works on lower-case unpunctuated ASR text. Count questions ("how many reps
…", "how old …") ask for a fact, so they count as closed (the MITI convention) with
subtype ``how``; "how much / how long / how often" invite an account of the situation and
count as open (the AnnoMI annotators label them open more often than closed: 21 of 38 on
AnnoMI train). A request to explain ("tell me about …") is open wherever it sits in the
sentence, and "any other …" / "anything else …" invitations are open. An auxiliary frame
that embeds a wh-clause or an explain-verb ("can you walk me through …", "do you have a
sense of what …") is a polite open question, but "do you know / understand how …" stays
a yes-no question (it asks whether the person knows). A wh-word left in place at the end
("… would be what?") asks openly; "what time / what year …" asks for a fact (closed, like
"when"). In text without punctuation a question found at its auxiliary is read with the
wh-phrase left just before it (``wh_lead``). 1.3: a who/where/when/which question that asks
for the person's view or a hypothetical ("where do you think the rollout should begin?",
"who would you bring in …") is open; "what's … name" asks for a fact; a permission frame
("is it okay if I ask about how …") and an offer ("would you like to go over how …")
stay yes-no; "if you could tell me …" is a prompt wherever it sits; a scale's anchors ("0
being …") later in the question's sentence make it a scaling question; a "when you …" /
"where you …" clause is subordinate, not a question. 1.4: an offer stays yes-no even when
it names a prompt ("would you like to walk through the renewal terms?"), a proposal ("how
about we pick this up on Friday?") is yes-no unless it asks the person to explain ("how
about you share with us how the board reacted?"), and "share with me / us" is a prompt.
Each rule added in 1.2 to 1.4 was kept only where it raised the 5-fold cross-validated
AnnoMI score (docs/evaluation/question_type.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from callcoach.detectors.base import DetectionContext, Detector
from callcoach.detectors.question import ASKING_LABELS
from callcoach.detectors.registry import register
from callcoach.model import Call, Finding


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")

# Words that open a turn without changing what is asked ("so, um, what …").
_LEAD_IN = _set(
    "so and but or okay ok well um uh uhm er erm oh now then alright right yeah yes no "
    "mm hm hmm huh also just like look listen actually anyway great good cool"
)
# Two-word lead-ins; "you" or "i" alone starts a statement ("you could have …").
_LEAD_IN_PAIRS = frozenset(
    {
        ("you", "know"),
        ("i", "mean"),
        ("i", "guess"),
        ("i", "wonder"),
        ("i", "think"),
        ("i'm", "wondering"),
        ("i'm", "curious"),
        ("i", "wondered"),
    }
)
# An open wh-word right after one of these inside a yes-no frame makes the question open:
# "do you have a sense of what …", "can you tell me how …", "do you know why …".
_EMBED_BEFORE = _set("of me about explain describe see sure idea")
_WH = _set(
    "what why who whom whose where when which whats what's why's who's what'd what're "
    "what've why'd who'd where'd where's when'd"
)
_WH_OPEN = _set("what why whats what's why's what'd what're what've why'd")
_HOW = _set("how how's hows how'd how're how've")
_HOW_CLOSED = _set("many old soon big large")
_AUX = _set(
    "do does did is are was were have has had can could will would should shall may might "
    "must am don't doesn't didn't isn't aren't wasn't weren't haven't hasn't hadn't can't "
    "couldn't won't wouldn't shouldn't"
)
_PROMPT = _set("tell walk talk describe explain share help elaborate expand say fill filling")
# What follows a prompt verb when it asks for an explanation ("tell me", "walk us through",
# "describe what", "say more").
_PROMPT_OBJECT = _set("me us about what how why more a the your through")
# Prompt verbs that ask for an explanation whatever follows ("describe the process").
_SELF_PROMPTS = _set("describe explain elaborate expand")
_TAGS = (
    ("right",),
    ("correct",),
    ("yeah",),
    ("yes",),
    ("okay",),
    ("ok",),
    ("no",),
    ("huh",),
    ("eh",),
    ("true",),
    ("is", "that", "right"),
    ("is", "that", "correct"),
    ("am", "i", "right"),
    ("does", "that", "make", "sense"),
    ("you", "know"),
)
_TAG_AUX = _set(
    "isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't won't wouldn't "
    "can't couldn't shouldn't"
)
_CLAUSE = re.compile(r"[,;:]|\s[-–—]+\s?|--")
# Shorter comma pieces are tags or fragments ("…, isn't it?", "…, right?").
_MIN_CLAUSE_WORDS = 3
# "…, or?" / "… or--": a question that trails off in "or".
_TRAILING_OR = re.compile(r"\bor\s*(?:\?|[-–—…]+\??|\.\.\.)\s*$", re.IGNORECASE)
# Words before a final "what" that make it no question word ("… or what", "you know what").
_NOT_IN_SITU = _set("or know guess")
_SENTENCE_END = re.compile(r"[.?!]")
# How far back (in words) the wh-phrase of a question may start.
_LEAD_WINDOW = 5
_SUBJECTS = _set("i you he she it we they me him her us them that this there")
_CLAUSE_SUBJECTS = _set("i you we they he she")
_OPINION_MODAL = _set("would could should might")
_MODAL = _set("can could would will might may")
_FACT_NOUNS = _set("time year day date age")
_NUMBER_WORDS = _set("zero one five ten hundred")
_SUGGEST_SUBJECTS = _set("we i you if")
_PROMPT_GERUNDS = _set("telling walking talking describing explaining sharing")
# Words between "talk to me" and "about" in a prompt ("talk to us a little more about").
_TALK_HEDGES = _set("a little bit more")
_PRONOUNS = _set("it i you he she we they that there this")


@dataclass(frozen=True)
class QuestionForm:
    """The open/closed decision for one question and the form that decided it."""

    type: str
    subtype: str


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (curly apostrophes normalised)."""
    return _WORD.findall(text.lower().replace("’", "'"))


def _strip_lead_in(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1:
        if words[i] in _LEAD_IN:
            i += 1
        elif tuple(words[i : i + 2]) in _LEAD_IN_PAIRS and i < len(words) - 2:
            i += 2
        else:
            break
    return words[i:]


def _has_tag(words: list[str]) -> bool:
    for tag in _TAGS:
        if len(words) > len(tag) + 2 and tuple(words[-len(tag) :]) == tag:
            return True
    # "…, isn't it?", "…, don't you?"
    return len(words) > 4 and words[-2] in _TAG_AUX and words[-1] in _PRONOUNS


def _is_prompt(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` asks for an explanation: "tell me", "walk us through", "describe
    …" (not "would it help if …")."""
    if words[i] not in _PROMPT:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    after = words[i + 1 : i + 4]
    if words[i] == "talk" and following == "to":
        # "talk to me (a bit) (more) about …" asks to explain; "talk to your doctor" does not.
        rest = words[i + 2 : i + 8]
        if not rest or rest[0] not in ("me", "us"):
            return False
        k = 1
        while k < len(rest) and rest[k] in _TALK_HEDGES:
            k += 1
        return k < len(rest) and rest[k] == "about"
    if words[i] == "say":
        # "say more about …", "say a bit more"; not "say, the last month" (for example).
        return following == "more" or (following in ("a", "something") and "more" in after)
    if words[i] == "share" and after[:2] in (["with", "me"], ["with", "us"]):
        # "share with us how …" asks; "share with you" offers.
        return True
    if words[i] in ("fill", "filling"):
        return after[:2] in (["me", "in"], ["us", "in"])
    return words[i] in _SELF_PROMPTS or following in _PROMPT_OBJECT


def _asked_to_explain(words: list[str], i: int) -> bool:
    """A prompt after "you" and a modal anywhere in the clause: "if you could tell me …",
    "maybe you can walk me through …", "I wonder if you'd describe …"."""
    before = words[i - 2 : i]
    polite = (
        (before[0] == "you" and before[1] in _MODAL)
        or (before[1] == "you" and before[0] in _MODAL)
        or before[1] in ("you'd", "you'll")
    )
    return polite and _is_prompt(words, i)


def _asks_opinion(words: list[str]) -> bool:
    """A who/where/when/which question about the person's view or a hypothetical: "… do
    you think …", "… would you …"."""
    body = words[1:6]
    return any(
        body[j : j + 3] == ["do", "you", "think"]
        or (body[j] in _OPINION_MODAL and "you" in body[j + 1 : j + 3])
        for j in range(len(body))
    )


def _embeds_open(words: list[str]) -> bool:
    """An auxiliary frame around an open request: "can you tell me …", "do you know why …"."""
    body = words[1:]
    # "can I share …", "may we explain …" offer something; they do not ask.
    if body[0] in ("i", "we"):
        return False
    # "is it okay if I ask you about how …", "would you mind if we talk about what …" ask
    # permission for the speaker's own move.
    if any(body[j] == "if" and body[j + 1] in ("i", "we") for j in range(min(6, len(body) - 1))):
        return False
    # "would you like to go over how …", "do you want to talk more about it" offer an
    # activity; they do not ask to explain.
    if body[:3] in (["you", "like", "to"], ["you", "want", "to"]) or body[:2] == ["you", "wanna"]:
        return False
    if any(_is_prompt(body, i) for i in range(min(4, len(body)))):
        return True
    if "or" in body:
        return False
    return any(
        (w in _WH_OPEN or w in _HOW) and body[i - 1] in _EMBED_BEFORE
        for i, w in enumerate(body)
        if i > 0
    )


def _invites_more(words: list[str]) -> bool:
    """ "anything else …?", "what else …?", "any other …", "any questions": an invitation to
    add, open in the MITI sense."""
    return any(
        (words[i + 1] == "else" and words[i] in ("anything", "what", "something"))
        or (words[i] == "any" and words[i + 1] in ("other", "questions", "thoughts"))
        for i in range(len(words) - 1)
    )


def _asks_for_rating(words: list[str]) -> bool:
    """ "on a scale of 1 to 10, how ready are you?": a scaling question asks for a number,
    closed in the MITI sense, whatever wh-word frames it."""
    numbers = [i for i, w in enumerate(words) if w.isdigit() or w in _NUMBER_WORDS]
    if "scale" in words and numbers:
        return True
    # "… zero being not at all, 10 being very": the anchors of a scale.
    return any(i + 1 < len(words) and words[i + 1] == "being" for i in numbers)


def _suggests(words: list[str]) -> bool:
    """ "how about we …", "how about if I …": a proposal, not a wh-question. "How about
    you (, Sam)?" asks the person's side, and "what about if …" a hypothetical."""
    if len(words) < 4 or words[:2] != ["how", "about"] or words[2] not in _SUGGEST_SUBJECTS:
        return False
    return words[2] != "you" or len(words) > 4


def _classify_words(words: list[str]) -> QuestionForm | None:
    """The form of a clause that starts like a question, or None."""
    words = _strip_lead_in(words)
    if not words:
        return None
    if _invites_more(words):
        return QuestionForm("open", "prompt")
    first = words[0]
    if _suggests(words):
        # "how about we pick this up on Friday?": a proposal to accept or decline, unless
        # it proposes that the person explain ("how about we start by you telling me …").
        if any(_is_prompt(words, i) or words[i] in _PROMPT_GERUNDS for i in range(len(words))):
            return QuestionForm("open", "prompt")
        return QuestionForm("closed", "yes-no")
    if first in _HOW:
        if len(words) > 1 and words[1] in _HOW_CLOSED:
            return QuestionForm("closed", "how")
        return QuestionForm("open", "how")
    if first in _WH and first not in _WH_OPEN and len(words) > 1 and words[1] in _CLAUSE_SUBJECTS:
        # "when you get home, …", "where you put it": a subordinate clause, not a question
        # (a wh-question inverts: "when did you …", "where would you …").
        return None
    if first in _WH:
        if first in ("what", "what's") and (
            (len(words) > 1 and words[1] in _FACT_NOUNS) or "name" in words[1:5]
        ):
            # "what time / what year …" asks for a fact, like "when".
            return QuestionForm("closed", "wh")
        if first not in _WH_OPEN and _asks_opinion(words):
            # "where do you think the rollout should begin?", "when would suit you?": the
            # person's view, not a fact.
            return QuestionForm("open", "wh")
        return QuestionForm("open" if first in _WH_OPEN else "closed", "wh")
    if _is_prompt(words, 0):
        return QuestionForm("open", "prompt")
    if first in _AUX and len(words) > 1:
        if _embeds_open(words):
            prompt = any(_is_prompt(words[1:], i) for i in range(min(3, len(words) - 1)))
            return QuestionForm("open", "prompt" if prompt else "wh")
        if "or" in words[2:] and words[-1] != "or" and words[-2:] != ["or", "not"]:
            return QuestionForm("closed", "either-or")
        return QuestionForm("closed", "yes-no")
    return None


def _inner_question(words: list[str]) -> QuestionForm | None:
    """A wh-question inside unpunctuated text ("that's great what do you think you'll study").

    The last open wh-word followed by an auxiliary starts the question; ASR text has no
    boundary before it.
    """
    for i in range(len(words) - 2, -1, -1):
        if (words[i] in _WH_OPEN or words[i] in _HOW) and (words[i + 1] in _AUX or "'" in words[i]):
            # "… what do you …", and contracted "… what's your hunch".
            return _classify_words(words[i:])
    return None


def wh_lead(before: str) -> str:
    """The wh-phrase just before a question that starts at its auxiliary, or "".

    In text without punctuation a question found inside an utterance may start at its
    auxiliary, leaving the wh-phrase behind ("okay what kinds of things | do you like about
    it"); the form is read with it. Only a wh-word followed by at most four words and no
    pronoun or auxiliary counts ("what I said | do you agree" is no wh-question).
    """
    words = tokens(_SENTENCE_END.split(before)[-1])[-_LEAD_WINDOW:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _WH or words[i] in _HOW:
            rest = words[i + 1 :]
            return "" if any(w in _AUX or w in _SUBJECTS for w in rest) else " ".join(words[i:])
    return ""


def classify_question(text: str) -> QuestionForm:
    """Open or closed, with the form that decided it, for one question sentence.

    >>> classify_question("so how does month-end close work today").type
    'open'
    """
    if _TRAILING_OR.search(text) and len(tokens(text)) > 2:
        # A question trailing off in "or?" / "or-" leaves the answer open ("do you have a
        # plan for that, or?"). Unpunctuated text cannot tell it from a cut.
        return QuestionForm("open", "open-or")
    if _asks_for_rating(tokens(text)):
        return QuestionForm("closed", "scale")
    # The last comma clause that starts like a question decides ("um, you know, what made
    # you …"); without commas (ASR text) the whole sentence is one clause.
    clauses = [tokens(c) for c in _CLAUSE.split(text)]
    # A request to explain is open wherever it sits ("tell me about X, and how often").
    for words in clauses:
        stripped = _strip_lead_in(words)
        if len(stripped) > 1 and _is_prompt(stripped, 0):
            return QuestionForm("open", "prompt")
        if any(_asked_to_explain(stripped, i) for i in range(2, len(stripped))):
            return QuestionForm("open", "prompt")
    for words in reversed(clauses):
        if len(words) < _MIN_CLAUSE_WORDS and len(clauses) > 1 and not _invites_more(words):
            continue
        form = _classify_words(words)
        if form is not None:
            return form
    words = tokens(text)
    if len(words) > 2 and words[-1] in _WH_OPEN | _HOW and words[-2] not in _NOT_IN_SITU:
        # A wh-word left in place ("and acting out would look like what?") asks openly.
        return QuestionForm("open", "how" if words[-1] in _HOW else "wh")
    inner = _inner_question(words)
    if inner is not None:
        return inner
    if _has_tag(tokens(text)):
        return QuestionForm("closed", "tag")
    return QuestionForm("closed", "declarative")


@register
class QuestionTypeDetector(Detector):
    """Labels every question "open" or "closed"."""

    name = "question_type"
    version = "1.5.0"
    description = "Open vs closed questions (wh / how / prompt / yes-no / either-or / tag / scale)."
    requires = ("question",)

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {}

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        texts = {u.id: u.text for u in call.utterances}
        findings: list[Finding] = []
        for question in context.of("question"):
            if question.label not in ASKING_LABELS or not question.evidence:
                continue
            evidence = question.evidence[0]
            text = texts[evidence.utterance_id]
            # The quote may be shortened; the tag that decides ("…, right?") is at the end.
            quote = text[evidence.char_start : evidence.char_end]
            lead = wh_lead(text[: evidence.char_start])
            form = classify_question(f"{lead} {quote}" if lead else quote)
            if form.type == "open" and _asks_for_rating(
                tokens(_from_sentence(text, evidence.char_start))
            ):
                form = QuestionForm("closed", "scale")
            findings.append(
                self.finding(
                    form.type,
                    [evidence],
                    _CONFIDENCE[form.subtype],
                    subtype=form.subtype,
                    speaker_role=question.attributes.get("speaker_role"),
                )
            )
        return findings


def _from_sentence(text: str, start: int) -> str:
    """The text from the start of the sentence holding ``start`` to the end of the turn: a
    scale's anchors may follow the question ("… how ready are you? 0 being …")."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0 :]


# How often each form's open/closed decision is right, rounded from the AnnoMI dev check
# (docs/evaluation/question_type.md); a declarative "question" is the least certain. The
# 1.2 forms use their AnnoMI train+dev rate (open-or 0.73, scale 0.79, rounded down).
_CONFIDENCE = {
    "wh": 0.85,
    "how": 0.85,
    "prompt": 0.8,
    "yes-no": 0.8,
    "either-or": 0.8,
    "open-or": 0.7,
    "scale": 0.75,
    "tag": 0.75,
    "declarative": 0.6,
}
