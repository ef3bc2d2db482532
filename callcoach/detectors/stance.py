"""Grammar-level forms of challenge and candor, read with the buyer's previous turn.

The phrase lexicons (``lexicons/challenge.yaml``, ``lexicons/candor.yaml``) know the words
of these moves; the rules here know their shape, so that a new wording of the same move is
found:

Challenge (the rep disputes or reframes what the buyer claimed or planned, in the turn
before or, when that turn only answers the rep, one or two buyer turns earlier):

- *contrastive correction*: "… hauling, not cutting", "more screening, not faster hires",
  "rather than", "less about X than Y" — in a sentence about the buyer's world (their
  words, "your …", or a problem noun), never one about us (a pitch: "it's per seat, not
  per site, with us");
- *concession, then the counter*: "X, sure / true / part of it / I hear you … but Y", where
  Y is about the buyer's situation rather than our product;
- *evidence against the claim*: "when we map / audit …", "what we usually find", "in your
  own numbers", "the ones that do best …" together with a contrast or a comparison;
- *the buyer's plan, and why it will not work*: a sentence that opens with the buyer's own
  plan ("A bonus …", "Cutting rates …", "Bigger servers …") and says what it only / still
  / just does, or what it costs — answering a buyer turn that was a claim or a plan, not
  a question;
- *the premise*: "if it were X, …", "the more expensive choice is …", "the thing with
  waiting is …", "matters less than you'd think", "I'd fix X before paying for Y". (An
  either-or question about the cause was tried and dropped: discovery asks the same way.)

Candor (the rep is upfront about a limit, cost, effort, risk or fit):

- *a no to a capability question*: the buyer asked what the seller or product does, can,
  will or includes (or whether to buy more), and the rep's answer opens with no, not
  (directly / yet / well), only, mostly, probably not, I wish, I don't think so — unless the
  question was about a burden ("is it hard to set up?", "any contract?"), where a no is a
  pitch, or about a competitor or the meeting;
- *first-person limitation*: we / it / our product / the app + don't / can't / won't /
  isn't / only + a capability, never a burden lifted ("we don't charge for that", "it won't
  slow anything down") and never a competitor ("they don't …");
- *the work left on the buyer's side*: "you'd still …", "someone on your team would …",
  "that's on you", "your team has to …";
- *price and terms*: extra, on top, separately, a fee, a minimum, a term you pay out,
  prices going up, higher than what they pay now — not "no fees", "included";
- *an honest opinion with a negative*: honestly / frankly / my honest read + a negation
  or a weakness, never praise;
- *recommending less*: I'd skip / hold off / start with just …, not for a team your size,
  the other option may be the better deal;
- *realism about time, effort and results*: a dip, slower at first, not in the first
  quarter, some won't, weakest part, we had outages.

1.5 adds, each rule named so that the leave-one-call-out selection can switch it off
(``NEW_RULES`` of each detector, ``callcoach.eval.stance_loco``): for challenge, explicit
doubts about the buyer's cause (``doubt``), questions that challenge a claim
(``question``), evidence about the buyer's world with no contrast word right after a claim
(``evidence-plain``) and a short challenge that runs on over its reason (``lead-in``); for
candor, one moment per candid passage (``passage``: a short lead-in, a continuation, a
pointer to another provider), no finding for an announcement with nothing candid after it
(``announcement``) or for a price the buyer asked for (``price-answer``), and the forms
``meta``, ``terms``, ``doing``, ``answer-echo`` and ``answer-upsell``
(docs/evaluation/stance.md).

1.6 adds, again each named: for challenge, evidence from the seller's field or the buyer's
records with no contrast word (``field``), the buyer's option as a multiple of another
(``compare``), a turn the buyer agreed to hear a challenge in, read against all they said
(``invited``, ``invited_turns``), and never a next step or a scheduling line
(``next-step``, ``drop_next_steps``); for candor, ``refuse``, ``not-now``,
``price-compare``, ``means`` and ``plain`` (limits said in plain words), ``not-ours`` (a
limit of the buyer's plan is a challenge) and ``separate`` (a further point is its own
moment).

1.7 keeps only what the strict leave-one-call-out over 20 calls supports: for challenge, a
rep turn that answers the buyer's question is no challenge (``answer``,
``answers_question``); for candor, the refusal family widened to refusing to promise a date
and refusing to spin (``refuse``, ``no_spin``), no finding for a limit named only inside a
wh-clause (``embedded``, ``embedded_only``) and the contract terms the buyer asked for as an
answer (under ``price-answer``, ``answers_terms_question``).

1.9 keeps what the 28-call LOCO (dev + open … open4) supports, each named: for challenge,
advice against the plan the buyer has just stated is a challenge as well as candor
(``advice-plan``), and never a challenge in a turn that plays the buyer's words back
(``playback``), evidence with nothing it shows (``evidence-content``: "That's what we see
too."), a finding whose every sentence is a limit of ours (``own-limit``), or a request to
push back when the challenge follows in the same turn (``announce``); for candor, a no after
a candour marker (``answer-lead``: "Honestly, partly."), a no to a question the buyer
followed with their own context (``asked-earlier``), telling the buyer not to buy
(``not-buy``), an extra charge in the price asked for (``price-extra``) and no finding for a
limit played down (``minimise``: "most of our clients don't even notice").

Every rule reads one sentence of the rep (ASR text without punctuation is one sentence per
turn, or the segments ``split_sentences`` gives). The forms were written from the
definitions of the moves (the sales-call README, the method's "challenge, don't please" and
"be upfront"), widened in three rounds on our own invented exchanges (``tests/data/stance``:
each round on sets already scored blind once) and narrowed on the dev calls' false alarms
and on dialogue that is not a sales call; docs/evaluation/lexical.md has the protocol and
the numbers, with a set never used for a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, ClassVar

from callcoach.detectors._memo import LastCall
from callcoach.detectors._patterns import (
    Lexicon,
    LexiconDetector,
    compile_phrases,
    fold,
    load_lexicon,
)
from callcoach.detectors.base import DetectionContext
from callcoach.errors import DetectorConfigError
from callcoach.model import Call, Evidence, Finding, Utterance
from callcoach.nlp.sentences import split_sentences

__all__ = [
    "HEAD_MODES",
    "HeadSentence",
    "StanceHeadDetector",
    "StanceHit",
    "answers_price_question",
    "answers_question",
    "answers_terms_question",
    "candor_hits",
    "challenge_hits",
    "challenged_limit",
    "check_head_mode",
    "combine_head",
    "drop_next_steps",
    "embedded_only",
    "empty_announcement",
    "extend_short_challenges",
    "follows_claim",
    "head_candidates",
    "head_context",
    "head_scores",
    "head_texts",
    "invited_turns",
    "is_claim",
    "is_question",
    "join_passages",
    "limit_ahead",
    "no_spin",
    "personal_aside",
    "reframes_ours",
    "reply_texts",
    "reply_turn",
    "reply_veto",
    "stance_findings",
]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HEAD = 5  # words: the buyer's plan as the subject ("A second shift …", "Cutting rates …")
_NOVEL = 2  # content words the buyer did not say: a correction brings its own, a playback none
_SHORT_REPLY = 6  # words: "Yeah. Mostly, yeah." answers the rep, the claim is the turn before

_STOPWORDS = """
    a an the and or but so if then than that this these those it its it's is are was were be
    been being am do does did done have has had having i me my we us our ours you your yours
    he him his she her they them their there here what which who whom when where why how all
    any some no not nor only own same too very can will just should would could might may must
    shall of at by for with about against between into through during before after above below
    to from up down in out on off over under again further once more most other such each few
    both well also yeah yes okay ok oh um uh like really actually get got gets going go goes
    thing things lot lots kind sort way want need needs think know mean i'm we're you're it'll
    we'll you'll that's there's don't doesn't didn't won't can't isn't aren't i'd we'd you'd
    let's one two three much many every still even make makes made take takes right now new
    because around about somewhere maybe probably pretty little bit quite almost basically
    literally stuff something anything everything nothing someone anyone everyone people guys
    today yesterday tomorrow sure good great whatever least last first second third next
    dollars dollar bucks percent hours hour minutes minute days day weeks week months month
    years year times time half full thousand hundred million"""
_STOP = frozenset(_STOPWORDS.split())


@dataclass(frozen=True, slots=True)
class StanceHit:
    """A sentence span of a rep turn that carries the move, with the rule that found it."""

    start: int
    end: int
    kind: str
    rule: str


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).lower().replace("\x83", "'"))


@lru_cache(maxsize=16384)  # a call's few hundred words are stemmed thousands of times
def _stem(word: str) -> str:
    word = word.replace("'", "")
    for suffix in ("ing", "ers", "er", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def _content(words: list[str]) -> set[str]:
    return {_stem(w) for w in words if w not in _STOP and len(w) > 2 and not w.isdigit()}


_AUX_START = re.compile(
    r"^(?:(?:so|and|but|okay|ok|um|uh|also|then|well|oh|right)[\s,]+)*"
    r"(?:is|are|was|were|do|does|did|can|could|will|would|should|have|has|any|what|how|why|"
    r"when|where|who|which)\b"
)


def is_question(text: str) -> bool:
    """A question by its mark, or (text without punctuation) by its first word."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return True
    if any(mark in stripped for mark in ".!?"):
        return False
    return bool(_AUX_START.match(stripped.lower()))


_CLAIM_CUE = re.compile(
    r"\b(?:we'll|we will|we're going to|we are going to|we're gonna|we want to|we need|"
    r"we should|let'?s|we're (?:adding|hiring|switching|moving|planning|thinking|looking)|"
    r"i think|i'?m sure|i believe|that'?s why|because|just need|the problem is|the issue is|"
    r"(?:is|are|'s|'re) (?:the )?(?:problem|issue|fine|enough|cheaper|better|worse|too|"
    r"always|never|just|only|slow|lazy|picky|bad|old|unreliable|stubborn)|always|never|"
    r"only makes sense|is a \w+ thing|doesn'?t really|don'?t really|there'?s not much|"
    r"nothing to do|that way|should|will \w+|going to|gonna|plan to|planning to|"
    r"(?:is|are|'s|'re) (?:already |now |just |currently )?\w+ing\b|we're not|we are not|"
    r"(?:we're|we are|it's|that's|we'll be) (?:in )?(?:good shape|fine|covered|safe|okay|all set)|"
    r"(?:more|bigger|another|a second|a new|cheaper)\b|"
    # 1.6: a belief or plan said in the first person
    r"i (?:figured|reckon|assumed)|(?:the|my|our) plan (?:is|was) to)"
)


@lru_cache(maxsize=4096)  # asked ~5 times per distinct turn of a call
def is_claim(text: str) -> bool:
    """The buyer's turn states a belief or a plan (what a challenge answers), not a question."""
    sentences = [text[a:b] for a, b in split_sentences(text)] or [text]
    declarative = [s for s in sentences if not is_question(s)]
    if not declarative or is_question(sentences[-1]):
        return False  # the rep answers a question, not a claim
    body = " ".join(declarative).lower().replace("’", "'")
    return len(_words(body)) >= 4 and bool(_CLAIM_CUE.search(body))


@cache
def _forms(name: str) -> Lexicon:
    return compile_phrases(f"stance-{name}", _FORMS[name])


def _has(name: str, text: str) -> bool:
    return _forms(name).search(text) is not None


def _sentences(text: str) -> Iterator[tuple[int, int, str]]:
    for start, end in split_sentences(text) or [(0, len(text))]:
        yield start, end, text[start:end]


