"""Who runs the call: per-speaker dialogue-structure features for the role guess.

Phrase cues ("our platform", "send me a proposal") find a seller who says one of the phrases
someone wrote down; the seller-voice head reads what a person talks about. Both follow the
topic. What every seller does whatever they sell is a *role in the dialogue*: they ask most
of the discovery questions ("how do you handle…", "what does your team…") and the check-ins
("does that make sense?"), they propose the next step, they name prices, plans, modules and
lead times, they talk about "our customers", they open with the purpose or an agenda, and
they answer the buyer's "how much / how long / does it…" questions. The buyer asks those
questions, says "we/our" about their own business (our team, our budget, our current
system), and accepts or defers the step.

``speaker_features`` counts these per speaker and makes them relative to the call (a
speaker's share of the call's total, less an even share), so a talkative call and a quiet
one, two speakers and five, read alike. Each speaker counts once, however much they talk.
``StructureModel`` is a logistic model over those features (trained by
``callcoach.eval.roles_structure`` on the opened blind batches' gold sides, one row per
speaker); ``roles`` uses it as one more witness (``roles.STRUCTURE``).

Every pattern is general sales-call language written without reading an evaluation call.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from callcoach.model import Call
from callcoach.model.call import count_words

__all__ = [
    "EXTRA",
    "FEATURES",
    "MODEL_PATH",
    "RATES",
    "StructureModel",
    "load_structure_model",
    "speaker_counts",
    "speaker_features",
    "structure_values",
]

MODEL_PATH = Path(__file__).resolve().parent / "detectors" / "models" / "roles_structure.json"

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_WORD = re.compile(r"[\w']+")
_END_MARK = re.compile(r"[.!?]")
_I = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


# A check-in: the seller checking the buyer is still with them.
_CHECKIN = _rx(
    r"\b(?:does (?:that|this|it) (?:make sense|sound (?:good|right|fair)|work for you|help)"
    r"|make sense|sound(?:s)? (?:good|fair|ok|okay|right)|any questions|(?:is )?that clear"
    r"|with me so far|(?:can|could) (?:you|everyone) see (?:my|the) screen|fair enough"
    r"|(?:is|was) that (?:helpful|useful)|how does that sound|you with me|following me"
    r"|does that (?:answer|cover)|all good|right\??$|yeah\??$|okay\??$|ok\??$)"
)
# A question about the product, its price, lead time or fit: the buyer's questions.
_PRODUCT_Q = _rx(
    r"\b(?:how much|what(?:'s| is| are| does| would)? (?:the |your )?(?:price|pricing|cost|fee"
    r"|rate|licen[cs]e|contract|minimum|term)s?|how long (?:does|would|will|did) (?:it|that|this"
    r"|the \w+|implementation|onboarding|setup|set-up|integration|migration|rollout|delivery)"
    r"|(?:does|can|will|would|could) (?:it|this|that|the (?:system|tool|app|platform|software"
    r"|product|module|dashboard)|your \w+)\b|do you (?:guys |folks )?(?:integrate|support|offer"
    r"|have|provide|handle|work with|connect|charge|do)|is there (?:a|an|any) (?:fee|contract"
    r"|minimum|discount|trial|limit|api|integration|setup)|what happens (?:if|when)"
    r"|who (?:else )?(?:uses|do you work with)|how (?:does|do|would) (?:it|that|this|you guys)"
    r" (?:work|handle|compare|integrate)|are there (?:any )?(?:hidden|extra|other) (?:fees|costs))"
)
# Proposing the next step.
_NEXT_STEP = _rx(
    r"\bnext steps?\b|\b(?:let's|let us|shall we|should we|can we|could we|why don't we)"
    r" (?:get|set|book|schedule|put|lock|pencil|plan|find|grab|do|loop|bring|hop|jump|start)\b"
    r"|\bhow (?:about|does|is) (?:monday|tuesday|wednesday|thursday|friday|next week|tomorrow"
    r"|the \d+\w*)|\b(?:does|would|will) (?:monday|tuesday|wednesday|thursday|friday|next week"
    r"|tomorrow|\d{1,2}(?::\d\d)?\s?(?:am|pm)?) (?:work|suit|be ok|be okay)"
    r"|\b(?:I'll|I will|let me|I can|we'll|we will|we can) (?:send|share|shoot|email|forward"
    r"|drop|put together|set up|book|schedule|get you|follow up|circle back|loop)\b"
    r"|\b(?:calendar|meeting) invite\b|\bfollow[- ]up (?:call|meeting|session)\b"
    r"|\bwould you be open to\b|\b(?:trial|pilot|proof of concept|poc)\b"
    r"|\b(?:I'd|I would|I) (?:suggest|recommend|propose)\b|\bmy (?:suggestion|recommendation)\b"
)
# Naming prices, plans, modules, lead times: the seller's side of the commercial talk.
_TERMS = _rx(
    r"\bper (?:user|seat|month|year|location|site|licen[cs]e|head|employee|driver|vehicle"
    r"|device|endpoint|store|unit|transaction)\b|[$£€₹]\s?\d|\b\d[\d,.]*\s?(?:k|dollars|pounds"
    r"|euros|rand|naira|rupees|bucks|grand)\b|\b(?:tier|plan|package|bundle|edition|module"
    r"|add-on|addon|licen[cs]es?|subscription|annual contract|list price|discount)\b"
    r"|\b(?:go live|go-live|up and running|onboarding|implementation) (?:takes|is|usually"
    r"|typically|in)\b|\b(?:takes|take) (?:about |around |roughly |typically )?(?:\d+|a few"
    r"|two|three|four|six|eight) (?:days|weeks|months)\b"
)
# The seller's other customers.
_OUR_CUSTOMERS = _rx(
    r"\b(?:our|my) (?:customers|clients|users|members|partners|accounts)\b"
    r"|\b(?:customers|clients|companies|teams|people|folks) (?:like you|like yours|your size"
    r"|we work with|we've worked with)\b|\b(?:other|most|many|a lot of|some of) (?:our |the )?"
    r"(?:customers|clients)\b|\bwe (?:see|hear) (?:this|that) (?:a lot|all the time|often)\b"
    r"|\bcase stud(?:y|ies)\b"
)
# "we/our" about a product or service being sold.
_WE_PRODUCT = _rx(
    r"\b(?:we|our) (?:offer|provide|integrate|support|built|build|include|guarantee|handle"
    r"|take care of|automate|plug|connect|sync|charge|bill|price)\w*\b"
    r"|\bour (?:platform|product|solution|software|app|tool|system can|dashboard|team will"
    r"|support team|engineers|implementation|onboarding|pricing|api|integration|roadmap"
    r"|service(?:s)? (?:include|cover))\b|\bwe can (?:do|set|show|help|get|give|build|add)\b"
)
# "we/our" about one's own business: the buyer describing their situation.
_WE_BUSINESS = _rx(
    r"\b(?:our|my) (?:staff|team|people|guys|employees|budget|process|current|existing|old"
    r"|boss|manager|cfo|ceo|owner|board|finance|it|procurement|legal|warehouse|office|clinic"
    r"|store|stores|drivers|techs|technicians|nurses|agents|reps|accountant|spreadsheet"
    r"|vendor|provider|contract|system|setup|patients|students|members)\b"
    r"|\bwe(?:'re| are)? (?:currently|still|already) (?:use|using|on|have|do|run|pay)\w*\b"
    r"|\bwe (?:use|struggle|lose|spend|pay|need|have to|had to|tried|switched|looked at"
    r"|are looking|were looking|'re looking)\b|\bright now we\b|\bat the moment we\b"
)
# The purpose or agenda of the call, said near the start.
_PURPOSE = _rx(
    r"\b(?:agenda|the (?:goal|purpose|plan|idea) (?:for|of|today|is)|(?:reason|why) (?:for"
    r" )?(?:my|this|the|I'm|I am) (?:call|calling|reaching)|I'm calling|I am calling"
    r"|reaching out|(?:wanted|want|hoping|going) to (?:walk|show|go through|run through|cover"
    r"|talk (?:you )?through|learn|understand|hear|introduce|share|follow up|touch base|check in)"
    r"|(?:what|things) (?:I'd|I would|we'd|we would) like to (?:cover|do|go over)"
    r"|for (?:today|this call|the next \w+ minutes)|(?:spend|take) (?:a few|five|ten|\d+)"
    r" minutes)\b"
)
_YOU = frozenset(
    (
        "you",
        "your",
        "you're",
        "you've",
        "you'd",
        "you'll",
        "yours",
        "y'all",
        "yourself",
        "yourselves",
    )
)
_WE = frozenset(["we", "our", "we're", "we've", "we'd", "we'll", "ours", "us"])
_I_WORDS = frozenset(["i", "i'm", "i've", "i'd", "i'll", "my", "me", "mine"])

_START_SHARE = 0.2  # "near the start": the first fifth of the call's utterances
_ANSWER_REACH = 2  # an answer is among the next two utterances, by another speaker

#: The per-speaker features, in the model's order. Shares are the speaker's share of the
#: call's total less an even share (1 / speakers); rates are per sentence or per word.
FEATURES: tuple[str, ...] = (
    "questions",  # share of the call's questions
    "discovery",  # share of the other questions: not check-ins, not about the product
    "checkins",  # share of check-in questions
    "product_questions",  # share of the questions about the product, price or lead time
    "answers",  # share of the answers to the other side's product questions
    "next_step",  # share of next-step proposals
    "terms",  # share of sentences naming prices, plans, modules, lead times (not questions)
    "our_customers",  # share of "our customers", "teams like yours"
    "we_product",  # share of "we/our" about a product or service
    "we_business",  # share of "we/our" about one's own business
    "purpose",  # share of purpose/agenda sentences near the start of the call
    "you_rate",  # "you/your" among the speaker's you/we/I words, less the call's mean
    "words",  # share of the call's words
)
#: The same counts as rates: the share of the speaker's own sentences (questions: of their
#: questions) that are of each kind, shrunk toward the call's rate by ``_PRIOR`` sentences
#: (a quiet speaker's few sentences say little) and less the call's rate. A quiet second
#: seller who only answers product questions has a low share but a high rate.
RATES: tuple[str, ...] = (
    "rate_questions",
    "rate_discovery",
    "rate_checkins",
    "rate_product_questions",
    "rate_next_step",
    "rate_terms",
    "rate_our_customers",
    "rate_we_product",
    "rate_we_business",
)
_PRIOR = 5.0
# Kinds of question are rates among the speaker's questions; the rest among their sentences.
_OF_QUESTIONS = frozenset(("discovery", "checkins", "product_questions"))


@dataclass(frozen=True, slots=True)
class _Counts:
    questions: int = 0
    discovery: int = 0
    checkins: int = 0
    product_questions: int = 0
    answers: int = 0
    next_step: int = 0
    terms: int = 0
    our_customers: int = 0
    we_product: int = 0
    we_business: int = 0
    purpose: int = 0
    sentences: int = 0
    you: int = 0
    we: int = 0
    i: int = 0
    words: int = 0


def _is_question(sentence: str) -> bool:
    from callcoach.roles import is_simple_question

    return is_simple_question(sentence)


def _units(texts: Sequence[str]) -> list[list[str]]:
    """The sentences of each text; a text with no end punctuation at all (ASR) is cut into
    sentence-like units by the shipped boundary model, so a run-on turn's questions count."""
    from callcoach.nlp.sentences import split_unpunctuated_many

    bare = [i for i, t in enumerate(texts) if not _END_MARK.search(t)]
    cut = split_unpunctuated_many([texts[i] for i in bare]) if bare else []
    out = [[m.group().strip() for m in _SENTENCE.finditer(t)] for t in texts]
    for i, spans in zip(bare, cut, strict=True):
        if spans:
            out[i] = [texts[i][a:b].strip() for a, b in spans]
    return out


