"""Leave-one-batch-out (LOBO) choice of the self_talk moment rules (issue 9, stop 38).

    python scripts/lobo_self_talk.py [--batches dev,open,...,open20] [--fresh open21]
                                     [--misses NAME] [--grid 1.7|1.8|1.8-final]
                                     [--precision-first]

The read sales calls come in batches by different writers (``lexicon_loco.READ_BATCHES``);
``--batches`` picks some (default: every read batch but ``open21``, the fresh check of
stop 42). A grid of settings (``SETTINGS``, simplest first: the 1.6 behaviour, then each
1.7 rule alone, then together; then ``long_split`` settings, measured and off as shipped) is
scored on every call; for each held-out batch the setting
with the best pooled F1 on the other batches is chosen (an earlier setting wins a tie) and
the held batch is scored with it. Prints each setting's tp/fp/fn per batch and pooled, and
the LOBO choice. ``--grid`` picks the settings: "1.7" (stop 38's grid), "1.8" (stop 42's:
the answer tie and five candidate phrases, ``_MEASURED``, kept out of the lexicon file),
"1.8-final" (1.7, the answer tie, the v1.8 candidate); ``--precision-first`` lets a fold
choose only settings that keep the first setting's pooled precision on its other batches.
``--fresh NAME`` scores the 1.6 behaviour, the shipped one and the v1.8 candidate on that read
batch (aggregates only); ``--misses NAME`` prints that setting's misses and false moments
(read calls only). Roles are the gold reps.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from callcoach.detectors._patterns import Lexicon, compile_phrases
from callcoach.detectors.self_talk import SelfTalkDetector
from callcoach.eval.lexicon_loco import (
    DESIGN_BATCHES,
    READ_BATCHES,
    PreparedCall,
    _raw_lexicon,
    prepare_read_calls,
)
from callcoach.eval.moments import LabelScore, score_label
from callcoach.eval.salescalls import predicted_moments

LABEL = "self_talk"
_NEW_VETOES = ("not-recommendation", "not-plan", "not-transition")

# The 1.7 forms: a customer story told as "we had a client in …" and a customer count told
# as "over N … using it" / "we're in N hundred …" (phrases of the ``customers`` category).
_STORY = ("we (had|have|did|worked with) (a|one) ",)
_COUNT = (
    "(over|more than|nearly|almost|about|like) [\\w,-]+ ",
    "(we're|we are|now we are) (now )?in ",
)
_RESULT = ("(their|her|his) ", "(cut|reduced|halved|slashed|doubled|tripled) (their|her|his)")
_NEW_FORMS = _STORY + _COUNT + _RESULT

# name -> (params, lexicon categories or phrases (by their start) left out)
SETTINGS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "1.6": ({"intro_carry": False}, _NEW_VETOES + _NEW_FORMS),
    "carry": ({"intro_carry": True}, _NEW_VETOES + _NEW_FORMS),
    "recommend veto": ({"intro_carry": False}, ("not-plan", "not-transition", *_NEW_FORMS)),
    "plan veto": ({"intro_carry": False}, ("not-recommendation", "not-transition", *_NEW_FORMS)),
    "transition veto": ({"intro_carry": False}, ("not-recommendation", "not-plan", *_NEW_FORMS)),
    "3 vetoes": ({"intro_carry": False}, _NEW_FORMS),
    "carry + recommend veto": ({"intro_carry": True}, ("not-plan", "not-transition", *_NEW_FORMS)),
    "carry + recommend + transition": ({"intro_carry": True}, ("not-plan", *_NEW_FORMS)),
    "carry + 3 vetoes": ({"intro_carry": True}, _NEW_FORMS),
    "carry + 3 vetoes + story": ({"intro_carry": True}, _COUNT + _RESULT),
    "carry + 3 vetoes + count": ({"intro_carry": True}, _STORY + _RESULT),
    "carry + 3 vetoes + story + count": ({"intro_carry": True}, _RESULT),
    "1.7 (carry, 3 vetoes, story, count, result)": ({"intro_carry": True}, ()),
    "1.7 + split>=40": ({"intro_carry": True, "long_split": 40}, ()),
    "1.7 + split>=30": ({"intro_carry": True, "long_split": 30}, ()),
    "1.7 + split>=60": ({"intro_carry": True, "long_split": 60}, ()),
    "1.7 + split>=60 piece>=15": (
        {"intro_carry": True, "long_split": 60, "long_split_piece": 15},
        (),
    ),
    "1.7 + split>=60 piece>=25": (
        {"intro_carry": True, "long_split": 60, "long_split_piece": 25},
        (),
    ),
    "1.7 + split>=40 piece>=20": (
        {"intro_carry": True, "long_split": 40, "long_split_piece": 20},
        (),
    ),
}
SHIPPED = "1.7 (carry, 3 vetoes, story, count, result)"

# The v1.8 candidates (stop 42), named before scoring from the design writers' misses: the
# prospect told they are "in good company / hands"; "we've had / we have … using it";
# the British "favourite feature"; a "there's the / a … module / app / dashboard …" item of
# a feature list; and a shorter merge limit (back-to-back claims of one turn kept apart).
# Second round (after the first grid): only a list, "there's …, there's …" in one sentence.
_GOOD = ("(you're|you are|you'll be",)
_USING = ("(we've had|we have had",)
_FAVOURITE = ("(our |my |the )?favourite",)
_THERES = ("there's (also )?",)
_LIST = ("there's ([",)
_V18 = _GOOD + _USING + _FAVOURITE + _THERES + _LIST
SETTINGS = {
    name: ({**params, "answer_tie": 0}, (*left, *_V18)) for name, (params, left) in SETTINGS.items()
}
_ON = {"intro_carry": True, "answer_tie": 0}  # 1.7 as shipped


def _with(*forms: tuple[str, ...]) -> tuple[str, ...]:
    """The v1.8 candidate phrases left out when only ``forms`` are taken."""
    taken = {p for form in forms for p in form}
    return tuple(p for p in _V18 if p not in taken)


SETTINGS_18: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "1.7": (_ON, _V18),
    "+ good company": (_ON, _with(_GOOD)),
    "+ using it": (_ON, _with(_USING)),
    "+ favourite": (_ON, _with(_FAVOURITE)),
    "+ there's": (_ON, _with(_THERES)),
    "+ merge<10": ({**_ON, "merge_max_words": 10}, _V18),
    "+ merge<8": ({**_ON, "merge_max_words": 8}, _V18),
    "+ good, using, favourite": (_ON, _with(_GOOD, _USING, _FAVOURITE)),
    "+ 4 forms": (_ON, _with(_GOOD, _USING, _FAVOURITE, _THERES)),
    "+ 4 forms + merge<10": (
        {**_ON, "merge_max_words": 10},
        _with(_GOOD, _USING, _FAVOURITE, _THERES),
    ),
    # second round
    "+ answer tie 1 first": ({**_ON, "answer_tie": 1}, _V18),
    "+ answer tie 2 first": ({**_ON, "answer_tie": 2}, _V18),
    "+ answer tie 1 turn": ({**_ON, "answer_tie": 1, "answer_scope": "turn"}, _V18),
    "+ answer tie 2 turn": ({**_ON, "answer_tie": 2, "answer_scope": "turn"}, _V18),
    "+ answer tie 1 first + good, favourite, list": (
        {**_ON, "answer_tie": 1},
        _with(_GOOD, _FAVOURITE, _LIST),
    ),
    "+ answer tie 1 first + good, using, favourite, list": (
        {**_ON, "answer_tie": 1},
        _with(_GOOD, _USING, _FAVOURITE, _LIST),
    ),
    "+ answer tie 1 first + 4 forms": (
        {**_ON, "answer_tie": 1},
        _with(_GOOD, _USING, _FAVOURITE, _THERES),
    ),
    "+ there's list": (_ON, _with(_LIST)),
    "+ favourite, list": (_ON, _with(_FAVOURITE, _LIST)),
    "+ good, favourite, list": (_ON, _with(_GOOD, _FAVOURITE, _LIST)),
}
SETTINGS.update(SETTINGS_18)
CANDIDATE_18 = "+ answer tie 1 first + good, using, favourite, list"
GRIDS = {
    "1.7": [n for n in SETTINGS if n not in SETTINGS_18],
    "1.8": list(SETTINGS_18),
    # the v1.8 candidate (measured, off) against 1.7 and the answer tie alone
    "1.8-final": ["1.7", "+ answer tie 1 first", CANDIDATE_18],
}


# The v1.8 candidate phrases, measured and not shipped (not in the lexicon file): the
# prospect told they are in good company; users told without a count; the British
# "favourite"; a single "there's the … module" item; a "there's …, there's …" list.
_MEASURED = {
    "customers": [
        "(you're|you are|you'll be|you'd be|you will be) in (very |really )?good (company|hands)",
        "(we've had|we have had|we've got|we have got|we have) ([\\w,-]+ ){1,4}(using|running on)"
        " (it|us|this|the app|the platform)",
    ],
    "features": [
        "(our |my |the )?favourite (features?|part|piece|thing|module)",
        "there's (also )?(the|a|an|our) (\\w+ ){0,3}(module|app|dashboard|portal|button|function"
        "|feature|tracker|reports?|mode|scanning|integration|check-in|assistant|calendar|planner"
        "|map|view|engine)",
        "there's ([\\w-]+('s)? ){1,14}(and )?there's",
    ],
}


def _lexicon(left_out: Sequence[str]) -> Lexicon:
    raw = {k: [*v, *_MEASURED.get(k, [])] for k, v in _raw_lexicon("self_talk").items()}
    return compile_phrases(
        "self_talk-lobo",
        {
            k: [p for p in v if not any(p.startswith(o) for o in left_out)]
            for k, v in raw.items()
            if k not in left_out
        },
    )


def score(c: PreparedCall, setting: str) -> LabelScore:
    params, left_out = SETTINGS[setting]
    lexicon = _lexicon(left_out)

    class Narrowed(SelfTalkDetector):
        def phrases(self) -> Lexicon:
            return lexicon

    found = Narrowed(**params)._moments(c.call, c.roles)
    pred = predicted_moments({LABEL: found}, c.roles, c.alignment, [LABEL])
    return score_label(LABEL, c.gold.moments, pred)


def _fmt(s: LabelScore) -> str:
    return f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.3f} ({s.tp}/{s.fp}/{s.fn})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batches", default=",".join(DESIGN_BATCHES))
    ap.add_argument("--fresh", default="")
    ap.add_argument("--misses", default="")
    ap.add_argument("--grid", default="1.8", choices=sorted(GRIDS))
    ap.add_argument(
        "--precision-first",
        action="store_true",
        help="choose only settings that keep the first setting's pooled precision",
    )
    args = ap.parse_args()
    if args.fresh:
        fresh = prepare_read_calls(READ_BATCHES[args.fresh])
        for name in ("1.6", SHIPPED, CANDIDATE_18):
            total = LabelScore.total(LABEL, [score(c, name) for c in fresh])
            print(f"{args.fresh} {name}: {_fmt(total)}")
        return
    batches = args.batches.split(",")
    calls = {b: prepare_read_calls(READ_BATCHES[b]) for b in batches}
    grid = GRIDS[args.grid]
    table = {
        name: {b: LabelScore.total(LABEL, [score(c, name) for c in cs]) for b, cs in calls.items()}
        for name in grid
    }
    for name, by_batch in table.items():
        pooled = LabelScore.total(LABEL, list(by_batch.values()))
        cells = " ".join(f"{b}:{s.tp}/{s.fp}/{s.fn}" for b, s in by_batch.items())
        print(f"{name:32s} {_fmt(pooled)}  {cells}")
    held = []
    for b in batches:
        others = [o for o in batches if o != b]
        base = LabelScore.total(LABEL, [table[grid[0]][o] for o in others]).precision
        # precision first (stop 42): a setting that lowers the first setting's pooled
        # precision on the other batches is not chosen
        allowed = [
            n
            for n in grid
            if not args.precision_first
            or LabelScore.total(LABEL, [table[n][o] for o in others]).precision >= base
        ]
        best = max(
            allowed,
            key=lambda n: (
                round(LabelScore.total(LABEL, [table[n][o] for o in others]).f1, 9),
                -grid.index(n),
            ),
        )
        held.append(table[best][b])
        print(f"held {b}: {best}")
    print(f"LOBO {_fmt(LabelScore.total(LABEL, held))}")
    if args.misses:
        for cs in calls.values():
            for c in cs:
                s = score(c, args.misses)
                for m in s.misses:
                    print("FN", c.gold.id, m.turn, m.quote[:200])
                for a in s.false_alarms:
                    quote = a.source.evidence[0].quote if a.source is not None else a.quote
                    print("FP", c.gold.id, a.turn, quote[:200])


if __name__ == "__main__":
    main()