# Phrase forms (``_patterns`` syntax: a space is any gap, an apostrophe is optional).
_FORMS: dict[str, dict[str, list[str]]] = {
    # -- shared -------------------------------------------------------------------------
    "agree": {
        "agree": [
            r"(you'?re|you are|that'?s|that is) (exactly |absolutely |totally |so )?right",
            r"(exactly|absolutely|totally|definitely|of course|great|perfect|love that)",
            r"(i|we) (totally |completely |fully )?(agree|understand)",
            r"(makes|that makes) (total |complete )?sense",
            r"(like|as) you (said|say|mentioned|put it)",
        ]
    },
    "pitch": {
        "pitch": [r"(we(?=[\x27\x83])|we|us|our|ours)"],
    },
    "benefit": {
        "benefit": [
            r"(pays? for itself|roi|save|saves|saving|savings|free|included|includes|love|easy|"
            r"simple|best|great|amazing|perfect|no problem|not a problem|for you|guaranteed|"
            r"zero downtime|no hidden|hassle)",
        ]
    },
    "self": {
        "self": [r"(i(?=[\x27\x83])|i|my|let me|let'?s)"],
    },
    "evidence": {
        "evidence": [
            r"(when|once|every time|whenever) (we|we'?ve|we have) (\w+ ){0,2}(look|looked|map|"
            r"mapped|audit|run|ran|audited|measure|measured|listen|dig|dug|analy[sz]e|review|reviewed|benchmark|"
            r"pull|pulled|break|broke|track|tracked|compare|compared|study|studied)",
            r"what we (usually |typically |often |generally |tend to |actually )?(find|see|hear)",
            r"(in|from) (the|our) (\w+ )?(audits|data|benchmarks|studies|deployments|experience|"
            r"projects|work|numbers|research|reviews)",
            r"(in|from|by|according to) your (own )?(\w+ )?(numbers|data|graphs|reports|survey|"
            r"figures|logs|dashboard|records|reviews|return reasons|exit surveys|tickets)",
            r"the (\w+ ){0,2}(ones|teams|companies|stores|branches|firms|clinics|districts|"
            r"owners|managers|hotels|customers|practices|plants|sites|people) (that|who) "
            r"(do|did|perform|performed|succeed|get|got|grow|grew) (the )?(best|well|better|most)",
            r"(most|many|half|a third|two thirds|nine|all) of the (\w+ ){0,2}(we'?ve|we have|we) "
            r"(trained|seen|worked with|audited|talked to|studied|onboarded|met)",
            r"(teams|companies|firms|shops|clinics|practices|businesses|stores|hotels|"
            r"retailers|kitchens|plants|districts|distributors|\w+s) (your|of your|at your) size",
            r"(in|from|across) the (\w+ ){0,2}\w+s (we'?ve|we have|we) (run|done|sat in on|seen|"
            r"reviewed|looked at|worked on|handled|audited|benchmarked|studied)",
            r"the (ones|people|customers|clients|members|users|buyers|\w+s) (we|we'?ve) (surveyed|"
            r"interviewed|talked to|spoke with|studied|tracked|followed|onboard|onboarded|serve|"
            r"work with|worked with|migrate|migrated|see|saw)",
            r"\w+s like yours",
            r"(looking at|from|in) (the|your) (\w+ ){0,3}you (shared|sent|showed|gave)",
            # a pattern in the buyer's own numbers: "your scores drop the month after every
            # staffing cut", "your losses spike whenever the crews rotate"
            r"your (\w+ ){0,2}(drop|drops|dropped|dip|dips|spike|spikes|spiked|jump|jumps|jumped|"
            r"rise|rises|rose|fall|falls|fell|double|doubles|doubled|climb|climbs|climbed) "
            r"(\w+ ){0,4}(every time|whenever|each time|after every|the (week|month|day|year) "
            r"(after|before))",
            # the buyer's own words or numbers, held against the claim (with a contrast)
            r"you (told me|mentioned|said|showed me|sent me|wrote)\b",
            r"(the )?(\w+ )?(rates?|numbers?|results?) we (see|saw|measure|track)",
            r"(customers|clients|users|buyers|readers|people|patients|guests|members|tenants|"
            r"staff|employees|drivers|reps) (who|that) (\w+ ){1,3}(tell|told|show|showed) us",
            r"^((but|and|so|well),? )?(in practice|in reality|in real life)\b",
            r"at the other \w+ (we|we'?ve) (run|work with|serve|studied|worked with)",
            r"(your|the) (\w+ )?(numbers|data|graphs|return reasons|figures|reviews|logs) "
            r"(say|says|show|shows|tell|tells|point|points)",
        ]
    },
    # 1.6: the seller's own field as the evidence base, any verb ("across the clinics we
    # run", "in the mills we meter"), and the buyer's own data from a third party ("the
    # meter data from your landlord")
    "evidence-field": {
        "field": [
            r"(across|in|at|among|from) (the|our|all the|all our|every one of the) "
            r"(\w+ ){0,2}\w+s (we|we'?ve|we have|i'?ve|i have) (\w+ )?\w+",
            r"(every|each|most of the|all the|all of the|many of the|half (of )?the) "
            r"(\w+ ){0,2}\w+ (we'?ve|we have|i'?ve|i have) (\w+ )?\w+",
            # a generalisation about the buyer's kind of business
            r"(in|across|at|for) (most|the majority of|nearly all|almost all|nine out of ten) "
            r"(\w+ ){0,2}\w+s\b",
            r"(the|your) (\w+ )?(data|numbers|figures|logs|readings|bills|invoices|records|"
            r"reports|statements|exports|samples) (\w+ ){0,2}(from|off|out of) your",
            r"your (own )?(\w+ )?(dashboard|reports?|records|logs|tickets|surveys?|figures|"
            r"timesheets|readings|meter data|invoices|bills|statements|audit|audits) (\w+ )?"
            r"(say|says|show|shows|showed|tell|tells|told|put|puts|have|has|had)\b",
        ]
    },
    # 1.10 (``story``): what happened to others who did what the buyer plans, told as a
    # story ("We had a council start with a sensor in every bin, and after a year …")
    "story": {
        "story": [
            r"(we'?ve got|we have got|we have|we had|i know|i'?ve seen|i have seen|i saw|"
            r"there'?s|there are|there was|there were) (\w+ ){0,5}(who|that|which) (\w+ ){0,2}"
            r"(started|tried|did|went|bought|put|hired|added|rolled|switched|chose|began|decided|"
            r"planned|wanted|thought)",
            r"\w+s (we|i) (work|worked|deal|dealt|partner|partnered) with (\w+ ){0,3}"
            r"(started|tried|did|went|bought|put|hired|added|rolled|switched|chose|began|decided)",
            r"(one|two|three|four|a few|several|some|a couple) of (our|the|my) (\w+ ){0,2}\w+s "
            r"(\w+ ){0,3}(started|tried|did|went|bought|put|hired|added|rolled|switched|chose|"
            r"began|decided)",
        ]
    },
    "story-outcome": {
        "outcome": [
            r"(turned out|found (that|out)?|ended up|the opposite|told them nothing|"
            r"after (a|one|the first|two|three|four|six|nine|twelve|\w+) (season|seasons|year|"
            r"years|month|months|weeks|quarter|quarters)|(didn'?t|did not|never|wasn'?t|weren'?t|"
            r"hadn'?t) (help|work|move|change|come|save|pay|fix|make|go)|still (had|lost|got|paid|"
            r"ran|missed|took)|(all|mostly) came from)",
        ]
    },
    # 1.10 (``opposite``): the rep expected what the buyer believes and saw the opposite
    "opposite": {
        "opposite": [
            r"(i'?d have|i would have|i'?d|we'?d have|we would have|i also|i|we) (also )?(said|"
            r"thought|expected|bet|guessed|assumed|figured|reckoned) (the same|so|that|as much)"
            r"( too| myself)?,? but",
            r"the (exact |very )?opposite (happened|is true|was true|is the case|was the case)",
            r"that'?s not what (happened|we saw|we see|they saw|they found|the data)",
        ]
    },
    # 1.6: what the buyer's option is worth against another, told as a multiple ("the
    # leaks cost three times that", "worth twice what the new fridges save")
    "compare": {
        "compare": [
            r"(worth|cost|costs|costing|lose|loses|losing|waste|wastes|wasting|eat|eats|"
            r"leak|leaks|burn|burns|is|are|'s|'re) (\w+ ){0,3}(twice|double|triple|"
            r"(\w+ (or|to) )?(two|three|four|five|ten|\w+) times|(a|one) (tenth|fifth|quarter|"
            r"third|half) of) (that|this|what (you|the|your)|as much as (that|this|the|your))",
        ]
    },
    # 1.6: a next step or a scheduling line is never a challenge, whatever it says on the
    # way ("let's get the draft to your lawyer today, so legal isn't the hold-up"); read
    # on the cleaned sentence
    "next-step": {
        "step": [
            r"^((so|then|okay|ok|and|great|good|perfect|right|alright|well|cool),? )*"
            r"(let'?s|let us|i'?ll|i will|we'?ll|we will|i can|we can|i'?m going to|we'?re "
            r"going to|how about (we|i)|why don'?t (we|i)|shall (we|i)|i'?d (suggest|propose) "
            r"(we|that we)) (also |just |then |quickly |both )?(send|email|get|book|set up|"
            r"schedule|call|ring|put|forward|share|loop|introduce|follow up|circle back|draft|"
            r"write|pull together|ping|meet|talk|reconvene|sync|hop on|jump on|pencil|lock|"
            r"line up|bring|invite|sign|walk|run|start|kick off|hold|block|move|reach out)\b"
            r".*\b(today|tonight|tomorrow|this (week|afternoon|morning|evening)|next (week|"
            r"month|call|meeting)|monday|tuesday|wednesday|thursday|friday|noon|end of (day|"
            r"the week)|in parallel|calendar|invite|\d{1,2}(:\d\d)? ?(am|pm)|o'?clock)\b",
        ]
    },
    # 1.6: the rep asks leave to challenge ("Can I push on that a little?", "Mind if I
    # share something we've seen?"); read on the rep's last sentence
    "invite": {
        "invite": [
            r"(can|could|may|mind if|do you mind if|would you mind if|is it ok(ay)? if|let) "
            r"(i|me) (just |quickly |gently |briefly )?(push|poke|press|pull on|challenge|"
            r"question|(share|tell you|show you) (something|an observation|a (thought|pattern|"
            r"different|quick|number|story|data point|counterpoint)|what (we|i)'?(ve)? (\w+ )?"
            r"(see|seen|find|found|learned|notice|noticed))|(offer|give you|suggest) (a|an|"
            r"another|something) (\w+ )?(view|take|angle|perspective|thought|counterpoint|"
            r"observation|way to look)|play devil|go back to|come back to|revisit|be (honest|"
            r"blunt|direct|frank|straight|contrarian))",
        ]
    },
    # 1.6: what usually happens (read only in a turn the buyer agreed to hear a challenge in)
    "generalisation": {
        "general": [
            r"(most of the time|usually|almost always|nine times out of ten|more often than not|"
            r"typically|nearly always|in practice|as a rule|the pattern is|what happens is)",
        ]
    },
    # an evidence frame that counts only with a contrast: the buyer's own words played back
    "evidence-weak": {
        "weak": [r"you (told me|mentioned|said|showed me|sent me|wrote)\b"],
    },
    "contrast": {
        "contrast": [
            r"but",
            r"not",
            r"n'?t",
            r"(rather|instead) (than|of)",
            r"(more|less|fewer|worse|higher|lower|longer|bigger|cheaper|slower) than",
            r"(versus|compared (to|with)|twice as|half as)",
            r"(only|mostly|just|still|already|anyway|rarely|seldom|actually|usually|tends? to|"
            r"trace back|traces back|come from|comes from|goes up|go up|drops?)",
            r"(symptom|cause|bottleneck|reason|the real)",
            r"(in every case|every time|without exception|nobody|nobody'?s|no one|no one'?s|"
            r"none of|nothing)",
            r"(it'?s|it is) the (\w+ ){1,3}(that|which|who)",
        ]
    },
    # -- challenge ------------------------------------------------------------------------
    "correction": {
        "correction": [
            # "it's about being busy rather than being careless"
            r"(it'?s|it is|that'?s|that is|this is) (really |more |mostly |all )?about (\w+ ){1,4}"
            r"(rather than|more than|not|instead of)",
            # "the visit isn't for the ones you see, it's for the ones you don't"
            r"(isn'?t|is not|'s not|aren'?t|are not|'re not) (about |for )?(\w+('s)? ){1,5}"
            r"(it'?s|it is|they'?re|they are) (about |for )?(the )?\w+",
            # "X, not Y" at the end of the sentence or of a clause
            r", not (a |an |the |your |their |his |her |its )?(\w+ ){0,3}\w+ ?(one|ones)?"
            r"(?=\s*(?:[.;!,]|$))",
            r"(is|are|was|were|'s|'re) (\w+ ){1,4}not (\w+ ){0,2}\w+(?=\s*(?:[.;!]|$))",
            r"not (\w+ ){1,4}but (\w+ ){1,4}",
            r"(less|not so much) (about|of) (\w+ ){1,4}(than|and more|but)",
            r"(issue|problem|question|thing|bottleneck),? not (a|an|the|your) (\w+ ){0,2}"
            r"(issue|problem|question|one|bottleneck)",
            r"(other|opposite) way (round|around)",
            r"(problem|issue|question) more than (a|an) (\w+ ){1,2}(problem|issue|question)",
            r"(rather|more) than (\w+ ){1,3}(difficulty|price|cost|the \w+|people|volume)",
        ]
    },
    "correction-not": {
        "not": [
            r"not (just|only|even|yet|sure|really|at all|a problem|an issue|to worry)",
            r"(whether|if) or not",
            r"not (too|that|so) (bad|hard|much|long|expensive)",
        ]
    },
    "concession": {
        "concession": [
            r"(sure|true|fair|fair enough|granted|agreed|understood|of course|right|yes|yeah)"
            r"(?=\s*[,.;])",
            r"(that'?s|it'?s|those are) (\w+ )?(part|one part|a piece|some) of it",
            r"(is|are) a fact",
            r"i (hear|get|see) (you|that|it|why|the)",
            r"(they|it|you|that) (do|does|did|can|could|will|would|might|is|are)(?=\s*[,.;]|$)",
            r"(sounds|looks|seems|feels) (right|logical|reasonable|like (the )?(answer|fix))",
            r"(on paper|in theory|at first glance)",
            r"(hurts|matters|helps) (everyone|everybody|some|a bit|a little)",
            r"(is|are) (the )?(obvious|natural|usual|first) (move|instinct|answer|step)",
            r"(help|helps) the ones",
        ]
    },
    "intro": {
        "intro": [r"here'?s (the|what) (thing|catch|problem|twist|rub|kicker|i'?d|we see)"],
    },
    "counter": {
        "counter": [
            r"^(but|and still|and yet|yet|still|except|though|however)",
            r"(,|;) (but|and still|and yet|yet|except|though)",
        ]
    },
    "plan-consequence": {
        "consequence": [
            r"(?<!-)(only|just|still|mostly|anyway|already|same|rarely|seldom|never|tends? to|"
            r"would help if|if (\w+ ){1,4}(were|was)|won'?t|doesn'?t|isn'?t|aren'?t|can'?t|"
            r"wouldn'?t|go up|goes up|drop|drops|more expensive|costs? more|cost you more|"
            r"worse|slower|before you'?ve|after you'?ve|with it|instead)",
            r"though(?=\s*(?:[.;!]|$))",
            r"(misses|miss|skips|loses|ignores|catches) (almost |nearly |maybe )?(all|most|"
            r"half|none|every|a third)\b",
        ]
    },
    "premise": {
        "premise": [
            r"(i don'?t|i do not) think (a|an|the|your|more|another|that|this|adding|hiring|"
            r"buying|switching|cutting|raising|dropping) (\w+ ){0,3}(fixes|solves|will fix|"
            r"would fix|is going to fix|changes|will change|addresses|helps with) (that|it|this|"
            r"the)",
            r"(won'?t|will not|wouldn'?t|would not|doesn'?t|does not) (make (it|them|that|this|"
            r"anyone|anybody|people) (\w+er|any \w+er|more \w+)|fix (that|this|it|the "
            r"(\w+ )?problem)|solve (that|this|it|the (\w+ )?problem)|move the (number|needle))",
            r"(might|may) not be (\w+ ){1,4}(you|it|they|the \w+) (might|may) (just )?be",
            # "that's the expensive part", "trains the wrong muscle"
            r"(that'?s|that is|which is) the (expensive|costly|real|hidden|risky|slow) (part|bit|"
            r"problem|cost|one)",
            r"(fix|fixes|fixing|solve|solves|solving|train|trains|training|treat|treats|"
            r"treating|target|targets|address|addresses|attack|attacks|speed|speeds|speeding) "
            r"(up )?the (wrong|short|easy|cheap) (\w+)",
            r"if it (were|was) (really )?(\w+ ){1,3}(,)? (your|the|you'?d|they'?d|it'?d|we'?d)",
            r"(is|'s) the (more|most|real|bigger) (expensive|costly|risky|dangerous) "
            r"(choice|option|path|move|one|thing|bet)",
            r"(you'?ll|you will|you'?d|you would) have paid for (it|this|that|the \w+) "
            r"(twice|already|\w+ times|over)",
            r"(the )?\w+ (i'?d|we'?d) worry about",
            r"(doesn'?t|does not|don'?t) (add up|fit|square with)",
            r"the (expensive|costly|hard|risky|real|hidden|dangerous) (part|cost|risk) is",
            r"(matters?|counts?|helps?|changes?) (a lot |much |far )?(less|more) than (you'?d|you "
            r"would|people|most people|most teams) (think|expect|assume)",
            r"(i'?d|i would) (fix|look at|start with|check|address|sort out) (\w+ ){1,4}before "
            r"(paying|hiring|buying|adding|spending|switching|you (pay|hire|buy|add|spend|switch))",
            r"(the )?(thing|problem|catch|risk|trouble) with (waiting|holding off|doing nothing|"
            r"staying|keeping|putting it off|relying on)",
            r"(or|and) the (\w+ ){0,2}(is|are) (\w+ ){0,2}(pages|weeks|months|years|hours) long",
        ]
    },
    "doubt": {
        # a stated doubt about the buyer's cause or belief, or the data against it
        "doubt": [
            r"(i|i'?m) (really |honestly |just |still )?(doubt|not (so |that |entirely |totally |"
            r"really |at all )?(sure|convinced)) (that )?(\w+ ){0,4}(is|are|was|were|'s|'re) "
            r"(\w+ ){0,2}(why|what|the (real |main |only )?(reason|problem|issue|cause|answer|"
            r"bottleneck|driver|fix))",
            r"i'?d (actually |honestly |gently |respectfully |almost )?(argue|question|dispute|"
            r"challenge) (that|the|whether|it|you|your|you'?ve|you'?re|they|they'?re|we|we'?re)",
            r"i don'?t (really )?(think|buy|believe) (that )?(\w+ ){0,3}(is|are|'s|was|were) "
            r"(fair|true|right|accurate|the (real |main )?(reason|problem|issue|cause|answer))",
            r"(the|your|our) (\w+ )?(data|numbers|figures|logs|records|reviews|surveys?) "
            r"(say|says|show|shows|tell|tells|suggest|suggests) (otherwise|a different story|"
            r"the opposite|something else|something different)",
            r"(that'?s|that is|it'?s|it is) not what (the|your) (\w+ )?(data|numbers|figures|"
            r"logs|records|reviews) (say|says|show|shows)",
            # a cleft that names the real cause: "what the X have in common is …",
            # "where you lose the time is …"
            r"^((but|and|so|well|actually),? )?what (\w+ ){1,4}(have|has) in common is",
            r"^((but|and|so|well|actually),? )?where (you|they|your \w+|the \w+) (really |"
            r"actually )?(lose|loses|lost|spend|spends|waste|wastes|leak|leaks) (\w+ ){0,3}is\b",
        ]
    },
    "challenge-question": {
        # a question that challenges the claim: its premise, or the buyer's own facts
        "question": [
            r"^((so|okay|ok|but|and|well|right),? )*(if|when) (that'?s|that is|they|they'?re|it|"
            r"it'?s|he|he'?s|she|she'?s|you|you'?re|the \w+|those|these|your \w+) (\w+ ){0,8}"
            r"(why|how come|what'?s (behind|causing|driving)|what explains)\b",
            r"^((so|okay|ok|but|and|well),? )*(then )?(why|how come) (did|do|does|is|are|was|"
            r"were|would|has|have) (\w+ ){1,8}(still|go up|went up|get worse|keep|drop|rise)",
            r"how (does|do|would|did) (that|this|it) (square|fit|sit|line up) with",
            r"(what'?s|what is|what) (behind|driving|causing|explains) (\w+ ){1,6}you "
            r"(mentioned|told me|said|showed me)",
        ]
    },
    # -- candor ---------------------------------------------------------------------------
    "capability-question": {
        # what the seller or the product does, includes or will do: a no to it is a limit
        "capability": [
            r"(you|your (\w+ ){0,2}|it|this|that|they|we|the (\w+ ){0,3}(app|tool|system|"
            r"platform|product|software|plan|package|service|module|version|tier|portal|"
            r"machine|device|devices|sensors?|cameras?|dashboard|reports?|api|integration|"
            r"treatment|policy|premium|panels?|ai|course|training|crews?|team|option|edition)) "
            r"(\w+ ){0,2}(do|does|handle|support|work|include|integrate|cover|offer|have|"
            r"connect|sync|run|come with|ship|deliver|replace|fix|track|show|send|file|export|"
            r"import|pull|read|scan|book|manage|process|print|translate|guarantee|match|beat|get "
            r"us|make|give|provide|take over|stop|catch|find|let|double|reduce|save|help|start|"
            r"be (ready|live|done|worth|enough|cheaper|able)|pay for itself)",
            r"(included|extra|available|supported|built in|built-in|part of|covered|compatible|"
            r"accessible|cheaper|faster|worth it|good enough|ready|live by)",
            r"(plug|plugs) (right )?in",
            # advice and outcome questions: a no is a limit on results or a smaller option
            r"should (we|i) (\w+ ){0,2}(go with|buy|get|take|put|add|start|sign|upgrade|choose|"
            r"pick|use|do|switch)",
            r"(will|would|'ll|'d) (\w+ ){0,3}(actually )?(be|change|start|stop|get|see|close|use|"
            r"improve|work|pay|save|help|grow|drop|double) (\w+ ){0,4}(after|by|before|within|"
            r"once)",
            r"can (members|users|customers|clients|tenants|patients|guests|students|parents|"
            r"staff|drivers|reps|people|we|they|our \w+) (\w+ ){0,2}(renew|pay|book|log|use|see|"
            r"get|access|edit|sign|order|track|change|cancel|upload|download|print|share)",
        ]
    },
    "negative-answer": {
        "answer": [
            r"^(no|nope|not)(?! (at all|a problem|bad|to worry|an issue)\b)\b",
            r"(,|^) ?(no|nope|not really|not yet|not today)(?=\s*(?:[.;!]|$))",
            r"^(i|we) (wouldn'?t|would not|won'?t|can'?t|don'?t|couldn'?t)(?=\s*(?:[.;!,]|$))",
            r"^(no|nope|not (really|yet|directly|well|quite|today|exactly|fully|all|every|"
            r"out of the box|for|in|on|with|by itself|next|right now|at the moment|natively))",
            r"^(i )?(don'?t|do not) think so",
            r"^(probably|likely|honestly|sadly|unfortunately) not",
            r"^(unfortunately|sadly|i'?m afraid|i wish)",
            r"^(mostly|partly|partially|some of it|sometimes|most do|most of it|in part)",
            r"^only (if|for|in|with|on|where|when|within|the|from|up to)",
            r"^(it|we|they|that|this) (\w+ )?(doesn'?t|don'?t|can'?t|won'?t|isn'?t|aren'?t|"
            r"wouldn'?t|does not|cannot|will not|is not|are not|would not)",
            r"^(some|a few|many) (won'?t|don'?t|will not|do not|can'?t)",
            r"(,|^) ?(probably|likely|honestly|frankly|realistically|sadly) not(?=\s*(?:[.;!,]|$))",
            r"^(i'?d|i would) plan on",
        ]
    },
    # -- candor 1.5 ------------------------------------------------------------------------
    "meta": {
        "transparency": [
            # the rep says they want the buyer to hear the bad news now
            r"(i'?d|i would) rather you (know|hear|heard|knew|find out|learn) (that|it|this|"
            r"about (it|that|this)) (now|from me|up ?front|today|before)",
        ]
    },
    "terms": {
        "cost": [
            # a term that binds the buyer: "you can't return part of the order"
            r"you (can'?t|cannot|won'?t be able to|aren'?t able to) (return|cancel|downgrade|"
            r"transfer|pause|exit|break|reduce|drop|remove|get out|swap|refund)",
        ]
    },
    # -- candor 1.6 ------------------------------------------------------------------------
    "refuse": {
        "transparency": [
            # no discount offered ("I won't knock the price down to win this"), no promise
            # the buyer's own kit is fine
            r"(i|we) (won'?t|will not|'?m not going to|am not going to|are not going to|'?re not "
            r"going to|wouldn'?t|would not) (\w+ )?(offer|give|do|drop|cut|knock|lower|match|"
            r"discount|budge on|move on|chase) (you )?(\w+ )?(a |any |the |our |on )?(discount|"
            r"price|pricing|rate|number|it down)",
            r"(i'?m not going to|i am not going to|i won'?t|i will not|i can'?t|i cannot) "
            r"(tell|promise) you (that )?(\w+ ){1,4}(is|are|'s|'re|will be|would be) (fine|ok|"
            r"okay|safe|enough|perfect|all right|alright|good enough|going to last)",
        ]
    },
    # -- candor 1.7 ------------------------------------------------------------------------
    # the rep will not commit to what they cannot stand behind: a date for a roadmap item,
    # a plan built on it ("I couldn't give you a date", "I wouldn't plan around it")
    "no-promise": {
        "limit": [
            r"(i|we) (can'?t|cannot|couldn'?t|could not|won'?t|will not|wouldn'?t|would not) "
            r"(honestly |really |in good conscience )?(give you|promise( you)?|commit to|"
            r"guarantee( you)?|put) (a|an|any|the|you a|you any)? ?(firm |hard |exact |specific |"
            r"real |solid )?(date|timeline|deadline|eta|time ?frame|delivery date|release date|"
            r"launch date|quarter)",
            r"(i|we) (wouldn'?t|would not|'?d not|would never) (plan|count|bank|bet|rely|build|"
            r"wait|budget) (\w+ )?(around|on) (it|that|this|them|those)",
            r"^((so|and|but),? )?(don'?t|do not|i wouldn'?t|i would not) (plan|count|bank|bet|"
            r"rely|build|budget) (\w+ )?(around|on) (it|that|this|them|those)",
        ]
    },
    # 1.10 (``not-worth``): the rep says the purchase would not pay, outright or on a
    # condition ("If the savings don't cover that, it isn't worth doing.")
    "not-worth": {
        "not_fit": [
            r"(isn'?t|is not|wouldn'?t be|would not be|won'?t be|will not be|'?s not|'?d not be"
            r"|ain'?t) (really |even |going to be |gonna be )?worth (it|doing|buying|paying|"
            r"the money|your money|the spend|the cost|the effort|switching|the switch)",
            r"(won'?t|will not|wouldn'?t|would not|doesn'?t|does not|never) pay (for )?"
            r"(itself|back|off|its way)",
        ]
    },
    # candor 1.14 (``leave-out``): the rep advises leaving one of our modules or packages out
    # of the order ("I'd leave it out", "Leave the forecasting out for now", "the premium
    # bundle I wouldn't bother with")
    "leave-out": {
        "not_fit": [
            r"(i'?d|i would|i'?d just|i would just|my advice (would be|is)( to)?) leave (it|them|"
            r"that|those|this|that one|our \w+|the \w+|your \w+) (\w+ ){0,2}out\b",
            r"^((so|and|but|then|for now),? )?(just )?leave (it|them|that|those|this|the \w+|"
            r"our \w+|\w+) (\w+ ){0,2}out (for now|to start|for the moment|at first|until|of "
            r"(it|the (order|quote|contract|deal)))",
            r"^((so|and|but|then),? )?the (\w+ ){0,2}(module|package|add-?on|bundle|option|tier|"
            r"plan|pack) (i|we) (wouldn'?t|would not|'?d not|would never) (buy|take|get|add|"
            r"bother with|recommend)",
        ]
    },
    # 1.15 (``for-now``): a limit of ours said as one of time, with no other limit word
    # ("Spanish only for now.", "the export isn't ready yet"); "… doesn't X yet" and "my
    # mistake" (``on-us``) were dropped before shipping: on non-sales dialogue they read a
    # request to wait and an apology for a slip of the tongue
    "for-now": {
        "limit": [
            r"only (\w+ ){0,3}for (now|the moment|the time being)",
            r"\w+ only,? for (now|the moment|the time being)",
            r"(isn'?t|is not|aren'?t|are not|'s not|'re not) (there|ready|available|live|out|"
            r"built) yet",
        ]
    },
    # 1.22 (``rough-start``): the rep says the first stretch with us will be hard ("The first
    # fortnight is going to be bumpy.", "It gets worse before it gets better."); only the
    # future or the generic present, so a hard time already had (small talk, the buyer's
    # past) never reads
    "rough-start": {
        "limit": [
            r"(the|your|those) (very )?first (\w+ ){0,2}(days?|weeks?|"
            r"fortnight|months?|quarter)( (of|with) (the |your |our )?(rollout|roll-out|go-?live|"
            r"pilot|trial|switch|switchover|changeover|cutover|migration|setup|set-up|new \w+|"
            r"it|us))? (will be|'?ll be|is going to be|are going to be|is gonna be|are gonna be|"
            r"is|are|tends? to be|can be|usually is|are usually|is always|are always) (\w+ )?"
            r"(rough|bumpy|painful|messy|noisy|hard|tough|slow|frustrating|chaotic|clunky|"
            r"awkward|a slog|a grind|a pain)\b",
            r"(it|things|this|that|the \w+) (will |'?ll |is going to |are going to |usually |"
            r"always )?(gets?|be getting|get) worse before (it|they|things) (gets?|get) better",
        ]
    },
    # 1.22 (``rough-rollout``, the wider grid point): the same after the rollout as subject
    "rough-rollout": {
        "limit": [
            r"(the|your) (first |early |initial )?(rollout|roll-out|go-?live|"
            r"switchover|changeover|transition|migration|cutover|setup|set-up|onboarding|early "
            r"days) (will be|'?ll be|is going to be|are going to be|is gonna be|is|are|tends to be"
            r"|can be|usually is|is always) (\w+ )?(rough|bumpy|painful|messy|noisy|hard|tough|"
            r"slow|frustrating|chaotic|clunky|awkward|a slog|a grind|a pain)\b",
        ]
    },
    # 1.25 (``prereq``): a part of what we sell needs something it does not bring, said
    # unprompted ("the handheld readers need a signal at the dock, so …", "the new firmware
    # needs your router updated first"): the thing as subject, never a person or "it", and
    # what it needs named as kit, a connection or the buyer's own; ``prereq-cost`` must hold too
    "prereq": {
        "limit": [
            r"(the|that|this|those|these|each|every|both|our)\s(\w+\s){0,3}\w+\s(do\s|does\s|"
            r"will\s|would\s|'ll\s)?(needs?|requires?) (a|an|the|your|some|mobile|wi-?fi|"
            r"internet|signal|power|data|network|access)\b",
        ]
    },
    # what the prerequisite costs or where it falls: the buyer's side, a first step, more
    # work, or a consequence said after it ("so …", "which means …")
    "prereq-cost": {
        "limit": [
            r"(your|on site|on-site|which means|another|extra|on top|first|so (if|where|when|"
            r"you|your|i'?d|we|there|the|it|that))\b",
        ]
    },
    "prereq-not": {
        "not": [
            r"(just|only|simply|all (it|they|that|this)) (\w+ )?(needs?|requires?)",
            # a person's need, never a thing's ("I might need some extra", "they need your
            # help")
            r"(i|we|you|they|he|she|who|people|children|kids|everyone|someone|somebody) (\w+ )?"
            r"(might |may |will |would |'ll |'d |do |does |really |still |also )?(needs?|"
            r"requires?)\b",
            r"(won'?t|don'?t|do not|will not|never|doesn'?t|wouldn'?t|no longer|not) "
            r"(\w+ )?(needs?|requires?)",
            # a reason, or the buyer's world asking for something ("because the audit needs
            # the logs"), is no limit of ours
            r"because (\w+ ){0,12}(needs?|requires?)",
            r"(needs?|requires?) (your|our|some|the|a|an) (\w+ )?(help|support|money|donations?|"
            r"attention|time|approval|sign-?off|signature|input|decision|answer)\b",
            r"(review|audit|auditor|tender|inspection|inspector|regulator|board|customer|"
            r"client|council|bank|insurer|contract|law|rule|standard) (\w+ )?(needs?|requires?)",
        ]
    },
    # 1.25 (``still-manual``): a part of the buyer's work that stays as it is with us ("so
    # the old fryers stay on the clipboard", "you'd still be weighing the crates by eye")
    "still-manual": {
        "limit": [
            r"(stays?|remains?|staying) (manual|on paper|on documents|by hand|a manual \w+|on "
            r"(the |a |your )?(spreadsheet|paper|clipboard|whiteboard|phone|email))\b",
            r"(you'?d|you would|you'?ll|you will|your \w+ (would|will|'?d|'?ll)) still be "
            r"\w+ing\b",
        ]
    },
    # 1.26 (``no-oversell``): the rep will not claim more than we can stand behind ("I won't
    # pretend it's painless", "I wouldn't guarantee that accuracy on the old tanks", "I'd like a
    # look at the site before we guarantee it", "I wouldn't ask you to sign for longer");
    # never a rival we may not name ("I can't say who": no such verb)
    "no-oversell": {
        "limit": [
            r"(i|we) (won'?t|will not|wouldn'?t|would not|can'?t|cannot|couldn'?t|never|"
            r"'?m not going to|am not going to|'?re not going to|are not going to) (\w+ )?"
            r"(pretend|promise|guarantee|oversell|overpromise|sugar-?coat)\b",
            r"(i'?d|i would|we'?d|we would) not (\w+ )?(pretend|promise|guarantee)\b",
            r"(i|we) (won'?t|will not|wouldn'?t|would not|'?m not going to|am not going to) "
            r"(\w+ )?tell you (it|that|this|they|you|the \w+)\b",
            r"(i'?d|i would|we'?d|we would) not (\w+ )?tell you (it|that|this|they|you|"
            r"the \w+)\b",
            r"(i'?d|i would|we'?d|we would) not ask you (to sign|to commit|for (a )?longer|"
            r"for more)",
            r"(i|we) (wouldn'?t|would not|won'?t|will not) ask you (to sign|to commit|for (a )?"
            r"longer|for more)",
            r"before (i|we) (\w+ )?(promise|guarantee|commit to)\b",
        ]
    },
    # 1.26 (``rival-better``): another option said to beat us ("Their scheduler is better
    # than us at shift swaps", "a freelance auditor would come out cheaper than us"); never
    # a boast ("nobody does it better than us") or a denial ("they're not cheaper than us")
    "rival-better": {
        "not_fit": [
            r"(better|cheaper|faster|quicker|stronger|simpler|easier|more affordable|further "
            r"ahead) (\w+ ){0,4}than (us|we are|we'?d be|we would be|ours)\b",
        ]
    },
    "rival-better-not": {
        "not": [
            r"(nobody|no one|noone|none|nothing|no other|no \w+|not|never|isn'?t|aren'?t|"
            r"wasn'?t|won'?t|wouldn'?t|doesn'?t|don'?t|hardly|think|thinks|claim|claims|say|"
            r"says) (\w+ ){0,5}(better|cheaper|faster|quicker|stronger|simpler|easier|more "
            r"affordable|further ahead)",
            r"(if|whether) (\w+ ){0,4}(better|cheaper|faster|quicker|stronger|simpler|easier)",
        ]
    },
    # 1.15 (``on-us``): the rep owns a mistake of ours ("We rushed it, and that's on us.")
    "on-us": {
        "transparency": [
            r"(that'?s|that is|that was|it'?s|it is|it was|this is|which is) (all )?on us"
            r"(?=\s*(?:[.;!,]|$|not\b|and\b|rather\b))",
            r"(we|i) got (that|it|this|the \w+) wrong",
            r"(we|i) (dropped the ball|messed (that |it |this )?up)",
        ]
    },
    "on-us-not": {
        "cost": [
            r"(free|no charge|no cost|cost|costs|pay|fee|fees|price|shipping|delivery|"
            r"install|installation|lunch|coffee|dinner|drinks|invoice|bill)",
            # an invitation to correct a playback, not a mistake owned
            r"(if|where|when|whether) (we|i) (got|get) (that|it|this|the \w+|anything) wrong",
        ]
    },
    # 1.9 (``not-buy``): the rep tells the buyer not to buy, outright or on a condition
    "not-buy": {
        "not_fit": [
            r"(you|you guys|y'?all) (really )?(shouldn'?t|should not|oughtn'?t to|ought not to) "
            r"(buy|sign|get|take|go ahead with|spend|pay for) (it|this|us|that|the \w+|anything|"
            r"a \w+|any)",
            r"(don'?t|do not) (buy|sign for|spend money on|pay for) (it|this|us|that|the \w+)",
        ]
    },
    # 1.10: a discount or a free extra offered is a pitch, never candor (``offer``)
    "offer": {
        "offer": [
            r"(\d+|ten|fifteen|twenty|twenty-five|thirty|forty|fifty|half) ?"
            r"(percent|per cent|%) off",
            r"(a |an )?(extra |special |early |end-of-(quarter|year|month) )?discount(ed)?",
            r"(first|one|two|three|a) (\w+ )?(months?|weeks?|year) "
            r"(free|on us|at no (cost|charge))",
            r"(waive|waived|waiving|throw in|thrown in|throwing in)",
            r"if you (sign|commit|go ahead|book|order|buy) (\w+ )?(by|before|this|today|now|"
            r"the end)",
        ]
    },
    "not-now": {
        "not_fit": [
            # the timing is wrong for the buyer ("then this isn't the right quarter for it")
            r"(it'?s|it is|this is|that'?s|that is|this isn'?t|it isn'?t|that isn'?t|now is|now "
            r"isn'?t) (not )?the (right|best) (time|moment|year|quarter|month|season)",
        ]
    },
    "price-compare": {
        "cost": [
            # our price held against the buyer's cheaper way ("that's more than a box of paper
            # logs would cost you")
            r"(that'?s|that is|it'?s|it is|this is|we'?re|we are|we come in|our (\w+ )?(price|"
            r"plan|fee|quote|number)s? (is|are|'s)) (\w+ ){0,3}(more|higher|pricier|dearer|"
            r"costlier|more expensive) than (a|an|the|what|your|just|doing) (\w+ ){0,5}(would|"
            r"will|'?d|'?ll|does|do|currently)? ?(cost|costs|charge|charges|run|runs|set) you",
        ]
    },
    "plain": {
        "limit": [
            # a longer time than the buyer hoped, said as a correction
            r"(takes?|will take|'ll take|would take|runs?|lasts?|it'?s|that'?s|is) (about |"
            r"closer to |more "
            r"like |at least |usually |really )?(\w+ ){0,2}(weeks|months|days|hours),? not "
            r"(\w+ )?(days|weeks|hours|one|two|three|four|five|six|a few|a couple|the)\b",
            # never done it before: the buyer would be the first
            r"(we'?ve|we have|i'?ve|i have) never (actually |really )?(done|rolled out|installed|"
            r"worked|built|run|integrated|supported|deployed|launched|migrated|implemented)",
            r"you'?d be (our|the) (very )?first",
            # a slower stretch to plan for
            r"(expect|plan for|budget for|there'?ll be|there will be) (a|some|a few|a couple of|"
            r"two|three|four|six) (\w+ ){0,2}(weeks|days|months) (where|when|of) (\w+ ){0,2}"
            r"(feels?|is|are|runs?|goes|go|will be|gets?) (\w+ )?(slower|harder|rough|messy|"
            r"bumpy|painful|clunky|worse)",
            # what the customers complain about, a partial catch
            r"(the )?(part|thing|bit|feature|screen|module) (\w+ ){0,2}(customers|users|clients|"
            r"people|teams) (complain|grumble|moan|struggle) (about|with) (most|the most)?",
            r"(catch|catches|find|finds|fix|fixes|handle|handles|cover|covers|flag|flags|stop|"
            r"stops) (most|some|a lot|many|the majority)( of (them|it|those|these))?,? but "
            r"(not|never|it won'?t|won'?t)",
            # a term that binds the buyer
            r"(it'?s|it is|that'?s|that is) a (\w+ )?(year|month)s? (term|contract|"
            r"commitment|minimum)",
            r"no (way out|exit|break|cancellation|early exit) (in|for|during|before|until)",
            # downtime the install brings
            r"(take|takes|taking|will take|would take|'ll take) (your|the|each|every|all|both) "
            r"(\w+ ){0,3}(down|offline|out of (action|service))",
            r"(i'?d|you could|you can|you should) (save|keep) (the|your) money",
        ]
    },
    "means": {
        "limit": [
            # the work a requirement brings ("…, which means a plumber on site for a day")
            r"(which|that|and that|this) (means|will mean|would mean|'?d mean) (a|an|another|"
            r"some|extra|paying for|hiring|bringing in|booking) (\w+ ){0,2}(electrician|"
            r"contractor|engineer|technician|installer|plumber|consultant|site visit|visit|"
            r"shutdown|outage|downtime|install|installation|day|days|week|weeks|morning|"
            r"afternoon)\b",
        ]
    },
    "doing": {
        "burden": [
            # the work the buyer will be doing: "you'd be re-tagging a bit"
            r"(you'?d|you would|you'?ll|you will) (still )?be (re-?\w+ing|\w+ing) (\w+ ){0,4}"
            r"(by hand|manually|yourselves|yourself|a bit|on your side|in-? ?house)",
        ]
    },
    # A no about the speaker's own life ("No, I'm not.", "No, I was too busy") is not about
    # what the seller sells.
    # "To be honest, I left for the money": the announcement introduces the speaker's own
    # life, not a limit of what they sell.
    "personal-aside": {
        "personal": [
            r"^((well|so|and|but|yes|yeah|okay|ok),? )?(to be (\w+ )?(honest|frank|candid|"
            r"straight|blunt)|honestly|frankly|candidly|truthfully|in all honesty)( with you)?,? "
            r"(i|i'?d|i'?m|i'?ve|i would|i will|i'?ll|my)\b",
        ]
    },
    "personal-answer": {
        "personal": [
            r"^((no|nope|not really|not yet|not at all),? )?(i'?m|i am|i was|i have|i'?ve|"
            r"i had|i did|i do|i will|i'?ll|i regret|i just|my)\b(?! afraid)",
        ]
    },
    # "do we need the premium tier?": a no recommends less of what we sell (candor), unlike
    # a no to "do we need new scanners?" (a burden lifted)
    "upsell-question": {
        "upsell": [
            r"(do|would|will|should) (we|i|they|you) (really |actually )?need (the|a|an|your) "
            r"(\w+ ){0,3}(tier|plan|package|version|module|add-?on|edition|license|licence|"
            r"upgrade|bundle|level|subscription|option)",
        ]
    },
    "burden-question": {
        "burden": [
            r"(hard|difficult|complicated|complex|catch|contract|fees?|hidden|slow|slows|"
            r"extra|risk|risky|problem|lock|locked|minimum|long|expensive|painful|break|"
            r"downtime|disrupt|worry|commitment|penalty|need|needs|have to|has to|require|"
            r"damage|damaged|scratch|scratches|dents?|defects?|wrong|broken|issues?|stains?|"
            r"leaks?|wear|bugs?|crash|crashes|prejudice|smoke|pets|"
            r"requires|cost|costs|charge|charged|separate|pay|paid|billed|price|pricing)",
        ]
    },
    "logistics-question": {
        "logistics": [
            r"(today|tomorrow|monday|tuesday|wednesday|thursday|friday|next week|this week|"
            r"call|meeting|calendar|invite|hear me|see my screen|see the screen|send|email|"
            r"deck|slides|minutes|later|recording)",
        ]
    },
    "rival-question": {
        "rival": [
            r"(the others|other (vendors|tools|companies|providers)|competitors?|competition|"
            r"the other (guys|vendor|one|company|tool|provider)|they(?=[\x27\x83])|they|them|"
            r"theirs)",
        ]
    },
    "limitation-subject": {
        "limit": [
            r"(we|it|they|our (\w+ ){1,2}|the (\w+ ){0,2}(app|version|tool|system|"
            r"product|platform|module|portal|plan|tier|api|integration|package|edition|"
            r"software|policy|report|reports|builder|feature|cameras?|sensors?|reader|scanners?|"
            r"devices?|hardware|machines?|printers?|terminals?|tablets?|units?|models?|"
            r"controllers?|kiosks?|handsets?|phones?|screens?|locks?|tags?|chargers?|pilot|"
            r"trial|proposal|quote|starter \w+|kit|bundle|subscription|licen[cs]e|warranty)) "
            r"(still |just |also |really )?"
            r"(don'?t|doesn'?t|"
            r"do not|does not|can'?t|cannot|won'?t|will not|isn'?t|is not|aren'?t|are not) "
            r"(yet |currently |today |really |actually |directly |fully )?(\w+)",
        ]
    },
    "limitation": {
        "limit": [
            # "we only support X": a limit of what we do, not "we only need one" or "it only
            # had 30,000 miles"
            r"(we|it|they) (can|will|would)? ?only (support|supports|cover|covers|work|works|"
            r"integrate|integrates|handle|handles|offer|offers|ship|ships|sell|sells|do|does|"
            r"accept|accepts|serve|serves|deliver|delivers|sync|syncs|connect|connects|run|"
            r"runs|allow|allows|operate|operates|process|processes|monitor|monitors|track|"
            r"tracks|show|shows|see|sees|export|exports|import|imports|read|reads|print|"
            r"prints|install|installs|provide|provides|come|comes|go back|goes back|keep|keeps|"
            r"store|stores|pull|pulls|cover|book|books|insure|insures|fit|fits)\b",
            r"(is|are|'s|'re) (read-? ?only|cloud-? ?only|one-? ?way|web-? ?only|\w+ only)"
            r"(?=\s*(?:[.;!,]|$|for|so|right|today))",
            r"(is|are) (limited|capped) (to|at)",
            r"^(?!(the|not|if|me|mine|one|you|yes|yeah|and|but) )(\w+ ){1,3}only"
            r"(?=\s*(?:[.;!,]|$))",
            r"(can|we can) do (\w+ ){1,3}but not",
            r"(still )?(has|have) (some )?gaps",
            r"(weakest|weak) (part|spot|point|area|side|link|bit)",
            r"not our (strength|sweet spot|specialty|focus|forte|core|thing)",
            r"(we'?ve|we have|we) had (\w+ ){0,2}(outages|incidents|breaches|complaints|bugs|"
            r"downtime|issues|problems)",
            r"(gets?|got) (about |roughly |maybe )?(half|a third|\w+ percent|\w+ in \w+) "
            r"(of them )?(right|wrong)",
            r"(do|does|did) (that|this|it) better than (we|us|our|ours)",
            r"(isn'?t|is not|aren'?t|are not) (us|ours|something we (do|have|offer))",
            r"(that'?s|it'?s|this is) not something (we|i|our \w+) (have|do|offer|support|cover)",
            r"\w+ (is|are) excluded",
            r"(aren'?t|isn'?t|are not|is not) in the (app|product|tool|system|platform|plan|base|"
            r"standard|portal|package|bundle|mobile)",
            r"(we|i) (get|hear) that complaint",
            r"(past|beyond|outside) (where|what) (we'?re|we are|it'?s|it is) (good|strong|"
            r"built for|comfortable|designed for)",
            r"(is|are) (pretty |fairly |quite |very )?(basic|limited|weaker|thinner|simpler) "
            r"compared to",
            r"(is|'s|are|'re) (noticeably |a lot |much |a bit |somewhat |quite a bit )?(weaker|"
            r"slower|less accurate|less reliable|worse|clunkier) (than|on|at|with|in|for)",
        ]
    },
    "limitation-not": {
        "benefit": [
            r"(don'?t|doesn'?t|do not|does not|won'?t|will not|can'?t|cannot|never|isn'?t|"
            r"aren'?t) (ever )?(charge|require|need|lock|have to|ask|bother|slow|crash|break|"
            r"cause|"
            r"go down|fail|matter|cost|take long|take more|mind|disrupt|interfere|affect|"
            r"limit|cap|worry|touch your|stop|lose|hurt|get in|hide|sell|share|miss|leave)",
            r"(isn'?t|is not|aren'?t|are not|'s not|'re not) (a problem|an issue|complicated|hard|"
            r"difficult|expensive|slow|like|just|only|faster|cheaper|better|going anywhere|"
            r"locked|tied|a big deal)",
            r"(don'?t|do not|doesn'?t) have (the )?(time|a minute|anything on|long|much time)",
            r"(can'?t|cannot) (hear|see|make|do (monday|tuesday|wednesday|thursday|friday|"
            r"today|tomorrow|that day))",
            r"(we|it) (don'?t|do not|doesn'?t) (either|too)",
            r"(if|when|unless|in case) (the|your|our) (\w+ ){0,2}(don'?t|doesn'?t|can'?t|won'?t|"
            r"isn'?t|aren'?t|do not|does not|cannot|will not)",
            r"if (it|we|they|this|that|you) (\w+ )?(don'?t|doesn'?t|can'?t|won'?t|isn'?t|"
            r"aren'?t|do not|does not|cannot|will not)",
            r"(no brainer|no-brainer)",
            r"lift a finger",
            r"(thing|things|one|part|piece|stuff|bit)s? (that |which )?(we|it) (don'?t|doesn'?t|"
            r"can'?t|won'?t) (do|cover|have|support|handle|offer)(?=\s*(?:[.:;!,]|$))",
            r"until (it|they|that) (doesn'?t|don'?t|does not|do not|breaks|stops)",
            r"(anything|nothing) (down|to install|to learn)",
            r"(don'?t|do not|doesn'?t|does not) (want|mean|wish|like|care|believe|get (too )?"
            r"(bad|worse))",
            r"(included|includes|free|nothing extra|no extra|no charge|at no (extra )?cost)",
            # a wish, a promise or a purpose, not a statement of what we do
            r"(hope|hopefully|wish|promise|pray|bet|so that|in case|make sure|ensure|"
            r"unless) (that )?(it|we|they|this|that|our)",
            r"not (too|that|so|very) (bad|hard|much|long|expensive|difficult)",
            r"(will|would|can|could) do (a lot|so much|more|wonders|good)",
            # a decline or a reassurance, not a limit ("No, that's fine.", "No, like new.")
            r"(that'?s|it'?s) (ok|okay|fine|alright|all right)",
            r"(not necessary|no need|nothing in particular|no thanks|thank you|thanks|"
            r"like new|like-new|thankfully|luckily|fortunately|no (defects|damage|dents|"
            r"scratches|stains|issues|problems)|unmarked|(good|great|perfect|mint|excellent) "
            r"condition|(is|are|will be|'s|'re) safe)",
        ]
    },
    # What a first-person limitation is about: a negated general verb ("we won't be long",
    # "it doesn't seem to", "we don't know") states no limit of what we sell.
    "limitation-general": {
        "general": [
            r"(don'?t|doesn'?t|do not|does not|won'?t|will not|can'?t|cannot) (really |even |"
            r"just |always |actually )?(know|think|expect|seem|sound|plan|belong|mind|complain|"
            r"get|want|wish|like|care|believe|feel|remember|understand|go|come|last|hurt|"
            r"happen|deserve|regret|agree|hear|let|look|give|mean|matter|hope|guess|"
            r"have (much|enough|more|that much|very many|many|a lot|kids|children|time)|"
            r"work(?! (with|on|for|offline|without|in|across|if|unless|outside|past|beyond))|"
            r"be (?!(ready|live|done|able|available|possible|enough|compatible|included|"
            r"supported|covered|there|in|on|cheap|free|automatic|instant|real)\b))",
            r"(isn'?t|is not|aren'?t|are not) (\w+ )?(?!(included|available|supported|"
            r"compatible|covered|built|designed|certified|integrated|able|ready|live|possible|"
            r"part|in|on|ours|our|something|for|a|an|cheap|free|native|automatic|instant|"
            r"real|perfect|great|good|strong|the|set|connected|linked|there|yet|currently|"
            r"today|really|fully|directly|actually)\b)\w+",
        ]
    },
    "limitation-they": {
        "competitor": [
            r"(they|competitors?|the others?|other vendors|the big (players|guys|ones)) "
            r"(\w+ )?(don'?t|doesn'?t|can'?t|won'?t|aren'?t|isn'?t)",
        ]
    },
    "burden": {
        "burden": [
            r"(you'?d|you would|you'?ll|you will|you|they'?d|they would|they'?ll|your (\w+ ){0,2}|"
            r"someone ((on|from) (your|his|her|their) (side|team|end) )?|somebody ((on|from) "
            r"(your|his|her|their) (side|team|end) )?|"
            r"one of your people )(would |will |'d |'ll )?(still |also )?(have to|has to|need to|"
            r"needs to|need|keep|handle|write|upload|contract|build|clean|review|enter|manage|"
            r"maintain|hire|own|export|configure|do|test|validate|email|re-?enter|type|run|process|"
            r"sign off|signs off|"
            r"approve|check)\b(?!-)",
            r"(you|they|your (\w+ ){0,2}) (do|does) (still )?(have|need) to",
            r"(you'?ll|you will|you'?d|you would|you may|you might) still (want|need)",
            r"(i'?d|i would) keep (a|one|your|the) (person|human|someone|people|\w+) "
            r"(reviewing|checking|on)",
        ]
    },
    "burden-on": {
        "burden": [
            r"(is|'s|are|'re) (still )?(on you|on your (side|team|end)|your (\w+ )?(team'?s|"
            r"people'?s|side'?s) (job|call|work|responsibility))",
        ]
    },
    "reassure": {
        "reassure": [
            r"(not|n'?t) (\w+ )?(complicated|hard|difficult|a problem|an issue|a big deal) "
            r"at all",
            r"(no problem|no worries|don'?t worry|nothing to worry|not to worry)",
            r"not (a|an|another|one more) (\w+ ){0,3}(you|your \w+|they|anyone) (has|have|need|"
            r"needs) to",
            r"(your|their) (\w+ )?(rate|rates|price|prices|bill|bills|costs?|premiums?|fees?) "
            r"(\w+ ){0,3}(went|go|goes|going|gone|have gone|has gone|rose|up)",
        ]
    },
    "burden-need": {
        "modal": [
            r"(would|will|'d|'ll|still|has to|have to|needs to)",
        ]
    },
    "burden-not": {
        "not": [
            r"(won'?t|don'?t|do not|will not|never|doesn'?t|wouldn'?t|no longer|not) "
            r"(\w+ )?(have to|need|needs|ever)",
            r"(just|simply) (need|have) to (send|sign|email|forward|book|click|log|fill|pick|"
            r"let|tell|confirm|reply|give)",
            r"(can|could|might|may) (keep|start|add|use|pick|choose|try)",
            r"(always|never) (get|have)",
            r"keep (what|everything|all) (you|your)",
            r"(need|have) to (send|sign|email|forward|book|click|log|fill|pick|let|tell|confirm|"
            r"reply|give|check with|talk to|ask)",
        ]
    },
    "price": {
        "cost": [
            r"(is|are|'s) (an )?extra(?=\s*(?:[.;!,]|$|fee|charge|cost|on top|per|for|\$))",
            r"(is|are|'s|'re|comes?|billed|charged|goes|sits on your bill) on top"
            r"( of (that|the \w+|it|this|your \w+))?",
            r"separate (\w+ )?(license|licence|fee|contract|charge|invoice|subscription|"
            r"purchase|service|module|cost|pass|bill)",
            r"(prorated|pro-? ?rated|pro rata)",
            r"(billed|charged|priced|sold|contract \w+|licensed|paid) separately",
            r"(billed|charged|priced) (per|by the) \w+",
            r"(one-? ?time|setup|set-? ?up|onboarding|installation|implementation|annual|"
            r"monthly|per-? ?\w+|\w+ dollar) fee",
            r"there'?s (a|an) (\w+ ){0,5}(fee|surcharge|charge|minimum)",
            r"(\w+ percent|a bit|a little|\w+%|quite a bit|a lot) (more|higher) than (what )?"
            r"(you pay|you'?re paying|your current|you'?re used to|you have now)",
            r"(minimum|minimums) (of|is) (\w+ ){0,3}(\$|dollars?|bucks|seats?|users?|"
            r"licen[cs]es?|months?|years?|orders?|spend|units?|pounds|euros|grand|hundred|"
            r"thousand|k)\b",
            r"there is a minimum|there'?s a minimum|(is|'s) a minimum",
            r"(price|prices|rate|rates|cost|costs|fees?) (\w+ ){0,2}(goes|go|went|will go|"
            r"going) up",
            r"(higher|more expensive|pricier|costlier|dearer) than (your|the|what|our|their)",
            r"not (a|the) (small|cheap) (number|one|line|price|amount)",
            r"paying out",
            r"(early termination|cancellation) (fee|penalty|charge)",
            r"(before|not counting|excluding|without) the (\w+ ){0,2}(scanners|hardware|"
            r"installation|devices|add-?ons?|equipment|terminals|tablets|sensors)",
            r"(contract|term|commitment) is (\w+ ){0,2}(months|years|month|year)",
            r"no (break|exit|cancellation|early exit) (clause|option|right)",
        ]
    },
    "price-not": {
        "not": [
            r"(no|zero|without|waive|waived|free|included|includes|including|nothing) "
            r"(\w+ ){0,2}(setup|set-? ?up|hidden|extra|additional|onboarding|fees?|contract|"
            r"charge|cost|minimum)",
            r"(no|zero|without) (\w+ )?(fees?|charge|contract|minimum)",
            r"(don'?t|doesn'?t|never|won'?t) (charge|go up|raise)",
            r"(kept|keep|held|hold) (our|the) (price|prices|rate) (the same|flat|steady)",
            r"but (we|i) (can|could|will|'ll) (usually |probably |always |definitely )?"
            r"(work something out|waive|discount|take care of|cover|knock|drop|throw)",
        ]
    },
    "honest": {
        "honest": [
            r"(honestly|frankly|candidly|truthfully|to be (honest|frank|straight|fair|upfront|"
            r"clear|blunt|real)|my honest (read|opinion|take|advice|answer|view)|"
            r"i'?ll be (honest|straight|upfront|frank|blunt)|full disclosure|fair warning|"
            r"to be straight with you|if i'?m honest|in all honesty)",
        ]
    },
    "negative": {
        "negative": [
            r"(not|n'?t|never|weak|weakest|behind|worse|limited|slow|slower|expensive|"
            r"hard|harder|rough|messy|painful|risk|risky|gap|gaps|wrong|problem|overkill|"
            r"skip|hold off|wouldn'?t|shouldn'?t|probably not)",
        ]
    },
    "praise": {
        "praise": [
            r"(great|love|perfect|amazing|best|fantastic|awesome|impressive|smart|sharp|"
            r"glad|happy|excited|good to hear|great to hear|fit for you|you'?ll like|no brainer|"
            r"no-brainer)",
        ]
    },
    "less": {
        "not_fit": [
            r"(i'?d|i would|my advice (would be|is)) (to )?(skip|hold off|wait|not (buy|get|go|"
            r"add|sign|bother|take|do|pick|start|upgrade|spend|pay|switch|choose|recommend|"
            r"expect|count|rely|plan|commit|rush)|start with "
            r"(just|only|the (smaller|basic|first|one)|one)|keep|stick with|stay with|pass on)",
            r"(i wouldn'?t|i would not) (start|buy|get|go|add|sign|bother|take|do|pick)",
            r"(i'?d|i would) (leave|take|keep) (the|that|those|this) (\w+ ){0,2}out",
            r"^not for (a|an|one|your) (\w+ ){0,3}(of|your|like|that|with)?",
            r"for (\w+ ){1,4}i (don'?t|do not) think so",
            r"(isn'?t|is not|wouldn'?t be|would not be|won'?t be|not) worth it",
            r"(wouldn'?t|would not|won'?t|will not) pay (for )?itself",
            r"(may|might|could|would) (be|well be) the better (deal|choice|option|fit|vendor|"
            r"answer|bet)",
            r"(they'?re|they are|\w+ is|\w+ are) the better (choice|option|deal|fit)",
            r"i'?d (point|send|refer) you to (a|an|another|someone)",
            r"someone else would do (it|this|that) better",
            r"(we'?re|we are) not the (right|best|best-? ?placed) (\w+ )?(vendor|partner|fit|"
            r"option|people|team|choice)",
            r"(isn'?t|is not|not) (our|the) (sweet spot|specialty|strength)",
            r"(the )?(standard|basic|smaller|starter|entry|base|cheaper) (package|plan|tier|"
            r"version|option|edition) (already )?(covers|does|handles|is enough|would do)",
            r"i wouldn'?t want you to (think|expect|assume|buy)",
            r"i won'?t tell you (it|that|this)",
            r"(i can'?t|i cannot|i won'?t|i will not|nobody can|no one can|nobody honest can) "
            r"(promise|guarantee|get to|match(?! (us|our|ours))|beat(?! (us|our|ours))|"
            r"give you a date)",
            r"(tier|plan|package|version|option|edition|model|license|licence|one) (might|may|"
            r"would|could|should|will) (\w+ )?be (enough|plenty|all you need|sufficient)",
            r"(owning|buying|renting|leasing|doing it yourself|in-? ?house|your current \w+|"
            r"the other \w+) (usually |probably |often |still |honestly )?(wins|is cheaper|"
            r"comes out ahead|makes more sense)",
            r"i'?d be careful expecting",
            r"i'?d rather tell you (that|this|it)? ?now",
        ]
    },
    "realism": {
        "cost": [
            r"realistically",
            r"anything (longer|older|more|beyond|past|over) (than )?(that|this|\w+ \w+) (is|gets|"
            r"will be) (gone|lost|deleted|dropped|overwritten)",
            # a verdict on the buyer's timeline or budget: "a month isn't enough for that"
            r"(isn'?t|is not|won'?t be|wouldn'?t be|will not be|would not be) (nearly |quite |"
            r"really |going to be )?(enough|long enough|sufficient) (for|to)",
            r"(more|longer|slower|less|fewer|worse) than (you'?d|you would|you'?ll|you will) "
            r"(like|want|expect|hope)",
            r"the first (\w+ ){0,2}(weeks|months|days|quarter|year),? (you|we|it|they|your "
            r"\w+) (won'?t|will not|may not|might not|wouldn'?t|probably won'?t) (see|get|"
            r"notice|have|feel)",
            r"part of the (fix|answer|solution|work|problem) is (your|on your|in your|on you|"
            r"how you|what you)",
            r", not (just )?(a|the|our|any|one) (tool|software|product|platform|system|app|"
            r"feature|purchase)(?=\s*(?:[.;!,]|$))",
            r"(i|we) (can'?t|cannot|couldn'?t) speak for (your|the|their|his|her)",
            r"(there'?s|there is|expect|plan for|you'?ll see) (usually |always |typically )?"
            r"(a|some) (dip|slowdown|learning curve|drop|adjustment period|rough patch)",
            r"(will|'ll|would|'d) be slower (while|at first|for|in the first)",
            r"not in the first (week|month|months|quarter|year|few)",
            r"(takes|take|will take|would take|'ll take) longer than (people|you|most|anyone)",
            r"(go|goes|went) back to (old|their old|the old) (habits|ways)",
            r"(won'?t|will not|wouldn'?t|can'?t) (change|fix|solve|stop|find|replace|make) "
            r"(\w+ ){0,3}(on its own|by itself|alone|for you)",
            r"(it|this|that|the \w+) (won'?t|will not|doesn'?t|does not) (find|write|replace|"
            r"stop|fix|solve|make) ",
            r"(a|one) (determined|motivated) (\w+ )?(will|can) still",
            r"nothing (we|i|you) (do|offer|sell|build|install) (will|would|is going to) "
            r"(stick|work|last|help|matter)",
            r"(you'?ll|you will|you'?d|you would) have (one or two|a few|some|a couple|one) "
            r"(\w+ )?(who|that) (refuse|resist|push back|hate|won'?t|don'?t|complain|quit)",
            r"you won'?t see (those|that|them|it|the \w+) (live|right away|immediately|"
            r"in real time)",
            r"(changes|updates|data) (show|shows) up (the )?next (day|morning|week)",
        ]
    },
}