def speaker_counts(call: Call, speakers: Sequence[str]) -> dict[str, dict[str, int]]:
    """Raw counts per speaker (the numerators of ``speaker_features``)."""
    counts: dict[str, dict[str, int]] = {s: dict.fromkeys(_Counts.__slots__, 0) for s in speakers}
    utterances = [u for u in call.utterances if u.speaker in counts]
    units = _units([u.text for u in utterances])
    start_cut = max(3, math.ceil(len(utterances) * _START_SHARE))
    for i, u in enumerate(utterances):
        c = counts[str(u.speaker)]
        asked_product = False
        for sentence in units[i]:
            if not sentence:
                continue
            words = [w.casefold().replace("\u2019", "'") for w in _WORD.findall(sentence)]
            c["sentences"] += 1
            c["words"] += len(words)
            c["you"] += sum(w in _YOU for w in words)
            c["we"] += sum(w in _WE for w in words)
            c["i"] += sum(w in _I_WORDS for w in words)
            if _is_question(sentence):
                c["questions"] += 1
                if _CHECKIN.search(sentence) or len(words) <= 3:
                    c["checkins"] += 1
                elif _PRODUCT_Q.search(sentence):
                    c["product_questions"] += 1
                    asked_product = True
                else:
                    c["discovery"] += 1
            else:
                c["terms"] += bool(_TERMS.search(sentence))
                c["we_product"] += bool(_WE_PRODUCT.search(sentence))
                c["purpose"] += bool(i < start_cut and _PURPOSE.search(sentence))
            c["next_step"] += bool(_NEXT_STEP.search(sentence))
            c["our_customers"] += bool(_OUR_CUSTOMERS.search(sentence))
            c["we_business"] += bool(_WE_BUSINESS.search(sentence))
        if asked_product:
            for reply in utterances[i + 1 : i + 1 + _ANSWER_REACH]:
                if reply.speaker != u.speaker:
                    counts[str(reply.speaker)]["answers"] += 1
                    break
        if not c["words"]:
            c["words"] += count_words(u.text)
    return counts