def personal_aside(text: str) -> bool:
    """An announcement of candor that introduces the speaker's own life with no negative
    ("To be honest, I left for the money."): no limit, cost or risk of what is sold."""
    return _has("personal-aside", text) and not _has("negative", text)


def _sentence_ok(sentence: str) -> bool:
    words = _words(sentence)
    return len(words) >= 3 and not is_question(sentence)


def challenge_hits(
    text: str, prev: str, earlier: Sequence[str] = (), invited: str = ""
) -> list[StanceHit]:
    """Sentences of the rep turn ``text`` that challenge; ``prev`` is the buyer's turn before,
    ``earlier`` the buyer's turns before that (latest last). A short reply ("Yeah, mostly.")
    passes the floor back to the claim the buyer made just before it.

    ``invited``: the buyer's words so far when the buyer has just agreed to hear a
    challenge ("Can I push on that?" – "Sure."): the turn answers the buyer's position
    however far back it was stated, so the sentences the rules find only in that reading
    are challenges too (rule ``invited``)."""
    prev_words = _content(_words(" ".join([*earlier, prev])))
    # The claim may be a turn or two back: the buyer states a plan, the rep asks about it,
    # the buyer answers, and the rep's challenge follows the answer.
    claim = is_claim(prev) or (
        not is_question(_last_sentence(prev)) and any(is_claim(turn) for turn in earlier)
    )
    # The claim is the turn just before, or that turn is a short reply ("Yeah, mostly.")
    # handing the floor back to it; not a longer answer to the rep's question.
    direct = is_claim(prev) or (claim and len(_words(prev)) <= _SHORT_REPLY)
    stated = claim or (bool(prev.strip()) and not is_question(_last_sentence(prev)))
    hits: list[StanceHit] = []
    sentences = list(_sentences(text))
    for index, (start, end, sentence) in enumerate(sentences):
        rule = _challenge_rule(sentence, index, sentences, prev_words, claim, direct, stated)
        if rule is None and invited and not _has("next-step", _clean(sentence)):
            wide = prev_words | _content(_words(invited))
            if _challenge_rule(sentence, index, sentences, wide, True, True, True) or (
                # what usually happens, said of the buyer's world once they asked to hear it
                _has("generalisation", sentence)
                and not is_question(sentence)
                and not _has("pitch", sentence)
                and not _has("benefit", sentence)
                and not _has("praise", sentence)
                and _about_buyer(sentence, wide)
            ):
                rule = "invited"
        if rule is None and not is_question(sentence):
            rule = _story_or_opposite(sentence, index, sentences, prev_words, direct, stated)
        if rule is None and stated and _if_plan(sentence, prev_words):
            rule = "if-plan"
        if any(_has(form, sentence) for form in _ADVICE_FORMS):
            # advice to buy less, or not now, is candor, not a challenge; 1.9
            # (``advice-plan``): unless it advises against the plan the buyer has just
            # stated ("I was going to put sensors in all nine thousand homes." - "I'd not
            # do all nine thousand."): then it disputes that plan too
            rule = "advice-plan" if advises_against_plan(sentence, prev) else None
        if rule is not None:
            hits.append(StanceHit(start, end, "reframe", rule))
    return hits


_ADVICE_FORMS = ("less", "not-now", "refuse")

# 1.12 (``if-plan``): "If you <the buyer's plan>, <what follows>" opens the sentence
_IF_YOU = re.compile(r"^(?:(?:and|so|well|but|okay|ok|look|see),?\s+)?if you(?:'re|'d)?\b")


def _if_plan(sentence: str, prev_words: set[str]) -> bool:
    """1.12 (``if-plan``): the consequence of the buyer's stated plan, said as a
    conditional ("If you hold off until spring, the first readings arrive after the
    peak."): a statement opening "if you", whose if-clause (up to the first comma) takes up
    a content word of the buyer's last turns and whose main clause has four words or more,
    with no pitch, benefit, praise, next step or talk of ourselves."""
    if is_question(sentence) or not _IF_YOU.match(_clean(sentence)) or "," not in sentence:
        return False
    condition, main = sentence.split(",", 1)
    return (
        len(_words(main)) >= 4
        and bool(_content(_words(condition)) & prev_words)
        and not any(
            _has(form, sentence) for form in ("pitch", "benefit", "praise", "next-step", "self")
        )
    )


_YOU = frozenset({"you", "your", "you're", "you've", "you'd", "you'll"})
# advice that says no to the plan ("I'd not do all of them", "I'd skip it", "hold off"), not
# a smaller option named in its place ("The standard plan covers it.")
_NEGATED_ADVICE = re.compile(r"\b(?:not|never|no|skip|hold off|wait|instead)\b|n'?t\b")


def advises_against_plan(sentence: str, prev: str) -> bool:
    """``sentence`` advises against (a negated "less" or "not now"; never a refusal) what
    the buyer's turn ``prev`` has just stated as their plan: it shares a content word with
    it."""
    return (
        (_has("less", sentence) or _has("not-now", sentence))
        and bool(_NEGATED_ADVICE.search(_clean(sentence)))
        and not is_question(sentence)
        and is_claim(prev)
        and bool(_content(_words(sentence)) & _content(_words(prev)))
    )


# a sentence about a competitor's product, not ours
_THEIRS = re.compile(
    r"^(?:(?:and|but|so|well),? )?(?:they|they'\w+|their|theirs|the other (?:\w+ )?(?:vendor|"
    r"guys|tool|one|provider)s?|competitors?|(?:\w+ )?rivals?)\b"
)


def _field_evidence(sentence: str) -> bool:
    """The seller's field as evidence ("Across the depots we monitor, …"), with no pitch
    outside the frame ("In the clinics we serve, our app is the favourite" is a pitch)."""
    return _has("evidence-field", sentence) and not _pitch_outside("evidence-field", sentence)


def _pitch_outside(frame: str, sentence: str) -> bool:
    """Us or praise in ``sentence`` outside the evidence ``frame`` (which may itself say
    "we": "the depots we monitor")."""
    rest = sentence
    for match in reversed(list(_forms(frame).finditer(sentence))):
        rest = rest[: match.start] + " " + rest[match.end :]
    return _has("pitch", rest) or _has("praise", rest)


def _about_buyer(sentence: str, prev_words: set[str]) -> bool:
    words = _words(sentence)
    return (
        "your" in words
        or "you're" in words
        or bool(_content(words) & prev_words)
        or (
            _has("contrast", sentence)
            and any(w in words for w in ("problem", "issue", "bottleneck", "reason", "cause"))
        )
    )


def _benefit(sentence: str, prev_words: set[str]) -> bool:
    """A benefit word in the sentence that the buyer did not say: a benefit the buyer named
    ("cut hours to save money") and the rep weighs is their plan, not our pitch."""
    return any(
        not (_content(_words(m.text)) and _content(_words(m.text)) <= prev_words)
        for m in _forms("benefit").finditer(sentence)
    )


def _story_or_opposite(
    sentence: str,
    index: int,
    sentences: list[tuple[int, int, str]],
    prev_words: set[str],
    direct: bool,
    stated: bool,
) -> str | None:
    """1.10: two forms of evidence against what the buyer just said, with no evidence frame
    or contrast word the other rules read. ``story``: others who did what the buyer plans,
    and how it went ("We had a council start with sensors in every bin. After a year most
    of them had told them nothing new."): after a claim, a story frame whose turn (from
    this sentence on) tells an outcome and touches the buyer's words. ``opposite``: the rep
    expected the same and saw the opposite ("I'd have said the same, but …"), after any
    statement of the buyer's."""
    if stated and _has("opposite", sentence) and not _has("praise", sentence):
        return "opposite"
    rest = " ".join(text for _, _, text in sentences[index:])
    if (
        direct
        and _has("story", sentence)
        and _has("story-outcome", rest)
        and _content(_words(rest)) & prev_words
        and not _has("praise", sentence)
    ):
        return "story"
    return None


def _challenge_rule(
    sentence: str,
    index: int,
    sentences: list[tuple[int, int, str]],
    prev_words: set[str],
    claim: bool,
    direct: bool = True,
    stated: bool = True,
) -> str | None:
    if is_question(sentence):
        return "question" if claim and _has("challenge-question", sentence) else None
    if len(_words(sentence)) < 4 or _has("agree", sentence):
        return None
    if stated and _has("doubt", sentence) and not _has("praise", sentence):
        return "doubt"  # an explicit doubt needs only a statement to doubt, not a claim cue
    pitch = _has("pitch", sentence) or _has("benefit", sentence)
    evidence = _has("evidence", sentence)
    field = not evidence and _field_evidence(sentence)
    if _has("premise", sentence) and (claim or evidence):
        return "premise"
    if (
        _has("correction", sentence)
        and len(_content(_words(sentence)) - prev_words) >= _NOVEL
        and not _has("correction-not", sentence)
        and (not pitch or evidence)
        and _about_buyer(sentence, prev_words)
        and (claim or evidence)
    ):
        return "correction"
    if (
        (evidence or field)
        and claim
        and not _has("praise", sentence)
        and not _benefit(sentence, prev_words)
    ):
        if _has("contrast", sentence):
            return "field" if field else "evidence"
        if (
            direct
            and _about_buyer(sentence, prev_words)
            and not _has("evidence-weak", sentence)
            and not _FIRST_PERSON_START.match(_clean(sentence))
            and (field or not _pitch_outside("evidence", sentence))
        ):
            # evidence about the buyer's world, no contrast word
            return "field" if field else "evidence-plain"
    if (
        direct
        and claim
        and _has("compare", sentence)
        and not pitch
        and not _has("praise", sentence)
        and not _FIRST_PERSON_START.match(_clean(sentence))
    ):
        return "compare"  # the buyer's option weighed as a multiple of another
    if not claim or (pitch and not evidence):
        return None
    if (
        index > 0
        and _has("agree", sentences[0][2])
        and not any(
            _has("counter", later) or _has("intro", later)
            for _, _, later in sentences[1 : index + 1]
        )
    ):
        return None  # the rep agreed and never turned: what follows builds on their view
    words = _words(sentence)
    head = _content(words[:_HEAD])
    if (
        head & prev_words
        and not _IMPERATIVE.match(sentence.strip().lower())
        and _has("plan-consequence", sentence)
        and not _has("correction-not", sentence)
        and not _has("praise", sentence)
        and not _has("self", sentence)
    ):
        return "plan"
    counter = _forms("counter").search(sentence)
    if counter is not None:
        before = sentence[: counter.start]
        if index > 0 and counter.start == 0:
            before = sentences[index - 1][2]
        after = sentence[counter.end :]
        if (
            before.strip()
            and (_has("concession", before) or _content(_words(before)) & prev_words)
            and not _has("pitch", after)
            and not _has("benefit", after)
            and not _has("praise", after)
            and not _has("self", after)
            and len(_words(after)) >= 4
            and (
                bool({"you", "your", "you're", "you've", "you'd"} & set(_words(after))) or evidence
            )
        ):
            return "concession"
    return None


def candor_hits(text: str, prev: str, earlier: Sequence[str] = ()) -> list[StanceHit]:
    """Sentences of the rep turn ``text`` that are candid; ``prev`` is the buyer's turn
    before (``earlier``, the ones before it, are not needed: candor answers the last one)."""
    hits: list[StanceHit] = []
    sentences = list(_sentences(text))
    last = _last_sentence(prev)
    # 1.9 (``asked-earlier``): the buyer's question may be followed by a sentence or two of
    # its context ("Does it work offline? Some of our sites have no signal."): the rep's
    # no answers that question
    # the buyer's own situation; context said to the seller ("I thought you only did X.") may
    # be what a no answers instead
    earlier_question = _asked_question(prev) if prev.strip() and not is_question(last) else None
    if earlier_question is not None and _YOU & set(
        _words(prev[prev.rindex(earlier_question) + len(earlier_question) :])
    ):
        earlier_question = None
    if earlier_question is not None:
        last = earlier_question
    asked = (
        bool(prev.strip())
        and is_question(last)
        and (_has("capability-question", last) or _has("upsell-question", last))
    )
    burden_question = asked and _has("burden-question", last) and not _has("upsell-question", last)
    logistics = asked and (_has("logistics-question", last) or _has("rival-question", last))
    for index, (start, end, sentence) in enumerate(sentences):
        rule = _candor_rule(sentence)
        echo = index == 1 and is_question(sentences[0][2]) and len(_words(sentences[0][2])) <= 5
        if (
            rule is None
            and (index == 0 or echo)
            and asked
            and not burden_question
            and not logistics
            and _has("negative-answer", sentence)
            and (len(_words(sentence)) >= 2 or (echo and index == 1))
            and not _has("personal-answer", sentence)
            and not _has("limitation-not", sentence)
            and not _has("praise", sentence)
        ):
            # 1.5: a no after an echo of the question ("For one site? No."), and a no to
            # "do we need the premium tier?" (recommending less), are rules of their own
            upsell = not _has("capability-question", last) or _has("burden-question", last)
            rule = "answer-echo" if index == 1 else "answer-upsell" if upsell else "answer"
        if rule is None and index == 0 and asked and not burden_question and not logistics:
            # 1.9 (``answer-lead``): the same no or partly after a candour marker
            # ("Honestly, partly.", "Frankly, not yet.")
            bare = _HONEST_LEAD.sub("", _clean(sentence))
            if (
                bare != _clean(sentence)
                and _has("negative-answer", bare)
                and not _has("personal-answer", bare)
                and not _has("limitation-not", bare)
                and not _has("praise", bare)
            ):
                rule = "answer-lead"
        if earlier_question is not None and rule is not None and rule.startswith("answer"):
            rule = "asked-earlier"
        if rule is not None:
            hits.append(StanceHit(start, end, _CANDOR_KIND[rule], rule))
    return hits


_CANDOR_KIND = {
    "answer": "limit",
    "answer-echo": "limit",
    "answer-upsell": "not_fit",
    "limitation": "limit",
    "burden": "limit",
    "price": "cost",
    "honest": "transparency",
    "honest-said": "transparency",
    "less": "not_fit",
    "realism": "cost",
    "meta": "transparency",
    "terms": "cost",
    "doing": "limit",
    "refuse": "transparency",
    "not-now": "not_fit",
    "price-compare": "cost",
    "means": "limit",
    "plain": "limit",
    "answer-lead": "limit",
    "asked-earlier": "limit",
    "not-buy": "not_fit",
    "not-worth": "not_fit",
    "leave-out": "not_fit",
    "for-now": "limit",
    "on-us": "transparency",
    "rough-start": "limit",
    "rough-rollout": "limit",
    "prereq": "limit",
    "still-manual": "limit",
    "no-oversell": "limit",
    "rival-better": "not_fit",
}