def speaker_features(call: Call, speakers: Sequence[str]) -> dict[str, dict[str, float]]:
    """Per speaker, the ``FEATURES`` relative to the call (see the module docstring)."""
    counts = speaker_counts(call, speakers)
    even = 1.0 / len(speakers) if speakers else 0.0
    out: dict[str, dict[str, float]] = {s: {} for s in speakers}
    for name in FEATURES:
        if name == "you_rate":
            continue
        total = sum(counts[s][name] for s in speakers)
        for s in speakers:
            out[s][name] = counts[s][name] / total - even if total else 0.0
    rates = {}
    for s in speakers:
        pronouns = counts[s]["you"] + counts[s]["we"] + counts[s]["i"]
        rates[s] = counts[s]["you"] / pronouns if pronouns else None
    known = [r for r in rates.values() if r is not None]
    mean = sum(known) / len(known) if known else 0.0
    for s in speakers:
        rate = rates[s]
        out[s]["you_rate"] = rate - mean if rate is not None else 0.0
    for name in RATES:
        kind = name.removeprefix("rate_")
        base = "questions" if kind in _OF_QUESTIONS else "sentences"
        total_n = sum(counts[s][base] for s in speakers)
        total_k = sum(counts[s][kind] for s in speakers)
        call_rate = total_k / total_n if total_n else 0.0
        for s in speakers:
            n = counts[s][base]
            shrunk = (counts[s][kind] + _PRIOR * call_rate) / (n + _PRIOR)
            out[s][name] = shrunk - call_rate
    return out