_CONTEXT_SENTENCES = 2  # statements after a buyer's question that only give its context


def _asked_question(text: str) -> str | None:
    """The buyer's question when the turn goes on with a statement or two of context
    ("Does it handle X? We do a fair bit of X."): the last question sentence, or None."""
    sentences = [text[a:b] for a, b in split_sentences(text)]
    for back, sentence in enumerate(reversed(sentences)):
        if is_question(sentence):
            return sentence if 0 < back <= _CONTEXT_SENTENCES else None
    return None


def _last_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[-1][0] : spans[-1][1]] if spans else text


def _candor_rule(sentence: str) -> str | None:
    if is_question(sentence) or len(_words(sentence)) < 2 or _has("reassure", sentence):
        return None
    if _has("praise", sentence) and not _has("less", sentence):
        # 1.14 (``leave-out``): the reason for leaving our module out may be praise of what
        # the buyer has ("you've got a feed system you're happy with")
        return "leave-out" if _has("leave-out", sentence) else None
    if _has("less", sentence):
        return "less"
    subject = _forms("limitation-subject").search(sentence)
    if subject is not None and _has(
        "limitation-general", " ".join(sentence[subject.start :].split()[:_SUBJECT_WORDS])
    ):
        subject = None
    if (
        (_has("limitation", sentence) or (subject is not None and not _PAUSE.search(subject.text)))
        and not _has("limitation-not", sentence)
        and not (subject is not None and _has("limitation-they", subject.text))
    ):
        return "limitation"
    rule = next((form.rule for form in _CANDOR_FORMS if form.reads(sentence)), None)
    if rule is None and _HONEST_SAID.search(_clean(sentence)):
        rule = "honest-said"
    return rule


# candor 1.17.0 (``honest-said``): the speaker's own promise of honesty ("I'll be honest,",
# "I should be honest, though,") with a negative in the clause right after it, a contraction
# included ("the sensors won't give you that"), which the ``honest`` form does not read
_HONEST_SAID = re.compile(
    r"\b(?:i'?ll|i will|i should|i have to|i'?ve got to|i need to|i must|let me|i'?m going to|"
    r"i want to) be (?:honest|straight|upfront|up front|frank|blunt|candid)(?: with you)?"
    r"(?: about (?:it|that|this))?[,:;]? (?:(?:though|but|and),? )?(?:\S+ ){0,4}?"
    r"(?:(?:won|don|doesn|didn|can|isn|aren|wasn|weren|couldn|wouldn|shouldn|haven|hasn)'?t|"
    r"not|never|cannot|no longer)\b"
)


@dataclass(frozen=True)
class _CandorForm:
    """A candor rule after the limitation: every form of ``all_of`` and none of
    ``none_of`` in the sentence, and ``veto`` (on the cleaned sentence) not found."""

    rule: str
    all_of: tuple[str, ...]
    none_of: tuple[str, ...] = ()
    veto: re.Pattern[str] | None = None

    def reads(self, sentence: str) -> bool:
        return (
            all(_has(name, sentence) for name in self.all_of)
            and not any(_has(name, sentence) for name in self.none_of)
            and (self.veto is None or not self.veto.search(_clean(sentence)))
        )


# terms said as a condition on the buyer ("if you can't commit to a year, …") are no caveat
_CONDITION = re.compile(r"\b(?:if|unless|when|in case) you (?:can'?t|cannot|won'?t)\b")

# 1.25 (``still-manual``): work left as it is *without* us, or today, is a pitch
_WITHOUT_US = re.compile(
    r"\b(?:without|otherwise|unless you|instead of|today|right now|at the moment|currently|"
    r"if you (?:don'?t|do not|stick|keep|stay|wait))\b"
)

# Tried in this order: the first that reads the sentence names its rule.
_CANDOR_FORMS: tuple[_CandorForm, ...] = (
    _CandorForm("burden", ("burden", "burden-need"), ("burden-not",)),
    _CandorForm("burden", ("burden-on",)),
    _CandorForm("price", ("price",), ("price-not",)),
    _CandorForm("realism", ("realism",)),
    _CandorForm("meta", ("meta",)),
    _CandorForm("terms", ("terms",), veto=_CONDITION),
    _CandorForm("doing", ("doing",), ("burden-not",)),
    _CandorForm("honest", ("honest", "negative")),
    _CandorForm("refuse", ("refuse",)),
    _CandorForm("not-now", ("not-now",)),
    _CandorForm("price-compare", ("price-compare",), ("price-not",)),
    _CandorForm("means", ("means",)),
    _CandorForm("plain", ("plain",), veto=_THEIRS),  # never a rival's limit
    # 1.7: refusing to promise is the same move as refusing to discount
    _CandorForm("refuse", ("no-promise",)),
    # 1.9: telling the buyer not to buy ("If they're not, you shouldn't buy it.")
    _CandorForm("not-buy", ("not-buy",)),
    # 1.10: telling the buyer it would not pay ("…, it isn't worth doing.")
    _CandorForm("not-worth", ("not-worth",)),
    # 1.14: advice to leave one of our modules out of the order ("I'd leave it out.")
    _CandorForm("leave-out", ("leave-out",)),
    # 1.15: a limit of ours said as one of time ("English only for now.")
    _CandorForm("for-now", ("for-now",)),
    # 1.15: owning a mistake of ours ("that's on us"), never a cost we carry
    _CandorForm("on-us", ("on-us",), ("on-us-not",)),
    # 1.22: a hard first stretch with us said up front ("The first month will be bumpy.")
    _CandorForm("rough-start", ("rough-start",)),
    _CandorForm("rough-rollout", ("rough-rollout",)),
    # 1.25: a prerequisite of what we sell, said unprompted ("the readers need a signal at
    # the dock, so …")
    _CandorForm("prereq", ("prereq", "prereq-cost"), ("prereq-not", "burden-not")),
    # 1.25: work that stays as it is with us ("so the old fryers stay on the clipboard"),
    # never the buyer's work without us ("otherwise you'd still be …", a pitch)
    _CandorForm("still-manual", ("still-manual",), veto=_WITHOUT_US),
    # 1.26: no claim beyond what we can stand behind ("I won't pretend it's painless")
    _CandorForm("no-oversell", ("no-oversell",)),
    # 1.26: another option said to beat us ("an auditor would come out cheaper than us")
    _CandorForm("rival-better", ("rival-better",), ("rival-better-not",)),
)


Hits = Callable[..., list[StanceHit]]  # (text, prev, earlier[, invited])
_HISTORY = 3  # buyer turns a challenge may answer
_LEAD_IN_WORDS = 5
# A sentence that opens with us doing something ("We audit …", "Our team runs …") is about
# us: evidence with no contrast in it is then a pitch.
_FIRST_PERSON_START = re.compile(r"^(?:(?:and|so|but|well|now),? )?(?:we|we'\w+|our|us)\b")
# 1.6 (``separate``): a candid sentence that opens a further point ("And the tote readers
# need …", "Second, …") is a moment of its own, not the run-on of the one before
_NEXT_POINT = re.compile(
    r"^(?:and (?:also |then )?(?:the|our|there'?s|one more|another|you'?ll also)\b|also\b|plus\b|"
    r"second(?:ly)?\b|third(?:ly)?\b|the other (?:thing|one|catch|limit)\b|one more\b|another\b)"
)
_SUBJECT_WORDS = 8  # words from a limitation's subject in which its verb is read
_PAUSE = re.compile(r"[,;:]")
_IMPERATIVE = re.compile(r"(?:never|don'?t|do not|be|let'?s|please|just|try|make sure)\b")


def stance_findings(
    detector: LexiconDetector,
    call: Call,
    context: DetectionContext,
    found: Sequence[Finding],
    hits: Hits,
    other: str | None,
    off: frozenset[str] = frozenset(),
    invited: Mapping[str, str] | None = None,
) -> list[Finding]:
    """``found`` (the lexicon's findings) plus a finding for each rep sentence that ``hits``
    finds, read with the last prospect turn before it, unless a finding already covers it or
    the lexicon vetoes it (its ``not-`` categories) or the ``other`` move's lexicon claims it
    (a sentence is a challenge or a candid admission, not both). A sentence found here right after a
    finding of the same turn extends that finding: a candid or contrarian passage of two
    sentences is one moment a coach would quote, not two. Rules named in ``off`` are
    skipped (the leave-one-call-out selection switches rules off this way). ``invited``
    maps a rep utterance the buyer agreed to hear a challenge in to the buyer's words so
    far (``invited_turns``), passed on to ``hits``."""
    by_utterance: dict[str, list[Finding]] = {}
    for finding in found:
        by_utterance.setdefault(finding.evidence[0].utterance_id, []).append(finding)
    lexicon = detector.phrases()
    rival = load_lexicon(other) if other is not None else None
    result: list[Finding] = []
    buyer: list[str] = [""]
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        if role == "prospect":
            buyer.append(utterance.text)
        own = sorted(by_utterance.get(utterance.id, []), key=lambda f: f.evidence[0].char_start)
        if role == detector.role:
            extra = (
                () if invited is None or utterance.id not in invited else (invited[utterance.id],)
            )
            for hit in hits(utterance.text, buyer[-1], buyer[-1 - _HISTORY : -1], *extra):
                if hit.rule in off:
                    continue
                if any(_span(f)[0] < hit.end and hit.start < _span(f)[1] for f in own):
                    continue
                sentence = utterance.text[hit.start : hit.end]
                if any(m.category.startswith("not-") for m in lexicon.finditer(sentence)):
                    continue
                if (
                    rival is not None
                    and any(not m.category.startswith("not-") for m in rival.finditer(sentence))
                    and not (
                        # candor 1.14 (``leave-rival``): advice to leave our module out is
                        # candor even where the challenge lexicon reads a reframe in it
                        other == "challenge"
                        and "leave-rival" not in off
                        and "leave-out" not in off
                        and _has("leave-out", sentence)
                    )
                    and not (
                        # candor 1.22 (``ours-reframe``): a limit that names us in the
                        # challenge lexicon's reframe words is ours, not the buyer's plan
                        other == "challenge"
                        and "ours-reframe" not in off
                        and reframes_ours(sentence, rival)
                    )
                ):
                    continue
                before = [f for f in own if _span(f)[1] <= hit.start]
                after = [f for f in own if _span(f)[0] >= hit.end]
                if (
                    before
                    and not utterance.text[_span(before[-1])[1] : hit.start].strip()
                    and not (hit.rule == "leave-out" and "leave-separate" not in off)
                    # 1.26: a rival said to beat us is a point of its own
                    and hit.rule != "rival-better"
                    and (
                        detector.merge_adjacent
                        or "separate" in off
                        or not _NEXT_POINT.match(_clean(utterance.text[hit.start : hit.end]))
                    )
                ):
                    last = before[-1]
                    extended = Evidence.of(utterance, _span(last)[0], hit.end)
                    own[own.index(last)] = replace(last, evidence=(extended,))
                    continue
                if (
                    after
                    and not utterance.text[hit.end : _span(after[0])[0]].strip()
                    and len(_words(utterance.text[hit.start : hit.end])) <= _LEAD_IN_WORDS
                ):
                    # A short lead-in ("Not directly.", "Most do.") of a passage already
                    # found: the passage is one moment.
                    first = after[0]
                    extended = Evidence.of(utterance, hit.start, _span(first)[1])
                    own[own.index(first)] = replace(first, evidence=(extended,))
                    continue
                own.append(
                    detector.finding(
                        detector.label or hit.kind,
                        [Evidence.of(utterance, hit.start, hit.end)],
                        detector.confidence.get(hit.rule, 0.6),
                        kind=hit.kind,
                        rule=hit.rule,
                        speaker_role=role,
                    )
                )
                own.sort(key=lambda f: f.evidence[0].char_start)
        result.extend(own)
    return result


def _quoted_utterance(finding: Finding, by_id: Mapping[str, Utterance]) -> Utterance | None:
    """The utterance a finding quotes, when it quotes exactly one (the quote movers below
    leave every other finding as it is)."""
    if len(finding.evidence) != 1:
        return None
    return by_id.get(finding.evidence[0].utterance_id)


def _taken_spans(findings: Sequence[Finding]) -> dict[str, list[tuple[int, int]]]:
    """Per utterance, the character spans its findings already quote (a moved quote never
    lands on a sentence another finding holds)."""
    taken: dict[str, list[tuple[int, int]]] = {}
    for finding in findings:
        if finding.evidence:
            taken.setdefault(finding.evidence[0].utterance_id, []).append(_span(finding))
    return taken


def _span(finding: Finding) -> tuple[int, int]:
    evidence = finding.evidence[0]
    end = evidence.char_end if evidence.char_end is not None else 10**9
    return evidence.char_start, end


def _in_call_order(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` sorted by where their first quote starts in the call."""
    order = {u.id: i for i, u in enumerate(call.utterances)}
    return sorted(
        findings,
        key=lambda f: (
            (order.get(f.evidence[0].utterance_id, -1), _span(f)[0]) if f.evidence else (-1, 0)
        ),
    )


# -- passages: what one candid or contrarian moment spans -------------------------------

_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|thousand|million|half|quarter|percent)\b",
    re.IGNORECASE,
)
# A sentence that only goes on with the point before it: "If that's a big worry, …",
# "Your team would handle those by hand.", "I'd rather you hear it from me now."
_CONTINUES = re.compile(
    r"^(?:(?:and|so|but|then),? )?(?:if (?:that|this|those|so)\b|if (?:the|your|our) (?:price|"
    r"number|numbers|maths?|deal|case|budget|quote|roi|payback) (?:\w+ ){0,2}only\b|"
    r"that'?s (?:why|because|where|"
    r"what|the part)\b|those\b|these\b|which (?:means|is)\b|in (?:that|which) case\b|"
    r"otherwise\b|(?:you'?d|you would|you'?ll|you will|your (?:\w+ ){0,2}(?:would|will|'d|'ll|"
    r"has to|have to|needs? to)) (?:still |also |then )?(?:\w+ ){0,2}(?:those|them|that|it)\b)",
)
_META = re.compile(
    r"(?:rather you (?:hear|know|find|learn)|wanted you to (?:hear|know)|rather tell you|"
    r"rather (?:say|flag|mention) (?:it|that|this) now|(?:better|rather) you hear it)",
)
# A pointer to another provider is the consequence of the limit said just before it
# ("We don't do metal. For titanium you'd want a bureau with …"): one moment.
_REFERRAL = re.compile(
    r"(?:you'?d|you would|you'?ll|you will|you may|you might|you'?re) (?:still |probably |"
    r"honestly )?(?:want|need|be better off with|be better served by|do better with) "
    r"(?:a|an|another|someone|somebody|a specialist|one of)\b"
)
_PRICE_QUESTION = re.compile(
    r"\b(?:cost|costs|price|prices|pricing|priced|how much|ballpark|budget|quote|charge|"
    r"what do you charge|what'?s it run|what does (?:it|that|this) run)\b"
)
_PRICE_CAVEAT = re.compile(
    r"\b(?:not|no|never|higher|more than|more expensive|dearer|pricier|goes up|go up|went up|"
    r"going up|minimum|on top|separately|excluded|isn'?t|aren'?t|doesn'?t|don'?t|won'?t)\b|n'?t\b"
)
_ANNOUNCED_WORDS = 25  # words after an announcement read as its content
_LEAD_IN_JOIN = 5  # words: a finding this short that runs straight into the next is its lead-in


def _clean(text: str) -> str:
    return " ".join(fold(text).lower().replace("\x83", "'").replace("’", "'").split())


def empty_announcement(lexicon: Lexicon, call: Call, finding: Finding) -> bool:
    """A lexicon finding that announces candor and says nothing candid: the announcing
    sentence with no negative, limit, number or cost after the announcement ("… and then
    I'll tell you the thing we don't do, because there's one that matters.", "just so you
    know we've got a big release coming"), or announced content that is only a topic label
    ("Catch-weight.")."""
    quote = _finding_quote(call, finding)
    matches = [m for m in lexicon.finditer(quote) if not m.category.startswith("not-")]
    if not matches:
        return len(_words(quote)) < 3 and not _has("negative", quote)
    if not all(m.category.startswith("intro-") for m in matches):
        return False
    # The announced content follows the announcement ("just so you know, …"), or, when
    # nothing does, comes before it ("…, to be honest.").
    after = quote[max(m.end for m in matches) :]
    rest = after if len(_words(after)) >= 3 else quote[: min(m.start for m in matches)]
    rest = " ".join(rest.split()[:_ANNOUNCED_WORDS])
    return not (_has("negative", rest) or _candor_rule(rest) is not None or _NUMBER.search(rest))


# 1.7 (``no-spin``): refusing to spin is candid in itself ("I won't pretend that's cheap"):
# the refusal negates what follows, so the announcement is never empty
_NO_SPIN = re.compile(
    r"\b(?:i|we) (?:won'?t|will not|'?m not going to|am not going to|'?re not going to|can'?t|"
    r"cannot|wouldn'?t|would not|'?m not gonna) (?:\w+ )?(?:pretend|sugar-? ?coat|oversell|"
    r"over-? ?promise|kid you|lie to you|dress (?:it|this|that) up|gloss over|spin (?:it|this|"
    r"that))\b|\b(?:i'?d|i would) be lying\b"
)


def no_spin(call: Call, finding: Finding) -> bool:
    """The finding refuses to spin ("I won't pretend that's cheap, …"): candid as said."""
    return bool(_NO_SPIN.search(_clean(_finding_quote(call, finding))))


def _full_quote(call: Call, evidence: Evidence) -> str:
    """The evidence's span of its utterance, untruncated (``Evidence.quote`` is cut short)."""
    for utterance in call.utterances:
        if utterance.id == evidence.utterance_id:
            return utterance.text[evidence.char_start : evidence.char_end]
    return evidence.quote


def _finding_quote(call: Call, finding: Finding) -> str:
    """Every evidence span of ``finding``, untruncated, joined with spaces."""
    return " ".join(_full_quote(call, e) for e in finding.evidence)


def answers_price_question(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """A cost finding that only answers the buyer's question for the price ("what does it
    cost?" → "about $28,000 a year, plus a one-time fee"): the price asked for is an
    answer, not candor, unless it comes with a caveat (higher than now, going up, a
    minimum, on top, not included)."""
    if finding.attributes.get("kind") != "cost" or not finding.evidence:
        return False
    evidence = finding.evidence[0]
    last = _buyer_before(call, context, evidence)
    asked = _last_sentence(last) if last.strip() else ""
    if not asked or not is_question(asked) or not _PRICE_QUESTION.search(_clean(asked)):
        return False
    return not _PRICE_CAVEAT.search(_clean(_full_quote(call, evidence)))


def _buyer_before(call: Call, context: DetectionContext, evidence: Evidence) -> str:
    """The last prospect turn before the utterance of ``evidence`` ("" when none)."""
    last = ""
    for utterance in call.utterances:
        if utterance.id == evidence.utterance_id:
            break
        if context.roles.role_of(utterance.speaker) == "prospect":
            last = utterance.text
    return last


# A buyer's question that asks for the rep's view of the buyer's own plan, or proposes it,
# invites a challenge: "What do you think?", "Am I wrong?", "Shouldn't we just hire?"
_VIEW_QUESTION = re.compile(
    r"\b(?:what do you (?:think|reckon|make of)|what would you (?:do|suggest|recommend|say)|"
    r"am i (?:wrong|crazy|missing|off)|are we (?:wrong|crazy|missing|off)|is that (?:crazy|"
    r"wrong|dumb|silly|a mistake|naive|right|fair|unreasonable|mad)|does (?:that|this) "
    r"(?:make sense|sound (?:right|crazy|reasonable|mad))|(?:would|wouldn'?t|don'?t) you "
    r"(?:agree|say|think)|shouldn'?t (?:we|i)|(?:can|could|can'?t|couldn'?t) (?:we|i) (?:just|"
    r"simply|not)|what if (?:we|i)|why don'?t (?:we|i)|how about (?:we|i|just)|why (?:not|"
    r"wouldn'?t (?:we|i|that|it))|wouldn'?t it be|isn'?t (?:it|that) (?:just|enough|better|cheaper|"
    r"easier)|tell me (?:if|why) i'?m wrong|push back|your (?:take|view|honest))\b"
)
_TAG_WORDS = 2  # "Right?", "Honestly?": a tag or an opener, not a question to answer


def answers_question(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """The finding's turn answers a question the buyer just asked the rep ("Does it do
    X?", "Why would you tell me that?"): a challenge disputes what the buyer claimed or
    planned, so an answer is none — unless the buyer asked for the rep's view of their
    plan ("Am I wrong?", "Shouldn't we just hire?") or only tagged a claim ("…, right?")."""
    if not finding.evidence:
        return False
    prev = _buyer_before(call, context, finding.evidence[0])
    questions = [
        prev[a:b]
        for a, b in split_sentences(prev)
        if is_question(prev[a:b])
        and len(_words(prev[a:b])) > _TAG_WORDS
        # asked, not an unsure answer ("Um, maybe thirty?"): an interrogative opening or "you"
        and (
            bool(_AUX_START.match(_clean(prev[a:b])))
            or bool({"you", "your", "you're", "you'd"} & set(_words(prev[a:b])))
        )
    ]
    return bool(questions) and not any(_VIEW_QUESTION.search(_clean(q)) for q in questions)


# 1.7 (``embedded``): a limit that is not stated of us — named inside a wh-clause that is
# the object of telling or showing ("Hannah will tell you what we don't do"), or a rival's,
# in a relative clause ("…, which they don't offer"); a relative clause about us is stated
# ("…Okta, which we don't support yet", "that's something we don't do")
_EMBEDDED = re.compile(
    r"\b(?:tell|tells|show|shows|walk (?:\w+ )?through|explain|explains|ask|asked|know|cover|"
    r"covers|go (?:over|through)|list|flag|share|see|find out|hear|talk (?:you )?through)"
    r"(?: you| them| us)? (?:exactly )?(?:what|whatever|where|how|why) (?:we|it|they|the \w+|"
    r"our \w+) (?:still |really |just )?(?:don'?t|do not|doesn'?t|does not|can'?t|cannot|"
    r"won'?t|will not|isn'?t|aren'?t) (?:\w+ ?){0,2}"
    # a relative clause that states a rival's limit ("…, which they don't offer")
    r"|\b(?:which|that) (?:they|the others|other vendors|competitors|the other (?:guys|vendor|"
    r"one)s?) (?:still |really |just )?(?:don'?t|do not|doesn'?t|does not|can'?t|cannot|won'?t|"
    r"will not|aren'?t) (?:\w+ ?){0,2}"
)
_TERMS_QUESTION = re.compile(
    r"\b(?:contract|term|terms|notice period|cancel|cancellation|lock(?:ed)?(?:-| )?(?:in)?|"
    r"out after|get out|exit|renewal|renew|commitment|how long (?:is|are) (?:the|your) "
    r"(?:contract|term|agreement|commitment))\b"
)
_TERMS_CAVEAT = re.compile(
    r"\b(?:not|no|never|can'?t|cannot|won'?t|isn'?t|aren'?t|doesn'?t|don'?t|only|penalty|"
    r"fee|pay out|paying out|auto-? ?renew\w*|minimum)\b|n'?t\b"
)


def embedded_only(lexicon: Lexicon, call: Call, finding: Finding) -> bool:
    """A candid finding whose only limit sits inside a wh-clause: with the clause taken out,
    neither the lexicon nor the candor forms read the sentence as candid."""
    quote = _finding_quote(call, finding)
    stripped = _EMBEDDED.sub(" ", _clean(quote))
    if stripped == _clean(quote):
        return False
    if any(not m.category.startswith("not-") for m in lexicon.finditer(stripped)):
        return False
    return all(_candor_rule(text) is None for _, _, text in _sentences(stripped))


def answers_terms_question(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """The contract terms the buyer asked for ("Is there an out after year one?" → "Three
    years, with an out at the first anniversary"): an answer, not candor, unless it comes
    with a catch (no exit, a penalty, only, a minimum)."""
    if not finding.evidence:
        return False
    prev = _buyer_before(call, context, finding.evidence[0])
    asked = _asked_question(prev) or _last_sentence(prev)
    if not asked or not is_question(asked) or not _TERMS_QUESTION.search(_clean(asked)):
        return False
    return not _TERMS_CAVEAT.search(_clean(_full_quote(call, finding.evidence[0])))


def join_passages(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """One moment per candid passage: a short finding (≤ 5 words: "You'd keep them.",
    "Not really, no.") that runs straight into the next finding of the same turn is its
    lead-in, and a finding that only goes on with the one before it ("If that's a big
    worry, …", "Your team would handle those by hand.", "I'd rather you hear it from me
    now.") extends it. Other neighbours stay separate moments (a limit, then a fee)."""
    by_id = {u.id: u for u in call.utterances}
    grouped: dict[str, list[Finding]] = {}
    order: list[str] = []
    for finding in findings:
        uid = finding.evidence[0].utterance_id if finding.evidence else ""
        if uid not in grouped:
            grouped[uid] = []
            order.append(uid)
        grouped[uid].append(finding)
    result: list[Finding] = []
    for uid in order:
        utterance = by_id.get(uid)
        own = grouped[uid]
        if utterance is None:
            result.extend(own)
            continue
        text = utterance.text
        joined: list[Finding] = []
        for finding in sorted(own, key=lambda f: _span(f)[0]):
            if joined:
                last = joined[-1]
                (a, b), (c, d) = _span(last), _span(finding)
                if b <= c and not text[b:c].strip() and len(finding.evidence) == 1:
                    quote = _clean(text[c:d])
                    if len(_words(text[a:b])) <= _LEAD_IN_JOIN:
                        joined[-1] = replace(finding, evidence=(Evidence.of(utterance, a, d),))
                        continue
                    if (
                        _CONTINUES.match(quote)
                        or _META.search(quote)
                        or finding.attributes.get("rule") == "no-oversell"
                    ):
                        # 1.26: "So I wouldn't guarantee that there." right after a limit is
                        # its consequence, one moment with it
                        joined[-1] = replace(last, evidence=(Evidence.of(utterance, a, d),))
                        continue
                if (
                    b <= c
                    and len(finding.evidence) == 1
                    and len(split_sentences(text[b:c])) <= 1
                    and _REFERRAL.search(_clean(text[c:d]))
                ):
                    joined[-1] = replace(last, evidence=(Evidence.of(utterance, a, d),))
                    continue
            joined.append(finding)
        result.extend(_run_on(utterance, joined))
    return result


def _run_on(utterance: Utterance, own: list[Finding]) -> list[Finding]:
    """Each finding extended over the sentences right after it that only go on with its
    point (``_CONTINUES``, ``_META``) and that no other finding holds."""
    text = utterance.text
    sentences = list(_sentences(text))
    out: list[Finding] = []
    for index, finding in enumerate(own):
        if len(finding.evidence) != 1:
            out.append(finding)
            continue
        start, end = _span(finding)
        limit = _span(own[index + 1])[0] if index + 1 < len(own) else len(text)
        for a, b, sentence in sentences:
            if a < end:
                continue
            quote = _clean(sentence)
            if (
                b > limit
                or text[end:a].strip()
                or not (_CONTINUES.match(quote) or _META.search(quote))
            ):
                break
            end = b
        if end != _span(finding)[1]:
            finding = replace(finding, evidence=(Evidence.of(utterance, start, end),))
        out.append(finding)
    return out


_SHORT_CHALLENGE = 8  # words: "I doubt it's theft." is the lead-in of the reason after it


def extend_short_challenges(
    call: Call, findings: Sequence[Finding], limit: int = _SHORT_CHALLENGE
) -> list[Finding]:
    """A short challenge ("I doubt it's theft.", "I'd push back on that.") is the lead-in
    of its reason: the finding runs on over the next sentence of the same turn when that
    sentence gives the reason (no question, no pitch) and no other finding holds it.
    ``limit``: the most words a lead-in has (challenge 1.16.0 passes its ``lead_in_words``)."""
    by_id = {u.id: u for u in call.utterances}
    taken = _taken_spans(findings)
    result: list[Finding] = []
    for finding in findings:
        utterance = _quoted_utterance(finding, by_id)
        if utterance is None:
            result.append(finding)
            continue
        start, end = _span(finding)
        text = utterance.text
        if len(_words(text[start:end])) > limit:
            result.append(finding)
            continue
        following = next(((a, b) for a, b, _ in _sentences(text) if a >= end), None)
        if following is not None:
            a, b = following
            sentence = text[a:b]
            if (
                not text[end:a].strip()
                and not is_question(sentence)
                and len(_words(sentence)) >= 4
                and not _FIRST_PERSON_START.match(_clean(sentence))
                and not _has("benefit", sentence)
                and not _has("agree", sentence)
                and not any(s < b and a < e for s, e in taken[utterance.id])
            ):
                finding = replace(finding, evidence=(Evidence.of(utterance, start, b),))
        result.append(finding)
    return result


_CONSENT_WORDS = 8  # words: "Sure, go ahead." grants the floor; a longer reply is its own point
_REFUSAL = re.compile(r"^(?:no\b|nope|not (?:now|really|yet|today)|actually|hold on|wait|let me)")


def invited_turns(call: Call, context: DetectionContext, wide: bool = False) -> dict[str, str]:
    """Rep utterances the buyer agreed to hear a challenge in, each with the buyer's words
    so far: the rep asked leave ("Can I push on that a little?", "Mind if I share
    something we've seen?"), the buyer said yes in a few words ("Sure. Go ahead."), and
    the rep's next statement turn is the challenge (a setup question in between, with its
    short answer, keeps the leave open). ``wide`` (1.14, ``invited-body``) also reads a
    ``leave_request`` ("Would you mind if I argue against that?") as asking leave."""
    out: dict[str, str] = {}
    buyer: list[str] = []
    asked = consent = False
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        text = utterance.text
        if role == "prospect":
            buyer.append(text)
            if asked:
                short = len(_words(text)) <= _CONSENT_WORDS
                consent = short and not _REFUSAL.match(_clean(text))
                asked = consent
            continue
        if role != "rep":
            continue
        last = _clean(_last_sentence(text))
        if consent:
            out[utterance.id] = " ".join(buyer)
            # a setup question keeps the leave open for the turn after its answer
            asked = is_question(last) and not _has("invite", last)
            consent = False
        asks = _has("invite", last) and (is_question(last) or last.startswith("let me"))
        if asks or (wide and leave_request(last)):
            asked, consent = True, False
    return out


def drop_next_steps(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """Challenge findings less any sentence that is a next step or a scheduling line ("Then
    let's get the draft to your counsel today, so legal isn't the hold-up."): such a
    sentence is cut from the ends of a finding, and a finding left empty is dropped."""
    by_id = {u.id: u for u in call.utterances}
    result: list[Finding] = []
    for finding in findings:
        utterance = _quoted_utterance(finding, by_id)
        if utterance is None:
            result.append(finding)
            continue
        start, end = _span(finding)
        end = min(end, len(utterance.text))
        parts = [
            (max(a, start), min(b, end))
            for a, b, _ in _sentences(utterance.text)
            if a < end and start < b
        ]
        while parts and _has("next-step", _clean(utterance.text[parts[0][0] : parts[0][1]])):
            parts.pop(0)
        while parts and _has("next-step", _clean(utterance.text[parts[-1][0] : parts[-1][1]])):
            parts.pop()
        if not parts:
            continue
        if (parts[0][0], parts[-1][1]) != (start, end):
            finding = replace(
                finding, evidence=(Evidence.of(utterance, parts[0][0], parts[-1][1]),)
            )
        result.append(finding)
    return result


_OURS = re.compile(r"\b(?:we|we'\w+|us|our|ours|i|i'\w+|my)\b")


_WE = re.compile(r"\b(?:we|we'\w+|us|our|ours)\b")


def reframes_ours(sentence: str, rival: Lexicon) -> bool:
    """candor 1.22 (``ours-reframe``): ``sentence`` names us (``_WE``: we, us, our, never
    the speaker's own "I") and the challenge lexicon reads only a reframe in it ("We're not
    the answer for the burners."): a limit of ours said in a challenge's words, not a
    push-back (a ``disagreement``) or the speaker's view of the buyer's plan."""
    if not _WE.search(_clean(sentence)):
        return False
    categories = {m.category for m in rival.finditer(sentence) if not m.category.startswith("not-")}
    return categories == {"reframe"}


# candor 1.22 (``ours-reframe``): what we sell said not to do something ahead ("It won't
# end the late deliveries.", "They'll flag it, but they won't repair it."): the sentence's
# first future or conditional negation has ``it`` / ``they`` for its subject, never a plan of
# the buyer's ("a second van won't …", "more staff won't fix it, and they won't …").
_NOT_AHEAD = re.compile(
    r"\b(?:won'?t|will not|wouldn'?t|would not|isn'?t going to|aren'?t going to)\b"
)
_OURS_AHEAD = re.compile(r"(?:^|[,;:]|\b(?:and|but|so|though))\s?(?:it|they)\s$")


def limit_ahead(finding: Finding) -> bool:
    """candor 1.22 (``ours-reframe``): a limit the not-ours guard reads as the buyer's plan
    falling short (``challenged_limit``) whose first negation ahead says what *it* / *they*
    (what we sell) will not do: ours, said ahead, so candor."""
    if len(finding.evidence) != 1:
        return False
    quote = _clean(finding.evidence[0].quote)
    first = _NOT_AHEAD.search(quote)
    return first is not None and bool(_OURS_AHEAD.search(quote[: first.start()]))


def challenged_limit(finding: Finding) -> bool:
    """A limit said of something that is not ours, in words the challenge lexicon reads
    ("They don't touch the part the audit couldn't prove.", of the buyer's planned
    fridges): the buyer's plan falls short, which is a challenge, not candor."""
    if finding.attributes.get("kind") != "limit" or len(finding.evidence) != 1:
        return False
    quote = finding.evidence[0].quote
    if _OURS.search(_clean(quote)):
        return False
    return any(not m.category.startswith("not-") for m in load_lexicon("challenge").finditer(quote))


# -- learned heads (1.8) ----------------------------------------------------------------
# A logistic regression per move on the shipped MiniLM sentence embedding
# (``callcoach.nlp.heads``; ``training/heads/{challenge,candor}.jsonl``, invented rows). It
# reads the rep's declarative sentences of six words or more (``head_candidates``) and joins
# the rules as the detector's ``head_mode`` says (chosen by leave-one-call-out,
# scripts/loco_stance_heads.py; docs/evaluation/stance.md):
#
# - ``rules``: the head is not consulted;
# - ``head``: the head's sentences only (for the published head-only numbers);
# - ``or``: the rules' findings plus each candidate the head scores at ``head_add`` or more;
# - ``veto``: the rules' findings less those whose sentences the head all scores below
#   ``head_veto`` (a finding with no candidate sentence is kept);
# - ``or-veto``: both.
#
# A sentence the head adds passes the same structural gates as a rule's (``gate``): the
# lexicon's vetoes, and for challenge never an answer to the buyer's question nor a next
# step, for candor never the price or terms the buyer asked for.

HEAD_MODES = ("rules", "head", "or", "veto", "or-veto")
_HEAD_MIN_WORDS = 6


@dataclass(frozen=True)
class HeadSentence:
    """A rep sentence the head reads: ``utterance.text[start:end]``."""

    utterance: Utterance
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.utterance.text[self.start : self.end]


def head_candidates(call: Call, context: DetectionContext) -> list[HeadSentence]:
    """The rep's sentences a head reads: declarative (a question is neither move's form the
    head was trained on) and of six words or more (shorter ones carry too little to judge
    alone). Empty when the roles are not known."""
    if not context.roles.available:
        return []
    out: list[HeadSentence] = []
    for utterance in call.utterances:
        if context.roles.role_of(utterance.speaker) != "rep":
            continue
        for start, end, sentence in _sentences(utterance.text):
            if len(_words(sentence)) >= _HEAD_MIN_WORDS and not is_question(sentence):
                out.append(HeadSentence(utterance, start, end))
    return out


def head_texts(call: Call, context: DetectionContext) -> list[str]:
    """The distinct texts of ``head_candidates`` (what a head adds to the embedding pass)."""
    return list(dict.fromkeys(s.text for s in head_candidates(call, context)))


def runs_that_can_count(
    candidates: Sequence[HeadSentence], found: Sequence[Finding], keep: Callable[[str], bool]
) -> list[HeadSentence]:
    """The ``candidates`` whose head score can change what ``combine_head`` returns in an
    adding mode, when its gate only passes an added finding whose text ``keep`` accepts:
    a run of candidates that follow each other in a turn with nothing but space between
    them (the most ``combine_head`` joins into one added finding) counts when ``keep``
    accepts the run's whole text or when one of its sentences touches or overlaps a rule
    finding in ``found`` (which it may extend). Every other candidate's score is never
    read, so it need not be embedded."""
    runs: list[list[HeadSentence]] = []
    for sentence in candidates:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last.utterance.id == sentence.utterance.id
            and last.end <= sentence.start
            and not sentence.utterance.text[last.end : sentence.start].strip()
        ):
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    out: list[HeadSentence] = []
    for run in runs:
        text = run[0].utterance.text[run[0].start : run[-1].end]
        if keep(text) or any(
            _adjacent(s, f) or _overlaps(s, f) for s in run for f in found if f.evidence
        ):
            out.extend(run)
    return out


def head_context(call: Call, context: DetectionContext, sentence: HeadSentence) -> str:
    """The buyer's turn a two-turn head reads before ``sentence`` (1.11): the last prospect
    turn before its utterance, or, when that is a short reply handing the floor back ("Sure.",
    "Go on.", "Yeah, mostly."), the last of the buyer's longer turns before it (the claim
    the rep answers, as ``follows_claim`` reads it); "" when the buyer has not spoken."""
    buyer: list[str] = []
    for utterance in call.utterances:
        if utterance.id == sentence.utterance.id:
            break
        if context.roles.role_of(utterance.speaker) == "prospect":
            buyer.append(utterance.text)
    if not buyer:
        return ""
    for turn in reversed(buyer[-1 - _HISTORY :]):
        if len(_words(turn)) > _SHORT_REPLY:
            return turn
    return buyer[-1]


def head_scores(
    name: str,
    call: Call,
    context: DetectionContext,
    directory: Path | None = None,
    sentences: Sequence[HeadSentence] | None = None,
) -> list[tuple[HeadSentence, float]]:
    """Each candidate sentence (``sentences``, else every ``head_candidates`` one) with head
    ``name``'s P(yes), from the call's shared embeddings (the package's embedder when the
    context has none); a two-turn head (``features: pair``) reads each sentence with
    ``head_context``. ``directory``: where the head is (the shipped models when None)."""
    from callcoach.nlp.heads import PAIR_FEATURES, load_head
    from callcoach.nlp.linear import MODELS_DIR

    candidates = head_candidates(call, context) if sentences is None else list(sentences)
    if not candidates:
        return []
    embedder = context.embedder
    if embedder is None:
        from callcoach.nlp.embeddings import default_embedder

        embedder = default_embedder()
    head = load_head(name, MODELS_DIR if directory is None else directory)
    if head.features == PAIR_FEATURES:
        contexts = [head_context(call, context, c) or "(no earlier turn)" for c in candidates]
        pairs = head.pair_probabilities(contexts, [c.text for c in candidates], embedder)
        return [(c, float(p)) for c, p in zip(candidates, pairs.tolist(), strict=True)]
    texts = list(dict.fromkeys(c.text for c in candidates))
    probability = dict(zip(texts, head.probabilities(texts, embedder).tolist(), strict=True))
    return [(c, float(probability[c.text])) for c in candidates]


Gate = Callable[[list[Finding]], list[Finding]]


def check_head_mode(detector: str, mode: object) -> str:
    """``mode`` when it is one of ``HEAD_MODES``; else a clear configuration error."""
    if not isinstance(mode, str) or mode not in HEAD_MODES:
        raise DetectorConfigError(
            f"{detector}: head_mode must be one of {', '.join(HEAD_MODES)}, got {mode!r}"
        )
    return mode


def combine_head(
    detector: LexiconDetector,
    call: Call,
    found: Sequence[Finding],
    scored: Sequence[tuple[HeadSentence, float]],
    mode: str,
    add: float,
    veto: float,
    gate: Gate,
) -> list[Finding]:
    """The rules' ``found`` and the head's ``scored`` sentences joined as ``mode`` says
    (see the section comment; in ``head`` mode ``add`` is the head's own threshold); the
    head's additions pass ``gate``, and adjacent added sentences of one turn are one
    finding."""
    check_head_mode(detector.name, mode)
    if mode == "rules":
        return list(found)
    kept: list[Finding] = []
    if mode != "head":
        for finding in found:
            over = [p for s, p in scored if _overlaps(s, finding)]
            if mode in ("veto", "or-veto") and over and max(over) < veto:
                continue
            kept.append(finding)
    if mode == "veto":
        return kept
    lexicon = detector.phrases()
    added: list[Finding] = []
    for sentence, p in scored:
        if p < add or any(_overlaps(sentence, f) for f in kept):
            continue
        if any(m.category.startswith("not-") for m in lexicon.finditer(sentence.text)):
            continue
        # a sentence right before or after a rule's finding in its turn extends it: one
        # passage is one moment
        touching = [i for i, f in enumerate(kept) if _adjacent(sentence, f)]
        if touching:
            f = kept[touching[0]]
            start, end = _span(f)
            evidence = Evidence.of(
                sentence.utterance, min(start, sentence.start), max(end, sentence.end)
            )
            kept[touching[0]] = replace(f, evidence=(evidence,))
            continue
        last = added[-1] if added else None
        if (
            last is not None
            and last.evidence[0].utterance_id == sentence.utterance.id
            and not sentence.utterance.text[_span(last)[1] : sentence.start].strip()
        ):
            evidence = Evidence.of(sentence.utterance, _span(last)[0], sentence.end)
            added[-1] = replace(
                last, evidence=(evidence,), confidence=round(max(last.confidence, p), 4)
            )
            continue
        added.append(
            detector.finding(
                detector.label or detector.name,
                [Evidence.of(sentence.utterance, sentence.start, sentence.end)],
                p,
                kind="head",
                rule="head",
                speaker_role="rep",
            )
        )
    if not added:
        return kept
    return _in_call_order(call, kept + gate(added))


# -- the reply veto (1.16) ----------------------------------------------------------------
# A two-turn head reading a rep sentence with the other speaker's *next* turn (how the buyer
# took it: a challenge is pushed back on, weighed or conceded; a pitch is nodded through)
# ranks the rules' challenge findings better on every writer, but no probability cut-off
# chosen on some writers held on the others. A cap on how many findings it may remove per
# call bounds what a writer whose scores sit lower can lose (docs/evaluation/stance.md).


def reply_turn(call: Call, utterance: Utterance) -> str:
    """The next turn by another speaker after ``utterance`` ("" at the call's end), as
    ``moment_rows`` gives a training row's ``following``."""
    after = False
    for other in call.utterances:
        if after and other.speaker != utterance.speaker:
            return other.text
        after = after or other.id == utterance.id
    return ""


def reply_sentences(
    call: Call, context: DetectionContext, found: Sequence[Finding]
) -> list[HeadSentence]:
    """The head candidates (``head_candidates``) that overlap a finding of ``found`` and
    have a turn after them: the only sentences a reply veto reads (with no reply there is
    nothing the two-turn head was chosen for; no rule finding of the 56 read calls sits
    there)."""
    return [
        s
        for s in head_candidates(call, context)
        if any(_overlaps(s, f) for f in found) and reply_turn(call, s.utterance)
    ]


def reply_texts(call: Call, context: DetectionContext, found: Sequence[Finding]) -> list[str]:
    """The distinct texts a reply veto embeds: each read sentence and the turn after it."""
    out: list[str] = []
    for s in reply_sentences(call, context, found):
        out += [s.text, reply_turn(call, s.utterance)]
    return list(dict.fromkeys(out))


def reply_veto(
    call: Call,
    context: DetectionContext,
    found: Sequence[Finding],
    head_name: str,
    veto: float,
    cap: int,
) -> list[Finding]:
    """``found`` less at most ``cap`` findings (the lowest-scored) whose sentences the
    two-turn reply head ``head_name`` all scores below ``veto``; a finding with no head
    candidate sentence (a question, a short sentence, nothing said after it) is kept."""
    from callcoach.nlp.heads import load_head

    sentences = reply_sentences(call, context, found)
    if not sentences or veto <= 0.0 or cap <= 0:
        return list(found)
    embedder = context.embedder
    if embedder is None:
        from callcoach.nlp.embeddings import default_embedder

        embedder = default_embedder()
    turns = [reply_turn(call, s.utterance) for s in sentences]
    p = load_head(head_name).pair_probabilities(turns, [s.text for s in sentences], embedder)
    low: list[tuple[float, int]] = []
    for i, finding in enumerate(found):
        over = [
            float(q) for s, q in zip(sentences, p.tolist(), strict=True) if _overlaps(s, finding)
        ]
        if over and max(over) < veto:
            low.append((max(over), i))
    gone = {i for _, i in sorted(low)[:cap]}
    return [f for i, f in enumerate(found) if i not in gone]


def buyer_turns_before(call: Call, context: DetectionContext, finding: Finding) -> list[str]:
    """The buyer's turns before the finding's (first evidence) utterance, oldest first."""
    out: list[str] = []
    for utterance in call.utterances:
        if utterance.id == finding.evidence[0].utterance_id:
            break
        if context.roles.role_of(utterance.speaker) == "prospect":
            out.append(utterance.text)
    return out


#: challenge 1.13 (``plan-stated``): a plan or a belief the buyer said in the first person
_PLAN_STATED = re.compile(
    r"\b(?:plans?|planned|planning|budget(?:ed)?|(?:i|we) (?:think|thought|reckon|figured|"
    r"assumed|believe)|going to|gonna|i'll|we'll|i will|we will|hire|hiring)\b"
)


def unstated_plan(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """A ``plan`` finding (what the buyer's plan only does) when none of the buyer's turns
    the rule reads (the last and the ``_HISTORY`` before it) states a plan or a belief: the
    rep then describes a workflow, recaps a loss or answers a question, disputing nothing."""
    if finding.attributes.get("rule") != "plan":
        return False
    turns = buyer_turns_before(call, context, finding)[-1 - _HISTORY :]
    return not any(_PLAN_STATED.search(turn.lower().replace("\u2019", "'")) for turn in turns)


def follows_claim(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """The buyer's turn before the finding states a belief or a plan (``is_claim``), or is
    a short reply ("Yeah, mostly.") handing the floor back to a claim one or two buyer turns
    earlier: what a challenge answers (the rules' ``direct`` reading)."""
    if not finding.evidence:
        return False
    buyer = buyer_turns_before(call, context, finding)
    if not buyer:
        return False
    prev = buyer[-1]
    if is_claim(prev):
        return True
    return (
        len(_words(prev)) <= _SHORT_REPLY
        and not is_question(_last_sentence(prev))
        and any(is_claim(turn) for turn in buyer[-1 - _HISTORY : -1])
    )


#: Per detector class, the rules' findings of the last call: in ``or`` mode both
#: ``embedding_texts`` and ``detect`` start from them (found once per call).
_LAST_RULE_FINDINGS: dict[type, LastCall[tuple[Finding, ...]]] = {}


class StanceHeadDetector(LexiconDetector):
    """A stance detector whose rules (``rule_findings``) a learned head joins as its
    ``head_mode`` parameter says (``combine_head``); the head's additions pass
    ``head_gate``. The head reads the sentences of ``head_candidates``; a subclass whose
    default ``HEAD_MODE`` is not ``rules`` sets ``needs_embeddings`` so that they join the
    call's shared embedding pass (``embedding_texts``); switched on by parameter alone, they
    are embedded through the context's embedder in a pass of their own."""

    needs_embeddings: ClassVar[bool] = False
    HEAD_MODE: ClassVar[str] = "rules"
    HEAD_ADD: ClassVar[float] = 1.0
    HEAD_VETO: ClassVar[float] = 0.0

    @classmethod
    def default_params(cls) -> dict[str, Any]:
        return {"head_mode": cls.HEAD_MODE, "head_add": cls.HEAD_ADD, "head_veto": cls.HEAD_VETO}

    def rule_findings(self, call: Call, context: DetectionContext) -> list[Finding]:
        """The rules' findings, before the head."""
        return LexiconDetector.detect(self, call, context)

    def head_gate(self, call: Call, context: DetectionContext) -> Gate:
        """What the head's additions must pass besides the lexicon's vetoes."""
        return list

    def head_sentences(
        self, call: Call, context: DetectionContext, found: Sequence[Finding]
    ) -> list[HeadSentence]:
        """The candidates the head scores, given the rules' ``found``: every one unless a
        subclass knows that some scores cannot change the result (``runs_that_can_count``)."""
        return head_candidates(call, context)

    def _rules_once(self, call: Call, context: DetectionContext) -> list[Finding]:
        """``rule_findings``, remembered for the last call (same call, roles, embedder and
        required findings by identity; same params), so that ``embedding_texts`` and
        ``detect`` in ``or`` mode find them once."""
        memo = _LAST_RULE_FINDINGS.setdefault(type(self), LastCall())
        found = memo.get(
            (call, context.roles, context.embedder, *context.findings.values()),
            (repr(sorted(self._params.items())), tuple(context.findings)),
            lambda: tuple(self.rule_findings(call, context)),
        )
        return list(found)

    def detect(self, call: Call, context: DetectionContext) -> list[Finding]:
        """The rules' findings joined with the learned head's as ``head_mode`` says."""
        mode = check_head_mode(self.name, self._params["head_mode"])
        if mode == "rules":
            return self.rule_findings(call, context)
        found = (
            self._rules_once(call, context) if mode == "or" else self.rule_findings(call, context)
        )
        sentences = self.head_sentences(call, context, found) if mode == "or" else None
        return self.with_head(
            call, context, found, head_scores(self.name, call, context, sentences=sentences)
        )

    def with_head(
        self,
        call: Call,
        context: DetectionContext,
        found: Sequence[Finding],
        scored: Sequence[tuple[HeadSentence, float]],
        mode: str | None = None,
        add: float | None = None,
        veto: float | None = None,
    ) -> list[Finding]:
        """``found`` joined with the head's ``scored`` sentences (``combine_head``); the
        mode and thresholds default to the detector's parameters, and in ``head`` mode the
        threshold is the head's own."""
        p = self._params
        mode = str(p["head_mode"]) if mode is None else mode
        if mode == "head":
            from callcoach.nlp.heads import load_head

            add = load_head(self.name).threshold
        return combine_head(
            self,
            call,
            found,
            scored,
            mode,
            float(p["head_add"]) if add is None else add,
            float(p["head_veto"]) if veto is None else veto,
            self.head_gate(call, context),
        )

    def embedding_texts(self, call: Call, context: DetectionContext) -> list[str]:
        """The rep sentences the head reads (``head_candidates``; in ``or`` mode only
        ``head_sentences``), unless it is off."""
        mode = self._params["head_mode"]
        if mode == "rules":
            return []
        if mode != "or":
            return head_texts(call, context)
        sentences = self.head_sentences(call, context, self._rules_once(call, context))
        return list(dict.fromkeys(s.text for s in sentences))


def _adjacent(sentence: HeadSentence, finding: Finding) -> bool:
    """``finding`` (one quote) sits right before or after ``sentence`` in its turn."""
    if len(finding.evidence) != 1 or finding.evidence[0].utterance_id != sentence.utterance.id:
        return False
    start, end = _span(finding)
    text = sentence.utterance.text
    return (
        not text[end : sentence.start].strip()
        if end <= sentence.start
        else (sentence.end <= start and not text[sentence.end : start].strip())
    )


def _overlaps(sentence: HeadSentence, finding: Finding) -> bool:
    evidence = finding.evidence[0] if finding.evidence else None
    if evidence is None or evidence.utterance_id != sentence.utterance.id:
        return False
    start, end = _span(finding)
    return start < sentence.end and sentence.start < end


# -- 1.9: challenge passages and look-alikes, read off the 28 read calls' false alarms -----

# A turn that plays the buyer's words back ("Let me play back what I've heard …", "…
# Did I miss anything?") restates the buyer's view: nothing in it disputes it.
_PLAYBACK = re.compile(
    r"\b(?:play (?:it |that |this |all that |those )?back|let me (?:recap|summari[sz]e|sum "
    r"(?:it|that|this|up)|read (?:it|that|this) back|make sure i|check i)|make sure i'?(?:ve| "
    r"have)? (?:heard|got|understood|captured)|so what i'?m hearing|to recap|to sum up|if "
    r"i'?ve got (?:this|that|you|it) right|where i'?ve got (?:it|that|anything|something) "
    r"wrong|(?:did|have) i (?:miss|missed) anything|did i get (?:that|it|all that) right)\b"
)
# 1.11 (``playback-say``, off by default): "I'm going to say it back to you"
_PLAYBACK_SAY = re.compile(
    r"\b(?:say|read|give) (?:it|that|this|all (?:of )?that|those|them) back\b"
)


def playback_turn(call: Call, finding: Finding, say: bool = False) -> bool:
    """The finding sits in a rep turn that plays the buyer's words back (``playback``;
    with ``say``, also "say it back", 1.11's ``playback-say``)."""
    if not finding.evidence:
        return False
    for utterance in call.utterances:
        if utterance.id == finding.evidence[0].utterance_id:
            text = _clean(utterance.text)
            return bool(_PLAYBACK.search(text) or (say and _PLAYBACK_SAY.search(text)))
    return False


_THIN_CONTENT = 2  # content words evidence must say beyond its frame
# 1.11: also the evidence read with a contrast ("That's what we tend to see.")
_THIN_RULES = frozenset({"evidence-plain", "evidence"})


def thin_evidence(call: Call, finding: Finding, contrast: bool = False) -> bool:
    """An ``evidence-plain`` finding (with ``contrast``, 1.11's ``evidence-contrast``, also
    an ``evidence`` one) whose sentence is only the frame ("That's what we see too."):
    agreement, with nothing the evidence shows (``evidence-content``)."""
    if finding.attributes.get("rule") not in (_THIN_RULES if contrast else {"evidence-plain"}):
        return False
    quote = _clean(_finding_quote(call, finding))
    rest = quote
    for match in reversed(list(_forms("evidence").finditer(quote))):
        rest = rest[: match.start] + " " + rest[match.end :]
    return len(_content(_words(rest))) < _THIN_CONTENT


_OWN_LIMIT = ("limitation",)


def own_limit(call: Call, finding: Finding) -> bool:
    """Every sentence of the finding states a limit of ours ("Connect doesn't touch the
    charting."): candor about what we sell, not a dispute of the buyer's view
    (``own-limit``)."""
    quote = _finding_quote(call, finding)
    sentences = [text for _, _, text in _sentences(quote) if len(_words(text)) >= 3]
    return bool(sentences) and all(_candor_rule(text) in _OWN_LIMIT for text in sentences)


def own_limit_named(call: Call, finding: Finding) -> bool:
    """1.11 (``own-limit-named``): a sentence of the finding states a limit of ours in the
    first person ("it's our weak spot", "we don't cover that") and no sentence of it brings
    evidence from the field: the rep is being candid about what we sell, not disputing the
    buyer's view."""
    quote = _finding_quote(call, finding)
    sentences = [text for _, _, text in _sentences(quote) if len(_words(text)) >= 3]
    return any(
        _candor_rule(text) in _OWN_LIMIT and bool(_WE.search(_clean(text))) for text in sentences
    ) and not any(_has("evidence", text) or _field_evidence(text) for text in sentences)


def advice_not_plan(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """1.11 (``advice``): every sentence of the finding advises buying less or later ("the
    calf package I wouldn't buy") without disputing a plan the buyer just stated
    (``advises_against_plan``): candor about what we sell, as ``challenge_hits`` already
    reads it, now also for the lexicon's findings. A refusal ("I won't cut the price,
    because price isn't the risk") keeps its challenge."""
    if not finding.evidence:
        return False
    prev = _buyer_before(call, context, finding.evidence[0])
    quote = _finding_quote(call, finding)
    sentences = [text for _, _, text in _sentences(quote) if len(_words(text)) >= 3]
    return bool(sentences) and all(
        (_has("less", text) or _has("not-now", text)) and not advises_against_plan(text, prev)
        for text in sentences
    )


# 1.11 (``after-offer``): the rep has turned to our offer earlier in the same turn ("So
# here's what I'd do for you", "we could spread the setup", "you're getting the whole bundle
# with us", "that's the trend report"): what follows describes or defends the offer
_OFFER_TURN = re.compile(
    r"\b(?:here'?s what (?:i|we)(?:'d| would) (?:do|suggest|recommend|propose)|with us\b|"
    r"you'?re getting|we (?:can|could)\b(?!'?t| not)|we(?:'d| would) (?!have\b)|"
    r"we(?:'ll| will)\b|our (?:\w+ )?(?:app|platform|system|module|camera|cameras|sensor|"
    r"sensors|tool|report|product|package|bundle|software|service|add-on)s?\b|(?:that'?s|"
    r"this is|there'?s) (?:the|our) (?:\w+ )?(?:report|module|feature|screen|dashboard|app|"
    r"add-on)\b)"
)


# 1.11 (``reassure``): a worry lifted ("which is never a problem in practice", "no
# worries there") is a reassurance, not a dispute of the buyer's view
_REASSURANCE = re.compile(
    r"\b(?:(?:is|'s|are|'re|was|were) (?:never|not|rarely|hardly ever) (?:really )?(?:a|an) "
    r"(?:problem|issue|worry|concern|big deal)|no (?:problem|worries)|don'?t worry|nothing to "
    r"worry about)\b"
)


def reassurance(call: Call, finding: Finding) -> bool:
    """Every sentence of the finding reassures (``_REASSURANCE`` or the candor rules'
    ``reassure`` form)."""
    quote = _finding_quote(call, finding)
    sentences = [text for _, _, text in _sentences(quote) if len(_words(text)) >= 3]
    return bool(sentences) and all(
        bool(_REASSURANCE.search(_clean(text))) or _has("reassure", text) for text in sentences
    )


def after_offer(call: Call, finding: Finding) -> bool:
    """The rep's turn turned to our offer before the finding (``_OFFER_TURN``): a
    challenge disputes the buyer's view before any pitch; once the rep is presenting the
    offer, "It counts every fish …" or "they're built for general repair, not tires"
    describe or defend it."""
    if not finding.evidence:
        return False
    evidence = finding.evidence[0]
    for utterance in call.utterances:
        if utterance.id == evidence.utterance_id:
            return bool(_OFFER_TURN.search(_clean(utterance.text[: _span(finding)[0]])))
    return False


# challenge 1.12.0 (``product-subject``): a sentence whose subject is a product, ours or a
# named one, doing something ("It flags the odd ones to your team", "PlanLoop books the slot
# and ..."): the rep describes what is sold, not the buyer's view of their problem or approach
_SUBJECT_OPENERS = re.compile(
    r"^(?:(?:and|so|but|well|oh|now|look|see|yeah|yes|right|okay|ok|honestly)[,.]?\s+)*",
    re.IGNORECASE,
)
_VOCATIVE = re.compile(r"^[A-Z][a-z]+,\s+")
_NAMED_PRODUCT = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]+\b(?!'s\b)")
_PRODUCT_DOES = re.compile(
    r"^(?:it|the (?:app|system|platform|software|tool|dashboard|sensor|scale|camera|report|"
    r"module|portal|service|unit|device|logger|meter)s?)\s+(?!(?:is|was|has|does|only|still|"
    r"just|never|also|always)\b|\w+n'?t\b)[a-z]+(?<!ing)s\b",
    re.IGNORECASE,
)
# a subject that shows, says or suggests something brings evidence ("The readings show …")
_SHOWS = re.compile(
    r"^\S+(?:\s+\S+){0,2}?\s+(?:shows?|says?|tells?|suggests?|means?|proves?|confirms?)\b",
    re.IGNORECASE,
)
_NAMED_LIMIT = re.compile(
    r"^\S+\s+(?:only|still|just|never|won'?t|can'?t|doesn'?t|isn'?t|wouldn'?t|couldn'?t|"
    r"will not|cannot|does not|is not)\b",
    re.IGNORECASE,
)


def product_subject(call: Call, finding: Finding) -> bool:
    """challenge 1.12.0 (``product-subject``): the finding's first sentence opens (after
    "and", "so", "well" … and a name said to the buyer) with a product doing something:
    a CamelCase product name (ours or a competitor's) not followed by a limit ("FooDesk
    only …", "FooDesk won't …" may dispute the buyer's choice of it), or, once the rep's
    turn has turned to our offer (``after_offer``), "it" / "the app", "the sensors" … with
    an affirmative present-tense verb ("It grades every section"). Never a product that
    shows, says or suggests something (evidence from the buyer's own data). A challenge is
    about the buyer's view of their problem or approach; this is a pitch."""
    quote = _finding_quote(call, finding)
    sentences = [text for _, _, text in _sentences(quote) if len(_words(text)) >= 3]
    if not sentences:
        return False
    head = _VOCATIVE.sub("", _SUBJECT_OPENERS.sub("", sentences[0].strip(), count=1), count=1)
    if _SHOWS.match(head):
        return False
    if _NAMED_PRODUCT.match(head):
        return not _NAMED_LIMIT.match(head)
    return bool(_PRODUCT_DOES.match(head)) and after_offer(call, finding)


_WE = re.compile(r"\b(?:we|we'\w+|us|our|ours)\b")
_ANNOUNCE_CONTENT = 2  # content words: "I'd question that a little, if you'll let me."


def announce_statements(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """1.11 (``announce-statement``): a finding that only names the move ("I'd question that
    a little, if you'll let me.": at most two content words) announces the challenge a later
    finding of the same turn holds, like the request ``announce_challenges`` drops."""
    result: list[Finding] = []
    for finding in findings:
        if len(finding.evidence) == 1:
            quote = _full_quote(call, finding.evidence[0])
            if (
                len(_content(_words(quote))) <= _ANNOUNCE_CONTENT
                and not all(is_question(text) for _, _, text in _sentences(quote))
                and _followed_in_turn(finding, findings)
            ):
                continue
        result.append(finding)
    return result


def _followed_in_turn(finding: Finding, findings: Sequence[Finding]) -> bool:
    """Whether another finding starts in the same turn after ``finding`` ends."""
    uid = finding.evidence[0].utterance_id
    return any(
        other.evidence
        and other.evidence[0].utterance_id == uid
        and _span(other)[0] >= _span(finding)[1]
        for other in findings
    )


def announce_challenges(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """A finding that is only a request to push back ("Can I push back on that a bit,
    Dave?") announces the challenge: when a later finding of the same turn holds the
    challenge itself, the request is no moment of its own (``announce``)."""
    result: list[Finding] = []
    for finding in findings:
        if (
            len(finding.evidence) == 1
            and all(
                is_question(text)
                for _, _, text in _sentences(_full_quote(call, finding.evidence[0]))
            )
            and _followed_in_turn(finding, findings)
        ):
            continue
        result.append(finding)
    return result


# -- 1.9: candor ------------------------------------------------------------------------

# A limit played down ("most of our customers don't even notice") is reassurance
_MINIMISE = re.compile(
    r"\b(?:most|many|almost all|nearly all|the majority|nine out of ten) (?:of )?(?:our |the |"
    r"my )?(?:\w+ )?(?:customers|clients|firms|users|teams|practices|sites|people|shops|"
    r"stores|members|schools|clinics|companies) (?:don'?t|never|barely|hardly|won'?t) (?:even |"
    r"really |ever )?(?:notice|mind|care|miss|use it|need it|see it)\b"
)


def minimised(call: Call, finding: Finding) -> bool:
    """The finding plays a limit down ("…, and honestly most of our firms don't even
    notice."): reassurance, not candor (``minimise``)."""
    return bool(_MINIMISE.search(_clean(_finding_quote(call, finding))))


# candor 1.12.0 (``reassure``): a worry waved away ("honestly, signal is never an issue for
# it", "there's a small fee, but you won't even feel it"): the rep plays a risk or a cost
# down, which is the opposite of being upfront about it
_WAVED_AWAY = re.compile(
    r"\b(?:(?:is|'s|are|'re|was|were) (?:never|not|rarely|hardly ever) (?:really )?(?:a|an) "
    r"(?:problem|issue|worry|concern|big deal)|no (?:problem|worries)|don'?t worry|nothing to "
    r"worry about|won'?t even (?:feel|notice|see)|never (?:complain|notice)s?|(?:totally|"
    r"perfectly|absolutely|completely) fine)\b"
)


def waved_away(call: Call, finding: Finding, keep_reframe: bool = False) -> bool:
    """candor 1.12.0 (``reassure``) and challenge 1.12.0 (``waved-away``): the finding waves
    a worry or a cost away (``_WAVED_AWAY``): reassurance, neither candor nor a dispute of
    the buyer's view. ``keep_reframe`` (challenge): not when the finding names what the
    problem really is ("signal isn't an issue, the hand-off is") or corrects the buyer
    ("… , not X"): that waves one cause away to name another, a reframe."""
    quote = _clean(_finding_quote(call, finding))
    if not _WAVED_AWAY.search(quote):
        return False
    return not (keep_reframe and (_REAL_CAUSE.search(quote) or _has("correction", quote)))


# the cause named instead of the one waved away ("the real problem is …", "…, the hand-off is")
_REAL_CAUSE = re.compile(
    r"\b(?:real|actual|bigger|main) (?:problem|issue|gap|cause|risk|bottleneck)\b|"
    r"\b(?:problem|issue) is\b|\bthe [\w-]+ (?:is|are)\W*$"
)


# candor 1.12.0 (``agenda``): the call's plan promising a frank verdict later ("and at the end
# we'll tell you straight whether it's worth a second look") is an agenda, not candor yet
_AGENDA_PROMISE = re.compile(
    r"\b(?:we|i|we'll|i'll)(?:'ll| will| can)? (?:all )?(?:tell you|say|let you know|be "
    r"honest about|be straight about) (?:honestly |straight |frankly )?(?:whether|if)\b"
)


def agenda_promise(call: Call, finding: Finding) -> bool:
    """candor 1.12.0 (``agenda``): the finding promises a frank verdict later in the call
    (``_AGENDA_PROMISE``)."""
    return bool(_AGENDA_PROMISE.search(_clean(_finding_quote(call, finding))))


# candor 1.13.0 (``announced``): an announcement of candor ("better you hear it from me",
# "let me be straight on one point", "here's something you should know") quotes what it
# announces; when the sentence it points at says nothing against the sale, or the finding is
# the announcement alone, the candid content is one of the next sentences of the turn
_ANNOUNCE_SEARCH = 3  # sentences after the announcement read for its content
_ANNOUNCE_MAX_WORDS = 16  # words: an announcement alone is short


def _has_content(sentence: str) -> bool:
    """``sentence`` says something candid on its own: a negative, a limit, a candor form, a
    number, or a word against the sale."""
    return bool(
        _has("negative", sentence)
        or _candor_rule(sentence) is not None
        or _NUMBER.search(sentence)
        or marks_against_sale(sentence)
        or _COST_WORD.search(_clean(sentence))
    )


# a cost named or compared ("… would cost you more than the flat plan") is candid content too
_COST_WORD = re.compile(
    r"\b(?:cost|costs|costing|price|prices|priced|fee|fees|pay|paying|charge|charged|more "
    r"than|less than|expensive|cheaper|dearer)\b"
)


def _announcement_alone(sentence: str) -> bool:
    """``sentence`` only announces candor ("Right, a couple of downsides, and better you
    hear it from me."): a ``_META`` phrase, short, no money or time named."""
    clean = _clean(sentence)
    return (
        bool(_META.search(clean))
        and len(_words(clean)) <= _ANNOUNCE_MAX_WORDS
        and not names_money_or_time(clean)
    )


def _announces(sentence: str, phrase: str) -> bool:
    """``sentence`` holds the announcing ``phrase`` (every word of it) or a ``_META`` one."""
    clean = _clean(sentence)
    words = set(_words(clean))
    wanted = _words(_clean(phrase))
    return bool(_META.search(clean)) or (bool(wanted) and all(w in words for w in wanted))


def announced_content(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """candor 1.13.0 (``announced``): a transparency finding (an announcement, ``kind``
    ``transparency``, not a refusal or "honestly" said of the content) that quotes the
    announcement alone, or the announcement and a next sentence with nothing against the sale
    ("Let me flag the rollout. Our kiosks sync through the shop's Wi-Fi."), is pointed at the
    first of the next ``_ANNOUNCE_SEARCH`` sentences of the turn that says something candid
    and that no other finding holds. When there is none, the finding stays as it was."""
    by_id = {u.id: u for u in call.utterances}
    taken = _taken_spans(findings)
    result: list[Finding] = []
    for finding in findings:
        utterance = _quoted_utterance(finding, by_id)
        if (
            utterance is None
            or finding.attributes.get("kind") != "transparency"
            or finding.attributes.get("rule") not in (None, "meta")
        ):
            result.append(finding)
            continue
        start, end = _span(finding)
        spans = list(_sentences(utterance.text))
        covered = [(a, b, t) for a, b, t in spans if a < end and start < b]
        if not covered:
            result.append(finding)
            continue
        phrase = str(finding.attributes.get("phrase", ""))
        announced = [t for _, _, t in covered if not _announces(t, phrase)]
        alone = not announced and all(_announcement_alone(t) for _, _, t in covered)
        neutral = bool(announced) and not any(_has_content(t) for t in announced)
        if not (alone or neutral):
            result.append(finding)
            continue
        others = [span for span in taken.get(utterance.id, []) if span != (start, end)]
        following = [(a, b, t) for a, b, t in spans if a >= end][:_ANNOUNCE_SEARCH]
        target = next(
            (
                (a, b)
                for a, b, t in following
                if _has_content(t)
                and not is_question(t)
                and not _WAVED_AWAY.search(_clean(t))
                and not any(s < b and a < e for s, e in others)
            ),
            None,
        )
        if target is None:
            result.append(finding)
            continue
        result.append(replace(finding, evidence=(Evidence.of(utterance, *target),)))
    return result


# challenge 1.13 (``conceded``, shipped off): a challenge finding that disputes nothing ("We
# hear that from a lot of growers.", a concession "a spreadsheet would get you through the
# audit") before a sentence that does is the lead-in; the dispute is the sentence after it
_DISPUTE = re.compile(
    r"\b(?:not|no|never|but|however|though|although|actually|really|instead|rather|only|"
    r"wrong|doubt|disagree|push (?:back|on)|argue|challenge|question (?:that|this|it))\b|n'?t\b"
)
_DISPUTE_MIN_WORDS = 5  # words: the dispute after a lead-in is a sentence of its own


def conceded_lead_in(call: Call, findings: Sequence[Finding]) -> list[Finding]:
    """challenge 1.13 (``conceded``, shipped off): a finding (one quote) none of whose
    words dispute anything (``_DISPUTE``) is pointed at the next sentence of its turn when
    that one does: right after it, no question, five words or more, held by no other
    finding."""
    by_id = {u.id: u for u in call.utterances}
    taken = _taken_spans(findings)
    result: list[Finding] = []
    for finding in findings:
        utterance = _quoted_utterance(finding, by_id)
        if utterance is None:
            result.append(finding)
            continue
        start, end = _span(finding)
        text = utterance.text
        if _DISPUTE.search(_clean(text[start:end])):
            result.append(finding)
            continue
        following = next(((a, b, t) for a, b, t in _sentences(text) if a >= end), None)
        others = [span for span in taken.get(utterance.id, []) if span != (start, end)]
        if following is not None:
            a, b, sentence = following
            if (
                not text[end:a].strip()
                and not is_question(sentence)
                and len(_words(sentence)) >= _DISPUTE_MIN_WORDS
                and _DISPUTE.search(_clean(sentence))
                and not any(s < b and a < e for s, e in others)
            ):
                finding = replace(finding, evidence=(Evidence.of(utterance, a, b),))
        result.append(finding)
    return result


# candor 1.13 (``burden-effort``, shipped off): work left on the buyer's side is candid
# when it says what it costs them (have to, still, someone, a negation or limit); "so
# you'd glance at it and file it", "you'll see your own trend" describe the product at work
_EFFORT = re.compile(
    r"\b(?:ha(?:ve|s|d) to|need to|needs|needed|still|someone|somebody|rather than|"
    r"yourselves|yourself|on you|on your side|plan (?:it|for|around))\b"
)


def effortless_burden(call: Call, finding: Finding) -> bool:
    """candor 1.13 (``burden-effort``, shipped off): a finding of the ``burden`` form that
    names no effort (``_EFFORT``), says nothing against the sale (``marks_against_sale``)
    and (1.20.0) carries no candour announcement (``_META``: "…, I'd rather you hear it
    now")."""
    if finding.attributes.get("rule") != "burden":
        return False
    quote = _clean(_finding_quote(call, finding))
    return not (_EFFORT.search(quote) or marks_against_sale(quote) or _META.search(quote))


# candor 1.20.0 (``burden-plan``): work on the buyer's side said as the next step of a plan,
# the rep's own action or a request to send something ("I'll set the call up with your
# team", "you'll email me the two addresses", "what would help is your planner pulling …"),
# is organising the sale, not a limit, when it names no effort either
_PLAN = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|we'?ll|we will|let'?s|i want to|i'?d like to|"
    r"what would help|(?:email|send|forward|bring|give|tell|show) (?:me|us)\b)"
)


def planned_burden(call: Call, finding: Finding) -> bool:
    """candor 1.20.0 (``burden-plan``): a ``burden`` finding with no effort named
    (``effortless_burden``) that states a step of the plan (``_PLAN``)."""
    return effortless_burden(call, finding) and bool(
        _PLAN.search(_clean(_finding_quote(call, finding)))
    )


# candor 1.20.0 (``upsell-pitch``): recommending a bigger plan ("honestly, I'd put you on the
# premium bundle") is a pitch whatever marker it carries; recommending less stays candid
_UPSELL = re.compile(
    r"\b(?:(?:put you on|go (?:straight )?(?:for|with)|start (?:you )?(?:on|with)|recommend|"
    r"i'?d (?:take|pick|choose|get)) (?:the |our |a )?(?:\w+ ){0,3}(?:plan|bundle|tier|package|"
    r"suite|edition|licence|license|version)|(?:what|which) i'?d put you on)\b"
)
_UPSELL_KEEP = re.compile(
    r"\b(?:smaller|smallest|basic|starter|cheaper|cheapest|lite|light|lower|entry|less|"
    r"instead|rather than|plenty|enough|no need|not|no|never|only)\b|n'?t\b"
)


def upsell_pitch(call: Call, finding: Finding) -> bool:
    """candor 1.20.0 (``upsell-pitch``): the finding recommends one of our plans (``_UPSELL``)
    with nothing that makes it the smaller choice or a limit (``_UPSELL_KEEP``)."""
    quote = _clean(_finding_quote(call, finding))
    return bool(_UPSELL.search(quote)) and not _UPSELL_KEEP.search(quote)


# an extra charge named in the price the buyer asked for is a caveat ("…, and the sensors
# are extra")
_EXTRA = re.compile(r"\b(?:is|are|'s|'re|come|comes|cost|costs) (?:an )?extra\b")


def extra_charge(call: Call, finding: Finding) -> bool:
    """The finding names a charge on top of the price asked for (``price-extra``)."""
    return bool(_EXTRA.search(_clean(_finding_quote(call, finding))))


# "Honestly, partly.": the candour marker before a partial or negative answer
_HONEST_LEAD = re.compile(
    r"^(?:(?:honestly|frankly|truthfully|to be honest|in all honesty|to be fair|to be straight),? )"
)


# 1.10 (``offer``): a discount or a free extra offered ("Just so you know, it's twenty
# percent off if you sign by the fifteenth.") is a pitch; a refusal to discount is not an
# offer, and a fee named beside the offer is the caveat, so a finding with a negation, a
# limit word or a fee stays candid
_OFFER_KEEP = re.compile(
    r"\b(?:not|no|never|won'?t|can'?t|cannot|couldn'?t|wouldn'?t|isn'?t|doesn'?t|don'?t|only|"
    r"extra|on top|more|minimum|penalty|catch|fee|fees|charge|charges|cost|costs)\b|n't\b"
)


def offered(call: Call, finding: Finding) -> bool:
    """The finding offers a discount or a free extra and names no limit (``offer``)."""
    text = _clean(_finding_quote(call, finding))
    return _has("offer", text) and not _OFFER_KEEP.search(text)


# 1.10: what a sentence the candor head adds must carry: something said against the sale
_AGAINST_SALE = re.compile(
    r"\b(?:not|no|never|only|extra|on top|can'?t|cannot|won'?t|doesn'?t|don'?t|isn'?t|"
    r"aren'?t|wouldn'?t|couldn'?t|shouldn'?t|risk|limit|catch|downside|honest|honestly|"
    r"frankly|but|however|though|until|unless|yet)\b|n't\b"
)


# a speaker's own wants and means ("I don't need the firewood", "I can only afford …") are
# not the seller's candour; "I" counts with a candour marker or with the offering named as
# we / our / it
_OWN_WANTS = re.compile(r"\b(?:i|i'm|i'd|i'll|i've|me|my|mine|myself)\b")
_OFFERING = re.compile(
    r"\b(?:we|we're|we've|we'd|we'll|us|our|ours|it|it's|it'll|its|honest|honestly|frankly|"
    r"upfront|straight with you|to be fair)\b"
)


# 1.11: a negation that lifts a burden off the buyer ("you won't need to buy anything", "no
# need to", "you only have to pay for …") or a reassurance ("don't worry", "we'll look after
# you", "we can work something out") is said for the sale, whatever its "not" or "honestly"
_FOR_SALE = re.compile(
    r"\b(?:you|you'll|you will|you'd|your team)(?: \w+)? (?:not|won'?t|don'?t|do not|never|"
    r"wouldn't|only) (?:need|have|has) to\b|\bno (?:need|reason) to\b|\bdon'?t worry\b|"
    r"\bno worries\b|\b(?:look|looking) after you\b|\bsort you out\b|\btake care of (?:it|that|"
    r"you|everything)\b|\bwork (?:something|it) out\b"
)


def marks_against_sale(text: str) -> bool:
    """``text`` has a negation, a limit, a contrast or a candour marker somewhere: what
    ``against_sale`` requires at the least."""
    return bool(_AGAINST_SALE.search(_clean(text)))


def names_number(text: str) -> bool:
    """``text`` names a number (a price, a fee, a lead time in weeks). The blind calls'
    writers label a cost or a lead time said plainly as candor; the 1.12 experiment
    (``scripts/stance_rows_lobo.py``, gate ``number``) let such a sentence reach the candor
    head without a negation and lost on the read calls, so the shipped gate does not use it."""
    return bool(_NUMBER.search(text))


def against_sale(call: Call, finding: Finding, marker: bool = True) -> bool:
    """The finding's sentence has a negation, a limit, a contrast or a candour marker, and
    is not the speaker's own wants: with "I", the offering (we, our, it) or a candour
    marker must be named too; since 1.11 (``for-sale``) it lifts no burden off the buyer
    and reassures no one. ``marker=False`` drops the first condition only (a limit or a lead
    time said plainly, "Delivery is six weeks from order.", has no such word): the 1.12
    experiment's ``plain`` gate, which lost on the read calls; the shipped gate keeps it."""
    text = _clean(" ".join(e.quote for e in finding.evidence))
    if _OWN_WANTS.search(text) and not _OFFERING.search(text):
        return False
    if _FOR_SALE.search(text):
        return False
    return not marker or bool(_AGAINST_SALE.search(text))


# 1.13 experiment (``scripts/stance_rows_lobo.py``, gate ``structure``): where candor sits
# in the structure every writer shares, whatever the words. A rep sentence is a structural
# candidate when it opens the rep's answer to a buyer question about the offer (its price,
# time, scope or fit), or names a money amount or a duration; the head decides which are
# candid. Phrasing-free by design: no miss's wording is in these patterns.
_OFFER_TOPIC = re.compile(
    # price
    r"\b(?:cost|costs|price|prices|pricing|how much|ballpark|budget|quote|charge|fee|fees|pay|"
    r"set (?:us|me) back|the number|the money|the catch|downside|"
    # time and effort
    r"how long|how soon|how fast|how quick(?:ly)?|when could|when can|when would|timeline|"
    r"lead time|implementation|implement|set ?up|onboarding|roll ?out|go live|install|"
    # scope and fit
    r"what (?:don'?t|doesn'?t|can'?t|won'?t) (?:you|it)|what about|"
    r"(?:does|do|can|will|would|could|is|are) (?:it|you|your|this|that|they|the \w+) |"
    r"is there|work(?:s)? (?:with|for|without)|integrat\w*|connect\w*|support\w*|handle\w*|"
    r"cover\w*|right for|fit|worth|need (?:it|that|this))"
)
_ANSWER_SENTENCES = 3  # the opening sentences of the rep's turn that answer the question
_MONEY_OR_TIME = re.compile(
    r"(?:[$£€₹]|\b(?:dollars?|bucks|pounds?|quid|euros?|rupees?|rand|naira|grand|cents?|"
    r"pence|k)\b|\b(?:a|per|each|an) (?:month|year|seat|user|unit|head|card|site|license|"
    r"licence|location|transaction|check|order|hour|day|week)\b|\b(?:weeks?|months?|days?|"
    r"hours?|quarters?|years?)\b|\bpercent\b|%)"
)


def offer_question(previous: str) -> bool:
    """The buyer's turn ``previous`` asks the rep about the offer: its last sentence (or the
    question a sentence or two of context follows) is a question whose topic is the price,
    the time or effort, the scope or the fit."""
    if not previous.strip():
        return False
    asked = _asked_question(previous) or _last_sentence(previous)
    return is_question(asked) and bool(_OFFER_TOPIC.search(_clean(asked)))


def names_money_or_time(text: str) -> bool:
    """``text`` names a number with a money or time unit (a price, a fee per unit, a lead
    time in weeks, a rise in percent)."""
    clean = _clean(text)
    return bool(_NUMBER.search(clean)) and bool(_MONEY_OR_TIME.search(clean))


def candid_structure(sentence: str, previous: str, answer_index: int | None) -> bool:
    """A rep ``sentence`` sits where candor does in any writer's call: among the first
    ``_ANSWER_SENTENCES`` sentences of the rep's answer (``answer_index``: its place in the
    rep turn right after the buyer's ``previous``; None when the turn does not follow a
    buyer turn) to a question about the offer, or naming money or time, or saying something
    against the sale (``marks_against_sale``)."""
    if marks_against_sale(sentence) or names_money_or_time(sentence):
        return True
    return (
        answer_index is not None and answer_index < _ANSWER_SENTENCES and offer_question(previous)
    )


# 1.14: the question of a price or a time the buyer asked (the dev writer's convention)
_ASKED_PRICE_OR_TIME = re.compile(
    r"\b(?:cost|costs|price|prices|pricing|priced|how much|ballpark|budget|quote|charge|fee|"
    r"fees|what'?s it run|what does (?:it|that|this) run|how long|how soon|how fast|how "
    r"quick(?:ly)?|when could|when can|when would|timeline|lead time|go live)\b"
)


# a rise or work on the buyer's side is candor in every writer's calls, asked or not
_RISE_OR_BURDEN = re.compile(
    r"\b(?:gone up|risen|rises?|increase[sd]?|instead of|your (?:\w+ )?(?:team|people|staff|"
    r"side|end|it|developers|engineers)|on you)\b"
)


def plain_asked_answer(sentence: str, previous: str, answer_index: int | None) -> bool:
    """``sentence`` is a plain answer to the price or the time the buyer just asked for:
    among the first ``_ANSWER_SENTENCES`` of the rep's turn after the buyer's ``previous``,
    whose question asks a price or a time, it names money or time and says nothing against
    the sale (no negation, limit, contrast, candour marker, extra or caveat). The dev
    writer (the withheld calls' convention, the lead's decision of 2026-12-06) does not label
    such an answer candor; some blind writers do. Used to set those gold moments aside and
    to relabel those training rows, never by the detector."""
    if answer_index is None or answer_index >= _ANSWER_SENTENCES or not previous.strip():
        return False
    asked = _asked_question(previous) or _last_sentence(previous)
    if not is_question(asked) or not _ASKED_PRICE_OR_TIME.search(_clean(asked)):
        return False
    clean = _clean(sentence)
    return (
        names_money_or_time(sentence)
        and not marks_against_sale(sentence)
        and not _PRICE_CAVEAT.search(clean)
        and not _RISE_OR_BURDEN.search(clean)
    )


def structural_candor(call: Call, context: DetectionContext, finding: Finding) -> bool:
    """``candid_structure`` of a head-added finding, read in its call: the buyer turn right
    before the finding's utterance (when the rep's turn follows the buyer's) and the
    sentence's place in that turn."""
    if not finding.evidence:
        return False
    evidence = finding.evidence[0]
    previous, index = "", None
    last_role = None
    for utterance in call.utterances:
        if utterance.id == evidence.utterance_id:
            if last_role == "prospect":
                index = sum(
                    1 for a, _ in split_sentences(utterance.text) if a < evidence.char_start
                )
            break
        last_role = context.roles.role_of(utterance.speaker)
        if last_role == "prospect":
            previous = utterance.text
    return candid_structure(_finding_quote(call, finding), previous, index)


# -- 1.14 (challenge): the body of a leave request the rep does not wait on -------------

# "Could I push back on the kiln plan?", "Do you mind if I argue against it?", "Can I tell
# you what we found at the other dairies?", "May I be frank about this?": asked as a question,
# of the buyer's view (never "go back to", "be honest with you", "about the price").
_LEAVE = re.compile(
    r"\b(?:can|could|may|mind if|do you mind if|would you mind if|is it ok(?:ay)? if) i "
    r"(?:just |quickly |gently |briefly )?(?:"
    r"push(?: back)? (?:on|at|against) (?:that|this|it|the \w+(?: \w+)? (?:part|bit|idea|plan))|"
    r"push back|poke at|press on (?:that|this|it)|"
    r"argue (?:with|against) (?:that|this|it)|disagree|challenge (?:that|this|it|you)|"
    r"question (?:that|this|it)|"
    r"offer (?:a|an|another) (?:\w+ )?(?:view|take|angle|perspective|counterpoint) "
    r"on (?:that|this)|"
    r"tell you what (?:we|i)(?:'ve| have)? (?:\w+ )?(?:see|seen|found|learned|noticed)|"
    r"share what (?:we|i)(?:'ve| have)? (?:\w+ )?(?:see|seen|found|learned|noticed)|"
    r"be (?:honest|blunt|frank|straight|direct) about (?:that|this|it)\b)"
)
# "I'd gently push back there.", "I'd argue against the second van.": a short
# statement that announces the dispute (``leave-statement``, measured, off).
_PUSH_BACK = re.compile(
    r"\b(?:i'd|i would|let me|i'm going to|i have to|i want to|i'll) (?:gently |respectfully |"
    r"just |actually )?(?:push back|push on|argue|disagree|question (?:that|this|it))\b"
)
_PUSH_BACK_WORDS = 20  # words: the announcement is short; the reasons come after it
_LEAVE_FIRST = 2  # the request is among the turn's first sentences ("That's fair. Can I …?")
_LEAVE_BODY = 5  # statement sentences after the request read as what it asks leave for
_LEAVE_MIN_WORDS = 8  # words: a body this short is an aside, not the challenge


def leave_request(sentence: str) -> bool:
    """Whether ``sentence`` asks leave to dispute what the buyer said ("Could I push back
    on the kiln plan?"), as a question."""
    return is_question(sentence) and _LEAVE.search(_clean(sentence)) is not None


def pushes_back(sentence: str) -> bool:
    """Whether ``sentence`` is a short statement announcing a dispute ("I'd gently push
    back there."), read with ``statements`` in ``leave_bodies``: the reasons after it
    are a moment of their own, the announcement keeps its finding."""
    return (
        not is_question(sentence)
        and len(_words(sentence)) <= _PUSH_BACK_WORDS
        and _PUSH_BACK.search(_clean(sentence)) is not None
    )


def leave_bodies(
    detector: LexiconDetector,
    call: Call,
    context: DetectionContext,
    findings: Sequence[Finding],
    statements: bool = False,
    invited: Sequence[str] = (),
) -> list[Finding]:
    """1.14 (``leave-body``): a rep turn that asks leave to push back and goes straight on
    without waiting ("Do you mind if I argue against it? The dairies we …") holds the
    challenge in the statements after the request: those sentences (up to the next
    question, at most ``_LEAVE_BODY``) are one finding, which takes in any finding inside
    them. Only after a buyer turn that states something (not a question)."""
    own: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.evidence:
            own.setdefault(finding.evidence[0].utterance_id, []).append(finding)
    added: dict[str, Finding] = {}
    absorbed: set[int] = set()
    prev = ""
    for utterance in call.utterances:
        role = context.roles.role_of(utterance.speaker)
        if role == "prospect":
            prev = utterance.text
            continue
        if role != detector.role:
            continue
        sentences = list(_sentences(utterance.text))
        if utterance.id in invited:
            lead: int | None = -1  # the buyer said yes: the turn opens with the challenge
        elif not prev.strip() or is_question(_last_sentence(prev)):
            continue
        else:
            lead = next(
                (
                    i
                    for i, (_, _, s) in enumerate(sentences[:_LEAVE_FIRST])
                    if leave_request(s) or (statements and pushes_back(s))
                ),
                None,
            )
        if lead is None:
            continue
        body: list[tuple[int, int]] = []
        for a, b, sentence in sentences[lead + 1 :]:
            if is_question(sentence) or len(body) == _LEAVE_BODY:
                break
            body.append((a, b))
        if not body:
            continue
        start, end = body[0][0], body[-1][1]
        if len(_words(utterance.text[start:end])) < _LEAVE_MIN_WORDS:
            continue
        inside = [
            f
            for f in own.get(utterance.id, [])
            if len(f.evidence) == 1 and start <= _span(f)[0] < end
        ]
        end = max([end, *(min(_span(f)[1], len(utterance.text)) for f in inside)])
        absorbed.update(id(f) for f in inside)
        confidence = max(
            [detector.confidence.get("leave-body", 0.6), *(f.confidence for f in inside)]
        )
        added[utterance.id] = detector.finding(
            detector.label or "reframe",
            [Evidence.of(utterance, start, end)],
            confidence,
            kind="reframe",
            rule="leave-body",
            speaker_role=role,
        )
    if not added:
        return list(findings)
    kept = [f for f in findings if id(f) not in absorbed]
    return _in_call_order(call, [*kept, *added.values()])