#: Inputs beside ``FEATURES`` that the role guess computes anyway: the phrase score and the
#: seller-only phrase score (``roles``; less the call's mean), the seller-voice score (less
#: the mean of the voiced speakers; 0 without one) and whether the speaker has a voice.
EXTRA: tuple[str, ...] = ("phrases", "seller_only", "voice", "has_voice")


def _centred(values: Mapping[str, float], speakers: Sequence[str]) -> dict[str, float]:
    known = [values[s] for s in speakers if s in values]
    mean = sum(known) / len(known) if known else 0.0
    return {s: (values[s] - mean if s in values else 0.0) for s in speakers}


def structure_values(
    call: Call,
    speakers: Sequence[str],
    phrases: Mapping[str, float],
    seller_only: Mapping[str, float],
    voice: Mapping[str, float],
) -> dict[str, dict[str, float]]:
    """Every input of the structure model per speaker: ``FEATURES`` (and ``RATES``) plus
    ``EXTRA`` from the role guess's own phrase and voice scores."""
    values = speaker_features(call, speakers)
    centred = {
        "phrases": _centred(phrases, speakers),
        "seller_only": _centred(seller_only, speakers),
        "voice": _centred(voice, speakers),
    }
    for s in speakers:
        for name, by_speaker in centred.items():
            values[s][name] = by_speaker[s]
        values[s]["has_voice"] = float(s in voice)
    return values


@dataclass(frozen=True, slots=True)
class StructureModel:
    """A logistic model over ``FEATURES`` (plus any extra per-speaker inputs it names):
    ``logit(speaker) = intercept + Σ coef[f] · value[f]``."""

    coef: Mapping[str, float]
    intercept: float
    margin: float  # every speaker's |logit| must reach this for a decision
    meta: Mapping[str, object]

    def logits(self, values: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
        return {
            s: self.intercept + sum(w * row.get(f, 0.0) for f, w in self.coef.items())
            for s, row in values.items()
        }


def load_structure_model(path: Path = MODEL_PATH) -> StructureModel:
    return _load(str(path))


@lru_cache(maxsize=4)
def _load(path: str) -> StructureModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return StructureModel(
        {str(k): float(v) for k, v in data["coef"].items()},
        float(data["intercept"]),
        float(data["margin"]),
        data.get("meta", {}),
    )
